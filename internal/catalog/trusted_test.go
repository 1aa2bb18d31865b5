package catalog

import (
	"slices"
	"testing"
)

func TestTrustedAuthors(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       []string
		problems   []string
	}{
		{"people and a bot", "trusted_authors: [ana, \"ghsync-app[bot]\"]", []string{"ana", "ghsync-app[bot]"}, nil},
		{"not logins", "trusted_authors: [\"@ana\", \"a b\"]", []string{"@ana", "a b"}, []string{
			`f.yaml:2:19: trusted_authors: "@ana" is not a GitHub login (write it without '@')`,
			`f.yaml:2:27: trusted_authors: "a b" is not a GitHub login`,
		}},
		{"not a list", "trusted_authors: ana", nil, []string{`f.yaml:2:18: trusted_authors: want a list, got "ana"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, probs := Parse("f.yaml", []byte(y("version: 1", tc.yaml, "blockers: [{id: B-1, title: T, priority: P0, category: ops}]")))
			if !slices.Equal(c.TrustedAuthors, tc.want) {
				t.Errorf("trusted_authors = %q, want %q", c.TrustedAuthors, tc.want)
			}
			if d := diffLines(tc.problems, strs(probs)); d != "" {
				t.Errorf("problems:\n%s", d)
			}
		})
	}
}

// The catalog's repository is checked by the rule the access layer uses
// (ghname): "o/.." passed validate and then failed every command.
func TestRepositoryIsCheckedLikeTheAccessLayer(t *testing.T) {
	for repo, ok := range map[string]bool{"o/r": true, "o/..": false, "o/.": false} {
		_, probs := Parse("f.yaml", []byte(y("version: 1", "repository: "+repo, "blockers: [{id: B-1, title: T, priority: P0, category: ops}]")))
		if got := len(probs) == 0; got != ok {
			t.Errorf("repository %q: problems %v, want ok %v", repo, strs(probs), ok)
		}
	}
}
