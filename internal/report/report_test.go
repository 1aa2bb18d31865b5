package report

import (
	"github.com/ghsync/ghsync/internal/words"
	"reflect"
	"testing"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

func date(t testing.TB, s string) catalog.Date {
	t.Helper()
	d, err := catalog.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// fixtureToday is the day the fixture is read on: the day after M1 is due
// and the day M2 is due.
const fixtureToday = "2026-02-23"

// fixture is a small catalog and the GitHub state of its issues, built so
// that every figure the tests expect can be worked out by hand:
//
//	id      prio cat            ms  hours issue(s)                    status
//	P0-001  P0   security       M0  4     #1 closed completed         done
//	P0-002  P0   security       M1  16    #2 closed, #9 open          open (#9 counts: #2 is ana's copy)
//	P0-003  P0   reliability    M1  8     #3 open                     open, waits P0-002
//	P0-004  P0   reliability    M2  12    -                           not synced, waits P0-003
//	P1-001  P1   testing        M0  2     #10 closed completed        done
//	P1-002  P1   testing        M0  2     #11 closed, no reason       done
//	P1-003  P1   testing        M0  3     #12 closed not_planned      dropped
//	P1-004  P1   operations     M2  5     #13 closed, #21 closed      done (#13 counts)
//	P1-005  P1   operations     M2  5     #14 closed completed        done
//	P1-006  P1   operations     -   1.5   #15 closed completed        done
//	P1-007  P1   operations     -   2.5   #16 closed completed        done
//	P1-008  P1   observability  M1  6     #17 closed completed        done
//	P1-009  P1   observability  M2  4     #18 closed completed        done (depends on open P0-002)
//	P1-010  P1   observability  M2  10    #19 open                    open, waits P1-003 (dropped)
//	P1-011  P1   observability  -   0     #20 closed duplicate        dropped
//
// start 2026-02-02: M0 due_week 1 = 02-02+6 = 2026-02-08; M1 due_week 3 =
// 02-02+20 = 2026-02-22; M2 due 2026-02-23; M3 due_week 12 = 02-02+83 =
// 2026-04-26 and has no blockers.
func fixture(t testing.TB) (*catalog.Catalog, observed.State, catalog.Date) {
	t.Helper()
	b := func(id, prio, cat, ms string, h float64, deps ...string) catalog.Blocker {
		return catalog.Blocker{ID: id, Title: "Title of " + id, Priority: prio, Category: cat, Milestone: ms, EffortHours: h, DependsOn: deps}
	}
	c := &catalog.Catalog{
		Version:    1,
		Repository: "acme/erlmcp",
		Project:    "erlmcp v3",
		Start:      date(t, "2026-02-02"),
		Milestones: []catalog.Milestone{
			{ID: "M0", Title: "Kick-off", DueWeek: 1},
			{ID: "M1", Title: "Foundation", DueWeek: 3},
			{ID: "M2", Title: "High availability", Due: date(t, "2026-02-23")},
			{ID: "M3", Title: "Compliance", DueWeek: 12},
		},
		Gates: []catalog.Gate{
			{ID: "production", Title: "Must have", Require: "all", Blockers: []string{"P0-001", "P0-002", "P0-003", "P0-004"}},
			{ID: "enterprise", Title: "Should have", Require: "80%", Blockers: []string{
				"P1-001", "P1-002", "P1-004", "P1-005", "P1-006", "P1-007", "P1-008", "P1-009", "P1-010", "P0-004"}},
			{ID: "ha", Require: "80%", Blockers: []string{
				"P1-001", "P1-002", "P1-003", "P1-004", "P1-005", "P1-006", "P1-007", "P1-009", "P1-010", "P0-002"}},
			{ID: "cleanup", Require: "all", Blockers: []string{"P1-001", "P1-003"}},
		},
		Blockers: []catalog.Blocker{
			b("P0-001", "P0", "security", "M0", 4),
			b("P0-002", "P0", "security", "M1", 16, "P0-001"),
			b("P0-003", "P0", "reliability", "M1", 8, "P0-001", "P0-002"),
			b("P0-004", "P0", "reliability", "M2", 12, "P0-003"),
			b("P1-001", "P1", "testing", "M0", 2),
			b("P1-002", "P1", "testing", "M0", 2),
			b("P1-003", "P1", "testing", "M0", 3),
			b("P1-004", "P1", "operations", "M2", 5),
			b("P1-005", "P1", "operations", "M2", 5),
			b("P1-006", "P1", "operations", "", 1.5),
			b("P1-007", "P1", "operations", "", 2.5),
			b("P1-008", "P1", "observability", "M1", 6),
			b("P1-009", "P1", "observability", "M2", 4, "P0-002"),
			b("P1-010", "P1", "observability", "M2", 10, "P1-003", "P1-009"),
			b("P1-011", "P1", "observability", "", 0),
		},
		Declared: &catalog.Declared{
			Source:     "BLOCKER_SUMMARY.md",
			Total:      20,
			ByPriority: map[string]int{"P0": 4, "P1": 12, "P2": 4},
			ByCategory: map[string]int{"security": 2, "testing": 2},
			RoleHours:  map[string]float64{"security-engineer": 30},
		},
	}
	c.Blockers[0].Assignee = "security-engineer"
	c.Blockers[1].Assignee = "security-engineer"

	issue := func(n int, id string, state observed.IssueState, reason observed.Reason) observed.Issue {
		return observed.Issue{
			Number: n, Title: "Title of " + id, State: state, StateReason: reason, Author: "ghsync-bot",
			Body: "notes people wrote\n\n" + marker.Wrap(marker.BlockerKey(id), "managed"),
		}
	}
	// #2 is a collaborator's older issue into which she pasted P0-002's
	// marker: ghsync's own issue (#9) counts.
	anas := issue(2, "P0-002", "closed", "completed")
	anas.Author = "ana"
	s := observed.State{
		Repository: "acme/erlmcp",
		Listing:    observed.Listing{Writers: []string{"ghsync-bot"}},
		// Out of number order on purpose: grouping must not depend on it.
		Issues: []observed.Issue{
			issue(9, "P0-002", "open", ""),
			issue(1, "P0-001", "closed", "completed"),
			anas,
			issue(3, "P0-003", "open", ""),
			issue(10, "P1-001", "closed", "completed"),
			issue(11, "P1-002", "closed", ""),
			issue(12, "P1-003", "closed", "not_planned"),
			issue(21, "P1-004", "closed", "completed"),
			issue(13, "P1-004", "closed", "completed"),
			issue(14, "P1-005", "closed", "completed"),
			issue(15, "P1-006", "closed", "completed"),
			issue(16, "P1-007", "closed", "completed"),
			issue(17, "P1-008", "closed", "completed"),
			issue(18, "P1-009", "closed", "completed"),
			issue(19, "P1-010", "open", ""),
			issue(20, "P1-011", "closed", "duplicate"),
			// Not the catalog's: a blocker that was removed, a person's
			// issue without a marker, the dashboard.
			issue(22, "P9-999", "open", ""),
			{Number: 23, Title: "Question", State: "open", Body: "how do I run it?"},
			{Number: 24, Title: "Dashboard", State: "open", Body: marker.Wrap(marker.DashboardKey(), "x")},
		},
	}
	return c, s, date(t, fixtureToday)
}

func TestBuildTotals(t *testing.T) {
	c, s, today := fixture(t)
	r := Build(c, s, today)

	// done:    P0-001 4, P1-001 2, P1-002 2, P1-004 5, P1-005 5, P1-006 1.5,
	//          P1-007 2.5, P1-008 6, P1-009 4      = 9 blockers, 32h
	// open:    P0-002 16, P0-003 8, P1-010 10     = 3 blockers, 34h
	// unsynced P0-004 12                          = 1 blocker,  12h
	// dropped: P1-003 3, P1-011 0                 = 2 blockers,  3h
	// left = 34 + 12 = 46h; dropped hours are not left.
	want := Tally{Total: 15, Open: 3, Done: 9, Dropped: 2, NotSynced: 1, HoursDone: 32, HoursLeft: 46, HoursDropped: 3}
	if r.Totals != want {
		t.Errorf("totals = %+v, want %+v", r.Totals, want)
	}
	// 9 done of 15 - 2 dropped = 13: 900/13 = 69.2, rounded down.
	if got := r.Totals.PercentDone(); got != 69 {
		t.Errorf("percent done = %d, want 69", got)
	}
}

func TestBuildGroups(t *testing.T) {
	c, s, today := fixture(t)
	r := Build(c, s, today)

	wantPrio := []Group{
		// P0: done P0-001 4h; open P0-002 16 + P0-003 8; unsynced P0-004 12 -> left 36h.
		{"P0", Tally{Total: 4, Open: 2, Done: 1, NotSynced: 1, HoursDone: 4, HoursLeft: 36}},
		// P1: done 2+2+5+5+1.5+2.5+6+4 = 28h; open P1-010 10h; dropped P1-003 3 + P1-011 0.
		{"P1", Tally{Total: 11, Open: 1, Done: 8, Dropped: 2, HoursDone: 28, HoursLeft: 10, HoursDropped: 3}},
	}
	if !reflect.DeepEqual(r.ByPriority, wantPrio) {
		t.Errorf("by priority:\n got %+v\nwant %+v", r.ByPriority, wantPrio)
	}

	wantCat := []Group{
		// P1-008 done 6, P1-009 done 4, P1-010 open 10, P1-011 dropped 0.
		{"observability", Tally{Total: 4, Open: 1, Done: 2, Dropped: 1, HoursDone: 10, HoursLeft: 10}},
		// P1-004 5, P1-005 5, P1-006 1.5, P1-007 2.5, all done.
		{"operations", Tally{Total: 4, Done: 4, HoursDone: 14}},
		// P0-003 open 8, P0-004 unsynced 12.
		{"reliability", Tally{Total: 2, Open: 1, NotSynced: 1, HoursLeft: 20}},
		// P0-001 done 4, P0-002 open 16.
		{"security", Tally{Total: 2, Open: 1, Done: 1, HoursDone: 4, HoursLeft: 16}},
		// P1-001 2, P1-002 2 done; P1-003 3 dropped.
		{"testing", Tally{Total: 3, Done: 2, Dropped: 1, HoursDone: 4, HoursDropped: 3}},
	}
	if !reflect.DeepEqual(r.ByCategory, wantCat) {
		t.Errorf("by category:\n got %+v\nwant %+v", r.ByCategory, wantCat)
	}
}

func TestBuildMilestones(t *testing.T) {
	c, s, today := fixture(t)
	r := Build(c, s, today)
	zero := 0
	want := []Progress{
		// Due 2026-02-08, long past, but nothing is left: not overdue.
		// P0-001 4, P1-001 2, P1-002 2 done (8h); P1-003 dropped. 3/(4-1) = 100%.
		{ID: "M0", Title: "Kick-off", Due: date(t, "2026-02-08"),
			Tally:   Tally{Total: 4, Done: 3, Dropped: 1, HoursDone: 8, HoursDropped: 3},
			Percent: 100},
		// Due 2026-02-22, today 2026-02-23, work left: overdue by exactly 1 day.
		// P1-008 done 6; P0-002 16 + P0-003 8 open. 1/3 = 33%.
		{ID: "M1", Title: "Foundation", Due: date(t, "2026-02-22"),
			Tally:   Tally{Total: 3, Open: 2, Done: 1, HoursDone: 6, HoursLeft: 24},
			Percent: 33, Overdue: true, DaysOverdue: 1},
		// Due today: not overdue, 0 days left.
		// P1-004 5, P1-005 5, P1-009 4 done (14h); P1-010 10 open, P0-004 12 unsynced. 3/5 = 60%.
		{ID: "M2", Title: "High availability", Due: date(t, "2026-02-23"),
			Tally:   Tally{Total: 5, Open: 1, Done: 3, NotSynced: 1, HoursDone: 14, HoursLeft: 22},
			Percent: 60, DaysLeft: &zero},
		// Empty: nothing left, nothing done.
		{ID: "M3", Title: "Compliance", Due: date(t, "2026-04-26"), Percent: 0},
		// P1-006 1.5 + P1-007 2.5 done; P1-011 dropped. 2/(3-1) = 100%.
		{ID: "", Title: "no milestone",
			Tally:   Tally{Total: 3, Done: 2, Dropped: 1, HoursDone: 4},
			Percent: 100},
	}
	if !reflect.DeepEqual(r.Milestones, want) {
		t.Errorf("milestones:\n got %+v\nwant %+v", r.Milestones, want)
	}
}

func TestBuildGates(t *testing.T) {
	c, s, today := fixture(t)
	r := Build(c, s, today)
	type gateWant struct {
		done, total, dropped, more int
		met, reachable             bool
		holding, droppedIDs        []string
		summary                    string
	}
	tests := map[string]gateWant{
		// P0-001 done; P0-002, P0-003 open; P0-004 not synced: 100 < 400.
		"production": {done: 1, total: 4, more: 3, reachable: true,
			holding: []string{"P0-002", "P0-003", "P0-004"},
			summary: "production: not met (1/4 done, needs all: 3 more)"},
		// Exactly 8 of 10 at 80%: 800 >= 800, met.
		"enterprise": {done: 8, total: 10, met: true, reachable: true,
			holding: []string{"P1-010", "P0-004"},
			summary: "enterprise: met (8/10 done = 80%, needs 80%)"},
		// 7 of 10 (P1-003 dropped is not done): 700 < 800; ceil(8.0) - 7 = 1 more;
		// 7 + 2 open = 9 could still meet it.
		"ha": {done: 7, total: 10, dropped: 1, more: 1, reachable: true,
			holding: []string{"P1-010", "P0-002"}, droppedIDs: []string{"P1-003"},
			summary: "ha: not met (7/10 done = 70%, needs 80%: 1 more; 1 dropped, not counted as done)"},
		// P1-001 done, P1-003 dropped and nothing else to do: never met.
		"cleanup": {done: 1, total: 2, dropped: 1, more: 1,
			droppedIDs: []string{"P1-003"},
			summary:    "cleanup: not met (1/2 done, needs all: 1 more; 1 dropped, not counted as done; cannot be met while they stay dropped)"},
	}
	var gateIDs []string
	for _, g := range r.Gates {
		gateIDs = append(gateIDs, g.ID)
	}
	if !reflect.DeepEqual(gateIDs, []string{"production", "enterprise", "ha", "cleanup"}) {
		t.Errorf("gates in catalog order = %v", gateIDs)
	}
	for id, w := range tests {
		t.Run(id, func(t *testing.T) {
			g, ok := r.Gate(id)
			if !ok {
				t.Fatalf("gate %s missing", id)
			}
			if g.Done != w.done || g.Total != w.total || g.Dropped != w.dropped || g.MoreNeeded != w.more || g.Met != w.met || g.Reachable != w.reachable {
				t.Errorf("got done=%d total=%d dropped=%d more=%d met=%v reachable=%v, want %+v",
					g.Done, g.Total, g.Dropped, g.MoreNeeded, g.Met, g.Reachable, w)
			}
			if got := ids(g.Holding); !reflect.DeepEqual(got, w.holding) && len(got)+len(w.holding) > 0 {
				t.Errorf("holding = %v, want %v", got, w.holding)
			}
			if got := ids(g.DroppedItems); !reflect.DeepEqual(got, w.droppedIDs) && len(got)+len(w.droppedIDs) > 0 {
				t.Errorf("dropped = %v, want %v", got, w.droppedIDs)
			}
			if got := g.Summary(); got != w.summary {
				t.Errorf("summary:\n got %q\nwant %q", got, w.summary)
			}
		})
	}
	if _, ok := r.Gate("nope"); ok {
		t.Error("unknown gate found")
	}
}

func ids(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func TestGateArithmetic(t *testing.T) {
	tests := []struct {
		require          string
		done, total      int
		wantMet          bool
		wantMore         int
		wantPercentShown int
	}{
		{"80%", 8, 10, true, 0, 80},  // 800 >= 800
		{"80%", 7, 10, false, 1, 70}, // 700 < 800; ceil(8) - 7
		{"67%", 2, 3, false, 1, 66},  // 200 < 201; ceil(2.01) = 3 - 2
		{"66%", 2, 3, true, 0, 66},   // 200 >= 198
		{"50%", 0, 3, false, 2, 0},   // ceil(1.5) = 2
		{"all", 0, 0, true, 0, 100},  // an empty gate holds nothing
		{"all", 10, 11, false, 1, 90},
		{"", 3, 3, true, 0, 100}, // no require means all
	}
	for _, tt := range tests {
		byID := map[string]Item{}
		g := catalog.Gate{ID: "g", Require: tt.require}
		for i := range tt.total {
			id := string(rune('a'+i/10)) + string(rune('0'+i%10))
			st := Open
			if i < tt.done {
				st = Done
			}
			byID[id] = Item{ID: id, Status: st}
			g.Blockers = append(g.Blockers, id)
		}
		res := gate(g, byID)
		if res.Met != tt.wantMet || res.MoreNeeded != tt.wantMore || res.PercentDone() != tt.wantPercentShown {
			t.Errorf("%s %d/%d: met=%v more=%d shown=%d%%, want %v %d %d%%",
				tt.require, tt.done, tt.total, res.Met, res.MoreNeeded, res.PercentDone(), tt.wantMet, tt.wantMore, tt.wantPercentShown)
		}
	}
}

func TestGateNamesUnknownBlocker(t *testing.T) {
	c := &catalog.Catalog{
		Blockers: []catalog.Blocker{{ID: "A"}},
		Gates:    []catalog.Gate{{ID: "g", Require: "all", Blockers: []string{"A", "GONE"}}},
	}
	s := observed.State{Issues: []observed.Issue{{Number: 1, State: "closed", Body: marker.Wrap(marker.BlockerKey("A"), "")}}}
	g, _ := Build(c, s, catalog.Date{}).Gate("g")
	// A is done; GONE cannot be: 1/2, not met, and closing nothing would meet it.
	if g.Met || g.Done != 1 || len(g.Holding) != 1 || g.Holding[0].Status != Unknown || g.Reachable {
		t.Errorf("gate = %+v", g)
	}
}

func TestBuildStatus(t *testing.T) {
	body := marker.Wrap(marker.BlockerKey("X"), "x")
	tests := []struct {
		name   string
		issues []observed.Issue
		want   Status
		issue  int
		dups   []int
	}{
		{"no issue", nil, NotSynced, 0, nil},
		{"open", []observed.Issue{{Number: 4, State: "open", Body: body}}, Open, 4, nil},
		{"completed", []observed.Issue{{Number: 4, State: "closed", StateReason: "completed", Body: body}}, Done, 4, nil},
		{"closed without reason", []observed.Issue{{Number: 4, State: "closed", Body: body}}, Done, 4, nil},
		{"not planned", []observed.Issue{{Number: 4, State: "closed", StateReason: "not_planned", Body: body}}, Dropped, 4, nil},
		{"duplicate", []observed.Issue{{Number: 4, State: "closed", StateReason: "duplicate", Body: body}}, Dropped, 4, nil},
		{"two open: the lowest counts", []observed.Issue{
			{Number: 8, State: "open", Body: body}, {Number: 5, State: "open", Body: body}}, Open, 5, []int{8}},
		{"the oldest counts, closed or not", []observed.Issue{
			{Number: 3, State: "closed", StateReason: "completed", Body: body}, {Number: 7, State: "open", Body: body}}, Done, 3, []int{7}},
		{"all closed: the lowest counts", []observed.Issue{
			{Number: 9, State: "closed", StateReason: "completed", Body: body},
			{Number: 6, State: "closed", StateReason: "not_planned", Body: body}}, Dropped, 6, []int{9}},
		{"marker of another blocker", []observed.Issue{
			{Number: 4, State: "closed", Body: marker.Wrap(marker.BlockerKey("Y"), "")}}, NotSynced, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &catalog.Catalog{Blockers: []catalog.Blocker{{ID: "X", EffortHours: 2}}}
			r := Build(c, observed.State{Issues: tt.issues}, catalog.Date{})
			it := r.Blockers[0]
			if it.Status != tt.want || it.Issue != tt.issue || !reflect.DeepEqual(it.Duplicates, tt.dups) {
				t.Errorf("got status=%s issue=%d dups=%v, want %s %d %v", it.Status, it.Issue, it.Duplicates, tt.want, tt.issue, tt.dups)
			}
		})
	}
}

func TestBuildBlocked(t *testing.T) {
	c, s, today := fixture(t)
	r := Build(c, s, today)
	// P0-003 open waits on P0-002 (open #9; P0-001 is done);
	// P0-004 not synced waits on P0-003 (open #3);
	// P1-010 open waits on P1-003 (dropped #12; P1-009 is done);
	// P1-009 depends on open P0-002 but is done, so it is not blocked.
	want := []BlockedItem{
		{Item: r.Blockers[2], WaitingOn: []Dependency{{ID: "P0-002", Status: Open, Issue: 9}}},
		{Item: r.Blockers[3], WaitingOn: []Dependency{{ID: "P0-003", Status: Open, Issue: 3}}},
		{Item: r.Blockers[13], WaitingOn: []Dependency{{ID: "P1-003", Status: Dropped, Issue: 12}}},
	}
	if !reflect.DeepEqual(r.Blocked, want) {
		t.Errorf("blocked:\n got %+v\nwant %+v", r.Blocked, want)
	}
}

func TestBuildGaps(t *testing.T) {
	c, s, today := fixture(t)
	r := Build(c, s, today)
	want := []string{
		// 20 declared, 15 written out.
		"the sources declare 20 blockers; the catalog contains 15; 5 were never written out",
		// P0 declares 4 and has 4: no gap. P1: 12 vs 11. P2: 4 vs none.
		"the sources declare 12 P1 blockers; the catalog contains 11; 1 was never written out",
		"the sources declare 4 P2 blockers; the catalog contains 0; 4 were never written out",
		// security 2 = 2: no gap. testing: 2 declared, 3 present.
		"the sources declare 2 testing blockers; the catalog contains 3; 1 more than declared",
		// P0-001 4h + P0-002 16h = 20h of the 30h declared.
		"the sources declare 30h of security-engineer work; the catalog's blockers add up to 20h; 10h are not in the catalog",
	}
	var got []string
	for _, g := range r.Gaps {
		got = append(got, g.Sentence())
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("gaps:\n got %q\nwant %q", got, want)
	}
	if r.DeclaredSource != "BLOCKER_SUMMARY.md" {
		t.Errorf("declared source = %q", r.DeclaredSource)
	}

	c.Declared = nil
	if r := Build(c, s, today); len(r.Gaps) != 0 {
		t.Errorf("gaps without declared totals: %v", r.Gaps)
	}
}

func TestMilestoneDueDates(t *testing.T) {
	left := Tally{Total: 1, Open: 1, HoursLeft: 1}
	done := Tally{Total: 1, Done: 1}
	tests := []struct {
		name        string
		t           Tally
		due, today  string
		overdue     bool
		daysOverdue int
		daysLeft    int // -1: none
		status      string
	}{
		{"overdue by one day", left, "2026-02-22", "2026-02-23", true, 1, -1, "overdue by 1 day"},
		{"overdue by days", left, "2026-02-20", "2026-02-23", true, 3, -1, "overdue by 3 days"},
		{"due today", left, "2026-02-23", "2026-02-23", false, 0, 0, "due today"},
		{"due tomorrow", left, "2026-02-24", "2026-02-23", false, 0, 1, "due in 1 day"},
		{"past due but done", done, "2026-02-22", "2026-02-23", false, 0, -1, "done"},
		{"no due date", left, "", "2026-02-23", false, 0, -1, "no due date"},
		// Across the end of March, when Europe moves its clocks: still whole days.
		{"across a month", left, "2026-03-28", "2026-04-02", true, 5, -1, "overdue by 5 days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var due catalog.Date
			if tt.due != "" {
				due = date(t, tt.due)
			}
			p := milestoneProgress(tt.t, "M", "M", due, date(t, tt.today))
			if p.Overdue != tt.overdue || p.DaysOverdue != tt.daysOverdue {
				t.Errorf("overdue=%v by %d, want %v by %d", p.Overdue, p.DaysOverdue, tt.overdue, tt.daysOverdue)
			}
			switch {
			case tt.daysLeft < 0 && p.DaysLeft != nil:
				t.Errorf("days left = %d, want none", *p.DaysLeft)
			case tt.daysLeft >= 0 && (p.DaysLeft == nil || *p.DaysLeft != tt.daysLeft):
				t.Errorf("days left = %v, want %d", p.DaysLeft, tt.daysLeft)
			}
			if got := milestoneStatus(p, true); got != tt.status {
				t.Errorf("status = %q, want %q", got, tt.status)
			}
		})
	}
}

func TestHoursHaveNoFloatNoise(t *testing.T) {
	c := &catalog.Catalog{Blockers: []catalog.Blocker{
		{ID: "A", Category: "c", EffortHours: 0.1},
		{ID: "B", Category: "c", EffortHours: 0.2},
	}}
	r := Build(c, observed.State{}, catalog.Date{})
	// 0.1 + 0.2 is 0.30000000000000004 in float64.
	if r.Totals.HoursLeft != 0.3 || r.ByCategory[0].HoursLeft != 0.3 {
		t.Errorf("hours left = %v, %v; want 0.3", r.Totals.HoursLeft, r.ByCategory[0].HoursLeft)
	}
	if got := words.Hours(r.Totals.HoursLeft); got != "0.3h" {
		t.Errorf("hours() = %q", got)
	}
}
