package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/apply"
	"github.com/ghsync/ghsync/internal/cli"
	"github.com/ghsync/ghsync/internal/ghfake"
)

// interruptible is one run of ghsync that a test interrupts (SIGINT or
// SIGTERM through Env.Signals) at the moment it chooses: from the run's
// Sleep, or from a request on its way to the fake.
type interruptible struct {
	w       *world
	signals chan os.Signal
	// sleep, when set, is called for every Sleep of the run with its
	// context and the wait, in place of the virtual clock's.
	sleep func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	waits []time.Duration
}

func (w *world) interruptible() *interruptible {
	return &interruptible{w: w, signals: make(chan os.Signal, 2)}
}

// interrupt sends sig, as a person pressing Ctrl-C (os.Interrupt) or a job
// runner stopping the job (SIGTERM) does.
func (x *interruptible) interrupt(sig os.Signal) { x.signals <- sig }

// awaitCancel waits until the run has seen the interrupt: ctx, which comes
// from the run, ends. Real time, but only until the signal is handled.
func awaitCancel(t testing.TB, ctx context.Context) {
	t.Helper()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Error("the run's context was not cancelled by the interrupt")
	}
}

func (x *interruptible) run(args ...string) result {
	x.w.t.Helper()
	var out, errb bytes.Buffer
	vars := x.w.env
	env := &cli.Env{
		In: strings.NewReader(""), Out: &out, Err: &errb,
		Getenv: func(k string) string { return vars[k] },
		Now:    x.w.clock.Now,
		Sleep: func(ctx context.Context, d time.Duration) error {
			x.mu.Lock()
			x.waits = append(x.waits, d)
			x.mu.Unlock()
			if x.sleep != nil {
				return x.sleep(ctx, d)
			}
			return x.w.clock.Sleep(ctx, d)
		},
		Signals: x.signals,
		Exit: func(code int) {
			x.w.t.Errorf("a second interrupt's exit(%d): the tests send one", code)
		},
	}
	code := cli.Main(env, append([]string{"--catalog", x.w.catalog}, args...)...)
	r := result{code, out.String(), errb.String()}
	if strings.Contains(r.out+r.err, token) {
		x.w.t.Fatalf("ghsync %v printed the token", args)
	}
	return r
}

// interruptedRE is the line an apply stopped by an interrupt prints.
var interruptedRE = regexp.MustCompile(`Apply interrupted: (\d+) created, (\d+) updated, (\d+) closed, (\d+) reopened \((\d+) writes?\); re-run ghsync apply to finish the rest\.`)

// noLock fails the test if the lock label is on the fake.
func (w *world) noLock() {
	w.t.Helper()
	for _, l := range w.fake.Labels(repo) {
		if l.Name == apply.LockLabel {
			w.t.Fatalf("the lock label stays after an interrupted run: %q", l.Description)
		}
	}
}

