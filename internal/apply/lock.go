package apply

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"time"

	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/observed"
)

// LockLabel is the label an apply with --lock holds while it runs. GitHub
// refuses a second label of the same name (422), which makes creating it
// an atomic test-and-set: the only one the REST API offers without a
// server of ours.
const LockLabel = "ghsync-lock"

// Locker is the part of the access layer the lock needs.
type Locker interface {
	CreateLabel(ctx context.Context, l observed.Label) (observed.Label, error)
	GetLabel(ctx context.Context, name string) (observed.Label, error)
	DeleteLabel(ctx context.Context, name string) error
}

// LockOptions tune Lock.
type LockOptions struct {
	// TTL is how long the lock holds without its owner: a run killed while
	// holding it blocks others until then.
	TTL time.Duration
	// MaxWait is how long to wait for another run's lock: no single sleep,
	// and not all of them together, is longer.
	MaxWait time.Duration
	// Poll is the time between two looks at a held lock (15 s when 0),
	// shortened to what is left of MaxWait.
	Poll time.Duration
	Now  func() time.Time
	// Sleep waits d or until ctx ends.
	Sleep func(ctx context.Context, d time.Duration) error
	// Progress gets a line when the lock is busy; nil for none.
	Progress io.Writer
}

var untilRE = regexp.MustCompile(`until (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)`)

// ErrLocked: another run held the lock for longer than MaxWait.
var ErrLocked = errors.New("another ghsync apply is running")

// ReleaseTimeout bounds giving the lock back. The release runs when the
// apply's own context may be cancelled (an interrupt), so it has a context
// of its own; a GitHub that does not answer within this time must not keep
// an interrupted run from ending (the label then expires by itself).
const ReleaseTimeout = 15 * time.Second

// Lock waits until no other apply holds the lock label, takes it, and
// returns the function that gives it back. A lock whose time is up (its
// run was killed) is taken over. Two runs that take over the same stale
// lock at the same instant may both proceed: ghsync's duplicate handling
// covers that rare case.
//
// When ctx ends (an interrupt) after a create whose answer was lost, the
// label may be ours without Lock knowing: it is given back before Lock
// returns, so that an interrupted wait leaves no lock behind.
func Lock(ctx context.Context, gh Locker, o LockOptions) (unlock func(context.Context) error, err error) {
	var id [4]byte
	_, _ = rand.Read(id[:])
	if o.Poll <= 0 {
		o.Poll = 15 * time.Second
	}
	deadline := o.Now().Add(o.MaxWait)
	var slept time.Duration
	// pause sleeps until the next look: Poll, or less when less is left of
	// MaxWait, counted both by the clock and by the sleeps themselves (a
	// clock that stands still must not make the waits add up to more).
	pause := func() error {
		d := min(o.Poll, deadline.Sub(o.Now()), o.MaxWait-slept)
		if d <= 0 {
			return nil
		}
		slept += d
		return o.Sleep(ctx, d)
	}
	timeUp := func() bool { return !o.Now().Before(deadline) || slept >= o.MaxWait }
	busy := false
	lost := 0    // creates whose answer was lost and that did not happen
	unsure := "" // the description of the last create whose answer was lost
	defer func() {
		if err != nil && unsure != "" && ctx.Err() != nil {
			// Stopped with a lock that may be ours: see the doc comment.
			_ = release(gh, unsure)(ctx)
		}
	}()
	for {
		until := o.Now().Add(o.TTL).UTC().Truncate(time.Second)
		mine := fmt.Sprintf("ghsync apply %s holds this until %s; delete it if no apply runs", hex.EncodeToString(id[:]), until.Format(time.RFC3339))
		_, err := gh.CreateLabel(ctx, observed.Label{Name: LockLabel, Color: "000000", Description: mine})
		if err == nil {
			return release(gh, mine), nil
		}
		if errors.Is(err, ghapi.ErrOutcomeUnknown) {
			unsure = mine
		}
		if !errors.Is(err, ghapi.ErrOutcomeUnknown) && !isStatus(err, http.StatusUnprocessableEntity) {
			return nil, fmt.Errorf("take the lock label %q: %w", LockLabel, err)
		}
		have, gerr := gh.GetLabel(ctx, LockLabel)
		switch {
		case errors.Is(gerr, ghapi.ErrNotFound) && errors.Is(err, ghapi.ErrOutcomeUnknown):
			// Our create did not happen: try again, but not forever.
			if lost++; lost == 3 {
				return nil, fmt.Errorf("take the lock label %q: %w", LockLabel, err)
			}
			continue
		case errors.Is(gerr, ghapi.ErrNotFound):
			// Released between our create and our look: try again, after a
			// pause and within the deadline, so a lock that keeps flickering
			// cannot spin us.
			if timeUp() {
				return nil, fmt.Errorf("%w on this repository (lock label %q keeps changing hands): try again later", ErrLocked, LockLabel)
			}
			if err := pause(); err != nil {
				return nil, err
			}
			continue
		case gerr != nil:
			return nil, fmt.Errorf("look at the lock label %q: %w", LockLabel, gerr)
		case have.Description == mine:
			return release(gh, mine), nil // our create went through after all
		}
		if m := untilRE.FindStringSubmatch(have.Description); m == nil || expired(m[1], o.Now()) {
			if o.Progress != nil {
				fmt.Fprintf(o.Progress, "Taking over the lock label %q: its time is up (%q)\n", LockLabel, have.Description)
			}
			if err := gh.DeleteLabel(ctx, LockLabel); err != nil && !errors.Is(err, ghapi.ErrNotFound) {
				return nil, fmt.Errorf("remove the stale lock label %q: %w", LockLabel, err)
			}
			continue
		}
		if timeUp() {
			return nil, fmt.Errorf("%w on this repository (lock label %q: %q): try again later, or delete the label if no apply runs", ErrLocked, LockLabel, have.Description)
		}
		if !busy && o.Progress != nil {
			fmt.Fprintf(o.Progress, "Waiting for another ghsync apply (lock label %q: %q)\n", LockLabel, have.Description)
			busy = true
		}
		if err := pause(); err != nil {
			return nil, err
		}
	}
}

func expired(until string, now time.Time) bool {
	t, err := time.Parse(time.RFC3339, until)
	return err != nil || !now.Before(t)
}

// release deletes the lock label if it is still ours. It runs even when
// the apply's context was cancelled, on a context of its own that ends
// after ReleaseTimeout.
func release(gh Locker, mine string) func(context.Context) error {
	return func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ReleaseTimeout)
		defer cancel()
		have, err := gh.GetLabel(ctx, LockLabel)
		if errors.Is(err, ghapi.ErrNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("release the lock label %q: %w", LockLabel, err)
		}
		if have.Description != mine {
			return nil // taken over after our time was up: not ours to delete
		}
		if err := gh.DeleteLabel(ctx, LockLabel); err != nil && !errors.Is(err, ghapi.ErrNotFound) {
			return fmt.Errorf("release the lock label %q: %w", LockLabel, err)
		}
		return nil
	}
}
