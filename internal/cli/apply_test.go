package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
)

func TestFreshApplyThenNothingToDo(t *testing.T) {
	h := newHarness(t)
	h.fake.SeedIssue(testRepo, ghfake.Issue{Title: "someone's bug", Body: "text", Labels: []string{"bug"}})
	h.fake.SeedPull(testRepo, "a pull request")

	r := h.run("plan", "--detailed-exitcode")
	if r.code != 2 {
		t.Fatalf("plan --detailed-exitcode on a fresh repo: exit %d, want 2\n%s%s", r.code, r.out, r.err)
	}
	if h.writes() != 0 {
		t.Fatalf("plan wrote %d times", h.writes())
	}
	// 4 labels (priority P0, P1; category security, performance) + needs-design
	// + tracker, 2 milestones, 4 issues, 2 trackers (one per category); 2
	// "blocked by" links for the depends_on and 4 sub-issues, one per
	// blocker (#16).
	if !strings.Contains(r.out, "Plan: 14 to create, 0 to update, 0 to close; 2 blocked-by links to add, 0 to remove; 4 sub-issues to attach, 0 to remove.") {
		t.Fatalf("plan summary:\n%s", r.out)
	}

	r = h.mustRun("apply", "--yes")
	if got := h.writes(); got != 20 {
		t.Fatalf("fresh apply made %d writes, want 20 (one per object, link and sub-issue)\n%s", got, r.out)
	}
	if !strings.Contains(r.out, "[20/20]") {
		t.Fatalf("progress lines missing:\n%s", r.out)
	}
	issues := h.issues("P")
	if len(issues) != 4 {
		t.Fatalf("want 4 blocker issues, got %d", len(issues))
	}
	// Dependencies were created first, so links carry real numbers.
	byID := map[string]ghfake.Issue{}
	for _, is := range issues {
		k, ok := marker.Find(is.Body)
		if !ok {
			t.Fatalf("issue #%d has no marker", is.Number)
		}
		byID[k.ID] = is
	}
	tls := byID["P0-002"]
	if want := "#" + itoa(byID["P0-001"].Number); !strings.Contains(tls.Body, want) {
		t.Fatalf("P0-002's body does not link %s:\n%s", want, tls.Body)
	}
	if len(byID["P0-001"].Labels) != 2 || byID["P0-001"].Milestone == 0 {
		t.Fatalf("create did not carry labels and milestone: %+v", byID["P0-001"])
	}

	before := h.writes()
	r = h.run("plan", "--detailed-exitcode")
	if r.code != 0 || !strings.Contains(r.out, "No changes.") {
		t.Fatalf("plan after apply: exit %d\n%s%s", r.code, r.out, r.err)
	}
	h.mustRun("apply", "--yes")
	if h.writes() != before {
		t.Fatalf("second apply wrote %d times", h.writes()-before)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func blockerIssue(t *testing.T, h *harness, id string) ghfake.Issue {
	t.Helper()
	var found []ghfake.Issue
	for _, is := range h.fake.Issues(testRepo) {
		if k, ok := marker.Find(is.Body); ok && k.ID == id {
			found = append(found, is)
		}
	}
	if len(found) == 0 {
		t.Fatalf("no issue for %s", id)
	}
	return found[0]
}

func countFor(h *harness, id string, state string) int {
	n := 0
	for _, is := range h.fake.Issues(testRepo) {
		if k, ok := marker.Find(is.Body); ok && k.ID == id && (state == "" || is.State == state) {
			n++
		}
	}
	return n
}

func TestPeoplesWorkIsKept(t *testing.T) {
	h := newHarness(t)
	h.mustRun("apply", "--yes")
	is := blockerIssue(t, h, "P0-001")
	h.fake.SeedComment(testRepo, is.Number, "ana", "I am on it")
	h.fake.AddCollaborator(testRepo, "ana")
	h.fake.EditIssue(testRepo, is.Number, func(i *ghfake.Issue) {
		i.Assignees = []string{"ana"}
		i.Labels = append(i.Labels, "team-a")
		i.Body = "Notes from ana\r\n\n" + i.Body + "\n\nFooter ✓"
	})
	closed := blockerIssue(t, h, "P1-005")
	h.fake.EditIssue(testRepo, closed.Number, func(i *ghfake.Issue) { i.State, i.StateReason = "closed", "completed" })
	// A person also edits the catalog: the title of P0-001 changes.
	h.editCatalog(func(s string) string {
		return strings.Replace(s, "title: Insecure Cookie Management in Cluster Configuration", "title: Cookie management", 1)
	})

	h.mustRun("apply", "--yes")
	got := blockerIssue(t, h, "P0-001")
	if got.Title != "P0-001: Cookie management" {
		t.Fatalf("title not updated: %q", got.Title)
	}
	if !strings.HasPrefix(got.Body, "Notes from ana\r\n\n") || !strings.HasSuffix(got.Body, "\n\nFooter ✓") {
		t.Fatalf("person's text lost:\n%q", got.Body)
	}
	if len(got.Assignees) != 1 || got.Assignees[0] != "ana" {
		t.Fatalf("assignees changed: %v", got.Assignees)
	}
	if !contains(got.Labels, "team-a") {
		t.Fatalf("person's label removed: %v", got.Labels)
	}
	if c := h.fake.Comments(testRepo, got.Number); len(c) != 1 {
		t.Fatalf("comments: %v", c)
	}
	if is := blockerIssue(t, h, "P1-005"); is.State != "closed" {
		t.Fatalf("a person's close was undone")
	}
	before := h.writes()
	h.mustRun("apply", "--yes")
	if h.writes() != before {
		t.Fatalf("apply after the edits is not idempotent: %d writes", h.writes()-before)
	}
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

func TestRetitledAndStrippedIssueIsNotDuplicated(t *testing.T) {
	h := newHarness(t)
	h.mustRun("apply", "--yes")
	is := blockerIssue(t, h, "P0-002")
	h.fake.EditIssue(testRepo, is.Number, func(i *ghfake.Issue) { i.Title = "TLS stuff"; i.Labels = nil; i.Milestone = 0 })
	r := h.mustRun("apply", "--yes")
	if countFor(h, "P0-002", "") != 1 {
		t.Fatalf("duplicate created:\n%s", r.out)
	}
	got := blockerIssue(t, h, "P0-002")
	if got.Title != "P0-002: Missing Transport Layer Security (TLS) Configuration" || len(got.Labels) != 2 || got.Milestone == 0 {
		t.Fatalf("not restored: %+v", got)
	}
}

func TestCatalogEdits(t *testing.T) {
	h := newHarness(t)
	h.mustRun("apply", "--yes")
	h.editCatalog(func(s string) string {
		s = strings.Replace(s, "  - id: P1-005\n    title: No Connection Pooling\n    priority: P1", "  - id: P1-005\n    title: No Connection Pooling\n    priority: P0", 1)
		s = strings.Replace(s, "effort_hours: 16", "effort_hours: 20", 1)
		s = strings.Replace(s, "    milestone: M2\n    effort_hours: 24", "    milestone: M1\n    effort_hours: 24", 1)
		return s
	})
	r := h.run("plan", "--format", "json")
	var p struct {
		Summary map[string]int `json:"summary"`
		Changes []struct {
			Kind, Action, ID string
			Number           *int
			Fields           []struct{ Name, Old, New string }
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(r.out), &p); err != nil {
		t.Fatalf("plan json: %v\n%s", err, r.out)
	}
	got := map[string][]string{}
	for _, c := range p.Changes {
		for _, f := range c.Fields {
			got[c.ID] = append(got[c.ID], f.Name)
		}
		if c.Number == nil {
			t.Fatalf("update without number: %+v", c)
		}
	}
	want := map[string][]string{"P1-005": {"body", "labels"}, "P0-002": {"body"}, "P1-001": {"body", "milestone"}}
	for id, fields := range want {
		if strings.Join(got[id], ",") != strings.Join(fields, ",") {
			t.Fatalf("%s changes %v, want %v (all: %v)", id, got[id], fields, got)
		}
	}
	if p.Summary["update"] != 3 || p.Summary["create"] != 0 {
		t.Fatalf("summary %v", p.Summary)
	}
	before := h.writes()
	h.mustRun("apply", "--yes")
	if n := h.writes() - before; n != 3 {
		t.Fatalf("apply of 3 updates made %d writes", n)
	}
	pool := blockerIssue(t, h, "P1-005")
	if !contains(pool.Labels, "priority/P0") || contains(pool.Labels, "priority/P1") || !contains(pool.Labels, "needs-design") {
		t.Fatalf("label swap: %v", pool.Labels)
	}
}

func TestRemovalAndReturn(t *testing.T) {
	h := newHarness(t)
	h.mustRun("apply", "--yes")
	orig := h.catalogText()
	pool := blockerIssue(t, h, "P1-005")
	h.editCatalog(func(s string) string { return s[:strings.Index(s, "  - id: P1-005")] })
	h.mustRun("apply", "--yes")
	got := blockerIssue(t, h, "P1-005")
	if got.State != "closed" || got.StateReason != "not_planned" || got.Number != pool.Number {
		t.Fatalf("removed blocker: %+v", got)
	}
	if c := h.fake.Comments(testRepo, got.Number); len(c) != 1 || !strings.Contains(c[0].Body, "no longer in the catalog") {
		t.Fatalf("comments: %+v", c)
	}
	before := h.writes()
	h.mustRun("apply", "--yes")
	if h.writes() != before {
		t.Fatal("removed blocker closed twice")
	}
	h.setCatalog(orig)
	h.mustRun("apply", "--yes")
	back := blockerIssue(t, h, "P1-005")
	if back.Number != pool.Number || back.State != "open" || countFor(h, "P1-005", "") != 1 {
		t.Fatalf("return did not reopen the same issue: %+v", back)
	}
}

func (h *harness) catalogText() string {
	data, err := os.ReadFile(filepath.Join(h.catalog, "catalog.yaml"))
	if err != nil {
		h.t.Fatal(err)
	}
	return string(data)
}

func (h *harness) setCatalog(s string) { h.editCatalog(func(string) string { return s }) }

func TestDuplicateMarkersAreClosed(t *testing.T) {
	h := newHarness(t)
	h.mustRun("apply", "--yes")
	orig := blockerIssue(t, h, "P0-001")
	dup := h.fake.SeedIssue(testRepo, ghfake.Issue{Title: orig.Title, Body: orig.Body, Labels: orig.Labels})
	h.mustRun("apply", "--yes")
	d, _ := h.fake.Issue(testRepo, dup)
	if d.State != "closed" {
		t.Fatalf("duplicate #%d left open", dup)
	}
	if c := h.fake.Comments(testRepo, dup); len(c) != 1 || !strings.Contains(c[0].Body, "#"+itoa(orig.Number)) {
		t.Fatalf("duplicate comment: %+v", c)
	}
	if o, _ := h.fake.Issue(testRepo, orig.Number); o.State != "open" {
		t.Fatal("the original was closed")
	}
}

func TestCaseAdoptedLabel(t *testing.T) {
	h := newHarness(t)
	_ = h.fake.SeedLabel(testRepo, ghfake.Label{Name: "PRIORITY/p0", Color: "ff0000"})
	n := h.fake.SeedIssue(testRepo, ghfake.Issue{Title: "people's issue", Labels: []string{"PRIORITY/p0"}})
	r := h.mustRun("apply", "--yes")
	if !strings.Contains(r.out, `adopts the existing label "PRIORITY/p0": same name ignoring case`) {
		t.Fatalf("adoption not shown:\n%s", r.out)
	}
	count := 0
	for _, l := range h.fake.Labels(testRepo) {
		if strings.EqualFold(l.Name, "priority/P0") {
			count++
			if l.Name != "priority/P0" || l.Color != "b60205" {
				t.Fatalf("label not updated: %+v", l)
			}
		}
	}
	if count != 1 {
		t.Fatalf("%d priority/P0 labels", count)
	}
	if is, _ := h.fake.Issue(testRepo, n); !contains(is.Labels, "priority/P0") {
		t.Fatalf("rename lost the label on issues: %v", is.Labels)
	}
}

func TestCreateCommittedThen502IsNotDuplicated(t *testing.T) {
	h := newHarness(t)
	h.fake.Inject(ghfake.Fault{Method: "POST", Path: "/repos/o/r/issues", Nth: 2, Kind: ghfake.KindCommitThen502})
	r := h.run("apply", "--yes")
	if r.code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", r.code, r.out, r.err)
	}
	for _, id := range []string{"P0-001", "P0-002", "P1-001", "P1-005"} {
		if n := countFor(h, id, ""); n != 1 {
			t.Fatalf("%s has %d issues", id, n)
		}
	}
	r = h.run("plan", "--detailed-exitcode")
	if r.code != 0 {
		t.Fatalf("plan after recovered apply: exit %d\n%s", r.code, r.out)
	}
}

func TestSavedPlanSkipsChangedObjects(t *testing.T) {
	h := newHarness(t)
	h.mustRun("apply", "--yes")
	a, b := blockerIssue(t, h, "P0-001"), blockerIssue(t, h, "P0-002")
	h.fake.EditIssue(testRepo, a.Number, func(i *ghfake.Issue) { i.Title = "edited A" })
	h.fake.EditIssue(testRepo, b.Number, func(i *ghfake.Issue) { i.Title = "edited B" })
	file := filepath.Join(t.TempDir(), "plan.json")
	h.mustRun("plan", "--out", file)
	// After the plan, a person edits B again.
	h.fake.EditIssue(testRepo, b.Number, func(i *ghfake.Issue) { i.Title = "edited B twice" })
	r := h.mustRun("apply", "--yes", file)
	if !strings.Contains(r.err, "Skipped update issue P0-002") || !strings.Contains(r.err, "changed on GitHub since the plan was made") {
		t.Fatalf("skip not reported:\n%s\n%s", r.out, r.err)
	}
	if got := blockerIssue(t, h, "P0-001"); got.Title != "P0-001: Insecure Cookie Management in Cluster Configuration" {
		t.Fatalf("A not applied: %q", got.Title)
	}
	if got := blockerIssue(t, h, "P0-002"); got.Title != "edited B twice" {
		t.Fatalf("stale change applied: %q", got.Title)
	}
}

func TestApplyNeedsYesOffTerminal(t *testing.T) {
	h := newHarness(t)
	r := h.run("apply")
	if r.code != 1 || !strings.Contains(r.err, "--yes") {
		t.Fatalf("exit %d\n%s", r.code, r.err)
	}
	if h.writes() != 0 {
		t.Fatalf("wrote %d times without confirmation", h.writes())
	}
	r = h.runTTY(true, "no\n", "apply")
	if r.code != 1 || h.writes() != 0 {
		t.Fatalf("answering no: exit %d, %d writes", r.code, h.writes())
	}
	r = h.runTTY(true, "yes\n", "apply")
	if r.code != 0 || h.writes() == 0 {
		t.Fatalf("answering yes: exit %d, %d writes\n%s", r.code, h.writes(), r.err)
	}
}

func TestResolvedBlockerClosesAndPersonReopenStands(t *testing.T) {
	h := newHarness(t)
	h.mustRun("apply", "--yes")
	h.editCatalog(func(s string) string {
		return strings.Replace(s, "    labels: [needs-design]", "    labels: [needs-design]\n    status: resolved", 1)
	})
	h.mustRun("apply", "--yes")
	is := blockerIssue(t, h, "P1-005")
	if is.State != "closed" || is.StateReason != "completed" {
		t.Fatalf("resolved blocker: %s/%s", is.State, is.StateReason)
	}
	h.fake.EditIssue(testRepo, is.Number, func(i *ghfake.Issue) { i.State, i.StateReason = "open", "reopened" })
	before := h.writes()
	h.mustRun("apply", "--yes")
	if h.writes() != before {
		t.Fatal("a person's reopen was undone")
	}
}

func TestMassCloseGuard(t *testing.T) {
	h := newHarness(t)
	h.mustRun("apply", "--yes")
	h.editCatalog(func(s string) string { return s[:strings.Index(s, "  - id: P1-001")] })
	before := h.writes()
	r := h.run("apply", "--yes")
	if r.code != 1 || !strings.Contains(r.err, "closes 2 of 4 open managed issues") || !strings.Contains(r.err, "--allow-mass-close") {
		t.Fatalf("guard: exit %d\n%s", r.code, r.err)
	}
	if h.writes() != before {
		t.Fatal("the guard let writes through")
	}
	h.mustRun("apply", "--yes", "--allow-mass-close")
	if countFor(h, "P1-001", "open")+countFor(h, "P1-005", "open") != 0 {
		t.Fatal("not closed with --allow-mass-close")
	}
}

func TestStoppedApplyIsFinishedByARerun(t *testing.T) {
	h := newHarness(t)
	r := h.run("apply", "--yes", "--max-writes", "8")
	if r.code != 1 || !strings.Contains(r.err, "write budget") || !strings.Contains(r.err, "8 changes were made and stay made") {
		t.Fatalf("budgeted apply: exit %d\n%s", r.code, r.err)
	}
	if h.writes() != 8 {
		t.Fatalf("%d writes with --max-writes 8", h.writes())
	}
	r = h.mustRun("apply", "--yes", "--format", "json")
	var rep struct {
		Summary map[string]int `json:"summary"`
		Applied []struct{ Kind, Action, ID string }
		Writes  int `json:"writes"`
	}
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatalf("apply json: %v\n%s", err, r.out)
	}
	// The 4 issues and 2 trackers left, the 2 links and the 4 sub-issues
	// (#16).
	if rep.Writes != 12 || rep.Summary["create"] != 6 || rep.Summary["links"] != 2 || rep.Summary["sub_issues"] != 4 || len(rep.Applied) != 12 {
		t.Fatalf("re-run: %+v", rep)
	}
	for _, id := range []string{"P0-001", "P0-002", "P1-001", "P1-005"} {
		if n := countFor(h, id, ""); n != 1 {
			t.Fatalf("%s has %d issues", id, n)
		}
	}
}

func TestPlanFormatsAndJobSummary(t *testing.T) {
	h := newHarness(t)
	summary := filepath.Join(t.TempDir(), "summary.md")
	h.env["GITHUB_STEP_SUMMARY"] = summary
	r := h.mustRun("plan", "--format", "markdown")
	if !strings.HasPrefix(r.out, "### ghsync plan for `o/r`") || !strings.Contains(r.out, "<details>") {
		t.Fatalf("markdown:\n%s", r.out)
	}
	data, err := os.ReadFile(summary)
	if err != nil || !strings.Contains(string(data), "**Plan: 14 to create, 0 to update, 0 to close; 2 blocked-by links to add, 0 to remove; 4 sub-issues to attach, 0 to remove.**") {
		t.Fatalf("job summary: %v\n%s", err, data)
	}
	if r := h.run("plan", "--format", "yaml"); r.code != 1 || !strings.Contains(r.err, "unknown --format") {
		t.Fatalf("bad format: %d %s", r.code, r.err)
	}
	r = h.mustRun("plan", "--format", "json")
	var p map[string]any
	if err := json.Unmarshal([]byte(r.out), &p); err != nil || p["repository"] != "o/r" {
		t.Fatalf("json: %v %v", err, p["repository"])
	}
}

func TestPlanNeverWrites(t *testing.T) {
	h := newHarness(t)
	h.mustRun("plan")
	for _, req := range h.fake.Log() {
		if req.Write {
			t.Fatalf("plan sent %s %s", req.Method, req.Path)
		}
	}
}

func TestDashboardIsWrittenOnlyWhenItChanges(t *testing.T) {
	h := newHarness(t)
	h.editCatalog(func(s string) string {
		return strings.Replace(s, "project: Small test catalog\n", "project: Small test catalog\ndashboard:\n  title: Blocker progress\n", 1)
	})
	h.mustRun("apply", "--yes")
	var dash []ghfake.Issue
	for _, is := range h.fake.Issues(testRepo) {
		if k, ok := marker.Find(is.Body); ok && k == marker.DashboardKey() {
			dash = append(dash, is)
		}
	}
	if len(dash) != 1 || dash[0].Title != "Blocker progress" {
		t.Fatalf("dashboard issues: %+v", dash)
	}
	// The dashboard links the issues created in the same run.
	if p := blockerIssue(t, h, "P0-001"); !strings.Contains(dash[0].Body, "#"+itoa(p.Number)) {
		t.Fatalf("dashboard does not link #%d:\n%s", p.Number, dash[0].Body)
	}
	if got := h.writes(); got != 21 {
		t.Fatalf("fresh apply with a dashboard made %d writes, want 14 + 2 links + 4 sub-issues + 1", got)
	}
	before := h.writes()
	if r := h.run("plan", "--detailed-exitcode"); r.code != 0 {
		t.Fatalf("plan after apply: exit %d\n%s", r.code, r.out)
	}
	h.mustRun("apply", "--yes")
	if h.writes() != before {
		t.Fatalf("unchanged dashboard rewritten: %d writes", h.writes()-before)
	}
	// Progress on GitHub changes the report, and so the dashboard: one write.
	p := blockerIssue(t, h, "P0-001")
	h.fake.EditIssue(testRepo, p.Number, func(i *ghfake.Issue) { i.State, i.StateReason = "closed", "completed" })
	r := h.run("plan")
	if !strings.Contains(r.out, "~ dashboard") {
		t.Fatalf("plan does not show the dashboard update:\n%s", r.out)
	}
	h.mustRun("apply", "--yes")
	if n := h.writes() - before; n != 1 {
		t.Fatalf("dashboard refresh made %d writes, want 1", n)
	}
}

func TestApplyAsGitHubApp(t *testing.T) {
	h := newHarness(t)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	h.fake.AddApp(99, &key.PublicKey, 5)
	delete(h.env, "GITHUB_TOKEN")
	h.env["GHSYNC_APP_ID"] = "99"
	h.env["GHSYNC_APP_INSTALLATION_ID"] = "5"
	h.env["GHSYNC_APP_PRIVATE_KEY"] = string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	r := h.mustRun("apply", "--yes", "-v")
	if h.writes() != 21 { // 14 objects + 2 links + 4 sub-issues + the installation token
		t.Fatalf("apply as an app: %d writes\n%s", h.writes(), r.err)
	}
	if strings.Contains(r.out+r.err, "ghs_") || strings.Contains(r.out+r.err, "PRIVATE KEY") {
		t.Fatal("a secret was printed")
	}
	h.env["GHSYNC_APP_INSTALLATION_ID"] = "6"
	r = h.run("plan")
	if r.code != 1 || !strings.Contains(r.err, "installation token") {
		t.Fatalf("unknown installation: exit %d\n%s", r.code, r.err)
	}
}

func TestPlanColoursOnlyOnATerminal(t *testing.T) {
	h := newHarness(t)
	if r := h.runTTY(true, "", "plan"); !strings.Contains(r.out, "\x1b[32m+\x1b[0m") {
		t.Fatalf("no colour on a terminal:\n%q", r.out)
	}
	if r := h.run("plan"); strings.Contains(r.out, "\x1b[") {
		t.Fatal("colour without a terminal")
	}
	h.env["NO_COLOR"] = "1"
	if r := h.runTTY(true, "", "plan"); strings.Contains(r.out, "\x1b[") {
		t.Fatal("colour despite NO_COLOR")
	}
}

// A marker pasted above a blocker's own region must not change which issue
// report and gate read for it: they follow the same identity rule as plan.
func TestGateAgreesWithPlanOnPastedMarkers(t *testing.T) {
	h := newHarness(t)
	h.mustRun("apply", "--yes")
	a, b, pool := blockerIssue(t, h, "P0-001"), blockerIssue(t, h, "P0-002"), blockerIssue(t, h, "P1-005")
	h.fake.EditIssue(testRepo, a.Number, func(i *ghfake.Issue) {
		i.Body = pool.Body[:strings.Index(pool.Body, "\n")] + "\n" + i.Body
		i.State, i.StateReason = "closed", "completed"
	})
	h.fake.EditIssue(testRepo, b.Number, func(i *ghfake.Issue) { i.State, i.StateReason = "closed", "completed" })
	if r := h.run("gate", "production"); r.code != 0 {
		t.Fatalf("gate production: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if r := h.run("plan"); !strings.Contains(r.out, "counts as P0-001") {
		t.Fatalf("plan does not note the pasted marker:\n%s", r.out)
	}
}

func TestBlockersOwnLabelDoesNotTakeOverPeoplesLabel(t *testing.T) {
	h := newHarness(t)
	_ = h.fake.SeedLabel(testRepo, ghfake.Label{Name: "bug", Color: "d73a4a", Description: "Something isn't working"})
	h.editCatalog(func(s string) string {
		return strings.Replace(s, "    labels: [needs-design]", "    labels: [needs-design, bug]", 1)
	})
	h.mustRun("apply", "--yes")
	a := blockerIssue(t, h, "P0-001")
	h.fake.EditIssue(testRepo, a.Number, func(i *ghfake.Issue) { i.Labels = append(i.Labels, "bug") })
	h.mustRun("apply", "--yes")
	for _, l := range h.fake.Labels(testRepo) {
		if l.Name == "bug" && (l.Color != "d73a4a" || l.Description != "Something isn't working") {
			t.Fatalf("people's label restyled: %+v", l)
		}
	}
	if got := blockerIssue(t, h, "P0-001"); !contains(got.Labels, "bug") {
		t.Fatalf("a person's bug label was taken off P0-001: %v", got.Labels)
	}
	if got := blockerIssue(t, h, "P1-005"); !contains(got.Labels, "bug") {
		t.Fatalf("the catalog's bug label is missing on P1-005: %v", got.Labels)
	}
}

func TestDemoIgnoresTheCallersGitHubSettings(t *testing.T) {
	h := newHarness(t)
	outputs := filepath.Join(t.TempDir(), "outputs")
	h.env["GITHUB_OUTPUT"] = outputs
	h.env["GHSYNC_APP_ID"] = "12"
	h.env["GITHUB_STEP_SUMMARY"] = outputs
	r := h.mustRun("demo")
	if !strings.Contains(r.out, "No changes.") {
		t.Fatalf("demo did not converge:\n%s", r.out)
	}
	if !strings.Contains(r.out, "Trackers (GitHub shows") || !strings.Contains(r.out, "tracker: security") || !strings.Contains(r.out, "+ sub-issue P0-001") {
		t.Fatalf("demo does not show the trackers:\n%s", r.out)
	}
	if _, rep, _ := strings.Cut(r.out, "6. ghsync report"); !strings.Contains(rep, "Board: Release board (") || !strings.Contains(rep, "Items: 6 items ghsync manages") {
		t.Fatalf("demo's report does not show the board:\n%s", rep)
	}
	if _, err := os.Stat(outputs); err == nil {
		t.Fatal("demo wrote to the caller's step outputs or job summary")
	}
	if h.writes() != 0 {
		t.Fatal("demo wrote to the caller's GitHub")
	}
}

// answerAfter is a person at the terminal: they do something on GitHub while
// the question waits, then answer.
type answerAfter struct {
	do     func()
	answer string
	done   bool
}

func (a *answerAfter) Read(p []byte) (int, error) {
	if a.done {
		return 0, io.EOF
	}
	a.do()
	a.done = true
	return copy(p, a.answer), nil
}

func TestEditWhileTheConfirmationWaitsIsKept(t *testing.T) {
	h := newHarness(t)
	h.mustRun("apply", "--yes")
	a := blockerIssue(t, h, "P0-001")
	h.fake.EditIssue(testRepo, a.Number, func(i *ghfake.Issue) { i.Title = "retitled" })
	person := &answerAfter{answer: "yes\n", do: func() {
		h.fake.EditIssue(testRepo, a.Number, func(i *ghfake.Issue) { i.Body = "A note written while ghsync asked.\n\n" + i.Body })
	}}
	r := h.runInput(true, person, "apply")
	if r.code != 0 || !strings.Contains(r.out, "changed on GitHub while apply ran") {
		t.Fatalf("apply: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if got := blockerIssue(t, h, "P0-001"); !strings.HasPrefix(got.Body, "A note written while ghsync asked.") {
		t.Fatalf("the person's note was lost:\n%s", got.Body)
	}
	// The next run restores the title and keeps the note.
	h.mustRun("apply", "--yes")
	got := blockerIssue(t, h, "P0-001")
	if got.Title != "P0-001: Insecure Cookie Management in Cluster Configuration" || !strings.HasPrefix(got.Body, "A note written") {
		t.Fatalf("next run: %q\n%s", got.Title, got.Body)
	}
}

// Without --max-writes, a run makes what the rate limit leaves room for and
// says that the next run continues.
func TestApplyBatchesToTheRateLimit(t *testing.T) {
	h := newHarness(t)
	fake := ghfake.New(ghfake.Options{Token: "t0ken-s3cret", RateLimit: 65})
	h.env["GITHUB_API_URL"] = fake.Start()
	t.Cleanup(fake.Close)
	fake.AddRepo(testRepo)
	r := h.mustRun("apply", "--yes")
	if !strings.Contains(r.out, "wait for the next run") || !strings.Contains(r.out, "Run ghsync apply again") {
		t.Fatalf("no batch note:\n%s", r.out)
	}
	c := fake.Counts()
	if c.Writes == 0 || c.Writes >= 20 {
		t.Fatalf("batched run made %d writes, want some but not all 20", c.Writes)
	}
	if used := c.Reads + c.Writes; used > 65-50 {
		t.Fatalf("the run left %d requests, want at least the 50 kept for reading", 65-used)
	}
}

// The demo's owner is an organisation with issue types and fields: the
// demo asks for them (unless the catalog does itself) and its plan shows
// them set in the creates, with no warning and nothing left to do after.
func TestDemoShowsIssueTypesAndFields(t *testing.T) {
	h := newHarness(t)
	r := h.mustRun("demo")
	for _, want := range []string{`type "Task"`, `field Priority "P`, `field Effort (hours) "`, "No changes."} {
		if !strings.Contains(r.out, want) {
			t.Errorf("the demo's output lacks %s:\n%s", want, r.out)
		}
	}
	if strings.Contains(r.out, "Warning:") || strings.Contains(r.err, "Warning:") {
		t.Errorf("the demo warns:\n%s\n%s", r.out, r.err)
	}
	// A catalog with settings of its own runs as it is.
	h.editCatalog(func(s string) string { return s + "\nissue_types: {default: Feature}\n" })
	r = h.mustRun("demo")
	if !strings.Contains(r.out, `type "Feature"`) || strings.Contains(r.out, `type "Task"`) {
		t.Errorf("the demo did not keep the catalog's own issue types:\n%s", r.out)
	}
}
