package ghfake

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// reqCtx is one request being served, with s.mu held.
type reqCtx struct {
	s    *Server
	r    *http.Request
	body []byte
	segs []string // unescaped path segments
	now  time.Time
	base string // "http://host/", for URLs in answers
	repo *repoState
	// counts are the open and closed issues of each milestone, counted
	// once per request on first use: a page of 100 issues renders its
	// milestones 100 times, and counting for each was quadratic. A request
	// renders after it has made its changes.
	counts map[*repoState]map[*milestoneState][2]int
}

// splitPath splits an escaped path into unescaped segments, so "a%2Fb"
// stays one segment. Empty segments (a trailing or doubled slash) are not
// routes GitHub knows.
func splitPath(escaped string) ([]string, bool) {
	if !strings.HasPrefix(escaped, "/") {
		return nil, false
	}
	parts := strings.Split(escaped[1:], "/")
	for i, p := range parts {
		if p == "" {
			return nil, false
		}
		u, err := url.PathUnescape(p)
		if err != nil {
			return nil, false
		}
		parts[i] = u
	}
	return parts, true
}

func (s *Server) route(c *reqCtx) *response {
	segs, m := c.segs, c.r.Method
	var (
		r    *repoState
		rest []string
	)
	switch {
	case len(segs) >= 2 && segs[0] == "repositories":
		// GitHub's id-based paths, where renamed repositories redirect
		// and where its Link headers point.
		id, err := strconv.ParseInt(segs[1], 10, 64)
		if r = s.repoByID(id); err != nil || r == nil {
			return notFound()
		}
		rest = segs[2:]
	case len(segs) >= 3 && segs[0] == "repos":
		var err error
		if r, err = s.repo(segs[1] + "/" + segs[2]); err != nil {
			if moved := s.renamed[strings.ToLower(segs[1]+"/"+segs[2])]; moved != nil {
				return c.movedRepo(moved, segs[3:])
			}
			return notFound()
		}
		rest = segs[3:]
	case len(segs) >= 1 && segs[0] == "orgs":
		return c.routeOrgs(m, segs[1:])
	default:
		return notFound()
	}
	c.repo = r
	switch {
	case len(rest) == 0:
		if m == http.MethodGet {
			return jsonResponse(http.StatusOK, c.renderRepo(r))
		}
	case rest[0] == "labels":
		return c.routeLabels(m, rest[1:])
	case rest[0] == "milestones":
		return c.routeMilestones(m, rest[1:])
	case rest[0] == "issues":
		if r.issuesDisabled {
			return issuesDisabled()
		}
		return c.routeIssues(m, rest[1:])
	case rest[0] == "statuses":
		return c.routeStatuses(m, rest[1:])
	case rest[0] == "commits" && len(rest) == 3 && rest[2] == "status" && m == http.MethodGet:
		return c.combinedStatus(rest[1])
	case rest[0] == "issue-types" && len(rest) == 1 && m == http.MethodGet:
		return c.listIssueTypes()
	}
	return notFound()
}

// movedRepo answers a request for a repository's old name as GitHub does:
// 301 for GET, 307 for other methods, with a Location at
// /repositories/<id>/<the rest of the path> and the query kept.
func (c *reqCtx) movedRepo(r *repoState, rest []string) *response {
	loc := c.base + "repositories/" + strconv.FormatInt(r.id, 10)
	for _, p := range rest {
		loc += "/" + url.PathEscape(p)
	}
	if q := c.r.URL.RawQuery; q != "" {
		loc += "?" + q
	}
	status := http.StatusTemporaryRedirect
	if c.r.Method == http.MethodGet {
		status = http.StatusMovedPermanently
	}
	resp := jsonResponse(status, errorBody{Message: "Moved Permanently", URL: loc, DocumentationURL: "https://docs.github.com/v3/#http-redirects"})
	resp.header.Set("Location", loc)
	return resp
}

func (c *reqCtx) routeLabels(m string, rest []string) *response {
	switch {
	case len(rest) == 0 && m == http.MethodGet:
		return c.listLabels()
	case len(rest) == 0 && m == http.MethodPost:
		return c.createLabel()
	case len(rest) == 1 && m == http.MethodGet:
		return c.getLabel(rest[0])
	case len(rest) == 1 && m == http.MethodPatch:
		return c.editLabel(rest[0])
	case len(rest) == 1 && m == http.MethodDelete:
		return c.deleteLabel(rest[0])
	}
	return notFound()
}

func (c *reqCtx) routeMilestones(m string, rest []string) *response {
	if len(rest) == 0 {
		switch m {
		case http.MethodGet:
			return c.listMilestones()
		case http.MethodPost:
			return c.createMilestone()
		}
		return notFound()
	}
	if len(rest) != 1 {
		return notFound()
	}
	n, ok := number(rest[0])
	if !ok {
		return notFound()
	}
	ms := c.repo.milestone(n)
	if ms == nil {
		return notFound()
	}
	switch m {
	case http.MethodGet:
		return jsonResponse(http.StatusOK, c.renderMilestone(c.repo, ms))
	case http.MethodPatch:
		return c.editMilestone(ms)
	case http.MethodDelete:
		return c.deleteMilestone(ms)
	}
	return notFound()
}

