// Package desired turns a catalog into the labels, milestones and issues that
// GitHub should hold: rendered titles, managed body regions and label sets.
// It is pure: the same catalog always gives the same desired state.
package desired

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// MaxBody is GitHub's limit on an issue body, in characters.
const MaxBody = 65536

// State is what GitHub should hold for one catalog.
type State struct {
	Labels     []Label
	Milestones []Milestone
	// Issues are in dependency order: every blocker after the blockers it
	// depends on, so creates can link to real issue numbers in one write.
	Issues []Issue
	// Dashboard is nil unless the catalog asks for a progress issue.
	Dashboard *Dashboard
	// Trackers are the tracker issues (catalog.Catalog.Trackers), in the
	// order of their first blocker in the catalog; none with trackers:
	// none.
	Trackers []Tracker
	// Board is nil unless the catalog has a board: block.
	Board *Board
}

// Tracker is the desired shape of the issue of one category (or
// milestone): its sub-issues are its blockers' issues, so GitHub shows
// their progress on it. It is no blocker: reports, gates and the guard
// never count it.
type Tracker struct {
	// ID is the tracker's marker id (TrackerID).
	ID    string `json:"id"`
	Title string `json:"title"`
	// Managed is the content of its managed region: the blockers and how
	// many the catalog counts done, with Ref tokens like a blocker's.
	Managed string   `json:"managed"`
	Labels  []string `json:"labels"`
	// Assignees are the category's owners (catalog category_owners), set
	// only when the issue is created.
	Assignees []string `json:"assignees,omitempty"`
	// Blockers are the ids of the blockers that are its sub-issues, in
	// catalog order.
	Blockers []string `json:"blockers"`
}

// Key is the marker key of the tracker.
func (t Tracker) Key() marker.Key { return marker.TrackerKey(t.ID) }

// TrackerLabel is the label every tracker issue carries, so people can
// leave trackers out of a search (-label:tracker). It is created when
// missing and otherwise used as it is, like a blocker's own label: the
// word is common, and a repository may have it already.
const TrackerLabel = "tracker"

// TrackerID is the marker id of the tracker of a category or milestone
// named name: name itself when it fits a marker, else its letters and
// digits with a short hash of the whole name, so two names never share
// an id.
func TrackerID(name string) string {
	if catalog.ValidID(name) {
		return name
	}
	var b strings.Builder
	dash := false
	for _, r := range name {
		ok := r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')
		switch {
		case ok:
			if b.Len() == 0 && (r == '.' || r == '_' || r == '-') {
				continue
			}
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 32 {
			break
		}
	}
	base := strings.TrimRight(b.String(), "-._")
	if base == "" {
		base = "t"
	}
	sum := sha256.Sum256([]byte(name))
	return base + "-" + hex.EncodeToString(sum[:3])
}

// Label is a label ghsync manages.
type Label struct {
	Name        string `json:"name"`
	Color       string `json:"color"`
	Description string `json:"description"`
	// Extra is a blocker's own label (see catalog.LabelDef.Extra): created
	// when missing, never restyled, added to issues but never taken off.
	Extra bool `json:"extra,omitempty"`
}

// Milestone is a milestone ghsync manages; ID is the catalog id kept hidden
// in the description.
type Milestone struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Due         catalog.Date `json:"due"`
}

// Issue is the desired shape of one blocker's issue.
type Issue struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Managed is the content of the managed body region. References to
	// other blockers are tokens (see Ref) that Resolve turns into issue
	// numbers once those are known.
	Managed string   `json:"managed"`
	Labels  []string `json:"labels"`
	// Milestone is a catalog milestone id; "" for none.
	Milestone string `json:"milestone,omitempty"`
	// State and StateReason are what the catalog's status means on GitHub
	// (GitHubState).
	State       observed.IssueState `json:"state"`
	StateReason observed.Reason     `json:"state_reason,omitempty"`
	DependsOn   []string            `json:"depends_on,omitempty"`
	// Assignees are set only when the issue is created.
	Assignees []string `json:"assignees,omitempty"`
	// Type is the issue type the catalog asks for (catalog.IssueTypes),
	// "" for none; Fields the values of the issue fields it names
	// (catalog.IssueFields), only those the blocker has a value for.
	Type   string       `json:"type,omitempty"`
	Fields []FieldValue `json:"fields,omitempty"`
}

