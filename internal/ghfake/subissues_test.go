package ghfake

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestSubIssues(t *testing.T) {
	e := newEnv(t, Options{})
	e.s.AddRepo("o/other")
	e.s.AddRepo("x/elsewhere")
	var ids []int64
	for i := range 4 {
		n := e.s.SeedIssue(repo, Issue{Title: fmt.Sprint("issue ", i)})
		ids = append(ids, e.s.IssueID(repo, n))
	}
	sameOwner := e.s.IssueID("o/other", e.s.SeedIssue("o/other", Issue{Title: "same owner"}))
	otherOwner := e.s.IssueID("x/elsewhere", e.s.SeedIssue("x/elsewhere", Issue{Title: "other owner"}))
	pull := e.s.IssueID(repo, e.s.SeedPull(repo, "a pull request"))
	path := func(n int) string { return fmt.Sprintf("/repos/o/r/issues/%d/sub_issues", n) }
	post := func(n int, body string) int {
		t.Helper()
		return e.raw(t, http.MethodPost, path(n), body, nil).StatusCode
	}
	if got := post(1, fmt.Sprintf(`{"sub_issue_id":%d}`, ids[1])); got != http.StatusCreated {
		t.Fatalf("2 under 1: %d", got)
	}
	for _, tc := range []struct {
		what string
		n    int
		body string
		want int
	}{
		{"unknown parent", 99, fmt.Sprintf(`{"sub_issue_id":%d}`, ids[2]), http.StatusNotFound},
		{"an issue number for the id", 1, `{"sub_issue_id":3}`, http.StatusUnprocessableEntity},
		{"a string id", 1, fmt.Sprintf(`{"sub_issue_id":"%d"}`, ids[2]), http.StatusUnprocessableEntity},
		{"no id", 1, `{}`, http.StatusUnprocessableEntity},
		{"duplicate", 1, fmt.Sprintf(`{"sub_issue_id":%d}`, ids[1]), http.StatusUnprocessableEntity},
		{"a second parent", 3, fmt.Sprintf(`{"sub_issue_id":%d}`, ids[1]), http.StatusUnprocessableEntity},
		{"itself", 1, fmt.Sprintf(`{"sub_issue_id":%d}`, ids[0]), http.StatusUnprocessableEntity},
		{"its own ancestor", 2, fmt.Sprintf(`{"sub_issue_id":%d}`, ids[0]), http.StatusUnprocessableEntity},
		{"another owner's issue", 1, fmt.Sprintf(`{"sub_issue_id":%d}`, otherOwner), http.StatusUnprocessableEntity},
		{"a pull request", 1, fmt.Sprintf(`{"sub_issue_id":%d}`, pull), http.StatusUnprocessableEntity},
		{"replace_parent not a boolean", 3, fmt.Sprintf(`{"sub_issue_id":%d,"replace_parent":"yes"}`, ids[1]), http.StatusUnprocessableEntity},
	} {
		if got := post(tc.n, tc.body); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.what, got, tc.want)
		}
	}
	// The same owner's other repository may hold the sub-issue.
	if got := post(1, fmt.Sprintf(`{"sub_issue_id":%d}`, sameOwner)); got != http.StatusCreated {
		t.Errorf("the same owner's issue: %d", got)
	}
	if got := e.s.SubIssues(repo, 1); fmt.Sprint(got) != "[2 1]" {
		t.Errorf("sub-issues of 1 (numbers, the second in o/other): %v", got)
	}
	// replace_parent moves it.
	if got := post(3, fmt.Sprintf(`{"sub_issue_id":%d,"replace_parent":true}`, ids[1])); got != http.StatusCreated {
		t.Fatalf("move 2 under 3: %d", got)
	}
	if p, ok := e.s.Parent(repo, 2); !ok || p != 3 {
		t.Fatalf("parent of 2: %d %v, want 3", p, ok)
	}

	// Every issue carries its summary and parent URL; closed ones count
	// as completed.
	e.s.EditIssue(repo, 2, func(is *Issue) { is.State, is.StateReason = "closed", "completed" })
	if got := post(3, fmt.Sprintf(`{"sub_issue_id":%d}`, ids[3])); got != http.StatusCreated {
		t.Fatalf("4 under 3: %d", got)
	}
	var issues []struct {
		Number  int     `json:"number"`
		URL     string  `json:"url"`
		Parent  *string `json:"parent_issue_url"`
		Summary struct {
			Total, Completed int
			Percent          int `json:"percent_completed"`
		} `json:"sub_issues_summary"`
	}
	e.raw(t, http.MethodGet, "/repos/o/r/issues?state=all", "", &issues)
	got := map[int]string{}
	for _, is := range issues {
		parent := "-"
		if is.Parent != nil {
			parent = (*is.Parent)[strings.LastIndex(*is.Parent, "/")+1:]
			if !strings.HasPrefix(*is.Parent, strings.TrimSuffix(is.URL, fmt.Sprint(is.Number))) {
				t.Errorf("#%d's parent URL %s is not beside its own %s", is.Number, *is.Parent, is.URL)
			}
		}
		got[is.Number] = fmt.Sprint(parent, " ", is.Summary.Total, is.Summary.Completed, is.Summary.Percent)
	}
	if want := map[int]string{1: "- 1 0 0", 2: "3 0 0 0", 3: "- 2 1 50", 4: "3 0 0 0", 5: "- 0 0 0"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("summaries %v, want %v", got, want)
	}
	var list []struct{ Number int }
	if resp := e.raw(t, http.MethodGet, path(3), "", &list); resp.StatusCode != 200 || fmt.Sprint(list) != "[{2} {4}]" {
		t.Fatalf("list: %d %+v", resp.StatusCode, list)
	}
	var parent struct{ Number int }
	if resp := e.raw(t, http.MethodGet, "/repos/o/r/issues/4/parent", "", &parent); resp.StatusCode != 200 || parent.Number != 3 {
		t.Fatalf("parent of 4: %d %+v", resp.StatusCode, parent)
	}
	if resp := e.raw(t, http.MethodGet, "/repos/o/r/issues/3/parent", "", nil); resp.StatusCode != 404 {
		t.Fatalf("parent of an issue without one: %d", resp.StatusCode)
	}

	// DELETE .../sub_issue (singular) with the id in the body.
	del := func(n int, id int64) int {
		return e.raw(t, http.MethodDelete, fmt.Sprintf("/repos/o/r/issues/%d/sub_issue", n), fmt.Sprintf(`{"sub_issue_id":%d}`, id), nil).StatusCode
	}
	if got := del(3, ids[3]); got != 200 {
		t.Fatalf("delete: %d", got)
	}
	if got := del(3, ids[3]); got != 404 {
		t.Fatalf("delete again: %d", got)
	}
	if got := e.raw(t, http.MethodDelete, "/repos/o/r/issues/3/sub_issues", fmt.Sprintf(`{"sub_issue_id":%d}`, ids[1]), nil).StatusCode; got != 404 {
		t.Errorf("DELETE on the plural path: %d, want 404", got)
	}
	if _, ok := e.s.Parent(repo, 4); ok {
		t.Fatal("4 still has a parent")
	}

	// 100 sub-issues at most, closed ones included.
	many := e.s.SeedIssue(repo, Issue{Title: "many"})
	for i := range maxSubIssues {
		st := ""
		if i%2 == 0 {
			st = "closed"
		}
		n := e.s.SeedIssue(repo, Issue{Title: fmt.Sprint("child ", i), State: st})
		if err := e.s.AddSubIssue(repo, many, n); err != nil {
			t.Fatal(err)
		}
	}
	last := e.s.SeedIssue(repo, Issue{Title: "one too many"})
	if got := post(many, fmt.Sprintf(`{"sub_issue_id":%d}`, e.s.IssueID(repo, last))); got != http.StatusUnprocessableEntity {
		t.Errorf("101st sub-issue: %d", got)
	}
	// A deleted parent lets its sub-issues go.
	e.s.DeleteIssue(repo, many)
	if _, ok := e.s.Parent(repo, last-1); ok {
		t.Error("a sub-issue of a deleted issue keeps its parent")
	}
}

