package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// syncBuffer is a bytes.Buffer that the interrupt watcher and the command
// may write at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestInterrupts: the first signal cancels the commands' context with
// errInterrupted as its cause, the second exits with 130 at once.
func TestInterrupts(t *testing.T) {
	for _, tc := range []struct {
		name      string
		nilSignal bool
		send      []os.Signal
		cancelled bool
		exits     []int
	}{
		{name: "no signal channel", nilSignal: true},
		{name: "no signal"},
		{name: "Ctrl-C", send: []os.Signal{os.Interrupt}, cancelled: true},
		{name: "SIGTERM", send: []os.Signal{syscall.SIGTERM}, cancelled: true},
		{name: "Ctrl-C twice", send: []os.Signal{os.Interrupt, os.Interrupt}, cancelled: true, exits: []int{ExitInterrupted}},
		{name: "SIGTERM then Ctrl-C", send: []os.Signal{syscall.SIGTERM, os.Interrupt}, cancelled: true, exits: []int{ExitInterrupted}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs := make(chan os.Signal, 2)
			exited := make(chan int, 2)
			var errb syncBuffer
			env := &Env{Err: &errb, Signals: sigs, Exit: func(code int) { exited <- code }}
			if tc.nilSignal {
				env.Signals = nil
			}
			ctx, stop := withInterrupts(env)
			for _, s := range tc.send {
				sigs <- s
			}
			if tc.cancelled {
				select {
				case <-ctx.Done():
				case <-time.After(5 * time.Second):
					t.Fatal("the interrupt did not cancel the context")
				}
				if !interrupted(ctx) {
					t.Fatalf("cancelled, but not as interrupted: %v", context.Cause(ctx))
				}
			}
			var codes []int
			if len(tc.exits) > 0 {
				select {
				case c := <-exited:
					codes = append(codes, c)
				case <-time.After(5 * time.Second):
					t.Fatal("the second interrupt did not exit")
				}
			}
			stop()
			close(exited)
			for c := range exited {
				codes = append(codes, c)
			}
			if len(codes) != len(tc.exits) || len(codes) > 0 && codes[0] != tc.exits[0] {
				t.Fatalf("exits %v, want %v", codes, tc.exits)
			}
			if len(codes) > 0 && !strings.Contains(errb.String(), "Interrupted again: exiting at once.") {
				t.Fatalf("the second interrupt says %q", errb.String())
			}
			if !tc.cancelled && interrupted(ctx) {
				t.Fatal("interrupted without a signal")
			}
		})
	}
}

// questionWatch is stderr (where the question goes, never stdout) that
// interrupts the run once apply asks for confirmation.
type questionWatch struct {
	bytes.Buffer
	sigs chan<- os.Signal
	sent bool
}

func (q *questionWatch) Write(p []byte) (int, error) {
	n, err := q.Buffer.Write(p)
	if !q.sent && strings.Contains(q.String(), "Only 'yes' is accepted") {
		q.sent = true
		q.sigs <- os.Interrupt
	}
	return n, err
}

// TestInterruptAtTheConfirmation: Ctrl-C while apply waits for "yes" stops
// it at once (no second Ctrl-C needed), with nothing written.
func TestInterruptAtTheConfirmation(t *testing.T) {
	h := newHarness(t)
	sigs := make(chan os.Signal, 2)
	errb := &questionWatch{sigs: sigs}
	var out bytes.Buffer
	// A terminal nobody types on.
	in, never := io.Pipe()
	t.Cleanup(func() { never.Close() })
	env := &Env{
		In: in, Out: &out, Err: errb, StdinTTY: true,
		Getenv:  func(k string) string { return h.env[k] },
		Now:     func() time.Time { return testNow },
		Sleep:   func(ctx context.Context, d time.Duration) error { return ctx.Err() },
		Signals: sigs,
		Exit:    func(code int) { t.Errorf("exit(%d) after one interrupt", code) },
	}
	code := Main(env, "--catalog", h.catalog, "apply", "--lock")
	if code != ExitInterrupted || !strings.HasSuffix(errb.String(), "? Only 'yes' is accepted: \nApply interrupted before its first change: nothing was changed.\n") || strings.Contains(out.String(), "Only 'yes'") {
		t.Fatalf("apply interrupted at the question: exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
	}
	// The lock is taken and given back; nothing else is written.
	var writes []string
	for _, r := range h.fake.Log() {
		if r.Write {
			writes = append(writes, r.Method+" "+r.Path)
		}
	}
	if want := "POST /repos/o/r/labels,DELETE /repos/o/r/labels/ghsync-lock"; strings.Join(writes, ",") != want {
		t.Errorf("an apply interrupted at the question wrote %q, want %s", writes, want)
	}
	if len(h.fake.Labels(testRepo)) != 0 {
		t.Fatalf("labels after an apply interrupted at the question: %v", h.fake.Labels(testRepo))
	}
}

// TestMaxWaitBoundsRateLimitWaits: --max-wait bounds the waits of the GitHub
// client too, 0 included (which the client alone reads as 15 minutes).
func TestMaxWaitBoundsRateLimitWaits(t *testing.T) {
	for _, tc := range []struct {
		maxWait string
		code    int
		waits   int // waits of 30 s, for the secondary limit's Retry-After
	}{
		{"0", 1, 0},
		{"10s", 1, 0},
		{"1m", 0, 1},
	} {
		t.Run(tc.maxWait, func(t *testing.T) {
			h := newHarness(t)
			h.fake.Inject(ghfake.Fault{Method: "POST", Nth: 1, Kind: ghfake.KindSecondary, RetryAfter: 30})
			var out, errb bytes.Buffer
			var waits []time.Duration
			env := &Env{
				In: strings.NewReader(""), Out: &out, Err: &errb,
				Getenv: func(k string) string { return h.env[k] },
				Now:    func() time.Time { return testNow },
				Sleep: func(ctx context.Context, d time.Duration) error {
					waits = append(waits, d)
					return ctx.Err()
				},
			}
			code := Main(env, "--catalog", h.catalog, "apply", "--yes", "--max-wait", tc.maxWait)
			if code != tc.code {
				t.Fatalf("apply --max-wait %s with a secondary limit of 30 s: exit %d, want %d\n%s%s", tc.maxWait, code, tc.code, out.String(), errb.String())
			}
			if len(waits) != tc.waits {
				t.Fatalf("waits %v, want %d of 30 s", waits, tc.waits)
			}
			limit, _ := time.ParseDuration(tc.maxWait)
			for _, d := range waits {
				if d > limit {
					t.Errorf("a wait of %s with --max-wait %s", d, tc.maxWait)
				}
			}
		})
	}
}

func TestMaxWaitMustNotBeNegative(t *testing.T) {
	h := newHarness(t)
	r := h.run("apply", "--yes", "--max-wait", "-5s")
	if r.code != 1 || !strings.Contains(r.err, "--max-wait -5s is negative") || h.writes() != 0 {
		t.Fatalf("apply --max-wait -5s: exit %d\n%s", r.code, r.err)
	}
}