// writesSince returns the writes the fake received after the first n of
// its log, as "METHOD path".
func (w *world) writesSince(n int) []string {
	var out []string
	for _, r := range w.fake.Log()[n:] {
		if r.Write {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

const unlockWrite = "DELETE /repos/o/r/labels/" + apply.LockLabel

// TestInterruptBetweenWrites interrupts apply while it waits between two
// writes (the write interval's Sleep), for several moments, with and
// without --lock, in text and JSON: it exits 130, says what it did, gives
// the lock back and writes nothing else; the next apply finishes the job
// and ends where an uninterrupted run ends.
func TestInterruptBetweenWrites(t *testing.T) {
	ref := newWorld(t)
	ref.mustRun("apply", "--yes")
	want := ref.snapshot()

	for _, tc := range []struct {
		name  string
		after int // the interrupt comes while waiting after this many writes
		sig   os.Signal
		args  []string
	}{
		{"after-1-write", 1, os.Interrupt, nil},
		{"after-4-writes", 4, os.Interrupt, nil},
		{"after-4-writes/lock", 4, os.Interrupt, []string{"--lock"}},
		{"after-9-writes/lock/sigterm", 9, syscall.SIGTERM, []string{"--lock", "--max-wait", "5s"}},
		{"after-6-writes/json", 6, os.Interrupt, []string{"--format", "json"}},
		{"after-6-writes/lock/json", 6, os.Interrupt, []string{"--lock", "--format", "json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			locked := len(tc.args) > 0 && tc.args[0] == "--lock"
			asJSON := contains(tc.args, "json")
			x := w.interruptible()
			paced := 0
			logAt := -1
			x.sleep = func(ctx context.Context, d time.Duration) error {
				// Only the write interval sleeps in this world: the
				// n-th sleep waits for the (n+1)-th write of the run.
				if paced++; paced < tc.after {
					return w.clock.Sleep(ctx, d)
				}
				logAt = len(w.fake.Log())
				x.interrupt(tc.sig)
				awaitCancel(t, ctx)
				return ctx.Err()
			}
			r := x.run(append([]string{"apply", "--yes"}, tc.args...)...)
			if r.code != cli.ExitInterrupted {
				t.Fatalf("interrupted apply: exit %d, want %d\n%s", r.code, cli.ExitInterrupted, r)
			}
			if logAt < 0 {
				t.Fatalf("the run never slept %d times: %s", tc.after, r)
			}
			text := r.out
			if asJSON {
				text = r.err
				var rep struct{ Error string }
				if err := json.Unmarshal([]byte(r.out), &rep); err != nil || !strings.HasPrefix(rep.Error, "interrupted: ") {
					t.Fatalf("JSON result of an interrupted apply (error %q, %v):\n%s", rep.Error, err, r.out)
				}
			}
			m := interruptedRE.FindStringSubmatch(text)
			if m == nil {
				t.Fatalf("no %q line:\n%s", interruptedRE, r)
			}
			if m[5] != strconv.Itoa(tc.after) {
				t.Errorf("the line counts %s writes, the run made %d: %s", m[5], tc.after, m[0])
			}
			done := 0
			for _, n := range m[1:5] {
				k, _ := strconv.Atoi(n)
				done += k
			}
			if done == 0 || done > tc.after {
				t.Errorf("the line counts %d changes for %d writes: %s", done, tc.after, m[0])
			}
			if strings.Contains(r.err, "Error:") {
				t.Errorf("an interrupt is reported as an error:\n%s", r.err)
			}
			after := w.writesSince(logAt)
			switch {
			case locked && (len(after) != 1 || after[0] != unlockWrite):
				t.Errorf("writes after the interrupt: %q, want only %q", after, unlockWrite)
			case !locked && len(after) != 0:
				t.Errorf("writes after the interrupt: %q, want none", after)
			}
			w.noLock()

			w.mustRun(append([]string{"apply", "--yes"}, tc.args...)...)
			if d := diff(want, w.snapshot()); d != "" {
				t.Fatalf("end state after the interrupted run and a re-run differs from an uninterrupted run:\n%s", d)
			}
			w.converged()
		})
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// onRequest serves the fake through a proxy on loopback that calls f with
// every request before passing it on, its body already read (so that the
// request's context ends when the client gives up on it). The request goes
// on to the fake even then, as a request GitHub received goes on although
// the client left. settle waits until every request has reached the fake.
func (w *world) onRequest(f func(r *http.Request)) (settle func()) {
	var handling sync.WaitGroup
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		handling.Add(1)
		defer handling.Done()
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		f(r)
		r.Body = io.NopCloser(bytes.NewReader(body))
		w.fake.ServeHTTP(rw, r)
	}))
	w.t.Cleanup(srv.Close)
	w.env["GITHUB_API_URL"] = srv.URL + "/"
	return handling.Wait
}

// TestInterruptDuringAWrite interrupts apply while a write is on its way:
// ghsync gives up on the request, GitHub performs it all the same (the
// worst case: a create whose outcome ghsync cannot know), and nothing is
// written after it but the unlock. The next apply finds what was done and
// makes no duplicate.
func TestInterruptDuringAWrite(t *testing.T) {
	ref := newWorld(t)
	ref.mustRun("apply", "--yes")
	want := ref.snapshot()

	for _, n := range []int{2, 5, 8, 11} { // write 1 is the lock's create
		t.Run("write-"+strconv.Itoa(n), func(t *testing.T) {
			w := newWorld(t)
			x := w.interruptible()
			var mu sync.Mutex
			writes, logAt := 0, -1
			var inFlight string
			settle := w.onRequest(func(r *http.Request) {
				if r.Method == http.MethodGet {
					return
				}
				mu.Lock()
				writes++
				k := writes
				mu.Unlock()
				if k != n {
					return
				}
				logAt = len(w.fake.Log())
				inFlight = r.Method + " " + r.URL.Path
				x.interrupt(os.Interrupt)
				awaitCancel(t, r.Context()) // ghsync gave up on the answer
			})
			r := x.run("apply", "--yes", "--lock")
			settle()
			if r.code != cli.ExitInterrupted || !interruptedRE.MatchString(r.out) {
				t.Fatalf("apply interrupted during %s: %s", inFlight, r)
			}
			// The write in flight lands whenever the proxy lets it go on:
			// before the unlock or after.
			after := w.writesSince(logAt)
			sort.Strings(after)
			wantAfter := []string{inFlight, unlockWrite}
			sort.Strings(wantAfter)
			if strings.Join(after, ",") != strings.Join(wantAfter, ",") {
				t.Errorf("writes from the interrupted one on: %q, want %q and the unlock %q only", after, inFlight, unlockWrite)
			}
			w.noLock()

			w.mustRun("apply", "--yes", "--lock")
			got := w.snapshot()
			if dups := got.duplicates(); len(dups) > 0 {
				t.Fatalf("duplicates after the write in flight at the interrupt: %v", dups)
			}
			if d := diff(want, got); d != "" {
				t.Fatalf("end state differs from an uninterrupted run:\n%s", d)
			}
			w.converged()
		})
	}
}

// otherRunsLock seeds the lock label of another apply that holds it for
// hours.
func (w *world) otherRunsLock() ghfake.Label {
	w.t.Helper()
	l := ghfake.Label{Name: apply.LockLabel, Color: "000000",
		Description: "ghsync apply 0badc0de holds this until " + epoch.Add(3*time.Hour).Format(time.RFC3339) + "; delete it if no apply runs"}
	if err := w.fake.SeedLabel(repo, l); err != nil {
		w.t.Fatal(err)
	}
	return l
}

// TestInterruptWhileWaitingForTheLock: an apply that waits for another
// run's lock stops at the interrupt, changes nothing and leaves the other
// run's lock alone.
func TestInterruptWhileWaitingForTheLock(t *testing.T) {
	w := newWorld(t)
	other := w.otherRunsLock()
	before := w.snapshot()
	x := w.interruptible()
	x.sleep = func(ctx context.Context, d time.Duration) error {
		x.interrupt(os.Interrupt)
		awaitCancel(t, ctx)
		return ctx.Err()
	}
	r := x.run("apply", "--yes", "--lock", "--max-wait", "1h")
	if r.code != cli.ExitInterrupted || !strings.Contains(r.err, "Apply interrupted while waiting for the lock: nothing was changed.") {
		t.Fatalf("apply interrupted while waiting for the lock: %s", r)
	}
	if d := diff(before, w.snapshot()); d != "" {
		t.Fatalf("an apply interrupted while waiting changed the repository:\n%s", d)
	}
	found := false
	for _, l := range w.fake.Labels(repo) {
		found = found || l == other
	}
	if !found {
		t.Fatal("the other run's lock label was touched")
	}
}

// TestMaxWaitBoundsTheLockWait: with another run holding the lock, no wait
// of an apply --lock is longer than --max-wait, nor all of them together.
func TestMaxWaitBoundsTheLockWait(t *testing.T) {
	for _, tc := range []struct {
		maxWait string
		want    time.Duration
	}{
		{"5s", 5 * time.Second},
		{"40s", 40 * time.Second},
		{"2m", 2 * time.Minute},
		{"0", 0},
	} {
		t.Run(tc.maxWait, func(t *testing.T) {
			w := newWorld(t)
			w.otherRunsLock()
			x := w.interruptible()
			r := x.run("apply", "--yes", "--lock", "--max-wait", tc.maxWait)
			if r.code != 1 || !strings.Contains(r.err, "another ghsync apply is running") {
				t.Fatalf("apply --lock --max-wait %s with the lock held: %s", tc.maxWait, r)
			}
			var sum time.Duration
			for _, d := range x.waits {
				if d > tc.want {
					t.Errorf("a wait of %s with --max-wait %s", d, tc.maxWait)
				}
				sum += d
			}
			if sum > tc.want {
				t.Errorf("waited %s in all (%v) with --max-wait %s", sum, x.waits, tc.maxWait)
			}
		})
	}
}

// TestReadOnlyCommandsInterrupted: plan, report and gate stopped while they
// read exit 130 with one line, and write nothing: no output, no saved plan,
// no job summary.
func TestReadOnlyCommandsInterrupted(t *testing.T) {
	for _, args := range [][]string{
		{"plan"},
		{"plan", "--format", "json", "--out", "PLAN"},
		{"plan", "--detailed-exitcode"},
		{"report", "--format", "markdown"},
		{"gate", "production"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			w := newWorld(t)
			dir := t.TempDir()
			saved := filepath.Join(dir, "plan.json")
			for i, a := range args {
				if a == "PLAN" {
					args[i] = saved
				}
			}
			summary := filepath.Join(dir, "summary.md")
			w.env["GITHUB_STEP_SUMMARY"] = summary
			w.env["GITHUB_OUTPUT"] = filepath.Join(dir, "output")
			x := w.interruptible()
			var once sync.Once
			w.onRequest(func(r *http.Request) {
				if strings.Contains(r.URL.Path, "/issues") {
					once.Do(func() {
						x.interrupt(os.Interrupt)
						awaitCancel(t, r.Context())
					})
				}
			})
			r := x.run(args...)
			line := "Interrupted: ghsync " + args[0] + " stopped before writing anything.\n"
			if r.code != cli.ExitInterrupted || r.out != "" || r.err != line {
				t.Fatalf("ghsync %v interrupted: %s\nwant exit %d, no output and %q", args, r, cli.ExitInterrupted, line)
			}
			for _, f := range []string{saved, summary, w.env["GITHUB_OUTPUT"]} {
				if _, err := os.Stat(f); err == nil {
					t.Errorf("%s was written by an interrupted %s", filepath.Base(f), args[0])
				}
			}
		})
	}
}

// TestRealSignals sends real signals to a real `ghsync apply --lock`
// process (the test binary acting as ghsync, as in crash_test.go) while its
// fifth write is in flight: System() must wire SIGINT and SIGTERM to the
// run's context. One signal: exit 130, the summary, no lock left. A second
// while the unlock hangs: exit 130 at once, with the lock left to expire.
func TestRealSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		sigs       []os.Signal
		holdUnlock bool // the unlock's DELETE never answers
		want       string
		lockStays  bool
	}{
		{"SIGINT", []os.Signal{os.Interrupt}, false, "Apply interrupted: ", false},
		{"SIGTERM", []os.Signal{syscall.SIGTERM}, false, "Apply interrupted: ", false},
		{"SIGINT-twice", []os.Signal{os.Interrupt, os.Interrupt}, true, "Interrupted again: exiting at once.", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			held, unlockHeld := make(chan struct{}), make(chan struct{})
			release := make(chan struct{})
			var mu sync.Mutex
			writes := 0
			srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodGet {
					mu.Lock()
					writes++
					n := writes
					mu.Unlock()
					hold := func(c chan struct{}) {
						close(c)
						select {
						case <-r.Context().Done():
						case <-release:
						}
					}
					switch {
					case n == 5:
						hold(held)
						return // ghsync left: the write never reaches GitHub
					case tc.holdUnlock && r.Method == http.MethodDelete:
						hold(unlockHeld)
						return
					}
				}
				w.fake.ServeHTTP(rw, r)
			}))
			defer srv.Close()
			defer close(release)

			cmd := exec.Command(exe, "--catalog", w.catalog, "apply", "--yes", "--lock")
			cmd.Env = append(os.Environ(),
				beGhsync+"=1",
				"GITHUB_TOKEN="+token,
				"GITHUB_API_URL="+srv.URL+"/",
				"GITHUB_REPOSITORY="+repo,
				"GHSYNC_WRITE_INTERVAL=0",
			)
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			wait := func(c chan struct{}, what string) {
				select {
				case <-c:
				case err := <-done:
					t.Fatalf("ghsync ended before %s: %v\n%s", what, err, out.String())
				case <-time.After(60 * time.Second):
					cmd.Process.Kill()
					t.Fatalf("%s never came\n%s", what, out.String())
				}
			}
			wait(held, "its fifth write")
			if err := cmd.Process.Signal(tc.sigs[0]); err != nil {
				t.Fatal(err)
			}
			if len(tc.sigs) > 1 {
				wait(unlockHeld, "the unlock")
				if err := cmd.Process.Signal(tc.sigs[1]); err != nil {
					t.Fatal(err)
				}
			}
			select {
			case err = <-done:
			case <-time.After(apply.ReleaseTimeout / 2):
				cmd.Process.Kill()
				t.Fatalf("ghsync did not end after %v\n%s", tc.sigs, out.String())
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != cli.ExitInterrupted {
				t.Fatalf("ghsync after %v: %v, want exit %d\n%s", tc.sigs, err, cli.ExitInterrupted, out.String())
			}
			if !strings.Contains(out.String(), tc.want) {
				t.Fatalf("no %q in the output:\n%s", tc.want, out.String())
			}
			lock := false
			for _, l := range w.fake.Labels(repo) {
				lock = lock || l.Name == apply.LockLabel
			}
			if lock != tc.lockStays {
				t.Fatalf("lock label left: %v, want %v\n%s", lock, tc.lockStays, out.String())
			}
		})
	}
}
