package reconcile

import (
	"testing"

	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/plan"
)

func TestBatchWork(t *testing.T) {
	creates := func(n int) plan.Plan {
		var p plan.Plan
		for range n {
			p.Add(plan.Change{Kind: plan.KindIssue, Action: plan.Create, ID: "X", Issue: &plan.IssueSpec{}})
		}
		return p
	}
	for _, tc := range []struct {
		name      string
		work      plan.Plan
		st        ghapi.Stats
		dashboard bool
		wantKept  int
		wantLeft  int
	}{
		{"fits", creates(70), ghapi.Stats{Reads: 3, RateRemaining: 4997}, true, 70, 0},
		{"the hourly content limit, less the dashboard's write", creates(600), ghapi.Stats{Reads: 3, RateRemaining: 4997}, true, 449, 151},
		{"the hourly content limit without a dashboard", creates(600), ghapi.Stats{Reads: 3, RateRemaining: 4997}, false, 450, 150},
		{"the rate limit: a read and a write per create", creates(600), ghapi.Stats{Reads: 3, RateRemaining: 252}, false, 101, 499},
		{"rate limit unknown", creates(600), ghapi.Stats{RateRemaining: -1}, false, 450, 150},
		{"nothing left", creates(10), ghapi.Stats{Reads: 3, RateRemaining: 20}, true, 0, 10},
	} {
		got, left := batchWork(tc.work, tc.st, tc.dashboard)
		if len(got.Changes) != tc.wantKept || left != tc.wantLeft {
			t.Errorf("%s: kept %d, left %d; want %d and %d", tc.name, len(got.Changes), left, tc.wantKept, tc.wantLeft)
		}
	}
}
