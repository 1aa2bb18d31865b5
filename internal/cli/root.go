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
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/ghapi"
)

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
	// Signals delivers the process's interrupts (SIGINT, SIGTERM); nil for
	// none. The first cancels the command's context, so that apply stops
	// before its next request, gives back its lock and says what it did,
	// instead of dying with a lock held for half an hour and no word of
	// what was done. The second calls Exit(ExitInterrupted) at once: who
	// presses Ctrl-C twice wants out now. A channel, so tests interrupt a
	// run at the moment they choose.
	Signals <-chan os.Signal
	// Exit ends the process; os.Exit when nil. Only a second interrupt
	// calls it: otherwise Main returns the exit code.
	Exit func(code int)
	// GHAuthToken returns the token of the gh CLI's login ("" when gh is
	// not installed or not logged in): the token when none is set. nil
	// asks nothing.
	GHAuthToken func(ctx context.Context) string
	// GitRemote returns the URL of the clone's origin remote ("" outside
	// a clone): the repository when nothing else names one. nil asks
	// nothing.
	GitRemote func() string
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
		Sleep:     ghapi.Sleep,
		Signals:   notifyInterrupts(),
		Exit:      os.Exit,
		// Who uses gh needs no token or --repo of their own.
		GHAuthToken: ghAuthToken,
		GitRemote:   gitRemote,
	}
}

// ghAuthToken asks the gh CLI for its token, with a short timeout; "" when
// gh is not installed or not logged in.
func ghAuthToken(ctx context.Context) string {
	return run(ctx, "gh", "auth", "token")
}

// gitRemote is the URL of the origin remote of the clone ghsync runs in.
func gitRemote() string {
	return run(context.Background(), "git", "remote", "get-url", "origin")
}

// run is the trimmed standard output of a program, "" when it is missing,
// fails or takes more than 5 seconds.
func run(ctx context.Context, name string, args ...string) string {
	if _, err := exec.LookPath(name); err != nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// notifyInterrupts takes SIGINT and SIGTERM from their default (ending the
// process on the spot) for Main to handle. Buffered for both signals, so
// that the second is not lost while the first is being handled.
func notifyInterrupts() <-chan os.Signal {
	c := make(chan os.Signal, 2)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	return c
}

// errInterrupted is the cause of a command's context when an interrupt
// cancelled it.
var errInterrupted = errors.New("interrupted")

// interrupted reports whether ctx ended because of SIGINT or SIGTERM, as
// opposed to a timeout or the command finishing.
func interrupted(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), errInterrupted)
}

// withInterrupts is signal.NotifyContext with a second signal that does not
// wait: the first cancels the context the commands run under, the second
// exits with ExitInterrupted at once. stop ends the watch.
func withInterrupts(env *Env) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	if env.Signals == nil {
		return ctx, func() { cancel(nil) }
	}
	exit := env.Exit
	if exit == nil {
		exit = os.Exit
	}
	done := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for n := 0; ; n++ {
			select {
			case <-done:
				return
			case sig := <-env.Signals:
				if n == 0 {
					cancel(fmt.Errorf("%w by %v", errInterrupted, sig))
					continue
				}
				// Nothing is given back or summed up: the lock label of
				// --lock expires by itself, and a plan shows what is left.
				fmt.Fprintln(env.Err, "Interrupted again: exiting at once. Run ghsync plan to see what is left to do; a --lock label left behind expires by itself.")
				exit(ExitInterrupted)
				return
			}
		}
	}()
	return ctx, func() {
		close(done)
		<-watched
		cancel(nil)
	}
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Global holds the flags every command shares.
type Global struct {
	Catalog string
	Repo    string
	APIURL  string
	Verbose bool
	// FullListing reads every issue of the repository, not only those of
	// the creators the dashboard records.
	FullListing bool
	// NoColor turns colours off (as NO_COLOR does).
	NoColor bool
	// board is the board a catalog without a board: block gets: the
	// demo's, nil elsewhere.
	board *catalog.Board
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
  ghsync show FILE         print a plan saved with plan --out
  ghsync report            progress from GitHub: done, hours left, gates
  ghsync gate NAME         exit 0 when a go/no-go gate is met, 3 when not
  ghsync demo              all of it offline, against a fake GitHub

Authentication: GH_TOKEN, else GITHUB_TOKEN, else the gh CLI's login; or a GitHub App installation with
GHSYNC_APP_ID, GHSYNC_APP_INSTALLATION_ID and GHSYNC_APP_PRIVATE_KEY (or
GHSYNC_APP_PRIVATE_KEY_FILE). Tokens and keys are never printed.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	root.SetIn(env.In)
	root.SetOut(env.Out)
	root.SetErr(env.Err)
	pf := root.PersistentFlags()
	pf.StringVar(&g.Catalog, "catalog", "catalog", "catalog `PATH`: a YAML file, or a directory whose *.yaml/*.yml files are merged")
	pf.StringVar(&g.Repo, "repo", "", "target repository `OWNER/NAME` (default $GITHUB_REPOSITORY, else $GH_REPO, else the catalog's repository, else the clone's origin remote)")
	pf.StringVar(&g.APIURL, "api-url", "", "GitHub API base `URL` (default $GITHUB_API_URL, else https://api.github.com)")
	pf.BoolVarP(&g.Verbose, "verbose", "v", false, "log one line per GitHub request to stderr")
	pf.BoolVar(&g.NoColor, "no-color", false, "no colours in the output (also NO_COLOR; CLICOLOR_FORCE=1 forces them without a terminal)")
	pf.BoolVar(&g.FullListing, "full-listing", false, "read every issue of the repository, not only those opened by the creators the dashboard records")

	root.AddCommand(
		newVersionCmd(env),
		newValidateCmd(env, g),
		newImportCmd(env, g),
		newPlanCmd(env, g),
		newApplyCmd(env, g),
		newShowCmd(env, g),
		newReportCmd(env, g),
		newGateCmd(env, g),
		newDemoCmd(env, g),
		newDocsCmd(env),
	)
	return root
}

// Main runs the command line in args (os.Args[1:] when nil) and returns the
// exit code. The commands run under a context that env.Signals cancels; a
// command that an interrupt stopped exits with ExitInterrupted.
func Main(env *Env, args ...string) int {
	ctx, stop := withInterrupts(env)
	defer stop()
	root := NewRoot(env)
	if args != nil {
		root.SetArgs(args)
	}
	cmd, err := root.ExecuteContextC(ctx)
	path := ""
	if cmd != nil {
		path = cmd.CommandPath()
	}
	code, msg := exitOf(ctx, err, path)
	if msg != "" {
		fmt.Fprintln(env.Err, msg)
	}
	return code
}

func newVersionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of ghsync",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(env.Out, "ghsync %s\n", version())
			return nil
		},
	}
}
