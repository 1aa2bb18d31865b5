package ghfake

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Projects (v2): owners (organisations and users), their Projects, fields,
// items, values and status updates. GraphQL (graphql.go) reads them and
// makes Projects, fields and status updates; REST (projectsREST) adds items
// and sets their values, as GitHub splits it.

type ownerState struct {
	login    string
	org      bool
	nodeID   string
	projects []*projectState
}

type projectState struct {
	id     int64
	nodeID string
	number int
	title  string
	owner  *ownerState
	closed bool
	fields []*pfield
	items  []*pitem
	repos  []*repoState
	// statuses are the status updates, oldest first.
	statuses []*pstatus
}

type pfield struct {
	id       int64
	nodeID   string
	name     string
	dataType string
	options  []*poption
	iters    []*piter
}

type poption struct{ id, name string }

type piter struct {
	id, title, start string
	days             int
}

type pitem struct {
	id       int64
	nodeID   string
	issue    *issueState
	repo     *repoState
	draft    string // a draft item's title
	archived bool
	// forbidden makes GraphQL answer the item's content null with a
	// FORBIDDEN error at its path, as GitHub does for an issue in a
	// repository the token cannot read.
	forbidden bool
	// valuesForbidden makes GraphQL answer the item's field values null
	// with a FORBIDDEN error at their path, its content still shown.
	valuesForbidden bool
	// values hold an option's or an iteration's id, text, a date
	// (YYYY-MM-DD) or a float64, by field.
	values map[*pfield]any
}

type pstatus struct {
	nodeID, status, body string
	at                   time.Time
}

// The built-in fields of a new Project, as GitHub makes them.
var builtinFields = []struct{ name, dataType string }{
	{"Title", "TITLE"}, {"Assignees", "ASSIGNEES"}, {"Status", "SINGLE_SELECT"}, {"Labels", "LABELS"},
	{"Linked pull requests", "LINKED_PULL_REQUESTS"}, {"Milestone", "MILESTONE"}, {"Repository", "REPOSITORY"},
	{"Reviewers", "REVIEWERS"}, {"Parent issue", "PARENT_ISSUE"}, {"Sub-issues progress", "SUB_ISSUES_PROGRESS"},
}

// maxProjectFields is GitHub's limit of fields per Project.
const maxProjectFields = 50

// AddOrganization makes login an organisation the token's user may make
// Projects in (users are owners already); an organisation added with
// AddOrg is one too.
func (s *Server) AddOrganization(login string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ownerFor(login, true)
}

func (s *Server) ownerFor(login string, org bool) *ownerState {
	if s.owners == nil {
		s.owners = map[string]*ownerState{}
	}
	k := strings.ToLower(login)
	if o, ok := s.owners[k]; ok {
		return o
	}
	prefix := "U"
	if org {
		prefix = "O"
	}
	o := &ownerState{login: login, org: org, nodeID: nodeID(prefix, s.newID())}
	s.owners[k] = o
	return o
}

// owner finds an owner of the kind the GraphQL field names: an
// organisation added with AddOrganization or AddOrg, or any user the fake
// knows.
func (s *Server) owner(login string, org bool) *ownerState {
	if _, ok := s.orgs[strings.ToLower(login)]; ok && org && s.owners[strings.ToLower(login)] == nil {
		return s.ownerFor(login, true)
	}
	if o := s.owners[strings.ToLower(login)]; o != nil {
		if o.org == org {
			return o
		}
		return nil
	}
	if !org {
		if u, ok := s.users[strings.ToLower(login)]; ok && !u.bot {
			return s.ownerFor(u.login, false)
		}
	}
	return nil
}

func (s *Server) newProject(o *ownerState, title string) *projectState {
	p := &projectState{id: s.newID(), title: title, owner: o, number: len(o.projects) + 1}
	p.nodeID = nodeID("PVT", p.id)
	for _, b := range builtinFields {
		f := s.newField(p, b.name, b.dataType)
		if b.name == "Status" {
			for _, n := range []string{"Todo", "In Progress", "Done"} {
				f.options = append(f.options, &poption{id: optionID(s.newID()), name: n})
			}
		}
	}
	o.projects = append(o.projects, p)
	return p
}

func (s *Server) newField(p *projectState, name, dataType string) *pfield {
	f := &pfield{id: s.newID(), name: name, dataType: dataType}
	prefix := "PVTF"
	switch dataType {
	case "SINGLE_SELECT":
		prefix = "PVTSSF"
	case "ITERATION":
		prefix = "PVTIF"
	}
	f.nodeID = nodeID(prefix, f.id)
	p.fields = append(p.fields, f)
	return f
}

