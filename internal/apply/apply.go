// Package apply carries out a Plan through the GitHub access layer, in the
// plan's order, one write per change wherever GitHub allows it. A problem
// that concerns one object only (an issue transferred or deleted under it,
// values GitHub refused or silently dropped) is reported and the run goes
// on; any other error stops it. Either way everything done stays done, and
// a re-run (which plans afresh) finishes the job without duplicates: a
// create whose answer was lost is looked for before it is made again, an
// issue create looks among the newest issues first in any case (another run
// may have made it), and a comment is not posted twice.
package apply

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"strconv"
	"strings"

	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/plan"
)

// GitHub is the part of the access layer apply writes through.
type GitHub interface {
	GetLabel(ctx context.Context, name string) (observed.Label, error)
	CreateLabel(ctx context.Context, l observed.Label) (observed.Label, error)
	UpdateLabel(ctx context.Context, name string, l observed.Label) (observed.Label, error)
	ListMilestones(ctx context.Context) ([]observed.Milestone, error)
	CreateMilestone(ctx context.Context, in ghapi.MilestoneInput) (observed.Milestone, error)
	UpdateMilestone(ctx context.Context, number int, in ghapi.MilestoneInput) (observed.Milestone, error)
	RecentIssues(ctx context.Context, n int) ([]observed.Issue, error)
	CreateIssue(ctx context.Context, in ghapi.IssueInput) (observed.Issue, error)
	GetIssue(ctx context.Context, number int) (observed.Issue, error)
	UpdateIssue(ctx context.Context, number int, p ghapi.IssuePatch) (observed.Issue, error)
	LastComment(ctx context.Context, number int) (string, bool, error)
	CreateComment(ctx context.Context, number int, body string) error
	AddBlockedBy(ctx context.Context, number int, blockerID int64) error
	RemoveBlockedBy(ctx context.Context, number int, blockerID int64) error
	ListBlockedBy(ctx context.Context, number int) ([]observed.Ref, error)
	AddSubIssue(ctx context.Context, number int, childID int64, replace bool) error
	RemoveSubIssue(ctx context.Context, number int, childID int64) error
	ListSubIssues(ctx context.Context, number int) ([]observed.Ref, error)
	// Trust is the rule for whose issues may steer ghsync.
	Trust() observed.Trust
}

// MassClose limits: a plan closing more open issues than this, or more than a
// quarter of the open managed ones, needs AllowMassClose.
const MassCloseLimit = 10

// Options tune Apply.
type Options struct {
	// Progress gets one line per change; nil for none.
	Progress io.Writer
	// AllowMassClose lifts the blast-radius guard.
	AllowMassClose bool
	// OpenManaged is the number of open managed issues before the run, for
	// the blast-radius guard.
	OpenManaged int
	// Recent is how many of the newest issues to read before an issue
	// create, and when a create's outcome is unknown (default 30).
	Recent int
	// Locked says the run holds the lock (see Lock): no other run can
	// have made an issue since the plan, so the look before each create is
	// skipped. The look after a create whose answer was lost stays.
	Locked bool
	// Offset and Of number the progress lines "[Offset+i/Of]" when this
	// plan is part of a larger run (the dashboard comes last); zero is
	// "[i/len(p.Changes)]".
	Offset, Of int
}

// Result says what was done.
type Result struct {
	Applied []Applied `json:"applied"`
	// Problems are the changes that could not be made for a reason that
	// concerns only their object; the other changes were made.
	Problems []Problem `json:"problems,omitempty"`
	// Skipped are the updates left out because a person changed the issue
	// after it was read; the next run plans them again from what is there.
	Skipped []plan.Skipped `json:"skipped,omitempty"`
	Total   int            `json:"total"`
	// Adopted counts creates that turned out to be done already (their
	// answer was lost, or another run made the object): found, not created
	// twice.
	Adopted int `json:"adopted,omitempty"`
	// Issues and milestones are the numbers of every object the run
	// touched or created, by catalog id.
	IssueNumbers     map[string]int `json:"issue_numbers"`
	MilestoneNumbers map[string]int `json:"milestone_numbers"`
	// Issues holds the issues as GitHub returned them after each write.
	Issues map[int]observed.Issue `json:"-"`
	// Board is the plan's board context with what the run made (a new
	// Project, its fields), for a later plan of the same run.
	Board *plan.BoardContext `json:"-"`
}

// Applied is one change that was made.
type Applied struct {
	Kind   plan.Kind   `json:"kind"`
	Action plan.Action `json:"action"`
	ID     string      `json:"id"`
	Number int         `json:"number,omitempty"`
}

