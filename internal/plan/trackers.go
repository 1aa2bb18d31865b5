package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// trackerChanges are the changes of the tracker issues, by group, so they
// stand after the blockers' changes of the same group: a tracker's body
// lists its blockers' issues, which are created first.
type trackerChanges struct {
	creates, updates, closes, reopens, subs []Change
	// after are the tracker changes whose record drops a blocker that a
	// sub-issue change of subs takes off the tracker: they come after subs,
	// and apply skips them when that sub-issue change failed (After).
	after []Change
}

// trackerState is one tracker ghsync keeps on GitHub: its issue and the
// blockers its sub-issue record says ghsync attached.
type trackerState struct {
	prim     observed.Issue
	recorded []string
}

// diffTrackers plans the tracker issues of d and their sub-issues.
//
// Who is whose sub-issue comes from the issues list, free: each issue's
// parent_issue_url (observed.Issue.Parent). Which of a tracker's
// sub-issues ghsync attached comes from the record in its managed region
// (marker.SubIssues): ghsync removes only those, never a sub-issue a
// person added, and never takes a blocker from a parent a person gave it
// (GitHub allows one parent per issue; plan says so in a note). A blocker
// whose tracker changes (its category or milestone did) is moved in one
// write, with replace_parent, from the tracker that recorded it. A
// tracker the catalog no longer asks for loses the sub-issues ghsync
// attached and is closed as not planned, once, with a comment; it is
// reopened when the catalog asks for it again.
func diffTrackers(p *Plan, d desired.State, index observed.Index, numbers map[string]int, prims map[string]observed.Issue, managedLabels map[string]bool, nest nesting) trackerChanges {
	var out trackerChanges
	known := func(id string) (int, bool) { n, ok := numbers[id]; return n, ok }
	wantOf := map[string]string{} // blocker id -> its tracker's id
	wanted := map[string]bool{}
	for _, t := range d.Trackers {
		wanted[t.ID] = true
		for _, b := range t.Blockers {
			wantOf[b] = t.ID
		}
	}
	have := map[string]trackerState{}
	// records are the sub-issue records of every trusted issue carrying a
	// tracker's marker, by number: the trackers, and copies two runs at
	// once made (closed as duplicates, their sub-issues moved to the
	// tracker).
	records := map[int][]string{}
	var ids []string
	for _, k := range index.Keys() {
		if k.Kind != marker.Tracker {
			continue
		}
		prim, _ := index.Primary(k)
		managed, _ := marker.Managed(prim.Body, k)
		have[k.ID] = trackerState{prim: prim, recorded: marker.SubIssues(managed)}
		for _, is := range index.Group(k) {
			m, _ := marker.Managed(is.Body, k)
			records[is.Number] = marker.SubIssues(m)
		}
		ids = append(ids, k.ID)
	}
	// moving says whether the blocker under tracker from is moved to its
	// new tracker by a replace_parent there (then from does not remove it).
	moving := func(b, from string) bool {
		bp, ok := prims[b]
		to, exists := have[wantOf[b]]
		cycle := exists && nest.refused(to.prim.Number, bp.Number) != ""
		return ok && wantOf[b] != "" && wantOf[b] != from && !cycle && bp.Parent == have[from].prim.Number && slices.Contains(have[from].recorded, b)
	}

	type pendingTracker struct {
		t      desired.Tracker
		ts     trackerState
		exists bool
		rec    []string
	}
	var pending []pendingTracker
	for _, t := range d.Trackers {
		key := t.Key()
		group := index.Group(key)
		ts, exists := have[t.ID]
		number := 0
		if exists {
			number = ts.prim.Number
			for _, dup := range group {
				if dup.Number != number && dup.IsOpen() {
					if dup.Title != t.Title {
						p.Notes = append(p.Notes, pastedNote(dup, "the tracker "+t.ID, ts.prim))
					}
					c := duplicateClose(t.ID, dup, ts.prim, t.Title)
					c.Kind, c.NotDestructive = KindTracker, true
					out.closes = append(out.closes, c)
				}
			}
		}
		// Removals go first, so they make room on a full tracker; a
		// blocker moved to another tracker leaves only when that one's
		// changes come, so it makes none.
		var rec []string
		var subs []Change
		room := catalog.MaxSubIssues
		if exists {
			room -= ts.prim.SubIssues
			for _, b := range ts.recorded {
				if wantOf[b] != t.ID && prims[b].Parent == number && !moving(b, t.ID) {
					bp := prims[b]
					subs = append(subs, subIssueChange(Delete, t, number, b, &bp))
					room++
				}
			}
		}
		for _, b := range t.Blockers {
			bp, ok := prims[b]
			if !ok {
				// Its issue is created in this run.
				if room <= 0 {
					p.Notes = append(p.Notes, fmt.Sprintf("%s is not put under its tracker %s: the tracker has %d sub-issues, which is all GitHub allows", b, t.ID, catalog.MaxSubIssues))
					continue
				}
				room--
				subs, rec = append(subs, subIssueChange(Create, t, number, b, nil)), append(rec, b)
				continue
			}
			switch {
			case exists && nest.refused(number, bp.Number) != "":
				// A person made the tracker a sub-issue of this blocker
				// (or of an issue under it), or nested issues so deep that
				// GitHub refuses another level.
				p.Notes = append(p.Notes, fmt.Sprintf("%s (#%d) is not put under its tracker %s (#%d): %s", b, bp.Number, t.ID, number, nest.refused(number, bp.Number)))
				continue
			case number != 0 && bp.Parent == number:
				if slices.Contains(ts.recorded, b) {
					rec = append(rec, b)
				}
				continue
			case bp.Parent == 0:
			case bp.Parent > 0 && slices.Contains(records[bp.Parent], b):
				// Under the tracker (or a copy of this one) ghsync put it
				// in before: moved. One a person put it under stays.
			default:
				where := fmt.Sprintf("#%d", bp.Parent)
				if bp.Parent == observed.ParentElsewhere {
					where = "an issue of another repository"
				}
				p.Notes = append(p.Notes, fmt.Sprintf("%s (#%d) is a sub-issue of %s, which ghsync did not make its parent: it is left there and not put under its tracker %s (GitHub allows an issue one parent); remove that parent to have it tracked", b, bp.Number, where, t.ID))
				continue
			}
			if room <= 0 {
				p.Notes = append(p.Notes, fmt.Sprintf("%s (#%d) is not put under its tracker %s: the tracker has %d sub-issues, which is all GitHub allows", b, bp.Number, t.ID, catalog.MaxSubIssues))
				continue
			}
			room--
			subs, rec = append(subs, subIssueChange(Create, t, number, b, &bp)), append(rec, b)
		}
		out.subs = append(out.subs, subs...)
		pending = append(pending, pendingTracker{t: t, ts: ts, exists: exists, rec: rec})
	}

	// Trackers the catalog no longer asks for (trackers: none, or a
	// category that has no blockers left) lose the sub-issues ghsync
	// attached.
	for _, id := range ids {
		if wanted[id] {
			continue
		}
		ts := have[id]
		t := desired.Tracker{ID: id, Title: ts.prim.Title}
		for _, b := range ts.recorded {
			if bp, ok := prims[b]; ok && bp.Parent == ts.prim.Number && !moving(b, id) {
				out.subs = append(out.subs, subIssueChange(Delete, t, ts.prim.Number, b, &bp))
			}
		}
	}

	// A tracker's record names the blockers ghsync attached that are
	// under it. One still under it stays recorded until it is seen gone:
	// one that could not move (its new tracker is full) or whose move or
	// removal fails partway (a lost answer, a stop, a crash) is then still
	// ghsync's to move, not taken for a parent a person chose. One this
	// plan takes off leaves the record in a change after that (After).
	leaving := map[string]bool{}
	for _, c := range out.subs {
		if c.Action == Delete || c.SubIssue.From != nil {
			leaving[c.SubIssue.Blocker] = true
		}
	}
	keep := func(ts trackerState, rec []string) (kept, after []string) {
		kept = rec
		for _, b := range ts.recorded {
			if slices.Contains(rec, b) || prims[b].Parent != ts.prim.Number {
				continue
			}
			if leaving[b] {
				after = append(after, b)
			} else {
				kept = append(kept, b)
			}
		}
		return kept, after
	}

	for _, pt := range pending {
		t, ts, exists, rec := pt.t, pt.ts, pt.exists, pt.rec
		key := t.Key()
		var after []string
		if exists {
			rec, after = keep(ts, rec)
		}
		managed := marker.WithStatus(marker.WithSubIssues(t.Managed, rec), marker.StatusOpen)
		if !exists {
			out.creates = append(out.creates, Change{Kind: KindTracker, Action: Create, ID: t.ID, Title: t.Title,
				Fields: []Field{{"labels", "", strings.Join(t.Labels, ", ")}, {"sub-issues", "", fmt.Sprint(len(rec))}},
				Issue:  &IssueSpec{Title: new(t.Title), Body: new(marker.Wrap(key, managed)), Labels: &t.Labels, Milestone: new(""), Assignees: t.Assignees}})
			continue
		}
		prim := ts.prim
		haveManaged, _ := marker.Managed(prim.Body, key)
		spec := &IssueSpec{}
		var fields []Field
		action, reason := Update, ""
		if marker.Status(haveManaged) == marker.StatusRemoved && prim.State == observed.Closed {
			action, reason, spec.State = Reopen, "the catalog asks for this tracker again", observed.Open
			fields = append(fields, Field{"state", string(observed.Closed), string(observed.Open)})
		}
		fields = p.textChanges(spec, fields, prim, text{key: key, have: haveManaged, managed: managed, title: t.Title, labels: t.Labels},
			known, managedLabels, func(n int) string {
				return fmt.Sprintf("the body of tracker #%d (%s) would be %d characters, and GitHub allows %d: ghsync leaves it as it is", prim.Number, t.ID, n, desired.MaxBody)
			})
		if len(fields) == 0 {
			continue
		}
		c := Change{Kind: KindTracker, Action: action, ID: t.ID, Number: new(prim.Number), Title: t.Title,
			Fields: fields, Reason: reason, Issue: spec, Seen: seenIssue(prim), After: after}
		switch {
		case len(after) > 0:
			out.after = append(out.after, c)
		case action == Reopen:
			out.reopens = append(out.reopens, c)
		default:
			out.updates = append(out.updates, c)
		}
	}

	// Trackers the catalog no longer asks for are closed as not planned.
	for _, id := range ids {
		if wanted[id] {
			continue
		}
		ts := have[id]
		prim, key := ts.prim, marker.TrackerKey(id)
		rec, after := keep(ts, nil)
		haveManaged, _ := marker.Managed(prim.Body, key)
		removed := marker.Status(haveManaged) == marker.StatusRemoved
		managed := marker.WithStatus(marker.WithSubIssues(haveManaged, rec), marker.StatusRemoved)
		body := marker.Splice(prim.Body, key, managed)
		if removed && body == prim.Body {
			continue
		}
		spec := &IssueSpec{Body: new(body)}
		c := Change{Kind: KindTracker, Action: Update, ID: id, Number: new(prim.Number), Title: prim.Title, Issue: spec,
			Reason: "the catalog no longer asks for this tracker", Fields: []Field{{"body", haveManaged, managed}},
			Seen: seenIssue(prim), NotDestructive: true, After: after}
		if prim.IsOpen() && !removed {
			// A tracker is no blocker: closing it loses nothing of a
			// person's, so the blast-radius guard does not count it.
			c.Action = Close
			spec.State, spec.StateReason = observed.Closed, observed.NotPlanned
			c.Comment = fmt.Sprintf("The catalog no longer asks for the tracker %s, so ghsync takes off the sub-issues it attached and closes this issue as not planned. Sub-issues a person added stay. If the catalog asks for it again, ghsync reopens this same issue.", id)
			c.Fields = append(c.Fields, Field{"state", string(observed.Open), closedAs(observed.NotPlanned)})
		}
		switch {
		case len(after) > 0:
			out.after = append(out.after, c)
		case c.Action == Close:
			out.closes = append(out.closes, c)
		default:
			out.updates = append(out.updates, c)
		}
	}
	return out
}

