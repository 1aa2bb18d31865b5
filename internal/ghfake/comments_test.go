package ghfake

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
)

func TestComments(t *testing.T) {
	e := newEnv(t, Options{})
	n := e.s.SeedIssue(repo, Issue{Title: "x"})
	e.clock.advance(time.Hour)
	c, resp, err := e.gh.Issues.CreateComment(ctx, "o", "r", n, &github.IssueComment{Body: ptr("first")})
	if err != nil || resp.StatusCode != 201 || c.GetBody() != "first" || c.GetUser().GetLogin() != "ghsync-bot" {
		t.Fatalf("create: %v %v", c, err)
	}
	is, _, _ := e.gh.Issues.Get(ctx, "o", "r", n)
	if is.GetComments() != 1 || !is.GetUpdatedAt().Time.Equal(e.clock.t) {
		t.Errorf("issue after comment: %d comments, updated %v", is.GetComments(), is.GetUpdatedAt())
	}
	for _, tc := range []struct {
		body string
		code string
		ok   bool
	}{
		{"", "missing_field", false},
		{strings.Repeat("c", 65536), "", true},
		{strings.Repeat("c", 65537), "custom", false},
	} {
		_, resp, err := e.gh.Issues.CreateComment(ctx, "o", "r", n, &github.IssueComment{Body: ptr(tc.body)})
		if tc.ok {
			if err != nil {
				t.Errorf("%d chars: %v", len(tc.body), err)
			}
			continue
		}
		if er := errResp(t, err); resp.StatusCode != 422 || er.Errors[0].Code != tc.code {
			t.Errorf("%d chars: %d %+v", len(tc.body), resp.StatusCode, er.Errors)
		}
	}
	e.clock.advance(time.Hour)
	later := e.clock.t
	c2, _, _ := e.gh.Issues.CreateComment(ctx, "o", "r", n, &github.IssueComment{Body: ptr("second")})
	cs, _, err := e.gh.Issues.ListComments(ctx, "o", "r", n, &github.IssueListCommentsOptions{Since: &later})
	if err != nil || len(cs) != 1 || cs[0].GetID() != c2.GetID() {
		t.Errorf("since: %v %v", cs, err)
	}
	if c, _, err := e.gh.Issues.EditComment(ctx, "o", "r", c.GetID(), &github.IssueComment{Body: ptr("edited")}); err != nil || c.GetBody() != "edited" {
		t.Errorf("edit: %v %v", c, err)
	}
	if _, err := e.gh.Issues.DeleteComment(ctx, "o", "r", c2.GetID()); err != nil {
		t.Errorf("delete: %v", err)
	}
	got := e.s.Comments(repo, n)
	if len(got) != 2 || got[0].Body != "edited" {
		t.Errorf("comments %+v", got)
	}

	// Locked issues take comments only from those with push access.
	e.s.EditIssue(repo, n, func(i *Issue) { i.Locked = true })
	e.s.SetPushAccess(repo, false)
	_, resp, err = e.gh.Issues.CreateComment(ctx, "o", "r", n, &github.IssueComment{Body: ptr("x")})
	wantStatus(t, "comment on locked", resp, err, 403)
}

