package importer

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// diff is "" when want and got are deeply equal, else both, for a failure message.
func diff(want, got any) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	return fmt.Sprintf("want %+v\n got %+v", want, got)
}

// item builds a one-item markdown document under a P1 security heading.
func mdItem(body string) string {
	return "## Part 2: High Priority Issues (P1)\n\n### SECURITY P1 Issues\n\n#### P1-001: Some Title\n" + body
}

func TestParseMarkdownFields(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		want      map[string]value // compared without line numbers
		wantNotes []string         // substrings, in order
	}{
		{
			name: "colon inside the bold",
			doc:  mdItem("- **Risk:** Thundering herd on recovery\n"),
			want: map[string]value{fRisk: {text: "Thundering herd on recovery"}},
		},
		{
			name: "colon outside the bold and backticks stripped",
			doc:  mdItem("- **Module**: `vm.args`, `rebar.config`\n"),
			want: map[string]value{fModule: {text: "vm.args, rebar.config"}},
		},
		{
			name: "issue is the description",
			doc:  mdItem("- **Issue**: No \"right to be forgotten\" implementation\n"),
			want: map[string]value{fDescription: {text: `No "right to be forgotten" implementation`}},
		},
		{
			name: "evidence as an indented fenced block is kept verbatim, dedented",
			doc:  mdItem("- **Evidence**:\n  ```erlang\n  %% vm.args line 8:\n  -setcookie x\n\n  {a, b},\n  ```\n- **Effort**: 4 hours\n"),
			want: map[string]value{
				fEvidence: {text: "```erlang\n%% vm.args line 8:\n-setcookie x\n\n{a, b},\n```"},
				fEffort:   {text: "4"},
			},
		},
		{
			name: "evidence fence at the margin right after the field",
			doc:  mdItem("- **Evidence**:\n```\nsome code\n```\n- **Risk**: r\n"),
			want: map[string]value{fEvidence: {text: "```\nsome code\n```"}, fRisk: {text: "r"}},
		},
		{
			name:      "unclosed indented fence ends at the margin",
			doc:       mdItem("- **Evidence**:\n  ```\n  code\n- **Risk**: r\n"),
			want:      map[string]value{fEvidence: {text: "```\ncode"}, fRisk: {text: "r"}},
			wantNotes: []string{"P1-001: evidence: code block never closed"},
		},
		{
			name: "inline evidence",
			doc:  mdItem("- **Evidence**: No `prep_stop/1` drain\n"),
			want: map[string]value{fEvidence: {text: "No prep_stop/1 drain"}},
		},
		{
			name: "numbered remediation with a wrapped line",
			doc:  mdItem("- **Remediation**:\n  1. Implement `proto_dist inet_tls` as default\n  2. Add certificate\n     validation\n  3) Third\n"),
			want: map[string]value{fRemediation: {list: []string{"Implement proto_dist inet_tls as default", "Add certificate validation", "Third"}}},
		},
		{
			name: "blank line between a field and its list",
			doc:  mdItem("- **Remediation**:\n\n  - one\n  - two\n"),
			want: map[string]value{fRemediation: {list: []string{"one", "two"}}},
		},
		{
			name: "effort in hours, several spellings",
			doc:  mdItem("- **Effort**: 16h\n"),
			want: map[string]value{fEffort: {text: "16"}},
		},
		{
			name: "fractional effort",
			doc:  mdItem("- **Effort**: 1.5 hours\n"),
			want: map[string]value{fEffort: {text: "1.5"}},
		},
		{
			name:      "effort in days is not converted",
			doc:       mdItem("- **Effort**: 2 days\n"),
			want:      map[string]value{},
			wantNotes: []string{`P1-001: effort "2 days" is not a number of hours; left empty`},
		},
		{
			name: "dependencies none",
			doc:  mdItem("- **Dependencies**: None\n"),
			want: map[string]value{fDependsOn: {list: []string{}}},
		},
		{
			name: "dependencies comma list",
			doc:  mdItem("- **Dependencies**: P0-001, `P0-003`\n"),
			want: map[string]value{fDependsOn: {list: []string{"P0-001", "P0-003"}}},
		},
		{
			name:      "dependencies with prose keep only the ids",
			doc:       mdItem("- **Dependencies**: P0-001 (partially)\n"),
			want:      map[string]value{fDependsOn: {list: []string{"P0-001"}}},
			wantNotes: []string{`took only the ids P0-001`},
		},
		{
			name: "milestone id taken from a label",
			doc:  mdItem("- **Milestone**: M1 (Foundation Security)\n"),
			want: map[string]value{fMilestone: {text: "M1"}},
		},
		{
			name:      "milestone without an id",
			doc:       mdItem("- **Milestone**: Foundation\n"),
			want:      map[string]value{},
			wantNotes: []string{`milestone "Foundation" has no milestone id`},
		},
		{
			name:      "field given twice with different values keeps the first",
			doc:       mdItem("- **Effort**: 8 hours\n- **Effort**: 12 hours\n"),
			want:      map[string]value{fEffort: {text: "8"}},
			wantNotes: []string{`effort given twice with different values; kept line 6: "8", dropped "12"`},
		},
		{
			name:      "field given twice with the same value",
			doc:       mdItem("- **Risk**: `x`\n- **Risk:** x\n"),
			want:      map[string]value{fRisk: {text: "x"}},
			wantNotes: []string{"risk given twice (also line 6), same value"},
		},
		{
			name: "item missing its effort has no effort field",
			doc:  mdItem("- **Risk**: r\n- **Dependencies**: None\n"),
			want: map[string]value{fRisk: {text: "r"}, fDependsOn: {list: []string{}}},
		},
		{
			name:      "unknown field and stray text are noted, not fatal",
			doc:       mdItem("- **Color**: blue\nsome prose\n- **Risk**: r\n"),
			want:      map[string]value{fRisk: {text: "r"}},
			wantNotes: []string{`unknown field "color" ignored`, "line not understood, ignored: some prose"},
		},
		{
			name: "assignee TBD is no assignee",
			doc:  mdItem("- **Assignee**: TBD\n"),
			want: map[string]value{},
		},
		{
			name: "wrapped text joins",
			doc:  mdItem("- **Issue**: first part\n  second part\n"),
			want: map[string]value{fDescription: {text: "first part second part"}},
		},
		{
			name: "CRLF line endings",
			doc:  strings.ReplaceAll(mdItem("- **Risk**: r\n- **Effort**: 4 hours\n"), "\n", "\r\n"),
			want: map[string]value{fRisk: {text: "r"}, fEffort: {text: "4"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parseMarkdown("x.md", []byte(tt.doc))
			r := d.records["P1-001"]
			if r == nil {
				t.Fatalf("P1-001 not parsed; records: %v", d.records)
			}
			got := map[string]value{}
			for k, v := range r.fields {
				if k == fTitle || k == fPriority || k == fCategory {
					continue
				}
				got[k] = value{text: v.text, list: v.list}
			}
			if msg := diff(tt.want, got); msg != "" {
				t.Errorf("fields :\n%s", msg)
			}
			if len(d.notes) != len(tt.wantNotes) {
				t.Fatalf("notes = %q, want %d matching %q", d.notes, len(tt.wantNotes), tt.wantNotes)
			}
			for i, n := range tt.wantNotes {
				if !strings.Contains(d.notes[i], n) {
					t.Errorf("note %d = %q, want it to contain %q", i, d.notes[i], n)
				}
			}
		})
	}
}

