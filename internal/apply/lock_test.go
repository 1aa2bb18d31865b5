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
