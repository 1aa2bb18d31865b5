package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
)

// The dashboard's history record costs no write of its own: a point is
// added only when the figures change, and then the dashboard is written
// anyway (its tallies changed); a quiet day is no write, a new week one
// (the trend's as-of day moves), and report records nothing (#16).
func TestDashboardHistoryWrites(t *testing.T) {
	h := newHarness(t)
	h.editCatalog(func(s string) string { return s + "dashboard:\n  title: Progress\n" })
	h.mustRun("apply", "--yes")
	dash := func() ghfake.Issue {
		for _, is := range h.fake.Issues(testRepo) {
			if k, ok := marker.Find(is.Body); ok && k == marker.DashboardKey() {
				return is
			}
		}
		t.Fatal("no dashboard")
		return ghfake.Issue{}
	}
	// testNow is 2026-02-10, a Tuesday of week 2 (the start is Monday 02-02).
	if body := dash().Body; !strings.Contains(body, "<!-- ghsync:history v1 2026-02-10=0/") {
		t.Fatalf("the first apply recorded no point:\n%s", body)
	}
	step := func(name string, later time.Duration, want int) string {
		t.Helper()
		h.later = later
		before := h.writes()
		h.mustRun("apply", "--yes")
		if got := h.writes() - before; got != want {
			t.Errorf("%s: %d writes, want %d", name, got, want)
		}
		return dash().Body
	}
	step("the same day", 0, 0)
	step("a quiet day later in the week", 3*24*time.Hour, 0)

	// A person closes P0-001 (4h) on Thursday: one write, the dashboard,
	// with a second point dated the day apply saw it.
	var p0 int
	for _, is := range h.issues("P0-001") {
		p0 = is.Number
	}
	closed := testNow.Add(2 * 24 * time.Hour)
	h.fake.EditIssue(testRepo, p0, func(is *ghfake.Issue) { is.State, is.ClosedAt = "closed", &closed })
	body := step("a blocker closed", 3*24*time.Hour, 1)
	if !strings.Contains(body, "2026-02-10=0/") || !strings.Contains(body, " 2026-02-13=4/") {
		t.Errorf("no second point:\n%s", body)
	}
	step("the same figures on Sunday", 5*24*time.Hour, 0)
	// Monday 02-16 starts week 3: the trend's as-of day moves, one write.
	step("a new week", 6*24*time.Hour, 1)
	step("the new week's next day", 7*24*time.Hour, 0)

	// report reads the record and writes nothing.
	before := h.writes()
	r := h.mustRun("report")
	if h.writes() != before {
		t.Errorf("report wrote %d times", h.writes()-before)
	}
	for _, want := range []string{"Velocity: ", "4h closed in the last", "Ready now:"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("report lacks %q:\n%s", want, r.out)
		}
	}
}
