package reliability

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
)

// trackerOf returns the lowest-numbered issue carrying tracker id's
// marker.
func (w *world) trackerOf(id string) ghfake.Issue {
	w.t.Helper()
	for _, is := range w.fake.Issues(repo) {
		if k, ok := marker.Find(is.Body); ok && k == marker.TrackerKey(id) {
			return is
		}
	}
	w.t.Fatalf("no issue carries the marker of the tracker %s", id)
	return ghfake.Issue{}
}

// subIssues are the sorted numbers of the sub-issues of issue n.
func (w *world) subIssues(n int) []int {
	got := w.fake.SubIssues(repo, n)
	slices.Sort(got)
	return got
}

// The default makes one tracker issue per category with its blockers as
// sub-issues (#16): a fresh apply creates and attaches them, a second
// makes no write, a person's own sub-issue under a tracker is kept, a
// blocker whose category changes moves, and trackers: none takes off only
// what ghsync attached and closes the trackers as not planned.
func TestCategoryTrackers(t *testing.T) {
	w := newWorld(t)
	data, err := readFile(w.catalog)
	if err != nil {
		t.Fatal(err)
	}
	w.setCatalog(strings.Replace(data, "owners:\n", "category_owners:\n  security: [ana]\nowners:\n", 1))
	r := w.mustRun("plan")
	for _, want := range []string{`+ tracker security "Reliability suite tracker: security"`, "+ sub-issue BLK-01", "sub-issues to attach"} {
		if !strings.Contains(r.out, want) {
			t.Fatalf("plan does not show %q:\n%s", want, r.out)
		}
	}
	if r := w.mustRun("plan", "--format", "json"); !strings.Contains(r.out, `"kind": "sub-issue"`) || !strings.Contains(r.out, `"blocker": "BLK-01"`) || !strings.Contains(r.out, `"kind": "tracker"`) {
		t.Fatalf("the plan's JSON does not carry the trackers and sub-issues:\n%s", r.out)
	}
	if r := w.mustRun("plan", "--format", "markdown"); !strings.Contains(r.out, "| sub-issue | security |") {
		t.Fatalf("the Markdown plan does not show the sub-issues:\n%s", r.out)
	}
	r = w.mustRun("apply", "--yes")
	if !regexp.MustCompile(`\] \+ sub-issue security #\d+: BLK-01\n`).MatchString(r.out) {
		t.Errorf("apply's progress does not name the sub-issue:\n%s", r.out)
	}
	num := func(id string) int { return w.issueOf(id).Number }
	under := map[string][]string{
		"security":    {"BLK-01", "BLK-02", "BLK-05", "BLK-10"},
		"performance": {"BLK-03", "BLK-04", "BLK-12"},
		"reliability": {"BLK-06", "BLK-07", "BLK-11"},
		"compliance":  {"BLK-08", "BLK-09"},
	}
	check := func(extra map[string][]int) {
		t.Helper()
		for tr, ids := range under {
			var want []int
			for _, id := range ids {
				want = append(want, num(id))
			}
			want = append(want, extra[tr]...)
			slices.Sort(want)
			if got := w.subIssues(w.trackerOf(tr).Number); !slices.Equal(got, want) {
				t.Errorf("tracker %s has sub-issues %v, want %v", tr, got, want)
			}
		}
	}
	check(nil)
	sec := w.trackerOf("security")
	if !slices.Equal(sec.Assignees, []string{"ana"}) || !slices.Contains(sec.Labels, "tracker") {
		t.Errorf("the security tracker has assignees %v and labels %v, want [ana] and the tracker label", sec.Assignees, sec.Labels)
	}
	if !strings.Contains(sec.Body, "<!-- ghsync:sub-issues=BLK-01,BLK-02,BLK-05,BLK-10 -->") || !strings.Contains(sec.Body, "#"+itoa(num("BLK-01"))+" **BLK-01**") {
		t.Errorf("the security tracker's body does not list and record its blockers:\n%s", sec.Body)
	}
	if len(w.trackerOf("performance").Assignees) != 0 {
		t.Errorf("a tracker without category owners got assignees")
	}
	w.converged()
	// Trackers are no blockers: the report counts the catalog's 4
	// security blockers in the category, not 5.
	if r := w.mustRun("report"); !regexp.MustCompile(`security\s+0/4 0%\s+4\s`).MatchString(r.out) {
		t.Errorf("the report counts trackers among the blockers:\n%s", r.out)
	}

	writes := 0
	w.beforeWrite(func(int) { writes++ })
	w.mustRun("apply", "--yes")
	if writes != 0 {
		t.Fatalf("a second apply made %d writes", writes)
	}

	// A person's own sub-issue under a tracker stays, and costs no write.
	own := w.fake.SeedIssue(repo, ghfake.Issue{Title: "Audit the cookie rotation", User: "ana"})
	if err := w.fake.AddSubIssue(repo, sec.Number, own); err != nil {
		t.Fatal(err)
	}
	w.mustRun("apply", "--yes")
	if writes != 0 {
		t.Fatalf("an apply after a person's sub-issue made %d writes", writes)
	}
	check(map[string][]int{"security": {own}})

	// BLK-02 moves from security to reliability: one write moves it
	// (replace_parent), and the two trackers' bodies follow.
	data, err = readFile(w.catalog)
	if err != nil {
		t.Fatal(err)
	}
	moved := strings.Replace(data, "title: Missing TLS configuration\n    priority: P0\n    category: security", "title: Missing TLS configuration\n    priority: P0\n    category: reliability", 1)
	if moved == data {
		t.Fatal("the test's catalog edit did not apply")
	}
	w.setCatalog(moved)
	r = w.mustRun("plan")
	if want := "+ sub-issue BLK-02 #" + itoa(num("BLK-02")) + " (moved from #" + itoa(sec.Number) + ")"; !strings.Contains(r.out, want) {
		t.Fatalf("plan does not show the move %q:\n%s", want, r.out)
	}
	w.mustRun("apply", "--yes")
	under["security"] = []string{"BLK-01", "BLK-05", "BLK-10"}
	under["reliability"] = []string{"BLK-02", "BLK-06", "BLK-07", "BLK-11"}
	check(map[string][]int{"security": {own}})
	if b := w.trackerOf("security").Body; !strings.Contains(b, "<!-- ghsync:sub-issues=BLK-01,BLK-05,BLK-10 -->") {
		t.Errorf("the security tracker's record still holds BLK-02:\n%s", b)
	}
	w.converged()

	// trackers: none takes off what ghsync attached, keeps the person's
	// sub-issue, and closes the trackers as not planned, once.
	data, _ = readFile(w.catalog)
	w.setCatalog(strings.Replace(data, "\nowners:\n", "\ntrackers: none\nowners:\n", 1))
	r = w.mustRun("plan")
	if !strings.Contains(r.out, "- sub-issue BLK-01") || !strings.Contains(r.out, "- tracker security") {
		t.Fatalf("plan does not show the removals:\n%s", r.out)
	}
	w.mustRun("apply", "--yes")
	for _, tr := range []string{"security", "performance", "reliability", "compliance"} {
		is := w.trackerOf(tr)
		want := []int(nil)
		if tr == "security" {
			want = []int{own}
		}
		if got := w.subIssues(is.Number); !slices.Equal(got, want) {
			t.Errorf("tracker %s keeps sub-issues %v, want %v", tr, got, want)
		}
		if is.State != "closed" || is.StateReason != "not_planned" {
			t.Errorf("tracker %s is %s (%s), want closed as not planned", tr, is.State, is.StateReason)
		}
	}
	w.converged()
	writes = 0
	w.mustRun("apply", "--yes")
	if writes != 0 {
		t.Fatalf("a second apply with trackers: none made %d writes", writes)
	}

	// Back to trackers by category: the same issues are reopened and
	// filled again.
	w.setCatalog(moved)
	w.mustRun("apply", "--yes")
	check(map[string][]int{"security": {own}})
	if is := w.trackerOf("security"); is.State != "open" || is.Number != sec.Number {
		t.Errorf("the security tracker is #%d %s, want #%d open again", is.Number, is.State, sec.Number)
	}
	w.converged()
}

