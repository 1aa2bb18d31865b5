package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/progress"
	"github.com/ghsync/ghsync/internal/words"
)

// History says where the report's past comes from.
type History struct {
	// Source is "record" when the dashboard's history record was read,
	// "closing dates" when there was none (or it was ignored) and the past
	// was rebuilt from the issues' closed_at.
	Source string `json:"source"`
	// Points is how many points the record the dashboard would carry now
	// holds, today's included.
	Points int `json:"points"`
	// Note says why a record was ignored.
	Note string `json:"note,omitempty"`
}

// History sources.
const (
	FromRecord  = "record"
	FromClosing = "closing dates"
)

// trend reads the dashboard's history record and computes the trend as of
// today. The record is read from the dashboard that counts (the one plan
// and apply write, by the identity rule of observed.Index), and the
// observed state holds only issues whose authors Trust allows: an
// outsider's copy of the dashboard never gets here.
func trend(c *catalog.Catalog, index observed.Index, items []Item, totals Tally, today catalog.Date) (progress.Input, progress.Trend, History) {
	in := progress.Input{Start: c.Start}
	for _, m := range c.Milestones {
		in.Milestones = append(in.Milestones, progress.Milestone{ID: m.ID, Title: m.Title, Due: m.DueDate(c.Start)})
	}
	for _, g := range c.Gates {
		in.Gates = append(in.Gates, progress.Gate{ID: g.ID, Title: g.Title, Percent: g.Percent(), Blockers: g.Blockers})
	}
	for _, it := range items {
		b := progress.Blocker{ID: it.ID, Hours: it.EffortHours, Priority: it.Priority, Milestone: it.Milestone, DependsOn: it.DependsOn, Closed: it.Closed}
		switch it.Status {
		case Done:
			b.State = progress.Done
		case Dropped:
			b.State = progress.Dropped
		}
		in.Blockers = append(in.Blockers, b)
	}
	h := History{Source: FromClosing}
	var prev progress.History
	if dash, ok := index.Primary(marker.DashboardKey()); ok {
		managed, _ := marker.Managed(dash.Body, marker.DashboardKey())
		rec, found, err := progress.Parse(managed)
		switch {
		case err != nil:
			h.Note = fmt.Sprintf("the history record of #%d was ignored (%v); the past is rebuilt from the issues' closing dates", dash.Number, err)
		case found:
			prev, h.Source = rec, FromRecord
		}
	}
	if today.IsZero() {
		return in, progress.Trend{}, h
	}
	in.History = prev.With(progress.Point{Date: today, Done: totals.HoursDone, Left: totals.HoursLeft, Open: totals.Left()})
	h.Points = len(in.History)
	return in, in.Compute(today), h
}

// closedOn is the UTC day an issue was closed, zero when open or unknown.
func closedOn(is observed.Issue) catalog.Date {
	if is.IsOpen() || is.ClosedAt == nil {
		return catalog.Date{}
	}
	return catalog.DateOf(is.ClosedAt.UTC())
}

// trendSet reports whether the report has a trend (it has a day).
func (r Report) trendSet() bool { return !r.Trend.AsOf.IsZero() }

// textWeeks is the most weeks the text's bars show (the latest).
const textWeeks = 48

// maxReady is how many ready blockers text and Markdown list; JSON has all.
const maxReady = 15

