package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/cli"
	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
)

const (
	repo = "o/r"
	// token is long enough for ghapi's scrubbing and distinctive enough to
	// find in any output.
	token = "ghp_R3liabilityT0kenNeverPrinted42"
)

var epoch = time.Date(2026, 2, 10, 9, 0, 0, 0, time.UTC)

// clock is the virtual time shared by ghsync (Env.Now, Env.Sleep) and the
// fake: sleeping moves it on at once, and every look at it by the fake moves
// it on a little, as GitHub's clock does between requests.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: epoch} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) tick() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(10 * time.Millisecond)
	return c.now
}

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return nil
}

// world is one fake GitHub with a seeded repository, and the catalog and
// environment ghsync runs with.
type world struct {
	t       testing.TB
	clock   *clock
	fake    *ghfake.Server
	url     string
	catalog string
	env     map[string]string
	// pulls and people are the numbers of the seeded pull requests and
	// issues, which nothing may change.
	pulls, people []int
	// pause is real time each Sleep also takes, so that a run polling a
	// lock lets a concurrent run make progress.
	pause time.Duration
}

// newWorld starts a fake on loopback and seeds the repository with what a
// real one has before ghsync arrives: people's issues (open, closed, with
// labels, a milestone, assignees, comments), pull requests, labels (one
// that ghsync adopts because it differs only in case), and a milestone.
func newWorld(t testing.TB) *world {
	t.Helper()
	return newWorldWith(t, func(*ghfake.Options) {})
}

// newWorldWith is newWorld with the fake's options edited.
func newWorldWith(t testing.TB, edit func(*ghfake.Options)) *world {
	t.Helper()
	w := &world{t: t, clock: newClock()}
	opts := ghfake.Options{Token: token, Now: w.clock.tick, Collaborators: []string{"ana"}}
	edit(&opts)
	w.fake = ghfake.New(opts)
	w.url = w.fake.Start()
	t.Cleanup(w.fake.Close)
	w.fake.AddRepo(repo)
	w.env = map[string]string{
		"GITHUB_TOKEN":      token,
		"GITHUB_API_URL":    w.url,
		"GITHUB_REPOSITORY": repo,
	}
	w.useCatalog("v1.yaml")
	w.seed()
	return w
}

func (w *world) seed() {
	f := w.fake
	for _, l := range []ghfake.Label{
		{Name: "bug", Color: "d73a4a", Description: "Something isn't working"},
		{Name: "enhancement", Color: "a2eeef"},
		{Name: "PRIORITY/p1", Color: "000000", Description: "people's label, adopted by case"},
	} {
		if err := f.SeedLabel(repo, l); err != nil {
			w.t.Fatal(err)
		}
	}
	backlog := f.SeedMilestone(repo, ghfake.Milestone{Title: "Backlog", Description: "people's milestone"})
	a := f.SeedIssue(repo, ghfake.Issue{Title: "Crash on start", Body: "Steps:\r\n1. start\n\n<!-- a person's comment -->", Labels: []string{"bug"}, User: "bob"})
	f.SeedComment(repo, a, "bob", "still happens")
	w.people = append(w.people, a)
	w.pulls = append(w.pulls, f.SeedPull(repo, "Add the widget"))
	w.people = append(w.people, f.SeedIssue(repo, ghfake.Issue{Title: "Docs typo", State: "closed", StateReason: "completed"}))
	w.people = append(w.people, f.SeedIssue(repo, ghfake.Issue{Title: "Prioritise me", Labels: []string{"PRIORITY/p1", "enhancement"}, Milestone: backlog, Assignees: []string{"ana"}}))
	w.pulls = append(w.pulls, f.SeedPull(repo, "Fix the typo"))
}

// useCatalog points ghsync at a copy of testdata/name.
func (w *world) useCatalog(name string) {
	w.t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		w.t.Fatal(err)
	}
	w.setCatalog(string(data))
}

