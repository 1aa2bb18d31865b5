package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// Diff computes the changes that make o look like d, within what ghsync
// owns: titles, managed body regions, managed labels, milestones, the colour
// and description of its labels, and the state changes the catalog asks for.
// Everything else on GitHub is left as it is.
func Diff(d desired.State, o observed.State, opt Options) Plan {
	p := Plan{Version: FormatVersion, Repository: opt.Repository}
	aliases := diffLabels(&p, d, o)
	ms := matchMilestones(&p, d, o)
	diffMilestones(&p, d, ms)
	diffIssues(&p, withLabelNames(d, aliases), o, ms)
	p.Warnings = append(p.Warnings, metaWarnings(d, o, opt.Repository)...)
	p.MilestoneNumbers = map[string]int{}
	for id, m := range ms.byID {
		p.MilestoneNumbers[id] = m.Number
	}
	for _, g := range o.Ignored {
		p.Notes = append(p.Notes, g.String())
	}
	diffBoard(&p, d, o)
	if d.Dashboard != nil && d.Dashboard.Body != "" {
		if c, ok := Dashboard(d.Dashboard.Title, d.Dashboard.Body, o); ok {
			if len(p.Changes) > 0 {
				c.Reason = "the progress report is rewritten after the changes above"
			}
			p.add(c)
		}
	}
	return p
}

// lower is the key labels are matched by (observed.NameKey).
func lower(s string) string { return observed.NameKey(s) }

// diffLabels plans the labels and returns the names to put on issues for
// the catalog's labels where they differ: a label GitHub holds equal to
// the catalog's by a rule of its own (see adoptedLabel) keeps its name.
func diffLabels(p *Plan, d desired.State, o observed.State) map[string]string {
	have := map[string]observed.Label{}
	for _, l := range o.Labels {
		have[lower(l.Name)] = l
	}
	aliases := map[string]string{}
	for _, l := range d.Labels {
		ol, ok := have[lower(l.Name)]
		if !ok {
			if ol, ok = adoptedLabel(o.Labels, l); ok {
				// Adopted before, when GitHub refused ghsync's create:
				// used under its own name.
				aliases[l.Name] = ol.Name
				continue
			}
		}
		if ok && l.Extra {
			// People's label too: used as it is.
			continue
		}
		if !ok {
			p.add(Change{Kind: KindLabel, Action: Create, ID: l.Name, Title: l.Name,
				Fields: []Field{{"color", "", l.Color}, {"description", "", l.Description}},
				Label:  &LabelSpec{Name: l.Name, Color: l.Color, Description: l.Description}})
			continue
		}
		var fields []Field
		if ol.Name != l.Name {
			fields = append(fields, Field{"name", ol.Name, l.Name})
		}
		if !strings.EqualFold(ol.Color, l.Color) {
			fields = append(fields, Field{"color", ol.Color, l.Color})
		}
		if ol.Description != l.Description {
			fields = append(fields, Field{"description", ol.Description, l.Description})
		}
		if len(fields) == 0 {
			continue
		}
		c := Change{Kind: KindLabel, Action: Update, ID: l.Name, Title: l.Name, Fields: fields,
			Label: &LabelSpec{Name: l.Name, Color: l.Color, Description: l.Description},
			Seen:  &Seen{Name: ol.Name, Color: ol.Color, Description: ol.Description}}
		if ol.Name != l.Name {
			c.Label.CurrentName = ol.Name
			c.Reason = fmt.Sprintf("adopts the existing label %q: same name ignoring case", ol.Name)
		}
		p.add(c)
	}
	return aliases
}

// adoptedLabel finds the label that stands for l although its name differs
// from l's by more than ASCII case: one GitHub refused a second of
// (already_exists), which apply then adopted under its own name, setting
// its colour and description to l's. Those two tell it from a person's
// label that merely looks alike.
func adoptedLabel(have []observed.Label, l desired.Label) (observed.Label, bool) {
	for _, x := range have {
		if strings.EqualFold(x.Name, l.Name) && strings.EqualFold(x.Color, l.Color) && x.Description == l.Description {
			return x, true
		}
	}
	return observed.Label{}, false
}

