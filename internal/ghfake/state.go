package ghfake

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"
)

type user struct {
	id    int64
	login string
	bot   bool // "name[bot]": an App's or the Actions bot
}

type labelState struct {
	id          int64
	name        string
	color       string
	description string
}

type milestoneState struct {
	id          int64
	number      int
	title       string
	description string
	state       string
	dueOn       *time.Time
	creator     *user
	created     time.Time
	updated     time.Time
	closedAt    *time.Time
}

type commentState struct {
	id      int64
	body    string
	user    *user
	created time.Time
	updated time.Time
}

type issueState struct {
	id          int64
	number      int
	title       string
	body        string
	state       string
	stateReason string
	labels      []*labelState
	milestone   *milestoneState
	assignees   []*user
	locked      bool
	pull        bool
	user        *user
	created     time.Time
	updated     time.Time
	closedAt    *time.Time
	comments    []*commentState
	// blockedBy are the issues this one is blocked by, in the order the
	// edges were made; blocking the issues it blocks.
	blockedBy, blocking []*issueState
	// issueType and fieldValues are the issue's type and its values in
	// the owner's issue fields (issuemeta.go).
	issueType   *typeState
	fieldValues []fieldValue
	// parent is the issue this one is a sub-issue of, in parentRepo;
	// subIssues are its own, in the order they were added.
	parent     *issueState
	parentRepo *repoState
	subIssues  []*issueState
}

type movedTo struct {
	repo   *repoState
	number int
}

type repoState struct {
	id             int64
	owner, name    string
	labels         []*labelState
	milestones     []*milestoneState // by number
	issues         map[int]*issueState
	nextNumber     int
	nextMilestone  int
	moved          map[int]movedTo
	deleted        map[int]bool
	issuesDisabled bool
	noPush         bool
	assignable     map[string]*user
	// same is Options.SameName.
	same func(a, b string) bool
	// statuses are the commit statuses posted, oldest first.
	statuses []*Status
}

func (r *repoState) fullName() string { return r.owner + "/" + r.name }

func (r *repoState) label(name string) *labelState {
	for _, l := range r.labels {
		if r.same(l.name, name) {
			return l
		}
	}
	return nil
}

func (r *repoState) milestone(number int) *milestoneState {
	for _, m := range r.milestones {
		if m.number == number {
			return m
		}
	}
	return nil
}

func (r *repoState) milestoneTitled(title string) *milestoneState {
	for _, m := range r.milestones {
		if r.same(m.title, title) {
			return m
		}
	}
	return nil
}

// sortedLabels is GitHub's order for label lists: by name, ignoring case.
func sortedLabels(ls []*labelState) []*labelState {
	out := append([]*labelState(nil), ls...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].name), strings.ToLower(out[j].name)
		if a != b {
			return a < b
		}
		return out[i].name < out[j].name
	})
	return out
}

func (r *repoState) sortedIssues() []*issueState {
	out := make([]*issueState, 0, len(r.issues))
	if r.nextNumber <= 2*len(r.issues) {
		// Numbers are dense (issues are rarely deleted or moved): walk
		// them in order, without sorting, as every listing page does.
		for n := 1; n <= r.nextNumber; n++ {
			if is, ok := r.issues[n]; ok {
				out = append(out, is)
			}
		}
		return out
	}
	for _, is := range r.issues {
		out = append(out, is)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].number < out[j].number })
	return out
}

// issueIDBase puts issue ids far above issue numbers (GitHub's are in the
// billions), so a number sent where an id is needed names no issue, as on
// GitHub, rather than one whose id happens to be small.
const issueIDBase = 3_000_000_000

func (s *Server) newIssueID() int64 { return issueIDBase + s.newID() }

func (s *Server) newID() int64 {
	s.nextID++
	return s.nextID
}

// userFor returns the user with this login, creating it on first sight.
// The token's user is created first and so has ID 1.
func (s *Server) userFor(login string) *user {
	k := strings.ToLower(login)
	if u, ok := s.users[k]; ok {
		return u
	}
	s.nextUID++
	u := &user{id: s.nextUID, login: login, bot: strings.HasSuffix(login, "[bot]")}
	s.users[k] = u
	return u
}

func (s *Server) repo(fullName string) (*repoState, error) {
	r, ok := s.repos[strings.ToLower(fullName)]
	if !ok {
		return nil, fmt.Errorf("ghfake: %w %q (call AddRepo first)", errUnknownRepo, fullName)
	}
	return r, nil
}

