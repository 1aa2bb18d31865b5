package ghfake

import (
	"net/http"
	"sort"
	"time"
	_ "time/tzdata" // so due dates normalise the same on machines without a zoneinfo database
)

const (
	milestoneDoc     = "https://docs.github.com/rest/issues/milestones#create-a-milestone"
	milestoneEditDoc = "https://docs.github.com/rest/issues/milestones#update-a-milestone"
)

// pacific is US Pacific time, where GitHub anchors milestone due dates.
var pacific = func() *time.Location {
	if loc, err := time.LoadLocation("America/Los_Angeles"); err == nil {
		return loc
	}
	return time.FixedZone("PST", -8*60*60)
}()

// NormalizeDueOn returns the due_on GitHub stores for the instant t:
// midnight US Pacific (07:00Z in daylight saving time, 08:00Z otherwise)
// of the date t falls on in US Pacific time. So an instant before that
// cut-off, such as midnight UTC, lands on the previous day: the
// long-standing quirk behind due dates a day early. Clients should send
// T12:00:00Z and compare dates.
func NormalizeDueOn(t time.Time) time.Time {
	p := t.In(pacific)
	return time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, pacific).UTC()
}

func parseDueOn(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (c *reqCtx) listMilestones() *response {
	state, bad := c.enumParam("state", "open", "closed", "all")
	if bad != nil {
		return bad
	}
	by, bad := c.enumParam("sort", "due_on", "completeness")
	if bad != nil {
		return bad
	}
	dir, bad := c.enumParam("direction", "asc", "desc")
	if bad != nil {
		return bad
	}
	var ms []*milestoneState
	for _, m := range c.repo.milestones {
		if state == "all" || m.state == state {
			ms = append(ms, m)
		}
	}
	done := func(m *milestoneState) float64 {
		j := c.renderMilestone(c.repo, m)
		if j.OpenIssues+j.ClosedIssues == 0 {
			return 0
		}
		return float64(j.ClosedIssues) / float64(j.OpenIssues+j.ClosedIssues)
	}
	less := func(a, b *milestoneState) bool {
		switch by {
		case "completeness":
			if da, db := done(a), done(b); da != db {
				return da < db
			}
		default:
			// A milestone without a due date sorts after every dated one.
			switch {
			case a.dueOn == nil && b.dueOn != nil:
				return false
			case a.dueOn != nil && b.dueOn == nil:
				return true
			case a.dueOn != nil && !a.dueOn.Equal(*b.dueOn):
				return a.dueOn.Before(*b.dueOn)
			}
		}
		return a.number < b.number
	}
	sort.SliceStable(ms, func(i, j int) bool {
		if dir == "desc" {
			return less(ms[j], ms[i])
		}
		return less(ms[i], ms[j])
	})
	out := []*jsonMilestone{}
	for _, m := range ms {
		out = append(out, c.renderMilestone(c.repo, m))
	}
	return listResponse(c, out)
}

// milestoneFields reads and validates a milestone body. For an edit,
// absent fields keep cur's values.
type milestoneFields struct {
	title, description, state string
	dueOn                     *time.Time
}

func (c *reqCtx) readMilestone(cur *milestoneState, doc string) (milestoneFields, *response) {
	var f milestoneFields
	if cur != nil {
		f = milestoneFields{title: cur.title, description: cur.description, state: cur.state, dueOn: cur.dueOn}
	} else {
		f.state = "open"
	}
	in, bad := parseObject(c.body)
	if bad != nil {
		return f, bad
	}
	title, hasTitle, _, bad := in.str("title", false)
	if bad != nil {
		return f, bad
	}
	state, hasState, _, bad := in.str("state", false)
	if bad != nil {
		return f, bad
	}
	desc, hasDesc, _, bad := in.str("description", true)
	if bad != nil {
		return f, bad
	}
	due, hasDue, dueNull, bad := in.str("due_on", true)
	if bad != nil {
		return f, bad
	}
	var errs []fieldError
	if hasTitle || cur == nil {
		if title == "" {
			errs = append(errs, fieldError{Resource: "Milestone", Code: "missing_field", Field: "title"})
		}
		f.title = title
	}
	if hasState {
		if state != "open" && state != "closed" {
			errs = append(errs, fieldError{Resource: "Milestone", Code: "invalid", Field: "state", Value: state})
		}
		f.state = state
	}
	if hasDesc {
		f.description = desc
	}
	if hasDue {
		switch t, ok := parseDueOn(due); {
		case dueNull:
			f.dueOn = nil
		case !ok:
			errs = append(errs, fieldError{Resource: "Milestone", Code: "invalid", Field: "due_on", Value: due})
		default:
			d := NormalizeDueOn(t)
			f.dueOn = &d
		}
	}
	if len(errs) > 0 {
		return f, validationFailed(doc, errs...)
	}
	if other := c.repo.milestoneTitled(f.title); other != nil && other != cur {
		return f, validationFailed(doc, alreadyExists("Milestone", "title"))
	}
	return f, nil
}

func (c *reqCtx) createMilestone() *response {
	if c.repo.noPush {
		return forbiddenNoPush()
	}
	f, bad := c.readMilestone(nil, milestoneDoc)
	if bad != nil {
		return bad
	}
	c.repo.nextMilestone++
	m := &milestoneState{
		id:          c.s.newID(),
		number:      c.repo.nextMilestone,
		title:       f.title,
		description: f.description,
		state:       "open",
		dueOn:       f.dueOn,
		creator:     c.actor(),
		created:     c.now,
		updated:     c.now,
	}
	m.setState(f.state, c.now)
	c.repo.milestones = append(c.repo.milestones, m)
	j := c.renderMilestone(c.repo, m)
	resp := jsonResponse(http.StatusCreated, j)
	resp.header.Set("Location", j.URL)
	return resp
}

func (c *reqCtx) editMilestone(m *milestoneState) *response {
	if c.repo.noPush {
		return forbiddenNoPush()
	}
	f, bad := c.readMilestone(m, milestoneEditDoc)
	if bad != nil {
		return bad
	}
	changed := f.title != m.title || f.description != m.description || f.state != m.state || !sameTime(f.dueOn, m.dueOn)
	if changed {
		m.title, m.description, m.dueOn = f.title, f.description, f.dueOn
		m.setState(f.state, c.now)
		m.updated = c.now
	}
	return jsonResponse(http.StatusOK, c.renderMilestone(c.repo, m))
}

func (c *reqCtx) deleteMilestone(m *milestoneState) *response {
	if c.repo.noPush {
		return forbiddenNoPush()
	}
	c.repo.deleteMilestone(m)
	return emptyResponse(http.StatusNoContent)
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}
