// Package reconcile is one sync run of a catalog against a repository, the
// way a controller reconciles: observe what GitHub holds, diff it against
// what the catalog wants, guard the blast radius, batch to GitHub's limits,
// confirm, apply, and bring the dashboard up to date with the state after.
// Commands call it and render what it returns; they decide nothing.
//
//	catalog ─▶ desired ─┐
//	                    ├─ plan.Diff ─▶ Plan ─▶ guard ─▶ batch ─▶ confirm ─▶ apply ─▶ state after ─▶ dashboard
//	GitHub ─▶ observed ─┘
//
// The dashboard is a desired object like the others (desired.Dashboard,
// with the report of the state as its body) and plan.Diff plans it; apply
// makes it last, from the state after the other changes, since it reports
// on them.
package reconcile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ghsync/ghsync/internal/apply"
	"github.com/ghsync/ghsync/internal/budget"
	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/plan"
	"github.com/ghsync/ghsync/internal/report"
)

// GitHub is what a run needs of the access layer (*ghapi.Client).
type GitHub interface {
	apply.GitHub
	Observe(ctx context.Context) (observed.State, error)
	Repo() string
	// Renamed is the repository's new name when GitHub said it moved.
	Renamed() string
	// Writer is the login ghsync writes as.
	Writer(ctx context.Context) (string, error)
	Stats() ghapi.Stats
	// IssueMeta reads the owner's issue types and issue fields: only
	// what the catalog asks for, once per plan.
	IssueMeta(ctx context.Context, types, fields bool) (observed.IssueMeta, error)
}

// Input is what a run works from.
type Input struct {
	// Catalog and Want are the catalog and the state it asks for; Catalog
	// is nil when a saved plan is applied without it (then the dashboard
	// is not refreshed).
	Catalog *catalog.Catalog
	Want    desired.State
	// Saved, when set, is applied (refreshed against what GitHub holds
	// now) instead of a new plan.
	Saved *plan.Plan
	// Today decides which milestones are overdue in the dashboard.
	Today catalog.Date
	// WriteInterval is the least time between writes, for the estimate.
	WriteInterval time.Duration
	// Health decides the board's status update (ReleaseHealth when nil).
	Health Health
}

// Planned is a plan and what it cost to make.
type Planned struct {
	State observed.State
	Plan  plan.Plan
	// Skipped are the saved plan's changes whose objects changed since.
	Skipped []plan.Skipped
	// Cost is what applying the plan costs on GitHub.
	Cost budget.Cost
	// MassClose is the blast-radius guard's refusal apply will meet
	// without --allow-mass-close (nil when it passes): plan says so, so a
	// pull request's check is not green while every apply after the merge
	// fails.
	MassClose error
}

// Plan observes the repository and diffs it against the catalog (or
// refreshes a saved plan): what "ghsync plan" shows, with its cost.
func Plan(ctx context.Context, gh GitHub, in Input) (Planned, error) {
	state, err := gh.Observe(ctx)
	if err != nil {
		return Planned{}, fmt.Errorf("read %s: %w", gh.Repo(), err)
	}
	if state.Repository == "" {
		state.Repository = gh.Repo()
	}
	if cat := in.Catalog; cat != nil && in.Saved == nil && (cat.IssueTypes != nil || cat.IssueFields != nil) {
		meta, err := gh.IssueMeta(ctx, cat.IssueTypes != nil, cat.IssueFields != nil)
		if err != nil {
			return Planned{}, fmt.Errorf("read the issue types and fields of %s: %w", gh.Repo(), err)
		}
		state.Meta = &meta
	}
	if in.Saved == nil {
		if err := observeBoard(ctx, gh, in.Want, &state); err != nil {
			return Planned{}, err
		}
	}
	out := Planned{State: state}
	if in.Saved != nil {
		out.Plan, out.Skipped = in.Saved.Refresh(state)
	} else {
		out.Plan = DiffWith(in.Catalog, in.Want, state, gh.Repo(), in.Today, in.Health)
	}
	out.Cost = budget.Estimate(out.Plan, in.WriteInterval, RateOf(gh.Stats()))
	out.MassClose = apply.Guard(withoutDashboard(out.Plan), openManaged(state), false)
	return out, nil
}

// Diff is the plan of want (built from cat) against o, the dashboard
// included: a pure function.
func Diff(cat *catalog.Catalog, want desired.State, o observed.State, repo string, today catalog.Date) plan.Plan {
	return DiffWith(cat, want, o, repo, today, nil)
}

