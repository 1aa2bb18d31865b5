package plan

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// The sub-issue changes of a plan (#16): only what ghsync recorded is ever
// moved or removed, GitHub's 100 sub-issues are respected, and people's
// parents stay.
func TestTrackerSubIssues(t *testing.T) {
	c := &catalog.Catalog{Version: 1, Blockers: []catalog.Blocker{
		{ID: "A", Title: "a", Priority: "P0", Category: "x"},
		{ID: "B", Title: "b", Priority: "P0", Category: "x"},
		{ID: "C", Title: "c", Priority: "P0", Category: "y"},
		{ID: "D", Title: "d", Priority: "P0", Category: "y"},
	}}
	d := desired.Build(c)
	blocker := func(n int, id string, parent int) observed.Issue {
		return observed.Issue{Number: n, ID: int64(1000 + n), Title: id + ": x", State: observed.Open, Parent: parent,
			Body: marker.Wrap(marker.BlockerKey(id), "old")}
	}
	tracker := func(n int, id string, subs int, rec ...string) observed.Issue {
		return observed.Issue{Number: n, ID: int64(1000 + n), Title: "Tracker: " + id, State: observed.Open, SubIssues: subs,
			Body: marker.Wrap(marker.TrackerKey(id), marker.WithSubIssues("old", rec))}
	}
	// A is ghsync's under x; B is free; C was put under x by a person
	// (not recorded), D is ghsync's under x but its category is y now.
	state := func(xSubs int) observed.State {
		return observed.State{Issues: []observed.Issue{
			blocker(1, "A", 10), blocker(2, "B", 0), blocker(3, "C", 10), blocker(4, "D", 10),
			tracker(10, "x", xSubs, "A", "D"), tracker(11, "y", 0),
		}}
	}
	subs := func(p Plan) []string {
		var out []string
		for _, ch := range p.Changes {
			if ch.Kind == KindSubIssue {
				s := string(ch.Action) + " " + ch.ID + " " + ch.SubIssue.Blocker
				if ch.SubIssue.ReplaceParent {
					s += " moved"
				}
				out = append(out, s)
			}
		}
		return out
	}
	p := Diff(d, state(3), Options{})
	if got := strings.Join(subs(p), "; "); got != "create x B; create y D moved" {
		t.Errorf("sub-issue changes: %s", got)
	}
	if !strings.Contains(strings.Join(p.Notes, "\n"), "C (#3) is a sub-issue of #10, which ghsync did not make its parent") {
		t.Errorf("no note about C under a parent a person chose: %q", p.Notes)
	}
	for _, ch := range p.Changes {
		if ch.Kind == KindTracker && ch.ID == "x" && (ch.Issue.Body == nil || !strings.Contains(*ch.Issue.Body, "<!-- ghsync:sub-issues=A,B -->")) {
			t.Errorf("tracker x's record is not A,B: %+v", ch.Issue.Body)
		}
	}

	// x is full: B waits, D still moves out (making room only after).
	p = Diff(d, state(100), Options{})
	if got := strings.Join(subs(p), "; "); got != "create y D moved" {
		t.Errorf("a full tracker: %s", got)
	}
	if !strings.Contains(strings.Join(p.Notes, "\n"), "B (#2) is not put under its tracker x") {
		t.Errorf("no note about the full tracker: %q", p.Notes)
	}

	// trackers: none: ghsync's A and D are taken off x, C (a person's)
	// stays, and both trackers close as not planned, not counting against
	// the guard.
	c.Trackers = catalog.TrackersNone
	p = Diff(desired.Build(c), state(3), Options{})
	if got := strings.Join(subs(p), "; "); got != "delete x A; delete x D" {
		t.Errorf("trackers: none: %s", got)
	}
	closes := 0
	for _, ch := range p.Changes {
		if ch.Kind == KindTracker && ch.Action == Close && ch.Issue.StateReason == observed.NotPlanned && ch.NotDestructive && ch.Comment != "" {
			closes++
		}
	}
	if closes != 2 || p.Destructive() != 0 {
		t.Errorf("%d tracker closes, %d destructive; want 2 and 0", closes, p.Destructive())
	}
	var text strings.Builder
	if err := p.Text(&text, Style{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "- tracker x #10 \"Tracker: x\" close") || !strings.Contains(text.String(), "      - sub-issue A #1\n") {
		t.Errorf("text plan:\n%s", text.String())
	}

	// A person made tracker y a sub-issue of D: D is not attached (GitHub
	// refuses the cycle), plan says why, and x lets go of it.
	c.Trackers = ""
	st := state(3)
	st.Issues[5].Parent = 4
	p = Diff(desired.Build(c), st, Options{})
	if got := strings.Join(subs(p), "; "); got != "delete x D; create x B" || !strings.Contains(strings.Join(p.Notes, "\n"), "D (#4) is not put under its tracker y (#11): the tracker is a sub-issue of it") {
		t.Errorf("a cycle: %s\n%q", got, p.Notes)
	}
}

// A blocker whose new tracker is full stays recorded by its old tracker
// while it is still under it, so a later plan moves it once there is room,
// instead of taking the old tracker for a parent a person chose (#16, D1).
// The old tracker's record shrinks only in a change that comes after the
// sub-issue change taking the blocker off, and names it (After), so apply
// can leave the record alone when that change fails.
func TestTrackerKeepsABlockerItCouldNotMove(t *testing.T) {
	c := &catalog.Catalog{Version: 1, Blockers: []catalog.Blocker{
		{ID: "A", Title: "a", Priority: "P0", Category: "x"},
		{ID: "D", Title: "d", Priority: "P0", Category: "y"},
	}}
	d := desired.Build(c)
	state := func(ySubs int) observed.State {
		return observed.State{Issues: []observed.Issue{
			{Number: 1, ID: 1001, Title: "A: x", State: observed.Open, Parent: 10, Body: marker.Wrap(marker.BlockerKey("A"), "old")},
			{Number: 4, ID: 1004, Title: "D: x", State: observed.Open, Parent: 10, Body: marker.Wrap(marker.BlockerKey("D"), "old")},
			{Number: 10, ID: 1010, Title: "Tracker: x", State: observed.Open, SubIssues: 2,
				Body: marker.Wrap(marker.TrackerKey("x"), marker.WithSubIssues("old", []string{"A", "D"}))},
			{Number: 11, ID: 1011, Title: "Tracker: y", State: observed.Open, SubIssues: ySubs,
				Body: marker.Wrap(marker.TrackerKey("y"), marker.WithSubIssues("old", nil))},
		}}
	}
	record := func(p Plan, id string) (string, int) {
		for i, ch := range p.Changes {
			if ch.Kind == KindTracker && ch.ID == id && ch.Issue.Body != nil {
				_, rest, _ := strings.Cut(*ch.Issue.Body, "<!-- ghsync:sub-issues=")
				rec, _, _ := strings.Cut(rest, " -->")
				return rec, i
			}
		}
		return "(unchanged)", -1
	}
	moves := func(p Plan) (int, bool) {
		for i, ch := range p.Changes {
			if ch.Kind == KindSubIssue && ch.ID == "y" && ch.SubIssue.Blocker == "D" && ch.SubIssue.ReplaceParent {
				return i, true
			}
		}
		return -1, false
	}

	// y is full: D is not moved, and x keeps it in its record.
	p1 := Diff(d, state(100), Options{})
	if _, ok := moves(p1); ok {
		t.Fatalf("D is moved to a full tracker")
	}
	if rec, _ := record(p1, "x"); rec != "A,D" && rec != "(unchanged)" {
		t.Errorf("x's record is %q while D is still under x, want A,D", rec)
	}
	notes := strings.Join(p1.Notes, "\n")
	if strings.Contains(notes, "did not make its parent") || !strings.Contains(notes, "D (#4) is not put under its tracker y") {
		t.Errorf("notes for D under x with y full: %q", p1.Notes)
	}

	// y has room: D moves, and x's record drops it only after the move,
	// in a change that says it waits for it.
	p2 := Diff(d, state(3), Options{})
	mv, ok := moves(p2)
	if !ok {
		t.Fatalf("D is not moved once y has room: %+v", p2.Changes)
	}
	rec, at := record(p2, "x")
	if rec != "A" || at < mv || !slices.Contains(p2.Changes[at].After, "D") {
		t.Errorf("x's record %q at change %d (after %v), the move at %d: want A, after the move, waiting for D", rec, at, p2.Changes[max(at, 0)].After, mv)
	}
}

// Above a tracker, plan walks the parents (of the list, and those
// observed.State.Parents read): a blocker the tracker is nested under is
// not attached (GitHub refuses the cycle), nor one that would nest past
// GitHub's 8 levels (#16, D2).
func TestTrackerNesting(t *testing.T) {
	d := desired.Build(&catalog.Catalog{Version: 1, Blockers: []catalog.Blocker{{ID: "D", Title: "d", Priority: "P0", Category: "y"}}})
	state := func(parents map[int]int) observed.State {
		return observed.State{Parents: parents, Issues: []observed.Issue{
			{Number: 4, ID: 1004, Title: "D: x", State: observed.Open, SubIssues: 1, Body: marker.Wrap(marker.BlockerKey("D"), "old")},
			{Number: 11, ID: 1011, Title: "Tracker: y", State: observed.Open, Parent: 20, Body: marker.Wrap(marker.TrackerKey("y"), marker.WithSubIssues("old", nil))},
		}}
	}
	attached := func(p Plan) bool {
		for _, ch := range p.Changes {
			if ch.Kind == KindSubIssue && ch.SubIssue.Blocker == "D" {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		what    string
		parents map[int]int
		note    string
	}{
		{"under a person's epic", map[int]int{20: 0}, ""},
		{"under D through two epics", map[int]int{20: 21, 21: 4}, "D (#4) is not put under its tracker y (#11): the tracker is nested under it (through #20, #21), and GitHub refuses a cycle"},
		// y at level 7: D (level 8) fits.
		{"seven levels", map[int]int{20: 21, 21: 22, 22: 23, 23: 24, 24: 25}, ""},
		// y at level 8: D would be at 9.
		{"eight levels", map[int]int{20: 21, 21: 22, 22: 23, 23: 24, 24: 25, 25: 26}, "D (#4) is not put under its tracker y (#11): that would nest sub-issues 9 levels deep, and GitHub allows 8"},
	} {
		p := Diff(d, state(tc.parents), Options{})
		notes := strings.Join(p.Notes, "\n")
		if attached(p) != (tc.note == "") || tc.note != "" && !strings.Contains(notes, tc.note) {
			t.Errorf("%s: attached %v, notes %q", tc.what, attached(p), p.Notes)
		}
	}
}

// A new tracker shows the sub-issues it gets: GitHub's 100 at most, the
// rest left out with a note.
func TestNewTrackerShowsTheSubIssuesAttached(t *testing.T) {
	c := &catalog.Catalog{Version: 1}
	for i := range catalog.MaxSubIssues + 1 {
		c.Blockers = append(c.Blockers, catalog.Blocker{ID: fmt.Sprintf("B-%03d", i), Title: "b", Priority: "P0", Category: "x"})
	}
	p := Diff(desired.Build(c), observed.State{}, Options{})
	for _, ch := range p.Changes {
		if ch.Kind != KindTracker || ch.Action != Create {
			continue
		}
		for _, f := range ch.Fields {
			if f.Name == "sub-issues" && f.New != fmt.Sprint(catalog.MaxSubIssues) {
				t.Errorf("the new tracker shows %s sub-issues, want the %d it gets", f.New, catalog.MaxSubIssues)
			}
		}
		return
	}
	t.Fatal("no tracker is created")
}
