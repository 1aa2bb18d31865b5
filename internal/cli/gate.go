package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/reconcile"
	"github.com/ghsync/ghsync/internal/report"
)

// gateOptions are gate's flags.
type gateOptions struct {
	format string
	// status posts the result as the commit status ghsync/gate/NAME on
	// sha (default GITHUB_SHA).
	status bool
	sha    string
}

func newGateCmd(env *Env, g *Global) *cobra.Command {
	o := &gateOptions{}
	cmd := &cobra.Command{
		Use:   "gate NAME",
		Short: "Exit 0 when a release gate is met on GitHub, 3 when it is not (read-only)",
		Long: `Gate evaluates one of the catalog's gates against the blockers' issues on
GitHub: a gate is met when enough of its blockers are closed as completed
("all", or a percentage such as 80%, computed exactly: 8 of 10 meets 80%).
A blocker closed as not planned or duplicate does not count as done.

It prints one line on stdout, such as "production: met (11/11 done)". When the
gate is not met it lists what holds it on stderr, one blocker per line:
ID, issue (- when none exists yet), status and title.

With --status it also posts the result as the commit status ghsync/gate/NAME
(success or failure, "9/11 done: P0-004, P0-005 left", linking the dashboard)
on --sha (default $GITHUB_SHA), so a branch ruleset or a deployment job can
require the gate. That needs a token with statuses: write. A commit whose
newest ghsync/gate/NAME status already says the same is not posted again
(one read), so a scheduled run on an unchanged head writes nothing.

Exit codes: 0 met; 3 not met; 1 error (including an unknown gate); 130 interrupted.`,
		Example: `  ghsync gate production && echo go
  ghsync gate enterprise 2> holding.txt
  ghsync gate production --status --sha "$(git rev-parse HEAD)"`,
		Args: cobra.MaximumNArgs(1),
		// Gate names complete from the catalog (--catalog, else ./catalog).
		ValidArgsFunction: func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return gateNames(g.Catalog), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return listGates(env, g)
			}
			return runGate(cmd.Context(), env, g, args[0], o)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "text", "output format: text or json (the gate's result as in the report's JSON)")
	cmd.Flags().BoolVar(&o.status, "status", false, "also post the result as the commit status ghsync/gate/NAME (needs statuses: write)")
	cmd.Flags().StringVar(&o.sha, "sha", "", "commit to post the status on (default $GITHUB_SHA)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// postStatus posts st on the commit sha unless its newest status of that
// context already says the same: a scheduled run on an unchanged head and
// verdict writes nothing (GitHub keeps every status posted, up to 1,000 a
// commit and context).
func postStatus(ctx context.Context, env *Env, client *ghapi.Client, sha string, st ghapi.CommitStatus) error {
	same, err := client.Posted(ctx, sha, st)
	if err != nil {
		return err
	}
	if same {
		fmt.Fprintf(env.Err, "%s on %.12s already says %s: not posted again\n", st.Context, sha, st.State)
		return nil
	}
	return client.CreateStatus(ctx, sha, st)
}

// gateStatus is the commit status of a gate's result: success when met,
// failure when not, described as "9/11 done: P0-004, P0-005 left", linking
// the dashboard issue when there is one.
func gateStatus(res report.GateResult, s observed.State) ghapi.CommitStatus {
	st := ghapi.CommitStatus{State: "failure", Context: "ghsync/gate/" + res.ID,
		Description: fmt.Sprintf("%d/%d done", res.Done, res.Total)}
	if res.Met {
		st.State = "success"
	}
	var left []string
	for _, it := range res.Holding {
		left = append(left, it.ID)
	}
	if len(left) > 0 {
		st.Description += ": " + strings.Join(left, ", ") + " left"
	}
	if d, ok := s.Index(nil).Primary(marker.DashboardKey()); ok {
		st.TargetURL = d.HTMLURL
	}
	return st
}

// gateNames are the catalog's gates, for shell completion; none when the
// catalog does not load.
func gateNames(path string) []string {
	cat, problems, err := catalog.Load(path)
	if err != nil || catalog.HasErrors(problems) {
		return nil
	}
	names := make([]string, 0, len(cat.Gates))
	for _, gt := range cat.Gates {
		names = append(names, gt.ID+"\t"+gt.Title)
	}
	return names
}

// listGates answers "ghsync gate" without a name: the gates there are, and
// how to ask for one.
func listGates(env *Env, g *Global) error {
	cat, _, err := loadCatalog(env, g)
	if err != nil {
		return err
	}
	if len(cat.Gates) == 0 {
		return fmt.Errorf("the catalog defines no gates (add them under gates:); ghsync gate NAME checks one")
	}
	fmt.Fprintln(env.Out, "The catalog's gates (ghsync gate NAME checks one):")
	for _, gt := range cat.Gates {
		fmt.Fprintf(env.Out, "  %-16s %s\n", gt.ID, gt.Title)
	}
	return errors.New("name the gate to check: ghsync gate " + cat.Gates[0].ID)
}

// runGate prints the gate's state: one line on stdout, what holds it on
// stderr (dropped blockers too: reopening one is a way out).
func runGate(ctx context.Context, env *Env, g *Global, name string, o *gateOptions) error {
	format := o.format
	if err := checkFormat(format, "text", "json"); err != nil {
		return err
	}
	if o.status && o.sha == "" {
		if o.sha = env.Getenv("GITHUB_SHA"); o.sha == "" {
			return errors.New("--status needs the commit: pass --sha SHA, or run in GitHub Actions (GITHUB_SHA)")
		}
	}
	cat, _, err := loadCatalog(env, g)
	if err != nil {
		return err
	}
	if err := report.CheckGate(cat, name); err != nil {
		return err
	}
	var client *ghapi.Client
	if o.status {
		client, err = writeClient(ctx, env, g, cat, writeOptions{interval: estimateInterval(env.Getenv), maxWait: 15 * time.Minute})
	} else {
		client, err = readOnlyClient(ctx, env, g, cat)
	}
	if err != nil {
		return err
	}
	state, r, err := reconcile.Progress(ctx, client, cat, today(env))
	warnRenamed(env, client)
	if err != nil {
		return err
	}
	res, _ := r.Gate(name)
	if o.status {
		if err := postStatus(ctx, env, client, o.sha, gateStatus(res, state)); err != nil {
			return err
		}
	}
	if format == "json" {
		enc := json.NewEncoder(env.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Version int `json:"version"`
			report.GateResult
		}{report.FormatVersion, res}); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(env.Out, res.Summary())
	}
	if res.Met {
		return nil
	}
	if format != "json" {
		for _, it := range append(res.Holding, res.DroppedItems...) {
			fmt.Fprintln(env.Err, it.Line())
		}
	}
	return errGateNotMet
}
