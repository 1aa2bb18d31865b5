package catalog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadDirectory(t *testing.T) {
	c, probs, err := Load("testdata/multi")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"testdata/multi/b.yaml:15:26: warning: depends_on: P1-001 is in milestone M2, which comes after this blocker's milestone M1",
		"testdata/multi/c.yml:3:1: project already set at testdata/multi/a.yaml:3:1",
		"testdata/multi/c.yml:10:5: duplicate blocker id P0-001 (first at testdata/multi/b.yaml:4:5)",
	}
	if diff := diffLines(want, strs(probs)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if got, want := strings.Join(c.Files, " "), "testdata/multi/a.yaml testdata/multi/b.yaml testdata/multi/c.yml"; got != want {
		t.Errorf("Files = %s, want %s (sorted, non-recursive, .yaml and .yml only)", got, want)
	}
	var ids []string
	for _, b := range c.Blockers {
		ids = append(ids, b.ID)
	}
	if got, want := strings.Join(ids, " "), "P0-001 P0-002 P1-001 P0-001"; got != want {
		t.Errorf("blockers = %s, want %s (in file order)", got, want)
	}
	if c.Project != "erlmcp" || c.Start.String() != "2026-02-02" || len(c.Milestones) != 2 || len(c.Gates) != 1 {
		t.Errorf("merged catalog: project %q start %s, %d milestones, %d gates; want erlmcp, 2026-02-02, 2, 1",
			c.Project, c.Start, len(c.Milestones), len(c.Gates))
	}
	if got := c.Milestones[0].DueDate(c.Start).String(); got != "2026-02-15" {
		t.Errorf("M1 due = %s, want 2026-02-15 (start + 2 weeks - 1 day)", got)
	}
	if c.Version != Version {
		t.Errorf("Version = %d, want %d", c.Version, Version)
	}
}

