package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/golden"
)

// sourceDir holds a copy of catalog/source, and goldenDir the catalog `make
// catalog` made from it with gates.yaml beside it: the tests read copies, so
// a project lead editing catalog/ does not turn make test red. Refresh the
// generated file with `go test ./internal/importer -update` after a change
// to the importer; copy the sources again only to test new ones.
const (
	sourceDir = "testdata/source"
	goldenDir = "testdata/catalog"
)

// bundledOptions are the options `make catalog` passes.
func bundledOptions(t *testing.T) Options {
	t.Helper()
	read := func(name string) Input {
		data, err := os.ReadFile(filepath.Join(sourceDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return Input{Name: name, Data: data}
	}
	start, _ := catalog.ParseDate("2026-02-02")
	return Options{
		JSON:     read("blockers.json"),
		Markdown: read("DEPLOYMENT_BLOCKERS_V3.md"),
		Start:    start,
		DueWeeks: map[string]int{"M1": 3, "M2": 8, "M3": 12, "M4": 14},
	}
}

func importBundled(t *testing.T) *Result {
	t.Helper()
	res, err := Import(bundledOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The figures below are what the erlmcp v3 sources really say; each one was
// checked by hand against blockers.json and DEPLOYMENT_BLOCKERS_V3.md.
func TestBundledGapFigures(t *testing.T) {
	res := importBundled(t)
	r := res.Report

	if r.Declared.Total != 78 || r.Written.Total != 53 || len(res.Catalog.Blockers) != 53 {
		t.Errorf("declared %d, written %d (%d blockers); want 78 and 53", r.Declared.Total, r.Written.Total, len(res.Catalog.Blockers))
	}
	wantDeclared := map[string]int{"P0": 15, "P1": 28, "P2": 24, "P3": 11}
	wantWritten := map[string]int{"P0": 15, "P1": 28, "P2": 10}
	if msg := diff(wantDeclared, r.Declared.ByPriority); msg != "" {
		t.Errorf("declared by priority:\n%s", msg)
	}
	if msg := diff(wantWritten, r.Written.ByPriority); msg != "" {
		t.Errorf("written by priority:\n%s", msg)
	}

	// Per category: declared total, written total, and the priorities short.
	type gap struct {
		declared, written int
		short             map[string]int
	}
	want := map[string]gap{
		"compliance":    {9, 8, map[string]int{"P3": 1}},
		"documentation": {8, 6, map[string]int{"P3": 2}},
		"observability": {6, 3, map[string]int{"P2": 2, "P3": 1}},
		"operations":    {7, 5, map[string]int{"P2": 1, "P3": 1}},
		"performance":   {8, 4, map[string]int{"P2": 3, "P3": 1}},
		"reliability":   {7, 4, map[string]int{"P2": 2, "P3": 1}},
		"scalability":   {10, 9, map[string]int{"P3": 1}},
		"security":      {12, 7, map[string]int{"P2": 3, "P3": 2}},
		"testing":       {11, 7, map[string]int{"P2": 3, "P3": 1}},
	}
	got := map[string]gap{}
	for cat, total := range r.Declared.CategoryTotal {
		g := gap{declared: total, written: r.Written.CategoryTotal[cat], short: map[string]int{}}
		for p, n := range r.Declared.ByCategory[cat] {
			if d := n - r.Written.ByCategory[cat][p]; d != 0 {
				g.short[p] = d
			}
		}
		got[cat] = g
	}
	if msg := diff(want, got); msg != "" {
		t.Errorf("category gaps:\n%s", msg)
	}
	if len(r.Written.CategoryTotal) != 9 {
		t.Errorf("written categories = %v, want the 9 declared ones", r.Written.CategoryTotal)
	}

	// Role hours: declared total_effort_hours against the items' efforts.
	type hours struct{ declared, computed float64 }
	wantRoles := map[string]hours{
		"backend-dev":              {152, 184},
		"compliance-auditor":       {124, 124},
		"documentation-specialist": {28, 28},
		"operations-engineer":      {84, 80},
		"performance-engineer":     {36, 36},
		"security-engineer":        {120, 124},
		"testing-specialist":       {116, 116},
	}
	gotRoles := map[string]hours{}
	var disagree []string
	for _, rh := range r.Roles {
		gotRoles[rh.Role] = hours{rh.Declared, rh.Computed}
		if !rh.Agrees() {
			disagree = append(disagree, rh.Role)
		}
	}
	if msg := diff(wantRoles, gotRoles); msg != "" {
		t.Errorf("role hours:\n%s", msg)
	}
	if msg := diff([]string{"backend-dev", "operations-engineer", "security-engineer"}, disagree); msg != "" {
		t.Errorf("roles that disagree:\n%s", msg)
	}
	var unassigned float64
	for _, it := range r.Unassigned {
		unassigned += it.Hours
	}
	if len(r.Unassigned) != 10 || unassigned != 200 {
		t.Errorf("unassigned = %d items, %v h; want the 10 P2 items, 200 h", len(r.Unassigned), unassigned)
	}

	p2 := []string{"P2-001", "P2-002", "P2-003", "P2-004", "P2-005", "P2-006", "P2-007", "P2-008", "P2-009", "P2-010"}
	if msg := diff(p2, r.OnlyMarkdown); msg != "" || len(r.OnlyJSON) != 0 {
		t.Errorf("only in markdown:\n%s\nonly in JSON: %v", msg, r.OnlyJSON)
	}

	var conflicts []string
	for _, c := range r.Conflicts {
		conflicts = append(conflicts, c.ID+" "+c.Field)
	}
	wantConflicts := []string{
		"P0-001 evidence", "P0-002 module", "P0-006 module", "P0-007 module", "P0-009 module",
		"P0-010 module", "P0-010 description", "P0-013 module", "P0-014 module", "P0-015 module",
		"P1-001 module", "P1-006 module",
	}
	if msg := diff(wantConflicts, conflicts); msg != "" {
		t.Errorf("conflicts:\n%s", msg)
	}

	gotMissing := map[string][]string{}
	for _, m := range r.Missing {
		if len(m.IDs) > 0 {
			gotMissing[m.Field] = m.IDs
		}
	}
	if msg := diff(map[string][]string{fAssignee: p2}, gotMissing); msg != "" {
		t.Errorf("missing fields:\n%s", msg)
	}

	var dues []string
	for _, m := range r.Milestones {
		dues = append(dues, m.ID+" "+m.Due.String())
	}
	if msg := diff([]string{"M1 2026-02-22", "M2 2026-03-29", "M3 2026-04-26", "M4 2026-05-10"}, dues); msg != "" {
		t.Errorf("milestone due dates:\n%s", msg)
	}

	// The markdown's assignments table disagrees with blockers.json.
	for _, want := range []string{
		"DEPLOYMENT_BLOCKERS_V3.md:767: assignments table, security-engineer: says 120 h, but the items it lists add up to 116 h",
		"DEPLOYMENT_BLOCKERS_V3.md:767: assignments table, security-engineer: leaves out P1-003, which blockers.json assigns",
		"DEPLOYMENT_BLOCKERS_V3.md:768: assignments table, backend-dev: says 152 h, but the items it lists add up to 140 h",
		"DEPLOYMENT_BLOCKERS_V3.md:768: assignments table, backend-dev: leaves out P1-010, P1-011, P1-012, P1-013, which blockers.json assigns",
		"DEPLOYMENT_BLOCKERS_V3.md:770: assignments table, operations-engineer: says 84 h, but the items it lists add up to 80 h",
		"DEPLOYMENT_BLOCKERS_V3.md:771: assignments table, compliance-auditor: says 184 h, but the items it lists add up to 196 h",
		"DEPLOYMENT_BLOCKERS_V3.md:771: assignments table, compliance-auditor: says 184 h, blockers.json says 124 h",
		"DEPLOYMENT_BLOCKERS_V3.md:771: assignments table, compliance-auditor: also lists P2-004, P2-005, P2-006, which blockers.json does not assign (not applied)",
		"DEPLOYMENT_BLOCKERS_V3.md:773: assignments table, documentation-specialist: says 76 h, blockers.json says 28 h",
		"DEPLOYMENT_BLOCKERS_V3.md:773: assignments table, documentation-specialist: also lists P2-007, P2-008, P2-009, P2-010, which blockers.json does not assign (not applied)",
		`milestone M4 is named "Scale & Specialized Compliance", but items label it "Government Compliance" (P2-004)`,
		"P0-014 (M1) depends on P0-005, planned for the later milestone M2",
	} {
		if !containsNote(r.Notes, want) {
			t.Errorf("no note containing %q in:\n%s", want, strings.Join(r.Notes, "\n"))
		}
	}
}

func containsNote(notes []string, s string) bool {
	for _, n := range notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

func TestBundledBlockers(t *testing.T) {
	c := importBundled(t).Catalog
	for _, b := range c.Blockers {
		if b.Category != strings.ToLower(b.Category) || b.Priority != priorityOfID(b.ID) || b.Status != "" {
			t.Errorf("%s: category %q, priority %q, status %q", b.ID, b.Category, b.Priority, b.Status)
		}
	}
	// JSON wins a conflict; the markdown fills what the JSON lacks.
	b, _ := c.Blocker("P0-002")
	if b.Module != "erlmcp_transports" || b.Evidence != "No TLS configuration in cluster setup" {
		t.Errorf("P0-002 module %q evidence %q", b.Module, b.Evidence)
	}
	b, _ = c.Blocker("P1-013")
	if b.Risk != "Thundering herd on recovery" || b.Assignee != "backend-dev" {
		t.Errorf("P1-013 risk %q assignee %q", b.Risk, b.Assignee)
	}
	b, _ = c.Blocker("P0-008")
	if b.Evidence != "```erlang\n{split_brain_strategy, winner_takes_all},  %% Not implemented\n```" {
		t.Errorf("P0-008 evidence %q", b.Evidence)
	}
	// Nothing invented: P2 items have no assignee, no remediation.
	b, _ = c.Blocker("P2-004")
	if b.Assignee != "" || b.Remediation != nil || b.Category != "compliance" || b.EffortHours != 40 || b.Milestone != "M4" {
		t.Errorf("P2-004 = %+v", b)
	}
	for i := 1; i < len(c.Blockers); i++ {
		a, b := c.Blockers[i-1], c.Blockers[i]
		if priorityRank(a.Priority) > priorityRank(b.Priority) || (a.Priority == b.Priority && !lessID(a.ID, b.ID)) {
			t.Errorf("blockers out of order: %s before %s", a.ID, b.ID)
		}
	}
	if c.Project != "" {
		t.Errorf("project = %q; it belongs in gates.yaml only", c.Project)
	}
}

// The import of the copied sources is exactly the committed golden catalog;
// refresh it with `go test ./internal/importer -update`.
func TestGoldenCatalog(t *testing.T) {
	res := importBundled(t)
	out, err := res.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var report bytes.Buffer
	if err := res.Report.Write(&report); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, goldenDir+"/erlmcp-v3.yaml", out)
	golden.Check(t, "testdata/erlmcp-v3.gap.txt", report.Bytes())
}

// Map iteration is random in Go; two imports must still give the same bytes.
func TestDeterministic(t *testing.T) {
	var outs, reports [][]byte
	for i := 0; i < 5; i++ {
		res := importBundled(t)
		out, err := res.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		var rep bytes.Buffer
		if err := res.Report.Write(&rep); err != nil {
			t.Fatal(err)
		}
		outs, reports = append(outs, out), append(reports, rep.Bytes())
	}
	for i := 1; i < len(outs); i++ {
		if !bytes.Equal(outs[0], outs[i]) || !bytes.Equal(reports[0], reports[i]) {
			t.Fatalf("import %d differs from import 0", i)
		}
	}
}

// The golden catalog directory (the generated file plus gates.yaml) loads
// without errors; its warnings are the one dependency planned too late and
// one summary of the gaps the sources admit to.
func TestBundledCatalogLoads(t *testing.T) {
	c, probs, err := catalog.Load(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Project != "erlmcp v3" || len(c.Blockers) != 53 || len(c.Milestones) != 4 || len(c.Gates) != 2 {
		t.Errorf("project %q, %d blockers, %d milestones, %d gates; want erlmcp v3, 53, 4, 2", c.Project, len(c.Blockers), len(c.Milestones), len(c.Gates))
	}
	want := [][]string{
		{"P0-005 is in milestone M2", "M1"},
		{"sources declare 78 blockers, the catalog contains 53: 25 are not written out",
			"(by priority: P2 14, P3 11; by category: compliance 1, documentation 2, observability 3, operations 2, performance 4, reliability 3, scalability 1, security 5, testing 4; " +
				"effort_hours by assignee: backend-dev +32h, operations-engineer 4h, security-engineer +4h; +N is more than declared)"},
	}
	var warnings []string
	for _, p := range probs {
		if p.Severity == catalog.Error {
			t.Errorf("error: %s", p)
			continue
		}
		warnings = append(warnings, p.String())
	}
	if len(warnings) != len(want) {
		t.Errorf("%d warnings, want %d:\n%s", len(warnings), len(want), strings.Join(warnings, "\n"))
	}
	for _, parts := range want {
		found := false
		for _, w := range warnings {
			if strings.Contains(w, parts[0]) && strings.Contains(w, parts[1]) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("no warning mentioning %q and %q in:\n%s", parts[0], parts[1], strings.Join(warnings, "\n"))
		}
	}
}
