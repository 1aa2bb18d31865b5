// Package budget estimates what a plan costs on GitHub, where ghsync's
// real limits are: requests per hour (1,000 for a GITHUB_TOKEN, 5,000 for a
// user token), and about 80 content-creating writes a minute and 500 an
// hour. It is pure: a plan and what the client saw of the rate limit in,
// numbers and sentences out. It never talks to GitHub.
//
// A plan too big for one hour is applied in batches (Batch): each run
// writes what the hour allows and stops cleanly; the next run plans afresh
// and continues where the last one stopped, so nothing is tracked between
// runs.
package budget

import (
	"encoding/json"
	"fmt"
	"github.com/ghsync/ghsync/internal/words"
	"strings"
	"time"

	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/plan"
)

// GitHub's limits (shared/reference/github-behaviour.md). The content
// limits are documented as subject to change; every write ghsync makes
// (creates and edits of issues, labels, milestones, comments) is counted
// as content-creating, the safe reading.
const (
	// PerPage is the largest page of a list request.
	PerPage = 100
	// WritesPerMinute and WritesPerHour are the content-creation limits.
	WritesPerMinute = 80
	WritesPerHour   = 500
	// WriteReserve is left of the hourly content limit for people and
	// other tools writing as the same account in the same hour.
	WriteReserve = 50
	// RequestReserve is the least left of the primary rate limit after a
	// batch, so `ghsync report` and the next plan can still read.
	RequestReserve = 50
)

// Pages is the number of list requests that read n objects: 100 a page,
// and one request even for none.
func Pages(n int) int {
	if n <= 0 {
		return 1
	}
	return (n + PerPage - 1) / PerPage
}

// LowerBound is the fewest requests in which any tool can see everything a
// plan compares, given the repository's issues (every issue and pull
// request: the issues list returns both, and a marker can only be found
// by reading the body), labels and milestones: one full listing of each,
// 100 a page, plus one.
func LowerBound(issues, labels, milestones int) int {
	ceil := func(n int) int { return (max(n, 0) + PerPage - 1) / PerPage }
	return ceil(issues) + ceil(labels) + ceil(milestones) + 1
}

// Writes is how many write requests apply makes for c: one per change,
// two for an issue created closed (GitHub creates issues open, so a close
// follows) and two for a change with a comment (the comment, then the
// change).
func Writes(c plan.Change) int {
	n := 1
	switch {
	case c.Action == plan.Create && c.Issue != nil && c.Issue.State == observed.Closed:
		n++
	case c.Action != plan.Create && c.Comment != "":
		n++
	case c.Kind == plan.KindBoardItem && c.Action == plan.Create && c.Board != nil && len(c.Board.Values) > 0:
		// The item is added, then its values set in one PATCH.
		n++
	case c.Kind == plan.KindBoardItem && c.Action == plan.Close && c.Board != nil && len(c.Board.Values) > 0:
		// The record is set in one PATCH, then the item archived.
		n++
	case c.Kind == plan.KindBoardItem && c.Action == plan.Update && c.Board != nil && c.Board.Unarchive && len(c.Board.Values) > 0:
		// The item is restored from the archive, then its values set.
		n++
	}
	return n
}

// Reads is how many reads apply makes for c besides the plan's: one look
// among the newest issues before each issue create (another run may have
// made it since the plan), one look at the issue before each issue update,
// close or reopen (a person may have edited it since the plan read it), one
// look at the newest comments before each comment (a stopped run may have
// posted it). Retries, the looks after a lost answer and the second read
// for a thread of over 100 comments are not counted: they are rare.
func Reads(c plan.Change) int {
	n := 0
	isIssue := plan.IsIssue(c.Kind)
	if c.Action == plan.Create && isIssue {
		n++
	}
	if c.Action != plan.Create && isIssue && c.Seen != nil && c.Seen.Digest != "" {
		n++
	}
	if c.Action != plan.Create && c.Comment != "" {
		n++
	}
	if c.Kind == plan.KindBoard && c.Action == plan.Create {
		// The new Project's built-in fields are read (two requests).
		n += 2
	}
	return n
}

