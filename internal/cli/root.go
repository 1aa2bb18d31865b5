// Package cli wires ghsync's commands: each file holds one command, which
// parses flags, builds its dependencies from the injected Env and calls the
// packages that do the work. No business logic lives here.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
)

// Version is set at build time with -ldflags "-X github.com/ghsync/ghsync/internal/cli.Version=...".
var Version = "dev"

// Env is everything a command may take from the outside world, injected so
// tests run commands with buffers, a fixed clock and a fake GitHub.
type Env struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// StdinTTY and StdoutTTY say whether a person is at a terminal.
	StdinTTY  bool
	StdoutTTY bool
	Getenv    func(string) string
	Now       func() time.Time
	// Sleep waits for d or until ctx ends; injected so retry waits are instant in tests.
	Sleep func(ctx context.Context, d time.Duration) error
}

// System is the Env of a real process.
func System() *Env {
	return &Env{
		In:        os.Stdin,
		Out:       os.Stdout,
		Err:       os.Stderr,
		StdinTTY:  isTerminal(os.Stdin),
		StdoutTTY: isTerminal(os.Stdout),
		Getenv:    os.Getenv,
		Now:       time.Now,
		Sleep: func(ctx context.Context, d time.Duration) error {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		},
	}
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// ExitError ends the process with Code; a nil Err means the command already
// said everything (for example plan --detailed-exitcode reporting changes).
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// Global holds the flags every command shares.
type Global struct {
	Catalog string
	Repo    string
	APIURL  string
	Verbose bool
	// FullListing reads every issue of the repository, not only those of
	// the creators the dashboard records.
	FullListing bool
}

// NewRoot builds the command tree.
func NewRoot(env *Env) *cobra.Command {
	g := &Global{}
	root := &cobra.Command{
		Use:   "ghsync",
		Short: "Keep GitHub issues, labels and milestones in sync with a blocker catalog",
		Long: `ghsync turns a catalog of work (YAML, schema v1) into GitHub issues, labels and
milestones, and keeps them in sync without losing what people did on GitHub.

  ghsync validate          check the catalog, with file:line for every mistake
  ghsync plan              show what would change on GitHub (read-only)
  ghsync apply             make the changes
  ghsync report            progress from GitHub: done, hours left, gates
  ghsync gate NAME         exit 0 when a go/no-go gate is met, 3 when not
  ghsync demo              all of it offline, against a fake GitHub

Authentication: GITHUB_TOKEN, else GH_TOKEN; or a GitHub App installation with
GHSYNC_APP_ID, GHSYNC_APP_INSTALLATION_ID and GHSYNC_APP_PRIVATE_KEY (or
GHSYNC_APP_PRIVATE_KEY_FILE). Tokens and keys are never printed.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetIn(env.In)
	root.SetOut(env.Out)
	root.SetErr(env.Err)
	pf := root.PersistentFlags()
	pf.StringVar(&g.Catalog, "catalog", "catalog", "catalog `PATH`: a YAML file, or a directory whose *.yaml/*.yml files are merged")
	pf.StringVar(&g.Repo, "repo", "", "target repository `OWNER/NAME` (default $GITHUB_REPOSITORY, else the catalog's repository)")
	pf.StringVar(&g.APIURL, "api-url", "", "GitHub API base `URL` (default $GITHUB_API_URL, else https://api.github.com)")
	pf.BoolVarP(&g.Verbose, "verbose", "v", false, "log one line per GitHub request to stderr")
	pf.BoolVar(&g.FullListing, "full-listing", false, "read every issue of the repository, not only those opened by the creators the dashboard records")

	root.AddCommand(
		newVersionCmd(env),
		newValidateCmd(env, g),
		newImportCmd(env, g),
		newPlanCmd(env, g),
		newApplyCmd(env, g),
		newReportCmd(env, g),
		newGateCmd(env, g),
		newDemoCmd(env, g),
		newDocsCmd(env),
	)
	return root
}

// Main runs the command line in args (os.Args[1:] when nil) and returns the exit code.
func Main(env *Env, args ...string) int {
	root := NewRoot(env)
	if args != nil {
		root.SetArgs(args)
	}
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintln(env.Err, "Error:", ee.Err)
		}
		return ee.Code
	}
	fmt.Fprintln(env.Err, "Error:", err)
	return 1
}

func newVersionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of ghsync",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(env.Out, "ghsync %s\n", Version)
			return nil
		},
	}
}
