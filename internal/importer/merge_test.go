package importer

import (
	"bytes"
	"strings"
	"testing"
)

const smallJSON = `{
  "metadata": {
    "analysis_date": "2026-01-01",
    "total_issues": 5,
    "summary": {"P0": 2, "P1": 2, "P2": 1},
    "categories": {"security": {"P0": 2, "P1": 2, "P2": 1, "total": 5}}
  },
  "issues": {
    "P0": [
      {"id": "P0-001", "title": "Cookies", "category": "Security", "module": "vm.args, rebar.config",
       "description": "Hardcoded cookie", "evidence": "vm.args line 8: -setcookie x",
       "remediation": ["Remove cookies"], "effort_hours": 4, "assignee": "sec", "dependencies": [], "milestone": "M1"},
      {"id": "P0-002", "title": "TLS", "category": "security", "module": "transports",
       "effort_hours": 16, "assignee": "sec", "dependencies": ["P0-001"], "milestone": "M1"}
    ],
    "P1": [
      {"id": "P1-001", "title": "Auth", "category": "security", "effort_hours": 8, "assignee": "sec", "milestone": "M9"}
    ]
  },
  "milestones": {"M1": {"name": "Foundation", "description": "Basics", "duration_weeks": "2-3", "deliverables": ["a"]}},
  "assignments": {"sec": {"issues": ["P0-001", "P0-002", "P1-001"], "total_effort_hours": 30}}
}`

const smallMD = `## Part 1: Critical Blockers (P0)

### SECURITY P0 Issues

#### P0-001: Cookies
- **Module**: ` + "`vm.args`,  `rebar.config`" + `
- **Issue**: Hardcoded   cookie
- **Risk**: Takeover
- **Evidence**:
  ` + "```erlang" + `
  %% vm.args line 8:
  -setcookie x
  ` + "```" + `
- **Effort**: 6 hours
- **Dependencies**: None
- **Milestone**: M1 (Foundation Security)

#### P0-002: TLS
- **Module**: transports, more
- **Evidence**:
  ` + "```" + `
  vm.args line 8: -setcookie x
  ` + "```" + `
- **Dependencies**: P0-001
- **Milestone**: M1

## Part 2: High Priority Issues (P1)

### SECURITY P1 Issues

#### P1-002: Only in markdown
- **Risk**: r
- **Dependencies**: P3-001
`

