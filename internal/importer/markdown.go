package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// mdDoc is what the markdown catalog says. A person wrote it, so the parser
// takes what it recognises, notes what it cannot use, and never fails.
type mdDoc struct {
	name    string
	records map[string]*record
	// labels are the milestone names the markdown writes beside each id
	// ("M1 (Foundation Security)"), which need not be the milestone's name.
	labels      map[string]mdLabel
	stats       *mdStats
	milestones  map[string]mdMilestone
	assignments []mdAssignment
	notes       []string
}

type mdLabel struct {
	milestone, label string
	line             int
}

// mdStats is the "Quick Statistics" table: category -> column -> count,
// where the columns are "count" and the priorities.
type mdStats struct {
	line  int
	cells map[string]map[string]int
}

type mdMilestone struct {
	id, name, duration, goal string
	deliverables             []string
	line                     int
}

// mdAssignment is one row of the "Recommended Assignments" table.
type mdAssignment struct {
	role   string
	issues []string
	hours  *float64
	line   int
}

var (
	headingRE  = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	itemRE     = regexp.MustCompile(`^[*_\x60]*(P\d+-\d+)[*_\x60]*\s*(?:[:.\-]|\x{2013}|\x{2014})?\s*(.*)$`)
	categoryRE = regexp.MustCompile(`(?i)^([a-z][a-z &/-]*?)\s+\(?(P\d+)\)?\s+(?:issues?|blockers?)$`)
	partPrioRE = regexp.MustCompile(`\((P\d+)\)`)
	// fieldRE matches "- **Field**: value", "- **Field:** value" and "* **Field** value".
	fieldRE     = regexp.MustCompile(`^\s{0,3}[-*+]\s+\*\*([^*]+?)\*\*\s*(.*)$`)
	listItemRE  = regexp.MustCompile(`^\s*(?:\d+[.)]|[-*+])\s+(.*)$`)
	milestoneRE = regexp.MustCompile(`^(M\d+)\b\s*(?:\((.*?)\)|[-:]\s*(.*))?`)
	idListRE    = regexp.MustCompile(`P\d+-\d+`)
	effortRE    = regexp.MustCompile(`(?i)^~?\s*(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours)?\.?$`)
	msHeadRE    = regexp.MustCompile(`(?i)^milestone\s+\d+\s*:\s*(.+?)\s*\((M\d+)\)\s*(?:(?:[-:]|\x{2013}|\x{2014})\s*(.+))?$`)
	labelRE     = regexp.MustCompile(`^\*\*([^*]+?)\*\*\s*:?\s*(.*)$`)
	numberRE    = regexp.MustCompile(`\d+(?:\.\d+)?`)
)

// fieldAliases maps the words people use for a field to the catalog key.
var fieldAliases = map[string]string{
	"title":            fTitle,
	"category":         fCategory,
	"priority":         fPriority,
	"module":           fModule,
	"modules":          fModule,
	"component":        fModule,
	"components":       fModule,
	"issue":            fDescription,
	"description":      fDescription,
	"problem":          fDescription,
	"risk":             fRisk,
	"risks":            fRisk,
	"evidence":         fEvidence,
	"remediation":      fRemediation,
	"remediation plan": fRemediation,
	"fix":              fRemediation,
	"effort":           fEffort,
	"effort estimate":  fEffort,
	"estimate":         fEffort,
	"effort hours":     fEffort,
	"assignee":         fAssignee,
	"owner":            fAssignee,
	"assigned to":      fAssignee,
	"dependencies":     fDependsOn,
	"dependency":       fDependsOn,
	"depends on":       fDependsOn,
	"milestone":        fMilestone,
}