func TestLoadMergeConflicts(t *testing.T) {
	a := y(
		"version: 1",
		"repository: acme/one",
		"start: 2026-01-05",
		"labels: {priority: {pattern: \"p/{value}\"}}",
		"dashboard: {title: One}",
		"declared: {total: 3}",
		"owners: {sec: [alice]}",
		"milestones: [{id: M1, title: W1}]",
		"gates: [{id: G1, blockers: [A]}]",
		"blockers: [{id: A, title: t, priority: P0, category: c, milestone: M1}]",
	)
	b := y(
		"version: 1",
		"repository: acme/two",
		"start: 2026-01-12",
		"labels: {category: {pattern: \"c/{value}\"}}",
		"dashboard: {title: Two}",
		"declared: {total: 4}",
		"owners: {ops: [bob]}",
		"project: ~",
		"milestones: [{id: M1, title: W2}]",
		"gates: [{id: G1, blockers: [A]}]",
	)
	c, got := loadFiles(t, "cat/a.yaml", a, "cat/b.yaml", b)
	want := []string{
		"cat/a.yaml:6:11: warning: sources declare 3 blockers, the catalog contains 1: 2 are not written out; see Gaps in the sources in ghsync report",
		"cat/b.yaml:2:1: repository already set at cat/a.yaml:2:1",
		"cat/b.yaml:3:1: start already set at cat/a.yaml:3:1",
		"cat/b.yaml:4:1: labels already set at cat/a.yaml:4:1",
		"cat/b.yaml:5:1: dashboard already set at cat/a.yaml:5:1",
		"cat/b.yaml:6:1: declared already set at cat/a.yaml:6:1",
		"cat/b.yaml:7:1: owners already set at cat/a.yaml:7:1",
		"cat/b.yaml:9:14: duplicate milestone id M1 (first at cat/a.yaml:8:14)",
		"cat/b.yaml:10:9: duplicate gate id G1 (first at cat/a.yaml:9:9)",
	}
	if diff := diffLines(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	// The first file's values stand.
	if c.Repository != "acme/one" || c.Start.String() != "2026-01-05" || c.Dashboard.Title != "One" ||
		c.Declared.Total != 3 || c.Labels.Priority.Pattern != "p/{value}" || c.Labels.Category.Pattern != "" || len(c.Owners) != 1 {
		t.Errorf("merged values: %+v", c)
	}
	if got := c.StartPos.String(); got != "cat/a.yaml:3:8" {
		t.Errorf("StartPos = %s, want cat/a.yaml:3:8", got)
	}
}

func TestLoadUnreadableFileSkipsCrossFileRules(t *testing.T) {
	// a.yaml defines the milestone b.yaml uses; while a.yaml does not parse,
	// "milestone M1 does not exist" would only echo its syntax error.
	a := y("version: 1", "milestones: [{id: M1, title: W1}")
	b := y("version: 1", "blockers: [{id: A, title: t, priority: P0, category: c, milestone: M1, owner: x}]")
	_, got := loadFiles(t, "a.yaml", a, "b.yaml", b)
	want := []string{
		"a.yaml:2:1: YAML syntax: did not find expected ',' or ']'",
		`b.yaml:2:72: unknown key "owner" in blocker A; known keys: id, title, priority, category, milestone, effort_hours, assignee, module, description, risk, evidence, remediation, depends_on, labels, status`,
	}
	if diff := diffLines(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("# catalog\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		is   error
	}{
		{filepath.Join(dir, "missing"), fs.ErrNotExist},
		{filepath.Join(dir, "missing.yaml"), fs.ErrNotExist},
		{dir, ErrNoFiles},
	}
	for _, tt := range tests {
		c, probs, err := Load(tt.path)
		if !errors.Is(err, tt.is) {
			t.Errorf("Load(%s) error = %v, want %v", tt.path, err, tt.is)
		}
		if c != nil || probs != nil {
			t.Errorf("Load(%s) = %v, %v with an error, want nil, nil", tt.path, c, probs)
		}
	}
}

func TestLoadRealisticCatalog(t *testing.T) {
	c, probs, err := Load("testdata/erlmcp.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if HasErrors(probs) {
		t.Fatalf("errors in testdata/erlmcp.yaml:\n%s", strings.Join(strs(probs), "\n"))
	}
	if len(c.Blockers) != 43 || len(c.Milestones) != 4 || len(c.Gates) != 2 {
		t.Errorf("got %d blockers, %d milestones, %d gates; want 43, 4, 2", len(c.Blockers), len(c.Milestones), len(c.Gates))
	}
	// P0-014 (M1) depends on P0-005 (M2): the sources schedule it too early.
	var later []string
	for _, p := range probs {
		if strings.Contains(p.Message, "comes after") {
			later = append(later, p.String())
		}
	}
	if want := "testdata/erlmcp.yaml:279:18: warning: depends_on: P0-005 is in milestone M2, which comes after this blocker's milestone M1"; strings.Join(later, "\n") != want {
		t.Errorf("later-milestone warnings:\n%s\nwant:\n%s", strings.Join(later, "\n"), want)
	}
	b, ok := c.Blocker("P0-002")
	if !ok {
		t.Fatal("no P0-002")
	}
	for key, want := range map[string]string{
		"":              "testdata/erlmcp.yaml:77:5",
		"title":         "testdata/erlmcp.yaml:78:12",
		"effort_hours":  "testdata/erlmcp.yaml:82:19",
		"depends_on[0]": "testdata/erlmcp.yaml:92:18",
		"depends_on[1]": "testdata/erlmcp.yaml:77:5", // there is one entry
		"depends_on[x]": "testdata/erlmcp.yaml:77:5",
		"depends_on":    "testdata/erlmcp.yaml:92:17", // the list itself
		"nonexistent":   "testdata/erlmcp.yaml:77:5",
	} {
		if got := b.PosOf(key).String(); got != want {
			t.Errorf("P0-002 PosOf(%q) = %s, want %s", key, got, want)
		}
	}
}

func TestParseReadsEveryField(t *testing.T) {
	c, probs := Parse("f.yaml", []byte(y(
		"version: 1",
		"defaults: &d {priority: P1, category: ops, milestone: M1}",
		"blockers:",
		"  - <<: *d",
		"    id: B-1",
		"    title: Title",
		"    priority: P0",
		"    effort_hours: 1.5",
		"    assignee: dev",
		"    module: m.erl",
		"    description: desc",
		"    risk: risk",
		"    evidence: ev",
		"    remediation: [r1, r2]",
		"    depends_on: [B-2]",
		"    labels: [x]",
		"    status: resolved",
	)))
	if want := []string{`f.yaml:2:1: unknown key "defaults" in catalog; known keys: version, repository, project, start, labels, milestones, gates, blockers, dashboard, owners, category_owners, trackers, trusted_authors, declared, issue_types, issue_fields, board, sprints`}; diffLines(want, strs(probs)) != "" {
		t.Errorf("problems:\n%s", diffLines(want, strs(probs)))
	}
	b := c.Blockers[0]
	got := strings.Join([]string{b.ID, b.Title, b.Priority, b.Category, b.Milestone, formatNumber(b.EffortHours), b.Assignee,
		b.Module, b.Description, b.Risk, b.Evidence, strings.Join(b.Remediation, ","), strings.Join(b.DependsOn, ","),
		strings.Join(b.Labels, ","), b.State()}, "|")
	if want := "B-1|Title|P0|ops|M1|1.5|dev|m.erl|desc|risk|ev|r1,r2|B-2|x|resolved"; got != want {
		t.Errorf("blocker = %s\nwant       %s (explicit keys win over merged ones)", got, want)
	}
	if got := b.PosOf("category").String(); got != "f.yaml:4:9" {
		t.Errorf("merged value position = %s, want f.yaml:4:9 (where it is merged in)", got)
	}
	if got := c.KeyPos["blockers"].String(); got != "f.yaml:3:1" {
		t.Errorf("KeyPos[blockers] = %s, want f.yaml:3:1", got)
	}
}

func TestParseMergeChainsStayLinear(t *testing.T) {
	// Each mapping merges the one before twice: expanded naively that is
	// 2^39 pairs; each mapping must be expanded once.
	lines := []string{"version: 1", "milestones: [{id: M1, title: W1}]", "blockers:",
		"  - &l0 {id: A0, title: t, priority: P0, category: c, milestone: M1}"}
	for i := 1; i < 40; i++ {
		lines = append(lines, fmt.Sprintf("  - &l%d {<<: [*l%d, *l%d], id: A%d}", i, i-1, i-1, i))
	}
	c, probs := Parse("f.yaml", []byte(y(lines...)))
	if len(probs) != 0 || len(c.Blockers) != 40 || c.Blockers[39].Title != "t" || c.Blockers[39].ID != "A39" {
		t.Errorf("got %d blockers, problems %v", len(c.Blockers), probs)
	}
}