// optionID is an option's or iteration's id: eight hex digits, as GitHub's.
func optionID(n int64) string { return fmt.Sprintf("%08x", uint32(n*2654435761)) }

func (p *projectState) field(name string) *pfield {
	for _, f := range p.fields {
		if strings.EqualFold(f.name, name) {
			return f
		}
	}
	return nil
}

func (p *projectState) fieldByID(id int64) *pfield {
	for _, f := range p.fields {
		if f.id == id {
			return f
		}
	}
	return nil
}

func (p *projectState) itemOf(is *issueState) *pitem {
	for _, it := range p.items {
		if it.issue == is {
			return it
		}
	}
	return nil
}

func (p *projectState) addItem(s *Server, r *repoState, is *issueState) *pitem {
	if it := p.itemOf(is); it != nil {
		return it
	}
	it := &pitem{id: s.newID(), issue: is, repo: r, values: map[*pfield]any{}}
	it.nodeID = nodeID("PVTI", it.id)
	p.items = append(p.items, it)
	return it
}

// project finds a Project by owner and number.
func (s *Server) project(owner string, number int) *projectState {
	o := s.owners[strings.ToLower(owner)]
	if o == nil {
		return nil
	}
	for _, p := range o.projects {
		if p.number == number {
			return p
		}
	}
	return nil
}

// projectOfNode finds a Project by node id.
func (s *Server) projectOfNode(id string) *projectState {
	for _, o := range s.owners {
		for _, p := range o.projects {
			if p.nodeID == id {
				return p
			}
		}
	}
	return nil
}

// issueByID finds an issue by its numeric id, in any repository.
func (s *Server) issueByID(id int64) (*repoState, *issueState) {
	for _, r := range s.repos {
		for _, is := range r.issues {
			if is.id == id && !is.pull {
				return r, is
			}
		}
	}
	return nil, nil
}

// repoNodeID is a repository's node id.
func repoNodeID(r *repoState) string { return nodeID("R", r.id) }

func (s *Server) repoOfNode(id string) *repoState {
	for _, r := range s.repos {
		if repoNodeID(r) == id {
			return r
		}
	}
	return nil
}

// value is v as the text ghsync's reader and the helpers show: an
// option's or iteration's name, a number, a date or text.
func (f *pfield) text(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		for _, o := range f.options {
			if o.id == x {
				return o.name
			}
		}
		for _, it := range f.iters {
			if it.id == x {
				return it.title
			}
		}
		return x
	}
	return ""
}

// cursor and uncursor are the opaque page cursors of items.
func cursor(i int) string {
	return base64.StdEncoding.EncodeToString([]byte("ghfake:" + strconv.Itoa(i)))
}

func uncursor(c string) (int, bool) {
	b, err := base64.StdEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "ghfake:") {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), "ghfake:"))
	return n, err == nil && n >= 0
}

// BoardItem is a Project item as a test sees it.
type BoardItem struct {
	// Repo and Issue name the issue; Draft is a draft item's title.
	Repo     string
	Issue    int
	Draft    string
	Archived bool
	// Values are by field name: an option's or an iteration's name, a
	// number, a date or text.
	Values map[string]string
}

// ProjectNumber is the number of owner's Project called title, or 0.
func (s *Server) ProjectNumber(owner, title string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.owners[strings.ToLower(owner)]; o != nil {
		for _, p := range o.projects {
			if p.title == title {
				return p.number
			}
		}
	}
	return 0
}

// CreateProject makes a Project as a person would, returning its number.
func (s *Server) CreateProject(owner, title string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.owners[strings.ToLower(owner)]
	if o == nil {
		o = s.owner(owner, false)
	}
	if o == nil {
		panic("ghfake: CreateProject: unknown owner " + owner + " (call AddOrganization)")
	}
	return s.newProject(o, title).number
}

func (s *Server) mustProject(owner string, number int) *projectState {
	p := s.project(owner, number)
	if p == nil {
		panic(fmt.Sprintf("ghfake: no Project #%d of %s", number, owner))
	}
	return p
}

// ProjectLinked reports whether repo is linked to the Project.
func (s *Server) ProjectLinked(owner string, number int, repo string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.mustProject(owner, number).repos {
		if strings.EqualFold(r.fullName(), repo) {
			return true
		}
	}
	return false
}

// ProjectFields lists the Project's fields as "Name (TYPE)", in order.
func (s *Server) ProjectFields(owner string, number int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, f := range s.mustProject(owner, number).fields {
		out = append(out, f.name+" ("+f.dataType+")")
	}
	return out
}

