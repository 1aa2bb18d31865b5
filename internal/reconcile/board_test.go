package reconcile

import (
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/progress"
	"github.com/ghsync/ghsync/internal/report"
)

// The board's status update: the gates, the due dates and the forecast
// decide it, and its body names reasons by id only, so that it changes
// (and is posted) only when the standing does.
func TestReleaseHealth(t *testing.T) {
	left := func(id string, open int) report.Progress {
		return report.Progress{ID: id, Tally: report.Tally{Total: open + 1, Open: open, Done: 1}}
	}
	due := func(p report.Progress, days int) report.Progress { p.DaysLeft = &days; return p }
	overdue := func(p report.Progress) report.Progress { p.Overdue, p.DaysOverdue = true, 3; return p }
	gate := func(id string, met, reachable bool) report.GateResult {
		return report.GateResult{ID: id, Met: met, Reachable: reachable}
	}
	late := func(id string, days int) progress.Forecast {
		return progress.Forecast{Kind: "milestone", ID: id, Late: true, DaysLate: days}
	}
	for _, tc := range []struct {
		name       string
		milestones []report.Progress
		gates      []report.GateResult
		forecasts  []progress.Forecast
		status     string
		lines      []string
	}{
		{name: "on track", milestones: []report.Progress{due(left("M1", 2), 20)}, gates: []report.GateResult{gate("production", false, true)},
			forecasts: []progress.Forecast{{ID: "M1"}}, status: "ON_TRACK"},
		{name: "the forecast misses a due date", milestones: []report.Progress{due(left("M1", 2), 20)},
			forecasts: []progress.Forecast{late("M1", 9), {Kind: "gate", ID: "production", Late: true, DaysLate: 30}},
			status:    "AT_RISK", lines: []string{"Forecast to miss the due date at the current velocity: M1, production."}},
		{name: "a late forecast of a target already done says nothing", milestones: []report.Progress{due(left("M1", 2), 20)},
			forecasts: []progress.Forecast{{ID: "M0", Done: true, Late: true}}, status: "ON_TRACK"},
		{name: "due within a week", milestones: []report.Progress{due(left("M1", 2), 5)}, status: "AT_RISK",
			lines: []string{"Due within a week: M1 (2 left)."}},
		{name: "a gate that cannot be met", gates: []report.GateResult{gate("production", false, false)}, status: "AT_RISK",
			lines: []string{"Gates that can no longer be met: production."}},
		{name: "overdue wins, and its late forecast is not said twice", milestones: []report.Progress{overdue(left("M1", 4)), due(left("M2", 1), 30)},
			forecasts: []progress.Forecast{late("M1", 12), late("M2", 2)}, status: "OFF_TRACK",
			lines: []string{"Overdue: M1 (4 left).", "Forecast to miss the due date at the current velocity: M2."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := report.Report{Milestones: tc.milestones, Gates: tc.gates, Trend: progress.Trend{Forecasts: tc.forecasts}}
			u := ReleaseHealth{}.Health(r)
			if u.Status != tc.status {
				t.Errorf("status %s, want %s\n%s", u.Status, tc.status, u.Body)
			}
			for _, l := range tc.lines {
				if !strings.Contains(u.Body, "\n"+l+"\n") {
					t.Errorf("body lacks the line %q:\n%s", l, u.Body)
				}
			}
			if !strings.Contains(u.Body, "\n"+observed.StatusMark+" ") {
				t.Errorf("body lacks ghsync's mark:\n%s", u.Body)
			}
			// Day counts change daily: the body never carries them.
			for _, f := range tc.forecasts {
				if f.DaysLate > 0 && strings.Contains(u.Body, "days") {
					t.Errorf("body carries a day count:\n%s", u.Body)
				}
			}
		})
	}
}
