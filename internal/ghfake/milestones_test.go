package ghfake

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
)

func TestDueOnNormalised(t *testing.T) {
	e := newEnv(t, Options{})
	for i, tc := range []struct{ send, want string }{
		// Winter (PST, -08:00): the cut-off is 08:00Z.
		{"2024-03-01T12:00:00Z", "2024-03-01T08:00:00Z"},
		{"2024-03-01T08:00:00Z", "2024-03-01T08:00:00Z"},
		{"2024-03-01T07:59:59Z", "2024-02-29T08:00:00Z"},
		{"2024-03-01T00:00:00Z", "2024-02-29T08:00:00Z"},
		// Summer (PDT, -07:00): the cut-off is 07:00Z.
		{"2024-07-04T12:00:00Z", "2024-07-04T07:00:00Z"},
		{"2024-07-04T07:00:00Z", "2024-07-04T07:00:00Z"},
		{"2024-07-04T06:59:59Z", "2024-07-03T07:00:00Z"},
		{"2024-07-04T00:00:00Z", "2024-07-03T07:00:00Z"},
		// An offset counts as the instant it names.
		{"2024-07-04T12:00:00+09:00", "2024-07-03T07:00:00Z"},
		// The day DST starts: midnight Pacific is still PST.
		{"2024-03-10T12:00:00Z", "2024-03-10T08:00:00Z"},
	} {
		t.Run(tc.send, func(t *testing.T) {
			var m github.Milestone
			body := fmt.Sprintf(`{"title":"m%d","due_on":%q}`, i, tc.send)
			if resp := e.raw(t, "POST", "/repos/o/r/milestones", body, &m); resp.StatusCode != 201 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := m.GetDueOn().UTC().Format(time.RFC3339); got != tc.want {
				t.Errorf("due_on %s, want %s", got, tc.want)
			}
		})
	}
	// Through go-github, and on edit.
	due := time.Date(2024, 11, 5, 12, 0, 0, 0, time.UTC)
	m, _, err := e.gh.Issues.CreateMilestone(ctx, "o", "r", &github.Milestone{Title: ptr("gh"), DueOn: &github.Timestamp{Time: due}})
	if err != nil || m.GetDueOn().UTC().Format(time.RFC3339) != "2024-11-05T08:00:00Z" {
		t.Fatalf("go-github create: %v %v", m.GetDueOn(), err)
	}
	m, _, err = e.gh.Issues.EditMilestone(ctx, "o", "r", m.GetNumber(), &github.Milestone{DueOn: &github.Timestamp{Time: time.Date(2024, 11, 5, 1, 0, 0, 0, time.UTC)}})
	if err != nil || m.GetDueOn().UTC().Format(time.RFC3339) != "2024-11-04T08:00:00Z" {
		t.Fatalf("go-github edit: %v %v", m.GetDueOn(), err)
	}
	var cleared github.Milestone
	e.raw(t, "PATCH", fmt.Sprintf("/repos/o/r/milestones/%d", m.GetNumber()), `{"due_on":null}`, &cleared)
	if cleared.DueOn != nil {
		t.Errorf("due_on null kept %v", cleared.DueOn)
	}
	if first := e.s.Milestones(repo)[0]; !NormalizeDueOn(time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)).Equal(*first.DueOn) {
		t.Errorf("NormalizeDueOn disagrees with the API")
	}
}

