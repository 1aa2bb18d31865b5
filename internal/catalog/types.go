// Package catalog defines the schema-v1 blocker catalog, loads it from YAML
// files and validates it with positions that point at the offending line.
//
// The catalog is the single source of truth for what GitHub should hold; it
// knows nothing of GitHub itself.
package catalog

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Version is the only schema version this build understands.
const Version = 1

// Pos is where a value was written, so every problem can point at file:line:col.
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Date is a calendar date without a time of day or zone; GitHub stores
// milestone due dates as dates, and comparing instants would be off by a day
// depending on the zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("date %s is not YYYY-MM-DD", quote(s))
	}
	return DateOf(t), nil
}

// DateOf is the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.Year == 0 }

// Time is midnight UTC of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// MarshalJSON writes "YYYY-MM-DD", or null when unset.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' {
		return fmt.Errorf("date must be a string")
	}
	v, err := ParseDate(string(b[1 : len(b)-1]))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Priorities in order of urgency.
var Priorities = []string{"P0", "P1", "P2", "P3"}

// Status values of a blocker.
const (
	StatusOpen     = "open"
	StatusResolved = "resolved"
	StatusWontfix  = "wontfix"
)

// Catalog is the merged content of one or more catalog files. How a file
// spells each field (key, kind, order, whether it is required) is the
// schema's, in schema.go: the parser, Encode and Load all read it there.
type Catalog struct {
	Version    int         `json:"version"`
	Repository string      `json:"repository,omitempty"`
	Project    string      `json:"project,omitempty"`
	Start      Date        `json:"start,omitempty"`
	Labels     LabelScheme `json:"labels,omitempty"`
	Milestones []Milestone `json:"milestones,omitempty"`
	Gates      []Gate      `json:"gates,omitempty"`
	Blockers   []Blocker   `json:"blockers"`
	// Dashboard, when set, asks apply to keep one issue whose body is the
	// progress report.
	Dashboard *Dashboard `json:"dashboard,omitempty"`
	// Owners maps a role (a blocker's assignee) to GitHub logins; used only
	// when an issue is first created, so a person's later reassignment wins.
	Owners map[string][]string `json:"owners,omitempty"`
	// CategoryOwners maps a category to GitHub logins: the assignees of
	// its tracker issue when it is created. A mapping of its own rather
	// than a key inside owners, whose keys are roles a person names
	// freely (a role called "category" must keep working).
	CategoryOwners map[string][]string `json:"category_owners,omitempty"`
	// Trackers says which tracker issues ghsync keeps, each with its
	// blockers as sub-issues: TrackersCategory ("" means it), TrackersMilestone
	// or TrackersNone (see TrackerMode).
	Trackers string `json:"trackers,omitempty"`
	// TrustedAuthors are logins whose issues may carry a blocker's marker
	// although they cannot write to the repository (or are bots, such as
	// a GitHub App ghsync once wrote as). Everyone with write access is
	// trusted anyway; see docs/ownership.md.
	TrustedAuthors []string `json:"trusted_authors,omitempty"`
	// Declared holds totals the sources claim, so gaps between what was
	// counted and what was written out stay visible instead of being filled in.
	Declared *Declared `json:"declared,omitempty"`
	// IssueTypes and IssueFields, when set, ask for the repository owner's
	// issue types and organisation issue fields on each blocker's issue,
	// beside the labels (which carry the same information everywhere).
	IssueTypes  *IssueTypes  `json:"issue_types,omitempty"`
	IssueFields *IssueFields `json:"issue_fields,omitempty"`
	// Board, when set, asks apply to keep a GitHub Project (v2) in sync
	// with the blockers; nil (the default) reads and writes no Project.
	Board *Board `json:"board,omitempty"`
	// Sprints is the sprint cadence of the board's iteration field.
	Sprints *Sprints `json:"sprints,omitempty"`

	// Files lists the files the catalog was read from, in load order.
	Files []string `json:"-"`
	// Pos of the start date, for messages.
	StartPos Pos `json:"-"`
	// KeyPos holds where each top-level key was written, so a key set in two
	// files can be reported at the second naming the first.
	KeyPos map[string]Pos `json:"-"`
}

// The values of Catalog.Trackers.
const (
	TrackersCategory  = "category"
	TrackersMilestone = "milestone"
	TrackersNone      = "none"
)

// TrackerMode is Trackers with its default: one tracker per category.
func (c *Catalog) TrackerMode() string {
	if c.Trackers == "" {
		return TrackersCategory
	}
	return c.Trackers
}

// LabelScheme overrides the derived priority and category labels.
type LabelScheme struct {
	Priority LabelFamily `json:"priority,omitempty"`
	Category LabelFamily `json:"category,omitempty"`
}

