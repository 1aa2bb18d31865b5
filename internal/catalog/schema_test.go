package catalog

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// full is a valid catalog that sets every key of every table
// (TestFullSetsEveryKey keeps it so as rows are added).
func full() *Catalog {
	return &Catalog{
		Version:    Version,
		Repository: "o/r",
		Project:    "p",
		Start:      Date{2026, 2, 2},
		Labels: LabelScheme{
			Priority: LabelFamily{Pattern: "prio:{value}", Values: map[string]LabelStyle{
				"P1": {Color: "00ff00", Description: "Soon"}, "P0": {Color: "b60205", Description: "Now"}}},
			Category: LabelFamily{Pattern: "cat:{value}", Values: map[string]LabelStyle{"security": {Color: "123456", Description: "Sec"}}},
		},
		Milestones: []Milestone{
			{ID: "M1", Title: "M1: one", Description: "first\nsecond line", DueWeek: 2},
			{ID: "M2", Title: "M2: two", Due: Date{2026, 3, 1}},
		},
		Gates: []Gate{{ID: "G1", Title: "go", Require: "80%", Blockers: []string{"P0-001", "P1-001"}}},
		Blockers: []Blocker{
			{ID: "P0-001", Title: "a", Priority: "P0", Category: "security", Milestone: "M1", EffortHours: 2.5,
				Assignee: "dev", Module: "m.erl", Description: "d", Risk: "r", Evidence: "line 1\nline 2",
				Remediation: []string{"x", "y: z"}, Labels: []string{"bug"}, Status: StatusResolved},
			{ID: "P1-001", Title: "b", Priority: "P1", Category: "security", Milestone: "M2", EffortHours: 1.5,
				Assignee: "dev", DependsOn: []string{"P0-001"}},
		},
		Dashboard:      &Dashboard{Title: "Progress"},
		Owners:         map[string][]string{"dev": {"ana", "bo"}, "qa": {"cy"}},
		CategoryOwners: map[string][]string{"security": {"ana"}},
		Trackers:       TrackersMilestone,
		TrustedAuthors: []string{"ghsync-app[bot]"},
		Declared: &Declared{Source: "s", Total: 2, ByPriority: map[string]int{"P1": 1, "P0": 1},
			ByCategory: map[string]int{"security": 2}, RoleHours: map[string]float64{"dev": 4}},
		IssueTypes:  &IssueTypes{Default: "Task", ByCategory: map[string]string{"security": "Bug"}, ByPriority: map[string]string{"P0": "Incident"}},
		IssueFields: &IssueFields{Priority: "Priority", Effort: "Effort (hours)", Due: "Due date"},
		Board: &Board{Owner: "octo-org", OwnerType: "organization", Title: "Release", Number: 3,
			Fields: []string{"priority", "sprint", "status"},
			Names:  BoardNames{Priority: "Prio", Category: "Area", Effort: "Hours", Gate: "Gates", Sprint: "Iteration", Target: "Due", Status: "State", Record: "ghsync"},
			Status: BoardStatusOptions{Todo: "Backlog", Done: "Shipped"}},
		Sprints: &Sprints{Weeks: 2, Start: Date{2026, 2, 2}},
	}
}

// setSomewhere fails for each key of s that none of vs sets.
func setSomewhere[T any](t *testing.T, s *schema[T], vs ...*T) {
	t.Helper()
	for _, f := range s.fields {
		set := false
		for _, v := range vs {
			set = set || !f.zero(v)
		}
		if !set {
			t.Errorf("full() leaves %s.%s unset", s.name, f.key)
		}
	}
}

func TestFullSetsEveryKey(t *testing.T) {
	c := full()
	setSomewhere(t, catalogSchema, c)
	setSomewhere(t, labelsSchema, &c.Labels)
	setSomewhere(t, priorityLabels, &c.Labels.Priority)
	setSomewhere(t, categoryLabels, &c.Labels.Category)
	style := c.Labels.Priority.Values["P0"]
	setSomewhere(t, labelStyleSchema, &style)
	setSomewhere(t, milestoneSchema, &c.Milestones[0], &c.Milestones[1])
	setSomewhere(t, gateSchema, &c.Gates[0])
	setSomewhere(t, blockerSchema, &c.Blockers[0], &c.Blockers[1])
	setSomewhere(t, dashboardSchema, c.Dashboard)
	setSomewhere(t, declaredSchema, c.Declared)
	setSomewhere(t, issueTypesSchema, c.IssueTypes)
	setSomewhere(t, issueFieldsSchema, c.IssueFields)
	setSomewhere(t, boardSchema, c.Board)
	setSomewhere(t, boardNamesSchema, &c.Board.Names)
	setSomewhere(t, boardStatusSchema, &c.Board.Status)
	setSomewhere(t, sprintsSchema, c.Sprints)
}

