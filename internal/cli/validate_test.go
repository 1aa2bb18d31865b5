package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// validateRun runs ghsync with args and the given environment, returning
// the exit code, stdout and stderr with dir written as DIR.
func validateRun(t *testing.T, dir string, getenv map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{
		In:     strings.NewReader(""),
		Out:    &out,
		Err:    &errOut,
		Getenv: func(k string) string { return getenv[k] },
		Now:    func() time.Time { return time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC) },
	}
	code := Main(env, args...)
	clean := func(s string) string { return strings.ReplaceAll(s, dir, "DIR") }
	return code, clean(out.String()), clean(errOut.String())
}

// validateDir writes files (name, content, ...) into a new directory.
func validateDir(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for i := 0; i+1 < len(files); i += 2 {
		if err := os.WriteFile(filepath.Join(dir, files[i]), []byte(files[i+1]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const validateGood = `version: 1
milestones: [{id: M1, title: W1}]
gates: [{id: G1, require: all, blockers: [P0-001]}]
blockers:
  - {id: P0-001, title: Cookie, priority: P0, category: security, milestone: M1}
`

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		files   []string
		args    []string
		getenv  map[string]string
		code    int
		stdout  string
		summary string
	}{
		{
			name:    "valid",
			files:   []string{"c.yaml", validateGood},
			code:    0,
			summary: "catalog: 1 blocker, 1 milestone, 1 gate; 0 errors, 0 warnings\n",
		},
		{
			name: "warnings pass",
			files: []string{"c.yaml", validateGood +
				"  - {id: P1-001, title: Later, priority: P1, category: ops}\n"},
			code:    0,
			stdout:  "DIR/c.yaml:6:5: warning: blocker P1-001 has no milestone\n",
			summary: "catalog: 2 blockers, 1 milestone, 1 gate; 0 errors, 1 warning\n",
		},
		{
			name: "warnings fail with --strict",
			files: []string{"c.yaml", validateGood +
				"  - {id: P1-001, title: Later, priority: P1, category: ops}\n"},
			args:   []string{"--strict"},
			code:   1,
			stdout: "DIR/c.yaml:6:5: warning: blocker P1-001 has no milestone\n",
			summary: "catalog: 2 blockers, 1 milestone, 1 gate; 0 errors, 1 warning\n" +
				"Error: --strict fails on warnings, and the catalog has 1 warning: resolve them, or run without --strict to let warnings pass\n",
		},
		{
			name:    "--strict passes without warnings",
			files:   []string{"c.yaml", validateGood},
			args:    []string{"--strict"},
			code:    0,
			summary: "catalog: 1 blocker, 1 milestone, 1 gate; 0 errors, 0 warnings\n",
		},
		{
			name:    "--strict with errors says no more than the errors",
			files:   []string{"c.yaml", strings.Replace(validateGood, "require: all", "require: 150%", 1) + "  - {id: P1-001, title: Later, priority: P1, category: ops}\n"},
			args:    []string{"--strict"},
			code:    1,
			stdout:  "DIR/c.yaml:3:27: require: \"150%\" must be \"all\" or a percentage from 1% to 100%\nDIR/c.yaml:6:5: warning: blocker P1-001 has no milestone\n",
			summary: "catalog: 2 blockers, 1 milestone, 1 gate; 1 error, 1 warning\n",
		},
		{
			name: "errors, then warnings, then the declared summary",
			files: []string{"c.yaml", strings.Replace(validateGood, "version: 1\n", "version: 1\ndeclared: {total: 4}\n", 1) +
				"  - {id: P1-001, title: Later, priority: P1, category: ops}\n" +
				"  - {id: P1-002, title: Late, priority: P1, category: ops, milestone: M9}\n"},
			code: 1,
			stdout: "DIR/c.yaml:8:71: milestone: milestone M9 does not exist\n" +
				"DIR/c.yaml:7:5: warning: blocker P1-001 has no milestone\n" +
				"DIR/c.yaml:2:11: warning: sources declare 4 blockers, the catalog contains 3: 1 is not written out; see Gaps in the sources in ghsync report\n",
			summary: "catalog: 3 blockers, 1 milestone, 1 gate; 1 error, 2 warnings\n",
		},
		{
			name: "errors across files, sorted",
			files: []string{
				"b.yaml", "version: 1\nblockers:\n  - {id: P0-002, title: TLS, priority: P5, category: security, milestone: M1}\n",
				"a.yaml", validateGood + "project: x\n",
				"c.yml", "version: 1\nproject: y\nblockers: [{id: P0-001, title: Again, priority: P0, category: security, milestone: M1}]\n",
				"notes.md", "not read",
			},
			code: 1,
			stdout: `DIR/b.yaml:3:40: priority: "P5" is not one of P0, P1, P2, P3
DIR/c.yml:2:1: project already set at DIR/a.yaml:6:1
DIR/c.yml:3:12: duplicate blocker id P0-001 (first at DIR/a.yaml:5:5)
`,
			summary: "catalog: 3 blockers, 1 milestone, 1 gate; 3 errors, 0 warnings\n",
		},
		{
			name: "annotations under GitHub Actions",
			files: []string{"c.yaml", strings.Replace(validateGood, "require: all", "require: 150%", 1) +
				"  - {id: P1-001, title: Later, priority: P1, category: ops}\n"},
			getenv: map[string]string{"GITHUB_ACTIONS": "true"},
			code:   1,
			stdout: `DIR/c.yaml:3:27: require: "150%" must be "all" or a percentage from 1% to 100%
DIR/c.yaml:6:5: warning: blocker P1-001 has no milestone
::error file=DIR/c.yaml,line=3,col=27::require: "150%25" must be "all" or a percentage from 1%25 to 100%25
::warning file=DIR/c.yaml,line=6,col=5::blocker P1-001 has no milestone
`,
			summary: "catalog: 2 blockers, 1 milestone, 1 gate; 1 error, 1 warning\n",
		},
		{
			name:    "no annotations outside GitHub Actions",
			files:   []string{"c.yaml", strings.Replace(validateGood, "require: all", "require: 150%", 1)},
			getenv:  map[string]string{"GITHUB_ACTIONS": "false"},
			code:    1,
			stdout:  "DIR/c.yaml:3:27: require: \"150%\" must be \"all\" or a percentage from 1% to 100%\n",
			summary: "catalog: 1 blocker, 1 milestone, 1 gate; 1 error, 0 warnings\n",
		},
		{
			name:    "empty catalog is an error",
			files:   []string{"c.yaml", "version: 1\nblockers: []\n"},
			code:    1,
			stdout:  "DIR/c.yaml:2:1: catalog has no blockers: refusing to treat that as 'desired state = nothing'\n",
			summary: "catalog: 0 blockers, 0 milestones, 0 gates; 1 error, 0 warnings\n",
		},
		{
			name:    "syntax error",
			files:   []string{"c.yaml", "version: 1\nblockers: [\n"},
			code:    1,
			stdout:  "DIR/c.yaml:3:1: YAML syntax: did not find expected node content\n",
			summary: "catalog: 0 blockers, 0 milestones, 0 gates; 1 error, 0 warnings\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := validateDir(t, tt.files...)
			args := append([]string{"validate", "--catalog", dir}, tt.args...)
			code, stdout, stderr := validateRun(t, dir, tt.getenv, args...)
			if code != tt.code {
				t.Errorf("exit code %d, want %d", code, tt.code)
			}
			if stdout != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, tt.stdout)
			}
			if stderr != tt.summary {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr, tt.summary)
			}
		})
	}
}

