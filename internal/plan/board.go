package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// The board's kinds of change: the Project itself (created, or linked to
// the repository), a field ghsync manages, the item of a blocker's issue
// with its values, and a status update.
const (
	KindBoard       Kind = "board"
	KindBoardField  Kind = "board field"
	KindBoardItem   Kind = "board item"
	KindBoardStatus Kind = "board status"
)

// IsBoard reports whether k is one of the board's kinds.
func IsBoard(k Kind) bool {
	return k == KindBoard || k == KindBoardField || k == KindBoardItem || k == KindBoardStatus
}

// BoardSpec is what a board change writes.
type BoardSpec struct {
	// Title is the Project's, for a create.
	Title string `json:"title,omitempty"`
	// Link asks for the repository to be linked to the Project.
	Link bool `json:"link,omitempty"`
	// Field is the field a board field change makes.
	Field *desired.BoardField `json:"field,omitempty"`
	// IssueID is the numeric id of the item's issue when it exists
	// already (apply takes it from the issue it creates otherwise);
	// ItemID the item's when it is on the board already.
	IssueID int64 `json:"issue_id,omitempty"`
	ItemID  int64 `json:"item_id,omitempty"`
	// ItemNode is the item's node id, for an archive or a restore
	// (GraphQL).
	ItemNode string `json:"item_node,omitempty"`
	// Unarchive restores the item from the archive before its values are
	// set: ghsync archived it (its record says so) and its blocker is back.
	Unarchive bool `json:"unarchive,omitempty"`
	// Values are the item's values to set, by field name, in one write.
	Values []BoardValue `json:"values,omitempty"`
	// Update is the status update to post.
	Update *desired.BoardUpdate `json:"update,omitempty"`
}

// BoardValue is one field's value, as text (an option's or iteration's
// name, a number, a date): apply finds the ids.
type BoardValue struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

// BoardContext is what the plan saw of the board, for apply to find
// Projects, fields, options and iterations by name without reading again.
type BoardContext struct {
	Owner     string `json:"owner"`
	OwnerKind string `json:"owner_kind"`
	OwnerID   string `json:"owner_id,omitempty"`
	RepoID    string `json:"repo_id,omitempty"`
	ProjectID string `json:"project_id,omitempty"`
	Number    int    `json:"number,omitempty"`
	// Fields are the Project's fields ghsync writes (the managed ones and
	// Status).
	Fields []observed.BoardField `json:"fields,omitempty"`
}

// Field is the field called name, or false.
func (b *BoardContext) Field(name string) (observed.BoardField, bool) {
	for _, f := range b.Fields {
		if observed.NameKey(f.Name) == observed.NameKey(name) {
			return f, true
		}
	}
	return observed.BoardField{}, false
}

