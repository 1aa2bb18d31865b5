package apply

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/plan"
	"github.com/ghsync/ghsync/internal/projectql"
)

// BoardGitHub is the part of the access layer the board is written
// through (*ghapi.Client); a GitHub without it cannot apply a plan with
// board changes.
type BoardGitHub interface {
	ObserveBoard(ctx context.Context, ref ghapi.BoardRef) (observed.Board, error)
	CreateProject(ctx context.Context, ownerID, repoID, title string) (observed.Board, error)
	LinkProject(ctx context.Context, projectID, repoID string) error
	CreateBoardField(ctx context.Context, projectID string, in ghapi.FieldInput) (observed.BoardField, error)
	AddBoardItem(ctx context.Context, ref ghapi.BoardRef, issueID int64) (observed.BoardItem, error)
	SetBoardItem(ctx context.Context, ref ghapi.BoardRef, itemID int64, values []ghapi.ItemValue) error
	PostBoardStatus(ctx context.Context, projectID, status, body string) (observed.BoardStatus, error)
	ArchiveBoardItem(ctx context.Context, projectID, itemID string) error
	UnarchiveBoardItem(ctx context.Context, projectID, itemID string) error
}

// errBoardDenied: a board change met a token that may not write the
// board; the run's other board changes are reported with it, unsent.
var errBoardDenied = errors.New("board not writable")

// valueError: an item's value names a field, option or iteration the
// board lacks (a person changed the field after the plan was made); only
// that item is left out, the run goes on.
type valueError struct{ msg string }

func (e *valueError) Error() string { return e.msg }

func badValue(format string, args ...any) error {
	return &valueError{msg: fmt.Sprintf(format, args...)}
}

// boardDenied is the first refusal, which the later board changes repeat.
type boardDenied struct{ first error }

func (e *boardDenied) Error() string {
	return "not sent: an earlier board change was refused (" + e.first.Error() + ")"
}
func (e *boardDenied) Is(target error) bool { return target == errBoardDenied }

// board makes one board change: the Project (created linked to the
// repository, or linked), a field, an item (added, then its values set
// in one write), or a status update. Ids come from the plan's board
// context and from what this run made before.
func (r *runner) board(ctx context.Context, c plan.Change) (int, error) {
	if r.boardErr != nil {
		return 0, &boardDenied{first: r.boardErr}
	}
	gh, ok := r.gh.(BoardGitHub)
	if !ok || r.boardCtx == nil || c.Board == nil {
		return 0, fmt.Errorf("%s %s: the plan's board context is missing", c.Kind, c.ID)
	}
	num, err := r.boardChange(ctx, gh, c)
	if errors.Is(err, ghapi.ErrNoProjectAccess) {
		r.boardErr = err
	}
	return num, err
}

func (r *runner) boardRef() ghapi.BoardRef {
	b := r.boardCtx
	return ghapi.BoardRef{Owner: b.Owner, Kind: projectql.Owner(b.OwnerKind), Number: b.Number}
}

func (r *runner) boardChange(ctx context.Context, gh BoardGitHub, c plan.Change) (int, error) {
	b := r.boardCtx
	switch c.Kind {
	case plan.KindBoard:
		if c.Action == plan.Create {
			p, err := gh.CreateProject(ctx, b.OwnerID, b.RepoID, c.Board.Title)
			if err != nil {
				return 0, err
			}
			b.ProjectID, b.Number = p.ID, p.Number
			// GitHub makes a Project with its built-in fields (Status
			// among them): read them, as the items' Status needs its
			// options' ids.
			have, err := gh.ObserveBoard(ctx, r.boardRef())
			if err != nil {
				return p.Number, fmt.Errorf("read the new board's fields: %w", err)
			}
			b.Fields = append(b.Fields, have.Fields...)
			return p.Number, nil
		}
		return b.Number, gh.LinkProject(ctx, b.ProjectID, b.RepoID)
	case plan.KindBoardField:
		f := c.Board.Field
		in := ghapi.FieldInput{Name: f.Name, DataType: f.DataType, Options: f.Options}
		if len(f.Iterations) > 0 {
			in.IterationStart, in.IterationDays = f.Iterations[0].Start.String(), f.Iterations[0].Days
			for _, it := range f.Iterations {
				in.Iterations = append(in.Iterations, it.Title)
			}
		}
		got, err := gh.CreateBoardField(ctx, b.ProjectID, in)
		if err != nil {
			return 0, err
		}
		b.Fields = append(b.Fields, got)
		return 0, nil
	case plan.KindBoardStatus:
		u := c.Board.Update
		_, err := gh.PostBoardStatus(ctx, b.ProjectID, u.Status, u.Body)
		return 0, err
	case plan.KindBoardItem:
		if c.Action == plan.Close {
			return r.archiveItem(ctx, gh, b.ProjectID, c)
		}
		return r.boardItem(ctx, gh, c)
	}
	return 0, fmt.Errorf("unknown change kind %q", c.Kind)
}

