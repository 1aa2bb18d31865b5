package progress

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/catalog"
)

func day(t testing.TB, s string) catalog.Date {
	t.Helper()
	d, err := catalog.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLineParseRoundTrip(t *testing.T) {
	h := History{
		{Date: day(t, "2026-02-02"), Done: 0, Left: 364, Open: 53},
		{Date: day(t, "2026-02-09"), Done: 12.5, Left: 351.5, Open: 50},
	}
	line := h.Line()
	if want := "<!-- ghsync:history v1 2026-02-02=0/364/53 2026-02-09=12.5/351.5/50 -->"; line != want {
		t.Fatalf("Line() = %q, want %q", line, want)
	}
	got, found, err := Parse("text before\n" + line + "\nafter")
	if err != nil || !found || !reflect.DeepEqual(got, h) {
		t.Fatalf("Parse = %v, %v, %v", got, found, err)
	}
	if (History{}).Line() != "" {
		t.Error("an empty history renders a line")
	}
}

func TestParseRefusesWhatLineDoesNotWrite(t *testing.T) {
	many := "<!-- ghsync:history v1"
	for i := range MaxPoints + 1 {
		many += " " + day(t, "2020-01-01").AddDays(i).String() + "=1/1/1"
	}
	tests := []struct {
		name, body, wantErr string
	}{
		{"no end", "<!-- ghsync:history v1 2026-02-02=0/1/1", "no end"},
		{"other version", "<!-- ghsync:history v2 2026-02-02=0/1/1 -->", "version v1"},
		{"no version", "<!-- ghsync:history  -->", "version v1"},
		{"bad date", "<!-- ghsync:history v1 2026-02-30=0/1/1 -->", "YYYY-MM-DD"},
		{"year zero", "<!-- ghsync:history v1 0000-01-01=0/0/0 -->", "before 2000"},
		{"two figures", "<!-- ghsync:history v1 2026-02-02=0/1 -->", "DATE=DONE/LEFT/OPEN"},
		{"negative hours", "<!-- ghsync:history v1 2026-02-02=-1/1/1 -->", "from 0"},
		{"not a number", "<!-- ghsync:history v1 2026-02-02=NaN/1/1 -->", "from 0"},
		{"infinite", "<!-- ghsync:history v1 2026-02-02=0/Inf/1 -->", "from 0"},
		{"huge count", "<!-- ghsync:history v1 2026-02-02=0/1/99999999 -->", "whole number"},
		{"fractional count", "<!-- ghsync:history v1 2026-02-02=0/1/1.5 -->", "whole number"},
		{"out of order", "<!-- ghsync:history v1 2026-02-09=0/1/1 2026-02-02=0/1/1 -->", "out of order"},
		{"same day twice", "<!-- ghsync:history v1 2026-02-02=0/1/1 2026-02-02=0/2/1 -->", "out of order"},
		{"too many points", many + " -->", "more than"},
		{"too long", "<!-- ghsync:history v1 " + strings.Repeat(" ", MaxRecord) + " -->", "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, found, err := Parse(tt.body)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !found || h != nil {
				t.Errorf("Parse = %v, %v, %v; want an error with %q", h, found, err, tt.wantErr)
			}
		})
	}
	if h, found, err := Parse("no record here"); h != nil || found || err != nil {
		t.Errorf("no record: %v, %v, %v", h, found, err)
	}
}

