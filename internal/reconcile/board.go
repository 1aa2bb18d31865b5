package reconcile

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ghsync/ghsync/internal/apply"
	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/plan"
	"github.com/ghsync/ghsync/internal/projectql"
	"github.com/ghsync/ghsync/internal/report"
)

// Board is what a run needs of the access layer for the board
// (*ghapi.Client): read it, and write it (apply.BoardGitHub).
type Board interface {
	apply.BoardGitHub
}

var _ Board = (*ghapi.Client)(nil)

// Health says how the release stands, for the board's status update. The
// default, ReleaseHealth, goes by the gates, the milestones' due dates and
// the burndown's forecast. The body must have a line starting
// observed.StatusMark: that is how ghsync finds its own last update among
// people's (without it, it posts every run).
type Health interface {
	Health(r report.Report) desired.BoardUpdate
}

// ReleaseHealth is the status from the gates, the due dates and the
// forecast: off track when a milestone with work left is overdue; at risk
// when a gate can no longer be met, a milestone with work left is due
// within a week, or the forecast (the velocity of the last four weeks over
// the dependency queue, see package progress) misses a milestone's or a
// gate's due date; on track otherwise. The body names the reasons by id
// and nothing that changes by the day (no dates, no day counts), so the
// update is posted only when the standing changes.
type ReleaseHealth struct{}

// Health implements Health.
func (ReleaseHealth) Health(r report.Report) desired.BoardUpdate {
	var overdue, soon, unreachable, late []string
	isOverdue := map[string]bool{}
	met := 0
	for _, m := range r.Milestones {
		switch {
		case m.ID == "" || m.Left() == 0:
		case m.Overdue:
			overdue = append(overdue, fmt.Sprintf("%s (%d left)", m.ID, m.Left()))
			isOverdue[m.ID] = true
		case m.DaysLeft != nil && *m.DaysLeft <= 7:
			soon = append(soon, fmt.Sprintf("%s (%d left)", m.ID, m.Left()))
		}
	}
	for _, g := range r.Gates {
		if g.Met {
			met++
		} else if !g.Reachable {
			unreachable = append(unreachable, g.ID)
		}
	}
	for _, f := range r.Trend.Forecasts {
		// An overdue milestone is said already; a forecast late for it
		// adds nothing.
		if f.Late && !f.Done && !isOverdue[f.ID] {
			late = append(late, f.ID)
		}
	}
	status := "ON_TRACK"
	switch {
	case len(overdue) > 0:
		status = "OFF_TRACK"
	case len(unreachable) > 0 || len(soon) > 0 || len(late) > 0:
		status = "AT_RISK"
	}
	lines := []string{fmt.Sprintf("%d of %d blockers done; %d of %d gates met.", r.Totals.Done, r.Totals.Total, met, len(r.Gates))}
	for _, l := range []struct {
		head  string
		items []string
	}{
		{"Overdue", overdue},
		{"Due within a week", soon},
		{"Gates that can no longer be met", unreachable},
		{"Forecast to miss the due date at the current velocity", late},
	} {
		if len(l.items) > 0 {
			lines = append(lines, l.head+": "+strings.Join(l.items, ", ")+".")
		}
	}
	lines = append(lines, observed.StatusMark+" from the catalog's gates and due dates and the burndown's forecast.")
	return desired.BoardUpdate{Status: status, Body: strings.Join(lines, "\n")}
}

// boardRef is the Project the desired board names.
func boardRef(b *desired.Board) ghapi.BoardRef {
	return ghapi.BoardRef{Owner: b.Owner, Kind: projectql.Owner(b.Kind), Number: b.Number, Title: b.Title}
}

// observeBoard reads the board into state when the catalog has one; with
// no board: block it sends nothing. A token that cannot reach Projects
// (FORBIDDEN, INSUFFICIENT_SCOPES) leaves NoAccess set: the rest of the
// run goes on without the board. An owner or a Project number GitHub does
// not know is a mistake in the catalog: an error naming it, before
// anything is written.
func observeBoard(ctx context.Context, gh GitHub, want desired.State, state *observed.State) error {
	if want.Board == nil {
		return nil
	}
	bg, ok := gh.(Board)
	if !ok {
		return errors.New("the board needs a GitHub client that reads Projects")
	}
	b, err := bg.ObserveBoard(ctx, boardRef(want.Board))
	if err != nil {
		return fmt.Errorf("read the board: %w", err)
	}
	state.Board = &b
	return nil
}

// withBoardStatus is want with the board's status update from o.
func withBoardStatus(cat *catalog.Catalog, want desired.State, o observed.State, today catalog.Date, h Health) desired.State {
	if want.Board == nil || cat == nil {
		return want
	}
	if h == nil {
		h = ReleaseHealth{}
	}
	b := *want.Board
	u := h.Health(report.Build(cat, o, today))
	b.Update = &u
	want.Board = &b
	return want
}

// boardProblem is the problem a run reports when the token cannot see
// the board: the rest was synced, and the run ends as other partial
// stops do.
func boardProblem(p plan.Plan, b *desired.Board) (apply.Problem, bool) {
	if p.BoardUnreachable == "" || b == nil {
		return apply.Problem{}, false
	}
	id := b.Title
	if id == "" {
		id = fmt.Sprintf("#%d", b.Number)
	}
	return apply.Problem{Kind: plan.KindBoard, Action: plan.Update, ID: id, Error: p.BoardUnreachable}, true
}
