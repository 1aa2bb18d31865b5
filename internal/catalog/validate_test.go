package catalog

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Errors come first, then warnings with a line to fix, then the summary of
// the declared totals, each group in position order: CI shows only the
// first few annotations, and the summary must not push out the rest.
func TestSortForReading(t *testing.T) {
	at := func(line int) Pos { return Pos{File: "c.yaml", Line: line, Col: 1} }
	summary := Problem{Pos: at(2), Severity: Warning, Message: declaredPrefix + "3 blockers, the catalog contains 1: 2 are not written out"}
	tests := []struct {
		name string
		in   []Problem
		want []string
	}{
		{"summary after later warnings", []Problem{
			summary,
			{Pos: at(9), Severity: Warning, Message: "blocker B has no milestone"},
			{Pos: at(5), Severity: Warning, Message: "blocker A has no milestone"},
		}, []string{
			"c.yaml:5:1: warning: blocker A has no milestone",
			"c.yaml:9:1: warning: blocker B has no milestone",
			"c.yaml:2:1: warning: sources declare 3 blockers, the catalog contains 1: 2 are not written out",
		}},
		{"errors before warnings", []Problem{
			{Pos: at(7), Severity: Warning, Message: "blocker A has no milestone"},
			summary,
			{Pos: at(8), Message: "blocker B: missing title"},
			{Pos: at(1), Message: "project already set"},
		}, []string{
			"c.yaml:1:1: project already set",
			"c.yaml:8:1: blocker B: missing title",
			"c.yaml:7:1: warning: blocker A has no milestone",
			"c.yaml:2:1: warning: sources declare 3 blockers, the catalog contains 1: 2 are not written out",
		}},
		{"an error that quotes the words is not the summary", []Problem{
			{Pos: at(3), Message: declaredPrefix + "nothing"},
			{Pos: at(1), Severity: Warning, Message: "blocker A has no milestone"},
		}, []string{
			"c.yaml:3:1: sources declare nothing",
			"c.yaml:1:1: warning: blocker A has no milestone",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			SortForReading(tt.in)
			if got := strs(tt.in); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// Validate's summary of the declared totals is the problem SortForReading
// puts last, after a warning on a later line.
func TestDeclaredSummaryGoesLast(t *testing.T) {
	file := y(
		"version: 1",
		"milestones: [{id: M1, title: W1}]",
		"declared: {total: 3}",
		"blockers: [{id: A, title: t, priority: P0, category: c, milestone: M1}, {id: B, title: t, priority: P0, category: c}]",
	)
	_, probs, err := load([]string{"c.yaml"}, func(string) ([]byte, error) { return []byte(file), nil })
	if err != nil {
		t.Fatal(err)
	}
	SortForReading(probs)
	want := []string{
		"c.yaml:4:73: warning: blocker B has no milestone",
		"c.yaml:3:11: warning: sources declare 3 blockers, the catalog contains 2: 1 is not written out; see Gaps in the sources in ghsync report",
	}
	if got := strs(probs); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// GitHub allows 50 "blocked by" and 50 "blocking" links per issue, and
// depends_on become such links (#16).
func TestDependencyLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\nmilestones: [{id: M1, title: W1}]\nblockers:\n")
	var ids []string
	for i := range 51 {
		id := fmt.Sprintf("B-%02d", i)
		ids = append(ids, id)
		fmt.Fprintf(&b, "  - {id: %s, title: t, priority: P0, category: c, milestone: M1}\n", id)
	}
	fmt.Fprintf(&b, "  - {id: MANY, title: t, priority: P0, category: c, milestone: M1, depends_on: [%s]}\n", strings.Join(ids, ", "))
	_, probs := loadFiles(t, "c.yaml", b.String())
	var errs []string
	for _, p := range probs {
		if strings.Contains(p, "at most 50") {
			errs = append(errs, p)
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "depends_on: 51 blockers") {
		t.Fatalf("51 dependencies: %q", probs)
	}

	b.Reset()
	b.WriteString("version: 1\nmilestones: [{id: M1, title: W1}]\nblockers:\n  - {id: ROOT, title: t, priority: P0, category: c, milestone: M1}\n")
	for i := range 51 {
		fmt.Fprintf(&b, "  - {id: B-%02d, title: t, priority: P0, category: c, milestone: M1, depends_on: [ROOT]}\n", i)
	}
	_, probs = loadFiles(t, "c.yaml", b.String())
	errs = nil
	for _, p := range probs {
		if strings.Contains(p, "at most 50") {
			errs = append(errs, p)
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "ROOT: 51 blockers depend on it") {
		t.Fatalf("51 dependents: %q", probs)
	}
}

func TestIssueTypesAndFields(t *testing.T) {
	base := y(
		"version: 1",
		"milestones: [{id: M1, title: one}]",
		"blockers:",
		"  - {id: P0-001, title: a, priority: P0, category: security, milestone: M1}",
	)
	many := "issue_types:\n  by_category:\n"
	for i := range MaxIssueTypes + 1 {
		many += fmt.Sprintf("    c%d: T%d\n", i, i)
	}
	tests := []struct {
		name, file string
		want       []string
	}{
		{"valid", base + "issue_types: {default: Task, by_category: {security: Bug}, by_priority: {P0: Incident}}\nissue_fields: {priority: Priority, effort: Effort, due: Due}\n", nil},
		{"unknown key", base + "issue_types: {defualt: Task}\n",
			[]string{`c.yaml:5:14: issue_types: names no type; set default, by_category or by_priority (or leave issue_types out)`, `c.yaml:5:15: unknown key "defualt" in issue_types; did you mean "default"?`}},
		{"empty type name", base + "issue_types: {default: \"\", by_priority: {P1: \" \"}}\n",
			[]string{`c.yaml:5:14: issue_types: names no type; set default, by_category or by_priority (or leave issue_types out)`, `c.yaml:5:24: issue_types.default: empty name`, `c.yaml:5:46: issue_types.by_priority.P1: empty name`}},
		{"not a priority", base + "issue_types: {by_priority: {P9: Bug}}\n",
			[]string{`c.yaml:5:14: issue_types: names no type; set default, by_category or by_priority (or leave issue_types out)`, `c.yaml:5:29: issue_types.by_priority: "P9" is not one of P0, P1, P2, P3`}},
		{"a category no blocker has", base + "issue_types:\n  by_category:\n    secuirty: Bug\n",
			[]string{`c.yaml:7:5: warning: issue_types.by_category: no blocker has the category "secuirty"`}},
		{"more types than GitHub allows", base + many,
			[]string{`c.yaml:6:3: issue_types: 26 types, GitHub allows an organisation at most 25`}},
		{"one field for two values", base + "issue_fields: {priority: Score, effort: score}\n",
			[]string{`c.yaml:5:15: issue_fields: priority and effort both name the field "score"; each needs a field of its own (a single select, a number, a date)`}},
		{"empty field name", base + "issue_fields: {due: \"\"}\n",
			[]string{`c.yaml:5:15: issue_fields: names no field; set priority, effort or due (or leave issue_fields out)`, `c.yaml:5:21: issue_fields.due: empty name`}},
		{"unknown field key", base + "issue_fields: {hours: Effort}\n",
			[]string{`c.yaml:5:15: issue_fields: names no field; set priority, effort or due (or leave issue_fields out)`, `c.yaml:5:16: unknown key "hours" in issue_fields; known keys: priority, effort, due`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := loadFiles(t, "c.yaml", tt.file)
			if tt.name == "more types than GitHub allows" {
				// and a warning for each category no blocker has
				if !contains(got, tt.want[0]) {
					t.Errorf("problems:\n%s\nwant among them %s", strings.Join(got, "\n"), tt.want[0])
				}
				return
			}
			if d := diffLines(tt.want, got); d != "" {
				t.Errorf("problems:\n%s", d)
			}
		})
	}
}

func TestIssueTypeOfABlocker(t *testing.T) {
	c := &Catalog{IssueTypes: &IssueTypes{Default: "Task", ByCategory: map[string]string{"security": "Bug"}, ByPriority: map[string]string{"P0": "Incident"}}}
	for _, tt := range []struct{ priority, category, want string }{
		{"P0", "security", "Bug"}, // the category's entry wins
		{"P0", "ops", "Incident"},
		{"P2", "ops", "Task"},
	} {
		if got := c.IssueType(Blocker{Priority: tt.priority, Category: tt.category}); got != tt.want {
			t.Errorf("%s/%s: type %q, want %q", tt.priority, tt.category, got, tt.want)
		}
	}
	if got := (&Catalog{}).IssueType(Blocker{Priority: "P0"}); got != "" {
		t.Errorf("no issue_types: type %q, want none", got)
	}
}

// A tracker holds at most 100 sub-issues on GitHub, closed ones included
// (#16): the 101st blocker of a category (or milestone, with trackers:
// milestone) is reported where its category (milestone) is written.
func TestTrackerLimits(t *testing.T) {
	catalogOf := func(settings string, n int, status string) string {
		var b strings.Builder
		b.WriteString("version: 1\n" + settings + "milestones: [{id: M1, title: W1}]\nblockers:\n")
		for i := range n {
			fmt.Fprintf(&b, "  - {id: B-%03d, title: t, priority: P0, category: c, milestone: M1%s}\n", i, status)
		}
		return b.String()
	}
	limit := func(probs []string) []string {
		var out []string
		for _, p := range probs {
			if strings.Contains(p, "sub-issues") {
				out = append(out, p)
			}
		}
		return out
	}
	for _, tc := range []struct {
		what, settings string
		n              int
		status, want   string
	}{
		{"100 fit", "", 100, "", ""},
		{"101 by category", "", 101, "", "c.yaml:104:51: category c: more than 100 blockers"},
		{"closed ones count", "", 101, ", status: resolved", "c.yaml:104:51: category c: more than 100 blockers"},
		{"101 by milestone", "trackers: milestone\n", 101, "", "c.yaml:105:65: milestone M1: more than 100 blockers"},
		{"no trackers", "trackers: none\n", 101, "", ""},
	} {
		_, probs := loadFiles(t, "c.yaml", catalogOf(tc.settings, tc.n, tc.status))
		got := limit(probs)
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%s: %q", tc.what, got)
		case tc.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tc.want)):
			t.Errorf("%s: %q, want one problem starting %q", tc.what, got, tc.want)
		}
	}

	_, probs := loadFiles(t, "c.yaml", "version: 1\ntrackers: epic\ncategory_owners: {c: [ana], nope: [bo]}\nmilestones: [{id: M1, title: W1}]\nblockers:\n  - {id: B-1, title: t, priority: P0, category: c, milestone: M1}\n")
	want := []string{
		`c.yaml:2:11: trackers: "epic" is not one of category (the default), milestone or none`,
		"c.yaml:3:1: warning: category_owners: no blocker has the category nope",
	}
	for _, w := range want {
		if !slices.Contains(probs, w) {
			t.Errorf("no problem %q in:\n%s", w, strings.Join(probs, "\n"))
		}
	}
}