// subIssueChange attaches blocker b's issue (bp, nil when it is created
// in the same run) to tracker t (number, 0 when it is created in the same
// run), or takes it off.
func subIssueChange(a Action, t desired.Tracker, number int, b string, bp *observed.Issue) Change {
	spec := &SubIssueSpec{Blocker: b}
	if bp != nil {
		spec.Number, spec.IssueID = new(bp.Number), bp.ID
		if a == Create && bp.Parent > 0 {
			spec.ReplaceParent, spec.From = true, new(bp.Parent)
		}
	}
	old, nw := "", b
	if a == Delete {
		old, nw = b, ""
	}
	c := Change{Kind: KindSubIssue, Action: a, ID: t.ID, Title: t.Title, SubIssue: spec,
		Fields: []Field{{"sub-issue", old, nw}}}
	if number != 0 {
		c.Number = new(number)
	}
	return c
}

// MaxNesting is how many levels of issues GitHub nests as sub-issues, the
// top issue counted.
const MaxNesting = 8

// nesting is who is whose sub-issue among the observed issues, free from
// the issues list (parent_issue_url), and above the trackers
// (observed.State.Parents).
type nesting struct {
	parent   map[int]int
	children map[int][]int
}

func newNesting(o observed.State) nesting {
	n := nesting{parent: map[int]int{}, children: map[int][]int{}}
	add := func(child, parent int) {
		if parent > 0 {
			n.parent[child] = parent
			n.children[parent] = append(n.children[parent], child)
		}
	}
	for _, is := range o.Issues {
		add(is.Number, is.Parent)
	}
	for child, parent := range o.Parents {
		add(child, parent)
	}
	return n
}