func TestMilestoneRules(t *testing.T) {
	e := newEnv(t, Options{})
	m, resp, err := e.gh.Issues.CreateMilestone(ctx, "o", "r", &github.Milestone{Title: ptr("v1"), Description: ptr("d")})
	if err != nil || resp.StatusCode != 201 || m.GetNumber() != 1 || m.GetState() != "open" {
		t.Fatalf("create: %v %v", m, err)
	}
	for _, tc := range []struct {
		name, body, field, code string
	}{
		{"duplicate title", `{"title":"v1"}`, "title", "already_exists"},
		{"duplicate title ignoring case", `{"title":"V1"}`, "title", "already_exists"},
		{"no title", `{"description":"x"}`, "title", "missing_field"},
		{"bad state", `{"title":"x","state":"done"}`, "state", "invalid"},
		{"bad due_on", `{"title":"x","due_on":"2024-03-01"}`, "due_on", "invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var er github.ErrorResponse
			resp := e.raw(t, "POST", "/repos/o/r/milestones", tc.body, &er)
			if resp.StatusCode != 422 || len(er.Errors) == 0 || er.Errors[0].Field != tc.field || er.Errors[0].Code != tc.code || er.Errors[0].Resource != "Milestone" {
				t.Errorf("%d %+v", resp.StatusCode, er)
			}
		})
	}

	// Counts, close and delete.
	a := e.s.SeedIssue(repo, Issue{Title: "a", Milestone: 1})
	e.s.SeedIssue(repo, Issue{Title: "b", Milestone: 1, State: "closed"})
	e.s.SeedIssue(repo, Issue{Title: "c", Milestone: 1, State: "closed"})
	e.clock.advance(time.Hour)
	m, _, err = e.gh.Issues.EditMilestone(ctx, "o", "r", 1, &github.Milestone{State: ptr("closed")})
	if err != nil || m.GetOpenIssues() != 1 || m.GetClosedIssues() != 2 || m.GetState() != "closed" || !m.GetClosedAt().Time.Equal(e.clock.t) || !m.GetUpdatedAt().Time.Equal(e.clock.t) {
		t.Fatalf("closed: %+v %v", m, err)
	}
	if _, err := e.gh.Issues.DeleteMilestone(ctx, "o", "r", 1); err != nil {
		t.Fatal(err)
	}
	if is, _ := e.s.Issue(repo, a); is.Milestone != 0 {
		t.Errorf("issue kept deleted milestone %d", is.Milestone)
	}
	if _, resp, _ := e.gh.Issues.GetMilestone(ctx, "o", "r", 1); resp.StatusCode != 404 {
		t.Errorf("deleted milestone: %d", resp.StatusCode)
	}
}

func TestListMilestones(t *testing.T) {
	e := newEnv(t, Options{})
	due := func(d int) *time.Time { x := t0.AddDate(0, 0, d); return &x }
	e.s.SeedMilestone(repo, Milestone{Title: "late", DueOn: due(30)})  // 1
	e.s.SeedMilestone(repo, Milestone{Title: "none"})                  // 2
	e.s.SeedMilestone(repo, Milestone{Title: "soon", DueOn: due(1)})   // 3
	e.s.SeedMilestone(repo, Milestone{Title: "done", State: "closed"}) // 4
	e.s.SeedMilestone(repo, Milestone{Title: "half", DueOn: due(10)})  // 5
	e.s.SeedIssue(repo, Issue{Title: "x", Milestone: 5, State: "closed"})
	e.s.SeedIssue(repo, Issue{Title: "y", Milestone: 5})
	e.s.SeedIssue(repo, Issue{Title: "z", Milestone: 1, State: "closed"})
	for _, tc := range []struct {
		opt  github.MilestoneListOptions
		want string
	}{
		{github.MilestoneListOptions{}, "3,5,1,2"},
		{github.MilestoneListOptions{State: "all"}, "3,5,1,2,4"},
		{github.MilestoneListOptions{State: "closed"}, "4"},
		{github.MilestoneListOptions{Direction: "desc"}, "2,1,5,3"},
		{github.MilestoneListOptions{Sort: "completeness"}, "2,3,5,1"},
	} {
		ms, _, err := e.gh.Issues.ListMilestones(ctx, "o", "r", &tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms {
			got = append(got, fmt.Sprint(m.GetNumber()))
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%+v: got %v, want %s", tc.opt, got, tc.want)
		}
	}
}
