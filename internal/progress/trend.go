package progress

import (
	"math"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/words"
)

// State is where a blocker stands, as far as the trend is concerned.
type State int

// The states of a blocker.
const (
	// Left: open or not synced, work to do.
	Left State = iota
	// Done: closed as completed.
	Done
	// Dropped: closed as not planned or duplicate: neither done nor left.
	Dropped
)

// Blocker is one blocker as the trend sees it.
type Blocker struct {
	ID        string
	Hours     float64
	Priority  string
	Milestone string
	State     State
	// Closed is the day (UTC) its issue was closed; zero when not done or
	// unknown. A done blocker without it counts as done from the start.
	Closed    catalog.Date
	DependsOn []string
}

// Milestone is a catalog milestone with its due date resolved.
type Milestone struct {
	ID, Title string
	Due       catalog.Date
}

// Gate is a catalog gate.
type Gate struct {
	ID, Title string
	// Percent of Blockers that must be done.
	Percent  int
	Blockers []string
}

// Input is everything the trend is computed from. Blockers are in catalog
// order, which breaks every tie.
type Input struct {
	Start      catalog.Date
	Milestones []Milestone
	Gates      []Gate
	Blockers   []Blocker
	// History is the dashboard's record with today's point (History.With);
	// before its first point the figures are rebuilt from the blockers'
	// closing days.
	History History
}

// Window is how far back velocity looks.
const Window = 28

// figures are the catalog's figures at the end of day d: the history's
// when it reaches back to d, else rebuilt from the closing days: the
// blockers done now that were closed by then, against today's scope (a
// rebuilt past knows nothing of blockers added, re-estimated or reopened
// since).
func (in Input) figures(d catalog.Date) Point {
	if p, ok := in.History.At(d); ok {
		return p
	}
	p := Point{Date: d}
	for _, b := range in.Blockers {
		switch b.State {
		case Done:
			if b.Closed.IsZero() || !d.Before(b.Closed) {
				p.Done += b.Hours
			} else {
				p.Left += b.Hours
				p.Open++
			}
		case Left:
			p.Left += b.Hours
			p.Open++
		}
	}
	p.Done, p.Left = words.Round(p.Done), words.Round(p.Left)
	return p
}

// Velocity is the hours closed per week over a window ending on a day.
type Velocity struct {
	// From (exclusive) and To (inclusive) bound the window: the last four
	// weeks, or since the start when that is shorter, but at least a week.
	From catalog.Date `json:"from"`
	To   catalog.Date `json:"to"`
	// Closed is the growth of the hours done in the window (never below 0).
	Closed       float64 `json:"hours_closed"`
	HoursPerWeek float64 `json:"hours_per_week"`
}

// VelocityAt is the velocity of the window ending on asOf.
func (in Input) VelocityAt(asOf catalog.Date) Velocity {
	from := asOf.AddDays(-Window)
	if !in.Start.IsZero() && from.Before(in.Start.AddDays(-1)) {
		from = in.Start.AddDays(-1)
	}
	if days(from, asOf) < 7 {
		from = asOf.AddDays(-7)
	}
	closed := math.Max(0, words.Round(in.figures(asOf).Done-in.figures(from).Done))
	weeks := float64(days(from, asOf)) / 7
	return Velocity{From: from, To: asOf, Closed: closed, HoursPerWeek: words.Round(closed / weeks)}
}

// days is to - from in whole days.
func days(from, to catalog.Date) int { return int(math.Round(to.Time().Sub(from.Time()).Hours() / 24)) }

// Week is one column of the burndown: the hours left at the end of the
// week (the end of its last day).
type Week struct {
	// N counts weeks from the start: week 1 is the start's first seven
	// days, week 0 the day before the start.
	N   int          `json:"week"`
	End catalog.Date `json:"end"`
	// Plan is the ideal hours left; nil without a plan (no start, or no
	// milestone with a due date).
	Plan *float64 `json:"plan"`
	// Actual is the hours left as recorded, up to the week of as of
	// (its value then is the figure as of that day); nil after.
	Actual *float64 `json:"actual"`
	// Projected continues Actual at the velocity from the week of as of
	// on; nil before it.
	Projected *float64 `json:"projected"`
}

// Burndown is the hours left week by week against the plan.
type Burndown struct {
	// Start is the first day of week 1: the catalog's start, else the
	// first day the history or a closing knows of.
	Start catalog.Date `json:"start"`
	Weeks []Week       `json:"weeks"`
}

// maxWeeks is the most columns a burndown has (the latest ones), and
// maxAhead how far past the plan and today a projection is drawn.
const (
	maxWeeks = 60
	maxAhead = 26
)

// origin is the first day of week 1.
func (in Input) origin(asOf catalog.Date) catalog.Date {
	if !in.Start.IsZero() {
		return in.Start
	}
	o := asOf
	if len(in.History) > 0 && in.History[0].Date.Before(o) {
		o = in.History[0].Date
	}
	for _, b := range in.Blockers {
		if b.State == Done && !b.Closed.IsZero() && b.Closed.Before(o) {
			o = b.Closed
		}
	}
	return o
}

