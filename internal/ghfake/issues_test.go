package ghfake

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
)

// listAll follows NextPage like a careful client and returns every issue
// with the number of pages read.
func listAll(t *testing.T, e *env, opt github.IssueListByRepoOptions) ([]*github.Issue, int) {
	t.Helper()
	var all []*github.Issue
	pages := 0
	for {
		is, resp, err := e.gh.Issues.ListByRepo(ctx, "o", "r", &opt)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		all = append(all, is...)
		if resp.NextPage == 0 {
			return all, pages
		}
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
		opt.Page = resp.NextPage
	}
}

func TestPagination(t *testing.T) {
	e := newEnv(t, Options{})
	for i := 1; i <= 250; i++ {
		if i%10 == 0 {
			e.s.SeedPull(repo, fmt.Sprintf("pull %d", i))
		} else {
			e.s.SeedIssue(repo, Issue{Title: fmt.Sprintf("issue %d", i)})
		}
	}
	for _, tc := range []struct {
		perPage, pages int
	}{{100, 3}, {0, 9}, {30, 9}, {500, 3}, {250, 3}} {
		t.Run(fmt.Sprint(tc.perPage), func(t *testing.T) {
			all, pages := listAll(t, e, github.IssueListByRepoOptions{State: "all", ListOptions: github.ListOptions{PerPage: tc.perPage}})
			if len(all) != 250 || pages != tc.pages {
				t.Fatalf("%d issues in %d pages, want 250 in %d", len(all), pages, tc.pages)
			}
			pulls := 0
			seen := map[int]bool{}
			for i, is := range all {
				if is.IsPullRequest() {
					pulls++
				}
				seen[is.GetNumber()] = true
				// created desc by default: newest (highest number) first.
				if want := 250 - i; is.GetNumber() != want {
					t.Fatalf("position %d has #%d, want #%d", i, is.GetNumber(), want)
				}
			}
			if pulls != 25 || len(seen) != 250 {
				t.Errorf("%d pulls, %d distinct", pulls, len(seen))
			}
		})
	}
}

func TestLinkHeader(t *testing.T) {
	e := newEnv(t, Options{})
	for i := 0; i < 250; i++ {
		e.s.SeedIssue(repo, Issue{Title: "x"})
	}
	root := strings.TrimSuffix(e.base, "/")
	u := root + "/repos/o/r/issues"
	for _, tc := range []struct{ query, want string }{
		{"?state=all&page=2&per_page=100",
			fmt.Sprintf(`<%s?state=all&page=1&per_page=100>; rel="prev", <%s?state=all&page=3&per_page=100>; rel="next", <%s?state=all&page=3&per_page=100>; rel="last", <%s?state=all&page=1&per_page=100>; rel="first"`, u, u, u, u)},
		{"?per_page=100",
			fmt.Sprintf(`<%s?per_page=100&page=2>; rel="next", <%s?per_page=100&page=3>; rel="last"`, u, u)},
		{"?page=3&per_page=100",
			fmt.Sprintf(`<%s?page=2&per_page=100>; rel="prev", <%s?page=1&per_page=100>; rel="first"`, u, u)},
		// Above 100 counts as 100; the parameter is kept as sent.
		{"?per_page=300",
			fmt.Sprintf(`<%s?per_page=300&page=2>; rel="next", <%s?per_page=300&page=3>; rel="last"`, u, u)},
	} {
		resp := e.raw(t, "GET", "/repos/o/r/issues"+tc.query, "", nil)
		if got := resp.Header.Get("Link"); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.query, got, tc.want)
		}
	}
	// A single page has no Link header.
	e.s.AddRepo("o/small")
	e.s.SeedIssue("o/small", Issue{Title: "only"})
	if got := e.raw(t, "GET", "/repos/o/small/issues", "", nil).Header.Get("Link"); got != "" {
		t.Errorf("single page Link %q", got)
	}
}

