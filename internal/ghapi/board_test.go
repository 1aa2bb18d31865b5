package ghapi

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/projectql"
)

var orgBoard = BoardRef{Owner: "octo-org", Kind: projectql.Organization, Title: "Release"}

// The board's whole round: find nothing, create the Project linked to the
// repository, a single-select and an iteration field, add an issue, set
// three fields in one PATCH, post a status update, and read it all back;
// queries count as reads, mutations as writes, and the points and the
// GraphQL bucket are kept apart from REST's.
func TestBoardRoundTrip(t *testing.T) {
	e := newEnv(t)
	e.fake.AddOrganization("octo-org")
	n := e.fake.SeedIssue(repo, ghfake.Issue{Title: "B-1"})
	c := e.client(t)
	ctx := context.Background()

	b, err := c.ObserveBoard(ctx, orgBoard)
	if err != nil {
		t.Fatal(err)
	}
	if b.Found || b.OwnerID == "" || b.RepoID == "" || b.NoAccess != "" {
		t.Fatalf("empty owner: %+v", b)
	}
	p, err := c.CreateProject(ctx, b.OwnerID, b.RepoID, "Release")
	if err != nil {
		t.Fatal(err)
	}
	prio, err := c.CreateBoardField(ctx, p.ID, FieldInput{Name: "Priority", DataType: "SINGLE_SELECT", Options: []string{"P0", "P1"}})
	if err != nil {
		t.Fatal(err)
	}
	sprint, err := c.CreateBoardField(ctx, p.ID, FieldInput{Name: "Sprint", DataType: "ITERATION", IterationStart: "2026-01-05", IterationDays: 14, Iterations: []string{"Sprint 1", "Sprint 2"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(prio.Options) != 2 || len(sprint.Iterations) != 2 || sprint.Iterations[1].Start != "2026-01-19" {
		t.Fatalf("fields: %+v %+v", prio, sprint)
	}
	ref := orgBoard
	ref.Number = p.Number
	item, err := c.AddBoardItem(ctx, ref, e.fake.IssueID(repo, n))
	if err != nil {
		t.Fatal(err)
	}
	effort, err := c.CreateBoardField(ctx, p.ID, FieldInput{Name: "Effort", DataType: "NUMBER"})
	if err != nil {
		t.Fatal(err)
	}
	before := e.fake.Counts().Writes
	if err := c.SetBoardItem(ctx, ref, item.DatabaseID, []ItemValue{
		{prio.DatabaseID, prio.Options[1].ID}, {sprint.DatabaseID, sprint.Iterations[1].ID}, {effort.DatabaseID, 12.5},
	}); err != nil {
		t.Fatal(err)
	}
	if w := e.fake.Counts().Writes - before; w != 1 {
		t.Errorf("setting three fields took %d writes, want 1", w)
	}
	if _, err := c.PostBoardStatus(ctx, p.ID, "AT_RISK", "2/3 gates met.\nPosted by ghsync."); err != nil {
		t.Fatal(err)
	}
	// A person's update since is not ghsync's last.
	e.fake.PostStatusUpdate("octo-org", p.Number, "OFF_TRACK", "Late.")

	got, err := c.ObserveBoard(ctx, orgBoard)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Found || got.Number != p.Number || !got.Linked || got.Status == nil || got.Status.Status != "AT_RISK" {
		t.Fatalf("read back: %+v", got)
	}
	// The day it was posted, for report: the fake's clock, to the second.
	if posted, now := got.Status.Posted, e.clk.Now(); posted.IsZero() || now.Sub(posted) > time.Minute || posted.Sub(now) > time.Minute {
		t.Errorf("status update posted %v", posted)
	}
	it, ok := got.ItemFor(repo, n)
	if !ok {
		t.Fatalf("no item for #%d: %+v", n, got.Items)
	}
	// Issue ids are past 2^31 (the fake's too): read from fullDatabaseId,
	// a BigInt sent as a string, they come back whole.
	if id := e.fake.IssueID(repo, n); it.IssueID != id || id <= 1<<31 || it.DatabaseID != item.DatabaseID {
		t.Errorf("ids: issue %d (want %d), item %d (want %d)", it.IssueID, id, it.DatabaseID, item.DatabaseID)
	}
	want := map[string]string{prio.ID: "P1", sprint.ID: "Sprint 2", effort.ID: "12.5"}
	for id, v := range want {
		if it.Values[id] != v {
			t.Errorf("value of %s = %q, want %q (all: %v)", id, it.Values[id], v, it.Values)
		}
	}
	if _, ok := got.Field("status"); !ok {
		t.Error("the built-in Status field was not read")
	}

	st := c.Stats()
	// Reads: the first find (no Project yet), then find and read; writes:
	// the Project, 3 fields, the item, the patch, the status update.
	if st.Writes != 7 || st.Reads != 3 {
		t.Errorf("stats: %d reads, %d writes; want 3 and 7", st.Reads, st.Writes)
	}
	// A point for each GraphQL document (3 queries, 5 mutations); REST
	// counts only the item's add and patch.
	if st.Points != 8 || st.GraphQLRemaining != 5000-8 {
		t.Errorf("points %d, graphql remaining %d; want 8 and %d", st.Points, st.GraphQLRemaining, 5000-8)
	}
	if st.RateRemaining != 5000-2 {
		t.Errorf("REST remaining %d, want %d", st.RateRemaining, 5000-2)
	}
	var ops []string
	for _, r := range e.fake.Log() {
		if r.Operation != "" {
			ops = append(ops, r.Operation)
		}
	}
	if !slices.Contains(ops, "ReadProject") || !slices.Contains(ops, "CreateProject") {
		t.Errorf("operations: %v", ops)
	}
}

// A token that cannot reach Projects is told apart from a failure: the
// board comes back with NoAccess saying what the token needs; the token
// never shows.
func TestBoardWithoutProjectAccess(t *testing.T) {
	for _, tc := range []struct {
		name, token string
		add         func(*ghfake.Server, string)
		want        string
	}{
		{"actions", "ghs_actionsTOKEN1234567890", (*ghfake.Server).AddActionsToken, "FORBIDDEN"},
		{"classic without project", "ghp_noprojectTOKEN1234567890", (*ghfake.Server).AddNoProjectScopeToken, "INSUFFICIENT_SCOPES"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.fake.AddOrganization("octo-org")
			tc.add(e.fake, tc.token)
			c := e.client(t, func(cfg *Config) { cfg.Token = tc.token })
			b, err := c.ObserveBoard(context.Background(), orgBoard)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.NoAccess, tc.want) || !strings.Contains(b.NoAccess, "project scope") || strings.Contains(b.NoAccess, tc.token) {
				t.Errorf("NoAccess = %q", b.NoAccess)
			}
		})
	}
	// An answer that quotes the request's Authorization header (a proxy,
	// a debugging endpoint): the token never shows in what comes back.
	t.Run("echoed token", func(t *testing.T) {
		const token = "ghp_echoedTOKEN1234567890"
		e := newEnv(t)
		e.fake.AddOrganization("octo-org")
		e.fake.Inject(ghfake.Fault{Method: "POST", Path: "/graphql", Kind: ghfake.KindStatus, Status: 403, Echo: true, Times: 10})
		c := e.client(t, func(cfg *Config) { cfg.Token = token })
		b, err := c.ObserveBoard(context.Background(), orgBoard)
		msg := fmt.Sprint(err) + b.NoAccess
		if err == nil && b.NoAccess == "" {
			t.Fatal("a 403 read as a board")
		}
		if strings.Contains(msg, token) || !strings.Contains(msg, "Authorization") {
			t.Errorf("the echoed token is not scrubbed (or was never echoed): %s", msg)
		}
	})
}

// Read-only mode sends queries (reads, though POSTs) and refuses
// mutations before anything is sent.
func TestBoardReadOnly(t *testing.T) {
	e := newEnv(t)
	e.fake.AddOrganization("octo-org")
	c := e.client(t, func(cfg *Config) { cfg.ReadOnly = true })
	b, err := c.ObserveBoard(context.Background(), orgBoard)
	if err != nil {
		t.Fatal(err)
	}
	before := len(e.fake.Log())
	if _, err := c.CreateProject(context.Background(), b.OwnerID, b.RepoID, "Release"); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("create in read-only mode: %v", err)
	}
	if n := len(e.fake.Log()) - before; n != 0 {
		t.Errorf("read-only mode sent %d requests", n)
	}
}

