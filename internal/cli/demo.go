package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/words"
)

const (
	demoRepo  = "demo/erlmcp"
	demoToken = "demo-token-not-secret"
	// demoBoard is the Project the demo keeps for a catalog without a
	// board: block, in the demo organisation.
	demoBoard = "Release board"
)

func newDemoCmd(env *Env, g *Global) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Plan and apply the catalog against a fake GitHub, offline",
		Long: `Demo starts the project's strict fake GitHub in this process, on loopback only,
seeds it with a few unrelated issues, pull requests and a lower-case priority
label, makes the repository's owner an organisation with issue types and issue
fields (and asks for them, unless the catalog sets issue_types or issue_fields
itself), then shows the plan for the catalog (--catalog, default "catalog": in a checkout
of ghsync, the bundled erlmcp v3 catalog), applies it without pacing, shows the
board (a GitHub Project "Release board" of the organisation demo, when the
catalog has no board: block) as a table, and plans again to show that
nothing is left to do: the blockers as issues with their "blocked by" links, one tracker
issue per category with its blockers as sub-issues, and the dashboard. Then it closes a few
blockers as people would, dated over the last three weeks, applies again (the dashboard
records the day's figures) and reports: burndown, velocity, forecast per milestone and gate,
the blockers ready now, and the board. No network and no
token are needed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDemo(cmd, env, g)
		},
	}
}

// seedDemo gives the fake repository what a real one has: people's issues,
// pull requests mixed into the issues list, and a label that differs from
// the catalog's only in case, so adoption shows.
func seedDemo(s *ghfake.Server) {
	s.AddRepo(demoRepo)
	_ = s.SeedLabel(demoRepo, ghfake.Label{Name: "bug", Color: "d73a4a", Description: "Something isn't working"})
	_ = s.SeedLabel(demoRepo, ghfake.Label{Name: "priority/p0", Color: "ff0000", Description: "old hand-made label"})
	s.SeedIssue(demoRepo, ghfake.Issue{Title: "Crash when the config file is empty", Body: "Steps to reproduce: ...", State: "open", Labels: []string{"bug"}})
	s.SeedPull(demoRepo, "Add OTP 28 hibernation")
	s.SeedIssue(demoRepo, ghfake.Issue{Title: "Question: clustering over TLS?", State: "closed", StateReason: "completed"})
	s.SeedPull(demoRepo, "Fix typo in README")
	// The demo's owner is an organisation with issue types and fields,
	// which demoCatalog asks for.
	s.AddOrg(demoOwner, ghfake.Org{
		IssueTypes: []string{"Task", "Bug", "Feature"},
		IssueFields: []ghfake.IssueField{
			{Name: "Priority", DataType: "single_select", Options: catalog.Priorities},
			{Name: "Effort (hours)", DataType: "number"},
			{Name: "Due date", DataType: "date"},
		},
	})
}

// demoOwner is the organisation that owns demoRepo.
const demoOwner = "demo"

// demoSettings ask for the demo organisation's issue types and fields.
const demoSettings = `# Added by ghsync demo: its fake organisation has issue types and fields.
version: 1
issue_types:
  default: Task
  by_priority: {P0: Bug}
issue_fields:
  priority: Priority
  effort: Effort (hours)
  due: Due date
