package scale

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/budget"
	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/cli"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/plan"
)

// These tests count requests, not time: against the fake, counts are
// deterministic and cheap, so they hold ghsync to the request lower bound
// and to one write per change in every `make test`.

const (
	siteRepo  = "o/r"
	siteToken = "scale-t0ken"
)

var siteNow = time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)

// site is ghsync's command line run in-process against a fake GitHub.
type site struct {
	t       *testing.T
	fake    *ghfake.Server
	env     map[string]string
	catalog string
	// pulls is the number of pull requests seeded (the fake lists only
	// issues, GitHub's issues API both).
	pulls int
}

func newSite(t *testing.T) *site {
	t.Helper()
	var tick atomic.Int64
	clock := func() time.Time { return siteNow.Add(time.Duration(tick.Add(1)) * time.Second) }
	f := ghfake.New(ghfake.Options{Token: siteToken, Now: clock, RateLimit: 1 << 30})
	url := f.Start()
	t.Cleanup(f.Close)
	return &site{t: t, fake: f, catalog: t.TempDir(), env: map[string]string{
		"GITHUB_TOKEN": siteToken, "GITHUB_API_URL": url, "GITHUB_REPOSITORY": siteRepo,
		"GHSYNC_WRITE_INTERVAL": "0",
	}}
}

// writeCatalog replaces the catalog with files (name to content).
func (s *site) writeCatalog(files map[string][]byte) {
	s.t.Helper()
	old, _ := filepath.Glob(filepath.Join(s.catalog, "*.yaml"))
	for _, f := range old {
		os.Remove(f)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(s.catalog, name), data, 0o644); err != nil {
			s.t.Fatal(err)
		}
	}
}

// run runs one ghsync command and returns the requests it made.
func (s *site) run(args ...string) []ghfake.Request {
	s.t.Helper()
	s.fake.ResetLog()
	var out, errb bytes.Buffer
	env := &cli.Env{
		In: strings.NewReader(""), Out: &out, Err: &errb,
		Getenv: func(k string) string { return s.env[k] },
		Now:    func() time.Time { return siteNow },
		Sleep:  func(ctx context.Context, d time.Duration) error { return ctx.Err() },
	}
	if code := cli.Main(env, append([]string{"--catalog", s.catalog}, args...)...); code != 0 {
		s.t.Fatalf("ghsync %v: exit %d\nstdout:\n%.2000s\nstderr:\n%.2000s", args, code, out.String(), errb.String())
	}
	return s.fake.Log()
}

// plan saves and reads back the plan ghsync makes, with its requests.
func (s *site) plan() (plan.Plan, []ghfake.Request) {
	s.t.Helper()
	file := filepath.Join(s.t.TempDir(), "plan.json")
	log := s.run("plan", "--out", file)
	f, err := os.Open(file)
	if err != nil {
		s.t.Fatal(err)
	}
	defer f.Close()
	p, err := plan.Read(f)
	if err != nil {
		s.t.Fatal(err)
	}
	return p, log
}

// tally counts requests by "METHOD /kind", with issue numbers folded
// ("PATCH /issues/N", "POST /issues/N/comments").
func tally(log []ghfake.Request) map[string]int {
	num := regexp.MustCompile(`/\d+`)
	out := map[string]int{}
	for _, r := range log {
		p := strings.TrimPrefix(r.Path, "/repos/"+siteRepo)
		out[r.Method+" "+num.ReplaceAllString(p, "/N")]++
	}
	return out
}

func writesOf(log []ghfake.Request) int {
	n := 0
	for _, r := range log {
		if r.Write {
			n++
		}
	}
	return n
}

// repoSize is what listing the fake's repository costs.
func (s *site) repoSize() (items, labels, milestones int) {
	return len(s.fake.Issues(siteRepo)) + s.pulls, len(s.fake.Labels(siteRepo)), len(s.fake.Milestones(siteRepo))
}

