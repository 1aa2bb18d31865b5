package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommandDocsAreCurrent fails when docs/commands or docs/man no longer
// match the commands' --help: run make docs and commit the result.
func TestCommandDocsAreCurrent(t *testing.T) {
	dir, man := t.TempDir(), t.TempDir()
	var out, errb bytes.Buffer
	env := &Env{Out: &out, Err: &errb, Getenv: func(string) string { return "" }}
	if code := Main(env, "docs", "--dir", dir, "--man", man); code != 0 {
		t.Fatalf("docs: exit %d: %s", code, errb.String())
	}
	sameDir(t, dir, "../../docs/commands")
	sameDir(t, man, "../../docs/man")
}

// sameDir fails unless committed holds exactly the files of fresh.
func sameDir(t *testing.T, fresh, committed string) {
	t.Helper()
	want, err := os.ReadDir(fresh)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadDir(committed)
	if err != nil {
		t.Fatalf("%v: run make docs", err)
	}
	if len(want) != len(got) {
		t.Fatalf("%s has %d files, the commands make %d: run make docs", committed, len(got), len(want))
	}
	for _, f := range want {
		w, _ := os.ReadFile(filepath.Join(fresh, f.Name()))
		g, err := os.ReadFile(filepath.Join(committed, f.Name()))
		if err != nil || !bytes.Equal(g, w) {
			t.Errorf("%s/%s is out of date: run make docs", committed, f.Name())
		}
	}
}