// What a field of catalog.IssueFields holds.
const (
	FieldPriority = "priority" // a single select: the option named as the priority
	FieldEffort   = "effort"   // a number: effort_hours
	FieldDue      = "due"      // a date: the milestone's due date
)

// FieldValue is the value one named issue field should hold.
type FieldValue struct {
	// Holds is FieldPriority, FieldEffort or FieldDue.
	Holds string `json:"holds"`
	// Field is the field's name in the organisation.
	Field string `json:"field"`
	// Value is the option's name, the number or the date (YYYY-MM-DD).
	Value string `json:"value"`
}

// DataType is the issue field data type (observed.Field*) the value needs.
func (v FieldValue) DataType() string {
	switch v.Holds {
	case FieldPriority:
		return observed.FieldSingleSelect
	case FieldEffort:
		return observed.FieldNumber
	}
	return observed.FieldDate
}

// Key is the marker key of the issue.
func (i Issue) Key() marker.Key { return marker.BlockerKey(i.ID) }

// Dashboard is the progress issue.
type Dashboard struct {
	Title string `json:"title"`
	// Body is the managed part of its body: the progress report, which
	// depends on what GitHub holds, so the caller renders it (package
	// reconcile); "" plans no dashboard write, only duplicate handling.
	Body string `json:"-"`
}

// Build renders the catalog. It expects a catalog without validation errors.
func Build(c *catalog.Catalog) State {
	var s State
	for _, l := range c.AllLabels() {
		s.Labels = append(s.Labels, Label{Name: l.Name, Color: l.Color, Description: l.Description, Extra: l.Extra})
	}
	for _, m := range c.Milestones {
		s.Milestones = append(s.Milestones, Milestone{
			ID:          m.ID,
			Title:       m.Title,
			Description: marker.MilestoneDescription(m.ID, m.Description),
			Due:         m.DueDate(c.Start),
		})
	}
	titles := make(map[string]string, len(c.Blockers))
	for _, b := range c.Blockers {
		titles[b.ID] = b.Title
	}
	labels := c.IssueLabels()
	s.Issues = make([]Issue, 0, len(c.Blockers))
	for _, b := range dependencyOrder(c.Blockers) {
		is := issue(c, b, titles)
		is.Labels = labels[b.ID]
		s.Issues = append(s.Issues, is)
	}
	if c.Dashboard != nil {
		s.Dashboard = &Dashboard{Title: c.Dashboard.Title}
	}
	s.Trackers = trackers(c, titles)
	if len(s.Trackers) > 0 && !slices.ContainsFunc(s.Labels, func(l Label) bool { return strings.EqualFold(l.Name, TrackerLabel) }) {
		s.Labels = append(s.Labels, Label{Name: TrackerLabel, Color: "5319e7", Description: "A ghsync tracker: its sub-issues are the blockers of one category or milestone", Extra: true})
	}
	s.Board = BuildBoard(c)
	s.Board.addTrackers(c, s.Trackers)
	return s
}

