package ghfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// Issue dependencies: /issues/{n}/dependencies/blocked_by (GET, POST) and
// /issues/{n}/dependencies/blocked_by/{issue_id} (DELETE), served as GitHub
// does: the other issue is named by its numeric id, not its number; 50
// blocked-by edges per issue; no duplicate and no circular edge.

const depDoc = "https://docs.github.com/rest/issues/issue-dependencies"

// maxBlockedBy is GitHub's limit of blocked-by edges per issue.
const maxBlockedBy = 50

// jsonDepSummary is issue_dependencies_summary on an issue.
type jsonDepSummary struct {
	BlockedBy      int `json:"blocked_by"`
	TotalBlockedBy int `json:"total_blocked_by"`
	Blocking       int `json:"blocking"`
	TotalBlocking  int `json:"total_blocking"`
}

// depSummary counts is's edges: blocked_by and blocking count open issues
// only, the totals all of them.
func (r *repoState) depSummary(is *issueState) jsonDepSummary {
	var s jsonDepSummary
	for _, b := range is.blockedBy {
		s.TotalBlockedBy++
		if b.state == "open" {
			s.BlockedBy++
		}
	}
	for _, x := range is.blocking {
		s.TotalBlocking++
		if x.state == "open" {
			s.Blocking++
		}
	}
	return s
}

func (c *reqCtx) routeDependencies(m string, is *issueState, sub []string) *response {
	if len(sub) == 0 || sub[0] != "blocked_by" {
		return notFound()
	}
	switch {
	case len(sub) == 1 && m == http.MethodGet:
		out := []jsonIssue{}
		for _, b := range is.blockedBy {
			out = append(out, c.renderIssue(c.repo, b))
		}
		return jsonResponse(http.StatusOK, out)
	case len(sub) == 1 && m == http.MethodPost:
		return c.addBlockedBy(is)
	case len(sub) == 2 && m == http.MethodDelete:
		id, err := strconv.ParseInt(sub[1], 10, 64)
		if err != nil {
			return notFound()
		}
		for i, b := range is.blockedBy {
			if b.id == id {
				is.blockedBy = append(is.blockedBy[:i:i], is.blockedBy[i+1:]...)
				for j, x := range b.blocking {
					if x == is {
						b.blocking = append(b.blocking[:j:j], b.blocking[j+1:]...)
						break
					}
				}
				return jsonResponse(http.StatusOK, c.renderIssue(c.repo, b))
			}
		}
		return notFound()
	}
	return notFound()
}

func (c *reqCtx) addBlockedBy(is *issueState) *response {
	in, bad := parseObject(c.body)
	if bad != nil {
		return bad
	}
	raw, ok := in["issue_id"]
	var id int64
	if !ok || json.Unmarshal(raw, &id) != nil || id <= 0 {
		return typeError("issue_id", raw, "of type integer")
	}
	var blocker *issueState
	for _, x := range c.repo.issues {
		if x.id == id {
			blocker = x
		}
	}
	if blocker == nil {
		return validationFailed(depDoc, fieldError{Resource: "IssueDependency", Code: "invalid", Field: "issue_id",
			Message: fmt.Sprintf("no issue has the id %d", id)})
	}
	if msg := c.repo.checkEdge(is, blocker); msg != "" {
		return validationFailed(depDoc, fieldError{Resource: "IssueDependency", Code: "invalid", Field: "issue_id", Message: msg})
	}
	link(is, blocker)
	return jsonResponse(http.StatusCreated, c.renderIssue(c.repo, is))
}

// checkEdge says why is may not be blocked by b; "" when it may.
func (r *repoState) checkEdge(is, b *issueState) string {
	if is == b {
		return "an issue cannot be blocked by itself"
	}
	for _, x := range is.blockedBy {
		if x == b {
			return "the dependency already exists"
		}
	}
	if len(is.blockedBy) >= maxBlockedBy {
		return fmt.Sprintf("an issue can be blocked by at most %d issues", maxBlockedBy)
	}
	if blockedBy(b, is, map[*issueState]bool{}) {
		return "the dependency would be circular"
	}
	return ""
}

// blockedBy reports whether a is (transitively) blocked by b.
func blockedBy(a, b *issueState, seen map[*issueState]bool) bool {
	if seen[a] {
		return false
	}
	seen[a] = true
	for _, x := range a.blockedBy {
		if x == b || blockedBy(x, b, seen) {
			return true
		}
	}
	return false
}

// AddBlockedBy makes issue n of repo blocked by issue blocker, as a person
// does in the issue's sidebar.
func (s *Server) AddBlockedBy(repo string, n, blocker int) error {
	return s.inRepo(repo, func(r *repoState) error {
		is, b := r.issues[n], r.issues[blocker]
		if is == nil || b == nil {
			return fmt.Errorf("no issue #%d or #%d in %s", n, blocker, repo)
		}
		if msg := r.checkEdge(is, b); msg != "" {
			return fmt.Errorf("%s", msg)
		}
		link(is, b)
		return nil
	})
}

// BlockedBy is the numbers of the issues issue n of repo is blocked by.
func (s *Server) BlockedBy(repo string, n int) []int {
	var out []int
	_ = s.inRepo(repo, func(r *repoState) error {
		if is := r.issues[n]; is != nil {
			for _, b := range is.blockedBy {
				out = append(out, b.number)
			}
		}
		return nil
	})
	return out
}

// link makes is blocked by b.
func link(is, b *issueState) {
	is.blockedBy = append(is.blockedBy, b)
	b.blocking = append(b.blocking, is)
}

// IssueID is the numeric id of issue n of repo (0 when there is none): the
// relationship endpoints name issues by it.
func (s *Server) IssueID(repo string, n int) int64 {
	var id int64
	_ = s.inRepo(repo, func(r *repoState) error {
		if is := r.issues[n]; is != nil {
			id = is.id
		}
		return nil
	})
	return id
}