func TestPersonActions(t *testing.T) {
	e := newEnv(t, Options{})
	e.s.SeedLabel(repo, Label{Name: "a", Color: "aaaaaa"})
	if err := e.s.SeedLabel(repo, Label{Name: "A"}); err == nil {
		t.Error("duplicate seed label accepted")
	}
	if err := e.s.SeedLabel(repo, Label{Name: "b", Color: "#bbbbbb"}); err == nil {
		t.Error("invalid color accepted")
	}
	ms := e.s.SeedMilestone(repo, Milestone{Title: "v1"})
	n := e.s.SeedIssue(repo, Issue{Title: "x", Labels: []string{"A", "new"}, Milestone: ms})
	is, ok := e.s.Issue(repo, n)
	if !ok || strings.Join(is.Labels, ",") != "a,new" || is.Milestone != ms || is.User != "ghsync-bot" {
		t.Fatalf("seeded %+v", is)
	}
	if l := e.s.Labels(repo); l[1].Color != "ededed" {
		t.Errorf("on-the-fly label %+v", l[1])
	}
	if err := e.s.EditLabel(repo, "a", func(l *Label) { l.Name = "renamed" }); err != nil {
		t.Fatal(err)
	}
	if err := e.s.EditLabel(repo, "renamed", func(l *Label) { l.Name = "NEW" }); err == nil {
		t.Error("rename onto an existing label accepted")
	}
	is, _ = e.s.Issue(repo, n)
	if strings.Join(is.Labels, ",") != "new,renamed" {
		t.Errorf("labels after rename %v", is.Labels)
	}

	// Edits move updated_at only when something changed.
	e.clock.advance(time.Hour)
	e.s.EditIssue(repo, n, func(i *Issue) {})
	if is, _ = e.s.Issue(repo, n); !is.UpdatedAt.Equal(t0) {
		t.Errorf("no-op edit moved updated_at")
	}
	e.s.EditIssue(repo, n, func(i *Issue) { i.State = "closed" })
	is, _ = e.s.Issue(repo, n)
	if !is.UpdatedAt.Equal(e.clock.t) || is.StateReason != "completed" || is.ClosedAt == nil {
		t.Errorf("closed %+v", is)
	}
	// Deep copies: changing what we got changes nothing.
	is.Labels[0] = "mutated"
	if again, _ := e.s.Issue(repo, n); again.Labels[0] == "mutated" {
		t.Error("Issue shares its labels slice")
	}

	if err := e.s.EditMilestone(repo, ms, func(m *Milestone) { m.State = "closed" }); err != nil {
		t.Fatal(err)
	}
	if m := e.s.Milestones(repo)[0]; m.State != "closed" || m.ClosedAt == nil {
		t.Errorf("milestone %+v", m)
	}
	if err := e.s.DeleteMilestone(repo, ms); err != nil {
		t.Fatal(err)
	}
	if err := e.s.DeleteLabel(repo, "NEW"); err != nil {
		t.Fatal(err)
	}
	if is, _ = e.s.Issue(repo, n); is.Milestone != 0 || strings.Join(is.Labels, ",") != "renamed" {
		t.Errorf("after deletes %+v", is)
	}
	// Pulls are not issues for Issues(), but Issue() shows them.
	p := e.s.SeedPull(repo, "pull")
	if len(e.s.Issues(repo)) != 1 {
		t.Error("Issues lists a pull")
	}
	if pr, ok := e.s.Issue(repo, p); !ok || !pr.PullRequest {
		t.Errorf("pull %+v", pr)
	}
}

func TestAssignees(t *testing.T) {
	e := newEnv(t, Options{})
	e.s.AddCollaborator(repo, "Ana")
	n := e.s.SeedIssue(repo, Issue{Title: "x"})
	is, _, err := e.gh.Issues.Edit(ctx, "o", "r", n, &github.IssueRequest{Assignees: &[]string{"ana", "ghsync-bot"}})
	if err != nil || len(is.Assignees) != 2 || is.GetAssignee().GetLogin() != "Ana" {
		t.Fatalf("assign: %v %v", is, err)
	}
	_, resp, err := e.gh.Issues.Edit(ctx, "o", "r", n, &github.IssueRequest{Assignees: &[]string{"stranger"}})
	if er := errResp(t, err); resp.StatusCode != 422 || er.Errors[0].Field != "assignees" {
		t.Errorf("stranger: %d %+v", resp.StatusCode, er.Errors)
	}
	if is, _, _ := e.gh.Issues.Edit(ctx, "o", "r", n, &github.IssueRequest{Assignees: &[]string{}}); len(is.Assignees) != 0 {
		t.Errorf("clear: %v", is.Assignees)
	}
}
