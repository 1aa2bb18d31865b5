package ghapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// Issue dependencies ("blocked by" relationships, GA 2025-08; not in
// go-github v60): one small wrapper per endpoint. The other issue is named
// by its numeric id, not its number.

// ListBlockedBy reads the issues issue number is blocked by (GitHub allows
// 50, so one page of 100 holds them all).
func (c *Client) ListBlockedBy(ctx context.Context, number int) ([]observed.Ref, error) {
	op := fmt.Sprintf("read what blocks issue #%d of %s", number, c.repo)
	var got []issueJSON
	if err := c.send(ctx, op, number, http.MethodGet, c.repoPath("issues", fmt.Sprint(number), "dependencies", "blocked_by")+"?per_page=100", nil, &got); err != nil {
		return nil, err
	}
	out := make([]observed.Ref, 0, len(got))
	for _, is := range got {
		out = append(out, observed.Ref{Number: is.Number, ID: is.ID})
	}
	return out, nil
}

// AddBlockedBy makes issue number blocked by the issue whose id is
// blockerID; like CreateIssue it is never repeated blindly.
func (c *Client) AddBlockedBy(ctx context.Context, number int, blockerID int64) error {
	op := fmt.Sprintf("mark issue #%d of %s blocked by issue id %d", number, c.repo, blockerID)
	if err := c.readOnly(op); err != nil {
		return err
	}
	return c.send(ctx, op, number, http.MethodPost, c.repoPath("issues", fmt.Sprint(number), "dependencies", "blocked_by"), map[string]any{"issue_id": blockerID}, nil)
}

// RemoveBlockedBy removes the edge that makes issue number blocked by the
// issue whose id is blockerID.
func (c *Client) RemoveBlockedBy(ctx context.Context, number int, blockerID int64) error {
	op := fmt.Sprintf("remove the blocked-by link of issue #%d of %s to issue id %d", number, c.repo, blockerID)
	if err := c.readOnly(op); err != nil {
		return err
	}
	return c.send(ctx, op, number, http.MethodDelete, c.repoPath("issues", fmt.Sprint(number), "dependencies", "blocked_by", fmt.Sprint(blockerID)), nil, nil)
}

// readBlockedBy reads the edge lists of the managed issues whose count of
// blockers (issue_dependencies_summary) disagrees with the blockers ghsync
// recorded in their managed region: everywhere else the record says all
// there is, and a steady state costs no request.
func (c *Client) readBlockedBy(ctx context.Context, issues []observed.Issue) error {
	for i := range issues {
		is := &issues[i]
		if is.TotalBlockedBy == 0 && !hasBlockedByRecord(is.Body) {
			continue
		}
		rec, managed := 0, false
		for _, k := range marker.Keys(is.Body) {
			if k.Kind != marker.Blocker {
				continue
			}
			m, _ := marker.Managed(is.Body, k)
			rec, managed = len(marker.BlockedBy(m)), true
			break
		}
		if !managed || rec == is.TotalBlockedBy {
			continue
		}
		refs, err := c.ListBlockedBy(ctx, is.Number)
		if err != nil {
			return err
		}
		is.BlockedBy = refs
	}
	return nil
}

func hasBlockedByRecord(body string) bool { return strings.Contains(body, "<!-- ghsync:blocked-by=") }
