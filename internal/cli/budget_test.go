package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/budget"
	"github.com/ghsync/ghsync/internal/plan"
	"github.com/ghsync/ghsync/internal/reconcile"
)

func TestEstimateInterval(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want time.Duration
	}{
		{"", time.Second},
		{"2s", 2 * time.Second},
		{"0", 0},
		{"0.5", 500 * time.Millisecond},
		{"soon", time.Second}, // malformed: apply reports it; the estimate uses the default
	} {
		getenv := func(k string) string {
			if k == "GHSYNC_WRITE_INTERVAL" {
				return tc.env
			}
			return ""
		}
		if got := estimateInterval(getenv); got != tc.want {
			t.Errorf("GHSYNC_WRITE_INTERVAL=%q: %s, want %s", tc.env, got, tc.want)
		}
	}
}

// TestEstimateFromClient plans the small catalog against the fake through
// the plan command's own client, and checks that the estimate reads the
// client's counters right and predicts the writes apply then makes.
func TestEstimateFromClient(t *testing.T) {
	h := newHarness(t)
	env := &Env{
		In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{},
		Getenv: func(k string) string { return h.env[k] },
		Now:    func() time.Time { return testNow },
		Sleep:  func(ctx context.Context, d time.Duration) error { return ctx.Err() },
	}
	g := &Global{Catalog: h.catalog}
	cat, want, err := loadCatalog(env, g)
	if err != nil {
		t.Fatal(err)
	}
	client, err := readOnlyClient(context.Background(), env, g, cat)
	if err != nil {
		t.Fatal(err)
	}
	if c := budget.Estimate(plan.Plan{}, time.Second, reconcile.RateOf(client.Stats())); c.Rate.Known() || c.String() != "Estimated: no writes; rate limit: not seen yet" {
		t.Errorf("before any request: %+v %q", c.Rate, c)
	}
	state, err := client.Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p := reconcile.Diff(cat, want, state, client.Repo(), today(env))
	c := budget.Estimate(p, time.Second, reconcile.RateOf(client.Stats()))
	reads := h.fake.Counts().Reads
	if c.Reads != reads || c.Rate.Remaining != 5000-reads || c.Rate.Reset.IsZero() {
		t.Errorf("estimate read reads %d, remaining %d, reset %s; the fake served %d reads of 5000", c.Reads, c.Rate.Remaining, c.Rate.Reset, reads)
	}
	if c.Writes == 0 || c.Writes != budget.PlanWrites(p) {
		t.Fatalf("estimate of %d writes for a plan of %d changes", c.Writes, len(p.Changes))
	}
	if !strings.HasPrefix(c.String(), "Estimated: ") || !strings.Contains(c.String(), "left until ") {
		t.Errorf("estimate text %q", c)
	}

	h.fake.ResetLog()
	h.mustRun("apply", "--yes")
	if got := h.fake.Counts().Writes; got != c.Writes {
		t.Errorf("apply made %d writes, the estimate said %d", got, c.Writes)
	}
}

func TestWritePlanJSON(t *testing.T) {
	var p plan.Plan
	p.Repository = "o/r"
	p.Add(plan.Change{Kind: plan.KindIssue, Action: plan.Create, ID: "P0-001", Issue: &plan.IssueSpec{}})
	c := budget.Estimate(p, time.Second, budget.Rate{Remaining: 4997, Reads: 3})

	var with, without bytes.Buffer
	if err := writePlanJSON(&with, p, c, nil); err != nil {
		t.Fatal(err)
	}
	if err := p.JSON(&without); err != nil {
		t.Fatal(err)
	}
	var got, want map[string]json.RawMessage
	if err := json.Unmarshal(with.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(without.Bytes(), &want); err != nil {
		t.Fatal(err)
	}
	for k, v := range want {
		if !bytes.Equal(got[k], v) {
			t.Errorf("field %q: %s, want %s as in the plan's own JSON", k, got[k], v)
		}
	}
	var est struct {
		Writes   int `json:"writes"`
		Requests int `json:"requests"`
	}
	if err := json.Unmarshal(got["estimate"], &est); err != nil || est.Writes != 1 || est.Requests != 5 {
		t.Errorf("estimate %s (%v): want 1 write in 5 requests (3 reads, 1 look, 1 write)", got["estimate"], err)
	}
	if len(got) != len(want)+1 {
		t.Errorf("fields %d, want the plan's %d and the estimate", len(got), len(want))
	}
	// Only added last: the plan's own fields keep their order.
	if !bytes.HasPrefix(with.Bytes(), bytes.TrimSuffix(without.Bytes(), []byte("\n}\n"))) {
		t.Errorf("the plan's fields moved:\n%s", with.String())
	}
}

func TestBatchNote(t *testing.T) {
	reset := time.Date(2026, 2, 10, 15, 4, 0, 0, time.UTC)
	for _, tc := range []struct {
		name       string
		done, left int
		rate       budget.Rate
		want       []string
	}{
		{"content limit", 449, 9634, budget.Rate{Remaining: 4000, Reset: reset},
			[]string{"Applied 449 changes of 10083", "again in about an hour", "--max-writes"}},
		{"rate limit", 101, 499, budget.Rate{Remaining: 50, Reset: reset},
			[]string{"Applied 101 changes of 600", "again after the rate limit resets at 15:04 UTC"}},
		{"nothing", 0, 10, budget.Rate{Remaining: 20, Reset: reset},
			[]string{"Nothing applied", "after the rate limit resets at 15:04 UTC", "10 changes are waiting"}},
	} {
		got := batchNote(tc.done, tc.left, tc.rate)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q does not say %q", tc.name, got, w)
			}
		}
	}
}
