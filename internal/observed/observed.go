// Package observed holds what ghsync saw on GitHub: a snapshot of a
// repository's labels, milestones and issues, in plain types so the diff can
// be a pure function that needs no network and no go-github.
package observed

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/ghsync/ghsync/internal/marker"
)

// State is one read of a repository.
type State struct {
	Repository string      `json:"repository"`
	Labels     []Label     `json:"labels"`
	Milestones []Milestone `json:"milestones"`
	// Issues excludes pull requests. Only issues with a ghsync begin
	// marker matter (see Index), and ghapi.Observe reads no others; issues
	// whose author Trust refuses are never here (they are in Ignored).
	Issues []Issue `json:"issues"`
	// Ignored are the issues that carry a marker but whose author may not
	// steer ghsync (see Trust): every reader leaves them alone, plan and
	// report name them.
	Ignored []Ignored `json:"ignored,omitempty"`
	// Listing says how the issues were read (see Listing).
	Listing Listing `json:"listing"`
	// Meta is the issue types and fields the repository's owner offers,
	// read only when the catalog asks for them; nil when not read.
	Meta *IssueMeta `json:"issue_meta,omitempty"`
	// Board is the catalog's Project, read only when the catalog has a
	// board: block (nil otherwise).
	Board *Board `json:"board,omitempty"`
	// Parents are the parents of issues the list leaves out (a person's
	// epic) above a tracker, by number (0: none, ParentElsewhere), so plan
	// sees a cycle through them: read one issue per level, only when a
	// tracker is under such an issue and a blocker has sub-issues.
	Parents map[int]int `json:"parents,omitempty"`
}

// IssueMeta is what the repository's owner offers beyond labels: issue
// types (for organisations, and accounts that have them) and
// organisation issue fields. Each part is read once per plan, and only
// when the catalog asks for it.
type IssueMeta struct {
	// AskedTypes says the types were asked for; TypesProblem says why
	// they could not be read ("" when they were).
	AskedTypes   bool        `json:"asked_types,omitempty"`
	Types        []IssueType `json:"types,omitempty"`
	TypesProblem string      `json:"types_problem,omitempty"`
	// Owner is the login whose issue fields were asked for; FieldsProblem
	// as TypesProblem.
	AskedFields   bool         `json:"asked_fields,omitempty"`
	Owner         string       `json:"owner,omitempty"`
	Fields        []IssueField `json:"fields,omitempty"`
	FieldsProblem string       `json:"fields_problem,omitempty"`
}

// IssueType is one issue type the repository may use.
type IssueType struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Data types of issue fields, as GitHub spells them.
const (
	FieldText         = "text"
	FieldNumber       = "number"
	FieldDate         = "date"
	FieldSingleSelect = "single_select"
)

// IssueField is one of the organisation's issue fields.
type IssueField struct {
	ID       int64         `json:"id"`
	Name     string        `json:"name"`
	DataType string        `json:"data_type"`
	Options  []FieldOption `json:"options,omitempty"`
}

// FieldOption is one option of a single-select field.
type FieldOption struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Type is the issue type named name, ignoring case as GitHub does.
func (m *IssueMeta) Type(name string) (IssueType, bool) {
	for _, t := range m.Types {
		if strings.EqualFold(t.Name, name) {
			return t, true
		}
	}
	return IssueType{}, false
}

