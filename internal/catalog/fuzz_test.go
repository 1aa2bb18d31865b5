package catalog

import (
	"os"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// FuzzParse checks that no input makes the catalog reader panic, and that
// every problem it reports points into the file.
func FuzzParse(f *testing.F) {
	realistic, err := os.ReadFile("testdata/erlmcp.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(realistic)
	for _, s := range []string{
		"",
		"version: 1\n",
		blocker("    depends_on: [P0-001]", "gates: [{id: G1, require: 50%, blockers: [P0-001]}]"),
		"version: 1\nblockers:\n  - &a {id: A, title: t, priority: P0, category: c}\n  - {<<: [*a, *a], id: B, depends_on: [A]}\n",
		"version: 1\nlabels: {priority: {pattern: \"{value}\", values: {P0: {color: \"#fff\"}}}}\n",
		"version: 1\nmilestones: [{id: M1, title: W1, due_week: 2}]\nstart: 2026-02-30\n",
		"version: 1\ndeclared: {total: 3, by_priority: {P0: 1}, role_hours: {dev: .inf}}\n",
		"version: 1\nowners: {a: [\"@b\"]}\nblockers: [*x]\n",
		"a: &a [*a]\n",
		"version: 1\n---\nversion: 2\n",
		"version: 1\nlabels: {category: {pattern: \"{value} \"}}\nmilestones: [{id: M1, title: \"W1 \"}, {id: M2, title: w1}]\n" +
			"blockers: [{id: A, title: \"t\\t\", priority: P0, category: \"c \", milestone: M1, labels: [\" x\", X]}]\n",
		"version: 1\na: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c {<<: [{d: *b}], e: [*b, *b]}\nblockers: [{<<: *c}]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, probs := Parse("f.yaml", data)
		checkPositions(t, "Parse", probs)
		if _, again := Parse("f.yaml", data); strings.Join(strs(again), "\n") != strings.Join(strs(probs), "\n") {
			t.Fatalf("Parse is not deterministic")
		}
		vprobs := Validate(c)
		checkPositions(t, "Validate", vprobs)
		checkMessages(t, append(probs, vprobs...))
		if !HasErrors(probs) && !HasErrors(vprobs) {
			checkNames(t, c)
		}
		labels := c.AllLabels()
		if !sort.SliceIsSorted(labels, func(i, j int) bool { return labels[i].Name < labels[j].Name }) {
			t.Errorf("AllLabels not sorted: %v", labels)
		}
		seen := map[string]bool{}
		for _, l := range labels {
			if k := strings.ToLower(l.Name); seen[k] {
				t.Errorf("AllLabels repeats %q", l.Name)
			} else {
				seen[k] = true
			}
		}
		for _, b := range c.Blockers {
			c.BlockerLabels(b)
		}
	})
}

func checkPositions(t *testing.T, what string, probs []Problem) {
	t.Helper()
	for _, p := range probs {
		if p.Pos.File != "f.yaml" || p.Pos.Line < 1 || p.Pos.Col < 1 || p.Message == "" {
			t.Errorf("%s: problem without a position or message: %q", what, p)
		}
	}
}

// checkMessages checks that messages stay one line, and short but for a
// dependency cycle (which names each blocker in it): whatever a file
// holds, a message repeats only a bounded, escaped excerpt of it.
func checkMessages(t *testing.T, probs []Problem) {
	t.Helper()
	for _, p := range probs {
		if strings.IndexFunc(p.Message, unicode.IsControl) >= 0 || !utf8.ValidString(p.Message) {
			t.Errorf("message with a control character or invalid UTF-8: %q", p.Message)
		}
		if len(p.Message) > 1000 && !strings.HasPrefix(p.Message, "dependency cycle: ") {
			t.Errorf("message of %d bytes: %.200q...", len(p.Message), p.Message)
		}
	}
}

// badName is what GitHub would trim or refuse in a name, said without the
// code under test: an edge of whitespace, a control character, invalid UTF-8.
func badName(s string) bool {
	return strings.TrimSpace(s) != s || strings.IndexFunc(s, unicode.IsControl) >= 0 || !utf8.ValidString(s)
}

// checkNames checks that a catalog validate passed names nothing GitHub
// would trim or refuse.
func checkNames(t *testing.T, c *Catalog) {
	t.Helper()
	check := func(what, s string) {
		if badName(s) || s == "" {
			t.Errorf("validate accepts %s %q", what, s)
		}
	}
	for _, m := range c.Milestones {
		check("milestone title", m.Title)
	}
	for _, b := range c.Blockers {
		check("issue title", b.IssueTitle())
		check("category", b.Category)
	}
	for _, l := range c.AllLabels() {
		check("label", l.Name)
		if l.Description != "" {
			check("label description", l.Description)
		}
	}
	if c.Dashboard != nil {
		check("dashboard title", c.Dashboard.Title)
	}
}

// FuzzNames puts one name everywhere the catalog names something GitHub
// keeps, in a catalog built in code and in one read from YAML, and checks
// that validate never panics and never passes a name GitHub would trim or
// refuse.
func FuzzNames(f *testing.F) {
	for _, s := range []string{"ops", "ops ", " ops", "o\tps", "\x00", "W\u00a0", "\xff", "", "Ops", "a\u0085",
		"{value}", strings.Repeat("n", 300), "\u2028x", "x\u200b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Each place gives the name as GitHub would get it.
		places := map[string]func(c *Catalog) string{
			"milestone title": func(c *Catalog) string { c.Milestones[0].Title = s; return s },
			"blocker title":   func(c *Catalog) string { c.Blockers[0].Title = s; return s },
			"category":        func(c *Catalog) string { c.Blockers[0].Category = s; return s },
			"own label":       func(c *Catalog) string { c.Blockers[0].Labels = []string{s}; return s },
			"priority pattern": func(c *Catalog) string {
				c.Labels.Priority.Pattern = s + "{value}"
				return s + "P0"
			},
			"category pattern": func(c *Catalog) string {
				c.Labels.Category.Pattern = "{value}" + s
				return "c" + s
			},
			"dashboard title": func(c *Catalog) string {
				c.Dashboard = &Dashboard{Title: "Progress" + s}
				return "Progress" + s
			},
			"label description": func(c *Catalog) string {
				c.Labels.Category.Values = map[string]LabelStyle{"c": {Description: s}}
				return s
			},
		}
		for place, set := range places {
			c := &Catalog{
				Version:    Version,
				Milestones: []Milestone{{ID: "M1", Title: "W1"}},
				Blockers:   []Blocker{{ID: "A", Title: "t", Priority: "P0", Category: "c", Milestone: "M1"}},
			}
			name := set(c)
			probs := Validate(c)
			checkMessages(t, probs)
			if HasErrors(probs) {
				continue
			}
			checkNames(t, c)
			if badName(name) {
				t.Errorf("%s %q: validate passes it", place, name)
			}
		}

		data, err := yaml.Marshal(map[string]any{
			"version":    1,
			"labels":     map[string]any{"category": map[string]any{"values": map[string]any{s: map[string]any{"description": s}}}},
			"milestones": []any{map[string]any{"id": "M1", "title": s}},
			"dashboard":  map[string]any{"title": s},
			"blockers": []any{map[string]any{
				"id": "A", "title": s, "priority": "P0", "category": s, "milestone": "M1", "labels": []string{s},
			}},
		})
		if err != nil {
			t.Skip(err)
		}
		c, probs := Parse("f.yaml", data)
		vprobs := Validate(c)
		checkMessages(t, append(probs, vprobs...))
		if !HasErrors(probs) && !HasErrors(vprobs) {
			checkNames(t, c)
		}
	})
}
