package ghfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Sub-issues: /issues/{n}/sub_issues (GET, POST), /issues/{n}/sub_issue
// (DELETE, singular, the child's id in the body) and /issues/{n}/parent
// (GET), served as GitHub does: the child is named by its numeric id, not
// its number; 100 sub-issues per parent, closed ones included; 8 levels,
// the top issue counted; one parent
// per issue unless replace_parent moves it; the child must belong to a
// repository of the parent's owner.

const subDoc = "https://docs.github.com/rest/issues/sub-issues"

// maxSubIssues is GitHub's limit of sub-issues per parent.
const maxSubIssues = 100

// jsonSubSummary is sub_issues_summary on an issue.
type jsonSubSummary struct {
	Total            int `json:"total"`
	Completed        int `json:"completed"`
	PercentCompleted int `json:"percent_completed"`
}

func subSummary(is *issueState) jsonSubSummary {
	s := jsonSubSummary{Total: len(is.subIssues)}
	for _, ch := range is.subIssues {
		if ch.state == "closed" {
			s.Completed++
		}
	}
	if s.Total > 0 {
		s.PercentCompleted = s.Completed * 100 / s.Total
	}
	return s
}

// parentURL is parent_issue_url of is: null without a parent.
func (c *reqCtx) parentURL(is *issueState) *string {
	if is.parent == nil || is.parentRepo == nil {
		return nil
	}
	u := fmt.Sprintf("%s/issues/%d", c.repoURL(is.parentRepo), is.parent.number)
	return &u
}

func (c *reqCtx) routeSubIssues(m string, is *issueState, sub []string) *response {
	switch {
	case len(sub) == 1 && sub[0] == "sub_issues" && m == http.MethodGet:
		out := []jsonIssue{}
		for _, ch := range is.subIssues {
			out = append(out, c.renderIssue(c.s.repoOf(ch), ch))
		}
		return listResponse(c, out)
	case len(sub) == 1 && sub[0] == "sub_issues" && m == http.MethodPost:
		return c.addSubIssue(is)
	case len(sub) == 1 && sub[0] == "sub_issue" && m == http.MethodDelete:
		ch, bad := c.subIssueArg()
		if bad != nil {
			return bad
		}
		if ch == nil || ch.parent != is {
			return notFound()
		}
		detach(is, ch)
		return jsonResponse(http.StatusOK, c.renderIssue(c.repo, is))
	case len(sub) == 1 && sub[0] == "parent" && m == http.MethodGet:
		if is.parent == nil {
			return notFound()
		}
		return jsonResponse(http.StatusOK, c.renderIssue(is.parentRepo, is.parent))
	}
	return notFound()
}

// subIssueArg reads sub_issue_id and finds its issue among the
// repositories of the request repository's owner (nil when none has it).
func (c *reqCtx) subIssueArg() (*issueState, *response) {
	in, bad := parseObject(c.body)
	if bad != nil {
		return nil, bad
	}
	raw, ok := in["sub_issue_id"]
	var id int64
	if !ok || json.Unmarshal(raw, &id) != nil || id <= 0 {
		return nil, typeError("sub_issue_id", raw, "of type integer")
	}
	for _, r := range c.s.repos {
		if !strings.EqualFold(r.owner, c.repo.owner) {
			continue
		}
		for _, x := range r.issues {
			if x.id == id && !x.pull {
				return x, nil
			}
		}
	}
	return nil, nil
}

func (c *reqCtx) addSubIssue(is *issueState) *response {
	in, bad := parseObject(c.body)
	if bad != nil {
		return bad
	}
	replace := false
	if raw, ok := in["replace_parent"]; ok && json.Unmarshal(raw, &replace) != nil {
		return typeError("replace_parent", raw, "of type boolean")
	}
	ch, bad := c.subIssueArg()
	if bad != nil {
		return bad
	}
	invalid := func(msg string) *response {
		return validationFailed(subDoc, fieldError{Resource: "Issue", Code: "invalid", Field: "sub_issue_id", Message: msg})
	}
	switch {
	case ch == nil:
		return invalid("no issue of this repository's owner has the id given (an issue's id, not its number, is needed)")
	case ch == is:
		return invalid("an issue cannot be its own sub-issue")
	case ch.parent == is:
		return invalid("the issue is a sub-issue of this one already")
	case ch.parent != nil && !replace:
		return invalid("Sub issue may only have one parent")
	case len(is.subIssues) >= maxSubIssues:
		return invalid(fmt.Sprintf("an issue can have at most %d sub-issues", maxSubIssues))
	case ancestor(ch, is):
		return invalid("the sub-issue would be its own ancestor")
	case tooDeep(is, ch):
		return invalid(fmt.Sprintf("sub-issues can be nested at most %d levels deep", maxLevels))
	}
	if ch.parent != nil {
		detach(ch.parent, ch)
	}
	attach(is, c.repo, ch)
	return jsonResponse(http.StatusCreated, c.renderIssue(c.repo, is))
}