// Problem is a change that could not be made, or did not stick, for a
// reason that concerns only its object (an issue transferred or deleted
// under ghsync, values GitHub refused or silently dropped). Apply reports
// it and carries on with the other changes.
type Problem struct {
	Kind   plan.Kind   `json:"kind"`
	Action plan.Action `json:"action"`
	ID     string      `json:"id"`
	Number int         `json:"number,omitempty"`
	Error  string      `json:"error"`
}

func (p Problem) String() string {
	s := fmt.Sprintf("%s %s %s", p.Action, p.Kind, p.ID)
	if p.Number > 0 {
		s += fmt.Sprintf(" (#%d)", p.Number)
	}
	return s + ": " + p.Error
}

// ErrProblems matches the error Apply returns when it made every change it
// could but some had problems.
var ErrProblems = errors.New("some changes could not be made")

// ProblemsError lists the problems of a run that otherwise finished.
type ProblemsError struct{ Problems []Problem }

func (e *ProblemsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of the changes could not be made (the others were):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  - " + p.String())
	}
	return b.String()
}

// Is makes errors.Is(err, ErrProblems) hold.
func (e *ProblemsError) Is(target error) bool { return target == ErrProblems }

// notKeptError is a write GitHub answered with success but without some of
// the values sent: it drops labels, milestone and assignees silently when
// the token may not push to the repository.
type notKeptError struct {
	number  int
	what    []string
	refused error // values GitHub refused (a 422) and apply left out
}

func (e *notKeptError) Error() string {
	if e.refused != nil {
		return fmt.Sprintf("#%d: %v", e.number, e.refused)
	}
	return fmt.Sprintf("GitHub did not keep the %s of #%d: it drops them silently when the token cannot push to the repository (or triage its issues); give the token write access, then re-run",
		strings.Join(e.what, ", "), e.number)
}

// errNoMilestone: an issue's milestone does not exist (its create failed).
var errNoMilestone = errors.New("milestone missing")

// perObject reports whether err concerns only the change's object, so the
// run may carry on: everything else (rate limits, the write budget, a lost
// answer, the network, GitHub failing, credentials) stops it.
func perObject(err error) bool {
	var (
		te *ghapi.TransferredError
		nk *notKeptError
		se *ghapi.StatusError
		ve *valueError
	)
	switch {
	case errors.As(err, &te), errors.As(err, &nk), errors.Is(err, errNoMilestone), errors.Is(err, errNoIssue):
		return true
	case errors.Is(err, ghapi.ErrNoProjectAccess), errors.Is(err, errBoardDenied), errors.As(err, &ve):
		// The board is a part of its own: the issues stay in sync.
		return true
	case errors.Is(err, ghapi.ErrOutcomeUnknown):
		return false
	case errors.As(err, &se):
		switch se.Status {
		case http.StatusGone:
			// Deleted, unless issues are off for the whole repository.
			return !strings.Contains(strings.ToLower(se.Message), "disabled")
		case http.StatusNotFound:
			// A create into a list just read cannot be missing its list:
			// the token may not write (GitHub answers 404, not 403, to a
			// classic token without the repo scope). Stop, with the hint.
			return se.Method != http.MethodPost
		case http.StatusUnprocessableEntity:
			return true
		}
	}
	return false
}

// hint says what a per-object error means for the next run.
func hint(c plan.Change, err error) string {
	var te *ghapi.TransferredError
	switch {
	case errors.As(err, &te) && c.Kind == plan.KindIssue:
		return fmt.Sprintf("; it now lives in another repository, so the next apply creates a new issue for %s here (remove %s from the catalog instead if it belongs there now)", c.ID, c.ID)
	case errors.Is(err, ghapi.ErrGone) && c.Kind == plan.KindIssue:
		return fmt.Sprintf("; it was deleted, so the next apply creates a new issue for %s", c.ID)
	}
	return ""
}

// ErrMassClose is returned, before any write, when the guard refuses a plan.
var ErrMassClose = errors.New("mass close refused")

// Guard checks the blast radius of p.
func Guard(p plan.Plan, openManaged int, allow bool) error {
	n := p.Destructive()
	if allow || n == 0 {
		return nil
	}
	if n > MassCloseLimit || n*4 > openManaged {
		return fmt.Errorf("%w: the plan closes %d of %d open managed issues (limit: %d, or a quarter); check the catalog, then re-run with --allow-mass-close if this is intended", ErrMassClose, n, openManaged, MassCloseLimit)
	}
	return nil
}

