package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO: replaced by the real command.
func newApplyCmd(env *Env, g *Global) *cobra.Command {
	return &cobra.Command{
		Use:    "apply",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("apply is not built yet")
		},
	}
}
