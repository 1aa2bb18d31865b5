package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/plan"
	"github.com/ghsync/ghsync/internal/reconcile"
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
		Args: noArgs,
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
	return fmt.Errorf("unknown --format %q: use one of %v", f, allowed)
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
	p, err := reconcile.Plan(cmd.Context(), client, reconcile.Input{Catalog: cat, Want: want, Today: today(env), WriteInterval: estimateInterval(env.Getenv)})
	warnRenamed(env, client)
	if err != nil {
		return err
	}
	if err := renderPlan(env, g, o.format, p); err != nil {
		return err
	}
	if err := writeOutputs(env, p.Plan); err != nil {
		return err
	}
	if o.out != "" {
		if err := savePlan(env, o.out, p.Plan); err != nil {
			return err
		}
	}
	if o.detailedExitCode && !p.Plan.Empty() {
		return errPending
	}
	return nil
}

// renderPlan writes the plan in format, with its estimate, and to the job
// summary when there is one.
func renderPlan(env *Env, g *Global, format string, p reconcile.Planned) error {
	warnings := append([]string{}, p.Plan.Warnings...)
	if p.MassClose != nil {
		warnings = append(warnings, "apply will refuse this plan without --allow-mass-close: "+p.MassClose.Error())
	}
	var err error
	switch format {
	case "json":
		err = writePlanJSON(env.Out, p.Plan, p.Cost, warnings)
	case "markdown":
		err = writeMarkdownPlan(env.Out, p.Plan, warnings)
	default:
		err = p.Plan.Text(env.Out, styleFor(env, g))
		if err == nil && !p.Plan.Empty() {
			err = writeEstimate(env.Out, p.Cost)
		}
		for _, w := range warnings {
			fmt.Fprintf(env.Out, "\nWarning: %s\n", w)
		}
	}
	if err != nil || env.Getenv("GITHUB_STEP_SUMMARY") == "" {
		return err
	}
	var md bytes.Buffer
	_ = writeMarkdownPlan(&md, p.Plan, warnings)
	return appendStepSummary(env, md.String())
}

// writeMarkdownPlan is the Markdown plan with the warnings after it.
func writeMarkdownPlan(w io.Writer, p plan.Plan, warnings []string) error {
	if err := p.Markdown(w); err != nil {
		return err
	}
	for _, warn := range warnings {
		if _, err := fmt.Fprintf(w, "\n> [!WARNING]\n> %s\n", warn); err != nil {
			return err
		}
	}
	return nil
}

// savePlan writes p to path for "ghsync apply FILE".
func savePlan(env *Env, path string, p plan.Plan) error {
	f, err := os.Create(path)
	if err == nil {
		err = p.Save(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	fmt.Fprintf(env.Err, "Saved the plan to %s; apply it with: ghsync apply %s\n", path, path)
	return nil
}