// PlanWrites is the sum of Writes over p's changes.
func PlanWrites(p plan.Plan) int {
	n := 0
	for _, c := range p.Changes {
		n += Writes(c)
	}
	return n
}

// PlanReads is the sum of Reads over p's changes.
func PlanReads(p plan.Plan) int {
	n := 0
	for _, c := range p.Changes {
		n += Reads(c)
	}
	return n
}

// Rate is what the client saw of the primary rate limit, and what it has
// spent reading (ghapi.Stats: RateRemaining, RateReset, Reads).
type Rate struct {
	// Remaining is the last x-ratelimit-remaining seen; negative when no
	// answer carried one yet (unknown).
	Remaining int
	// Reset is when the limit resets; zero when unknown.
	Reset time.Time
	// Reads are the requests this run already made (to observe).
	Reads int
}

// Known reports whether the remaining count was seen.
func (r Rate) Known() bool { return r.Remaining >= 0 }

// Limits bound one apply run.
type Limits struct {
	// Writes is the most content-creating writes.
	Writes int
	// Requests is the most requests, reads included; negative: no bound
	// known.
	Requests int
}

// RunLimits are the bounds of one run that set no --max-writes: what the
// hourly content limit leaves after WriteReserve, and what the rate limit
// has left after keeping enough to read the repository again (as many
// reads as this run made, at least RequestReserve).
func RunLimits(r Rate) Limits {
	l := Limits{Writes: WritesPerHour - WriteReserve, Requests: -1}
	if r.Known() {
		l.Requests = max(r.Remaining-max(RequestReserve, r.Reads), 0)
	}
	return l
}

// DefaultMaxWrites is the most writes one run may make when the user set
// no --max-writes: min(remaining - reserve, 500 - 50). Zero means wait for
// the reset before writing. Batch applies the same limits exactly, reads
// included.
func DefaultMaxWrites(r Rate) int {
	l := RunLimits(r)
	if l.Requests >= 0 {
		return min(l.Writes, l.Requests)
	}
	return l.Writes
}

// Batch is the longest prefix of p that fits l, and how many changes are
// left for later runs. Dependencies come before the blockers that link to
// them in a plan, so a prefix never needs what it leaves out; the next run
// plans afresh and picks up the rest.
func Batch(p plan.Plan, l Limits) (plan.Plan, int) {
	out := p
	out.Changes, out.Summary = nil, plan.Summary{}
	writes, requests := 0, 0
	for i, c := range p.Changes {
		w, r := Writes(c), Reads(c)
		if writes+w > l.Writes || (l.Requests >= 0 && requests+w+r > l.Requests) {
			return out, len(p.Changes) - i
		}
		writes += w
		requests += w + r
		out.Add(c)
	}
	return out, 0
}

// Cost is a plan's estimated cost. Its zero value is a plan without
// writes whose rate limit nobody saw.
type Cost struct {
	// Reads were spent making the plan; Writes and ApplyReads are what
	// apply would add.
	Reads, Writes, ApplyReads int
	// Interval is the least time between two writes (GHSYNC_WRITE_INTERVAL).
	Interval time.Duration
	// Duration is how long this run's writes take at Interval, and no
	// faster than WritesPerMinute.
	Duration time.Duration
	// Rate is the rate limit as last seen.
	Rate Rate
	// MaxWrites is DefaultMaxWrites(Rate).
	MaxWrites int
	// BatchWrites are the writes this run makes: all of them, or the
	// first batch (Batch with RunLimits(Rate)).
	BatchWrites int
	// Runs is how many apply runs the writes need, this one included,
	// when every later run starts with a fresh hour (0 without writes).
	Runs int
	// Creates are this run's issue creates. GitHub's content-creation
	// limit can block them well under the documented 80 a minute; when it
	// does, apply spaces the rest CreateSpacing apart (ghapi).
	Creates int
	// SlowDuration is how long this run's writes take if that happens at
	// once.
	SlowDuration time.Duration
}

