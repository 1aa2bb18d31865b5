package reliability

import (
	"strings"
	"sync"
	"testing"

	"github.com/ghsync/ghsync/internal/marker"
)

// TestConcurrentApplies runs two applies at once on the same repository
// (separate processes in all but name: separate clients, environments and
// outputs), then one more apply. Afterwards there is exactly one open issue
// per blocker and one dashboard, every copy the race made is closed as a
// duplicate with a comment, and a plan has nothing to do. It counts the
// copies the race made, which docs/reliability.md quotes.
func TestConcurrentApplies(t *testing.T) {
	rounds := 4
	if full() {
		rounds = 40
	}
	copies, worst, failedRuns := 0, 0, 0
	for round := 0; round < rounds; round++ {
		w := newWorld(t)
		var wg sync.WaitGroup
		results := make([]result, 2)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = w.run("apply", "--yes")
			}()
		}
		wg.Wait()
		// Labels and milestones the other run created first are adopted,
		// not a reason to fail.
		for _, r := range results {
			if r.code != 0 {
				failedRuns++
				t.Errorf("round %d: a concurrent apply failed: %s", round, r.err)
			}
		}
		made := 0
		for _, n := range w.snapshot().PerMarker {
			made += n - 1
		}
		copies += made
		worst = max(worst, made)

		w.mustRun("apply", "--yes")
		got := w.snapshot()
		if dups := got.duplicates(); len(dups) > 0 {
			t.Fatalf("round %d: duplicates left open after the third apply: %v", round, dups)
		}
		for k, n := range got.OpenPerMarker {
			if n != 1 && !strings.HasPrefix(k, "blocker=BLK-08") && !strings.HasPrefix(k, "blocker=BLK-09") {
				t.Fatalf("round %d: %d open issues for %s", round, n, k)
			}
		}
		for _, is := range w.fake.Issues(repo) {
			k, ok := marker.Find(is.Body)
			if !ok || is.StateReason != "duplicate" {
				continue
			}
			if c := w.fake.Comments(repo, is.Number); len(c) != 1 || !strings.Contains(c[0].Body, "duplicate of #") {
				t.Fatalf("round %d: duplicate #%d of %s has comments %+v", round, is.Number, k, c)
			}
		}
		w.converged()
	}
	t.Logf("figures: concurrent applies: %d rounds, %d copies made by the race (%.1f a round, worst %d), %d of %d runs failed",
		rounds, copies, float64(copies)/float64(rounds), worst, failedRuns, 2*rounds)
}
