// Command ghsync-scale measures ghsync at scale against the fake GitHub:
// for each catalog size it seeds a repository in sync with a generated
// catalog (as many other issues and pull requests as blockers, by
// default), then runs the real ghsync commands (plan, apply) in a child
// process and reports, per run, the requests and writes the fake served
// against the request lower bound, and the child's CPU time (user+system,
// so waiting on the network does not count) and peak RSS.
//
// The child is this binary re-run with GHSYNC_SCALE_CHILD=1, which makes
// it exactly `ghsync` (cli.Main): the fake's own work stays in this
// process and out of the figures. Nothing leaves loopback.
//
//	go run ./internal/scale/cmd/ghsync-scale -sizes 1000,10000,50000
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/ghsync/ghsync/internal/budget"
	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/cli"
	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/plan"
	"github.com/ghsync/ghsync/internal/scale"
)

const (
	childEnv = "GHSYNC_SCALE_CHILD"
	// profileEnv, in the child, names a file for a CPU profile of the run.
	profileEnv = "GHSYNC_SCALE_CPUPROFILE"
	// usageEnv, in the child, names the file it writes its usage to.
	usageEnv  = "GHSYNC_SCALE_USAGE"
	token     = "scale-token-not-secret"
	repoName  = "scale/repo"
	freshRepo = "scale/fresh"
)

func main() {
	if os.Getenv(childEnv) == "1" {
		os.Exit(child())
	}
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ghsync-scale:", err)
		os.Exit(1)
	}
}

