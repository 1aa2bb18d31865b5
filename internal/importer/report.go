package importer

import (
	"fmt"
	"io"
	"strings"

	"github.com/ghsync/ghsync/internal/catalog"
)

// Report is the gap report: what the sources claim but do not contain, where
// they disagree and what is missing. Its lists are sorted, so the same input
// always gives the same report.
type Report struct {
	Sources      []string
	JSONName     string
	MarkdownName string // empty when no markdown was read

	// Declared is what blockers.json's metadata claims; Written is what the
	// catalog holds.
	Declared Counts
	Written  Counts

	// Roles compares each role's declared hours with the sum of its items.
	Roles []RoleHours
	// Unassigned are the written blockers no source assigns to a role.
	Unassigned []ItemHours

	OnlyJSON     []string
	OnlyMarkdown []string
	Conflicts    []Conflict
	Missing      []Missing
	Milestones   []MilestoneDue
	// Notes are the other findings: disagreements between the sources and
	// what the markdown parser could not use, with positions.
	Notes []string
}

// Counts are blocker counts by priority and by category and priority.
type Counts struct {
	Total         int
	ByPriority    map[string]int
	CategoryTotal map[string]int
	ByCategory    map[string]map[string]int // category -> priority -> count
}

// RoleHours is one role's declared effort against the sum of its items.
type RoleHours struct {
	Role        string
	Declared    float64
	HasDeclared bool
	Computed    float64
	Items       []ItemHours
}

// Agrees reports whether the declared hours match the items.
func (r RoleHours) Agrees() bool { return r.HasDeclared && r.Declared == r.Computed }

// ItemHours is one blocker's effort; NoEffort when no source gives one.
type ItemHours struct {
	ID       string
	Hours    float64
	NoEffort bool
}

// Conflict is a field the two sources give differently (after normalising
// formatting); the catalog holds the JSON value.
type Conflict struct {
	ID, Field      string
	JSON, Markdown string // normalised text
	Line           int    // of the markdown value
}

// Missing lists the blockers no source gives a field for.
type Missing struct {
	Field string
	IDs   []string
}

// MilestoneDue is one milestone with its resolved due date.
type MilestoneDue struct {
	ID, Title string
	DueWeek   int
	Due       catalog.Date
	Blockers  int
}

func declaredCounts(f *jsonFile) Counts {
	c := Counts{ByPriority: map[string]int{}, CategoryTotal: map[string]int{}, ByCategory: map[string]map[string]int{}}
	if f.Metadata.TotalIssues != nil {
		c.Total = *f.Metadata.TotalIssues
	}
	for p, n := range f.Metadata.Summary {
		c.ByPriority[p] = n
	}
	for cat, counts := range f.Metadata.Categories {
		cat = strings.ToLower(cat)
		c.ByCategory[cat] = map[string]int{}
		for k, n := range counts {
			if k == "total" {
				c.CategoryTotal[cat] = n
			} else {
				c.ByCategory[cat][k] = n
			}
		}
	}
	return c
}

func writtenCounts(bs []catalog.Blocker) Counts {
	c := Counts{Total: len(bs), ByPriority: map[string]int{}, CategoryTotal: map[string]int{}, ByCategory: map[string]map[string]int{}}
	for _, b := range bs {
		c.ByPriority[b.Priority]++
		c.CategoryTotal[b.Category]++
		if c.ByCategory[b.Category] == nil {
			c.ByCategory[b.Category] = map[string]int{}
		}
		c.ByCategory[b.Category][b.Priority]++
	}
	return c
}

// roleHours sums the written blockers' efforts per assignee, against the
// totals blockers.json's assignments declare.
func roleHours(f *jsonFile, bs []catalog.Blocker) ([]RoleHours, []ItemHours) {
	roles := map[string]*RoleHours{}
	get := func(role string) *RoleHours {
		if roles[role] == nil {
			roles[role] = &RoleHours{Role: role}
		}
		return roles[role]
	}
	for role, a := range f.Assignments {
		if a.TotalEffortHours != nil {
			r := get(role)
			r.Declared, r.HasDeclared = *a.TotalEffortHours, true
		}
	}
	var unassigned []ItemHours
	for _, b := range bs {
		ih := ItemHours{ID: b.ID, Hours: b.EffortHours, NoEffort: b.EffortHours == 0}
		if b.Assignee == "" {
			unassigned = append(unassigned, ih)
			continue
		}
		r := get(b.Assignee)
		r.Computed += b.EffortHours
		r.Items = append(r.Items, ih)
	}
	out := make([]RoleHours, 0, len(roles))
	for _, role := range sortedKeys(roles, lessString) {
		out = append(out, *roles[role])
	}
	return out, unassigned
}

