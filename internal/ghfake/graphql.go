package ghfake

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ghsync/ghsync/internal/projectql"
)

// The GraphQL endpoint serves exactly the documents of package projectql,
// compared as sent; any other document is refused loudly. Like GitHub it
// answers 200 with {"errors": [...]} (and whatever data it could) for
// errors of the query, has a bucket of points of its own (5,000 an hour,
// X-RateLimit-Resource: graphql) and answers rateLimit { cost remaining
// resetAt } in the data.

// graphqlLimit is GraphQL's hourly bucket of points (Options.GraphQLLimit).
const graphqlLimit = 5000

type gqlRequest struct {
	Query         string         `json:"query"`
	Variables     map[string]any `json:"variables"`
	OperationName string         `json:"operationName,omitempty"`
}

type gqlError struct {
	Type    string `json:"type,omitempty"`
	Path    []any  `json:"path,omitempty"`
	Message string `json:"message"`
}

// gqlOp is one document the fake serves: whether it is a mutation and the
// resolver of its data.
type gqlOp struct {
	name     string
	mutation bool
	// vars are the document's variables: name to "String!", "Int!",
	// "String" or "input" (an object).
	vars    map[string]string
	resolve func(c *reqCtx, vars map[string]any) (map[string]any, []gqlError)
}

func gqlOps() map[string]gqlOp {
	ops := map[string]gqlOp{}
	for _, kind := range []projectql.Owner{projectql.Organization, projectql.User} {
		ops[projectql.Find(kind)] = gqlOp{name: "FindProject", vars: map[string]string{"owner": "String!", "title": "String!", "repoOwner": "String!", "repoName": "String!"},
			resolve: func(c *reqCtx, v map[string]any) (map[string]any, []gqlError) { return c.gqlFind(kind, v) }}
		ops[projectql.FindOwner(kind)] = gqlOp{name: "FindOwner", vars: map[string]string{"owner": "String!", "repoOwner": "String!", "repoName": "String!"},
			resolve: func(c *reqCtx, v map[string]any) (map[string]any, []gqlError) { return c.gqlFindOwner(kind, v) }}
		ops[projectql.Board(kind)] = gqlOp{name: "ReadProject", vars: map[string]string{"owner": "String!", "number": "Int!", "cursor": "String"},
			resolve: func(c *reqCtx, v map[string]any) (map[string]any, []gqlError) { return c.gqlBoard(kind, v) }}
	}
	ops[projectql.CreateProject] = gqlOp{name: "CreateProject", mutation: true, vars: map[string]string{"input": "input"}, resolve: (*reqCtx).gqlCreateProject}
	ops[projectql.LinkRepository] = gqlOp{name: "LinkProject", mutation: true, vars: map[string]string{"input": "input"}, resolve: (*reqCtx).gqlLink}
	ops[projectql.CreateField] = gqlOp{name: "CreateProjectField", mutation: true, vars: map[string]string{"input": "input"}, resolve: (*reqCtx).gqlCreateField}
	ops[projectql.ArchiveItem] = gqlOp{name: "ArchiveProjectItem", mutation: true, vars: map[string]string{"input": "input"}, resolve: (*reqCtx).gqlArchiveItem}
	ops[projectql.UnarchiveItem] = gqlOp{name: "UnarchiveProjectItem", mutation: true, vars: map[string]string{"input": "input"}, resolve: (*reqCtx).gqlUnarchiveItem}
	ops[projectql.CreateStatusUpdate] = gqlOp{name: "CreateProjectStatusUpdate", mutation: true, vars: map[string]string{"input": "input"}, resolve: (*reqCtx).gqlStatusUpdate}
	return ops
}

// graphqlOp is the operation a request's body holds, or false.
func graphqlOp(body []byte) (gqlOp, gqlRequest, bool) {
	var req gqlRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		return gqlOp{}, req, false
	}
	op, ok := gqlOps()[req.Query]
	return op, req, ok
}

func gqlResponse(status int, data map[string]any, errs []gqlError) *response {
	body := map[string]any{}
	if data != nil {
		body["data"] = data
	}
	if len(errs) > 0 {
		body["errors"] = errs
	}
	if data == nil && len(errs) == 0 {
		body["data"] = nil
	}
	return jsonResponse(status, body)
}