// Apply makes the changes of p.
func Apply(ctx context.Context, gh GitHub, p plan.Plan, opt Options) (Result, error) {
	res := Result{
		Total:            len(p.Changes),
		IssueNumbers:     map[string]int{},
		MilestoneNumbers: map[string]int{},
		Issues:           map[int]observed.Issue{},
	}
	maps.Copy(res.IssueNumbers, p.IssueNumbers)
	maps.Copy(res.MilestoneNumbers, p.MilestoneNumbers)
	if err := Guard(p, opt.OpenManaged, opt.AllowMassClose); err != nil {
		return res, err
	}
	if opt.Recent <= 0 {
		opt.Recent = 30
	}
	r := runner{gh: gh, res: &res, opt: opt}
	if p.Board != nil {
		b := *p.Board
		b.Fields = append([]observed.BoardField(nil), p.Board.Fields...)
		r.boardCtx = &b
		res.Board = &b
	}
	of := opt.Of
	if of == 0 {
		of = len(p.Changes)
	}
	at := func(i int) string { return fmt.Sprintf("[%d/%d]", opt.Offset+i+1, of) }
	for i, c := range p.Changes {
		if err := ctx.Err(); err != nil {
			return res, r.stopped(i, c, err)
		}
		if b := r.waitsFor(c); b != "" {
			why := fmt.Sprintf("the sub-issue change of %s failed, so the tracker's record keeps it; the next plan sees where it is", b)
			res.Skipped = append(res.Skipped, plan.Skipped{Change: c, Why: why})
			if opt.Progress != nil {
				fmt.Fprintf(opt.Progress, "%s = %s %s %s skipped: %s\n", at(i), c.Action, c.Kind, c.ID, why)
			}
			continue
		}
		num, err := r.do(ctx, c)
		var moved *changedError
		if errors.As(err, &moved) {
			res.Skipped = append(res.Skipped, plan.Skipped{Change: c, Why: moved.Error()})
			if opt.Progress != nil {
				fmt.Fprintf(opt.Progress, "%s = %s %s %s skipped: %s\n", at(i), c.Action, c.Kind, c.ID, moved)
			}
			continue
		}
		if err != nil && perObject(err) {
			if num == 0 && c.Number != nil {
				num = *c.Number
			}
			pr := Problem{Kind: c.Kind, Action: c.Action, ID: c.ID, Number: num, Error: err.Error() + hint(c, err)}
			res.Problems = append(res.Problems, pr)
			if c.Kind == plan.KindSubIssue && c.SubIssue != nil {
				if r.failedSubs == nil {
					r.failedSubs = map[string]bool{}
				}
				r.failedSubs[c.SubIssue.Blocker] = true
			}
			if opt.Progress != nil {
				fmt.Fprintf(opt.Progress, "%s ! %s\n", at(i), pr)
			}
			continue
		}
		if err != nil {
			return res, r.stopped(i, c, err)
		}
		res.Applied = append(res.Applied, Applied{Kind: c.Kind, Action: c.Action, ID: c.ID, Number: num})
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, "%s %s\n", at(i), progressLine(c, num))
		}
	}
	if len(res.Problems) > 0 {
		return res, &ProblemsError{Problems: res.Problems}
	}
	return res, nil
}

func progressLine(c plan.Change, num int) string {
	sym := plan.Symbol(c.Action)
	s := fmt.Sprintf("%s %s %s", sym, c.Kind, c.ID)
	if num > 0 {
		s += fmt.Sprintf(" #%d", num)
	}
	if c.Action == plan.Close || c.Action == plan.Reopen {
		s += " " + string(c.Action)
	}
	// A relationship names its other issue: "+ sub-issue security #58:
	// P0-001", "+ link P0-002 #3: blocked by P0-001".
	switch {
	case c.Kind == plan.KindSubIssue && c.SubIssue != nil:
		s += ": " + c.SubIssue.Blocker
	case c.Kind == plan.KindLink && c.Link != nil:
		s += ": blocked by " + c.Link.BlockedBy
	}
	return s
}

type runner struct {
	gh  GitHub
	res *Result
	opt Options
	// aliases are the catalog label names this run found GitHub holding
	// equal to an existing label's (createLabel): issues get the
	// existing name.
	aliases map[string]string
	// trackers are the numbers of the tracker issues this run created or
	// wrote, by tracker id (their sub-issue changes need them).
	trackers map[string]int
	// boardCtx is the plan's board context, with what this run made;
	// boardErr the refusal that stops the run's board changes.
	boardCtx *plan.BoardContext
	boardErr error
	// failedSubs are the blockers whose sub-issue change failed in this
	// run: a tracker change that drops them from its record waits (After).
	failedSubs map[string]bool
}

// waitsFor names a blocker c drops from its tracker's record whose
// sub-issue change failed in this run, or "".
func (r *runner) waitsFor(c plan.Change) string {
	for _, b := range c.After {
		if r.failedSubs[b] {
			return b
		}
	}
	return ""
}

// labelNames is names with the aliases found so far applied.
func (r *runner) labelNames(names []string) []string {
	if len(r.aliases) == 0 || names == nil {
		return names
	}
	out := make([]string, len(names))
	for i, n := range names {
		if a, ok := r.aliases[n]; ok {
			n = a
		}
		out[i] = n
	}
	return out
}

