package cli

import (
	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/budget"
)

func newShowCmd(env *Env, g *Global) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "show FILE",
		Short: "Print a plan saved with ghsync plan --out FILE (offline)",
		Long: `Show prints a saved plan as plan does (text, json or markdown), without reading
GitHub: what "ghsync apply FILE" would apply, for a reviewer.`,
		Example: `  ghsync plan --out plan.json && ghsync show plan.json
  ghsync show plan.json --format markdown >> "$GITHUB_STEP_SUMMARY"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runShow(env, g, args[0], format) },
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json or markdown")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "markdown"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runShow(env *Env, g *Global, path, format string) error {
	if err := checkFormat(format, "text", "json", "markdown"); err != nil {
		return err
	}
	p, err := readPlanFile(path)
	if err != nil {
		return err
	}
	switch format {
	case "json":
		return p.JSON(env.Out)
	case "markdown":
		return p.Markdown(env.Out)
	}
	if err := p.Text(env.Out, styleFor(env, g)); err != nil || p.Empty() {
		return err
	}
	// The writes are known offline; the rate limit is not.
	return writeEstimate(env.Out, budget.Estimate(p, estimateInterval(env.Getenv), budget.Rate{Remaining: -1}))
}
