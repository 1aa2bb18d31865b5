package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/golden"
	"github.com/ghsync/ghsync/internal/observed"
)

// edgeReport is a hand-made value reaching the branches the fixture does
// not: no project and no day, a gate naming an id the catalog lacks, a
// dependency without an issue, groups without a key, no hours left, gaps
// without a declared source, dropped items without a reason and ignored
// issues. The golden files were written by the renderers before they drew
// from one list of sections, so they pin what the refactor had to keep.
func edgeReport() Report {
	unknown := Item{ID: "GONE", Status: Unknown}
	dropped := Item{ID: "D-1", Title: "Dropped without a reason", Status: Dropped, Issue: 7}
	open := Item{ID: "O-1", Title: "Open <b>bold</b> | piped", Status: Open, Issue: 8}
	return Report{
		Version:    FormatVersion,
		Repository: "acme/edge",
		Totals:     Tally{Total: 3, Open: 1, Dropped: 1, HoursDropped: 2},
		ByPriority: []Group{{Key: "", Tally: Tally{Total: 3, Open: 1, Dropped: 1}}},
		ByCategory: []Group{{Key: "", Tally: Tally{Total: 3, Open: 1, Dropped: 1}}},
		Milestones: []Progress{{ID: "", Title: "no milestone", Tally: Tally{Total: 3, Open: 1, Dropped: 1}}},
		Gates: []GateResult{{
			ID: "strict", Require: "all", Percent: 100, Total: 3, Dropped: 1, MoreNeeded: 3,
			Holding: []Item{unknown, open}, DroppedItems: []Item{dropped},
		}},
		Blocked: []BlockedItem{{Item: open, WaitingOn: []Dependency{
			{ID: "GONE", Status: Unknown}, {ID: "D-1", Status: Dropped, Issue: 7},
		}}},
		Blockers: []Item{dropped, open},
		Gaps: []Gap{
			{Scope: GapTotal, Declared: 2, Present: 3},
			{Scope: GapRoleHours, Key: "a-role-whose-name-is-long-enough-to-wrap-the-sentence", Declared: 10, Present: 2.5},
		},
		Ignored: []observed.Ignored{
			{Number: 30, Author: "mallory", Association: "NONE", Entry: "O-1"},
			{Number: 31, Entry: "the dashboard"},
		},
	}
}

func TestGoldenEdges(t *testing.T) {
	withIgnored := longFixture(t)
	withIgnored.Project = strings.Repeat("a long project name ", 6)
	withIgnored.Ignored = edgeReport().Ignored
	// The board has its own golden copy (report.*); these pin the rest.
	withIgnored.Board = nil
	tests := []struct {
		name string
		r    Report
	}{
		{"edges", edgeReport()},
		{"empty", Build(&catalog.Catalog{}, observed.State{}, catalog.Date{})},
		{"ignored", withIgnored},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden.Check(t, "testdata/"+tt.name+".txt", render(t, tt.r, "text"))
			golden.Check(t, "testdata/"+tt.name+".md", render(t, tt.r, "markdown"))
			golden.Check(t, "testdata/"+tt.name+".dashboard.md", []byte(tt.r.DashboardBody()))
		})
	}
}

// The dashboard is rewritten when its body changes: issues whose authors
// cannot write to the repository must not reach it, or outsiders could
// make ghsync rewrite it.
func TestDashboardListsNoIgnoredIssues(t *testing.T) {
	r := edgeReport()
	var body bytes.Buffer
	if err := r.MarkdownBody(&body); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"MarkdownBody": body.String(), "DashboardBody": r.DashboardBody()} {
		if strings.Contains(out, "mallory") || strings.Contains(out, "Ignored") {
			t.Errorf("%s lists ignored issues:\n%s", name, out)
		}
	}
	if md := string(render(t, r, "markdown")); !strings.Contains(md, "### Ignored issues") {
		t.Error("Markdown lacks the ignored issues")
	}
}