// withoutPositions is c as written in code: no files, no positions.
func withoutPositions(c *Catalog) *Catalog {
	c.Files, c.KeyPos, c.StartPos = nil, nil, Pos{}
	for _, f := range []*LabelFamily{&c.Labels.Priority, &c.Labels.Category} {
		f.Pos, f.PatternPos = Pos{}, Pos{}
		for k, s := range f.Values {
			s.Pos = Pos{}
			f.Values[k] = s
		}
	}
	for i := range c.Milestones {
		c.Milestones[i].Pos, c.Milestones[i].ValuePos = Pos{}, Positions{}
	}
	for i := range c.Gates {
		c.Gates[i].Pos, c.Gates[i].ValuePos = Pos{}, Positions{}
	}
	for i := range c.Blockers {
		c.Blockers[i].Pos, c.Blockers[i].ValuePos = Pos{}, Positions{}
	}
	c.Dashboard.Pos, c.Declared.Pos = Pos{}, Pos{}
	c.IssueTypes.Pos, c.IssueTypes.KeyPos, c.IssueFields.Pos = Pos{}, nil, Pos{}
	c.Board.Pos, c.Board.ValuePos, c.Board.Names.ValuePos, c.Sprints.Pos = Pos{}, Positions{}, Positions{}, Pos{}
	return c
}

// What Encode writes, Parse reads back as it was: the encoder and the
// parser take the same rows.
func TestEncodeParseRoundTrip(t *testing.T) {
	var out bytes.Buffer
	if err := Encode(&out, full(), ""); err != nil {
		t.Fatal(err)
	}
	c, probs := Parse("c.yaml", out.Bytes())
	probs = append(probs, Validate(c)...)
	for _, p := range probs {
		t.Errorf("%s", p)
	}
	if got, want := withoutPositions(c), full(); !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%+v\nwant\n%+v\nfrom\n%s", got, want, out.String())
	}
}

func TestEncode(t *testing.T) {
	c := full()
	c.Milestones[1].Title = "" // required: written although empty
	c.Blockers = c.Blockers[1:]
	var out bytes.Buffer
	if err := Encode(&out, c, "Generated.\n\nBy a test."); err != nil {
		t.Fatal(err)
	}
	want := y(
		"# Generated.",
		"#",
		"# By a test.",
		"version: 1",
		"repository: o/r",
		"project: p",
		"start: 2026-02-02",
		"labels:",
		"  priority:",
		"    pattern: prio:{value}",
		"    values:",
		"      P0:",
		"        color: b60205",
		"        description: Now",
		"      P1:",
		"        color: 00ff00",
		"        description: Soon",
		"  category:",
		"    pattern: cat:{value}",
		"    values:",
		"      security:",
		"        color: \"123456\"",
		"        description: Sec",
		"dashboard:",
		"  title: Progress",
		"owners:",
		"  dev: [ana, bo]",
		"  qa: [cy]",
		"category_owners:",
		"  security: [ana]",
		"trackers: milestone",
		"trusted_authors: ['ghsync-app[bot]']",
		"declared:",
		"  source: s",
		"  total: 2",
		"  by_priority:",
		"    P0: 1",
		"    P1: 1",
		"  by_category:",
		"    security: 2",
		"  role_hours:",
		"    dev: 4",
		"issue_types:",
		"  default: Task",
		"  by_category:",
		"    security: Bug",
		"  by_priority:",
		"    P0: Incident",
		"issue_fields:",
		"  priority: Priority",
		"  effort: Effort (hours)",
		"  due: Due date",
		"board:",
		"  owner: octo-org",
		"  owner_type: organization",
		"  title: Release",
		"  number: 3",
		"  fields: [priority, sprint, status]",
		"  names:",
		"    priority: Prio",
		"    category: Area",
		"    effort: Hours",
		"    gate: Gates",
		"    sprint: Iteration",
		"    target: Due",
		"    status: State",
		"    record: ghsync",
		"  status:",
		"    todo: Backlog",
		"    done: Shipped",
		"sprints:",
		"  weeks: 2",
		"  start: 2026-02-02",
		"milestones:",
		"  - id: M1",
		"    title: 'M1: one'",
		"    description: |-",
		"      first",
		"      second line",
		"    due_week: 2",
		"  - id: M2",
		`    title: ""`,
		"    due: 2026-03-01",
		"gates:",
		"  - id: G1",
		"    title: go",
		"    require: 80%",
		"    blockers: [P0-001, P1-001]",
		"blockers:",
		"  - id: P1-001",
		"    title: b",
		"    priority: P1",
		"    category: security",
		"    milestone: M2",
		"    effort_hours: 1.5",
		"    assignee: dev",
		"    depends_on: [P0-001]",
	)
	if d := diffLines(strings.Split(want, "\n"), strings.Split(out.String(), "\n")); d != "" {
		t.Errorf("Encode (-want +got):\n%s", d)
	}
}

