package apply

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/observed"
)

// lostCreates is a GitHub whose label creates never happen and never
// answer: every create's outcome is unknown, and the label is never there.
type lostCreates struct{ creates int }

func (g *lostCreates) CreateLabel(context.Context, observed.Label) (observed.Label, error) {
	g.creates++
	return observed.Label{}, fmt.Errorf("create label: %w", ghapi.ErrOutcomeUnknown)
}

func (g *lostCreates) GetLabel(context.Context, string) (observed.Label, error) {
	return observed.Label{}, fmt.Errorf("get label: %w", ghapi.ErrNotFound)
}

func (g *lostCreates) DeleteLabel(context.Context, string) error { return nil }

func TestLockGivesUpOnLostCreates(t *testing.T) {
	g := &lostCreates{}
	now := time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)
	done := make(chan error, 1)
	go func() {
		_, err := Lock(context.Background(), g, LockOptions{
			TTL: time.Hour, MaxWait: time.Minute, Poll: time.Second,
			Now:   func() time.Time { return now },
			Sleep: func(context.Context, time.Duration) error { return nil },
		})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ghapi.ErrOutcomeUnknown) {
			t.Fatalf("Lock = %v, want the lost create's error", err)
		}
		if g.creates != 3 {
			t.Fatalf("%d creates, want 3", g.creates)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Lock loops forever when creates are lost")
	}
}

// heldLock is a GitHub where another run holds the lock for hours: every
// create is refused with 422 and the label stays.
type heldLock struct{}

func (heldLock) CreateLabel(context.Context, observed.Label) (observed.Label, error) {
	return observed.Label{}, &ghapi.StatusError{Method: "POST", Path: "/repos/o/r/labels", Status: 422, Message: "already_exists"}
}

func (heldLock) GetLabel(context.Context, string) (observed.Label, error) {
	return observed.Label{Name: LockLabel, Description: "ghsync apply 0badc0de holds this until 2099-01-01T00:00:00Z; delete it if no apply runs"}, nil
}

func (heldLock) DeleteLabel(context.Context, string) error { return errors.New("not ours to delete") }

// TestLockWaitsNoLongerThanMaxWait: --max-wait bounds every wait for the
// lock, each sleep and their sum, whatever the poll and however the clock
// moves.
func TestLockWaitsNoLongerThanMaxWait(t *testing.T) {
	for _, tc := range []struct {
		name    string
		maxWait time.Duration
		poll    time.Duration
		// tick is how far each look at the clock moves it; sleeping moves
		// it by the sleep unless still is set.
		tick  time.Duration
		still bool
		// want is the total wait; -1 for "at most maxWait".
		want time.Duration
	}{
		{name: "max-wait under one poll", maxWait: 5 * time.Second, poll: 15 * time.Second, want: 5 * time.Second},
		{name: "max-wait not a multiple of the poll", maxWait: 40 * time.Second, poll: 15 * time.Second, want: 40 * time.Second},
		{name: "max-wait 0 never waits", maxWait: 0, poll: 15 * time.Second, want: 0},
		{name: "poll 0 is 15s", maxWait: 20 * time.Second, poll: 0, want: 20 * time.Second},
		{name: "a clock that stands still", maxWait: 45 * time.Second, poll: 15 * time.Second, still: true, want: 45 * time.Second},
		{name: "a clock that runs on", maxWait: 30 * time.Second, poll: 15 * time.Second, tick: 700 * time.Millisecond, want: -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)
			var waits []time.Duration
			done := make(chan error, 1)
			go func() {
				_, err := Lock(context.Background(), heldLock{}, LockOptions{
					TTL: time.Hour, MaxWait: tc.maxWait, Poll: tc.poll,
					Now: func() time.Time { now = now.Add(tc.tick); return now },
					Sleep: func(_ context.Context, d time.Duration) error {
						waits = append(waits, d)
						if !tc.still {
							now = now.Add(d)
						}
						return nil
					},
				})
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Lock keeps waiting for a lock that is held")
			}
			if !errors.Is(err, ErrLocked) {
				t.Fatalf("Lock = %v, want ErrLocked", err)
			}
			var sum time.Duration
			for _, d := range waits {
				if d > tc.maxWait || d <= 0 {
					t.Errorf("a wait of %s, with --max-wait %s", d, tc.maxWait)
				}
				sum += d
			}
			if sum > tc.maxWait {
				t.Errorf("waited %s in all (%v), more than --max-wait %s", sum, waits, tc.maxWait)
			}
			if tc.want >= 0 && sum != tc.want {
				t.Errorf("waited %s in all (%v), want %s", sum, waits, tc.want)
			}
		})
	}
}

