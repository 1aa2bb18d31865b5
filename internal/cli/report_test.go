package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
)

// reportCatalog is a catalog whose state on GitHub the report and gate tests
// seed by hand: production needs all of P0-001..3, enterprise 80% of
// P1-001..5. M1 is due 2026-02-02 + 7*3 - 1 = 2026-02-22.
const reportCatalog = `version: 1
project: erlmcp v3
start: 2026-02-02
milestones:
  - id: M1
    title: "M1: Foundation"
    due_week: 3
gates:
  - id: production
    title: Must have
    require: all
    blockers: [P0-001, P0-002, P0-003]
  - id: enterprise
    title: Should have
    require: 80%
    blockers: [P1-001, P1-002, P1-003, P1-004, P1-005]
blockers:
  - {id: P0-001, title: Insecure Cookie Management, priority: P0, category: security, milestone: M1, effort_hours: 4}
  - {id: P0-002, title: Missing TLS Configuration, priority: P0, category: security, milestone: M1, effort_hours: 16, depends_on: [P0-001]}
  - {id: P0-003, title: Insufficient Secrets Management for Production, priority: P0, category: security, milestone: M1, effort_hours: 8}
  - {id: P1-001, title: Weak Authentication, priority: P1, category: security, milestone: M1, effort_hours: 2}
  - {id: P1-002, title: No Connection Pooling, priority: P1, category: performance, milestone: M1, effort_hours: 2}
  - {id: P1-003, title: No Rate Limiting, priority: P1, category: performance, milestone: M1, effort_hours: 2}
  - {id: P1-004, title: No Audit Log, priority: P1, category: compliance, milestone: M1, effort_hours: 2}
  - {id: P1-005, title: No Runbooks, priority: P1, category: operations, milestone: M1, effort_hours: 6}
`

const reportToken = "rep0rt-t0ken"

// reportNow is 20:00 on 2026-02-22 in New York: already 2026-02-23 in UTC,
// the day the report must use, so M1 is overdue by one day.
var reportNow = time.Date(2026, 2, 22, 20, 0, 0, 0, time.FixedZone("EST", -5*3600))

// reportRig is a fake GitHub, a catalog file and the environment a command
// run sees.
type reportRig struct {
	t       *testing.T
	fake    *ghfake.Server
	catalog string
	vars    map[string]string
	issue   map[string]int // blocker id -> issue number
}

func newReportRig(t *testing.T) *reportRig {
	t.Helper()
	fake := ghfake.New(ghfake.Options{Token: reportToken, Now: func() time.Time { return reportNow }})
	url := fake.Start()
	t.Cleanup(fake.Close)
	fake.AddRepo("o/r")
	path := filepath.Join(t.TempDir(), "catalog.yaml")
	if err := os.WriteFile(path, []byte(reportCatalog), 0o644); err != nil {
		t.Fatal(err)
	}
	return &reportRig{t: t, fake: fake, catalog: path, issue: map[string]int{}, vars: map[string]string{
		"GITHUB_TOKEN":      reportToken,
		"GITHUB_API_URL":    url,
		"GITHUB_REPOSITORY": "o/r",
	}}
}

// seed creates the issue of blocker id, as apply would have, in the given
// state ("open", or "closed" with a reason).
func (r *reportRig) seed(id, state, reason string) int {
	n := r.fake.SeedIssue("o/r", ghfake.Issue{
		Title: id + ": issue", State: state, StateReason: reason,
		Body: marker.Wrap(marker.BlockerKey(id), "managed text"),
	})
	r.issue[id] = n
	return n
}

// seedDefault: P0-001, P0-002 done, P0-003 open (#3); P1-001..4 done,
// P1-005 never synced.
func (r *reportRig) seedDefault() {
	r.seed("P0-001", "closed", "completed")
	r.seed("P0-002", "closed", "completed")
	r.seed("P0-003", "open", "")
	for _, id := range []string{"P1-001", "P1-002", "P1-003", "P1-004"} {
		r.seed(id, "closed", "completed")
	}
}

type reportRun struct {
	code     int
	out, err string
}

func (r *reportRig) run(args ...string) reportRun {
	r.t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		In: strings.NewReader(""), Out: &out, Err: &errb,
		Getenv: func(k string) string { return r.vars[k] },
		Now:    func() time.Time { return reportNow },
		Sleep:  func(ctx context.Context, d time.Duration) error { return ctx.Err() },
	}
	code := Main(env, append([]string{"--catalog", r.catalog}, args...)...)
	if strings.Contains(out.String()+errb.String(), reportToken) {
		r.t.Fatalf("ghsync %v printed the token", args)
	}
	return reportRun{code, out.String(), errb.String()}
}

