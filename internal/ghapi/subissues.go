package ghapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ghsync/ghsync/internal/observed"
)

// Sub-issues (GA 2025-04; not in go-github v60): one small wrapper per
// endpoint. The child is named by its numeric id, not its number. Who is
// whose sub-issue needs no request in a steady state: every issue of the
// list carries parent_issue_url and sub_issues_summary (observed.Issue's
// Parent and SubIssues); these are for writing, and for looking after a
// write whose answer was lost.

// ListSubIssues reads the sub-issues of issue number (GitHub allows 100,
// so one page of 100 holds them all).
func (c *Client) ListSubIssues(ctx context.Context, number int) ([]observed.Ref, error) {
	op := fmt.Sprintf("read the sub-issues of issue #%d of %s", number, c.repo)
	var got []issueJSON
	if err := c.send(ctx, op, number, http.MethodGet, c.repoPath("issues", fmt.Sprint(number), "sub_issues")+"?per_page=100", nil, &got); err != nil {
		return nil, err
	}
	out := make([]observed.Ref, 0, len(got))
	for _, is := range got {
		out = append(out, observed.Ref{Number: is.Number, ID: is.ID})
	}
	return out, nil
}

// AddSubIssue makes the issue whose id is childID a sub-issue of issue
// number; with replace it is taken from the parent it has (GitHub refuses
// a second parent otherwise). Like CreateIssue it is never repeated
// blindly.
func (c *Client) AddSubIssue(ctx context.Context, number int, childID int64, replace bool) error {
	op := fmt.Sprintf("add issue id %d as a sub-issue of issue #%d of %s", childID, number, c.repo)
	if err := c.readOnly(op); err != nil {
		return err
	}
	body := map[string]any{"sub_issue_id": childID}
	if replace {
		body["replace_parent"] = true
	}
	return c.send(ctx, op, number, http.MethodPost, c.repoPath("issues", fmt.Sprint(number), "sub_issues"), body, nil)
}

// RemoveSubIssue takes the issue whose id is childID off the sub-issues
// of issue number (DELETE .../sub_issue, singular, the id in the body).
func (c *Client) RemoveSubIssue(ctx context.Context, number int, childID int64) error {
	op := fmt.Sprintf("remove issue id %d from the sub-issues of issue #%d of %s", childID, number, c.repo)
	if err := c.readOnly(op); err != nil {
		return err
	}
	return c.send(ctx, op, number, http.MethodDelete, c.repoPath("issues", fmt.Sprint(number), "sub_issue"), map[string]any{"sub_issue_id": childID}, nil)
}