func isFence(line string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

func isBlank(line string) bool { return strings.TrimSpace(line) == "" }

func isIndented(line string) bool {
	return strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")
}

// isRule is a thematic break at the margin, which ends an item.
func isRule(line string) bool {
	t := strings.TrimRight(line, " \t")
	if len(t) < 3 || isIndented(line) {
		return false
	}
	return strings.Trim(t, "-") == "" || strings.Trim(t, "*") == "" || strings.Trim(t, "_") == ""
}

// stripInline removes markdown inline formatting from a one-line value: the
// JSON source writes identifiers bare, so bare is the catalog's form.
func stripInline(s string) string {
	s = strings.ReplaceAll(s, "`", "")
	return strings.Join(strings.Fields(s), " ")
}

// parseMarkdown reads the markdown catalog.
func parseMarkdown(name string, data []byte) *mdDoc {
	d := &mdDoc{
		name:       name,
		records:    map[string]*record{},
		labels:     map[string]mdLabel{},
		milestones: map[string]mdMilestone{},
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var (
		partPrio, headPrio, category string
		ms                           *mdMilestone
		msField                      string
	)
	flushMilestone := func() {
		if ms != nil {
			d.milestones[ms.id] = *ms
			ms = nil
		}
	}
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if isFence(line) { // a code block outside any item: skip it whole
			open := i
			for i++; i < len(lines) && !isFence(lines[i]); i++ {
			}
			if i == len(lines) {
				d.note(open+1, "code block never closed; the rest of the file was skipped")
			}
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "|") {
			j := i
			for j < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[j]), "|") {
				j++
			}
			d.table(lines[i:j], i+1)
			i = j - 1
			continue
		}
		if m := headingRE.FindStringSubmatch(line); m != nil {
			level, text := len(m[1]), m[2]
			flushMilestone()
			if im := itemRE.FindStringSubmatch(stripInline(text)); im != nil && level >= 3 {
				prio := headPrio
				if prio == "" {
					prio = partPrio
				}
				i = d.item(lines, i, im[1], strings.Trim(im[2], "*_ "), prio, category) - 1
				continue
			}
			switch {
			case level <= 2:
				partPrio, headPrio, category = "", "", ""
				if pm := partPrioRE.FindStringSubmatch(text); pm != nil {
					partPrio = pm[1]
				}
			case level == 3:
				headPrio, category = "", ""
				if cm := categoryRE.FindStringSubmatch(text); cm != nil {
					category, headPrio = strings.ToLower(strings.TrimSpace(cm[1])), strings.ToUpper(cm[2])
				} else if mm := msHeadRE.FindStringSubmatch(text); mm != nil {
					ms = &mdMilestone{id: mm[2], name: strings.TrimSpace(mm[1]), duration: strings.TrimSpace(mm[3]), line: i + 1}
					msField = ""
				}
			}
			continue
		}
		if ms != nil {
			if lm := labelRE.FindStringSubmatch(strings.TrimSpace(line)); lm != nil {
				msField = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(lm[1]), ":"))
				if msField == "goal" && ms.goal == "" {
					ms.goal = stripInline(lm[2])
				}
			} else if li := listItemRE.FindStringSubmatch(line); li != nil && msField == "deliverables" {
				ms.deliverables = append(ms.deliverables, stripInline(li[1]))
			}
		}
	}
	flushMilestone()
	return d
}

func (d *mdDoc) note(line int, format string, args ...any) {
	d.notes = append(d.notes, fmt.Sprintf("%s:%d: ", d.name, line)+fmt.Sprintf(format, args...))
}

// item reads one "#### ID: Title" block starting at lines[at] and returns the
// index of the first line after it.
func (d *mdDoc) item(lines []string, at int, id, title, headPrio, category string) int {
	line := at + 1
	if _, dup := d.records[id]; dup {
		d.note(line, "%s appears again (first at line %d); kept the first", id, d.records[id].line)
		return skipItem(lines, at+1)
	}
	r := newRecord(id, line)
	d.records[id] = r
	if title != "" {
		r.fields[fTitle] = value{text: title, line: line}
	}
	if p := priorityOfID(id); p != "" {
		r.fields[fPriority] = value{text: p, line: line}
		if headPrio != "" && headPrio != p {
			d.note(line, "%s is under a %s heading; its priority is taken from its id", id, headPrio)
		}
	} else if headPrio != "" {
		r.fields[fPriority] = value{text: headPrio, line: line}
	}
	if category != "" {
		r.fields[fCategory] = value{text: category, line: line}
	}

	i := at + 1
	for i < len(lines) {
		l := lines[i]
		if headingRE.MatchString(l) || isRule(l) {
			break
		}
		fm := fieldRE.FindStringSubmatch(l)
		if fm == nil {
			if !isBlank(l) {
				d.note(i+1, "%s: line not understood, ignored: %s", id, clip(strings.TrimSpace(l), 60))
			}
			if isFence(l) { // an unattached code block: skip it whole
				for i++; i < len(lines) && !isFence(lines[i]); i++ {
				}
			}
			i++
			continue
		}
		name := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(fm[1]), ":")))
		inline := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(fm[2]), ":"))
		cont, next, unclosed := continuation(lines, i+1, inline == "")
		if unclosed {
			d.note(i+1, "%s: %s: code block never closed; ended it at line %d", id, name, next)
		}
		d.field(r, i+1, name, inline, cont)
		i = next
	}
	return i
}