func TestReportFormats(t *testing.T) {
	rig := newReportRig(t)
	rig.seedDefault()

	tests := []struct {
		format string
		want   []string
	}{
		{"text", []string{
			"erlmcp v3: progress on 2026-02-23 (o/r)",
			// 6 done of 8; P0-003 open; P1-005 not synced.
			"Blockers: 6/8 done (75%), 1 open, 1 not synced",
			// left: P0-003 8h + P1-005 6h.
			"Hours:    28h done, 14h left",
			"production: not met (2/3 done, needs all: 1 more)",
			"enterprise: met (4/5 done = 80%, needs 80%)",
			"overdue by 1 day",
			"  P1-005  -  not_synced  No Runbooks\n",
			"  M1: Foundation  2026-02-22",
			// 28h closed today (the fake's clock), in the 22 days since
			// the day before the start: 8.91h a week; 14h left is 11 days.
			"Velocity: 8.91h a week, 28h closed in the last 22 days",
			"All work: 14h left, 2026-03-06",
			"Ready now: work left whose dependencies are all done, most urgent first\n  P0-003  #3  open",
		}},
		{"markdown", []string{
			"**erlmcp v3**: progress on 2026-02-23 (o/r)\n\n**Blockers:**",
			"| ❌ | **production** Must have | 2/3 (66%) | all: 1 more | #3 |",
			"- #3 P0-003 Insufficient Secrets Management for Production (open)",
			"⚠️ overdue",
		}},
		{"json", []string{`"generated_at": "2026-02-23T01:00:00Z"`, `"today": "2026-02-23"`, `"repository": "o/r"`,
			`"hours_per_week": 8.91`, `"source": "closing dates"`}},
		{"html", []string{"<!DOCTYPE html>", "<h1>erlmcp v3: progress</h1>", "o/r · as of 2026-02-23 · generated 2026-02-23 01:00 UTC",
			`<div class="big nogo">NO-GO</div>`, `<path class="actual" d="M`}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			res := rig.run("report", "--format", tt.format)
			if res.code != 0 {
				t.Fatalf("exit %d\n%s", res.code, res.err)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.out, w) {
					t.Errorf("output lacks %q:\n%s", w, res.out)
				}
			}
		})
	}

	res := rig.run("report", "--format", "json")
	var doc struct {
		Gates []struct {
			ID  string `json:"id"`
			Met bool   `json:"met"`
		} `json:"gates"`
	}
	if err := json.Unmarshal([]byte(res.out), &doc); err != nil {
		t.Fatalf("json output: %v", err)
	}
	if len(doc.Gates) != 2 || doc.Gates[0].Met || !doc.Gates[1].Met {
		t.Errorf("gates = %+v", doc.Gates)
	}
	if w := rig.fake.Counts().Writes; w != 0 {
		t.Errorf("report wrote %d times to GitHub", w)
	}
}

func TestReportAppendsToStepSummary(t *testing.T) {
	rig := newReportRig(t)
	rig.seedDefault()
	summary := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(summary, []byte("## Earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rig.vars["GITHUB_STEP_SUMMARY"] = summary

	res := rig.run("report") // text on stdout, Markdown in the summary
	if res.code != 0 {
		t.Fatalf("exit %d\n%s", res.code, res.err)
	}
	data, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	got := string(data)
	if !strings.HasPrefix(got, "## Earlier step\n") {
		t.Errorf("the earlier summary was not kept:\n%s", got)
	}
	if !strings.Contains(got, "**erlmcp v3**: progress on 2026-02-23") || !strings.Contains(got, "### Gates") {
		t.Errorf("summary lacks the Markdown report:\n%s", got)
	}
	if strings.Contains(res.out, "### Gates") {
		t.Error("stdout got Markdown although text was asked for")
	}
}

func TestReportErrors(t *testing.T) {
	t.Run("unknown format", func(t *testing.T) {
		rig := newReportRig(t)
		res := rig.run("report", "--format", "yaml")
		if res.code != 1 || !strings.Contains(res.err, "text") {
			t.Errorf("exit %d, stderr %q", res.code, res.err)
		}
	})
	t.Run("no token", func(t *testing.T) {
		rig := newReportRig(t)
		delete(rig.vars, "GITHUB_TOKEN")
		res := rig.run("report")
		if res.code != 1 || !strings.Contains(res.err, "GITHUB_TOKEN") {
			t.Errorf("exit %d, stderr %q", res.code, res.err)
		}
	})
	t.Run("catalog errors", func(t *testing.T) {
		rig := newReportRig(t)
		bad := strings.Replace(reportCatalog, "blockers: [P0-001, P0-002, P0-003]", "blockers: [P0-001, P0-009]", 1)
		if err := os.WriteFile(rig.catalog, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		res := rig.run("report")
		// gates[0].blockers[1]: line 12, column 24, after "    blockers: [P0-001, ".
		want := rig.catalog + ":12:24: "
		if res.code != 1 || !strings.Contains(res.err, want) || !strings.Contains(res.err, "P0-009") {
			t.Errorf("exit %d, stderr %q; want a %s line about P0-009", res.code, res.err, want)
		}
		if n := rig.fake.Counts().Reads; n != 0 {
			t.Errorf("read GitHub %d times with a broken catalog", n)
		}
	})
}
