package reliability

import (
	"strings"
	"testing"
)

// Issue #13.10: apply with a classic token that may read but not write
// (no repo scope: GitHub answers 404 to its writes) stops at the first
// create with what to do, instead of piling up a 404 per object.
func TestApplyWithATokenThatCannotWrite(t *testing.T) {
	w := newWorld(t)
	const scopeless = "ghp_readonlyCLASSICtoken0123456789ab"
	w.fake.AddScopelessToken(scopeless)
	env := map[string]string{}
	for k, v := range w.env {
		env[k] = v
	}
	env["GITHUB_TOKEN"] = scopeless
	r := w.runEnv(env, "apply", "--yes")
	if r.code != 1 || !strings.Contains(r.err, "apply stopped at change 1") || !strings.Contains(r.err, "a classic token needs the repo scope") {
		t.Fatalf("apply with a token that cannot write: %s", r)
	}
	if strings.Contains(r.out+r.err, scopeless) {
		t.Fatal("the token was printed")
	}
	writes := 0
	for _, req := range w.fake.Log() {
		if req.Write {
			writes++
		}
	}
	if writes != 1 {
		t.Fatalf("%d writes tried, want the one that failed", writes)
	}
}
