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
	path := env.Getenv("GITHUB_STEP_SUMMARY")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("append to the job summary: %w", err)
	}
	if _, err := f.WriteString(md + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("append to the job summary: %w", err)
	}
	return f.Close()
}

// writeOutputs gives a GitHub Actions step the plan's counts as outputs
// (changes, create, update, close, reopen) when the runner provides
// GITHUB_OUTPUT.
func writeOutputs(env *Env, p plan.Plan) error {
	path := env.Getenv("GITHUB_OUTPUT")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("write step outputs: %w", err)
	}
	s := p.Summary
	_, err = fmt.Fprintf(f, "changes=%d\ncreate=%d\nupdate=%d\nclose=%d\nreopen=%d\n", len(p.Changes), s.Create, s.Update, s.Close, s.Reopen)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write step outputs: %w", err)
	}
	return nil
}
