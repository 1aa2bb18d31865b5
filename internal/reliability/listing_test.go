package reliability

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
)

// longRepo is a world whose repository holds 450 people's issues besides
// ghsync's: long enough that reading only the recorded creators' issues
// pays (see ghapi.Client.Observe).
func longRepo(t *testing.T) *world {
	w := newWorld(t)
	for i := range 450 {
		w.fake.SeedIssue(repo, ghfake.Issue{Title: fmt.Sprint("people's issue ", i), User: "bob"})
	}
	return w
}

// issueReads counts the fake's GET requests of the issues list, and those
// with a creator filter.
func (w *world) issueReads() (all, byCreator int) {
	for _, r := range w.fake.Log() {
		if r.Method == "GET" && r.Path == "/repos/"+repo+"/issues" {
			all++
			if strings.Contains(r.Query, "creator=") {
				byCreator++
			}
		}
	}
	return all, byCreator
}

// In steady state a plan reads the recorded creators' issues, not the
// repository's 470 issues and pull requests; a person's close and edit
// show all the same, and a blocker's issue deleted by a person makes the
// next run read everything and create it again.
func TestSteadyStateReadsOnlyTheCreatorsIssues(t *testing.T) {
	w := longRepo(t)
	w.mustRun("apply", "--yes")
	w.fake.ResetLog()
	w.converged()
	if all, by := w.issueReads(); all != 3 || by != 2 {
		// The first page, the Actions bot's (no dashboard there), the
		// token user's; GET /user in between. A full listing is 5 pages.
		t.Fatalf("no-op plan read %d pages of issues (%d by creator):\n%+v", all, by, w.fake.Log())
	}
	blk := w.ownIssue("BLK-03")
	w.fake.EditIssue(repo, blk.Number, func(is *ghfake.Issue) { is.State, is.StateReason = "closed", "completed" })
	if r := w.mustRun("report"); !strings.Contains(r.out, "done") {
		t.Fatalf("report:\n%s", r.out)
	}
	if r := w.run("plan"); !strings.Contains(r.out, "~ dashboard") {
		t.Fatalf("the close was not seen:\n%s", r.out)
	}
	w.mustRun("apply", "--yes")
	gone := w.ownIssue("BLK-04")
	w.fake.DeleteIssue(repo, gone.Number)
	w.fake.ResetLog()
	r := w.run("plan")
	if !strings.Contains(r.out, "+ issue BLK-04") {
		t.Fatalf("the deletion was not seen:\n%s", r.out)
	}
	if all, by := w.issueReads(); by == 0 || all < 5 {
		t.Fatalf("after a deletion the plan read %d pages (%d by creator), want a full listing after the check", all, by)
	}
	w.mustRun("apply", "--yes")
	w.converged()
}

// A new login that creates issues (here the Actions bot, after the lead's
// token made everything) is added to the dashboard's record before its
// first create, so the lead's next plan reads its issues too and creates
// nothing twice.
func TestANewWriterIsRecordedBeforeItCreates(t *testing.T) {
	w := longRepo(t)
	w.mustRun("apply", "--yes")
	const actions = "ghs_actionsTOKENfortheTEST0123456789"
	w.fake.AddActionsToken(actions)
	w.setCatalog(w.catalogText() + "  - id: BLK-13\n    title: Added later\n    priority: P3\n    category: performance\n    effort_hours: 1\n")
	w.fake.ResetLog()
	env := map[string]string{}
	for k, v := range w.env {
		env[k] = v
	}
	env["GITHUB_TOKEN"], env["GITHUB_ACTIONS"] = actions, "true"
	if r := w.runEnv(env, "apply", "--yes"); r.code != 0 {
		t.Fatalf("apply as the Actions bot: %s", r)
	}
	var order []string
	for _, r := range w.fake.Log() {
		if r.Write {
			order = append(order, r.Method+" "+r.Path)
		}
	}
	dash := 0
	for _, is := range w.fake.Issues(repo) {
		if k, ok := marker.Find(is.Body); ok && k == marker.DashboardKey() {
			dash = is.Number
		}
	}
	if len(order) < 2 || order[0] != fmt.Sprintf("PATCH /repos/%s/issues/%d", repo, dash) || order[1] != "POST /repos/"+repo+"/issues" {
		t.Fatalf("writes: %v; want the dashboard's record first, then the create", order)
	}
	if is, _ := w.fake.Issue(repo, dash); !strings.Contains(is.Body, "github-actions[bot]:") {
		t.Fatalf("the record does not name the Actions bot:\n%s", is.Body)
	}
	w.converged()
	if all, by := w.issueReads(); by == 0 {
		t.Fatalf("the lead's plan read %d pages, none by creator", all)
	}
}

// While --lock is held no other run can create an issue, so apply skips
// the look among the newest issues before each create.
func TestLockSkipsTheLookBeforeEachCreate(t *testing.T) {
	looks := func(args ...string) int {
		w := newWorld(t)
		w.mustRun(append([]string{"apply", "--yes"}, args...)...)
		n := 0
		for _, r := range w.fake.Log() {
			if r.Method == "GET" && strings.HasSuffix(r.Path, "/issues") && strings.Contains(r.Query, "direction=desc") {
				n++
			}
		}
		return n
	}
	without, with := looks(), looks("--lock")
	if without < 12 || with != 0 {
		t.Fatalf("looks before creates: %d without --lock, %d with; want one per create, and none", without, with)
	}
}
