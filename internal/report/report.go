package report

import (
	"github.com/ghsync/ghsync/internal/words"
	"sort"
	"time"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/progress"
)

// FormatVersion is the version of the JSON document; it changes only when a
// key is removed or changes meaning (new keys may appear at any time).
const FormatVersion = 1

// Status is where one blocker stands, read from its issue on GitHub.
type Status string

// The statuses of a blocker.
const (
	// Open: its issue is open. The work is left.
	Open Status = "open"
	// Done: its issue was closed as completed (or with no reason).
	Done Status = "done"
	// Dropped: its issue was closed as not planned or as a duplicate. The
	// work is neither done nor left, and it never counts as done for a gate.
	Dropped Status = "dropped"
	// NotSynced: no issue carries its marker yet. The work is left.
	NotSynced Status = "not_synced"
	// Unknown is only used for ids a gate or a depends_on names that are not
	// in the catalog (validation normally prevents this).
	Unknown Status = "unknown"
)

// Left reports whether the status is work still to do.
func (s Status) Left() bool { return s == Open || s == NotSynced }

// Report is the progress of a catalog as seen on GitHub on one day. It is a
// plain value: Build computes it, the renderers only format it.
type Report struct {
	Version    int          `json:"version"`
	Project    string       `json:"project,omitempty"`
	Repository string       `json:"repository,omitempty"`
	Today      catalog.Date `json:"today"`
	// GeneratedAt is set by a caller that wants the instant recorded; only
	// the JSON carries it, so the Markdown stays a function of the inputs.
	GeneratedAt time.Time `json:"generated_at,omitzero"`

	Totals     Tally         `json:"totals"`
	ByPriority []Group       `json:"by_priority"`
	ByCategory []Group       `json:"by_category"`
	Milestones []Progress    `json:"milestones"`
	Gates      []GateResult  `json:"gates"`
	Blocked    []BlockedItem `json:"blocked"`
	// Blockers holds every catalog blocker in catalog order.
	Blockers []Item `json:"blockers"`
	// DeclaredSource names where the declared totals come from.
	DeclaredSource string `json:"declared_source,omitempty"`
	Gaps           []Gap  `json:"gaps"`
	// Ignored are issues that carry a marker but whose author may not
	// steer ghsync (observed.Trust): they count for nothing. Not in the
	// dashboard, so outsiders cannot make ghsync rewrite it.
	Ignored []observed.Ignored `json:"ignored,omitempty"`

	// Trend is the burndown, velocity and forecasts as of today (see
	// package progress); zero when the report has no day.
	Trend progress.Trend `json:"trend"`
	// ReadyNow are the blockers with work left whose dependencies are all
	// done, most urgent first.
	ReadyNow []Item `json:"ready_now"`
	// History says where the trend's past comes from.
	History History `json:"history"`
	// Board is the catalog's GitHub Project; nil (and absent from the
	// JSON) when the catalog has no board: block.
	Board *Board `json:"board,omitempty"`

	// record goes into the dashboard (see DashboardBody), and so does
	// history, the dashboard's history record with today's point; trendIn
	// recomputes the trend as of the dashboard's day.
	record  observed.Record
	history progress.History
	trendIn progress.Input
	// dashboard: the report renders the dashboard's body.
	dashboard bool
	// gateIDs are the blockers each gate names, for the page.
	gateIDs map[string][]string
}

// Item is one blocker and the issue that stands for it.
type Item struct {
	ID          string  `json:"id"`
	Title       string  `json:"title"`
	Priority    string  `json:"priority"`
	Category    string  `json:"category"`
	Milestone   string  `json:"milestone,omitempty"`
	EffortHours float64 `json:"effort_hours"`
	Status      Status  `json:"status"`
	// Issue is the number of the issue that counts (0 when not synced).
	Issue       int    `json:"issue,omitempty"`
	URL         string `json:"url,omitempty"`
	StateReason string `json:"state_reason,omitempty"`
	// Duplicates are the other issues carrying the same marker; they do not count.
	Duplicates []int    `json:"duplicates,omitempty"`
	DependsOn  []string `json:"depends_on,omitempty"`
	// Closed is the day (UTC) the issue was closed; absent while open.
	Closed catalog.Date `json:"closed,omitzero"`
}

