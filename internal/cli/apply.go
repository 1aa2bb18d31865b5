package cli

import (
	"bufio"
	"bytes"
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
	"github.com/ghsync/ghsync/internal/plan"
	"github.com/ghsync/ghsync/internal/reconcile"
	"github.com/ghsync/ghsync/internal/words"
)

type applyOptions struct {
	yes            bool
	format         string
	allowMassClose bool
	writeInterval  time.Duration
	maxWrites      int
	maxWait        time.Duration
	lock           bool
	// hidePlan leaves the plan out of the output (the demo showed it).
	hidePlan bool
}

func newApplyCmd(env *Env, g *Global) *cobra.Command {
	o := &applyOptions{}
	cmd := &cobra.Command{
		Use:   "apply [FILE]",
		Short: "Make GitHub match the catalog",
		Long: `Apply plans afresh (or reads a plan saved with "ghsync plan --out FILE"), shows it,
asks for confirmation on a terminal, and makes the changes: labels first, then
milestones, then issues (dependencies before the blockers that link to them),
updates, closes and reopens, the board (a GitHub Project, when the catalog has
a board: block; see docs/board.md), and last the dashboard issue and the
board's status update.

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
			if err := o.complete(cmd, env); err != nil {
				return err
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
	o.writeInterval = time.Second
	f.Var(intervalFlag{&o.writeInterval}, "write-interval", "least time between two writes, as GitHub asks: a duration (1s, 500ms) or plain seconds (2); env GHSYNC_WRITE_INTERVAL; 0 disables")
	f.IntVar(&o.maxWrites, "max-writes", 0, "stop before the write after `N`; re-run to continue (0: as many as GitHub's hourly limits allow in one run, about 450 writes)")
	f.DurationVar(&o.maxWait, "max-wait", 15*time.Minute, "longest wait for a rate limit to reset (or, with --lock, for another run) before giving up")
	f.BoolVar(&o.lock, "lock", false, "hold the label "+apply.LockLabel+" while applying, so runs that overlap wait for each other")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// complete takes the write interval from GHSYNC_WRITE_INTERVAL when the
// flag was not given, and checks the flags.
func (o *applyOptions) complete(cmd *cobra.Command, env *Env) error {
	if !cmd.Flags().Changed("write-interval") {
		o.writeInterval = defaultWriteInterval(env.Getenv)
		if o.writeInterval < 0 {
			return fmt.Errorf("GHSYNC_WRITE_INTERVAL=%q is not a duration such as 1s or 500ms", env.Getenv("GHSYNC_WRITE_INTERVAL"))
		}
	}
	if o.maxWait < 0 {
		return fmt.Errorf("--max-wait %s is negative: give the longest wait, such as 5m, or 0 for none", o.maxWait)
	}
	return checkFormat(o.format, "text", "json")
}

// applyVersion is the version of apply's JSON result, which changes only
// when a field changes meaning or goes away (as the plan's and report's).
const applyVersion = 1

// applyReport is the JSON result of apply (--format json).
type applyReport struct {
	Version    int             `json:"version"`
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
	var ie *interruptedError
	if err != nil && interrupted(cmd.Context()) && !errors.As(err, &ie) {
		return interruptedErr("Apply interrupted before its first change: nothing was changed.")
	}
	return err
}

// applyRun reads the catalog (or a saved plan), takes the lock when asked,
// and hands the run to package reconcile, showing it through an applyView.
func applyRun(cmd *cobra.Command, env *Env, g *Global, o *applyOptions, file string) error {
	ctx := cmd.Context()
	in, err := applyInput(env, g, file)
	if err != nil {
		return err
	}
	client, err := writeClient(ctx, env, g, in.Catalog, writeOptions{interval: o.writeInterval, maxWrites: o.maxWrites, maxWait: transportWait(o.maxWait)})
	if err != nil {
		return err
	}
	if in.Saved != nil && in.Saved.Repository != client.Repo() {
		return fmt.Errorf("the plan in %s is for %s, not %s: make a new plan for this repository", file, in.Saved.Repository, client.Repo())
	}
	if o.lock {
		unlock, err := takeLock(cmd, env, g, in.Catalog, o)
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
	view := newApplyView(env, g, o, client)
	res, err := reconcile.Apply(ctx, client, in, reconcile.Options{
		AllowMassClose: o.allowMassClose, Batch: o.maxWrites == 0, Locked: o.lock,
		Confirm: view.confirm, Observer: view,
	})
	return finishApply(ctx, env, o, res, err)
}

// applyInput is what apply works from: the catalog, or a saved plan (with
// the catalog when it loads, to refresh the dashboard).
func applyInput(env *Env, g *Global, file string) (reconcile.Input, error) {
	in := reconcile.Input{Today: today(env)}
	if file == "" {
		cat, want, err := loadCatalog(env, g)
		in.Catalog, in.Want = cat, want
		return in, err
	}
	p, err := readPlanFile(file)
	if err != nil {
		return in, err
	}
	in.Saved = &p
	// The catalog is needed only to refresh the dashboard; a saved plan
	// applies without it.
	if c, problems, lerr := catalog.Load(g.Catalog); lerr == nil && !catalog.HasErrors(problems) {
		in.Catalog, in.Want = c, desired.Build(c)
	} else if planHasDashboard(p) {
		fmt.Fprintf(env.Err, "The dashboard will not be refreshed: it is rendered from the catalog, and %s could not be loaded (pass --catalog).\n", g.Catalog)
	}
	if g.Repo == "" && env.Getenv("GITHUB_REPOSITORY") == "" {
		g.Repo = p.Repository
	}
	return in, nil
}

// applyView shows an apply run as it goes (reconcile.Observer): the plan
// and the step outputs before any write, skipped changes, the batch, and
// apply's progress. Stdout carries the JSON result with --format json;
// people's text (the question, progress) goes to stderr then.
type applyView struct {
	env      *Env
	g        *Global
	o        *applyOptions
	client   *ghapi.Client
	progress io.Writer
}

func newApplyView(env *Env, g *Global, o *applyOptions, client *ghapi.Client) *applyView {
	v := &applyView{env: env, g: g, o: o, client: client, progress: env.Out}
	if o.format != "text" {
		v.progress = env.Err
	}
	return v
}

func (v *applyView) Planned(p reconcile.Planned) error {
	warnRenamed(v.env, v.client)
	if v.o.format == "text" && !v.o.hidePlan {
		if err := p.Plan.Text(v.env.Out, styleFor(v.env, v.g)); err != nil {
			return err
		}
	}
	if err := writeOutputs(v.env, p.Plan); err != nil {
		return err
	}
	for _, s := range p.Skipped {
		fmt.Fprintf(v.env.Err, "Skipped %s %s %s: %s\n", s.Change.Action, s.Change.Kind, s.Change.ID, s.Why)
	}
	// What the repository cannot hold (an issue type or field its owner
	// lacks) is said on stderr, so --format json output stays one object.
	for _, w := range p.Plan.Warnings {
		fmt.Fprintf(v.env.Err, "Warning: %s\n", w)
	}
	return nil
}

func (v *applyView) Batched(made, left int) {
	fmt.Fprintf(v.progress, "\nThis run makes the first %d changes; %d wait for the next run (GitHub's limits).\n", made, left)
}

func (v *applyView) Progress() io.Writer { return v.progress }

func (v *applyView) confirm(ctx context.Context, n int) error {
	if v.o.yes {
		return nil
	}
	// The question goes to stderr, never stdout: stdout may be a file or a
	// pipe even with a person at the terminal.
	return confirm(ctx, v.env, v.env.Err, v.client.Repo(), n)
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
		return nil, err
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
func finishApply(ctx context.Context, env *Env, o *applyOptions, res reconcile.Result, applyErr error) error {
	if applyErr != nil && !res.Applying {
		return applyErr // before any write: nothing to sum up
	}
	rep := applyReport{Version: applyVersion, Repository: res.State.Repository, Summary: res.Summary, Writes: res.Writes, Adopted: res.Adopted,
		Applied: append([]apply.Applied{}, res.Applied...), Skipped: append([]plan.Skipped{}, res.Skipped...),
		Problems: append([]apply.Problem{}, res.Problems...)}
	if err := writeRemaining(env, len(res.Plan.Changes)-len(res.Applied)); err != nil && applyErr == nil {
		applyErr = err
	}
	if res.Left > 0 && applyErr == nil {
		progress := env.Out
		if o.format != "text" {
			progress = env.Err
		}
		fmt.Fprintln(progress, "\n"+batchNote(res.Made, res.Left, res.Rate))
	}
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
		fmt.Fprintf(env.Out, "\nApply %s: %s%s\n", applyHow(applyErr, stopped, rep), summaryLine(rep), applyEnd(stopped))
	}
	switch {
	case stopped && o.format == "json":
		// Stdout is the JSON result: the line goes to stderr.
		return interruptedErr("Apply interrupted: " + summaryLine(rep) + "; " + rerun)
	case stopped:
		return interruptedErr("") // the line above said it
	}
	return applyErr
}

// applyHow is how a run ended, for its last line.
func applyHow(err error, stopped bool, rep applyReport) string {
	switch {
	case stopped:
		return "interrupted"
	case errors.Is(err, apply.ErrProblems):
		return "finished with " + words.Plural(len(rep.Problems), "problem")
	case err != nil:
		return "stopped"
	}
	return "complete"
}

func applyEnd(stopped bool) string {
	if stopped {
		return "; " + rerun
	}
	return "."
}

// rerun ends the line of an interrupted apply.
const rerun = "re-run ghsync apply to finish the rest."

// summaryLine is what a run did: "3 created, 1 updated, 0 closed, 0 reopened (5 writes)".
func summaryLine(rep applyReport) string {
	board := ""
	if rep.Summary.Board > 0 {
		board = ", " + words.Plural(rep.Summary.Board, "board change")
	}
	return fmt.Sprintf("%d created, %d updated, %d closed, %d reopened%s (%s)",
		rep.Summary.Create, rep.Summary.Update, rep.Summary.Close, rep.Summary.Reopen, board, words.Plural(rep.Writes, "write"))
}

func readPlanFile(path string) (plan.Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return plan.Plan{}, fmt.Errorf("read plan: %w", err)
	}
	p, err := plan.Read(bytes.NewReader(data))
	if err != nil {
		if isPlanJSON(data) {
			return plan.Plan{}, fmt.Errorf("%s is the output of ghsync plan --format json, which is for reading, not a saved plan: save one with ghsync plan --out %s", path, path)
		}
		return plan.Plan{}, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// isPlanJSON reports whether data is what plan --format json prints (a
// plan with its estimate, no file format).
func isPlanJSON(data []byte) bool {
	var v map[string]json.RawMessage
	if json.Unmarshal(data, &v) != nil {
		return false
	}
	_, changes := v["changes"]
	_, format := v["format"]
	return changes && !format
}

// confirm asks a person at a terminal; without one it refuses, so a job that
// forgot --yes writes nothing. The answer is awaited until ctx ends too: a
// person who presses Ctrl-C at the question is not made to press it twice.
func confirm(ctx context.Context, env *Env, w io.Writer, repo string, n int) error {
	if !env.StdinTTY {
		return fmt.Errorf("refusing to apply %s without confirmation: no terminal to ask on; re-run with --yes", words.Plural(n, "change"))
	}
	fmt.Fprintf(w, "\nApply %s to %s? Only 'yes' is accepted: ", words.Plural(n, "change"), repo)
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
		return fmt.Errorf("read confirmation: %w", err)
	}
	if strings.TrimSpace(line) != "yes" {
		return fmt.Errorf("apply cancelled: nothing was changed")
	}
	return nil
}

// styleFor colours text output for a person at a terminal, as most tools
// do (no-color.org, bixense.com/clicolors): --no-color or NO_COLOR turn it
// off, CLICOLOR_FORCE turns it on also without a terminal (a CI log that
// shows colours), TERM=dumb off.
func styleFor(env *Env, g *Global) plan.Style {
	switch {
	case g.NoColor || env.Getenv("NO_COLOR") != "":
		return plan.Style{}
	case env.Getenv("CLICOLOR_FORCE") != "" && env.Getenv("CLICOLOR_FORCE") != "0":
		return plan.Style{Color: true}
	}
	return plan.Style{Color: env.StdoutTTY && env.Getenv("TERM") != "dumb"}
}

func planHasDashboard(p plan.Plan) bool {
	for _, c := range p.Changes {
		if c.Kind == plan.KindDashboard {
			return true
		}
	}
	return false
}