// missing lists blockers without a field the catalog wants (title, category,
// milestone, effort) or that the role figures need (assignee).
func missing(bs []catalog.Blocker) []Missing {
	fields := []struct {
		name string
		get  func(catalog.Blocker) bool
	}{
		{fTitle, func(b catalog.Blocker) bool { return b.Title != "" }},
		{fCategory, func(b catalog.Blocker) bool { return b.Category != "" }},
		{fMilestone, func(b catalog.Blocker) bool { return b.Milestone != "" }},
		{fEffort, func(b catalog.Blocker) bool { return b.EffortHours != 0 }},
		{fAssignee, func(b catalog.Blocker) bool { return b.Assignee != "" }},
	}
	var out []Missing
	for _, fd := range fields {
		m := Missing{Field: fd.name}
		for _, b := range bs {
			if !fd.get(b) {
				m.IDs = append(m.IDs, b.ID)
			}
		}
		out = append(out, m)
	}
	return out
}

func milestoneDues(c *catalog.Catalog) []MilestoneDue {
	n := map[string]int{}
	for _, b := range c.Blockers {
		n[b.Milestone]++
	}
	out := make([]MilestoneDue, 0, len(c.Milestones))
	for _, m := range c.Milestones {
		out = append(out, MilestoneDue{ID: m.ID, Title: m.Title, DueWeek: m.DueWeek, Due: m.DueDate(c.Start), Blockers: n[m.ID]})
	}
	return out
}

// checkReferences notes milestones and dependencies that point nowhere, and
// dependencies planned for a later milestone than the blocker that needs
// them; the catalog keeps them as the sources wrote them.
func checkReferences(c *catalog.Catalog, note func(string, ...any)) {
	order := map[string]int{}
	for i, m := range c.Milestones {
		order[m.ID] = i + 1
	}
	byID := make(map[string]catalog.Blocker, len(c.Blockers))
	for _, b := range c.Blockers {
		if _, dup := byID[b.ID]; !dup {
			byID[b.ID] = b // the first, as catalog.Blocker finds it
		}
	}
	for _, b := range c.Blockers {
		if b.Milestone != "" && order[b.Milestone] == 0 {
			note("%s is in milestone %s, which no source defines", b.ID, b.Milestone)
		}
		for _, id := range b.DependsOn {
			d, ok := byID[id]
			switch {
			case !ok:
				note("%s depends on %s, which is not in the catalog", b.ID, id)
			case order[b.Milestone] > 0 && order[d.Milestone] > order[b.Milestone]:
				note("%s (%s) depends on %s, planned for the later milestone %s", b.ID, b.Milestone, id, d.Milestone)
			}
		}
	}
}

// checkDeclared notes where blockers.json's own totals do not add up.
func checkDeclared(f *jsonFile, name string, note func(string, ...any)) {
	md := f.Metadata
	sum := func(m map[string]int) (n int) {
		for _, v := range m {
			n += v
		}
		return n
	}
	if md.TotalIssues != nil && len(md.Summary) > 0 && sum(md.Summary) != *md.TotalIssues {
		note("%s: metadata.summary adds up to %d, total_issues says %d", name, sum(md.Summary), *md.TotalIssues)
	}
	catSum, column := 0, map[string]int{}
	for _, cat := range sortedKeys(md.Categories, lessString) {
		counts := md.Categories[cat]
		t, hasTotal := counts["total"]
		rows := 0
		for k, v := range counts {
			if k != "total" {
				rows += v
				column[k] += v
			}
		}
		if hasTotal && rows != t {
			note("%s: metadata.categories.%s adds up to %d, its total says %d", name, cat, rows, t)
		}
		catSum += t
	}
	if md.TotalIssues != nil && len(md.Categories) > 0 && catSum != *md.TotalIssues {
		note("%s: category totals add up to %d, total_issues says %d", name, catSum, *md.TotalIssues)
	}
	if len(md.Categories) > 0 {
		for _, p := range sortedKeys(md.Summary, lessPriority) {
			if column[p] != md.Summary[p] {
				note("%s: categories' %s counts add up to %d, metadata.summary says %d", name, p, column[p], md.Summary[p])
			}
		}
	}
}

