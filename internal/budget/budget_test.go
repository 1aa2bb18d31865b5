package budget

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/plan"
)

func num(n int) *int { return &n }

var (
	labelCreate   = plan.Change{Kind: plan.KindLabel, Action: plan.Create, ID: "priority/P0", Label: &plan.LabelSpec{Name: "priority/P0"}}
	labelRename   = plan.Change{Kind: plan.KindLabel, Action: plan.Update, ID: "priority/P0", Label: &plan.LabelSpec{Name: "priority/P0", CurrentName: "priority/p0"}}
	milestoneNew  = plan.Change{Kind: plan.KindMilestone, Action: plan.Create, ID: "M1", Milestone: &plan.MilestoneSpec{Title: "M1"}}
	milestoneEdit = plan.Change{Kind: plan.KindMilestone, Action: plan.Update, ID: "M1", Number: num(1), Milestone: &plan.MilestoneSpec{Title: "M1"}}
	issueCreate   = plan.Change{Kind: plan.KindIssue, Action: plan.Create, ID: "P0-001", Issue: &plan.IssueSpec{}}
	issueClosed   = plan.Change{Kind: plan.KindIssue, Action: plan.Create, ID: "P0-002", Issue: &plan.IssueSpec{State: "closed", StateReason: "completed"}}
	issueUpdate   = plan.Change{Kind: plan.KindIssue, Action: plan.Update, ID: "P0-003", Number: num(3), Issue: &plan.IssueSpec{}}
	issueResolve  = plan.Change{Kind: plan.KindIssue, Action: plan.Close, ID: "P0-004", Number: num(4), Issue: &plan.IssueSpec{State: "closed", StateReason: "completed"}}
	issueGone     = plan.Change{Kind: plan.KindIssue, Action: plan.Close, ID: "P0-005", Number: num(5), Comment: "no longer in the catalog", Issue: &plan.IssueSpec{State: "closed", StateReason: "not_planned"}}
	issueDup      = plan.Change{Kind: plan.KindIssue, Action: plan.Close, ID: "P0-006", Number: num(9), Comment: "duplicate of #6", Issue: &plan.IssueSpec{State: "closed", StateReason: "duplicate"}}
	issueReopen   = plan.Change{Kind: plan.KindIssue, Action: plan.Reopen, ID: "P0-007", Number: num(7), Issue: &plan.IssueSpec{State: "open"}}
	dashNew       = plan.Change{Kind: plan.KindDashboard, Action: plan.Create, ID: "dashboard", Issue: &plan.IssueSpec{}}
	dashEdit      = plan.Change{Kind: plan.KindDashboard, Action: plan.Update, ID: "dashboard", Number: num(8), Issue: &plan.IssueSpec{}}
)

// seen is c as a plan makes it for an existing issue: with what it saw.
func seen(c plan.Change) plan.Change {
	c.Seen = &plan.Seen{Digest: "0123456789abcdef"}
	return c
}

func planOf(cs ...plan.Change) plan.Plan {
	var p plan.Plan
	for _, c := range cs {
		p.Add(c)
	}
	return p
}

// repeat is a plan of n copies of c.
func repeat(c plan.Change, n int) plan.Plan {
	var p plan.Plan
	for range n {
		p.Add(c)
	}
	return p
}

func TestWrites(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    plan.Change
		want int
	}{
		{"label create", labelCreate, 1},
		{"label rename", labelRename, 1},
		{"milestone create", milestoneNew, 1},
		{"milestone update", milestoneEdit, 1},
		{"issue create", issueCreate, 1},
		{"issue created closed: create, then close", issueClosed, 2},
		{"issue update (title, body, labels, milestone in one PATCH)", issueUpdate, 1},
		{"close without comment", issueResolve, 1},
		{"close with comment: comment, then close", issueGone, 2},
		{"duplicate close with comment", issueDup, 2},
		{"reopen", issueReopen, 1},
		{"dashboard create", dashNew, 1},
		{"dashboard update", dashEdit, 1},
	} {
		if got := Writes(tc.c); got != tc.want {
			t.Errorf("%s: Writes = %d, want %d", tc.name, got, tc.want)
		}
	}
	all := planOf(labelCreate, labelRename, milestoneNew, milestoneEdit, issueCreate, issueClosed, issueUpdate,
		issueResolve, issueGone, issueDup, issueReopen, dashNew, dashEdit)
	if got := PlanWrites(all); got != 16 {
		t.Errorf("PlanWrites = %d, want 16", got)
	}
}