// requiredKeys are the keys s marks required, as "mapping.key".
func requiredKeys[T any](s *schema[T]) []string {
	var out []string
	for _, f := range s.fields {
		if f.required {
			out = append(out, s.name+"."+f.key)
		}
	}
	return out
}

// Every key a table marks required is reported missing, by the parser or
// by Validate, in its own words; a new required row needs a case here.
func TestRequiredKeysAreChecked(t *testing.T) {
	const (
		ms = "milestones: [{id: M1, title: W1}]"
		bs = "blockers: [{id: B, title: t, priority: P0, category: c, milestone: M1}]"
	)
	tests := []struct {
		key, file, want string
	}{
		{"catalog.version", y(ms, bs), "version: missing"},
		{"catalog.blockers", y("version: 1", ms), "catalog has no blockers"},
		{"milestone.id", y("version: 1", "milestones: [{title: W1}]", bs), "milestone: missing id"},
		{"milestone.title", y("version: 1", "milestones: [{id: M1}]", bs), "milestone M1: missing title"},
		{"gate.id", y("version: 1", ms, bs, "gates: [{blockers: [B]}]"), "gate: missing id"},
		{"gate.blockers", y("version: 1", ms, bs, "gates: [{id: G1}]"), "gate G1: lists no blockers"},
		{"blocker.id", y("version: 1", ms, "blockers: [{title: t, priority: P0, category: c, milestone: M1}]"), "blocker: missing id"},
		{"blocker.title", y("version: 1", ms, "blockers: [{id: B, priority: P0, category: c, milestone: M1}]"), "blocker B: missing title"},
		{"blocker.priority", y("version: 1", ms, "blockers: [{id: B, title: t, category: c, milestone: M1}]"), "blocker B: missing priority"},
		{"blocker.category", y("version: 1", ms, "blockers: [{id: B, title: t, priority: P0, milestone: M1}]"), "blocker B: missing category"},
		{"dashboard.title", y("version: 1", ms, bs, "dashboard: {}"), "dashboard: missing title"},
	}
	required := map[string]bool{}
	for _, keys := range [][]string{
		requiredKeys(catalogSchema), requiredKeys(milestoneSchema), requiredKeys(gateSchema),
		requiredKeys(blockerSchema), requiredKeys(dashboardSchema), requiredKeys(declaredSchema),
		requiredKeys(labelsSchema), requiredKeys(priorityLabels), requiredKeys(categoryLabels),
		requiredKeys(labelStyleSchema),
	} {
		for _, k := range keys {
			required[k] = true
		}
	}
	for _, tc := range tests {
		t.Run(tc.key, func(t *testing.T) {
			if !required[tc.key] {
				t.Errorf("%s is not required in its table", tc.key)
			}
			c, probs := Parse("c.yaml", []byte(tc.file))
			probs = append(probs, Validate(c)...)
			for _, p := range probs {
				if strings.Contains(p.Message, tc.want) {
					return
				}
			}
			t.Errorf("no problem says %q:\n%s", tc.want, strings.Join(strs(probs), "\n"))
		})
		delete(required, tc.key)
	}
	for key := range required {
		t.Errorf("%s is required, but no case here checks that it is reported missing", key)
	}
}

// Load's merge takes each key from the table: a key with one value is set
// by one file only, lists of entries add up.
func TestMergeFollowsTheSchema(t *testing.T) {
	var a, b bytes.Buffer
	if err := Encode(&a, full(), ""); err != nil {
		t.Fatal(err)
	}
	second := full()
	second.Milestones, second.Gates = nil, nil
	second.Blockers = []Blocker{{ID: "P2-001", Title: "c", Priority: "P2", Category: "ops"}}
	if err := Encode(&b, second, ""); err != nil {
		t.Fatal(err)
	}
	c, probs := loadFiles(t, "a.yaml", a.String(), "b.yaml", b.String())
	for _, f := range catalogSchema.fields {
		msg := f.key + " already set at a.yaml:"
		clash := false
		for _, p := range probs {
			clash = clash || strings.Contains(p, msg)
		}
		if once := f.take != nil && f.kind != kindEntries; clash != once {
			t.Errorf("%s: clash reported %v, want %v:\n%s", f.key, clash, once, strings.Join(probs, "\n"))
		}
	}
	if len(c.Blockers) != 3 || len(c.Milestones) != 2 || c.Project != "p" {
		t.Errorf("merged: %d blockers, %d milestones, project %q; want 3, 2, p", len(c.Blockers), len(c.Milestones), c.Project)
	}
}