// serveGraphQL answers POST /graphql, with s.mu held.
func (s *Server) serveGraphQL(c *reqCtx) *response {
	now := c.now
	if s.gqlReset.IsZero() || !now.Before(s.gqlReset) {
		s.gqlUsed, s.gqlReset = 0, now.Add(time.Hour)
	}
	headers := func(resp *response) *response {
		h := resp.header
		h.Set("X-Ratelimit-Limit", strconv.Itoa(s.opts.GraphQLLimit))
		h.Set("X-Ratelimit-Remaining", strconv.Itoa(max(s.opts.GraphQLLimit-s.gqlUsed, 0)))
		h.Set("X-Ratelimit-Used", strconv.Itoa(s.gqlUsed))
		h.Set("X-Ratelimit-Reset", strconv.FormatInt(s.gqlReset.Unix(), 10))
		h.Set("X-Ratelimit-Resource", "graphql")
		return resp
	}
	if c.r.Method != http.MethodPost {
		return headers(notFound())
	}
	op, req, ok := graphqlOp(c.body)
	if !ok {
		return headers(gqlResponse(http.StatusOK, nil, []gqlError{{Message: "ghfake: unknown GraphQL document: the fake serves only the documents of package projectql, as sent: " + short(req.Query)}}))
	}
	if s.gqlUsed >= s.opts.GraphQLLimit {
		return headers(gqlResponse(http.StatusForbidden, nil, []gqlError{{Type: "RATE_LIMITED", Message: fmt.Sprintf("API rate limit already exceeded for user ID %d.", s.me.id)}}))
	}
	if errs := checkVars(op, req.Variables); len(errs) > 0 {
		return headers(gqlResponse(http.StatusOK, nil, errs))
	}
	// Each document costs a point: GitHub's cost is the requests its
	// connections need per 100 nodes, rounded, at least 1, and these ask
	// for one page of at most 100 of each.
	const cost = 1
	s.gqlUsed += cost
	var (
		data map[string]any
		errs []gqlError
	)
	if typ, msg := s.projectRefusal(tokenOf(c.r)); typ != "" {
		errs = []gqlError{{Type: typ, Message: msg}}
	} else {
		data, errs = op.resolve(c, req.Variables)
	}
	if data == nil {
		data = map[string]any{}
	}
	data["rateLimit"] = map[string]any{"cost": cost, "remaining": max(s.opts.GraphQLLimit-s.gqlUsed, 0), "resetAt": s.gqlReset.UTC().Format(time.RFC3339)}
	return headers(gqlResponse(http.StatusOK, data, errs))
}

func short(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}

// checkVars holds the variables to the document's declarations, as
// GitHub does before running anything.
func checkVars(op gqlOp, vars map[string]any) []gqlError {
	var errs []gqlError
	for k := range vars {
		if _, ok := op.vars[k]; !ok {
			errs = append(errs, gqlError{Message: fmt.Sprintf("Variable $%s is not declared by operation %q", k, op.name)})
		}
	}
	for k, t := range op.vars {
		v, present := vars[k]
		if !present || v == nil {
			if strings.HasSuffix(t, "!") || t == "input" {
				errs = append(errs, gqlError{Message: fmt.Sprintf("Variable $%s of type %s was provided invalid value", k, t)})
			}
			continue
		}
		bad := false
		switch strings.TrimSuffix(t, "!") {
		case "String":
			_, ok := v.(string)
			bad = !ok
		case "Int":
			n, ok := v.(json.Number)
			if _, err := n.Int64(); !ok || err != nil {
				bad = true
			}
		case "input":
			_, ok := v.(map[string]any)
			bad = !ok
		}
		if bad {
			errs = append(errs, gqlError{Message: fmt.Sprintf("Variable $%s of type %s was provided invalid value", k, t)})
		}
	}
	return errs
}

