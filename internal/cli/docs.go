package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// newDocsCmd writes the command reference from the commands themselves, so
// docs/commands cannot drift from --help (a test checks the committed copy).
func newDocsCmd(env *Env) *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:    "docs",
		Short:  "Write the command reference as Markdown (make docs)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			root := cmd.Root()
			root.DisableAutoGenTag = true
			if err := doc.GenMarkdownTree(root, dir); err != nil {
				return fmt.Errorf("write the command reference: %w", err)
			}
			fmt.Fprintf(env.Err, "wrote the command reference to %s\n", dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "docs/commands", "output `DIR`")
	return cmd
}