func (r *runner) stopped(i int, c plan.Change, err error) error {
	why, next := "", "re-run ghsync apply to finish the rest"
	var se *ghapi.StatusError
	if errors.As(err, &se) && (se.Status == http.StatusForbidden || se.Status == http.StatusUnauthorized || se.Status == http.StatusNotFound && se.Method == http.MethodPost) {
		why = "\nGitHub refused the write: apply needs a token that may write issues, and labels and milestones (write access to the repository)"
		next = "fix the token's access, then re-run ghsync apply to finish the rest"
	}
	if errors.As(err, &se) && se.Status == http.StatusGone {
		why = "\nIssues are turned off in the repository's settings: turn them on, or point ghsync at another repository"
		next = "re-run ghsync apply once issues are on"
	}
	done := "1 change was made and stays made"
	if n := len(r.res.Applied); n != 1 {
		done = fmt.Sprintf("%d changes were made and stay made", n)
	}
	return fmt.Errorf("apply stopped at change %d of %d (%s %s %s): %w%s\n%s; %s",
		i+1, r.res.Total, c.Action, c.Kind, c.ID, err, why, done, next)
}

func (r *runner) number(id string) (int, bool) {
	n, ok := r.res.IssueNumbers[id]
	return n, ok
}

func (r *runner) milestone(id string) (int, error) {
	if id == "" {
		return 0, nil
	}
	n, ok := r.res.MilestoneNumbers[id]
	if !ok {
		return 0, fmt.Errorf("%w: milestone %s does not exist on GitHub (its create failed, or the plan does not create it)", errNoMilestone, id)
	}
	return n, nil
}

func (r *runner) do(ctx context.Context, c plan.Change) (int, error) {
	switch c.Kind {
	case plan.KindLabel:
		l := observed.Label{Name: c.Label.Name, Color: c.Label.Color, Description: c.Label.Description}
		if c.Action == plan.Create {
			return 0, r.createLabel(ctx, l)
		}
		name := c.Label.CurrentName
		if name == "" {
			name = c.Label.Name
		}
		_, err := r.gh.UpdateLabel(ctx, name, l)
		return 0, err
	case plan.KindMilestone:
		in := ghapi.MilestoneInput{Title: c.Milestone.Title, Description: c.Milestone.Description}
		if !c.Milestone.Due.IsZero() {
			in.Due = c.Milestone.Due.Time()
		}
		if c.Action == plan.Create {
			return r.createMilestone(ctx, c.ID, in)
		}
		m, err := r.gh.UpdateMilestone(ctx, *c.Number, in)
		if err != nil {
			return 0, err
		}
		r.res.MilestoneNumbers[c.ID] = m.Number
		return m.Number, nil
	case plan.KindSubIssue:
		return r.subIssue(ctx, c)
	case plan.KindIssue, plan.KindDashboard, plan.KindTracker:
		if c.Action == plan.Create {
			return r.createIssue(ctx, c)
		}
		return r.updateIssue(ctx, c)
	case plan.KindLink:
		return r.link(ctx, c)
	case plan.KindBoard, plan.KindBoardField, plan.KindBoardItem, plan.KindBoardStatus:
		return r.board(ctx, c)
	}
	return 0, fmt.Errorf("unknown change kind %q", c.Kind)
}

// link makes (or removes) the "blocked by" link of a KindLink change,
// after the issues exist: the numbers and ids of issues created in this
// run come from their answers.
func (r *runner) link(ctx context.Context, c plan.Change) (int, error) {
	num, ok := r.number(c.ID)
	if !ok && c.Number != nil {
		num, ok = *c.Number, true
	}
	if !ok {
		return 0, fmt.Errorf("%w: the issue of %s does not exist on GitHub (its create failed)", errNoIssue, c.ID)
	}
	_, id, err := r.otherID(ctx, c.Link.BlockedBy, c.Link.Number, c.Link.IssueID)
	if err != nil {
		return num, err
	}
	return num, r.relate(ctx, c.Action, id, relation{
		add:    func() error { return r.gh.AddBlockedBy(ctx, num, id) },
		remove: func() error { return r.gh.RemoveBlockedBy(ctx, num, id) },
		list:   func() ([]observed.Ref, error) { return r.gh.ListBlockedBy(ctx, num) },
	})
}

