package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO: replaced by the real command.
func newGateCmd(env *Env, g *Global) *cobra.Command {
	return &cobra.Command{
		Use:    "gate",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("gate is not built yet")
		},
	}
}
