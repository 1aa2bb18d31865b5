package ghapi

import (
	"net/http"
	"strings"
	"testing"
)

// A refused request's hint says what the token lacks for what was asked:
// the board's requests (Projects REST, GraphQL) point at Projects access,
// never at Issues: write.
func TestStatusErrorHints(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		status       int
		want, not    string
	}{
		{http.MethodPost, "/repos/o/r/issues", http.StatusForbidden, "apply needs Issues: write", "Projects"},
		{http.MethodGet, "/repos/o/r/issues?state=all", http.StatusForbidden, "may not read this repository's issues", "Projects"},
		{http.MethodPost, "/orgs/o/projectsV2/3/items", http.StatusForbidden, ProjectAccessHint, "Issues: write"},
		{http.MethodPatch, "/users/u/projectsV2/3/items/9", http.StatusForbidden, ProjectAccessHint, "Issues: write"},
		{http.MethodPost, "/graphql", http.StatusForbidden, ProjectAccessHint, "Issues: write"},
		{http.MethodPost, "/api/graphql", http.StatusForbidden, ProjectAccessHint, "Issues: write"},
	} {
		e := &StatusError{Method: tc.method, Path: tc.path, Status: tc.status}
		got := e.Error()
		if !strings.Contains(got, tc.want) || strings.Contains(got, tc.not) {
			t.Errorf("%s %s %d: %q, want it to say %q and not %q", tc.method, tc.path, tc.status, got, tc.want, tc.not)
		}
	}
}
