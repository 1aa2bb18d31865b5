// Package scale generates large catalogs and repositories that match them,
// so ghsync's cost can be measured where it matters: requests and writes
// against GitHub's limits, and CPU and memory at 1k, 10k and 50k blockers.
//
// Everything is deterministic for a given Spec: the same spec always gives
// the same catalog text, the same issues and the same numbers, so request
// counts measured on it can be asserted in tests.
package scale

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ghsync/ghsync/internal/catalog"
)

// Spec says how big the generated catalog and repository are.
type Spec struct {
	// Blockers is the number of catalog blockers; each has one managed
	// issue in a repository in sync.
	Blockers int
	// Others is the number of issues and pull requests people made, mixed
	// in among the managed issues; every fourth is a pull request, which
	// the issues API lists too.
	Others int
	// Seed varies the text; the same seed gives the same catalog.
	Seed uint64
	// Dashboard adds a dashboard issue to the catalog (and the repository).
	Dashboard bool
	// Text scales the blockers' text. At 0 or 1 a generated blocker has
	// the fields and text sizes of the bundled erlmcp catalog's (on
	// average 30-character titles, 40-character descriptions, one
	// remediation step, evidence for one in three, about 375 bytes of
	// YAML and a 500-byte managed body); at 3 every text has three times
	// the words and every blocker has evidence and three to five steps
	// (about 950 bytes of YAML, 1 KB of body).
	Text int

	// Drift: changes made to the catalog after the repository was synced
	// with it (InSync ignores them, CatalogYAML applies them), each a known
	// number of writes: Reprioritize blockers get the next priority (one
	// issue update each), Resolve open blockers are marked resolved (one
	// close each), and the last Remove blockers leave the catalog (a
	// comment and a close each). Remove is at most half the blockers.
	Reprioritize, Resolve, Remove int
}

// Synced is s without its drift: the catalog the repository was synced with.
func (s Spec) Synced() Spec {
	s.Reprioritize, s.Resolve, s.Remove = 0, 0, 0
	return s
}

// Categories and priorities of generated blockers: the bundled catalog's.
var (
	categories = []string{"compliance", "documentation", "observability", "operations",
		"performance", "reliability", "scalability", "security", "testing"}
	priorities = []string{"P0", "P1", "P2", "P3"}
	roles      = []string{"backend-dev", "security-engineer", "operations-engineer",
		"testing-specialist", "performance-engineer", "compliance-auditor"}
	extraLabels = []string{"needs-design", "customer-impact", "tech-debt", "good-first-issue"}
	words       = strings.Fields(`cluster node registry session transport tls cookie secret
		supervisor shutdown backpressure queue mailbox latency throughput memory leak
		trace metric alert audit gdpr soc2 backup restore deploy rollback config
		schema handler timeout retry quorum partition replica cache index shard
		token certificate rotation policy budget capacity load chaos failover`)
)

// milestoneCount is how many milestones a generated catalog has.
const milestoneCount = 8

// BlockerID is the id of the i-th generated blocker (0-based).
func BlockerID(i int) string { return fmt.Sprintf("BLK-%05d", i+1) }

// words1 is one random word.
func words1(r *rand.Rand) string { return words[r.IntN(len(words))] }

