package reliability

import (
	"fmt"
	"testing"
)

// TestStopAfterEveryWrite stops apply after k writes, for every k (with
// --max-writes, the in-process stand-in for a crash between two writes),
// then runs apply again: the end state must be the fault-free one. The
// subprocess test in crash_test.go does the same with SIGKILL for a few k.
func TestStopAfterEveryWrite(t *testing.T) {
	for _, sc := range scenarios {
		w := newWorld(t)
		sc.prepare(w)
		before := w.fake.Counts().Writes
		w.mustRun("apply", "--yes")
		writes := w.fake.Counts().Writes - before
		want := w.snapshot()
		cases := 0
		for k := 1; k < writes; k++ {
			if !full() && k%3 != 0 {
				continue
			}
			cases++
			t.Run(fmt.Sprintf("%s/after-%d-writes", sc.name, k), func(t *testing.T) {
				w := newWorld(t)
				sc.prepare(w)
				if r := w.run("apply", "--yes", "--max-writes", fmt.Sprint(k)); r.code != 1 {
					t.Fatalf("apply --max-writes %d: %s", k, r)
				}
				w.mustRun("apply", "--yes")
				got := w.snapshot()
				if d := diff(want, got); d != "" {
					t.Fatalf("end state differs from an uninterrupted run:\n%s", d)
				}
				w.converged()
			})
		}
		t.Logf("figures: stop after k writes, %s: %d cases of %d writes", sc.name, cases, writes)
	}
}