// LabelFamily is a name pattern ("priority/{value}") and per-value overrides.
type LabelFamily struct {
	// Pattern must contain {value}; empty means the default.
	Pattern string                `json:"pattern,omitempty"`
	Values  map[string]LabelStyle `json:"values,omitempty"`
	Pos     Pos                   `json:"-"`
	// PatternPos is where Pattern was written.
	PatternPos Pos `json:"-"`
}

// LabelStyle is the look of one derived label.
type LabelStyle struct {
	Color       string `json:"color,omitempty"`
	Description string `json:"description,omitempty"`
	Pos         Pos    `json:"-"`
}

// Milestone is a catalog milestone; ID is its identity on GitHub (kept in a
// hidden key in the milestone description), Title is what people see.
type Milestone struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	// DueWeek counts weeks from the catalog start: due = start + 7*DueWeek - 1 day.
	DueWeek int  `json:"due_week,omitempty"`
	Due     Date `json:"due,omitempty"`
	Pos     Pos  `json:"-"`
	// ValuePos holds where each value was written (see Positions).
	ValuePos Positions `json:"-"`
}

// PosOf is where the value of key was written, else where m was.
func (m Milestone) PosOf(key string) Pos { return posOf(m.ValuePos, key, m.Pos) }

// DueDate resolves Due or DueWeek against the catalog start; zero if neither.
func (m Milestone) DueDate(start Date) Date {
	if !m.Due.IsZero() {
		return m.Due
	}
	if m.DueWeek > 0 && !start.IsZero() {
		return start.AddDays(7*m.DueWeek - 1)
	}
	return Date{}
}

// Gate is a go/no-go condition over a set of blockers.
type Gate struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	// Require is "all" or a percentage such as "80%".
	Require  string   `json:"require"`
	Blockers []string `json:"blockers"`
	Pos      Pos      `json:"-"`
	// ValuePos holds where each value was written (see Positions).
	ValuePos Positions `json:"-"`
}

// PosOf is where the value of key was written, else where g was.
func (g Gate) PosOf(key string) Pos { return posOf(g.ValuePos, key, g.Pos) }

// Percent is the share of the gate's blockers that must be done (100 for "all").
func (g Gate) Percent() int {
	if g.Require == "all" || g.Require == "" {
		return 100
	}
	var p int
	if _, err := fmt.Sscanf(g.Require, "%d%%", &p); err != nil {
		return 100
	}
	return p
}

// Blocker is one unit of work; its ID is the identity of its GitHub issue forever.
type Blocker struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Priority    string   `json:"priority"`
	Category    string   `json:"category"`
	Milestone   string   `json:"milestone,omitempty"`
	EffortHours float64  `json:"effort_hours,omitempty"`
	Assignee    string   `json:"assignee,omitempty"`
	Module      string   `json:"module,omitempty"`
	Description string   `json:"description,omitempty"`
	Risk        string   `json:"risk,omitempty"`
	Evidence    string   `json:"evidence,omitempty"`
	Remediation []string `json:"remediation,omitempty"`
	DependsOn   []string `json:"depends_on,omitempty"`
	Labels      []string `json:"labels,omitempty"`
	Status      string   `json:"status,omitempty"`
	Pos         Pos      `json:"-"`
	// ValuePos holds where each value was written (see Positions).
	ValuePos Positions `json:"-"`
}

// PosOf is where the value of key was written, else where b was.
func (b Blocker) PosOf(key string) Pos { return posOf(b.ValuePos, key, b.Pos) }

// IssueTitle is the title of the blocker's issue: the id keeps titles unique
// and searchable even though identity lives in the body marker.
func (b Blocker) IssueTitle() string { return b.ID + ": " + b.Title }

func posOf(ps Positions, key string, def Pos) Pos {
	if p, ok := ps.Get(key); ok {
		return p
	}
	return def
}

// Positions records where the values of one catalog entry were written, by
// YAML key; list entries are named "depends_on[0]", "labels[1]" and so on.
// Problems then point at the offending value rather than at the whole
// entry. It is a short list, not a map: a catalog of 10,000 blockers holds
// 200,000 positions, and a map for each blocker was a third of the memory
// the parsed catalog kept.
type Positions struct {
	file string
	at   []valuePos
}

type valuePos struct {
	key string
	// index is the list entry, -1 for the key's value itself.
	index     int32
	line, col int32
}

// set records where key's value (index -1) or its index-th entry was.
func (ps *Positions) set(key string, index int, p Pos) {
	ps.file = p.File
	ps.at = append(ps.at, valuePos{key: key, index: int32(index), line: int32(p.Line), col: int32(p.Col)})
}