// text is n random words, capitalised.
func text(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[r.IntN(len(words))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// CatalogYAML is the text of a valid catalog with s.Blockers blockers in
// eight milestones: two in three depend on an earlier blocker (never on a
// later milestone), one in twenty carries an extra label, one in ten is
// resolved and one in fifty wontfix. Text sizes follow s.Text.
func CatalogYAML(s Spec) []byte {
	c := generate(s)
	c.Blockers = drift(c.Blockers, s)
	out, err := yaml.Marshal(c) // the catalog's own encoder (Catalog.MarshalYAML)
	if err != nil {
		panic(fmt.Sprintf("scale: marshal catalog: %v", err)) // plain data: cannot fail
	}
	return out
}

// generate is the catalog InSync matches, before drift.
func generate(s Spec) *catalog.Catalog {
	r := rand.New(rand.NewPCG(s.Seed, 0x5ca1e))
	c := &catalog.Catalog{Version: catalog.Version, Project: fmt.Sprintf("scale %d", s.Blockers), Start: catalog.Date{Year: 2026, Month: 2, Day: 2}}
	if s.Dashboard {
		c.Dashboard = &catalog.Dashboard{Title: "Scale test: progress"}
	}
	for m := range milestoneCount {
		c.Milestones = append(c.Milestones, catalog.Milestone{
			ID: fmt.Sprintf("M%d", m+1), Title: fmt.Sprintf("M%d: %s", m+1, text(r, 2)),
			Description: text(r, 6), DueWeek: 2 * (m + 1),
		})
	}
	n := max(s.Blockers, 0)
	gate := catalog.Gate{ID: "go", Require: "80%"}
	for i := range n {
		b := blocker(r, s, i, n)
		if i%100 == 0 && i < n/2 {
			// Only the first half: Remove takes blockers from the end.
			gate.Blockers = append(gate.Blockers, b.ID)
		}
		c.Blockers = append(c.Blockers, b)
	}
	if len(gate.Blockers) > 0 {
		c.Gates = []catalog.Gate{gate}
	}
	perCategory := map[string]int{}
	for _, b := range c.Blockers {
		if perCategory[b.Category]++; perCategory[b.Category] > catalog.MaxSubIssues {
			// A tracker holds at most 100 sub-issues on GitHub: a large
			// generated catalog has none.
			c.Trackers = catalog.TrackersNone
			break
		}
	}
	return c
}

// blocker is the i-th of n generated blockers, its text drawn from r.
func blocker(r *rand.Rand, s Spec, i, n int) catalog.Blocker {
	k := max(s.Text, 1)
	words := func(lo, hi int) string { return text(r, k*(lo+r.IntN(hi-lo+1))) }
	ms := i * milestoneCount / n
	b := catalog.Blocker{
		ID:          BlockerID(i),
		Title:       text(r, 3+r.IntN(4)),
		Priority:    priorities[r.IntN(len(priorities))],
		Category:    categories[r.IntN(len(categories))],
		Milestone:   fmt.Sprintf("M%d", ms+1),
		EffortHours: float64(1 + r.IntN(40)),
		Assignee:    roles[r.IntN(len(roles))],
		Module:      "erlmcp_" + words1(r) + ".erl, erlmcp_" + words1(r) + ".erl",
		Description: words(3, 8),
		Risk:        words(3, 5),
	}
	if k > 1 || i%3 == 1 {
		b.Evidence = fmt.Sprintf("src/%s.erl line %d: %s", words1(r), 1+r.IntN(900), words(1, 3))
	}
	steps := 1 + r.IntN(2) - r.IntN(2) // 0-2, one on average
	if k > 1 {
		steps = 3 + r.IntN(3)
	}
	for range steps {
		b.Remediation = append(b.Remediation, words(3, 6))
	}
	if i%3 != 0 {
		// An earlier blocker: same or earlier milestone, so no warning.
		b.DependsOn = []string{BlockerID(r.IntN(i))}
	}
	if i%20 == 7 {
		b.Labels = []string{extraLabels[r.IntN(len(extraLabels))]}
	}
	switch {
	case i%50 == 9:
		b.Status = catalog.StatusWontfix
	case i%10 == 3:
		b.Status = catalog.StatusResolved
	}
	return b
}

// drift applies s's changes without touching the random sequence, so the
// rest of the catalog stays as InSync made it. Blockers only depend on
// earlier ones and gates only name the first half, so removing the last
// ones leaves no dangling reference. Resolve picks one open blocker in
// seven at most.
func drift(bs []catalog.Blocker, s Spec) []catalog.Blocker {
	keep := len(bs) - min(s.Remove, len(bs)/2)
	touched := make([]bool, keep)
	for j := range min(s.Reprioritize, keep) {
		i := j * keep / s.Reprioritize
		b := &bs[i]
		for k, p := range priorities {
			if p == b.Priority {
				b.Priority = priorities[(k+1)%len(priorities)]
				break
			}
		}
		touched[i] = true
	}
	left := s.Resolve
	for i := 0; i < keep && left > 0; i++ {
		if !touched[i] && bs[i].Status == "" && i%7 == 5 {
			bs[i].Status = catalog.StatusResolved
			left--
		}
	}
	return bs[:keep]
}

// Catalog parses and validates CatalogYAML(s) as catalog.Load would, and
// fails on any error (a generator bug).
func Catalog(s Spec) (*catalog.Catalog, error) {
	const file = "scale.yaml"
	c, probs := catalog.Parse(file, CatalogYAML(s))
	probs = append(probs, catalog.Validate(c)...)
	if catalog.HasErrors(probs) {
		var msgs []string
		for _, p := range probs {
			if p.Severity == catalog.Error {
				msgs = append(msgs, p.String())
			}
		}
		return nil, fmt.Errorf("generated catalog of %d blockers is invalid:\n%s", s.Blockers, strings.Join(msgs, "\n"))
	}
	return c, nil
}