// inputOf is the input object, checked against its allowed and required
// keys; errs says what is wrong.
func inputOf(vars map[string]any, typ string, required []string, allowed ...string) (map[string]any, []gqlError) {
	in, _ := vars["input"].(map[string]any)
	ok := map[string]bool{"clientMutationId": true}
	for _, k := range append(required, allowed...) {
		ok[k] = true
	}
	var errs []gqlError
	for k := range in {
		if !ok[k] {
			errs = append(errs, gqlError{Message: fmt.Sprintf("Variable $input of type %s! was provided invalid value for %s (Field is not defined on %s)", typ, k, typ)})
		}
	}
	for _, k := range required {
		if v, has := in[k]; !has || v == nil {
			errs = append(errs, gqlError{Message: fmt.Sprintf("Variable $input of type %s! was provided invalid value for %s (Expected value to not be null)", typ, k)})
		}
	}
	return in, errs
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func ownerField(kind projectql.Owner) (string, bool) {
	return string(kind), kind == projectql.Organization
}

func notFoundErr(path []any, msg string) gqlError {
	return gqlError{Type: "NOT_FOUND", Path: path, Message: msg}
}

// projectsMatching is GitHub's projectsV2(first: 100, query:): the
// Projects whose title holds the query, one page of 100 with hasNextPage.
func projectsMatching(ps []*projectState, query string, node func(*projectState) map[string]any) map[string]any {
	q := strings.ToLower(query)
	nodes := []any{}
	more := false
	for _, p := range ps {
		if q != "" && !strings.Contains(strings.ToLower(p.title), q) {
			continue
		}
		if len(nodes) == 100 {
			more = true
			break
		}
		nodes = append(nodes, node(p))
	}
	return map[string]any{"pageInfo": map[string]any{"hasNextPage": more}, "nodes": nodes}
}

func (c *reqCtx) gqlFind(kind projectql.Owner, v map[string]any) (map[string]any, []gqlError) {
	data, errs := c.gqlFindOwner(kind, v)
	field, _ := ownerField(kind)
	title := str(v["title"])
	if o, ok := data[field].(map[string]any); ok {
		owner := c.s.owner(str(v["owner"]), kind == projectql.Organization)
		o["projectsV2"] = projectsMatching(owner.projects, title, func(p *projectState) map[string]any {
			return map[string]any{"id": p.nodeID, "number": p.number, "title": p.title, "closed": p.closed}
		})
	}
	if r, ok := data["repository"].(map[string]any); ok {
		repo, _ := c.s.repo(str(v["repoOwner"]) + "/" + str(v["repoName"]))
		var linked []*projectState
		for _, o := range c.s.owners {
			for _, p := range o.projects {
				if slices.Contains(p.repos, repo) {
					linked = append(linked, p)
				}
			}
		}
		slices.SortFunc(linked, func(a, b *projectState) int { return cmp.Compare(a.id, b.id) })
		r["projectsV2"] = projectsMatching(linked, title, func(p *projectState) map[string]any {
			return map[string]any{"number": p.number, "owner": map[string]any{"id": p.owner.nodeID}}
		})
	}
	return data, errs
}

func (c *reqCtx) gqlFindOwner(kind projectql.Owner, v map[string]any) (map[string]any, []gqlError) {
	field, org := ownerField(kind)
	data := map[string]any{}
	var errs []gqlError
	login := str(v["owner"])
	if o := c.s.owner(login, org); o != nil {
		data[field] = map[string]any{"id": o.nodeID}
	} else {
		data[field] = nil
		what := "an Organization"
		if !org {
			what = "a User"
		}
		errs = append(errs, notFoundErr([]any{field}, fmt.Sprintf("Could not resolve to %s with the login of '%s'.", what, login)))
	}
	if r, err := c.s.repo(str(v["repoOwner"]) + "/" + str(v["repoName"])); err == nil {
		data["repository"] = map[string]any{"id": repoNodeID(r)}
	} else {
		data["repository"] = nil
		errs = append(errs, notFoundErr([]any{"repository"}, fmt.Sprintf("Could not resolve to a Repository with the name '%s/%s'.", str(v["repoOwner"]), str(v["repoName"]))))
	}
	return data, errs
}

func (c *reqCtx) gqlBoard(kind projectql.Owner, v map[string]any) (map[string]any, []gqlError) {
	field, org := ownerField(kind)
	login := str(v["owner"])
	o := c.s.owner(login, org)
	if o == nil {
		return map[string]any{field: nil}, []gqlError{notFoundErr([]any{field}, fmt.Sprintf("Could not resolve to an owner with the login of '%s'.", login))}
	}
	n, _ := v["number"].(json.Number).Int64()
	var p *projectState
	for _, x := range o.projects {
		if int64(x.number) == n {
			p = x
		}
	}
	if p == nil {
		return map[string]any{field: map[string]any{"id": o.nodeID, "projectV2": nil}},
			[]gqlError{notFoundErr([]any{field, "projectV2"}, fmt.Sprintf("Could not resolve to a ProjectV2 with the number %d.", n))}
	}
	from := 0
	if cur, ok := v["cursor"].(string); ok {
		i, ok := uncursor(cur)
		if !ok {
			return map[string]any{field: nil}, []gqlError{{Message: fmt.Sprintf("`%s` does not appear to be a valid cursor.", cur), Path: []any{field, "projectV2", "items"}}}
		}
		from = i
	}
	rendered, errs := c.renderProject(field, p, from)
	return map[string]any{field: map[string]any{"id": o.nodeID, "projectV2": rendered}}, errs
}

func renderField(f *pfield) map[string]any {
	out := map[string]any{"id": f.nodeID, "databaseId": f.id, "name": f.name, "dataType": f.dataType}
	switch f.dataType {
	case "SINGLE_SELECT":
		opts := []any{}
		for _, o := range f.options {
			opts = append(opts, map[string]any{"id": o.id, "name": o.name})
		}
		out["options"] = opts
	case "ITERATION":
		its := []any{}
		days := 0
		for _, it := range f.iters {
			its = append(its, map[string]any{"id": it.id, "title": it.title, "startDate": it.start, "duration": it.days})
			days = it.days
		}
		out["configuration"] = map[string]any{"duration": days, "startDay": 1, "iterations": its, "completedIterations": []any{}}
	}
	return out
}

func (c *reqCtx) renderProject(field string, p *projectState, from int) (map[string]any, []gqlError) {
	fields := []any{}
	for _, f := range p.fields {
		fields = append(fields, renderField(f))
	}
	items := []any{}
	var errs []gqlError
	end := min(from+100, len(p.items))
	for i := from; i < end; i++ {
		it := c.renderItem(p, p.items[i])
		if p.items[i].forbidden {
			it["content"] = nil
			errs = append(errs, gqlError{Type: "FORBIDDEN", Path: []any{field, "projectV2", "items", "nodes", i - from, "content"},
				Message: "Resource not accessible by integration"})
		}
		if p.items[i].valuesForbidden {
			it["fieldValues"] = nil
			errs = append(errs, gqlError{Type: "FORBIDDEN", Path: []any{field, "projectV2", "items", "nodes", i - from, "fieldValues"},
				Message: "Resource not accessible by integration"})
		}
		items = append(items, it)
	}
	pageInfo := map[string]any{"hasNextPage": end < len(p.items), "endCursor": nil}
	if end > from {
		pageInfo["endCursor"] = cursor(end)
	}
	repos := []any{}
	for _, r := range p.repos[:min(len(p.repos), 100)] {
		repos = append(repos, map[string]any{"id": repoNodeID(r), "nameWithOwner": r.fullName()})
	}
	statuses := []any{} // newest first, as orderBy CREATED_AT DESC asks
	for i := len(p.statuses) - 1; i >= 0 && len(statuses) < 100; i-- {
		st := p.statuses[i]
		statuses = append(statuses, map[string]any{"id": st.nodeID, "status": st.status, "body": st.body, "createdAt": st.at.UTC().Format(time.RFC3339)})
	}
	return map[string]any{
		"id": p.nodeID, "number": p.number, "title": p.title, "closed": p.closed,
		"url":           fmt.Sprintf("https://github.com/%s/%s/projects/%d", ownerPath(p.owner), p.owner.login, p.number),
		"fields":        map[string]any{"pageInfo": map[string]any{"hasNextPage": false}, "nodes": fields}, // at most 50
		"items":         map[string]any{"pageInfo": pageInfo, "nodes": items},
		"repositories":  map[string]any{"pageInfo": map[string]any{"hasNextPage": len(p.repos) > 100}, "nodes": repos},
		"statusUpdates": map[string]any{"pageInfo": map[string]any{"hasNextPage": len(p.statuses) > 100}, "nodes": statuses},
	}, errs
}

// bigInt is n as GraphQL's BigInt scalar comes: a JSON string.
func bigInt(n int64) string { return strconv.FormatInt(n, 10) }

func ownerPath(o *ownerState) string {
	if o.org {
		return "orgs"
	}
	return "users"
}

func (c *reqCtx) renderItem(p *projectState, it *pitem) map[string]any {
	values := []any{}
	ref := func(f *pfield) map[string]any { return map[string]any{"id": f.nodeID} }
	content := map[string]any{"__typename": "DraftIssue"}
	if it.issue != nil {
		content = map[string]any{"__typename": "Issue", "number": it.issue.number, "fullDatabaseId": bigInt(it.issue.id),
			"repository": map[string]any{"nameWithOwner": it.repo.fullName()}}
	}
	for _, f := range p.fields {
		switch f.dataType {
		case "TITLE":
			t := it.draft
			if it.issue != nil {
				t = it.issue.title
			}
			values = append(values, map[string]any{"__typename": "ProjectV2ItemFieldTextValue", "text": t, "field": ref(f)})
			continue
		case "MILESTONE":
			if it.issue != nil && it.issue.milestone != nil {
				values = append(values, map[string]any{"__typename": "ProjectV2ItemFieldMilestoneValue"})
			}
			continue
		}
		v, ok := it.values[f]
		if !ok {
			continue
		}
		switch f.dataType {
		case "TEXT":
			values = append(values, map[string]any{"__typename": "ProjectV2ItemFieldTextValue", "text": v, "field": ref(f)})
		case "NUMBER":
			values = append(values, map[string]any{"__typename": "ProjectV2ItemFieldNumberValue", "number": v, "field": ref(f)})
		case "DATE":
			values = append(values, map[string]any{"__typename": "ProjectV2ItemFieldDateValue", "date": v, "field": ref(f)})
		case "SINGLE_SELECT":
			values = append(values, map[string]any{"__typename": "ProjectV2ItemFieldSingleSelectValue", "optionId": v, "name": f.text(v), "field": ref(f)})
		case "ITERATION":
			values = append(values, map[string]any{"__typename": "ProjectV2ItemFieldIterationValue", "iterationId": v, "title": f.text(v), "field": ref(f)})
		}
	}
	return map[string]any{"id": it.nodeID, "fullDatabaseId": bigInt(it.id), "isArchived": it.archived, "content": content,
		"fieldValues": map[string]any{"pageInfo": map[string]any{"hasNextPage": false}, "nodes": values}} // at most 50 fields
}

func (c *reqCtx) gqlCreateProject(v map[string]any) (map[string]any, []gqlError) {
	in, errs := inputOf(v, "CreateProjectV2Input", []string{"ownerId", "title"}, "repositoryId", "teamId")
	if len(errs) > 0 {
		return map[string]any{"createProjectV2": nil}, errs
	}
	var o *ownerState
	for _, x := range c.s.owners {
		if x.nodeID == str(in["ownerId"]) {
			o = x
		}
	}
	if o == nil {
		return map[string]any{"createProjectV2": nil}, []gqlError{notFoundErr([]any{"createProjectV2"}, fmt.Sprintf("Could not resolve to a node with the global id of '%s'", str(in["ownerId"])))}
	}
	title := strings.TrimSpace(str(in["title"]))
	if title == "" {
		return map[string]any{"createProjectV2": nil}, []gqlError{{Type: "UNPROCESSABLE", Path: []any{"createProjectV2"}, Message: "Title can't be blank"}}
	}
	var repo *repoState
	if id, ok := in["repositoryId"]; ok {
		if repo = c.s.repoOfNode(str(id)); repo == nil {
			return map[string]any{"createProjectV2": nil}, []gqlError{notFoundErr([]any{"createProjectV2"}, fmt.Sprintf("Could not resolve to a node with the global id of '%s'", str(id)))}
		}
	}
	p := c.s.newProject(o, title)
	if repo != nil {
		p.repos = append(p.repos, repo)
	}
	return map[string]any{"createProjectV2": map[string]any{"projectV2": map[string]any{"id": p.nodeID, "number": p.number, "title": p.title,
		"url": fmt.Sprintf("https://github.com/%s/%s/projects/%d", ownerPath(o), o.login, p.number)}}}, nil
}

func (c *reqCtx) gqlLink(v map[string]any) (map[string]any, []gqlError) {
	in, errs := inputOf(v, "LinkProjectV2ToRepositoryInput", []string{"projectId", "repositoryId"})
	if len(errs) > 0 {
		return map[string]any{"linkProjectV2ToRepository": nil}, errs
	}
	p := c.s.projectOfNode(str(in["projectId"]))
	r := c.s.repoOfNode(str(in["repositoryId"]))
	if p == nil || r == nil {
		return map[string]any{"linkProjectV2ToRepository": nil}, []gqlError{notFoundErr([]any{"linkProjectV2ToRepository"}, "Could not resolve to a node with the global id given")}
	}
	linked := false
	for _, x := range p.repos {
		linked = linked || x == r
	}
	if !linked {
		p.repos = append(p.repos, r)
	}
	return map[string]any{"linkProjectV2ToRepository": map[string]any{"repository": map[string]any{"id": repoNodeID(r)}}}, nil
}

var optionColors = map[string]bool{"GRAY": true, "BLUE": true, "GREEN": true, "YELLOW": true, "ORANGE": true, "RED": true, "PINK": true, "PURPLE": true}

func (c *reqCtx) gqlCreateField(v map[string]any) (map[string]any, []gqlError) {
	fail := func(msg string) (map[string]any, []gqlError) {
		return map[string]any{"createProjectV2Field": nil}, []gqlError{{Type: "UNPROCESSABLE", Path: []any{"createProjectV2Field"}, Message: msg}}
	}
	in, errs := inputOf(v, "CreateProjectV2FieldInput", []string{"projectId", "dataType", "name"}, "singleSelectOptions", "iterationConfiguration")
	if len(errs) > 0 {
		return map[string]any{"createProjectV2Field": nil}, errs
	}
	p := c.s.projectOfNode(str(in["projectId"]))
	if p == nil {
		return map[string]any{"createProjectV2Field": nil}, []gqlError{notFoundErr([]any{"createProjectV2Field"}, fmt.Sprintf("Could not resolve to a node with the global id of '%s'", str(in["projectId"])))}
	}
	name, dt := strings.TrimSpace(str(in["name"])), str(in["dataType"])
	switch {
	case name == "":
		return fail("Name can't be blank")
	case p.field(name) != nil:
		return fail("Name has already been taken")
	case len(p.fields) >= maxProjectFields:
		return fail(fmt.Sprintf("Projects can have at most %d fields", maxProjectFields))
	}
	switch dt {
	case "TEXT", "NUMBER", "DATE":
		if in["singleSelectOptions"] != nil || in["iterationConfiguration"] != nil {
			return fail("Options and iterations are for single select and iteration fields only")
		}
	case "SINGLE_SELECT":
		opts, _ := in["singleSelectOptions"].([]any)
		if len(opts) == 0 {
			return fail("Single select fields need at least one option")
		}
	case "ITERATION":
		if _, ok := in["iterationConfiguration"].(map[string]any); !ok {
			return fail("Iteration fields need an iteration configuration")
		}
	default:
		return map[string]any{"createProjectV2Field": nil}, []gqlError{{Message: fmt.Sprintf("Variable $input of type CreateProjectV2FieldInput! was provided invalid value for dataType (Expected \"%s\" to be one of: TEXT, NUMBER, DATE, SINGLE_SELECT, ITERATION)", dt)}}
	}
	var opts []*poption
	if raw, ok := in["singleSelectOptions"].([]any); ok {
		for _, x := range raw {
			o, _ := x.(map[string]any)
			if str(o["name"]) == "" || !optionColors[str(o["color"])] {
				return fail("Each option needs a name and a color (GRAY, BLUE, GREEN, YELLOW, ORANGE, RED, PINK, PURPLE)")
			}
			if _, has := o["description"]; !has {
				return fail("Each option needs a description (it may be empty)")
			}
			opts = append(opts, &poption{name: str(o["name"])})
		}
	}
	var iters []*piter
	if cfg, ok := in["iterationConfiguration"].(map[string]any); ok {
		raw, _ := cfg["iterations"].([]any)
		for _, x := range raw {
			it, _ := x.(map[string]any)
			d, err := it["duration"].(json.Number).Int64()
			if _, perr := time.Parse("2006-01-02", str(it["startDate"])); perr != nil || err != nil || d <= 0 || str(it["title"]) == "" {
				return fail("Each iteration needs a title, a startDate (YYYY-MM-DD) and a duration in days")
			}
			iters = append(iters, &piter{title: str(it["title"]), start: str(it["startDate"]), days: int(d)})
		}
	}
	f := c.s.newField(p, name, dt)
	for _, o := range opts {
		o.id = optionID(c.s.newID())
	}
	for _, it := range iters {
		it.id = optionID(c.s.newID())
	}
	f.options, f.iters = opts, iters
	return map[string]any{"createProjectV2Field": map[string]any{"projectV2Field": renderField(f)}}, nil
}

func (c *reqCtx) gqlArchiveItem(v map[string]any) (map[string]any, []gqlError) {
	return c.setItemArchived(v, "archiveProjectV2Item", "ArchiveProjectV2ItemInput", true)
}

func (c *reqCtx) gqlUnarchiveItem(v map[string]any) (map[string]any, []gqlError) {
	return c.setItemArchived(v, "unarchiveProjectV2Item", "UnarchiveProjectV2ItemInput", false)
}

func (c *reqCtx) setItemArchived(v map[string]any, field, input string, archived bool) (map[string]any, []gqlError) {
	in, errs := inputOf(v, input, []string{"projectId", "itemId"})
	if len(errs) > 0 {
		return map[string]any{field: nil}, errs
	}
	p := c.s.projectOfNode(str(in["projectId"]))
	if p == nil {
		return map[string]any{field: nil}, []gqlError{notFoundErr([]any{field}, fmt.Sprintf("Could not resolve to a node with the global id of '%s'", str(in["projectId"])))}
	}
	for _, it := range p.items {
		if it.nodeID == str(in["itemId"]) {
			it.archived = archived
			return map[string]any{field: map[string]any{"item": map[string]any{"id": it.nodeID}}}, nil
		}
	}
	return map[string]any{field: nil}, []gqlError{notFoundErr([]any{field}, fmt.Sprintf("Could not resolve to a node with the global id of '%s'", str(in["itemId"])))}
}

var projectStatuses = map[string]bool{"ON_TRACK": true, "AT_RISK": true, "OFF_TRACK": true, "INACTIVE": true, "COMPLETE": true}

func (c *reqCtx) gqlStatusUpdate(v map[string]any) (map[string]any, []gqlError) {
	in, errs := inputOf(v, "CreateProjectV2StatusUpdateInput", []string{"projectId"}, "status", "body", "startDate", "targetDate")
	if len(errs) > 0 {
		return map[string]any{"createProjectV2StatusUpdate": nil}, errs
	}
	p := c.s.projectOfNode(str(in["projectId"]))
	if p == nil {
		return map[string]any{"createProjectV2StatusUpdate": nil}, []gqlError{notFoundErr([]any{"createProjectV2StatusUpdate"}, "Could not resolve to a node with the global id given")}
	}
	st := str(in["status"])
	if st != "" && !projectStatuses[st] {
		return map[string]any{"createProjectV2StatusUpdate": nil}, []gqlError{{Message: fmt.Sprintf("Variable $input of type CreateProjectV2StatusUpdateInput! was provided invalid value for status (Expected \"%s\" to be one of: INACTIVE, ON_TRACK, AT_RISK, OFF_TRACK, COMPLETE)", st)}}
	}
	u := &pstatus{nodeID: nodeID("PVTSU", c.s.newID()), status: st, body: str(in["body"]), at: c.now}
	p.statuses = append(p.statuses, u)
	return map[string]any{"createProjectV2StatusUpdate": map[string]any{"statusUpdate": map[string]any{"id": u.nodeID, "status": u.status, "body": u.body}}}, nil
}

// isGraphQLQuery reports whether a request is a GraphQL query (a read):
// the log and the counts take it as one though it is a POST.
func isGraphQLQuery(path string, body []byte) bool {
	if path != "/graphql" {
		return false
	}
	op, _, ok := graphqlOp(body)
	return ok && !op.mutation
}

// graphqlRate is GraphQL's bucket for GET /rate_limit.
func (s *Server) graphqlRate(now time.Time) rateResource {
	used, reset := s.gqlUsed, s.gqlReset
	if reset.IsZero() || !now.Before(reset) {
		used, reset = 0, now.Add(time.Hour)
	}
	return rateResource{Limit: s.opts.GraphQLLimit, Used: used, Remaining: max(s.opts.GraphQLLimit-used, 0), Reset: reset.Unix(), Resource: "graphql"}
}
