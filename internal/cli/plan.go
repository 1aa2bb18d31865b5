package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO: replaced by the real command.
func newPlanCmd(env *Env, g *Global) *cobra.Command {
	return &cobra.Command{
		Use:    "plan",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("plan is not built yet")
		},
	}
}