// Only a trusted writer's tracker counts: an outsider's issue carrying a
// tracker's marker is ignored (ghsync makes its own), and a blocker a
// person put under an issue of their own stays there.
func TestTrackersTrustAndPeoplesParents(t *testing.T) {
	w := newWorld(t)
	forged := w.fake.SeedIssue(repo, ghfake.Issue{Title: "Tracker: security", User: "mallory",
		Body: marker.Wrap(marker.TrackerKey("security"), "forged\n<!-- ghsync:sub-issues=BLK-01 -->")})
	w.mustRun("apply", "--yes")
	sec := w.trackerOf("security") // the lowest number carrying the marker
	if sec.Number != forged {
		t.Fatalf("the forged tracker is not the lowest-numbered one")
	}
	var real ghfake.Issue
	for _, is := range w.fake.Issues(repo) {
		if k, ok := marker.Find(is.Body); ok && k == marker.TrackerKey("security") && is.Number != forged {
			real = is
		}
	}
	if real.Number == 0 {
		t.Fatal("ghsync made no tracker of its own beside the forged one")
	}
	if got := w.subIssues(forged); len(got) != 0 {
		t.Errorf("the forged tracker got sub-issues %v", got)
	}
	if got := w.subIssues(real.Number); len(got) != 4 {
		t.Errorf("ghsync's security tracker has sub-issues %v, want the 4 security blockers", got)
	}
	if is, _ := w.fake.Issue(repo, forged); is.State != "open" || !strings.Contains(is.Body, "forged") {
		t.Errorf("the forged tracker was touched: %+v", is)
	}
	w.converged()

	// A person makes BLK-03 a sub-issue of an epic of their own: ghsync
	// leaves it there and says so.
	epic := w.fake.SeedIssue(repo, ghfake.Issue{Title: "Performance epic", User: "ana"})
	perf := w.trackerOf("performance").Number
	blk03 := w.issueOf("BLK-03").Number
	if err := w.fake.RemoveSubIssue(repo, perf, blk03); err != nil {
		t.Fatal(err)
	}
	if err := w.fake.AddSubIssue(repo, epic, blk03); err != nil {
		t.Fatal(err)
	}
	r := w.mustRun("plan")
	if !strings.Contains(r.out, "BLK-03 (#"+itoa(blk03)+") is a sub-issue of #"+itoa(epic)) {
		t.Fatalf("plan does not say BLK-03 stays under the person's epic:\n%s", r.out)
	}
	w.mustRun("apply", "--yes")
	if p, _ := w.fake.Parent(repo, blk03); p != epic {
		t.Errorf("BLK-03's parent is #%d, want the person's epic #%d", p, epic)
	}
}