// CreateSpacing is ghapi.CreateSpacing (budget stays free of ghapi): the
// spacing of creates once GitHub's content-creation limit was met.
const CreateSpacing = 3 * time.Second

// slowCreates is about how many creates in a row GitHub lets through
// before its content-creation limit may block them (observed: about 20
// at one a second).
const slowCreates = 20

// Requests is every request of the run: the reads made and the reads and
// writes to come.
func (c Cost) Requests() int { return c.Reads + c.ApplyReads + c.Writes }

// Batched reports whether the writes do not fit in this run.
func (c Cost) Batched() bool { return c.BatchWrites < c.Writes }

// Estimate is the cost of applying p with interval between writes, for a
// client that saw rate.
func Estimate(p plan.Plan, interval time.Duration, rate Rate) Cost {
	c := Cost{Reads: rate.Reads, Writes: PlanWrites(p), ApplyReads: PlanReads(p), Interval: max(interval, 0), Rate: rate}
	c.MaxWrites = DefaultMaxWrites(rate)
	first, _ := Batch(p, RunLimits(rate))
	c.BatchWrites = PlanWrites(first)
	c.Duration = writeTime(c.BatchWrites, c.Interval)
	for _, ch := range first.Changes {
		if plan.IsIssue(ch.Kind) && ch.Action == plan.Create {
			c.Creates++
		}
	}
	if c.Creates > slowCreates && c.Interval < CreateSpacing {
		c.SlowDuration = c.Duration + time.Duration(c.Creates)*(CreateSpacing-c.Interval)
	}
	if c.Writes > 0 {
		per := WritesPerHour - WriteReserve
		c.Runs = (c.Writes - c.BatchWrites + per - 1) / per
		if c.BatchWrites > 0 {
			c.Runs++
		}
	}
	return c
}

// writeTime is how long n writes take at interval, but no less than
// GitHub's per-minute limit allows: the n-th write waits for the
// (n-1)/80-th minute.
func writeTime(n int, interval time.Duration) time.Duration {
	if n <= 0 {
		return 0
	}
	d := time.Duration(n) * interval
	if floor := time.Duration((n-1)/WritesPerMinute) * time.Minute; floor > d {
		d = floor
	}
	return d
}

// String is the estimate for the text plan, one line, with a second when
// the writes need more than one run, for example:
//
//	Estimated: 83 writes, ~1m23s at 1s between writes; rate limit: 4,912 left until 15:04 UTC
func (c Cost) String() string {
	var b strings.Builder
	b.WriteString("Estimated: ")
	switch {
	case c.Writes == 0:
		b.WriteString("no writes")
	case c.BatchWrites == 0:
		b.WriteString(words.Count(c.Writes, "write"))
	default:
		b.WriteString(words.Count(c.Writes, "write"))
		if c.ApplyReads > 0 {
			fmt.Fprintf(&b, " and %s", words.Count(c.ApplyReads, "read"))
		}
		fmt.Fprintf(&b, ", ~%s", roundDuration(c.Duration))
		if c.Batched() {
			fmt.Fprintf(&b, " for the first %s", words.Count(c.BatchWrites, "write"))
		}
		if c.Interval > 0 {
			fmt.Fprintf(&b, " at %s between writes", c.Interval)
		} else {
			b.WriteString(" without pacing")
		}
	}
	b.WriteString("; rate limit: ")
	switch {
	case !c.Rate.Known():
		b.WriteString("not seen yet")
	case c.Rate.Reset.IsZero():
		fmt.Fprintf(&b, "%s left", words.Thousands(c.Rate.Remaining))
	default:
		fmt.Fprintf(&b, "%s left until %s", words.Thousands(c.Rate.Remaining), c.Rate.Reset.UTC().Format("15:04 UTC"))
	}
	if c.SlowDuration > 0 {
		fmt.Fprintf(&b, "\nIf GitHub's content-creation limit blocks the %d creates on the way (it may after about %d), apply waits and spaces the rest %s apart: up to ~%s.",
			c.Creates, slowCreates, CreateSpacing, roundDuration(c.SlowDuration))
	}
	if note := c.Note(); note != "" {
		b.WriteString("\n" + note)
	}
	return b.String()
}