func TestValidateSingleFile(t *testing.T) {
	dir := validateDir(t, "erlmcp.yaml", validateGood)
	code, stdout, stderr := validateRun(t, dir, nil, "validate", "--catalog", filepath.Join(dir, "erlmcp.yaml"))
	if code != 0 || stdout != "" || stderr != "catalog: 1 blocker, 1 milestone, 1 gate; 0 errors, 0 warnings\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestValidateRenderedBodyTooLong(t *testing.T) {
	long := validateGood + "  - {id: P0-002, title: Big, priority: P0, category: security, milestone: M1, description: " +
		strings.Repeat("x", 70000) + "}\n"
	dir := validateDir(t, "c.yaml", long)
	code, stdout, _ := validateRun(t, dir, nil, "validate", "--catalog", dir)
	if code != 1 || !strings.HasPrefix(stdout, "DIR/c.yaml:6:5: blocker P0-002 renders an issue body of") {
		t.Errorf("exit %d, stdout %.200q; want 1 and the body problem at the blocker", code, stdout)
	}

	// While the catalog has errors, rendering is not attempted.
	dir = validateDir(t, "c.yaml", strings.Replace(long, "priority: P0, category: security, milestone: M1, description",
		"priority: P0, category: security, milestone: M9, description", 1))
	code, stdout, _ = validateRun(t, dir, nil, "validate", "--catalog", dir)
	if want := "DIR/c.yaml:6:75: milestone: milestone M9 does not exist\n"; code != 1 || stdout != want {
		t.Errorf("exit %d, stdout %.200q; want 1 and %q", code, stdout, want)
	}
}

