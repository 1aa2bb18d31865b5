package plan

import (
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// A saved plan's sub-issue changes run only where the plan saw the
// blocker: an attach finds it under the tracker it moves from (or under
// none), a removal under its tracker (#16, D3).
func TestRefreshSubIssues(t *testing.T) {
	sub := func(a Action, tracker int, from *int) Change {
		return Change{Kind: KindSubIssue, Action: a, ID: "x", Number: new(tracker),
			SubIssue: &SubIssueSpec{Blocker: "D", Number: new(4), IssueID: 1004, ReplaceParent: from != nil, From: from}}
	}
	for _, tc := range []struct {
		what   string
		c      Change
		parent int
		why    string
	}{
		{"attach, no parent", sub(Create, 10, nil), 0, ""},
		{"attach, a parent since", sub(Create, 10, nil), 30, "issue #4 (D) is now a sub-issue of #30 since the plan was made"},
		{"attach, attached since", sub(Create, 10, nil), 10, ""},
		{"move, still under the old tracker", sub(Create, 10, new(11)), 11, ""},
		{"move, re-parented since", sub(Create, 10, new(11)), 30, "not of the tracker #11 it was to move from"},
		{"move, parent removed since", sub(Create, 10, new(11)), 0, "now has no parent"},
		{"move, elsewhere since", sub(Create, 10, new(11)), observed.ParentElsewhere, "another repository"},
		{"removal, still under", sub(Delete, 10, nil), 10, ""},
		{"removal, re-parented since", sub(Delete, 10, nil), 30, "not of the tracker #10"},
	} {
		o := observed.State{Issues: []observed.Issue{{Number: 4, ID: 1004, Title: "D: x", State: observed.Open, Parent: tc.parent,
			Body: marker.Wrap(marker.BlockerKey("D"), "old")}}}
		p := Plan{}
		p.add(tc.c)
		fresh, skipped := p.Refresh(o)
		switch {
		case tc.why == "" && (len(skipped) != 0 || len(fresh.Changes) != 1):
			t.Errorf("%s: skipped %+v", tc.what, skipped)
		case tc.why != "" && (len(skipped) != 1 || !strings.Contains(skipped[0].Why, tc.why)):
			t.Errorf("%s: skipped %+v, want %q", tc.what, skipped, tc.why)
		}
	}
}
