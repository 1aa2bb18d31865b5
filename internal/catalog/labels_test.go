package catalog

import (
	"fmt"
	"strings"
	"testing"
)

func label(l LabelDef) string {
	return fmt.Sprintf("%s %s %q", l.Name, l.Color, l.Description)
}

func TestPriorityLabel(t *testing.T) {
	c := &Catalog{}
	tests := []struct{ p, want string }{
		{"P0", `priority/P0 b60205 "Critical: blocks production deployment completely"`},
		{"P1", `priority/P1 d93f0b "High: significant risk to production"`},
		{"P2", `priority/P2 fbca04 "Medium: important for production quality"`},
		{"P3", `priority/P3 0e8a16 "Low: nice to have, can defer to post-production"`},
	}
	for _, tt := range tests {
		if got := label(c.PriorityLabel(tt.p)); got != tt.want {
			t.Errorf("PriorityLabel(%s) = %s, want %s", tt.p, got, tt.want)
		}
	}

	at := Pos{File: "c.yaml", Line: 4, Col: 11}
	c.Labels.Priority = LabelFamily{Pattern: "prio:{value}", Values: map[string]LabelStyle{"P1": {Color: "000000", Pos: at}}}
	l := c.PriorityLabel("P1")
	if got, want := label(l), `prio:P1 000000 "High: significant risk to production"`; got != want {
		t.Errorf("with a pattern and a colour: %s, want %s (the description stays the default)", got, want)
	}
	if l.Pos != at {
		t.Errorf("Pos = %v, want %v (where the style was written)", l.Pos, at)
	}
}

func TestCategoryLabel(t *testing.T) {
	c := &Catalog{Blockers: []Blocker{{Category: "testing"}, {Category: "security"}, {Category: "ops"}, {Category: "security"}}}
	// Colours follow the sorted categories in use: ops, security, testing.
	for cat, want := range map[string]string{
		"ops":      `category/ops 1d76db "Category: ops"`,
		"security": `category/security 5319e7 "Category: security"`,
		"testing":  `category/testing 006b75 "Category: testing"`,
	} {
		if got := label(c.CategoryLabel(cat)); got != want {
			t.Errorf("CategoryLabel(%s) = %s, want %s", cat, got, want)
		}
	}
	c.Labels.Category = LabelFamily{Values: map[string]LabelStyle{"ops": {Description: "Runbooks and deploys"}}}
	if got, want := label(c.CategoryLabel("ops")), `category/ops 1d76db "Runbooks and deploys"`; got != want {
		t.Errorf("with a description: %s, want %s", got, want)
	}

	// Every category of a realistic catalog gets its own colour.
	big, _, err := Load("testdata/erlmcp.yaml")
	if err != nil {
		t.Fatal(err)
	}
	colours := map[string]string{}
	for _, cat := range big.categories() {
		l := big.CategoryLabel(cat)
		if other, dup := colours[l.Color]; dup {
			t.Errorf("%s and %s share colour %s", cat, other, l.Color)
		}
		colours[l.Color] = cat
		for _, p := range Priorities {
			if l.Color == big.PriorityLabel(p).Color {
				t.Errorf("category %s has the colour of %s", cat, p)
			}
		}
	}
	if len(colours) != 9 {
		t.Errorf("%d category colours, want 9", len(colours))
	}
}

func TestBlockerLabels(t *testing.T) {
	c := &Catalog{}
	tests := []struct {
		b    Blocker
		want string
	}{
		{Blocker{Priority: "P0", Category: "security"}, "priority/P0 category/security"},
		{Blocker{Priority: "P1", Category: "ops", Labels: []string{"bug", "Priority/P1", "BUG", "x"}}, "priority/P1 category/ops bug x"},
		{Blocker{Labels: []string{"x"}}, "x"},
	}
	for _, tt := range tests {
		if got := strings.Join(c.BlockerLabels(tt.b), " "); got != tt.want {
			t.Errorf("BlockerLabels(%+v) = %s, want %s", tt.b, got, tt.want)
		}
	}
}

func TestAllLabels(t *testing.T) {
	c := &Catalog{
		Labels: LabelScheme{Category: LabelFamily{Values: map[string]LabelStyle{"docs": {Color: "abcdef"}}}},
		Blockers: []Blocker{
			{Priority: "P0", Category: "security", Labels: []string{"bug", "priority/P2", "category/docs"}},
			{Priority: "P0", Category: "ops", Labels: []string{"Bug", "help wanted"}},
		},
	}
	var got []string
	for _, l := range c.AllLabels() {
		got = append(got, label(l))
	}
	want := []string{
		`bug ededed ""`,
		`category/docs abcdef "Category: docs"`,
		`category/ops 1d76db "Category: ops"`,
		`category/security 5319e7 "Category: security"`,
		`help wanted ededed ""`,
		`priority/P0 b60205 "Critical: blocks production deployment completely"`,
		`priority/P2 fbca04 "Medium: important for production quality"`,
	}
	if diff := diffLines(want, got); diff != "" {
		t.Errorf("AllLabels (-want +got):\n%s", diff)
	}
}

func TestDefaultStylesFitGitHub(t *testing.T) {
	for p, s := range defaultPriorityStyles {
		if len(s.Description) > MaxLabelDescription || !colorRE.MatchString(s.Color) {
			t.Errorf("%s: %+v does not fit GitHub's limits", p, s)
		}
	}
	seen := map[string]bool{}
	for _, col := range categoryPalette {
		if !colorRE.MatchString(col) || seen[col] {
			t.Errorf("palette colour %s is malformed or repeated", col)
		}
		seen[col] = true
	}
}

func TestIssueTitle(t *testing.T) {
	if got := (Blocker{ID: "P0-001", Title: "Insecure cookie"}).IssueTitle(); got != "P0-001: Insecure cookie" {
		t.Errorf("IssueTitle = %q", got)
	}
}

func TestValidateBuiltInCode(t *testing.T) {
	// A catalog built in code (as the importer does) is checked too; without
	// positions, problems point at nothing.
	c := &Catalog{Blockers: []Blocker{{ID: "A", Title: "t", Priority: "P9", Category: "c", DependsOn: []string{"A"}}}}
	want := []string{
		`: priority: "P9" is not one of P0, P1, P2, P3`,
		": warning: blocker A has no milestone",
		": dependency cycle: A -> A",
	}
	if diff := diffLines(want, strs(Validate(c))); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