func TestValidateCannotRead(t *testing.T) {
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, "README.md"), []byte("#"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, stderr string
	}{
		{"missing", filepath.Join(empty, "nope"),
			"Error: no catalog at DIR/nope: pass --catalog PATH (a YAML file or a directory of them), or create one with ghsync import\n"},
		{"no yaml files", empty,
			"Error: catalog directory DIR has no *.yaml or *.yml files: add one, or pass --catalog FILE\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := validateRun(t, empty, nil, "validate", "--catalog", tt.path)
			if code != 1 || stdout != "" || stderr != tt.stderr {
				t.Errorf("exit %d, stdout %q, stderr %q; want 1, \"\", %q", code, stdout, stderr, tt.stderr)
			}
		})
	}
}

// The catalog may be validate's argument, as users type it; given with a
// different --catalog, neither is guessed at.
func TestValidateCatalogArgument(t *testing.T) {
	dir := validateDir(t, "c.yaml", validateGood)
	file := filepath.Join(dir, "c.yaml")
	ok := "catalog: 1 blocker, 1 milestone, 1 gate; 0 errors, 0 warnings\n"
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"file argument", []string{file}, 0, ok},
		{"directory argument", []string{dir}, 0, ok},
		{"argument and the same --catalog", []string{"--catalog", dir + "/", dir}, 0, ok},
		{"argument and another --catalog", []string{"--catalog", "catalog", file}, 1,
			"Error: two catalogs given, DIR/c.yaml (argument) and catalog (--catalog): pass one of them\n"},
		{"two arguments", []string{file, dir}, 1,
			"Error: validate takes one catalog, got 2 (DIR/c.yaml DIR): pass a single YAML file or directory; a directory's *.yaml files are merged\n"},
		{"missing argument", []string{filepath.Join(dir, "nope.yaml")}, 1,
			"Error: no catalog at DIR/nope.yaml: pass --catalog PATH (a YAML file or a directory of them), or create one with ghsync import\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := validateRun(t, dir, nil, append([]string{"validate"}, tt.args...)...)
			if code != tt.code || stdout != "" || stderr != tt.stderr {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, \"\", %q", code, stdout, stderr, tt.code, tt.stderr)
			}
		})
	}
}

