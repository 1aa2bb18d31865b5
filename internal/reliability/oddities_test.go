package reliability

import (
	"slices"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
)

// retitle changes the catalog titles of the blockers in ids.
func retitle(w *world, ids ...string) {
	w.t.Helper()
	data := w.catalogText()
	for _, id := range ids {
		i := strings.Index(data, "  - id: "+id+"\n    title: ")
		if i < 0 {
			w.t.Fatalf("no blocker %s", id)
		}
		i += len("  - id: " + id + "\n    title: ")
		data = data[:i] + "Renamed " + data[i:]
	}
	w.setCatalog(data)
}

func (w *world) catalogText() string {
	w.t.Helper()
	data, err := readFile(w.catalog)
	if err != nil {
		w.t.Fatal(err)
	}
	return data
}

func (w *world) openWith(id string) int {
	n := 0
	for _, is := range w.fake.Issues(repo) {
		if k, ok := marker.Find(is.Body); ok && k.ID == id && is.State == "open" {
			n++
		}
	}
	return n
}

// TestIssueGoneUnderApply: a person transfers (301) or deletes (410) an
// issue between ghsync's read and its write. Apply reports that issue,
// carries on with the rest and exits 1; the next apply creates the
// blocker's issue again here, once; the one after has nothing to do.
func TestIssueGoneUnderApply(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		act        func(w *world, n int)
	}{
		{"transferred", "transferred to another repository", func(w *world, n int) { w.fake.TransferIssue(repo, n, "o/elsewhere") }},
		{"deleted", "was deleted", func(w *world, n int) { w.fake.DeleteIssue(repo, n) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			w.mustRun("apply", "--yes")
			retitle(w, "BLK-04", "BLK-05")
			gone := w.issueOf("BLK-04").Number
			w.beforeWrite(func(n int) {
				if n == 1 {
					tc.act(w, gone)
				}
			})
			r := w.run("apply", "--yes")
			if r.code != 1 || !strings.Contains(r.err, "BLK-04") || !strings.Contains(r.err, tc.want) || !strings.Contains(r.out, "finished with 1 problem") {
				t.Fatalf("apply with #%d %s under it: %s", gone, tc.name, r)
			}
			if got := w.issueOf("BLK-05"); got.Title != "BLK-05: Renamed Insufficient authentication" {
				t.Fatalf("apply did not carry on past the problem: BLK-05 is %q", got.Title)
			}
			if w.openWith("BLK-04") != 0 {
				t.Fatal("a new issue was created in the run that met the problem")
			}
			w.mustRun("apply", "--yes")
			if n := w.openWith("BLK-04"); n != 1 {
				t.Fatalf("%d open issues for BLK-04 after the next apply, want 1", n)
			}
			w.converged()
		})
	}
}

// TestIssuesDisabled: with issues off, plan and apply fail at once with a
// message that says what to do, and write nothing; turned off in the
// middle of a run, apply stops at the first issue write.
func TestIssuesDisabled(t *testing.T) {
	w := newWorld(t)
	w.fake.DisableIssues(repo)
	for _, cmd := range [][]string{{"plan"}, {"apply", "--yes"}} {
		r := w.run(cmd...)
		if r.code != 1 || !strings.Contains(r.err, "issues are turned off") {
			t.Fatalf("%v with issues disabled: %s", cmd, r)
		}
	}
	if c := w.fake.Counts(); c.Writes != 0 {
		t.Fatalf("%d writes with issues disabled", c.Writes)
	}

	w = newWorld(t)
	w.mustRun("apply", "--yes")
	w.useCatalog("v2.yaml")
	w.beforeWrite(func(n int) {
		if n == 1 {
			w.fake.DisableIssues(repo)
		}
	})
	r := w.run("apply", "--yes")
	if r.code != 1 || !strings.Contains(r.err, "apply stopped") || !strings.Contains(r.err, "turned off") {
		t.Fatalf("apply with issues turned off mid-run: %s", r)
	}
	gone := 0
	for _, req := range w.fake.Log() {
		if req.Status == 410 {
			gone++
		}
	}
	if gone != 1 {
		t.Fatalf("%d writes answered 410, want 1 (stop at the first)", gone)
	}
}

// TestWritesThatDoNotStick: without push access GitHub answers 200 to an
// issue update and drops its labels and milestone. Plan still works (it only
// reads) and shows the update; apply says that the write did not stick and
// why, and exits 1, every time, instead of "succeeding" forever.
func TestWritesThatDoNotStick(t *testing.T) {
	w := newWorld(t)
	w.mustRun("apply", "--yes")
	n := w.issueOf("BLK-01").Number
	w.fake.EditIssue(repo, n, func(is *ghfake.Issue) { is.Labels = nil; is.Milestone = 0 })
	w.fake.SetPushAccess(repo, false)

	if r := w.run("plan", "--detailed-exitcode"); r.code != 2 || !strings.Contains(r.out, "BLK-01") {
		t.Fatalf("plan with a read-only token: %s", r)
	}
	for run := 1; run <= 2; run++ {
		r := w.run("apply", "--yes")
		if r.code != 1 || !strings.Contains(r.err, "did not keep the labels, milestone of #") || !strings.Contains(r.err, "push") {
			t.Fatalf("apply %d without push access: %s", run, r)
		}
	}
	w.fake.SetPushAccess(repo, true)
	w.mustRun("apply", "--yes")
	w.converged()
}

