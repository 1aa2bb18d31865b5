package reliability

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// full reports whether the whole matrix runs (make reliability), not a sample.
func full() bool { return os.Getenv("GHSYNC_RELIABILITY") == "full" }

// faultKinds are the faults of the matrix, one injected per case.
var faultKinds = []struct {
	name  string
	fault ghfake.Fault
}{
	{"500", ghfake.Fault{Kind: ghfake.KindStatus, Status: 500}},
	{"502", ghfake.Fault{Kind: ghfake.KindStatus, Status: 502}},
	{"502-after-commit", ghfake.Fault{Kind: ghfake.KindCommitThen502}},
	{"connection-reset", ghfake.Fault{Kind: ghfake.KindReset}},
	{"secondary-403-retry-after", ghfake.Fault{Kind: ghfake.KindSecondary, RetryAfter: 30}},
	{"secondary-403", ghfake.Fault{Kind: ghfake.KindSecondary}},
	{"429", ghfake.Fault{Kind: ghfake.Kind429}},
	{"primary-near-reset", ghfake.Fault{Kind: ghfake.KindPrimary, ResetIn: 40 * time.Second}},
	// Beyond the brief: five 500s in a row outlast ghapi's four retries, so
	// the run stops and the next one must finish the job; and a quota that
	// resets in two hours (beyond --max-wait), which stops the run with a
	// rate-limit error naming the reset, for a run after it.
	{"500-five-in-a-row", ghfake.Fault{Kind: ghfake.KindStatus, Status: 500, Times: 5}},
	{"primary-far-reset", ghfake.Fault{Kind: ghfake.KindPrimary, ResetIn: 2 * time.Hour}},
}

// scenario is a starting point and the apply that the matrix disturbs.
type scenario struct {
	name string
	// prepare brings a fresh world to the state before the apply.
	prepare func(w *world)
}

var scenarios = []scenario{
	// A first apply of the catalog to a repository that only has
	// people's issues, pulls, labels and a milestone.
	{"fresh", func(w *world) {}},
	// The catalog a week later: creates, updates of every managed field,
	// closes (one with a comment), a reopen, milestone updates, and the
	// dashboard refresh.
	{"update", func(w *world) {
		w.mustRun("apply", "--yes")
		peopleEdit(w)
		w.useCatalog("v2.yaml")
	}},
}

// personEdits is how many edits peopleEdit makes: the figure "edits lost"
// counts those missing at the end of a case.
const personEdits = 7

// peopleEdit does what people do to ghsync's issues between two runs, all
// of which ghsync must keep: text before and after the managed region, a
// ticked task, a label of their own, an assignee, a comment, and closing an
// issue the catalog still has open.
func peopleEdit(w *world) {
	n := w.issueOf("BLK-06").Number
	w.fake.EditIssue(repo, n, func(is *ghfake.Issue) {
		is.Body = "Triage notes\r\n\n" + strings.Replace(is.Body, "- [ ] Drain connections", "- [x] Drain connections", 1) + "\n\nFooter by a person"
		is.Labels = append(is.Labels, "team-a")
		is.Assignees = []string{"ana"}
	})
	w.fake.SeedComment(repo, w.issueOf("BLK-02").Number, "bob", "I am on it")
	w.fake.EditIssue(repo, w.issueOf("BLK-10").Number, func(is *ghfake.Issue) { is.State, is.StateReason = "closed", "completed" })
}

// editsLost counts the edits of peopleEdit (and of the seeded people's
// issues and pulls, which must be untouched) that are gone.
func editsLost(w *world) int {
	lost := 0
	six := w.issueOf("BLK-06")
	for _, ok := range []bool{
		strings.HasPrefix(six.Body, "Triage notes\r\n\n"),
		strings.Contains(six.Body, "- [x] Drain connections"),
		strings.HasSuffix(six.Body, "\n\nFooter by a person"),
		slices.Contains(six.Labels, "team-a"),
		slices.Equal(six.Assignees, []string{"ana"}),
		len(w.fake.Comments(repo, w.issueOf("BLK-02").Number)) == 1,
		w.issueOf("BLK-10").State == "closed",
	} {
		if !ok {
			lost++
		}
	}
	return lost
}

// tally counts the cases of one scenario and fault kind.
type tally struct {
	cases, survived, firstRun, secondRun, thirdRun int
	failures                                       []string
}

