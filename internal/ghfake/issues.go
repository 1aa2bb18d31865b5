package ghfake

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

const (
	issueDoc        = "https://docs.github.com/rest/issues/issues#create-an-issue"
	issueEditDoc    = "https://docs.github.com/rest/issues/issues#update-an-issue"
	issueLabelsDoc  = "https://docs.github.com/rest/issues/labels#add-labels-to-an-issue"
	commentDoc      = "https://docs.github.com/rest/issues/comments#create-an-issue-comment"
	maxTitle        = 256
	maxBody         = 65536
	maxIssueLabels  = 100
	maxAssignees    = 10
	stateOpen       = "open"
	stateClosed     = "closed"
	reasonReopened  = "reopened"
	reasonCompleted = "completed"
)

func (c *reqCtx) listIssues() *response {
	q := c.r.URL.Query()
	state, bad := c.enumParam("state", stateOpen, stateClosed, "all")
	if bad != nil {
		return bad
	}
	by, bad := c.enumParam("sort", "created", "updated", "comments")
	if bad != nil {
		return bad
	}
	dir, bad := c.enumParam("direction", "desc", "asc")
	if bad != nil {
		return bad
	}
	var labels []string
	for _, l := range strings.Split(q.Get("labels"), ",") {
		if l = strings.TrimSpace(l); l != "" {
			labels = append(labels, l)
		}
	}
	milestone := q.Get("milestone")
	msNumber := 0
	if milestone != "" && milestone != "*" && milestone != "none" {
		n, ok := number(milestone)
		if !ok {
			return validationFailed(restDoc, fieldError{Resource: "Issue", Code: "invalid", Field: "milestone", Value: milestone})
		}
		msNumber = n
	}
	var since time.Time
	if v := q.Get("since"); v != "" {
		t, ok := parseDueOn(v)
		if !ok {
			return validationFailed(restDoc, fieldError{Resource: "Issue", Code: "invalid", Field: "since", Value: v})
		}
		since = t
	}
	assignee, creator := q.Get("assignee"), q.Get("creator")

	var out []*issueState
	for _, is := range c.repo.sortedIssues() {
		if state != "all" && is.state != state {
			continue
		}
		if !hasAllLabels(is, labels) {
			continue
		}
		switch {
		case milestone == "*" && is.milestone == nil,
			milestone == "none" && is.milestone != nil,
			msNumber != 0 && (is.milestone == nil || is.milestone.number != msNumber):
			continue
		}
		switch {
		case assignee == "*" && len(is.assignees) == 0,
			assignee == "none" && len(is.assignees) > 0,
			assignee != "" && assignee != "*" && assignee != "none" && !hasAssignee(is, assignee):
			continue
		}
		if creator != "" && !strings.EqualFold(is.user.login, creator) {
			continue
		}
		if !since.IsZero() && is.updated.Before(since) {
			continue
		}
		out = append(out, is)
	}
	key := func(is *issueState) int64 {
		switch by {
		case "updated":
			return is.updated.Unix()
		case "comments":
			return int64(len(is.comments))
		}
		return is.created.Unix()
	}
	less := func(i, j int) bool {
		a, b := out[i], out[j]
		if dir == "desc" {
			a, b = b, a
		}
		if ka, kb := key(a), key(b); ka != kb {
			return ka < kb
		}
		return a.number < b.number
	}
	// Issues are usually created in number order, so the common listing
	// (by creation, oldest first) is sorted already: checking costs one
	// pass, sorting 100,000 issues for each page cost the scale runs minutes.
	if !sort.SliceIsSorted(out, less) {
		sort.SliceStable(out, less)
	}
	render := func(lo, hi int) []jsonIssue {
		rendered := make([]jsonIssue, 0, hi-lo)
		for _, is := range out[lo:hi] {
			rendered = append(rendered, c.renderIssue(c.repo, is))
		}
		return rendered
	}
	if limit := c.s.opts.PageLimit; limit >= 0 && (len(out) > limit || q.Has("after")) {
		// after reports whether is comes after the cursor (k, n) in the
		// list's order.
		after := func(is *issueState, k int64, n int) bool {
			ki := key(is)
			if dir == "desc" {
				return ki < k || ki == k && is.number < n
			}
			return ki > k || ki == k && is.number > n
		}
		return cursorPage(c, len(out), limit, func(i int) (int64, int) { return key(out[i]), out[i].number },
			func(k int64, n int) int {
				return sort.Search(len(out), func(i int) bool { return after(out[i], k, n) })
			}, render)
	}
	return listPage(c, len(out), render)
}

