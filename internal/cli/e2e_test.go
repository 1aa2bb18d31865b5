package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/ghfake"
)

const testRepo = "o/r"

var testNow = time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)

// harness runs ghsync commands in-process against a fake GitHub.
type harness struct {
	t    *testing.T
	fake *ghfake.Server
	url  string
	env  map[string]string
	// catalog is the catalog directory the commands read.
	catalog string
	// ghToken and gitRemote stand for the gh CLI and git (nil: none).
	ghToken   func(context.Context) string
	gitRemote func() string
	// later moves the commands' clock on from testNow (days pass).
	later time.Duration
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	// GitHub's clock moves on: every request is a second later than the last.
	var tick atomic.Int64
	clock := func() time.Time { return testNow.Add(time.Duration(tick.Add(1)) * time.Second) }
	fake := ghfake.New(ghfake.Options{Token: "t0ken-s3cret", Now: clock})
	url := fake.Start()
	t.Cleanup(fake.Close)
	fake.AddRepo(testRepo)
	dir := t.TempDir()
	data, err := os.ReadFile("testdata/small/catalog.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "catalog.yaml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, fake: fake, url: url, catalog: dir, env: map[string]string{
		"GITHUB_TOKEN":          "t0ken-s3cret",
		"GITHUB_API_URL":        url,
		"GITHUB_REPOSITORY":     testRepo,
		"GHSYNC_WRITE_INTERVAL": "0",
	}}
}

// editCatalog rewrites the catalog file with f applied to its text.
func (h *harness) editCatalog(f func(string) string) {
	h.t.Helper()
	p := filepath.Join(h.catalog, "catalog.yaml")
	data, err := os.ReadFile(p)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(f(string(data))), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

type result struct {
	code     int
	out, err string
}

func (h *harness) run(args ...string) result {
	h.t.Helper()
	return h.runTTY(false, "", args...)
}

func (h *harness) runTTY(tty bool, stdin string, args ...string) result {
	h.t.Helper()
	return h.runInput(tty, strings.NewReader(stdin), args...)
}

func (h *harness) runInput(tty bool, stdin io.Reader, args ...string) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		In: stdin, Out: &out, Err: &errb,
		StdinTTY: tty, StdoutTTY: tty,
		Getenv: func(k string) string { return h.env[k] },
		Now:    func() time.Time { return testNow.Add(h.later) },
		Sleep:  func(ctx context.Context, d time.Duration) error { return ctx.Err() },
		// Like System's, only where the test gave them.
		GHAuthToken: h.ghToken,
		GitRemote:   h.gitRemote,
	}
	args = append([]string{"--catalog", h.catalog}, args...)
	code := Main(env, args...)
	if strings.Contains(out.String()+errb.String(), "t0ken-s3cret") {
		h.t.Fatalf("the token was printed by %v", args)
	}
	return result{code, out.String(), errb.String()}
}

func (h *harness) mustRun(args ...string) result {
	h.t.Helper()
	r := h.run(args...)
	if r.code != 0 {
		h.t.Fatalf("ghsync %v: exit %d\nstdout:\n%s\nstderr:\n%s", args, r.code, r.out, r.err)
	}
	return r
}

func (h *harness) writes() int { return h.fake.Counts().Writes }

// issuesByTitlePrefix returns the fake's issues whose title starts with p.
func (h *harness) issues(prefix string) []ghfake.Issue {
	var out []ghfake.Issue
	for _, is := range h.fake.Issues(testRepo) {
		if strings.HasPrefix(is.Title, prefix) {
			out = append(out, is)
		}
	}
	return out
}