func TestCreateIssue(t *testing.T) {
	e := newEnv(t, Options{Collaborators: []string{"ana"}})
	e.s.SeedLabel(repo, Label{Name: "Bug", Color: "d73a4a"})
	ms := e.s.SeedMilestone(repo, Milestone{Title: "v1"})
	is, resp, err := e.gh.Issues.Create(ctx, "o", "r", &github.IssueRequest{
		Title:     ptr("t"),
		Body:      ptr("b"),
		Labels:    &[]string{"bug", "brand new", "BRAND NEW"},
		Milestone: ptr(ms),
		Assignees: &[]string{"ANA"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 201 || is.GetNumber() != 1 || is.GetState() != "open" || is.StateReason != nil || is.ClosedAt != nil {
		t.Fatalf("created %d %v", resp.StatusCode, is)
	}
	var names []string
	for _, l := range is.Labels {
		names = append(names, l.GetName()+":"+l.GetColor())
	}
	if got := strings.Join(names, ","); got != "brand new:ededed,Bug:d73a4a" {
		t.Errorf("labels %s", got)
	}
	if is.GetMilestone().GetNumber() != ms || len(is.Assignees) != 1 || is.Assignees[0].GetLogin() != "ana" {
		t.Errorf("milestone/assignees %v %v", is.Milestone, is.Assignees)
	}
	if !is.GetCreatedAt().Time.Equal(t0) || is.GetUser().GetLogin() != "ghsync-bot" {
		t.Errorf("created %v by %v", is.GetCreatedAt(), is.GetUser().GetLogin())
	}
	if got := len(e.s.Labels(repo)); got != 2 {
		t.Errorf("%d labels after on-the-fly create", got)
	}

	bodies := []struct {
		name   string
		req    github.IssueRequest
		status int
		field  string
		code   string
		msg    string
	}{
		{"body at limit", github.IssueRequest{Title: ptr("t"), Body: ptr(strings.Repeat("é", 65536))}, 201, "", "", ""},
		{"body over limit", github.IssueRequest{Title: ptr("t"), Body: ptr(strings.Repeat("b", 65537))}, 422, "body", "custom", "body is too long (maximum is 65536 characters)"},
		{"no title", github.IssueRequest{Body: ptr("b")}, 422, "title", "missing_field", ""},
		{"empty title", github.IssueRequest{Title: ptr("")}, 422, "title", "missing_field", ""},
		{"title at limit", github.IssueRequest{Title: ptr(strings.Repeat("t", 256))}, 201, "", "", ""},
		{"title over limit", github.IssueRequest{Title: ptr(strings.Repeat("t", 257))}, 422, "title", "custom", "title is too long (maximum is 256 characters)"},
		{"unknown milestone", github.IssueRequest{Title: ptr("t"), Milestone: ptr(99)}, 422, "milestone", "invalid", ""},
		{"unknown assignee", github.IssueRequest{Title: ptr("t"), Assignees: &[]string{"nobody"}}, 422, "assignees", "invalid", ""},
		{"long new label", github.IssueRequest{Title: ptr("t"), Labels: &[]string{strings.Repeat("x", 51)}}, 422, "name", "custom", "name is too long (maximum is 50 characters)"},
		{"too many labels", github.IssueRequest{Title: ptr("t"), Labels: ptr(manyLabels(101))}, 422, "labels", "custom", "labels: too many labels (maximum is 100)"},
		{"100 labels", github.IssueRequest{Title: ptr("t"), Labels: ptr(manyLabels(100))}, 201, "", "", ""},
	}
	for _, tc := range bodies {
		t.Run(tc.name, func(t *testing.T) {
			before := len(e.s.Labels(repo))
			_, resp, err := e.gh.Issues.Create(ctx, "o", "r", &tc.req)
			wantStatus(t, tc.name, resp, err, tc.status)
			if tc.status != 422 {
				return
			}
			er := errResp(t, err)
			if er.Message != "Validation Failed" || len(er.Errors) != 1 || er.Errors[0].Field != tc.field || er.Errors[0].Code != tc.code || er.Errors[0].Message != tc.msg {
				t.Errorf("errors %+v", er.Errors)
			}
			if after := len(e.s.Labels(repo)); after != before {
				t.Errorf("a refused create made %d labels", after-before)
			}
		})
	}
}

func manyLabels(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("many-%03d", i)
	}
	return out
}

func TestPushAccessDropsRelations(t *testing.T) {
	e := newEnv(t, Options{Collaborators: []string{"ana"}})
	ms := e.s.SeedMilestone(repo, Milestone{Title: "v1"})
	e.s.SetPushAccess(repo, false)
	is, _, err := e.gh.Issues.Create(ctx, "o", "r", &github.IssueRequest{
		Title: ptr("t"), Labels: &[]string{"new"}, Milestone: ptr(ms), Assignees: &[]string{"ana"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(is.Labels) != 0 || is.Milestone != nil || len(is.Assignees) != 0 || len(e.s.Labels(repo)) != 0 {
		t.Errorf("relations kept without push: %v %v %v", is.Labels, is.Milestone, is.Assignees)
	}
	// Unknown values are not even checked.
	if _, _, err := e.gh.Issues.Create(ctx, "o", "r", &github.IssueRequest{Title: ptr("t"), Milestone: ptr(99)}); err != nil {
		t.Errorf("create with unknown milestone without push: %v", err)
	}
	got, _, err := e.gh.Issues.Edit(ctx, "o", "r", is.GetNumber(), &github.IssueRequest{Title: ptr("t2"), Labels: &[]string{"x"}, Milestone: ptr(ms)})
	if err != nil || got.GetTitle() != "t2" || len(got.Labels) != 0 || got.Milestone != nil {
		t.Errorf("edit without push: %v %v", got, err)
	}
	for _, w := range []func() (*github.Response, error){
		func() (*github.Response, error) {
			_, r, err := e.gh.Issues.CreateLabel(ctx, "o", "r", &github.Label{Name: ptr("x"), Color: ptr("ffffff")})
			return r, err
		},
		func() (*github.Response, error) {
			_, r, err := e.gh.Issues.CreateMilestone(ctx, "o", "r", &github.Milestone{Title: ptr("v2")})
			return r, err
		},
		func() (*github.Response, error) {
			_, r, err := e.gh.Issues.AddLabelsToIssue(ctx, "o", "r", is.GetNumber(), []string{"x"})
			return r, err
		},
	} {
		resp, err := w()
		wantStatus(t, "write without push", resp, err, 403)
	}
}

func TestEditIssue(t *testing.T) {
	e := newEnv(t, Options{})
	ms := e.s.SeedMilestone(repo, Milestone{Title: "v1"})
	n := e.s.SeedIssue(repo, Issue{Title: "t", Body: "b", Labels: []string{"a", "b"}, Milestone: ms})
	edit := func(req *github.IssueRequest) *github.Issue {
		t.Helper()
		e.clock.advance(time.Minute)
		is, _, err := e.gh.Issues.Edit(ctx, "o", "r", n, req)
		if err != nil {
			t.Fatal(err)
		}
		return is
	}
	// Nothing changed: updated_at stays.
	if is := edit(&github.IssueRequest{Title: ptr("t"), Labels: &[]string{"B", "a"}}); !is.GetUpdatedAt().Time.Equal(t0) {
		t.Errorf("no-op edit moved updated_at to %v", is.GetUpdatedAt())
	}
	is := edit(&github.IssueRequest{State: ptr("closed"), StateReason: ptr("not_planned")})
	if is.GetState() != "closed" || is.GetStateReason() != "not_planned" || !is.GetClosedAt().Time.Equal(e.clock.t) || !is.GetUpdatedAt().Time.Equal(e.clock.t) {
		t.Errorf("closed: %v %v %v %v", is.GetState(), is.GetStateReason(), is.ClosedAt, is.UpdatedAt)
	}
	// A reason without a state change is ignored.
	if is := edit(&github.IssueRequest{StateReason: ptr("completed")}); is.GetStateReason() != "not_planned" {
		t.Errorf("reason changed without state change: %v", is.GetStateReason())
	}
	is = edit(&github.IssueRequest{State: ptr("open")})
	if is.GetState() != "open" || is.GetStateReason() != "reopened" || is.ClosedAt != nil {
		t.Errorf("reopened: %v %v %v", is.GetState(), is.GetStateReason(), is.ClosedAt)
	}
	if is = edit(&github.IssueRequest{State: ptr("closed")}); is.GetStateReason() != "completed" {
		t.Errorf("default close reason %v", is.GetStateReason())
	}
	// Labels replace; an empty list clears; milestone clears with RemoveMilestone.
	if is = edit(&github.IssueRequest{Labels: &[]string{}}); len(is.Labels) != 0 {
		t.Errorf("labels %v", is.Labels)
	}
	if is, _, err := e.gh.Issues.RemoveMilestone(ctx, "o", "r", n); err != nil || is.Milestone != nil {
		t.Errorf("remove milestone: %v %v", is.Milestone, err)
	}
	for _, tc := range []struct{ body, field string }{
		{`{"state":"done"}`, "state"},
		{`{"state":"closed","state_reason":"fixed"}`, "state_reason"},
		{`{"title":""}`, "title"},
		{`{"milestone":42}`, "milestone"},
	} {
		var er github.ErrorResponse
		if resp := e.raw(t, "PATCH", fmt.Sprintf("/repos/o/r/issues/%d", n), tc.body, &er); resp.StatusCode != 422 || er.Errors[0].Field != tc.field {
			t.Errorf("%s: %d %+v", tc.body, resp.StatusCode, er)
		}
	}
	// Pulls can be edited as issues.
	p := e.s.SeedPull(repo, "pull")
	if is, _, err := e.gh.Issues.Edit(ctx, "o", "r", p, &github.IssueRequest{Labels: &[]string{"a"}}); err != nil || !is.IsPullRequest() || len(is.Labels) != 1 {
		t.Errorf("edit pull: %v %v", is, err)
	}
}

func TestIssueLabelsEndpoints(t *testing.T) {
	e := newEnv(t, Options{})
	n := e.s.SeedIssue(repo, Issue{Title: "t", Labels: []string{"a"}})
	ls, _, err := e.gh.Issues.AddLabelsToIssue(ctx, "o", "r", n, []string{"B", "A"})
	if err != nil || len(ls) != 2 {
		t.Fatalf("add: %v %v", ls, err)
	}
	if ls, _, err = e.gh.Issues.ReplaceLabelsForIssue(ctx, "o", "r", n, []string{"c"}); err != nil || len(ls) != 1 || ls[0].GetName() != "c" {
		t.Fatalf("replace: %v %v", ls, err)
	}
	if _, err := e.gh.Issues.RemoveLabelForIssue(ctx, "o", "r", n, "C"); err != nil {
		t.Fatalf("remove: %v", err)
	}
	resp, err := e.gh.Issues.RemoveLabelForIssue(ctx, "o", "r", n, "c")
	if er := errResp(t, err); resp.StatusCode != 404 || er.Message != "Label does not exist" {
		t.Errorf("remove again: %d %v", resp.StatusCode, er.Message)
	}
	var got []github.Label
	if resp := e.raw(t, "POST", fmt.Sprintf("/repos/o/r/issues/%d/labels", n), `{"labels":["x",{"name":"y"}]}`, &got); resp.StatusCode != 200 || len(got) != 2 {
		t.Errorf("object form: %d %v", resp.StatusCode, got)
	}
}

func TestListFilters(t *testing.T) {
	e := newEnv(t, Options{})
	ms := e.s.SeedMilestone(repo, Milestone{Title: "v1"})
	day := func(d int) time.Time { return t0.Add(time.Duration(d) * 24 * time.Hour) }
	// #1 open bug+p0 in v1, #2 closed bug, #3 open p0 updated late, #4 pull
	// created and updated at t0.
	e.s.SeedIssue(repo, Issue{Title: "1", Labels: []string{"bug", "P0"}, Milestone: ms, CreatedAt: day(1), UpdatedAt: day(5)})
	e.s.SeedIssue(repo, Issue{Title: "2", Labels: []string{"bug"}, State: "closed", CreatedAt: day(2), UpdatedAt: day(2)})
	e.s.SeedIssue(repo, Issue{Title: "3", Labels: []string{"p0"}, CreatedAt: day(3), UpdatedAt: day(9)})
	e.s.SeedPull(repo, "4")
	e.s.SeedComment(repo, 1, "", "c1")
	e.s.SeedComment(repo, 1, "", "c2")
	e.s.SeedComment(repo, 2, "", "c1")
	for _, tc := range []struct {
		name string
		opt  github.IssueListByRepoOptions
		want string
	}{
		{"default open", github.IssueListByRepoOptions{}, "3,1,4"},
		{"closed", github.IssueListByRepoOptions{State: "closed"}, "2"},
		{"all asc", github.IssueListByRepoOptions{State: "all", Direction: "asc"}, "4,1,2,3"},
		{"labels AND ignoring case", github.IssueListByRepoOptions{State: "all", Labels: []string{"BUG", "p0"}}, "1"},
		{"label any case", github.IssueListByRepoOptions{State: "all", Labels: []string{"P0"}}, "3,1"},
		{"unknown label", github.IssueListByRepoOptions{State: "all", Labels: []string{"nope"}}, ""},
		{"milestone number", github.IssueListByRepoOptions{State: "all", Milestone: fmt.Sprint(ms)}, "1"},
		{"milestone any", github.IssueListByRepoOptions{State: "all", Milestone: "*"}, "1"},
		{"milestone none", github.IssueListByRepoOptions{State: "all", Milestone: "none"}, "3,2,4"},
		{"since", github.IssueListByRepoOptions{State: "all", Since: day(5)}, "3,1"},
		{"since excludes older", github.IssueListByRepoOptions{State: "all", Since: day(6)}, "3"},
		{"sort updated", github.IssueListByRepoOptions{State: "all", Sort: "updated"}, "3,1,2,4"},
		{"sort updated asc", github.IssueListByRepoOptions{State: "all", Sort: "updated", Direction: "asc"}, "4,2,1,3"},
		{"sort comments", github.IssueListByRepoOptions{State: "all", Sort: "comments"}, "1,2,4,3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			all, _ := listAll(t, e, tc.opt)
			var got []string
			for _, is := range all {
				got = append(got, fmt.Sprint(is.GetNumber()))
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("got %v, want %s", got, tc.want)
			}
		})
	}
	for _, q := range []string{"state=opened", "sort=title", "direction=up", "milestone=v1", "since=yesterday"} {
		if resp := e.raw(t, "GET", "/repos/o/r/issues?"+q, "", nil); resp.StatusCode != 422 {
			t.Errorf("%s: %d, want 422", q, resp.StatusCode)
		}
	}
}

func TestMovedDeletedDisabled(t *testing.T) {
	e := newEnv(t, Options{})
	a := e.s.SeedIssue(repo, Issue{Title: "moving"})
	d := e.s.SeedIssue(repo, Issue{Title: "deleted"})
	m := e.s.TransferIssue(repo, a, "o/other")
	e.s.DeleteIssue(repo, d)

	// go's client follows the 301 for a GET and lands on the new place.
	is, _, err := e.gh.Issues.Get(ctx, "o", "r", a)
	if err != nil || is.GetNumber() != m || is.GetTitle() != "moving" || !strings.Contains(is.GetURL(), "/repos/o/other/issues/") {
		t.Fatalf("followed: %v %v", is, err)
	}
	var body map[string]string
	r2 := e.raw(t, "GET", fmt.Sprintf("/repos/o/r/issues/%d/comments", a), "", &body)
	wantLoc := fmt.Sprintf("%srepos/o/other/issues/%d/comments", e.base, m)
	if r2.StatusCode != 301 || r2.Header.Get("Location") != wantLoc || body["message"] != "Moved Permanently" || body["url"] != wantLoc {
		t.Errorf("moved: %d %q %v", r2.StatusCode, r2.Header.Get("Location"), body)
	}
	// A PATCH is answered 301 too, and go's client follows it as a GET:
	// the edit is lost, which a client must notice.
	is, _, err = e.gh.Issues.Edit(ctx, "o", "r", a, &github.IssueRequest{Title: ptr("edited")})
	if got, _ := e.s.Issue("o/other", m); err != nil || got.Title != "moving" || is.GetTitle() != "moving" {
		t.Errorf("PATCH through 301: %v, title now %q", err, got.Title)
	}

	_, resp2, err := e.gh.Issues.Get(ctx, "o", "r", d)
	if er := errResp(t, err); resp2.StatusCode != 410 || er.Message != "This issue was deleted" {
		t.Errorf("deleted: %d %v", resp2.StatusCode, er.Message)
	}

	e.s.DisableIssues(repo)
	_, resp3, err := e.gh.Issues.Create(ctx, "o", "r", &github.IssueRequest{Title: ptr("x")})
	if er := errResp(t, err); resp3.StatusCode != 410 || er.Message != "Issues are disabled for this repo" {
		t.Errorf("disabled create: %d %v", resp3.StatusCode, er.Message)
	}
	if _, resp, _ := e.gh.Issues.ListByRepo(ctx, "o", "r", nil); resp.StatusCode != 410 {
		t.Errorf("disabled list: %d", resp.StatusCode)
	}
	if _, _, err := e.gh.Issues.ListLabels(ctx, "o", "r", nil); err != nil {
		t.Errorf("labels still work: %v", err)
	}
}

// BenchmarkListIssuesPage is one page of a long listing: it must not
// render the whole list (which made listing 20,000 issues take ten
// minutes), nor count a milestone's issues for every issue on the page,
// so ns/op grows with the list only through walking it.
func BenchmarkListIssuesPage(b *testing.B) {
	for _, n := range []int{1000, 10000, 50000} {
		b.Run(fmt.Sprintf("issues=%d", n), func(b *testing.B) {
			s := New(Options{Token: "t", RateLimit: 1 << 30})
			s.AddRepo("o/r")
			ms := s.SeedMilestone("o/r", Milestone{Title: "M1"})
			for i := range n {
				s.SeedIssue("o/r", Issue{Title: fmt.Sprintf("issue %d", i), Body: "body", Milestone: ms})
			}
			req := httptest.NewRequest(http.MethodGet, "/repos/o/r/issues?state=all&sort=created&direction=asc&per_page=100&page=7", nil)
			req.RemoteAddr = "127.0.0.1:40000"
			req.Header.Set("User-Agent", "bench")
			req.Header.Set("Authorization", "Bearer t")
			for b.Loop() {
				w := httptest.NewRecorder()
				s.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}

// Closing with a ClosedAt dates the closing then: tests and the demo seed
// work closed in the past; without one it is closed now.
func TestEditIssueClosedInThePast(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := New(Options{Now: func() time.Time { return now }})
	s.AddRepo("o/r")
	past := now.Add(-72 * time.Hour)
	a := s.SeedIssue("o/r", Issue{Title: "a"})
	b := s.SeedIssue("o/r", Issue{Title: "b"})
	s.EditIssue("o/r", a, func(is *Issue) { is.State, is.ClosedAt = "closed", &past })
	s.EditIssue("o/r", b, func(is *Issue) { is.State = "closed" })
	if is, _ := s.Issue("o/r", a); is.ClosedAt == nil || !is.ClosedAt.Equal(past) || is.StateReason != "completed" {
		t.Errorf("closed in the past: %+v", is)
	}
	if is, _ := s.Issue("o/r", b); is.ClosedAt == nil || !is.ClosedAt.Equal(now) {
		t.Errorf("closed now: %+v", is)
	}
}
