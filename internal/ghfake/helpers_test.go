package ghfake

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
)

const repo = "o/r"

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// clock is an injectable clock tests move by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

type env struct {
	s     *Server
	gh    *github.Client
	base  string
	clock *clock
}

// newEnv starts a fake with repository o/r and a go-github client on it.
func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	clk := &clock{t: t0}
	if opts.Now == nil {
		opts.Now = clk.now
	}
	s := New(opts)
	base := s.Start()
	t.Cleanup(s.Close)
	s.AddRepo(repo)
	token := opts.Token
	if token == "" {
		token = "t"
	}
	return &env{s: s, gh: client(t, base, token), base: base, clock: clk}
}

func client(t *testing.T, base, token string) *github.Client {
	t.Helper()
	gh := github.NewClient(nil).WithAuthToken(token)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	gh.BaseURL = u
	return gh
}

var ctx = context.Background()

// noRedirects shows 301s as they are.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// raw sends a hand-built request, as ghsync does for what go-github
// cannot express, and decodes a JSON answer into out when given.
func (e *env) raw(t *testing.T, method, path, body string, out any) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, strings.TrimSuffix(e.base, "/")+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "token t")
	req.Header.Set("User-Agent", "ghfake-test")
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: decode %q: %v", method, path, b, err)
		}
	}
	return resp
}

// errResp returns go-github's ErrorResponse inside err, failing otherwise.
func errResp(t *testing.T, err error) *github.ErrorResponse {
	t.Helper()
	var er *github.ErrorResponse
	if !errors.As(err, &er) {
		t.Fatalf("error %v (%T) is not an *github.ErrorResponse", err, err)
	}
	return er
}

func wantStatus(t *testing.T, what string, resp *github.Response, err error, status int) {
	t.Helper()
	if resp == nil {
		t.Fatalf("%s: no response (err %v), want status %d", what, err, status)
	}
	if resp.StatusCode != status {
		t.Fatalf("%s: status %d (err %v), want %d", what, resp.StatusCode, err, status)
	}
}

func ptr[T any](v T) *T { return &v }

func httptestServer(h http.Handler) *httptest.Server { return httptest.NewServer(h) }