// Group is the tally of the blockers sharing a priority or a category.
type Group struct {
	Key string `json:"key"`
	Tally
}

// Tally counts blockers and hours.
type Tally struct {
	Total     int `json:"total"`
	Open      int `json:"open"`
	Done      int `json:"done"`
	Dropped   int `json:"dropped"`
	NotSynced int `json:"not_synced"`
	// HoursLeft counts open and not synced blockers; dropped hours are
	// counted apart and never as left.
	HoursDone    float64 `json:"hours_done"`
	HoursLeft    float64 `json:"hours_left"`
	HoursDropped float64 `json:"hours_dropped"`
}

// Left is the number of blockers still to do.
func (t Tally) Left() int { return t.Open + t.NotSynced }

// Work is the number of blockers that were not dropped: done plus left.
func (t Tally) Work() int { return t.Total - t.Dropped }

// PercentDone is done / (total - dropped), rounded down so that 99.9% never
// shows as 100%. With nothing to do it is 100 when every blocker was
// dropped, 0 when the group is empty.
func (t Tally) PercentDone() int {
	n := t.Total - t.Dropped
	if n == 0 {
		if t.Total > 0 {
			return 100
		}
		return 0
	}
	return t.Done * 100 / n
}

func (t *Tally) add(it Item) {
	t.Total++
	switch it.Status {
	case Open:
		t.Open++
		t.HoursLeft += it.EffortHours
	case NotSynced:
		t.NotSynced++
		t.HoursLeft += it.EffortHours
	case Done:
		t.Done++
		t.HoursDone += it.EffortHours
	case Dropped:
		t.Dropped++
		t.HoursDropped += it.EffortHours
	}
}

// round keeps sums of fractional hours free of float noise (0.1+0.2).
func (t *Tally) round() {
	t.HoursDone = roundHours(t.HoursDone)
	t.HoursLeft = roundHours(t.HoursLeft)
	t.HoursDropped = roundHours(t.HoursDropped)
}

func roundHours(h float64) float64 { return words.Round(h) }

// Progress is one milestone's state.
type Progress struct {
	// ID is empty for the group of blockers without a milestone.
	ID    string       `json:"id"`
	Title string       `json:"title"`
	Due   catalog.Date `json:"due"`
	Tally
	// Percent is Tally.PercentDone.
	Percent int `json:"percent_done"`
	// Overdue: today is after the due date and work is left.
	Overdue     bool `json:"overdue"`
	DaysOverdue int  `json:"days_overdue,omitempty"`
	// DaysLeft is due - today when work is left and the due date is today or
	// later (0 means due today); nil otherwise.
	DaysLeft *int `json:"days_left,omitempty"`
}

// GateResult is one gate evaluated.
type GateResult struct {
	ID      string `json:"id"`
	Title   string `json:"title,omitempty"`
	Require string `json:"require"`
	// Percent of the gate's blockers that must be done (100 for "all").
	Percent int  `json:"percent"`
	Total   int  `json:"total"`
	Done    int  `json:"done"`
	Dropped int  `json:"dropped"`
	Met     bool `json:"met"`
	// MoreNeeded is how many more blockers must be done to meet the gate.
	MoreNeeded int `json:"more_needed"`
	// Reachable is false when closing every open and not synced blocker
	// would still not meet the gate (dropped ones never count as done).
	Reachable bool `json:"reachable"`
	// Holding are the gate's blockers with work left (open, not synced) or
	// unknown to the catalog, in the gate's order.
	Holding []Item `json:"holding"`
	// DroppedItems were closed as not planned: they cannot be done any more
	// and do not count as done.
	DroppedItems []Item `json:"dropped_items"`
}

// PercentDone is done/total rounded down (100 for an empty gate).
func (g GateResult) PercentDone() int {
	if g.Total == 0 {
		return 100
	}
	return g.Done * 100 / g.Total
}

// BlockedItem is a blocker with work left that waits on others not done.
type BlockedItem struct {
	Item
	WaitingOn []Dependency `json:"waiting_on"`
}

