package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO: replaced by the real command.
func newValidateCmd(env *Env, g *Global) *cobra.Command {
	return &cobra.Command{
		Use:    "validate",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("validate is not built yet")
		},
	}
}
