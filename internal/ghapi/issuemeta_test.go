package ghapi

import (
	"context"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// IssueMeta reads what is asked, one request each; an owner without types
// or fields is a problem to show, a failed read an error.
func TestIssueMeta(t *testing.T) {
	t.Run("an organisation", func(t *testing.T) {
		e := newEnv(t)
		e.fake.AddOrg("o", ghfake.Org{IssueTypes: []string{"Task", "Bug"}, IssueFields: []ghfake.IssueField{
			{Name: "Priority", DataType: "single_select", Options: []string{"P0", "P1"}}}})
		c := e.client(t)
		m, err := c.IssueMeta(context.Background(), true, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Types) != 2 || m.TypesProblem != "" || len(m.Fields) != 1 || len(m.Fields[0].Options) != 2 || m.FieldsProblem != "" {
			t.Errorf("meta %+v", m)
		}
		if got := strings.Join(e.requests(), "\n"); strings.Count(got, "\n") != 1 || !strings.Contains(got, "GET /repos/o/r/issue-types") || !strings.Contains(got, "GET /orgs/o/issue-fields") {
			t.Errorf("requests:\n%s\nwant one for the types and one for the fields", got)
		}
		e.fake.ResetLog()
		if _, err := c.IssueMeta(context.Background(), true, false); err != nil || len(e.fake.Log()) != 1 {
			t.Errorf("types only: %v, %d requests", err, len(e.fake.Log()))
		}
	})
	t.Run("a user", func(t *testing.T) {
		e := newEnv(t)
		m, err := e.client(t).IssueMeta(context.Background(), true, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Types) != 0 || m.TypesProblem != "" || !strings.Contains(m.FieldsProblem, "404") {
			t.Errorf("meta %+v: want no types and the fields' 404 as the problem", m)
		}
	})
	t.Run("a failed read", func(t *testing.T) {
		e := newEnv(t)
		e.fake.AddOrg("o", ghfake.Org{})
		e.fake.Inject(ghfake.Fault{Method: "GET", Path: "/orgs/o/issue-fields", Kind: ghfake.KindStatus, Status: 500})
		if _, err := e.client(t).IssueMeta(context.Background(), false, true); err == nil {
			t.Error("a 500 on the fields read as no fields; want an error")
		}
	})
}