// child is ghsync itself, with an optional CPU profile, and it reports
// its own usage on the way out.
func child() int {
	if path := os.Getenv(profileEnv); path != "" {
		f, err := os.Create(path)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	code := cli.Main(cli.System(), os.Args[1:]...)
	if path := os.Getenv(profileEnv); path != "" {
		// And where the run allocated, beside the CPU profile.
		if f, err := os.Create(strings.TrimSuffix(path, ".pprof") + ".allocs.pprof"); err == nil {
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	if path := os.Getenv(usageEnv); path != "" {
		data, _ := json.Marshal(ownUsage())
		_ = os.WriteFile(path, data, 0o644)
	}
	return code
}

// usage is what a child measured of itself.
type usage struct {
	CPUSeconds float64 `json:"cpu_seconds"`
	// HWMKB is VmHWM, the peak resident set of this process's own memory
	// since exec. The rusage maxrss is not used: Linux carries the
	// parent's peak into a child that execs after a vfork, which is how Go
	// starts processes, so it would report the harness's memory.
	HWMKB int64 `json:"hwm_kb"`
}

func ownUsage() usage {
	var u usage
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		u.CPUSeconds = (tv(ru.Utime) + tv(ru.Stime)).Seconds()
	}
	data, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			u.HWMKB, _ = strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return u
}

type options struct {
	sizes      []int
	others     float64
	drift      float64
	freshMax   int
	format     string
	jsonOut    string
	profileDir string
	dashboard  bool
	catalog    string
	showChild  bool
	text       int
	// listing lists repository sizes (other issues) for the listing runs.
	listing []int
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("ghsync-scale", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("sizes", "1000,10000,50000", "catalog sizes (blockers), comma-separated")
	fs.Float64Var(&o.others, "others", 1, "other issues and pull requests per blocker in the repository")
	fs.Float64Var(&o.drift, "drift", 0.01, "share of blockers whose priority changes for the drift runs (0: none)")
	fs.IntVar(&o.freshMax, "fresh-max", 1000, "largest size for which a first apply into an empty repository is run")
	fs.StringVar(&o.format, "format", "markdown", "output: markdown or text")
	fs.StringVar(&o.jsonOut, "json", "", "also write the results as JSON to `FILE`")
	fs.StringVar(&o.profileDir, "profile", "", "write a CPU profile (NAME.pprof) and an allocation profile (NAME.allocs.pprof) of every ghsync run, and a CPU profile of this harness and its fake (harness.pprof), to `DIR`")
	fs.BoolVar(&o.dashboard, "dashboard", false, "give the catalog a dashboard (its body passes GitHub's 65,536 characters from about 2,000 blockers)")
	fs.StringVar(&o.catalog, "catalog", "", "also measure this catalog `DIR` (the bundled one: catalog): a first apply, then no-op runs")
	fs.IntVar(&o.text, "text", 1, "blocker text size: 1 is the bundled catalog's (about 445 bytes of YAML a blocker), 3 three times the words (about 1,070)")
	listing := fs.String("listing", "", "instead of the size runs: with the first of -sizes blockers, repositories holding this many other issues and pull requests (comma-separated, for example 1000,10000,50000); measures the no-op plan (by creators, and with --full-listing) and a first apply (with and without --lock)")
	fs.BoolVar(&o.showChild, "child-stderr", false, "copy each ghsync run's standard error to this one's (with GODEBUG=gctrace=1: the garbage collector's trace)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-sizes: %q is not a positive number", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if *listing != "" {
		for _, s := range strings.Split(*listing, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 0 {
				return o, fmt.Errorf("-listing: %q is not a number", s)
			}
			o.listing = append(o.listing, n)
		}
	}
	if o.format != "markdown" && o.format != "text" {
		return o, fmt.Errorf("-format: %q is not markdown or text", o.format)
	}
	return o, nil
}

// Result is one ghsync run.
type Result struct {
	Scenario string `json:"scenario"`
	Blockers int    `json:"blockers"`
	Items    int    `json:"items"` // issues and pull requests listed
	// CatalogKB is the size of the catalog file read.
	CatalogKB  int `json:"catalog_kb"`
	Labels     int `json:"labels"`
	Milestones int `json:"milestones"`
	Reads      int `json:"reads"`
	Writes     int `json:"writes"`
	// Estimated is what budget.Estimate predicted from the plan (apply runs).
	Estimated  *int    `json:"estimated_writes,omitempty"`
	LowerBound int     `json:"lower_bound"`
	CPUSeconds float64 `json:"cpu_seconds"`
	MaxRSSMB   float64 `json:"max_rss_mb"`
	WallSecs   float64 `json:"wall_seconds"`
	// FakeCPUSeconds is what the fake GitHub spent serving the run.
	FakeCPUSeconds float64 `json:"fake_cpu_seconds"`
}

// Requests is every request the run made.
func (r Result) Requests() int { return r.Reads + r.Writes }

// Ratio is requests over the lower bound.
func (r Result) Ratio() float64 { return float64(r.Requests()) / float64(max(r.LowerBound, 1)) }

func run(args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find this program to re-run it: %w", err)
	}
	if o.profileDir != "" {
		// The harness too: the fake's cost decides how long a run takes.
		if f, err := os.Create(filepath.Join(o.profileDir, "harness.pprof")); err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	var results []Result
	if o.catalog != "" {
		rs, err := measureCatalog(self, o, stderr)
		results = append(results, rs...)
		if err != nil {
			return fmt.Errorf("catalog %s: %w", o.catalog, err)
		}
	}
	for _, others := range o.listing {
		rs, err := measureListing(self, o.sizes[0], others, o, stderr)
		results = append(results, rs...)
		if err != nil {
			return fmt.Errorf("%d blockers, %d other issues: %w", o.sizes[0], others, err)
		}
	}
	for _, n := range o.sizes {
		if len(o.listing) > 0 {
			break
		}
		rs, err := measureSize(self, n, o, stderr)
		results = append(results, rs...)
		if err != nil {
			return fmt.Errorf("%d blockers: %w", n, err)
		}
	}
	if o.format == "markdown" {
		writeMarkdown(stdout, results)
	} else {
		writeText(stdout, results)
	}
	if o.jsonOut != "" {
		data, _ := json.MarshalIndent(results, "", "  ")
		if err := os.WriteFile(o.jsonOut, append(data, '\n'), 0o644); err != nil {
			return fmt.Errorf("write results: %w", err)
		}
	}
	return nil
}

// inSyncSite serves a fake GitHub holding repoName in sync with the
// catalog spec generates (more seeds other repositories first), with that
// catalog written to the site's directory.
func inSyncSite(self string, spec scale.Spec, o options, stderr io.Writer, more func(*ghfake.Server, scale.Repo) error) (*site, func(), scale.Repo, []byte, error) {
	cat, err := scale.Catalog(spec)
	if err != nil {
		return nil, nil, scale.Repo{}, nil, err
	}
	repo := scale.InSync(cat, spec, catalog.DateOf(time.Now().UTC()))
	fake := ghfake.New(ghfake.Options{Token: token, RateLimit: 1 << 30})
	if err := scale.Seed(fake, repoName, repo); err != nil {
		return nil, nil, repo, nil, err
	}
	if more != nil {
		if err := more(fake, repo); err != nil {
			return nil, nil, repo, nil, err
		}
	}
	s, closeSite, err := openSite(self, fake, o, stderr)
	if err != nil {
		return nil, nil, repo, nil, err
	}
	text := scale.CatalogYAML(spec)
	if err := s.writeCatalog(text); err != nil {
		closeSite()
		return nil, nil, repo, nil, err
	}
	return s, closeSite, repo, text, nil
}

// site is one fake GitHub with a catalog directory.
type site struct {
	self, url, dir, profileDir string
	fake                       *ghfake.Server
	stderr                     io.Writer
	showChild                  bool
}

// openSite serves fake on loopback and makes the directory the catalog is
// written to; done stops the one and removes the other.
func openSite(self string, fake *ghfake.Server, o options, stderr io.Writer) (s *site, done func(), err error) {
	url, stop, err := scale.Serve(fake)
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "ghsync-scale-")
	if err != nil {
		stop()
		return nil, nil, err
	}
	s = &site{self: self, url: url, dir: dir, fake: fake, stderr: stderr, profileDir: o.profileDir, showChild: o.showChild}
	return s, func() { stop(); os.RemoveAll(dir) }, nil
}

func measureSize(self string, n int, o options, stderr io.Writer) ([]Result, error) {
	spec := scale.Spec{Blockers: n, Others: int(o.others * float64(n)), Seed: 1, Dashboard: o.dashboard, Text: o.text}
	fmt.Fprintf(stderr, "%d blockers (text size %d), %d other issues and pull requests: generating...\n", n, max(o.text, 1), spec.Others)
	start := time.Now()
	s, closeSite, repo, text, err := inSyncSite(self, spec, o, stderr, nil)
	if err != nil {
		return nil, err
	}
	defer closeSite()
	fake := s.fake
	fmt.Fprintf(stderr, "  ready in %s\n", time.Since(start).Round(time.Millisecond))

	labels, milestones, items := repo.Counts()
	base := Result{Blockers: n, Items: items, Labels: labels, Milestones: milestones, CatalogKB: len(text) >> 10,
		LowerBound: budget.LowerBound(items, labels, milestones)}
	var out []Result

	// The no-op runs: nothing to change.
	r, err := s.measure(base, "plan, no changes", repoName, 0, "plan", "--format", "json", "--detailed-exitcode")
	out = append(out, r)
	if err != nil {
		return out, err
	}
	r, err = s.measure(base, "apply, no changes", repoName, 0, "apply", "--yes", "--format", "json")
	out = append(out, r)
	if err != nil {
		return out, err
	}
	if r.Writes != 0 {
		return out, fmt.Errorf("apply in sync made %d writes", r.Writes)
	}

	// Drift: a share of the blockers change priority.
	if k := int(o.drift * float64(n)); k > 0 {
		drifted := spec
		drifted.Reprioritize = k
		if err := s.writeCatalog(scale.CatalogYAML(drifted)); err != nil {
			return out, err
		}
		name := fmt.Sprintf("plan + apply, %d priorities changed", k)
		rs, err := s.planThenApply(base, name, repoName)
		out = append(out, rs...)
		if err != nil {
			return out, err
		}
	}

	// A first apply into an empty repository.
	if n <= o.freshMax {
		fake.AddRepo(freshRepo)
		if err := s.writeCatalog(text); err != nil {
			return out, err
		}
		fresh := Result{Blockers: n, CatalogKB: len(text) >> 10, LowerBound: budget.LowerBound(0, 0, 0)}
		rs, err := s.planThenApply(fresh, "plan + apply, empty repository", freshRepo)
		out = append(out, rs...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// measureListing measures what reading costs in a repository that holds
// far more than ghsync's issues (issue #12): a no-op plan once the
// dashboard records who made the blockers' issues, against the full
// listing (--full-listing, what every plan cost before); and a first apply
// of the catalog into the same repository without ghsync's issues, with
// and without --lock (which skips the look before each create).
func measureListing(self string, blockers, others int, o options, stderr io.Writer) ([]Result, error) {
	spec := scale.Spec{Blockers: blockers, Others: others, Seed: 1, Dashboard: true, Text: o.text}
	fmt.Fprintf(stderr, "%d blockers, %d other issues and pull requests: generating...\n", blockers, others)
	people := func(fake *ghfake.Server, repo scale.Repo) error {
		for _, name := range []string{freshRepo, freshRepo + "-locked"} {
			if err := scale.Seed(fake, name, scale.OthersOnly(repo)); err != nil {
				return err
			}
		}
		return nil
	}
	s, closeSite, repo, text, err := inSyncSite(self, spec, o, stderr, people)
	if err != nil {
		return nil, err
	}
	defer closeSite()
	labels, milestones, items := repo.Counts()
	base := Result{Blockers: blockers, Items: items, Labels: labels, Milestones: milestones, CatalogKB: len(text) >> 10,
		LowerBound: budget.LowerBound(items, labels, milestones)}
	var out []Result
	for _, run := range []struct {
		name string
		args []string
	}{
		{"plan, no changes, by creators", nil},
		{"plan, no changes, --full-listing", []string{"--full-listing"}},
	} {
		r, err := s.measure(base, run.name, repoName, 0, append([]string{"plan", "--format", "json", "--detailed-exitcode"}, run.args...)...)
		out = append(out, r)
		if err != nil {
			return out, err
		}
	}
	_, _, pitems := scale.OthersOnly(repo).Counts()
	fresh := Result{Blockers: blockers, Items: pitems, CatalogKB: len(text) >> 10, LowerBound: budget.LowerBound(pitems, 0, 0)}
	for _, run := range []struct {
		name, repo string
		args       []string
	}{
		{"first apply", freshRepo, nil},
		{"first apply, --lock", freshRepo + "-locked", []string{"--lock"}},
	} {
		rs, err := s.planThenApply(fresh, run.name, run.repo, run.args...)
		out = append(out, rs...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// measureCatalog measures a catalog from files: a first apply into an
// empty repository, then a plan and an apply with nothing to do.
func measureCatalog(self string, o options, stderr io.Writer) ([]Result, error) {
	files, err := filepath.Glob(filepath.Join(o.catalog, "*.y*ml"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no *.yaml or *.yml files")
	}
	cat, probs, err := catalog.Load(o.catalog)
	if err != nil || catalog.HasErrors(probs) {
		return nil, fmt.Errorf("the catalog does not load: run ghsync validate --catalog %s", o.catalog)
	}
	fmt.Fprintf(stderr, "catalog %s, %d blockers:\n", o.catalog, len(cat.Blockers))
	fake := ghfake.New(ghfake.Options{Token: token, RateLimit: 1 << 30})
	fake.AddRepo(freshRepo)
	s, closeSite, err := openSite(self, fake, o, stderr)
	if err != nil {
		return nil, err
	}
	defer closeSite()
	size := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		size += len(data)
		if err := os.WriteFile(filepath.Join(s.dir, filepath.Base(f)), data, 0o644); err != nil {
			return nil, err
		}
	}
	name := filepath.Base(filepath.Clean(o.catalog))
	out, err := s.planThenApply(Result{Blockers: len(cat.Blockers), CatalogKB: size >> 10, LowerBound: budget.LowerBound(0, 0, 0)}, name+": plan + apply, empty repository", freshRepo)
	if err != nil {
		return out, err
	}
	items, labels, milestones := len(fake.Issues(freshRepo)), len(fake.Labels(freshRepo)), len(fake.Milestones(freshRepo))
	base := Result{Blockers: len(cat.Blockers), CatalogKB: size >> 10, Items: items, Labels: labels, Milestones: milestones,
		LowerBound: budget.LowerBound(items, labels, milestones)}
	r, err := s.measure(base, name+": plan, no changes", freshRepo, 0, "plan", "--format", "json", "--detailed-exitcode")
	out = append(out, r)
	if err != nil {
		return out, err
	}
	r, err = s.measure(base, name+": apply, no changes", freshRepo, 0, "apply", "--yes", "--format", "json")
	out = append(out, r)
	if err == nil && r.Writes != 0 {
		err = fmt.Errorf("apply in sync made %d writes", r.Writes)
	}
	return out, err
}

func (s *site) writeCatalog(data []byte) error {
	return os.WriteFile(filepath.Join(s.dir, "scale.yaml"), data, 0o644)
}

// planThenApply saves a plan, estimates its writes, applies it and checks
// the writes against the estimate.
func (s *site) planThenApply(base Result, name, repo string, applyArgs ...string) ([]Result, error) {
	file := filepath.Join(s.dir, "plan.json")
	pr, err := s.measure(base, name+": plan", repo, 2, "plan", "--out", file, "--format", "json", "--detailed-exitcode")
	if err != nil {
		return []Result{pr}, err
	}
	f, err := os.Open(file)
	if err != nil {
		return []Result{pr}, err
	}
	p, err := plan.Read(f)
	f.Close()
	if err != nil {
		return []Result{pr}, err
	}
	est := budget.PlanWrites(p)
	ar := base
	// Every write is needed; the bound is the listing plus the writes.
	ar.LowerBound = base.LowerBound + est
	ar.Estimated = &est
	// --max-writes lifts apply's default hourly batch (GitHub's limits do
	// not apply to the fake): the whole plan in one run.
	ar, err = s.measure(ar, name+": apply", repo, 0, append([]string{"apply", "--yes", "--format", "json", "--allow-mass-close",
		"--max-writes", strconv.Itoa(est + 1)}, applyArgs...)...)
	lock := 0
	if slices.Contains(applyArgs, "--lock") {
		lock = 2 // the lock label, made and deleted
	}
	if err == nil && ar.Writes != est+lock {
		err = fmt.Errorf("apply made %d writes, the estimate said %d", ar.Writes, est+lock)
	}
	return []Result{pr, ar}, err
}

// measure runs ghsync args in a child process against repo and reads its
// rusage and the fake's counts.
func (s *site) measure(r Result, scenario, repo string, wantCode int, args ...string) (Result, error) {
	r.Scenario = scenario
	fmt.Fprintf(s.stderr, "  %s...\n", scenario)
	s.fake.ResetLog()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(context.Background(), s.self, append([]string{"--catalog", s.dir}, args...)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = []string{
		childEnv + "=1",
		"GITHUB_TOKEN=" + token,
		"GITHUB_API_URL=" + s.url,
		"GITHUB_REPOSITORY=" + repo,
		"GHSYNC_WRITE_INTERVAL=0",
		"HOME=" + s.dir,
		"TMPDIR=" + os.TempDir(),
	}
	// The Go runtime's knobs pass through, to see what the figures owe to
	// the garbage collector (GOGC=50, GOMEMLIMIT=100MiB, GODEBUG=gctrace=1).
	for _, k := range []string{"GOGC", "GOMEMLIMIT", "GODEBUG", "GOMAXPROCS"} {
		if v, ok := os.LookupEnv(k); ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	usageFile := filepath.Join(s.dir, "usage.json")
	os.Remove(usageFile)
	cmd.Env = append(cmd.Env, usageEnv+"="+usageFile)
	if s.profileDir != "" {
		name := strings.NewReplacer(" ", "-", ",", "", ":", "", "+", "").Replace(scenario)
		cmd.Env = append(cmd.Env, fmt.Sprintf("%s=%s", profileEnv, filepath.Join(s.profileDir, fmt.Sprintf("%d-%s.pprof", r.Blockers, name))))
	}
	before := selfCPU()
	start := time.Now()
	err := cmd.Run()
	r.WallSecs = time.Since(start).Seconds()
	r.FakeCPUSeconds = (selfCPU() - before).Seconds()
	if s.showChild {
		s.stderr.Write(stderr.Bytes())
	}
	var ee *exec.ExitError
	code := 0
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		return r, fmt.Errorf("%s: %w", scenario, err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		// The kernel's count, from outside: the child's own CPU time.
		r.CPUSeconds = tv(ru.Utime).Seconds() + tv(ru.Stime).Seconds()
	}
	var u usage
	if data, rerr := os.ReadFile(usageFile); rerr == nil && json.Unmarshal(data, &u) == nil {
		r.MaxRSSMB = float64(u.HWMKB) / 1024
	}
	c := s.fake.Counts()
	r.Reads, r.Writes = c.Reads, c.Writes
	if code != wantCode {
		return r, fmt.Errorf("%s: exit %d, want %d\n%s", scenario, code, wantCode, tail(stderr.String(), 2000))
	}
	fmt.Fprintf(s.stderr, "    %d requests (%d writes), %.2fs CPU, %.0f MB peak RSS, %.2fs wall\n",
		r.Requests(), r.Writes, r.CPUSeconds, r.MaxRSSMB, r.WallSecs)
	return r, nil
}

// tail is the end of s, at most n bytes.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

func tv(t syscall.Timeval) time.Duration {
	return time.Duration(t.Sec)*time.Second + time.Duration(t.Usec)*time.Microsecond
}

// selfCPU is this process's CPU time so far: the fake's work.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return tv(ru.Utime) + tv(ru.Stime)
}

func writeMarkdown(w io.Writer, rs []Result) {
	fmt.Fprintln(w, "| blockers | catalog | items | scenario | requests | writes | lower bound | ratio | CPU | peak RSS | wall |")
	fmt.Fprintln(w, "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		fmt.Fprintf(w, "| %d | %s | %d | %s | %d | %s | %d | %.2f | %.2fs | %.0f MB | %.2fs |\n",
			r.Blockers, kb(r.CatalogKB), r.Items, r.Scenario, r.Requests(), writes(r), r.LowerBound, r.Ratio(), r.CPUSeconds, r.MaxRSSMB, r.WallSecs)
	}
}

func writeText(w io.Writer, rs []Result) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "blockers\tcatalog\titems\trequests\twrites\tbound\tratio\tCPU\tRSS\twall\tscenario\t")
	for _, r := range rs {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\t%d\t%.2f\t%.2fs\t%.0fMB\t%.2fs\t%s\t\n",
			r.Blockers, kb(r.CatalogKB), r.Items, r.Requests(), writes(r), r.LowerBound, r.Ratio(), r.CPUSeconds, r.MaxRSSMB, r.WallSecs, r.Scenario)
	}
	tw.Flush()
}

// kb shows a size in KB, or "-" when unknown.
func kb(n int) string {
	if n <= 0 {
		return "-"
	}
	return strconv.Itoa(n) + " KB"
}

// writes shows the writes, and the estimate when it was made.
func writes(r Result) string {
	if r.Estimated != nil {
		return fmt.Sprintf("%d (est. %d)", r.Writes, *r.Estimated)
	}
	return strconv.Itoa(r.Writes)
}
