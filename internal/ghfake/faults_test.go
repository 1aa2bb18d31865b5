package ghfake

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
)

func TestFaultKinds(t *testing.T) {
	e := newEnv(t, Options{})
	const path = "/repos/o/r/issues"
	create := func(gh *github.Client) (*github.Response, error) {
		_, resp, err := gh.Issues.Create(ctx, "o", "r", &github.IssueRequest{Title: ptr("x")})
		return resp, err
	}

	t.Run("status", func(t *testing.T) {
		before := len(e.s.Issues(repo))
		e.s.Inject(Fault{Method: "POST", Path: path, Times: 1, Kind: KindStatus, Status: 503})
		resp, err := create(e.gh)
		wantStatus(t, "status fault", resp, err, 503)
		if len(e.s.Issues(repo)) != before {
			t.Error("KindStatus performed the write")
		}
		if resp.Header.Get("X-Ratelimit-Remaining") == "" {
			t.Error("no rate-limit headers")
		}
	})

	t.Run("commit then 502", func(t *testing.T) {
		before := len(e.s.Issues(repo))
		e.s.Inject(Fault{Method: "POST", Path: path, Times: 1, Kind: KindCommitThen502})
		resp, err := create(e.gh)
		wantStatus(t, "commit fault", resp, err, 502)
		if len(e.s.Issues(repo)) != before+1 {
			t.Error("KindCommitThen502 did not commit")
		}
	})

	t.Run("reset", func(t *testing.T) {
		before := len(e.s.Issues(repo))
		e.s.Inject(Fault{Method: "POST", Path: path, Times: 1, Kind: KindReset})
		resp, err := create(e.gh)
		var ue *url.Error
		if resp != nil || !errors.As(err, &ue) {
			t.Fatalf("reset: resp %v err %v (%T), want a *url.Error", resp, err, err)
		}
		if len(e.s.Issues(repo)) != before {
			t.Error("KindReset performed the write")
		}
		// A GET is retried once by Go's transport on a reused connection,
		// so a reset that must be seen fires more than once.
		e.s.Inject(Fault{Method: "GET", Path: "/repos/o/r", Kind: KindReset, Times: 3})
		if _, _, err := e.gh.Repositories.Get(ctx, "o", "r"); err == nil {
			t.Error("GET through resets succeeded")
		}
		e.s.ClearFaults()
	})

	t.Run("latency", func(t *testing.T) {
		e.s.Inject(Fault{Path: "/repos/o/r", Times: 1, Kind: KindLatency, Delay: 30 * time.Millisecond})
		start := time.Now()
		if _, _, err := e.gh.Repositories.Get(ctx, "o", "r"); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 30*time.Millisecond {
			t.Errorf("answered in %v", d)
		}
	})

	t.Run("secondary", func(t *testing.T) {
		e.s.Inject(Fault{Path: path, Times: 1, Kind: KindSecondary, RetryAfter: 30})
		resp, err := create(e.gh)
		wantStatus(t, "secondary", resp, err, 403)
		var ae *github.AbuseRateLimitError
		if !errors.As(err, &ae) || ae.GetRetryAfter() != 30*time.Second {
			t.Fatalf("err %v (%T), want AbuseRateLimitError with RetryAfter 30s", err, err)
		}
		if !strings.HasPrefix(ae.Message, "You have exceeded a secondary rate limit") || !strings.Contains(ae.Message, resp.Header.Get("X-Github-Request-Id")) {
			t.Errorf("message %q", ae.Message)
		}
		if resp.Header.Get("X-Ratelimit-Remaining") == "0" || resp.Header.Get("X-Ratelimit-Remaining") == "" {
			t.Errorf("remaining %q", resp.Header.Get("X-Ratelimit-Remaining"))
		}
	})

	// go-github remembers an abuse error's RetryAfter and refuses calls
	// itself, so each of the next checks uses a fresh client.
	t.Run("secondary without Retry-After, as 429", func(t *testing.T) {
		e.s.Inject(Fault{Path: path, Times: 1, Kind: KindSecondary429})
		resp, err := create(client(t, e.base, "t"))
		wantStatus(t, "secondary 429", resp, err, 429)
		if resp.Header.Get("Retry-After") != "" {
			t.Error("Retry-After without RetryAfter")
		}
		if er := errResp(t, err); !strings.HasSuffix(er.DocumentationURL, "#about-secondary-rate-limits") {
			t.Errorf("documentation_url %q", er.DocumentationURL)
		}
	})

	t.Run("primary", func(t *testing.T) {
		gh := client(t, e.base, "t")
		e.s.Inject(Fault{Path: path, Times: 1, Kind: KindPrimary, ResetIn: 10 * time.Minute})
		resp, err := create(gh)
		wantStatus(t, "primary", resp, err, 403)
		var rl *github.RateLimitError
		if !errors.As(err, &rl) || rl.Rate.Remaining != 0 || !rl.Rate.Reset.Time.Equal(e.clock.t.Add(10*time.Minute)) {
			t.Fatalf("err %v (%T)", err, err)
		}
		if !strings.HasPrefix(rl.Message, "API rate limit exceeded for ") {
			t.Errorf("message %q", rl.Message)
		}
		// One answer, not a state: a fresh client is served.
		if _, err := create(client(t, e.base, "t")); err != nil {
			t.Errorf("after the fault: %v", err)
		}
	})

	t.Run("primary 429", func(t *testing.T) {
		e.s.Inject(Fault{Path: path, Times: 1, Kind: KindPrimary429, ResetIn: time.Minute})
		resp, err := create(client(t, e.base, "t"))
		wantStatus(t, "primary 429", resp, err, 429)
		if resp.Header.Get("X-Ratelimit-Remaining") != "0" {
			t.Errorf("remaining %q", resp.Header.Get("X-Ratelimit-Remaining"))
		}
	})

	t.Run("429", func(t *testing.T) {
		e.s.Inject(Fault{Path: path, Times: 1, Kind: Kind429, RetryAfter: 7})
		resp, err := create(client(t, e.base, "t"))
		wantStatus(t, "429", resp, err, 429)
		if resp.Header.Get("Retry-After") != "7" {
			t.Errorf("Retry-After %q", resp.Header.Get("Retry-After"))
		}
	})
}