// mustRepo is for seeding helpers, where an unknown repository is a bug
// in the test.
func (s *Server) mustRepo(fullName string) *repoState {
	r, err := s.repo(fullName)
	if err != nil {
		panic(err.Error())
	}
	return r
}

// AddRepo creates an empty repository "owner/name" with issues enabled and
// push access for the token. Adding an existing repository does nothing.
func (s *Server) AddRepo(fullName string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addRepo(fullName)
}

func (s *Server) addRepo(fullName string) *repoState {
	if r, ok := s.repos[strings.ToLower(fullName)]; ok {
		return r
	}
	owner, name, ok := strings.Cut(fullName, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		panic(fmt.Sprintf("ghfake: repository %q is not owner/name", fullName))
	}
	r := &repoState{
		id:         s.newID(),
		owner:      owner,
		name:       name,
		issues:     map[int]*issueState{},
		moved:      map[int]movedTo{},
		deleted:    map[int]bool{},
		assignable: map[string]*user{},
		same:       s.opts.SameName,
	}
	s.repos[strings.ToLower(fullName)] = r
	s.userFor(owner)
	return r
}

// RenameRepo renames repo to newName as a person would in its settings
// (a move to another owner works the same). The old name keeps answering
// with redirects to /repositories/<id>/..., as on GitHub (see movedRepo).
func (s *Server) RenameRepo(repo, newName string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.mustRepo(repo)
	owner, name, ok := strings.Cut(newName, "/")
	if !ok || owner == "" || name == "" {
		panic(fmt.Sprintf("ghfake: repository %q is not owner/name", newName))
	}
	delete(s.repos, strings.ToLower(repo))
	r.owner, r.name = owner, name
	s.repos[strings.ToLower(newName)] = r
	s.renamed[strings.ToLower(repo)] = r
	s.userFor(owner)
}

func (s *Server) repoByID(id int64) *repoState {
	for _, r := range s.repos {
		if r.id == id {
			return r
		}
	}
	return nil
}

// AddCollaborator makes login assignable in repo.
func (s *Server) AddCollaborator(repo, login string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.mustRepo(repo)
	u := s.userFor(login)
	r.assignable[strings.ToLower(login)] = u
}

// isCollaborator reports whether login is one of Options.Collaborators.
func (s *Server) isCollaborator(login string) bool {
	for _, c := range s.opts.Collaborators {
		if strings.EqualFold(c, login) {
			return true
		}
	}
	return false
}

// assignee resolves a login that may be assigned in r, or nil.
func (s *Server) assignee(r *repoState, login string) *user {
	k := strings.ToLower(login)
	if u, ok := r.assignable[k]; ok {
		return u
	}
	if k == strings.ToLower(s.me.login) && !r.noPush {
		return s.me
	}
	for _, c := range s.opts.Collaborators {
		if strings.EqualFold(c, login) {
			return s.userFor(c)
		}
	}
	return nil
}

// SetPushAccess says whether the token may push to repo. Without push
// access GitHub silently drops labels, assignees and milestone on issue
// create and update, and refuses label and milestone writes with 403.
func (s *Server) SetPushAccess(repo string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustRepo(repo).noPush = !ok
}

// DisableIssues turns the repository's issues off: every issues endpoint
// answers 410 "Issues are disabled for this repo".
func (s *Server) DisableIssues(repo string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustRepo(repo).issuesDisabled = true
}

// SeedLabel creates a label as a person would; the color defaults to
// "ededed". It fails on the same rules the API enforces.
func (s *Server) SeedLabel(repo string, l Label) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.repo(repo)
	if err != nil {
		return err
	}
	if l.Color == "" {
		l.Color = defaultLabelColor
	}
	if errs := validateLabel(l.Name, l.Color, l.Description); len(errs) > 0 {
		return fmt.Errorf("ghfake: seed label %q: %s %s", l.Name, errs[0].Field, errs[0].Code)
	}
	if r.label(l.Name) != nil {
		return fmt.Errorf("ghfake: seed label %q: already exists", l.Name)
	}
	r.labels = append(r.labels, &labelState{id: s.newID(), name: l.Name, color: l.Color, description: l.Description})
	return nil
}

// Labels returns repo's labels sorted by name ignoring case.
func (s *Server) Labels(repo string) []Label {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.mustRepo(repo)
	var out []Label
	for _, l := range sortedLabels(r.labels) {
		out = append(out, Label{Name: l.name, Color: l.color, Description: l.description})
	}
	return out
}

