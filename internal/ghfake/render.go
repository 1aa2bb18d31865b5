package ghfake

import (
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// The JSON shapes below follow GitHub's REST responses field for field
// (names as GitHub spells them), trimmed of fields nothing here can fill.

type jsonUser struct {
	Login     string `json:"login"`
	ID        int64  `json:"id"`
	NodeID    string `json:"node_id"`
	AvatarURL string `json:"avatar_url"`
	URL       string `json:"url"`
	HTMLURL   string `json:"html_url"`
	Type      string `json:"type"`
	SiteAdmin bool   `json:"site_admin"`
}

type jsonLabel struct {
	ID          int64   `json:"id"`
	NodeID      string  `json:"node_id"`
	URL         string  `json:"url"`
	Name        string  `json:"name"`
	Color       string  `json:"color"`
	Default     bool    `json:"default"`
	Description *string `json:"description"`
}

type jsonMilestone struct {
	URL          string    `json:"url"`
	HTMLURL      string    `json:"html_url"`
	LabelsURL    string    `json:"labels_url"`
	ID           int64     `json:"id"`
	NodeID       string    `json:"node_id"`
	Number       int       `json:"number"`
	State        string    `json:"state"`
	Title        string    `json:"title"`
	Description  *string   `json:"description"`
	Creator      *jsonUser `json:"creator"`
	OpenIssues   int       `json:"open_issues"`
	ClosedIssues int       `json:"closed_issues"`
	CreatedAt    string    `json:"created_at"`
	UpdatedAt    string    `json:"updated_at"`
	ClosedAt     *string   `json:"closed_at"`
	DueOn        *string   `json:"due_on"`
}

type jsonPullRef struct {
	URL      string  `json:"url"`
	HTMLURL  string  `json:"html_url"`
	DiffURL  string  `json:"diff_url"`
	PatchURL string  `json:"patch_url"`
	MergedAt *string `json:"merged_at"`
}

type jsonIssue struct {
	URL               string            `json:"url"`
	RepositoryURL     string            `json:"repository_url"`
	LabelsURL         string            `json:"labels_url"`
	CommentsURL       string            `json:"comments_url"`
	EventsURL         string            `json:"events_url"`
	HTMLURL           string            `json:"html_url"`
	ID                int64             `json:"id"`
	NodeID            string            `json:"node_id"`
	Number            int               `json:"number"`
	Title             string            `json:"title"`
	User              jsonUser          `json:"user"`
	Labels            []jsonLabel       `json:"labels"`
	State             string            `json:"state"`
	Locked            bool              `json:"locked"`
	Assignee          *jsonUser         `json:"assignee"`
	Assignees         []jsonUser        `json:"assignees"`
	Milestone         *jsonMilestone    `json:"milestone"`
	Comments          int               `json:"comments"`
	CreatedAt         string            `json:"created_at"`
	UpdatedAt         string            `json:"updated_at"`
	ClosedAt          *string           `json:"closed_at"`
	AuthorAssociation string            `json:"author_association"`
	ActiveLockReason  *string           `json:"active_lock_reason"`
	PullRequest       *jsonPullRef      `json:"pull_request,omitempty"`
	SubSummary        jsonSubSummary    `json:"sub_issues_summary"`
	ParentIssueURL    *string           `json:"parent_issue_url"`
	DepSummary        jsonDepSummary    `json:"issue_dependencies_summary"`
	Type              *jsonIssueType    `json:"type"`
	FieldValues       *[]jsonFieldValue `json:"issue_field_values,omitempty"`
	Body              *string           `json:"body"`
	StateReason       *string           `json:"state_reason"`
}

type jsonComment struct {
	URL               string   `json:"url"`
	HTMLURL           string   `json:"html_url"`
	IssueURL          string   `json:"issue_url"`
	ID                int64    `json:"id"`
	NodeID            string   `json:"node_id"`
	User              jsonUser `json:"user"`
	CreatedAt         string   `json:"created_at"`
	UpdatedAt         string   `json:"updated_at"`
	AuthorAssociation string   `json:"author_association"`
	Body              string   `json:"body"`
}

type jsonPermissions struct {
	Admin    bool `json:"admin"`
	Maintain bool `json:"maintain"`
	Push     bool `json:"push"`
	Triage   bool `json:"triage"`
	Pull     bool `json:"pull"`
}

type jsonRepo struct {
	ID              int64           `json:"id"`
	NodeID          string          `json:"node_id"`
	Name            string          `json:"name"`
	FullName        string          `json:"full_name"`
	Private         bool            `json:"private"`
	Owner           jsonUser        `json:"owner"`
	HTMLURL         string          `json:"html_url"`
	URL             string          `json:"url"`
	HasIssues       bool            `json:"has_issues"`
	OpenIssuesCount int             `json:"open_issues_count"`
	DefaultBranch   string          `json:"default_branch"`
	Permissions     jsonPermissions `json:"permissions"`
}

// timestamp formats t as GitHub does: UTC, seconds, "Z".
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func timestampPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := timestamp(*t)
	return &s
}

