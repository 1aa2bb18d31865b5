package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
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
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, _, err := loadCatalog(env, g)
			if err != nil {
				return err
			}
			name := args[0]
			known := make([]string, 0, len(cat.Gates))
			found := false
			for _, gt := range cat.Gates {
				known = append(known, gt.ID)
				found = found || gt.ID == name
			}
			// Checked before GitHub is read: a typo needs no network.
			if !found {
				if len(known) == 0 {
					return fmt.Errorf("unknown gate %q: the catalog defines no gates (add them under gates:)", name)
				}
				return fmt.Errorf("unknown gate %q: the catalog defines %s", name, strings.Join(known, ", "))
			}
			r, err := observeReport(cmd.Context(), env, g, cat)
			if err != nil {
				return err
			}
			res, _ := r.Gate(name)
			fmt.Fprintln(env.Out, res.Summary())
			if res.Met {
				return nil
			}
			for _, it := range res.Holding {
				fmt.Fprintln(env.Err, it.Line())
			}
			// Dropped blockers are part of why: reopening one is a way out.
			for _, it := range res.DroppedItems {
				fmt.Fprintln(env.Err, it.Line())
			}
			return errGateNotMet
		},
	}
}
