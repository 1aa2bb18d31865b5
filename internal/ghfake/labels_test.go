package ghfake

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
)

func TestCreateLabelRules(t *testing.T) {
	e := newEnv(t, Options{})
	if _, resp, err := e.gh.Issues.CreateLabel(ctx, "o", "r", &github.Label{Name: ptr("Bug"), Color: ptr("d73a4a")}); err != nil {
		t.Fatal(err)
	} else if resp.StatusCode != 201 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, tc := range []struct {
		name         string
		label        github.Label
		code, field  string
		messageStart string
	}{
		{"duplicate ignoring case", github.Label{Name: ptr("bug"), Color: ptr("ffffff")}, "already_exists", "name", ""},
		{"color with hash", github.Label{Name: ptr("x"), Color: ptr("#ffffff")}, "invalid", "color", ""},
		{"short color", github.Label{Name: ptr("x"), Color: ptr("fff")}, "invalid", "color", ""},
		{"not hex", github.Label{Name: ptr("x"), Color: ptr("gggggg")}, "invalid", "color", ""},
		{"missing name", github.Label{Color: ptr("ffffff")}, "missing_field", "name", ""},
		{"long name", github.Label{Name: ptr(strings.Repeat("n", 51)), Color: ptr("ffffff")}, "custom", "name", "name is too long (maximum is 50 characters)"},
		{"long description", github.Label{Name: ptr("x"), Color: ptr("ffffff"), Description: ptr(strings.Repeat("d", 101))}, "custom", "description", "description is too long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := e.gh.Issues.CreateLabel(ctx, "o", "r", &tc.label)
			er := errResp(t, err)
			if er.Response.StatusCode != 422 || er.Message != "Validation Failed" || len(er.Errors) == 0 {
				t.Fatalf("got %d %q %v", er.Response.StatusCode, er.Message, er.Errors)
			}
			got := er.Errors[0]
			if got.Code != tc.code || got.Field != tc.field || got.Resource != "Label" || !strings.HasPrefix(got.Message, tc.messageStart) {
				t.Errorf("error %+v, want code %s field %s", got, tc.code, tc.field)
			}
		})
	}
	// Limits are inclusive.
	if _, _, err := e.gh.Issues.CreateLabel(ctx, "o", "r", &github.Label{Name: ptr(strings.Repeat("é", 50)), Color: ptr("ABCDEF"), Description: ptr(strings.Repeat("d", 100))}); err != nil {
		t.Errorf("50-character name: %v", err)
	}
	if got := len(e.s.Labels(repo)); got != 2 {
		t.Errorf("%d labels, want 2", got)
	}
	// Without a color GitHub picks ededed.
	l, _, err := e.gh.Issues.CreateLabel(ctx, "o", "r", &github.Label{Name: ptr("plain")})
	if err != nil || l.GetColor() != "ededed" || l.Description != nil {
		t.Errorf("label %v, %v", l, err)
	}
}

