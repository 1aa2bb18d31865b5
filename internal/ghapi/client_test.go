package ghapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // milestone due dates are checked in US Pacific

	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

const (
	repo  = "o/r"
	token = "ghp_TESTtokenNEVERprintMe0123456789"
)

type fixture struct {
	fake *ghfake.Server
	clk  *fakeClock
	log  *bytes.Buffer
	url  string
}

// newEnv starts a fake GitHub holding o/r, on a clock shared with the client.
func newEnv(t *testing.T) *fixture {
	t.Helper()
	clk := newClock()
	fake := ghfake.New(ghfake.Options{Token: token, Now: clk.Now})
	url := fake.Start()
	t.Cleanup(fake.Close)
	fake.AddRepo(repo)
	return &fixture{fake: fake, clk: clk, log: &bytes.Buffer{}, url: url}
}

// client builds a client for the fake; edit adjusts the config.
func (e *fixture) client(t *testing.T, edit ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		Token: token, BaseURL: e.url, Repo: repo, UserAgent: "ghsync/test",
		Now: e.clk.Now, Sleep: e.clk.Sleep, Log: e.log,
	}
	for _, f := range edit {
		f(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// requests lists the fake's log as "METHOD path?query status".
func (e *fixture) requests() []string {
	var out []string
	for _, r := range e.fake.Log() {
		s := r.Method + " " + r.Path
		if r.Query != "" {
			s += "?" + r.Query
		}
		out = append(out, fmt.Sprintf("%s %d", s, r.Status))
	}
	return out
}

func (e *fixture) writes() int { return e.fake.Counts().Writes }

func ptr[T any](v T) *T { return &v }

func secs(n ...int) []time.Duration {
	out := []time.Duration{}
	for _, s := range n {
		out = append(out, time.Duration(s)*time.Second)
	}
	return out
}

func sleepsEqual(t *testing.T, clk *fakeClock, want []time.Duration) {
	t.Helper()
	got := clk.Sleeps()
	if got == nil {
		got = []time.Duration{}
	}
	if !slices.Equal(got, want) {
		t.Errorf("slept %v, want %v", got, want)
	}
}

func TestObservePaginatesAndSkipsPulls(t *testing.T) {
	e := newEnv(t)
	ms := e.fake.SeedMilestone(repo, ghfake.Milestone{Title: "M1"})
	e.fake.SeedMilestone(repo, ghfake.Milestone{Title: "M2", State: "closed"})
	isPull := map[int]bool{}
	managed := map[int]bool{}
	for i := 1; i <= 280; i++ { // 250 issues and 30 pull requests, mixed
		if i%9 == 0 && len(isPull) < 30 {
			isPull[e.fake.SeedIssue(repo, ghfake.Issue{Title: fmt.Sprintf("pull %d", i), Body: marker.Wrap(marker.BlockerKey(fmt.Sprintf("PR-%d", i)), "x"), PullRequest: true})] = true
			continue
		}
		is := ghfake.Issue{Title: fmt.Sprintf("issue %d", i), Labels: []string{"bug"}}
		switch i % 3 {
		case 0:
			is.Body = marker.Wrap(marker.BlockerKey(fmt.Sprintf("B-%d", i)), "managed")
		case 1:
			is.Body = "a person's issue that mentions ghsync:begin blocker=B-1 in passing"
		}
		if i%2 == 0 {
			is.State, is.StateReason = "closed", "completed"
			is.Milestone = ms
		}
		n := e.fake.SeedIssue(repo, is)
		if i%3 == 0 {
			managed[n] = true
		}
	}
	c := e.client(t)
	st, err := c.Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Repository != repo {
		t.Errorf("repository %q", st.Repository)
	}
	// Observe keeps only the issues with a ghsync marker: nothing else can
	// stand for a catalog entry.
	if len(st.Issues) != len(managed) || len(managed) < 50 {
		t.Errorf("Observe: %d issues, want the %d with a marker", len(st.Issues), len(managed))
	}
	if len(isPull) != 30 {
		t.Fatalf("seeded %d pulls", len(isPull))
	}
	closedWithMilestone := 0
	for _, is := range st.Issues {
		if isPull[is.Number] {
			t.Errorf("pull request #%d observed as an issue", is.Number)
		}
		if !managed[is.Number] {
			t.Errorf("#%d has no marker but was observed", is.Number)
		}
		if is.State == "closed" && is.Milestone == ms && is.StateReason == "completed" && slices.Equal(is.Labels, []string{"bug"}) {
			closedWithMilestone++
		}
	}
	if closedWithMilestone == 0 {
		t.Error("closed issues lost their milestone, state reason or labels")
	}
	if len(st.Labels) != 1 || st.Labels[0].Name != "bug" {
		t.Errorf("labels = %+v", st.Labels)
	}
	if len(st.Milestones) != 2 {
		t.Errorf("milestones = %+v (state=all expected)", st.Milestones)
	}
	// 1 labels page + 1 milestones page + 3 issue pages.
	reqs := e.requests()
	if len(reqs) != 5 {
		t.Fatalf("requests:\n%s", strings.Join(reqs, "\n"))
	}
	issuePages := 0
	for _, r := range reqs {
		if !strings.Contains(r, "per_page=100") {
			t.Errorf("request without per_page=100: %s", r)
		}
		if strings.HasPrefix(r, "GET /repos/o/r/issues?") {
			issuePages++
			if !strings.Contains(r, "state=all") {
				t.Errorf("issues listed without state=all: %s", r)
			}
		}
		if strings.HasPrefix(r, "GET /repos/o/r/milestones?") && !strings.Contains(r, "state=all") {
			t.Errorf("milestones listed without state=all: %s", r)
		}
	}
	if issuePages != 3 {
		t.Errorf("%d issue pages, want 3", issuePages)
	}
	if s := c.Stats(); s.Reads != 5 || s.Writes != 0 || s.Retries != 0 || s.RateRemaining <= 0 {
		t.Errorf("stats = %+v", s)
	}
	// ListIssues reads them all.
	all, err := c.ListIssues(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 250 {
		t.Errorf("ListIssues: %d issues, want 250", len(all))
	}
}

func TestRetries(t *testing.T) {
	ctx := context.Background()
	listLabels := func(c *Client) error { _, err := c.ListLabels(ctx); return err }
	createIssue := func(c *Client) error { _, err := c.CreateIssue(ctx, IssueInput{Title: "new"}); return err }
	tests := []struct {
		name      string
		fault     ghfake.Fault
		do        func(*Client) error
		wantSleep []time.Duration
		wantSent  int // requests that reached the fake
		wantIs    error
		wantIssue bool // for creates: the issue exists afterwards
	}{
		{
			name:      "GET 502 retried with backoff",
			fault:     ghfake.Fault{Method: "GET", Path: "/repos/o/r/labels", Times: 2, Kind: ghfake.KindStatus, Status: 502},
			do:        listLabels,
			wantSleep: secs(1, 2), wantSent: 3,
		},
		{
			name:      "GET 503 and 500 retried, 501 not",
			fault:     ghfake.Fault{Method: "GET", Path: "/repos/o/r/labels", Times: 1, Kind: ghfake.KindStatus, Status: 500},
			do:        listLabels,
			wantSleep: secs(1), wantSent: 2,
		},
		{
			name:      "GET 501 is final",
			fault:     ghfake.Fault{Method: "GET", Path: "/repos/o/r/labels", Times: 1, Kind: ghfake.KindStatus, Status: 501},
			do:        listLabels,
			wantSleep: secs(), wantSent: 1, wantIs: errStatus(501),
		},
		{
			name:      "POST 502 not repeated: outcome unknown",
			fault:     ghfake.Fault{Method: "POST", Path: "/repos/o/r/issues", Nth: 1, Kind: ghfake.KindStatus, Status: 502},
			do:        createIssue,
			wantSleep: secs(), wantSent: 1, wantIs: ErrOutcomeUnknown,
		},
		{
			name:      "POST committed then 502: outcome unknown, issue exists",
			fault:     ghfake.Fault{Method: "POST", Path: "/repos/o/r/issues", Nth: 1, Kind: ghfake.KindCommitThen502},
			do:        createIssue,
			wantSleep: secs(), wantSent: 1, wantIs: ErrOutcomeUnknown, wantIssue: true,
		},
		{
			name:      "POST connection reset: outcome unknown",
			fault:     ghfake.Fault{Method: "POST", Path: "/repos/o/r/issues", Nth: 1, Kind: ghfake.KindReset},
			do:        createIssue,
			wantSleep: secs(), wantSent: 1, wantIs: ErrOutcomeUnknown,
		},
		{
			name:      "secondary 403 with Retry-After waits exactly that",
			fault:     ghfake.Fault{Times: 1, Method: "GET", Path: "/repos/o/r/labels", Kind: ghfake.KindSecondary, RetryAfter: 37},
			do:        listLabels,
			wantSleep: secs(37), wantSent: 2,
		},
		{
			name:      "secondary 403 on POST is retried: it was not performed",
			fault:     ghfake.Fault{Times: 1, Method: "POST", Path: "/repos/o/r/issues", Kind: ghfake.KindSecondary, RetryAfter: 20},
			do:        createIssue,
			wantSleep: secs(20), wantSent: 2, wantIssue: true,
		},
		{
			name:      "secondary without Retry-After: a minute, then doubling",
			fault:     ghfake.Fault{Method: "POST", Path: "/repos/o/r/issues", Times: 3, Kind: ghfake.KindSecondary},
			do:        createIssue,
			wantSleep: secs(60, 120, 240), wantSent: 4, wantIssue: true,
		},
		{
			name:      "secondary 429",
			fault:     ghfake.Fault{Times: 1, Method: "GET", Path: "/repos/o/r/labels", Kind: ghfake.KindSecondary429, RetryAfter: 5},
			do:        listLabels,
			wantSleep: secs(5), wantSent: 2,
		},
		{
			name:      "primary 403 within MaxWait waits until the reset",
			fault:     ghfake.Fault{Times: 1, Method: "GET", Path: "/repos/o/r/labels", Kind: ghfake.KindPrimary, ResetIn: 10 * time.Minute},
			do:        listLabels,
			wantSleep: []time.Duration{10*time.Minute + resetSlack}, wantSent: 2,
		},
		{
			name:      "primary 429 on POST waits and creates once",
			fault:     ghfake.Fault{Times: 1, Method: "POST", Path: "/repos/o/r/issues", Kind: ghfake.KindPrimary429, ResetIn: 3 * time.Minute},
			do:        createIssue,
			wantSleep: []time.Duration{3*time.Minute + resetSlack}, wantSent: 2, wantIssue: true,
		},
		{
			name:      "plain 429 honours Retry-After",
			fault:     ghfake.Fault{Times: 1, Method: "GET", Path: "/repos/o/r/labels", Kind: ghfake.Kind429, RetryAfter: 7},
			do:        listLabels,
			wantSleep: secs(7), wantSent: 2,
		},
		{
			name:      "plain 429 without Retry-After backs off",
			fault:     ghfake.Fault{Method: "POST", Path: "/repos/o/r/issues", Times: 2, Kind: ghfake.Kind429},
			do:        createIssue,
			wantSleep: secs(1, 2), wantSent: 3, wantIssue: true,
		},
		{
			name:      "403 without a limit is final",
			fault:     ghfake.Fault{Times: 1, Method: "GET", Path: "/repos/o/r/labels", Kind: ghfake.KindStatus, Status: 403},
			do:        listLabels,
			wantSleep: secs(), wantSent: 1, wantIs: errStatus(403),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			c := e.client(t)
			e.fake.Inject(tc.fault)
			err := tc.do(c)
			switch {
			case tc.wantIs == nil && err != nil:
				t.Fatalf("err = %v", err)
			case tc.wantIs != nil && !matches(err, tc.wantIs):
				t.Fatalf("err = %v, want %v", err, tc.wantIs)
			}
			sleepsEqual(t, e.clk, tc.wantSleep)
			if got := len(e.fake.Log()); got != tc.wantSent {
				t.Errorf("%d requests reached GitHub, want %d:\n%s", got, tc.wantSent, strings.Join(e.requests(), "\n"))
			}
			if issues := len(e.fake.Issues(repo)); (issues == 1) != tc.wantIssue || issues > 1 {
				t.Errorf("%d issues exist, want issue=%v", issues, tc.wantIssue)
			}
			s := c.Stats()
			if s.Reads+s.Writes+s.Retries != tc.wantSent {
				t.Errorf("stats %+v do not add up to %d requests", s, tc.wantSent)
			}
			if s.Waits != len(tc.wantSleep) {
				t.Errorf("stats count %d waits, want %d", s.Waits, len(tc.wantSleep))
			}
		})
	}
}

// errStatus is a *StatusError with that status, for wantIs.
type errStatus int

func (e errStatus) Error() string { return fmt.Sprintf("status %d", int(e)) }

// matches is errors.Is, with errStatus matching a *StatusError's status.
func matches(err, target error) bool {
	if code, ok := target.(errStatus); ok {
		var se *StatusError
		return errors.As(err, &se) && se.Status == int(code)
	}
	return errors.Is(err, target)
}

func TestPATCH5xxRetried(t *testing.T) {
	e := newEnv(t)
	n := e.fake.SeedIssue(repo, ghfake.Issue{Title: "old"})
	c := e.client(t)
	e.fake.Inject(ghfake.Fault{Method: "PATCH", Path: fmt.Sprintf("/repos/o/r/issues/%d", n), Times: 2, Kind: ghfake.KindStatus, Status: 502})
	got, err := c.UpdateIssue(context.Background(), n, IssuePatch{Title: ptr("new")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "new" {
		t.Errorf("title %q", got.Title)
	}
	sleepsEqual(t, e.clk, secs(1, 2))
	if s := c.Stats(); s.Writes != 1 || s.Retries != 2 {
		t.Errorf("stats = %+v", s)
	}
}

func TestPATCHCommittedThen502IsRepeatedSafely(t *testing.T) {
	e := newEnv(t)
	n := e.fake.SeedIssue(repo, ghfake.Issue{Title: "old"})
	c := e.client(t)
	e.fake.Inject(ghfake.Fault{Times: 1, Method: "PATCH", Path: fmt.Sprintf("/repos/o/r/issues/%d", n), Kind: ghfake.KindCommitThen502})
	if _, err := c.UpdateIssue(context.Background(), n, IssuePatch{State: ptr(observed.Closed), StateReason: ptr(observed.NotPlanned)}); err != nil {
		t.Fatal(err)
	}
	is, _ := e.fake.Issue(repo, n)
	if is.State != "closed" || is.StateReason != "not_planned" {
		t.Errorf("issue = %+v", is)
	}
}

func TestConnectionResetOnGETRetried(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	e.fake.Inject(ghfake.Fault{Method: "GET", Path: "/repos/o/r/labels", Times: 3, Kind: ghfake.KindReset})
	if _, err := c.ListLabels(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Go's transport may repeat a GET on a fresh connection once by itself,
	// so the fake may see one more reset than the client retried.
	sl := e.clk.Sleeps()
	if len(sl) == 0 || sl[0] != time.Second {
		t.Errorf("slept %v, want backoff starting at 1s", sl)
	}
	if s := c.Stats(); s.Retries != len(sl) || s.Reads != 1 {
		t.Errorf("stats = %+v, sleeps %v", s, sl)
	}
}

func TestPrimaryBeyondMaxWaitFailsAtOnce(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	e.fake.Inject(ghfake.Fault{Times: 1, Method: "GET", Kind: ghfake.KindPrimary, ResetIn: 42 * time.Minute})
	_, err := c.ListLabels(context.Background())
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.Secondary {
		t.Fatalf("err = %v, want a primary *RateLimitError", err)
	}
	wantReset := e.clk.Now().Add(42 * time.Minute)
	if !rl.Reset.Equal(wantReset) {
		t.Errorf("reset %v, want %v", rl.Reset, wantReset)
	}
	want := "GitHub API rate limit exhausted; it resets at 15:04 UTC (in 42m); re-run then to finish the job"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err, want)
	}
	sleepsEqual(t, e.clk, secs())
	// The quota is known to be spent: the next call fails without a request.
	before := len(e.fake.Log())
	_, err = c.CreateLabel(context.Background(), observed.Label{Name: "x", Color: "ffffff"})
	if !errors.As(err, &rl) {
		t.Fatalf("second call: err = %v", err)
	}
	if after := len(e.fake.Log()); after != before {
		t.Errorf("%d requests sent while the quota was spent", after-before)
	}
	// Within MaxWait later on, the next call waits for the reset and goes.
	e.clk.Advance(30 * time.Minute)
	if _, err := c.ListLabels(context.Background()); err != nil {
		t.Fatal(err)
	}
	sleepsEqual(t, e.clk, []time.Duration{12*time.Minute + resetSlack})
}

func TestRetriesExhausted(t *testing.T) {
	t.Run("5xx: the status comes through", func(t *testing.T) {
		e := newEnv(t)
		c := e.client(t, func(c *Config) { c.MaxRetries = 2 })
		e.fake.Inject(ghfake.Fault{Method: "GET", Kind: ghfake.KindStatus, Status: 502})
		_, err := c.ListLabels(context.Background())
		var se *StatusError
		if !errors.As(err, &se) || se.Status != 502 {
			t.Fatalf("err = %v", err)
		}
		sleepsEqual(t, e.clk, secs(1, 2))
		if n := len(e.fake.Log()); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
	})
	t.Run("secondary: RateLimitError", func(t *testing.T) {
		e := newEnv(t)
		c := e.client(t, func(c *Config) { c.MaxRetries = 2 })
		e.fake.Inject(ghfake.Fault{Method: "POST", Kind: ghfake.KindSecondary})
		_, err := c.CreateIssue(context.Background(), IssueInput{Title: "x"})
		var rl *RateLimitError
		if !errors.As(err, &rl) || !rl.Secondary {
			t.Fatalf("err = %v", err)
		}
		if !strings.Contains(err.Error(), "secondary rate limit") || !strings.Contains(err.Error(), "re-run then") {
			t.Errorf("message %q", err)
		}
		sleepsEqual(t, e.clk, secs(60, 120))
		if n := len(e.fake.Log()); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
		if len(e.fake.Issues(repo)) != 0 {
			t.Error("issue created")
		}
	})
	t.Run("connection: error without URL", func(t *testing.T) {
		e := newEnv(t)
		c := e.client(t, func(c *Config) { c.MaxRetries = 1 })
		e.fake.Inject(ghfake.Fault{Method: "GET", Kind: ghfake.KindReset})
		_, err := c.ListLabels(context.Background())
		if err == nil {
			t.Fatal("no error")
		}
		if strings.Contains(err.Error(), "http://") {
			t.Errorf("error %q carries the URL", err)
		}
		if !strings.Contains(err.Error(), "list labels of o/r") {
			t.Errorf("error %q does not say what was done", err)
		}
	})
	t.Run("secondary wait beyond MaxWait fails at once", func(t *testing.T) {
		e := newEnv(t)
		c := e.client(t, func(c *Config) { c.MaxWait = time.Minute })
		e.fake.Inject(ghfake.Fault{Times: 1, Method: "GET", Kind: ghfake.KindSecondary, RetryAfter: 3600})
		_, err := c.ListLabels(context.Background())
		var rl *RateLimitError
		if !errors.As(err, &rl) || !rl.Secondary || !rl.Reset.Equal(e.clk.Now().Add(time.Hour)) {
			t.Fatalf("err = %v (%+v)", err, rl)
		}
		sleepsEqual(t, e.clk, secs())
	})
}

func TestWriteInterval(t *testing.T) {
	e := newEnv(t)
	c := e.client(t, func(c *Config) { c.WriteInterval = time.Second })
	ctx := context.Background()
	for i, name := range []string{"a", "b", "c"} {
		if i == 2 {
			e.clk.Advance(400 * time.Millisecond) // time passes between writes
		}
		if _, err := c.CreateLabel(ctx, observed.Label{Name: name, Color: "ffffff"}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.ListLabels(ctx); err != nil { // reads are not spaced
			t.Fatal(err)
		}
	}
	sleepsEqual(t, e.clk, []time.Duration{time.Second, 600 * time.Millisecond})
	// The fake saw the writes at least a second apart.
	var last time.Time
	for _, r := range e.fake.Log() {
		if !r.Write {
			continue
		}
		if !last.IsZero() && r.Time.Sub(last) < time.Second {
			t.Errorf("writes %v apart", r.Time.Sub(last))
		}
		last = r.Time
	}
}

func TestMaxWrites(t *testing.T) {
	e := newEnv(t)
	c := e.client(t, func(c *Config) { c.MaxWrites = 2 })
	ctx := context.Background()
	for _, name := range []string{"a", "b"} {
		if _, err := c.CreateLabel(ctx, observed.Label{Name: name, Color: "ffffff"}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := c.CreateIssue(ctx, IssueInput{Title: "third"})
	if !errors.Is(err, ErrWriteBudget) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "write budget of 2 reached; re-run to continue") {
		t.Errorf("message %q", err)
	}
	if e.writes() != 2 {
		t.Errorf("%d writes reached GitHub", e.writes())
	}
	if _, err := c.ListLabels(ctx); err != nil {
		t.Errorf("reads still allowed: %v", err)
	}
}

func TestReadOnlyRefusesEveryWrite(t *testing.T) {
	e := newEnv(t)
	n := e.fake.SeedIssue(repo, ghfake.Issue{Title: "x", Labels: []string{"bug"}})
	c := e.client(t, func(c *Config) { c.ReadOnly = true })
	e.fake.ResetLog()
	ctx := context.Background()
	writes := map[string]func() error{
		"CreateLabel":     func() error { _, err := c.CreateLabel(ctx, observed.Label{Name: "a"}); return err },
		"UpdateLabel":     func() error { _, err := c.UpdateLabel(ctx, "bug", observed.Label{Name: "b"}); return err },
		"CreateMilestone": func() error { _, err := c.CreateMilestone(ctx, MilestoneInput{Title: "m"}); return err },
		"UpdateMilestone": func() error { _, err := c.UpdateMilestone(ctx, 1, MilestoneInput{Title: "m"}); return err },
		"CreateIssue":     func() error { _, err := c.CreateIssue(ctx, IssueInput{Title: "t"}); return err },
		"UpdateIssue":     func() error { _, err := c.UpdateIssue(ctx, n, IssuePatch{Title: ptr("t")}); return err },
		"CreateComment":   func() error { return c.CreateComment(ctx, n, "hi") },
		"raw go-github": func() error {
			req, err := c.gh.NewRequest("DELETE", "repos/o/r/labels/bug", nil)
			if err != nil {
				return err
			}
			_, err = c.gh.Do(ctx, req, nil)
			return err
		},
		"raw transport": func() error {
			req, _ := http.NewRequest("POST", e.url+"repos/o/r/labels", strings.NewReader(`{"name":"x"}`))
			resp, err := (&http.Client{Transport: c.t}).Do(req)
			if resp != nil {
				resp.Body.Close()
			}
			return err
		},
	}
	for name, f := range writes {
		if err := f(); !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s: err = %v, want ErrReadOnly", name, err)
		}
	}
	if got := e.fake.Counts(); got.Reads+got.Writes != 0 {
		t.Errorf("requests reached GitHub: %v", e.requests())
	}
	if _, err := c.Observe(ctx); err != nil {
		t.Errorf("reads refused: %v", err)
	}
}

func TestGHESBaseURL(t *testing.T) {
	clk := newClock()
	fake := ghfake.New(ghfake.Options{Token: token, Now: clk.Now})
	fake.AddRepo(repo)
	fake.SeedLabel(repo, ghfake.Label{Name: "bug", Color: "d73a4a"})
	mux := http.NewServeMux()
	mux.Handle("/api/v3/", http.StripPrefix("/api/v3", fake.Handler()))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, base := range []string{srv.URL + "/api/v3", srv.URL + "/api/v3/"} {
		var log bytes.Buffer
		c, err := New(Config{Token: token, BaseURL: base, Repo: repo, Now: clk.Now, Sleep: clk.Sleep, Log: &log})
		if err != nil {
			t.Fatal(err)
		}
		labels, err := c.ListLabels(context.Background())
		if err != nil {
			t.Fatalf("%s: %v", base, err)
		}
		if len(labels) != 1 {
			t.Errorf("%s: labels %v", base, labels)
		}
		if !strings.HasPrefix(log.String(), "GET /api/v3/repos/o/r/labels?per_page=100 -> 200 ") {
			t.Errorf("%s: log %q", base, log.String())
		}
	}
}

func TestUpdateLabelRenamesWithEscapedName(t *testing.T) {
	for _, old := range []string{"needs triage", "what?", "#1 bug", "100%", "a/b", "..", "é"} {
		t.Run(old, func(t *testing.T) {
			e := newEnv(t)
			if err := e.fake.SeedLabel(repo, ghfake.Label{Name: old, Color: "ededed"}); err != nil {
				t.Fatal(err)
			}
			n := e.fake.SeedIssue(repo, ghfake.Issue{Title: "x", Labels: []string{old}})
			c := e.client(t)
			got, err := c.UpdateLabel(context.Background(), old, observed.Label{Name: "renamed", Color: "#0e8a16", Description: "d"})
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != "renamed" || got.Color != "0e8a16" || got.Description != "d" {
				t.Errorf("got %+v", got)
			}
			labels := e.fake.Labels(repo)
			if len(labels) != 1 || labels[0].Name != "renamed" {
				t.Errorf("labels %+v", labels)
			}
			if is, _ := e.fake.Issue(repo, n); !slices.Equal(is.Labels, []string{"renamed"}) {
				t.Errorf("issue labels %v: rename did not keep the label on its issue", is.Labels)
			}
			if n := len(e.fake.Log()); n != 1 {
				t.Errorf("%d requests: %v", n, e.requests())
			}
		})
	}
}

func TestUpdateLabelKeepsNameAndClearsDescription(t *testing.T) {
	e := newEnv(t)
	e.fake.SeedLabel(repo, ghfake.Label{Name: "bug", Color: "ededed", Description: "old"})
	c := e.client(t)
	if _, err := c.UpdateLabel(context.Background(), "bug", observed.Label{Name: "bug", Color: "ffffff"}); err != nil {
		t.Fatal(err)
	}
	if l := e.fake.Labels(repo); len(l) != 1 || l[0] != (ghfake.Label{Name: "bug", Color: "ffffff"}) {
		t.Errorf("labels %+v", l)
	}
}

func TestUpdateIssueClearsMilestoneInOneRequest(t *testing.T) {
	e := newEnv(t)
	ms := e.fake.SeedMilestone(repo, ghfake.Milestone{Title: "M"})
	n := e.fake.SeedIssue(repo, ghfake.Issue{Title: "x", Milestone: ms, Labels: []string{"a", "b"}})
	c := e.client(t)
	got, err := c.UpdateIssue(context.Background(), n, IssuePatch{Milestone: ptr(0), Labels: &[]string{}, Body: ptr("b")})
	if err != nil {
		t.Fatal(err)
	}
	if got.Milestone != 0 || len(got.Labels) != 0 || got.Body != "b" || got.Title != "x" {
		t.Errorf("got %+v", got)
	}
	if is, _ := e.fake.Issue(repo, n); is.Milestone != 0 || len(is.Labels) != 0 {
		t.Errorf("fake has %+v", is)
	}
	if reqs := e.requests(); len(reqs) != 1 || !strings.HasPrefix(reqs[0], "PATCH ") {
		t.Errorf("requests %v, want one PATCH", reqs)
	}
	// And setting one back.
	got, err = c.UpdateIssue(context.Background(), n, IssuePatch{Milestone: ptr(ms), Labels: &[]string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Milestone != ms || !slices.Equal(got.Labels, []string{"a"}) {
		t.Errorf("got %+v", got)
	}
}

func TestTransferredAndGone(t *testing.T) {
	e := newEnv(t)
	moved := e.fake.SeedIssue(repo, ghfake.Issue{Title: "moves"})
	gone := e.fake.SeedIssue(repo, ghfake.Issue{Title: "goes"})
	e.fake.TransferIssue(repo, moved, "o/elsewhere")
	e.fake.DeleteIssue(repo, gone)
	c := e.client(t)
	ctx := context.Background()
	e.fake.ResetLog()

	_, err := c.GetIssue(ctx, moved)
	var te *TransferredError
	if !errors.As(err, &te) || te.Number != moved || !strings.Contains(te.Location, "elsewhere") {
		t.Fatalf("GetIssue: err = %v (%+v)", err, te)
	}
	_, err = c.UpdateIssue(ctx, moved, IssuePatch{Title: ptr("t")})
	if !errors.As(err, &te) {
		t.Fatalf("UpdateIssue: err = %v", err)
	}
	if err := c.CreateComment(ctx, moved, "hi"); !errors.As(err, &te) {
		t.Fatalf("CreateComment: err = %v", err)
	}
	// The redirects were not followed: one request each, no GET turned out of the PATCH.
	if reqs := e.requests(); len(reqs) != 3 || !strings.HasPrefix(reqs[1], "PATCH ") || !strings.HasPrefix(reqs[2], "POST ") {
		t.Errorf("requests %v", reqs)
	}

	if _, err := c.GetIssue(ctx, gone); !errors.Is(err, ErrGone) {
		t.Errorf("deleted: err = %v", err)
	}
	if _, err := c.UpdateIssue(ctx, gone, IssuePatch{Title: ptr("t")}); !errors.Is(err, ErrGone) {
		t.Errorf("deleted update: err = %v", err)
	}
	if _, err := c.GetIssue(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: err = %v", err)
	}
	e.fake.DisableIssues(repo)
	if _, err := c.CreateIssue(ctx, IssueInput{Title: "x"}); !errors.Is(err, ErrGone) || errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("issues disabled: err = %v", err)
	}
}

func TestWritesRoundTrip(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	ctx := context.Background()
	due := time.Date(2025, time.March, 30, 0, 0, 0, 0, time.UTC) // after the DST switch
	m, err := c.CreateMilestone(ctx, MilestoneInput{Title: "M1", Description: "d", Due: due})
	if err != nil {
		t.Fatal(err)
	}
	la, _ := time.LoadLocation("America/Los_Angeles")
	if m.DueOn == nil || m.DueOn.In(la).Format(time.DateOnly) != due.Format(time.DateOnly) {
		t.Errorf("due %v, want %v in US Pacific", m.DueOn, due)
	}
	m2, err := c.UpdateMilestone(ctx, m.Number, MilestoneInput{Title: "M1 renamed", State: "closed"})
	if err != nil {
		t.Fatal(err)
	}
	if m2.DueOn != nil || m2.State != "closed" || m2.Title != "M1 renamed" || m2.Description != "" {
		t.Errorf("updated %+v: due date and description should be cleared", m2)
	}
	if _, err := c.CreateLabel(ctx, observed.Label{Name: "bug", Color: "d73a4a", Description: "broken"}); err != nil {
		t.Fatal(err)
	}
	is, err := c.CreateIssue(ctx, IssueInput{Title: "T", Body: "B", Labels: []string{"bug"}, Milestone: m.Number, Assignees: []string{"ghsync-bot"}})
	if err != nil {
		t.Fatal(err)
	}
	if is.Number == 0 || is.Title != "T" || is.Body != "B" || !slices.Equal(is.Labels, []string{"bug"}) || is.Milestone != m.Number ||
		!slices.Equal(is.Assignees, []string{"ghsync-bot"}) || is.State != "open" || is.CreatedAt.IsZero() {
		t.Errorf("created %+v", is)
	}
	if err := c.CreateComment(ctx, is.Number, "hello"); err != nil {
		t.Fatal(err)
	}
	if cs := e.fake.Comments(repo, is.Number); len(cs) != 1 || cs[0].Body != "hello" {
		t.Errorf("comments %+v", cs)
	}
	got, err := c.GetIssue(ctx, is.Number)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "T" || got.Milestone != m.Number {
		t.Errorf("got %+v", got)
	}
	if s := c.Stats(); s.Writes != 5 || s.Reads != 1 {
		t.Errorf("stats %+v", s)
	}
}

func TestRecentIssuesNewestFirst(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= 8; i++ {
		e.clk.Advance(time.Minute)
		if i == 7 {
			e.fake.SeedPull(repo, "pull")
			continue
		}
		e.fake.SeedIssue(repo, ghfake.Issue{Title: fmt.Sprint("issue ", i)})
	}
	c := e.client(t)
	got, err := c.RecentIssues(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, is := range got {
		nums = append(nums, is.Number)
	}
	if !slices.Equal(nums, []int{8, 6}) { // 3 newest are 8, 7 (a pull), 6
		t.Errorf("numbers %v", nums)
	}
	if reqs := e.requests(); len(reqs) != 1 || !strings.Contains(reqs[0], "per_page=3") || !strings.Contains(reqs[0], "direction=desc") {
		t.Errorf("requests %v", reqs)
	}
}

var logLine = regexp.MustCompile(`^(GET|POST|PATCH) /repos/o/r/\S+ -> (\d{3} \d+ms( remaining=\d+)?|error after \d+ms: .+)( \(retry \d\))?$|^wait \S+ before retry \d of (GET|POST|PATCH) \S+ \(.+\)$`)

func TestLogLines(t *testing.T) {
	e := newEnv(t)
	c := e.client(t)
	e.fake.Inject(ghfake.Fault{Times: 1, Method: "GET", Path: "/repos/o/r/issues", Kind: ghfake.KindStatus, Status: 502})
	if _, err := c.Observe(context.Background()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(e.log.String()), "\n")
	want := []string{
		"GET /repos/o/r/labels?per_page=100 -> 200 0ms remaining=4999",
		"GET /repos/o/r/milestones?per_page=100&state=all -> 200 0ms remaining=4998",
		"GET /repos/o/r/issues?direction=asc&per_page=100&sort=created&state=all -> 502 0ms remaining=4998",
		"wait 1s before retry 1 of GET /repos/o/r/issues?direction=asc&per_page=100&sort=created&state=all (502 Bad Gateway)",
		"GET /repos/o/r/issues?direction=asc&per_page=100&sort=created&state=all -> 200 0ms remaining=4997 (retry 1)",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("log:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range lines {
		if !logLine.MatchString(l) {
			t.Errorf("unexpected log line %q", l)
		}
	}
}

// TestTokenNeverShown runs success and failure paths with a verbose log and
// looks for the token in every error and every log line.
func TestTokenNeverShown(t *testing.T) {
	ctx := context.Background()
	var texts []string
	check := func(err error) {
		if err != nil {
			texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
	}
	scenarios := []func(*fixture) (*Client, func()){
		func(e *fixture) (*Client, func()) { // success
			c := e.client(t)
			return c, func() { _, err := c.Observe(ctx); check(err) }
		},
		func(e *fixture) (*Client, func()) { // 401: the fake wants another token
			c := e.client(t, func(c *Config) { c.Token = token + "-wrong" })
			return c, func() {
				_, err := c.ListLabels(ctx)
				check(err)
				if err == nil || !strings.Contains(err.Error(), "401") {
					t.Errorf("401: err = %v", err)
				}
			}
		},
		func(e *fixture) (*Client, func()) { // 403, secondary exhausted, primary
			c := e.client(t, func(c *Config) { c.MaxRetries = 1 })
			e.fake.Inject(ghfake.Fault{Times: 1, Method: "GET", Path: "/repos/o/r/labels", Kind: ghfake.KindStatus, Status: 403})
			e.fake.Inject(ghfake.Fault{Method: "POST", Kind: ghfake.KindSecondary, Times: 5})
			e.fake.Inject(ghfake.Fault{Times: 1, Method: "GET", Path: "/repos/o/r/milestones", Kind: ghfake.KindPrimary, ResetIn: time.Hour})
			return c, func() {
				_, err := c.ListLabels(ctx)
				check(err)
				_, err = c.CreateIssue(ctx, IssueInput{Title: "x"})
				check(err)
				_, err = c.ListMilestones(ctx)
				check(err)
			}
		},
		func(e *fixture) (*Client, func()) { // 500 and reset
			c := e.client(t, func(c *Config) { c.MaxRetries = 1 })
			e.fake.Inject(ghfake.Fault{Method: "GET", Kind: ghfake.KindStatus, Status: 500, Times: 2})
			e.fake.Inject(ghfake.Fault{Times: 1, Method: "POST", Kind: ghfake.KindReset})
			return c, func() {
				_, err := c.ListLabels(ctx)
				check(err)
				_, err = c.CreateIssue(ctx, IssueInput{Title: "x"})
				check(err)
			}
		},
		func(e *fixture) (*Client, func()) { // connection refused
			dead := httptest.NewServer(http.NotFoundHandler())
			url := dead.URL
			dead.Close()
			c := e.client(t, func(c *Config) { c.BaseURL = url; c.MaxRetries = 1 })
			return c, func() { _, err := c.ListLabels(ctx); check(err) }
		},
	}
	for _, sc := range scenarios {
		e := newEnv(t)
		_, run := sc(e)
		run()
		texts = append(texts, e.log.String())
	}
	for _, bad := range []string{"https://x-access-token:" + token + "@ghe.example/api/v3", "http://" + token + ".example/", "ht!tp://" + token} {
		_, err := New(Config{Token: token, Repo: repo, BaseURL: bad})
		if err == nil {
			t.Errorf("New accepted %q", bad)
		}
		check(err)
		_, err = ConfigFromEnv(env(map[string]string{"GITHUB_TOKEN": token, "GITHUB_API_URL": bad}), "", repo, "")
		check(err)
	}
	if len(texts) < 10 {
		t.Fatalf("only %d texts checked", len(texts))
	}
	for _, s := range texts {
		if strings.Contains(s, token) || strings.Contains(s, "Bearer") || strings.Contains(s, "Authorization") {
			t.Errorf("token or auth header shown: %q", s)
		}
	}
}

// TestQuotaSpentOnSuccess: the last allowed request answers 200 with
// remaining 0. The client waits for the reset before the next one instead of
// earning a 403, and go-github (which checks against the real clock) is kept
// from refusing calls on its own: the fake clock is far in the future.
func TestQuotaSpentOnSuccess(t *testing.T) {
	clk := &fakeClock{now: time.Date(2099, 1, 1, 10, 0, 0, 0, time.UTC)}
	fake := ghfake.New(ghfake.Options{Token: token, Now: clk.Now, RateLimit: 2})
	url := fake.Start()
	defer fake.Close()
	fake.AddRepo(repo)
	c, err := New(Config{Token: token, Repo: repo, BaseURL: url, Now: clk.Now, Sleep: clk.Sleep, MaxWait: 2 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	// Three different reads (the same one twice would be a free 304).
	if _, err := c.Observe(context.Background()); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Minute)
	if _, err := c.RecentIssues(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	for _, r := range fake.Log() {
		if r.Status != 200 {
			t.Errorf("fake answered %d", r.Status)
		}
	}
	// The window opened at 10:00 and resets at 11:00: the third read
	// (issues) waited from 10:00, the fourth was sent at once.
	if want := []time.Duration{time.Hour + resetSlack}; !slices.Equal(clk.Sleeps(), want) {
		t.Errorf("sleeps %v, want %v", clk.Sleeps(), want)
	}
}

// LastComment reads at most two pages however long the thread: the first,
// and the one GitHub's Link header names last. Without a last link, or
// when the last page comes back empty, it walks every page.
func TestLastComment(t *testing.T) {
	for _, tc := range []struct {
		name               string
		comments, requests int
		base               func(http.RoundTripper) http.RoundTripper
	}{
		{"none", 0, 1, nil},
		{"one", 1, 1, nil},
		{"a full page", 100, 1, nil},
		{"one over a page", 101, 2, nil},
		{"three pages", 250, 2, nil},
		{"no last link", 250, 3, func(next http.RoundTripper) http.RoundTripper { return stripLastLink{next} }},
		// Page 3 answers empty once (comments deleted, then posted again):
		// the walk reads pages 2 and 3 again.
		{"the last page came back empty", 250, 4, func(next http.RoundTripper) http.RoundTripper { return &emptyPage{next: next, page: "3"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			n := e.fake.SeedIssue(repo, ghfake.Issue{Title: "thread"})
			for i := 1; i <= tc.comments; i++ {
				e.fake.SeedComment(repo, n, "ana", fmt.Sprintf("comment %d", i))
			}
			c := e.client(t, func(c *Config) {
				if tc.base != nil {
					c.Transport = tc.base(http.DefaultTransport)
				}
			})
			body, ok, err := c.LastComment(context.Background(), n)
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("comment %d", tc.comments)
			if ok != (tc.comments > 0) || ok && body != want {
				t.Errorf("LastComment = %q, %v; want %q", body, ok, want)
			}
			if got := len(e.requests()); got != tc.requests {
				t.Errorf("%d requests, want %d:\n%s", got, tc.requests, strings.Join(e.requests(), "\n"))
			}
		})
	}
}

// stripLastLink drops rel="last" from Link headers.
type stripLastLink struct{ next http.RoundTripper }

func (s stripLastLink) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.next.RoundTrip(r)
	if err == nil {
		var keep []string
		for _, l := range strings.Split(resp.Header.Get("Link"), ", ") {
			if !strings.Contains(l, `rel="last"`) {
				keep = append(keep, l)
			}
		}
		resp.Header.Set("Link", strings.Join(keep, ", "))
	}
	return resp, err
}

// emptyPage answers the first request for page with an empty list, as
// GitHub would after the comments on it were deleted.
type emptyPage struct {
	next http.RoundTripper
	page string
	done bool
}

func (e *emptyPage) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := e.next.RoundTrip(r)
	if err == nil && !e.done && r.URL.Query().Get("page") == e.page {
		e.done = true
		resp.Body.Close()
		resp.Body = io.NopCloser(strings.NewReader("[]"))
		resp.ContentLength = 2
	}
	return resp, err
}
