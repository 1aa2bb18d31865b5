package ghfake

import (
	"net/http"
	"regexp"
	"strings"
)

// Status is a commit status as GitHub holds it.
type Status struct {
	SHA, State, Context, Description, TargetURL string
	// Creator is the login that posted it.
	Creator string
}

const statusDoc = "https://docs.github.com/rest/commits/statuses#create-a-commit-status"

var shaRE = regexp.MustCompile(`^[0-9a-f]{40}$`)

// routeStatuses serves POST /repos/{o}/{r}/statuses/{sha}, as GitHub does:
// state one of error, failure, pending, success; a description of at most
// 140 characters; context defaults to "default"; the newest status of a
// context is the one that counts. A sha that is no full commit id is 422
// (the fake has no commits, so any 40 hex digits stand for one).
func (c *reqCtx) routeStatuses(m string, rest []string) *response {
	if len(rest) != 1 || m != http.MethodPost {
		return notFound()
	}
	if c.repo.noPush {
		return forbiddenNoPush()
	}
	sha := strings.ToLower(rest[0])
	in, bad := parseObject(c.body)
	if bad != nil {
		return bad
	}
	state, _, _, bad := in.str("state", false)
	if bad != nil {
		return bad
	}
	ctxName, hasCtx, _, bad := in.str("context", true)
	if bad != nil {
		return bad
	}
	desc, _, _, bad := in.str("description", true)
	if bad != nil {
		return bad
	}
	target, _, _, bad := in.str("target_url", true)
	if bad != nil {
		return bad
	}
	var errs []fieldError
	switch state {
	case "error", "failure", "pending", "success":
	default:
		errs = append(errs, fieldError{Resource: "Status", Code: "custom", Field: "state", Message: "state is not included in the list"})
	}
	if runes(desc) > 140 {
		errs = append(errs, tooLong("Status", "description", 140))
	}
	if !shaRE.MatchString(sha) {
		errs = append(errs, fieldError{Resource: "Status", Code: "custom", Field: "sha", Message: "No commit found for SHA: " + rest[0]})
	}
	if len(errs) > 0 {
		return validationFailed(statusDoc, errs...)
	}
	if !hasCtx || ctxName == "" {
		ctxName = "default"
	}
	n := 0
	for _, st := range c.repo.statuses {
		if st.SHA == sha && st.Context == ctxName {
			n++
		}
	}
	if n >= 1000 {
		return validationFailed(statusDoc, fieldError{Resource: "Status", Code: "custom", Field: "context",
			Message: "This SHA and context has reached the maximum number of statuses."})
	}
	st := &Status{SHA: sha, State: state, Context: ctxName, Description: desc, TargetURL: target, Creator: c.actor().login}
	c.repo.statuses = append(c.repo.statuses, st)
	return jsonResponse(http.StatusCreated, map[string]any{
		"id": c.s.newID(), "state": state, "context": ctxName, "description": nullIfEmpty(desc),
		"target_url": nullIfEmpty(target), "creator": c.renderUser(c.actor()),
		"created_at": timestamp(c.now), "updated_at": timestamp(c.now),
	})
}

// combinedStatus serves GET /repos/{o}/{r}/commits/{ref}/status as GitHub
// does: the newest status of each context, newest first, and the combined
// state (failure if any is error or failure, pending if none or any is
// pending, else success). The fake has no commits or branches: a ref that
// is no full commit id is 422, as GitHub answers a ref it cannot find.
func (c *reqCtx) combinedStatus(ref string) *response {
	sha := strings.ToLower(ref)
	if !shaRE.MatchString(sha) {
		return validationFailed("https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference",
			fieldError{Resource: "Status", Code: "custom", Field: "ref", Message: "No commit found for SHA: " + ref})
	}
	seen := map[string]bool{}
	statuses := []map[string]any{}
	state := "success"
	for i := len(c.repo.statuses) - 1; i >= 0; i-- {
		st := c.repo.statuses[i]
		if st.SHA != sha || seen[st.Context] {
			continue
		}
		seen[st.Context] = true
		statuses = append(statuses, map[string]any{
			"state": st.State, "context": st.Context, "description": nullIfEmpty(st.Description),
			"target_url": nullIfEmpty(st.TargetURL),
		})
		switch st.State {
		case "error", "failure":
			state = "failure"
		case "pending":
			if state != "failure" {
				state = "pending"
			}
		}
	}
	if len(statuses) == 0 {
		state = "pending"
	}
	return jsonResponse(http.StatusOK, map[string]any{
		"state": state, "sha": sha, "total_count": len(statuses), "statuses": statuses,
	})
}

// Statuses returns the statuses posted on sha, oldest first.
func (s *Server) Statuses(repo, sha string) []Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Status
	for _, st := range s.mustRepo(repo).statuses {
		if st.SHA == strings.ToLower(sha) {
			out = append(out, *st)
		}
	}
	return out
}
