package scale

import (
	"flag"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ghsync/ghsync/internal/budget"
	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/plan"
	"github.com/ghsync/ghsync/internal/report"
)

// The benchmarks run at each size of -scale.sizes (blockers; the
// repository holds as many other issues and pull requests again). The
// cost per blocker (ns/blocker) must stay flat from one size to the next:
// anything that grows is super-linear.
var sizesFlag = flag.String("scale.sizes", "1000,10000,50000", "catalog sizes of the benchmarks, comma-separated")

// observeSizes are smaller: each Observe goes through HTTP to the fake.
var observeSizesFlag = flag.String("scale.observe", "1000,10000", "catalog sizes of the Observe benchmarks")

func sizes(b *testing.B, f *string) []int {
	var out []int
	for _, s := range strings.Split(*f, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			b.Fatalf("bad size %q", s)
		}
		out = append(out, n)
	}
	return out
}

type fixture struct {
	spec Spec
	cat  *catalog.Catalog
	repo Repo
}

// fixtures keeps generated data between benchmarks of one run: making it
// costs more than most of what is measured.
var fixtures sync.Map // int -> *fixture

func newFixture(b *testing.B, n int) *fixture {
	b.Helper()
	if f, ok := fixtures.Load(n); ok {
		return f.(*fixture)
	}
	s := Spec{Blockers: n, Others: n, Seed: 1, Dashboard: true}
	cat, err := Catalog(s)
	if err != nil {
		b.Fatal(err)
	}
	f := &fixture{spec: s, cat: cat, repo: InSync(cat, s, testToday)}
	fixtures.Store(n, f)
	return f
}

func perBlocker(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/blocker")
}

func eachSize(b *testing.B, f *string, run func(b *testing.B, n int)) {
	for _, n := range sizes(b, f) {
		b.Run(fmt.Sprintf("blockers=%d", n), func(b *testing.B) { run(b, n) })
	}
}

// BenchmarkBuild is desired.Build: the catalog rendered into issues.
func BenchmarkBuild(b *testing.B) {
	eachSize(b, sizesFlag, func(b *testing.B, n int) {
		f := newFixture(b, n)
		b.ReportAllocs()
		for b.Loop() {
			desired.Build(f.cat)
		}
		perBlocker(b, n)
	})
}

// BenchmarkDiff is plan.Diff of an in-sync repository with as many other
// issues and pull requests as managed ones: the no-op plan.
func BenchmarkDiff(b *testing.B) {
	eachSize(b, sizesFlag, func(b *testing.B, n int) {
		f := newFixture(b, n)
		d := desired.Build(f.cat)
		st := f.repo.State("o/r")
		b.ReportAllocs()
		for b.Loop() {
			if p := plan.Diff(d, st, plan.Options{}); !p.Empty() {
				b.Fatalf("plan has %d changes", len(p.Changes))
			}
		}
		perBlocker(b, n)
	})
}

// BenchmarkDashboard is the dashboard's part of a plan: the report and
// its comparison with the dashboard issue.
func BenchmarkDashboard(b *testing.B) {
	eachSize(b, sizesFlag, func(b *testing.B, n int) {
		f := newFixture(b, n)
		st := f.repo.State("o/r")
		b.ReportAllocs()
		for b.Loop() {
			body := report.Build(f.cat, st, testToday).DashboardBody()
			if _, changed := plan.Dashboard(f.cat.Dashboard.Title, body, st); changed {
				b.Fatal("dashboard changed")
			}
		}
		perBlocker(b, n)
	})
}

// BenchmarkPlan is the whole computation of a no-op plan once the inputs
// are read: Build, Diff and the dashboard. The target is under a second
// for 10,000 blockers.
func BenchmarkPlan(b *testing.B) {
	eachSize(b, sizesFlag, func(b *testing.B, n int) {
		f := newFixture(b, n)
		st := f.repo.State("o/r")
		b.ReportAllocs()
		for b.Loop() {
			p := plan.Diff(desired.Build(f.cat), st, plan.Options{})
			body := report.Build(f.cat, st, testToday).DashboardBody()
			if _, changed := plan.Dashboard(f.cat.Dashboard.Title, body, st); changed || !p.Empty() {
				b.Fatal("the in-sync repository has changes")
			}
		}
		perBlocker(b, n)
	})
}

// observeSite is a fake seeded with a fixture's repository.
func observeSite(b *testing.B, n int) (*ghfake.Server, string, func()) {
	b.Helper()
	f := newFixture(b, n)
	fake := ghfake.New(ghfake.Options{RateLimit: 1 << 30})
	if err := Seed(fake, "o/r", f.repo); err != nil {
		b.Fatal(err)
	}
	root, stop, err := Serve(fake)
	if err != nil {
		b.Fatal(err)
	}
	return fake, root, stop
}

// BenchmarkObserve reads the repository as plan does, with a new client
// (a new process) each time, and reports the requests against the lower
// bound; "repeated" reads again with the same client over an ETag cache
// (etagCache), which turns every answer into a 304: the same requests,
// none counted by the rate limit.
func BenchmarkObserve(b *testing.B) {
	eachSize(b, observeSizesFlag, func(b *testing.B, n int) {
		fake, root, stop := observeSite(b, n)
		defer stop()
		labels, milestones, items := newFixture(b, n).repo.Counts()
		bound := budget.LowerBound(items, labels, milestones)
		report := func(b *testing.B, requests, counted int) {
			b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
			b.ReportMetric(float64(counted)/float64(b.N), "rate-counted/op")
			b.ReportMetric(float64(bound), "lower-bound")
			b.ReportMetric(float64(requests)/float64(b.N)/float64(bound), "ratio")
		}
		b.Run("cold", func(b *testing.B) {
			requests, counted := 0, 0
			for b.Loop() {
				req, cnt, _ := observeCost(b, fake, newClient(b, root, "t", nil))
				requests, counted = requests+req, counted+cnt
			}
			report(b, requests, counted)
		})
		b.Run("repeated", func(b *testing.B) {
			c := newClient(b, root, "t", newETagCache())
			observeCost(b, fake, c)
			requests, counted := 0, 0
			for b.Loop() {
				req, cnt, _ := observeCost(b, fake, c)
				requests, counted = requests+req, counted+cnt
			}
			report(b, requests, counted)
		})
	})
}

// BenchmarkObserveMemory is the heap of Observe's state (the managed
// issues only), and what the client keeps beyond it (its pooled response
// buffers: a page or two).
func BenchmarkObserveMemory(b *testing.B) {
	eachSize(b, observeSizesFlag, func(b *testing.B, n int) {
		fake, root, stop := observeSite(b, n)
		defer stop()
		var state, client float64
		for b.Loop() {
			var m0, m1, m2 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			c := newClient(b, root, "t", nil)
			_, _, st := observeCost(b, fake, c)
			runtime.GC()
			runtime.ReadMemStats(&m1)
			runtime.KeepAlive(st)
			st = observed.State{}
			runtime.GC()
			runtime.ReadMemStats(&m2)
			runtime.KeepAlive(c)
			_ = st
			state += float64(int64(m1.HeapAlloc)-int64(m2.HeapAlloc)) / (1 << 20)
			client += float64(int64(m2.HeapAlloc)-int64(m0.HeapAlloc)) / (1 << 20)
		}
		b.ReportMetric(state/float64(b.N), "state-MB")
		b.ReportMetric(client/float64(b.N), "client-MB")
	})
}