// trackers builds the tracker issues the catalog asks for: one per
// category, or per milestone (blockers without one are in none), in the
// order their first blocker comes in the catalog.
func trackers(c *catalog.Catalog, titles map[string]string) []Tracker {
	mode := c.TrackerMode()
	if mode == catalog.TrackersNone {
		return nil
	}
	var order []string
	groups := map[string][]catalog.Blocker{}
	for _, b := range c.Blockers {
		name := b.Category
		if mode == catalog.TrackersMilestone {
			name = b.Milestone
		}
		if strings.TrimSpace(name) == "" {
			continue
		}
		if _, ok := groups[name]; !ok {
			order = append(order, name)
		}
		groups[name] = append(groups[name], b)
	}
	out := make([]Tracker, 0, len(order))
	for _, name := range order {
		t := Tracker{ID: TrackerID(name), Labels: []string{TrackerLabel}}
		title, what := name, "category **"+clean(name)+"**"
		if mode == catalog.TrackersMilestone {
			if m, ok := c.Milestone(name); ok && m.Title != "" {
				title = m.Title
			}
			what = "milestone **" + clean(title) + "**"
		} else {
			t.Assignees = c.CategoryOwners[name]
		}
		t.Title = "Tracker: " + title
		if c.Project != "" {
			t.Title = c.Project + " tracker: " + title
		}
		if r := []rune(t.Title); len(r) > catalog.MaxIssueTitle {
			// A long project name and milestone title: GitHub would
			// refuse the create.
			t.Title = string(r[:catalog.MaxIssueTitle])
		}
		var w strings.Builder
		done := 0
		for _, b := range groups[name] {
			t.Blockers = append(t.Blockers, b.ID)
			if b.State() != catalog.StatusOpen {
				done++
			}
		}
		fmt.Fprintf(&w, "Tracker of the %s: %d of %d blockers done in the catalog. Its sub-issues are their issues, so GitHub shows their progress here.\n\n", what, done, len(groups[name]))
		for _, b := range groups[name] {
			// No priority: a priority change would rewrite every
			// tracker it touches for nothing GitHub does not show.
			fmt.Fprintf(&w, "- %s **%s** %s (%s)\n", Ref(b.ID), clean(b.ID), clean(titles[b.ID]), b.State())
		}
		w.WriteString("\n<sub>Managed by ghsync from the catalog: change the catalog, not this section. Text above or below it is yours and is kept.</sub>")
		t.Managed = w.String()
		out = append(out, t)
	}
	return out
}

func issue(c *catalog.Catalog, b catalog.Blocker, titles map[string]string) Issue {
	is := Issue{
		ID:        b.ID,
		Title:     b.IssueTitle(),
		Managed:   render(c, b, titles),
		Milestone: b.Milestone,
		DependsOn: b.DependsOn,
		Assignees: c.Owners[b.Assignee],
		Type:      c.IssueType(b),
		Fields:    fieldValues(c, b),
	}
	is.State, is.StateReason = GitHubState(b.State())
	return is
}

// fieldValues are the values of the issue fields the catalog names that
// b has: a field whose value b lacks is left as it is on GitHub.
func fieldValues(c *catalog.Catalog, b catalog.Blocker) []FieldValue {
	f := c.IssueFields
	if f == nil {
		return nil
	}
	var out []FieldValue
	if f.Priority != "" && b.Priority != "" {
		out = append(out, FieldValue{Holds: FieldPriority, Field: f.Priority, Value: b.Priority})
	}
	if f.Effort != "" && b.EffortHours > 0 {
		out = append(out, FieldValue{Holds: FieldEffort, Field: f.Effort, Value: strconv.FormatFloat(b.EffortHours, 'f', -1, 64)})
	}
	if f.Due != "" && b.Milestone != "" {
		if m, ok := c.Milestone(b.Milestone); ok {
			if due := m.DueDate(c.Start); !due.IsZero() {
				out = append(out, FieldValue{Holds: FieldDue, Field: f.Due, Value: due.String()})
			}
		}
	}
	return out
}

// Status is the status record (marker.Status) ghsync writes in the issue's
// managed region for the state the catalog asks for: "open", or the
// reason it is closed for.
func (is Issue) Status() string {
	if is.State == observed.Closed {
		return string(is.StateReason)
	}
	return marker.StatusOpen
}

// GitHubState is the one translation of a catalog status into GitHub's
// state and state_reason: open; resolved is closed as completed; wontfix
// closed as not planned.
func GitHubState(status string) (observed.IssueState, observed.Reason) {
	switch status {
	case catalog.StatusResolved:
		return observed.Closed, observed.Completed
	case catalog.StatusWontfix:
		return observed.Closed, observed.NotPlanned
	}
	return observed.Open, ""
}