// weekOf is the week whose last day is on or after d.
func weekOf(origin, d catalog.Date) int {
	n := days(origin.AddDays(-1), d)
	if n <= 0 {
		return 0
	}
	return (n + 6) / 7
}

func weekEnd(origin catalog.Date, n int) catalog.Date { return origin.AddDays(7*n - 1) }

// BurndownAt is the burndown as of asOf with velocity v.
func (in Input) BurndownAt(asOf catalog.Date, v Velocity) Burndown {
	origin := in.origin(asOf)
	now := weekOf(origin, asOf)
	last := now
	plan, planned := in.plan()
	if planned {
		last = max(last, weekOf(origin, plan[len(plan)-1].Date))
	}
	left := in.figures(asOf).Left
	if v.HoursPerWeek > 0 {
		ahead := int(math.Ceil(left / v.HoursPerWeek))
		last = max(last, now+min(ahead, maxAhead))
	}
	// The latest maxWeeks, but never without this week and the twelve
	// before: a plan that reaches far ahead is cut at its end instead.
	first := min(max(0, last-maxWeeks+1), max(0, now-12))
	last = min(last, first+maxWeeks-1)
	b := Burndown{Start: origin, Weeks: make([]Week, 0, last-first+1)}
	for n := first; n <= last; n++ {
		w := Week{N: n, End: weekEnd(origin, n)}
		if planned {
			w.Plan = ptr(ideal(plan, w.End))
		}
		switch {
		case n < now:
			w.Actual = ptr(in.figures(w.End).Left)
		case n == now:
			w.Actual, w.Projected = ptr(left), ptr(left)
		default:
			w.Projected = ptr(words.Round(math.Max(0, left-v.HoursPerWeek*float64(days(asOf, w.End))/7)))
		}
		b.Weeks = append(b.Weeks, w)
	}
	return b
}

func ptr(f float64) *float64 { return &f }

// plan is the ideal line's corners: the whole scope (hours done and left)
// the day before the start, then at each due date the scope less the
// milestones due by then. false when there is no start or no due date.
func (in Input) plan() ([]Point, bool) {
	if in.Start.IsZero() {
		return nil, false
	}
	var scope float64
	byMilestone := map[string]float64{}
	for _, b := range in.Blockers {
		if b.State != Dropped {
			scope += b.Hours
			byMilestone[b.Milestone] += b.Hours
		}
	}
	var dues []Milestone
	for _, m := range in.Milestones {
		if !m.Due.IsZero() {
			dues = append(dues, m)
		}
	}
	if len(dues) == 0 {
		return nil, false
	}
	sortMilestones(dues)
	pts := []Point{{Date: in.Start.AddDays(-1), Left: words.Round(scope)}}
	left := scope
	for _, m := range dues {
		left -= byMilestone[m.ID]
		if m.Due.Before(pts[len(pts)-1].Date) || m.Due == pts[len(pts)-1].Date {
			pts[len(pts)-1].Left = words.Round(math.Max(0, left))
			continue
		}
		pts = append(pts, Point{Date: m.Due, Left: words.Round(math.Max(0, left))})
	}
	return pts, true
}

// ideal interpolates the plan's corners linearly by day.
func ideal(pts []Point, d catalog.Date) float64 {
	if !pts[0].Date.Before(d) {
		return pts[0].Left
	}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		if !b.Date.Before(d) {
			f := float64(days(a.Date, d)) / float64(days(a.Date, b.Date))
			return words.Round(a.Left + (b.Left-a.Left)*f)
		}
	}
	return pts[len(pts)-1].Left
}

// Trend is everything progress says about a catalog as of one day.
type Trend struct {
	AsOf     catalog.Date `json:"as_of"`
	Velocity Velocity     `json:"velocity"`
	Burndown Burndown     `json:"burndown"`
	// Forecasts are the milestones' (catalog order), then the gates'.
	Forecasts []Forecast `json:"forecasts"`
	// Finish is the forecast for all the work left; its Kind is "all".
	Finish Forecast `json:"finish"`
	// Ready are the ids of the blockers with work left whose dependencies
	// are all done, most urgent first (see Ready).
	Ready []string `json:"-"`
}

// Compute is the trend as of asOf.
func (in Input) Compute(asOf catalog.Date) Trend {
	v := in.VelocityAt(asOf)
	fs, all := in.forecasts(asOf, v)
	return Trend{
		AsOf:      asOf,
		Velocity:  v,
		Burndown:  in.BurndownAt(asOf, v),
		Forecasts: fs,
		Finish:    all,
		Ready:     in.Ready(),
	}
}

// DashboardDay is the day the dashboard's trend is computed as of: the
// later of the history's last point and the first day of today's week
// (counted from the start). Within a week in which nothing changes it
// stays put, so time alone rewrites the dashboard at most once a week.
func (in Input) DashboardDay(today catalog.Date) catalog.Date {
	origin := in.origin(today)
	d := today
	if !today.Before(origin) {
		d = origin.AddDays(7 * (days(origin, today) / 7))
	}
	if n := len(in.History); n > 0 && d.Before(in.History[n-1].Date) {
		d = in.History[n-1].Date
	}
	if today.Before(d) {
		d = today
	}
	return d
}
