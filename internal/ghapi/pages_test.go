package ghapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
)

// newEnvWith is newEnv with the fake's options edited.
func newEnvWith(t *testing.T, edit func(*ghfake.Options)) *fixture {
	t.Helper()
	clk := newClock()
	opts := ghfake.Options{Token: token, Now: clk.Now}
	edit(&opts)
	fake := ghfake.New(opts)
	url := fake.Start()
	t.Cleanup(fake.Close)
	fake.AddRepo(repo)
	return &fixture{fake: fake, clk: clk, log: &bytes.Buffer{}, url: url}
}

// seedMixed seeds n issues, every third a blocker's (B-<i>), with pull
// requests mixed in, and returns the blockers' numbers.
func seedMixed(f *ghfake.Server, n int) map[int]bool {
	managed := map[int]bool{}
	for i := 1; i <= n; i++ {
		switch {
		case i%7 == 0:
			f.SeedPull(repo, fmt.Sprintf("pull %d", i))
		case i%3 == 0:
			managed[f.SeedIssue(repo, ghfake.Issue{Title: fmt.Sprintf("B-%d", i), Body: marker.Wrap(marker.BlockerKey(fmt.Sprintf("B-%d", i)), "x")})] = true
		default:
			f.SeedIssue(repo, ghfake.Issue{Title: fmt.Sprintf("people's %d", i), User: "bob"})
		}
	}
	return managed
}

// GitHub pages the issues list of a big repository by cursors: page numbers
// past its limit get 422, and the next links carry only after=. go-github
// v60 sees NextPage == 0 on such a link; ghsync follows the link itself and
// reads every issue.
func TestCursorPagesAreReadToTheEnd(t *testing.T) {
	e := newEnvWith(t, func(o *ghfake.Options) { o.PageLimit = 150 })
	managed := seedMixed(e.fake, 420)
	c := e.client(t)
	st, err := c.Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Issues) != len(managed) {
		t.Fatalf("Observe read %d managed issues, want %d", len(st.Issues), len(managed))
	}
	for _, is := range st.Issues {
		if !managed[is.Number] {
			t.Errorf("#%d read but not managed", is.Number)
		}
	}
	cursors := 0
	for _, r := range e.requests() {
		if strings.Contains(r, "/issues?") && strings.Contains(r, "after=") {
			cursors++
		}
		if strings.Contains(r, " 422") {
			t.Errorf("a request was refused: %s", r)
		}
	}
	if cursors != 4 { // 420 items: 5 pages, the first without a cursor
		t.Errorf("%d cursor pages, want 4:\n%s", cursors, strings.Join(e.requests(), "\n"))
	}
	all, err := c.ListIssues(context.Background())
	if err != nil || len(all) != 420-420/7 {
		t.Fatalf("ListIssues: %d issues, %v; want %d", len(all), err, 420-420/7)
	}
}

// The fake refuses deep page numbers as GitHub does, and ghsync explains
// the 422 if it ever meets one.
func TestDeepPageNumberIsExplained(t *testing.T) {
	e := newEnvWith(t, func(o *ghfake.Options) { o.PageLimit = 150 })
	seedMixed(e.fake, 420)
	c := e.client(t)
	_, err := c.issuesPage(context.Background(), "list issues", c.repoPath("issues")+"?per_page=100&page=3", &bytes.Buffer{}, nil, false)
	if err == nil {
		t.Fatal("page 3 of a cursor-paged list was served")
	}
	for _, want := range []string{"422", "cursor based pagination", "more than about 9,900 items"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

// linkRewriter changes the Link header of issue lists.
type linkRewriter struct {
	next http.RoundTripper
	edit func(string) string
	mu   sync.Mutex
	seen []string // hosts requested
}

func (l *linkRewriter) RoundTrip(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.seen = append(l.seen, r.URL.Host)
	l.mu.Unlock()
	resp, err := l.next.RoundTrip(r)
	if err == nil && strings.HasSuffix(r.URL.Path, "/issues") {
		if v := resp.Header.Get("Link"); v != "" {
			resp.Header.Set("Link", l.edit(v))
		}
	}
	return resp, err
}

// A next link that leaves the API's origin, or that is not a URL, stops the
// listing with an error naming the host: never a short read, and the token
// never goes there.
func TestNextLinkThatCannotBeFollowedIsAnError(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(base string) func(string) string
		want string
	}{
		{"another host", func(base string) func(string) string {
			return func(v string) string {
				return strings.ReplaceAll(v, strings.TrimSuffix(base, "/"), "https://evil.example")
			}
		}, "points at evil.example, not at the API URL"},
		{"another port", func(base string) func(string) string {
			return func(v string) string { return strings.ReplaceAll(v, "127.0.0.1:", "127.0.0.1:1") }
		}, "not at the API URL"},
		{"not a URL", func(string) func(string) string {
			return func(string) string { return `<:nonsense>; rel="next"` }
		}, "is not a URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			seedMixed(e.fake, 250)
			lr := &linkRewriter{next: http.DefaultTransport, edit: tc.edit(e.url)}
			c := e.client(t, func(cfg *Config) { cfg.Transport = lr })
			_, err := c.Observe(context.Background())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Observe = %v, want an error with %q", err, tc.want)
			}
			for _, h := range lr.seen {
				if !strings.HasPrefix(h, "127.0.0.1:") {
					t.Errorf("a request went to %s", h)
				}
			}
			if strings.Contains(err.Error(), token) {
				t.Error("the token is in the error")
			}
		})
	}
}

