package reliability

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
)

// Issue #12: what anyone may do on a public repository must not steer
// ghsync. mallory cannot write to the repository; she can open issues,
// write any body (hidden markers included), edit them and close them.

// ownIssue is the issue ghsync made for id: the lowest-numbered one with
// its marker opened by the token's user.
func (w *world) ownIssue(id string) ghfake.Issue {
	w.t.Helper()
	for _, is := range w.fake.Issues(repo) {
		if k, ok := marker.Find(is.Body); ok && k.ID == id && is.User == "ghsync-bot" {
			return is
		}
	}
	w.t.Fatalf("ghsync made no issue for %s", id)
	return ghfake.Issue{}
}

// untouched fails unless issue n is as before: no edit, no comment by
// anyone but its author.
func (w *world) untouched(n int, before ghfake.Issue) {
	w.t.Helper()
	is, _ := w.fake.Issue(repo, n)
	if is.Title != before.Title || is.Body != before.Body || is.State != before.State || is.StateReason != before.StateReason || !slices.Equal(is.Labels, before.Labels) || is.Milestone != before.Milestone {
		w.t.Fatalf("ghsync wrote to the outsider's issue #%d:\nbefore %+v\nafter  %+v", n, before, is)
	}
	for _, c := range w.fake.Comments(repo, n) {
		if c.User != before.User {
			w.t.Fatalf("%s commented on the outsider's issue #%d: %q", c.User, n, c.Body)
		}
	}
}

// An outsider opens an issue with the marker of a blocker that has no
// issue yet and closes it as completed: the gate stays unmet, the report
// does not count the blocker done, and apply creates ghsync's own issue,
// leaving hers alone.
func TestOutsiderForgesAClosedBlocker(t *testing.T) {
	w := newWorld(t)
	forged := w.fake.SeedIssue(repo, ghfake.Issue{Title: "BLK-01: Insecure cookie management", User: "mallory",
		Body: marker.Wrap(marker.BlockerKey("BLK-01"), "done!"), State: "closed", StateReason: "completed"})
	before, _ := w.fake.Issue(repo, forged)
	if r := w.run("gate", "production"); r.code != 3 {
		t.Fatalf("gate production with a forged close: %s, want exit 3", r)
	}
	r := w.mustRun("report")
	if !strings.Contains(r.out, fmt.Sprintf("#%d by mallory carries the marker of BLK-01: ignored", forged)) {
		t.Fatalf("report does not name the forged issue:\n%s", r.out)
	}
	if p := w.run("plan"); !strings.Contains(p.out, "+ issue BLK-01") {
		t.Fatalf("plan does not create BLK-01's issue:\n%s", p.out)
	}
	w.mustRun("apply", "--yes")
	own := w.ownIssue("BLK-01")
	if own.Number == forged || own.State != "open" {
		t.Fatalf("BLK-01's issue is %+v", own)
	}
	w.untouched(forged, before)
	if r := w.run("gate", "production"); r.code != 3 {
		t.Fatalf("gate production after apply: %s, want exit 3", r)
	}
	w.converged()
}

// An outsider copies a blocker's issue (title and body) after its title
// changed in the catalog: the genuine issue keeps its identity and is
// retitled, dependency links keep pointing at it, and the copy is left
// alone (not closed as a duplicate, not rewritten).
func TestOutsiderCopiesABlockerIssue(t *testing.T) {
	w := newWorld(t)
	w.mustRun("apply", "--yes")
	genuine := w.ownIssue("BLK-01")
	w.setCatalog(strings.Replace(w.catalogText(), "title: Insecure cookie management", "title: Cookie management is insecure", 1))
	copyN := w.fake.SeedIssue(repo, ghfake.Issue{Title: genuine.Title, Body: genuine.Body, User: "mallory"})
	before, _ := w.fake.Issue(repo, copyN)
	w.mustRun("apply", "--yes")
	g, _ := w.fake.Issue(repo, genuine.Number)
	if g.State != "open" || g.Title != "BLK-01: Cookie management is insecure" {
		t.Fatalf("the genuine issue: %+v", g)
	}
	w.untouched(copyN, before)
	dep := w.ownIssue("BLK-02") // depends on BLK-01
	if !strings.Contains(dep.Body, fmt.Sprintf("#%d", genuine.Number)) || strings.Contains(dep.Body, fmt.Sprintf("#%d", copyN)) {
		t.Fatalf("BLK-02's dependency link does not point at #%d:\n%s", genuine.Number, dep.Body)
	}
	w.converged()
}

