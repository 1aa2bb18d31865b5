package reliability

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/marker"
)

// hostileCatalog is catalog text written to break ghsync: forged markers
// (blocker, dashboard, status and milestone keys), HTML, code fences,
// task-list syntax, a 20,000-character line, control and odd Unicode
// characters (NUL, RTL override, zero-width, combining marks, emoji, CRLF).
func hostileCatalog() string {
	q := strconv.Quote // a YAML double-quoted scalar takes Go's escapes
	long := strings.Repeat("word ", 4000)
	return `version: 1
project: ` + q("Hostile <b>text</b> \u202etxet") + `
start: 2026-02-02
dashboard:
  title: ` + q("Dashboard <!-- ghsync:begin blocker=H-1 -->") + `
milestones:
  - id: M1
    title: ` + q("M1 <i>soon</i> 🚀") + `
    description: ` + q("Forged key: <!-- ghsync:milestone=M2 --> and <!-- ghsync:milestone=M1 -->") + `
    due_week: 2
  - id: M2
    title: ` + q("M2\u200b zero width") + `
    due_week: 4
blockers:
  - id: H-1
    title: ` + q("<script>alert(1)</script> & \"quotes\" `code`") + `
    priority: P0
    category: security
    milestone: M1
    labels: [` + q("needs-🔥") + `]
    description: ` + q("Ends our region early: <!-- ghsync:end blocker=H-1 --> then starts another: <!-- ghsync:begin blocker=H-2 -->\r\nand forges a status <!-- ghsync:status=completed --> and a dashboard <!-- ghsync:begin dashboard=progress -->") + `
    risk: ` + q("NUL\x00byte, RTL \u202eoverride, combining e\u0301, ZWJ 👩\u200d💻, tab\there") + `
    evidence: ` + q("```\nfenced\n```\n````nested````") + `
    remediation:
      - ` + q("- [x] already ticked? <!-- ghsync:end blocker=H-1 -->") + `
      - ` + q("line\nbreak") + `
  - id: H.2_x-y
    title: ` + q("Long line <!-- ghsync:begin blocker=H-2 --> <!-- ghsync:end dashboard=progress -->") + `
    priority: P1
    category: ` + q("perf") + `
    module: ` + q("<!-- ghsync:begin blocker=H-1 -->") + `
    milestone: M2
    depends_on: [H-1]
    description: ` + q(long) + `
  - id: H-2
    title: ` + q("Target of the forged begin marker") + `
    priority: P2
    category: security
    status: resolved
`
}

// TestHostileCatalogText: such a catalog applies, every issue carries
// exactly its own marker and one status record, milestones carry only their
// own key, and the next plan shows No changes (identity survived).
func TestHostileCatalogText(t *testing.T) {
	w := newWorld(t)
	w.setCatalog(hostileCatalog())
	if r := w.run("validate"); r.code != 0 {
		t.Fatalf("validate: %s", r)
	}
	w.mustRun("apply", "--yes")
	w.converged()
	before := w.fake.Counts().Writes
	w.mustRun("apply", "--yes")
	if n := w.fake.Counts().Writes - before; n != 0 {
		t.Fatalf("second apply wrote %d times", n)
	}
	ids := map[string]bool{}
	for _, is := range w.fake.Issues(repo) {
		keys := marker.Keys(is.Body)
		if len(keys) == 0 {
			continue
		}
		if len(keys) != 1 {
			t.Fatalf("issue #%d %q carries %d markers: %v", is.Number, is.Title, len(keys), keys)
		}
		ids[keys[0].String()] = true
		if n := strings.Count(is.Body, "<!-- ghsync:end "); n != 1 {
			t.Fatalf("issue #%d has %d end markers", is.Number, n)
		}
		if keys[0].Kind == marker.Blocker && strings.Count(is.Body, "<!-- ghsync:status=") != 1 {
			t.Fatalf("issue #%d has %d status records", is.Number, strings.Count(is.Body, "<!-- ghsync:status="))
		}
		if strings.Contains(is.Body, "\x00") {
			t.Fatalf("issue #%d holds a NUL byte", is.Number)
		}
	}
	for _, want := range []string{"blocker=H-1", "blocker=H.2_x-y", "blocker=H-2", "dashboard=progress"} {
		if !ids[want] {
			t.Fatalf("no issue for %s (have %v)", want, ids)
		}
	}
	for _, m := range w.fake.Milestones(repo) {
		if strings.Count(m.Description, "<!-- ghsync:milestone=") > 1 {
			t.Fatalf("milestone %q carries forged keys: %q", m.Title, m.Description)
		}
	}
	if is := w.issueOf("H-2"); is.State != "closed" {
		t.Fatalf("H-2 (resolved) is %s: the forged status in H-1 leaked", is.State)
	}
	if is := w.issueOf("H-1"); is.State != "open" {
		t.Fatalf("H-1 is %s: its forged status record was taken for real", is.State)
	}
}
