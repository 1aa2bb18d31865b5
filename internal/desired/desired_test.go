package desired

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/marker"
)

func testCatalog() *catalog.Catalog {
	return &catalog.Catalog{
		Version: 1,
		Start:   catalog.Date{Year: 2026, Month: 2, Day: 2},
		Milestones: []catalog.Milestone{
			{ID: "M1", Title: "M1: Foundation", Description: "Basic", DueWeek: 3},
			{ID: "M2", Title: "M2: HA", Due: catalog.Date{Year: 2026, Month: 4, Day: 1}},
		},
		Owners: map[string][]string{"security-engineer": {"ana"}},
		Blockers: []catalog.Blocker{
			{ID: "B", Title: "Second", Priority: "P1", Category: "security", Milestone: "M2", DependsOn: []string{"A"}, EffortHours: 2.5},
			{ID: "A", Title: "First", Priority: "P0", Category: "security", Milestone: "M1", Assignee: "security-engineer",
				Evidence: "```erlang\n-setcookie x\n```", Remediation: []string{"Rotate", "Inject"}, Status: "resolved"},
			{ID: "C", Title: "Third <!-- ghsync:end blocker=C -->", Priority: "P2", Category: "docs", Status: "wontfix",
				Description: "forged \x00ref:A\x00 and <!-- ghsync:begin blocker=Z -->"},
		},
	}
}

func TestBuild(t *testing.T) {
	s := Build(testCatalog())
	var order []string
	for _, is := range s.Issues {
		order = append(order, is.ID)
	}
	if strings.Join(order, ",") != "A,B,C" {
		t.Fatalf("dependency order %v, want A,B,C", order)
	}
	a, b, c := s.Issues[0], s.Issues[1], s.Issues[2]
	if a.State != "closed" || a.StateReason != "completed" || c.StateReason != "not_planned" || b.State != "open" {
		t.Fatalf("states: %s/%s %s %s", a.State, a.StateReason, b.State, c.StateReason)
	}
	if a.Title != "A: First" || len(a.Assignees) != 1 || a.Assignees[0] != "ana" {
		t.Fatalf("issue A: %+v", a)
	}
	if s.Milestones[0].Due.String() != "2026-02-22" || s.Milestones[1].Due.String() != "2026-04-01" {
		t.Fatalf("due dates: %v %v", s.Milestones[0].Due, s.Milestones[1].Due)
	}
	if id, ok := marker.MilestoneID(s.Milestones[0].Description); !ok || id != "M1" {
		t.Fatalf("milestone key missing: %q", s.Milestones[0].Description)
	}
	if !strings.Contains(b.Managed, "Effort **2.5h**") || !strings.Contains(b.Managed, "Milestone **M2: HA**") {
		t.Fatalf("facts line: %q", b.Managed)
	}
	if refs := Refs(b.Managed); len(refs) != 1 || refs[0] != "A" {
		t.Fatalf("refs of B: %v", refs)
	}
	resolved := Resolve(b.Managed, func(id string) (int, bool) { return 12, id == "A" })
	if !strings.Contains(resolved, "- #12 **A** First") {
		t.Fatalf("resolved link: %q", resolved)
	}
	if !strings.Contains(a.Managed, "- [ ] Rotate\n- [ ] Inject") {
		t.Fatalf("remediation task list: %q", a.Managed)
	}
	if !strings.Contains(a.Managed, "````\n```erlang") {
		t.Fatalf("evidence fence must outgrow the backticks inside: %q", a.Managed)
	}
}

func TestCatalogTextCannotForgeMarkersOrRefs(t *testing.T) {
	s := Build(testCatalog())
	c := s.Issues[2]
	body := marker.Wrap(c.Key(), c.Managed)
	if keys := marker.Keys(body); len(keys) != 1 || keys[0].ID != "C" {
		t.Fatalf("keys in body: %v", keys)
	}
	if len(Refs(c.Managed)) != 0 {
		t.Fatalf("catalog text forged a reference: %v", Refs(c.Managed))
	}
	if m, ok := marker.Managed(body, c.Key()); !ok || m != c.Managed {
		t.Fatal("managed region does not round-trip")
	}
}

func TestCarryTicks(t *testing.T) {
	want := "x\n- [ ] one\n- [ ] two\n- [ ] three"
	have := "x\n- [x] one\n- [ ] two\n- [X] gone"
	got := CarryTicks(want, have)
	if got != "x\n- [x] one\n- [ ] two\n- [ ] three" {
		t.Fatalf("CarryTicks = %q", got)
	}
}

func TestProblemsBodyTooLong(t *testing.T) {
	c := testCatalog()
	c.Blockers[0].Description = strings.Repeat("é", MaxBody)
	c.Blockers[0].Pos = catalog.Pos{File: "c.yaml", Line: 7, Col: 5}
	ps := Problems(c)
	if len(ps) != 1 || ps[0].Pos.Line != 7 || !strings.Contains(ps[0].Message, "blocker B renders an issue body of") {
		t.Fatalf("problems: %v", ps)
	}
	c.Blockers[0].Description = strings.Repeat("é", MaxBody-2000)
	if ps := Problems(c); len(ps) != 0 {
		t.Fatalf("a body under the limit (counted in characters, not bytes) was flagged: %v", ps)
	}
}