func TestParseMarkdownStructure(t *testing.T) {
	doc := "# Title\n\n" +
		"## Part 3: Medium Priority Issues (P2)\n\n" +
		"### DOCUMENTATION P2 Issues\n\n" +
		"#### P2-007: Missing `ADRs`\n- **Risk**: r\n\n" +
		"#### **P2-008** - No Troubleshooting Guide\n- **Risk**: r\n\n" +
		"---\n\n" +
		"### SECURITY P1 Issues\n\n" +
		"#### P2-009: Misfiled under a P1 heading\n- **Risk**: r\n\n" +
		"## Appendix\n\n" +
		"```markdown\n## Issue [ID]\n#### P9-999: inside a code block\n```\n\n" +
		"#### P2-007: Again\n- **Risk**: other\n"
	d := parseMarkdown("x.md", []byte(doc))

	type got struct{ Title, Priority, Category string }
	gotItems := map[string]got{}
	for id, r := range d.records {
		gotItems[id] = got{r.fields[fTitle].text, r.fields[fPriority].text, r.fields[fCategory].text}
	}
	want := map[string]got{
		"P2-007": {"Missing ADRs", "P2", "documentation"},
		"P2-008": {"No Troubleshooting Guide", "P2", "documentation"},
		"P2-009": {"Misfiled under a P1 heading", "P2", "security"},
	}
	if msg := diff(want, gotItems); msg != "" {
		t.Errorf("items :\n%s", msg)
	}
	wantNotes := []string{
		"x.md:17: P2-009 is under a P1 heading; its priority is taken from its id",
		"x.md:27: P2-007 appears again (first at line 7); kept the first",
	}
	if msg := diff(wantNotes, d.notes); msg != "" {
		t.Errorf("notes :\n%s", msg)
	}
}