func TestLabelNamesInPaths(t *testing.T) {
	e := newEnv(t, Options{})
	names := []string{"needs: triage?", "a/b", "50%", "x#y", "spaced name", "ünï"}
	for _, n := range names {
		if err := e.s.SeedLabel(repo, Label{Name: n, Color: "aaaaaa"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range names {
		esc := url.PathEscape(n)
		l, _, err := e.gh.Issues.GetLabel(ctx, "o", "r", esc)
		if err != nil || l.GetName() != n {
			t.Errorf("get %q as %q: %v, %v", n, esc, l, err)
		}
		// Case does not matter in the path.
		if l, _, err := e.gh.Issues.GetLabel(ctx, "o", "r", url.PathEscape(strings.ToUpper(n))); err != nil || l.GetName() != n {
			t.Errorf("get %q upper-cased: %v, %v", n, l, err)
		}
		if _, err := e.gh.Issues.DeleteLabel(ctx, "o", "r", esc); err != nil {
			t.Errorf("delete %q: %v", n, err)
		}
	}
	if got := e.s.Labels(repo); len(got) != 0 {
		t.Errorf("left %v", got)
	}
	// Unescaped, go-github's path breaks: "50%" is not even a valid URL and
	// "a/b" is another route.
	e.s.SeedLabel(repo, Label{Name: "a/b", Color: "aaaaaa"})
	if _, resp, _ := e.gh.Issues.GetLabel(ctx, "o", "r", "a/b"); resp == nil || resp.StatusCode != 404 {
		t.Errorf("unescaped a/b found a label")
	}
}

func TestRenameLabelKeepsIssues(t *testing.T) {
	e := newEnv(t, Options{})
	e.s.SeedLabel(repo, Label{Name: "p0", Color: "ff0000"})
	e.s.SeedLabel(repo, Label{Name: "other", Color: "00ff00"})
	n := e.s.SeedIssue(repo, Issue{Title: "x", Labels: []string{"p0"}})

	// go-github's EditLabel sends "name", which GitHub ignores.
	if _, _, err := e.gh.Issues.EditLabel(ctx, "o", "r", "p0", &github.Label{Name: ptr("priority/p0")}); err != nil {
		t.Fatal(err)
	}
	if is, _ := e.s.Issue(repo, n); is.Labels[0] != "p0" {
		t.Fatalf("rename through name worked: %v", is.Labels)
	}

	var l github.Label
	resp := e.raw(t, "PATCH", "/repos/o/r/labels/P0", `{"new_name":"priority/P0","color":"aa0000","description":"urgent"}`, &l)
	if resp.StatusCode != 200 || l.GetName() != "priority/P0" || l.GetColor() != "aa0000" || l.GetDescription() != "urgent" {
		t.Fatalf("rename: %d %v", resp.StatusCode, l)
	}
	if is, _ := e.s.Issue(repo, n); len(is.Labels) != 1 || is.Labels[0] != "priority/P0" {
		t.Errorf("issue labels after rename: %v", is.Labels)
	}
	// Case-only rename of itself is fine; onto another label is not.
	if resp := e.raw(t, "PATCH", "/repos/o/r/labels/priority%2FP0", `{"new_name":"priority/p0"}`, nil); resp.StatusCode != 200 {
		t.Errorf("case-only rename: %d", resp.StatusCode)
	}
	var er github.ErrorResponse
	if resp := e.raw(t, "PATCH", "/repos/o/r/labels/priority%2Fp0", `{"new_name":"OTHER"}`, &er); resp.StatusCode != 422 || er.Errors[0].Code != "already_exists" {
		t.Errorf("rename onto other: %d %v", resp.StatusCode, er)
	}
	if resp := e.raw(t, "PATCH", "/repos/o/r/labels/missing", `{"new_name":"x"}`, nil); resp.StatusCode != 404 {
		t.Errorf("rename missing: %d", resp.StatusCode)
	}
}

func TestDeleteLabelStripsIssues(t *testing.T) {
	e := newEnv(t, Options{})
	n := e.s.SeedIssue(repo, Issue{Title: "x", Labels: []string{"a", "b"}})
	if _, err := e.gh.Issues.DeleteLabel(ctx, "o", "r", "A"); err != nil {
		t.Fatal(err)
	}
	if is, _ := e.s.Issue(repo, n); len(is.Labels) != 1 || is.Labels[0] != "b" {
		t.Errorf("labels %v", is.Labels)
	}
	if resp, err := e.gh.Issues.DeleteLabel(ctx, "o", "r", "a"); resp == nil || resp.StatusCode != 404 {
		t.Errorf("second delete: %v", err)
	}
}

func TestListLabelsPaginated(t *testing.T) {
	e := newEnv(t, Options{})
	for i := 0; i < 45; i++ {
		e.s.SeedLabel(repo, Label{Name: strings.Repeat("l", 1+i%3) + string(rune('A'+i)), Color: "aaaaaa"})
	}
	var all []*github.Label
	opt := &github.ListOptions{}
	pages := 0
	for {
		ls, resp, err := e.gh.Issues.ListLabels(ctx, "o", "r", opt)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		all = append(all, ls...)
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	if len(all) != 45 || pages != 2 {
		t.Fatalf("%d labels in %d pages", len(all), pages)
	}
	for i := 1; i < len(all); i++ {
		if strings.ToLower(all[i-1].GetName()) > strings.ToLower(all[i].GetName()) {
			t.Fatalf("not sorted: %q before %q", all[i-1].GetName(), all[i].GetName())
		}
	}
}