// cursorPage answers one page of a "large dataset" as GitHub does: page
// numbers reach only limit items into the list (422 past it), and the
// Link header's next URL carries an opaque after= cursor instead of a page
// number. The cursor names the last item shown by its sort key and number,
// so an item deleted or added before it moves nothing (keyOf gives an
// item's key and number; start finds the first item after a cursor).
func cursorPage[T any](c *reqCtx, n, limit int, keyOf func(i int) (int64, int), start func(k int64, num int) int, page func(lo, hi int) []T) *response {
	q := c.r.URL.Query()
	perPage, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || perPage < 1 {
		perPage = 30
	}
	perPage = min(perPage, 100)
	lo := 0
	if a := q.Get("after"); a != "" {
		k, num, ok := decodeCursor(a)
		if !ok {
			return validationFailed(restDoc, fieldError{Resource: "Issue", Code: "invalid", Field: "after", Value: a})
		}
		lo = start(k, num)
	} else if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 {
		if (p-1)*perPage >= limit {
			return jsonResponse(http.StatusUnprocessableEntity, errorBody{
				Message:          "Pagination with the page parameter is not supported for large datasets, please use cursor based pagination (after/before)",
				DocumentationURL: "https://docs.github.com/rest/issues/issues#list-repository-issues",
			})
		}
		lo = min((p-1)*perPage, n)
	}
	hi := min(lo+perPage, n)
	out := page(lo, hi)
	if out == nil {
		out = []T{}
	}
	resp := jsonResponse(http.StatusOK, out)
	if hi < n {
		k, num := keyOf(hi - 1)
		var parts []string
		for _, kv := range strings.Split(c.r.URL.RawQuery, "&") {
			if name, _, _ := strings.Cut(kv, "="); kv != "" && name != "page" && name != "after" && name != "before" {
				parts = append(parts, kv)
			}
		}
		parts = append(parts, "after="+encodeCursor(k, num))
		next := strings.TrimSuffix(c.base, "/") + c.r.URL.EscapedPath() + "?" + strings.Join(parts, "&")
		resp.header.Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", next))
	}
	return resp
}

func encodeCursor(k int64, n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("cursor:v2:" + strconv.FormatInt(k, 10) + ":" + strconv.Itoa(n)))
}

func decodeCursor(s string) (int64, int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, 0, false
	}
	rest, ok := strings.CutPrefix(string(b), "cursor:v2:")
	ks, ns, ok2 := strings.Cut(rest, ":")
	k, err1 := strconv.ParseInt(ks, 10, 64)
	n, err2 := strconv.Atoi(ns)
	return k, n, ok && ok2 && err1 == nil && err2 == nil
}

// creationLimited enforces Options.CreateLimit on an issue or comment
// create: the answer GitHub gives when content creation is blocked.
func (c *reqCtx) creationLimited() *response {
	limit := c.s.opts.CreateLimit
	if limit <= 0 {
		return nil
	}
	cut := c.now.Add(-time.Minute)
	recent := c.s.creates[:0]
	for _, t := range c.s.creates {
		if t.After(cut) {
			recent = append(recent, t)
		}
	}
	c.s.creates = recent
	if len(recent) >= limit {
		resp := jsonResponse(http.StatusForbidden, errorBody{
			Message:          "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later.",
			DocumentationURL: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
		})
		resp.header.Set("Retry-After", "60")
		return resp
	}
	c.s.creates = append(c.s.creates, c.now)
	return nil
}

