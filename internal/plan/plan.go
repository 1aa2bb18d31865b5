// Package plan compares the desired state with what GitHub holds and
// produces a Plan: a value that says exactly what apply would change and
// why. Diff is a pure function, so the same inputs always give the same plan,
// and renderers (text, JSON, Markdown) only ever read the value.
package plan

import (
	"strings"
	"time"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// Kind is what a change touches.
type Kind string

// Kinds of objects.
const (
	KindLabel     Kind = "label"
	KindMilestone Kind = "milestone"
	KindIssue     Kind = "issue"
	KindDashboard Kind = "dashboard"
	// KindLink is a "blocked by" relationship between two blockers'
	// issues (a catalog depends_on): created, or deleted when ghsync made
	// it and the catalog no longer asks for it.
	KindLink Kind = "link"
	// KindTracker is a tracker issue (desired.Tracker): created, updated,
	// closed as not planned when the catalog no longer asks for it, or
	// reopened when it does again. It is no blocker.
	KindTracker Kind = "tracker"
	// KindSubIssue makes a blocker's issue a sub-issue of its tracker
	// (create, moving it from its old tracker with replace_parent), or
	// removes one ghsync attached (delete).
	KindSubIssue Kind = "sub-issue"
)

// Action is what a change does.
type Action string

// Actions. Nothing is ever deleted but the "blocked by" links and the
// sub-issue relationships ghsync made.
const (
	Create Action = "create"
	Update Action = "update"
	Close  Action = "close"
	Reopen Action = "reopen"
	Delete Action = "delete"
)

// FormatVersion is the version of the plan's JSON (plan --format json and
// the plan inside a saved plan file); like the report's and apply's, it
// changes only when a field changes meaning or goes away.
const FormatVersion = 1

// Plan is everything apply would do to one repository.
type Plan struct {
	// Version is FormatVersion; Diff sets it.
	Version    int      `json:"version"`
	Repository string   `json:"repository"`
	Summary    Summary  `json:"summary"`
	Changes    []Change `json:"changes"`
	// Notes are findings that are not changes: duplicates pasted by hand,
	// objects that cannot be managed, and so on.
	Notes []string `json:"notes,omitempty"`
	// Warnings are what the catalog asks for that the repository cannot
	// hold (an issue type or field its owner lacks): plan shows them
	// beside the guard's (cli), and labels carry the information.
	Warnings []string `json:"-"`
	// IssueNumbers and MilestoneNumbers are the numbers known when the plan
	// was made (blocker id and catalog milestone id to number), so a saved
	// plan resolves references without the catalog.
	IssueNumbers     map[string]int `json:"issue_numbers,omitempty"`
	MilestoneNumbers map[string]int `json:"milestone_numbers,omitempty"`
	// Board is what the plan saw of the board, for apply (nil without a
	// board: block, or when the token cannot see it).
	Board *BoardContext `json:"board,omitempty"`
	// BoardUnreachable, when set, says the token cannot see the board:
	// the rest was planned without it, and apply reports it as a problem.
	BoardUnreachable string `json:"board_unreachable,omitempty"`
}

// Summary counts the changes by action.
type Summary struct {
	Create int `json:"create"`
	Update int `json:"update"`
	Close  int `json:"close"`
	Reopen int `json:"reopen"`
	// Links and Unlinks count the "blocked by" links made and removed
	// (they are not in Create).
	Links   int `json:"links,omitempty"`
	Unlinks int `json:"unlinks,omitempty"`
	// SubIssues and SubIssuesRemoved count the sub-issues attached to
	// trackers (moves included) and taken off them (not in Create).
	SubIssues        int `json:"sub_issues,omitempty"`
	SubIssuesRemoved int `json:"sub_issues_removed,omitempty"`
	// Board counts the board's changes (the Project, its fields, items
	// and status updates; they are not in Create or Update).
	Board int `json:"board,omitempty"`
}

// Empty reports whether the plan changes nothing.
func (p Plan) Empty() bool { return len(p.Changes) == 0 }

// Change is one object's change, with everything apply needs to make it.
type Change struct {
	Kind   Kind   `json:"kind"`
	Action Action `json:"action"`
	// ID is the blocker id, the label name, the catalog milestone id, or
	// "dashboard".
	ID string `json:"id"`
	// Number is the issue or milestone number; nil when the object does not
	// exist yet (and for labels, which have no number).
	Number *int `json:"number"`
	// Title is what people recognise the object by.
	Title string `json:"title,omitempty"`
	// Fields lists what changes, old and new, for display.
	Fields []Field `json:"fields,omitempty"`
	// Reason says why, for closes, reopens and adoptions.
	Reason string `json:"reason,omitempty"`

	Label     *LabelSpec     `json:"label,omitempty"`
	Milestone *MilestoneSpec `json:"milestone,omitempty"`
	Issue     *IssueSpec     `json:"issue,omitempty"`
	// Link is the relationship a KindLink change makes or removes: the
	// issue of ID (Number) is blocked by Link's.
	Link *LinkSpec `json:"link,omitempty"`
	// SubIssue is the blocker a KindSubIssue change attaches to the
	// tracker of ID (Number), or takes off it.
	SubIssue *SubIssueSpec `json:"sub_issue,omitempty"`
	// Board is what a board change writes; Number is then the Project's
	// (KindBoard) or the item's issue's (KindBoardItem).
	Board *BoardSpec `json:"board,omitempty"`
	// Comment is posted on the issue before the change is made.
	Comment string `json:"comment,omitempty"`
	// Seen is what the plan saw of the object, so a saved plan can refuse to
	// overwrite something that changed on GitHub since.
	Seen *Seen `json:"seen,omitempty"`
	// NotDestructive marks a close that does not count against the blast-
	// radius guard: a duplicate ghsync made itself, whose original stays.
	NotDestructive bool `json:"not_destructive,omitempty"`
	// After names the blockers a tracker change drops from the tracker's
	// sub-issue record because sub-issue changes earlier in the plan take
	// them off it (a move elsewhere, a removal). The record may drop them
	// only once they are gone, so apply skips this change when one of those
	// failed, and the next plan sees where they are.
	After []string `json:"after,omitempty"`
}

// Field is one field's old and new value, for display.
type Field struct {
	Name string `json:"name"`
	Old  string `json:"old"`
	New  string `json:"new"`
}

// LabelSpec is the label as it should be. CurrentName is the name on GitHub
// when it differs (a case rename).
type LabelSpec struct {
	Name        string `json:"name"`
	CurrentName string `json:"current_name,omitempty"`
	Color       string `json:"color"`
	Description string `json:"description"`
}

// LinkSpec names the blocker an issue is (to be) blocked by: its catalog
// id, and its issue's number and numeric id when it exists already (apply
// takes them from the issues it creates otherwise).
type LinkSpec struct {
	BlockedBy string `json:"blocked_by"`
	Number    *int   `json:"number,omitempty"`
	IssueID   int64  `json:"issue_id,omitempty"`
}

// SubIssueSpec names the blocker whose issue is (to be) a sub-issue of a
// tracker: its catalog id, and its issue's number and numeric id when it
// exists already (apply takes them from the issues it creates otherwise).
// ReplaceParent moves it from the tracker From it is under now.
type SubIssueSpec struct {
	Blocker       string `json:"blocker"`
	Number        *int   `json:"number,omitempty"`
	IssueID       int64  `json:"issue_id,omitempty"`
	ReplaceParent bool   `json:"replace_parent,omitempty"`
	From          *int   `json:"from,omitempty"`
}

// Key is the marker key of the issue an issue-like change (issue,
// dashboard, tracker) is about.
func Key(c Change) marker.Key {
	switch c.Kind {
	case KindDashboard:
		return marker.DashboardKey()
	case KindTracker:
		return marker.TrackerKey(c.ID)
	}
	return marker.BlockerKey(c.ID)
}

// IsIssue reports whether changes of kind k write an issue itself.
func IsIssue(k Kind) bool { return k == KindIssue || k == KindDashboard || k == KindTracker }

// MilestoneSpec is the milestone as it should be.
type MilestoneSpec struct {
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Due         catalog.Date `json:"due"`
}

// IssueSpec holds the values apply writes. For updates only the fields that
// change are set. Body may hold blocker references (desired.Ref tokens) that
// apply resolves to issue numbers just before writing.
type IssueSpec struct {
	Title       *string             `json:"title,omitempty"`
	Body        *string             `json:"body,omitempty"`
	Labels      *[]string           `json:"labels,omitempty"`
	Milestone   *string             `json:"milestone,omitempty"` // catalog id; "" clears
	State       observed.IssueState `json:"state,omitempty"`
	StateReason observed.Reason     `json:"state_reason,omitempty"`
	Assignees   []string            `json:"assignees,omitempty"`
	// Type is the issue type to set, by name; FieldValues the issue field
	// values to set, in the same write. A field not listed is left as it
	// is on GitHub.
	Type        *string     `json:"type,omitempty"`
	FieldValues []FieldSpec `json:"issue_field_values,omitempty"`
}

// FieldSpec is one issue field value to set: the field's id (what GitHub
// wants), its name and data type (for display and for apply to send the
// value as the right JSON type), and the value: a single select's option
// name, a number, or a date YYYY-MM-DD.
type FieldSpec struct {
	FieldID  int64  `json:"field_id"`
	Field    string `json:"field"`
	DataType string `json:"data_type"`
	Value    string `json:"value"`
}

// Seen is the plan's observation of an object.
type Seen struct {
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
	// Digest summarises the fields ghsync owns: updated_at has a resolution
	// of one second, and two edits within it must not look like none.
	Digest      string `json:"digest,omitempty"`
	Name        string `json:"name,omitempty"`
	Color       string `json:"color,omitempty"`
	Description string `json:"description,omitempty"`
}

// Options tune Diff.
type Options struct {
	// Repository is only echoed into the plan.
	Repository string
}

// Destructive counts the closes of issues that are open now.
func (p Plan) Destructive() int {
	n := 0
	for _, c := range p.Changes {
		if c.Action == Close && !c.NotDestructive {
			n++
		}
	}
	return n
}

func (p *Plan) add(c Change) {
	p.Changes = append(p.Changes, c)
	if IsBoard(c.Kind) {
		p.Summary.Board++
		return
	}
	if c.Kind == KindLink {
		if c.Action == Delete {
			p.Summary.Unlinks++
		} else {
			p.Summary.Links++
		}
		return
	}
	if c.Kind == KindSubIssue {
		if c.Action == Delete {
			p.Summary.SubIssuesRemoved++
		} else {
			p.Summary.SubIssues++
		}
		return
	}
	switch c.Action {
	case Create:
		p.Summary.Create++
	case Update:
		p.Summary.Update++
	case Close:
		p.Summary.Close++
	case Reopen:
		p.Summary.Reopen++
	}
}

// Dashboard is the change that makes the dashboard issue hold body under
// title, or false when it already does. Text a person added around the
// managed region is kept.
func Dashboard(title, body string, o observed.State) (Change, bool) {
	key := marker.DashboardKey()
	index := o.Index(map[marker.Key]string{key: title})
	if len(index.Group(key)) == 0 {
		return Change{Kind: KindDashboard, Action: Create, ID: "dashboard", Title: title,
			Issue: &IssueSpec{Title: new(title), Body: new(marker.Wrap(key, body))}}, true
	}
	prim, _ := index.Primary(key)
	spec := &IssueSpec{}
	var fields []Field
	if have, _ := marker.Managed(prim.Body, key); have != strings.TrimRight(body, "\n") {
		spec.Body = new(marker.Splice(prim.Body, key, body))
		fields = append(fields, Field{"body", have, body})
	}
	if prim.Title != title {
		spec.Title = new(title)
		fields = append(fields, Field{"title", prim.Title, title})
	}
	if len(fields) == 0 {
		return Change{}, false
	}
	return Change{Kind: KindDashboard, Action: Update, ID: "dashboard", Number: new(prim.Number), Title: title,
		Fields: fields, Issue: spec, Seen: seenIssue(prim)}, true
}

// RecordWriter is the change that adds writer to the creators the
// dashboard records, or false when the record names it already or there is
// no record. Apply makes it before it creates any issue: Observe then lists
// only the recorded creators' issues (see ghapi.Client.Observe), and an
// issue made by a login the record does not name would be missed, and
// made again, by the next run. It is a write once per new writer.
func RecordWriter(o observed.State, writer string) (Change, bool) {
	key := marker.DashboardKey()
	prim, ok := o.Index(nil).Primary(key)
	if !ok || writer == "" {
		return Change{}, false
	}
	have, _ := marker.Managed(prim.Body, key)
	rec, ok := observed.ParseRecord(have)
	if !ok || rec.Has(writer) {
		return Change{}, false
	}
	old := rec.Line()
	rec.Creators[writer] = 0
	managed := strings.Replace(have, old, rec.Line(), 1)
	if managed == have {
		return Change{}, false
	}
	return Change{Kind: KindDashboard, Action: Update, ID: "dashboard", Number: new(prim.Number), Title: prim.Title,
		Reason: "records " + writer + " among the creators of managed issues before it creates any, so that later runs find them without reading the whole repository",
		Fields: []Field{{"record", old, rec.Line()}},
		Issue:  &IssueSpec{Body: new(marker.Splice(prim.Body, key, managed))}, Seen: seenIssue(prim)}, true
}

// Add appends c to the plan and counts it.
func (p *Plan) Add(c Change) { p.add(c) }