// DiffWith is Diff with the board's status update decided by h.
func DiffWith(cat *catalog.Catalog, want desired.State, o observed.State, repo string, today catalog.Date, h Health) plan.Plan {
	want = withBoardStatus(cat, want, o, today, h)
	return plan.Diff(withDashboard(cat, want, o, today), o, plan.Options{Repository: repo})
}

// withDashboard is want with the dashboard's body: the report of o as
// Markdown, without a timestamp, so an unchanged repository renders the
// same body and costs no write.
func withDashboard(cat *catalog.Catalog, want desired.State, o observed.State, today catalog.Date) desired.State {
	if cat == nil || cat.Dashboard == nil {
		want.Dashboard = nil
		return want
	}
	d := desired.Dashboard{Title: cat.Dashboard.Title, Body: report.Build(cat, o, today).DashboardBody()}
	want.Dashboard = &d
	return want
}

// Report observes the repository, and the board when the catalog has a
// board: block, and reports the catalog's progress: what "ghsync report"
// shows. A token that cannot see the board leaves the board's NoAccess
// set, which the report says in one line; the rest is as without a board.
func Report(ctx context.Context, gh GitHub, cat *catalog.Catalog, today catalog.Date) (observed.State, report.Report, error) {
	state, err := observeRepo(ctx, gh)
	if err != nil {
		return observed.State{}, report.Report{}, err
	}
	if cat != nil && cat.Board != nil {
		if err := observeBoard(ctx, gh, desired.State{Board: desired.BuildBoard(cat)}, &state); err != nil {
			return observed.State{}, report.Report{}, err
		}
	}
	return state, report.Build(cat, state, today), nil
}

// Progress is Report without the board: what "ghsync gate" needs, which
// goes by the issues alone and so costs no GraphQL request.
func Progress(ctx context.Context, gh GitHub, cat *catalog.Catalog, today catalog.Date) (observed.State, report.Report, error) {
	state, err := observeRepo(ctx, gh)
	if err != nil {
		return observed.State{}, report.Report{}, err
	}
	return state, report.Build(cat, state, today), nil
}

// observeRepo reads the repository's issues, labels and milestones.
func observeRepo(ctx context.Context, gh GitHub) (observed.State, error) {
	state, err := gh.Observe(ctx)
	if err != nil {
		return observed.State{}, fmt.Errorf("read %s: %w", gh.Repo(), err)
	}
	if state.Repository == "" {
		state.Repository = gh.Repo()
	}
	return state, nil
}

// Options tune Apply.
type Options struct {
	AllowMassClose bool
	// Batch makes only the changes GitHub's limits allow in this run (no
	// --max-writes); the next run plans afresh and continues.
	Batch bool
	// Locked says the run holds the lock (apply.Lock).
	Locked bool
	// Confirm is asked, with the number of changes, before the first
	// write; nil asks nothing. An error stops the run.
	Confirm func(ctx context.Context, changes int) error
	// Observer hears of the run as it goes; nil hears nothing.
	Observer Observer
}

// Observer hears of a run as it goes, for a command to show it.
type Observer interface {
	// Planned is the plan about to be applied, before any write; an error
	// (the command could not show it) stops the run.
	Planned(p Planned) error
	// Batched says that this run makes the first made changes and leaves
	// left for the next (GitHub's limits).
	Batched(made, left int)
	// Progress receives apply's line per change.
	Progress() io.Writer
}

// Result is what a run did.
type Result struct {
	Planned
	Applied  []apply.Applied
	Problems []apply.Problem
	Skipped  []plan.Skipped
	Adopted  int
	// Summary counts Applied by action.
	Summary plan.Summary
	// Writes were sent to GitHub.
	Writes int
	// Made counts the changes of the plan made, the dashboard's refresh
	// left out; Left are those put off to the next run (Options.Batch).
	Made, Left int
	// Rate is the rate limit as last seen.
	Rate budget.Rate
	// Of is the number of changes the run's progress counts to.
	Of int
	// Applying says the run got as far as making changes; an error with
	// Applying false came before any write (reading, the guard, the
	// confirmation) and left GitHub as it was.
	Applying bool
}

