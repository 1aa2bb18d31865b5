package cli

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// actionStep returns the shell script of the composite action's step id.
func actionStep(t *testing.T, id string) string {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Runs struct {
			Steps []struct {
				ID  string `yaml:"id"`
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	for _, s := range action.Runs.Steps {
		if s.ID == id {
			return s.Run
		}
	}
	t.Fatalf("action has no step %q", id)
	return ""
}

// TestCompositeActionSteps runs the action's own shell steps, as the runner
// would, against the fake GitHub: install (a build, for a ref that is no
// release; once per job), then plan and apply, checking the outputs and the
// job summary they leave.
func TestCompositeActionSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the ghsync binary")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	fake := ghfake.New(ghfake.Options{Token: "action-token"})
	url := fake.Start()
	defer fake.Close()
	fake.AddRepo("o/r")

	tmp := t.TempDir()
	actionPath, _ := filepath.Abs("../..")
	catalogDir, _ := filepath.Abs("testdata/small")
	output := filepath.Join(tmp, "output")
	summary := filepath.Join(tmp, "summary")
	base := append(os.Environ(),
		"RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+output, "GITHUB_STEP_SUMMARY="+summary,
		"GITHUB_TOKEN=action-token", "GITHUB_API_URL="+url, "GHSYNC_WRITE_INTERVAL=0")

	run := func(step string, env ...string) (string, error) {
		cmd := exec.Command(bash, "-c", actionStep(t, step))
		cmd.Env = append(append([]string{}, base...), env...)
		cmd.Dir = tmp
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("install", "ACTION_PATH="+actionPath, "ACTION_REF=main", "ACTION_REPO=ghsync/ghsync")
	if err != nil || !strings.Contains(out, "built from source") {
		t.Fatalf("install step: %v\n%s", err, out)
	}
	bin := filepath.Join(tmp, "ghsync-bin", "ghsync")
	outputs, _ := os.ReadFile(output)
	if !strings.Contains(string(outputs), "bin="+bin) {
		t.Fatalf("install step outputs: %q", outputs)
	}
	// The next step of the job finds it: no second build.
	if out, err := run("install", "ACTION_PATH="+actionPath, "ACTION_REF=main"); err != nil || strings.Contains(out, "built") {
		t.Fatalf("second install step: %v\n%s", err, out)
	}
	step := func(command, args string) (string, error) {
		os.Remove(output)
		return run("run", "GHSYNC="+bin, "GHSYNC_COMMAND="+command, "GHSYNC_CATALOG="+catalogDir,
			"GHSYNC_ARGS="+args, "GHSYNC_REPOSITORY=o/r")
	}
	if out, err := step("plan", "--format markdown"); err != nil {
		t.Fatalf("plan step: %v\n%s", err, out)
	}
	outputs, _ = os.ReadFile(output)
	if !strings.Contains(string(outputs), "create=14\n") || !strings.Contains(string(outputs), "changes=20\n") { // 14 objects, 2 links, 4 sub-issues
		t.Fatalf("plan outputs: %q", outputs)
	}
	if fake.Counts().Writes != 0 {
		t.Fatal("the plan step wrote")
	}
	if out, err := step("apply", "--yes"); err != nil {
		t.Fatalf("apply step: %v\n%s", err, out)
	}
	if fake.Counts().Writes != 20 { // 14 objects, 2 links, 4 sub-issues
		t.Fatalf("apply step made %d writes", fake.Counts().Writes)
	}
	if out, err := step("gate", "production"); err == nil || !strings.Contains(out, "production") {
		t.Fatalf("gate step on open blockers must fail: %v\n%s", err, out)
	}
	if out, err := step("destroy", ""); err == nil || !strings.Contains(out, "::error::unknown command") {
		t.Fatalf("unknown command: %v\n%s", err, out)
	}
	sum, _ := os.ReadFile(summary)
	if !strings.Contains(string(sum), "### ghsync plan for `o/r`") {
		t.Fatalf("job summary: %q", sum)
	}
	if strings.Contains(string(sum)+string(outputs), "action-token") {
		t.Fatal("token leaked into the summary or outputs")
	}
}

// TestActionInstallsTheReleaseBinary runs the install step for a release
// tag against a local stand-in for GitHub's release downloads: the archive
// whose SHA-256 checksums.txt lists is installed; one that does not match
// is refused, and nothing is installed.
func TestActionInstallsTheReleaseBinary(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	for _, tool := range []string{"curl", "sha256sum", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	goos, goarch := runtime.GOOS, runtime.GOARCH
	if goos == "windows" {
		t.Skip("the test builds a tar.gz")
	}
	archive := fmt.Sprintf("ghsync_1.2.3_%s_%s.tar.gz", goos, goarch)
	var tgz bytes.Buffer
	gz := gzip.NewWriter(&tgz)
	tw := tar.NewWriter(gz)
	script := "#!/bin/sh\necho released ghsync\n"
	_ = tw.WriteHeader(&tar.Header{Name: "ghsync", Mode: 0o755, Size: int64(len(script))})
	_, _ = tw.Write([]byte(script))
	_ = tw.Close()
	_ = gz.Close()
	sum := sha256.Sum256(tgz.Bytes())
	for _, tc := range []struct {
		name, checksum string
		ok             bool
	}{
		{"checksum matches", hex.EncodeToString(sum[:]), true},
		{"checksum differs", strings.Repeat("0", 64), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/ghsync/ghsync/releases/download/v1.2.3/" + archive:
					w.Write(tgz.Bytes())
				case "/ghsync/ghsync/releases/download/v1.2.3/checksums.txt":
					fmt.Fprintf(w, "%s  %s\n", tc.checksum, archive)
				default:
					http.NotFound(w, r)
				}
			}))
			defer srv.Close()
			tmp := t.TempDir()
			root, _ := filepath.Abs("../..")
			cmd := exec.Command(bash, "-c", actionStep(t, "install"))
			cmd.Env = append(os.Environ(), "RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+filepath.Join(tmp, "output"),
				"ACTION_PATH="+root, "ACTION_REF=v1.2.3", "ACTION_REPO=ghsync/ghsync", "GITHUB_SERVER_URL="+srv.URL)
			out, err := cmd.CombinedOutput()
			bin := filepath.Join(tmp, "ghsync-bin", "ghsync")
			if !tc.ok {
				if err == nil || !strings.Contains(string(out), "does not match the release's checksums.txt") {
					t.Fatalf("a wrong checksum was accepted: %v\n%s", err, out)
				}
				if _, err := os.Stat(bin); err == nil {
					t.Fatal("the binary was installed anyway")
				}
				return
			}
			if err != nil || !strings.Contains(string(out), "release binary, checksum verified") {
				t.Fatalf("install: %v\n%s", err, out)
			}
			got, err := exec.Command(bin).Output()
			if err != nil || string(got) != "released ghsync\n" {
				t.Fatalf("installed binary: %q, %v", got, err)
			}
		})
	}
}