// FieldOptions lists a single-select field's options or an iteration
// field's iterations.
func (s *Server) FieldOptions(owner string, number int, field string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.mustProject(owner, number).field(field)
	if f == nil {
		return nil
	}
	var out []string
	for _, o := range f.options {
		out = append(out, o.name)
	}
	for _, it := range f.iters {
		out = append(out, it.title+" "+it.start+" "+strconv.Itoa(it.days)+"d")
	}
	return out
}

// BoardItems lists the Project's items in the order they were added.
func (s *Server) BoardItems(owner string, number int) []BoardItem {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []BoardItem
	for _, it := range s.mustProject(owner, number).items {
		bi := BoardItem{Draft: it.draft, Archived: it.archived, Values: map[string]string{}}
		if it.issue != nil {
			bi.Repo, bi.Issue = it.repo.fullName(), it.issue.number
		}
		for f, v := range it.values {
			bi.Values[f.name] = f.text(v)
		}
		out = append(out, bi)
	}
	return out
}

// AddBoardField adds a field as a person would; options are a single
// select's.
func (s *Server) AddBoardField(owner string, number int, name, dataType string, options ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(owner, number)
	f := s.newField(p, name, dataType)
	for _, o := range options {
		f.options = append(f.options, &poption{id: optionID(s.newID()), name: o})
	}
}

// SetFieldOptions replaces the options of the single-select field
// called name as a person would (GitHub's templates give Status
// Backlog, Ready, In progress, In review, Done); values that named a
// removed option are cleared, as GitHub clears them.
func (s *Server) SetFieldOptions(owner string, number int, name string, options ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(owner, number)
	f := p.field(name)
	if f == nil || f.dataType != "SINGLE_SELECT" {
		panic("ghfake: SetFieldOptions: no single-select field " + name)
	}
	f.options = nil
	for _, o := range options {
		f.options = append(f.options, &poption{id: optionID(s.newID()), name: o})
	}
	for _, it := range p.items {
		delete(it.values, f)
	}
}

// LinkRepository links repo to the Project as a person would.
func (s *Server) LinkRepository(owner string, number int, repo string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(owner, number)
	r := s.mustRepo(repo)
	if !slices.Contains(p.repos, r) {
		p.repos = append(p.repos, r)
	}
}

// ArchiveBoardItem archives the item of repo's issue as a person would.
func (s *Server) ArchiveBoardItem(owner string, number int, repo string, issue int) {
	s.setArchived(owner, number, repo, issue, true)
}

// UnarchiveBoardItem restores the archived item of repo's issue as a
// person would.
func (s *Server) UnarchiveBoardItem(owner string, number int, repo string, issue int) {
	s.setArchived(owner, number, repo, issue, false)
}

func (s *Server) setArchived(owner string, number int, repo string, issue int, archived bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, it := s.mustProject(owner, number).mustItem("(un)archive", repo, issue)
	it.archived = archived
}

// mustItem is the index and the item of repo's issue on the Project, for
// the helpers that play a person (op names the helper in the panic).
func (p *projectState) mustItem(op, repo string, issue int) (int, *pitem) {
	for i, it := range p.items {
		if it.issue != nil && it.issue.number == issue && strings.EqualFold(it.repo.fullName(), repo) {
			return i, it
		}
	}
	panic(fmt.Sprintf("ghfake: %s: #%d is not on the board", op, issue))
}

// AddBoardIssue adds an issue to the Project as a person would.
func (s *Server) AddBoardIssue(owner string, number int, repo string, issue int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(owner, number)
	r := s.mustRepo(repo)
	is := r.issues[issue]
	if is == nil {
		panic(fmt.Sprintf("ghfake: no issue #%d in %s", issue, repo))
	}
	p.addItem(s, r, is)
}

// DeleteBoardItem takes the item of repo's issue off the board as a
// person would (the issue stays).
func (s *Server) DeleteBoardItem(owner string, number int, repo string, issue int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(owner, number)
	i, _ := p.mustItem("DeleteBoardItem", repo, issue)
	p.items = append(p.items[:i], p.items[i+1:]...)
}

// AddForbiddenItem adds an item whose content the token cannot read (an
// issue of a private repository of the owner's, say): GitHub reads the
// rest of the Project and answers FORBIDDEN at that item's content path.
func (s *Server) AddForbiddenItem(owner string, number int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(owner, number)
	it := &pitem{id: s.newID(), draft: "hidden", forbidden: true, values: map[*pfield]any{}}
	it.nodeID = nodeID("PVTI", it.id)
	p.items = append(p.items, it)
}

