package cli

import (
	"bytes"
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
			args:    []string{"--strict"},
			code:    1,
			stdout:  "DIR/c.yaml:6:5: warning: blocker P1-001 has no milestone\n",
			summary: "catalog: 2 blockers, 1 milestone, 1 gate; 0 errors, 1 warning\n",
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
