package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/apply"
	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/plan"
)

type applyOptions struct {
	yes            bool
	format         string
	allowMassClose bool
	writeInterval  time.Duration
	maxWrites      int
	maxWait        time.Duration
	lock           bool
}

func newApplyCmd(env *Env, g *Global) *cobra.Command {
	o := &applyOptions{}
	cmd := &cobra.Command{
		Use:   "apply [FILE]",
		Short: "Make GitHub match the catalog",
		Long: `Apply plans afresh (or reads a plan saved with "ghsync plan --out FILE"), shows it,
asks for confirmation on a terminal, and makes the changes: labels first, then
milestones, then issues (dependencies before the blockers that link to them),
updates, closes and reopens, and last the dashboard issue.

It is safe to repeat: a second run changes nothing, and a run that stopped
(an error, a rate limit, --max-writes) is finished by running it again. It
never deletes anything and never touches comments, assignees, labels it does
not manage, text outside the managed part of an issue body, or the open/closed
state a person chose.

Without a terminal, --yes is required. A plan that would close more than 10
open issues, or more than a quarter of the open managed ones, needs
--allow-mass-close.

Exit codes: 0 success; 1 error (what was done stays done: re-run to finish);
130 interrupted (SIGINT, SIGTERM: the lock is given back, the summary printed).`,
		Example: `  ghsync apply --repo octo/app
  ghsync plan --out plan.json && ghsync apply plan.json --yes
  GHSYNC_WRITE_INTERVAL=2s ghsync apply --yes --max-writes 400`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !cmd.Flags().Changed("write-interval") {
				o.writeInterval = defaultWriteInterval(env.Getenv)
				if o.writeInterval < 0 {
					return &ExitError{Code: 1, Err: fmt.Errorf("GHSYNC_WRITE_INTERVAL=%q is not a duration such as 1s or 500ms", env.Getenv("GHSYNC_WRITE_INTERVAL"))}
				}
			}
			if o.maxWait < 0 {
				return &ExitError{Code: 1, Err: fmt.Errorf("--max-wait %s is negative: give the longest wait, such as 5m, or 0 for none", o.maxWait)}
			}
			file := ""
			if len(args) == 1 {
				file = args[0]
			}
			return runApply(cmd, env, g, o, file)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&o.yes, "yes", "y", false, "apply without asking for confirmation")
	f.StringVar(&o.format, "format", "text", "output format: text or json")
	f.BoolVar(&o.allowMassClose, "allow-mass-close", false, "allow a plan that closes many open issues")
	f.DurationVar(&o.writeInterval, "write-interval", time.Second, "least time between two writes, as GitHub asks (env GHSYNC_WRITE_INTERVAL; 0 disables)")
	f.IntVar(&o.maxWrites, "max-writes", 0, "stop before the write after `N` (0: no limit); re-run to continue")
	f.DurationVar(&o.maxWait, "max-wait", 15*time.Minute, "longest wait for a rate limit to reset (or, with --lock, for another run) before giving up")
	f.BoolVar(&o.lock, "lock", false, "hold the label "+apply.LockLabel+" while applying, so runs that overlap wait for each other")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// applyReport is the JSON result of apply (--format json).
type applyReport struct {
	Repository string          `json:"repository"`
	Summary    plan.Summary    `json:"summary"`
	Applied    []apply.Applied `json:"applied"`
	Skipped    []plan.Skipped  `json:"skipped"`
	Problems   []apply.Problem `json:"problems"`
	Writes     int             `json:"writes"`
	Adopted    int             `json:"adopted"`
	Error      string          `json:"error"`
}

// runApply is applyRun with what an interrupt (SIGINT, SIGTERM) stopped
// before the first change said so, with exit code ExitInterrupted; an
// interrupt during the changes is reported by finishApply.
func runApply(cmd *cobra.Command, env *Env, g *Global, o *applyOptions, file string) error {
	err := applyRun(cmd, env, g, o, file)
	var ee *ExitError
	if err != nil && interrupted(cmd.Context()) && !(errors.As(err, &ee) && ee.Code == ExitInterrupted) {
		return interruptedErr("Apply interrupted before its first change: nothing was changed.")
	}
	return err
}

func applyRun(cmd *cobra.Command, env *Env, g *Global, o *applyOptions, file string) error {
	if err := checkFormat(o.format, "text", "json"); err != nil {
		return err
	}
	ctx := cmd.Context()
	var (
		cat   *catalog.Catalog
		want  desired.State
		saved *plan.Plan
		err   error
	)
	if file != "" {
		p, err := readPlanFile(file)
		if err != nil {
			return &ExitError{Code: 1, Err: err}
		}
		saved = &p
		// The catalog is needed only to refresh the dashboard; a saved plan
		// applies without it.
		if c, problems, lerr := catalog.Load(g.Catalog); lerr == nil && !catalog.HasErrors(problems) {
			cat = c
		} else if planHasDashboard(p) {
			fmt.Fprintf(env.Err, "The dashboard will not be refreshed: it is rendered from the catalog, and %s could not be loaded (pass --catalog).\n", g.Catalog)
		}
		if g.Repo == "" && env.Getenv("GITHUB_REPOSITORY") == "" {
			g.Repo = p.Repository
		}
	} else if cat, want, err = loadCatalog(env, g); err != nil {
		return err
	}
	client, err := writeClient(ctx, env, g, cat, writeOptions{interval: o.writeInterval, maxWrites: o.maxWrites, maxWait: transportWait(o.maxWait)})
	if err != nil {
		return err
	}
	if saved != nil && saved.Repository != client.Repo() {
		return &ExitError{Code: 1, Err: fmt.Errorf("the plan in %s is for %s, not %s: make a new plan for this repository", file, saved.Repository, client.Repo())}
	}
	if o.lock {
		unlock, err := takeLock(cmd, env, g, cat, o)
		if err != nil {
			return err
		}
		// The unlock runs on a context of its own with a short timeout
		// (apply.ReleaseTimeout): after an interrupt ctx is cancelled, and
		// the lock must be given back all the same.
		defer func() {
			if err := unlock(ctx); err != nil {
				fmt.Fprintf(env.Err, "Warning: %v; it expires by itself\n", err)
			}
		}()
	}
	state, err := observe(ctx, env, client)
	if err != nil {
		return &ExitError{Code: 1, Err: fmt.Errorf("read %s: %w", client.Repo(), err)}
	}

	var p plan.Plan
	var skipped []plan.Skipped
	if saved != nil {
		p, skipped = saved.Refresh(state)
	} else {
		p = diff(cat, want, state, client.Repo(), today(env))
	}
	work := withoutDashboard(p)
	human := o.format == "text"
	if human {
		if err := p.Text(env.Out, styleFor(env)); err != nil {
			return err
		}
	}
	if err := writeOutputs(env, p); err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	for _, s := range skipped {
		fmt.Fprintf(env.Err, "Skipped %s %s %s: %s\n", s.Change.Action, s.Change.Kind, s.Change.ID, s.Why)
	}
	rep := applyReport{Repository: client.Repo(), Skipped: append([]plan.Skipped{}, skipped...), Applied: []apply.Applied{}, Problems: []apply.Problem{}}
	if p.Empty() {
		return finishApply(ctx, env, o, rep, nil)
	}
	if err := apply.Guard(work, openManaged(state), o.allowMassClose); err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	// Stdout carries the JSON result with --format json; people's text
	// (the question, progress) goes to stderr then.
	progress := env.Out
	if !human {
		progress = env.Err
	}
	// Without --max-writes a run makes what GitHub's hourly content limit
	// and the rate limit left allow; the next run continues.
	left := 0
	if o.maxWrites == 0 {
		work, left = batchWork(work, client.Stats(), cat != nil && cat.Dashboard != nil)
		if left > 0 {
			fmt.Fprintf(progress, "\nThis run makes the first %d changes; %d wait for the next run (GitHub's limits).\n", len(work.Changes), left)
		}
	}
	if work, err = recordWriterFirst(ctx, client, state, work); err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	if !o.yes {
		if err := confirm(ctx, env, progress, client.Repo(), len(work.Changes)); err != nil {
			return err
		}
	}
	res, applyErr := apply.Apply(ctx, client, work, apply.Options{
		Progress: progress, AllowMassClose: o.allowMassClose, OpenManaged: openManaged(state),
		// While the lock is held no other run can have made an issue since
		// the plan: the look before each create would find nothing.
		Locked: o.lock,
	})
	rep.Applied = append(rep.Applied, res.Applied...)
	rep.Skipped = append(rep.Skipped, res.Skipped...)
	rep.Problems = append(rep.Problems, res.Problems...)
	rep.Adopted = res.Adopted
	// The dashboard is refreshed after a run that had per-object problems
	// too: what was done is done and the report should show it.
	if (applyErr == nil || errors.Is(applyErr, apply.ErrProblems)) && cat != nil && cat.Dashboard != nil {
		now := after(state, res)
		if c, ok := plan.Dashboard(cat.Dashboard.Title, dashboardBody(cat, now, today(env)), now); ok {
			var dp plan.Plan
			dp.Add(c)
			dres, derr := apply.Apply(ctx, client, dp, apply.Options{Locked: o.lock})
			rep.Applied = append(rep.Applied, dres.Applied...)
			rep.Problems = append(rep.Problems, dres.Problems...)
			switch {
			case derr == nil:
			case applyErr == nil:
				applyErr = derr
			default:
				applyErr = fmt.Errorf("%w\nthen refreshing the dashboard failed: %v", applyErr, derr)
			}
			if derr == nil && progress != nil {
				fmt.Fprintf(progress, "[dashboard] %s dashboard #%d\n", map[bool]string{true: "+", false: "~"}[c.Action == plan.Create], dres.Applied[0].Number)
			}
		}
	}
	for _, a := range rep.Applied {
		switch a.Action {
		case plan.Create:
			rep.Summary.Create++
		case plan.Update:
			rep.Summary.Update++
		case plan.Close:
			rep.Summary.Close++
		case plan.Reopen:
			rep.Summary.Reopen++
		}
	}
	rep.Writes = client.Stats().Writes
	if left > 0 && applyErr == nil {
		fmt.Fprintln(progress, "\n"+batchNote(len(res.Applied), left, rateOf(client.Stats())))
	}
	return finishApply(ctx, env, o, rep, applyErr)
}

// takeLock waits for and takes the lock label, through a client of its own
// so that --max-writes never keeps it from being given back. It is taken
// before the repository is read: a run that waited plans on what the other
// run left.
func takeLock(cmd *cobra.Command, env *Env, g *Global, cat *catalog.Catalog, o *applyOptions) (func(context.Context) error, error) {
	lc, err := writeClient(cmd.Context(), env, g, cat, writeOptions{maxWait: transportWait(o.maxWait)})
	if err != nil {
		return nil, err
	}
	// Lock shortens the 15 s poll to what is left of --max-wait, so the
	// waits never add up to more than the flag allows.
	unlock, err := apply.Lock(cmd.Context(), lc, apply.LockOptions{
		TTL: max(30*time.Minute, 2*o.maxWait), MaxWait: o.maxWait, Poll: 15 * time.Second,
		Now: env.Now, Sleep: env.Sleep, Progress: env.Err,
	})
	if err != nil && interrupted(cmd.Context()) {
		return nil, interruptedErr("Apply interrupted while waiting for the lock: nothing was changed.")
	}
	if err != nil {
		return nil, &ExitError{Code: 1, Err: err}
	}
	return unlock, nil
}

// transportWait is --max-wait for the GitHub client, which reads 0 as its
// default of 15 minutes: --max-wait 0 means no wait at all (a rate limit,
// or a retry that would have to wait, fails the run at once).
func transportWait(d time.Duration) time.Duration {
	if d == 0 {
		return time.Nanosecond
	}
	return d
}

// finishApply prints the result. A run an interrupt stopped (ctx) says what
// it did and exits with ExitInterrupted: what was made stays made, and the
// next run finishes the rest.
func finishApply(ctx context.Context, env *Env, o *applyOptions, rep applyReport, applyErr error) error {
	stopped := applyErr != nil && interrupted(ctx)
	if applyErr != nil {
		rep.Error = applyErr.Error()
	}
	if stopped {
		rep.Error = "interrupted: " + rep.Error
	}
	if o.format == "json" {
		enc := json.NewEncoder(env.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else if len(rep.Applied) > 0 || applyErr != nil {
		how := "complete"
		switch {
		case stopped:
			how = "interrupted"
		case errors.Is(applyErr, apply.ErrProblems):
			how = "finished with " + plural(len(rep.Problems), "problem")
		case applyErr != nil:
			how = "stopped"
		}
		end := "."
		if stopped {
			end = "; " + rerun
		}
		fmt.Fprintf(env.Out, "\nApply %s: %s%s\n", how, summaryLine(rep), end)
	}
	if stopped && o.format == "json" {
		// Stdout is the JSON result: the line goes to stderr.
		return interruptedErr("Apply interrupted: " + summaryLine(rep) + "; " + rerun)
	}
	if stopped {
		return &ExitError{Code: ExitInterrupted}
	}
	if applyErr != nil {
		return &ExitError{Code: 1, Err: applyErr}
	}
	return nil
}

// rerun ends the line of an interrupted apply.
const rerun = "re-run ghsync apply to finish the rest."

// summaryLine is what a run did: "3 created, 1 updated, 0 closed, 0 reopened (5 writes)".
func summaryLine(rep applyReport) string {
	return fmt.Sprintf("%d created, %d updated, %d closed, %d reopened (%s)",
		rep.Summary.Create, rep.Summary.Update, rep.Summary.Close, rep.Summary.Reopen, plural(rep.Writes, "write"))
}

// recordWriterFirst puts the dashboard record's update (plan.RecordWriter)
// before work when work creates issues and the record does not name the
// login ghsync writes as yet. Finding that login costs a request with a
// personal token, so it is asked only then.
func recordWriterFirst(ctx context.Context, client *ghapi.Client, state observed.State, work plan.Plan) (plan.Plan, error) {
	creates := false
	for _, c := range work.Changes {
		creates = creates || c.Kind == plan.KindIssue && c.Action == plan.Create
	}
	if !creates || !state.Listing.Recorded {
		return work, nil
	}
	writer, err := client.Writer(ctx)
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

func withoutDashboard(p plan.Plan) plan.Plan {
	out := p
	out.Changes = nil
	out.Summary = plan.Summary{}
	for _, c := range p.Changes {
		if c.Kind != plan.KindDashboard {
			out.Add(c)
		}
	}
	return out
}

func readPlanFile(path string) (plan.Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return plan.Plan{}, fmt.Errorf("read plan: %w", err)
	}
	defer f.Close()
	p, err := plan.Read(f)
	if err != nil {
		return plan.Plan{}, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// confirm asks a person at a terminal; without one it refuses, so a job that
// forgot --yes writes nothing. The answer is awaited until ctx ends too: a
// person who presses Ctrl-C at the question is not made to press it twice.
func confirm(ctx context.Context, env *Env, w io.Writer, repo string, n int) error {
	if !env.StdinTTY {
		return &ExitError{Code: 1, Err: fmt.Errorf("refusing to apply %s without confirmation: no terminal to ask on; re-run with --yes", plural(n, "change"))}
	}
	fmt.Fprintf(w, "\nApply %s to %s? Only 'yes' is accepted: ", plural(n, "change"), repo)
	type answer struct {
		line string
		err  error
	}
	got := make(chan answer, 1)
	// Left blocked on the terminal after an interrupt; the process ends.
	go func() {
		line, err := bufio.NewReader(env.In).ReadString('\n')
		got <- answer{line, err}
	}()
	var line string
	var err error
	select {
	case a := <-got:
		line, err = a.line, a.err
	case <-ctx.Done():
		fmt.Fprintln(w) // end the question's line
		return ctx.Err()
	}
	if err != nil && err != io.EOF {
		return &ExitError{Code: 1, Err: fmt.Errorf("read confirmation: %w", err)}
	}
	if strings.TrimSpace(line) != "yes" {
		return &ExitError{Code: 1, Err: fmt.Errorf("apply cancelled: nothing was changed")}
	}
	return nil
}

// styleFor colours text output only for a person at a terminal who has not
// asked for NO_COLOR.
func styleFor(env *Env) plan.Style {
	return plan.Style{Color: env.StdoutTTY && env.Getenv("NO_COLOR") == "" && env.Getenv("TERM") != "dumb"}
}

func planHasDashboard(p plan.Plan) bool {
	for _, c := range p.Changes {
		if c.Kind == plan.KindDashboard {
			return true
		}
	}
	return false
}