// TestPeopleChangeLabelsAndMilestones: labels and milestones a person
// deleted come back (and go back on the issues); a managed label a person
// renamed is created again under its name, and the renamed one stays on the
// issues as the person's own.
func TestPeopleChangeLabelsAndMilestones(t *testing.T) {
	w := newWorld(t)
	w.mustRun("apply", "--yes")
	want := w.snapshot()
	if err := w.fake.DeleteLabel(repo, "needs-design"); err != nil {
		t.Fatal(err)
	}
	if err := w.fake.EditLabel(repo, "category/security", func(l *ghfake.Label) { l.Name = "sec" }); err != nil {
		t.Fatal(err)
	}
	for _, m := range w.fake.Milestones(repo) {
		if strings.HasPrefix(m.Title, "M2") {
			if err := w.fake.DeleteMilestone(repo, m.Number); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.mustRun("apply", "--yes")
	w.converged()
	got := w.snapshot()
	if dups := got.duplicates(); len(dups) > 0 {
		t.Fatalf("duplicates: %v", dups)
	}
	// Apart from the person's "sec" label (on the issues it was on, and in
	// the repository), everything is as before.
	for i := range got.Issues {
		got.Issues[i].Labels = slices.DeleteFunc(got.Issues[i].Labels, func(l string) bool { return l == "sec" })
	}
	got.Labels = slices.DeleteFunc(got.Labels, func(l ghfake.Label) bool { return l.Name == "sec" })
	if d := diff(want, got); d != "" {
		t.Fatalf("not restored:\n%s", d)
	}
	if !slices.Contains(w.issueOf("BLK-01").Labels, "sec") {
		t.Fatal("the person's renamed label was taken off BLK-01")
	}
}

// TestBodyEdits: an edit inside the managed region is undone; text before
// and after it is kept byte for byte, and so are ticked tasks.
func TestBodyEdits(t *testing.T) {
	w := newWorld(t)
	w.mustRun("apply", "--yes")
	want := w.issueOf("BLK-01")
	before, after := "Notes from ana\r\n\n<!-- her own comment -->\n", "\n\n---\nFooter ✓ \u200b"
	w.fake.EditIssue(repo, want.Number, func(is *ghfake.Issue) {
		b := strings.Replace(is.Body, "Hardcoded cookie in version control", "Cookie is fine, really", 1)
		b = strings.Replace(b, "- [ ] Remove hardcoded cookies", "- [x] Remove hardcoded cookies", 1)
		is.Body = before + b + after
	})
	w.mustRun("apply", "--yes")
	got := w.issueOf("BLK-01")
	wantBody := before + strings.Replace(want.Body, "- [ ] Remove hardcoded cookies", "- [x] Remove hardcoded cookies", 1) + after
	if got.Body != wantBody {
		t.Fatalf("body after apply:\n%q\nwant\n%q", got.Body, wantBody)
	}
	w.converged()
}

// TestPastedMarker: people copy the body of BLK-01's issue, hidden marker
// and all, into other issues. The copies never take BLK-01's identity.
// A copy by a writer of the repository (ana, a collaborator) is closed as a
// duplicate with a comment, even in an issue older than BLK-01's: ghsync's
// own issue wins, not the oldest. A copy by an outsider (bob) is ignored
// altogether: never written to, named in the plan. A marker pasted above
// another blocker's own region does not move that issue to BLK-01.
func TestPastedMarker(t *testing.T) {
	w := newWorld(t)
	anasOld := w.fake.SeedIssue(repo, ghfake.Issue{Title: "Ana's notes", Body: "notes", User: "ana"})
	w.mustRun("apply", "--yes")
	genuine := w.issueOf("BLK-01")
	outsider := w.people[0] // bob's issue, older than every managed one
	w.fake.EditIssue(repo, outsider, func(is *ghfake.Issue) { is.Body += "\n\nSee:\n" + genuine.Body })
	w.fake.EditIssue(repo, anasOld, func(is *ghfake.Issue) { is.Body += "\n\nSee:\n" + genuine.Body })
	bobsCopy := w.fake.SeedIssue(repo, ghfake.Issue{Title: "Copy of the cookie issue", Body: genuine.Body, User: "bob"})
	anasCopy := w.fake.SeedIssue(repo, ghfake.Issue{Title: "Copy of the cookie issue", Body: genuine.Body, User: "ana"})
	other := w.issueOf("BLK-02")
	w.fake.EditIssue(repo, other.Number, func(is *ghfake.Issue) { is.Body = genuine.Body + "\n\n" + is.Body })
	before := map[int]ghfake.Issue{}
	for _, n := range []int{outsider, bobsCopy} {
		before[n], _ = w.fake.Issue(repo, n)
	}

	r := w.run("plan")
	for _, n := range []int{anasOld, anasCopy} {
		if !strings.Contains(r.out, "#"+itoa(n)+" ") || !strings.Contains(r.out, "carries a copy of the marker of BLK-01") {
			t.Fatalf("plan does not report the copy in #%d:\n%s", n, r.out)
		}
	}
	for _, n := range []int{outsider, bobsCopy} {
		if want := "#" + itoa(n) + " by bob carries the marker of BLK-01: ignored"; !strings.Contains(r.out, want) {
			t.Fatalf("plan does not say %q:\n%s", want, r.out)
		}
	}
	w.mustRun("apply", "--yes")
	g, _ := w.fake.Issue(repo, genuine.Number)
	if g.State != "open" || g.Body != genuine.Body || g.Title != genuine.Title {
		t.Fatalf("BLK-01's issue lost its identity: %+v", g)
	}
	for _, n := range []int{anasOld, anasCopy} {
		is, _ := w.fake.Issue(repo, n)
		if is.State != "closed" || is.StateReason != "duplicate" {
			t.Fatalf("#%d with a pasted marker: %s/%s, want closed as duplicate", n, is.State, is.StateReason)
		}
		if c := w.fake.Comments(repo, n); len(c) == 0 || !strings.Contains(c[len(c)-1].Body, "duplicate of #"+itoa(genuine.Number)) {
			t.Fatalf("#%d comments: %+v", n, c)
		}
	}
	for _, n := range []int{outsider, bobsCopy} {
		is, _ := w.fake.Issue(repo, n)
		b := before[n]
		if is.State != b.State || is.Title != b.Title || is.Body != b.Body || !slices.Equal(is.Labels, b.Labels) || len(w.fake.Comments(repo, n)) != len(w.fake.Comments(repo, n)) {
			t.Fatalf("the outsider's issue #%d was written to: %+v", n, is)
		}
		for _, c := range w.fake.Comments(repo, n) {
			if c.User != "bob" {
				t.Fatalf("ghsync commented on the outsider's issue #%d: %+v", n, c)
			}
		}
	}
	if is, _ := w.fake.Issue(repo, other.Number); is.State != "open" || is.Title != other.Title {
		t.Fatalf("BLK-02's issue: %+v", is)
	}
	w.converged()
}

// TestUnassignableOwner: an owner who cannot be assigned (not a
// collaborator) does not keep a blocker from having an issue: it is created
// without assignees, apply says so and exits 1, and the next run is clean
// (assignees are only set when an issue is created).
func TestUnassignableOwner(t *testing.T) {
	w := newWorld(t)
	w.setCatalog(strings.Replace(w.catalogText(), "security-engineer: [ana]", "security-engineer: [nobody-here]", 1))
	r := w.run("apply", "--yes")
	if r.code != 1 || !strings.Contains(r.err, "refused the assignees nobody-here") {
		t.Fatalf("apply with an unassignable owner: %s", r)
	}
	if is := w.issueOf("BLK-01"); len(is.Assignees) != 0 || w.openWith("BLK-01") != 1 {
		t.Fatalf("BLK-01: %+v", is)
	}
	w.mustRun("apply", "--yes")
	w.converged()
}

// TestReadFailureNeverPlansCreates: a read that fails part-way (page 2 of
// the issues, past every retry) is an error, never an empty page: plan and
// apply stop before planning creates for the issues they could not see.
func TestReadFailureNeverPlansCreates(t *testing.T) {
	w := newWorld(t)
	for i := 0; i < 120; i++ {
		w.fake.SeedIssue(repo, ghfake.Issue{Title: "filler " + itoa(i)})
	}
	w.mustRun("apply", "--yes")
	before := w.fake.Counts().Writes
	for _, cmd := range [][]string{{"plan"}, {"apply", "--yes"}} {
		w.fake.Inject(ghfake.Fault{Method: "GET", Path: "/repos/o/r/issues", Nth: 2, Times: 10, Kind: ghfake.KindStatus, Status: 502})
		r := w.run(cmd...)
		if r.code != 1 || strings.Contains(r.out, "+ issue") || !strings.Contains(r.err, "list issues of o/r") {
			t.Fatalf("%v with page 2 of the issues failing: %s", cmd, r)
		}
		w.fake.ClearFaults()
	}
	if n := w.fake.Counts().Writes - before; n != 0 {
		t.Fatalf("%d writes after a failed read", n)
	}
	w.converged()
}