// checkAssignments notes where the assignments' issue lists and the issues'
// own assignee fields disagree.
func checkAssignments(f *jsonFile, bs []catalog.Blocker, name string, note func(string, ...any)) {
	listed := map[string]string{}
	for _, role := range sortedKeys(f.Assignments, lessString) {
		for _, id := range f.Assignments[role].Issues {
			if prev, dup := listed[id]; dup {
				note("%s: %s is assigned to both %s and %s", name, id, prev, role)
				continue
			}
			listed[id] = role
		}
	}
	have := map[string]catalog.Blocker{}
	for _, b := range bs {
		have[b.ID] = b
	}
	for _, id := range sortedKeys(listed, lessID) {
		role := listed[id]
		b, ok := have[id]
		switch {
		case !ok:
			note("%s: assignments.%s lists %s, which is not in the catalog", name, role, id)
		case b.Assignee != role:
			note("%s: assignments.%s lists %s, whose assignee is %q", name, role, id, b.Assignee)
		}
	}
	if len(f.Assignments) == 0 {
		return
	}
	for _, b := range bs {
		if _, ok := listed[b.ID]; !ok && b.Assignee != "" {
			note("%s: %s is assigned to %s but not in assignments.%s", name, b.ID, b.Assignee, b.Assignee)
		}
	}
}

// compareStats compares the markdown's statistics table with the metadata.
func compareStats(md *mdDoc, f *jsonFile, name string, note func(string, ...any)) {
	if md.stats == nil {
		return
	}
	j := map[string]map[string]int{}
	for cat, counts := range f.Metadata.Categories {
		row := map[string]int{}
		for k, v := range counts {
			if k == "total" {
				k = "count"
			}
			row[k] = v
		}
		j[strings.ToLower(cat)] = row
	}
	if f.Metadata.TotalIssues != nil {
		row := map[string]int{"count": *f.Metadata.TotalIssues}
		for p, n := range f.Metadata.Summary {
			row[strings.ToLower(p)] = n
		}
		j["total"] = row
	}
	cats := map[string]bool{}
	for c := range j {
		cats[c] = true
	}
	for c := range md.stats.cells {
		cats[c] = true
	}
	for _, cat := range sortedKeys(cats, lessString) {
		mrow, jrow := md.stats.cells[cat], j[cat]
		switch {
		case mrow == nil:
			note("%s:%d: statistics table has no row for %s", md.name, md.stats.line, cat)
			continue
		case jrow == nil:
			note("%s:%d: statistics table row %s is not in %s", md.name, md.stats.line, cat, name)
			continue
		}
		cols := map[string]bool{}
		for k := range mrow {
			cols[k] = true
		}
		for k := range jrow {
			cols[k] = true
		}
		for _, col := range sortedKeys(cols, lessString) {
			mv, mok := mrow[col]
			jv, jok := jrow[col]
			if mok && jok && mv != jv {
				note("%s:%d: statistics %s %s: %s says %d, %s says %d", md.name, md.stats.line, cat, col, md.name, mv, name, jv)
			}
		}
	}
}