// lossyLock is a GitHub whose answer to the lock's create is lost when the
// run is interrupted during it: the label is made, and cancel (the
// interrupt) is called before the client hears back. It records the
// contexts the release ran on.
type lossyLock struct {
	cancel  context.CancelFunc
	label   *observed.Label
	deletes []context.Context
}

func (g *lossyLock) CreateLabel(_ context.Context, l observed.Label) (observed.Label, error) {
	g.label = &l
	g.cancel()
	return observed.Label{}, fmt.Errorf("create label: %w: %w", ghapi.ErrOutcomeUnknown, context.Canceled)
}

func (g *lossyLock) GetLabel(ctx context.Context, _ string) (observed.Label, error) {
	if err := ctx.Err(); err != nil {
		return observed.Label{}, err
	}
	if g.label == nil {
		return observed.Label{}, fmt.Errorf("get label: %w", ghapi.ErrNotFound)
	}
	return *g.label, nil
}

func (g *lossyLock) DeleteLabel(ctx context.Context, _ string) error {
	g.deletes = append(g.deletes, ctx)
	if err := ctx.Err(); err != nil {
		return err
	}
	g.label = nil
	return nil
}

// TestInterruptedLockLeavesNoLabel: an interrupt while the lock's create is
// in flight leaves no lock behind, although Lock never heard that the
// create went through.
func TestInterruptedLockLeavesNoLabel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	g := &lossyLock{cancel: cancel}
	now := time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)
	_, err := Lock(ctx, g, LockOptions{
		TTL: time.Hour, MaxWait: time.Minute, Poll: time.Second,
		Now:   func() time.Time { return now },
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	})
	if err == nil {
		t.Fatal("Lock succeeded on a cancelled context")
	}
	if g.label != nil {
		t.Fatalf("the lock label %q stays after an interrupted Lock", g.label.Description)
	}
	checkReleaseContexts(t, g.deletes)
}

// TestUnlockAfterInterrupt: the function Lock returns gives the label back
// when called with the run's context cancelled, on a live context that ends
// within ReleaseTimeout.
func TestUnlockAfterInterrupt(t *testing.T) {
	g := &lossyLock{cancel: func() {}}
	now := time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)
	ctx, cancel := context.WithCancel(context.Background())
	// The create goes through and its answer arrives: a GitHub that answers.
	unlock, err := Lock(ctx, answering{g}, LockOptions{
		TTL: time.Hour, MaxWait: time.Minute, Poll: time.Second,
		Now: func() time.Time { return now }, Sleep: func(context.Context, time.Duration) error { return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	cancel() // the interrupt
	if err := unlock(ctx); err != nil {
		t.Fatalf("unlock after an interrupt: %v", err)
	}
	if g.label != nil {
		t.Fatal("the lock label stays after unlock")
	}
	checkReleaseContexts(t, g.deletes)
}

// answering is lossyLock with the create's answer delivered.
type answering struct{ *lossyLock }

func (g answering) CreateLabel(_ context.Context, l observed.Label) (observed.Label, error) {
	g.label = &l
	return l, nil
}

func checkReleaseContexts(t *testing.T, deletes []context.Context) {
	t.Helper()
	if len(deletes) != 1 {
		t.Fatalf("%d deletes of the lock label, want 1", len(deletes))
	}
	ctx := deletes[0]
	if ctx.Err() == nil {
		t.Error("the release's context outlived the release")
	}
	dl, ok := ctx.Deadline()
	if !ok || time.Until(dl) > ReleaseTimeout {
		t.Errorf("the release ran without a deadline within %s (deadline %v, %v)", ReleaseTimeout, dl, ok)
	}
}
