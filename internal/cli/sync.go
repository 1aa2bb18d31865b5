package cli

import (
	"fmt"
	"os"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/plan"
)

// warnRenamed says that the repository was renamed since the catalog or
// --repo named it (ghsync followed the rename).
func warnRenamed(env *Env, client *ghapi.Client) {
	if to := client.Renamed(); to != "" {
		fmt.Fprintf(env.Err, "Warning: %s was renamed to %s: update --repo or the catalog's repository (ghsync followed the rename)\n", client.Repo(), to)
	}
}

func today(env *Env) catalog.Date { return catalog.DateOf(env.Now().UTC()) }

// appendStepSummary adds Markdown to the GitHub Actions job summary when the
// runner provides one.
func appendStepSummary(env *Env, md string) error {
	return appendRunnerFile(env, "GITHUB_STEP_SUMMARY", md+"\n", "append to the job summary")
}

// writeOutputs gives a GitHub Actions step the plan's counts as outputs
// (changes, create, update, close, reopen) when the runner provides
// GITHUB_OUTPUT.
func writeOutputs(env *Env, p plan.Plan) error {
	s := p.Summary
	text := fmt.Sprintf("changes=%d\ncreate=%d\nupdate=%d\nclose=%d\nreopen=%d\n", len(p.Changes), s.Create, s.Update, s.Close, s.Reopen)
	return appendRunnerFile(env, "GITHUB_OUTPUT", text, "write step outputs")
}

// writeRemaining gives the step the number of the plan's changes a run
// left undone (a batch, a stop): remaining=N, 0 when it finished.
func writeRemaining(env *Env, n int) error {
	return appendRunnerFile(env, "GITHUB_OUTPUT", fmt.Sprintf("remaining=%d\n", max(n, 0)), "write step outputs")
}

// appendRunnerFile appends text to the file the Actions runner names in
// the variable key; nothing without a runner.
func appendRunnerFile(env *Env, key, text, what string) error {
	path := env.Getenv(key)
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		_, err = f.WriteString(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