// subIssue attaches (or takes off) the blocker's issue of a KindSubIssue
// change to its tracker, after both exist: the numbers and ids of issues
// created in this run come from their answers.
func (r *runner) subIssue(ctx context.Context, c plan.Change) (int, error) {
	tn, ok := 0, c.Number != nil
	if ok {
		tn = *c.Number
	} else {
		tn, ok = r.trackers[c.ID]
	}
	if !ok {
		return 0, fmt.Errorf("%w: the tracker issue %s does not exist on GitHub (its create failed)", errNoIssue, c.ID)
	}
	s := c.SubIssue
	bn, id, err := r.otherID(ctx, s.Blocker, s.Number, s.IssueID)
	if err != nil {
		return tn, err
	}
	return tn, r.relate(ctx, c.Action, id, relation{
		add:    func() error { return r.gh.AddSubIssue(ctx, tn, id, s.ReplaceParent) },
		remove: func() error { return r.gh.RemoveSubIssue(ctx, tn, id) },
		list:   func() ([]observed.Ref, error) { return r.gh.ListSubIssues(ctx, tn) },
		// A run at the same time made its own copy of the tracker and put
		// the issue there: the next plan closes the copy as a duplicate
		// and moves its sub-issues here.
		elsewhere: func() bool { return r.underCopy(ctx, bn, c.ID) },
	})
}

// otherID is the number and numeric id of blocker's issue, the other end
// of a relationship: the plan's (number, issueID) unless this run created
// the issue anew, else from this run's answers or one read.
func (r *runner) otherID(ctx context.Context, blocker string, number *int, issueID int64) (int, int64, error) {
	var id int64
	bn, ok := r.number(blocker)
	switch {
	case number != nil && (!ok || bn == *number):
		bn, id = *number, issueID
	case !ok:
		return 0, 0, fmt.Errorf("%w: the issue of %s does not exist on GitHub (its create failed)", errNoIssue, blocker)
	}
	if id == 0 {
		id = r.res.Issues[bn].ID
	}
	if id == 0 {
		is, err := r.gh.GetIssue(ctx, bn)
		if err != nil {
			return bn, 0, err
		}
		id = is.ID
	}
	return bn, id, nil
}

// relation is the writes and the read of one relationship (a "blocked
// by" link, a sub-issue) on the issue that holds it.
type relation struct {
	add, remove func() error
	// list reads the issue's relationships of this kind.
	list func() ([]observed.Ref, error)
	// elsewhere, when set, reports whether GitHub's refusal means the
	// other issue is where it should be by another way (nil: never).
	elsewhere func() bool
}

// relate adds (Create) or removes (Delete) the relationship with the issue
// whose id is id. A removal of one gone already is done. When GitHub
// refuses an add (another run may have made it since the plan) or its
// answer is lost, it looks: one that is there is adopted, a lost one is
// tried once more.
func (r *runner) relate(ctx context.Context, a plan.Action, id int64, rel relation) error {
	if a == plan.Delete {
		err := rel.remove()
		if errors.Is(err, ghapi.ErrNotFound) {
			return nil // gone already
		}
		return err
	}
	err := rel.add()
	if err == nil || !(errors.Is(err, ghapi.ErrOutcomeUnknown) || isStatus(err, http.StatusUnprocessableEntity)) {
		return err
	}
	have, lerr := rel.list()
	if lerr != nil {
		return fmt.Errorf("%w; then looking for it failed: %v", err, lerr)
	}
	for _, h := range have {
		if h.ID == id {
			r.res.Adopted++
			return nil
		}
	}
	if errors.Is(err, ghapi.ErrOutcomeUnknown) {
		return rel.add()
	}
	if rel.elsewhere != nil && rel.elsewhere() {
		r.res.Adopted++
		return nil
	}
	return err
}

// underCopy reports whether issue number is a sub-issue of a trusted
// issue that carries the marker of tracker id (two reads, only after
// GitHub refused an attach). A marker in an outsider's issue steers
// nothing (observed.Trust): the attach stays failed, and the next plan
// says where the issue is.
func (r *runner) underCopy(ctx context.Context, number int, tracker string) bool {
	child, err := r.gh.GetIssue(ctx, number)
	if err != nil || child.Parent <= 0 {
		return false
	}
	parent, err := r.gh.GetIssue(ctx, child.Parent)
	if err != nil || !r.gh.Trust().Allows(parent) {
		return false
	}
	k, ok := marker.Find(parent.Body)
	return ok && k == marker.TrackerKey(tracker)
}

// errNoIssue: a link's issue does not exist (its create failed).
var errNoIssue = errors.New("issue missing")

