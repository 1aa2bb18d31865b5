package progress

import (
	"reflect"
	"testing"

	"github.com/ghsync/ghsync/internal/catalog"
)

// input is a small catalog, its work in the comments:
//
//	M1 due 2026-02-22 (end of week 3): A 10h done 02-10, B 20h (after A), C 10h (after D)
//	M2 due 2026-03-29 (end of week 8): D 5h, E 15h done 02-20, F 40h (after B)
//	no milestone: G 8h dropped
//
// The scope is 100h (G is dropped); 25h are done, 75h left.
func input(t testing.TB) Input {
	b := func(id, ms, prio string, h float64, st State, closed string, deps ...string) Blocker {
		var c catalog.Date
		if closed != "" {
			c = day(t, closed)
		}
		return Blocker{ID: id, Milestone: ms, Priority: prio, Hours: h, State: st, Closed: c, DependsOn: deps}
	}
	return Input{
		Start: day(t, "2026-02-02"),
		Milestones: []Milestone{
			{ID: "M1", Title: "Foundation", Due: day(t, "2026-02-22")},
			{ID: "M2", Title: "Scale", Due: day(t, "2026-03-29")},
		},
		Gates: []Gate{
			{ID: "go", Percent: 100, Blockers: []string{"A", "B", "F"}},
			{ID: "half", Percent: 50, Blockers: []string{"C", "D", "G"}},
			{ID: "lost", Percent: 100, Blockers: []string{"G", "A"}},
		},
		Blockers: []Blocker{
			b("A", "M1", "P0", 10, Done, "2026-02-10"),
			b("B", "M1", "P0", 20, Left, "", "A"),
			b("C", "M1", "P1", 10, Left, "", "D"),
			b("D", "M2", "P1", 5, Left, ""),
			b("E", "M2", "P0", 15, Done, "2026-02-20"),
			b("F", "M2", "P2", 40, Left, "", "B"),
			b("G", "", "P3", 8, Dropped, ""),
		},
	}
}

func TestFiguresRebuiltFromClosingDays(t *testing.T) {
	in := input(t)
	tests := []struct {
		day  string
		want Point
	}{
		{"2026-02-09", Point{Done: 0, Left: 100, Open: 6}},
		{"2026-02-10", Point{Done: 10, Left: 90, Open: 5}},
		{"2026-02-20", Point{Done: 25, Left: 75, Open: 4}},
		{"2026-12-31", Point{Done: 25, Left: 75, Open: 4}},
	}
	for _, tt := range tests {
		got := in.figures(day(t, tt.day))
		tt.want.Date = day(t, tt.day)
		if got != tt.want {
			t.Errorf("figures(%s) = %+v, want %+v", tt.day, got, tt.want)
		}
	}
	// The record wins from its first point on; before it, the rebuild.
	in.History = History{{Date: day(t, "2026-02-15"), Done: 12, Left: 80, Open: 5}}
	if got := in.figures(day(t, "2026-02-25")); got.Done != 12 || got.Left != 80 {
		t.Errorf("figures after the record's point = %+v", got)
	}
	if got := in.figures(day(t, "2026-02-12")); got.Done != 10 {
		t.Errorf("figures before the record's point = %+v", got)
	}
}

func TestVelocity(t *testing.T) {
	in := input(t)
	tests := []struct {
		name, asOf, from string
		closed, perWeek  float64
	}{
		// 02-02 .. 03-02: A and E, 25h in 4 weeks.
		{"four weeks", "2026-03-02", "2026-02-02", 25, 6.25},
		// The window starts the day before the start: 02-01 .. 02-15 is
		// two weeks, with A's 10h.
		{"since the start", "2026-02-15", "2026-02-01", 10, 5},
		// At least a week, also before the start.
		{"a week at least", "2026-02-03", "2026-01-27", 0, 0},
		// Nothing closed from 03-18 to 04-15.
		{"nothing closed", "2026-04-15", "2026-03-18", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := in.VelocityAt(day(t, tt.asOf))
			want := Velocity{From: day(t, tt.from), To: day(t, tt.asOf), Closed: tt.closed, HoursPerWeek: tt.perWeek}
			if v != want {
				t.Errorf("velocity = %+v, want %+v", v, want)
			}
		})
	}
	// A reopened blocker makes the record's hours done fall: never a
	// negative velocity.
	in.History = History{{Date: day(t, "2026-02-02"), Done: 30, Left: 70, Open: 3}, {Date: day(t, "2026-03-01"), Done: 20, Left: 80, Open: 4}}
	if v := in.VelocityAt(day(t, "2026-03-02")); v.Closed != 0 || v.HoursPerWeek != 0 {
		t.Errorf("velocity after a reopening = %+v", v)
	}
}