// Get is where the value named key ("title", "labels[1]") was written.
func (ps Positions) Get(key string) (Pos, bool) {
	index := -1
	if at := strings.LastIndexByte(key, '['); at > 0 && strings.HasSuffix(key, "]") {
		// The last brackets: a role may have some in its name ("qa[1]").
		i, err := strconv.Atoi(key[at+1 : len(key)-1])
		if err != nil || i < 0 {
			return Pos{}, false
		}
		key, index = key[:at], i
	}
	for _, v := range ps.at {
		if v.key == key && int(v.index) == index {
			return Pos{File: ps.file, Line: int(v.line), Col: int(v.col)}, true
		}
	}
	return Pos{}, false
}

// Has reports whether key's value was written.
func (ps Positions) Has(key string) bool {
	_, ok := ps.Get(key)
	return ok
}

// State is the blocker's status with the default applied.
func (b Blocker) State() string {
	if b.Status == "" {
		return StatusOpen
	}
	return b.Status
}

// Dashboard configures the progress issue.
type Dashboard struct {
	Title string `json:"title"`
	Pos   Pos    `json:"-"`
}

// Declared is what the sources say they contain.
type Declared struct {
	Source     string         `json:"source,omitempty"`
	Total      int            `json:"total,omitempty"`
	ByPriority map[string]int `json:"by_priority,omitempty"`
	ByCategory map[string]int `json:"by_category,omitempty"`
	// RoleHours are the effort totals the sources give per role.
	RoleHours map[string]float64 `json:"role_hours,omitempty"`
	Pos       Pos                `json:"-"`
}

// MaxIssueTypes is GitHub's limit of issue types per organisation. (Its
// limit of 25 issue fields cannot be reached: issue_fields names three.)
const MaxIssueTypes = 25

// IssueTypes chooses each blocker's issue type by name: its category's
// entry, else its priority's, else Default; "" (none of them) leaves the
// issue's type alone.
type IssueTypes struct {
	Default    string            `json:"default,omitempty"`
	ByCategory map[string]string `json:"by_category,omitempty"`
	ByPriority map[string]string `json:"by_priority,omitempty"`
	Pos        Pos               `json:"-"`
	// KeyPos is where each key of by_category was written ("by_category.security").
	KeyPos map[string]Pos `json:"-"`
}

// IssueFields names the organisation's issue fields that hold a blocker's
// priority (single select, options named P0..P3), effort hours (number)
// and its milestone's due date (date); "" for a value not kept in a field.
type IssueFields struct {
	Priority string `json:"priority,omitempty"`
	Effort   string `json:"effort,omitempty"`
	Due      string `json:"due,omitempty"`
	Pos      Pos    `json:"-"`
}

// IssueType is the issue type the catalog asks for on b's issue, "" for none.
func (c *Catalog) IssueType(b Blocker) string {
	t := c.IssueTypes
	if t == nil {
		return ""
	}
	if v, ok := t.ByCategory[b.Category]; ok {
		return v
	}
	if v, ok := t.ByPriority[b.Priority]; ok {
		return v
	}
	return t.Default
}

// Names lists the distinct type names t uses, in order of first use.
func (t *IssueTypes) Names() []string {
	if t == nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	add := func(n string) {
		if n != "" && !seen[strings.ToLower(n)] {
			seen[strings.ToLower(n)] = true
			out = append(out, n)
		}
	}
	add(t.Default)
	for _, k := range sortedKeys(t.ByCategory) {
		add(t.ByCategory[k])
	}
	for _, p := range Priorities {
		add(t.ByPriority[p])
	}
	return out
}

// Blocker returns the blocker with the given id.
func (c *Catalog) Blocker(id string) (Blocker, bool) {
	for _, b := range c.Blockers {
		if b.ID == id {
			return b, true
		}
	}
	return Blocker{}, false
}

// Milestone returns the milestone with the given id.
func (c *Catalog) Milestone(id string) (Milestone, bool) {
	for _, m := range c.Milestones {
		if m.ID == id {
			return m, true
		}
	}
	return Milestone{}, false
}

// Severity of a Problem.
type Severity int

// Severities.
const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Problem is one finding about a catalog, at a position.
type Problem struct {
	Pos      Pos
	Severity Severity
	Message  string
}

