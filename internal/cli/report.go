package cli

import (
	"bytes"
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/reconcile"
	"github.com/ghsync/ghsync/internal/report"
)

func newReportCmd(env *Env, g *Global) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Show progress from GitHub: done, hours left, gates, burndown and forecast (read-only)",
		Long: `Report reads the blockers' issues on GitHub and says how far the catalog's work
has come: done, open, dropped (closed as not planned or duplicate) and not yet
synced blockers, hours done and left per priority, category and milestone,
overdue milestones, the state of every gate, blocked work, and the totals the
sources declare but the catalog does not contain. It also shows the burndown
(hours left per week against the plan from the catalog's start through the
milestones' due dates), the velocity (hours closed per week over the last four
weeks), a forecast date for every milestone and gate (flagged when it misses the
due date; none when nothing was closed in four weeks) and the blockers ready
now (work left whose dependencies are all done). The history comes from the
dashboard issue's record, which apply keeps; before it, and without a
dashboard, from the issues' closing dates. It only reads: today's figures are
shown, never recorded (apply records them).

With a board: block it also reads the board (the GitHub Project, see
docs/board.md: two GraphQL queries, one more per 100 items beyond the first
100) and shows it: its items ghsync manages by Status, the current sprint
(what is in it, how much is done), the sprints over with work left, how many
items people added, the blockers whose issue is not on the board (apply adds
them) and the last status update ghsync posted. A token that cannot see the board gets
one line saying so; the rest of the report is unchanged. Without a board:
block report sends no GraphQL request. The dashboard issue does not show the
board.

--format html writes one self-contained page for people without GitHub
access: go/no-go per gate, the burndown and hours by category as inline SVG,
forecasts, blockers by priority and category. It loads nothing from the
network and links nowhere; save it with > progress.html.

Under GitHub Actions (GITHUB_STEP_SUMMARY set) the Markdown form is also
appended to the job summary.

Exit codes: 0 success; 1 error; 130 interrupted.`,
		Example: `  ghsync report
  ghsync report --format json | jq '.gates[] | {id, met}'
  ghsync report --format markdown > progress.md
  ghsync report --format html > progress.html`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd.Context(), env, g, format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json, markdown or html")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "markdown", "html"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func runReport(ctx context.Context, env *Env, g *Global, format string) error {
	if err := checkFormat(format, "text", "json", "markdown", "html"); err != nil {
		return err
	}
	cat, _, err := loadCatalog(env, g)
	if err != nil {
		return err
	}
	r, err := observeReport(ctx, env, g, cat)
	if err != nil {
		return err
	}
	r.GeneratedAt = env.Now().UTC()
	if err := r.Render(env.Out, format); err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	var md bytes.Buffer
	if err := r.Markdown(&md); err != nil {
		return fmt.Errorf("render the job summary: %w", err)
	}
	if err := appendStepSummary(env, md.String()); err != nil {
		return err
	}
	return nil
}

// observeReport reads the repository through a read-only client and builds
// the report for today (UTC).
func observeReport(ctx context.Context, env *Env, g *Global, cat *catalog.Catalog) (report.Report, error) {
	client, err := readOnlyClient(ctx, env, g, cat)
	if err != nil {
		return report.Report{}, err
	}
	_, r, err := reconcile.Report(ctx, client, cat, today(env))
	warnRenamed(env, client)
	return r, err
}
