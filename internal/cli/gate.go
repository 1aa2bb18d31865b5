package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/report"
)

func newGateCmd(env *Env, g *Global) *cobra.Command {
	return &cobra.Command{
		Use:   "gate NAME",
		Short: "Exit 0 when a release gate is met on GitHub, 3 when it is not (read-only)",
		Long: `Gate evaluates one of the catalog's gates against the blockers' issues on
GitHub: a gate is met when enough of its blockers are closed as completed
("all", or a percentage such as 80%, computed exactly: 8 of 10 meets 80%).
A blocker closed as not planned or duplicate does not count as done.

It prints one line on stdout, such as "production: met (11/11 done)". When the
gate is not met it lists what holds it on stderr, one blocker per line:
ID, issue (- when none exists yet), status and title.

Exit codes: 0 met; 3 not met; 1 error (including an unknown gate); 130 interrupted.`,
		Example: `  ghsync gate production && echo go
  ghsync gate enterprise 2> holding.txt`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runGate(cmd.Context(), env, g, args[0]) },
	}
}

// runGate prints the gate's state: one line on stdout, what holds it on
// stderr (dropped blockers too: reopening one is a way out).
func runGate(ctx context.Context, env *Env, g *Global, name string) error {
	cat, _, err := loadCatalog(env, g)
	if err != nil {
		return err
	}
	if err := report.CheckGate(cat, name); err != nil {
		return err
	}
	r, err := observeReport(ctx, env, g, cat)
	if err != nil {
		return err
	}
	res, _ := r.Gate(name)
	fmt.Fprintln(env.Out, res.Summary())
	if res.Met {
		return nil
	}
	for _, it := range append(res.Holding, res.DroppedItems...) {
		fmt.Fprintln(env.Err, it.Line())
	}
	return errGateNotMet
}