// GraphQL errors are typed: NOT_FOUND matches ErrNotFound, and a
// document the fake does not know is refused loudly, not answered.
func TestGraphQLErrors(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	_, err := c.ObserveBoard(context.Background(), orgBoard) // no such organisation
	var ge *GraphQLError
	if !errors.As(err, &ge) || !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown owner: %v", err)
	}
	err = c.graphql(context.Background(), "ask", "query Other { viewer { login } }", nil, nil)
	if !errors.As(err, &ge) || !strings.Contains(err.Error(), "unknown GraphQL document") {
		t.Fatalf("unknown document: %v", err)
	}
}

func TestGraphQLURL(t *testing.T) {
	for base, want := range map[string]string{
		"https://api.github.com/":     "https://api.github.com/graphql",
		"https://ghe.example/api/v3/": "https://ghe.example/api/graphql",
		"http://127.0.0.1:8080/":      "http://127.0.0.1:8080/graphql",
	} {
		u, err := parseBaseURL(base)
		if err != nil {
			t.Fatal(err)
		}
		if got := graphqlURL(u); got != want {
			t.Errorf("graphqlURL(%s) = %s, want %s", base, got, want)
		}
	}
}

// GraphQL's bucket is its own: spent, a query waits for its reset (from
// the X-RateLimit-* headers of the graphql resource) and goes on, and
// REST requests are not held up by it.
func TestGraphQLRateLimit(t *testing.T) {
	e := newEnvWith(t, func(o *ghfake.Options) { o.GraphQLLimit = 2 })
	e.fake.AddOrganization("octo-org")
	c := e.client(t, func(cfg *Config) { cfg.MaxWait = 2 * time.Hour })
	ctx := context.Background()
	for range 2 {
		if _, err := c.ObserveBoard(ctx, orgBoard); err != nil {
			t.Fatal(err)
		}
	}
	if st := c.Stats(); st.GraphQLRemaining != 0 || st.RateRemaining != -1 {
		t.Fatalf("stats after 2 points (REST not seen yet): %+v", st)
	}
	if _, err := c.ListLabels(ctx); err != nil {
		t.Fatalf("REST held up by GraphQL's bucket: %v", err)
	}
	if n := len(e.clk.Sleeps()); n != 0 {
		t.Fatalf("REST waited: %v", e.clk.Sleeps())
	}
	// A new client that may not wait an hour stops at GitHub's refusal
	// (403, RATE_LIMITED) instead of waiting or retrying.
	before := len(e.fake.Log())
	short := e.client(t)
	var rl *RateLimitError
	if _, err := short.ObserveBoard(ctx, orgBoard); !errors.As(err, &rl) || len(e.fake.Log()) != before+1 {
		t.Fatalf("a spent bucket with MaxWait 15m: %v (%d requests)", err, len(e.fake.Log())-before)
	}
	if _, err := c.ObserveBoard(ctx, orgBoard); err != nil {
		t.Fatalf("after the reset: %v", err)
	}
	sl := e.clk.Sleeps()
	if len(sl) != 1 || sl[0] < 59*time.Minute || sl[0] > 61*time.Minute {
		t.Errorf("waits %v, want one until the hour's reset", sl)
	}
}

