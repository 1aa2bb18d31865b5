package desired

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/marker"
)

// Board is the GitHub Project (v2) the catalog's board: block asks for:
// the fields ghsync manages and, for every blocker, the item of its issue
// with its values in those fields.
type Board struct {
	Owner string `json:"owner"`
	// Kind is "organization" or "user".
	Kind   string `json:"kind"`
	Title  string `json:"title,omitempty"`
	Number int    `json:"number,omitempty"`
	// Fields are the fields to make where missing, in order.
	Fields []BoardField `json:"fields"`
	// Items are one per blocker, in catalog order.
	Items []BoardItem `json:"items"`
	// StatusField is the name of GitHub's built-in Status field and
	// RecordField that of the text field where ghsync records the Status
	// it set; both "" when the board does not manage status.
	StatusField, RecordField string `json:"-"`
	// Todo and Done are the Status options of ghsync's two states
	// (board.status; Todo and Done by default).
	Todo, Done string `json:"-"`
	// Update is the status update the board should show; nil for none.
	// reconcile fills it from the state (see reconcile.Health).
	Update *BoardUpdate `json:"update,omitempty"`
}

// BoardField is a field the board manages.
type BoardField struct {
	Name string `json:"name"`
	// DataType is TEXT, NUMBER, DATE, SINGLE_SELECT or ITERATION.
	DataType string   `json:"data_type"`
	Options  []string `json:"options,omitempty"`
	// Iterations of an ITERATION field, each Days long from Start.
	Iterations []Iteration `json:"iterations,omitempty"`
}

// Iteration is one sprint.
type Iteration struct {
	Title string       `json:"title"`
	Start catalog.Date `json:"start"`
	Days  int          `json:"days"`
}

// BoardItem is the item of one managed issue: its values by field name,
// as text (an option's or iteration's name, a number, a date); a field
// left out is not set. Status is Todo or Done.
//
// Key is the marker of the item's issue: a blocker's (the default, from
// ID) or a tracker's (addTrackers): plan and apply go by Key.
type BoardItem struct {
	ID     string            `json:"id"`
	Key    marker.Key        `json:"-"`
	Values map[string]string `json:"values"`
	Status string            `json:"status,omitempty"`
}

// BoardUpdate is a Project status update.
type BoardUpdate struct {
	// Status is ON_TRACK, AT_RISK or OFF_TRACK.
	Status string `json:"status"`
	Body   string `json:"body"`
}

// Status values ghsync sets on the built-in Status field.
const (
	StatusTodo = "Todo"
	StatusDone = "Done"
	// RecordArchived is the record field's value on an item ghsync
	// archived (its blocker left the catalog): an item a person restores
	// from the archive keeps it and is not archived again.
	RecordArchived = "archived by ghsync"
)

// BuildBoard is the board c asks for, nil when c has no board: block.
func BuildBoard(c *catalog.Catalog) *Board {
	cb := c.Board
	if cb == nil {
		return nil
	}
	b := &Board{Owner: cb.Owner, Kind: cb.OwnerType, Title: cb.Title, Number: cb.Number}
	if b.Kind == "" {
		b.Kind = "organization"
	}
	sprints := Sprints(c)
	var cats []string
	seen := map[string]bool{}
	for _, bl := range c.Blockers {
		if bl.Category != "" && !seen[bl.Category] {
			seen[bl.Category] = true
			cats = append(cats, bl.Category)
		}
	}
	sort.Strings(cats)
	for _, key := range catalog.BoardFieldKeys {
		if !cb.Manages(key) {
			continue
		}
		f := BoardField{Name: cb.FieldName(key)}
		switch key {
		case "priority":
			f.DataType, f.Options = "SINGLE_SELECT", catalog.Priorities
		case "category":
			f.DataType, f.Options = "SINGLE_SELECT", cats
		case "effort":
			f.DataType = "NUMBER"
		case "gate":
			f.DataType = "TEXT"
		case "sprint":
			if len(sprints) == 0 {
				continue
			}
			f.DataType, f.Iterations = "ITERATION", sprints
		case "target":
			f.DataType = "DATE"
		case "milestone":
			// GitHub's built-in Milestone field shows the issue's
			// milestone, which ghsync sets on the issue: nothing to make.
			continue
		case "status":
			// The built-in Status field; ghsync records what it set in a
			// text field of its own.
			b.StatusField, b.RecordField = cb.FieldName("status"), cb.FieldName("record")
			b.Todo, b.Done = cb.StatusOption("todo"), cb.StatusOption("done")
			f = BoardField{Name: b.RecordField, DataType: "TEXT"}
		}
		b.Fields = append(b.Fields, f)
	}
	gates := map[string][]string{}
	for _, g := range c.Gates {
		for _, id := range g.Blockers {
			gates[id] = append(gates[id], g.ID)
		}
	}
	for _, bl := range c.Blockers {
		it := BoardItem{ID: bl.ID, Key: marker.BlockerKey(bl.ID), Values: map[string]string{}}
		set := func(key, v string) {
			if cb.Manages(key) && v != "" {
				it.Values[cb.FieldName(key)] = v
			}
		}
		set("priority", bl.Priority)
		set("category", bl.Category)
		if bl.EffortHours > 0 {
			set("effort", strconv.FormatFloat(bl.EffortHours, 'f', -1, 64))
		}
		set("gate", strings.Join(gates[bl.ID], ", "))
		if m, ok := c.Milestone(bl.Milestone); ok {
			if due := m.DueDate(c.Start); !due.IsZero() {
				set("target", due.String())
				if s, ok := sprintOf(sprints, due); ok {
					set("sprint", s.Title)
				}
			}
		}
		if b.StatusField != "" {
			it.Status = b.Todo
			if bl.State() != catalog.StatusOpen {
				it.Status = b.Done
			}
		}
		b.Items = append(b.Items, it)
	}
	return b
}