// dependencyOrder sorts blockers so that each comes after its dependencies,
// keeping catalog order otherwise (a stable topological sort). Cycles are
// rejected by validation; should one slip through, the rest keep catalog order.
func dependencyOrder(bs []catalog.Blocker) []catalog.Blocker {
	index := map[string]int{}
	for i, b := range bs {
		index[b.ID] = i
	}
	state := make([]int, len(bs)) // 0 new, 1 visiting, 2 done
	out := make([]catalog.Blocker, 0, len(bs))
	var visit func(i int)
	visit = func(i int) {
		if state[i] != 0 {
			return
		}
		state[i] = 1
		for _, d := range bs[i].DependsOn {
			if j, ok := index[d]; ok {
				visit(j)
			}
		}
		state[i] = 2
		out = append(out, bs[i])
	}
	for i := range bs {
		visit(i)
	}
	return out
}

// Ref is the token that stands for blocker id's issue in a managed body until
// its number is known. It contains NUL bytes, which catalog text cannot carry
// into a body (render strips them), so a token is never forged.
func Ref(id string) string { return "\x00ref:" + id + "\x00" }

// Resolve replaces every Ref token in s: with "#N" when number knows the
// blocker's issue, else with the plain blocker id.
func Resolve(s string, number func(id string) (int, bool)) string {
	if !strings.Contains(s, "\x00ref:") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "\x00ref:")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i+5:], 0)
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		id := s[i+5 : i+5+j]
		b.WriteString(s[:i])
		if n, ok := number(id); ok {
			b.WriteString("#" + strconv.Itoa(n))
		} else {
			b.WriteString(id)
		}
		s = s[i+5+j+1:]
	}
}

// Refs lists the blocker ids referenced by tokens in s.
func Refs(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "\x00ref:")
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i+5:], 0)
		if j < 0 {
			return out
		}
		out = append(out, s[i+5:i+5+j])
		s = s[i+5+j+1:]
	}
}

// clean makes catalog text safe inside a managed region.
func clean(s string) string {
	return marker.Neutralize(strings.ReplaceAll(strings.TrimSpace(s), "\x00", ""))
}

// render writes the managed region of b's issue; titles maps blocker ids to
// titles for the dependency list (a map, so rendering stays linear).
func render(c *catalog.Catalog, b catalog.Blocker, titles map[string]string) string {
	var w strings.Builder
	w.Grow(renderSize(b))
	facts := []string{"**" + clean(b.ID) + "**", "Priority **" + clean(b.Priority) + "**", "Category **" + clean(b.Category) + "**"}
	if b.Milestone != "" {
		title := b.Milestone
		if m, ok := c.Milestone(b.Milestone); ok && m.Title != "" {
			title = m.Title
		}
		facts = append(facts, "Milestone **"+clean(title)+"**")
	}
	if b.EffortHours > 0 {
		facts = append(facts, "Effort **"+FormatHours(b.EffortHours)+"**")
	}
	if b.Assignee != "" {
		facts = append(facts, "Role **"+clean(b.Assignee)+"**")
	}
	w.WriteString(strings.Join(facts, " · "))
	w.WriteString("\n")
	section := func(title, text string) {
		if text = clean(text); text != "" {
			fmt.Fprintf(&w, "\n### %s\n%s\n", title, text)
		}
	}
	section("Description", b.Description)
	section("Risk", b.Risk)
	if ev := clean(b.Evidence); ev != "" {
		fence := codeFence(ev)
		fmt.Fprintf(&w, "\n### Evidence\n%s\n%s\n%s\n", fence, ev, fence)
	}
	if len(b.Remediation) > 0 {
		w.WriteString("\n### Remediation\n")
		for _, r := range b.Remediation {
			fmt.Fprintf(&w, "- [ ] %s\n", strings.ReplaceAll(clean(r), "\n", " "))
		}
	}
	section("Module", b.Module)
	if len(b.DependsOn) > 0 {
		w.WriteString("\n### Depends on\n")
		for _, d := range b.DependsOn {
			title := ""
			if t, ok := titles[d]; ok {
				title = " " + clean(t)
			}
			fmt.Fprintf(&w, "- %s **%s**%s\n", Ref(d), clean(d), title)
		}
	}
	w.WriteString("\n<sub>Managed by ghsync from the catalog: change the catalog, not this section. Text above or below it is yours and is kept.</sub>")
	return w.String()
}