// Dependency is one depends_on entry that is not done.
type Dependency struct {
	ID     string `json:"id"`
	Status Status `json:"status"`
	Issue  int    `json:"issue,omitempty"`
}

// Gap scopes.
const (
	GapTotal     = "total"
	GapPriority  = "priority"
	GapCategory  = "category"
	GapRoleHours = "role_hours"
)

// Gap is a declared total that differs from what the catalog holds: the
// sources counted more (or fewer) blockers than they wrote out.
type Gap struct {
	// Scope is total, priority, category or role_hours.
	Scope string `json:"scope"`
	// Key is the priority, category or role; empty for the total.
	Key      string  `json:"key,omitempty"`
	Declared float64 `json:"declared"`
	Present  float64 `json:"present"`
}

// Missing is declared - present (negative when the catalog holds more).
func (g Gap) Missing() float64 { return roundHours(g.Declared - g.Present) }

// Build computes the report of c as GitHub shows it in s on today. It reads
// only the issues that carry a blocker marker, and takes the issue that
// stands for a blocker by the same rule as plan and apply (observed.Index).
func Build(c *catalog.Catalog, s observed.State, today catalog.Date) Report {
	r := Report{
		Version:    FormatVersion,
		Project:    c.Project,
		Repository: s.Repository,
		Today:      today,
		ByPriority: []Group{},
		ByCategory: []Group{},
		Milestones: []Progress{},
		Gates:      []GateResult{},
		Blocked:    []BlockedItem{},
		Blockers:   []Item{},
		Gaps:       []Gap{},
		Ignored:    s.Ignored,
		record:     observed.RecordOf(s),
	}
	if r.Repository == "" {
		r.Repository = c.Repository
	}

	// The same identity rule as plan and apply: titles tell a blocker's
	// genuine issue from a person's issue with a pasted marker.
	titles := make(map[marker.Key]string, len(c.Blockers)+1)
	for _, b := range c.Blockers {
		titles[marker.BlockerKey(b.ID)] = b.IssueTitle()
	}
	if c.Dashboard != nil {
		titles[marker.DashboardKey()] = c.Dashboard.Title
	}
	index := s.Index(titles)
	byID := map[string]Item{}
	for _, b := range c.Blockers {
		it := item(b, index, marker.BlockerKey(b.ID))
		r.Blockers = append(r.Blockers, it)
		byID[b.ID] = it
	}

	prio := map[string]*Tally{}
	cat := map[string]*Tally{}
	ms := map[string]*Tally{}
	for _, it := range r.Blockers {
		r.Totals.add(it)
		tallyOf(prio, it.Priority).add(it)
		tallyOf(cat, it.Category).add(it)
		tallyOf(ms, it.Milestone).add(it)
	}
	r.Totals.round()
	r.ByPriority = sorted(prio, priorityLess)
	r.ByCategory = sorted(cat, func(a, b string) bool { return a < b })
	r.Milestones = milestones(c, ms, today)

	r.gateIDs = map[string][]string{}
	for _, g := range c.Gates {
		r.Gates = append(r.Gates, gate(g, byID))
		r.gateIDs[g.ID] = g.Blockers
	}
	for _, it := range r.Blockers {
		if !it.Status.Left() {
			continue
		}
		var wait []Dependency
		for _, d := range it.DependsOn {
			dep, ok := byID[d]
			switch {
			case !ok:
				wait = append(wait, Dependency{ID: d, Status: Unknown})
			case dep.Status != Done:
				wait = append(wait, Dependency{ID: d, Status: dep.Status, Issue: dep.Issue})
			}
		}
		if len(wait) > 0 {
			r.Blocked = append(r.Blocked, BlockedItem{Item: it, WaitingOn: wait})
		}
	}
	if c.Declared != nil {
		r.DeclaredSource = c.Declared.Source
		r.Gaps = gaps(c, *c.Declared)
	}
	r.trendIn, r.Trend, r.History = trend(c, index, r.Blockers, r.Totals, today)
	r.history = r.trendIn.History
	r.ReadyNow = []Item{}
	for _, id := range r.Trend.Ready {
		r.ReadyNow = append(r.ReadyNow, byID[id])
	}
	r.Board = board(c, s, index, r.Blockers, today)
	if r.Trend.Forecasts == nil {
		r.Trend.Forecasts = []progress.Forecast{}
		r.Trend.Burndown.Weeks = []progress.Week{}
		r.Trend.Finish.CriticalPath = []string{}
	}
	return r
}