// skipItem returns the index of the line that ends the item starting at i.
func skipItem(lines []string, i int) int {
	for i < len(lines) && !headingRE.MatchString(lines[i]) && !isRule(lines[i]) {
		i++
	}
	return i
}

// continuation collects the lines that belong to a field: indented lines
// (a numbered list, a fenced block, wrapped text), blank lines between them,
// and a fenced block at the margin right after an empty "**Evidence**:".
//
// An indented fence left open ends at the first line back at the margin, so
// a forgotten closing fence costs one field, not the rest of the file; unclosed
// reports that.
func continuation(lines []string, i int, allowMarginFence bool) (cont []string, next int, unclosed bool) {
	inFence, fenceIndented := false, false
	for i < len(lines) {
		l := lines[i]
		if inFence {
			if fenceIndented && !isBlank(l) && !isIndented(l) {
				return cont, i, true
			}
			cont = append(cont, l)
			inFence = !isFence(l)
			i++
			continue
		}
		if isBlank(l) {
			n := i + 1
			for n < len(lines) && isBlank(lines[n]) {
				n++
			}
			if n < len(lines) && isIndented(lines[n]) {
				cont = append(cont, lines[i:n]...)
				i = n
				continue
			}
			break
		}
		if !isIndented(l) && !(allowMarginFence && len(cont) == 0 && isFence(l)) {
			break
		}
		cont = append(cont, l)
		if isFence(l) {
			inFence, fenceIndented = true, isIndented(l)
		}
		i++
	}
	return cont, i, inFence
}

// field stores one "- **Name**: value" bullet in r.
func (d *mdDoc) field(r *record, line int, name, inline string, cont []string) {
	key, ok := fieldAliases[name]
	if !ok {
		d.note(line, "%s: unknown field %q ignored", r.id, name)
		return
	}
	var v value
	v.line = line
	if key == fRemediation {
		v.list = listItems(inline, cont)
	} else {
		v.text = textValue(inline, cont)
	}
	switch key {
	case fEffort:
		if v.text == "" {
			d.note(line, "%s: effort is empty", r.id)
			return
		}
		m := effortRE.FindStringSubmatch(v.text)
		if m == nil {
			d.note(line, "%s: effort %q is not a number of hours; left empty", r.id, v.text)
			return
		}
		h, _ := strconv.ParseFloat(m[1], 64)
		v.text = formatHours(h)
	case fDependsOn:
		v.list = dependencies(v.text)
		if rest := strings.Trim(idListRE.ReplaceAllString(v.text, ""), " ,;/&"); len(v.list) > 0 && rest != "" && !strings.EqualFold(rest, "and") {
			d.note(line, "%s: dependencies %q: took only the ids %s", r.id, v.text, strings.Join(v.list, ", "))
		} else if len(v.list) == 0 && !isNone(v.text) {
			d.note(line, "%s: dependencies %q name no blocker id; left empty", r.id, v.text)
			return
		}
		v.text = ""
	case fMilestone:
		m := milestoneRE.FindStringSubmatch(v.text)
		if m == nil {
			d.note(line, "%s: milestone %q has no milestone id (M1, M2...); left empty", r.id, v.text)
			return
		}
		if label := strings.TrimSpace(m[2] + m[3]); label != "" {
			d.labels[r.id] = mdLabel{milestone: m[1], label: label, line: line}
		}
		v.text = m[1]
	case fCategory:
		v.text = strings.ToLower(v.text)
	case fAssignee:
		if isNone(v.text) {
			return
		}
	}
	if v.text == "" && v.list == nil {
		d.note(line, "%s: %s is empty", r.id, key)
		return
	}
	if old, dup := r.fields[key]; dup {
		if old.compareText(key) == v.compareText(key) {
			d.note(line, "%s: %s given twice (also line %d), same value", r.id, name, old.line)
		} else {
			d.note(line, "%s: %s given twice with different values; kept line %d: %q, dropped %q",
				r.id, name, old.line, clip(old.compareText(key), 50), clip(v.compareText(key), 50))
		}
		return
	}
	r.fields[key] = v
}

// isNone reports whether a value says "nothing" rather than naming something.
func isNone(s string) bool {
	switch strings.ToLower(strings.Trim(s, " .*_")) {
	case "none", "n/a", "na", "-", "", "tbd", "unassigned", "nobody":
		return true
	}
	return false
}