func TestParseMarkdownTables(t *testing.T) {
	doc := "### Quick Statistics\n\n" +
		"| Category | Count | P0 | P1 | P2 | P3 |\n" +
		"|----------|-------|----|----|----|-----|\n" +
		"| Security | 12 | 3 | 4 | 3 | 2 |\n" +
		"| **TOTAL** | **78** | **15** | **28** | **24** | **11** |\n\n" +
		"## Part 5: Milestone Definitions\n\n" +
		"### Milestone 1: Foundation (M1) - 2-3 Weeks\n**Goal**: Basic readiness\n**Deliverables**:\n- One\n- Two\n\n" +
		"## Part 7: Recommended Assignments\n\n" +
		"| Agent Expertise | Assigned Issues | Est. Total Effort |\n" +
		"|---|---|---|\n" +
		"| security-engineer | P0-001, P0-002 | 120 hours |\n"
	d := parseMarkdown("x.md", []byte(doc))

	wantStats := map[string]map[string]int{
		"security": {"count": 12, "p0": 3, "p1": 4, "p2": 3, "p3": 2},
		"total":    {"count": 78, "p0": 15, "p1": 28, "p2": 24, "p3": 11},
	}
	if d.stats == nil {
		t.Fatal("statistics table not read")
	}
	if msg := diff(wantStats, d.stats.cells); msg != "" {
		t.Errorf("stats :\n%s", msg)
	}
	wantMS := mdMilestone{id: "M1", name: "Foundation", duration: "2-3 Weeks", goal: "Basic readiness", deliverables: []string{"One", "Two"}, line: 10}
	if msg := diff(wantMS, d.milestones["M1"]); msg != "" {
		t.Errorf("milestone :\n%s", msg)
	}
	if len(d.assignments) != 1 {
		t.Fatalf("assignments = %+v, want one row", d.assignments)
	}
	a := d.assignments[0]
	if a.role != "security-engineer" || a.hours == nil || *a.hours != 120 || strings.Join(a.issues, ",") != "P0-001,P0-002" || a.line != 20 {
		t.Errorf("assignment row = %+v (hours %v)", a, a.hours)
	}
}

// A person's document must never crash the importer, whatever it holds.
func TestParseMarkdownNeverPanics(t *testing.T) {
	docs := []string{
		"", "#", "####", "#### P0-001", "#### P0-001:", "- **", "- **Effort**", "| a |", "|", "```",
		"#### P0-001: x\n- **Evidence**:\n```", "#### P0-001: x\n- **Remediation**:\n  ",
		"### Milestone 1: x (M1)\n**Goal**", "| Category | P0 |\n|---|---|\n| x |",
		"| Role | Issues | Effort |\n|--|--|--|\n| r |",
	}
	for _, doc := range docs {
		parseMarkdown("x.md", []byte(doc))
	}
}

func FuzzParseMarkdown(f *testing.F) {
	f.Add(mdItem("- **Risk:** x\n- **Evidence**:\n  ```\n  y\n  ```\n"))
	f.Fuzz(func(t *testing.T, doc string) { parseMarkdown("x.md", []byte(doc)) })
}
