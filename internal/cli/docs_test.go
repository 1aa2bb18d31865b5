package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommandDocsAreCurrent fails when docs/commands no longer matches the
// commands' --help: run make docs and commit the result.
func TestCommandDocsAreCurrent(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	env := &Env{Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
	if code := Main(env, "docs", "--dir", dir); code != 0 {
		t.Fatalf("docs: exit %d: %s", code, errb.String())
	}
	fresh, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadDir("../../docs/commands")
	if err != nil {
		t.Fatalf("%v: run make docs", err)
	}
	if len(fresh) != len(committed) {
		t.Fatalf("docs/commands has %d files, the commands make %d: run make docs", len(committed), len(fresh))
	}
	for _, f := range fresh {
		want, _ := os.ReadFile(filepath.Join(dir, f.Name()))
		got, err := os.ReadFile(filepath.Join("../../docs/commands", f.Name()))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("docs/commands/%s is out of date: run make docs", f.Name())
		}
	}
}