`

// demoCatalog is the catalog the demo runs: a copy of the one at path
// with demoSettings added, unless it sets issue types or fields itself
// (then path as it is). The bundled catalog does not ask for them, so
// that a user-owned repository is spared the warnings and a plan the two
// reads; the demo shows what they cost on an organisation's repository:
// no write more. remove deletes the copy.
func demoCatalog(path string) (dir string, remove func(), err error) {
	cat, _, err := catalog.Load(path)
	if err != nil || cat.IssueTypes != nil || cat.IssueFields != nil {
		return path, func() {}, nil // loadCatalog reports any error
	}
	dir, err = os.MkdirTemp("", "ghsync-demo-")
	if err != nil {
		return "", nil, fmt.Errorf("copy the catalog for the demo: %w", err)
	}
	remove = func() { os.RemoveAll(dir) }
	for i, f := range cat.Files {
		data, err := os.ReadFile(f)
		if err == nil {
			// Numbered, so the copies load in the original's order.
			err = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d-%s", i, filepath.Base(f))), data, 0o600)
		}
		if err != nil {
			remove()
			return "", nil, fmt.Errorf("copy the catalog for the demo: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "zzz-demo-github.yaml"), []byte(demoSettings), 0o600); err != nil {
		remove()
		return "", nil, fmt.Errorf("copy the catalog for the demo: %w", err)
	}
	return dir, remove, nil
}

func runDemo(cmd *cobra.Command, env *Env, g *Global) error {
	fake := ghfake.New(ghfake.Options{Token: demoToken, Now: env.Now})
	url, err := fake.Listen("127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("start the fake GitHub: %w", err)
	}
	defer fake.Close()
	seedDemo(fake)

	denv := demoEnv(env, url)
	dg := *g
	dg.APIURL, dg.Repo = "", ""
	dir, remove, err := demoCatalog(g.Catalog)
	if err != nil {
		return err
	}
	defer remove()
	dg.Catalog = dir
	dg.board = &catalog.Board{Owner: demoOwner, Title: demoBoard}
	out := env.Out
	step := func(title string) { fmt.Fprintf(out, "\n%s\n%s\n", title, strings.Repeat("=", len(title))) }

	step(fmt.Sprintf("1. ghsync plan (fake GitHub at %s, repository %s)", url, demoRepo))
	if err := runPlan(cmd, denv, &dg, &planOptions{format: "text"}); err != nil {
		return err
	}
	step("2. ghsync apply --yes (the plan above; no write pacing against the fake)")
	if err := runApply(cmd, denv, &dg, &applyOptions{yes: true, format: "text", maxWait: 0, hidePlan: true}, ""); err != nil {
		return err
	}
	c := fake.Counts()
	fmt.Fprintf(out, "The fake GitHub served %d reads and %d writes.\n", c.Reads, c.Writes)
	demoTrackers(out, fake)
	if err := demoBoardTable(out, fake, step); err != nil {
		return err
	}
	fake.ResetLog()
	step("3. ghsync plan again: nothing is left to do")
	if err := runPlan(cmd, denv, &dg, &planOptions{format: "text"}); err != nil {
		return err
	}
	c = fake.Counts()
	fmt.Fprintf(out, "(%d reads, %d writes)\n", c.Reads, c.Writes)
	step("4. Three weeks of work: people close blockers on GitHub")
	if err := demoWork(fake, env, denv, &dg); err != nil {
		return err
	}
	step("5. ghsync apply --yes: the dashboard records the day's figures (its history)")
	fake.ResetLog()
	if err := runApply(cmd, denv, &dg, &applyOptions{yes: true, format: "text", maxWait: 0, hidePlan: true}, ""); err != nil {
		return err
	}
	c = fake.Counts()
	fmt.Fprintf(out, "(%d reads, %d writes)\n", c.Reads, c.Writes)
	step("6. ghsync report: progress, burndown, forecast, ready now and the board, read back from GitHub")
	if err := runReport(cmd.Context(), denv, &dg, "text"); err != nil {
		return err
	}
	return demoGates(cmd, denv, &dg, step, 7)
}

// demoWork closes, as people would on GitHub, the first blockers with no
// dependencies of the two most urgent priorities, spread over the last
// three weeks, so that the report has a velocity and forecasts to show.
func demoWork(fake *ghfake.Server, env, denv *Env, g *Global) error {
	cat, _, err := loadCatalog(denv, g)
	if err != nil {
		return err
	}
	numbers := map[string]int{}
	for _, is := range fake.Issues(demoRepo) {
		if k, ok := marker.Find(is.Body); ok && k.Kind == marker.Blocker {
			numbers[k.ID] = is.Number
		}
	}
	now := env.Now().UTC()
	closed := 0
	for _, b := range cat.Blockers {
		n, ok := numbers[b.ID]
		if closed == demoClosed || !ok || len(b.DependsOn) > 0 || (b.Priority != "P0" && b.Priority != "P1") {
			continue
		}
		at := now.Add(-time.Duration(20-closed*2) * 24 * time.Hour)
		fake.EditIssue(demoRepo, n, func(is *ghfake.Issue) { is.State, is.StateReason, is.ClosedAt = "closed", "completed", &at })
		fmt.Fprintf(env.Out, "closed #%d %s (%s) on %s\n", n, b.ID, words.Hours(b.EffortHours), at.Format("2006-01-02"))
		closed++
	}
	return nil
}

// demoBoardTable shows the board's items as the Project's table view
// does: one row per item, a column per field ghsync manages, and Status.
func demoBoardTable(out io.Writer, fake *ghfake.Server, step func(string)) error {
	owner := demoOwner
	n := fake.ProjectNumber(owner, demoBoard)
	if n == 0 {
		return nil
	}
	step(fmt.Sprintf("The board: GitHub Project %q of %s, as its table shows it", demoBoard, owner))
	cols := []string{"Priority", "Category", "Effort", "Sprint", "Target date", "Gate", "Status"}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Issue\tBlocker\t"+strings.Join(cols, "\t"))
	for _, it := range fake.BoardItems(owner, n) {
		is, _ := fake.Issue(it.Repo, it.Issue)
		id, _, _ := strings.Cut(is.Title, ":")
		row := []string{fmt.Sprintf("#%d", it.Issue), id}
		if it.Draft != "" {
			row = []string{"-", it.Draft}
		}
		for _, c := range cols {
			v := it.Values[c]
			if v == "" {
				v = "-"
			}
			row = append(row, v)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, st := range fake.BoardStatusUpdates(owner, n) {
		fmt.Fprintf(out, "Status update: %s\n", strings.ReplaceAll(st, "\n", " "))
	}
	return nil
}

// demoClosed is how many blockers the demo closes.
const demoClosed = 8

// demoTrackers lists the tracker issues the apply made, with the progress
// GitHub shows on each: its sub-issues, closed of all.
func demoTrackers(out io.Writer, fake *ghfake.Server) {
	state := map[int]string{}
	issues := fake.Issues(demoRepo)
	for _, is := range issues {
		state[is.Number] = is.State
	}
	first := true
	for _, is := range issues {
		k, ok := marker.Find(is.Body)
		if !ok || k.Kind != marker.Tracker {
			continue
		}
		if first {
			fmt.Fprintln(out, "Trackers (GitHub shows each one's sub-issues as a progress bar):")
			first = false
		}
		subs := fake.SubIssues(demoRepo, is.Number)
		closed := 0
		for _, n := range subs {
			if state[n] == "closed" {
				closed++
			}
		}
		fmt.Fprintf(out, "  #%-4d %-48s %d/%d sub-issues closed\n", is.Number, is.Title, closed, len(subs))
	}
}

// demoGates runs ghsync gate for each of the catalog's gates: not met is
// what a fresh catalog shows, and no error of the demo.
func demoGates(cmd *cobra.Command, env *Env, g *Global, step func(string), first int) error {
	cat, _, err := loadCatalog(env, g)
	if err != nil {
		return err
	}
	for i, gt := range cat.Gates {
		step(fmt.Sprintf("%d. ghsync gate %s: exit 0 when met, 3 when not", first+i, gt.ID))
		err := runGate(cmd.Context(), env, g, gt.ID, &gateOptions{format: "text"})
		switch {
		case errors.Is(err, errGateNotMet):
			fmt.Fprintln(env.Out, "(exit 3: not met)")
		case err != nil:
			return err
		default:
			fmt.Fprintln(env.Out, "(exit 0: met)")
		}
	}
	return nil
}

// demoEnv is env with only the demo's own settings and the terminal's: a
// caller's token, GitHub App, job summary or step outputs must not leak
// into the demo (nor the demo's output into a real job's).
func demoEnv(env *Env, url string) *Env {
	denv := *env
	denv.Getenv = func(k string) string {
		switch k {
		case "GITHUB_TOKEN":
			return demoToken
		case "GITHUB_API_URL":
			return url
		case "GITHUB_REPOSITORY":
			return demoRepo
		case "NO_COLOR", "TERM":
			return env.Getenv(k)
		}
		return ""
	}
	return &denv
}
