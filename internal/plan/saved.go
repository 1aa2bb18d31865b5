package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// FileFormat marks a saved plan, so apply refuses other JSON.
const FileFormat = "ghsync-plan/1"

type savedPlan struct {
	Format string `json:"format"`
	Plan
}

// Save writes p for a later `ghsync apply FILE`.
func (p Plan) Save(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(savedPlan{Format: FileFormat, Plan: p})
}

// Read loads a plan written by Save.
func Read(r io.Reader) (Plan, error) {
	var s savedPlan
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Plan{}, fmt.Errorf("not a ghsync plan file: %w", err)
	}
	if s.Format != FileFormat {
		return Plan{}, fmt.Errorf("not a ghsync plan file (format %q, want %q): make one with ghsync plan --out FILE", s.Format, FileFormat)
	}
	for i, c := range s.Changes {
		if err := c.check(); err != nil {
			return Plan{}, fmt.Errorf("plan file change %d: %w", i+1, err)
		}
	}
	return s.Plan, nil
}

// check rejects a change apply could not carry out (a hand-edited file).
func (c Change) check() error {
	switch {
	case c.Kind == KindLabel && c.Label == nil,
		c.Kind == KindMilestone && c.Milestone == nil,
		IsIssue(c.Kind) && c.Issue == nil,
		c.Kind == KindLink && c.Link == nil,
		c.Kind == KindSubIssue && c.SubIssue == nil,
		IsBoard(c.Kind) && c.Board == nil:
		return fmt.Errorf("%s %s has no values", c.Kind, c.ID)
	case c.Action != Create && c.Kind != KindLabel && !IsBoard(c.Kind) && c.Number == nil:
		return fmt.Errorf("%s %s %s has no number", c.Action, c.Kind, c.ID)
	case c.Action == Delete && c.Kind != KindLink && c.Kind != KindSubIssue,
		c.Action != Create && c.Action != Update && c.Action != Close && c.Action != Reopen && c.Action != Delete:
		return fmt.Errorf("unknown action %q", c.Action)
	}
	if !IsIssue(c.Kind) && c.Kind != KindLabel && c.Kind != KindMilestone && c.Kind != KindLink && c.Kind != KindSubIssue && !IsBoard(c.Kind) {
		return errors.New("unknown kind " + string(c.Kind))
	}
	return nil
}

// Skipped is a change of a saved plan that apply leaves out.
type Skipped struct {
	Change Change `json:"change"`
	Why    string `json:"why"`
}

// Refresh keeps the changes of a saved plan whose objects are as the plan
// saw them, and skips the others: applying a stale change would overwrite
// what a person did since the plan was made.
func (p Plan) Refresh(o observed.State) (Plan, []Skipped) {
	labels := map[string]observed.Label{}
	for _, l := range o.Labels {
		labels[strings.ToLower(l.Name)] = l
	}
	milestones := map[int]observed.Milestone{}
	keyed := map[string]int{}
	for _, m := range o.Milestones {
		milestones[m.Number] = m
		if id, ok := marker.MilestoneID(m.Description); ok {
			keyed[id] = m.Number
		}
	}
	issues := map[int]observed.Issue{}
	for _, is := range o.Issues {
		issues[is.Number] = is
	}
	// The titles the plan gives its issues tell genuine issues from copies
	// of their markers, as in Diff.
	titles := map[marker.Key]string{}
	for _, c := range p.Changes {
		if c.Issue != nil && c.Issue.Title != nil {
			titles[Key(c)] = *c.Issue.Title
		}
	}
	managed := o.Index(titles)

	fresh := p
	fresh.Changes = nil
	fresh.Summary = Summary{}
	// Objects created on GitHub since the plan was made keep their numbers,
	// so the changes that refer to them still resolve.
	fresh.IssueNumbers = copyNumbers(p.IssueNumbers)
	fresh.MilestoneNumbers = copyNumbers(p.MilestoneNumbers)
	for id, n := range keyed {
		if _, ok := fresh.MilestoneNumbers[id]; !ok {
			fresh.MilestoneNumbers[id] = n
		}
	}
	for _, k := range managed.Keys() {
		if _, ok := fresh.IssueNumbers[k.ID]; !ok && k.Kind == marker.Blocker {
			if prim, ok := managed.Primary(k); ok {
				fresh.IssueNumbers[k.ID] = prim.Number
			}
		}
	}
	var skipped []Skipped
	for _, c := range p.Changes {
		if why := stale(c, labels, milestones, keyed, issues, managed); why != "" {
			skipped = append(skipped, Skipped{Change: c, Why: why})
			continue
		}
		fresh.add(c)
	}
	return fresh, skipped
}