func (w *world) setCatalog(text string) {
	w.t.Helper()
	if w.catalog == "" {
		w.catalog = filepath.Join(w.t.TempDir(), "catalog.yaml")
	}
	if err := os.WriteFile(w.catalog, []byte(text), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

type result struct {
	code     int
	out, err string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.out, r.err)
}

// run runs ghsync in-process with the world's environment and clock.
func (w *world) run(args ...string) result {
	w.t.Helper()
	return w.runEnv(w.env, args...)
}

func (w *world) runEnv(vars map[string]string, args ...string) result {
	w.t.Helper()
	var out, errb bytes.Buffer
	env := &cli.Env{
		In: strings.NewReader(""), Out: &out, Err: &errb,
		Getenv: func(k string) string { return vars[k] },
		Now:    w.clock.Now,
		Sleep: func(ctx context.Context, d time.Duration) error {
			if w.pause > 0 {
				time.Sleep(w.pause)
			}
			return w.clock.Sleep(ctx, d)
		},
	}
	code := cli.Main(env, append([]string{"--catalog", w.catalog}, args...)...)
	r := result{code, out.String(), errb.String()}
	if strings.Contains(r.out+r.err, token) {
		w.t.Fatalf("ghsync %v printed the token", args)
	}
	return r
}

func (w *world) mustRun(args ...string) result {
	w.t.Helper()
	r := w.run(args...)
	if r.code != 0 {
		w.t.Fatalf("ghsync %v: %s", args, r)
	}
	return r
}

// converged fails the test unless a plan shows no changes.
func (w *world) converged() {
	w.t.Helper()
	if r := w.run("plan", "--detailed-exitcode"); r.code != 0 {
		w.t.Fatalf("plan after apply does not show No changes: %s", r)
	}
}

// snapshot is everything on the fake that a run could have changed, with
// issue numbers replaced by what the issues stand for, so two runs that
// numbered their issues differently compare equal when they agree.
type snapshot struct {
	Labels     []ghfake.Label `json:"labels"`
	Milestones []milestone    `json:"milestones"`
	Issues     []issue        `json:"issues"`
	// PerMarker counts the issues (open or closed) carrying each marker.
	PerMarker map[string]int `json:"per_marker"`
	// OpenPerMarker counts the open ones.
	OpenPerMarker map[string]int `json:"open_per_marker"`
}

type milestone struct {
	Title, Description, State, Due string
}

type issue struct {
	ID          string // marker key, else "#N" for people's issues and pulls
	Title       string
	Body        string
	State       string
	StateReason string
	Labels      []string
	Milestone   string
	Assignees   []string
	Comments    []string
	Pull        bool
}

var refRE = regexp.MustCompile(`#(\d+)`)

func (w *world) snapshot() snapshot {
	w.t.Helper()
	s := snapshot{Labels: w.fake.Labels(repo), PerMarker: map[string]int{}, OpenPerMarker: map[string]int{}}
	titles := map[int]string{}
	for _, m := range w.fake.Milestones(repo) {
		due := ""
		if m.DueOn != nil {
			due = m.DueOn.Format(time.DateOnly)
		}
		titles[m.Number] = m.Title
		s.Milestones = append(s.Milestones, milestone{m.Title, m.Description, m.State, due})
	}
	sort.Slice(s.Milestones, func(i, j int) bool { return s.Milestones[i].Title < s.Milestones[j].Title })

	all := w.fake.Issues(repo)
	for _, n := range w.pulls {
		if p, ok := w.fake.Issue(repo, n); ok {
			all = append(all, p)
		}
	}
	names := map[int]string{}
	for _, is := range all {
		if k, ok := marker.Find(is.Body); ok {
			names[is.Number] = k.String()
			s.PerMarker[k.String()]++
			if is.State == "open" {
				s.OpenPerMarker[k.String()]++
			}
		} else {
			names[is.Number] = "#" + strconv.Itoa(is.Number)
		}
	}
	norm := func(text string) string {
		return refRE.ReplaceAllStringFunc(text, func(m string) string {
			n, _ := strconv.Atoi(m[1:])
			if name, ok := names[n]; ok {
				return "#{" + name + "}"
			}
			return m
		})
	}
	for _, is := range all {
		v := issue{ID: names[is.Number], Title: is.Title, Body: norm(is.Body), State: is.State, StateReason: is.StateReason,
			Labels: is.Labels, Milestone: titles[is.Milestone], Assignees: is.Assignees, Pull: is.PullRequest}
		for _, c := range w.fake.Comments(repo, is.Number) {
			v.Comments = append(v.Comments, c.User+": "+norm(c.Body))
		}
		s.Issues = append(s.Issues, v)
	}
	sort.SliceStable(s.Issues, func(i, j int) bool { return s.Issues[i].ID < s.Issues[j].ID })
	return s
}

// diff describes how got differs from want, "" when they are equal.
func diff(want, got snapshot) string {
	a, b := lines(want), lines(got)
	if strings.Join(a, "\n") == strings.Join(b, "\n") {
		return ""
	}
	var out []string
	seen := map[string]int{}
	for _, l := range b {
		seen[l]++
	}
	for _, l := range a {
		if seen[l] > 0 {
			seen[l]--
			continue
		}
		out = append(out, "- "+l)
	}
	seen = map[string]int{}
	for _, l := range a {
		seen[l]++
	}
	for _, l := range b {
		if seen[l] > 0 {
			seen[l]--
			continue
		}
		out = append(out, "+ "+l)
	}
	if len(out) == 0 {
		out = append(out, "(same lines in a different order)")
	}
	return strings.Join(out, "\n")
}

// lines renders a snapshot as one JSON line per object.
func lines(s snapshot) []string {
	var out []string
	add := func(prefix string, v any) {
		data, _ := json.Marshal(v)
		out = append(out, prefix+" "+string(data))
	}
	for _, l := range s.Labels {
		add("label", l)
	}
	for _, m := range s.Milestones {
		add("milestone", m)
	}
	for _, is := range s.Issues {
		add("issue", is)
	}
	add("per-marker", s.PerMarker)
	add("open-per-marker", s.OpenPerMarker)
	return out
}

// duplicates names the markers carried by more than one open issue.
func (s snapshot) duplicates() []string {
	var out []string
	for k, n := range s.OpenPerMarker {
		if n > 1 {
			out = append(out, fmt.Sprintf("%s (%d open)", k, n))
		}
	}
	sort.Strings(out)
	return out
}

// samePeoplesWork compares people's issues and pulls, ignoring the case of
// label names (ghsync adopts a label that differs only in case by renaming
// it, which renames it on every issue).
func samePeoplesWork(a, b []ghfake.Issue) bool {
	norm := func(list []ghfake.Issue) string {
		var out []string
		for _, is := range list {
			is.UpdatedAt = time.Time{}
			data, _ := json.Marshal(is)
			out = append(out, strings.ToLower(string(data)))
		}
		return strings.Join(out, "\n")
	}
	return norm(a) == norm(b)
}

// peoplesWork returns the seeded issues and pulls as they are now.
func (w *world) peoplesWork() []ghfake.Issue {
	var out []ghfake.Issue
	for _, n := range append(append([]int(nil), w.people...), w.pulls...) {
		is, _ := w.fake.Issue(repo, n)
		out = append(out, is)
	}
	return out
}

// beforeWrite serves the fake through a proxy on loopback that calls f(n)
// before the n-th write (counted over every later run) reaches it: a person
// acting on GitHub between ghsync's read and its write.
func (w *world) beforeWrite(f func(n int)) {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			mu.Lock()
			n++
			k := n
			mu.Unlock()
			f(k)
		}
		w.fake.ServeHTTP(rw, r)
	}))
	w.t.Cleanup(srv.Close)
	w.env["GITHUB_API_URL"] = srv.URL + "/"
}

// issueOf returns the lowest-numbered issue carrying id's marker, open or
// closed.
func (w *world) issueOf(id string) ghfake.Issue {
	w.t.Helper()
	for _, is := range w.fake.Issues(repo) {
		if k, ok := marker.Find(is.Body); ok && k.ID == id {
			return is
		}
	}
	w.t.Fatalf("no issue carries the marker of %s", id)
	return ghfake.Issue{}
}

func readFile(path string) (string, error) {
	data, err := os.ReadFile(path)
	return string(data), err
}

func itoa(n int) string { return strconv.Itoa(n) }
