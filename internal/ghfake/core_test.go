package ghfake

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
)

func TestAuth(t *testing.T) {
	e := newEnv(t, Options{Token: "right"})
	for _, tc := range []struct {
		name, auth string
		status     int
		message    string
	}{
		{"missing", "", 401, "Requires authentication"},
		{"wrong token", "token wrong", 401, "Bad credentials"},
		{"empty token", "token ", 401, "Bad credentials"},
		{"basic scheme", "Basic cmlnaHQ=", 401, "Bad credentials"},
		{"token scheme", "token right", 200, ""},
		{"bearer scheme", "Bearer right", 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", e.base+"repos/o/r", nil)
			req.Header.Set("User-Agent", "x")
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
		})
	}
	// Through go-github, the message is what users see.
	_, _, err := client(t, e.base, "wrong").Repositories.Get(ctx, "o", "r")
	if er := errResp(t, err); er.Message != "Bad credentials" {
		t.Errorf("message %q", er.Message)
	}
	if _, _, err := e.gh.Repositories.Get(ctx, "o", "r"); err != nil {
		t.Errorf("right token: %v", err)
	}
}

func TestAnyTokenWhenNoneSet(t *testing.T) {
	e := newEnv(t, Options{})
	if _, _, err := client(t, e.base, "whatever").Repositories.Get(ctx, "o", "r"); err != nil {
		t.Fatal(err)
	}
}

func TestUserAgentRequired(t *testing.T) {
	e := newEnv(t, Options{})
	req, _ := http.NewRequest("GET", e.base+"repos/o/r", nil)
	req.Header.Set("Authorization", "token t")
	req.Header["User-Agent"] = []string{""}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("status %d, want 403", resp.StatusCode)
	}
}

func TestNotFound(t *testing.T) {
	e := newEnv(t, Options{})
	for _, path := range []string{"/repos/o/unknown", "/repos/o/r/nothing", "/repos/o/r/issues/", "/repos/o/r/issues/99", "/repos/o/r/milestones/x", "/user/repos", "/"} {
		var body map[string]any
		resp := e.raw(t, "GET", path, "", &body)
		if resp.StatusCode != 404 || body["message"] != "Not Found" || body["documentation_url"] == nil {
			t.Errorf("GET %s: %d %v, want 404 Not Found", path, resp.StatusCode, body)
		}
	}
	_, _, err := e.gh.Issues.ListByRepo(ctx, "o", "unknown", nil)
	if er := errResp(t, err); er.Response.StatusCode != 404 {
		t.Errorf("status %d", er.Response.StatusCode)
	}
}

func TestHeadersOnEveryResponse(t *testing.T) {
	e := newEnv(t, Options{})
	for _, path := range []string{"/repos/o/r", "/repos/o/r/missing"} {
		resp := e.raw(t, "GET", path, "", nil)
		for _, h := range []string{"X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Used", "X-Ratelimit-Reset", "X-Github-Request-Id"} {
			if resp.Header.Get(h) == "" {
				t.Errorf("GET %s: no %s", path, h)
			}
		}
		if got := resp.Header.Get("X-Ratelimit-Resource"); got != "core" {
			t.Errorf("GET %s: resource %q", path, got)
		}
		if got := resp.Header.Get("Content-Type"); got != "application/json; charset=utf-8" {
			t.Errorf("GET %s: content type %q", path, got)
		}
	}
}

func TestBadJSONAndTypes(t *testing.T) {
	e := newEnv(t, Options{})
	for _, tc := range []struct {
		path, body string
		status     int
		message    string
	}{
		{"/repos/o/r/issues", `{"title": "x"`, 400, "Problems parsing JSON"},
		{"/repos/o/r/issues", `["x"]`, 400, "Problems parsing JSON"},
		{"/repos/o/r/issues", `{"title": 5}`, 422, "Invalid request."},
		{"/repos/o/r/issues", `{"title": "x", "milestone": "1"}`, 422, "Invalid request."},
		{"/repos/o/r/issues", `{"title": "x", "labels": "bug"}`, 422, "Invalid request."},
		{"/repos/o/r/labels", `{"name": ["x"]}`, 422, "Invalid request."},
	} {
		var body map[string]any
		resp := e.raw(t, "POST", tc.path, tc.body, &body)
		if resp.StatusCode != tc.status || !strings.HasPrefix(fmt.Sprint(body["message"]), tc.message) {
			t.Errorf("POST %s %s: %d %v, want %d %q", tc.path, tc.body, resp.StatusCode, body["message"], tc.status, tc.message)
		}
	}
	if n := len(e.s.Issues(repo)); n != 0 {
		t.Errorf("%d issues created by refused requests", n)
	}
}

func TestRepository(t *testing.T) {
	e := newEnv(t, Options{})
	r, _, err := e.gh.Repositories.Get(ctx, "O", "R")
	if err != nil {
		t.Fatal(err)
	}
	if r.GetFullName() != "o/r" || !r.GetHasIssues() || !r.GetPermissions()["push"] {
		t.Errorf("repository %+v", r)
	}
}

var _ = github.Stringify

func TestReadOnlyToken(t *testing.T) {
	s := New(Options{Token: "full"})
	s.AddRepo(repo)
	s.AddReadOnlyToken("reader")
	url := s.Start()
	defer s.Close()
	ro := client(t, url, "reader")
	if _, _, err := ro.Issues.ListByRepo(ctx, "o", "r", nil); err != nil {
		t.Fatalf("read with a read-only token: %v", err)
	}
	_, resp, err := ro.Issues.Create(ctx, "o", "r", &github.IssueRequest{Title: ptr("x")})
	wantStatus(t, "create with a read-only token", resp, err, 403)
	if got := len(s.Issues(repo)); got != 0 {
		t.Fatalf("%d issues after a refused create", got)
	}
	if _, _, err := client(t, url, "full").Issues.Create(ctx, "o", "r", &github.IssueRequest{Title: ptr("x")}); err != nil {
		t.Fatalf("create with the full token: %v", err)
	}
	_, resp, err = client(t, url, "stranger").Issues.ListByRepo(ctx, "o", "r", nil)
	wantStatus(t, "read with an unknown token", resp, err, 401)
}