// HasErrors reports whether any problem is an error rather than a warning.
func HasErrors(ps []Problem) bool {
	for _, p := range ps {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// SortProblems orders problems by file, line and column, keeping the order
// of problems at the same position.
func SortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Pos, ps[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// String renders "PATH:LINE:COL: message" (warnings say "warning: " first).
func (p Problem) String() string {
	if p.Severity == Warning {
		return p.Pos.String() + ": warning: " + p.Message
	}
	return p.Pos.String() + ": " + p.Message
}

// Board configures the GitHub Project (v2) kept in sync with the catalog.
type Board struct {
	// Owner is the organisation's or user's login.
	Owner string `json:"owner"`
	// OwnerType is "organization" (the default) or "user".
	OwnerType string `json:"owner_type,omitempty"`
	// Title finds (or names, when ghsync creates it) the Project; Number,
	// when set, names an existing Project instead.
	Title  string `json:"title,omitempty"`
	Number int    `json:"number,omitempty"`
	// Fields are the keys of the fields ghsync manages (BoardFieldKeys);
	// empty is all of them.
	Fields []string `json:"fields,omitempty"`
	// Names overrides the names of the managed fields.
	Names BoardNames `json:"names,omitzero"`
	// Status names the Status options ghsync sets (a Project made from
	// one of GitHub's templates has Backlog, not Todo).
	Status BoardStatusOptions `json:"status,omitzero"`

	Pos      Pos       `json:"-"`
	ValuePos Positions `json:"-"`
}

// BoardNames are the names of the board's managed fields; "" is the
// default name (BoardFieldDefaults).
type BoardNames struct {
	Priority string `json:"priority,omitempty"`
	Category string `json:"category,omitempty"`
	Effort   string `json:"effort,omitempty"`
	Gate     string `json:"gate,omitempty"`
	Sprint   string `json:"sprint,omitempty"`
	Target   string `json:"target,omitempty"`
	Status   string `json:"status,omitempty"`
	Record   string `json:"record,omitempty"`

	// ValuePos says where each name was written.
	ValuePos Positions `json:"-"`
}

// IsZero reports whether no name is set (json's omitzero asks it, so
// the positions do not count).
func (n BoardNames) IsZero() bool {
	return n.Priority == "" && n.Category == "" && n.Effort == "" && n.Gate == "" && n.Sprint == "" &&
		n.Target == "" && n.Status == "" && n.Record == ""
}

// BoardStatusOptions are the options of the Status field that stand for
// ghsync's two states; "" is the default (Todo, Done).
type BoardStatusOptions struct {
	Todo string `json:"todo,omitempty"`
	Done string `json:"done,omitempty"`
}

// StatusOption is the Status option for state "todo" or "done".
func (b *Board) StatusOption(state string) string {
	switch {
	case state == "todo" && b.Status.Todo != "":
		return b.Status.Todo
	case state == "done" && b.Status.Done != "":
		return b.Status.Done
	case state == "todo":
		return "Todo"
	}
	return "Done"
}

// BuiltinBoardFields are the names of the fields GitHub makes with every
// Project, which a field of ghsync's cannot take (Status is the status
// key's own).
var BuiltinBoardFields = []string{"Title", "Assignees", "Status", "Labels", "Linked pull requests", "Milestone",
	"Repository", "Reviewers", "Parent issue", "Sub-issues progress"}

// The board's field keys, in the order ghsync creates the fields.
// milestone is GitHub's built-in Milestone field, which shows the issue's
// milestone (set by ghsync on the issue); status is the built-in Status;
// record is the text field where ghsync records the Status it set, so a
// person's change of Status stands.
var BoardFieldKeys = []string{"priority", "category", "effort", "milestone", "gate", "sprint", "target", "status"}

// BoardFieldDefaults are the default names of the fields by key.
var BoardFieldDefaults = map[string]string{
	"priority": "Priority", "category": "Category", "effort": "Effort", "milestone": "Milestone",
	"gate": "Gate", "sprint": "Sprint", "target": "Target date", "status": "Status", "record": "Synced status",
}

// Manages reports whether the board manages the field key.
func (b *Board) Manages(key string) bool {
	if len(b.Fields) == 0 {
		return true
	}
	for _, f := range b.Fields {
		if f == key {
			return true
		}
	}
	return false
}

// FieldName is the name of the field key on the board.
func (b *Board) FieldName(key string) string {
	n := map[string]string{"priority": b.Names.Priority, "category": b.Names.Category, "effort": b.Names.Effort,
		"gate": b.Names.Gate, "sprint": b.Names.Sprint, "target": b.Names.Target, "status": b.Names.Status, "record": b.Names.Record}[key]
	if n == "" {
		return BoardFieldDefaults[key]
	}
	return n
}

// Sprints is the cadence of the board's Sprint iteration field.
type Sprints struct {
	// Weeks is each sprint's length (default 2).
	Weeks int `json:"weeks,omitempty"`
	// Start is the first sprint's first day (default: the catalog's
	// start).
	Start Date `json:"start,omitzero"`
	Pos   Pos  `json:"-"`
}
