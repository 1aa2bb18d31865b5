package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
)

const boardBlock = `
board:
  owner: octo-org
  title: Release board
sprints:
  weeks: 2
`

// newBoardHarness is the small catalog with a board: block, against a
// fake that knows the organisation.
func newBoardHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	h.fake.AddOrganization("octo-org")
	h.editCatalog(func(s string) string { return s + boardBlock })
	return h
}

func boardItemsByIssue(h *harness, number int) map[int]ghfake.BoardItem {
	out := map[int]ghfake.BoardItem{}
	for _, it := range h.fake.BoardItems("octo-org", number) {
		out[it.Issue] = it
	}
	return out
}

func graphqlRequests(h *harness) int {
	n := 0
	for _, r := range h.fake.Log() {
		if r.Path == "/graphql" {
			n++
		}
	}
	return n
}

// A fresh board: the Project is made, linked, given its fields, every
// blocker's issue becomes an item with its values (Status Todo), the
// status update is posted; the plan shows it all, its JSON carries it;
// a second apply makes no write.
func TestBoardFreshThenNothingToDo(t *testing.T) {
	h := newBoardHarness(t)
	r := h.mustRun("plan")
	for _, want := range []string{
		`+ board Release board`, `+ board field Priority`, `single select: P0, P1, P2, P3`,
		`+ board field Sprint`, `+ board item P0-001`, `Priority "P0"`, `Sprint "Sprint 2"`, `Target date "2026-02-22"`,
		`+ board item security`, `+ board status ON_TRACK`, "; 15 board changes.",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.out)
		}
	}
	r = h.mustRun("plan", "--format", "json")
	var pj struct {
		Changes []struct {
			Kind string `json:"kind"`
			ID   string `json:"id"`
		} `json:"changes"`
		Summary struct {
			Board int `json:"board"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(r.out), &pj); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, c := range pj.Changes {
		kinds[c.Kind]++
	}
	// The Project; Priority, Category, Effort, Gate, Sprint, Target date,
	// Synced status; 4 blockers' items and the 2 category trackers' (#16);
	// the status update.
	if pj.Summary.Board != 15 || kinds["board"] != 1 || kinds["board field"] != 6+1 || kinds["board item"] != 4+2 || kinds["board status"] != 1 {
		t.Errorf("plan JSON: summary %d, kinds %v", pj.Summary.Board, kinds)
	}
	r = h.mustRun("plan", "--format", "markdown")
	if !strings.Contains(r.out, "| create | update | close | reopen | board |") || !strings.Contains(r.out, "| `+` | board item | P0-001 |") {
		t.Errorf("Markdown plan:\n%s", r.out)
	}
	if h.writes() != 0 {
		t.Fatalf("plan wrote %d times", h.writes())
	}

	h.mustRun("apply", "--yes")
	n := h.fake.ProjectNumber("octo-org", "Release board")
	if n == 0 || !h.fake.ProjectLinked("octo-org", n, testRepo) {
		t.Fatalf("no linked Project (number %d)", n)
	}
	fields := h.fake.ProjectFields("octo-org", n)
	for _, want := range []string{"Priority (SINGLE_SELECT)", "Category (SINGLE_SELECT)", "Effort (NUMBER)", "Gate (TEXT)", "Sprint (ITERATION)", "Target date (DATE)", "Synced status (TEXT)", "Status (SINGLE_SELECT)", "Milestone (MILESTONE)"} {
		if !slices.Contains(fields, want) {
			t.Errorf("fields %v lack %s", fields, want)
		}
	}
	if got := h.fake.FieldOptions("octo-org", n, "Sprint"); len(got) != 4 || got[0] != "Sprint 1 2026-02-02 14d" {
		t.Errorf("sprints: %v", got)
	}
	items := boardItemsByIssue(h, n)
	p0 := blockerIssue(t, h, "P0-001")
	want := map[string]string{"Priority": "P0", "Category": "security", "Effort": "4", "Gate": "production",
		"Sprint": "Sprint 2", "Target date": "2026-02-22", "Status": "Todo", "Synced status": "Todo"}
	if got := items[p0.Number].Values; !mapsEqual(got, want) {
		t.Errorf("P0-001's item: %v\nwant %v", got, want)
	}
	if len(items) != 6 {
		t.Errorf("%d items, want 6 (4 blockers, 2 trackers)", len(items))
	}
	security := h.issues("Small test catalog tracker: security")
	if len(security) != 1 {
		t.Fatalf("security tracker: %+v", security)
	}
	if v := items[security[0].Number].Values; !mapsEqual(v, map[string]string{"Category": "security", "Status": "Todo", "Synced status": "Todo"}) {
		t.Errorf("the security tracker's item: %v", v)
	}
	if st := h.fake.BoardStatusUpdates("octo-org", n); len(st) != 1 || !strings.HasPrefix(st[0], "ON_TRACK: 0 of 4 blockers done; 0 of 1 gates met.") {
		t.Errorf("status updates: %q", st)
	}

	before, gql := h.writes(), graphqlRequests(h)
	r = h.run("plan", "--detailed-exitcode")
	if r.code != 0 || !strings.Contains(r.out, "No changes.") {
		t.Fatalf("plan after apply: exit %d\n%s%s", r.code, r.out, r.err)
	}
	h.mustRun("apply", "--yes")
	if h.writes() != before {
		t.Fatalf("second apply wrote %d times", h.writes()-before)
	}
	// Steady state: each run reads the board with two GraphQL queries
	// (find by title, read the Project).
	if got := graphqlRequests(h) - gql; got != 4 {
		t.Errorf("two runs in steady state sent %d GraphQL requests, want 4", got)
	}
}

// checkProgressCounts checks apply's progress lines count 1, 2, ... N of
// N, with no number skipped or past N: the board's status update and the
// dashboard, refreshed after the other changes, are its last two.
func checkProgressCounts(t *testing.T, out string) {
	t.Helper()
	next, of := 1, 0
	for _, line := range strings.Split(out, "\n") {
		var i, n int
		if _, err := fmt.Sscanf(line, "[%d/%d]", &i, &n); err != nil {
			continue
		}
		if i != next || (of != 0 && n != of) {
			t.Fatalf("progress line %q after [%d/%d]:\n%s", line, next-1, of, out)
		}
		next, of = i+1, n
	}
	if of == 0 || next-1 != of {
		t.Fatalf("progress ends at [%d/%d]:\n%s", next-1, of, out)
	}
}

// With a dashboard, apply refreshes the board's status update and the
// dashboard after the other changes; the progress counts them last, as the
// plan does: [N-1/N] and [N/N], no number skipped or past N.
func TestBoardProgressCountsTheReportChangesLast(t *testing.T) {
	h := newBoardHarness(t)
	h.editCatalog(func(s string) string { return s + "dashboard:\n  title: Progress\n" })
	r := h.mustRun("apply", "--yes")
	checkProgressCounts(t, r.out+r.err)
	for _, want := range []string{"+ board status ON_TRACK", "+ dashboard"} {
		if !strings.Contains(r.out+r.err, want) {
			t.Errorf("apply's progress lacks %q:\n%s", want, r.out+r.err)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A person's edits on the board stand: a Status they changed, a field of
// their own and its values, an item of their own, a value in a field
// ghsync does not manage. What the catalog changes is still synced (a
// milestone moved: Sprint and Target date), and a resolved blocker's
// item becomes Done.
func TestBoardKeepsPeoplesEdits(t *testing.T) {
	h := newBoardHarness(t)
	h.fake.SeedIssue(testRepo, ghfake.Issue{Title: "someone's bug", User: "bob"})
	h.mustRun("apply", "--yes")
	n := h.fake.ProjectNumber("octo-org", "Release board")
	p0, p1 := blockerIssue(t, h, "P0-001"), blockerIssue(t, h, "P1-005")
	bug := h.issues("someone's")[0].Number

	h.fake.SetBoardValue("octo-org", n, testRepo, p0.Number, "Status", "In Progress")
	h.fake.AddBoardField("octo-org", n, "Team", "SINGLE_SELECT", "core", "edge")
	h.fake.SetBoardValue("octo-org", n, testRepo, p0.Number, "Team", "edge")
	h.fake.AddBoardIssue("octo-org", n, testRepo, bug)
	h.fake.SetBoardValue("octo-org", n, testRepo, bug, "Priority", "P2")
	h.fake.AddDraftItem("octo-org", n, "an idea")

	before := h.writes()
	r := h.run("plan", "--detailed-exitcode")
	if r.code != 0 {
		t.Fatalf("a person's board edits planned changes:\n%s", r.out)
	}
	h.mustRun("apply", "--yes")
	if h.writes() != before {
		t.Fatalf("apply wrote %d times over a person's edits", h.writes()-before)
	}

	// The catalog moves P1-005 to M1 and resolves P0-001.
	h.editCatalog(func(s string) string {
		s = strings.Replace(s, "    milestone: M2\n    effort_hours: 12", "    milestone: M1\n    effort_hours: 12", 1)
		return strings.Replace(s, "    effort_hours: 4\n", "    effort_hours: 4\n    status: resolved\n", 1)
	})
	r = h.mustRun("plan")
	if !strings.Contains(r.out, `~ board item P0-001`) || !strings.Contains(r.out, `Status: "In Progress" -> "Done"`) {
		t.Errorf("plan of a resolved blocker's item:\n%s", r.out)
	}
	if !strings.Contains(r.out, `~ board item P1-005`) || !strings.Contains(r.out, `Sprint: "Sprint 4" -> "Sprint 2"`) {
		t.Errorf("plan of a moved blocker's item:\n%s", r.out)
	}
	h.mustRun("apply", "--yes")
	items := boardItemsByIssue(h, n)
	if v := items[p0.Number].Values; v["Status"] != "Done" || v["Team"] != "edge" {
		t.Errorf("P0-001's item: %v", v)
	}
	if v := items[p1.Number].Values; v["Sprint"] != "Sprint 2" || v["Target date"] != "2026-02-22" {
		t.Errorf("P1-005's item: %v", v)
	}
	if v := items[bug].Values; v["Priority"] != "P2" || len(v) != 1 {
		t.Errorf("the person's item: %v", v)
	}
	if len(h.fake.BoardItems("octo-org", n)) != 8 {
		t.Errorf("items: %+v", h.fake.BoardItems("octo-org", n))
	}

	// A person moves the Done item back: that stands too.
	h.fake.SetBoardValue("octo-org", n, testRepo, p0.Number, "Status", "In Progress")
	if r := h.run("plan", "--detailed-exitcode"); r.code != 0 {
		t.Errorf("a person's Status after Done planned changes:\n%s", r.out)
	}
}

// A token that cannot see Projects (the Actions GITHUB_TOKEN): plan says
// clearly what is needed and plans the rest; apply syncs the rest and
// ends as a partial stop, exit 1, saying so.
func TestBoardWithoutProjectAccess(t *testing.T) {
	h := newBoardHarness(t)
	h.fake.AddActionsToken("ghs_actions-t0ken")
	h.env["GITHUB_TOKEN"] = "ghs_actions-t0ken"
	r := h.mustRun("plan")
	for _, want := range []string{"the token cannot see it", "Resource not accessible by integration", "project scope", "docs/board.md", "Plan: 14 to create"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.out)
		}
	}
	r = h.run("apply", "--yes")
	if r.code != 1 || !strings.Contains(r.err, "the token cannot see it") {
		t.Errorf("apply: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if got := len(h.issues("P")); got != 4 {
		t.Errorf("the rest was not synced: %d blocker issues", got)
	}
}

// Without a board: block ghsync sends no GraphQL request at all.
func TestNoBoardNoGraphQL(t *testing.T) {
	h := newHarness(t)
	h.mustRun("plan")
	h.mustRun("apply", "--yes")
	h.mustRun("report")
	if n := graphqlRequests(h); n != 0 {
		t.Errorf("%d GraphQL requests without a board", n)
	}
}

// The cost of the board on a first sync of the bundled catalog (docs/board.md
// quotes these figures): the Project, 7 fields, 62 items (53 blockers, 9
// category trackers) added and their values set in one write each, one
// status update: 133 writes; 3 reads (the
// look for the Project, then its built-in fields once made); in steady state
// the board costs two GraphQL queries (2 points) and no write.
func TestBoardCostOfTheBundledCatalog(t *testing.T) {
	h := newBoardHarness(t)
	files, err := filepath.Glob("../../catalog/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("bundled catalog: %v", err)
	}
	dir := t.TempDir()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "board.yaml"), []byte("version: 1"+boardBlock), 0o644); err != nil {
		t.Fatal(err)
	}
	h.catalog = dir
	h.mustRun("apply", "--yes")
	count := func() (mutations map[string]int, items, patches, queries int) {
		mutations = map[string]int{}
		for _, r := range h.fake.Log() {
			switch {
			case r.Path == "/graphql" && r.Write:
				mutations[r.Operation]++
			case r.Path == "/graphql":
				queries++
			case strings.Contains(r.Path, "/projectsV2/") && r.Method == "POST":
				items++
			case strings.Contains(r.Path, "/projectsV2/") && r.Method == "PATCH":
				patches++
			}
		}
		return
	}
	m, items, patches, queries := count()
	want := map[string]int{"CreateProject": 1, "CreateProjectField": 7, "CreateProjectStatusUpdate": 1}
	if !reflect.DeepEqual(m, want) || items != 62 || patches != 62 || queries != 3 {
		t.Errorf("first sync: mutations %v, %d item adds, %d patches, %d queries; want %v, 62, 62, 3", m, items, patches, queries, want)
	}
	t.Logf("first sync of the bundled catalog: board writes %d (mutations %v, %d item adds, %d patches), board reads %d", m["CreateProject"]+m["CreateProjectField"]+m["CreateProjectStatusUpdate"]+items+patches, m, items, patches, queries)

	h.fake.ResetLog()
	h.mustRun("apply", "--yes")
	m, items, patches, queries = count()
	if len(m) != 0 || items+patches != 0 || queries != 2 || h.fake.Counts().Writes != 0 {
		t.Errorf("steady state: mutations %v, %d item writes, %d queries, %d writes; want none, 2 queries", m, items+patches, queries, h.fake.Counts().Writes)
	}

	// report reads the board with the same two queries (62 items: one
	// page), and nothing else of the Projects.
	h.fake.ResetLog()
	r := h.mustRun("report", "--format", "json")
	m, items, patches, queries = count()
	if len(m) != 0 || items+patches != 0 || queries != 2 || h.fake.Counts().Writes != 0 {
		t.Errorf("report: mutations %v, %d item requests, %d queries, %d writes; want 2 queries", m, items+patches, queries, h.fake.Counts().Writes)
	}
	var rep struct {
		Board struct {
			Found   bool `json:"found"`
			Managed int  `json:"managed"`
			Added   int  `json:"added"`
			Missing []any
		} `json:"board"`
	}
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatal(err)
	}
	if b := rep.Board; !b.Found || b.Managed != 62 || b.Added != 0 || len(b.Missing) != 0 {
		t.Errorf("report's board: %+v, want 62 managed items", b)
	}
	t.Logf("report of the bundled catalog with its board: %d GraphQL queries, %d reads in all", queries, h.fake.Counts().Reads)
}

// report shows the board: its title, the items by Status (a person's
// move counted as it is), the current sprint, what people added
// (counted, not named), a blocker whose issue is not on the board, the
// status update ghsync posted.
func TestReportShowsTheBoard(t *testing.T) {
	h := newBoardHarness(t)
	h.mustRun("apply", "--yes")
	n := h.fake.ProjectNumber("octo-org", "Release board")
	p0 := blockerIssue(t, h, "P0-001")
	h.fake.SetBoardValue("octo-org", n, testRepo, p0.Number, "Status", "In Progress")
	h.fake.AddDraftItem("octo-org", n, "<b>a person's</b> [draft](http://evil.example)")
	// A blocker's issue taken off the board by a person.
	p1 := blockerIssue(t, h, "P1-005")
	h.fake.DeleteBoardItem("octo-org", n, testRepo, p1.Number)
	h.fake.ResetLog()
	r := h.mustRun("report")
	for _, want := range []string{
		"Board: Release board (https://github.com/orgs/octo-org/projects/1)",
		"Items: 5 items ghsync manages; 1 item people added, left alone",
		"Status: Todo 4, In Progress 1",
		"Sprint: Sprint 1 (2026-02-02 to 2026-02-15), no blockers in it",
		"Update: on track (posted 2026-02-10)",
		"not on the board (ghsync apply adds them):",
		"P1-005",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("report lacks %q:\n%s", want, r.out)
		}
	}
	if strings.Contains(r.out, "draft") {
		t.Errorf("report names a person's item:\n%s", r.out)
	}
	if n := graphqlRequests(h); n != 2 {
		t.Errorf("report sent %d GraphQL requests, want 2", n)
	}
}

// A token that cannot see the board: report says so in one line, the rest
// is the report without a board, exit 0; gate neither reads nor minds the
// board.
func TestReportWithoutProjectAccess(t *testing.T) {
	h := newBoardHarness(t)
	h.mustRun("apply", "--yes")
	h.fake.AddActionsToken("ghs_actions-t0ken")
	h.env["GITHUB_TOKEN"] = "ghs_actions-t0ken"
	r := h.run("report")
	if r.code != 0 {
		t.Fatalf("report: exit %d\n%s%s", r.code, r.out, r.err)
	}
	line := "Board: Release board: the token cannot see it; see docs/board.md for the access it needs.\n"
	h.editCatalog(func(s string) string { return strings.Replace(s, boardBlock, "", 1) })
	plain := h.mustRun("report")
	if got := strings.Replace(r.out, "\n"+line, "", 1); got != plain.out {
		t.Errorf("report is not the report without a board and %q:\n%s\nwithout a board:\n%s", line, r.out, plain.out)
	}
	if strings.Contains(r.out+r.err, "ghs_actions-t0ken") {
		t.Error("the token was printed")
	}

	h.editCatalog(func(s string) string { return s + boardBlock })
	want := h.run("gate", "production")
	h.fake.ResetLog()
	h.env["GITHUB_TOKEN"] = "ghs_actions-t0ken"
	got := h.run("gate", "production")
	if got.code != want.code || got.out != want.out || graphqlRequests(h) != 0 {
		t.Errorf("gate with the board: exit %d, %d GraphQL requests\n%s\nwant exit %d\n%s", got.code, graphqlRequests(h), got.out, want.code, want.out)
	}
}

// A run stopped in the middle of the board (the write budget) is finished
// by the next: one Project, each item once, every value set.
func TestBoardStoppedApplyIsFinishedByARerun(t *testing.T) {
	for _, max := range []string{"21", "23", "29"} {
		t.Run(max, func(t *testing.T) {
			h := newBoardHarness(t)
			// The issues, trackers, links and sub-issues come first (20
			// writes): then the Project (21st), the fields (22nd-28th), the
			// first item's add (29th) and its values (30th).
			r := h.run("apply", "--yes", "--max-writes", max)
			if r.code == 0 {
				t.Fatalf("apply with --max-writes %s finished:\n%s", max, r.out)
			}
			h.mustRun("apply", "--yes")
			n := h.fake.ProjectNumber("octo-org", "Release board")
			if n != 1 {
				t.Fatalf("project number %d, want the one Project", n)
			}
			items := h.fake.BoardItems("octo-org", n)
			if len(items) != 6 {
				t.Fatalf("items: %+v", items)
			}
			for _, it := range items {
				if it.Values["Category"] == "" || it.Values["Status"] != "Todo" || it.Values["Synced status"] != "Todo" {
					t.Errorf("item of #%d: %v", it.Issue, it.Values)
				}
			}
			if r := h.run("plan", "--detailed-exitcode"); r.code != 0 {
				t.Errorf("not finished:\n%s", r.out)
			}
		})
	}
}

// A board write whose answer is lost (GitHub made it, then answered 502)
// is not repeated blindly: the run stops, and the next finds what was
// made: one Project, each item once with its values.
func TestBoardLostAnswers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault ghfake.Fault
	}{
		{"createProjectV2", ghfake.Fault{Method: "POST", Path: "/graphql", Nth: 2, Kind: ghfake.KindCommitThen502}},
		{"createProjectV2Field", ghfake.Fault{Method: "POST", Path: "/graphql", Nth: 5, Kind: ghfake.KindCommitThen502}},
		{"item add", ghfake.Fault{Method: "POST", Path: "/orgs/octo-org/projectsV2/1/items", Nth: 2, Kind: ghfake.KindCommitThen502}},
		{"item values", ghfake.Fault{Method: "PATCH", Path: "/orgs/octo-org/projectsV2/1/items/*", Nth: 3, Kind: ghfake.KindCommitThen502}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newBoardHarness(t)
			h.fake.Inject(tc.fault)
			r := h.run("apply", "--yes")
			if r.code == 0 && tc.fault.Method == "POST" {
				t.Fatalf("apply over a lost create finished:\n%s", r.out)
			}
			h.mustRun("apply", "--yes")
			if r := h.run("plan", "--detailed-exitcode"); r.code != 0 {
				t.Errorf("not finished:\n%s", r.out)
			}
			if n := h.fake.ProjectNumber("octo-org", "Release board"); n != 1 || len(h.fake.BoardItems("octo-org", 1)) != 6 {
				t.Fatalf("project %d, items %+v", n, h.fake.BoardItems("octo-org", 1))
			}
			fields := h.fake.ProjectFields("octo-org", 1)
			if len(fields) != 10+7 {
				t.Errorf("fields %v: want the 10 built-in and 7 of ghsync's, each once", fields)
			}
			if st := h.fake.BoardStatusUpdates("octo-org", 1); len(st) != 1 {
				t.Errorf("status updates %q", st)
			}
		})
	}
}

// A Project a person made whose Status has no "Todo" (GitHub's templates
// use Backlog, Ready, In progress, In review, Done): the run goes on, the
// plan notes the missing option, every item is added with its values,
// Done is set where it exists, and a second apply writes nothing.
func TestBoardStatusWithoutTodo(t *testing.T) {
	h := newBoardHarness(t)
	h.editCatalog(func(s string) string {
		return strings.Replace(s, "    effort_hours: 4\n", "    effort_hours: 4\n    status: resolved\n", 1)
	})
	n := h.fake.CreateProject("octo-org", "Release board")
	h.fake.SetFieldOptions("octo-org", n, "Status", "Backlog", "In progress", "Done")
	r := h.run("apply", "--yes")
	if r.code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.out+r.err, `option "Todo"`) {
		t.Errorf("apply does not note the missing Status option:\n%s%s", r.out, r.err)
	}
	items := boardItemsByIssue(h, n)
	if len(items) != 6 {
		t.Errorf("%d items, want 6", len(items))
	}
	p0 := blockerIssue(t, h, "P0-001")
	for num, it := range items {
		if it.Values["Category"] == "" {
			t.Errorf("item of #%d lacks its values: %v", num, it.Values)
		}
		if num == p0.Number {
			if it.Values["Status"] != "Done" || it.Values["Synced status"] != "Done" {
				t.Errorf("the resolved blocker's item: %v", it.Values)
			}
		} else if it.Values["Status"] != "" || it.Values["Synced status"] != "" {
			t.Errorf("item of #%d got a Status without a Todo option: %v", num, it.Values)
		}
	}
	before := h.writes()
	if r := h.run("plan", "--detailed-exitcode"); r.code != 0 {
		t.Errorf("plan after apply: exit %d\n%s", r.code, r.out)
	}
	h.mustRun("apply", "--yes")
	if h.writes() != before {
		t.Errorf("second apply wrote %d times", h.writes()-before)
	}
}

// A second open Project with the board's title, made by a person after
// ghsync's: ghsync keeps its own (linked to the repository, the lower
// number) whatever order GitHub lists them in, and the plan names the
// other and suggests board.number. With board.number set nothing is
// looked up by title.
func TestBoardSecondProjectOfTheSameTitle(t *testing.T) {
	h := newBoardHarness(t)
	h.mustRun("apply", "--yes")
	other := h.fake.CreateProject("octo-org", "Release board")
	r := h.run("plan", "--detailed-exitcode")
	if r.code != 0 {
		t.Fatalf("plan with a second Project of the title: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if want := fmt.Sprintf("other Projects have this title too (#%d); ghsync keeps #1", other); !strings.Contains(r.out+r.err, want) || !strings.Contains(r.out+r.err, "board.number: 1") {
		t.Errorf("plan lacks %q:\n%s%s", want, r.out, r.err)
	}
	before := h.writes()
	h.mustRun("apply", "--yes")
	if h.writes() != before || len(h.fake.BoardItems("octo-org", other)) != 0 {
		t.Errorf("apply wrote %d times, %d items on the person's Project", h.writes()-before, len(h.fake.BoardItems("octo-org", other)))
	}

	h.editCatalog(func(s string) string { return strings.Replace(s, "  title: Release board\n", "  number: 1\n", 1) })
	h.fake.ResetLog()
	if r := h.run("plan", "--detailed-exitcode"); r.code != 0 || strings.Contains(r.out, "other Projects") {
		t.Errorf("plan by number: exit %d\n%s", r.code, r.out)
	}
	for _, l := range h.fake.Log() {
		if l.Path == "/graphql" && l.Operation == "FindProject" {
			t.Errorf("a board named by number was looked up by title")
		}
	}
}

// board.names that the board cannot hold apart stop validate (and every
// command) at their file:line, exit 1, with nothing sent to GitHub.
func TestBoardNamesValidated(t *testing.T) {
	h := newBoardHarness(t)
	h.editCatalog(func(s string) string {
		return strings.Replace(s, "  title: Release board\n", "  title: Release board\n  names: {effort: priority, gate: Labels}\n", 1)
	})
	r := h.run("validate")
	if r.code != 1 || !strings.Contains(r.out+r.err, `board: names: priority and effort are both called "priority"`) ||
		!strings.Contains(r.out+r.err, `gate "Labels" is the name of one of GitHub's built-in Project fields`) || !strings.Contains(r.out+r.err, ".yaml:") {
		t.Errorf("validate: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if r := h.run("apply", "--yes"); r.code != 1 || h.writes() != 0 {
		t.Errorf("apply: exit %d, %d writes", r.code, h.writes())
	}
}

// A new Project's status field is GitHub's "Status": with board.names
// naming it otherwise, the plan says so and sets no Status (rather than
// every item failing on a field the new Project lacks).
func TestBoardNewProjectStatusName(t *testing.T) {
	h := newBoardHarness(t)
	h.editCatalog(func(s string) string {
		return strings.Replace(s, "  title: Release board\n", "  title: Release board\n  names: {status: Stage}\n", 1)
	})
	r := h.mustRun("plan")
	if !strings.Contains(r.out+r.err, `GitHub names a new Project's status field "Status"`) || strings.Contains(r.out, `Stage "Todo"`) {
		t.Errorf("plan:\n%s%s", r.out, r.err)
	}
	h.mustRun("apply", "--yes")
	if r := h.run("plan", "--detailed-exitcode"); r.code != 0 {
		t.Errorf("second plan: exit %d\n%s", r.code, r.out)
	}
}

// An owner or a Project number GitHub does not know is a mistake in the
// catalog, not a token that cannot see the board: plan and apply stop
// with an error naming it (and, for an owner that is a user, what to
// set), exit 1, nothing written.
func TestBoardNotFound(t *testing.T) {
	for _, tc := range []struct {
		name, block string
		want        []string
	}{
		{"a user as organization", "board:\n  owner: octo-user\n  title: Release board\n", []string{`organization "octo-user"`, "board.owner_type: user"}},
		{"no such owner", "board:\n  owner: nobody-here\n  title: Release board\n", []string{`"nobody-here"`, "board.owner"}},
		{"no such number", "board:\n  owner: octo-org\n  number: 7\n", []string{"board.number 7", "no Project #7"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.fake.AddOrganization("octo-org")
			h.fake.AddCollaborator(testRepo, "octo-user")
			h.fake.CreateProject("octo-user", "Release board")
			h.editCatalog(func(s string) string { return s + tc.block })
			for _, cmd := range [][]string{{"plan"}, {"apply", "--yes"}} {
				r := h.run(cmd...)
				if r.code != 1 || strings.Contains(r.out+r.err, "cannot see it, so ghsync leaves the board out") {
					t.Errorf("%s: exit %d\n%s%s", cmd[0], r.code, r.out, r.err)
				}
				for _, w := range tc.want {
					if !strings.Contains(r.err, w) {
						t.Errorf("%s: stderr lacks %q:\n%s", cmd[0], w, r.err)
					}
				}
			}
			if h.writes() != 0 {
				t.Errorf("%d writes", h.writes())
			}
		})
	}
}

// A person's status update stands: ghsync compares with its own last
// update (its "Posted by ghsync" line), not the newest by anyone, so it
// does not post over the person's while its standing is unchanged; once
// the standing changes it posts.
func TestBoardKeepsAPersonsStatusUpdate(t *testing.T) {
	h := newBoardHarness(t)
	h.mustRun("apply", "--yes")
	n := h.fake.ProjectNumber("octo-org", "Release board")
	h.fake.PostStatusUpdate("octo-org", n, "AT_RISK", "The vendor is late; see the thread.")
	before := h.writes()
	if r := h.run("plan", "--detailed-exitcode"); r.code != 0 {
		t.Errorf("plan over a person's status update: exit %d\n%s", r.code, r.out)
	}
	h.mustRun("apply", "--yes")
	if h.writes() != before || len(h.fake.BoardStatusUpdates("octo-org", n)) != 2 {
		t.Errorf("apply wrote %d times; updates %q", h.writes()-before, h.fake.BoardStatusUpdates("octo-org", n))
	}
	// The catalog resolves a blocker: ghsync's text changes, it posts.
	// One 4-hour blocker closed is a small velocity, at which the forecast
	// misses the due dates: at risk, by the forecast.
	h.editCatalog(func(s string) string {
		return strings.Replace(s, "    effort_hours: 4\n", "    effort_hours: 4\n    status: resolved\n", 1)
	})
	h.mustRun("apply", "--yes")
	st := h.fake.BoardStatusUpdates("octo-org", n)
	if len(st) != 3 || !strings.HasPrefix(st[2], "AT_RISK: 1 of 4 blockers done") || !strings.Contains(st[2], "\nForecast to miss the due date at the current velocity: ") {
		t.Errorf("updates %q", st)
	}
}

// A blocker removed from the catalog: ghsync archives the item it added
// (planned as "- board item ID (archived)"), once; a person's own item
// (no record) is never archived; an item a person archived stays
// archived and plans nothing.
func TestBoardArchivesRemovedBlockersItems(t *testing.T) {
	h := newBoardHarness(t)
	h.fake.SeedIssue(testRepo, ghfake.Issue{Title: "someone's bug", User: "bob"})
	h.mustRun("apply", "--yes")
	n := h.fake.ProjectNumber("octo-org", "Release board")
	bug := h.issues("someone's")[0].Number
	h.fake.AddBoardIssue("octo-org", n, testRepo, bug)
	pool, p0 := blockerIssue(t, h, "P1-005"), blockerIssue(t, h, "P0-001")
	h.fake.ArchiveBoardItem("octo-org", n, testRepo, p0.Number)
	if r := h.run("plan", "--detailed-exitcode"); r.code != 0 {
		t.Fatalf("plan over a person's archived item: exit %d\n%s", r.code, r.out)
	}

	h.editCatalog(func(s string) string { return s[:strings.Index(s, "  - id: P1-005")] + boardBlock })
	r := h.mustRun("plan")
	if !strings.Contains(r.out, "- board item P1-005 (archived)") {
		t.Errorf("plan lacks the archive:\n%s", r.out)
	}
	h.mustRun("apply", "--yes")
	items := boardItemsByIssue(h, n)
	if !items[pool.Number].Archived || items[bug].Archived || !items[p0.Number].Archived {
		t.Errorf("archived: P1-005 %v, the person's %v, P0-001 %v", items[pool.Number].Archived, items[bug].Archived, items[p0.Number].Archived)
	}
	for num, it := range items {
		if it.Archived && num != pool.Number && num != p0.Number && it.Values["Synced status"] == "" {
			t.Errorf("item of #%d without ghsync's record archived", num)
		}
	}
	before := h.writes()
	if r := h.run("plan", "--detailed-exitcode"); r.code != 0 {
		t.Errorf("plan after the archive: exit %d\n%s", r.code, r.out)
	}
	h.mustRun("apply", "--yes")
	if h.writes() != before {
		t.Errorf("second apply wrote %d times", h.writes()-before)
	}
	if v := boardItemsByIssue(h, n)[pool.Number].Values["Synced status"]; v != "archived by ghsync" {
		t.Errorf("the archived item's record: %q", v)
	}
	// A person restores it from the archive: it stands.
	h.fake.UnarchiveBoardItem("octo-org", n, testRepo, pool.Number)
	if r := h.run("plan", "--detailed-exitcode"); r.code != 0 {
		t.Errorf("plan over an item a person restored: exit %d\n%s", r.code, r.out)
	}
	h.mustRun("apply", "--yes")
	if h.writes() != before || boardItemsByIssue(h, n)[pool.Number].Archived {
		t.Errorf("apply archived the restored item again (%d writes)", h.writes()-before)
	}
}

// A removed blocker comes back to the catalog: the item ghsync archived
// (its record says so) is restored and its values set again; an item a
// person archived stays archived.
func TestBoardRestoresItsArchiveWhenTheBlockerReturns(t *testing.T) {
	h := newBoardHarness(t)
	h.mustRun("apply", "--yes")
	n := h.fake.ProjectNumber("octo-org", "Release board")
	pool, p0 := blockerIssue(t, h, "P1-005"), blockerIssue(t, h, "P0-001")
	h.fake.ArchiveBoardItem("octo-org", n, testRepo, p0.Number)
	var full string
	h.editCatalog(func(s string) string { full = s; return s[:strings.Index(s, "  - id: P1-005")] + boardBlock })
	h.mustRun("apply", "--yes")
	if !boardItemsByIssue(h, n)[pool.Number].Archived {
		t.Fatal("P1-005's item was not archived")
	}
	h.editCatalog(func(string) string { return full })
	r := h.mustRun("plan")
	if !strings.Contains(r.out, `archive: "archived by ghsync" -> "restored"`) {
		t.Errorf("plan lacks the restore:\n%s", r.out)
	}
	h.mustRun("apply", "--yes")
	items := boardItemsByIssue(h, n)
	if it := items[pool.Number]; it.Archived || it.Values["Status"] != "Todo" || it.Values["Synced status"] != "Todo" {
		t.Errorf("P1-005's item after its return: %+v", it)
	}
	if !items[p0.Number].Archived {
		t.Error("the item a person archived was restored")
	}
	before := h.writes()
	if r := h.run("plan", "--detailed-exitcode"); r.code != 0 {
		t.Errorf("plan after the restore: exit %d\n%s", r.code, r.out)
	}
	h.mustRun("apply", "--yes")
	if h.writes() != before {
		t.Errorf("second apply wrote %d times", h.writes()-before)
	}
}

// An item deleted by a person between plan and apply is what an archive
// wants: the saved plan's archive is done, not a stop.
func TestBoardArchiveOfAnItemGoneSince(t *testing.T) {
	h := newBoardHarness(t)
	h.mustRun("apply", "--yes")
	n := h.fake.ProjectNumber("octo-org", "Release board")
	pool := blockerIssue(t, h, "P1-005")
	h.editCatalog(func(s string) string { return s[:strings.Index(s, "  - id: P1-005")] + boardBlock })
	out := filepath.Join(t.TempDir(), "plan.json")
	h.mustRun("plan", "--out", out)
	h.fake.DeleteBoardItem("octo-org", n, testRepo, pool.Number)
	if r := h.run("apply", "--yes", out); r.code != 0 || !strings.Contains(r.out+r.err, "- board item P1-005") {
		t.Fatalf("apply of the saved plan: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if r := h.run("plan"); strings.Contains(r.out, "board item") {
		t.Errorf("plan afterwards has board items to change:\n%s", r.out)
	}
}

// board.status names the options of ghsync's two states: with todo:
// Backlog a Project made from GitHub's template gets its items in
// Backlog, and a resolved blocker's in Done, with no note.
func TestBoardStatusOptionsMapped(t *testing.T) {
	h := newBoardHarness(t)
	h.editCatalog(func(s string) string {
		s = strings.Replace(s, "  title: Release board\n", "  title: Release board\n  status: {todo: Backlog}\n", 1)
		return strings.Replace(s, "    effort_hours: 4\n", "    effort_hours: 4\n    status: resolved\n", 1)
	})
	n := h.fake.CreateProject("octo-org", "Release board")
	h.fake.SetFieldOptions("octo-org", n, "Status", "Backlog", "Ready", "In progress", "In review", "Done")
	r := h.mustRun("apply", "--yes")
	if strings.Contains(r.out+r.err, "lacks option") {
		t.Errorf("a note about options:\n%s%s", r.out, r.err)
	}
	p0 := blockerIssue(t, h, "P0-001")
	for num, it := range boardItemsByIssue(h, n) {
		want := "Backlog"
		if num == p0.Number {
			want = "Done"
		}
		if it.Values["Status"] != want || it.Values["Synced status"] != want {
			t.Errorf("item of #%d: %v, want Status %s", num, it.Values, want)
		}
	}
	if r := h.run("plan", "--detailed-exitcode"); r.code != 0 {
		t.Errorf("second plan: exit %d\n%s", r.code, r.out)
	}
}