// deleteAfterFirstPage deletes an issue once the first page of the issues
// list was answered, as a person could while ghsync reads.
type deleteAfterFirstPage struct {
	next   http.RoundTripper
	fake   *ghfake.Server
	number int
	once   sync.Once
}

func (d *deleteAfterFirstPage) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := d.next.RoundTrip(r)
	if err == nil && strings.HasSuffix(r.URL.Path, "/issues") && r.Method == http.MethodGet && !strings.Contains(r.URL.RawQuery, "page=") {
		d.once.Do(func() { d.fake.DeleteIssue(repo, d.number) })
	}
	return resp, err
}

// Issue #13.6: a person deletes an issue while ghsync pages through the
// list; later issues move up one place, and with page numbers the first
// issue of the next page would never be read. 99 older issues, 8 blockers
// and 40 newer ones: every blocker is still seen.
func TestDeletionWhileListingHidesNothing(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= 99; i++ {
		e.fake.SeedIssue(repo, ghfake.Issue{Title: fmt.Sprintf("old %d", i), User: "bob"})
	}
	managed := map[int]bool{}
	for i := 1; i <= 8; i++ {
		managed[e.fake.SeedIssue(repo, ghfake.Issue{Title: fmt.Sprintf("B-%d", i), Body: marker.Wrap(marker.BlockerKey(fmt.Sprintf("B-%d", i)), "x")})] = true
	}
	for i := 1; i <= 40; i++ {
		e.fake.SeedIssue(repo, ghfake.Issue{Title: fmt.Sprintf("new %d", i), User: "bob"})
	}
	c := e.client(t, func(cfg *Config) {
		cfg.Transport = &deleteAfterFirstPage{next: http.DefaultTransport, fake: e.fake, number: 5}
	})
	st, err := c.Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Issues) != len(managed) {
		t.Fatalf("Observe saw %d of the %d blockers:\n%s", len(st.Issues), len(managed), strings.Join(e.requests(), "\n"))
	}
}

// Without a deletion, a list whose numbers run on costs no extra request;
// a gap left by an old deletion costs one.
func TestGapCheckCost(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= 250; i++ {
		e.fake.SeedIssue(repo, ghfake.Issue{Title: fmt.Sprintf("%d", i)})
	}
	c := e.client(t)
	if _, err := c.ListIssues(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(e.requests()); n != 3 {
		t.Fatalf("%d requests for 3 pages:\n%s", n, strings.Join(e.requests(), "\n"))
	}
	e.fake.DeleteIssue(repo, 101) // the first of page 2 is gone for good
	e.fake.ResetLog()
	all, err := c.ListIssues(context.Background())
	if err != nil || len(all) != 249 {
		t.Fatalf("ListIssues: %d, %v", len(all), err)
	}
	if n := len(e.requests()); n != 4 {
		t.Fatalf("%d requests, want 3 pages and 1 re-read:\n%s", n, strings.Join(e.requests(), "\n"))
	}
}

// Outsiders' marker issues never reach a reader: Observe sets them apart
// and RecentIssues (apply's look before a create) leaves them out.
func TestUntrustedMarkerIssuesAreIgnored(t *testing.T) {
	e := newEnv(t)
	body := marker.Wrap(marker.BlockerKey("BLK-109"), "x")
	mine := e.fake.SeedIssue(repo, ghfake.Issue{Title: "mine", Body: body})
	evil := e.fake.SeedIssue(repo, ghfake.Issue{Title: "evil", Body: body, User: "mallory", State: "closed"})
	e.fake.AddCollaborator(repo, "ana")
	anas := e.fake.SeedIssue(repo, ghfake.Issue{Title: "ana's", Body: body, User: "ana"})
	app := e.fake.SeedIssue(repo, ghfake.Issue{Title: "app's", Body: body, User: "ghsync-app[bot]"})
	actions := e.fake.SeedIssue(repo, ghfake.Issue{Title: "actions'", Body: body, User: "github-actions[bot]"})
	listed := e.fake.SeedIssue(repo, ghfake.Issue{Title: "listed", Body: body, User: "carol"})

	c := e.client(t, func(cfg *Config) { cfg.Trusted = []string{"Carol"} })
	st, err := c.Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]bool{}
	for _, is := range st.Issues {
		got[is.Number] = true
	}
	for n, want := range map[int]bool{mine: true, evil: false, anas: true, app: false, actions: true, listed: true} {
		if got[n] != want {
			t.Errorf("#%d trusted = %v, want %v", n, got[n], want)
		}
	}
	if len(st.Ignored) != 2 || st.Ignored[0].Number != evil || st.Ignored[0].Author != "mallory" || st.Ignored[0].Entry != "BLK-109" {
		t.Fatalf("ignored = %+v", st.Ignored)
	}
	if s := st.Ignored[0].String(); !strings.Contains(s, fmt.Sprintf("#%d by mallory carries the marker of BLK-109: ignored", evil)) {
		t.Errorf("warning: %s", s)
	}
	// The app's bot is trusted once ghsync writes as it.
	c2 := e.client(t, func(cfg *Config) { cfg.Writer = "ghsync-app[bot]" })
	recent, err := c2.RecentIssues(context.Background(), 30)
	if err != nil {
		t.Fatal(err)
	}
	for _, is := range recent {
		if is.Number == evil || is.Number == listed {
			t.Errorf("RecentIssues returned #%d by %s", is.Number, is.Author)
		}
	}
	if len(recent) != 4 {
		t.Errorf("RecentIssues: %d issues, want mine, ana's, the app's and the Actions bot's", len(recent))
	}
}