// withLabelNames is d with the catalog's label names replaced by the names
// of the labels that stand for them (diffLabels), on the labels and on
// every issue, so issues get the label GitHub has.
func withLabelNames(d desired.State, aliases map[string]string) desired.State {
	if len(aliases) == 0 {
		return d
	}
	rename := func(names []string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			if a, ok := aliases[n]; ok {
				n = a
			}
			out[i] = n
		}
		return out
	}
	out := d
	out.Labels = append([]desired.Label(nil), d.Labels...)
	for i, l := range out.Labels {
		if a, ok := aliases[l.Name]; ok {
			out.Labels[i].Name = a
		}
	}
	out.Issues = append([]desired.Issue(nil), d.Issues...)
	for i := range out.Issues {
		out.Issues[i].Labels = rename(out.Issues[i].Labels)
	}
	return out
}

// milestones maps catalog milestone ids to the milestones that stand for them.
type milestones struct {
	byID   map[string]observed.Milestone
	idByNo map[int]string
	titles map[int]string
}

// matchMilestones finds each catalog milestone on GitHub: by the hidden key
// in its description first (so a person may retitle it), else by title.
func matchMilestones(p *Plan, d desired.State, o observed.State) milestones {
	ms := milestones{byID: map[string]observed.Milestone{}, idByNo: map[int]string{}, titles: map[int]string{}}
	sorted := append([]observed.Milestone(nil), o.Milestones...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Number < sorted[j].Number })
	keyed := map[int]bool{}
	for _, m := range sorted {
		ms.titles[m.Number] = m.Title
		id, ok := marker.MilestoneID(m.Description)
		if !ok {
			continue
		}
		keyed[m.Number] = true
		if prev, dup := ms.byID[id]; dup {
			p.Notes = append(p.Notes, fmt.Sprintf("milestones %q and %q both carry the key of %s; ghsync manages the first", prev.Title, m.Title, id))
			continue
		}
		ms.byID[id] = m
	}
	for _, want := range d.Milestones {
		if _, ok := ms.byID[want.ID]; ok {
			continue
		}
		for _, m := range sorted {
			if !keyed[m.Number] && lower(m.Title) == lower(want.Title) {
				ms.byID[want.ID] = m
				keyed[m.Number] = true
				break
			}
		}
	}
	for id, m := range ms.byID {
		ms.idByNo[m.Number] = id
	}
	return ms
}

// dueDate is the calendar date GitHub means by a due_on instant: it stores
// midnight US Pacific (07:00Z or 08:00Z), so the UTC date twelve hours later
// is the intended date whatever the season.
func dueDate(t *time.Time) catalog.Date {
	if t == nil {
		return catalog.Date{}
	}
	return catalog.DateOf(t.UTC().Add(12 * time.Hour))
}

func diffMilestones(p *Plan, d desired.State, ms milestones) {
	for _, want := range d.Milestones {
		spec := &MilestoneSpec{Title: want.Title, Description: want.Description, Due: want.Due}
		have, ok := ms.byID[want.ID]
		if !ok {
			p.add(Change{Kind: KindMilestone, Action: Create, ID: want.ID, Title: want.Title,
				Fields: []Field{{"due", "", want.Due.String()}}, Milestone: spec})
			continue
		}
		var fields []Field
		if have.Title != want.Title {
			fields = append(fields, Field{"title", have.Title, want.Title})
		}
		if have.Description != want.Description {
			fields = append(fields, Field{"description", have.Description, want.Description})
		}
		if got := dueDate(have.DueOn); got != want.Due {
			fields = append(fields, Field{"due", got.String(), want.Due.String()})
		}
		if len(fields) == 0 {
			continue
		}
		updated := have.UpdatedAt
		c := Change{Kind: KindMilestone, Action: Update, ID: want.ID, Number: new(have.Number), Title: want.Title,
			Fields: fields, Milestone: spec, Seen: &Seen{UpdatedAt: &updated}}
		if _, keyedNow := marker.MilestoneID(have.Description); !keyedNow {
			c.Reason = fmt.Sprintf("adopts the existing milestone %q: same title", have.Title)
		}
		p.add(c)
	}
}