func hasAllLabels(is *issueState, names []string) bool {
	for _, n := range names {
		found := false
		for _, l := range is.labels {
			if strings.EqualFold(l.name, n) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func hasAssignee(is *issueState, login string) bool {
	for _, a := range is.assignees {
		if strings.EqualFold(a.login, login) {
			return true
		}
	}
	return false
}

// labelRef is a label an issue will carry: an existing one, or a name to
// create on the fly when the write is committed.
type labelRef struct {
	l    *labelState
	name string
}

// resolveLabels matches names to the repository's labels ignoring case
// (keeping the existing spelling), drops duplicates and checks what
// GitHub checks, without creating anything yet.
func (c *reqCtx) resolveLabels(names []string) ([]labelRef, []fieldError) {
	var refs []labelRef
	var errs []fieldError
	seen := map[string]bool{}
	for _, n := range names {
		if seen[lower(n)] {
			continue
		}
		seen[lower(n)] = true
		if l := c.repo.label(n); l != nil {
			refs = append(refs, labelRef{l: l})
			continue
		}
		if le := validateLabel(n, defaultLabelColor, ""); len(le) > 0 {
			errs = append(errs, le...)
			continue
		}
		refs = append(refs, labelRef{name: n})
	}
	if len(refs) > maxIssueLabels {
		errs = append(errs, fieldError{Resource: "Issue", Code: "custom", Field: "labels",
			Message: "labels: too many labels (maximum is " + strconv.Itoa(maxIssueLabels) + ")"})
	}
	return refs, errs
}

// commitLabels creates the labels that do not exist yet, with GitHub's
// on-the-fly color, and returns the issue's label set.
func (c *reqCtx) commitLabels(refs []labelRef) []*labelState {
	out := make([]*labelState, 0, len(refs))
	for _, ref := range refs {
		l := ref.l
		if l == nil {
			l = &labelState{id: c.s.newID(), name: ref.name, color: defaultLabelColor}
			c.repo.labels = append(c.repo.labels, l)
		}
		out = append(out, l)
	}
	return out
}

func (c *reqCtx) resolveAssignees(logins []string) ([]*user, []fieldError) {
	var out []*user
	var errs []fieldError
	seen := map[string]bool{}
	for _, login := range logins {
		if seen[lower(login)] {
			continue
		}
		seen[lower(login)] = true
		u := c.s.assignee(c.repo, login)
		if u == nil {
			errs = append(errs, fieldError{Resource: "Issue", Code: "invalid", Field: "assignees", Value: login})
			continue
		}
		out = append(out, u)
	}
	if len(out) > maxAssignees {
		errs = append(errs, fieldError{Resource: "Issue", Code: "custom", Field: "assignees",
			Message: "assignees: too many assignees (maximum is " + strconv.Itoa(maxAssignees) + ")"})
	}
	return out, errs
}

// issueFields is a parsed issue create or update body.
type issueFields struct {
	title, body, state, stateReason string
	hasTitle, hasBody, hasState     bool
	hasReason                       bool
	labels                          []string
	hasLabels                       bool
	milestone                       int
	hasMilestone, clearMilestone    bool
	assignees                       []string
	hasAssignees                    bool
}

func readIssue(body []byte) (issueFields, *response) {
	var f issueFields
	in, bad := parseObject(body)
	if bad != nil {
		return f, bad
	}
	if f.title, f.hasTitle, _, bad = in.str("title", false); bad != nil {
		return f, bad
	}
	if f.body, f.hasBody, _, bad = in.str("body", true); bad != nil {
		return f, bad
	}
	if f.state, f.hasState, _, bad = in.str("state", false); bad != nil {
		return f, bad
	}
	if f.stateReason, f.hasReason, _, bad = in.str("state_reason", true); bad != nil {
		return f, bad
	}
	if raw, ok := in["labels"]; ok {
		f.hasLabels = true
		if !isNull(raw) {
			if f.labels, bad = labelNames("labels", raw); bad != nil {
				return f, bad
			}
		}
	}
	var null bool
	if f.milestone, f.hasMilestone, null, bad = in.integer("milestone", true); bad != nil {
		return f, bad
	}
	f.clearMilestone = null
	if f.assignees, f.hasAssignees, bad = in.strings("assignees"); bad != nil {
		return f, bad
	}
	// The deprecated singular "assignee" still works on GitHub.
	one, hasOne, oneNull, bad := in.str("assignee", true)
	if bad != nil {
		return f, bad
	}
	if hasOne && !f.hasAssignees {
		f.hasAssignees = true
		if !oneNull && one != "" {
			f.assignees = []string{one}
		}
	}
	return f, nil
}

// checkText applies GitHub's title and body limits.
func (f issueFields) checkText(creating bool) []fieldError {
	var errs []fieldError
	if creating || f.hasTitle {
		switch {
		case f.title == "":
			errs = append(errs, fieldError{Resource: "Issue", Code: "missing_field", Field: "title"})
		case runes(f.title) > maxTitle:
			errs = append(errs, tooLong("Issue", "title", maxTitle))
		}
	}
	if runes(f.body) > maxBody {
		errs = append(errs, tooLong("Issue", "body", maxBody))
	}
	return errs
}

// checkRelations resolves labels, milestone and assignees. Without push
// access GitHub drops them silently, so they are not even checked.
func (c *reqCtx) checkRelations(f issueFields) (refs []labelRef, ms *milestoneState, users []*user, errs []fieldError) {
	if c.repo.noPush {
		return nil, nil, nil, nil
	}
	if f.hasLabels {
		var le []fieldError
		refs, le = c.resolveLabels(f.labels)
		errs = append(errs, le...)
	}
	if f.hasMilestone && !f.clearMilestone {
		if ms = c.repo.milestone(f.milestone); ms == nil {
			errs = append(errs, fieldError{Resource: "Issue", Code: "invalid", Field: "milestone", Value: f.milestone})
		}
	}
	if f.hasAssignees {
		var ae []fieldError
		users, ae = c.resolveAssignees(f.assignees)
		errs = append(errs, ae...)
	}
	return refs, ms, users, errs
}

func (c *reqCtx) createIssue() *response {
	f, bad := readIssue(c.body)
	if bad != nil {
		return bad
	}
	in, _ := parseObject(c.body)
	meta, bad := c.readMeta(in, issueDoc)
	if bad != nil {
		return bad
	}
	errs := f.checkText(true)
	refs, ms, users, rerrs := c.checkRelations(f)
	errs = append(errs, rerrs...)
	if len(errs) > 0 {
		return validationFailed(issueDoc, errs...)
	}
	if limited := c.creationLimited(); limited != nil {
		return limited
	}
	c.repo.nextNumber++
	is := &issueState{
		id:      c.s.newIssueID(),
		number:  c.repo.nextNumber,
		title:   f.title,
		body:    f.body,
		state:   stateOpen,
		user:    c.actor(),
		created: c.now,
		updated: c.now,
	}
	if !c.repo.noPush {
		is.labels = c.commitLabels(refs)
		is.milestone = ms
		is.assignees = users
	}
	c.applyMeta(meta, is)
	c.repo.issues[is.number] = is
	j := c.renderIssue(c.repo, is)
	resp := jsonResponse(http.StatusCreated, j)
	resp.header.Set("Location", j.URL)
	return resp
}

var stateReasons = map[string]bool{"completed": true, "not_planned": true, "reopened": true, "duplicate": true}

// editIssue applies a PATCH. updated_at moves only when something
// changed; state_reason counts only when the state changes (closing
// without one means completed, reopening means reopened).
func (c *reqCtx) editIssue(is *issueState) *response {
	f, bad := readIssue(c.body)
	if bad != nil {
		return bad
	}
	in, _ := parseObject(c.body)
	meta, bad := c.readMeta(in, issueEditDoc)
	if bad != nil {
		return bad
	}
	errs := f.checkText(false)
	if f.hasState && f.state != stateOpen && f.state != stateClosed {
		errs = append(errs, fieldError{Resource: "Issue", Code: "invalid", Field: "state", Value: f.state})
	}
	if f.hasReason && f.stateReason != "" && !stateReasons[f.stateReason] {
		errs = append(errs, fieldError{Resource: "Issue", Code: "invalid", Field: "state_reason", Value: f.stateReason})
	}
	if f.hasState && f.state == stateClosed && f.stateReason == reasonReopened {
		errs = append(errs, fieldError{Resource: "Issue", Code: "invalid", Field: "state_reason", Value: f.stateReason})
	}
	refs, ms, users, rerrs := c.checkRelations(f)
	errs = append(errs, rerrs...)
	if len(errs) > 0 {
		return validationFailed(issueEditDoc, errs...)
	}
	changed := false
	if f.hasTitle && f.title != is.title {
		is.title, changed = f.title, true
	}
	if f.hasBody && f.body != is.body {
		is.body, changed = f.body, true
	}
	if f.hasState && f.state != is.state {
		changed = true
		is.state = f.state
		if f.state == stateClosed {
			t := c.now
			is.closedAt = &t
			is.stateReason = reasonCompleted
			if f.stateReason != "" {
				is.stateReason = f.stateReason
			}
		} else {
			is.closedAt = nil
			is.stateReason = reasonReopened
		}
	}
	if !c.repo.noPush {
		if f.hasLabels {
			labels := c.commitLabels(refs)
			if !sameLabels(labels, is.labels) {
				is.labels, changed = labels, true
			}
		}
		if f.hasMilestone && ms != is.milestone {
			is.milestone, changed = ms, true
		}
		if f.hasAssignees && !sameUsers(users, is.assignees) {
			is.assignees, changed = users, true
		}
	}
	if c.applyMeta(meta, is) {
		changed = true
	}
	if changed {
		is.updated = c.now
	}
	return jsonResponse(http.StatusOK, c.renderIssue(c.repo, is))
}

func sameLabels(a, b []*labelState) bool {
	if len(a) != len(b) {
		return false
	}
	for _, l := range a {
		if !containsLabel(b, l) {
			return false
		}
	}
	return true
}

func sameUsers(a, b []*user) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// issueLabels serves /issues/{n}/labels: GET lists, POST adds, PUT
// replaces, DELETE removes all. POST and PUT take a JSON array of names or
// {"labels": [...]}, as GitHub does.
func (c *reqCtx) issueLabels(m string, is *issueState) *response {
	if m == http.MethodGet {
		return listResponse(c, c.renderLabels(c.repo, is.labels))
	}
	if m != http.MethodPost && m != http.MethodPut && m != http.MethodDelete {
		return notFound()
	}
	if c.repo.noPush {
		return forbiddenNoPush()
	}
	if m == http.MethodDelete {
		if len(is.labels) > 0 {
			is.labels = nil
			is.updated = c.now
		}
		return emptyResponse(http.StatusNoContent)
	}
	var names []string
	body := bytes.TrimSpace(c.body)
	if len(body) > 0 && body[0] == '[' {
		var bad *response
		if names, bad = labelNames("labels", body); bad != nil {
			return bad
		}
	} else {
		in, bad := parseObject(body)
		if bad != nil {
			return bad
		}
		raw, ok := in["labels"]
		if !ok && m == http.MethodPost {
			return validationFailed(issueLabelsDoc, fieldError{Resource: "Label", Code: "missing_field", Field: "labels"})
		}
		if ok {
			if names, bad = labelNames("labels", raw); bad != nil {
				return bad
			}
		}
	}
	if m == http.MethodPost {
		for _, l := range is.labels {
			names = append(names, l.name)
		}
	}
	refs, errs := c.resolveLabels(names)
	if len(errs) > 0 {
		return validationFailed(issueLabelsDoc, errs...)
	}
	labels := c.commitLabels(refs)
	if !sameLabels(labels, is.labels) {
		is.labels = labels
		is.updated = c.now
	}
	return jsonResponse(http.StatusOK, c.renderLabels(c.repo, is.labels))
}

func (c *reqCtx) removeIssueLabel(is *issueState, name string) *response {
	if c.repo.noPush {
		return forbiddenNoPush()
	}
	for _, l := range is.labels {
		if c.repo.same(l.name, name) {
			is.labels = removeLabel(is.labels, l)
			is.updated = c.now
			return jsonResponse(http.StatusOK, c.renderLabels(c.repo, is.labels))
		}
	}
	return jsonResponse(http.StatusNotFound, errorBody{Message: "Label does not exist", DocumentationURL: "https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue"})
}

func (c *reqCtx) listComments(is *issueState) *response {
	var since time.Time
	if v := c.r.URL.Query().Get("since"); v != "" {
		t, ok := parseDueOn(v)
		if !ok {
			return validationFailed(restDoc, fieldError{Resource: "IssueComment", Code: "invalid", Field: "since", Value: v})
		}
		since = t
	}
	out := []jsonComment{}
	for _, cm := range is.comments {
		if since.IsZero() || !cm.updated.Before(since) {
			out = append(out, c.renderComment(c.repo, is, cm))
		}
	}
	return listResponse(c, out)
}

func (c *reqCtx) readCommentBody() (string, *response) {
	in, bad := parseObject(c.body)
	if bad != nil {
		return "", bad
	}
	body, _, _, bad := in.str("body", false)
	if bad != nil {
		return "", bad
	}
	switch {
	case body == "":
		return "", validationFailed(commentDoc, fieldError{Resource: "IssueComment", Code: "missing_field", Field: "body"})
	case runes(body) > maxBody:
		return "", validationFailed(commentDoc, tooLong("IssueComment", "body", maxBody))
	}
	return body, nil
}

func (c *reqCtx) createComment(is *issueState) *response {
	if is.locked && c.repo.noPush {
		return jsonResponse(http.StatusForbidden, errorBody{Message: "Unable to create comment because issue is locked.", DocumentationURL: commentDoc})
	}
	body, bad := c.readCommentBody()
	if bad != nil {
		return bad
	}
	if limited := c.creationLimited(); limited != nil {
		return limited
	}
	cm := &commentState{id: c.s.newID(), body: body, user: c.actor(), created: c.now, updated: c.now}
	is.comments = append(is.comments, cm)
	is.updated = c.now
	j := c.renderComment(c.repo, is, cm)
	resp := jsonResponse(http.StatusCreated, j)
	resp.header.Set("Location", j.URL)
	return resp
}

// routeComment serves /issues/comments/{id}.
func (c *reqCtx) routeComment(m string, id int64) *response {
	var is *issueState
	var cm *commentState
	for _, x := range c.repo.issues {
		for _, y := range x.comments {
			if y.id == id {
				is, cm = x, y
			}
		}
	}
	if cm == nil {
		return notFound()
	}
	switch m {
	case http.MethodGet:
		return jsonResponse(http.StatusOK, c.renderComment(c.repo, is, cm))
	case http.MethodPatch, http.MethodDelete:
		if cm.user != c.actor() && c.repo.noPush {
			return forbiddenNoPush()
		}
		if m == http.MethodDelete {
			out := is.comments[:0:0]
			for _, y := range is.comments {
				if y != cm {
					out = append(out, y)
				}
			}
			is.comments = out
			return emptyResponse(http.StatusNoContent)
		}
		body, bad := c.readCommentBody()
		if bad != nil {
			return bad
		}
		if body != cm.body {
			cm.body, cm.updated = body, c.now
		}
		return jsonResponse(http.StatusOK, c.renderComment(c.repo, is, cm))
	}
	return notFound()
}