// EditLabel changes a label as a person would; a rename keeps the label on
// its issues.
func (s *Server) EditLabel(repo, name string, f func(*Label)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.repo(repo)
	if err != nil {
		return err
	}
	l := r.label(name)
	if l == nil {
		return fmt.Errorf("ghfake: edit label %q: not found", name)
	}
	v := Label{Name: l.name, Color: l.color, Description: l.description}
	f(&v)
	if errs := validateLabel(v.Name, v.Color, v.Description); len(errs) > 0 {
		return fmt.Errorf("ghfake: edit label %q: %s %s", name, errs[0].Field, errs[0].Code)
	}
	if other := r.label(v.Name); other != nil && other != l {
		return fmt.Errorf("ghfake: edit label %q: %q already exists", name, v.Name)
	}
	l.name, l.color, l.description = v.Name, v.Color, v.Description
	return nil
}

// DeleteLabel deletes a label and, as on GitHub, strips it from every issue.
func (s *Server) DeleteLabel(repo, name string) error {
	return s.inRepo(repo, func(r *repoState) error {
		l := r.label(name)
		if l == nil {
			return fmt.Errorf("ghfake: delete label %q: not found", name)
		}
		r.deleteLabel(l)
		return nil
	})
}

// inRepo runs f on repo with the lock held: the frame of the methods that
// act as a person would.
func (s *Server) inRepo(repo string, f func(r *repoState) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.repo(repo)
	if err != nil {
		return err
	}
	return f(r)
}

func (r *repoState) deleteLabel(l *labelState) {
	r.labels = removeLabel(r.labels, l)
	for _, is := range r.issues {
		is.labels = removeLabel(is.labels, l)
	}
}

func removeLabel(ls []*labelState, l *labelState) []*labelState {
	out := ls[:0:0]
	for _, x := range ls {
		if x != l {
			out = append(out, x)
		}
	}
	return out
}

// SeedMilestone creates a milestone as a person would and returns its
// number. DueOn is normalised as GitHub does (see NormalizeDueOn).
func (s *Server) SeedMilestone(repo string, m Milestone) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.mustRepo(repo)
	if m.Title == "" {
		panic("ghfake: seed milestone without a title")
	}
	if r.milestoneTitled(m.Title) != nil {
		panic(fmt.Sprintf("ghfake: seed milestone %q: title already exists", m.Title))
	}
	now := s.now()
	r.nextMilestone++
	ms := &milestoneState{
		id:          s.newID(),
		number:      r.nextMilestone,
		title:       m.Title,
		description: m.Description,
		state:       orDefault(m.State, "open"),
		creator:     s.me,
		created:     orNow(m.CreatedAt, now),
		updated:     orNow(m.UpdatedAt, now),
	}
	if m.DueOn != nil {
		d := NormalizeDueOn(*m.DueOn)
		ms.dueOn = &d
	}
	if ms.state == "closed" {
		c := now
		if m.ClosedAt != nil {
			c = m.ClosedAt.UTC()
		}
		ms.closedAt = &c
	}
	r.milestones = append(r.milestones, ms)
	return ms.number
}

// Milestones returns repo's milestones by number.
func (s *Server) Milestones(repo string) []Milestone {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Milestone
	for _, m := range s.mustRepo(repo).milestones {
		out = append(out, m.public())
	}
	return out
}

func (m *milestoneState) public() Milestone {
	return Milestone{
		Number:      m.number,
		Title:       m.title,
		Description: m.description,
		State:       m.state,
		DueOn:       copyTime(m.dueOn),
		CreatedAt:   m.created,
		UpdatedAt:   m.updated,
		ClosedAt:    copyTime(m.closedAt),
	}
}

// EditMilestone changes a milestone as a person would; updated_at moves.
func (s *Server) EditMilestone(repo string, number int, f func(*Milestone)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.repo(repo)
	if err != nil {
		return err
	}
	m := r.milestone(number)
	if m == nil {
		return fmt.Errorf("ghfake: edit milestone %d: not found", number)
	}
	v := m.public()
	f(&v)
	if v.Title == "" {
		return fmt.Errorf("ghfake: edit milestone %d: empty title", number)
	}
	if other := r.milestoneTitled(v.Title); other != nil && other != m {
		return fmt.Errorf("ghfake: edit milestone %d: title %q already exists", number, v.Title)
	}
	now := s.now()
	m.title, m.description = v.Title, v.Description
	if v.DueOn != nil {
		d := NormalizeDueOn(*v.DueOn)
		m.dueOn = &d
	} else {
		m.dueOn = nil
	}
	m.setState(orDefault(v.State, "open"), now)
	m.updated = now
	return nil
}

