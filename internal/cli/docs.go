package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// newDocsCmd writes the command reference from the commands themselves, so
// docs/commands cannot drift from --help (a test checks the committed copy).
func newDocsCmd(env *Env) *cobra.Command {
	var dir, man string
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
			if man == "" {
				return nil
			}
			if err := os.MkdirAll(man, 0o755); err != nil {
				return err
			}
			// A fixed date: the pages are committed, and must not change
			// with the day they were made.
			date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			header := &doc.GenManHeader{Title: "GHSYNC", Section: "1", Source: "ghsync", Manual: "ghsync manual", Date: &date}
			if err := doc.GenManTree(root, header, man); err != nil {
				return fmt.Errorf("write the man pages: %w", err)
			}
			fmt.Fprintf(env.Err, "wrote the man pages to %s\n", man)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "dir", "docs/commands", "output `DIR`")
	cmd.Flags().StringVar(&man, "man", "", "also write man pages (section 1) to `DIR`")
	return cmd
}
