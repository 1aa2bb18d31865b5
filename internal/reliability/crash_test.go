package reliability

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/cli"
)

// beGhsync makes the test binary act as the ghsync command, so the crash
// test kills a real process without building one.
const beGhsync = "GHSYNC_RELIABILITY_BE_GHSYNC"

func TestMain(m *testing.M) {
	if os.Getenv(beGhsync) == "1" {
		os.Exit(cli.Main(cli.System()))
	}
	os.Exit(m.Run())
}

// holdMode says where the held write stops.
type holdMode int

const (
	// beforeGitHub: the write never reaches GitHub (killed in flight,
	// nothing done).
	beforeGitHub holdMode = iota
	// afterCommit: GitHub made the change but the answer never left (killed
	// in flight, change done).
	afterCommit
)

func (m holdMode) String() string { return [...]string{"in-flight-not-done", "in-flight-done"}[m] }

// gate serves the fake and holds the k-th write until released, so the
// test can kill the process at exactly that point.
type gate struct {
	next http.Handler
	k    int
	mode holdMode

	mu      sync.Mutex
	writes  int
	held    chan struct{}
	release chan struct{}
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		g.mu.Lock()
		g.writes++
		n := g.writes
		g.mu.Unlock()
		if n == g.k {
			if g.mode == afterCommit {
				g.next.ServeHTTP(httptest.NewRecorder(), r)
			}
			close(g.held)
			<-g.release
			return
		}
	}
	g.next.ServeHTTP(w, r)
}

// TestCrashAndResume kills a real `ghsync apply` process with SIGKILL while
// its k-th write is in flight, before GitHub did it or after, for several k,
// and checks that the next apply converges to the state of an uninterrupted
// run with no duplicates.
func TestCrashAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	ks := map[string][]int{
		// fresh: 1 the first label, 8 the adoption of a person's label,
		// 11 the first milestone, 14 the first issue, 21 the create of
		// resolved BLK-08 and 22 its close, 28 the dashboard.
		"fresh": {1, 8, 11, 14, 21, 22, 28},
		// update: 1 a milestone, 3 the create of BLK-13, 9 the comment
		// before BLK-12's close and 10 that close, 12 the dashboard.
		"update": {1, 3, 9, 10, 12},
	}
	if full() {
		ks = map[string][]int{}
	}
	cases := 0
	for _, sc := range scenarios {
		w := newWorld(t)
		sc.prepare(w)
		before := w.fake.Counts().Writes
		w.mustRun("apply", "--yes")
		writes := w.fake.Counts().Writes - before
		want := w.snapshot()
		list := ks[sc.name]
		if full() {
			for k := 1; k <= writes; k++ {
				list = append(list, k)
			}
		}
		for _, k := range list {
			for _, mode := range []holdMode{beforeGitHub, afterCommit} {
				cases++
				t.Run(fmt.Sprintf("%s/write-%d/%s", sc.name, k, mode), func(t *testing.T) {
					crashCase(t, exe, sc, k, mode, want)
				})
			}
		}
	}
	t.Logf("figures: crash and resume (SIGKILL): %d cases", cases)
}

func crashCase(t *testing.T, exe string, sc scenario, k int, mode holdMode, want snapshot) {
	w := newWorld(t)
	sc.prepare(w)
	g := &gate{next: w.fake.Handler(), k: k, mode: mode, held: make(chan struct{}), release: make(chan struct{})}
	srv := httptest.NewServer(g) // 127.0.0.1 only
	defer srv.Close()
	defer close(g.release)

	cmd := exec.Command(exe, "--catalog", w.catalog, "apply", "--yes")
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
	select {
	case <-g.held:
	case err := <-done:
		t.Fatalf("ghsync ended before its write %d: %v\n%s", k, err, out.String())
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("write %d never came\n%s", k, out.String())
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-done
	if strings.Contains(out.String(), token) {
		t.Fatal("the killed process printed the token")
	}

	// The next run, in-process against the same fake.
	if r := w.run("apply", "--yes"); r.code != 0 {
		t.Fatalf("apply after the crash: %s", r)
	}
	got := w.snapshot()
	if dups := got.duplicates(); len(dups) > 0 {
		t.Fatalf("duplicates: %v", dups)
	}
	if d := diff(want, got); d != "" {
		t.Fatalf("end state differs from an uninterrupted run:\n%s", d)
	}
	w.converged()
}
