package catalog

import (
	"os"
	"sort"
	"strings"
	"testing"
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
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, probs := Parse("f.yaml", data)
		checkPositions(t, "Parse", probs)
		if _, again := Parse("f.yaml", data); strings.Join(strs(again), "\n") != strings.Join(strs(probs), "\n") {
			t.Fatalf("Parse is not deterministic")
		}
		checkPositions(t, "Validate", Validate(c))
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