// diffBoard plans the board: the Project when missing (or not linked to
// the repository), the managed fields that are missing, each blocker's
// item with the values that differ, and the status update when it
// changed. A person's fields, items, views and values in fields ghsync
// does not manage are never looked at; a person's change of Status stands
// (see itemStatus).
func diffBoard(p *Plan, d desired.State, o observed.State) {
	want, have := d.Board, o.Board
	if want == nil || have == nil {
		return
	}
	name := want.Title
	if name == "" {
		name = fmt.Sprintf("#%d", want.Number)
	}
	if have.NoAccess != "" {
		p.BoardUnreachable = fmt.Sprintf("board %s of %s: the token cannot see it, so ghsync leaves the board out and syncs the rest: %s", name, want.Owner, have.NoAccess)
		p.Notes = append(p.Notes, p.BoardUnreachable)
		return
	}
	ctx := &BoardContext{Owner: want.Owner, OwnerKind: want.Kind, OwnerID: have.OwnerID, RepoID: have.RepoID,
		ProjectID: have.ID, Number: have.Number}
	p.Board = ctx
	switch {
	case !have.Found:
		p.add(Change{Kind: KindBoard, Action: Create, ID: want.Title, Title: want.Title,
			Fields: []Field{{"owner", "", want.Owner}, {"repository", "", o.Repository}},
			Board:  &BoardSpec{Title: want.Title, Link: true}})
	case !have.Linked:
		p.add(Change{Kind: KindBoard, Action: Update, ID: have.Title, Number: new(have.Number), Title: have.Title,
			Fields: []Field{{"linked repository", "", o.Repository}}, Board: &BoardSpec{Link: true}})
	}
	if len(have.Others) > 0 {
		var others []string
		for _, n := range have.Others {
			others = append(others, fmt.Sprintf("#%d", n))
		}
		p.Notes = append(p.Notes, fmt.Sprintf("board %s of %s: other Projects have this title too (%s); ghsync keeps #%d (open, linked to the repository, lowest number first) and leaves the others alone: set board.number: %d to say so, or rename the others", name, want.Owner, strings.Join(others, ", "), have.Number, have.Number))
	}
	if have.Closed {
		p.Notes = append(p.Notes, fmt.Sprintf("board %s of %s is closed: ghsync keeps it in sync all the same; reopen it on GitHub to show it among the open Projects", name, want.Owner))
	}

	// usable are the managed fields values may be written to: those that
	// exist with the type ghsync wants, and those this plan makes.
	usable := map[string]bool{}
	for _, f := range want.Fields {
		hf, ok := have.Field(f.Name)
		if !ok {
			p.add(Change{Kind: KindBoardField, Action: Create, ID: f.Name, Title: f.Name,
				Fields: []Field{{"type", "", fieldType(f)}}, Board: &BoardSpec{Field: &f}})
			usable[observed.NameKey(f.Name)] = true
			continue
		}
		if hf.DataType != f.DataType {
			p.Notes = append(p.Notes, fmt.Sprintf("board field %q is a %s field, ghsync manages it as %s: its values are left alone; rename that field on GitHub (ghsync then makes its own), or name ghsync's otherwise in board.names", hf.Name, hf.DataType, f.DataType))
			continue
		}
		usable[observed.NameKey(f.Name)] = true
		ctx.Fields = append(ctx.Fields, hf)
		if missing := missingChoices(f, hf); len(missing) > 0 {
			p.Notes = append(p.Notes, fmt.Sprintf("board field %q lacks %s: add them to the field on GitHub; until then the items that need them keep their value", hf.Name, strings.Join(missing, ", ")))
		}
	}
	status := ""
	if want.StatusField != "" {
		if hf, ok := have.Field(want.StatusField); ok && hf.DataType == "SINGLE_SELECT" {
			status = hf.Name
			ctx.Fields = append(ctx.Fields, hf)
		} else if have.Found {
			p.Notes = append(p.Notes, fmt.Sprintf("board %s has no single-select field %q: ghsync sets no status", name, want.StatusField))
		} else if observed.NameKey(want.StatusField) == observed.NameKey("Status") {
			status = want.StatusField // GitHub makes it with every Project
		} else {
			p.Notes = append(p.Notes, fmt.Sprintf("board %s: GitHub names a new Project's status field \"Status\", not %q: ghsync sets no status until that field is renamed %q on GitHub (or board.names.status is dropped)", name, want.StatusField, want.StatusField))
		}
	}

	idx := o.Index(nil)
	// The issue's state once this plan is applied: a reopen or a close
	// planned for it counts, or its item's Status would lag a run behind.
	planned := map[string]observed.IssueState{}
	for _, c := range p.Changes {
		if (c.Kind == KindIssue || c.Kind == KindTracker) && c.Issue != nil && c.Issue.State != "" {
			planned[c.ID] = c.Issue.State
		}
	}
	var missingStatus []string
	wanted := map[int]bool{} // the issues of the catalog's items
	for _, it := range want.Items {
		key := it.Key
		if key == (marker.Key{}) {
			key = marker.BlockerKey(it.ID)
		}
		is, exists := idx.Primary(key)
		var item observed.BoardItem
		onBoard := false
		if exists {
			item, onBoard = have.ItemFor(o.Repository, is.Number)
			wanted[is.Number] = true
		}
		var fields []Field
		var values []BoardValue
		set := func(field, old, v string) {
			fields = append(fields, Field{field, old, v})
			values = append(values, BoardValue{field, v})
		}
		for _, f := range want.Fields {
			v, ok := it.Values[f.Name]
			if !ok || !usable[observed.NameKey(f.Name)] {
				continue
			}
			old := ""
			if hf, ok := have.Field(f.Name); ok {
				if !hasChoice(hf, v) && (hf.DataType == "SINGLE_SELECT" || hf.DataType == "ITERATION") {
					continue // noted above
				}
				old = item.Values[hf.ID]
			}
			if old != v {
				set(f.Name, old, v)
			}
		}
		restore := false
		if onBoard && item.Archived {
			if hf, ok := have.Field(want.RecordField); ok && item.Values[hf.ID] == desired.RecordArchived {
				// ghsync archived it when the blocker left; it is back.
				restore = true
				fields = append(fields, Field{"archive", "archived by ghsync", "restored"})
			}
		}
		if status != "" {
			cur, rec := "", ""
			if hf, ok := have.Field(status); ok {
				cur = item.Values[hf.ID]
			}
			if hf, ok := have.Field(want.RecordField); ok {
				rec = item.Values[hf.ID]
			}
			st := it.Status
			state := is.State
			if s, ok := planned[it.ID]; ok {
				state = s
			}
			if exists && state == observed.Closed {
				// Closed on GitHub is done, as report counts it,
				// whatever the catalog says yet; reopened, Todo again.
				st = cmp.Or(want.Done, desired.StatusDone)
			}
			newStatus, newRec := itemStatus(onBoard, st, cur, rec)
			if hf, ok := have.Field(status); ok && newStatus != "" && !hasChoice(hf, newStatus) {
				// A Status a person made without this option (GitHub's
				// templates have Backlog, Ready, In progress, In review,
				// Done): Status is left alone and nothing recorded, so
				// ghsync sets it once the option is there.
				if !slices.Contains(missingStatus, newStatus) {
					missingStatus = append(missingStatus, newStatus)
				}
				newRec = ""
			}
			if newRec != "" {
				if newStatus != "" {
					set(status, cur, newStatus)
				}
				set(want.RecordField, rec, newRec)
			}
		}
		spec := &BoardSpec{Values: values, Unarchive: restore}
		if restore {
			spec.ItemNode = item.ID
		}
		c := Change{Kind: KindBoardItem, ID: it.ID, Fields: fields, Board: spec}
		if exists {
			c.Number, c.Title, spec.IssueID = new(is.Number), is.Title, is.ID
		}
		switch {
		case !onBoard:
			c.Action = Create
		case len(values) > 0 || restore:
			c.Action, spec.ItemID = Update, item.DatabaseID
		default:
			continue
		}
		p.add(c)
	}
	archiveRemoved(p, want, have, o, idx, wanted)
	if len(missingStatus) > 0 {
		var opts []string
		for _, m := range missingStatus {
			opts = append(opts, fmt.Sprintf("option %q", m))
		}
		p.Notes = append(p.Notes, fmt.Sprintf("board field %q lacks %s: ghsync leaves the Status of those items alone; add the option to the field on GitHub (or rename one) and the next run sets it", status, strings.Join(opts, ", ")))
	}

	if u := want.Update; u != nil && have.NoAccess == "" {
		if cur := have.Status; cur == nil || cur.Status != u.Status || cur.Body != u.Body {
			old := ""
			if cur != nil {
				old = cur.Status
			}
			p.add(Change{Kind: KindBoardStatus, Action: Create, ID: u.Status, Title: u.Status,
				Fields: []Field{{"status", old, u.Status}, {"text", "", u.Body}}, Board: &BoardSpec{Update: u}})
		}
	}
}