func TestForecasts(t *testing.T) {
	in := input(t)
	asOf := day(t, "2026-03-02")
	// The queue: M1's B (20h), then C's dependency D (5h) pulled forward
	// from M2, then C (10h), then M2's F (40h): 20, 25, 35, 75 hours.
	// At 6.25h a week: 35h is 39.2 days (ceil 40), 75h 84 days.
	tr := in.Compute(asOf)
	if tr.Velocity.HoursPerWeek != 6.25 {
		t.Fatalf("velocity %+v", tr.Velocity)
	}
	want := []Forecast{
		{Kind: KindMilestone, ID: "M1", Title: "Foundation", Due: day(t, "2026-02-22"), Hours: 35,
			Date: day(t, "2026-04-11"), Late: true, DaysLate: 48, CriticalPath: []string{"B"}, CriticalHours: 20},
		{Kind: KindMilestone, ID: "M2", Title: "Scale", Due: day(t, "2026-03-29"), Hours: 75,
			Date: day(t, "2026-05-25"), Late: true, DaysLate: 57, CriticalPath: []string{"B", "F"}, CriticalHours: 60},
		// All of A, B, F: B and F left, F last at 75h; due with M2.
		{Kind: KindGate, ID: "go", Due: day(t, "2026-03-29"), Hours: 75,
			Date: day(t, "2026-05-25"), Late: true, DaysLate: 57, CriticalPath: []string{"B", "F"}, CriticalHours: 60},
		// Half of C, D, G: 2 needed, G dropped, so D (25h) and C (35h).
		{Kind: KindGate, ID: "half", Due: day(t, "2026-03-29"), Hours: 35,
			Date: day(t, "2026-04-11"), Late: true, DaysLate: 13, CriticalPath: []string{"D", "C"}, CriticalHours: 15},
		// All of G (dropped) and A: never.
		{Kind: KindGate, ID: "lost", Due: day(t, "2026-02-22"),
			Note: Unreachable, CriticalPath: []string{}},
	}
	if !reflect.DeepEqual(tr.Forecasts, want) {
		t.Errorf("forecasts:\n got %+v\nwant %+v", tr.Forecasts, want)
	}
	wantAll := Forecast{Kind: KindAll, ID: "all", Title: "all work left", Hours: 75, Date: day(t, "2026-05-25"),
		CriticalPath: []string{"B", "F"}, CriticalHours: 60}
	if !reflect.DeepEqual(tr.Finish, wantAll) {
		t.Errorf("finish = %+v", tr.Finish)
	}
	if !reflect.DeepEqual(tr.Ready, []string{"B", "D"}) {
		t.Errorf("ready = %v, want B (its A is done) then D (P1); C waits on D, F on B", tr.Ready)
	}
}

func TestForecastWithoutVelocityHasNoDate(t *testing.T) {
	tr := input(t).Compute(day(t, "2026-04-15"))
	for _, f := range append(tr.Forecasts, tr.Finish) {
		if f.Done || f.ID == "lost" {
			continue
		}
		if !f.Date.IsZero() || f.Late || f.Note != NoVelocity {
			t.Errorf("%s: %+v, want no date and %q", f.ID, f, NoVelocity)
		}
	}
}

func TestMilestoneWithoutBlockers(t *testing.T) {
	in := input(t)
	in.Milestones = append(in.Milestones, Milestone{ID: "M9", Due: day(t, "2026-06-01")})
	tr := in.Compute(day(t, "2026-03-02"))
	if f := tr.Forecasts[2]; f.ID != "M9" || f.Done || !f.Date.IsZero() || f.Note != NoBlockers {
		t.Errorf("M9 %+v", f)
	}
}

func TestForecastDoneTargets(t *testing.T) {
	in := input(t)
	for i := range in.Blockers {
		if in.Blockers[i].State == Left {
			in.Blockers[i].State, in.Blockers[i].Closed = Done, day(t, "2026-03-01")
		}
	}
	tr := in.Compute(day(t, "2026-03-02"))
	for _, f := range append(tr.Forecasts, tr.Finish) {
		if f.ID == "lost" {
			continue
		}
		if !f.Done || !f.Date.IsZero() || f.Note != "" {
			t.Errorf("%s: %+v, want done", f.ID, f)
		}
	}
	if len(tr.Ready) != 0 {
		t.Errorf("ready = %v", tr.Ready)
	}
}

func TestCyclesDoNotHang(t *testing.T) {
	// validate refuses cycles; the trend must still end if one slips in.
	in := Input{Blockers: []Blocker{
		{ID: "X", Hours: 1, DependsOn: []string{"Y"}},
		{ID: "Y", Hours: 2, DependsOn: []string{"X"}},
		{ID: "Z", Hours: 1, State: Done, Closed: catalog.Date{Year: 2026, Month: 2, Day: 20}},
	}}
	tr := in.Compute(catalog.Date{Year: 2026, Month: 3, Day: 1})
	if tr.Finish.Hours != 3 || len(tr.Ready) != 0 {
		t.Errorf("finish %+v, ready %v", tr.Finish, tr.Ready)
	}
}