// seed fills the fake with r.
func (s *site) seed(r Repo) {
	s.t.Helper()
	if err := Seed(s.fake, siteRepo, r); err != nil {
		s.t.Fatal(err)
	}
	for _, it := range r.Items {
		if it.Pull {
			s.pulls++
		}
	}
}

// assertNoopPlan checks a plan without changes and its request count: one
// full listing of labels, milestones and issues (pull requests included),
// within the lower bound.
func (s *site) assertNoopPlan(what string) {
	s.t.Helper()
	p, log := s.plan()
	if !p.Empty() {
		s.t.Fatalf("%s: the plan has %d changes, want none (first: %+v)", what, len(p.Changes), p.Changes[0])
	}
	items, labels, milestones := s.repoSize()
	want := map[string]int{"GET /labels": budget.Pages(labels), "GET /milestones": budget.Pages(milestones), "GET /issues": budget.Pages(items)}
	if got := tally(log); fmt.Sprint(got) != fmt.Sprint(want) {
		s.t.Errorf("%s: no-op plan of %d issues, %d labels, %d milestones made %v, want %v", what, items, labels, milestones, got, want)
	}
	if bound := budget.LowerBound(items, labels, milestones); len(log) > bound {
		s.t.Errorf("%s: no-op plan made %d requests, above the lower bound %d", what, len(log), bound)
	}
	if n := s.fake.Counts().NotModified; n != 0 {
		s.t.Errorf("%s: %d answers were 304 in a fresh process", what, n)
	}
}

