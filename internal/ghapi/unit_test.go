package ghapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/observed"
)

// These tests use a tiny handler; the GitHub-shaped tests use ghfake.

func TestPOST502IsOutcomeUnknownAndSentOnce(t *testing.T) {
	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte(`{"message":"Server Error"}`))
	}))
	defer srv.Close()
	clk := newClock()
	c, err := New(Config{Token: "t", Repo: "o/r", BaseURL: srv.URL, Now: clk.Now, Sleep: clk.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateIssue(context.Background(), IssueInput{Title: "x"})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}
	if n := posts.Load(); n != 1 {
		t.Errorf("%d POSTs sent, want 1", n)
	}
	if len(clk.Sleeps()) != 0 {
		t.Errorf("slept %v", clk.Sleeps())
	}
}

func TestGET502Retried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		w.Write([]byte(`[{"name":"bug","color":"d73a4a"}]`))
	}))
	defer srv.Close()
	clk := newClock()
	c, err := New(Config{Token: "t", Repo: "o/r", BaseURL: srv.URL, Now: clk.Now, Sleep: clk.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	labels, err := c.ListLabels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) != 1 || labels[0].Name != "bug" {
		t.Errorf("labels = %v", labels)
	}
	if want := []time.Duration{time.Second, 2 * time.Second}; !slices.Equal(clk.Sleeps(), want) {
		t.Errorf("sleeps = %v, want %v", clk.Sleeps(), want)
	}
	if s := c.Stats(); s.Reads != 1 || s.Retries != 2 {
		t.Errorf("stats = %+v", s)
	}
}

func TestRequestsAreSerial(t *testing.T) {
	var inFlight, most atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(2 * time.Millisecond)
		w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	c, err := New(Config{Token: "t", Repo: "o/r", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	for i := 0; i < 6; i++ {
		go func() { _, err := c.ListLabels(context.Background()); done <- err }()
	}
	for i := 0; i < 6; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if m := most.Load(); m != 1 {
		t.Errorf("%d requests in flight at once", m)
	}
	if s := c.Stats(); s.Reads != 6 {
		t.Errorf("stats %+v", s)
	}
}

func TestHeaders(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Write([]byte(`[]`))
	}))
	defer srv.Close()
	c, err := New(Config{Token: "tok", Repo: "o/r", BaseURL: srv.URL, UserAgent: "ghsync/1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListLabels(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"User-Agent":           "ghsync/1.2.3",
		"X-Github-Api-Version": "2022-11-28",
		"Authorization":        "Bearer tok",
		"Accept":               "application/vnd.github.v3+json",
	}
	for k, v := range want {
		if got.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, got.Get(k), v)
		}
	}
}

func TestPOSTNotSentIsRetried(t *testing.T) {
	// A refused connection means nothing reached GitHub: a create may be retried.
	dead := httptest.NewServer(http.NotFoundHandler())
	url := dead.URL
	dead.Close()
	clk := newClock()
	c, err := New(Config{Token: "t", Repo: "o/r", BaseURL: url, Now: clk.Now, Sleep: clk.Sleep, MaxRetries: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateIssue(context.Background(), IssueInput{Title: "x"})
	if err == nil || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want a connection error that is not ErrOutcomeUnknown", err)
	}
	if want := []time.Duration{time.Second, 2 * time.Second}; !slices.Equal(clk.Sleeps(), want) {
		t.Errorf("sleeps = %v, want %v", clk.Sleeps(), want)
	}
}

func TestCancelDuringWait(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	sleep := func(ctx context.Context, d time.Duration) error {
		cancel()
		return ctx.Err()
	}
	c, err := New(Config{Token: "t", Repo: "o/r", BaseURL: srv.URL, Sleep: sleep})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListLabels(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if n.Load() != 1 {
		t.Errorf("%d requests after cancel", n.Load())
	}
}

func TestNegativeMaxRetriesDisablesRetries(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	clk := newClock()
	c, err := New(Config{Token: "t", Repo: "o/r", BaseURL: srv.URL, Now: clk.Now, Sleep: clk.Sleep, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	var se *StatusError
	if _, err := c.ListLabels(context.Background()); !errors.As(err, &se) || se.Status != 502 {
		t.Errorf("err = %v", err)
	}
	if n.Load() != 1 || len(clk.Sleeps()) != 0 {
		t.Errorf("%d requests, sleeps %v", n.Load(), clk.Sleeps())
	}
}

// parent_issue_url names the parent by API URL: a number in the issue's
// own repository, ParentElsewhere in another (#16).
func TestParentNumber(t *testing.T) {
	self := "https://api.github.com/repos/o/r/issues/5"
	for _, tc := range []struct {
		parent string
		want   int
	}{
		{"https://api.github.com/repos/o/r/issues/28", 28},
		{"https://api.github.com/repos/O/R/issues/28", 28},
		{"https://api.github.com/repos/o/other/issues/28", observed.ParentElsewhere},
		{"https://api.github.com/repos/o/r/issues/x", observed.ParentElsewhere},
		{"nonsense", observed.ParentElsewhere},
	} {
		if got := parentNumber(self, tc.parent); got != tc.want {
			t.Errorf("parent %s: %d, want %d", tc.parent, got, tc.want)
		}
	}
}
