package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/ghname"
)

// The errors that end a command other than with "Error: ..." and exit 1, in
// the manner of cli/cli's SilentError: a command returns one and Main
// turns it into the exit code. Any other error is printed and exits 1.
var (
	// errSilent exits 1 without a message: the command said why already
	// (validate's problems).
	errSilent = errors.New("silent error")
	// errPending exits 2: plan --detailed-exitcode found changes.
	errPending = errors.New("changes pending")
	// errGateNotMet exits 3: gate printed what holds it.
	errGateNotMet = errors.New("gate not met")
)

// ExitInterrupted is the exit code of a command stopped by SIGINT or
// SIGTERM, as shells report a process killed by SIGINT (128+2).
const ExitInterrupted = 130

// interruptedError exits ExitInterrupted, printing line as it is (it is
// not an error of the run: it says what the command did); "" prints
// nothing, the command having said it.
type interruptedError struct{ line string }

func (e *interruptedError) Error() string { return "interrupted: " + e.line }

// interruptedErr is the exit of a command an interrupt stopped, with the
// line that says what it did.
func interruptedErr(line string) error { return &interruptedError{line: line} }

// exitOf is the exit code of a command that returned err, and what to
// print on stderr ("" for nothing). ctx is the commands' context, command
// the path of the one that ran.
func exitOf(ctx context.Context, err error, command string) (int, string) {
	var ie *interruptedError
	switch {
	case err == nil:
		return 0, ""
	case errors.As(err, &ie):
		return ExitInterrupted, ie.line
	case interrupted(ctx) && errors.Is(err, context.Canceled) && command != "":
		// A read-only command writes its output only once it has read
		// everything: stopped while reading, it has written nothing.
		return ExitInterrupted, fmt.Sprintf("Interrupted: %s stopped before writing anything.", command)
	case errors.Is(err, errSilent):
		return 1, ""
	case errors.Is(err, errPending):
		return 2, ""
	case errors.Is(err, errGateNotMet):
		return 3, ""
	}
	return 1, "Error: " + err.Error()
}

// noArgs is cobra.NoArgs that says what to type: "ghsync plan octo/app"
// most likely meant --repo octo/app.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if _, _, err := ghname.SplitRepo(args[0]); err == nil {
		return fmt.Errorf("%s takes no arguments: to use the repository %s, pass --repo %s", cmd.CommandPath(), args[0], args[0])
	}
	return fmt.Errorf("%s takes no arguments, got %q (see %s --help)", cmd.CommandPath(), args[0], cmd.CommandPath())
}
