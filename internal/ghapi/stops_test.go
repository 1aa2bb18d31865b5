package ghapi

import (
	"context"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// Issue #13.10: ghsync sends no validator, so a 304 comes from a cache on
// the way, not from GitHub: it is retried, and when it persists the error
// says what is answering.
func TestUnexpected304(t *testing.T) {
	e := newEnv(t)
	e.fake.Inject(ghfake.Fault{Times: 1, Method: "GET", Path: "/repos/o/r/labels", Kind: ghfake.KindStatus, Status: 304})
	c := e.client(t)
	if _, err := c.ListLabels(context.Background()); err != nil {
		t.Fatalf("one 304 was not retried: %v", err)
	}
	e.fake.Inject(ghfake.Fault{Times: 10, Method: "GET", Path: "/repos/o/r/labels", Kind: ghfake.KindStatus, Status: 304})
	_, err := c.ListLabels(context.Background())
	if err == nil || !strings.Contains(err.Error(), "a proxy or cache between ghsync and GitHub answered it") {
		t.Fatalf("a lasting 304: %v", err)
	}
}

// A classic token without the repo scope gets 404 on writes to a
// repository it can read: the error says the token may not write.
func TestWrite404SaysTheTokenMayNotWrite(t *testing.T) {
	e := newEnv(t)
	e.fake.AddScopelessToken("ghp_noscope0123456789abcdefghij")
	c := e.client(t, func(cfg *Config) { cfg.Token = "ghp_noscope0123456789abcdefghij" })
	if _, err := c.ListLabels(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreateLabel(context.Background(), observedLabel("x"))
	if err == nil || !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), "a classic token needs the repo scope") {
		t.Fatalf("CreateLabel = %v", err)
	}
}