// dependencies takes the blocker ids out of "P0-001, P0-003" or "None".
func dependencies(s string) []string {
	ids := idListRE.FindAllString(s, -1)
	if ids == nil {
		return []string{}
	}
	return ids
}

// textValue joins a one-line value and its continuation. A fenced block is
// kept verbatim (dedented), so code stays code; wrapped text is joined.
func textValue(inline string, cont []string) string {
	block := false
	for _, l := range cont {
		if isFence(l) {
			block = true
			break
		}
	}
	if !block {
		parts := []string{inline}
		for _, l := range cont {
			parts = append(parts, l)
		}
		return stripInline(strings.Join(parts, " "))
	}
	body := strings.Join(dedent(cont), "\n")
	body = strings.TrimRight(body, "\n ")
	if inline != "" {
		return stripInline(inline) + "\n" + body
	}
	return body
}

// listItems reads a numbered or bulleted sub-list; a line without a marker
// continues the previous item.
func listItems(inline string, cont []string) []string {
	var items []string
	if inline != "" {
		if m := listItemRE.FindStringSubmatch(inline); m != nil {
			inline = m[1]
		}
		items = append(items, stripInline(inline))
	}
	for _, l := range cont {
		if isBlank(l) || isFence(l) {
			continue
		}
		if m := listItemRE.FindStringSubmatch(l); m != nil {
			items = append(items, stripInline(m[1]))
		} else if len(items) > 0 {
			items[len(items)-1] = stripInline(items[len(items)-1] + " " + l)
		} else {
			items = append(items, stripInline(l))
		}
	}
	return items
}

// dedent removes the indentation common to the non-blank lines.
func dedent(lines []string) []string {
	indent := -1
	for _, l := range lines {
		if isBlank(l) {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if isBlank(l) {
			out[i] = ""
		} else {
			out[i] = strings.TrimRight(l[indent:], " \t")
		}
	}
	return out
}

// clip shortens s to n runes for a one-line report.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-3]) + "..."
}

// table reads the two tables the importer compares against the JSON: the
// per-category statistics and the recommended assignments. Others are ignored.
func (d *mdDoc) table(rows []string, firstLine int) {
	if len(rows) < 2 {
		return
	}
	header := cells(rows[0])
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(stripBold(h))] = i
	}
	body := rows[1:]
	bodyLine := firstLine + 1
	if len(body) > 0 && strings.Trim(strings.Join(cells(body[0]), ""), "-: ") == "" {
		body, bodyLine = body[1:], bodyLine+1
	}
	_, hasCat := col["category"]
	_, hasP0 := col["p0"]
	issuesCol, hasIssues := -1, false
	hoursCol := -1
	for h, i := range col {
		if strings.Contains(h, "issues") {
			issuesCol, hasIssues = i, true
		}
		if strings.Contains(h, "effort") || strings.Contains(h, "hours") {
			hoursCol = i
		}
	}
	switch {
	case hasCat && hasP0:
		if d.stats != nil {
			d.note(firstLine, "a second statistics table; ignored (first at line %d)", d.stats.line)
			return
		}
		st := &mdStats{line: firstLine, cells: map[string]map[string]int{}}
		for n, row := range body {
			c := cells(row)
			if len(c) <= col["category"] {
				continue
			}
			cat := strings.ToLower(stripBold(c[col["category"]]))
			counts := map[string]int{}
			for h, i := range col {
				if h == "category" || i >= len(c) {
					continue
				}
				v, err := strconv.Atoi(stripBold(c[i]))
				if err != nil {
					d.note(bodyLine+n, "statistics %s/%s: %q is not a number", cat, h, c[i])
					continue
				}
				counts[h] = v
			}
			st.cells[cat] = counts
		}
		d.stats = st
	case hasIssues && hoursCol >= 0 && issuesCol != 0:
		for n, row := range body {
			c := cells(row)
			if len(c) <= issuesCol || len(c) <= hoursCol {
				continue
			}
			a := mdAssignment{role: stripInline(stripBold(c[0])), issues: idListRE.FindAllString(c[issuesCol], -1), line: bodyLine + n}
			if m := numberRE.FindString(c[hoursCol]); m != "" {
				h, _ := strconv.ParseFloat(m, 64)
				a.hours = &h
			}
			d.assignments = append(d.assignments, a)
		}
	}
}

// cells splits a table row into trimmed cells.
func cells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	row = strings.TrimSuffix(row, "|")
	parts := strings.Split(row, "|")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func stripBold(s string) string { return strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "*_")) }
