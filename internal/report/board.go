package report

import (
	"sort"
	"strconv"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// Board is the catalog's GitHub Project as the report shows it, worked
// out from the board as observed (reconcile reads it only when the
// catalog has a board: block): nothing here asks GitHub anything.
//
// Every name in it that comes from GitHub (the Project's title, a Status
// option a person made) is untrusted text: the renderers escape it. Items
// a person added are only counted, never named.
type Board struct {
	// Title and URL are the Project's; Title is the catalog's (or
	// "#number") while the Project is not found.
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
	// NoAccess says why the token cannot see the board; nothing else is
	// known then.
	NoAccess string `json:"no_access,omitempty"`
	// Found is false when the owner has no such Project yet (apply
	// creates it).
	Found bool `json:"found"`
	// Managed counts the items of the issues ghsync manages (blockers'
	// and trackers'); ByStatus counts them by their Status, as people see
	// it: the field's options in the board's order, then "" for no Status.
	Managed  int           `json:"managed"`
	ByStatus []StatusCount `json:"by_status"`
	// Sprint is the sprint today falls in (nil outside the catalog's
	// sprints), with the blockers whose item is in it.
	Sprint *Sprint `json:"sprint,omitempty"`
	// LateSprints are the sprints over before today whose blockers still
	// have work left.
	LateSprints []Sprint `json:"late_sprints"`
	// Added counts the items people put on the board that ghsync does
	// not manage: other issues, pull requests, drafts.
	Added int `json:"added"`
	// Missing are the blockers with an issue whose issue is not on the
	// board (ghsync apply adds them).
	Missing []Item `json:"missing"`
	// Update is the Project's newest status update; nil when there is none.
	Update *BoardUpdate `json:"update,omitempty"`
}

// StatusCount is how many managed items show one Status.
type StatusCount struct {
	// Status is the option's name, "" for items without a Status.
	Status string `json:"status"`
	Items  int    `json:"items"`
}

// Sprint is one sprint of the catalog's cadence and the blockers whose
// item is in it on the board, counted as the report counts blockers
// (done when the issue is closed as completed).
type Sprint struct {
	Title string       `json:"title"`
	Start catalog.Date `json:"start"`
	// End is the sprint's last day.
	End catalog.Date `json:"end"`
	Tally
	Percent  int      `json:"percent_done"`
	Blockers []string `json:"blockers"`
}

// BoardUpdate is a Project status update: ON_TRACK, AT_RISK, OFF_TRACK
// (or a person's INACTIVE, COMPLETE) and the day it was posted.
type BoardUpdate struct {
	Status string       `json:"status"`
	Posted catalog.Date `json:"posted,omitzero"`
}

// board is the report's board, nil when the catalog has no board: block
// or no board was read.
func board(c *catalog.Catalog, s observed.State, index observed.Index, blockers []Item, today catalog.Date) *Board {
	if c.Board == nil || s.Board == nil {
		return nil
	}
	ob := s.Board
	out := &Board{Title: c.Board.Title, ByStatus: []StatusCount{}, LateSprints: []Sprint{}, Missing: []Item{}}
	if out.Title == "" {
		out.Title = "#" + strconv.Itoa(c.Board.Number)
	}
	if ob.NoAccess != "" {
		out.NoAccess = ob.NoAccess
		return out
	}
	if !ob.Found {
		return out
	}
	out.Found, out.Title, out.URL = true, ob.Title, ob.URL
	if ob.Status != nil {
		out.Update = &BoardUpdate{Status: ob.Status.Status}
		if !ob.Status.Posted.IsZero() {
			out.Update.Posted = catalog.DateOf(ob.Status.Posted.UTC())
		}
	}

	// The issues ghsync manages: each blocker's and each tracker's.
	managed := map[int]bool{}
	for _, it := range blockers {
		if it.Issue != 0 {
			managed[it.Issue] = true
		}
	}
	for _, k := range index.Keys() {
		if k.Kind != marker.Tracker {
			continue
		}
		if is, ok := index.Primary(k); ok {
			managed[is.Number] = true
		}
	}

	status, _ := ob.Field(c.Board.FieldName("status"))
	sprintField, hasSprint := ob.Field(c.Board.FieldName("sprint"))
	hasSprint = hasSprint && sprintField.DataType == "ITERATION"
	counts := map[string]int{}
	onBoard := map[int]observed.BoardItem{}
	for _, it := range ob.Items {
		if it.Archived {
			continue
		}
		if it.Issue == 0 || !managed[it.Issue] || observed.NameKey(it.Repo) != observed.NameKey(s.Repository) {
			out.Added++
			continue
		}
		if _, dup := onBoard[it.Issue]; dup {
			continue
		}
		onBoard[it.Issue] = it
		out.Managed++
		counts[it.Values[status.ID]]++
	}
	out.ByStatus = statusCounts(status, counts)

	sprintOf := map[string]string{} // blocker id -> sprint title on the board
	for _, it := range blockers {
		if it.Issue == 0 {
			continue
		}
		bi, ok := onBoard[it.Issue]
		if !ok {
			out.Missing = append(out.Missing, it)
			continue
		}
		if hasSprint {
			sprintOf[it.ID] = bi.Values[sprintField.ID]
		}
	}
	if hasSprint {
		out.Sprint, out.LateSprints = sprints(desired.Sprints(c), blockers, sprintOf, today)
	}
	return out
}

// statusCounts orders the counts by the Status field's options (a
// person's own options too, counted as they are), then any value the
// field no longer offers by name, then the items without a Status.
func statusCounts(f observed.BoardField, counts map[string]int) []StatusCount {
	out := []StatusCount{}
	seen := map[string]bool{}
	for _, o := range f.Options {
		seen[o.Name] = true
		if n := counts[o.Name]; n > 0 {
			out = append(out, StatusCount{Status: o.Name, Items: n})
		}
	}
	var other []string
	for v := range counts {
		if v != "" && !seen[v] {
			other = append(other, v)
		}
	}
	sort.Strings(other)
	for _, v := range other {
		out = append(out, StatusCount{Status: v, Items: counts[v]})
	}
	if n := counts[""]; n > 0 {
		out = append(out, StatusCount{Items: n})
	}
	return out
}

// sprints tallies the blockers by the sprint their item is in on the
// board: the sprint today falls in, and the sprints over with work left.
func sprints(cadence []desired.Iteration, blockers []Item, sprintOf map[string]string, today catalog.Date) (*Sprint, []Sprint) {
	late := []Sprint{}
	var current *Sprint
	if today.IsZero() {
		return nil, late
	}
	for _, it := range cadence {
		sp := Sprint{Title: it.Title, Start: it.Start, End: it.Start.AddDays(it.Days - 1), Blockers: []string{}}
		for _, b := range blockers {
			if t, ok := sprintOf[b.ID]; ok && t == it.Title {
				sp.add(b)
				sp.Blockers = append(sp.Blockers, b.ID)
			}
		}
		sp.round()
		sp.Percent = sp.PercentDone()
		switch {
		case today.Before(sp.Start):
		case !sp.End.Before(today):
			s := sp
			current = &s
		case sp.Left() > 0:
			late = append(late, sp)
		}
	}
	return current, late
}
