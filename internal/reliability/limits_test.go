package reliability

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// Issue #13.8: a person's text brings a blocker's issue to 65,534
// characters and the catalog resolves the blocker. The close would rewrite
// the body (its status record grows) past GitHub's 65,536; GitHub would
// refuse the whole write and the issue would stay open on every run. The
// close is made, the body left as it is, the plan says why, and the next
// run writes nothing.
func TestCloseSucceedsWhenTheBodyCannotGrow(t *testing.T) {
	w := newWorld(t)
	w.mustRun("apply", "--yes")
	own := w.ownIssue("BLK-03")
	pad := 65534 - utf8.RuneCountInString(own.Body)
	w.fake.EditIssue(repo, own.Number, func(is *ghfake.Issue) { is.Body = strings.Repeat("x", pad-1) + "\n" + is.Body })
	w.setCatalog(strings.Replace(w.catalogText(), "    labels: [needs-triage]\n", "    labels: [needs-triage]\n    status: resolved\n", 1))
	r := w.run("plan")
	if !strings.Contains(r.out, "GitHub allows 65536: ghsync leaves the body as it is") || !strings.Contains(r.out, "- issue BLK-03") {
		t.Fatalf("plan:\n%s", r.out)
	}
	w.mustRun("apply", "--yes")
	is, _ := w.fake.Issue(repo, own.Number)
	if is.State != "closed" || is.StateReason != "completed" {
		t.Fatalf("BLK-03's issue is %s/%s, want closed as completed", is.State, is.StateReason)
	}
	before := w.fake.Counts().Writes
	w.mustRun("apply", "--yes")
	if n := w.fake.Counts().Writes - before; n != 0 {
		t.Fatalf("the next apply made %d writes", n)
	}
}