func TestPagesAndLowerBound(t *testing.T) {
	for _, tc := range []struct{ n, want int }{{0, 1}, {1, 1}, {100, 1}, {101, 2}, {20000, 200}, {20001, 201}} {
		if got := Pages(tc.n); got != tc.want {
			t.Errorf("Pages(%d) = %d, want %d", tc.n, got, tc.want)
		}
	}
	for _, tc := range []struct{ issues, labels, milestones, want int }{
		{0, 0, 0, 1},
		{58, 13, 4, 4},      // the bundled catalog after apply, with the demo's extras
		{100, 100, 100, 4},  // full pages
		{101, 12, 4, 5},     // one issue over a page
		{20001, 18, 8, 204}, // 10k blockers and 10k others, plus the dashboard
	} {
		if got := LowerBound(tc.issues, tc.labels, tc.milestones); got != tc.want {
			t.Errorf("LowerBound(%d, %d, %d) = %d, want %d", tc.issues, tc.labels, tc.milestones, got, tc.want)
		}
	}
}

func TestReads(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    plan.Change
		want int
	}{
		{"label create", labelCreate, 0},
		{"milestone create", milestoneNew, 0},
		{"issue create looks among the newest first", issueCreate, 1},
		{"closed create looks once", issueClosed, 1},
		{"dashboard create looks too", dashNew, 1},
		{"update of an issue the plan did not see", issueUpdate, 0},
		{"update looks at the issue the plan saw first", seen(issueUpdate), 1},
		{"close looks at the issue first", seen(issueResolve), 1},
		{"close with comment: the issue and the newest comment", seen(issueGone), 2},
		{"dashboard update looks too", seen(dashEdit), 1},
		{"label update reads nothing", labelRename, 0},
		{"close without comment", issueResolve, 0},
		{"close with comment looks at the newest comment", issueGone, 1},
		{"reopen", issueReopen, 0},
	} {
		if got := Reads(tc.c); got != tc.want {
			t.Errorf("%s: Reads = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestLimits(t *testing.T) {
	for _, tc := range []struct {
		name      string
		r         Rate
		want      Limits
		maxWrites int
	}{
		{"unknown rate: the hourly content limit less the reserve", Rate{Remaining: -1}, Limits{450, -1}, 450},
		{"plenty left", Rate{Remaining: 4912, Reads: 3}, Limits{450, 4862}, 450},
		{"GITHUB_TOKEN, fresh hour", Rate{Remaining: 997, Reads: 3}, Limits{450, 947}, 450},
		{"little left: keep the reserve", Rate{Remaining: 300, Reads: 3}, Limits{450, 250}, 250},
		{"keep enough to plan again", Rate{Remaining: 300, Reads: 202}, Limits{450, 98}, 98},
		{"less than the reserve", Rate{Remaining: 40, Reads: 3}, Limits{450, 0}, 0},
		{"spent", Rate{Remaining: 0}, Limits{450, 0}, 0},
	} {
		if got := RunLimits(tc.r); got != tc.want {
			t.Errorf("%s: RunLimits(%+v) = %+v, want %+v", tc.name, tc.r, got, tc.want)
		}
		if got := DefaultMaxWrites(tc.r); got != tc.maxWrites {
			t.Errorf("%s: DefaultMaxWrites(%+v) = %d, want %d", tc.name, tc.r, got, tc.maxWrites)
		}
	}
}

func TestEstimate(t *testing.T) {
	reset := time.Date(2026, 2, 10, 15, 4, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		p        plan.Plan
		interval time.Duration
		rate     Rate
		want     Cost
		text     string
	}{
		{
			name: "no changes", rate: Rate{Remaining: -1},
			want: Cost{Rate: Rate{Remaining: -1}, MaxWrites: 450},
			text: "Estimated: no writes; rate limit: not seen yet",
		},
		{
			name: "83 updates at 1s", p: repeat(issueUpdate, 83), interval: time.Second,
			rate: Rate{Remaining: 4912, Reset: reset, Reads: 3},
			want: Cost{Reads: 3, Writes: 83, Interval: time.Second, Duration: 83 * time.Second,
				Rate: Rate{Remaining: 4912, Reset: reset, Reads: 3}, MaxWrites: 450, BatchWrites: 83, Runs: 1},
			text: "Estimated: 83 writes, ~1m23s at 1s between writes; rate limit: 4,912 left until 15:04 UTC",
		},
		{
			name: "creates look first", p: repeat(issueCreate, 70), interval: time.Second,
			rate: Rate{Remaining: 4997, Reset: reset, Reads: 3},
			want: Cost{Reads: 3, Writes: 70, ApplyReads: 70, Interval: time.Second, Duration: 70 * time.Second,
				Rate: Rate{Remaining: 4997, Reset: reset, Reads: 3}, MaxWrites: 450, BatchWrites: 70, Runs: 1,
				Creates: 70, SlowDuration: 70*time.Second + 70*2*time.Second},
			text: "Estimated: 70 writes and 70 reads, ~1m10s at 1s between writes; rate limit: 4,997 left until 15:04 UTC\n" +
				"If GitHub's content-creation limit blocks the 70 creates on the way (it may after about 20), apply waits and spaces the rest 3s apart: up to ~3m30s.",
		},
		{
			name: "closed creates and commented closes count twice", p: planOf(issueClosed, issueGone, issueUpdate),
			interval: 2 * time.Second, rate: Rate{Remaining: 999},
			want: Cost{Writes: 5, ApplyReads: 2, Interval: 2 * time.Second, Duration: 10 * time.Second,
				Rate: Rate{Remaining: 999}, MaxWrites: 450, BatchWrites: 5, Runs: 1, Creates: 1},
			text: "Estimated: 5 writes and 2 reads, ~10s at 2s between writes; rate limit: 999 left",
		},
		{
			name: "no pacing still meets 80 a minute", p: repeat(issueUpdate, 200), rate: Rate{Remaining: 5000},
			want: Cost{Writes: 200, Duration: 2 * time.Minute, Rate: Rate{Remaining: 5000}, MaxWrites: 450, BatchWrites: 200, Runs: 1},
			text: "Estimated: 200 writes, ~2m0s without pacing; rate limit: 5,000 left",
		},
		{
			name: "a first run of 10,000 blockers goes in hourly batches", p: repeat(issueCreate, 10083), interval: time.Second,
			rate: Rate{Remaining: 4912, Reset: reset, Reads: 3},
			want: Cost{Reads: 3, Writes: 10083, ApplyReads: 10083, Interval: time.Second, Duration: 450 * time.Second,
				Rate: Rate{Remaining: 4912, Reset: reset, Reads: 3}, MaxWrites: 450, BatchWrites: 450, Runs: 23,
				Creates: 450, SlowDuration: 450*time.Second + 450*2*time.Second},
			text: "Estimated: 10,083 writes and 10,083 reads, ~7m30s for the first 450 writes at 1s between writes; rate limit: 4,912 left until 15:04 UTC\n" +
				"If GitHub's content-creation limit blocks the 450 creates on the way (it may after about 20), apply waits and spaces the rest 3s apart: up to ~22m30s.\n" +
				"GitHub allows about 500 content-creating writes an hour: apply makes 450 in this run and stops; 22 more runs, about an hour apart, finish the job (each run continues where the last stopped).",
		},
		{
			name: "the rate limit bounds the batch: each create is a read and a write", p: repeat(issueCreate, 10083), interval: time.Second,
			rate: Rate{Remaining: 500, Reset: reset, Reads: 3},
			want: Cost{Reads: 3, Writes: 10083, ApplyReads: 10083, Interval: time.Second, Duration: 225 * time.Second,
				Rate: Rate{Remaining: 500, Reset: reset, Reads: 3}, MaxWrites: 450, BatchWrites: 225, Runs: 23,
				Creates: 225, SlowDuration: 225*time.Second + 225*2*time.Second},
			text: "Estimated: 10,083 writes and 10,083 reads, ~3m45s for the first 225 writes at 1s between writes; rate limit: 500 left until 15:04 UTC\n" +
				"If GitHub's content-creation limit blocks the 225 creates on the way (it may after about 20), apply waits and spaces the rest 3s apart: up to ~11m15s.\n" +
				"The rate limit leaves room for 225 writes in this run: apply makes them and stops; 22 more runs, from the reset at 15:04 UTC on, finish the job (each run continues where the last stopped).",
		},
		{
			name: "one more run", p: repeat(issueCreate, 600), interval: time.Second,
			rate: Rate{Remaining: 4912, Reset: reset, Reads: 3},
			want: Cost{Reads: 3, Writes: 600, ApplyReads: 600, Interval: time.Second, Duration: 450 * time.Second,
				Rate: Rate{Remaining: 4912, Reset: reset, Reads: 3}, MaxWrites: 450, BatchWrites: 450, Runs: 2,
				Creates: 450, SlowDuration: 450*time.Second + 450*2*time.Second},
			text: "Estimated: 600 writes and 600 reads, ~7m30s for the first 450 writes at 1s between writes; rate limit: 4,912 left until 15:04 UTC\n" +
				"If GitHub's content-creation limit blocks the 450 creates on the way (it may after about 20), apply waits and spaces the rest 3s apart: up to ~22m30s.\n" +
				"GitHub allows about 500 content-creating writes an hour: apply makes 450 in this run and stops; 1 more run, about an hour apart, finishes the job (each run continues where the last stopped).",
		},
		{
			name: "rate limit nearly spent", p: repeat(issueCreate, 83), interval: time.Second,
			rate: Rate{Remaining: 40, Reset: reset, Reads: 3},
			want: Cost{Reads: 3, Writes: 83, ApplyReads: 83, Interval: time.Second, Rate: Rate{Remaining: 40, Reset: reset, Reads: 3}, Runs: 1},
			text: "Estimated: 83 writes; rate limit: 40 left until 15:04 UTC\n" +
				"The rate limit has too little left to write now: apply again after the reset at 15:04 UTC; 1 run finishes the job.",
		},
	} {
		got := Estimate(tc.p, tc.interval, tc.rate)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Estimate =\n%+v\nwant\n%+v", tc.name, got, tc.want)
		}
		if s := got.String(); s != tc.text {
			t.Errorf("%s: String() =\n%s\nwant\n%s", tc.name, s, tc.text)
		}
		if got.Requests() != tc.want.Reads+tc.want.ApplyReads+tc.want.Writes {
			t.Errorf("%s: Requests() = %d", tc.name, got.Requests())
		}
	}
}

func TestCostJSON(t *testing.T) {
	reset := time.Date(2026, 2, 10, 15, 4, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		c    Cost
		want string
	}{
		{
			name: "known rate",
			c:    Estimate(repeat(issueCreate, 83), time.Second, Rate{Remaining: 4912, Reset: reset, Reads: 3}),
			want: `{"reads":3,"writes":83,"apply_reads":83,"requests":169,"write_interval":"1s","duration_seconds":83,"max_writes":450,"batch_writes":83,"runs":1,` +
				`"rate_limit":{"remaining":4912,"reset":"2026-02-10T15:04:00Z"},"limits":{"writes_per_minute":80,"writes_per_hour":500}}`,
		},
		{
			name: "unknown rate is null",
			c:    Estimate(plan.Plan{}, 0, Rate{Remaining: -1}),
			want: `{"reads":0,"writes":0,"apply_reads":0,"requests":0,"write_interval":"0s","duration_seconds":0,"max_writes":450,"batch_writes":0,"runs":0,` +
				`"rate_limit":{"remaining":null,"reset":null},"limits":{"writes_per_minute":80,"writes_per_hour":500}}`,
		},
	} {
		got, err := json.Marshal(tc.c)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("%s: JSON\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}

func TestBatch(t *testing.T) {
	// Requests per change: 1, 3 (2 writes, 1 read), 2, 3, 1.
	p := planOf(labelCreate, issueClosed, issueCreate, issueGone, issueUpdate)
	for _, tc := range []struct {
		l        Limits
		wantIDs  string
		wantLeft int
	}{
		{Limits{0, -1}, "", 5},
		{Limits{1, -1}, "priority/P0", 4},
		{Limits{2, -1}, "priority/P0", 4}, // the closed create needs 2 and only 1 is left
		{Limits{3, -1}, "priority/P0 P0-002", 3},
		{Limits{6, -1}, "priority/P0 P0-002 P0-001 P0-005", 1},
		{Limits{7, -1}, "priority/P0 P0-002 P0-001 P0-005 P0-003", 0},
		{Limits{1000, -1}, "priority/P0 P0-002 P0-001 P0-005 P0-003", 0},
		{Limits{1000, 0}, "", 5},
		{Limits{1000, 4}, "priority/P0 P0-002", 3},
		{Limits{1000, 5}, "priority/P0 P0-002", 3}, // the create needs a read and a write
		{Limits{1000, 6}, "priority/P0 P0-002 P0-001", 2},
		{Limits{1000, 10}, "priority/P0 P0-002 P0-001 P0-005 P0-003", 0},
	} {
		got, left := Batch(p, tc.l)
		var ids []string
		for _, c := range got.Changes {
			ids = append(ids, c.ID)
		}
		if strings.Join(ids, " ") != tc.wantIDs || left != tc.wantLeft {
			t.Errorf("Batch(%+v) = [%s] with %d left, want [%s] with %d left", tc.l, strings.Join(ids, " "), left, tc.wantIDs, tc.wantLeft)
		}
		if w := PlanWrites(got); w > tc.l.Writes {
			t.Errorf("Batch(%+v) keeps %d writes", tc.l, w)
		}
		if r := PlanWrites(got) + PlanReads(got); tc.l.Requests >= 0 && r > tc.l.Requests {
			t.Errorf("Batch(%+v) keeps %d requests", tc.l, r)
		}
		if s := got.Summary; s.Create+s.Update+s.Close+s.Reopen != len(got.Changes) {
			t.Errorf("Batch(%+v): summary %+v does not count the %d changes kept", tc.l, s, len(got.Changes))
		}
	}
	if len(p.Changes) != 5 {
		t.Errorf("Batch changed its input: %d changes left", len(p.Changes))
	}
}