func (m *milestoneState) setState(state string, now time.Time) {
	if state == m.state {
		return
	}
	m.state = state
	if state == "closed" {
		c := now
		m.closedAt = &c
	} else {
		m.closedAt = nil
	}
}

// DeleteMilestone deletes a milestone; its issues lose it.
func (s *Server) DeleteMilestone(repo string, number int) error {
	return s.inRepo(repo, func(r *repoState) error {
		m := r.milestone(number)
		if m == nil {
			return fmt.Errorf("ghfake: delete milestone %d: not found", number)
		}
		r.deleteMilestone(m)
		return nil
	})
}

func (r *repoState) deleteMilestone(m *milestoneState) {
	out := r.milestones[:0:0]
	for _, x := range r.milestones {
		if x != m {
			out = append(out, x)
		}
	}
	r.milestones = out
	for _, is := range r.issues {
		if is.milestone == m {
			is.milestone = nil
		}
	}
}

// SeedIssue creates an issue as a person would and returns its number.
// Unknown label names are created with color "ededed"; Milestone must
// exist; Assignees are taken as given.
func (s *Server) SeedIssue(repo string, is Issue) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.mustRepo(repo)
	now := s.now()
	st := &issueState{
		id:      s.newIssueID(),
		created: orNow(is.CreatedAt, now),
		updated: orNow(is.UpdatedAt, now),
		pull:    is.PullRequest,
	}
	if is.User != "" {
		st.user = s.userFor(is.User)
	} else {
		st.user = s.me
	}
	s.applyPublicIssue(r, st, is, now)
	r.nextNumber++
	st.number = r.nextNumber
	r.issues[st.number] = st
	return st.number
}

// SeedPull creates an open pull request, which the issues API lists with a
// "pull_request" key, and returns its number (shared with issues).
func (s *Server) SeedPull(repo, title string) int {
	return s.SeedIssue(repo, Issue{Title: title, PullRequest: true})
}

// applyPublicIssue sets st's fields from v, as a person's edit. Called with
// s.mu held.
func (s *Server) applyPublicIssue(r *repoState, st *issueState, v Issue, now time.Time) {
	st.title, st.body, st.locked = v.Title, v.Body, v.Locked
	st.labels = nil
	for _, name := range v.Labels {
		l := r.label(name)
		if l == nil {
			l = &labelState{id: s.newID(), name: name, color: defaultLabelColor}
			r.labels = append(r.labels, l)
		}
		if !containsLabel(st.labels, l) {
			st.labels = append(st.labels, l)
		}
	}
	st.milestone = nil
	if v.Milestone != 0 {
		m := r.milestone(v.Milestone)
		if m == nil {
			panic(fmt.Sprintf("ghfake: issue %q: milestone %d does not exist", v.Title, v.Milestone))
		}
		st.milestone = m
	}
	st.assignees = nil
	for _, a := range v.Assignees {
		st.assignees = append(st.assignees, s.userFor(a))
	}
	state := orDefault(v.State, "open")
	switch state {
	case "closed":
		if st.state != "closed" {
			// A given closing instant is kept, so that tests and the
			// demo can seed work closed in the past.
			c := now
			if v.ClosedAt != nil {
				c = v.ClosedAt.UTC()
			}
			st.closedAt = &c
		}
		st.stateReason = orDefault(v.StateReason, "completed")
	case "open":
		if st.state == "closed" {
			st.closedAt = nil
			st.stateReason = "reopened"
		} else {
			st.stateReason = v.StateReason
		}
	default:
		panic(fmt.Sprintf("ghfake: issue %q: state %q is not open or closed", v.Title, v.State))
	}
	st.state = state
}

func containsLabel(ls []*labelState, l *labelState) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

func (s *Server) publicIssue(st *issueState) Issue {
	v := Issue{
		Number:      st.number,
		Title:       st.title,
		Body:        st.body,
		State:       st.state,
		StateReason: st.stateReason,
		Locked:      st.locked,
		User:        st.user.login,
		PullRequest: st.pull,
		CreatedAt:   st.created,
		UpdatedAt:   st.updated,
		ClosedAt:    copyTime(st.closedAt),
	}
	for _, l := range sortedLabels(st.labels) {
		v.Labels = append(v.Labels, l.name)
	}
	if st.milestone != nil {
		v.Milestone = st.milestone.number
	}
	for _, a := range st.assignees {
		v.Assignees = append(v.Assignees, a.login)
	}
	return v
}