// archiveRemoved archives the items ghsync keeps whose blocker (or
// tracker) left the catalog: those of the repository's issues with a
// value in the record field (so ghsync set their Status: a person's own
// items have none) that no item of the catalog's is for. Archived items
// are left as they are, so a second run plans nothing.
func archiveRemoved(p *Plan, want *desired.Board, have *observed.Board, o observed.State, idx observed.Index, wanted map[int]bool) {
	rec, ok := have.Field(want.RecordField)
	if want.RecordField == "" || !ok {
		return
	}
	keyOf := map[int]string{}
	for _, k := range idx.Keys() {
		for _, is := range idx.Group(k) {
			keyOf[is.Number] = k.ID
		}
	}
	for _, it := range have.Items {
		if it.Archived || it.Issue == 0 || wanted[it.Issue] || it.Values[rec.ID] == "" || it.Values[rec.ID] == desired.RecordArchived ||
			observed.NameKey(it.Repo) != observed.NameKey(o.Repository) {
			// Archived already, not ghsync's, or restored by a person
			// after ghsync archived it (the record says so): it stands.
			continue
		}
		id := keyOf[it.Issue]
		if id == "" {
			id = fmt.Sprintf("#%d", it.Issue)
		}
		// The record says ghsync archived it, written before the archive
		// (an archived item's values may not be writable).
		p.add(Change{Kind: KindBoardItem, Action: Close, ID: id, Number: new(it.Issue), NotDestructive: true,
			Board: &BoardSpec{ItemID: it.DatabaseID, ItemNode: it.ID, Values: []BoardValue{{want.RecordField, desired.RecordArchived}}}})
	}
}