// assertApplyWrites applies and checks that the writes are exactly those
// the plan's estimate predicted and of the kinds wanted, and that apply
// reads what plan reads plus the looks the estimate counts (one before
// each issue create, one before each comment).
func (s *site) assertApplyWrites(what string, want map[string]int) {
	s.t.Helper()
	p, planLog := s.plan()
	log := s.run("apply", "--yes")
	got := tally(log)
	for k := range got {
		if strings.HasPrefix(k, "GET ") {
			delete(got, k)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		s.t.Errorf("%s: apply wrote %v, want %v", what, got, want)
	}
	if w, est := writesOf(log), budget.PlanWrites(p); w != est {
		s.t.Errorf("%s: apply made %d writes, the estimate of its plan said %d", what, w, est)
	}
	if reads, want := len(log)-writesOf(log), len(planLog)+budget.PlanReads(p); reads != want {
		s.t.Errorf("%s: apply read %d times, want %d: the plan's %d and %d looks before creates, updates and comments", what, reads, want, len(planLog), budget.PlanReads(p))
	}
}

func bundledCatalog(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("../../catalog/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("bundled catalog not found: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = data
	}
	return out
}

// TestBundledCatalogRequests follows the bundled catalog through its life:
// a fresh apply makes exactly labels + milestones + blockers (+ a close
// for each blocker created closed) + trackers + their sub-issues + links +
// dashboard writes; then plan and apply
// are no-ops at the request lower bound; then a priority change is one
// issue update (and the dashboard's).
func TestBundledCatalogRequests(t *testing.T) {
	s := newSite(t)
	s.fake.AddRepo(siteRepo)
	files := bundledCatalog(t)
	s.writeCatalog(files)
	cat, probs, err := catalog.Load(s.catalog)
	if err != nil || catalog.HasErrors(probs) {
		t.Fatalf("bundled catalog: %v %v", err, probs)
	}
	d := desired.Build(cat)
	closed := 0
	for _, is := range d.Issues {
		if is.State == "closed" {
			closed++
		}
	}
	dashboard := 0
	if d.Dashboard != nil {
		dashboard = 1
	}
	fresh := map[string]int{
		"POST /labels":     len(d.Labels),
		"POST /milestones": len(d.Milestones),
		"POST /issues":     len(d.Issues) + len(d.Trackers) + dashboard,
	}
	if closed > 0 {
		fresh["PATCH /issues/N"] = closed
	}
	links := 0
	for _, is := range d.Issues {
		links += len(is.DependsOn)
	}
	if links > 0 {
		// Each depends_on becomes a "blocked by" link (#16).
		fresh["POST /issues/N/dependencies/blocked_by"] = links
	}
	subs := 0
	for _, t := range d.Trackers {
		subs += len(t.Blockers)
	}
	if subs > 0 {
		// One tracker per category, its blockers as sub-issues (#16).
		fresh["POST /issues/N/sub_issues"] = subs
	}
	s.assertApplyWrites("fresh apply of the bundled catalog", fresh)
	if items, labels, milestones := s.repoSize(); items != len(d.Issues)+len(d.Trackers)+dashboard || labels != len(d.Labels) || milestones != len(d.Milestones) {
		t.Errorf("after the fresh apply the repository has %d issues, %d labels, %d milestones", items, labels, milestones)
	}

	s.assertNoopPlan("bundled catalog in sync")
	s.assertApplyWrites("apply of the bundled catalog in sync", map[string]int{})

	// One blocker changes priority: one PATCH carries its labels and body,
	// and the dashboard's tallies change with it.
	var edited []byte
	name := ""
	for n, data := range files {
		if i := bytes.Index(data, []byte("- id: P1-003\n")); i >= 0 {
			j := i + bytes.Index(data[i:], []byte("priority: P1"))
			edited = append(append(append([]byte{}, data[:j]...), "priority: P0"...), data[j+len("priority: P1"):]...)
			name = n
		}
	}
	if name == "" {
		t.Fatal("blocker P1-003 not found in the bundled catalog")
	}
	files[name] = edited
	s.writeCatalog(files)
	s.assertApplyWrites("a priority change", map[string]int{"PATCH /issues/N": 1 + dashboard})
	s.assertNoopPlan("bundled catalog after the priority change")
}

// TestGeneratedRepositoryRequests checks the request bound where pages
// matter: several pages of issues, pull requests among them, and page
// edges, and one write per change for every kind of drift.
func TestGeneratedRepositoryRequests(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec Spec
	}{
		{"several pages with pull requests", Spec{Blockers: 80, Others: 150, Seed: 1, Dashboard: true}},
		{"exactly one page", Spec{Blockers: 60, Others: 40, Seed: 2}},
		{"one over a page", Spec{Blockers: 60, Others: 41, Seed: 3}},
		{"managed issues only", Spec{Blockers: 99, Seed: 4, Dashboard: true}}, // 100 with the dashboard
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t)
			cat, err := Catalog(tc.spec.Synced())
			if err != nil {
				t.Fatal(err)
			}
			s.seed(InSync(cat, tc.spec, catalog.DateOf(siteNow)))
			s.writeCatalog(map[string][]byte{"scale.yaml": CatalogYAML(tc.spec)})
			s.assertNoopPlan(tc.name)
			s.assertApplyWrites(tc.name+": apply in sync", map[string]int{})

			// Drift of every kind, each with its known number of writes: an
			// update per priority change, a close per resolve, a comment and
			// a close per open blocker removed (a closed one stays as it is).
			drifted := tc.spec
			drifted.Reprioritize, drifted.Resolve, drifted.Remove = 5, 3, 2
			s.writeCatalog(map[string][]byte{"scale.yaml": CatalogYAML(drifted)})
			after, err := Catalog(drifted)
			if err != nil {
				t.Fatal(err)
			}
			kept := map[string]bool{}
			for _, b := range after.Blockers {
				kept[b.ID] = true
			}
			removedOpen := 0
			for _, b := range cat.Blockers {
				if !kept[b.ID] && b.State() == catalog.StatusOpen {
					removedOpen++
				}
			}
			if len(cat.Blockers)-len(after.Blockers) != 2 {
				t.Fatalf("drift removed %d blockers, want 2", len(cat.Blockers)-len(after.Blockers))
			}
			dashboard := 0
			if tc.spec.Dashboard {
				dashboard = 1
			}
			// A tracker whose blockers are resolved or removed lists them
			// anew (one update each), and a removed blocker is taken off
			// its tracker (#16).
			touched, removed := map[string]bool{}, 0
			for _, b := range cat.Blockers {
				a, ok := after.Blocker(b.ID)
				switch {
				case !ok:
					touched[b.Category] = true
					removed++
				case a.State() != b.State():
					touched[b.Category] = true
				}
			}
			if cat.TrackerMode() == catalog.TrackersNone {
				touched, removed = nil, 0
			}
			want := map[string]int{"PATCH /issues/N": 5 + 3 + removedOpen + dashboard + len(touched)}
			if removedOpen > 0 {
				want["POST /issues/N/comments"] = removedOpen
			}
			if removed > 0 {
				want["DELETE /issues/N/sub_issue"] = removed
			}
			s.assertApplyWrites(tc.name+": drift", want)
			s.assertNoopPlan(tc.name + ": after the drift")
		})
	}
}

