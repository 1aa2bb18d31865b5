package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/ghsync/ghsync/internal/budget"
	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/plan"
)

// What a plan costs on GitHub, for plan's output and apply's batches; the
// arithmetic is package budget's, these only bring the client's counters
// and the environment to it.

// rateOf is what the client saw of the rate limit, and what it read.
func rateOf(st ghapi.Stats) budget.Rate {
	return budget.Rate{Remaining: st.RateRemaining, Reset: st.RateReset, Reads: st.Reads}
}

// estimateInterval is the write interval a plan is estimated at:
// GHSYNC_WRITE_INTERVAL, else GitHub's one second (also when malformed:
// apply is the command that reports that).
func estimateInterval(getenv func(string) string) time.Duration {
	if d := defaultWriteInterval(getenv); d >= 0 {
		return d
	}
	return time.Second
}

// estimate is the cost of applying p, made by the client whose counters
// are st, with interval between writes.
func estimate(p plan.Plan, st ghapi.Stats, interval time.Duration) budget.Cost {
	return budget.Estimate(p, interval, rateOf(st))
}

// writeEstimate ends a text plan with its estimate, one line (two when the
// plan needs several runs).
func writeEstimate(w io.Writer, c budget.Cost) error {
	_, err := fmt.Fprintf(w, "\n%s\n", c)
	return err
}

// planWithEstimate is the plan's JSON object with "estimate" added last
// (the plan's fields are only ever added to).
type planWithEstimate struct {
	plan.Plan
	Estimate budget.Cost `json:"estimate"`
}

// writePlanJSON is plan.Plan.JSON with the estimate.
func writePlanJSON(w io.Writer, p plan.Plan, c budget.Cost) error {
	if p.Changes == nil {
		p.Changes = []plan.Change{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(planWithEstimate{Plan: p, Estimate: c})
}

// batchWork is the part of work (the plan without its dashboard) that one
// apply run without --max-writes makes: what GitHub's hourly content limit
// and the rate limit left allow (budget.RunLimits), keeping one write and
// two requests for the dashboard refresh when there is one. left counts
// the changes put off; the next run plans afresh and makes them.
func batchWork(work plan.Plan, st ghapi.Stats, dashboard bool) (batch plan.Plan, left int) {
	l := budget.RunLimits(rateOf(st))
	if dashboard {
		l.Writes = max(l.Writes-1, 0)
		if l.Requests >= 0 {
			l.Requests = max(l.Requests-2, 0)
		}
	}
	return budget.Batch(work, l)
}

// batchNote tells a person why an apply stopped early, and what to do.
func batchNote(done, left int, rate budget.Rate) string {
	when := "in about an hour"
	if rate.Known() && !rate.Reset.IsZero() && rate.Remaining < budget.RequestReserve+budget.WritesPerHour {
		when = "after the rate limit resets at " + rate.Reset.UTC().Format("15:04 UTC")
	}
	if done == 0 {
		return fmt.Sprintf("Nothing applied: GitHub's limits leave no room for writes now. Run ghsync apply again %s; %d changes are waiting.", when, left)
	}
	return fmt.Sprintf("Applied %d changes of %d in this run, as GitHub's limits allow (about %d content-creating writes an hour). "+
		"Run ghsync apply again %s to continue where this run stopped (pass --max-writes to choose the batch yourself).",
		done, done+left, budget.WritesPerHour, when)
}
