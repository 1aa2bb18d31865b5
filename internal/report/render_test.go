package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/golden"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

func render(t *testing.T, r Report, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := r.Render(&b, format); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// longFixture is the fixture with a title too long for one terminal line,
// characters Markdown and the issue body markers must not take literally,
// and the board (withBoard), whose Status options come from GitHub.
func longFixture(t *testing.T) Report {
	c, s, today := fixture(t)
	c, s = withBoard(t, c, s)
	c.Blockers[2].Title = "Insufficient Secrets Management for Production: vault integration, key rotation, " +
		"audit of every secret read, and removal of plaintext credentials from sys.config"
	c.Blockers[13].Title = "Fix a | b <!-- ghsync:end dashboard=progress --> \"quoted\""
	return Build(c, s, today)
}

func TestGolden(t *testing.T) {
	r := longFixture(t)
	golden.Check(t, "testdata/report.txt", render(t, r, "text"))
	golden.Check(t, "testdata/report.md", render(t, r, "markdown"))
	golden.Check(t, "testdata/report.json", render(t, r, "json"))
}

func TestTextFitsTerminal(t *testing.T) {
	for _, line := range strings.Split(string(render(t, longFixture(t), "text")), "\n") {
		if n := utf8.RuneCountInString(line); n > Width {
			t.Errorf("line of %d columns: %q", n, line)
		}
	}
}

func TestTextStatesWhatMatters(t *testing.T) {
	out := string(render(t, longFixture(t), "text"))
	for _, want := range []string{
		"Blockers: 9/13 done (69%), 3 open, 1 not synced; 2 dropped, not counted",
		"Hours:    32h done, 46h left; 3h dropped, not counted",
		"enterprise: met (8/10 done = 80%, needs 80%)",
		"ha: not met (7/10 done = 70%, needs 80%: 1 more; 1 dropped, not counted as done)",
		"overdue by 1 day",
		"due today",
		"waits for P0-002 (open #9)",
		"P1-003  #12  not_planned",
		"P0-002: counts #9; also #2",
		"the sources declare 20 blockers; the catalog contains 15; 5 were never written out",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestMarkdownIsTheDateLineAndTheBody(t *testing.T) {
	r := longFixture(t)
	var full, body bytes.Buffer
	if err := r.Markdown(&full); err != nil {
		t.Fatal(err)
	}
	if err := r.MarkdownBody(&body); err != nil {
		t.Fatal(err)
	}
	first, rest, _ := strings.Cut(full.String(), "\n\n")
	if !strings.Contains(first, fixtureToday) || strings.Contains(first, "\n") {
		t.Errorf("date line = %q", first)
	}
	// Then the sections kept off the dashboard: the fixture's board.
	if off, ok := strings.CutPrefix(rest, body.String()); !ok || !strings.HasPrefix(off, "\n### Board\n") {
		t.Error("Markdown is not the date line followed by MarkdownBody and the board")
	}
	// 2026-02-25 is no date of the catalog: if it shows, it came from today.
	c, st, _ := fixture(t)
	body.Reset()
	if err := Build(c, st, date(t, "2026-02-25")).MarkdownBody(&body); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(body.String(), "2026-02-25") {
		t.Error("MarkdownBody carries today's date")
	}
}

// The body becomes a dashboard issue rewritten only when it changes: the
// same inputs must give the same bytes, and a later day in which nothing
// flips (no milestone turns overdue) must too, once the dashboard holds
// the body of the day before (its history record included).
func TestMarkdownBodyIsDeterministic(t *testing.T) {
	c, s, _ := fixture(t)
	dashboard := func(st observed.State, body string) observed.State {
		st.Issues = append([]observed.Issue{}, st.Issues...)
		for i, is := range st.Issues {
			if is.Number == 24 {
				st.Issues[i].Body = marker.Wrap(marker.DashboardKey(), body)
			}
		}
		return st
	}
	body := func(st observed.State, today string) string {
		r := Build(c, st, date(t, today))
		r.GeneratedAt = time.Now() // must not leak into the Markdown
		return r.DashboardBody()
	}
	a := body(s, "2026-02-23")
	for range 3 {
		if body(s, "2026-02-23") != a {
			t.Fatal("two renderings of the same inputs differ")
		}
	}
	s = dashboard(s, a)
	if body(s, "2026-02-23") != a {
		t.Fatal("the dashboard's own body does not render itself again")
	}
	// M1 was already overdue on 02-23; on 02-24 M2 turns overdue: a change.
	b := body(s, "2026-02-24")
	if b == a {
		t.Error("M2 turning overdue did not change the body")
	}
	// From 02-24 to 02-25 nothing flips; day counts must not show.
	s = dashboard(s, b)
	if body(s, "2026-02-25") != b {
		t.Errorf("the body changed although only the day count moved: %s", golden.FirstDiff(b, body(s, "2026-02-25")))
	}
}

func TestMarkdownCannotBreakTheManagedRegion(t *testing.T) {
	var b bytes.Buffer
	if err := longFixture(t).MarkdownBody(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "<!--") {
		t.Error("catalog text opened an HTML comment in the body")
	}
	// Wrapped as the dashboard's region, the body must come back whole.
	got, ok := marker.Managed(marker.Wrap(marker.DashboardKey(), out), marker.DashboardKey())
	if !ok || got != strings.TrimRight(out, "\n") {
		t.Error("the body does not survive being wrapped in the dashboard markers")
	}
	for _, want := range []string{
		"| ✅ | **enterprise** Should have | 8/10 (80%) | 80% | #19, P0-004 (no issue) |",
		"| ❌ | **ha** | 7/10 (70%) | 80%: 1 more | #19, #9 |",
		"| M1 Foundation | 2026-02-22 | 1/3 (33%) | 2 | 0 | 24h | ⚠️ overdue |",
		"```mermaid\npie title Hours left by category\n",
		"    \"reliability\" : 20\n",
		"xychart-beta",
		"    bar [100, 33, 60, 0, 100]\n",
		`Fix a \| b &lt;!-- ghsync:end`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	// Categories with no hours left are no slices.
	if strings.Contains(out, `"operations" :`) {
		t.Error("pie has a zero slice")
	}
}

func TestJSON(t *testing.T) {
	r := longFixture(t)
	var doc map[string]any
	if err := json.Unmarshal(render(t, r, "json"), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc["generated_at"]; ok {
		t.Error("generated_at present although not given")
	}
	for _, k := range []string{"version", "today", "totals", "by_priority", "by_category", "milestones", "gates", "blocked", "blockers", "gaps"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
	if doc["today"] != fixtureToday {
		t.Errorf("today = %v", doc["today"])
	}
	totals := doc["totals"].(map[string]any)
	if totals["hours_left"] != 46.0 || totals["not_synced"] != 1.0 {
		t.Errorf("totals = %v", totals)
	}

	r.GeneratedAt = time.Date(2026, 2, 23, 9, 30, 0, 0, time.UTC)
	doc = nil
	if err := json.Unmarshal(render(t, r, "json"), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["generated_at"] != "2026-02-23T09:30:00Z" {
		t.Errorf("generated_at = %v", doc["generated_at"])
	}

	// Empty lists are [] for consumers that iterate without nil checks.
	empty := Build(&catalog.Catalog{}, observed.State{}, catalog.Date{})
	out := string(render(t, empty, "json"))
	for _, k := range []string{"by_priority", "by_category", "milestones", "gates", "blocked", "blockers", "gaps"} {
		if !strings.Contains(out, `"`+k+`": []`) {
			t.Errorf("%s is not [] in an empty report", k)
		}
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	if err := (Report{}).Render(&bytes.Buffer{}, "yaml"); err == nil || !strings.Contains(err.Error(), "text, json, markdown or html") {
		t.Errorf("err = %v", err)
	}
}

func TestItemLine(t *testing.T) {
	tests := []struct {
		it   Item
		want string
	}{
		{Item{ID: "P0-003", Issue: 14, Status: Open, Title: "Insufficient Secrets Management for Production"},
			"P0-003 #14 open Insufficient Secrets Management for Production"},
		{Item{ID: "P0-005", Status: NotSynced, Title: "Two\nlines"}, "P0-005 - not_synced Two lines"},
		{Item{ID: "GONE", Status: Unknown}, "GONE - unknown"},
	}
	for _, tt := range tests {
		if got := tt.it.Line(); got != tt.want {
			t.Errorf("Line() = %q, want %q", got, tt.want)
		}
	}
}

func TestMilestoneName(t *testing.T) {
	tests := []struct{ id, title, want string }{
		{"M1", "Foundation", "M1 Foundation"},
		{"M1", "M1: Foundation", "M1: Foundation"}, // no "M1 M1: Foundation"
		{"M1", "M1", "M1"},
		{"", "no milestone", "no milestone"},
	}
	for _, tt := range tests {
		if got := milestoneName(Progress{ID: tt.id, Title: tt.title}); got != tt.want {
			t.Errorf("milestoneName(%q, %q) = %q, want %q", tt.id, tt.title, got, tt.want)
		}
	}
}

func TestFit(t *testing.T) {
	short := "line\n"
	if fit(short, 100) != short {
		t.Fatal("a short body was changed")
	}
	long := strings.Repeat("ü 0123456789\n", 100)
	got := fit(long, 500)
	if n := len([]rune(got)); n > 500 {
		t.Fatalf("cut body has %d characters, limit 500", n)
	}
	if !strings.HasSuffix(got, "`ghsync report` shows all of it._\n") || !strings.HasPrefix(long, strings.SplitN(got, "\n\n_", 2)[0]) {
		t.Fatalf("cut body:\n%s", got)
	}
}