func importSmall(t *testing.T) *Result {
	t.Helper()
	res, err := Import(Options{
		JSON:     Input{Name: "b.json", Data: []byte(smallJSON)},
		Markdown: Input{Name: "c.md", Data: []byte(smallMD)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestMergeJSONWinsAndConflictsReported(t *testing.T) {
	res := importSmall(t)
	want := []Conflict{
		// Backticks and whitespace are formatting, not conflicts: module and
		// description of P0-001 agree. A fenced block against a one-liner
		// is a conflict only when the text differs.
		{ID: "P0-001", Field: fEffort, JSON: "4", Markdown: "6", Line: 14},
		{ID: "P0-001", Field: fEvidence, JSON: "vm.args line 8: -setcookie x", Markdown: "%% vm.args line 8: -setcookie x", Line: 9},
		{ID: "P0-002", Field: fModule, JSON: "transports", Markdown: "transports, more", Line: 19},
	}
	if msg := diff(want, res.Report.Conflicts); msg != "" {
		t.Errorf("conflicts:\n%s", msg)
	}
	c := res.Catalog
	b, _ := c.Blocker("P0-001")
	if b.EffortHours != 4 || b.Evidence != "vm.args line 8: -setcookie x" || b.Module != "vm.args, rebar.config" {
		t.Errorf("JSON did not win: %+v", b)
	}
	if b.Risk != "Takeover" || b.Category != "security" {
		t.Errorf("markdown did not fill the gaps: risk %q category %q", b.Risk, b.Category)
	}
	// P0-002's evidence is a fenced block whose text equals nothing in the
	// JSON (which has none), so it is taken verbatim.
	b, _ = c.Blocker("P0-002")
	if b.Evidence != "```\nvm.args line 8: -setcookie x\n```" {
		t.Errorf("P0-002 evidence %q", b.Evidence)
	}
	if msg := diff([]string{"P1-002"}, res.Report.OnlyMarkdown); msg != "" {
		t.Errorf("only markdown:\n%s", msg)
	}
	if msg := diff([]string{"P1-001"}, res.Report.OnlyJSON); msg != "" {
		t.Errorf("only JSON:\n%s", msg)
	}
}

func TestMergeNeverInvents(t *testing.T) {
	res := importSmall(t)
	b, ok := res.Catalog.Blocker("P1-002")
	if !ok {
		t.Fatal("P1-002 (markdown only) not written")
	}
	if b.Title != "Only in markdown" || b.Priority != "P1" || b.Category != "security" || b.Risk != "r" {
		t.Errorf("P1-002 = %+v", b)
	}
	if b.Milestone != "" || b.EffortHours != 0 || b.Assignee != "" {
		t.Errorf("P1-002 got data no source gives: %+v", b)
	}
	got := map[string][]string{}
	for _, m := range res.Report.Missing {
		if len(m.IDs) > 0 {
			got[m.Field] = m.IDs
		}
	}
	want := map[string][]string{fMilestone: {"P1-002"}, fEffort: {"P1-002"}, fAssignee: {"P1-002"}}
	if msg := diff(want, got); msg != "" {
		t.Errorf("missing:\n%s", msg)
	}
}

func TestSmallReportFigures(t *testing.T) {
	r := importSmall(t).Report
	if r.Declared.Total != 5 || r.Written.Total != 4 {
		t.Errorf("declared %d written %d, want 5 and 4", r.Declared.Total, r.Written.Total)
	}
	if len(r.Roles) != 1 || r.Roles[0].Declared != 30 || r.Roles[0].Computed != 28 || r.Roles[0].Agrees() {
		t.Errorf("roles = %+v, want sec declared 30 computed 28 (4+16+8)", r.Roles)
	}
	for _, want := range []string{
		"P1-001 is in milestone M9, which no source defines",
		"P1-002 depends on P3-001, which is not in the catalog",
	} {
		if !containsNote(r.Notes, want) {
			t.Errorf("no note %q in %q", want, r.Notes)
		}
	}
	var out bytes.Buffer
	if err := r.Write(&out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"  total    5 declared,   4 written, 1 not contained\n",
		"  P2       1 declared,   0 written, 1 not contained\n",
		"    security         5 -> 4   P2 1 -> 0\n",
		"  sec                      declared 30, computed 28 (-2): P0-001 4, P0-002 16, P1-001 8\n",
		"  P0-001 effort_hours: b.json \"4\"; c.md:14 \"6\"\n",
		"  milestone     1: P1-002\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestImportJSONErrors(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"syntax error with position", "{\n  \"issues\": {\n    \"P0\": [,]\n  }\n}", "b.json:3:12: invalid JSON: invalid character ','"},
		{"wrong type with position", `{"issues": {"P0": [{"id": "P0-001", "effort_hours": "four"}]}}`, `b.json:1:58: issues.effort_hours must be a number, not string`},
		{"not an object", `[1, 2]`, "b.json:1:1: the document must be an object, not array"},
		{"truncated", `{"issues": {`, "b.json: invalid JSON: unexpected end of file"},
		{"empty", ``, "b.json: invalid JSON: unexpected end of file"},
		{"trailing value", `{} {}`, "b.json:1:4: invalid JSON: more than one value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import(Options{JSON: Input{Name: "b.json", Data: []byte(tt.json)}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestImportDueWeeks(t *testing.T) {
	opts := Options{JSON: Input{Name: "b.json", Data: []byte(smallJSON)}, DueWeeks: map[string]int{"M1": 2}}
	res, err := Import(opts)
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := res.Catalog.Milestone("M1"); m.DueWeek != 2 || m.Title != "M1: Foundation" || m.Description != "Basics" {
		t.Errorf("M1 = %+v", m)
	}
	opts.DueWeeks = map[string]int{"M7": 2}
	if _, err := Import(opts); err == nil || !strings.Contains(err.Error(), "b.json has no milestone M7 (it has M1)") {
		t.Errorf("unknown milestone: err = %v", err)
	}
}

func TestMarshalShape(t *testing.T) {
	res := importSmall(t)
	out, err := res.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.HasPrefix(s, "# Code generated by `ghsync import` from b.json and c.md. DO NOT EDIT.\n# Regenerate with `make catalog`") {
		t.Errorf("header:\n%s", s)
	}
	for _, want := range []string{
		"\nversion: 1\ndeclared:\n  source: b.json, analysis date 2026-01-01\n  total: 5\n",
		"\nmilestones:\n  - id: M1\n    title: 'M1: Foundation'\n",
		"    evidence: |-\n      ```\n      vm.args line 8: -setcookie x\n      ```\n",
		"    depends_on: [P0-001]\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("output lacks %q:\n%s", want, s)
		}
	}
	for _, absent := range []string{"status:", "project:", "start:", "remediation: []", "assignee: \"\""} {
		if strings.Contains(s, absent) {
			t.Errorf("output has %q:\n%s", absent, s)
		}
	}
}
