package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/ghsync/ghsync/internal/budget"
	"github.com/ghsync/ghsync/internal/plan"
)

// What a plan costs on GitHub, for plan's output and apply's batches; the
// arithmetic is package budget's, these only bring the client's counters
// and the environment to it.

// estimateInterval is the write interval a plan is estimated at:
// GHSYNC_WRITE_INTERVAL, else GitHub's one second (also when malformed:
// apply is the command that reports that).
func estimateInterval(getenv func(string) string) time.Duration {
	if d := defaultWriteInterval(getenv); d >= 0 {
		return d
	}
	return time.Second
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
	// Warnings say what apply will meet (the blast-radius guard).
	Warnings []string `json:"warnings,omitempty"`
}

// writePlanJSON is plan.Plan.JSON with the estimate.
func writePlanJSON(w io.Writer, p plan.Plan, c budget.Cost, warnings []string) error {
	if p.Changes == nil {
		p.Changes = []plan.Change{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(planWithEstimate{Plan: p, Estimate: c, Warnings: warnings})
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
