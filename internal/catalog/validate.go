package catalog

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`)

// ValidID reports whether id may name a blocker, milestone or gate: 1-40
// letters, digits, '.', '_' or '-', starting with a letter or digit, so it
// fits in a body marker and a label-free search.
func ValidID(id string) bool { return idRE.MatchString(id) }

// oneLine explains why a title with a line break is refused: GitHub keeps
// titles on one line, so the catalog would differ from GitHub forever.
const oneLine = "must be one line (a YAML block scalar such as | or > adds line breaks)"

const idRule = "use 1-40 letters, digits, '.', '_' or '-', starting with a letter or digit"

// Validate checks the rules that relate a catalog's parts to each other and
// to GitHub's limits: ids, references, cycles, labels, dates, and what the
// sources declare. It works on catalogs built in code too (positions are then
// zero). Problems come back sorted by position.
func Validate(c *Catalog) []Problem {
	v := &validator{c: c}
	if len(c.Blockers) == 0 {
		at := c.KeyPos["blockers"]
		if at.Line == 0 && len(c.Files) > 0 {
			at = Pos{File: c.Files[0], Line: 1, Col: 1}
		}
		v.errorAt(at, "catalog has no blockers: refusing to treat that as 'desired state = nothing'")
	}
	milestones := v.milestones()
	v.gates()
	v.dashboard()
	blockers := v.blockers(milestones)
	v.dependencies(blockers, milestones)
	v.trackers()
	v.labels()
	v.declared()
	v.issueTypes()
	v.board()
	return dedupe(v.probs)
}

// issueTypes warns of a by_category entry for a category no blocker has:
// a misspelt category would leave its blockers with the default type.
func (v *validator) issueTypes() {
	t := v.c.IssueTypes
	if t == nil {
		return
	}
	used := map[string]bool{}
	for _, b := range v.c.Blockers {
		used[b.Category] = true
	}
	for _, cat := range sortedKeys(t.ByCategory) {
		if !used[cat] {
			at, ok := t.KeyPos[cat]
			if !ok {
				at = t.Pos
			}
			v.warnAt(at, "issue_types.by_category: no blocker has the category %s", quote(cat))
		}
	}
}

// board warns about a board whose Sprint field cannot be made: sprints
// count from a start date. Sprints without a board do nothing.
func (v *validator) board() {
	b := v.c.Board
	if v.c.Sprints != nil && b == nil {
		v.warnAt(v.c.Sprints.Pos, "sprints: the catalog has no board: block, so nothing uses them")
	}
	if b == nil || !b.Manages("sprint") {
		return
	}
	if v.c.Start.IsZero() && (v.c.Sprints == nil || v.c.Sprints.Start.IsZero()) {
		v.warnAt(b.Pos, "board: no Sprint field without a first sprint: set the catalog's start or sprints.start (or leave sprint out of board.fields)")
	}
}

type validator struct {
	c     *Catalog
	probs []Problem
}

func (v *validator) errorAt(at Pos, format string, args ...any) {
	v.probs = append(v.probs, Problem{Pos: at, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) warnAt(at Pos, format string, args ...any) {
	v.probs = append(v.probs, Problem{Pos: at, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

// checkName reports what GitHub would refuse or change in the name s (see
// nameFault), written at at as the value of key; false when there is such.
func (v *validator) checkName(key, s string, at Pos) bool {
	why, fix := nameFault(s)
	if why == "" {
		return true
	}
	v.errorAt(at, "%s: %s %s: %s", key, quote(s), why, fix)
	return false
}

// checkLength reports a name over GitHub's limit of max characters.
func (v *validator) checkLength(key, s string, max int, at Pos) bool {
	if len(s) <= max {
		return true
	}
	if n := utf8.RuneCountInString(s); n > max {
		v.errorAt(at, "%s: %d characters, GitHub allows at most %d", key, n, max)
		return false
	}
	return true
}

// checkID reports a missing, malformed or repeated id; first holds the
// positions of ids seen so far. It reports whether the id can be referred to.
func (v *validator) checkID(kind, id string, elem, idAt Pos, first map[string]Pos) bool {
	switch {
	case id == "":
		v.errorAt(elem, "%s: missing id", kind)
		return false
	case !ValidID(id):
		v.errorAt(idAt, "id: %s is not a valid %s id: %s", quote(id), kind, idRule)
		return false
	}
	if at, dup := first[id]; dup {
		v.errorAt(elem, "duplicate %s id %s (first at %s)", kind, id, at)
		return false
	}
	first[id] = elem
	return true
}

// milestones checks milestones and returns each id's place in the order.
func (v *validator) milestones() map[string]int {
	order := map[string]int{}
	first := map[string]Pos{}
	// titles holds the titles seen by foldKey: GitHub refuses a second
	// milestone whose title differs from one it has only in case.
	titles := map[string]Milestone{}
	for _, m := range v.c.Milestones {
		if v.checkID("milestone", m.ID, m.Pos, m.PosOf("id"), first) {
			order[m.ID] = len(order)
		}
		label := name("milestone", m.ID)
		at := m.PosOf("title")
		if strings.TrimSpace(m.Title) == "" {
			v.errorAt(m.Pos, "%s: missing title", label)
		} else if strings.ContainsAny(m.Title, "\r\n") {
			v.errorAt(at, "title: %s", oneLine)
		} else if v.checkName("title", m.Title, at) && v.checkLength("title", m.Title, MaxMilestoneTitle, at) {
			k := foldKey(m.Title)
			switch prev, dup := titles[k]; {
			case !dup:
				titles[k] = m
			case prev.Title == m.Title:
				v.errorAt(at, "title: %s is also the title of milestone %s (%s); GitHub milestone titles are unique",
					quote(m.Title), show(prev.ID), prev.Pos)
			default:
				v.errorAt(at, "title: %s differs only in case from %s, the title of milestone %s (%s); GitHub milestone titles are unique ignoring case: rename one",
					quote(m.Title), quote(prev.Title), show(prev.ID), prev.Pos)
			}
		}
		weekSet := m.ValuePos.Has("due_week")
		weekSet = weekSet || m.DueWeek != 0
		switch {
		case weekSet && !m.Due.IsZero():
			v.errorAt(m.Pos, "%s: set due or due_week, not both", label)
		case weekSet && m.DueWeek < 1:
			v.errorAt(m.PosOf("due_week"), "due_week: %d must be 1 or more (week 1 ends 6 days after start)", m.DueWeek)
		case weekSet && v.c.Start.IsZero():
			v.errorAt(m.PosOf("due_week"), "due_week: needs the catalog's start date (add start: YYYY-MM-DD)")
		}
	}
	return order
}

func (v *validator) gates() {
	first := map[string]Pos{}
	known := map[string]bool{}
	for _, b := range v.c.Blockers {
		known[b.ID] = true
	}
	for _, g := range v.c.Gates {
		v.checkID("gate", g.ID, g.Pos, g.PosOf("id"), first)
		label := name("gate", g.ID)
		if !validRequire(g.Require) {
			v.errorAt(g.PosOf("require"), `require: %s must be "all" or a percentage from 1%% to 100%%`, quote(g.Require))
		}
		if len(g.Blockers) == 0 {
			v.errorAt(g.Pos, "%s: lists no blockers, so it would always pass", label)
		}
		listed := map[string]bool{}
		for i, id := range g.Blockers {
			at := g.PosOf(fmt.Sprintf("blockers[%d]", i))
			switch {
			case listed[id]:
				v.errorAt(at, "blockers: %s is listed twice", show(id))
			case !known[id]:
				v.errorAt(at, "blockers: blocker %s does not exist", show(id))
			}
			listed[id] = true
		}
	}
}

// dashboard checks the title of the progress issue as an issue title.
func (v *validator) dashboard() {
	d := v.c.Dashboard
	if d == nil || strings.TrimSpace(d.Title) == "" {
		return // the parser reports a missing title
	}
	if strings.ContainsAny(d.Title, "\r\n") {
		v.errorAt(d.Pos, "dashboard: title %s", oneLine)
		return
	}
	if v.checkName("dashboard title", d.Title, d.Pos) {
		v.checkLength("dashboard title", d.Title, MaxIssueTitle, d.Pos)
	}
}

var percentRE = regexp.MustCompile(`^(100|[1-9][0-9]?)%$`)

func validRequire(s string) bool { return s == "" || s == "all" || percentRE.MatchString(s) }

// blockers checks each blocker on its own and returns those with usable ids
// by id.
func (v *validator) blockers(milestones map[string]int) map[string]Blocker {
	n := len(v.c.Blockers)
	byID := make(map[string]Blocker, n)
	first := make(map[string]Pos, n)
	// categories become label names; each is checked once, where it is
	// first used.
	categories := map[string]bool{}
	for _, b := range v.c.Blockers {
		if v.checkID("blocker", b.ID, b.Pos, b.PosOf("id"), first) {
			byID[b.ID] = b
		}
		label := name("blocker", b.ID)
		if strings.TrimSpace(b.Title) == "" {
			v.errorAt(b.Pos, "%s: missing title", label)
		} else if strings.ContainsAny(b.Title, "\r\n") {
			v.errorAt(b.PosOf("title"), "title: %s", oneLine)
		} else if v.checkName("title", b.Title, b.PosOf("title")) {
			if n := utf8.RuneCountInString(b.IssueTitle()); n > MaxIssueTitle {
				v.errorAt(b.PosOf("title"), "title: the issue title %q is %d characters, GitHub allows at most %d",
					truncate(b.IssueTitle(), 20)+"...", n, MaxIssueTitle)
			}
		}
		switch {
		case b.Priority == "":
			v.errorAt(b.Pos, "%s: missing priority (one of %s)", label, strings.Join(Priorities, ", "))
		case !isPriority(b.Priority):
			v.errorAt(b.PosOf("priority"), "priority: %s is not one of %s", quote(b.Priority), strings.Join(Priorities, ", "))
		}
		if strings.TrimSpace(b.Category) == "" {
			v.errorAt(b.Pos, "%s: missing category", label)
		} else if !categories[b.Category] {
			categories[b.Category] = true
			v.checkName("category", b.Category, b.PosOf("category"))
		}
		if b.EffortHours < 0 {
			v.errorAt(b.PosOf("effort_hours"), "effort_hours: %s is negative", formatNumber(b.EffortHours))
		}
		switch b.State() {
		case StatusOpen, StatusResolved, StatusWontfix:
		default:
			v.errorAt(b.PosOf("status"), "status: %s is not one of %s, %s, %s", quote(b.Status), StatusOpen, StatusResolved, StatusWontfix)
		}
		if b.Milestone == "" {
			v.warnAt(b.Pos, "%s has no milestone", label)
		} else if _, ok := milestones[b.Milestone]; !ok {
			v.errorAt(b.PosOf("milestone"), "milestone: milestone %s does not exist", show(b.Milestone))
		}
	}
	return byID
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// MaxDependencies is GitHub's limit of "blocked by" (and of "blocking")
// relationships per issue: a blocker's depends_on become such links.
const MaxDependencies = 50

// dependencies checks depends_on: references, order of milestones, cycles,
// GitHub's limit of links per issue.
func (v *validator) dependencies(byID map[string]Blocker, milestones map[string]int) {
	for _, b := range v.c.Blockers {
		listed := map[string]bool{}
		for i, dep := range b.DependsOn {
			at := b.PosOf(fmt.Sprintf("depends_on[%d]", i))
			d, ok := byID[dep]
			switch {
			case listed[dep]:
				v.errorAt(at, "depends_on: %s is listed twice", show(dep))
			case !ok:
				v.errorAt(at, "depends_on: blocker %s does not exist", show(dep))
			default:
				mine, ok1 := milestones[b.Milestone]
				theirs, ok2 := milestones[d.Milestone]
				if ok1 && ok2 && theirs > mine {
					v.warnAt(at, "depends_on: %s is in milestone %s, which comes after this blocker's milestone %s", dep, d.Milestone, b.Milestone)
				}
			}
			listed[dep] = true
		}
		if len(listed) > MaxDependencies {
			v.errorAt(b.PosOf("depends_on"), "depends_on: %d blockers, and GitHub allows an issue to be blocked by at most %d", len(listed), MaxDependencies)
		}
	}
	blocking := map[string]int{}
	for _, b := range v.c.Blockers {
		seen := map[string]bool{}
		for _, dep := range b.DependsOn {
			if _, ok := byID[dep]; ok && !seen[dep] {
				seen[dep] = true
				blocking[dep]++
			}
		}
	}
	for _, b := range v.c.Blockers {
		if n := blocking[b.ID]; n > MaxDependencies {
			v.errorAt(b.Pos, "%s: %d blockers depend on it, and GitHub allows an issue to block at most %d", b.ID, n, MaxDependencies)
			blocking[b.ID] = 0
		}
	}
	for _, cycle := range cycles(v.c.Blockers, byID) {
		v.errorAt(byID[cycle[0]].Pos, "dependency cycle: %s", strings.Join(cycle, " -> "))
	}
}

// cycles finds one cycle per strongly connected component of the dependency
// graph (Tarjan), starting and ending at the component's first blocker in
// catalog order, following the shortest way back.
func cycles(blockers []Blocker, byID map[string]Blocker) [][]string {
	order := make(map[string]int, len(blockers))
	var ids []string
	for _, b := range blockers {
		if _, ok := byID[b.ID]; ok {
			if _, seen := order[b.ID]; !seen {
				order[b.ID] = len(ids)
				ids = append(ids, b.ID)
			}
		}
	}
	edges := func(id string) []string {
		var out []string
		for _, d := range byID[id].DependsOn {
			if _, ok := byID[d]; ok {
				out = append(out, d)
			}
		}
		return out
	}

	index := make(map[string]int, len(blockers))
	low := make(map[string]int, len(blockers))
	onStack := make(map[string]bool, len(blockers))
	var stack []string
	var comps [][]string
	// An explicit stack keeps a long dependency chain from growing the Go stack.
	type frame struct {
		id   string
		next int
	}
	for _, root := range ids {
		if _, seen := index[root]; seen {
			continue
		}
		work := []frame{{id: root}}
		index[root], low[root] = len(index), len(index)
		stack = append(stack, root)
		onStack[root] = true
		for len(work) > 0 {
			f := &work[len(work)-1]
			out := edges(f.id)
			if f.next < len(out) {
				w := out[f.next]
				f.next++
				if _, seen := index[w]; !seen {
					index[w], low[w] = len(index), len(index)
					stack = append(stack, w)
					onStack[w] = true
					work = append(work, frame{id: w})
				} else if onStack[w] {
					low[f.id] = min(low[f.id], index[w])
				}
				continue
			}
			id := f.id
			work = work[:len(work)-1]
			if len(work) > 0 {
				parent := work[len(work)-1].id
				low[parent] = min(low[parent], low[id])
			}
			if low[id] == index[id] {
				var comp []string
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp = append(comp, w)
					if w == id {
						break
					}
				}
				comps = append(comps, comp)
			}
		}
	}

	var out [][]string
	for _, comp := range comps {
		in := map[string]bool{}
		start := comp[0]
		for _, id := range comp {
			in[id] = true
			if order[id] < order[start] {
				start = id
			}
		}
		if path := shortestCycle(start, in, edges); path != nil {
			out = append(out, path)
		}
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i][0]] < order[out[j][0]] })
	return out
}

// shortestCycle walks breadth-first from start inside the component back to
// start; nil when start has no way back (a component of one without a self
// dependency).
func shortestCycle(start string, in map[string]bool, edges func(string) []string) []string {
	prev := map[string]string{}
	queue := []string{start}
	visited := map[string]bool{}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, w := range edges(id) {
			if !in[w] {
				continue
			}
			if w == start {
				path := []string{start}
				for at := id; at != start; at = prev[at] {
					path = append(path, at)
				}
				path = append(path, start)
				// path is start, last, ..., first, start: reverse the middle.
				for i, j := 1, len(path)-2; i < j; i, j = i+1, j-1 {
					path[i], path[j] = path[j], path[i]
				}
				return path
			}
			if !visited[w] {
				visited[w] = true
				prev[w] = id
				queue = append(queue, w)
			}
		}
	}
	return nil
}

// labels checks every label name the blockers' issues would carry: what
// GitHub would refuse or change, length, and names that GitHub would take
// for the same label. A derived name is as sound as its pattern and its
// value, which are checked where they are written.
func (v *validator) labels() {
	type seen struct {
		name string
		kind string
		at   Pos
	}
	byFold := map[string]seen{} // by foldKey
	reported := map[string]bool{}
	faulty := map[string]bool{} // own labels GitHub would refuse or change
	cats := v.c.categories()
	v.labelFamily("labels.priority", v.c.Labels.Priority)
	v.labelFamily("labels.category", v.c.Labels.Category)
	check := func(name, kind string, at Pos) {
		if kind == "own" {
			if faulty[name] {
				return
			}
			if !v.checkName("labels", name, at) {
				faulty[name] = true
				return
			}
		}
		if n := utf8.RuneCountInString(name); n > MaxLabelName && !reported[name] {
			reported[name] = true
			v.errorAt(at, "label %s is %d characters, GitHub allows at most %d", quote(name), n, MaxLabelName)
		}
		k := foldKey(name)
		s, ok := byFold[k]
		if !ok {
			byFold[k] = seen{name, kind, at}
			return
		}
		key := name + "\x00" + kind
		if reported[key] {
			return
		}
		switch {
		case s.name != name:
			reported[key] = true
			v.errorAt(at, "label %s differs only in case from label %s (%s); GitHub label names ignore case", quote(name), quote(s.name), s.at)
		case s.kind != kind && kind != "own" && s.kind != "own":
			reported[key] = true
			v.errorAt(at, "label %s is both a %s label and a %s label (%s)", quote(name), kind, s.kind, s.at)
		}
	}
	for _, b := range v.c.Blockers {
		if isPriority(b.Priority) {
			check(v.c.PriorityLabel(b.Priority).Name, "priority", b.PosOf("priority"))
		}
		if strings.TrimSpace(b.Category) != "" {
			check(v.c.categoryLabel(b.Category, cats).Name, "category", b.PosOf("category"))
		}
	}
	for _, b := range v.c.Blockers {
		for i, l := range b.Labels {
			check(l, "own", b.PosOf(fmt.Sprintf("labels[%d]", i)))
		}
	}
}

// labelFamily checks a label pattern and the descriptions of its values,
// which GitHub would refuse or change as it would a name.
func (v *validator) labelFamily(what string, f LabelFamily) {
	if f.Pattern != "" {
		v.checkName(what+".pattern", f.Pattern, f.PatternPos)
	}
	for _, key := range sortedKeys(f.Values) {
		if d := f.Values[key].Description; d != "" {
			v.checkName(what+".values."+show(key)+".description", d, f.Values[key].Pos)
		}
	}
}

// declaredPrefix starts the one warning that sums up how the catalog differs
// from the totals its sources declare; SortForReading finds it by it.
const declaredPrefix = "sources declare "

// declared compares what the sources claim with what the catalog holds, so a
// catalog that writes out only part of its sources says so every time. It is
// one warning, not one per figure: the figures all point at the declared:
// block, none of them is a line to fix, and CI shows only the first few
// annotations of a step, which they would fill. ghsync report's "Gaps in the
// sources" has them one by one.
func (v *validator) declared() {
	d := v.c.Declared
	if d == nil {
		return
	}
	byPriority := map[string]int{}
	byCategory := map[string]int{}
	hours := map[string]float64{}
	for _, b := range v.c.Blockers {
		byPriority[b.Priority]++
		byCategory[b.Category]++
		hours[b.Assignee] += b.EffortHours
	}
	// Each part is "KEY N" for N not written out, "KEY +N" for N more than
	// declared.
	extra := false
	item := func(key string, missing float64, unit string) string {
		if missing < 0 {
			extra = true
			return key + " +" + formatHours(-missing) + unit
		}
		return key + " " + formatHours(missing) + unit
	}
	compare := func(declared, have map[string]int, order []string) []string {
		if len(declared) == 0 {
			return nil
		}
		keys := map[string]bool{}
		for k := range declared {
			keys[k] = true
		}
		for k := range have {
			if k != "" {
				keys[k] = true
			}
		}
		var all []string
		for _, k := range order {
			if keys[k] {
				all = append(all, k)
				delete(keys, k)
			}
		}
		all = append(all, sortedKeys(keys)...)
		var parts []string
		for _, k := range all {
			if declared[k] != have[k] {
				parts = append(parts, item(show(k), float64(declared[k]-have[k]), ""))
			}
		}
		return parts
	}
	var groups []string
	group := func(what string, parts []string) {
		if len(parts) > 0 {
			groups = append(groups, what+": "+strings.Join(parts, ", "))
		}
	}
	group("by priority", compare(d.ByPriority, byPriority, Priorities))
	group("by category", compare(d.ByCategory, byCategory, nil))
	var roles []string
	for _, role := range sortedKeys(d.RoleHours) {
		want, have := d.RoleHours[role], hours[role]
		if formatHours(want) != formatHours(have) {
			roles = append(roles, item(show(role), want-have, "h"))
		}
	}
	group("effort_hours by assignee", roles)

	total, have := d.Total, len(v.c.Blockers)
	if (total <= 0 || total == have) && len(groups) == 0 {
		return
	}
	var msg string
	switch {
	case total <= 0:
		msg = declaredPrefix + "totals the catalog does not match"
	case total == have:
		msg = fmt.Sprintf("%s%s, the catalog contains %d, but not in the same mix", declaredPrefix, blockerCount(total), have)
	default:
		msg = fmt.Sprintf("%s%s, the catalog contains %d: ", declaredPrefix, blockerCount(total), have)
		switch {
		case total-have == 1:
			msg += "1 is not written out"
		case total > have:
			msg += fmt.Sprintf("%d are not written out", total-have)
		default:
			msg += fmt.Sprintf("%d more than declared", have-total)
		}
	}
	if len(groups) > 0 {
		legend := ""
		if extra {
			legend = "; +N is more than declared"
		}
		msg += " (" + strings.Join(groups, "; ") + legend + ")"
	}
	v.warnAt(d.Pos, "%s; see Gaps in the sources in ghsync report", msg)
}

func blockerCount(n int) string {
	if n == 1 {
		return "1 blocker"
	}
	return fmt.Sprintf("%d blockers", n)
}

// SortForReading orders problems the way a reader acts on them: errors
// first, then the warnings that point at a line to change, then the summary
// of what the sources declare but the catalog does not hold, which points at
// nothing to fix. GitHub shows only the first 10 annotations of a step, so
// the summary must never push out a warning that matters. Within each group
// problems stay in SortProblems' order.
func SortForReading(ps []Problem) {
	SortProblems(ps)
	rank := func(p Problem) int {
		switch {
		case p.Severity != Warning:
			return 0
		case IsDeclaredSummary(p):
			return 2
		}
		return 1
	}
	sort.SliceStable(ps, func(i, j int) bool { return rank(ps[i]) < rank(ps[j]) })
}

// IsDeclaredSummary reports whether p is the warning that sums up how the
// catalog differs from the totals its sources declare: informative, not a
// line to fix.
func IsDeclaredSummary(p Problem) bool {
	return p.Severity == Warning && strings.HasPrefix(p.Message, declaredPrefix)
}

// formatHours rounds to hundredths, so sums of fractions do not print as
// 0.30000000000000004.
func formatHours(h float64) string { return formatNumber(math.Round(h*100) / 100) }

// MaxSubIssues is GitHub's limit of sub-issues per parent issue, closed
// ones included: a tracker holds its category's (or milestone's) blockers.
const MaxSubIssues = 100

// trackers checks what the trackers GitHub would hold need: at most
// MaxSubIssues blockers per tracker, reported at the first blocker past
// the limit, and category_owners naming categories blockers have. One
// parent per issue holds by construction (a blocker has one category and
// one milestone); a parent a person gave a blocker's issue is kept, which
// plan reports.
func (v *validator) trackers() {
	mode := v.c.TrackerMode()
	count := map[string]int{}
	categories := map[string]bool{}
	for _, b := range v.c.Blockers {
		categories[b.Category] = true
		group, at := b.Category, "category"
		if mode == TrackersMilestone {
			group, at = b.Milestone, "milestone"
		}
		if mode == TrackersNone || group == "" {
			continue
		}
		count[group]++
		if count[group] == MaxSubIssues+1 {
			v.errorAt(b.PosOf(at), "%s %s: more than %d blockers, and its tracker issue can hold at most %d sub-issues on GitHub (closed ones count): split the %s, or set trackers: %s", at, show(group), MaxSubIssues, MaxSubIssues, at, otherMode(mode))
		}
	}
	var unknown []string
	for cat := range v.c.CategoryOwners {
		if !categories[cat] {
			unknown = append(unknown, show(cat))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		v.warnAt(v.c.KeyPos["category_owners"], "category_owners: no blocker has the category %s", strings.Join(unknown, ", "))
	}
}

func otherMode(mode string) string {
	if mode == TrackersMilestone {
		return TrackersNone
	}
	return TrackersMilestone + " or " + TrackersNone
}
