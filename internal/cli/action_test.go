package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// actionStep returns the shell script of the composite action's step id.
func actionStep(t *testing.T, id string) string {
	t.Helper()
	data, err := os.ReadFile("../../.github/actions/ghsync/action.yml")
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
// would, against the fake GitHub: build, then plan and apply, checking the
// outputs and the job summary they leave.
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
	actionPath, _ := filepath.Abs("../../.github/actions/ghsync")
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
	if out, err := run("build", "ACTION_PATH="+actionPath); err != nil {
		t.Fatalf("build step: %v\n%s", err, out)
	}
	bin := filepath.Join(tmp, "ghsync")
	outputs, _ := os.ReadFile(output)
	if !strings.Contains(string(outputs), "bin="+bin) {
		t.Fatalf("build step outputs: %q", outputs)
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
	if !strings.Contains(string(outputs), "create=11\n") || !strings.Contains(string(outputs), "changes=11\n") {
		t.Fatalf("plan outputs: %q", outputs)
	}
	if fake.Counts().Writes != 0 {
		t.Fatal("the plan step wrote")
	}
	if out, err := step("apply", "--yes"); err != nil {
		t.Fatalf("apply step: %v\n%s", err, out)
	}
	if fake.Counts().Writes != 11 {
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