// nullIfEmpty renders "" as null, as GitHub does for unset bodies and
// descriptions.
func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nodeID(prefix string, id int64) string { return prefix + "_kwDOFAKE" + strconv.FormatInt(id, 36) }

func (c *reqCtx) renderUser(u *user) jsonUser {
	return jsonUser{
		Login:     u.login,
		ID:        u.id,
		NodeID:    nodeID("U", u.id),
		AvatarURL: c.base + "avatars/" + url.PathEscape(u.login),
		URL:       c.base + "users/" + url.PathEscape(u.login),
		HTMLURL:   c.base + url.PathEscape(u.login),
		Type:      userType(u),
	}
}

func userType(u *user) string {
	if u.bot {
		return "Bot"
	}
	return "User"
}

func (c *reqCtx) repoURL(r *repoState) string {
	return c.base + "repos/" + url.PathEscape(r.owner) + "/" + url.PathEscape(r.name)
}

func (c *reqCtx) repoHTMLURL(r *repoState) string {
	return c.base + url.PathEscape(r.owner) + "/" + url.PathEscape(r.name)
}

func (c *reqCtx) renderLabel(r *repoState, l *labelState) jsonLabel {
	return jsonLabel{
		ID:          l.id,
		NodeID:      nodeID("LA", l.id),
		URL:         c.repoURL(r) + "/labels/" + url.PathEscape(l.name),
		Name:        l.name,
		Color:       l.color,
		Description: nullIfEmpty(l.description),
	}
}

func (c *reqCtx) renderLabels(r *repoState, ls []*labelState) []jsonLabel {
	out := []jsonLabel{}
	for _, l := range sortedLabels(ls) {
		out = append(out, c.renderLabel(r, l))
	}
	return out
}

func (c *reqCtx) renderMilestone(r *repoState, m *milestoneState) *jsonMilestone {
	counts, ok := c.counts[r]
	if !ok {
		counts = map[*milestoneState][2]int{}
		for _, is := range r.issues {
			if is.milestone == nil {
				continue
			}
			n := counts[is.milestone]
			if is.state == "closed" {
				n[1]++
			} else {
				n[0]++
			}
			counts[is.milestone] = n
		}
		if c.counts == nil {
			c.counts = map[*repoState]map[*milestoneState][2]int{}
		}
		c.counts[r] = counts
	}
	open, closed := counts[m][0], counts[m][1]
	j := &jsonMilestone{
		URL:          fmt.Sprintf("%s/milestones/%d", c.repoURL(r), m.number),
		HTMLURL:      fmt.Sprintf("%s/milestone/%d", c.repoHTMLURL(r), m.number),
		LabelsURL:    fmt.Sprintf("%s/milestones/%d/labels", c.repoURL(r), m.number),
		ID:           m.id,
		NodeID:       nodeID("MI", m.id),
		Number:       m.number,
		State:        m.state,
		Title:        m.title,
		Description:  nullIfEmpty(m.description),
		OpenIssues:   open,
		ClosedIssues: closed,
		CreatedAt:    timestamp(m.created),
		UpdatedAt:    timestamp(m.updated),
		ClosedAt:     timestampPtr(m.closedAt),
		DueOn:        timestampPtr(m.dueOn),
	}
	if m.creator != nil {
		u := c.renderUser(m.creator)
		j.Creator = &u
	}
	return j
}