// ForbidItemValues makes GraphQL answer an error at the field values of
// the item of repo's issue (the content is still shown), as a partial
// answer from GitHub may.
func (s *Server) ForbidItemValues(owner string, number int, repo string, issue int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, it := s.mustProject(owner, number).mustItem("ForbidItemValues", repo, issue)
	it.valuesForbidden = true
}

// AddDraftItem adds a draft item as a person would.
func (s *Server) AddDraftItem(owner string, number int, title string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(owner, number)
	it := &pitem{id: s.newID(), draft: title, values: map[*pfield]any{}}
	it.nodeID = nodeID("PVTI", it.id)
	p.items = append(p.items, it)
}

// SetBoardValue sets the value of field on the item of repo's issue as a
// person would: value names an option or iteration, or is text, a
// number or a date as the field's type asks.
func (s *Server) SetBoardValue(owner string, number int, repo string, issue int, field, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(owner, number)
	f := p.field(field)
	if f == nil {
		panic("ghfake: SetBoardValue: no field " + field)
	}
	_, it := p.mustItem("SetBoardValue", repo, issue)
	switch f.dataType {
	case "NUMBER":
		v, err := strconv.ParseFloat(value, 64)
		if err != nil {
			panic(err)
		}
		it.values[f] = v
	case "SINGLE_SELECT", "ITERATION":
		for _, o := range f.options {
			if o.name == value {
				it.values[f] = o.id
			}
		}
		for _, x := range f.iters {
			if x.title == value {
				it.values[f] = x.id
			}
		}
		if _, ok := it.values[f]; !ok {
			panic("ghfake: SetBoardValue: no option " + value)
		}
	default:
		it.values[f] = value
	}
}

// PostStatusUpdate posts a status update as a person would.
func (s *Server) PostStatusUpdate(owner string, number int, status, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.mustProject(owner, number)
	p.statuses = append(p.statuses, &pstatus{nodeID: nodeID("PVTSU", s.newID()), status: status, body: body, at: s.now()})
}

// BoardStatusUpdates lists the Project's status updates, oldest first, as
// "STATUS: body".
func (s *Server) BoardStatusUpdates(owner string, number int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, st := range s.mustProject(owner, number).statuses {
		out = append(out, st.status+": "+st.body)
	}
	return out
}

// AddNoProjectScopeToken accepts token besides Options.Token as a classic
// token without the project scope: the repository works, every Projects
// query or write is refused with INSUFFICIENT_SCOPES (REST: 403).
func (s *Server) AddNoProjectScopeToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noProject == nil {
		s.noProject = map[string]bool{}
	}
	s.noProject[token] = true
}

// projectRefusal is why the request's token may not touch Projects: the
// GraphQL error type and message, or "" when it may.
func (s *Server) projectRefusal(token string) (typ, msg string) {
	switch {
	case s.app.actions[token]:
		return "FORBIDDEN", "Resource not accessible by integration"
	case s.noProject[token]:
		return "INSUFFICIENT_SCOPES", "Your token has not been granted the required scopes to execute this query. The 'projectsV2' field requires one of the following scopes: ['read:project'], but your token has only been granted the: ['repo'] scopes. Please modify your token's scopes at: https://github.com/settings/tokens."
	}
	return "", ""
}

// routeProjects serves the Projects REST endpoints ghsync uses:
// POST /{orgs|users}/{login}/projectsV2/{n}/items (add an issue) and
// PATCH .../items/{item_id} (set several fields at once).
func (c *reqCtx) routeProjects() *response {
	segs := c.segs
	if len(segs) < 5 || segs[2] != "projectsV2" || segs[4] != "items" {
		return notFound()
	}
	if typ, _ := c.s.projectRefusal(tokenOf(c.r)); typ != "" {
		msg := "Resource not accessible by personal access token"
		if typ == "FORBIDDEN" {
			msg = "Resource not accessible by integration"
		}
		return jsonResponse(http.StatusForbidden, errorBody{Message: msg, DocumentationURL: restDoc + "/projects/items"})
	}
	o := c.s.owner(segs[1], segs[0] == "orgs")
	n, err := strconv.Atoi(segs[3])
	if o == nil || err != nil {
		return notFound()
	}
	var p *projectState
	for _, x := range o.projects {
		if x.number == n {
			p = x
		}
	}
	if p == nil {
		return notFound()
	}
	switch {
	case len(segs) == 5 && c.r.Method == http.MethodPost:
		return c.addProjectItem(p)
	case len(segs) == 6 && c.r.Method == http.MethodPatch:
		id, err := strconv.ParseInt(segs[5], 10, 64)
		if err != nil {
			return notFound()
		}
		for _, it := range p.items {
			if it.id == id {
				return c.patchProjectItem(p, it)
			}
		}
		return notFound()
	}
	return notFound()
}