// item reads one blocker's status from its group of issues.
func item(b catalog.Blocker, index observed.Index, k marker.Key) Item {
	it := Item{
		ID:          b.ID,
		Title:       b.Title,
		Priority:    b.Priority,
		Category:    b.Category,
		Milestone:   b.Milestone,
		EffortHours: b.EffortHours,
		Status:      NotSynced,
		DependsOn:   b.DependsOn,
	}
	is, ok := index.Primary(k)
	if !ok {
		return it
	}
	group := index.Group(k)
	it.Issue = is.Number
	it.URL = is.HTMLURL
	it.Closed = closedOn(is)
	for _, o := range group {
		if o.Number != is.Number {
			it.Duplicates = append(it.Duplicates, o.Number)
		}
	}
	switch {
	case is.IsOpen():
		it.Status = Open
	case is.StateReason == observed.NotPlanned || is.StateReason == observed.Duplicate:
		it.Status = Dropped
		it.StateReason = string(is.StateReason)
	default:
		it.Status = Done
		it.StateReason = string(is.StateReason)
	}
	return it
}

func tallyOf(m map[string]*Tally, key string) *Tally {
	t, ok := m[key]
	if !ok {
		t = &Tally{}
		m[key] = t
	}
	return t
}

func sorted(m map[string]*Tally, less func(a, b string) bool) []Group {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return less(keys[i], keys[j]) })
	out := make([]Group, 0, len(keys))
	for _, k := range keys {
		t := *m[k]
		t.round()
		out = append(out, Group{Key: k, Tally: t})
	}
	return out
}

// priorityLess orders the known priorities by urgency, then any others by name.
func priorityLess(a, b string) bool {
	ra, rb := priorityRank(a), priorityRank(b)
	if ra != rb {
		return ra < rb
	}
	return a < b
}

func priorityRank(p string) int {
	for i, q := range catalog.Priorities {
		if p == q {
			return i
		}
	}
	return len(catalog.Priorities)
}

// milestones lists the catalog's milestones in catalog order, then any
// milestone ids blockers name that the catalog lacks, then "no milestone".
func milestones(c *catalog.Catalog, tallies map[string]*Tally, today catalog.Date) []Progress {
	out := []Progress{}
	seen := map[string]bool{}
	for _, m := range c.Milestones {
		seen[m.ID] = true
		var t Tally
		if p, ok := tallies[m.ID]; ok {
			t = *p
		}
		out = append(out, milestoneProgress(t, m.ID, m.Title, m.DueDate(c.Start), today))
	}
	var extra []string
	for id := range tallies {
		if id != "" && !seen[id] {
			extra = append(extra, id)
		}
	}
	sort.Strings(extra)
	for _, id := range extra {
		out = append(out, milestoneProgress(*tallies[id], id, id, catalog.Date{}, today))
	}
	if t, ok := tallies[""]; ok {
		out = append(out, milestoneProgress(*t, "", "no milestone", catalog.Date{}, today))
	}
	return out
}

func milestoneProgress(t Tally, id, title string, due, today catalog.Date) Progress {
	t.round()
	p := Progress{Tally: t, ID: id, Title: title, Due: due, Percent: t.PercentDone()}
	if due.IsZero() || today.IsZero() || t.Left() == 0 {
		return p
	}
	days := daysBetween(today, due)
	if days < 0 {
		p.Overdue = true
		p.DaysOverdue = -days
	} else {
		p.DaysLeft = &days
	}
	return p
}

// daysBetween is to - from in whole days.
func daysBetween(from, to catalog.Date) int {
	return int(to.Time().Sub(from.Time()).Hours() / 24)
}