// ancestor reports whether a is is's parent, or its parent's, and so on.
func ancestor(a, is *issueState) bool {
	for p := is.parent; p != nil; p = p.parent {
		if p == a {
			return true
		}
	}
	return false
}

// maxLevels is how deep GitHub nests sub-issues, the top issue counted.
const maxLevels = 8

// tooDeep reports whether ch (with its own sub-issues) under parent would
// make a tree deeper than maxLevels.
func tooDeep(parent, ch *issueState) bool {
	levels := 1
	for p := parent.parent; p != nil && levels <= maxLevels; p = p.parent {
		levels++
	}
	return levels+1+height(ch, maxLevels) > maxLevels
}

// height is how many levels of sub-issues are under is (at most limit).
func height(is *issueState, limit int) int {
	if limit == 0 {
		return 0
	}
	h := 0
	for _, c := range is.subIssues {
		h = max(h, 1+height(c, limit-1))
	}
	return h
}

func attach(parent *issueState, in *repoState, ch *issueState) {
	ch.parent, ch.parentRepo = parent, in
	parent.subIssues = append(parent.subIssues, ch)
}

func detach(parent, ch *issueState) {
	for i, x := range parent.subIssues {
		if x == ch {
			parent.subIssues = append(parent.subIssues[:i:i], parent.subIssues[i+1:]...)
			break
		}
	}
	if ch.parent == parent {
		ch.parent, ch.parentRepo = nil, nil
	}
}

// repoOf is the repository that holds is now.
func (s *Server) repoOf(is *issueState) *repoState {
	for _, r := range s.repos {
		if r.issues[is.number] == is {
			return r
		}
	}
	return nil
}

// AddSubIssue makes issue child of repo a sub-issue of issue parent, as a
// person does on the parent's page (GitHub's rules apply).
func (s *Server) AddSubIssue(repo string, parent, child int) error {
	return s.inRepo(repo, func(r *repoState) error {
		p, ch := r.issues[parent], r.issues[child]
		switch {
		case p == nil || ch == nil:
			return fmt.Errorf("no issue #%d or #%d in %s", parent, child, repo)
		case ch.parent != nil:
			return fmt.Errorf("#%d has a parent already", child)
		case len(p.subIssues) >= maxSubIssues:
			return fmt.Errorf("#%d has %d sub-issues", parent, maxSubIssues)
		case ch == p || ancestor(ch, p):
			return fmt.Errorf("#%d cannot be a sub-issue of #%d", child, parent)
		case tooDeep(p, ch):
			return fmt.Errorf("#%d under #%d would nest more than %d levels", child, parent, maxLevels)
		}
		attach(p, r, ch)
		return nil
	})
}

// SubIssues is the numbers of the sub-issues of issue n of repo, in the
// order they were added.
func (s *Server) SubIssues(repo string, n int) []int {
	var out []int
	_ = s.inRepo(repo, func(r *repoState) error {
		if is := r.issues[n]; is != nil {
			for _, ch := range is.subIssues {
				out = append(out, ch.number)
			}
		}
		return nil
	})
	return out
}

// Parent is the number of the issue issue n of repo is a sub-issue of;
// false when it has none.
func (s *Server) Parent(repo string, n int) (int, bool) {
	num, ok := 0, false
	_ = s.inRepo(repo, func(r *repoState) error {
		if is := r.issues[n]; is != nil && is.parent != nil {
			num, ok = is.parent.number, true
		}
		return nil
	})
	return num, ok
}

// RemoveSubIssue takes issue child of repo off the sub-issues of issue
// parent, as a person does.
func (s *Server) RemoveSubIssue(repo string, parent, child int) error {
	return s.inRepo(repo, func(r *repoState) error {
		p, ch := r.issues[parent], r.issues[child]
		if p == nil || ch == nil || ch.parent != p {
			return fmt.Errorf("#%d is no sub-issue of #%d in %s", child, parent, repo)
		}
		detach(p, ch)
		return nil
	})
}
