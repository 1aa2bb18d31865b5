package catalog

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// y joins lines into a file, so a test can count line numbers by eye.
func y(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

// loadFiles loads in-memory files (name, content, name, content, ...) in
// order, as Load does for a directory.
func loadFiles(t *testing.T, pairs ...string) (*Catalog, []string) {
	t.Helper()
	data := map[string]string{}
	var names []string
	for i := 0; i+1 < len(pairs); i += 2 {
		names = append(names, pairs[i])
		data[pairs[i]] = pairs[i+1]
	}
	c, probs, err := load(names, func(name string) ([]byte, error) {
		s, ok := data[name]
		if !ok {
			return nil, os.ErrNotExist
		}
		return []byte(s), nil
	})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return c, strs(probs)
}

func strs(probs []Problem) []string {
	out := []string{}
	for _, p := range probs {
		out = append(out, p.String())
	}
	return out
}

// head is a valid start: one milestone, and blockers follow from line 6.
var head = []string{
	"version: 1",     // 1
	"milestones:",    // 2
	"  - id: M1",     // 3
	"    title: W1",  // 4
	"blockers:",      // 5
	"  - id: P0-001", // 6
}

// blocker is head plus the lines of a valid first blocker (lines 7-10), then more.
func blocker(more ...string) string {
	lines := append(append([]string{}, head...),
		"    title: Fix it",      // 7
		"    priority: P0",       // 8
		"    category: security", // 9
		"    milestone: M1",      // 10
	)
	return y(append(lines, more...)...)
}

func TestProblems(t *testing.T) {
	long := strings.Repeat("x", 251)
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"valid", blocker(), nil},
		{"valid ids and every field", y(
			"version: 1",
			"repository: acme/erlmcp",
			"project: erlmcp",
			"start: 2026-02-02",
			"dashboard: {title: Progress}",
			"owners: {security-engineer: [alice, bob-2]}",
			"labels:",
			"  priority: {pattern: \"prio:{value}\", values: {P0: {color: B60205, description: Now}}}",
			"  category: {values: {security: {color: 123456}}}",
			"milestones:",
			"  - {id: M1, title: W1, description: d, due_week: 2}",
			"  - {id: M2, title: W2, due: 2026-03-01}",
			"gates:",
			"  - {id: G1, title: t, require: all, blockers: [P0-001, BLK-101, SEC.12]}",
			"  - {id: G2, require: 1%, blockers: [P0-001]}",
			"  - {id: G3, require: 100%, blockers: [P0-001]}",
			"blockers:",
			"  - {id: P0-001, title: a, priority: P0, category: security, milestone: M1, effort_hours: 2.5, assignee: security-engineer,",
			"     module: m, description: d, risk: r, evidence: e, remediation: [x, y], labels: [bug], status: resolved}",
			"  - {id: BLK-101, title: b, priority: P3, category: ops, milestone: M2, depends_on: [P0-001], status: wontfix}",
			"  - {id: SEC.12, title: c, priority: P1, category: security, milestone: M1, status: open}",
		), nil},

		// Syntax and schema.
		{"yaml syntax", y("version: 1", "blockers:", "  - id: a", "   title: x"),
			[]string{"c.yaml:3:1: YAML syntax: did not find expected '-' indicator"}},
		{"yaml syntax on line 1", y("version: 1: 2"),
			[]string{"c.yaml:1:1: YAML syntax: mapping values are not allowed in this context"}},
		{"unknown anchor", y("version: 1", "blockers:", "  - *nope"),
			[]string{"c.yaml:3:5: YAML syntax: unknown anchor 'nope' referenced"}},
		{"empty file", "", []string{`c.yaml:1:1: file is empty: a catalog file starts with "version: 1"`}},
		{"comments only", "# nothing yet\n", []string{`c.yaml:1:1: file is empty: a catalog file starts with "version: 1"`}},
		{"two documents", y("version: 1", "---", "version: 1"),
			[]string{"c.yaml:2:1: a second YAML document: a catalog file holds one (split the catalog into several files instead)"}},
		{"not a mapping", y("- version: 1"),
			[]string{"c.yaml:1:1: catalog: want a mapping, got a list"}},
		{"version missing", y("blockers: [{id: P0-001, title: t, priority: P0, category: c}]"),
			[]string{
				`c.yaml:1:1: version: missing; start the file with "version: 1"`,
				"c.yaml:1:12: warning: blocker P0-001 has no milestone",
			}},
		{"version 2 stops reading", y("version: 2", "blockers: 7"),
			[]string{"c.yaml:1:10: version: 2 is not supported; this ghsync reads version 1"}},
		{"version as string", y(`version: "1"`, "blockers: 7"),
			[]string{`c.yaml:1:10: version: want a whole number, got "1"`}},
		{"unknown top-level key with suggestion", blocker("milestone: [M1]"),
			[]string{`c.yaml:11:1: unknown key "milestone" in catalog; did you mean "milestones"?`}},
		{"unknown blocker key with suggestion", blocker("    efort_hours: 4"),
			[]string{`c.yaml:11:5: unknown key "efort_hours" in blocker P0-001; did you mean "effort_hours"?`}},
		{"unknown blocker key without suggestion", blocker("    owner: bob"),
			[]string{`c.yaml:11:5: unknown key "owner" in blocker P0-001; known keys: id, title, priority, category, milestone, effort_hours, assignee, module, description, risk, evidence, remediation, depends_on, labels, status`}},
		{"unknown keys at every level", y(
			"version: 1",
			"labels: {priority: {colour: x, values: {P0: {colr: b60205}}}, size: {}}",
			"milestones: [{id: M1, title: W1, due_date: 2026-01-01}]",
			"gates: [{id: G1, blockers: [P0-001], requires: all}]",
			"dashboard: {title: t, body: b}",
			"declared: {totals: 3}",
			"blockers: [{id: P0-001, title: t, priority: P0, category: c, milestone: M1}]",
		), []string{
			`c.yaml:2:21: unknown key "colour" in labels.priority; known keys: pattern, values`,
			`c.yaml:2:46: unknown key "colr" in labels.priority.values.P0; did you mean "color"?`,
			`c.yaml:2:63: unknown key "size" in labels; known keys: priority, category`,
			`c.yaml:3:34: unknown key "due_date" in milestone M1; known keys: id, title, description, due_week, due`,
			`c.yaml:4:38: unknown key "requires" in gate G1; did you mean "require"?`,
			`c.yaml:5:23: unknown key "body" in dashboard; known keys: title`,
			`c.yaml:6:12: unknown key "totals" in declared; did you mean "total"?`,
		}},
		{"duplicate key", blocker("    title: Again"),
			[]string{`c.yaml:11:5: duplicate key "title" (first at line 7)`}},
		{"wrong types", blocker(
			`    effort_hours: "four"`,
			"    depends_on: P0-002",
			"    labels: [bug, [x]]",
			"    title2: x",
		), []string{
			`c.yaml:11:19: effort_hours: want a number, got "four"`,
			`c.yaml:12:17: depends_on: want a list, got "P0-002"`,
			"c.yaml:13:19: labels: want a list of strings, got a list in it",
			`c.yaml:14:5: unknown key "title2" in blocker P0-001; did you mean "title"?`,
		}},
		{"non-finite effort", blocker("    effort_hours: .nan"),
			[]string{`c.yaml:11:19: effort_hours: want a number, got ".nan"`}},
		{"blocker not a mapping", y("version: 1", "blockers:", "  - P0-001"),
			[]string{
				"c.yaml:2:1: catalog has no blockers: refusing to treat that as 'desired state = nothing'",
				`c.yaml:3:5: blocker: want a mapping, got "P0-001"`,
			}},
		{"bad dates", y(
			"version: 1",
			"start: 2026-02-30",
			"milestones: [{id: M1, title: W1, due: 26-1-1}, {id: M2, title: W2, due: [2026]}]",
			"blockers: [{id: P0-001, title: t, priority: P0, category: c, milestone: M1}]",
		), []string{
			`c.yaml:2:8: start: date "2026-02-30" is not YYYY-MM-DD`,
			`c.yaml:3:39: due: date "26-1-1" is not YYYY-MM-DD`,
			"c.yaml:3:73: due: want a date YYYY-MM-DD, got a list",
		}},
		{"label styles", y(
			"version: 1",
			"labels:",
			"  priority:",
			"    values:",
			`      P0: {color: "#b60205"}`,
			"      P1: {color: b6020}",
			"      P9: {description: "+strings.Repeat("d", 101)+"}",
			"  category:",
			"    pattern: category",
			"blockers: [{id: P0-001, title: t, priority: P0, category: c, milestone: M1}]",
			"milestones: [{id: M1, title: W1}]",
		), []string{
			`c.yaml:5:19: color: "#b60205" is not 6 hex digits (write it without '#')`,
			`c.yaml:6:19: color: "b6020" is not 6 hex digits`,
			`c.yaml:7:7: labels.priority.values: "P9" is not one of P0, P1, P2, P3`,
			"c.yaml:7:25: description: 101 characters, GitHub allows at most 100",
			`c.yaml:9:14: pattern: "category" must contain {value}`,
		}},
		{"owners, repository, dashboard, declared", y(
			"version: 1",
			"repository: erlmcp",
			"owners: {sec: [\"@alice\", ok, bad--login], ops: alice, \"qa[1]\": [ok, -x]}",
			"dashboard: {title: \"\"}",
			"declared: {total: -1, by_priority: {P7: 1, P0: -2}, role_hours: {sec: x}}",
			"milestones: [{id: M1, title: W1}]",
			"blockers: [{id: P0-001, title: t, priority: P0, category: c, milestone: M1}]",
		), []string{
			`c.yaml:2:13: repository: "erlmcp" is not OWNER/NAME`,
			`c.yaml:3:16: owners.sec: "@alice" is not a GitHub login (write it without '@')`,
			`c.yaml:3:30: owners.sec: "bad--login" is not a GitHub login`,
			`c.yaml:3:48: owners.ops: want a list, got "alice"`,
			`c.yaml:3:69: owners.qa[1]: "-x" is not a GitHub login`, // the entry, though the role has brackets
			"c.yaml:4:12: dashboard: missing title",
			"c.yaml:5:19: total: -1 is negative",
			`c.yaml:5:37: declared.by_priority: "P7" is not one of P0, P1, P2, P3`,
			"c.yaml:5:48: P0: -2 is negative",
			`c.yaml:5:71: sec: want a number, got "x"`,
		}},
		{"merge keys", y(
			"version: 1",
			"milestones: [{id: M1, title: W1}]",
			"blockers:",
			"  - &base {id: P0-001, title: t, priority: P0, category: security, milestone: M1, owner: x}",
			"  - {<<: *base, id: P0-002}",
			"  - {<<: [*base, *base], id: P0-003, title: u}",
		), []string{
			`c.yaml:4:83: unknown key "owner" in blocker P0-001; known keys: id, title, priority, category, milestone, effort_hours, assignee, module, description, risk, evidence, remediation, depends_on, labels, status`,
		}},

		// Rules over the whole catalog.
		{"no blockers", y("version: 1", "blockers: []"),
			[]string{"c.yaml:2:1: catalog has no blockers: refusing to treat that as 'desired state = nothing'"}},
		{"no blockers key", y("version: 1", "project: x"),
			[]string{"c.yaml:1:1: catalog has no blockers: refusing to treat that as 'desired state = nothing'"}},
		{"missing id, title, priority, category", y(append(head[:5],
			"  - {title: t, priority: P0, category: c, milestone: M1}",
			"  - {id: P0-002, title: \" \", milestone: M1}",
		)...), []string{
			"c.yaml:6:5: blocker: missing id",
			"c.yaml:7:5: blocker P0-002: missing title",
			"c.yaml:7:5: blocker P0-002: missing priority (one of P0, P1, P2, P3)",
			"c.yaml:7:5: blocker P0-002: missing category",
		}},
		{"bad ids", y(
			"version: 1",
			"milestones: [{id: -M1, title: W1}]",
			"gates: [{id: G 1, blockers: [P0_001]}]",
			"blockers:",
			"  - {id: P0_001, title: t, priority: P0, category: c}",
			"  - {id: "+strings.Repeat("a", 41)+", title: t, priority: P0, category: c}",
		), []string{
			`c.yaml:2:19: id: "-M1" is not a valid milestone id: use 1-40 letters, digits, '.', '_' or '-', starting with a letter or digit`,
			`c.yaml:3:14: id: "G 1" is not a valid gate id: use 1-40 letters, digits, '.', '_' or '-', starting with a letter or digit`,
			"c.yaml:5:5: warning: blocker P0_001 has no milestone",
			// Messages repeat at most 40 bytes of a value.
			`c.yaml:6:5: warning: blocker "` + strings.Repeat("a", 40) + `..." has no milestone`,
			`c.yaml:6:10: id: "` + strings.Repeat("a", 40) + `..." is not a valid blocker id: use 1-40 letters, digits, '.', '_' or '-', starting with a letter or digit`,
		}},
		{"duplicate ids", y(
			"version: 1",
			"milestones: [{id: M1, title: W1}, {id: M1, title: W2}]",
			"gates: [{id: G1, blockers: [P0-001]}, {id: G1, blockers: [P0-001]}]",
			"blockers:",
			"  - {id: P0-001, title: t, priority: P0, category: c, milestone: M1}",
			"  - {id: P0-001, title: u, priority: P0, category: c, milestone: M1}",
		), []string{
			"c.yaml:2:35: duplicate milestone id M1 (first at c.yaml:2:14)",
			"c.yaml:3:39: duplicate gate id G1 (first at c.yaml:3:9)",
			"c.yaml:6:5: duplicate blocker id P0-001 (first at c.yaml:5:5)",
		}},
		{"duplicate milestone titles", y(
			"version: 1",
			"milestones: [{id: M1, title: W1}, {id: M2, title: W1}]",
			"blockers: [{id: P0-001, title: t, priority: P0, category: c, milestone: M1}]",
		), []string{
			`c.yaml:2:51: title: "W1" is also the title of milestone M1 (c.yaml:2:14); GitHub milestone titles are unique`,
		}},
		{"bad priority, status, effort", blocker(
			"    effort_hours: -4",
			"    status: done",
			"  - {id: P0-002, title: t, priority: p0, category: c, milestone: M1}",
		), []string{
			"c.yaml:11:19: effort_hours: -4 is negative",
			`c.yaml:12:13: status: "done" is not one of open, resolved, wontfix`,
			`c.yaml:13:38: priority: "p0" is not one of P0, P1, P2, P3`,
		}},
		{"unknown references", blocker(
			"    depends_on: [P0-001, P0-999]",
			"  - {id: P0-002, title: t, priority: P1, category: c, milestone: M9, depends_on: [P0-001, P0-001]}",
			"gates: [{id: G1, blockers: [P0-002, P0-998, P0-002]}, {id: G2, blockers: []}]",
		), []string{
			"c.yaml:6:5: dependency cycle: P0-001 -> P0-001",
			"c.yaml:11:26: depends_on: blocker P0-999 does not exist",
			"c.yaml:12:66: milestone: milestone M9 does not exist",
			"c.yaml:12:91: depends_on: P0-001 is listed twice",
			"c.yaml:13:37: blockers: blocker P0-998 does not exist",
			"c.yaml:13:45: blockers: P0-002 is listed twice",
			"c.yaml:13:55: gate G2: lists no blockers, so it would always pass",
		}},
		{"dependency cycles", y(
			"version: 1",
			"milestones: [{id: M1, title: W1}]",
			"blockers:",
			"  - {id: A, title: t, priority: P0, category: c, milestone: M1, depends_on: [C]}",
			"  - {id: B, title: t, priority: P0, category: c, milestone: M1, depends_on: [A]}",
			"  - {id: C, title: t, priority: P0, category: c, milestone: M1, depends_on: [B, D]}",
			"  - {id: D, title: t, priority: P0, category: c, milestone: M1, depends_on: [E]}",
			"  - {id: E, title: t, priority: P0, category: c, milestone: M1, depends_on: [D]}",
			"  - {id: F, title: t, priority: P0, category: c, milestone: M1, depends_on: [A]}",
		), []string{
			"c.yaml:4:5: dependency cycle: A -> C -> B -> A",
			"c.yaml:7:5: dependency cycle: D -> E -> D",
		}},
		{"issue title too long", blocker("  - {id: P0-002, title: " + long + ", priority: P0, category: c, milestone: M1}"),
			[]string{`c.yaml:11:25: title: the issue title "P0-002: xxxxxxxxxxxx..." is 259 characters, GitHub allows at most 256`}},
		{"multi-line titles", y(
			"version: 1",
			"milestones: [{id: M1, title: \"W\\n1\"}]",
			"blockers:",
			"  - id: A",
			"    title: |",
			"      Fix it",
			"    priority: P0",
			"    category: c",
			"    milestone: M1",
		), []string{
			"c.yaml:2:30: title: must be one line (a YAML block scalar such as | or > adds line breaks)",
			"c.yaml:5:12: title: must be one line (a YAML block scalar such as | or > adds line breaks)",
		}},
		{"gate require", y(
			"version: 1",
			"milestones: [{id: M1, title: W1}]",
			"gates:",
			"  - {id: G1, require: 0%, blockers: [P0-001]}",
			"  - {id: G2, require: 101%, blockers: [P0-001]}",
			"  - {id: G3, require: most, blockers: [P0-001]}",
			"  - {id: G4, require: 80 %, blockers: [P0-001]}",
			"blockers: [{id: P0-001, title: t, priority: P0, category: c, milestone: M1}]",
		), []string{
			`c.yaml:4:23: require: "0%" must be "all" or a percentage from 1% to 100%`,
			`c.yaml:5:23: require: "101%" must be "all" or a percentage from 1% to 100%`,
			`c.yaml:6:23: require: "most" must be "all" or a percentage from 1% to 100%`,
			`c.yaml:7:23: require: "80 %" must be "all" or a percentage from 1% to 100%`,
		}},
		{"milestone dates", y(
			"version: 1",
			"milestones:",
			"  - {id: M1, title: W1, due: 2026-03-01, due_week: 2}",
			"  - {id: M2, title: W2, due_week: -1}",
			"  - {id: M3, title: W3, due_week: 0}",
			"  - {id: M4, title: W4, due_week: 3}",
			"blockers: [{id: P0-001, title: t, priority: P0, category: c, milestone: M1}]",
		), []string{
			"c.yaml:3:5: milestone M1: set due or due_week, not both",
			"c.yaml:4:35: due_week: -1 must be 1 or more (week 1 ends 6 days after start)",
			"c.yaml:5:35: due_week: 0 must be 1 or more (week 1 ends 6 days after start)",
			"c.yaml:6:35: due_week: needs the catalog's start date (add start: YYYY-MM-DD)",
		}},
		{"labels", y(
			"version: 1",
			"milestones: [{id: M1, title: W1}]",
			"blockers:",
			"  - {id: A, title: t, priority: P0, category: security, milestone: M1, labels: [Priority/P0, bug, "+strings.Repeat("l", 51)+"]}",
			"  - {id: B, title: t, priority: P1, category: Security, milestone: M1, labels: [Bug, bug, priority/P1]}",
			"  - {id: C, title: t, priority: P1, category: "+strings.Repeat("c", 42)+", milestone: M1}",
		), []string{
			`c.yaml:4:81: label "Priority/P0" differs only in case from label "priority/P0" (c.yaml:4:33); GitHub label names ignore case`,
			`c.yaml:4:99: label "` + strings.Repeat("l", 40) + `..." is 51 characters, GitHub allows at most 50`,
			`c.yaml:5:47: label "category/Security" differs only in case from label "category/security" (c.yaml:4:47); GitHub label names ignore case`,
			`c.yaml:5:81: label "Bug" differs only in case from label "bug" (c.yaml:4:94); GitHub label names ignore case`,
			`c.yaml:6:47: label "category/` + strings.Repeat("c", 31) + `..." is 51 characters, GitHub allows at most 50`,
		}},
		{"priority and category labels collide", y(
			"version: 1",
			"labels: {priority: {pattern: \"{value}\"}, category: {pattern: \"{value}\"}}",
			"milestones: [{id: M1, title: W1}]",
			"blockers:",
			"  - {id: A, title: t, priority: P0, category: P0, milestone: M1}",
		), []string{
			`c.yaml:5:47: label "P0" is both a category label and a priority label (c.yaml:5:33)`,
		}},

		// Names GitHub trims, refuses or takes for another (issue #13).
		{"names GitHub trims", y(
			"version: 1",
			`labels: {priority: {pattern: "prio/{value} "}, category: {values: {ops: {description: " Runbooks"}}}}`,
			`milestones: [{id: M1, title: "W1 "}, {id: M2, title: " W2"}]`,
			`dashboard: {title: "Progress "}`,
			"blockers:",
			`  - {id: A, title: "Fix it ", priority: P0, category: "ops ", milestone: M1, labels: ["bug "]}`,
			`  - {id: B, title: " Fix it", priority: P0, category: "ops ", milestone: M1, labels: ["bug ", " x"]}`,
			`  - {id: C, title: t, priority: P0, category: ops, milestone: M1}`,
		), []string{
			`c.yaml:2:30: labels.priority.pattern: "prio/{value} " ends with whitespace, which GitHub trims, so it would never match the catalog: write "prio/{value}"`,
			`c.yaml:2:73: labels.category.values.ops.description: " Runbooks" starts with whitespace, which GitHub trims, so it would never match the catalog: write "Runbooks"`,
			`c.yaml:3:30: title: "W1 " ends with whitespace, which GitHub trims, so it would never match the catalog: write "W1"`,
			`c.yaml:3:54: title: " W2" starts with whitespace, which GitHub trims, so it would never match the catalog: write "W2"`,
			`c.yaml:4:12: dashboard title: "Progress " ends with whitespace, which GitHub trims, so it would never match the catalog: write "Progress"`,
			`c.yaml:6:20: title: "Fix it " ends with whitespace, which GitHub trims, so it would never match the catalog: write "Fix it"`,
			`c.yaml:6:55: category: "ops " ends with whitespace, which GitHub trims, so it would never match the catalog: write "ops"`,
			`c.yaml:6:87: labels: "bug " ends with whitespace, which GitHub trims, so it would never match the catalog: write "bug"`,
			`c.yaml:7:20: title: " Fix it" starts with whitespace, which GitHub trims, so it would never match the catalog: write "Fix it"`,
			`c.yaml:7:95: labels: " x" starts with whitespace, which GitHub trims, so it would never match the catalog: write "x"`,
		}},
		{"names GitHub refuses", y(
			"version: 1",
			`milestones: [{id: M1, title: "W\t1"}, {id: M2, title: `+strings.Repeat("m", 256)+`}]`,
			"blockers:",
			`  - {id: A, title: "Fix\u0000it", priority: P0, category: "o\x7fps", milestone: M1, labels: ["bug\e"]}`,
			`  - {id: B, title: "Fix\u0085", priority: P0, category: "\u00a0ops", milestone: M1}`,
		), []string{
			`c.yaml:2:30: title: "W\t1" holds the control character U+0009, which GitHub refuses or strips: remove it`,
			`c.yaml:2:55: title: 256 characters, GitHub allows at most 255`,
			`c.yaml:4:20: title: "Fix\x00it" holds the control character U+0000, which GitHub refuses or strips: remove it`,
			`c.yaml:4:59: category: "o\x7fps" holds the control character U+007F, which GitHub refuses or strips: remove it`,
			`c.yaml:4:94: labels: "bug\x1b" holds the control character U+001B, which GitHub refuses or strips: remove it`,
			`c.yaml:5:20: title: "Fix\u0085" holds the control character U+0085, which GitHub refuses or strips: remove it`,
			`c.yaml:5:57: category: "\u00a0ops" starts with the space character U+00A0, which cannot be seen and which GitHub may trim: write "ops"`,
		}},
		{"milestone titles that differ only in case", y(
			"version: 1",
			"milestones: [{id: M1, title: Week 1}, {id: M2, title: WEEK 1}, {id: M3, title: week 1}]",
			"blockers: [{id: A, title: t, priority: P0, category: c, milestone: M1}]",
		), []string{
			`c.yaml:2:55: title: "WEEK 1" differs only in case from "Week 1", the title of milestone M1 (c.yaml:2:14); GitHub milestone titles are unique ignoring case: rename one`,
			`c.yaml:2:80: title: "week 1" differs only in case from "Week 1", the title of milestone M1 (c.yaml:2:14); GitHub milestone titles are unique ignoring case: rename one`,
		}},
		{"labels that differ only in case once named", y(
			"version: 1",
			`labels: {category: {pattern: "area: {value}"}}`,
			"milestones: [{id: M1, title: W1}]",
			"blockers:",
			"  - {id: A, title: t, priority: P0, category: Ops, milestone: M1, labels: [\"AREA: ops\"]}",
		), []string{
			`c.yaml:5:76: label "AREA: ops" differs only in case from label "area: Ops" (c.yaml:5:47); GitHub label names ignore case`,
		}},

		// Warnings.
		{"dependency on a later milestone", y(
			"version: 1",
			"milestones: [{id: M1, title: W1}, {id: M2, title: W2}]",
			"blockers:",
			"  - {id: A, title: t, priority: P0, category: c, milestone: M1, depends_on: [B]}",
			"  - {id: B, title: t, priority: P0, category: c, milestone: M2, depends_on: [C]}",
			"  - {id: C, title: t, priority: P0, category: c, milestone: M1}",
			"  - {id: D, title: t, priority: P0, category: c}",
		), []string{
			"c.yaml:4:78: warning: depends_on: B is in milestone M2, which comes after this blocker's milestone M1",
			"c.yaml:7:5: warning: blocker D has no milestone",
		}},
		{"declared totals", y(
			"version: 1",
			"milestones: [{id: M1, title: W1}]",
			"declared:",
			"  total: 4",
			"  by_priority: {P0: 3, P1: 1}",
			"  by_category: {security: 1, ops: 2}",
			"  role_hours: {sec: 10, dev: 1.5, ops: 0.3}",
			"blockers:",
			"  - {id: A, title: t, priority: P0, category: security, milestone: M1, assignee: sec, effort_hours: 4}",
			"  - {id: B, title: t, priority: P0, category: security, milestone: M1, assignee: sec, effort_hours: 4}",
			"  - {id: C, title: t, priority: P2, category: testing, milestone: M1, assignee: dev, effort_hours: 2}",
			"  - {id: D, title: t, priority: P0, category: testing, milestone: M1, assignee: ops, effort_hours: 0.1}",
			"  - {id: E, title: t, priority: P0, category: testing, milestone: M1, assignee: ops, effort_hours: 0.2}",
		), []string{
			"c.yaml:4:3: warning: sources declare 4 blockers, the catalog contains 5: 1 more than declared " +
				"(by priority: P0 +1, P1 1, P2 +1; by category: ops 2, security +1, testing +3; effort_hours by assignee: dev +0.5h, sec 2h; +N is more than declared); " +
				"see Gaps in the sources in ghsync report",
		}},
		{"declared totals: one not written out", y(
			"version: 1",
			"milestones: [{id: M1, title: W1}]",
			"declared: {total: 2, by_priority: {P0: 2}}",
			"blockers: [{id: A, title: t, priority: P0, category: c, milestone: M1}]",
		), []string{
			"c.yaml:3:11: warning: sources declare 2 blockers, the catalog contains 1: 1 is not written out (by priority: P0 1); see Gaps in the sources in ghsync report",
		}},
		{"declared totals: same total, another mix", y(
			"version: 1",
			"milestones: [{id: M1, title: W1}]",
			"declared: {total: 1, by_category: {ops: 1}}",
			"blockers: [{id: A, title: t, priority: P0, category: c, milestone: M1}]",
		), []string{
			"c.yaml:3:11: warning: sources declare 1 blocker, the catalog contains 1, but not in the same mix (by category: c +1, ops 1; +N is more than declared); see Gaps in the sources in ghsync report",
		}},
		{"declared totals: no total, only hours", y(
			"version: 1",
			"milestones: [{id: M1, title: W1}]",
			"declared: {role_hours: {ops: 3}}",
			"blockers: [{id: A, title: t, priority: P0, category: c, milestone: M1, assignee: ops, effort_hours: 1}]",
		), []string{
			"c.yaml:3:11: warning: sources declare totals the catalog does not match (effort_hours by assignee: ops 2h); see Gaps in the sources in ghsync report",
		}},
		{"declared totals that agree", y(
			"version: 1",
			"milestones: [{id: M1, title: W1}]",
			"declared: {total: 1, by_priority: {P0: 1}, by_category: {c: 1}, role_hours: {ops: 1}}",
			"blockers: [{id: A, title: t, priority: P0, category: c, milestone: M1, assignee: ops, effort_hours: 1}]",
		), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := loadFiles(t, "c.yaml", tt.file)
			if diff := diffLines(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s\nfile:\n%s", diff, numbered(tt.file))
			}
		})
	}
}

func numbered(s string) string {
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimSuffix(s, "\n"), "\n") {
		fmt.Fprintf(&b, "%3d %s\n", i+1, l)
	}
	return b.String()
}

// diffLines lists the lines only in want (-) or only in got (+), in order,
// or "" when they are equal.
func diffLines(want, got []string) string {
	if strings.Join(want, "\n") == strings.Join(got, "\n") {
		return ""
	}
	var b strings.Builder
	i, j := 0, 0
	for i < len(want) || j < len(got) {
		switch {
		case i < len(want) && j < len(got) && want[i] == got[j]:
			fmt.Fprintf(&b, "  %s\n", want[i])
			i, j = i+1, j+1
		case i < len(want) && !contains(got[j:], want[i]):
			fmt.Fprintf(&b, "- %s\n", want[i])
			i++
		default:
			fmt.Fprintf(&b, "+ %s\n", got[j])
			j++
		}
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}