// A login that made only trackers (here the Actions bot, switching to
// trackers by milestone after the lead's token made everything) stays in
// the dashboard's record of creators, so the cheap listing by creators
// finds its trackers and the next plan makes none twice (#16).
func TestTrackersAreFoundByTheCreatorsListing(t *testing.T) {
	w := longRepo(t)
	w.mustRun("apply", "--yes")
	const actions = "ghs_actionsTOKENfortheTEST0123456789"
	w.fake.AddActionsToken(actions)
	w.setCatalog(strings.Replace(w.catalogText(), "\nowners:\n", "\ntrackers: milestone\nowners:\n", 1))
	env := map[string]string{}
	for k, v := range w.env {
		env[k] = v
	}
	env["GITHUB_TOKEN"], env["GITHUB_ACTIONS"] = actions, "true"
	if r := w.runEnv(env, "apply", "--yes"); r.code != 0 {
		t.Fatalf("apply as the Actions bot: %s", r)
	}
	byBot := 0
	for _, is := range w.fake.Issues(repo) {
		if k, ok := marker.Find(is.Body); ok && k.Kind == marker.Tracker && is.User == "github-actions[bot]" {
			byBot++
		}
	}
	if byBot != 3 {
		t.Fatalf("the Actions bot made %d trackers, want one per milestone (3)", byBot)
	}
	for _, is := range w.fake.Issues(repo) {
		if k, ok := marker.Find(is.Body); ok && k == marker.DashboardKey() && !strings.Contains(is.Body, "github-actions[bot]:3") {
			t.Fatalf("the record does not count the bot's 3 trackers:\n%s", is.Body)
		}
	}
	w.fake.ResetLog()
	w.converged()
	if all, by := w.issueReads(); by == 0 || all >= 5 {
		t.Fatalf("the lead's plan read %d pages (%d by creator), want the creators' listing", all, by)
	}
}