// renderSize is about what render writes for b, so its buffer is grown
// once: the text, the headings and the footer.
func renderSize(b catalog.Blocker) int {
	n := 450 + len(b.ID) + len(b.Priority) + len(b.Category) + len(b.Milestone) + len(b.Assignee) +
		len(b.Description) + len(b.Risk) + len(b.Evidence) + len(b.Module)
	for _, r := range b.Remediation {
		n += len(r) + 8
	}
	for _, d := range b.DependsOn {
		n += 2*len(d) + 80
	}
	return n
}

// codeFence returns a backtick fence longer than any backtick run in s.
func codeFence(s string) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			if run > longest {
				longest = run
			}
		} else {
			run = 0
		}
	}
	if longest < 3 {
		return "```"
	}
	return strings.Repeat("`", longest+1)
}

// FormatHours prints 4 as "4h" and 2.5 as "2.5h".
func FormatHours(h float64) string {
	return strconv.FormatFloat(h, 'f', -1, 64) + "h"
}

// Problems reports what only rendering can find: a body over GitHub's limit,
// measured as apply writes it (with the longest status record and the widest
// possible issue references), positioned at the blocker.
func Problems(c *catalog.Catalog) []catalog.Problem { return Build(c).Problems(c) }

// Problems is Problems for a state already built from c, which saves
// rendering every body twice.
func (s State) Problems(c *catalog.Catalog) []catalog.Problem {
	var over []Issue
	for _, is := range s.Issues {
		// A body is at most this many bytes, and never has more characters
		// than bytes: most bodies are far under the limit and need no more.
		if bodyBound(is.Managed) > MaxBody {
			over = append(over, is)
		}
	}
	if len(over) == 0 {
		return nil
	}
	at := make(map[string]catalog.Pos, len(c.Blockers))
	for _, b := range c.Blockers {
		at[b.ID] = b.Pos
	}
	var out []catalog.Problem
	for _, is := range over {
		managed := marker.WithStatus(is.Managed, marker.StatusNotPlanned)
		body := marker.Wrap(is.Key(), Resolve(managed, func(string) (int, bool) { return 9999999, true }))
		if n := utf8.RuneCountInString(body); n > MaxBody {
			out = append(out, catalog.Problem{Pos: at[is.ID], Message: fmt.Sprintf("blocker %s renders an issue body of %d characters; GitHub allows %d: shorten its description, evidence or remediation", is.ID, n, MaxBody)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Pos, out[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return out
}

// bodyBound is at least the length in bytes of the body apply writes for
// managed content: the markers around it (ids are at most 40 bytes), the
// longest status record, and each reference token (at least 7 bytes)
// turned into "#9999999" (8).
func bodyBound(managed string) int {
	const markers = 2*len("<!-- ghsync:begin blocker= -->") + 2*40 + 2
	const status = len("\n<!-- ghsync:status=not_planned -->")
	return len(managed) + markers + status + strings.Count(managed, "\x00ref:")
}

// CarryTicks keeps the ticks people set on task-list items: a line
// "- [ ] text" in want becomes "- [x] text" when have holds "- [x] text".
// Ticking a remediation step is progress, not a drift to undo.
func CarryTicks(want, have string) string {
	ticked := map[string]bool{}
	for _, l := range strings.Split(have, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "- [x] ") || strings.HasPrefix(t, "- [X] ") {
			ticked[t[6:]] = true
		}
	}
	if len(ticked) == 0 {
		return want
	}
	lines := strings.Split(want, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "- [ ] ") && ticked[l[6:]] {
			lines[i] = "- [x] " + l[6:]
		}
	}
	return strings.Join(lines, "\n")
}
