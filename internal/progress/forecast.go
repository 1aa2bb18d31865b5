package progress

import (
	"math"
	"slices"
	"sort"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/words"
)

// Forecast kinds.
const (
	KindMilestone = "milestone"
	KindGate      = "gate"
	KindAll       = "all"
)

// NoVelocity is what a forecast says instead of a date when nothing was
// closed in the window: any date would be made up.
const NoVelocity = "no forecast: nothing closed in 4 weeks"

// Notes of the targets that get no date for other reasons.
const (
	Unreachable = "no forecast: cannot be met while its dropped blockers stay dropped"
	NoBlockers  = "no blockers"
)

// Forecast is when a milestone, a gate or all the work is expected done.
type Forecast struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	// Due is the milestone's due date; a gate's is the latest due date of
	// its blockers' milestones. Zero (null) when there is none.
	Due catalog.Date `json:"due"`
	// Done: nothing is left (a gate: it is met).
	Done bool `json:"done"`
	// Hours is the work left the date is computed from: the target's own
	// blockers, the blockers they wait on, and the work scheduled before.
	Hours float64 `json:"queue_hours"`
	// Date is the forecast; zero (null) when Done or when there is none
	// (Note says why).
	Date catalog.Date `json:"date"`
	// Late: Date is after Due, by DaysLate days.
	Late     bool   `json:"late"`
	DaysLate int    `json:"days_late,omitempty"`
	Note     string `json:"note,omitempty"`
	// CriticalPath is the longest chain of blockers with work left,
	// following depends_on, among those the target needs, first to do
	// first; CriticalHours its hours.
	CriticalPath  []string `json:"critical_path"`
	CriticalHours float64  `json:"critical_hours"`
}

// forecasts schedules the work left in one queue and reads off when each
// target is done.
//
// The queue: milestones by due date (those without one last, then the
// blockers without a milestone), inside a milestone by priority then
// catalog order, and every blocker after the blockers it depends on, which
// are pulled forward from later milestones when need be: the dependency
// critical path decides what comes first. The queue is burnt at the
// velocity, so a blocker is done on asOf + (hours up to and including it)
// / velocity. A milestone is done when its last blocker is; a gate when
// enough of its blockers are (the earliest ones in the queue).
func (in Input) forecasts(asOf catalog.Date, v Velocity) ([]Forecast, Forecast) {
	byID := make(map[string]Blocker, len(in.Blockers))
	for _, b := range in.Blockers {
		byID[b.ID] = b
	}
	queue := in.queue(byID)
	at := map[string]float64{} // queue hours up to and including a blocker
	var total float64
	for _, id := range queue {
		total += byID[id].Hours
		at[id] = words.Round(total)
	}
	dated := func(f Forecast, hours float64) Forecast {
		f.Hours = words.Round(hours)
		if v.HoursPerWeek <= 0 {
			f.Note = NoVelocity
			return f
		}
		f.Date = asOf.AddDays(int(math.Ceil(hours / v.HoursPerWeek * 7)))
		if !f.Due.IsZero() && f.Due.Before(f.Date) {
			f.Late, f.DaysLate = true, days(f.Due, f.Date)
		}
		return f
	}
	cp := criticalPaths(byID)
	due := map[string]catalog.Date{}
	for _, m := range in.Milestones {
		due[m.ID] = m.Due
	}

	out := []Forecast{}
	for _, m := range in.Milestones {
		f := Forecast{Kind: KindMilestone, ID: m.ID, Title: m.Title, Due: m.Due, CriticalPath: []string{}}
		var ids []string
		has := false
		for _, b := range in.Blockers {
			has = has || b.Milestone == m.ID && b.State != Dropped
			if b.Milestone == m.ID && b.State == Left {
				ids = append(ids, b.ID)
			}
		}
		f.CriticalPath, f.CriticalHours = longest(cp, ids)
		switch {
		case !has:
			f.Note = NoBlockers
			out = append(out, f)
			continue
		case len(ids) == 0:
			f.Done = true
			out = append(out, f)
			continue
		}
		hours := 0.0
		for _, id := range ids {
			hours = math.Max(hours, at[id])
		}
		out = append(out, dated(f, hours))
	}
	for _, g := range in.Gates {
		f := Forecast{Kind: KindGate, ID: g.ID, Title: g.Title, CriticalPath: []string{}}
		done, dropped := 0, 0
		var left []string
		for _, id := range g.Blockers {
			b, ok := byID[id]
			switch {
			case !ok:
			case b.State == Done:
				done++
			case b.State == Dropped:
				dropped++
			default:
				left = append(left, id)
			}
			if d := due[b.Milestone]; ok && f.Due.Before(d) {
				f.Due = d
			}
		}
		need := (g.Percent*len(g.Blockers)+99)/100 - done
		if need <= 0 {
			f.Done = true
			out = append(out, f)
			continue
		}
		if need > len(left) {
			f.Note = Unreachable
			out = append(out, f)
			continue
		}
		sort.SliceStable(left, func(i, j int) bool { return at[left[i]] < at[left[j]] })
		f.CriticalPath, f.CriticalHours = longest(cp, left[:need])
		out = append(out, dated(f, at[left[need-1]]))
	}
	all := Forecast{Kind: KindAll, ID: "all", Title: "all work left", CriticalPath: []string{}}
	var ids []string
	for _, b := range in.Blockers {
		if b.State == Left {
			ids = append(ids, b.ID)
		}
	}
	all.CriticalPath, all.CriticalHours = longest(cp, ids)
	if len(ids) == 0 {
		all.Done = true
		return out, all
	}
	return out, dated(all, total)
}