// A renamed repository keeps answering at its old name with 301 (GET) and
// 307 (writes) to /repositories/<id>/...: ghsync checks that the
// repository itself moved, follows, resends the write (GitHub did not
// perform it), and says so.
func TestRenamedRepositoryIsFollowed(t *testing.T) {
	e := newEnv(t)
	e.fake.AddRepo("o/r")
	n := e.fake.SeedIssue(repo, ghfake.Issue{Title: "one", Body: marker.Wrap(marker.BlockerKey("B-1"), "x")})
	e.fake.RenameRepo(repo, "o/renamed")
	c := e.client(t)
	st, err := c.Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Issues) != 1 || c.Renamed() != "o/renamed" {
		t.Fatalf("issues %d, renamed %q", len(st.Issues), c.Renamed())
	}
	if _, err := c.UpdateIssue(context.Background(), n, IssuePatch{Title: ptr("retitled")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateIssue(context.Background(), IssueInput{Title: "two", Body: "b"}); err != nil {
		t.Fatal(err)
	}
	is, _ := e.fake.Issue("o/renamed", n)
	if is.Title != "retitled" || len(e.fake.Issues("o/renamed")) != 2 {
		t.Fatalf("after the writes: %+v, %d issues", is, len(e.fake.Issues("o/renamed")))
	}
	reqs := e.requests()
	if !strings.HasPrefix(reqs[0], "GET /repos/o/r/labels?per_page=100 301") || !strings.Contains(strings.Join(reqs, "\n"), "GET /repos/o/renamed/labels?per_page=100 200") {
		t.Fatalf("requests:\n%s", strings.Join(reqs, "\n"))
	}
	for _, r := range reqs[4:] { // after the redirect, the check and the re-send
		if strings.Contains(r, "/repos/o/r/") {
			t.Errorf("request to the old name after the rename was seen: %s", r)
		}
	}
}

// A transferred issue also answers 301, but the repository did not move:
// that stays a *TransferredError, and no rename is recorded.
func TestTransferIsNotARename(t *testing.T) {
	e := newEnv(t)
	n := e.fake.SeedIssue(repo, ghfake.Issue{Title: "one"})
	e.fake.TransferIssue(repo, n, "o/elsewhere")
	c := e.client(t)
	_, err := c.GetIssue(context.Background(), n)
	var te *TransferredError
	if !errors.As(err, &te) || c.Renamed() != "" {
		t.Fatalf("GetIssue = %v, renamed %q", err, c.Renamed())
	}
}

// After GitHub's content-creation limit refuses a create (here after 20
// in a minute, as seen in the wild), the rest of the run's creates are
// spaced CreateSpacing apart, which that limit lets through: every issue
// is created once, and only one create is refused.
func TestCreatesSlowDownAfterTheContentLimit(t *testing.T) {
	e := newEnvWith(t, func(o *ghfake.Options) { o.CreateLimit = 20 })
	c := e.client(t, func(cfg *Config) { cfg.WriteInterval = 0 })
	for i := range 30 {
		if _, err := c.CreateIssue(context.Background(), IssueInput{Title: fmt.Sprint(i), Body: "b"}); err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
	if got := len(e.fake.Issues(repo)); got != 30 {
		t.Fatalf("%d issues, want 30", got)
	}
	if s := c.Stats(); s.CreateSpacing != CreateSpacing {
		t.Errorf("stats = %+v", s)
	}
	// One wait of a minute (Retry-After) for the refused create, then 3 s
	// between the creates that follow.
	sleeps := e.clk.Sleeps()
	if len(sleeps) == 0 || sleeps[0] != time.Minute {
		t.Fatalf("sleeps %v", sleeps)
	}
	for _, d := range sleeps[1:] {
		if d != CreateSpacing {
			t.Fatalf("sleeps %v, want 60s then %s each", sleeps, CreateSpacing)
		}
	}
	if len(sleeps) != 10 { // creates 22 to 30 wait 3 s each
		t.Fatalf("sleeps %v", sleeps)
	}
	var refused int
	for _, r := range e.fake.Log() {
		if r.Status == http.StatusForbidden {
			refused++
		}
	}
	if refused != 1 {
		t.Errorf("%d creates refused, want 1", refused)
	}
}