// Field is the issue field named name, ignoring case.
func (m *IssueMeta) Field(name string) (IssueField, bool) {
	for _, f := range m.Fields {
		if strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	return IssueField{}, false
}

// Option is f's option named name, ignoring case.
func (f IssueField) Option(name string) (FieldOption, bool) {
	for _, o := range f.Options {
		if strings.EqualFold(o.Name, name) {
			return o, true
		}
	}
	return FieldOption{}, false
}

// FieldValue is an issue's value in one issue field, as the issue list
// carries it: Value is the number, date or text as written (a single
// select's option name), OptionID the chosen option's id.
type FieldValue struct {
	FieldID  int64  `json:"field_id"`
	DataType string `json:"data_type,omitempty"`
	Value    string `json:"value"`
	OptionID int64  `json:"option_id,omitempty"`
}

// Label as GitHub has it.
type Label struct {
	Name        string `json:"name"`
	Color       string `json:"color"`
	Description string `json:"description"`
}

// Milestone as GitHub has it.
type Milestone struct {
	Number      int        `json:"number"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	State       IssueState `json:"state"`
	// DueOn is the instant GitHub reports (midnight US Pacific of the due
	// date); nil when unset.
	DueOn     *time.Time `json:"due_on,omitempty"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// Issue as GitHub has it (never a pull request).
type Issue struct {
	Number int `json:"number"`
	// ID is GitHub's numeric id (the relationship endpoints want it).
	ID          int64      `json:"id,omitempty"`
	Title       string     `json:"title"`
	Body        string     `json:"body"`
	State       IssueState `json:"state"`
	StateReason Reason     `json:"state_reason,omitempty"`
	// Author is the login of the issue's creator, which nobody can change;
	// Association is GitHub's author_association (OWNER, MEMBER,
	// COLLABORATOR, CONTRIBUTOR, NONE, ...) at the time of reading.
	Author      string `json:"author,omitempty"`
	Association string `json:"author_association,omitempty"`
	// Labels are names, in GitHub's order.
	Labels []string `json:"labels"`
	// Milestone is the milestone number, 0 for none.
	Milestone int        `json:"milestone,omitempty"`
	Assignees []string   `json:"assignees,omitempty"`
	Locked    bool       `json:"locked,omitempty"`
	HTMLURL   string     `json:"html_url,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
	// TotalBlockedBy is how many issues block this one, open or closed
	// (issue_dependencies_summary.total_blocked_by of the issues list).
	TotalBlockedBy int `json:"total_blocked_by,omitempty"`
	// BlockedBy are the issues that block this one, read only when
	// TotalBlockedBy disagrees with the blockers ghsync recorded
	// (marker.BlockedBy); nil when not read.
	BlockedBy []Ref `json:"blocked_by,omitempty"`
	// Type is the name of the issue's type, "" for none.
	Type string `json:"type,omitempty"`
	// Fields are the issue's values in the organisation's issue fields;
	// FieldsListed says GitHub's answer carried them at all (an empty
	// list counts): without it they are unknown, not empty.
	Fields       []FieldValue `json:"issue_field_values,omitempty"`
	FieldsListed bool         `json:"fields_listed,omitempty"`
	// SubIssues is how many sub-issues the issue has, open or closed
	// (sub_issues_summary.total of the issues list): GitHub allows 100.
	SubIssues int `json:"sub_issues,omitempty"`
	// Parent is the number of the issue this one is a sub-issue of
	// (parent_issue_url of the issues list), 0 for none, ParentElsewhere
	// for a parent in another repository. Every listed issue carries it,
	// so who is whose sub-issue costs no request.
	Parent int `json:"parent,omitempty"`
}

// Field is the issue's value in the field id, if it has one.
func (is Issue) Field(id int64) (FieldValue, bool) {
	for _, v := range is.Fields {
		if v.FieldID == id {
			return v, true
		}
	}
	return FieldValue{}, false
}

// ParentElsewhere is Issue.Parent for a parent in another repository.
const ParentElsewhere = -1

// Ref names another issue by number and numeric id.
type Ref struct {
	Number int   `json:"number"`
	ID     int64 `json:"id"`
}

// Index says which issues stand for which catalog entries. It is the one
// place the identity rule lives: plan, apply's saved-plan check and the
// report must never disagree about which issue is a blocker's.
type Index struct {
	groups  map[marker.Key][]Issue
	writers []string
}

// Index groups the issues that carry a ghsync begin marker by the entry
// they stand for: the key of their first marker, except that an issue
// carrying the markers of several entries (a person pasted one in) belongs
// to the entry whose title it has. titles maps each entry to the title
// ghsync gives its issue (nil when unknown). Groups are sorted by number.
// Only trusted issues are in s.Issues (see Trust), so only they are
// indexed.
func (s State) Index(titles map[marker.Key]string) Index {
	x := Index{groups: map[marker.Key][]Issue{}, writers: s.Listing.Writers}
	for _, is := range s.Issues {
		keys := marker.Keys(is.Body)
		if len(keys) == 0 {
			continue
		}
		k := keys[0]
		for _, c := range keys[1:] {
			if t, ok := titles[c]; ok && t == is.Title && titles[k] != is.Title {
				k = c
				break
			}
		}
		x.groups[k] = append(x.groups[k], is)
	}
	for _, g := range x.groups {
		sort.Slice(g, func(i, j int) bool { return g[i].Number < g[j].Number })
	}
	return x
}

// Group returns the issues that carry k's marker, lowest number first.
func (x Index) Group(k marker.Key) []Issue { return x.groups[k] }

// Primary returns the issue that stands for k (see PrimaryFor).
func (x Index) Primary(k marker.Key) (Issue, bool) { return PrimaryFor(x.groups[k], x.writers) }

// Keys lists the entries that have issues, sorted by kind and id.
func (x Index) Keys() []marker.Key {
	out := make([]marker.Key, 0, len(x.groups))
	for k := range x.groups {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// OpenBlockerIssues counts the open issues that carry a blocker's marker:
// the base of apply's blast-radius guard.
func (x Index) OpenBlockerIssues() int {
	n := 0
	for k, g := range x.groups {
		if k.Kind != marker.Blocker {
			continue
		}
		for _, is := range g {
			if is.IsOpen() {
				n++
			}
		}
	}
	return n
}

// PrimaryFor returns the issue that stands for a group of trusted issues
// that all carry one marker. A marker is only text in a body, so a writer
// of the repository can copy it into another issue; the genuine issue is
// told from copies by, in order: not being closed as a duplicate (ghsync
// closes the copies it finds that way), having been opened by one of
// writers (the logins ghsync writes as; a person's own issue with a pasted
// marker was not), and being the oldest (the lowest number: ghsync made
// the genuine issue before anyone could copy it, and two runs at once
// keep the first). A title never decides: anyone who can edit an issue
// can give it any title.
func PrimaryFor(group []Issue, writers []string) (Issue, bool) {
	if len(group) == 0 {
		return Issue{}, false
	}
	byWriter := func(is Issue) bool {
		return slices.ContainsFunc(writers, func(w string) bool { return w != "" && strings.EqualFold(w, is.Author) })
	}
	// worse counts the tests an issue fails, most important first.
	worse := func(is Issue) [2]bool {
		return [2]bool{is.ClosedAs(Duplicate), !byWriter(is)}
	}
	better := func(a, b Issue) bool {
		wa, wb := worse(a), worse(b)
		for i := range wa {
			if wa[i] != wb[i] {
				return !wa[i]
			}
		}
		return a.Number < b.Number
	}
	best := group[0]
	for _, is := range group[1:] {
		if better(is, best) {
			best = is
		}
	}
	return best, true
}

// NameKey is the key under which ghsync takes two label names or milestone
// titles to be one without asking GitHub: equal but for the case of ASCII
// letters. GitHub compares names ignoring case by rules of its own
// (Unicode ones: "S" and "ſ", "i" and "İ" may be one to it); a name that
// differs in any other way is created as ghsync's own, and only when
// GitHub refuses it as existing is the existing one adopted (see apply).
func NameKey(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
