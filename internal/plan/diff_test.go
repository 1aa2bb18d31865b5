package plan

import (
	"strings"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func want() desired.State {
	return desired.State{
		Labels: []desired.Label{
			{Name: "priority/P0", Color: "b60205", Description: "Critical"},
			{Name: "category/security", Color: "1d76db", Description: "Category: security"},
		},
		Milestones: []desired.Milestone{
			{ID: "M1", Title: "M1: Foundation", Description: marker.MilestoneDescription("M1", "Basic"), Due: catalog.Date{Year: 2026, Month: 2, Day: 22}},
		},
		Issues: []desired.Issue{
			{ID: "P0-001", Title: "P0-001: Cookies", Managed: "cookie text", Labels: []string{"priority/P0", "category/security"}, Milestone: "M1", State: "open"},
			{ID: "P0-002", Title: "P0-002: TLS", Managed: "tls text, after " + desired.Ref("P0-001"), Labels: []string{"priority/P0", "category/security"}, Milestone: "M1", State: "open", DependsOn: []string{"P0-001"}},
		},
	}
}

func pacific(d catalog.Date) *time.Time {
	t := time.Date(d.Year, d.Month, d.Day, 8, 0, 0, 0, time.UTC)
	return &t
}

// synced is what GitHub holds right after a clean apply of want().
func synced() observed.State {
	w := want()
	body := func(i int, refs map[string]int) string {
		m := marker.WithStatus(marker.WithBlockedBy(w.Issues[i].Managed, w.Issues[i].DependsOn), marker.StatusOpen)
		return marker.Wrap(w.Issues[i].Key(), desired.Resolve(m, func(id string) (int, bool) { n, ok := refs[id]; return n, ok }))
	}
	refs := map[string]int{"P0-001": 10, "P0-002": 11}
	return observed.State{
		Labels:     []observed.Label{{Name: "priority/P0", Color: "b60205", Description: "Critical"}, {Name: "category/security", Color: "1d76db", Description: "Category: security"}, {Name: "bug", Color: "d73a4a"}},
		Milestones: []observed.Milestone{{Number: 1, Title: "M1: Foundation", Description: w.Milestones[0].Description, State: "open", DueOn: pacific(w.Milestones[0].Due), UpdatedAt: t0}},
		Issues: []observed.Issue{
			{Number: 3, Title: "unrelated", Body: "hello", State: "open", Labels: []string{"bug"}},
			{Number: 10, Title: "P0-001: Cookies", Body: body(0, refs), State: "open", Labels: []string{"priority/P0", "category/security"}, Milestone: 1, UpdatedAt: t0},
			{Number: 11, Title: "P0-002: TLS", Body: body(1, refs), State: "open", Labels: []string{"category/security", "priority/P0"}, Milestone: 1, UpdatedAt: t0, TotalBlockedBy: 1},
		},
	}
}

func issueByNumber(o *observed.State, n int) *observed.Issue {
	for i := range o.Issues {
		if o.Issues[i].Number == n {
			return &o.Issues[i]
		}
	}
	return nil
}

// line renders a change compactly for assertions.
func line(c Change) string {
	s := string(c.Action) + " " + string(c.Kind) + " " + c.ID
	if c.Number != nil {
		s += " #" + itoa(*c.Number)
	}
	var f []string
	for _, x := range c.Fields {
		f = append(f, x.Name)
	}
	if len(f) > 0 {
		s += " [" + strings.Join(f, ",") + "]"
	}
	return s
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name    string
		desired func(*desired.State)
		github  func(*observed.State)
		want    []string
		summary Summary
	}{
		{name: "in sync", want: nil},
		{
			name:   "empty repository creates everything in order",
			github: func(o *observed.State) { *o = observed.State{} },
			want: []string{
				"create label priority/P0 [color,description]", "create label category/security [color,description]",
				"create milestone M1 [due]",
				"create issue P0-001 [labels,milestone]", "create issue P0-002 [labels,milestone]",
				// P0-002 depends on P0-001: a "blocked by" link (#16).
				"create link P0-002 [blocked by]",
			},
			summary: Summary{Create: 5, Links: 1},
		},
		{
			name:    "a link ghsync made that is gone is made again",
			github:  func(o *observed.State) { o.Issues[2].TotalBlockedBy, o.Issues[2].BlockedBy = 0, []observed.Ref{} },
			want:    []string{"create link P0-002 #11 [blocked by]"},
			summary: Summary{Links: 1},
		},
		{
			name:    "a dependency removed from the catalog removes ghsync's link",
			desired: func(d *desired.State) { d.Issues[1].DependsOn = nil },
			want:    []string{"update issue P0-002 #11 [body]", "delete link P0-002 #11 [blocked by]"},
			summary: Summary{Update: 1, Unlinks: 1},
		},
		{
			name: "a person's link is kept and not recorded",
			desired: func(d *desired.State) {
				d.Issues[1].DependsOn = nil
			},
			github: func(o *observed.State) {
				o.Issues[2].Body = strings.Replace(o.Issues[2].Body, "<!-- ghsync:blocked-by=P0-001 -->\n", "", 1)
				o.Issues[2].BlockedBy = []observed.Ref{{Number: 10}}
			},
		},
		{
			name: "a person's link the catalog asks for too is not made twice, nor recorded",
			github: func(o *observed.State) {
				o.Issues[2].Body = strings.Replace(o.Issues[2].Body, "<!-- ghsync:blocked-by=P0-001 -->\n", "", 1)
				o.Issues[2].BlockedBy = []observed.Ref{{Number: 10}}
			},
		},
		{
			name:    "label adopted ignoring case is renamed, not created",
			github:  func(o *observed.State) { o.Labels[0].Name = "PRIORITY/p0" },
			want:    []string{"update label priority/P0 [name]"},
			summary: Summary{Update: 1},
		},
		{
			name:   "label colour case is not a change",
			github: func(o *observed.State) { o.Labels[0].Color = "B60205" },
		},
		{
			name:    "person retitles issue and strips labels: restored, not duplicated",
			github:  func(o *observed.State) { is := issueByNumber(o, 10); is.Title = "cookies!!"; is.Labels = nil },
			want:    []string{"update issue P0-001 #10 [title,labels]"},
			summary: Summary{Update: 1},
		},
		{
			name: "person's own label, assignee and text outside the region are kept",
			github: func(o *observed.State) {
				is := issueByNumber(o, 10)
				is.Labels = append(is.Labels, "needs-design")
				is.Body = "my notes\n" + is.Body + "\nmore"
				is.Assignees = []string{"ana"}
			},
		},
		{
			name: "priority change swaps the managed label and keeps the person's",
			desired: func(d *desired.State) {
				d.Labels = append(d.Labels, desired.Label{Name: "priority/P1", Color: "d93f0b"})
				d.Issues[0].Labels = []string{"priority/P1", "category/security"}
			},
			github:  func(o *observed.State) { is := issueByNumber(o, 10); is.Labels = append(is.Labels, "mine") },
			want:    []string{"create label priority/P1 [color,description]", "update issue P0-001 #10 [labels]"},
			summary: Summary{Create: 1, Update: 1},
		},
		{
			name: "body edited inside the managed part is restored",
			github: func(o *observed.State) {
				is := issueByNumber(o, 10)
				is.Body = strings.Replace(is.Body, "cookie text", "hacked", 1)
			},
			want:    []string{"update issue P0-001 #10 [body]"},
			summary: Summary{Update: 1},
		},
		{
			name:    "ticked remediation step is not undone",
			desired: func(d *desired.State) { d.Issues[0].Managed = "- [ ] rotate" },
			github: func(o *observed.State) {
				is := issueByNumber(o, 10)
				is.Body = marker.Wrap(marker.BlockerKey("P0-001"), marker.WithStatus("- [x] rotate", marker.StatusOpen))
			},
		},
		{
			name:   "person closed the issue: it stays closed",
			github: func(o *observed.State) { is := issueByNumber(o, 10); is.State, is.StateReason = "closed", "completed" },
		},
		{
			name:    "catalog resolves a blocker: closed as completed",
			desired: func(d *desired.State) { d.Issues[0].State, d.Issues[0].StateReason = "closed", "completed" },
			want:    []string{"close issue P0-001 #10 [state,body]"},
			summary: Summary{Close: 1},
		},
		{
			name:    "blocker removed from the catalog: closed as not planned",
			desired: func(d *desired.State) { d.Issues = d.Issues[:1] },
			want:    []string{"close issue P0-002 #11 [state]"},
			summary: Summary{Close: 1},
		},
		{
			name: "removed blocker comes back: same issue reopened",
			github: func(o *observed.State) {
				is := issueByNumber(o, 11)
				is.State, is.StateReason = "closed", "not_planned"
				m, _ := marker.Managed(is.Body, marker.BlockerKey("P0-002"))
				is.Body = marker.Splice(is.Body, marker.BlockerKey("P0-002"), marker.WithStatus(m, marker.StatusRemoved))
			},
			want:    []string{"reopen issue P0-002 #11 [state,body]"},
			summary: Summary{Reopen: 1},
		},
		{
			name: "two open issues with one marker: the newer is closed as duplicate",
			github: func(o *observed.State) {
				dup := *issueByNumber(o, 10)
				dup.Number = 12
				o.Issues = append(o.Issues, dup)
			},
			want:    []string{"close issue P0-001 #12 [state]"},
			summary: Summary{Close: 1},
		},
		{
			name:    "milestone retitled by a person keeps its identity",
			github:  func(o *observed.State) { o.Milestones[0].Title = "Foundation (renamed)" },
			want:    []string{"update milestone M1 #1 [title]"},
			summary: Summary{Update: 1},
		},
		{
			name: "milestone without key adopted by title",
			github: func(o *observed.State) {
				o.Milestones[0].Description = "Basic"
			},
			want:    []string{"update milestone M1 #1 [description]"},
			summary: Summary{Update: 1},
		},
		{
			name:    "due date a day off is fixed",
			github:  func(o *observed.State) { o.Milestones[0].DueOn = pacific(catalog.Date{Year: 2026, Month: 2, Day: 21}) },
			want:    []string{"update milestone M1 #1 [due]"},
			summary: Summary{Update: 1},
		},
		{
			name:    "issue moved to a milestone outside the catalog is moved back",
			github:  func(o *observed.State) { issueByNumber(o, 10).Milestone = 7 },
			want:    []string{"update issue P0-001 #10 [milestone]"},
			summary: Summary{Update: 1},
		},
		{
			name: "new dependency on a blocker being created",
			desired: func(d *desired.State) {
				d.Issues = append([]desired.Issue{{ID: "P0-000", Title: "P0-000: Zero", Managed: "zero", State: "open"}}, d.Issues...)
				d.Issues[1].Managed = "cookie text " + desired.Ref("P0-000")
			},
			want:    []string{"create issue P0-000 [labels,milestone]", "update issue P0-001 #10 [body]"},
			summary: Summary{Create: 1, Update: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, o := want(), synced()
			if tt.desired != nil {
				tt.desired(&d)
			}
			if tt.github != nil {
				tt.github(&o)
			}
			p := Diff(d, o, Options{Repository: "o/r"})
			var got []string
			for _, c := range p.Changes {
				got = append(got, line(c))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if p.Summary != tt.summary {
				t.Fatalf("summary %+v, want %+v", p.Summary, tt.summary)
			}
		})
	}
}

func TestDiffKeepsTextOutsideRegion(t *testing.T) {
	o := synced()
	is := issueByNumber(&o, 10)
	is.Body = "before ✓\r\n" + strings.Replace(is.Body, "cookie text", "old", 1) + "\n\nafter"
	p := Diff(want(), o, Options{})
	if len(p.Changes) != 1 {
		t.Fatalf("changes: %v", p.Changes)
	}
	body := *p.Changes[0].Issue.Body
	if !strings.HasPrefix(body, "before ✓\r\n") || !strings.HasSuffix(body, "\n\nafter") || !strings.Contains(body, "cookie text") {
		t.Fatalf("body: %q", body)
	}
}

func TestDiffIsPure(t *testing.T) {
	o := synced()
	o.Issues[1].Title = "x"
	a := Diff(want(), o, Options{})
	b := Diff(want(), o, Options{})
	var sa, sb strings.Builder
	_ = a.JSON(&sa)
	_ = b.JSON(&sb)
	if sa.String() != sb.String() {
		t.Fatal("two diffs of the same input differ")
	}
}

func TestCreateOfResolvedBlockerIsNotDestructive(t *testing.T) {
	d := want()
	d.Issues[0].State, d.Issues[0].StateReason = "closed", "completed"
	p := Diff(d, observed.State{}, Options{})
	if p.Destructive() != 0 || p.Summary.Close != 0 {
		t.Fatalf("destructive %d, summary %+v", p.Destructive(), p.Summary)
	}
	var c *Change
	for i := range p.Changes {
		if p.Changes[i].ID == "P0-001" {
			c = &p.Changes[i]
		}
	}
	if c == nil || c.Action != Create || c.Issue.State != "closed" || c.Issue.StateReason != "completed" {
		t.Fatalf("change: %+v", c)
	}
}
