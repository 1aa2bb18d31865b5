package ghfake

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/projectql"
)

func gql(t *testing.T, e *env, doc string, vars map[string]any) (int, map[string]any, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": doc, "variables": vars})
	var out map[string]any
	resp := e.raw(t, "POST", "/graphql", string(body), &out)
	data, _ := out["data"].(map[string]any)
	errs, _ := json.Marshal(out["errors"])
	if out["errors"] == nil {
		errs = nil
	}
	return resp.StatusCode, data, string(errs)
}

// The GraphQL endpoint serves projectql's documents and nothing else,
// holds the variables and inputs to their types, answers errors with 200,
// and keeps its own bucket of points.
func TestGraphQLStrict(t *testing.T) {
	e := newEnv(t, Options{})
	e.s.AddOrganization("org")
	find := projectql.Find(projectql.Organization)
	vars := map[string]any{"owner": "org", "title": "", "repoOwner": "o", "repoName": "r"}
	status, data, errs := gql(t, e, find, vars)
	if status != 200 || errs != "" || data["repository"] == nil || data["rateLimit"] == nil {
		t.Fatalf("find: %d %v %s", status, data, errs)
	}
	ownerID := data["organization"].(map[string]any)["id"].(string)
	repoID := data["repository"].(map[string]any)["id"].(string)
	for _, tc := range []struct {
		name, doc string
		vars      map[string]any
		want      string
	}{
		{"unknown document", "query { viewer { login } }", nil, "unknown GraphQL document"},
		{"the same document reformatted", strings.ReplaceAll(find, " ", "  "), vars, "unknown GraphQL document"},
		{"missing variable", find, map[string]any{"owner": "org"}, "Variable $title of type String! was provided invalid value"},
		{"undeclared variable", find, map[string]any{"owner": "org", "title": "", "repoOwner": "o", "repoName": "r", "x": 1}, "Variable $x is not declared"},
		{"wrong type", projectql.Board(projectql.Organization), map[string]any{"owner": "org", "number": "1"}, "Variable $number of type Int! was provided invalid value"},
		{"unknown owner", find, map[string]any{"owner": "nobody", "title": "", "repoOwner": "o", "repoName": "r"}, `"type":"NOT_FOUND"`},
		{"unknown project", projectql.Board(projectql.Organization), map[string]any{"owner": "org", "number": 9}, "Could not resolve to a ProjectV2 with the number 9."},
		{"input key unknown", projectql.CreateProject, map[string]any{"input": map[string]any{"ownerId": ownerID, "title": "B", "public": true}}, "public (Field is not defined on CreateProjectV2Input)"},
		{"input key missing", projectql.CreateProject, map[string]any{"input": map[string]any{"ownerId": ownerID}}, "title (Expected value to not be null)"},
		{"owner node unknown", projectql.CreateProject, map[string]any{"input": map[string]any{"ownerId": "O_nope", "title": "B"}}, `"type":"NOT_FOUND"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, _, errs := gql(t, e, tc.doc, tc.vars)
			if status != 200 || !strings.Contains(errs, tc.want) {
				t.Errorf("%d %s\nwant an error with %s", status, errs, tc.want)
			}
		})
	}
	_, data, errs = gql(t, e, projectql.CreateProject, map[string]any{"input": map[string]any{"ownerId": ownerID, "title": "B", "repositoryId": repoID}})
	if errs != "" {
		t.Fatal(errs)
	}
	pid := data["createProjectV2"].(map[string]any)["projectV2"].(map[string]any)["id"].(string)
	for _, tc := range []struct {
		name  string
		input map[string]any
		want  string
	}{
		{"built-in name", map[string]any{"projectId": pid, "dataType": "TEXT", "name": "status"}, "Name has already been taken"},
		{"select without options", map[string]any{"projectId": pid, "dataType": "SINGLE_SELECT", "name": "P"}, "at least one option"},
		{"option colour", map[string]any{"projectId": pid, "dataType": "SINGLE_SELECT", "name": "P", "singleSelectOptions": []any{map[string]any{"name": "a", "color": "TEAL", "description": ""}}}, "a name and a color"},
		{"data type", map[string]any{"projectId": pid, "dataType": "MILESTONE", "name": "M"}, "to be one of"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, errs := gql(t, e, projectql.CreateField, map[string]any{"input": tc.input})
			if !strings.Contains(errs, tc.want) {
				t.Errorf("%s\nwant an error with %s", errs, tc.want)
			}
		})
	}
	log := e.s.Log()
	if last := log[len(log)-1]; last.Write != true || last.Operation != "CreateProjectField" {
		t.Errorf("a mutation logged as %+v", last)
	}
	if first := log[0]; first.Write || first.Operation != "FindProject" {
		t.Errorf("a query logged as %+v", first)
	}
}

// The REST item endpoints want the issue's numeric id and, per field,
// a value of its type; another field's option id is refused.
func TestProjectItemsREST(t *testing.T) {
	e := newEnv(t, Options{})
	e.s.AddOrganization("org")
	n := e.s.CreateProject("org", "B")
	e.s.AddBoardField("org", n, "Team", "SINGLE_SELECT", "core")
	num := e.s.SeedIssue(repo, Issue{Title: "x"})
	id := e.s.IssueID(repo, num)
	items := fmt.Sprintf("/orgs/org/projectsV2/%d/items", n)
	for _, tc := range []struct{ body, want string }{
		{fmt.Sprintf(`{"type":"Issue","id":%d}`, num+1000), "no issue has the id"},
		{`{"type":"Issue","id":"I_x"}`, "numeric id"},
		{`{"type":"Draft","id":1}`, `type must be "Issue"`},
	} {
		var out errorBody
		if resp := e.raw(t, "POST", items, tc.body, &out); resp.StatusCode != 422 || !strings.Contains(fmt.Sprint(out.Errors), tc.want) {
			t.Errorf("POST %s: %d %+v", tc.body, resp.StatusCode, out)
		}
	}
	var item map[string]any
	if resp := e.raw(t, "POST", items, fmt.Sprintf(`{"type":"Issue","id":%d}`, id), &item); resp.StatusCode != 201 {
		t.Fatalf("add: %d", resp.StatusCode)
	}
	if resp := e.raw(t, "POST", items, fmt.Sprintf(`{"type":"Issue","id":%d}`, id), &item); resp.StatusCode != 200 {
		t.Errorf("adding it again: %d, want 200 and the same item", resp.StatusCode)
	}
	if len(e.s.BoardItems("org", n)) != 1 {
		t.Errorf("items: %+v", e.s.BoardItems("org", n))
	}
	itemID := int64(item["id"].(float64))
	var status, team int64
	e.s.mu.Lock()
	p := e.s.project("org", n)
	status, team = p.field("Status").id, p.field("Team").id
	teamOption := p.field("Team").options[0].id
	e.s.mu.Unlock()
	patch := fmt.Sprintf("%s/%d", items, itemID)
	var out errorBody
	if resp := e.raw(t, "PATCH", patch, fmt.Sprintf(`{"fields":[{"id":%d,"value":%q}]}`, status, teamOption), &out); resp.StatusCode != 422 {
		t.Errorf("another field's option: %d %+v", resp.StatusCode, out)
	}
	if resp := e.raw(t, "PATCH", patch, fmt.Sprintf(`{"fields":[{"id":%d,"value":%q}]}`, team, teamOption), nil); resp.StatusCode != 200 {
		t.Errorf("set: %d", resp.StatusCode)
	}
	if v := e.s.BoardItems("org", n)[0].Values; v["Team"] != "core" {
		t.Errorf("values %v", v)
	}
}