// Issues returns repo's issues, without pull requests, by number.
func (s *Server) Issues(repo string) []Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Issue
	for _, st := range s.mustRepo(repo).sortedIssues() {
		if !st.pull {
			out = append(out, s.publicIssue(st))
		}
	}
	return out
}

// Issue returns one issue or pull request (PullRequest set) of repo.
// Transferred and deleted issues are not found.
func (s *Server) Issue(repo string, number int) (Issue, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.mustRepo(repo).issues[number]
	if !ok {
		return Issue{}, false
	}
	return s.publicIssue(st), true
}

// Comments returns the comments of an issue, oldest first.
func (s *Server) Comments(repo string, number int) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.mustRepo(repo).issues[number]
	if !ok {
		return nil
	}
	var out []Comment
	for _, c := range st.comments {
		out = append(out, Comment{ID: c.id, Body: c.body, User: c.user.login, CreatedAt: c.created, UpdatedAt: c.updated})
	}
	return out
}

// SeedComment adds a comment by login (default: the token's user) and
// returns its ID; the issue's updated_at moves.
func (s *Server) SeedComment(repo string, number int, login, body string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.mustRepo(repo).issues[number]
	if !ok {
		panic(fmt.Sprintf("ghfake: comment on %s#%d: no such issue", repo, number))
	}
	u := s.me
	if login != "" {
		u = s.userFor(login)
	}
	now := s.now()
	c := &commentState{id: s.newID(), body: body, user: u, created: now, updated: now}
	st.comments = append(st.comments, c)
	if now.After(st.updated) {
		st.updated = now
	}
	return c.id
}

// EditIssue changes an issue as a person would: f edits a copy, which is
// then applied; updated_at moves when anything changed. Unknown labels are
// created with color "ededed". Closing an open issue with ClosedAt set
// dates the closing then (work closed in the past), else now.
func (s *Server) EditIssue(repo string, number int, f func(*Issue)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.mustRepo(repo)
	st, ok := r.issues[number]
	if !ok {
		panic(fmt.Sprintf("ghfake: edit %s#%d: no such issue", repo, number))
	}
	before := s.publicIssue(st)
	v := s.publicIssue(st)
	f(&v)
	now := s.now()
	s.applyPublicIssue(r, st, v, now)
	after := s.publicIssue(st)
	after.UpdatedAt = before.UpdatedAt
	if !equalIssue(before, after) {
		st.updated = now
	}
}

func equalIssue(a, b Issue) bool { return reflect.DeepEqual(a, b) }

// TransferIssue moves an issue to toRepo (created if unknown) as a person
// would and returns its number there. Labels and the milestone move along
// only where toRepo has one of the same name. Later requests for the old
// place get 301 with a Location at the new one.
func (s *Server) TransferIssue(repo string, number int, toRepo string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	from := s.mustRepo(repo)
	st, ok := from.issues[number]
	if !ok || st.pull {
		panic(fmt.Sprintf("ghfake: transfer %s#%d: no such issue", repo, number))
	}
	to := s.addRepo(toRepo)
	delete(from.issues, number)
	var labels []*labelState
	for _, l := range st.labels {
		if tl := to.label(l.name); tl != nil {
			labels = append(labels, tl)
		}
	}
	st.labels = labels
	if st.milestone != nil {
		st.milestone = to.milestoneTitled(st.milestone.title)
	}
	to.nextNumber++
	st.number = to.nextNumber
	st.updated = s.now()
	to.issues[st.number] = st
	for _, ch := range st.subIssues {
		ch.parentRepo = to
	}
	from.moved[number] = movedTo{repo: to, number: st.number}
	return st.number
}

// DeleteIssue deletes an issue; later requests for it get 410.
func (s *Server) DeleteIssue(repo string, number int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.mustRepo(repo)
	if _, ok := r.issues[number]; !ok {
		panic(fmt.Sprintf("ghfake: delete %s#%d: no such issue", repo, number))
	}
	st := r.issues[number]
	delete(r.issues, number)
	r.deleted[number] = true
	// GitHub drops a deleted issue's relationships.
	for _, ch := range st.subIssues {
		ch.parent, ch.parentRepo = nil, nil
	}
	if st.parent != nil {
		detach(st.parent, st)
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t.UTC().Truncate(time.Second)
}

func copyTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}