// --format json is one object whatever the outcome, with the exit codes of
// the text form; under GitHub Actions no annotation spoils it.
func TestValidateJSON(t *testing.T) {
	warning := validateGood + "  - {id: P1-001, title: Later, priority: P1, category: ops}\n"
	tests := []struct {
		name  string
		file  string
		args  []string
		code  int
		want  string
		error string // the last line of stderr, when it is an error
	}{
		{"valid", validateGood, nil, 0, `{"version":1,"catalog":"DIR","errors":0,"warnings":0,"problems":[]}`, ""},
		{"warning", warning, nil, 0, `{"version":1,"catalog":"DIR","errors":0,"warnings":1,"problems":[` +
			`{"file":"DIR/c.yaml","line":6,"column":5,"severity":"warning","message":"blocker P1-001 has no milestone"}]}`, ""},
		{"warning with --strict", warning, []string{"--strict"}, 1, `{"version":1,"catalog":"DIR","errors":0,"warnings":1,"problems":[` +
			`{"file":"DIR/c.yaml","line":6,"column":5,"severity":"warning","message":"blocker P1-001 has no milestone"}]}`,
			"Error: --strict fails on warnings, and the catalog has 1 warning: resolve them, or run without --strict to let warnings pass"},
		{"error first", strings.Replace(warning, "require: all", "require: 150%", 1), nil, 1, `{"version":1,"catalog":"DIR","errors":1,"warnings":1,"problems":[` +
			`{"file":"DIR/c.yaml","line":3,"column":27,"severity":"error","message":"require: \"150%\" must be \"all\" or a percentage from 1% to 100%"},` +
			`{"file":"DIR/c.yaml","line":6,"column":5,"severity":"warning","message":"blocker P1-001 has no milestone"}]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := validateDir(t, "c.yaml", tt.file)
			args := append([]string{"validate", "--format", "json", dir}, tt.args...)
			code, stdout, stderr := validateRun(t, dir, map[string]string{"GITHUB_ACTIONS": "true"}, args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, []byte(stdout)); err != nil {
				t.Fatalf("stdout is not one JSON value: %v\n%s", err, stdout)
			}
			if compact.String() != tt.want {
				t.Errorf("stdout:\n%s\nwant:\n%s", compact.String(), tt.want)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if last := lines[len(lines)-1]; tt.error != "" && last != tt.error {
				t.Errorf("stderr ends %q, want %q", last, tt.error)
			}
		})
	}

	code, stdout, stderr := validateRun(t, t.TempDir(), nil, "validate", "--format", "yaml")
	if want := "Error: unknown --format \"yaml\": use one of [text json]\n"; code != 1 || stdout != "" || stderr != want {
		t.Errorf("--format yaml: exit %d, stdout %q, stderr %q; want 1, \"\", %q", code, stdout, stderr, want)
	}
}

// On a copy of the bundled catalog, the one warning with a line to fix
// comes first, so it is among the annotations GitHub shows, and the
// declared totals are one summary after it.
func TestValidateBundledCopy(t *testing.T) {
	const dir = "testdata/import/catalog"
	code, stdout, stderr := validateRun(t, dir, map[string]string{"GITHUB_ACTIONS": "true"}, "validate", dir)
	want := `DIR/erlmcp-v3.yaml:286:18: warning: depends_on: P0-005 is in milestone M2, which comes after this blocker's milestone M1
DIR/erlmcp-v3.yaml:6:3: warning: sources declare 78 blockers, the catalog contains 53: 25 are not written out (by priority: P2 14, P3 11; by category: compliance 1, documentation 2, observability 3, operations 2, performance 4, reliability 3, scalability 1, security 5, testing 4; effort_hours by assignee: backend-dev +32h, operations-engineer 4h, security-engineer +4h; +N is more than declared); see Gaps in the sources in ghsync report
::warning file=DIR/erlmcp-v3.yaml,line=286,col=18::depends_on: P0-005 is in milestone M2, which comes after this blocker's milestone M1
::warning file=DIR/erlmcp-v3.yaml,line=6,col=3::sources declare 78 blockers`
	if code != 0 || !strings.HasPrefix(stdout, want) || strings.Count(stdout, "\n") != 4 {
		t.Errorf("exit %d, stdout:\n%s\nwant 0 and:\n%s...", code, stdout, want)
	}
	if stderr != "catalog: 53 blockers, 4 milestones, 2 gates; 0 errors, 2 warnings\n" {
		t.Errorf("stderr %q", stderr)
	}
}