// Three outsider issues with invented marker ids: they neither trip the
// mass-close guard nor get closed, commented on or rewritten, with or
// without --allow-mass-close.
func TestOutsiderInventsBlockers(t *testing.T) {
	w := newWorld(t)
	w.mustRun("apply", "--yes")
	var invented []int
	before := map[int]ghfake.Issue{}
	for _, id := range []string{"BLK-901", "BLK-902", "BLK-903"} {
		n := w.fake.SeedIssue(repo, ghfake.Issue{Title: id, User: "mallory", Body: marker.Wrap(marker.BlockerKey(id), "x")})
		invented = append(invented, n)
		before[n], _ = w.fake.Issue(repo, n)
	}
	w.converged()
	w.mustRun("apply", "--yes")
	w.mustRun("apply", "--yes", "--allow-mass-close")
	for _, n := range invented {
		w.untouched(n, before[n])
	}
}

// A repository whose issues list is paged by cursors (GitHub's "large
// datasets"): managed issues beyond the page-number limit are found, so
// a second apply creates nothing again.
func TestCursorPagedRepository(t *testing.T) {
	w := newWorldWith(t, func(o *ghfake.Options) { o.PageLimit = 100 })
	for i := range 230 {
		w.fake.SeedIssue(repo, ghfake.Issue{Title: fmt.Sprint("people's issue ", i), User: "bob"})
	}
	w.mustRun("apply", "--yes")
	issues := len(w.fake.Issues(repo))
	w.mustRun("apply", "--yes")
	if n := len(w.fake.Issues(repo)); n != issues {
		t.Fatalf("the second apply made %d issues", n-issues)
	}
	cursor := false
	for _, r := range w.fake.Log() {
		cursor = cursor || strings.Contains(r.Query, "after=")
		if r.Status == 422 {
			t.Fatalf("GitHub refused %s %s?%s", r.Method, r.Path, r.Query)
		}
	}
	if !cursor {
		t.Fatal("no cursor page was read")
	}
	w.converged()
}

// The repository is renamed between two runs: the next run follows the
// rename, warns, writes nothing twice and nothing elsewhere.
func TestRenameBetweenRuns(t *testing.T) {
	w := newWorld(t)
	w.mustRun("apply", "--yes")
	before := w.fake.Issues(repo)
	w.fake.RenameRepo(repo, "o/renamed")
	w.fake.ResetLog()
	r := w.mustRun("plan", "--detailed-exitcode")
	if !strings.Contains(r.err, repo+" was renamed to o/renamed: update --repo or the catalog's repository") {
		t.Fatalf("no warning:\n%s", r)
	}
	w.setCatalog(strings.Replace(w.catalogText(), "effort_hours: 4\n", "effort_hours: 5\n", 1))
	w.mustRun("apply", "--yes")
	after := w.fake.Issues("o/renamed")
	if len(after) != len(before) {
		t.Fatalf("%d issues after the rename, %d before", len(after), len(before))
	}
	for _, req := range w.fake.Log() {
		if req.Write && !strings.HasPrefix(req.Path, "/repos/o/renamed/") && req.Status/100 == 2 {
			t.Fatalf("a write landed elsewhere: %s %s", req.Method, req.Path)
		}
	}
	if r := w.run("plan", "--detailed-exitcode"); r.code != 0 {
		t.Fatalf("plan after apply on the renamed repository: %s", r)
	}
}

// A login the catalog lists in trusted_authors counts like a writer: her
// issue with a blocker's marker is that blocker's.
func TestTrustedAuthorsCount(t *testing.T) {
	w := newWorld(t)
	w.setCatalog(strings.Replace(w.catalogText(), "owners:\n", "trusted_authors: [mallory]\nowners:\n", 1))
	hers := w.fake.SeedIssue(repo, ghfake.Issue{Title: "BLK-01: Insecure cookie management", User: "mallory",
		Body: marker.Wrap(marker.BlockerKey("BLK-01"), "x")})
	r := w.mustRun("plan")
	if strings.Contains(r.out, "+ issue BLK-01") || strings.Contains(r.out, "by mallory") {
		t.Fatalf("mallory's issue was not adopted:\n%s", r.out)
	}
	w.mustRun("apply", "--yes")
	if is, _ := w.fake.Issue(repo, hers); !strings.Contains(is.Body, "Hardcoded cookie") {
		t.Fatalf("BLK-01's body was not written into #%d:\n%s", hers, is.Body)
	}
	w.converged()
}