func stale(c Change, labels map[string]observed.Label, milestones map[int]observed.Milestone, keyed map[string]int,
	issues map[int]observed.Issue, managed observed.Index) string {
	switch c.Kind {
	case KindLabel:
		name := c.Label.Name
		if c.Label.CurrentName != "" {
			name = c.Label.CurrentName
		}
		l, ok := labels[strings.ToLower(name)]
		if c.Action == Create {
			if ok {
				return fmt.Sprintf("label %q was created on GitHub since the plan was made", l.Name)
			}
			return ""
		}
		if !ok {
			return fmt.Sprintf("label %q is gone from GitHub", name)
		}
		if c.Seen != nil && (l.Name != c.Seen.Name || !strings.EqualFold(l.Color, c.Seen.Color) || l.Description != c.Seen.Description) {
			return fmt.Sprintf("label %q changed on GitHub since the plan was made", l.Name)
		}
	case KindMilestone:
		if c.Action == Create {
			if n, ok := keyed[c.ID]; ok {
				return fmt.Sprintf("milestone %s was created on GitHub (#%d) since the plan was made", c.ID, n)
			}
			return ""
		}
		m, ok := milestones[*c.Number]
		if !ok {
			return fmt.Sprintf("milestone #%d is gone from GitHub", *c.Number)
		}
		if c.Seen != nil && c.Seen.UpdatedAt != nil && !m.UpdatedAt.Equal(*c.Seen.UpdatedAt) {
			return fmt.Sprintf("milestone #%d changed on GitHub since the plan was made", *c.Number)
		}
	case KindIssue, KindDashboard, KindTracker:
		if c.Action == Create {
			k := Key(c)
			if g := managed.Group(k); len(g) > 0 {
				return fmt.Sprintf("an issue for %s was created on GitHub (#%d) since the plan was made", c.ID, g[0].Number)
			}
			return ""
		}
		is, ok := issues[*c.Number]
		if !ok {
			return fmt.Sprintf("issue #%d is gone from the repository, or no longer carries its ghsync marker", *c.Number)
		}
		if c.Seen != nil && (c.Seen.UpdatedAt != nil && !is.UpdatedAt.Equal(*c.Seen.UpdatedAt) || c.Seen.Digest != "" && c.Seen.Digest != Digest(is)) {
			return fmt.Sprintf("issue #%d changed on GitHub since the plan was made (updated %s)", *c.Number, is.UpdatedAt.UTC().Format("2006-01-02 15:04:05Z"))
		}
	case KindSubIssue:
		return staleSubIssue(c, issues)
	}
	// A link needs no check: making one a person made since is adopted
	// (apply looks after GitHub's 422), removing one already gone is a
	// no-op, and the edges a plan removes are only ever ghsync's own.
	return ""
}

// staleSubIssue says why a saved sub-issue change would undo a parent a
// person set since the plan was made, or "": an attach must find the
// blocker where the plan saw it (under the tracker it moves from, or under
// none), a removal must find it under the tracker. Issues the plan
// creates are not checked (they are new).
func staleSubIssue(c Change, issues map[int]observed.Issue) string {
	s := c.SubIssue
	if s.Number == nil {
		return ""
	}
	is, ok := issues[*s.Number]
	if !ok {
		return fmt.Sprintf("issue #%d of %s is gone from the repository, or no longer carries its ghsync marker", *s.Number, s.Blocker)
	}
	where := func() string {
		switch is.Parent {
		case 0:
			return "now has no parent"
		case observed.ParentElsewhere:
			return "is now a sub-issue of an issue of another repository"
		}
		return fmt.Sprintf("is now a sub-issue of #%d", is.Parent)
	}
	switch {
	case c.Action == Create && c.Number != nil && is.Parent == *c.Number:
		// Attached since (another run): apply finds it there.
	case c.Action == Delete:
		if c.Number != nil && is.Parent != *c.Number {
			return fmt.Sprintf("issue #%d (%s) %s, not of the tracker #%d, since the plan was made", is.Number, s.Blocker, where(), *c.Number)
		}
	case s.From != nil:
		if is.Parent != *s.From {
			return fmt.Sprintf("issue #%d (%s) %s, not of the tracker #%d it was to move from, since the plan was made", is.Number, s.Blocker, where(), *s.From)
		}
	case is.Parent != 0:
		return fmt.Sprintf("issue #%d (%s) %s since the plan was made", is.Number, s.Blocker, where())
	}
	return ""
}

func copyNumbers(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