// refused says why GitHub would refuse issue child under issue parent, or
// "": child is parent's parent or further up (a cycle), or the tree would
// be deeper than MaxNesting. Issues the list did not show (another
// repository's) end the walk.
func (n nesting) refused(parent, child int) string {
	levels := 1 // parent's level, counted from the top
	via := []string{}
	for up := n.parent[parent]; up > 0 && levels <= MaxNesting; up = n.parent[up] {
		if up == child {
			if len(via) == 0 {
				return "the tracker is a sub-issue of it, and GitHub refuses a cycle"
			}
			return "the tracker is nested under it (through " + strings.Join(via, ", ") + "), and GitHub refuses a cycle"
		}
		via = append(via, fmt.Sprintf("#%d", up))
		levels++
	}
	if deepest := levels + 1 + n.height(child, MaxNesting); deepest > MaxNesting {
		return fmt.Sprintf("that would nest sub-issues %d levels deep, and GitHub allows %d", deepest, MaxNesting)
	}
	return ""
}

// height is how many levels of sub-issues are under issue n (at most
// limit, so a cycle in odd data ends).
func (n nesting) height(of, limit int) int {
	if limit == 0 {
		return 0
	}
	h := 0
	for _, c := range n.children[of] {
		h = max(h, 1+n.height(c, limit-1))
	}
	return h
}