func TestBurndown(t *testing.T) {
	in := input(t)
	asOf := day(t, "2026-03-02")
	b := in.BurndownAt(asOf, in.VelocityAt(asOf))
	if b.Start != day(t, "2026-02-02") {
		t.Errorf("start %s", b.Start)
	}
	// Plan: 100h on 02-01, 60h on 02-22 (M1's 40h), 0 on 03-29 (M2's 60h).
	// Actual: A closed in week 2, E in week 3; week 5 holds today.
	// Projected at 6.25h a week from 03-02: 0 by week 17 (75h in 12 weeks).
	f := func(x float64) *float64 { return &x }
	want := map[int]Week{
		0:  {End: day(t, "2026-02-01"), Plan: f(100), Actual: f(100)},
		1:  {End: day(t, "2026-02-08"), Plan: f(86.67), Actual: f(100)},
		2:  {End: day(t, "2026-02-15"), Plan: f(73.33), Actual: f(90)},
		3:  {End: day(t, "2026-02-22"), Plan: f(60), Actual: f(75)},
		4:  {End: day(t, "2026-03-01"), Plan: f(48), Actual: f(75)},
		5:  {End: day(t, "2026-03-08"), Plan: f(36), Actual: f(75), Projected: f(75)},
		6:  {End: day(t, "2026-03-15"), Plan: f(24), Projected: f(63.39)},
		8:  {End: day(t, "2026-03-29"), Plan: f(0), Projected: f(50.89)},
		17: {End: day(t, "2026-05-31"), Plan: f(0), Projected: f(0)},
	}
	if n := len(b.Weeks); n != 18 || b.Weeks[0].N != 0 || b.Weeks[17].N != 17 {
		t.Fatalf("weeks %d, from %d", n, b.Weeks[0].N)
	}
	for n, w := range want {
		w.N = n
		if got := b.Weeks[n]; !reflect.DeepEqual(got, w) {
			t.Errorf("week %d = %s, want %s", n, show(got), show(w))
		}
	}
	// Without a start there is no plan, and week 1 begins with the
	// history.
	in.Start = catalog.Date{}
	in.History = History{{Date: day(t, "2026-02-16"), Done: 10, Left: 90, Open: 5}}
	b = in.BurndownAt(asOf, Velocity{})
	if b.Start != day(t, "2026-02-10") || b.Weeks[0].Plan != nil {
		t.Errorf("no start: %s, %+v", b.Start, b.Weeks[0])
	}
}

func show(w Week) string {
	s := func(p *float64) any {
		if p == nil {
			return "nil"
		}
		return *p
	}
	return w.End.String() + " plan " + fmtAny(s(w.Plan)) + " actual " + fmtAny(s(w.Actual)) + " projected " + fmtAny(s(w.Projected))
}

func fmtAny(v any) string {
	if f, ok := v.(float64); ok {
		return number(f)
	}
	return "nil"
}

func TestBurndownHasAtMostMaxWeeks(t *testing.T) {
	in := input(t)
	b := in.BurndownAt(day(t, "2028-01-03"), Velocity{HoursPerWeek: 0.01})
	if n := len(b.Weeks); n != maxWeeks {
		t.Fatalf("%d weeks", n)
	}
	if last := b.Weeks[len(b.Weeks)-1]; last.N != weekOf(b.Start, day(t, "2028-01-03"))+maxAhead {
		t.Errorf("last week %d", last.N)
	}
	// A plan two years ahead: cut at its end, this week kept.
	in.Milestones[1].Due = day(t, "2028-03-01")
	b = in.BurndownAt(day(t, "2026-03-02"), Velocity{})
	if n := len(b.Weeks); n != maxWeeks || b.Weeks[0].N != 0 || b.Weeks[5].Actual == nil {
		t.Errorf("%d weeks from W%d; week 5 %+v", n, b.Weeks[0].N, b.Weeks[5])
	}
}

func TestDashboardDay(t *testing.T) {
	in := input(t)
	tests := []struct {
		name, today, last, want string
	}{
		{"the week's first day", "2026-03-04", "", "2026-03-02"},
		{"on the first day itself", "2026-03-02", "", "2026-03-02"},
		{"a change since", "2026-03-04", "2026-03-03", "2026-03-03"},
		{"an older change", "2026-03-04", "2026-02-20", "2026-03-02"},
		{"before the start", "2026-01-20", "", "2026-01-20"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in.History = nil
			if tt.last != "" {
				in.History = History{{Date: day(t, tt.last), Done: 1}}
			}
			if got := in.DashboardDay(day(t, tt.today)); got != day(t, tt.want) {
				t.Errorf("DashboardDay(%s) = %s, want %s", tt.today, got, tt.want)
			}
		})
	}
}