// compareAssignments compares the markdown's "Recommended Assignments"
// table with blockers.json's assignments. The table is never applied: the
// JSON is the programmatic source, and the brief rule is to invent nothing.
func compareAssignments(md *mdDoc, f *jsonFile, bs []catalog.Blocker, name string, note func(string, ...any)) {
	if len(md.assignments) == 0 {
		return
	}
	effort := map[string]float64{}
	for _, b := range bs {
		effort[b.ID] = b.EffortHours
	}
	// Row by row, in table order, so each row's findings read together.
	inTable := map[string]bool{}
	for _, row := range md.assignments {
		at := fmt.Sprintf("%s:%d: assignments table, %s:", md.name, row.line, row.role)
		inTable[row.role] = true
		var sum float64
		for _, id := range row.issues {
			sum += effort[id]
		}
		if row.hours != nil && sum != *row.hours {
			note("%s says %s h, but the items it lists add up to %s h", at, formatHours(*row.hours), formatHours(sum))
		}
		ja, ok := f.Assignments[row.role]
		if !ok {
			note("%s role not in %s", at, name)
			continue
		}
		if row.hours != nil && ja.TotalEffortHours != nil && *row.hours != *ja.TotalEffortHours {
			note("%s says %s h, %s says %s h", at, formatHours(*row.hours), name, formatHours(*ja.TotalEffortHours))
		}
		if extra := setDiff(row.issues, ja.Issues); len(extra) > 0 {
			note("%s also lists %s, which %s does not assign (not applied)", at, strings.Join(extra, ", "), name)
		}
		if left := setDiff(ja.Issues, row.issues); len(left) > 0 {
			note("%s leaves out %s, which %s assigns", at, strings.Join(left, ", "), name)
		}
	}
	for _, role := range sortedKeys(f.Assignments, lessString) {
		if !inTable[role] {
			note("%s: assignments table has no row for %s", md.name, role)
		}
	}
}

// setDiff is the ids in a but not in b, sorted.
func setDiff(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
			in[s] = true
		}
	}
	sortIDs(out)
	return out
}

// compareLabels notes, one line per milestone, the names the markdown writes
// beside a milestone id ("M1 (Foundation Security)") that differ from the
// milestone's own name. Only the id is imported.
func compareLabels(md *mdDoc, ms []catalog.Milestone, note func(string, ...any)) {
	names := map[string]string{}
	for _, m := range ms {
		names[m.ID] = strings.TrimSpace(strings.TrimPrefix(m.Title, m.ID+":"))
	}
	byMilestone := map[string]map[string][]string{} // milestone -> label -> ids
	for id, l := range md.labels {
		name, ok := names[l.milestone]
		if !ok || strings.EqualFold(normalize(name), normalize(l.label)) {
			continue
		}
		if byMilestone[l.milestone] == nil {
			byMilestone[l.milestone] = map[string][]string{}
		}
		byMilestone[l.milestone][l.label] = append(byMilestone[l.milestone][l.label], id)
	}
	for _, m := range sortedKeys(byMilestone, lessMilestone) {
		var parts []string
		for _, label := range sortedKeys(byMilestone[m], lessString) {
			ids := byMilestone[m][label]
			sortIDs(ids)
			parts = append(parts, fmt.Sprintf("%q (%s)", label, strings.Join(ids, ", ")))
		}
		note("%s: milestone %s is named %q, but items label it %s; only the id is imported", md.name, m, names[m], strings.Join(parts, ", "))
	}
}