// archiveItem archives the item of a blocker that left the catalog: first
// its record says ghsync archived it (so an item a person restores stands),
// then the archive. An item gone since the plan (a person deleted it) is
// what the plan wants: done.
func (r *runner) archiveItem(ctx context.Context, gh BoardGitHub, projectID string, c plan.Change) (int, error) {
	num := 0
	if c.Number != nil {
		num = *c.Number
	}
	values, err := r.itemValues(c.Board.Values)
	if err != nil {
		return num, err
	}
	if len(values) > 0 {
		if err := gh.SetBoardItem(ctx, r.boardRef(), c.Board.ItemID, values); err != nil {
			if errors.Is(err, ghapi.ErrNotFound) {
				return num, nil
			}
			return num, err
		}
	}
	if err := gh.ArchiveBoardItem(ctx, projectID, c.Board.ItemNode); err != nil && !errors.Is(err, ghapi.ErrNotFound) {
		return num, err
	}
	return num, nil
}

// boardItem adds a blocker's issue to the board when it is not there,
// then sets its values in one write.
func (r *runner) boardItem(ctx context.Context, gh BoardGitHub, c plan.Change) (int, error) {
	num, ok := r.number(c.ID)
	if !ok && c.Number != nil {
		num, ok = *c.Number, true
	}
	if !ok {
		// A tracker's item (issue 16) whose tracker this run made.
		num, ok = r.trackers[c.ID]
	}
	if !ok {
		return 0, fmt.Errorf("%w: the issue of %s does not exist on GitHub (its create failed)", errNoIssue, c.ID)
	}
	values, err := r.itemValues(c.Board.Values)
	if err != nil {
		return num, err
	}
	itemID := c.Board.ItemID
	if c.Board.Unarchive {
		// ghsync archived it when the blocker left the catalog; it is
		// back: restored first, then its values set.
		if err := gh.UnarchiveBoardItem(ctx, r.boardCtx.ProjectID, c.Board.ItemNode); err != nil {
			return num, err
		}
	}
	if c.Action == plan.Create {
		id := c.Board.IssueID
		if is, ok := r.res.Issues[num]; ok && is.ID != 0 {
			id = is.ID
		}
		if id == 0 {
			is, err := r.gh.GetIssue(ctx, num)
			if err != nil {
				return num, err
			}
			id = is.ID
		}
		// Adding an issue that is on the board already answers with its
		// item: a repeat after a lost answer does no harm.
		it, err := gh.AddBoardItem(ctx, r.boardRef(), id)
		if err != nil {
			return num, err
		}
		itemID = it.DatabaseID
	}
	if len(values) == 0 {
		return num, nil
	}
	return num, gh.SetBoardItem(ctx, r.boardRef(), itemID, values)
}

// itemValues turns the plan's values (by field name, as text) into the
// REST form: field database ids, option and iteration ids, numbers.
func (r *runner) itemValues(vs []plan.BoardValue) ([]ghapi.ItemValue, error) {
	var out []ghapi.ItemValue
	for _, v := range vs {
		f, ok := r.boardCtx.Field(v.Field)
		if !ok {
			return nil, badValue("board field %q does not exist (its create failed)", v.Field)
		}
		iv := ghapi.ItemValue{Field: f.DatabaseID}
		switch f.DataType {
		case "SINGLE_SELECT":
			for _, o := range f.Options {
				if o.Name == v.Value {
					iv.Value = o.ID
				}
			}
		case "ITERATION":
			for _, it := range f.Iterations {
				if it.Title == v.Value {
					iv.Value = it.ID
				}
			}
		case "NUMBER":
			n, err := strconv.ParseFloat(v.Value, 64)
			if err != nil {
				return nil, badValue("board field %q: %q is not a number", v.Field, v.Value)
			}
			iv.Value = n
		case "DATE":
			if _, err := catalog.ParseDate(v.Value); err != nil {
				return nil, badValue("board field %q: %q is not a date", v.Field, v.Value)
			}
			iv.Value = v.Value
		default:
			iv.Value = v.Value
		}
		if iv.Value == nil {
			return nil, badValue("board field %q has no option %q", v.Field, v.Value)
		}
		out = append(out, iv)
	}
	return out, nil
}