func diffIssues(p *Plan, d desired.State, o observed.State, ms milestones) {
	titles := map[marker.Key]string{}
	for _, want := range d.Issues {
		titles[want.Key()] = want.Title
	}
	if d.Dashboard != nil {
		titles[marker.DashboardKey()] = d.Dashboard.Title
	}
	for _, t := range d.Trackers {
		titles[t.Key()] = t.Title
	}
	index := o.Index(titles)
	// Only priority and category labels are taken off issues; a blocker's
	// own labels are only ever added (people may use them on any issue).
	managedLabels := map[string]bool{}
	for _, l := range d.Labels {
		if !l.Extra {
			managedLabels[lower(l.Name)] = true
		}
	}
	numbers := map[string]int{}
	prims := map[string]observed.Issue{}
	keys := index.Keys()
	for _, k := range keys {
		if k.Kind == marker.Blocker {
			prim, _ := index.Primary(k)
			numbers[k.ID] = prim.Number
			prims[k.ID] = prim
		}
	}
	p.IssueNumbers = numbers
	known := func(id string) (int, bool) { n, ok := numbers[id]; return n, ok }
	milestoneName := func(no int) string {
		if no == 0 {
			return ""
		}
		if id, ok := ms.idByNo[no]; ok {
			return id
		}
		return fmt.Sprintf("%q (#%d, not in the catalog)", ms.titles[no], no)
	}

	for _, k := range keys {
		for _, is := range index.Group(k) {
			if keys := marker.Keys(is.Body); len(keys) > 1 {
				p.Notes = append(p.Notes, fmt.Sprintf("issue #%d carries the markers of %d catalog entries; it counts as %s only (a marker was probably pasted into it)", is.Number, len(keys), k.ID))
			}
		}
	}
	sort.Strings(p.Notes)

	var creates, updates, closes, reopens, links []Change
	inCatalog := map[string]bool{}
	for _, want := range d.Issues {
		inCatalog[want.ID] = true
	}
	for _, want := range d.Issues {
		key := want.Key()
		var deps []string
		for _, dep := range want.DependsOn {
			if inCatalog[dep] && dep != want.ID && !slices.Contains(deps, dep) {
				deps = append(deps, dep)
			}
		}
		status := want.Status()
		group := index.Group(key)
		if len(group) == 0 {
			spec := &IssueSpec{
				Title:     new(want.Title),
				Body:      new(marker.Wrap(key, marker.WithStatus(marker.WithBlockedBy(want.Managed, deps), status))),
				Labels:    &want.Labels,
				Milestone: new(want.Milestone),
				Assignees: want.Assignees,
			}
			c := Change{Kind: KindIssue, Action: Create, ID: want.ID, Title: want.Title, Issue: spec,
				Fields: []Field{{"labels", "", strings.Join(want.Labels, ", ")}, {"milestone", "", want.Milestone}}}
			if typ, ok := wantType(want, o.Meta); ok {
				spec.Type = new(typ.Name)
				c.Fields = append(c.Fields, Field{"type", "", typ.Name})
			}
			for _, f := range wantFields(want, o.Meta) {
				spec.FieldValues = append(spec.FieldValues, f)
				c.Fields = append(c.Fields, Field{"field " + f.Field, "", f.Value})
			}
			if want.State == observed.Closed {
				spec.State, spec.StateReason = observed.Closed, want.StateReason
				c.Reason = "created closed (" + string(want.StateReason) + "): the catalog marks it " + statusWord(status)
			}
			creates = append(creates, c)
			for _, dep := range deps {
				links = append(links, linkChange(Create, want, nil, dep, prims))
			}
			continue
		}
		prim, _ := index.Primary(key)
		for _, dup := range group {
			if dup.Number == prim.Number || !dup.IsOpen() {
				continue
			}
			if dup.Title != want.Title {
				p.Notes = append(p.Notes, pastedNote(dup, want.ID, prim))
			}
			closes = append(closes, duplicateClose(want.ID, dup, prim, want.Title))
		}

		haveManaged, _ := marker.Managed(prim.Body, key)
		last := marker.Status(haveManaged)
		if last == "" {
			last = marker.StatusOpen
		}
		spec := &IssueSpec{}
		var fields []Field
		action := Update
		reason := ""
		if status != last {
			switch {
			case status == marker.StatusOpen && prim.State == observed.Closed:
				action, spec.State = Reopen, observed.Open
				reason = "the catalog marks it open again"
				if last == marker.StatusRemoved {
					reason = "it is back in the catalog"
				}
				fields = append(fields, Field{"state", string(observed.Closed), string(observed.Open)})
			case status != marker.StatusOpen && prim.IsOpen():
				action, spec.State, spec.StateReason = Close, observed.Closed, observed.Reason(status)
				reason = "the catalog marks it " + statusWord(status)
				fields = append(fields, Field{"state", string(observed.Open), closedAs(observed.Reason(status))})
			}
		}
		rec, lc := diffLinks(want, prim, deps, marker.BlockedBy(haveManaged), numbers, prims)
		links = append(links, lc...)
		managed := desired.CarryTicks(marker.WithStatus(marker.WithBlockedBy(want.Managed, rec), status), haveManaged)
		fields = p.textChanges(spec, fields, prim, text{key: key, have: haveManaged, managed: managed, title: want.Title, labels: want.Labels},
			known, managedLabels, func(n int) string {
				// People's text around the region leaves no room for it:
				// GitHub would refuse the whole write, state change and all.
				// The rest of the change is made; the body is left as it is.
				return fmt.Sprintf("the body of #%d (%s) would be %d characters with its managed part updated, and GitHub allows %d: ghsync leaves the body as it is (other changes are made); shorten the text around the managed part", prim.Number, want.ID, n, desired.MaxBody)
			})
		if have := milestoneName(prim.Milestone); have != want.Milestone {
			spec.Milestone = new(want.Milestone)
			fields = append(fields, Field{"milestone", have, want.Milestone})
		}
		if typ, ok := wantType(want, o.Meta); ok && !strings.EqualFold(prim.Type, typ.Name) {
			spec.Type = new(typ.Name)
			fields = append(fields, Field{"type", prim.Type, typ.Name})
		}
		for _, f := range wantFields(want, o.Meta) {
			if !prim.FieldsListed {
				// Unknown, not empty: setting them on every run would
				// never converge (metaWarnings says so).
				break
			}
			have, _ := prim.Field(f.FieldID)
			if sameFieldValue(have, f) {
				continue
			}
			spec.FieldValues = append(spec.FieldValues, f)
			fields = append(fields, Field{"field " + f.Field, have.Value, f.Value})
		}
		if len(fields) == 0 {
			continue
		}
		c := Change{Kind: KindIssue, Action: action, ID: want.ID, Number: new(prim.Number), Title: want.Title,
			Fields: fields, Reason: reason, Issue: spec, Seen: seenIssue(prim)}
		switch action {
		case Close:
			closes = append(closes, c)
		case Reopen:
			reopens = append(reopens, c)
		default:
			updates = append(updates, c)
		}
	}

	// Copies of the dashboard (two runs at once) are closed like a
	// blocker's duplicates.
	if d.Dashboard != nil {
		k := marker.DashboardKey()
		prim, _ := index.Primary(k)
		for _, dup := range index.Group(k) {
			if dup.Number == prim.Number || !dup.IsOpen() {
				continue
			}
			if dup.Title != d.Dashboard.Title {
				p.Notes = append(p.Notes, pastedNote(dup, "the dashboard", prim))
			}
			closes = append(closes, duplicateClose("dashboard", dup, prim, d.Dashboard.Title))
		}
	}

	// Blockers that left the catalog: close their open issue once, as not
	// planned, and record it so a return reopens the same issue.
	for _, k := range keys {
		if k.Kind != marker.Blocker || inCatalog[k.ID] {
			continue
		}
		prim, _ := index.Primary(k)
		haveManaged, _ := marker.Managed(prim.Body, k)
		if !prim.IsOpen() || marker.Status(haveManaged) == marker.StatusRemoved {
			continue
		}
		spec := &IssueSpec{State: observed.Closed, StateReason: observed.NotPlanned}
		if body := marker.Splice(prim.Body, k, marker.WithStatus(haveManaged, marker.StatusRemoved)); utf8.RuneCountInString(body) <= desired.MaxBody {
			spec.Body = new(body)
		} else {
			p.Notes = append(p.Notes, fmt.Sprintf("the body of #%d (%s) has no room for its status record (GitHub allows %d characters): ghsync closes it without recording that; shorten the text around the managed part", prim.Number, k.ID, desired.MaxBody))
		}
		closes = append(closes, Change{Kind: KindIssue, Action: Close, ID: k.ID, Number: new(prim.Number), Title: prim.Title,
			Reason:  "it left the catalog",
			Comment: fmt.Sprintf("%s is no longer in the catalog, so ghsync closes this issue as not planned. If it comes back, ghsync reopens this same issue.", k.ID),
			Issue:   spec,
			Fields:  []Field{{"state", string(observed.Open), closedAs(observed.NotPlanned)}},
			Seen:    seenIssue(prim)})
	}

	tr := diffTrackers(p, d, index, numbers, prims, managedLabels, newNesting(o))
	for _, group := range [][]Change{creates, tr.creates, updates, tr.updates, closes, tr.closes, reopens, tr.reopens, links, tr.subs, tr.after} {
		for _, c := range group {
			p.add(c)
		}
	}
}