// A blocker's move to another tracker that fails (GitHub refuses it, or
// its answer is lost and the run stops) leaves it under its old tracker
// and in that tracker's record, so a later apply moves it and converges,
// instead of leaving it stranded as if a person had chosen that parent
// (#16, D1).
func TestTrackerMoveThatFailsIsFinishedLater(t *testing.T) {
	w := newWorld(t)
	w.mustRun("apply", "--yes")
	sec, blk02 := w.trackerOf("security").Number, w.issueOf("BLK-02").Number
	data := w.catalogText()
	moved := strings.Replace(data, "title: Missing TLS configuration\n    priority: P0\n    category: security", "title: Missing TLS configuration\n    priority: P0\n    category: reliability", 1)
	if moved == data {
		t.Fatal("the test's catalog edit did not apply")
	}
	w.setCatalog(moved)
	rel := w.trackerOf("reliability").Number
	path := "/repos/o/r/issues/" + itoa(rel) + "/sub_issues"
	for _, f := range []ghfake.Fault{
		// GitHub refuses the move (a per-object error: the run goes on).
		{Method: "POST", Path: path, Kind: ghfake.KindStatus, Status: 422},
		// GitHub fails on every try: the run stops at the move.
		{Method: "POST", Path: path, Kind: ghfake.KindStatus, Status: 502},
	} {
		w.fake.ClearFaults()
		w.fake.Inject(f)
		if r := w.run("apply", "--yes"); r.code == 0 {
			t.Fatalf("apply with the move failing (%d) exits 0:\n%s", f.Status, r)
		}
		if p, _ := w.fake.Parent(repo, blk02); p != sec {
			t.Fatalf("after the failed move (%d) BLK-02's parent is #%d, want the security tracker #%d", f.Status, p, sec)
		}
		if b := w.trackerOf("security").Body; !strings.Contains(b, "<!-- ghsync:sub-issues=BLK-01,BLK-02,BLK-05,BLK-10 -->") {
			t.Fatalf("after the failed move (%d) the security tracker's record no longer holds BLK-02:\n%s", f.Status, b)
		}
	}
	w.fake.ClearFaults()
	r := w.mustRun("plan")
	if strings.Contains(r.out, "did not make its parent") || !strings.Contains(r.out, "+ sub-issue BLK-02 #"+itoa(blk02)+" (moved from #"+itoa(sec)+")") {
		t.Fatalf("the plan after the failed moves does not move BLK-02:\n%s", r.out)
	}
	w.mustRun("apply", "--yes")
	if p, _ := w.fake.Parent(repo, blk02); p != rel {
		t.Errorf("BLK-02's parent is #%d, want the reliability tracker #%d", p, rel)
	}
	if b := w.trackerOf("security").Body; !strings.Contains(b, "<!-- ghsync:sub-issues=BLK-01,BLK-05,BLK-10 -->") {
		t.Errorf("the security tracker's record still holds BLK-02:\n%s", b)
	}
	w.converged()
}

