package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/golden"
)

// runImport runs `ghsync import args...` in-process and returns the exit
// code, stdout and stderr.
func runImport(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{
		In:     strings.NewReader(""),
		Out:    &out,
		Err:    &errb,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC) },
	}
	code := Main(env, append([]string{"import"}, args...)...)
	return code, out.String(), errb.String()
}

// importSources is a copy of catalog/source and importGolden the catalog
// `make catalog` made from it: the tests never read catalog/, which a project
// lead edits, so an edit there cannot turn make test red. After a change to
// the importer, refresh the golden file with
// `go test ./internal/cli -run TestImportBundledCatalog -update`.
const (
	importSources = "testdata/import/source"
	importGolden  = "testdata/import/catalog/erlmcp-v3.yaml"
)

// bundledImportArgs are the arguments of `make catalog`, on the copy.
func bundledImportArgs(extra ...string) []string {
	return append([]string{
		"--from", importSources + "/blockers.json",
		"--markdown", importSources + "/DEPLOYMENT_BLOCKERS_V3.md",
		"--start", "2026-02-02",
		"--due-week", "M1=3", "--due-week", "M2=8", "--due-week", "M3=12", "--due-week", "M4=14",
	}, extra...)
}

// The command writes exactly the golden catalog, to stdout or a file, and
// the gap report to stderr.
func TestImportBundledCatalog(t *testing.T) {
	code, stdout, stderr := runImport(t, bundledImportArgs()...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden.Check(t, importGolden, []byte(stdout))
	want := stdout
	for _, s := range []string{
		"  total   78 declared,  53 written, 25 not contained\n",
		"3 of 7 roles disagree",
		"  backend-dev              declared 152, computed 184 (+32):",
	} {
		if !strings.Contains(stderr, s) {
			t.Errorf("gap report lacks %q:\n%s", s, stderr)
		}
	}

	path := filepath.Join(t.TempDir(), "out.yaml")
	code, stdout, stderr = runImport(t, bundledImportArgs("-o", path)...)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, stdout, stderr)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("-o file differs from what stdout had")
	}
	if !strings.Contains(stderr, "Wrote "+path+": 53 blockers, 4 milestones.") {
		t.Errorf("stderr lacks the summary line:\n%s", stderr)
	}
}

func TestImportErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{\n  \"issues\": [}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.yaml")
	tests := []struct {
		name     string
		args     []string
		code     int
		stderr   string
		noOutput bool
	}{
		{"missing --from", nil, 1, `required flag(s) "from" not set`, true},
		{"unreadable JSON", []string{"--from", filepath.Join(dir, "nope.json")}, 1, "read " + filepath.Join(dir, "nope.json") + ": no such file", true},
		{"unreadable markdown", []string{"--from", importSources + "/blockers.json", "--markdown", filepath.Join(dir, "nope.md")}, 1, "nope.md: no such file", true},
		{"JSON syntax error", []string{"--from", bad, "-o", out}, 1, "Error: bad.json:2:14: invalid JSON: invalid character '}'", true},
		{"bad start", []string{"--from", importSources + "/blockers.json", "--start", "02/02/2026"}, 1, `--start: date "02/02/2026" is not YYYY-MM-DD`, true},
		{"bad due week", []string{"--from", importSources + "/blockers.json", "--due-week", "M1"}, 1, `--due-week "M1": want ID=WEEK`, true},
		{"zero due week", []string{"--from", importSources + "/blockers.json", "--due-week", "M1=0"}, 1, `--due-week "M1=0": want ID=WEEK`, true},
		{"due week without start", []string{"--from", importSources + "/blockers.json", "--due-week", "M1=3", "-o", out}, 1,
			"Error: --due-week needs --start: due weeks count from the catalog's start date, and a catalog with due weeks but no start fails validation; add --start YYYY-MM-DD (the first day of week 1)\n", true},
		{"unknown milestone", []string{"--from", importSources + "/blockers.json", "--start", "2026-02-02", "--due-week", "M9=3", "-o", out}, 1, "blockers.json has no milestone M9 (it has M1, M2, M3, M4)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runImport(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.stderr)
			}
			if tt.noOutput && stdout != "" {
				t.Errorf("stdout = %q, want nothing on failure", stdout)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s was written on failure", out)
			}
		})
	}
}
