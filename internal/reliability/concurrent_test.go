package reliability

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/apply"
	"github.com/ghsync/ghsync/internal/ghfake"
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
	for _, mode := range []struct {
		name  string
		args  []string
		pause time.Duration
	}{
		// The default: each create is preceded by a look at the newest
		// issues, which catches what the other run created unless both
		// look before either creates. Unpaced, the runs drift apart;
		// paced (every wait also takes real time, as GitHub's one second
		// between writes does) they run in step, the worst case.
		{"look-before-create", []string{"apply", "--yes"}, 0},
		{"look-before-create-paced", []string{"apply", "--yes"}, 200 * time.Microsecond},
		// --lock: the second run waits for the first, then plans on its
		// result.
		{"lock", []string{"apply", "--yes", "--lock", "--max-wait", "2h"}, 200 * time.Microsecond},
	} {
		t.Run(mode.name, func(t *testing.T) {
			copies, worst, leftOpen, failedRuns := 0, 0, 0, 0
			for round := 0; round < rounds; round++ {
				w := newWorld(t)
				w.pause = mode.pause
				var wg sync.WaitGroup
				results := make([]result, 2)
				for i := range results {
					wg.Add(1)
					go func() {
						defer wg.Done()
						results[i] = w.run(mode.args...)
					}()
				}
				wg.Wait()
				// Labels and milestones the other run created first are
				// adopted, not a reason to fail.
				for _, r := range results {
					if r.code != 0 {
						failedRuns++
						t.Errorf("round %d: a concurrent apply failed: %s", round, r.err)
					}
				}
				after := w.snapshot()
				for k, n := range after.PerMarker {
					copies += n - 1
					if o := after.OpenPerMarker[k]; o > 1 {
						leftOpen += o - 1
					}
				}
				made := 0
				for _, n := range after.PerMarker {
					made += n - 1
				}
				worst = max(worst, made)
				if mode.name == "lock" {
					if made != 0 {
						t.Errorf("round %d: %d copies with --lock", round, made)
					}
					for _, l := range w.fake.Labels(repo) {
						if l.Name == apply.LockLabel {
							t.Errorf("round %d: the lock label was left behind", round)
						}
					}
				}

				w.mustRun("apply", "--yes")
				got := w.snapshot()
				if dups := got.duplicates(); len(dups) > 0 {
					t.Fatalf("round %d: duplicates left open after the third apply: %v", round, dups)
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
			t.Logf("figures: concurrent applies, %s: %d rounds, %d copies made by the race (%.1f a round, worst %d), %d left open until the next apply, %d of %d runs failed",
				mode.name, rounds, copies, float64(copies)/float64(rounds), worst, leftOpen, failedRuns, 2*rounds)
		})
	}
}

// TestLockLabel: a lock whose time is up (its run was killed) is taken
// over; a live one makes apply wait, then give up with a clear message
// without writing anything else.
func TestLockLabel(t *testing.T) {
	w := newWorld(t)
	stale := "ghsync apply 0badc0de holds this until 2026-02-10T08:00:00Z; delete it if no apply runs"
	if err := w.fake.SeedLabel(repo, ghfake.Label{Name: apply.LockLabel, Color: "000000", Description: stale}); err != nil {
		t.Fatal(err)
	}
	r := w.mustRun("apply", "--yes", "--lock")
	if !strings.Contains(r.err, "Taking over the lock label") {
		t.Fatalf("stale lock not reported:\n%s", r.err)
	}
	for _, l := range w.fake.Labels(repo) {
		if l.Name == apply.LockLabel {
			t.Fatal("the lock label was left behind")
		}
	}

	live := "ghsync apply 0badc0de holds this until 2026-02-10T23:00:00Z; delete it if no apply runs"
	if err := w.fake.SeedLabel(repo, ghfake.Label{Name: apply.LockLabel, Color: "000000", Description: live}); err != nil {
		t.Fatal(err)
	}
	w.useCatalog("v2.yaml")
	before, logged := w.fake.Counts().Writes, len(w.fake.Log())
	r = w.run("apply", "--yes", "--lock", "--max-wait", "2m")
	if r.code != 1 || !strings.Contains(r.err, "another ghsync apply is running") || !strings.Contains(r.err, "Waiting for another ghsync apply") {
		t.Fatalf("apply --lock with a live lock: %s", r)
	}
	for _, req := range w.fake.Log()[logged:] {
		if req.Write && !strings.HasSuffix(req.Path, "/labels") {
			t.Fatalf("wrote %s %s while another run held the lock", req.Method, req.Path)
		}
	}
	if n := w.fake.Counts().Writes - before; n < 2 {
		t.Fatalf("%d tries to take the lock in 2 minutes, want several", n)
	}
}

// TestConcurrentAppliesOfDifferentCatalogs: two runs at once with
// different catalogs (a person applying an edit while a schedule applies
// the old one). The run that adopts the other's issue does not report its
// labels as "not kept"; afterwards the catalog of the last apply wins.
func TestConcurrentAppliesOfDifferentCatalogs(t *testing.T) {
	rounds := 4
	if full() {
		rounds = 20
	}
	for round := 0; round < rounds; round++ {
		w := newWorld(t)
		w.pause = 200 * time.Microsecond
		other := *w
		other.catalog = ""
		other.t = t
		other.setCatalog(strings.Replace(w.catalogText(), "priority: P2", "priority: P3", -1))
		var wg sync.WaitGroup
		results := make([]result, 2)
		for i, ww := range []*world{w, &other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i] = ww.run("apply", "--yes")
			}()
		}
		wg.Wait()
		for _, r := range results {
			if strings.Contains(r.err, "did not keep") {
				t.Fatalf("round %d: an adopted issue was reported as not kept: %s", round, r.err)
			}
		}
		w.mustRun("apply", "--yes")
		if dups := w.snapshot().duplicates(); len(dups) > 0 {
			t.Fatalf("round %d: duplicates: %v", round, dups)
		}
		w.converged()
	}
}