// GitHub nests sub-issues 8 levels deep, the top issue counted: the fake
// refuses a ninth, over the API and for a person alike, also when the
// child brings levels of its own.
func TestSubIssuesNestEightLevels(t *testing.T) {
	e := newEnv(t, Options{})
	var nums []int
	for i := range 10 {
		nums = append(nums, e.s.SeedIssue(repo, Issue{Title: fmt.Sprint("level ", i+1)}))
	}
	for i := 1; i < 8; i++ { // levels 1..8: 1 <- 2 <- ... <- 8
		if err := e.s.AddSubIssue(repo, nums[i-1], nums[i]); err != nil {
			t.Fatalf("level %d: %v", i+1, err)
		}
	}
	if err := e.s.AddSubIssue(repo, nums[7], nums[8]); err == nil {
		t.Fatalf("a person nested a ninth level")
	}
	post := func(parent, child int) int {
		t.Helper()
		return e.raw(t, http.MethodPost, fmt.Sprintf("/repos/o/r/issues/%d/sub_issues", parent), fmt.Sprintf(`{"sub_issue_id":%d}`, e.s.IssueID(repo, child)), nil).StatusCode
	}
	if got := post(nums[7], nums[8]); got != http.StatusUnprocessableEntity {
		t.Fatalf("a ninth level over the API: %d, want 422", got)
	}
	// 9 <- 10 is two levels: under level 6 it ends at 8, under 7 at 9.
	if err := e.s.AddSubIssue(repo, nums[8], nums[9]); err != nil {
		t.Fatal(err)
	}
	if got := post(nums[6], nums[8]); got != http.StatusUnprocessableEntity {
		t.Errorf("a child with a level of its own at levels 8 and 9: %d, want 422", got)
	}
	if got := post(nums[5], nums[8]); got != http.StatusCreated {
		t.Errorf("a child with a level of its own at levels 7 and 8: %d, want 201", got)
	}
}