// createLabel creates l. When GitHub's answer was lost, or GitHub says the
// label exists already (another run made it since the plan, or GitHub
// holds an existing name equal to l's by a rule of its own), it looks: a
// label that is there is made to match l instead of being created twice.
// One whose name differs from l's by more than ASCII case keeps its name
// (it may be a person's, and GitHub has just said the two are one): only
// its colour and description become l's, and the run says so.
func (r *runner) createLabel(ctx context.Context, l observed.Label) error {
	_, err := r.gh.CreateLabel(ctx, l)
	if err == nil || !(errors.Is(err, ghapi.ErrOutcomeUnknown) || isStatus(err, http.StatusUnprocessableEntity)) {
		return err
	}
	have, lerr := r.gh.GetLabel(ctx, l.Name)
	switch {
	case errors.Is(lerr, ghapi.ErrNotFound) && errors.Is(err, ghapi.ErrOutcomeUnknown):
		_, err = r.gh.CreateLabel(ctx, l)
		return err
	case lerr != nil:
		return fmt.Errorf("%w; then looking for it failed: %v", err, lerr)
	}
	r.res.Adopted++
	if observed.NameKey(have.Name) != observed.NameKey(l.Name) {
		r.note("adopted the existing label %q for %q: GitHub holds the two names equal; it keeps its name", have.Name, l.Name)
		if r.aliases == nil {
			r.aliases = map[string]string{}
		}
		r.aliases[l.Name] = have.Name
		l.Name = have.Name
	}
	if have.Name == l.Name && strings.EqualFold(have.Color, l.Color) && have.Description == l.Description {
		return nil
	}
	_, err = r.gh.UpdateLabel(ctx, have.Name, l)
	return err
}

// note tells the person watching about something apply decided.
func (r *runner) note(format string, args ...any) {
	if r.opt.Progress != nil {
		fmt.Fprintf(r.opt.Progress, "      "+format+"\n", args...)
	}
}

func isStatus(err error, status int) bool {
	var se *ghapi.StatusError
	return errors.As(err, &se) && se.Status == status
}

// createMilestone looks before creating again when GitHub's answer was
// lost, and when GitHub says the title is taken (another run created it
// since the plan, or a person did): a milestone carrying id's key is
// adopted as it is; one with the same title and no key is adopted by
// writing in (as the plan would have, had it seen it).
func (r *runner) createMilestone(ctx context.Context, id string, in ghapi.MilestoneInput) (int, error) {
	m, err := r.gh.CreateMilestone(ctx, in)
	if errors.Is(err, ghapi.ErrOutcomeUnknown) || isStatus(err, http.StatusUnprocessableEntity) {
		all, lerr := r.gh.ListMilestones(ctx)
		if lerr != nil {
			return 0, fmt.Errorf("%w; then looking for it failed: %v", err, lerr)
		}
		var byTitle *observed.Milestone
		found := false
		for i, have := range all {
			if got, ok := marker.MilestoneID(have.Description); ok && got == id {
				m, found = have, true
				break
			}
			if _, keyed := marker.MilestoneID(have.Description); !keyed && strings.EqualFold(have.Title, in.Title) && byTitle == nil {
				byTitle = &all[i]
			}
		}
		switch {
		case found:
			r.res.Adopted++
			err = nil
		case byTitle != nil:
			r.res.Adopted++
			if observed.NameKey(byTitle.Title) != observed.NameKey(in.Title) {
				r.note("adopted the existing milestone %q (#%d) for %q: GitHub holds the two titles equal", byTitle.Title, byTitle.Number, in.Title)
			}
			m, err = r.gh.UpdateMilestone(ctx, byTitle.Number, in)
		case errors.Is(err, ghapi.ErrOutcomeUnknown):
			m, err = r.gh.CreateMilestone(ctx, in)
		}
	}
	if err != nil {
		return 0, err
	}
	r.res.MilestoneNumbers[id] = m.Number
	return m.Number, nil
}

func (r *runner) key(c plan.Change) marker.Key { return plan.Key(c) }