func TestFaultMatching(t *testing.T) {
	e := newEnv(t, Options{})
	e.s.SeedIssue(repo, Issue{Title: "x"})
	get := func(path string) int {
		t.Helper()
		return e.raw(t, "GET", path, "", nil).StatusCode
	}
	statuses := func(path string, n int) string {
		var out []string
		for i := 0; i < n; i++ {
			out = append(out, strconv.Itoa(get(path)))
		}
		return strings.Join(out, ",")
	}
	for _, tc := range []struct {
		name  string
		fault Fault
		path  string
		want  string
	}{
		{"no nth, no times: forever", Fault{Kind: KindStatus, Status: 500}, "/repos/o/r", "500,500,500"},
		{"nth fires once", Fault{Nth: 2, Kind: KindStatus, Status: 500}, "/repos/o/r", "200,500,200"},
		{"nth times", Fault{Nth: 2, Times: 2, Kind: KindStatus, Status: 500}, "/repos/o/r", "200,500,500,200"},
		{"times", Fault{Times: 2, Kind: KindStatus, Status: 500}, "/repos/o/r", "500,500,200"},
		{"forever", Fault{Kind: KindStatus, Status: 500, Nth: 0, Times: 0, Path: "/repos/o/r/issues/*"}, "/repos/o/r/issues/1", "500,500,500,500"},
		{"prefix does not match its parent", Fault{Path: "/repos/o/r/issues/*", Kind: KindStatus, Status: 500}, "/repos/o/r/issues", "200"},
		{"exact path only", Fault{Path: "/repos/o/r", Kind: KindStatus, Status: 500}, "/repos/o/r/labels", "200"},
		{"other method", Fault{Method: "POST", Kind: KindStatus, Status: 500}, "/repos/o/r", "200"},
		{"method any case", Fault{Method: "get", Kind: KindStatus, Status: 500}, "/repos/o/r", "500"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.s.ClearFaults()
			e.s.Inject(tc.fault)
			n := strings.Count(tc.want, ",") + 1
			if got := statuses(tc.path, n); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	e.s.ClearFaults()
	e.s.ResetLog()
	e.s.Inject(Fault{Kind: KindStatus, Status: 500, Times: 2})
	statuses("/repos/o/r", 3)
	if c := e.s.Counts(); c.Faults != 2 || c.Reads != 3 {
		t.Errorf("counts %+v", c)
	}
}

func TestLatencyEndsOnClose(t *testing.T) {
	s := New(Options{})
	base := s.Start()
	s.AddRepo(repo)
	s.Inject(Fault{Kind: KindLatency, Delay: time.Hour})
	done := make(chan error, 1)
	go func() {
		_, _, err := client(t, base, "t").Repositories.Get(ctx, "o", "r")
		done <- err
	}()
	for len(s.Log()) == 0 && s.Counts().Faults == 0 {
		time.Sleep(time.Millisecond)
	}
	s.Close()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not end a latency fault")
	}
}

var _ = http.StatusOK
