package cli

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// Issue #15, conventions: gh's token and repository, and a warning when
// the catalog and the environment name different repositories.
func TestConventions(t *testing.T) {
	t.Run("the gh login's token when no token is set", func(t *testing.T) {
		h := newHarness(t)
		token := h.env["GITHUB_TOKEN"]
		delete(h.env, "GITHUB_TOKEN")
		h.ghToken = func(context.Context) string { return token }
		r := h.run("plan")
		if r.code != 0 || strings.Contains(r.out+r.err, token) {
			t.Fatalf("plan with gh's token: exit %d\n%s%s", r.code, r.out, r.err)
		}
		h.ghToken = func(context.Context) string { return "" }
		if r := h.run("plan"); r.code != 1 || !strings.Contains(r.err, "gh auth login") {
			t.Fatalf("no token anywhere: exit %d\n%s", r.code, r.err)
		}
	})
	t.Run("GH_TOKEN wins over GITHUB_TOKEN", func(t *testing.T) {
		h := newHarness(t)
		h.env["GH_TOKEN"] = h.env["GITHUB_TOKEN"]
		h.env["GITHUB_TOKEN"] = "wrong-token-0123456789"
		if r := h.run("plan"); r.code != 0 {
			t.Fatalf("plan: exit %d\n%s", r.code, r.err)
		}
	})
	t.Run("the repository of the clone's origin remote", func(t *testing.T) {
		h := newHarness(t)
		delete(h.env, "GITHUB_REPOSITORY")
		h.gitRemote = func() string { return "git@github.com:o/r.git" }
		if r := h.run("plan"); r.code != 0 {
			t.Fatalf("plan in a clone: exit %d\n%s", r.code, r.err)
		}
	})
	t.Run("the catalog and --repo disagree", func(t *testing.T) {
		h := newHarness(t)
		h.editCatalog(func(s string) string { return "repository: acme/widgets\n" + s })
		r := h.run("plan", "--repo", "o/r")
		if r.code != 0 || !strings.Contains(r.err, "Warning: the catalog's repository is acme/widgets, but --repo says o/r: ghsync uses o/r") {
			t.Fatalf("plan: exit %d\n%s", r.code, r.err)
		}
	})
}

func TestRepoOfRemote(t *testing.T) {
	for url, want := range map[string]string{
		"git@github.com:o/r.git": "o/r", "https://github.com/o/r": "o/r", "https://github.com/o/r.git": "o/r",
		"ssh://git@github.com/o/r.git": "o/r", "https://ghe.example/api/o": "api/o", "": "", "/local/path": "",
		"https://github.com/o/r/tree/main": "",
	} {
		if got := repoOfRemote(url); got != want {
			t.Errorf("repoOfRemote(%q) = %q, want %q", url, got, want)
		}
	}
}

// Misuses say what to type.
func TestMisusesSayWhatToType(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"plan", "octo/app"}, 1, "ghsync plan takes no arguments: to use the repository octo/app, pass --repo octo/app"},
		{[]string{"report", "nonsense"}, 1, `ghsync report takes no arguments, got "nonsense"`},
		{[]string{"gate"}, 1, "name the gate to check: ghsync gate production"},
	} {
		r := h.run(tc.args...)
		if r.code != tc.code || !strings.Contains(r.err, tc.want) {
			t.Errorf("ghsync %v: exit %d\n%s\nwant %q", tc.args, r.code, r.err, tc.want)
		}
	}
	if r := h.run("gate"); !strings.Contains(r.out, "The catalog's gates (ghsync gate NAME checks one):\n  production") {
		t.Errorf("gate without a name lists no gates:\n%s", r.out)
	}
	r := h.run("__complete", "gate", "")
	if !strings.Contains(r.out, "production\t") {
		t.Errorf("gate names do not complete:\n%s", r.out)
	}
}