// createIssue creates the issue, never twice: when the outcome of the POST is
// unknown (GitHub may have committed it and still answered 502 or timed out),
// it looks for the marker among the newest issues and creates again only if
// it is absent.
func (r *runner) createIssue(ctx context.Context, c plan.Change) (int, error) {
	spec := c.Issue
	ms, err := r.milestone(deref(spec.Milestone))
	if err != nil {
		return 0, err
	}
	body := desired.Resolve(deref(spec.Body), r.number)
	in := ghapi.IssueInput{
		Title:       deref(spec.Title),
		Body:        body,
		Milestone:   ms,
		Assignees:   spec.Assignees,
		Type:        deref(spec.Type),
		FieldValues: fieldWrites(spec.FieldValues),
	}
	if spec.State == observed.Closed {
		// GitHub creates issues open. The body records the state ghsync set
		// last, so it says "open" until the close is done: a run stopped
		// between the two writes leaves an issue that the next plan closes,
		// not one whose record already claims the close.
		in.Body = withStatus(body, r.key(c), marker.StatusOpen)
	}
	if spec.Labels != nil {
		in.Labels = r.labelNames(*spec.Labels)
	}
	// Another run may have created the issue since this run's plan: look
	// among the newest issues first (one read).
	var (
		refused error
		is      observed.Issue
		found   bool
	)
	if !r.opt.Locked {
		is, found, err = r.findCreated(ctx, r.key(c))
	}
	// Found before creating: another run made it, from its own catalog; the
	// next plan brings it in line, so its values are not checked here.
	byOther := found
	if err == nil && !found {
		is, err = r.gh.CreateIssue(ctx, in)
		if len(in.Assignees) > 0 && ghapi.IsInvalid(err, "assignees") {
			// A login that cannot be assigned (not a collaborator) must not
			// keep the blocker from having an issue: create it without
			// assignees, and say so.
			refused = fmt.Errorf("GitHub refused the assignees %s (they must be collaborators of the repository): created without them", strings.Join(in.Assignees, ", "))
			in.Assignees = nil
			is, err = r.gh.CreateIssue(ctx, in)
		}
		if errors.Is(err, ghapi.ErrOutcomeUnknown) {
			is, found, err = r.findCreated(ctx, r.key(c))
			if err == nil && !found {
				is, err = r.gh.CreateIssue(ctx, in)
			}
		}
	}
	if err != nil {
		return 0, err
	}
	r.record(c, is)
	var kept error
	if !byOther {
		kept = keptCreate(in, is)
	}
	if kept == nil && refused != nil {
		kept = &notKeptError{number: is.Number, refused: refused}
	}
	if spec.State == observed.Closed && is.State != observed.Closed {
		state, reason := observed.Closed, spec.StateReason
		patch := ghapi.IssuePatch{State: &state, StateReason: &reason}
		if in.Body != body {
			patch.Body = &body
		}
		closed, err := r.gh.UpdateIssue(ctx, is.Number, patch)
		if err != nil {
			return is.Number, fmt.Errorf("created #%d but closing it failed: %w", is.Number, err)
		}
		r.record(c, closed)
	}
	return is.Number, kept
}

// keptCreate checks that GitHub kept the labels, milestone and assignees of
// a new issue.
func keptCreate(in ghapi.IssueInput, is observed.Issue) error {
	var what []string
	if !sameSet(in.Labels, is.Labels) {
		what = append(what, "labels")
	}
	if in.Milestone != is.Milestone {
		what = append(what, "milestone")
	}
	if !sameSet(in.Assignees, is.Assignees) {
		what = append(what, "assignees")
	}
	what = append(what, keptMeta(in.Type, in.FieldValues, is)...)
	if len(what) > 0 {
		return &notKeptError{number: is.Number, what: what}
	}
	return nil
}

// keptUpdate checks that GitHub kept the labels and milestone of a patch.
func keptUpdate(p ghapi.IssuePatch, is observed.Issue) error {
	var what []string
	if p.Labels != nil && !sameSet(*p.Labels, is.Labels) {
		what = append(what, "labels")
	}
	if p.Milestone != nil && *p.Milestone != is.Milestone {
		what = append(what, "milestone")
	}
	what = append(what, keptMeta(deref(p.Type), p.FieldValues, is)...)
	if len(what) > 0 {
		return &notKeptError{number: is.Number, what: what}
	}
	return nil
}

// keptMeta names what of an issue type and field values written GitHub
// did not keep (without push access it drops them, as it drops labels).
func keptMeta(typ string, fields []ghapi.FieldWrite, is observed.Issue) []string {
	var what []string
	if typ != "" && !strings.EqualFold(typ, is.Type) {
		what = append(what, "type")
	}
	// An answer without issue_field_values says nothing of them (plan
	// takes it for unknown too): only a list that leaves one out tells.
	for _, f := range fields {
		if !is.FieldsListed {
			break
		}
		if _, ok := is.Field(f.FieldID); !ok {
			what = append(what, fmt.Sprintf("issue field %d", f.FieldID))
		}
	}
	return what
}

// fieldWrites are the plan's issue field values as GitHub takes them: a
// number as a JSON number, a date and an option's name as strings.
func fieldWrites(specs []plan.FieldSpec) []ghapi.FieldWrite {
	var out []ghapi.FieldWrite
	for _, f := range specs {
		var v any = f.Value
		if f.DataType == observed.FieldNumber {
			if n, err := strconv.ParseFloat(f.Value, 64); err == nil {
				v = n
			}
		}
		out = append(out, ghapi.FieldWrite{FieldID: f.FieldID, Value: v})
	}
	return out
}

// sameSet compares names as GitHub does, ignoring case and order.
func sameSet(a, b []string) bool {
	set := map[string]bool{}
	for _, x := range a {
		set[strings.ToLower(x)] = true
	}
	other := map[string]bool{}
	for _, x := range b {
		other[strings.ToLower(x)] = true
	}
	if len(set) != len(other) {
		return false
	}
	for x := range set {
		if !other[x] {
			return false
		}
	}
	return true
}

// withStatus returns body with the status record of k's region set to status.
func withStatus(body string, k marker.Key, status string) string {
	m, ok := marker.Managed(body, k)
	if !ok || marker.Status(m) == "" {
		return body
	}
	return marker.Splice(body, k, marker.WithStatus(m, status))
}

