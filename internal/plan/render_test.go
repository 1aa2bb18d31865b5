package plan

import (
	"bytes"
	"testing"

	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/golden"
	"github.com/ghsync/ghsync/internal/observed"
)

// mixedPlan has one change of every kind and action.
func mixedPlan() Plan {
	d, o := want(), synced()
	d.Labels = append(d.Labels, desired.Label{Name: "priority/P1", Color: "d93f0b", Description: "High"})
	d.Issues = append(d.Issues, desired.Issue{ID: "P1-001", Title: "P1-001: Auth | SSO", Managed: "auth", Labels: []string{"priority/P1"}, Milestone: "M1", State: "open"})
	d.Issues[0].State, d.Issues[0].StateReason = "closed", "completed"
	o.Labels[1].Name = "Category/Security"
	o.Milestones[0].Title = "Foundation"
	is := issueByNumber(&o, 11)
	is.Title = "tls"
	o.Issues = append(o.Issues, observed.Issue{Number: 20, Title: "P0-009: Gone", Body: "<!-- ghsync:begin blocker=P0-009 -->\nold\n<!-- ghsync:end blocker=P0-009 -->", State: "open"})
	return Diff(d, o, Options{Repository: "o/r"})
}

func TestRenderGolden(t *testing.T) {
	p := mixedPlan()
	var text, color, md, js bytes.Buffer
	if err := p.Text(&text, Style{}); err != nil {
		t.Fatal(err)
	}
	if err := p.Text(&color, Style{Color: true}); err != nil {
		t.Fatal(err)
	}
	if err := p.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := p.JSON(&js); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/mixed.txt", text.Bytes())
	golden.Check(t, "testdata/mixed.color.txt", color.Bytes())
	golden.Check(t, "testdata/mixed.md", md.Bytes())
	golden.Check(t, "testdata/mixed.json", js.Bytes())

	var empty bytes.Buffer
	if err := Diff(want(), synced(), Options{Repository: "o/r"}).Text(&empty, Style{}); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "testdata/empty.txt", empty.Bytes())
}

func TestSavedPlanRoundTrip(t *testing.T) {
	p := mixedPlan()
	var b bytes.Buffer
	if err := p.Save(&b); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&b)
	if err != nil {
		t.Fatal(err)
	}
	var x, y bytes.Buffer
	_ = p.JSON(&x)
	_ = got.JSON(&y)
	if x.String() != y.String() {
		t.Fatalf("round trip changed the plan:\n%s\n%s", x.String(), y.String())
	}
	for _, bad := range []string{`{}`, `{"format":"other"}`, `{"format":"ghsync-plan/1","changes":[{"kind":"issue","action":"update","id":"X"}]}`, `not json`} {
		if _, err := Read(bytes.NewBufferString(bad)); err == nil {
			t.Errorf("Read(%s) accepted a bad plan", bad)
		}
	}
}

func TestRefreshKeepsNumbersOfObjectsCreatedSince(t *testing.T) {
	d := want()
	p := Diff(d, observed.State{}, Options{})
	// Between plan and apply another run created milestone M1 and P0-001's issue.
	o := synced()
	o.Issues = o.Issues[:2] // #3 unrelated and #10 P0-001
	fresh, skipped := p.Refresh(o)
	if fresh.MilestoneNumbers["M1"] != 1 || fresh.IssueNumbers["P0-001"] != 10 {
		t.Fatalf("numbers after refresh: %v %v", fresh.MilestoneNumbers, fresh.IssueNumbers)
	}
	var ids []string
	for _, s := range skipped {
		ids = append(ids, string(s.Change.Kind)+" "+s.Change.ID)
	}
	if len(ids) != 4 { // both labels, the milestone and P0-001's issue exist now
		t.Fatalf("skipped %v", ids)
	}
	for _, c := range fresh.Changes {
		if c.ID != "P0-002" {
			t.Fatalf("kept %s %s", c.Kind, c.ID)
		}
	}
}