func TestWith(t *testing.T) {
	p := func(d string, done, left float64, open int) Point {
		return Point{Date: day(t, d), Done: done, Left: left, Open: open}
	}
	base := History{p("2026-02-02", 0, 10, 3), p("2026-02-05", 4, 6, 2)}
	tests := []struct {
		name string
		add  Point
		want History
	}{
		{"same figures a day later: no point", p("2026-02-06", 4, 6, 2), base},
		{"same figures the same day", p("2026-02-05", 4, 6, 2), base},
		{"new figures the same day replace", p("2026-02-05", 6, 4, 1), History{base[0], p("2026-02-05", 6, 4, 1)}},
		{"new figures a later day append", p("2026-02-07", 6, 4, 1), History{base[0], base[1], p("2026-02-07", 6, 4, 1)}},
		{"a reopened blocker is a change too", p("2026-02-07", 0, 10, 3), History{base[0], base[1], p("2026-02-07", 0, 10, 3)}},
		{"clock set back drops later points", p("2026-02-03", 1, 9, 3), History{base[0], p("2026-02-03", 1, 9, 3)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := append(History{}, base...)
			if got := base.With(tt.add); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("With = %v, want %v", got, tt.want)
			}
			if !reflect.DeepEqual(base, before) {
				t.Error("With changed its receiver")
			}
		})
	}
	if got := History(nil).With(p("2026-02-02", 0, 1, 1)); len(got) != 1 {
		t.Errorf("first point: %v", got)
	}
}

func TestThinKeepsRecentDaysAndOldWeeks(t *testing.T) {
	// A point every day for a year: the last 8 weeks stay daily, the
	// weeks before keep their last point, and the whole fits MaxPoints.
	var h History
	start := day(t, "2025-01-01")
	for i := range 365 {
		h = h.With(Point{Date: start.AddDays(i), Done: float64(i), Left: float64(365 - i), Open: 365 - i})
	}
	if len(h) > MaxPoints {
		t.Fatalf("%d points, more than %d", len(h), MaxPoints)
	}
	newest := h[len(h)-1].Date
	if newest != start.AddDays(364) {
		t.Fatalf("newest point %s", newest)
	}
	cut := newest.AddDays(-recent)
	daily := 0
	for i, p := range h {
		if !p.Date.Before(cut) {
			daily++
			continue
		}
		if i+1 < len(h) && h[i+1].Date.Before(cut) && sameWeek(p.Date, h[i+1].Date) {
			t.Errorf("two points of one old week: %s and %s", p.Date, h[i+1].Date)
		}
		if wd := p.Date.Time().Weekday(); wd != 0 && i+1 < len(h) && h[i+1].Date.Before(cut) {
			t.Errorf("old point %s is not the last day (Sunday) of its week", p.Date)
		}
	}
	if daily != recent+1 {
		t.Errorf("%d daily points, want %d", daily, recent+1)
	}
	// Thinning what was thinned changes nothing: the dashboard stays.
	if again := h.thin(); !reflect.DeepEqual(again, h) {
		t.Error("thin is not idempotent")
	}
	// The record of the longest history is far below GitHub's 65,536.
	if n := len(h.Line()); n > 10000 {
		t.Errorf("record of %d characters", n)
	}
	// At still answers for a thinned day with that week's figures.
	p, ok := h.At(start.AddDays(10))
	if !ok || p.Date.Time().After(start.AddDays(10).Time()) {
		t.Errorf("At = %v, %v", p, ok)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("<!-- ghsync:history v1 2026-02-02=0/364/53 2026-02-09=12.5/351.5/50 -->")
	f.Add("<!-- ghsync:history v1 -->")
	f.Add("<!-- ghsync:history v1 2026-02-02=1e7/0/0 -->")
	f.Add("<!-- ghsync:history v1 2026-02-02=0/1/1 2026-02-01=0/1/1 -->")
	f.Fuzz(func(t *testing.T, s string) {
		h, found, err := Parse(s)
		if err != nil {
			if h != nil {
				t.Fatal("an error with points")
			}
			return
		}
		if !found {
			return
		}
		if len(h) > MaxPoints {
			t.Fatalf("%d points", len(h))
		}
		for i, p := range h {
			if p.Done < 0 || p.Left < 0 || p.Open < 0 || p.Done > limit || p.Left > limit {
				t.Fatalf("figures out of range: %v", p)
			}
			if i > 0 && !h[i-1].Date.Before(p.Date) {
				t.Fatalf("days out of order: %v", h)
			}
		}
		// What Parse accepts, Line writes back and Parse reads the same.
		again, _, err := Parse(h.Line())
		if len(h) > 0 && (err != nil || !reflect.DeepEqual(again, h)) {
			t.Fatalf("round trip: %v -> %q -> %v, %v", h, h.Line(), again, err)
		}
	})
}
