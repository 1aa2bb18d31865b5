package cli

import (
	"bytes"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

type planOptions struct {
	format           string
	detailedExitCode bool
	out              string
}

func newPlanCmd(env *Env, g *Global) *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Show what apply would change on GitHub (read-only)",
		Long: `Plan compares the catalog with the repository's labels, milestones and issues and
shows every change apply would make. It only reads: the client it uses refuses
any write.

Exit codes: 0 success; 2 changes pending (only with --detailed-exitcode); 1 error;
130 interrupted (SIGINT, SIGTERM).

With --out FILE the plan is saved, with what it saw of every object it would
touch; "ghsync apply FILE" then applies exactly that plan and skips, with a
report, any object that changed on GitHub since.`,
		Example: `  ghsync plan --repo octo/app
  ghsync plan --format json | jq .summary
  ghsync plan --detailed-exitcode --out plan.json && echo in sync`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPlan(cmd, env, g, o)
		},
	}
	cmd.Flags().StringVar(&o.format, "format", "text", "output format: text, json or markdown")
	cmd.Flags().BoolVar(&o.detailedExitCode, "detailed-exitcode", false, "exit 2 when there are changes (0 none, 1 error)")
	cmd.Flags().StringVar(&o.out, "out", "", "save the plan to `FILE` for ghsync apply FILE")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "markdown"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func checkFormat(f string, allowed ...string) error {
	for _, a := range allowed {
		if f == a {
			return nil
		}
	}
	return &ExitError{Code: 1, Err: fmt.Errorf("unknown --format %q: use one of %v", f, allowed)}
}

func runPlan(cmd *cobra.Command, env *Env, g *Global, o *planOptions) error {
	if err := checkFormat(o.format, "text", "json", "markdown"); err != nil {
		return err
	}
	cat, want, err := loadCatalog(env, g)
	if err != nil {
		return err
	}
	client, err := readOnlyClient(cmd.Context(), env, g, cat)
	if err != nil {
		return err
	}
	state, err := observe(cmd.Context(), env, client)
	if err != nil {
		return &ExitError{Code: 1, Err: fmt.Errorf("read %s: %w", client.Repo(), err)}
	}
	p := diff(cat, want, state, client.Repo(), today(env))

	// What applying it would cost: writes, requests, time at the write
	// interval, and whether it fits GitHub's limits in one run.
	cost := estimate(p, client.Stats(), estimateInterval(env.Getenv))
	switch o.format {
	case "json":
		err = writePlanJSON(env.Out, p, cost)
	case "markdown":
		err = p.Markdown(env.Out)
	default:
		err = p.Text(env.Out, styleFor(env))
		if err == nil && !p.Empty() {
			err = writeEstimate(env.Out, cost)
		}
	}
	if err != nil {
		return err
	}
	if env.Getenv("GITHUB_STEP_SUMMARY") != "" {
		var md bytes.Buffer
		_ = p.Markdown(&md)
		if err := appendStepSummary(env, md.String()); err != nil {
			return &ExitError{Code: 1, Err: err}
		}
	}
	if err := writeOutputs(env, p); err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			return &ExitError{Code: 1, Err: fmt.Errorf("save plan: %w", err)}
		}
		if err := p.Save(f); err != nil {
			f.Close()
			return &ExitError{Code: 1, Err: fmt.Errorf("save plan: %w", err)}
		}
		if err := f.Close(); err != nil {
			return &ExitError{Code: 1, Err: fmt.Errorf("save plan: %w", err)}
		}
		fmt.Fprintf(env.Err, "Saved the plan to %s; apply it with: ghsync apply %s\n", o.out, o.out)
	}
	if o.detailedExitCode && !p.Empty() {
		return &ExitError{Code: 2}
	}
	return nil
}