// Apply runs the whole pipeline and returns what it did, also when it
// stops: what was done stays done, and the next run finishes the rest.
func Apply(ctx context.Context, gh GitHub, in Input, opt Options) (Result, error) {
	obs := opt.Observer
	if obs == nil {
		obs = nop{}
	}
	planned, err := Plan(ctx, gh, in)
	if err != nil {
		return Result{}, err
	}
	res := Result{Planned: planned, Skipped: append([]plan.Skipped{}, planned.Skipped...)}
	if err := obs.Planned(planned); err != nil {
		return res, err
	}
	err = run(ctx, gh, in, opt, obs, &res)
	if pr, ok := boardProblem(res.Plan, in.Want.Board); ok && (err == nil || errors.Is(err, apply.ErrProblems)) {
		// The token cannot see the board: the rest was synced, and the
		// run ends as a partial stop, saying what the token needs.
		res.Problems = append(res.Problems, pr)
		err = &apply.ProblemsError{Problems: res.Problems}
	}
	res.Writes = gh.Stats().Writes
	res.Rate = RateOf(gh.Stats())
	res.Summary = summarize(res.Applied)
	return res, err
}

// run is Apply from the guard on, filling res as it goes.
func run(ctx context.Context, gh GitHub, in Input, opt Options, obs Observer, res *Result) error {
	if res.Plan.Empty() {
		return nil
	}
	state := res.State
	work := withoutDashboard(res.Plan)
	if err := apply.Guard(work, openManaged(state), opt.AllowMassClose); err != nil {
		return err
	}
	if opt.Batch {
		dashboard := in.Catalog != nil && in.Catalog.Dashboard != nil
		work, res.Left = batchWork(work, gh.Stats(), dashboard)
		if res.Left > 0 {
			obs.Batched(len(work.Changes), res.Left)
		}
	}
	if len(work.Changes) == 0 && res.Left > 0 {
		// Nothing fits in this run: no dashboard either, the next run
		// makes the changes.
		return nil
	}
	work, err := recordWriterFirst(ctx, gh, state, work)
	if err != nil {
		return err
	}
	// Progress counts in the plan's unit: its changes, the dashboard
	// included, which comes last.
	of := len(work.Changes) + len(res.Plan.Changes) - len(withoutDashboard(res.Plan).Changes)
	res.Of = of
	if opt.Confirm != nil {
		if err := opt.Confirm(ctx, len(work.Changes)); err != nil {
			return err
		}
	}
	res.Applying = true
	ar, applyErr := apply.Apply(ctx, gh, work, apply.Options{
		Progress: obs.Progress(), AllowMassClose: opt.AllowMassClose, OpenManaged: openManaged(state),
		Locked: opt.Locked, Of: of,
	})
	res.add(ar)
	res.Made = len(ar.Applied)
	// The dashboard is refreshed after a run that had per-object problems
	// too: what was done is done and the report should show it.
	if applyErr != nil && !errors.Is(applyErr, apply.ErrProblems) {
		return applyErr
	}
	if derr := refreshDashboard(ctx, gh, in, opt, after(state, ar), ar.Board, res); derr != nil {
		if applyErr == nil {
			return derr
		}
		return fmt.Errorf("%w\nthen refreshing the dashboard failed: %v", applyErr, derr)
	}
	return applyErr
}

// refreshDashboard makes the dashboard, and the board's status update,
// match the state after the run's other changes (now), planned by
// plan.Diff like any other object; board is the board as the run left it.
func refreshDashboard(ctx context.Context, gh GitHub, in Input, opt Options, now observed.State, board *plan.BoardContext, res *Result) error {
	if in.Catalog == nil {
		return nil
	}
	dp := plan.Plan{Board: board}
	for _, c := range DiffWith(in.Catalog, in.Want, now, gh.Repo(), in.Today, in.Health).Changes {
		if isReport(c) && (c.Kind != plan.KindBoardStatus || board != nil && board.ProjectID != "") {
			dp.Add(c)
		}
	}
	if dp.Empty() {
		return nil
	}
	// The report's changes (the board's status update, the dashboard) are
	// the run's last: numbered so, as the plan counts them.
	n := len(dp.Changes)
	of := max(res.Of, res.Made+n)
	dr, err := apply.Apply(ctx, gh, dp, apply.Options{Locked: opt.Locked, Progress: progressOf(opt.Observer), Offset: of - n, Of: of})
	res.add(dr)
	return err
}

