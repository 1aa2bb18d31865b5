package cli

import (
	"errors"

	"github.com/spf13/cobra"
)

// TODO: replaced by the real command.
func newImportCmd(env *Env, g *Global) *cobra.Command {
	return &cobra.Command{
		Use:    "import",
		Hidden: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return errors.New("import is not built yet")
		},
	}
}