func TestGateJSON(t *testing.T) {
	h := newHarness(t)
	r := h.run("gate", "production", "--format", "json")
	if r.code != 3 || !strings.Contains(r.out, `"version": 1`) || !strings.Contains(r.out, `"id": "production"`) || !strings.Contains(r.out, `"met": false`) || r.err != "" {
		t.Fatalf("gate --format json: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
}

func TestColourSwitches(t *testing.T) {
	h := newHarness(t)
	if r := h.runTTY(true, "", "plan", "--no-color"); strings.Contains(r.out, "\x1b[") {
		t.Error("colour despite --no-color")
	}
	h.env["CLICOLOR_FORCE"] = "1"
	if r := h.run("plan"); !strings.Contains(r.out, "\x1b[32m+\x1b[0m") {
		t.Error("no colour with CLICOLOR_FORCE=1 and no terminal")
	}
	h.env["NO_COLOR"] = "1"
	if r := h.run("plan"); strings.Contains(r.out, "\x1b[") {
		t.Error("NO_COLOR must win over CLICOLOR_FORCE")
	}
}

// A retry and a wait for the rate limit say so without -v: a long run never
// looks hung.
func TestWaitsAndRetriesAreShown(t *testing.T) {
	h := newHarness(t)
	h.fake.Inject(ghfake.Fault{Times: 1, Method: "GET", Path: "/repos/o/r/labels", Kind: ghfake.KindStatus, Status: 502})
	h.fake.Inject(ghfake.Fault{Times: 1, Method: "GET", Path: "/repos/o/r/milestones", Kind: ghfake.KindPrimary, ResetIn: 40 * time.Second})
	r := h.run("plan")
	for _, want := range []string{
		"ghsync: GET /repos/o/r/labels?per_page=100: 502 Bad Gateway; retry 1 of 4 in 1s, at ",
		"ghsync: GET /repos/o/r/milestones?per_page=100&state=all: rate limit exhausted; retry 1 of 4 in ",
	} {
		if r.code != 0 || !strings.Contains(r.err, want) {
			t.Fatalf("plan: exit %d, stderr lacks %q:\n%s", r.code, want, r.err)
		}
	}
	if r := h.run("plan", "-v"); strings.Contains(r.err, "ghsync: ") {
		t.Errorf("with -v the log says it, not a second line:\n%s", r.err)
	}
}

func TestWriteIntervalInPlainSeconds(t *testing.T) {
	h := newHarness(t)
	if r := h.run("apply", "--yes", "--write-interval", "5"); r.code != 0 {
		t.Fatalf("--write-interval 5: exit %d\n%s", r.code, r.err)
	}
	if r := h.run("apply", "--yes", "--write-interval", "soon"); r.code != 1 || !strings.Contains(r.err, `"soon" is not a duration such as 1s or 500ms, nor plain seconds such as 2`) {
		t.Fatalf("--write-interval soon: exit %d\n%s", r.code, r.err)
	}
}

func TestSavedPlansAndPlanJSON(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	saved, printed := dir+"/plan.json", dir+"/printed.json"
	h.mustRun("plan", "--out", saved)
	r := h.run("plan", "--format", "json")
	if err := os.WriteFile(printed, []byte(r.out), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := h.run("apply", printed, "--yes"); r.code != 1 || !strings.Contains(r.err, "is the output of ghsync plan --format json, which is for reading, not a saved plan: save one with ghsync plan --out") {
		t.Fatalf("apply of plan --format json: exit %d\n%s", r.code, r.err)
	}
	r = h.run("show", saved)
	if r.code != 0 || !strings.Contains(r.out, "+ issue P0-001") || !strings.Contains(r.out, "Estimated: ") {
		t.Fatalf("show: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if h.fake.Counts().Writes != 0 {
		t.Fatal("show wrote")
	}
}

// The plan says when apply will meet the blast-radius guard, so a pull
// request's check is not green while every apply after the merge fails.
func TestPlanWarnsOfTheMassCloseGuard(t *testing.T) {
	h := newHarness(t)
	h.mustRun("apply", "--yes")
	h.editCatalog(func(s string) string {
		return strings.ReplaceAll(s, "    priority: P", "    status: resolved\n    priority: P")
	})
	r := h.run("plan")
	if !strings.Contains(r.out, "Warning: apply will refuse this plan without --allow-mass-close: mass close refused") {
		t.Fatalf("plan does not warn:\n%s", r.out)
	}
	if r := h.run("plan", "--format", "json"); !strings.Contains(r.out, `"warnings": [`) {
		t.Fatalf("plan JSON has no warnings:\n%s", r.out)
	}
	if r := h.run("plan", "--format", "markdown"); !strings.Contains(r.out, "> [!WARNING]") {
		t.Fatalf("plan Markdown has no warning:\n%s", r.out)
	}
}

// Issue #16.4: gate --status posts the result as the commit status
// ghsync/gate/NAME, so a branch ruleset or a deployment can require it.
func TestGateStatus(t *testing.T) {
	h := newHarness(t)
	h.editCatalog(func(s string) string {
		return strings.Replace(s, "project: Small test catalog\n", "project: Small test catalog\ndashboard:\n  title: Blocker progress\n", 1)
	})
	h.mustRun("apply", "--yes")
	const sha = "0123456789abcdef0123456789abcdef01234567"
	if r := h.run("gate", "production", "--status"); r.code != 1 || !strings.Contains(r.err, "--status needs the commit: pass --sha SHA") {
		t.Fatalf("--status without a commit: exit %d\n%s", r.code, r.err)
	}
	h.env["GITHUB_SHA"] = sha
	if r := h.run("gate", "production", "--status"); r.code != 3 {
		t.Fatalf("gate --status: exit %d\n%s", r.code, r.err)
	}
	st := h.fake.Statuses(testRepo, sha)
	if len(st) != 1 || st[0].State != "failure" || st[0].Context != "ghsync/gate/production" ||
		!strings.HasPrefix(st[0].Description, "0/") || !strings.Contains(st[0].Description, "left") || !strings.Contains(st[0].TargetURL, "/issues/") {
		t.Fatalf("statuses: %+v", st)
	}
	for _, id := range []string{"P0-001", "P0-002"} {
		is := blockerIssue(t, h, id)
		h.fake.EditIssue(testRepo, is.Number, func(i *ghfake.Issue) { i.State, i.StateReason = "closed", "completed" })
	}
	r := h.run("gate", "production", "--status", "--sha", strings.ToUpper(sha))
	if st := h.fake.Statuses(testRepo, sha); r.code != 0 || len(st) != 2 || st[1].State != "success" {
		t.Fatalf("gate met: exit %d, statuses %+v\n%s", r.code, st, r.err)
	}
	// The same verdict on the same commit again (a scheduled run on an
	// unchanged head): one read, no status posted.
	h.fake.ResetLog()
	r = h.run("gate", "production", "--status", "--sha", sha)
	if st := h.fake.Statuses(testRepo, sha); r.code != 0 || len(st) != 2 || h.fake.Counts().Writes != 0 ||
		!strings.Contains(r.err, "ghsync/gate/production on 0123456789ab already says success: not posted again") {
		t.Fatalf("the same verdict again: exit %d, %d writes, statuses %+v\n%s", r.code, h.fake.Counts().Writes, st, r.err)
	}
	h.fake.ResetLog()
	if r := h.run("gate", "production"); r.code != 0 || h.fake.Counts().Writes != 0 || len(h.fake.Statuses(testRepo, sha)) != 2 {
		t.Fatalf("gate without --status wrote: exit %d, %d writes", r.code, h.fake.Counts().Writes)
	}
}