func (c *reqCtx) routeIssues(m string, rest []string) *response {
	if len(rest) == 0 {
		switch m {
		case http.MethodGet:
			return c.listIssues()
		case http.MethodPost:
			return c.createIssue()
		}
		return notFound()
	}
	if rest[0] == "comments" {
		if len(rest) != 2 {
			return notFound()
		}
		id, err := strconv.ParseInt(rest[1], 10, 64)
		if err != nil || id <= 0 {
			return notFound()
		}
		return c.routeComment(m, id)
	}
	n, ok := number(rest[0])
	if !ok {
		return notFound()
	}
	is, resp := c.issue(n, rest[1:])
	if resp != nil {
		return resp
	}
	sub := rest[1:]
	switch {
	case len(sub) == 0 && m == http.MethodGet:
		return jsonResponse(http.StatusOK, c.renderIssue(c.repo, is))
	case len(sub) == 0 && m == http.MethodPatch:
		return c.editIssue(is)
	case len(sub) == 1 && sub[0] == "labels":
		return c.issueLabels(m, is)
	case len(sub) == 2 && sub[0] == "labels" && m == http.MethodDelete:
		return c.removeIssueLabel(is, sub[1])
	case len(sub) == 1 && sub[0] == "comments" && m == http.MethodGet:
		return c.listComments(is)
	case len(sub) == 1 && sub[0] == "comments" && m == http.MethodPost:
		return c.createComment(is)
	case len(sub) >= 1 && sub[0] == "dependencies":
		return c.routeDependencies(m, is, sub[1:])
	case len(sub) == 1 && (sub[0] == "sub_issues" || sub[0] == "sub_issue" || sub[0] == "parent"):
		return c.routeSubIssues(m, is, sub)
	}
	return notFound()
}

func number(seg string) (int, bool) {
	n, err := strconv.Atoi(seg)
	if err != nil || n <= 0 || strconv.Itoa(n) != seg {
		return 0, false
	}
	return n, true
}

// issue finds issue n of the request's repository, or answers as GitHub
// does for one that moved (301) or was deleted (410). sub is the rest of
// the path, kept in the Location of a move.
func (c *reqCtx) issue(n int, sub []string) (*issueState, *response) {
	if is, ok := c.repo.issues[n]; ok {
		return is, nil
	}
	if mv, ok := c.repo.moved[n]; ok {
		loc := fmt.Sprintf("%s/issues/%d", c.repoURL(mv.repo), mv.number)
		for _, p := range sub {
			loc += "/" + url.PathEscape(p)
		}
		resp := jsonResponse(http.StatusMovedPermanently, errorBody{
			Message:          "Moved Permanently",
			URL:              loc,
			DocumentationURL: "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects",
		})
		resp.header.Set("Location", loc)
		return nil, resp
	}
	if c.repo.deleted[n] {
		return nil, jsonResponse(http.StatusGone, errorBody{Message: "This issue was deleted", DocumentationURL: "https://docs.github.com/rest/issues/issues#get-an-issue"})
	}
	return nil, notFound()
}

func issuesDisabled() *response {
	return jsonResponse(http.StatusGone, errorBody{Message: "Issues are disabled for this repo", DocumentationURL: "https://docs.github.com/v3/issues/"})
}

func forbiddenNoPush() *response {
	return jsonResponse(http.StatusForbidden, errorBody{Message: "Must have push access to repository", DocumentationURL: restDoc})
}

// listResponse answers one page of items with GitHub's Link header.
func listResponse[T any](c *reqCtx, items []T) *response {
	return listPage(c, len(items), func(lo, hi int) []T { return items[lo:hi] })
}

// listPage answers one page of n items with GitHub's Link header, asking
// page only for the items [lo, hi) the page shows: rendering every item
// of a long list for each page made listing it quadratic.
func listPage[T any](c *reqCtx, n int, page func(lo, hi int) []T) *response {
	q := c.r.URL.Query()
	perPage, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || perPage < 1 {
		perPage = 30
	}
	perPage = min(perPage, 100)
	at, err := strconv.Atoi(q.Get("page"))
	if err != nil || at < 1 {
		at = 1
	}
	last := max((n+perPage-1)/perPage, 1)
	lo := min((at-1)*perPage, n)
	hi := min(lo+perPage, n)
	out := page(lo, hi)
	if out == nil {
		out = []T{}
	}
	resp := jsonResponse(http.StatusOK, out)
	var links []string
	add := func(p int, rel string) {
		links = append(links, fmt.Sprintf("<%s>; rel=%q", c.pageURL(p), rel))
	}
	if at > 1 {
		add(at-1, "prev")
	}
	if at < last {
		add(at+1, "next")
		add(last, "last")
	}
	if at > 1 {
		add(1, "first")
	}
	if len(links) > 0 {
		resp.header.Set("Link", strings.Join(links, ", "))
	}
	return resp
}

// pageURL is the request's own URL with page set to p: other parameters
// keep their place and spelling, as in GitHub's links.
func (c *reqCtx) pageURL(p int) string {
	var parts []string
	replaced := false
	for _, kv := range strings.Split(c.r.URL.RawQuery, "&") {
		if kv == "" {
			continue
		}
		k, _, _ := strings.Cut(kv, "=")
		if k == "page" {
			if !replaced {
				parts = append(parts, "page="+strconv.Itoa(p))
				replaced = true
			}
			continue
		}
		parts = append(parts, kv)
	}
	if !replaced {
		parts = append(parts, "page="+strconv.Itoa(p))
	}
	return strings.TrimSuffix(c.base, "/") + c.r.URL.EscapedPath() + "?" + strings.Join(parts, "&")
}

// enumParam reads a query parameter that must be one of allowed (the
// first is the default). GitHub may ignore an unknown value; the fake
// refuses it so a misspelt filter cannot pass unnoticed.
func (c *reqCtx) enumParam(name string, allowed ...string) (string, *response) {
	v := c.r.URL.Query().Get(name)
	if v == "" {
		return allowed[0], nil
	}
	for _, a := range allowed {
		if v == a {
			return v, nil
		}
	}
	return "", validationFailed(restDoc, fieldError{Resource: "Search", Code: "invalid", Field: name, Value: v})
}