func (r *Result) add(ar apply.Result) {
	r.Applied = append(r.Applied, ar.Applied...)
	r.Skipped = append(r.Skipped, ar.Skipped...)
	r.Problems = append(r.Problems, ar.Problems...)
	r.Adopted += ar.Adopted
}

func summarize(applied []apply.Applied) plan.Summary {
	var s plan.Summary
	for _, a := range applied {
		if plan.IsBoard(a.Kind) {
			s.Board++
			continue
		}
		if a.Kind == plan.KindLink {
			if a.Action == plan.Delete {
				s.Unlinks++
			} else {
				s.Links++
			}
			continue
		}
		if a.Kind == plan.KindSubIssue {
			if a.Action == plan.Delete {
				s.SubIssuesRemoved++
			} else {
				s.SubIssues++
			}
			continue
		}
		switch a.Action {
		case plan.Create:
			s.Create++
		case plan.Update:
			s.Update++
		case plan.Close:
			s.Close++
		case plan.Reopen:
			s.Reopen++
		}
	}
	return s
}

func progressOf(o Observer) io.Writer {
	if o == nil {
		return nil
	}
	return o.Progress()
}

type nop struct{}

func (nop) Planned(Planned) error      { return nil }
func (nop) Batched(int, int)           {}
func (nop) Progress() io.Writer        { return nil }
func openManaged(o observed.State) int { return o.Index(nil).OpenBlockerIssues() }

// after is the state GitHub holds once res was applied on top of o.
func after(o observed.State, res apply.Result) observed.State {
	out := o
	out.Issues = nil
	seen := map[int]bool{}
	for _, is := range o.Issues {
		if n, ok := res.Issues[is.Number]; ok {
			is = n
		}
		seen[is.Number] = true
		out.Issues = append(out.Issues, is)
	}
	for n, is := range res.Issues {
		if !seen[n] {
			out.Issues = append(out.Issues, is)
		}
	}
	return out
}

// isReport reports whether c reports on the state (the dashboard, the
// board's status update): made last, from the state after the others.
func isReport(c plan.Change) bool {
	return c.Kind == plan.KindDashboard || c.Kind == plan.KindBoardStatus
}

func withoutDashboard(p plan.Plan) plan.Plan {
	out := p
	out.Changes = nil
	out.Summary = plan.Summary{}
	for _, c := range p.Changes {
		if !isReport(c) {
			out.Add(c)
		}
	}
	return out
}

// recordWriterFirst puts the dashboard record's update (plan.RecordWriter)
// before work when work creates issues and the record does not name the
// login ghsync writes as yet. Finding that login costs a request with a
// personal token, so it is asked only then.
func recordWriterFirst(ctx context.Context, gh GitHub, state observed.State, work plan.Plan) (plan.Plan, error) {
	creates := false
	for _, c := range work.Changes {
		creates = creates || (c.Kind == plan.KindIssue || c.Kind == plan.KindTracker) && c.Action == plan.Create
	}
	if !creates || !state.Listing.Recorded {
		return work, nil
	}
	writer, err := gh.Writer(ctx)
	if err != nil {
		return work, fmt.Errorf("find the login ghsync writes as: %w", err)
	}
	rc, ok := plan.RecordWriter(state, writer)
	if !ok {
		return work, nil
	}
	out := work
	out.Changes, out.Summary = nil, plan.Summary{}
	out.Add(rc)
	for _, c := range work.Changes {
		out.Add(c)
	}
	return out, nil
}

// RateOf is what the client saw of the rate limit, and what it read.
func RateOf(st ghapi.Stats) budget.Rate {
	return budget.Rate{Remaining: st.RateRemaining, Reset: st.RateReset, Reads: st.Reads}
}

// batchWork is the part of work (the plan without its dashboard) that one
// apply run without --max-writes makes: what GitHub's hourly content limit
// and the rate limit left allow (budget.RunLimits), keeping one write and
// two requests for the dashboard refresh when there is one. left counts
// the changes put off; the next run plans afresh and makes them.
func batchWork(work plan.Plan, st ghapi.Stats, dashboard bool) (batch plan.Plan, left int) {
	l := budget.RunLimits(RateOf(st))
	if dashboard {
		l.Writes = max(l.Writes-1, 0)
		if l.Requests >= 0 {
			l.Requests = max(l.Requests-2, 0)
		}
	}
	return budget.Batch(work, l)
}
