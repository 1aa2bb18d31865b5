package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// closedFixture is the fixture with closing instants on its closed issues:
// P1-008 (6h) and P1-009 (4h) were closed in the week before fixtureToday,
// the others a month before or more.
func closedFixture(t *testing.T) observed.State {
	t.Helper()
	_, s, _ := fixture(t)
	s.Issues = append([]observed.Issue{}, s.Issues...)
	at := func(day string) *time.Time {
		v := date(t, day).Time().Add(15 * time.Hour)
		return &v
	}
	for i, is := range s.Issues {
		if is.State != observed.Closed {
			continue
		}
		switch is.Number {
		case 17, 18: // P1-008, P1-009
			s.Issues[i].ClosedAt = at("2026-02-18")
		default:
			s.Issues[i].ClosedAt = at("2026-01-15")
		}
	}
	return s
}

func withDashboard(s observed.State, body string) observed.State {
	s.Issues = append([]observed.Issue{}, s.Issues...)
	for i, is := range s.Issues {
		if is.Number == 24 {
			s.Issues[i].Body = marker.Wrap(marker.DashboardKey(), body)
		}
	}
	return s
}

func TestTrendFromClosingDates(t *testing.T) {
	c, _, today := fixture(t)
	s := closedFixture(t)
	r := Build(c, s, today)
	// 10h closed on 02-18, in the 22 days since the day before the start
	// (02-01 to 02-23): 10 / (22/7) = 3.18h a week.
	v := r.Trend.Velocity
	if v.Closed != 10 || v.HoursPerWeek != 3.18 || v.From != date(t, "2026-02-01") {
		t.Errorf("velocity %+v", v)
	}
	// All work: 46h at 3.18h/week is 101.3 days: 102 days after 02-23.
	if f := r.Trend.Finish; f.Date != date(t, "2026-06-05") || f.Hours != 46 {
		t.Errorf("finish %+v", f)
	}
	// M1 needs P0-002 (16) and P0-003 (8): 24h, 53 days; due 02-22.
	m1 := r.Trend.Forecasts[1]
	if m1.ID != "M1" || m1.Date != date(t, "2026-04-17") || !m1.Late || m1.DaysLate != 54 {
		t.Errorf("M1 %+v", m1)
	}
	if r.History.Source != FromClosing || r.History.Points != 1 || r.History.Note != "" {
		t.Errorf("history %+v", r.History)
	}
	if len(r.ReadyNow) != 1 || r.ReadyNow[0].ID != "P0-002" || r.ReadyNow[0].Issue != 9 {
		t.Errorf("ready %+v", r.ReadyNow)
	}
	var text bytes.Buffer
	if err := r.Text(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Velocity: 3.18h a week, 10h closed in the last 22 days",
		"All work: 46h left, 2026-06-05",
		"2026-04-17, 54 days late     24h  P0-002 → P0-003 (24h)",
		"Ready now: work left whose dependencies are all done, most urgent first",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
}

func TestDashboardCarriesTheHistory(t *testing.T) {
	c, _, today := fixture(t)
	s := closedFixture(t)
	body := Build(c, s, today).DashboardBody()
	want := "<!-- ghsync:history v1 2026-02-23=32/46/4 -->"
	if !strings.Contains(body, want+"\n<!-- ghsync:record creators=") {
		t.Fatalf("dashboard body lacks %q before the creators record:\n%s", want, body)
	}
	// The next run reads it back and, the figures unchanged, writes the
	// same body: no write. A week later too, but for the week's new start.
	s = withDashboard(s, body)
	r := Build(c, s, today)
	if r.History.Source != FromRecord || r.History.Points != 1 {
		t.Errorf("history %+v", r.History)
	}
	if again := r.DashboardBody(); again != body {
		t.Errorf("an unchanged state rewrites the dashboard: %s", FirstDiffOf(body, again))
	}
	for _, d := range []string{"2026-02-24", "2026-02-27", "2026-03-01"} {
		if got := Build(c, s, date(t, d)).DashboardBody(); got != Build(c, s, date(t, "2026-02-24")).DashboardBody() {
			t.Errorf("%s: the dashboard changed within the week: %s", d, FirstDiffOf(body, got))
		}
	}
	if Build(c, s, date(t, "2026-03-02")).DashboardBody() == Build(c, s, date(t, "2026-03-01")).DashboardBody() {
		t.Error("a new week left the dashboard's trend as it was")
	}
	// A blocker closed: one new point, dated today, after the old one.
	for i := range s.Issues {
		if s.Issues[i].Number == 3 { // P0-003, 8h
			closed := date(t, "2026-02-25").Time().Add(9 * time.Hour)
			s.Issues[i].State, s.Issues[i].StateReason, s.Issues[i].ClosedAt = observed.Closed, observed.Completed, &closed
		}
	}
	next := Build(c, s, date(t, "2026-02-25")).DashboardBody()
	if !strings.Contains(next, "<!-- ghsync:history v1 2026-02-23=32/46/4 2026-02-25=40/38/3 -->") {
		t.Errorf("no new point:\n%s", next)
	}
}

func TestMalformedHistoryIsIgnoredWithANote(t *testing.T) {
	c, _, today := fixture(t)
	s := closedFixture(t)
	s = withDashboard(s, "text\n<!-- ghsync:history v1 2026-02-23=lots/46/4 -->\n")
	r := Build(c, s, today)
	if r.History.Source != FromClosing || !strings.Contains(r.History.Note, "the history record of #24 was ignored") {
		t.Fatalf("history %+v", r.History)
	}
	var text bytes.Buffer
	if err := r.Text(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "the history record of #24 was ignored (the history record's point") {
		t.Errorf("text does not say the record was ignored:\n%s", text.String())
	}
	// The dashboard then gets a good record again.
	if body := r.DashboardBody(); !strings.Contains(body, "<!-- ghsync:history v1 2026-02-23=32/46/4 -->") {
		t.Errorf("body:\n%s", body)
	}
}

func TestHistoryOnlyFromTheDashboardThatCounts(t *testing.T) {
	c, _, today := fixture(t)
	s := closedFixture(t)
	// A copy of the dashboard's marker in a blocker's issue is not the
	// dashboard: its record is not read.
	s.Issues = append(s.Issues, observed.Issue{Number: 30, Title: "Dashboard", State: observed.Open, Author: "ana",
		Body: marker.Wrap(marker.DashboardKey(), "<!-- ghsync:history v1 2026-02-20=0/999/99 -->")})
	r := Build(c, s, today)
	if r.History.Source != FromClosing {
		t.Errorf("a copy's record was read: %+v", r.History)
	}
	if strings.Contains(r.DashboardBody(), "999") {
		t.Error("a copy's figures reached the dashboard")
	}
}

func TestReadyNowIsCapped(t *testing.T) {
	c, s, today := fixture(t)
	for i := range 20 {
		c.Blockers = append(c.Blockers, c.Blockers[4])
		c.Blockers[len(c.Blockers)-1].ID = "P3-" + string(rune('a'+i))
		c.Blockers[len(c.Blockers)-1].Priority = "P3"
	}
	r := Build(c, s, today)
	if len(r.ReadyNow) != 21 || r.ReadyNow[0].ID != "P0-002" {
		t.Fatalf("ready %d, first %v", len(r.ReadyNow), r.ReadyNow[0].ID)
	}
	var md bytes.Buffer
	if err := r.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "… and 6 more") {
		t.Error("the list of ready blockers is not cut")
	}
}

// FirstDiffOf is golden.FirstDiff, for messages.
func FirstDiffOf(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return "line " + al[i] + " / " + bl[i]
		}
	}
	return "lengths differ"
}

func TestTextBurndownFitsAndKeepsThisWeek(t *testing.T) {
	c, _, _ := fixture(t)
	s := closedFixture(t)
	// A plan reaching two years ahead: the text's bars must still hold
	// this week and fit the terminal.
	c.Milestones[3].DueWeek = 120
	r := Build(c, s, date(t, fixtureToday))
	var b bytes.Buffer
	if err := r.Text(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "  actual ") {
		t.Errorf("no actual row:\n%s", b.String())
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if n := len([]rune(line)); n > Width {
			t.Errorf("line of %d columns: %q", n, line)
		}
	}
}
