package ghapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/ghsync/ghsync/internal/observed"
)

// issueJSON is the part of GitHub's issue object that ghsync reads. Lists
// are decoded into it rather than into go-github's Issue, which has about
// fifty fields, a dozen nested objects and a pointer for each: at 20,000
// issues that decoding was a third of a plan's CPU (docs/performance.md).
// Single issues still go through go-github's types.
type issueJSON struct {
	Number      int    `json:"number"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	State       string `json:"state"`
	StateReason string `json:"state_reason"`
	Labels      []struct {
		Name string `json:"name"`
	} `json:"labels"`
	Milestone *struct {
		Number int `json:"number"`
	} `json:"milestone"`
	Assignees []struct {
		Login string `json:"login"`
	} `json:"assignees"`
	Locked    bool       `json:"locked"`
	HTMLURL   string     `json:"html_url"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	ClosedAt  *time.Time `json:"closed_at"`
	// PullRequest is set for pull requests, which the issues list holds
	// too; its fields are not needed.
	PullRequest *struct{} `json:"pull_request"`
}

func (is issueJSON) observed() observed.Issue {
	out := observed.Issue{
		Number:      is.Number,
		Title:       is.Title,
		Body:        is.Body,
		State:       is.State,
		StateReason: is.StateReason,
		Labels:      make([]string, 0, len(is.Labels)),
		Locked:      is.Locked,
		HTMLURL:     is.HTMLURL,
		CreatedAt:   is.CreatedAt,
		UpdatedAt:   is.UpdatedAt,
		ClosedAt:    is.ClosedAt,
	}
	for _, l := range is.Labels {
		out.Labels = append(out.Labels, l.Name)
	}
	if is.Milestone != nil {
		out.Milestone = is.Milestone.Number
	}
	for _, u := range is.Assignees {
		out.Assignees = append(out.Assignees, u.Login)
	}
	return out
}

// issuesQuery is one page of GET /repos/{owner}/{repo}/issues, every state,
// by creation time.
type issuesQuery struct {
	direction     string
	perPage, page int
}

// issuesPage reads one page of the issues list through go-github (headers,
// errors, the Link header's next page) into issueJSON. The page's bytes go
// through buf, which the caller reuses from page to page: a listing of
// 20,000 issues is 50 MB of JSON, and a new decoder buffer per page was as
// much garbage again.
func (c *Client) issuesPage(ctx context.Context, q issuesQuery, buf *bytes.Buffer) ([]issueJSON, *github.Response, error) {
	v := url.Values{"state": {"all"}, "sort": {"created"}, "direction": {q.direction}, "per_page": {strconv.Itoa(q.perPage)}}
	if q.page > 1 {
		v.Set("page", strconv.Itoa(q.page))
	}
	req, err := c.gh.NewRequest(http.MethodGet, c.repoPath("issues")+"?"+v.Encode(), nil)
	if err != nil {
		return nil, nil, err
	}
	buf.Reset()
	resp, err := c.gh.Do(ctx, req, buf)
	if err != nil {
		return nil, resp, err
	}
	var page []issueJSON
	if err := json.Unmarshal(buf.Bytes(), &page); err != nil {
		return nil, resp, fmt.Errorf("decode the issues list: %w", err)
	}
	return page, resp, nil
}