// diffLinks plans the "blocked by" links of want's issue prim: deps are the
// blockers the catalog says it depends on, recorded the ones ghsync linked
// before (the blocked-by record of its managed region). A link a person
// made is never removed, and not recorded even when the catalog asks for
// it too. The edges on GitHub are prim.BlockedBy when the observation read
// them (it does when their count disagrees with the record), else exactly
// the recorded ones. rec is the record to keep.
func diffLinks(want desired.Issue, prim observed.Issue, deps, recorded []string, numbers map[string]int, prims map[string]observed.Issue) (rec []string, out []Change) {
	edges := map[int]bool{}
	if prim.BlockedBy != nil {
		for _, r := range prim.BlockedBy {
			edges[r.Number] = true
		}
	} else {
		for _, id := range recorded {
			if n, ok := numbers[id]; ok {
				edges[n] = true
			}
		}
	}
	for _, dep := range deps {
		n, exists := numbers[dep]
		if exists && edges[n] {
			if slices.Contains(recorded, dep) {
				rec = append(rec, dep)
			}
			continue
		}
		rec = append(rec, dep)
		out = append(out, linkChange(Create, want, new(prim.Number), dep, prims))
	}
	for _, id := range recorded {
		if slices.Contains(deps, id) {
			continue
		}
		if n, ok := numbers[id]; ok && edges[n] {
			out = append(out, linkChange(Delete, want, new(prim.Number), id, prims))
		}
	}
	return rec, out
}