// itemStatus decides the Status of a blocker's item: want (Todo or Done)
// when ghsync adds the item, and when want differs from what ghsync set
// last (rec, kept in the record field), so a resolved blocker becomes
// Done; otherwise the item's Status is a person's to change and stands.
// An item a person put on the board before ghsync managed it keeps the
// Status they gave it, and ghsync records want without setting it. It
// returns the Status to set ("" to leave it) and the record to write (""
// to write nothing).
func itemStatus(onBoard bool, want, cur, rec string) (status, record string) {
	switch {
	case want == "":
		return "", ""
	case !onBoard:
		return want, want
	case rec == want:
		return "", ""
	case rec == "" && cur != "":
		return "", want
	}
	return want, want
}

func fieldType(f desired.BoardField) string {
	switch f.DataType {
	case "SINGLE_SELECT":
		return "single select: " + strings.Join(f.Options, ", ")
	case "ITERATION":
		if n := len(f.Iterations); n > 0 {
			first := f.Iterations[0]
			return fmt.Sprintf("iteration: %d sprints of %d days from %s", n, first.Days, first.Start)
		}
		return "iteration"
	}
	return strings.ToLower(f.DataType)
}

// missingChoices are the options or iterations f wants that hf lacks.
func missingChoices(f desired.BoardField, hf observed.BoardField) []string {
	var out []string
	for _, o := range f.Options {
		if !hasChoice(hf, o) {
			out = append(out, "option "+fmt.Sprintf("%q", o))
		}
	}
	for _, it := range f.Iterations {
		if !hasChoice(hf, it.Title) {
			out = append(out, "iteration "+fmt.Sprintf("%q", it.Title))
		}
	}
	return out
}

func hasChoice(hf observed.BoardField, v string) bool {
	return slices.ContainsFunc(hf.Options, func(o observed.BoardOption) bool { return o.Name == v }) ||
		slices.ContainsFunc(hf.Iterations, func(it observed.BoardIteration) bool { return it.Title == v })
}
