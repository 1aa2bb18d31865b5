package ghfake

import (
	"fmt"
	"net/http"
	"testing"
)

func TestDependencies(t *testing.T) {
	e := newEnv(t, Options{})
	var ids []int64
	for i := range 3 {
		n := e.s.SeedIssue(repo, Issue{Title: fmt.Sprint("issue ", i)})
		ids = append(ids, e.s.IssueID(repo, n))
	}
	path := func(n int) string { return fmt.Sprintf("/repos/o/r/issues/%d/dependencies/blocked_by", n) }
	post := func(n int, body string) int {
		t.Helper()
		return e.raw(t, http.MethodPost, path(n), body, nil).StatusCode
	}
	if got := post(2, fmt.Sprintf(`{"issue_id":%d}`, ids[0])); got != http.StatusCreated {
		t.Fatalf("2 blocked by 1: %d", got)
	}
	for _, tc := range []struct {
		what string
		n    int
		body string
		want int
	}{
		{"unknown issue", 99, fmt.Sprintf(`{"issue_id":%d}`, ids[0]), http.StatusNotFound},
		{"an issue number for the id", 3, `{"issue_id":1}`, http.StatusUnprocessableEntity},
		{"a string id", 3, `{"issue_id":"1"}`, http.StatusUnprocessableEntity},
		{"duplicate", 2, fmt.Sprintf(`{"issue_id":%d}`, ids[0]), http.StatusUnprocessableEntity},
		{"circular", 1, fmt.Sprintf(`{"issue_id":%d}`, ids[1]), http.StatusUnprocessableEntity},
		{"itself", 1, fmt.Sprintf(`{"issue_id":%d}`, ids[0]), http.StatusUnprocessableEntity},
	} {
		if got := post(tc.n, tc.body); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.what, got, tc.want)
		}
	}
	// 3 blocked by 2 blocked by 1: 1 blocked by 3 is circular too.
	if got := post(3, fmt.Sprintf(`{"issue_id":%d}`, ids[1])); got != http.StatusCreated {
		t.Fatalf("3 blocked by 2: %d", got)
	}
	if got := post(1, fmt.Sprintf(`{"issue_id":%d}`, ids[2])); got != http.StatusUnprocessableEntity {
		t.Errorf("transitively circular: %d", got)
	}

	var list []struct {
		Number  int `json:"number"`
		Summary struct {
			BlockedBy      int `json:"blocked_by"`
			TotalBlockedBy int `json:"total_blocked_by"`
			Blocking       int `json:"blocking"`
			TotalBlocking  int `json:"total_blocking"`
		} `json:"issue_dependencies_summary"`
	}
	if resp := e.raw(t, http.MethodGet, path(3), "", &list); resp.StatusCode != 200 || len(list) != 1 || list[0].Number != 2 {
		t.Fatalf("list: %d %+v", resp.StatusCode, list)
	}
	// Closed blockers count in the totals only.
	e.s.EditIssue(repo, 1, func(is *Issue) { is.State, is.StateReason = "closed", "completed" })
	var issues []struct {
		Number  int `json:"number"`
		Summary struct {
			BlockedBy      int `json:"blocked_by"`
			TotalBlockedBy int `json:"total_blocked_by"`
			Blocking       int `json:"blocking"`
			TotalBlocking  int `json:"total_blocking"`
		} `json:"issue_dependencies_summary"`
	}
	e.raw(t, http.MethodGet, "/repos/o/r/issues?state=all", "", &issues)
	got := map[int]string{}
	for _, is := range issues {
		got[is.Number] = fmt.Sprint(is.Summary.BlockedBy, is.Summary.TotalBlockedBy, is.Summary.Blocking, is.Summary.TotalBlocking)
	}
	if want := map[int]string{1: "0 0 1 1", 2: "0 1 1 1", 3: "1 1 0 0"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("summaries %v, want %v", got, want)
	}

	if resp := e.raw(t, http.MethodDelete, fmt.Sprintf("%s/%d", path(2), ids[0]), "", nil); resp.StatusCode != 200 {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if resp := e.raw(t, http.MethodDelete, fmt.Sprintf("%s/%d", path(2), ids[0]), "", nil); resp.StatusCode != 404 {
		t.Fatalf("delete again: %d", resp.StatusCode)
	}
	if b := e.s.BlockedBy(repo, 2); len(b) != 0 {
		t.Fatalf("2 still blocked by %v", b)
	}

	// 50 blockers at most.
	many := e.s.SeedIssue(repo, Issue{Title: "many"})
	for i := range maxBlockedBy {
		n := e.s.SeedIssue(repo, Issue{Title: fmt.Sprint("blocker ", i)})
		if err := e.s.AddBlockedBy(repo, many, n); err != nil {
			t.Fatal(err)
		}
	}
	last := e.s.SeedIssue(repo, Issue{Title: "one too many"})
	if got := post(many, fmt.Sprintf(`{"issue_id":%d}`, e.s.IssueID(repo, last))); got != http.StatusUnprocessableEntity {
		t.Errorf("51st blocker: %d", got)
	}
}