// Write renders the report as text for a person.
func (r *Report) Write(w io.Writer) error {
	ew := &errWriter{w: w}
	p := ew.printf
	p("Gap report: %s\n", strings.Join(r.Sources, " + "))

	p("\nDeclared vs written (declared by %s metadata):\n", r.JSONName)
	p("  total  %s\n", gap(r.Declared.Total, r.Written.Total))
	for _, pr := range unionKeys(lessPriority, r.Declared.ByPriority, r.Written.ByPriority) {
		p("  %-6s %s\n", pr, gap(r.Declared.ByPriority[pr], r.Written.ByPriority[pr]))
	}
	cats := unionKeys(lessString, r.Declared.CategoryTotal, r.Written.CategoryTotal)
	if len(cats) > 0 {
		p("  by category (declared -> written):\n")
	}
	for _, cat := range cats {
		d, wr := r.Declared.ByCategory[cat], r.Written.ByCategory[cat]
		var diffs []string
		for _, pr := range unionKeys(lessPriority, d, wr) {
			if d[pr] != wr[pr] {
				diffs = append(diffs, fmt.Sprintf("%s %d -> %d", pr, d[pr], wr[pr]))
			}
		}
		detail := "all written"
		if len(diffs) > 0 {
			detail = strings.Join(diffs, ", ")
		}
		label := cat
		if label == "" {
			label = "(none)"
		}
		p("    %-14s %3d -> %-3d %s\n", label, r.Declared.CategoryTotal[cat], r.Written.CategoryTotal[cat], detail)
	}

	var bad []RoleHours
	for _, rh := range r.Roles {
		if !rh.Agrees() {
			bad = append(bad, rh)
		}
	}
	p("\nRole hours (declared total_effort_hours vs sum of item efforts): %d of %d roles disagree\n", len(bad), len(r.Roles))
	for _, rh := range bad {
		decl := "undeclared"
		if rh.HasDeclared {
			decl = "declared " + formatHours(rh.Declared)
		}
		p("  %-24s %s, computed %s (%s): %s\n", rh.Role, decl, formatHours(rh.Computed), signed(rh.Computed-rh.Declared), itemList(rh.Items))
	}
	var unassigned float64
	for _, it := range r.Unassigned {
		unassigned += it.Hours
	}
	if len(r.Unassigned) > 0 {
		p("  %-24s %s h in %d items, counted for no role: %s\n", "(unassigned)", formatHours(unassigned), len(r.Unassigned), itemList(r.Unassigned))
	}
	if len(r.Roles) > 0 {
		var declared, computed float64
		for _, rh := range r.Roles {
			declared += rh.Declared
			computed += rh.Computed
		}
		p("  %-24s declared %s, computed %s (%s); all written items: %s h\n", "(all roles)", formatHours(declared), formatHours(computed), signed(computed-declared), formatHours(computed+unassigned))
	}

	if r.MarkdownName != "" {
		p("\nIn one source only:\n")
		p("  only in %s (%d): %s\n", r.JSONName, len(r.OnlyJSON), idList(r.OnlyJSON))
		p("  only in %s (%d): %s\n", r.MarkdownName, len(r.OnlyMarkdown), idList(r.OnlyMarkdown))
		p("\nConflicts (%s wins): %d\n", r.JSONName, len(r.Conflicts))
		for _, c := range r.Conflicts {
			p("  %s %s: %s %q; %s:%d %q\n", c.ID, c.Field, r.JSONName, clip(c.JSON, 60), r.MarkdownName, c.Line, clip(c.Markdown, 60))
		}
	}

	p("\nMissing from every source (left empty):\n")
	for _, m := range r.Missing {
		p("  %-13s %d: %s\n", m.Field, len(m.IDs), idList(m.IDs))
	}

	p("\nMilestones:\n")
	for _, m := range r.Milestones {
		due := "no due date"
		switch {
		case m.DueWeek > 0 && !m.Due.IsZero():
			due = fmt.Sprintf("due week %d (%s)", m.DueWeek, m.Due)
		case m.DueWeek > 0:
			due = fmt.Sprintf("due week %d (no start date)", m.DueWeek)
		}
		p("  %-4s %-40q %s, %d blockers\n", m.ID, m.Title, due, m.Blockers)
	}

	p("\nOther findings: %d\n", len(r.Notes))
	for _, n := range r.Notes {
		p("  %s\n", n)
	}
	return ew.err
}

func gap(declared, written int) string {
	s := fmt.Sprintf("%3d declared, %3d written", declared, written)
	switch {
	case declared > written:
		s += fmt.Sprintf(", %d not contained", declared-written)
	case written > declared:
		s += fmt.Sprintf(", %d more than declared", written-declared)
	}
	return s
}

func signed(h float64) string {
	if h > 0 {
		return "+" + formatHours(h)
	}
	return formatHours(h)
}

func itemList(items []ItemHours) string {
	parts := make([]string, len(items))
	for i, it := range items {
		if it.NoEffort {
			parts[i] = it.ID + " ?"
		} else {
			parts[i] = it.ID + " " + formatHours(it.Hours)
		}
	}
	return strings.Join(parts, ", ")
}

func idList(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

func unionKeys[V any](less func(a, b string) bool, ms ...map[string]V) []string {
	set := map[string]bool{}
	for _, m := range ms {
		for k := range m {
			set[k] = true
		}
	}
	return sortedKeys(set, less)
}

// errWriter keeps the first write error so rendering reads straight through.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