func (c *reqCtx) renderIssue(r *repoState, is *issueState) jsonIssue {
	u := fmt.Sprintf("%s/issues/%d", c.repoURL(r), is.number)
	kind := "issues"
	if is.pull {
		kind = "pull"
	}
	j := jsonIssue{
		URL:               u,
		RepositoryURL:     c.repoURL(r),
		LabelsURL:         u + "/labels{/name}",
		CommentsURL:       u + "/comments",
		EventsURL:         u + "/events",
		HTMLURL:           fmt.Sprintf("%s/%s/%d", c.repoHTMLURL(r), kind, is.number),
		ID:                is.id,
		NodeID:            nodeID("I", is.id),
		Number:            is.number,
		Title:             is.title,
		User:              c.renderUser(is.user),
		Labels:            c.renderLabels(r, is.labels),
		State:             is.state,
		Locked:            is.locked,
		Assignees:         []jsonUser{},
		Comments:          len(is.comments),
		CreatedAt:         timestamp(is.created),
		UpdatedAt:         timestamp(is.updated),
		ClosedAt:          timestampPtr(is.closedAt),
		AuthorAssociation: c.association(r, is.user),
		Body:              nullIfEmpty(is.body),
		StateReason:       nullIfEmpty(is.stateReason),
		DepSummary:        r.depSummary(is),
		Type:              renderType(is.issueType),
		FieldValues:       c.renderFieldValues(is),
		SubSummary:        subSummary(is),
		ParentIssueURL:    c.parentURL(is),
	}
	for _, a := range is.assignees {
		j.Assignees = append(j.Assignees, c.renderUser(a))
	}
	if len(j.Assignees) > 0 {
		a := j.Assignees[0]
		j.Assignee = &a
	}
	if is.milestone != nil {
		j.Milestone = c.renderMilestone(r, is.milestone)
	}
	if is.pull {
		pu := fmt.Sprintf("%s/pulls/%d", c.repoURL(r), is.number)
		j.PullRequest = &jsonPullRef{URL: pu, HTMLURL: j.HTMLURL, DiffURL: j.HTMLURL + ".diff", PatchURL: j.HTMLURL + ".patch"}
	}
	return j
}

func (c *reqCtx) association(r *repoState, u *user) string {
	switch {
	case u.bot:
		// Bots (the Actions bot, an App's) are no collaborators: GitHub
		// shows their issues as NONE.
		return "NONE"
	case u == c.s.me && !r.noPush:
		return "OWNER"
	case r.assignable[lower(u.login)] != nil, c.s.isCollaborator(u.login):
		return "COLLABORATOR"
	default:
		return "NONE"
	}
}

func (c *reqCtx) renderComment(r *repoState, is *issueState, cm *commentState) jsonComment {
	return jsonComment{
		URL:               fmt.Sprintf("%s/issues/comments/%d", c.repoURL(r), cm.id),
		HTMLURL:           fmt.Sprintf("%s/issues/%d#issuecomment-%d", c.repoHTMLURL(r), is.number, cm.id),
		IssueURL:          fmt.Sprintf("%s/issues/%d", c.repoURL(r), is.number),
		ID:                cm.id,
		NodeID:            nodeID("IC", cm.id),
		User:              c.renderUser(cm.user),
		CreatedAt:         timestamp(cm.created),
		UpdatedAt:         timestamp(cm.updated),
		AuthorAssociation: c.association(r, cm.user),
		Body:              cm.body,
	}
}

func (c *reqCtx) renderRepo(r *repoState) jsonRepo {
	open := 0
	for _, is := range r.issues {
		if is.state == "open" {
			open++
		}
	}
	owner := c.s.userFor(r.owner)
	push := !r.noPush
	return jsonRepo{
		ID:              r.id,
		NodeID:          nodeID("R", r.id),
		Name:            r.name,
		FullName:        r.fullName(),
		Owner:           c.renderUser(owner),
		HTMLURL:         c.repoHTMLURL(r),
		URL:             c.repoURL(r),
		HasIssues:       !r.issuesDisabled,
		OpenIssuesCount: open,
		DefaultBranch:   "main",
		Permissions:     jsonPermissions{Admin: push, Maintain: push, Push: push, Triage: push, Pull: true},
	}
}