// Note explains a plan that needs more than one run, or a wait; "" when the
// writes fit in this run.
func (c Cost) Note() string {
	switch {
	case !c.Batched():
		return ""
	case c.BatchWrites == 0:
		return fmt.Sprintf("The rate limit has too little left to write now: apply again after the reset%s; %s the job.",
			resetAt(c.Rate.Reset), finish(c.Runs))
	case c.BatchWrites < WritesPerHour-WriteReserve-1:
		// Fewer than the content limit allows (a change takes at most two
		// writes): the rate limit bound the batch.
		return fmt.Sprintf("The rate limit leaves room for %s in this run: apply makes them and stops; "+
			"%s, from the reset%s on, %s the job (each run continues where the last stopped).",
			words.Count(c.BatchWrites, "write"), words.Count(c.Runs-1, "more run"), resetAt(c.Rate.Reset), verb(c.Runs-1))
	}
	return fmt.Sprintf("GitHub allows about %d content-creating writes an hour: apply makes %s in this run and stops; "+
		"%s, about an hour apart, %s the job (each run continues where the last stopped).",
		WritesPerHour, words.Thousands(c.BatchWrites), words.Count(c.Runs-1, "more run"), verb(c.Runs-1))
}

// verb is "finish" agreeing with a count of runs.
func verb(runs int) string {
	if runs == 1 {
		return "finishes"
	}
	return "finish"
}

func finish(runs int) string {
	if runs == 1 {
		return "1 run finishes"
	}
	return words.Count(runs, "run") + " finish"
}

func resetAt(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return " at " + t.UTC().Format("15:04 UTC")
}

// MarshalJSON is the estimate's JSON shape (fields are only ever added):
//
//	{"reads": 3, "writes": 83, "apply_reads": 83, "requests": 169,
//	 "write_interval": "1s", "duration_seconds": 83, "max_writes": 450,
//	 "batch_writes": 83, "runs": 1,
//	 "rate_limit": {"remaining": 4912, "reset": "2026-02-10T15:04:00Z"},
//	 "limits": {"writes_per_minute": 80, "writes_per_hour": 500}}
//
// rate_limit.remaining and reset are null when unknown.
func (c Cost) MarshalJSON() ([]byte, error) {
	type rateJSON struct {
		Remaining *int       `json:"remaining"`
		Reset     *time.Time `json:"reset"`
	}
	type limitsJSON struct {
		PerMinute int `json:"writes_per_minute"`
		PerHour   int `json:"writes_per_hour"`
	}
	out := struct {
		Reads           int        `json:"reads"`
		Writes          int        `json:"writes"`
		ApplyReads      int        `json:"apply_reads"`
		Requests        int        `json:"requests"`
		Interval        string     `json:"write_interval"`
		DurationSeconds float64    `json:"duration_seconds"`
		MaxWrites       int        `json:"max_writes"`
		BatchWrites     int        `json:"batch_writes"`
		Runs            int        `json:"runs"`
		Rate            rateJSON   `json:"rate_limit"`
		Limits          limitsJSON `json:"limits"`
	}{
		Reads: c.Reads, Writes: c.Writes, ApplyReads: c.ApplyReads, Requests: c.Requests(),
		Interval: c.Interval.String(), DurationSeconds: c.Duration.Seconds(),
		MaxWrites: c.MaxWrites, BatchWrites: c.BatchWrites, Runs: c.Runs,
		Limits: limitsJSON{WritesPerMinute, WritesPerHour},
	}
	if c.Rate.Known() {
		n := c.Rate.Remaining
		out.Rate.Remaining = &n
	}
	if !c.Rate.Reset.IsZero() {
		t := c.Rate.Reset.UTC()
		out.Rate.Reset = &t
	}
	return json.Marshal(out)
}

// roundDuration keeps estimates readable: whole seconds, or minutes past
// an hour.
func roundDuration(d time.Duration) time.Duration {
	if d >= time.Hour {
		return d.Round(time.Minute)
	}
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}