// linkChange makes want's issue (number, nil when it is created in the
// same run) blocked by dep's, or no longer.
func linkChange(a Action, want desired.Issue, number *int, dep string, prims map[string]observed.Issue) Change {
	spec := &LinkSpec{BlockedBy: dep}
	if b, ok := prims[dep]; ok {
		spec.Number, spec.IssueID = new(b.Number), b.ID
	}
	old, nw := "", dep
	if a == Delete {
		old, nw = dep, ""
	}
	return Change{Kind: KindLink, Action: a, ID: want.ID, Number: number, Title: want.Title, Link: spec,
		Fields: []Field{{"blocked by", old, nw}}}
}

// duplicateClose closes dup, a second issue carrying the marker of entry
// id, which prim stands for. A copy with the title ghsync gives the issue
// was made by ghsync itself (two runs at once), and closing it loses
// nothing, so it does not count against the blast-radius guard; a copy
// with another title is a person's issue with a pasted marker, and does.
func duplicateClose(id string, dup, prim observed.Issue, title string) Change {
	return Change{Kind: KindIssue, Action: Close, ID: id, Number: new(dup.Number), Title: dup.Title,
		Reason:         fmt.Sprintf("duplicate of #%d", prim.Number),
		Comment:        fmt.Sprintf("Closing as a duplicate of #%d: this issue carries the hidden ghsync marker of catalog entry %s, which #%d stands for, and ghsync keeps one issue per catalog entry. If this issue is about something else, delete the `ghsync:begin`/`ghsync:end` comments from its body and reopen it.", prim.Number, id, prim.Number),
		Issue:          &IssueSpec{State: observed.Closed, StateReason: observed.Duplicate},
		Fields:         []Field{{"state", string(observed.Open), closedAs(observed.Duplicate)}},
		Seen:           seenIssue(dup),
		NotDestructive: dup.Title == title,
	}
}

