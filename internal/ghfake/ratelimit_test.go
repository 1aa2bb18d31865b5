package ghfake

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
)

func TestETag(t *testing.T) {
	e := newEnv(t, Options{})
	n := e.s.SeedIssue(repo, Issue{Title: "x"})
	path := fmt.Sprintf("/repos/o/r/issues/%d", n)
	get := func(token, inm string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", strings.TrimSuffix(e.base, "/")+path, nil)
		req.Header.Set("Authorization", "token "+token)
		req.Header.Set("User-Agent", "test")
		if inm != "" {
			req.Header.Set("If-None-Match", inm)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	first := get("t", "")
	etag := first.Header.Get("Etag")
	if first.StatusCode != 200 || !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || len(etag) < 10 {
		t.Fatalf("first: %d etag %q", first.StatusCode, etag)
	}
	remaining := first.Header.Get("X-Ratelimit-Remaining")

	e.s.ResetLog()
	nm := get("t", etag)
	if nm.StatusCode != 304 || nm.ContentLength > 0 || nm.Header.Get("Etag") != etag {
		t.Fatalf("conditional: %d len %d", nm.StatusCode, nm.ContentLength)
	}
	if got := nm.Header.Get("X-Ratelimit-Remaining"); got != remaining {
		t.Errorf("304 counted: remaining %s, was %s", got, remaining)
	}
	if c := e.s.Counts(); c.NotModified != 1 || c.Reads != 1 {
		t.Errorf("counts %+v", c)
	}
	if l := e.s.Log(); len(l) != 1 || l[0].Status != 304 {
		t.Errorf("log %+v", l)
	}
	// Weak form and lists match too.
	if got := get("t", `"other", W/`+etag).StatusCode; got != 304 {
		t.Errorf("list with weak tag: %d", got)
	}
	// Another token, another ETag (as on GitHub).
	if other := get("u", etag); other.StatusCode != 200 || other.Header.Get("Etag") == etag {
		t.Errorf("other token: %d %q", other.StatusCode, other.Header.Get("Etag"))
	}
	// A change gives a new ETag.
	e.s.EditIssue(repo, n, func(i *Issue) { i.Title = "y" })
	if changed := get("t", etag); changed.StatusCode != 200 || changed.Header.Get("Etag") == etag {
		t.Errorf("after change: %d", changed.StatusCode)
	}
	// Through go-github a 304 is an ErrorResponse.
	req, _ := e.gh.NewRequest("GET", path[1:], nil)
	req.Header.Set("If-None-Match", get("t", "").Header.Get("Etag"))
	resp, err := e.gh.Do(ctx, req, nil)
	if er := errResp(t, err); resp.StatusCode != 304 || er.Response.StatusCode != 304 {
		t.Errorf("go-github 304: %v", err)
	}
}

func TestPrimaryRateLimit(t *testing.T) {
	e := newEnv(t, Options{RateLimit: 3})
	reset := t0.Add(time.Hour).Unix()
	for i := 1; i <= 3; i++ {
		_, resp, err := e.gh.Repositories.Get(ctx, "o", "r")
		if err != nil {
			t.Fatal(err)
		}
		if resp.Rate.Limit != 3 || resp.Rate.Remaining != 3-i || resp.Rate.Reset.Unix() != reset || resp.Header.Get("X-Ratelimit-Used") != fmt.Sprint(i) {
			t.Errorf("request %d: rate %+v used %s", i, resp.Rate, resp.Header.Get("X-Ratelimit-Used"))
		}
		e.clock.advance(time.Minute)
	}
	// /rate_limit costs nothing.
	rl, _, err := e.gh.RateLimit.Get(ctx)
	if err != nil || rl.Core.Remaining != 0 || rl.Core.Limit != 3 || rl.Core.Reset.Unix() != reset {
		t.Fatalf("rate_limit: %+v %v", rl.GetCore(), err)
	}
	// Exhausted: a fresh client (go-github would refuse by itself) gets 403.
	_, resp, err := client(t, e.base, "t").Issues.Create(ctx, "o", "r", &github.IssueRequest{Title: ptr("x")})
	var rle *github.RateLimitError
	if !errors.As(err, &rle) || resp.StatusCode != 403 || rle.Message != "API rate limit exceeded for user ID 1." {
		t.Fatalf("exhausted: %v (%T)", err, err)
	}
	if resp.Header.Get("X-Ratelimit-Remaining") != "0" || len(e.s.Issues(repo)) != 0 {
		t.Errorf("remaining %q, %d issues", resp.Header.Get("X-Ratelimit-Remaining"), len(e.s.Issues(repo)))
	}
	// Still exhausted just before the reset, served again at it.
	e.clock.t = time.Unix(reset-1, 0).UTC()
	if _, resp, _ := client(t, e.base, "t").Repositories.Get(ctx, "o", "r"); resp.StatusCode != 403 {
		t.Errorf("before reset: %d", resp.StatusCode)
	}
	e.clock.t = time.Unix(reset, 0).UTC()
	_, resp, err = client(t, e.base, "t").Repositories.Get(ctx, "o", "r")
	if err != nil || resp.Rate.Remaining != 2 || resp.Rate.Reset.Unix() != reset+3600 {
		t.Errorf("after reset: %+v %v", resp.Rate, err)
	}
}

func TestRequestLog(t *testing.T) {
	e := newEnv(t, Options{})
	e.gh.Issues.Create(ctx, "o", "r", &github.IssueRequest{Title: ptr("x")})
	e.gh.Issues.ListByRepo(ctx, "o", "r", &github.IssueListByRepoOptions{State: "all"})
	e.gh.Issues.GetLabel(ctx, "o", "r", "missing")
	e.gh.Issues.DeleteLabel(ctx, "o", "r", "missing")
	want := []Request{
		{Method: "POST", Path: "/repos/o/r/issues", Status: 201, Write: true, Time: t0},
		{Method: "GET", Path: "/repos/o/r/issues", Query: "state=all", Status: 200, Time: t0},
		{Method: "GET", Path: "/repos/o/r/labels/missing", Status: 404, Time: t0},
		{Method: "DELETE", Path: "/repos/o/r/labels/missing", Status: 404, Write: true, Time: t0},
	}
	got := e.s.Log()
	if len(got) != len(want) {
		t.Fatalf("log %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if c := e.s.Counts(); c != (Counts{Reads: 2, Writes: 2}) {
		t.Errorf("counts %+v", c)
	}
	e.s.ResetLog()
	if len(e.s.Log()) != 0 || e.s.Counts() != (Counts{}) {
		t.Error("ResetLog kept entries")
	}
}

func TestListenLoopbackOnly(t *testing.T) {
	for _, addr := range []string{":0", "0.0.0.0:0", "192.0.2.1:0", "[::]:0", "example.com:0", "nonsense"} {
		s := New(Options{})
		if u, err := s.Listen(addr); err == nil {
			s.Close()
			t.Errorf("Listen(%q) = %s, want refusal", addr, u)
		}
	}
	s := New(Options{})
	base, err := s.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.AddRepo(repo)
	if !strings.HasPrefix(base, "http://127.0.0.1:") || !strings.HasSuffix(base, "/") {
		t.Errorf("base %q", base)
	}
	if _, _, err := client(t, base, "t").Repositories.Get(ctx, "o", "r"); err != nil {
		t.Error(err)
	}
}

func TestConcurrentClients(t *testing.T) {
	e := newEnv(t, Options{})
	errs := make(chan error, 20)
	for i := 0; i < 20; i++ {
		go func(i int) {
			_, _, err := e.gh.Issues.Create(ctx, "o", "r", &github.IssueRequest{Title: ptr(fmt.Sprint(i)), Labels: &[]string{"shared"}})
			errs <- err
		}(i)
	}
	for i := 0; i < 20; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	is := e.s.Issues(repo)
	if len(is) != 20 || is[19].Number != 20 || len(e.s.Labels(repo)) != 1 {
		t.Errorf("%d issues, %d labels", len(is), len(e.s.Labels(repo)))
	}
}

func TestHandlerMounted(t *testing.T) {
	s := New(Options{Token: "x"})
	s.AddRepo(repo)
	hs := httptestServer(s.Handler())
	defer hs.Close()
	if _, _, err := client(t, hs.URL+"/", "x").Repositories.Get(ctx, "o", "r"); err != nil {
		t.Fatal(err)
	}
	if c := s.Counts(); c.Reads != 1 {
		t.Errorf("counts %+v", c)
	}
}
