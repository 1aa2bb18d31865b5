package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO: replaced by the real command.
func newReportCmd(env *Env, g *Global) *cobra.Command {
	return &cobra.Command{
		Use:    "report",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("report is not built yet")
		},
	}
}