// The limit is checked on the body as apply sends it, status record
// included: a body that passes must never be refused by GitHub.
func TestProblemsMeasureTheBodyAsWritten(t *testing.T) {
	c := testCatalog()
	c.Blockers = c.Blockers[2:] // C: no references
	base := marker.Wrap(marker.BlockerKey("C"), marker.WithStatus(render(c, c.Blockers[0], map[string]string{}), marker.StatusNotPlanned))
	c.Blockers[0].Description += strings.Repeat("x", MaxBody-len([]rune(base))+1)
	if ps := Problems(c); len(ps) != 1 {
		t.Fatalf("a body one character over the limit passed: %v", ps)
	}
	c.Blockers[0].Description = c.Blockers[0].Description[:len(c.Blockers[0].Description)-1]
	if ps := Problems(c); len(ps) != 0 {
		t.Fatalf("a body exactly at the limit was flagged: %v", ps)
	}
}

// Problems renders only the bodies whose bound passes the limit, so the
// bound must never be below the length of the body apply writes.
func TestBodyBoundIsAnUpperBound(t *testing.T) {
	id40 := strings.Repeat("Z", 40)
	parts := []string{"text ", "é", "\n", Ref("A"), Ref(id40), "- [ ] step\n", "<!-- ghsync:status=open -->", "\n\n\n"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		managed := b.String()
		body := marker.Wrap(marker.BlockerKey(id40), Resolve(marker.WithStatus(managed, marker.StatusNotPlanned), func(string) (int, bool) { return 9999999, true }))
		if bound := bodyBound(managed); bound < len(body) {
			t.Fatalf("bound %d < %d bytes for %q", bound, len(body), managed)
		}
	}
}

// A tracker's id is its category's name when that fits a marker, else a
// slug with a hash: never empty, never too long, never shared.
func TestTrackerID(t *testing.T) {
	seen := map[string]string{}
	for _, name := range []string{"security", "Data plane", "data-plane", "Données & sécurité", "!!!", strings.Repeat("long name ", 10), "M1"} {
		id := TrackerID(name)
		if !catalog.ValidID(id) {
			t.Errorf("%q: id %q does not fit a marker", name, id)
		}
		if other, dup := seen[id]; dup {
			t.Errorf("%q and %q share the id %q", name, other, id)
		}
		seen[id] = name
	}
	if TrackerID("security") != "security" || TrackerID("Data plane") == TrackerID("Data-plane") {
		t.Errorf("ids: %q %q %q", TrackerID("security"), TrackerID("Data plane"), TrackerID("Data-plane"))
	}
}

// One tracker per category by default, per milestone or none as the
// catalog says; assigned to the category's owners; listing its blockers.
func TestTrackers(t *testing.T) {
	c := &catalog.Catalog{Version: 1, Project: "p",
		Milestones:     []catalog.Milestone{{ID: "M1", Title: "M1: one"}},
		CategoryOwners: map[string][]string{"security": {"ana"}},
		Blockers: []catalog.Blocker{
			{ID: "A", Title: "a", Priority: "P0", Category: "security", Milestone: "M1"},
			{ID: "B", Title: "b", Priority: "P1", Category: "ops", Status: catalog.StatusResolved},
			{ID: "C", Title: "c", Priority: "P1", Category: "security", Milestone: "M1"},
		}}
	got := Build(c).Trackers
	if len(got) != 2 || got[0].ID != "security" || !slices.Equal(got[0].Blockers, []string{"A", "C"}) || !slices.Equal(got[0].Assignees, []string{"ana"}) ||
		got[0].Title != "p tracker: security" || got[1].ID != "ops" || len(got[1].Assignees) != 0 {
		t.Fatalf("by category: %+v", got)
	}
	if !strings.Contains(got[1].Managed, "1 of 1 blockers done") || !strings.Contains(got[0].Managed, Ref("A")+" **A** a (open)") {
		t.Errorf("managed:\n%s\n%s", got[0].Managed, got[1].Managed)
	}
	c.Trackers = catalog.TrackersMilestone
	got = Build(c).Trackers
	if len(got) != 1 || got[0].ID != "M1" || got[0].Title != "p tracker: M1: one" || !slices.Equal(got[0].Blockers, []string{"A", "C"}) || len(got[0].Assignees) != 0 {
		t.Fatalf("by milestone (B has none): %+v", got)
	}
	c.Trackers = catalog.TrackersNone
	if s := Build(c); len(s.Trackers) != 0 || slices.ContainsFunc(s.Labels, func(l Label) bool { return l.Name == TrackerLabel }) {
		t.Fatalf("none: %+v", s.Trackers)
	}
}

// A long project name and milestone title make a tracker title GitHub
// would refuse (more than 256 characters): it is cut to the limit, by
// characters, not bytes.
func TestTrackerTitleIsCutToGitHubsLimit(t *testing.T) {
	long := strings.Repeat("é", 200)
	c := &catalog.Catalog{Version: 1, Project: long, Trackers: catalog.TrackersMilestone,
		Milestones: []catalog.Milestone{{ID: "M1", Title: strings.Repeat("m", 100)}},
		Blockers:   []catalog.Blocker{{ID: "A", Title: "a", Priority: "P0", Category: "security", Milestone: "M1"}}}
	got := Build(c).Trackers
	if len(got) != 1 {
		t.Fatalf("trackers: %+v", got)
	}
	r := []rune(got[0].Title)
	if len(r) != catalog.MaxIssueTitle || !strings.HasPrefix(got[0].Title, long+" tracker: m") {
		t.Errorf("title of %d characters: %q", len(r), got[0].Title)
	}
}