// burndownBody is the chart of hours left per week: in Markdown a Mermaid
// line chart, in the text a row of bars each.
func burndownBody(r Report) []block {
	if !r.trendSet() || len(r.Trend.Burndown.Weeks) == 0 {
		return nil
	}
	b := r.Trend.Burndown
	ws := b.Weeks
	hasPlan := ws[0].Plan != nil
	top := 0.0
	for _, w := range ws {
		for _, v := range []*float64{w.Plan, w.Actual, w.Projected} {
			if v != nil {
				top = math.Max(top, *v)
			}
		}
	}
	now := 0
	for i, w := range ws {
		if w.Actual != nil {
			now = i
		}
	}
	blocks := []block{markdownOnly{mermaidBurndown(ws, hasPlan, top)}}
	// The text: one bar a week, all rows on one scale, the latest
	// textWeeks weeks so that a row fits the terminal.
	rows := [][]string{}
	all := ws
	start := min(max(0, len(ws)-textWeeks), now) // never without this week
	ws = ws[start:min(len(ws), start+textWeeks)]
	now -= start
	first, last := ws[0], ws[len(ws)-1]
	if hasPlan {
		rows = append(rows, []string{"plan", sparkline(ws, top, func(w progress.Week) *float64 { return w.Plan }),
			words.Hours(*first.Plan) + " → " + words.Hours(*last.Plan) + " (W" + strconv.Itoa(last.N) + ")"})
	}
	rows = append(rows, []string{"actual", sparkline(ws, top, func(w progress.Week) *float64 { return w.Actual }),
		words.Hours(*first.Actual) + " → " + words.Hours(*ws[now].Actual) + " (W" + strconv.Itoa(ws[now].N) + ", " + r.Trend.AsOf.String() + ")"})
	if now < len(ws)-1 {
		rows = append(rows, []string{"projected", sparkline(ws, top, func(w progress.Week) *float64 {
			if w.Actual != nil {
				return nil
			}
			return w.Projected
		}), words.Hours(*last.Projected) + " (W" + strconv.Itoa(last.N) + ")"})
	}
	blocks = append(blocks, textOnly{preformatted(tableLines(indent(0), rows, "lll", 1))})
	ws = all
	now = len(all) - 1
	for i, w := range all {
		if w.Actual != nil {
			now = i
		}
	}
	legend := "Hours left at the end of each week W1, W2, ... from the start (" + b.Start.String() + "; W0 is the day before)."
	if hasPlan {
		legend += " First line: the plan, from all the work on the start to what is left after each milestone's due date."
	}
	legend += " Second line: the hours left as recorded, to W" + strconv.Itoa(ws[now].N)
	if now < len(ws)-1 {
		legend += ", then projected at the velocity"
	}
	legend += "."
	blocks = append(blocks, markdownOnly{para{p: mdOnly(legend)}})
	if r.History.Note != "" {
		blocks = append(blocks, para{p: plain(r.History.Note)})
	}
	return blocks
}

// mermaidBurndown is the burndown as a Mermaid xychart: the plan, then the
// hours left recorded and projected, both as long as the x axis (Mermaid
// draws no gaps).
func mermaidBurndown(ws []progress.Week, hasPlan bool, top float64) chart {
	var b strings.Builder
	b.WriteString("```mermaid\nxychart-beta\n    title \"Hours left per week\"\n    x-axis [")
	for i, w := range ws {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(mermaidString("W" + strconv.Itoa(w.N)))
	}
	fmt.Fprintf(&b, "]\n    y-axis \"hours left\" 0 --> %s\n", words.Number(niceTop(top)))
	line := func(get func(progress.Week) *float64) {
		b.WriteString("    line [")
		for i, w := range ws {
			if i > 0 {
				b.WriteString(", ")
			}
			v := get(w)
			if v == nil {
				v = w.Projected
			}
			b.WriteString(words.Number(*v))
		}
		b.WriteString("]\n")
	}
	if hasPlan {
		line(func(w progress.Week) *float64 { return w.Plan })
	}
	line(func(w progress.Week) *float64 { return w.Actual })
	b.WriteString("```\n")
	return chart(b.String())
}

// niceTop rounds a chart's top up to a multiple of 10 (at least 10).
func niceTop(f float64) float64 { return math.Max(10, math.Ceil(f/10)*10) }