// More Projects match the title than one page holds: an error saying to
// name the Project by number, never a choice among part of them.
func TestBoardFindMoreThanAPage(t *testing.T) {
	e := newEnv(t)
	e.fake.AddOrganization("octo-org")
	for i := 0; i < 101; i++ {
		e.fake.CreateProject("octo-org", "Release "+strings.Repeat("x", i%3))
	}
	_, err := e.client(t).ObserveBoard(context.Background(), orgBoard)
	if err == nil || !strings.Contains(err.Error(), "board.number") {
		t.Fatalf("101 Projects matching: %v", err)
	}
}

// Of several Projects with the title, the choice is the same whatever
// the order: linked to the repository first, then the lowest number;
// the others are named.
func TestBoardFindPrefersLinkedThenLowest(t *testing.T) {
	e := newEnv(t)
	e.fake.AddOrganization("octo-org")
	c := e.client(t)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		e.fake.CreateProject("octo-org", "Release")
	}
	b, err := c.ObserveBoard(ctx, orgBoard)
	if err != nil || b.Number != 1 || !slices.Equal(b.Others, []int{2, 3}) {
		t.Fatalf("none linked: %+v, %v", b, err)
	}
	b3, err := c.ObserveBoard(ctx, BoardRef{Owner: "octo-org", Kind: projectql.Organization, Number: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.LinkProject(ctx, b3.ID, b.RepoID); err != nil {
		t.Fatal(err)
	}
	b, err = c.ObserveBoard(ctx, orgBoard)
	if err != nil || b.Number != 3 || !b.Linked || !slices.Equal(b.Others, []int{1, 2}) {
		t.Fatalf("#3 linked: %+v, %v", b, err)
	}
}

// A FORBIDDEN at one item (an issue in a repository the token cannot
// read) leaves out that item and nothing else: the board is read, with
// its other items, and NoAccess stays empty. At the Project's level the
// same error type is no access.
func TestBoardItemForbidden(t *testing.T) {
	e := newEnv(t)
	e.fake.AddOrganization("octo-org")
	n := e.fake.SeedIssue(repo, ghfake.Issue{Title: "B-1"})
	num := e.fake.CreateProject("octo-org", "Release")
	e.fake.AddForbiddenItem("octo-org", num)
	e.fake.AddBoardIssue("octo-org", num, repo, n)
	b, err := e.client(t).ObserveBoard(context.Background(), orgBoard)
	if err != nil || b.NoAccess != "" || !b.Found {
		t.Fatalf("board with a forbidden item: %+v, %v", b, err)
	}
	if len(b.Items) != 1 || b.Items[0].Issue != n {
		t.Errorf("items %+v, want the one of #%d", b.Items, n)
	}
	top := &GraphQLError{Errors: []GraphQLErrorItem{{Type: "FORBIDDEN", Path: []any{"organization", "projectV2"}}}}
	deep := &GraphQLError{Errors: []GraphQLErrorItem{{Type: "FORBIDDEN", Path: []any{"organization", "projectV2", "items", "nodes", 0.0, "content"}}}}
	if !errors.Is(top, ErrNoProjectAccess) || errors.Is(deep, ErrNoProjectAccess) {
		t.Errorf("top-level FORBIDDEN is no access %v, an item's %v", errors.Is(top, ErrNoProjectAccess), errors.Is(deep, ErrNoProjectAccess))
	}
}

// An error at an item of this repository's issue (which may be
// ghsync's) is not skipped: left out, the item would be added and its
// values written again on every run. The read fails, naming the item.
func TestBoardErrorAtAnItemOfThisRepository(t *testing.T) {
	e := newEnv(t)
	e.fake.AddOrganization("octo-org")
	n := e.fake.SeedIssue(repo, ghfake.Issue{Title: "B-1"})
	num := e.fake.CreateProject("octo-org", "Release")
	e.fake.AddBoardIssue("octo-org", num, repo, n)
	e.fake.ForbidItemValues("octo-org", num, repo, n)
	_, err := e.client(t).ObserveBoard(context.Background(), orgBoard)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("(#%d of %s)", n, repo)) || errors.Is(err, ErrNoProjectAccess) {
		t.Fatalf("an error at this repository's item: %v", err)
	}
}

// A Project with more linked repositories than one page holds is an
// error, never a short read (which would miss the link and plan it).
func TestBoardMoreThanAPageOfRepositories(t *testing.T) {
	e := newEnv(t)
	e.fake.AddOrganization("octo-org")
	num := e.fake.CreateProject("octo-org", "Release")
	for i := 0; i < 101; i++ {
		r := fmt.Sprintf("octo-org/r%d", i)
		e.fake.AddRepo(r)
		e.fake.LinkRepository("octo-org", num, r)
	}
	_, err := e.client(t).ObserveBoard(context.Background(), orgBoard)
	if err == nil || !strings.Contains(err.Error(), "more than 100 fields or linked repositories") {
		t.Fatalf("101 linked repositories: %v", err)
	}
}