// queue orders the blockers with work left (see forecasts).
func (in Input) queue(byID map[string]Blocker) []string {
	rank := map[string]int{}
	ms := slices.Clone(in.Milestones)
	sortMilestones(ms)
	for i, m := range ms {
		rank[m.ID] = i
	}
	order := map[string]int{}
	var left []Blocker
	for i, b := range in.Blockers {
		order[b.ID] = i
		if b.State == Left {
			left = append(left, b)
		}
	}
	milestoneRank := func(b Blocker) int {
		if r, ok := rank[b.Milestone]; ok {
			return r
		}
		return len(ms)
	}
	sort.SliceStable(left, func(i, j int) bool {
		a, b := left[i], left[j]
		if ra, rb := milestoneRank(a), milestoneRank(b); ra != rb {
			return ra < rb
		}
		if pa, pb := priorityRank(a.Priority), priorityRank(b.Priority); pa != pb {
			return pa < pb
		}
		return order[a.ID] < order[b.ID]
	})
	out := make([]string, 0, len(left))
	state := map[string]int{} // 1 visiting, 2 queued
	var visit func(id string)
	visit = func(id string) {
		b, ok := byID[id]
		if !ok || b.State != Left || state[id] != 0 {
			return // done, dropped, unknown, queued, or a cycle (validate refuses those)
		}
		state[id] = 1
		for _, d := range b.DependsOn {
			visit(d)
		}
		state[id] = 2
		out = append(out, id)
	}
	for _, b := range left {
		visit(b.ID)
	}
	return out
}

// sortMilestones orders milestones by due date, those without one last,
// keeping catalog order otherwise.
func sortMilestones(ms []Milestone) {
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := ms[i].Due, ms[j].Due
		if a.IsZero() != b.IsZero() {
			return !a.IsZero()
		}
		return a.Before(b)
	})
}

func priorityRank(p string) int {
	if i := slices.Index(catalog.Priorities, p); i >= 0 {
		return i
	}
	return len(catalog.Priorities)
}

// chain is a dependency chain of blockers with work left, first to do first.
type chain struct {
	ids   []string
	hours float64
}

// criticalPaths is, for every blocker with work left, the longest chain
// (in hours) of blockers with work left that ends in it.
func criticalPaths(byID map[string]Blocker) map[string]chain {
	memo := map[string]chain{}
	visiting := map[string]bool{}
	var walk func(id string) chain
	walk = func(id string) chain {
		if c, ok := memo[id]; ok {
			return c
		}
		b, ok := byID[id]
		if !ok || b.State != Left || visiting[id] {
			return chain{}
		}
		visiting[id] = true
		var best chain
		for _, d := range b.DependsOn {
			if c := walk(d); c.hours > best.hours || best.ids == nil && c.ids != nil {
				best = c
			}
		}
		visiting[id] = false
		c := chain{ids: append(slices.Clone(best.ids), id), hours: words.Round(best.hours + b.Hours)}
		memo[id] = c
		return c
	}
	for id := range byID {
		walk(id)
	}
	return memo
}

// longest is the longest of the chains ending in ids (the first on a tie).
func longest(cp map[string]chain, ids []string) ([]string, float64) {
	var best chain
	for _, id := range ids {
		if c := cp[id]; best.ids == nil || c.hours > best.hours {
			best = c
		}
	}
	if best.ids == nil {
		return []string{}, 0
	}
	return best.ids, best.hours
}

// Ready lists the blockers with work left whose dependencies are all done
// (a dropped or unknown dependency is not done), by priority, then by the
// due date of their milestone (none last), then in catalog order: what
// someone can start now.
func (in Input) Ready() []string {
	byID := make(map[string]Blocker, len(in.Blockers))
	for _, b := range in.Blockers {
		byID[b.ID] = b
	}
	due := map[string]catalog.Date{}
	for _, m := range in.Milestones {
		due[m.ID] = m.Due
	}
	var ready []Blocker
	for _, b := range in.Blockers {
		if b.State != Left {
			continue
		}
		ok := true
		for _, d := range b.DependsOn {
			if dep, known := byID[d]; !known || dep.State != Done {
				ok = false
				break
			}
		}
		if ok {
			ready = append(ready, b)
		}
	}
	sort.SliceStable(ready, func(i, j int) bool {
		a, b := ready[i], ready[j]
		if pa, pb := priorityRank(a.Priority), priorityRank(b.Priority); pa != pb {
			return pa < pb
		}
		da, db := due[a.Milestone], due[b.Milestone]
		if da.IsZero() != db.IsZero() {
			return !da.IsZero()
		}
		return da.Before(db)
	})
	out := make([]string, len(ready))
	for i, b := range ready {
		out[i] = b.ID
	}
	return out
}