// TestBundledCatalogWithIssueTypesAndFields measures what issue types and
// fields cost on a first sync of the bundled catalog in an organisation
// that has them (the settings make demo adds): the same writes as without
// them, the values going in the creates; and a plan in sync reads two
// more times (the types and the fields, once each).
func TestBundledCatalogWithIssueTypesAndFields(t *testing.T) {
	s := newSite(t)
	s.fake.AddRepo(siteRepo)
	s.fake.AddOrg("o", ghfake.Org{
		IssueTypes: []string{"Task", "Bug"},
		IssueFields: []ghfake.IssueField{
			{Name: "Priority", DataType: "single_select", Options: catalog.Priorities},
			{Name: "Effort (hours)", DataType: "number"},
			{Name: "Due date", DataType: "date"},
		},
	})
	files := bundledCatalog(t)
	files["zzz-github.yaml"] = []byte("version: 1\nissue_types: {default: Task, by_priority: {P0: Bug}}\nissue_fields: {priority: Priority, effort: Effort (hours), due: Due date}\n")
	s.writeCatalog(files)
	cat, probs, err := catalog.Load(s.catalog)
	if err != nil || catalog.HasErrors(probs) {
		t.Fatalf("bundled catalog: %v %v", err, probs)
	}
	d := desired.Build(cat)
	fresh := map[string]int{
		"POST /labels":     len(d.Labels),
		"POST /milestones": len(d.Milestones),
		"POST /issues":     len(d.Issues) + len(d.Trackers) + 1, // and the dashboard
	}
	links := 0
	for _, is := range d.Issues {
		links += len(is.DependsOn)
		if is.State == "closed" {
			fresh["PATCH /issues/N"]++
		}
	}
	if links > 0 {
		fresh["POST /issues/N/dependencies/blocked_by"] = links
	}
	for _, tr := range d.Trackers {
		fresh["POST /issues/N/sub_issues"] += len(tr.Blockers)
	}
	s.assertApplyWrites("fresh apply with issue types and fields", fresh)
	for _, is := range s.fake.Issues(siteRepo) {
		if k, ok := marker.Find(is.Body); ok && k.Kind == marker.Blocker {
			if s.fake.IssueType(siteRepo, is.Number) == "" || s.fake.IssueFieldValues(siteRepo, is.Number)["Priority"] == "" {
				t.Errorf("#%d (%s): type %q, fields %v", is.Number, k.ID, s.fake.IssueType(siteRepo, is.Number), s.fake.IssueFieldValues(siteRepo, is.Number))
			}
		}
	}
	p, log := s.plan()
	if !p.Empty() {
		t.Fatalf("the plan after the apply has %d changes (first %+v)", len(p.Changes), p.Changes[0])
	}
	items, labels, milestones := s.repoSize()
	want := map[string]int{"GET /labels": budget.Pages(labels), "GET /milestones": budget.Pages(milestones), "GET /issues": budget.Pages(items),
		"GET /issue-types": 1, "GET /orgs/o/issue-fields": 1}
	if got := tally(log); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("a plan in sync made %v, want %v", got, want)
	}
}
