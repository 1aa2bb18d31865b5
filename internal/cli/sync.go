package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/ghsync/ghsync/internal/apply"
	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/plan"
	"github.com/ghsync/ghsync/internal/report"
)

// observer reads a repository's state.
type observer interface {
	Observe(ctx context.Context) (observed.State, error)
	Repo() string
}

// observe reads the repository and says what the reading found out on the
// way: a repository renamed since the catalog named it (ghsync followed it).
func observe(ctx context.Context, env *Env, client *ghapi.Client) (observed.State, error) {
	state, err := client.Observe(ctx)
	if to := client.Renamed(); to != "" {
		fmt.Fprintf(env.Err, "Warning: %s was renamed to %s: update --repo or the catalog's repository (ghsync followed the rename)\n", client.Repo(), to)
	}
	return state, err
}

// diff is the shared heart of plan, apply and demo: desired state (built
// from cat) and observed state in, plan out. The dashboard is planned from the state as it is now;
// apply refreshes it again from the state after its writes.
func diff(cat *catalog.Catalog, want desired.State, o observed.State, repo string, today catalog.Date) plan.Plan {
	p := plan.Diff(want, o, plan.Options{Repository: repo})
	if cat.Dashboard != nil {
		if c, ok := plan.Dashboard(cat.Dashboard.Title, dashboardBody(cat, o, today), o); ok {
			if len(p.Changes) > 0 {
				c.Reason = "the progress report is rewritten after the changes above"
			}
			p.Add(c)
		}
	}
	return p
}

// dashboardBody is the report as Markdown without a timestamp, so an
// unchanged repository renders the same body and costs no write.
func dashboardBody(cat *catalog.Catalog, o observed.State, today catalog.Date) string {
	return report.Build(cat, o, today).DashboardBody()
}

// after is the state GitHub holds once res was applied on top of o.
func after(o observed.State, res apply.Result) observed.State {
	out := o
	out.Issues = nil
	seen := map[int]bool{}
	for _, is := range o.Issues {
		if n, ok := res.Issues[is.Number]; ok {
			is = n
		}
		seen[is.Number] = true
		out.Issues = append(out.Issues, is)
	}
	for n, is := range res.Issues {
		if !seen[n] {
			out.Issues = append(out.Issues, is)
		}
	}
	return out
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

func openManaged(o observed.State) int { return o.Index(nil).OpenBlockerIssues() }

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

// plural writes "1 write", "2 writes".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