func gate(g catalog.Gate, byID map[string]Item) GateResult {
	res := GateResult{
		ID:           g.ID,
		Title:        g.Title,
		Require:      g.Require,
		Percent:      g.Percent(),
		Total:        len(g.Blockers),
		Holding:      []Item{},
		DroppedItems: []Item{},
	}
	if res.Require == "" {
		res.Require = "all"
	}
	for _, id := range g.Blockers {
		it, ok := byID[id]
		switch {
		case !ok:
			res.Holding = append(res.Holding, Item{ID: id, Status: Unknown})
		case it.Status == Done:
			res.Done++
		case it.Status == Dropped:
			res.Dropped++
			res.DroppedItems = append(res.DroppedItems, it)
		default:
			res.Holding = append(res.Holding, it)
		}
	}
	// Exact integer arithmetic: 8 of 10 at 80% is met (800 >= 800).
	res.Met = res.Done*100 >= res.Percent*res.Total
	if !res.Met {
		need := (res.Percent*res.Total + 99) / 100 // ceil(percent*total/100)
		res.MoreNeeded = need - res.Done
	}
	doable := 0
	for _, it := range res.Holding {
		if it.Status.Left() {
			doable++
		}
	}
	res.Reachable = (res.Done+doable)*100 >= res.Percent*res.Total
	return res
}

// Gate returns the evaluated gate with the given id.
func (r Report) Gate(id string) (GateResult, bool) {
	for _, g := range r.Gates {
		if g.ID == id {
			return g, true
		}
	}
	return GateResult{}, false
}

// gaps compares the declared totals with the blockers present. Only
// differences are kept; keys are in priority order, categories and roles
// by name.
func gaps(c *catalog.Catalog, d catalog.Declared) []Gap {
	out := []Gap{}
	if d.Total != 0 && d.Total != len(c.Blockers) {
		out = append(out, Gap{Scope: GapTotal, Declared: float64(d.Total), Present: float64(len(c.Blockers))})
	}
	prio := map[string]float64{}
	cat := map[string]float64{}
	role := map[string]float64{}
	for _, b := range c.Blockers {
		prio[b.Priority]++
		cat[b.Category]++
		role[b.Assignee] += b.EffortHours
	}
	counts := func(scope string, declared map[string]int, present map[string]float64, less func(a, b string) bool) {
		keys := make([]string, 0, len(declared))
		for k := range declared {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool { return less(keys[i], keys[j]) })
		for _, k := range keys {
			if float64(declared[k]) != present[k] {
				out = append(out, Gap{Scope: scope, Key: k, Declared: float64(declared[k]), Present: present[k]})
			}
		}
	}
	counts(GapPriority, d.ByPriority, prio, priorityLess)
	counts(GapCategory, d.ByCategory, cat, func(a, b string) bool { return a < b })
	roles := make([]string, 0, len(d.RoleHours))
	for k := range d.RoleHours {
		roles = append(roles, k)
	}
	sort.Strings(roles)
	for _, k := range roles {
		if roundHours(d.RoleHours[k]) != roundHours(role[k]) {
			out = append(out, Gap{Scope: GapRoleHours, Key: k, Declared: roundHours(d.RoleHours[k]), Present: roundHours(role[k])})
		}
	}
	return out
}

// Sentence says the gap in words, for people:
// "the sources declare 78 blockers; the catalog contains 53; 25 were never written out".
func (g Gap) Sentence() string {
	miss := g.Missing()
	if g.Scope == GapRoleHours {
		s := "the sources declare " + words.Hours(g.Declared) + " of " + g.Key + " work; the catalog's blockers add up to " + words.Hours(g.Present)
		if miss > 0 {
			return s + "; " + words.Hours(miss) + " are not in the catalog"
		}
		return s + "; " + words.Hours(-miss) + " more than declared"
	}
	what := "blockers"
	if g.Scope != GapTotal {
		what = g.Key + " blockers"
	}
	s := "the sources declare " + words.Number(g.Declared) + " " + what + "; the catalog contains " + words.Number(g.Present)
	switch {
	case miss == 1:
		return s + "; 1 was never written out"
	case miss > 0:
		return s + "; " + words.Number(miss) + " were never written out"
	default:
		return s + "; " + words.Number(-miss) + " more than declared"
	}
}