// addTrackers puts each tracker issue on the board after the blockers:
// with the Category of a category's tracker, Target date and Sprint of a
// milestone's, and Status Done once every one of its blockers is (plan
// also counts a closed tracker issue done). b may be nil (no board).
func (b *Board) addTrackers(c *catalog.Catalog, ts []Tracker) {
	if b == nil {
		return
	}
	field := func(key string) (string, bool) { return c.Board.FieldName(key), c.Board.Manages(key) }
	for _, t := range ts {
		it := BoardItem{ID: t.ID, Key: t.Key(), Values: map[string]string{}}
		cats, ms := map[string]bool{}, map[string]bool{}
		done := true
		for _, id := range t.Blockers {
			if bl, ok := c.Blocker(id); ok {
				cats[bl.Category], ms[bl.Milestone] = true, true
				done = done && bl.State() != catalog.StatusOpen
			}
		}
		if name, ok := field("category"); ok && len(cats) == 1 {
			for cat := range cats {
				it.Values[name] = cat
			}
		}
		if len(ms) == 1 {
			for id := range ms {
				if m, ok := c.Milestone(id); ok {
					if due := m.DueDate(c.Start); !due.IsZero() {
						if name, ok := field("target"); ok {
							it.Values[name] = due.String()
						}
						if s, ok := sprintOf(Sprints(c), due); ok {
							if name, ok := field("sprint"); ok {
								it.Values[name] = s.Title
							}
						}
					}
				}
			}
		}
		if b.StatusField != "" {
			it.Status = b.Todo
			if done && len(t.Blockers) > 0 {
				it.Status = b.Done
			}
		}
		b.Items = append(b.Items, it)
	}
}

// Sprints are the sprints of the catalog's cadence: Weeks long (2 by
// default) from the sprints' start (the catalog's start by default),
// through the last milestone's due date; none without a start date.
func Sprints(c *catalog.Catalog) []Iteration {
	weeks, start := 2, c.Start
	if c.Sprints != nil {
		if c.Sprints.Weeks > 0 {
			weeks = c.Sprints.Weeks
		}
		if !c.Sprints.Start.IsZero() {
			start = c.Sprints.Start
		}
	}
	if start.IsZero() {
		return nil
	}
	last := start
	for _, m := range c.Milestones {
		if d := m.DueDate(c.Start); !d.IsZero() && last.Before(d) {
			last = d
		}
	}
	days := 7 * weeks
	var out []Iteration
	for s, i := start, 1; !last.Before(s); s, i = s.AddDays(days), i+1 {
		out = append(out, Iteration{Title: "Sprint " + strconv.Itoa(i), Start: s, Days: days})
	}
	return out
}

// sprintOf is the sprint a due date falls in; a date before the first
// sprint falls in the first.
func sprintOf(sprints []Iteration, due catalog.Date) (Iteration, bool) {
	for _, s := range sprints {
		if due.Before(s.Start.AddDays(s.Days)) {
			return s, true
		}
	}
	return Iteration{}, false
}