// sparkline draws one bar a week on a scale of top; weeks without a value
// are blank.
func sparkline(ws []progress.Week, top float64, get func(progress.Week) *float64) string {
	const bars = "▁▂▃▄▅▆▇█"
	levels := []rune(bars)
	var b strings.Builder
	for _, w := range ws {
		v := get(w)
		switch {
		case v == nil:
			b.WriteRune(' ')
		case top <= 0:
			b.WriteRune(levels[0])
		default:
			b.WriteRune(levels[int(math.Round(*v/top*float64(len(levels)-1)))])
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// forecastNote says as of when: the text names the day; the dashboard
// too, which is computed as of the first day of the week or the last
// change since (progress.Input.DashboardDay); the Markdown report has
// the day in its title.
func forecastNote(r Report) phrase {
	if !r.trendSet() {
		return phrase{}
	}
	p := phrase{": as of " + r.Trend.AsOf.String() + ", at the velocity of the last four weeks", "At the velocity of the last four weeks."}
	if r.dashboard {
		p.md = "As of " + r.Trend.AsOf.String() + " (the first day of this week, or the last change since), at the velocity of the last four weeks."
	}
	return p
}

// forecastBody is the velocity and, per milestone and gate, the forecast.
func forecastBody(r Report) []block {
	if !r.trendSet() {
		return nil
	}
	t := r.Trend
	v := t.Velocity
	window := strconv.Itoa(int(math.Round(float64(v.To.Time().Sub(v.From.Time()).Hours()/24)))) + " days"
	vel := fact{label: "Velocity", parts: []string{
		words.Hours(v.HoursPerWeek) + " a week",
		words.Hours(v.Closed) + " closed in the last " + window,
	}}
	finish := fact{label: "All work", parts: []string{words.Hours(t.Finish.Hours) + " left", forecastWord(t.Finish).text}}
	if t.Finish.Done {
		finish.parts = []string{"done"}
	}
	blocks := []block{facts{vel, finish}}
	if len(t.Forecasts) == 0 {
		return blocks
	}
	rows := make([][]phrase, 0, len(t.Forecasts))
	for _, f := range t.Forecasts {
		// The text names milestones by id (the table above has their
		// titles), to leave room for the critical path.
		name := phrase{oneLine(f.ID), mdText(f.ID)}
		if f.Title != "" && !strings.HasPrefix(f.Title, f.ID) {
			name.md = mdText(f.ID + " " + f.Title)
		} else if f.Title != "" {
			name.md = mdText(f.Title)
		}
		if f.Kind == progress.KindGate {
			// The gates' titles are in their own section.
			name = phrase{"gate " + oneLine(f.ID), "gate **" + mdText(f.ID) + "**"}
		}
		due := "-"
		if !f.Due.IsZero() {
			due = f.Due.String()
		}
		queue := "-"
		if !f.Done && f.Note == "" {
			queue = words.Hours(f.Hours)
		}
		rows = append(rows, []phrase{name, same(due), forecastWord(f), same(queue), criticalPath(f)})
	}
	blocks = append(blocks, table{head: []string{"Target", "Due", "Forecast", "Queue", "Critical path"}, align: "lllrl", rows: rows, flex: 4})
	if v.HoursPerWeek <= 0 {
		blocks = append(blocks, para{p: same(capitalized(progress.NoVelocity) + ".")})
	}
	return blocks
}

// forecastWord is the forecast cell: the date (and how late), done, or why
// there is none.
func forecastWord(f progress.Forecast) phrase {
	switch {
	case f.Done:
		return phrase{"done", "✅ done"}
	case f.Date.IsZero():
		switch f.Note {
		case progress.NoVelocity:
			return same("no forecast")
		case progress.NoBlockers:
			return same("no blockers")
		}
		return same("cannot be met")
	case f.Late:
		late := f.Date.String() + ", " + words.Plural(f.DaysLate, "day") + " late"
		return phrase{late, "⚠️ " + late}
	}
	return same(f.Date.String())
}

// criticalPath is "P0-001 → P0-002 (20h)".
func criticalPath(f progress.Forecast) phrase {
	if len(f.CriticalPath) == 0 {
		return same("-")
	}
	s := strings.Join(f.CriticalPath, " → ") + " (" + words.Hours(f.CriticalHours) + ")"
	return plain(s)
}

func capitalized(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// readyBody lists what can be started now, most urgent first.
func readyBody(r Report) []block {
	if len(r.ReadyNow) == 0 {
		return nil
	}
	items := r.ReadyNow
	var more []block
	if len(items) > maxReady {
		more = []block{para{p: same("… and " + strconv.Itoa(len(items)-maxReady) + " more (ghsync report --format json lists all).")}}
		items = items[:maxReady]
	}
	return append([]block{itemList{items: items}}, more...)
}
