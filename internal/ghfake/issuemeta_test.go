package ghfake

import (
	"fmt"
	"net/http"
	"testing"
)

func TestIssueTypesAndFields(t *testing.T) {
	e := newEnv(t, Options{})
	e.s.AddRepo("org/app")
	e.s.AddOrg("org", Org{
		IssueTypes: []string{"Task", "Bug"},
		IssueFields: []IssueField{
			{Name: "Priority", DataType: "single_select", Options: []string{"P0", "P1"}},
			{Name: "Effort", DataType: "number"},
			{Name: "Due", DataType: "date"},
			{Name: "Team", DataType: "text"},
		},
	})
	prio, effort, due, team := e.s.IssueFieldID("org", "Priority"), e.s.IssueFieldID("org", "Effort"), e.s.IssueFieldID("org", "Due"), e.s.IssueFieldID("org", "Team")

	var types []struct {
		Name string `json:"name"`
	}
	if resp := e.raw(t, http.MethodGet, "/repos/org/app/issue-types", "", &types); resp.StatusCode != 200 || len(types) != 2 || types[1].Name != "Bug" {
		t.Fatalf("issue types: %d %+v", resp.StatusCode, types)
	}
	if resp := e.raw(t, http.MethodGet, "/repos/o/r/issue-types", "", &types); resp.StatusCode != 200 || len(types) != 0 {
		t.Errorf("a user-owned repository's issue types: %d %+v, want none", resp.StatusCode, types)
	}
	var fields []struct {
		ID       int64  `json:"id"`
		DataType string `json:"data_type"`
		Options  []struct {
			Name string `json:"name"`
		} `json:"options"`
	}
	if resp := e.raw(t, http.MethodGet, "/orgs/org/issue-fields", "", &fields); resp.StatusCode != 200 || len(fields) != 4 || fields[0].ID != prio || len(fields[0].Options) != 2 {
		t.Fatalf("issue fields: %d %+v", resp.StatusCode, fields)
	}
	if resp := e.raw(t, http.MethodGet, "/orgs/o/issue-fields", "", nil); resp.StatusCode != 404 {
		t.Errorf("a user's issue fields: %d, want 404", resp.StatusCode)
	}

	good := fmt.Sprintf(`{"title":"t","type":"bug","issue_field_values":[{"field_id":%d,"value":"P1"},{"field_id":%d,"value":2.5},{"field_id":%d,"value":"2026-03-01"}]}`, prio, effort, due)
	for _, tc := range []struct {
		what, repo, body string
		want             int
	}{
		{"an unknown type", "org/app", `{"title":"t","type":"Epic"}`, 422},
		{"a type on a user-owned repository", "o/r", `{"title":"t","type":"Task"}`, 422},
		{"a type that is not a string", "org/app", `{"title":"t","type":7}`, 422},
		{"an unknown field id", "org/app", `{"title":"t","issue_field_values":[{"field_id":999999,"value":"x"}]}`, 422},
		{"a field on a user-owned repository", "o/r", fmt.Sprintf(`{"title":"t","issue_field_values":[{"field_id":%d,"value":"P0"}]}`, prio), 422},
		{"a field id as a string", "org/app", fmt.Sprintf(`{"title":"t","issue_field_values":[{"field_id":"%d","value":"P0"}]}`, prio), 422},
		{"an unknown option", "org/app", fmt.Sprintf(`{"title":"t","issue_field_values":[{"field_id":%d,"value":"P3"}]}`, prio), 422},
		{"a number as a string", "org/app", fmt.Sprintf(`{"title":"t","issue_field_values":[{"field_id":%d,"value":"4"}]}`, effort), 422},
		{"a date that is no date", "org/app", fmt.Sprintf(`{"title":"t","issue_field_values":[{"field_id":%d,"value":"next week"}]}`, due), 422},
		{"a field twice", "org/app", fmt.Sprintf(`{"title":"t","issue_field_values":[{"field_id":%d,"value":"P0"},{"field_id":%d,"value":"P1"}]}`, prio, prio), 422},
		{"values that are no list", "org/app", `{"title":"t","issue_field_values":{}}`, 422},
		{"all good", "org/app", good, 201},
	} {
		if got := e.raw(t, http.MethodPost, "/repos/"+tc.repo+"/issues", tc.body, nil).StatusCode; got != tc.want {
			t.Errorf("%s: %d, want %d", tc.what, got, tc.want)
		}
	}
	if n := len(e.s.Issues("org/app")); n != 1 {
		t.Fatalf("%d issues in org/app, want the one accepted: a refused write writes nothing", n)
	}
	if len(e.s.Issues(repo)) != 0 {
		t.Fatal("a refused create on o/r made an issue")
	}

	var is struct {
		Number int `json:"number"`
		Type   *struct {
			Name string `json:"name"`
		} `json:"type"`
		Values []struct {
			FieldID  int64  `json:"issue_field_id"`
			DataType string `json:"data_type"`
			Value    any    `json:"value"`
			Option   *struct {
				ID   int64  `json:"id"`
				Name string `json:"name"`
			} `json:"single_select_option"`
		} `json:"issue_field_values"`
	}
	e.raw(t, http.MethodGet, "/repos/org/app/issues/1", "", &is)
	if is.Type == nil || is.Type.Name != "Bug" || len(is.Values) != 3 {
		t.Fatalf("issue: %+v", is)
	}
	if v := is.Values[0]; v.DataType != "single_select" || v.Option == nil || v.Option.Name != "P1" || v.Value != float64(v.Option.ID) {
		t.Errorf("a single select renders %+v, want its option's id as the value and the option beside it", v)
	}
	if v := is.Values[1]; v.Value != 2.5 {
		t.Errorf("a number renders %+v", v)
	}

	// A person's value elsewhere stays when an update sets one field.
	if err := e.s.SetIssueFieldValue("org/app", 1, "Team", "storage"); err != nil {
		t.Fatal(err)
	}
	if resp := e.raw(t, http.MethodPatch, "/repos/org/app/issues/1", fmt.Sprintf(`{"type":"Task","issue_field_values":[{"field_id":%d,"value":"P0"}]}`, prio), nil); resp.StatusCode != 200 {
		t.Fatalf("update: %d", resp.StatusCode)
	}
	got := e.s.IssueFieldValues("org/app", 1)
	if e.s.IssueType("org/app", 1) != "Task" || got["Priority"] != "P0" || got["Team"] != "storage" || got["Effort"] != "2.5" || got["Due"] != "2026-03-01" {
		t.Errorf("after the update: type %q, fields %v", e.s.IssueType("org/app", 1), got)
	}
	if resp := e.raw(t, http.MethodPatch, "/repos/org/app/issues/1", fmt.Sprintf(`{"issue_field_values":[{"field_id":%d,"value":3}]}`, team), nil); resp.StatusCode != 422 {
		t.Errorf("a number for a text field: %d, want 422", resp.StatusCode)
	}

	// Without push access both are dropped silently, as labels are.
	e.s.SetPushAccess("org/app", false)
	if resp := e.raw(t, http.MethodPatch, "/repos/org/app/issues/1", `{"type":"Bug"}`, nil); resp.StatusCode != 200 || e.s.IssueType("org/app", 1) != "Task" {
		t.Errorf("without push access: %d, type %q, want 200 and the type unchanged", resp.StatusCode, e.s.IssueType("org/app", 1))
	}
}