func (r *runner) findCreated(ctx context.Context, k marker.Key) (observed.Issue, bool, error) {
	recent, err := r.gh.RecentIssues(ctx, r.opt.Recent)
	if err != nil {
		return observed.Issue{}, false, fmt.Errorf("look for the issue among the newest before creating it: %w", err)
	}
	for _, is := range recent {
		if got, ok := marker.Find(is.Body); ok && got == k {
			r.res.Adopted++
			return is, true, nil
		}
	}
	return observed.Issue{}, false, nil
}

func (r *runner) record(c plan.Change, is observed.Issue) {
	if c.Kind == plan.KindIssue {
		if _, ok := r.res.IssueNumbers[c.ID]; !ok || c.Action == plan.Create {
			r.res.IssueNumbers[c.ID] = is.Number
		}
	}
	if c.Kind == plan.KindTracker && c.Action == plan.Create {
		// Only creates: a plan may also close a copy of the tracker,
		// whose number must not stand for it.
		if r.trackers == nil {
			r.trackers = map[string]int{}
		}
		r.trackers[c.ID] = is.Number
	}
	r.res.Issues[is.Number] = is
}

// changedError says an issue changed on GitHub after the plan read it.
type changedError struct{ number int }

func (e *changedError) Error() string {
	return fmt.Sprintf("issue #%d changed on GitHub while apply ran; left as it is, the next run plans it again", e.number)
}

func (r *runner) updateIssue(ctx context.Context, c plan.Change) (int, error) {
	num := *c.Number
	// Title, body and labels are written whole, from the plan's read; a
	// person may have edited the issue since (while the confirmation
	// waited, or during a long paced run). Read it again and leave it alone
	// if it moved on: their edit must never be lost.
	if c.Seen != nil && c.Seen.Digest != "" {
		cur, err := r.gh.GetIssue(ctx, num)
		if err != nil {
			return num, err
		}
		if plan.Digest(cur) != c.Seen.Digest {
			return num, &changedError{number: num}
		}
	}
	if c.Comment != "" {
		if err := r.comment(ctx, num, c.Comment); err != nil {
			return num, err
		}
	}
	spec := c.Issue
	var patch ghapi.IssuePatch
	patch.Title = spec.Title
	if spec.Body != nil {
		patch.Body = new(desired.Resolve(*spec.Body, r.number))
	}
	if spec.Labels != nil {
		labels := r.labelNames(*spec.Labels)
		patch.Labels = &labels
	}
	if spec.Milestone != nil {
		ms, err := r.milestone(*spec.Milestone)
		if err != nil {
			return num, err
		}
		patch.Milestone = &ms
	}
	patch.Type = spec.Type
	patch.FieldValues = fieldWrites(spec.FieldValues)
	if spec.State != "" {
		state, reason := spec.State, spec.StateReason
		patch.State = &state
		if reason != "" {
			patch.StateReason = &reason
		}
	}
	is, err := r.gh.UpdateIssue(ctx, num, patch)
	if err != nil && patch.Body != nil && patch.State != nil && ghapi.IsInvalid(err, "body") {
		// GitHub refused the body (too long, with a person's text around
		// the region): a close or reopen must not wait on it.
		r.note("GitHub refused the new body of #%d (%v): the state change is made without it", num, err)
		patch.Body = nil
		is, err = r.gh.UpdateIssue(ctx, num, patch)
	}
	if err != nil {
		return num, err
	}
	r.record(c, is)
	return num, keptUpdate(patch, is)
}

// comment posts body on issue num once: when the newest comment is body
// already (posted by a run that stopped before the close it goes with, or
// whose answer was lost), it is not posted again. Only the newest counts, so
// the same words after a person's reply, or after the issue came back and
// leaves again with a discussion in between, are posted. It costs one read
// per comment (two for a thread of over 100); comments come only with
// closes, which are rare.
func (r *runner) comment(ctx context.Context, num int, body string) error {
	posted := func() (bool, error) {
		last, ok, err := r.gh.LastComment(ctx, num)
		if err != nil {
			return false, err
		}
		return ok && strings.TrimSpace(last) == strings.TrimSpace(body), nil
	}
	done, err := posted()
	if err != nil {
		return fmt.Errorf("comment on #%d: %w", num, err)
	}
	if done {
		return nil
	}
	err = r.gh.CreateComment(ctx, num, body)
	if errors.Is(err, ghapi.ErrOutcomeUnknown) {
		done, lerr := posted()
		switch {
		case lerr == nil && done:
			return nil
		case lerr == nil:
			err = r.gh.CreateComment(ctx, num, body)
		}
	}
	if err != nil {
		return fmt.Errorf("comment on #%d: %w", num, err)
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