func pastedNote(dup observed.Issue, what string, prim observed.Issue) string {
	return fmt.Sprintf("issue #%d %q carries a copy of the marker of %s, which #%d stands for (pasted by hand?); it is closed as a duplicate: remove the marker from its body and reopen it if it is about something else", dup.Number, dup.Title, what, prim.Number)
}

// closedAs is how a plan shows a close: "closed (completed)".
func closedAs(r observed.Reason) string { return string(observed.Closed) + " (" + string(r) + ")" }

func statusWord(s string) string {
	switch s {
	case marker.StatusCompleted:
		return "resolved"
	case marker.StatusNotPlanned:
		return "wontfix"
	}
	return s
}

func seenIssue(is observed.Issue) *Seen {
	t := is.UpdatedAt
	return &Seen{UpdatedAt: &t, Digest: Digest(is)}
}

// Digest hashes what ghsync owns of an issue, and its state: equal digests
// mean no one changed those fields in between.
func Digest(is observed.Issue) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00", is.Title, is.Body, is.State, is.Milestone)
	for _, l := range is.Labels {
		fmt.Fprintf(h, "%s\x00", l)
	}
	// Type and field values only when there are any, so the digests of
	// issues without them (saved plans) stay as they were.
	if is.Type != "" || len(is.Fields) > 0 {
		fmt.Fprintf(h, "type\x00%s\x00", is.Type)
		for _, v := range is.Fields {
			fmt.Fprintf(h, "%d\x00%s\x00", v.FieldID, v.Value)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// text is what an issue's managed body region, title and labels should
// be: key names the region, have is its managed part now.
type text struct {
	key                  marker.Key
	have, managed, title string
	labels               []string
}

// textChanges adds to spec, and to fields for the plan to show, the body,
// title and labels prim must change to match want; blockers and trackers
// share it. A body that would pass GitHub's limit is left as it is, with
// the note tooLong makes of its length.
func (p *Plan) textChanges(spec *IssueSpec, fields []Field, prim observed.Issue, want text, known func(string) (int, bool), managedLabels map[string]bool, tooLong func(n int) string) []Field {
	body := marker.Splice(prim.Body, want.key, want.managed)
	if resolved := desired.Resolve(body, known); resolved != prim.Body || len(unknownRefs(body, known)) > 0 {
		if n := utf8.RuneCountInString(resolved); n > desired.MaxBody {
			p.Notes = append(p.Notes, tooLong(n))
		} else {
			spec.Body = new(body)
			fields = append(fields, Field{"body", desired.Resolve(want.have, known), desired.Resolve(want.managed, known)})
		}
	}
	if prim.Title != want.title {
		spec.Title = new(want.title)
		fields = append(fields, Field{"title", prim.Title, want.title})
	}
	if labels, changed := mergeLabels(prim.Labels, want.labels, managedLabels); changed {
		spec.Labels = &labels
		fields = append(fields, Field{"labels", strings.Join(prim.Labels, ", "), strings.Join(labels, ", ")})
	}
	return fields
}

func unknownRefs(body string, known func(string) (int, bool)) []string {
	var out []string
	for _, id := range desired.Refs(body) {
		if _, ok := known(id); !ok {
			out = append(out, id)
		}
	}
	return out
}

// mergeLabels keeps the labels ghsync does not manage (a person's) in their
// order and adds the desired ones; changed is false when the result is the
// same set as have, ignoring case.
func mergeLabels(have, want []string, managed map[string]bool) ([]string, bool) {
	var out []string
	seen := map[string]bool{}
	for _, l := range have {
		if !managed[lower(l)] && !seen[lower(l)] {
			out = append(out, l)
			seen[lower(l)] = true
		}
	}
	for _, l := range want {
		if !seen[lower(l)] {
			out = append(out, l)
			seen[lower(l)] = true
		}
	}
	haveSet := map[string]bool{}
	for _, l := range have {
		haveSet[lower(l)] = true
	}
	if len(haveSet) != len(seen) {
		return out, true
	}
	for l := range seen {
		if !haveSet[l] {
			return out, true
		}
	}
	return out, false
}
