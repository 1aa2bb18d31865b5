package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO: replaced by the real command.
func newDemoCmd(env *Env, g *Global) *cobra.Command {
	return &cobra.Command{
		Use:    "demo",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("demo is not built yet")
		},
	}
}
