package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/report"
)

func newGateCmd(env *Env, g *Global) *cobra.Command {
	var format string
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

Exit codes: 0 met; 3 not met; 1 error (including an unknown gate); 130 interrupted.`,
		Example: `  ghsync gate production && echo go
  ghsync gate enterprise 2> holding.txt`,
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
			return runGate(cmd.Context(), env, g, args[0], format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json (the gate's result as in the report's JSON)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
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
func runGate(ctx context.Context, env *Env, g *Global, name, format string) error {
	if err := checkFormat(format, "text", "json"); err != nil {
		return err
	}
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