func TestFaultMatrix(t *testing.T) {
	// The sample (make test) disturbs each request once, the fault kind
	// rotating with the request, so every request and every kind are
	// covered in a tenth of the full matrix's time.
	every := len(faultKinds)
	if full() {
		every = 1
	}
	var (
		mu     sync.Mutex
		totals = map[string]*tally{}
	)
	for _, sc := range scenarios {
		// The fault-free run: its requests are the indices to disturb, and
		// its end state is what every disturbed run must reach.
		w := newWorld(t)
		people := w.peoplesWork()
		sc.prepare(w)
		w.fake.ResetLog()
		w.mustRun("apply", "--yes")
		requests := w.fake.Log()
		want := w.snapshot()
		if dups := want.duplicates(); len(dups) > 0 {
			t.Fatalf("%s: the fault-free run left duplicates: %v", sc.name, dups)
		}
		w.converged()
		if sc.name == "update" && editsLost(w) > 0 {
			t.Fatalf("the fault-free run lost %d edits people made", editsLost(w))
		}
		if got := w.peoplesWork(); !samePeoplesWork(people, got) {
			t.Fatalf("the fault-free run changed people's issues or pulls:\n%+v\n%+v", people, got)
		}
		t.Logf("figures: %s: the fault-free apply makes %d requests (%d writes)", sc.name, len(requests), w.fake.Counts().Writes)

		// The cases are independent worlds: they run in parallel, and this
		// group waits for them before the figures are summed.
		t.Run(sc.name, func(t *testing.T) {
			matrixCases(t, sc, every, requests, want, &mu, totals)
		})
	}
	var keys []string
	for k := range totals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var cases, survived, first int
	for _, k := range keys {
		tl := totals[k]
		cases += tl.cases
		survived += tl.survived
		first += tl.firstRun
		t.Logf("figures: %-38s cases %3d survived %3d (first run %3d, second %3d, third %d)", k, tl.cases, tl.survived, tl.firstRun, tl.secondRun, tl.thirdRun)
	}
	t.Logf("figures: fault matrix total: %d cases, %d survived, %d finished in the first run (every %d index); duplicates left: 0 in every survived case; edits lost: 0 of %d in every survived update case", cases, survived, first, every, personEdits)
}

// matrixCases runs the cases of one scenario: each kind of fault at each
// sampled request of its fault-free apply (requests), tallied in totals.
func matrixCases(t *testing.T, sc scenario, every int, requests []ghfake.Request, want snapshot, mu *sync.Mutex, totals map[string]*tally) {
	for ki, kind := range faultKinds {
		tl := &tally{}
		mu.Lock()
		totals[sc.name+" "+kind.name] = tl
		mu.Unlock()
		for i := 1; i <= len(requests); i++ {
			if (i+ki)%every != 0 {
				continue
			}
			req := requests[i-1]
			name := fmt.Sprintf("%s/%d-%s-%s", kind.name, i, req.Method, req.Path)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				runs, err := faultCase(t, sc, kind.fault, i, want)
				mu.Lock()
				defer mu.Unlock()
				tl.cases++
				if err != nil {
					tl.failures = append(tl.failures, sc.name+"/"+name+": "+err.Error())
					t.Error(err)
					return
				}
				tl.survived++
				switch runs {
				case 1:
					tl.firstRun++
				case 2:
					tl.secondRun++
				default:
					tl.thirdRun++
				}
			})
		}
	}
}

// faultCase runs one case: a fresh world prepared like the fault-free run,
// one fault at request i of the apply, then apply again until it succeeds
// (twice at most, three times after a rate limit), and compares the end
// state with want. It returns how many applies it took.
func faultCase(t *testing.T, sc scenario, f ghfake.Fault, i int, want snapshot) (int, error) {
	w := newWorld(t)
	sc.prepare(w)
	f.Nth = i
	if f.Times == 0 {
		f.Times = 1
	}
	w.fake.Inject(f)
	runs := 0
	var last result
	for runs < 3 {
		runs++
		last = w.run("apply", "--yes")
		if last.code == 0 {
			break
		}
		if strings.Contains(last.err, "rate limit") {
			// The next run starts once the quota is back, as a person
			// or a schedule would: a third run is allowed only here.
			w.clock.Sleep(context.Background(), 2*time.Hour)
		} else if runs == 2 {
			break
		}
	}
	if last.code != 0 {
		return runs, fmt.Errorf("apply still fails after %d runs: %s", runs, last)
	}
	got := w.snapshot()
	if dups := got.duplicates(); len(dups) > 0 {
		return runs, fmt.Errorf("duplicates after %d runs: %v", runs, dups)
	}
	if d := diff(want, got); d != "" {
		return runs, fmt.Errorf("end state differs from the fault-free run after %d runs:\n%s", runs, d)
	}
	if sc.name == "update" {
		if n := editsLost(w); n > 0 {
			return runs, fmt.Errorf("%d of %d edits people made were lost", n, personEdits)
		}
	}
	if r := w.run("plan", "--detailed-exitcode"); r.code != 0 {
		return runs, errors.New("plan after convergence is not empty: " + r.String())
	}
	return runs, nil
}