// A person's cycle deeper than one level (the security tracker under an
// epic that is under BLK-01, which ghsync wants under the tracker): plan
// says so in a note instead of planning the attach GitHub refuses, so
// apply exits 0 and converges (#16, D2).
func TestTrackerUnderItsBlockerThroughAnEpic(t *testing.T) {
	w := newWorld(t)
	w.mustRun("apply", "--yes")
	sec, blk01 := w.trackerOf("security").Number, w.issueOf("BLK-01").Number
	epic := w.fake.SeedIssue(repo, ghfake.Issue{Title: "Hardening epic", User: "ana"})
	if err := w.fake.RemoveSubIssue(repo, sec, blk01); err != nil {
		t.Fatal(err)
	}
	for _, e := range [][2]int{{blk01, epic}, {epic, sec}} {
		if err := w.fake.AddSubIssue(repo, e[0], e[1]); err != nil {
			t.Fatal(err)
		}
	}
	r := w.mustRun("plan")
	if !strings.Contains(r.out, "BLK-01 (#"+itoa(blk01)+") is not put under its tracker security (#"+itoa(sec)+"): the tracker is nested under it") {
		t.Fatalf("plan does not say why BLK-01 is not attached:\n%s", r.out)
	}
	if r := w.run("apply", "--yes"); r.code != 0 {
		t.Fatalf("apply with a person's deeper cycle: %s", r)
	}
	if p, _ := w.fake.Parent(repo, sec); p != epic {
		t.Errorf("the tracker's parent is #%d, want the person's epic #%d", p, epic)
	}
	w.converged()
}

// A saved plan that moves a blocker to another tracker does not take it
// from a parent a person gave it after the plan was made: apply FILE skips
// the move and says why (#16, D3).
func TestSavedPlanKeepsAParentSetSince(t *testing.T) {
	w := newWorld(t)
	w.mustRun("apply", "--yes")
	sec, blk02 := w.trackerOf("security").Number, w.issueOf("BLK-02").Number
	data := w.catalogText()
	w.setCatalog(strings.Replace(data, "title: Missing TLS configuration\n    priority: P0\n    category: security", "title: Missing TLS configuration\n    priority: P0\n    category: reliability", 1))
	file := filepath.Join(t.TempDir(), "plan.json")
	w.mustRun("plan", "--out", file)
	epic := w.fake.SeedIssue(repo, ghfake.Issue{Title: "TLS epic", User: "ana"})
	if err := w.fake.RemoveSubIssue(repo, sec, blk02); err != nil {
		t.Fatal(err)
	}
	if err := w.fake.AddSubIssue(repo, epic, blk02); err != nil {
		t.Fatal(err)
	}
	r := w.run("apply", "--yes", file)
	if p, _ := w.fake.Parent(repo, blk02); p != epic {
		t.Fatalf("after the saved plan BLK-02's parent is #%d, want the person's epic #%d:\n%s", p, epic, r)
	}
	if !strings.Contains(r.err+r.out, "Skipped create sub-issue reliability") || !strings.Contains(r.err+r.out, "is now a sub-issue of #"+itoa(epic)) {
		t.Errorf("apply does not say it skipped the move:\n%s", r)
	}
}

// An outsider's issue carrying a tracker's marker does not make a failed
// attach look done: BLK-01 put under it (by a person, between plan and
// write) is not taken for under a copy of the tracker, so apply reports
// the refused attach and the next plan says where BLK-01 is (#16, D5).
func TestFailedAttachUnderAnOutsidersTrackerCopy(t *testing.T) {
	w := newWorld(t)
	w.mustRun("apply", "--yes")
	sec, blk01 := w.trackerOf("security").Number, w.issueOf("BLK-01").Number
	if err := w.fake.RemoveSubIssue(repo, sec, blk01); err != nil {
		t.Fatal(err)
	}
	forged := w.fake.SeedIssue(repo, ghfake.Issue{Title: "Reliability suite tracker: security", User: "mallory",
		Body: marker.Wrap(marker.TrackerKey("security"), "forged")})
	attach := "/repos/o/r/issues/" + itoa(sec) + "/sub_issues"
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == attach {
			once.Do(func() {
				if err := w.fake.AddSubIssue(repo, forged, blk01); err != nil {
					t.Error(err)
				}
			})
		}
		w.fake.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	w.env["GITHUB_API_URL"] = srv.URL + "/"
	r := w.run("apply", "--yes")
	if r.code == 0 || !strings.Contains(r.out+r.err, "sub-issue security") {
		t.Fatalf("apply takes the attach GitHub refused for done:\n%s", r)
	}
	if r := w.mustRun("plan"); !strings.Contains(r.out, "BLK-01 (#"+itoa(blk01)+") is a sub-issue of #"+itoa(forged)) {
		t.Errorf("plan does not say BLK-01 is under the outsider's issue:\n%s", r.out)
	}
}
