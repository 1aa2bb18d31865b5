package plan

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

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

func bodyChange(id, old, next string) Change {
	return Change{Kind: KindIssue, Action: Update, ID: id, Number: new(1), Title: id, Fields: []Field{{"body", old, next}}}
}

// TestBodyDiffShowsTheRegionSafely: the region is text people write on
// GitHub, so neither a terminal escape nor a run of backticks in it may
// change how the rest of the plan reads.
func TestBodyDiffShowsTheRegionSafely(t *testing.T) {
	old := "intro\r\n    ```````\nkeep \x1b[2Jme\nbidi \u202eevil\n\x9b2J"
	p := Plan{Repository: "o/r", Changes: []Change{bodyChange("A", old, "intro\n    ```````\nkeep \x1b[2Jme\nbidi \u202eevil\n\x9b2J\nadded\n\n")}}
	var text, md bytes.Buffer
	if err := p.Text(&text, Style{Color: true}); err != nil {
		t.Fatal(err)
	}
	if err := p.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"      body: managed part changes (+2 -1 lines)\n",
		"        \x1b[36m@@ -1,5 +1,6 @@\x1b[0m\n",
		"        \x1b[31m-intro␍\x1b[0m\n        \x1b[32m+intro\x1b[0m\n",
		"             ```````\n         keep ␛[2Jme\n         bidi <U+202E>evil\n         \ufffd2J\n",
		"        \x1b[32m+added\x1b[0m\n\n", // the new content's trailing newlines are not written
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	if strings.Contains(text.String(), "\x1b[2J") || !utf8.ValidString(text.String()) || strings.Contains(md.String(), "\x1b") || strings.Contains(md.String(), "\u202e") {
		t.Errorf("raw control characters pass through:\n%q\n%q", text.String(), md.String())
	}
	fence := "````````"
	if !strings.Contains(md.String(), "\n"+fence+"diff\n@@ -1,5 +1,6 @@\n-intro␍\n+intro\n     ```````\n") || !strings.Contains(md.String(), "+added\n"+fence+"\n\n</details>\n") {
		t.Errorf("markdown diff:\n%s", md.String())
	}
	if !strings.Contains(md.String(), "<details><summary>body of issue A #1 (+2 -1 lines)</summary>\n\n") {
		t.Errorf("markdown summary:\n%s", md.String())
	}
}

func TestBodyDiffIsBounded(t *testing.T) {
	var old, new strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&old, "line %d\n", i)
		fmt.Fprintf(&new, "line %d\n", i*3)
	}
	var cs []Change
	for i := range 60 {
		cs = append(cs, bodyChange(fmt.Sprint("P", i), strings.TrimSuffix(old.String(), "\n"), new.String()))
	}
	p := Plan{Repository: "o/r", Changes: cs}
	var text, md bytes.Buffer
	if err := p.Text(&text, Style{}); err != nil {
		t.Fatal(err)
	}
	if err := p.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(text.String(), "\n"); n > 60*(diffMaxLines+3)+10 {
		t.Errorf("text has %d lines", n)
	}
	if n := strings.Count(text.String(), "more lines added and"); n != 60 || !strings.Contains(text.String(), "\n        ... 3333 more lines added and 3201 removed (the diff is cut at 200 lines)\n") {
		t.Errorf("text lacks the cut line:\n%s", text.String()[:strings.Index(text.String(), "issue P1")])
	}
	if md.Len() > mdDiffBudget+20000 {
		t.Errorf("markdown is %d bytes", md.Len())
	}
	if !strings.Contains(md.String(), "more body diffs are left out to keep this short: `ghsync plan` shows them all._\n\n</details>\n") {
		t.Errorf("markdown does not say what it left out:\n%s", md.String()[md.Len()-2000:])
	}
}