func invalid(field, msg string) *response {
	return jsonResponse(http.StatusUnprocessableEntity, errorBody{Message: "Validation Failed",
		Errors:           []fieldError{{Resource: "ProjectV2Item", Code: "invalid", Field: field, Message: msg}},
		DocumentationURL: restDoc + "/projects/items"})
}

func (c *reqCtx) addProjectItem(p *projectState) *response {
	var in map[string]any
	dec := json.NewDecoder(bytes.NewReader(c.body))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil {
		return jsonResponse(http.StatusBadRequest, errorBody{Message: "Problems parsing JSON", DocumentationURL: restDoc})
	}
	for k := range in {
		if k != "type" && k != "id" {
			return invalid(k, k+" is not a known key")
		}
	}
	if t := str(in["type"]); t != "Issue" && t != "PullRequest" {
		return invalid("type", `type must be "Issue" or "PullRequest"`)
	}
	num, ok := in["id"].(json.Number)
	id, err := num.Int64()
	if !ok || err != nil {
		return invalid("id", "id must be the numeric id of the issue (not its number or node id)")
	}
	r, is := c.s.issueByID(id)
	if is == nil {
		return invalid("id", fmt.Sprintf("no issue has the id %d", id))
	}
	if len(p.items) >= 50000 {
		return invalid("id", "a Project holds at most 50,000 items")
	}
	status := http.StatusCreated
	if p.itemOf(is) != nil {
		status = http.StatusOK
	}
	return jsonResponse(status, c.renderRESTItem(p, p.addItem(c.s, r, is)))
}

func (c *reqCtx) patchProjectItem(p *projectState, it *pitem) *response {
	var in struct {
		Fields []struct {
			ID    json.Number     `json:"id"`
			Value json.RawMessage `json:"value"`
		} `json:"fields"`
	}
	dec := json.NewDecoder(bytes.NewReader(c.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return jsonResponse(http.StatusBadRequest, errorBody{Message: "Problems parsing JSON", DocumentationURL: restDoc})
	}
	if len(in.Fields) == 0 {
		return invalid("fields", "fields must list at least one field")
	}
	set := map[*pfield]any{}
	for _, fv := range in.Fields {
		id, err := fv.ID.Int64()
		f := p.fieldByID(id)
		if err != nil || f == nil {
			return invalid("fields", fmt.Sprintf("field %s is not a field of this Project", fv.ID))
		}
		if string(fv.Value) == "null" {
			set[f] = nil
			continue
		}
		var v any
		d := json.NewDecoder(bytes.NewReader(fv.Value))
		d.UseNumber()
		if d.Decode(&v) != nil {
			return invalid("fields", "bad value")
		}
		switch f.dataType {
		case "TEXT":
			s, ok := v.(string)
			if !ok {
				return invalid("fields", f.name+": a text field takes a string")
			}
			set[f] = s
		case "NUMBER":
			n, ok := v.(json.Number)
			x, err := n.Float64()
			if !ok || err != nil {
				return invalid("fields", f.name+": a number field takes a number")
			}
			set[f] = x
		case "DATE":
			s, ok := v.(string)
			if _, err := time.Parse("2006-01-02", s); !ok || err != nil {
				return invalid("fields", f.name+": a date field takes YYYY-MM-DD")
			}
			set[f] = s
		case "SINGLE_SELECT", "ITERATION":
			s, _ := v.(string)
			found := false
			for _, o := range f.options {
				found = found || o.id == s
			}
			for _, x := range f.iters {
				found = found || x.id == s
			}
			if !found {
				return invalid("fields", fmt.Sprintf("%s: %q is not an option or iteration id of this field", f.name, s))
			}
			set[f] = s
		default:
			return invalid("fields", f.name+" cannot be set here")
		}
	}
	for f, v := range set {
		if v == nil {
			delete(it.values, f)
		} else {
			it.values[f] = v
		}
	}
	return jsonResponse(http.StatusOK, c.renderRESTItem(p, it))
}

func (c *reqCtx) renderRESTItem(p *projectState, it *pitem) map[string]any {
	out := map[string]any{"id": it.id, "node_id": it.nodeID, "content_type": "Issue",
		"project_url": fmt.Sprintf("%s%s/%s/projectsV2/%d", c.base, ownerPath(p.owner), p.owner.login, p.number),
		"created_at":  c.now.Format(time.RFC3339), "updated_at": c.now.Format(time.RFC3339)}
	if it.issue != nil {
		out["content"] = map[string]any{"id": it.issue.id, "number": it.issue.number, "title": it.issue.title}
	}
	return out
}
