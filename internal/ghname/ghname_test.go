package ghname

import "testing"

func TestSplitRepo(t *testing.T) {
	for repo, ok := range map[string]bool{
		"octo-org/octo-repo": true, "o/r.js": true, "o/..": false, "o/.": false, "o": false,
		"-o/r": false, "o/r/x": false, "o/": false, "/r": false, "o/r?x": false,
	} {
		if _, _, err := SplitRepo(repo); (err == nil) != ok {
			t.Errorf("SplitRepo(%q) = %v, want ok %v", repo, err, ok)
		}
	}
}

func TestLogins(t *testing.T) {
	for s, want := range map[string][2]bool{
		"ana": {true, true}, "a-b": {true, true}, "a--b": {false, false}, "-a": {false, false},
		"ghsync-app[bot]": {false, true}, "github-actions[bot]": {false, true}, "[bot]": {false, false}, "a b": {false, false},
	} {
		if Login(s) != want[0] || Author(s) != want[1] {
			t.Errorf("%q: Login %v, Author %v; want %v", s, Login(s), Author(s), want)
		}
	}
}
