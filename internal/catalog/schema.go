package catalog

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// The catalog schema is written once, here: one table for each mapping a
// catalog file holds. A row names a key, says what its value holds,
// whether a catalog needs it and what it means, and carries the codec that
// moves the value between a YAML node and the Go field that keeps it.
//
// Everything else reads the tables. The parser takes its known keys (and
// so its "unknown key ...; known keys: ..." messages) and its dispatch from
// them; the encoder (Encode, Catalog.MarshalYAML) its keys, their order and
// what to leave out; Load the rule for a key two files set. Adding a key is
// one row and the Go field that holds it.
//
// What the tables do not hold, and why:
//   - The rules that relate values to each other or to GitHub (Validate),
//     and the words of a missing key's message: each says what is missing
//     in its own terms ("catalog has no blockers", "gate G1: lists no
//     blockers"). A row only marks the key required;
//     TestRequiredKeysAreChecked fails when the two disagree.
//   - version is read before every other key (parser.catalog): a file of a
//     version this build does not know is not read any further.
//   - The free-form mappings (owners, category_owners, by_priority, the label values) have
//     keys a person chooses; their codecs say how a key and its value are
//     read, and in which order keys are written.

// A kind is what a key's value is in the file.
type kind int

const (
	kindString  kind = iota // one line or a block of text
	kindInt                 // a whole number
	kindNumber              // a finite number
	kindDate                // YYYY-MM-DD
	kindList                // a list of strings
	kindMapping             // a mapping with a table of its own
	kindMap                 // a mapping of free keys, all to one kind of value
	kindEntries             // a list of mappings with a table of their own
)

// A field is one row of a table: one key of a mapping of type T.
type field[T any] struct {
	key string
	// required keys are reported missing (by the parser or Validate) and
	// written even when empty, so the gap shows in a generated file.
	required bool
	// doc says what the key means in a catalog file.
	doc string
	codec[T]
}

// A schema is the table of one mapping of type T.
type schema[T any] struct {
	// name names the mapping in messages ("blocker", "declared").
	name   string
	fields []field[T]
	// keys are the fields' keys in table order: the parser's known keys,
	// listed in that order in its messages.
	keys []string
	// order is the order fields are written in: the table's, except that
	// lists of entries come last, so the settings of a file stand before
	// its (long) lists of milestones, gates and blockers.
	order []int
	// pos is where the mapping itself was written; nil when T keeps none.
	pos func(*T) *Pos
	// at records where each value was written; nil when T keeps none.
	at func(*T) *Positions
}

func newSchema[T any](name string, pos func(*T) *Pos, at func(*T) *Positions, fields []field[T]) *schema[T] {
	s := &schema[T]{name: name, fields: fields, pos: pos, at: at}
	var entries []int
	for i, f := range fields {
		s.keys = append(s.keys, f.key)
		if f.kind == kindEntries {
			entries = append(entries, i)
		} else {
			s.order = append(s.order, i)
		}
	}
	s.order = append(s.order, entries...)
	return s
}

// The tables. Each is built once, when the package is initialised, and
// never changed.
var (
	catalogSchema = newSchema("catalog", nil, nil, []field[Catalog]{
		{key: "version", required: true, doc: "the schema version; this build reads 1",
			codec: versionCodec()},
		{key: "repository", doc: "OWNER/NAME of the repository the catalog describes",
			codec: strCodec(func(c *Catalog) *string { return &c.Repository }).then((*parser).checkRepository)},
		{key: "project", doc: "the project's name, for reports",
			codec: strCodec(func(c *Catalog) *string { return &c.Project })},
		{key: "start", doc: "the date milestones' due weeks count from",
			codec: startCodec()},
		{key: "labels", doc: "overrides of the derived priority and category labels",
			codec: nested(func(c *Catalog) *LabelScheme { return &c.Labels }, labelsSchema, (*parser).labelScheme)},
		{key: "milestones", doc: "the milestones blockers belong to",
			codec: entriesCodec(func(c *Catalog) *[]Milestone { return &c.Milestones }, milestoneSchema, false)},
		{key: "gates", doc: "go/no-go conditions over sets of blockers",
			codec: entriesCodec(func(c *Catalog) *[]Gate { return &c.Gates }, gateSchema, false)},
		{key: "blockers", required: true, doc: "the work items, one GitHub issue each",
			// A large catalog's blockers are released as they are read
			// (see entriesCodec).
			codec: entriesCodec(func(c *Catalog) *[]Blocker { return &c.Blockers }, blockerSchema, true)},
		{key: "dashboard", doc: "the issue that shows the progress report",
			codec: nestedPtr(func(c *Catalog) **Dashboard { return &c.Dashboard }, dashboardSchema, (*parser).dashboard)},
		{key: "owners", doc: "GitHub logins for each assignee role, used when an issue is created",
			codec: mapCodec(func(c *Catalog) *map[string][]string { return &c.Owners }, (*parser).owners, strings.Compare, flowList)},
		{key: "category_owners", doc: "GitHub logins for each category, assigned to its tracker issue when it is created",
			codec: mapCodec(func(c *Catalog) *map[string][]string { return &c.CategoryOwners }, (*parser).categoryOwners, strings.Compare, flowList)},
		{key: "trackers", doc: `one tracker issue per "category" (the default) or per "milestone", its blockers as sub-issues; "none" for no trackers`,
			codec: strCodec(func(c *Catalog) *string { return &c.Trackers }).then((*parser).checkTrackers)},
		{key: "trusted_authors", doc: "logins whose marker issues count although they cannot write to the repository",
			codec: loginsCodec(func(c *Catalog) *[]string { return &c.TrustedAuthors })},
		{key: "declared", doc: "the totals the sources claim, so gaps stay visible",
			codec: nestedPtr(func(c *Catalog) **Declared { return &c.Declared }, declaredSchema, (*parser).declared)},
		{key: "issue_types", doc: "the issue type of each blocker's issue, where the repository's owner has issue types",
			codec: nestedPtr(func(c *Catalog) **IssueTypes { return &c.IssueTypes }, issueTypesSchema, (*parser).issueTypes)},
		{key: "issue_fields", doc: "the organisation issue fields that hold each blocker's priority, effort and due date",
			codec: nestedPtr(func(c *Catalog) **IssueFields { return &c.IssueFields }, issueFieldsSchema, (*parser).issueFields)},
		{key: "board", doc: "the GitHub Project (v2) kept in sync with the blockers",
			codec: nestedPtr(func(c *Catalog) **Board { return &c.Board }, boardSchema, (*parser).board)},
		{key: "sprints", doc: "the sprint cadence of the board's Sprint field",
			codec: nestedPtr(func(c *Catalog) **Sprints { return &c.Sprints }, sprintsSchema, (*parser).sprints)},
	})

	issueTypesSchema = newSchema("issue_types", func(t *IssueTypes) *Pos { return &t.Pos }, nil, []field[IssueTypes]{
		{key: "default", doc: "the type of the blockers the mappings below leave out",
			codec: strCodec(func(t *IssueTypes) *string { return &t.Default }).then(checkName[IssueTypes]("issue_types.default"))},
		{key: "by_category", doc: "the type of each category's blockers (before by_priority)",
			codec: mapCodec(func(t *IssueTypes) *map[string]string { return &t.ByCategory },
				func(p *parser, n *yaml.Node) map[string]string { return p.names("issue_types.by_category", n, false) }, strings.Compare, strNode)},
		{key: "by_priority", doc: "the type of each priority's blockers",
			codec: mapCodec(func(t *IssueTypes) *map[string]string { return &t.ByPriority },
				func(p *parser, n *yaml.Node) map[string]string { return p.names("issue_types.by_priority", n, true) }, comparePriority, strNode)},
	})

	issueFieldsSchema = newSchema("issue_fields", func(f *IssueFields) *Pos { return &f.Pos }, nil, []field[IssueFields]{
		{key: "priority", doc: "the single-select field that holds the priority (its options named P0 to P3)",
			codec: strCodec(func(f *IssueFields) *string { return &f.Priority }).then(checkName[IssueFields]("issue_fields.priority"))},
		{key: "effort", doc: "the number field that holds effort_hours",
			codec: strCodec(func(f *IssueFields) *string { return &f.Effort }).then(checkName[IssueFields]("issue_fields.effort"))},
		{key: "due", doc: "the date field that holds the due date of the blocker's milestone",
			codec: strCodec(func(f *IssueFields) *string { return &f.Due }).then(checkName[IssueFields]("issue_fields.due"))},
	})

	boardSchema = newSchema("board", func(b *Board) *Pos { return &b.Pos }, func(b *Board) *Positions { return &b.ValuePos }, []field[Board]{
		{key: "owner", required: true, doc: "the login of the organisation or user the Project belongs to",
			codec: strCodec(func(b *Board) *string { return &b.Owner })},
		{key: "owner_type", doc: `"organization" (the default) or "user"`,
			codec: strCodec(func(b *Board) *string { return &b.OwnerType })},
		{key: "title", doc: "the Project's title: found by it, or created with it",
			codec: strCodec(func(b *Board) *string { return &b.Title })},
		{key: "number", doc: "the number of an existing Project, instead of title",
			codec: intCodec(func(b *Board) *int { return &b.Number })},
		{key: "fields", doc: "the fields ghsync manages (priority, category, effort, milestone, gate, sprint, target, status); all by default",
			codec: listCodec(func(b *Board) *[]string { return &b.Fields }, func(b *Board) *Positions { return &b.ValuePos }, yaml.FlowStyle)},
		{key: "names", doc: "the names of the managed fields, where not the default ones",
			codec: nested(func(b *Board) *BoardNames { return &b.Names }, boardNamesSchema, func(p *parser, n *yaml.Node) BoardNames {
				var out BoardNames
				fill(p, boardNamesSchema, &out, n, boardNamesSchema.name)
				return out
			})},
		{key: "status", doc: "the Status options ghsync sets, where not Todo and Done (e.g. todo: Backlog)",
			codec: nested(func(b *Board) *BoardStatusOptions { return &b.Status }, boardStatusSchema, func(p *parser, n *yaml.Node) BoardStatusOptions {
				var out BoardStatusOptions
				fill(p, boardStatusSchema, &out, n, boardStatusSchema.name)
				return out
			})},
	})

	boardStatusSchema = newSchema("board.status", nil, nil, []field[BoardStatusOptions]{
		{key: "todo", doc: `the option of an item ghsync adds or a blocker reopened, default "Todo"`, codec: strCodec(func(o *BoardStatusOptions) *string { return &o.Todo })},
		{key: "done", doc: `the option of a resolved blocker's item, default "Done"`, codec: strCodec(func(o *BoardStatusOptions) *string { return &o.Done })},
	})

	boardNamesSchema = newSchema("board.names", nil, func(n *BoardNames) *Positions { return &n.ValuePos }, []field[BoardNames]{
		{key: "priority", doc: `default "Priority"`, codec: strCodec(func(n *BoardNames) *string { return &n.Priority })},
		{key: "category", doc: `default "Category"`, codec: strCodec(func(n *BoardNames) *string { return &n.Category })},
		{key: "effort", doc: `default "Effort"`, codec: strCodec(func(n *BoardNames) *string { return &n.Effort })},
		{key: "gate", doc: `default "Gate"`, codec: strCodec(func(n *BoardNames) *string { return &n.Gate })},
		{key: "sprint", doc: `default "Sprint"`, codec: strCodec(func(n *BoardNames) *string { return &n.Sprint })},
		{key: "target", doc: `default "Target date"`, codec: strCodec(func(n *BoardNames) *string { return &n.Target })},
		{key: "status", doc: `GitHub's built-in field, default "Status"`, codec: strCodec(func(n *BoardNames) *string { return &n.Status })},
		{key: "record", doc: `the text field recording the Status ghsync set, default "Synced status"`, codec: strCodec(func(n *BoardNames) *string { return &n.Record })},
	})

	sprintsSchema = newSchema("sprints", func(s *Sprints) *Pos { return &s.Pos }, nil, []field[Sprints]{
		{key: "weeks", doc: "the length of a sprint in weeks (default 2)",
			codec: intCodec(func(s *Sprints) *int { return &s.Weeks })},
		{key: "start", doc: "the first sprint's first day (default: the catalog's start)",
			codec: dateCodec(func(s *Sprints) *Date { return &s.Start })},
	})

	milestoneSchema = newSchema("milestone", func(m *Milestone) *Pos { return &m.Pos }, func(m *Milestone) *Positions { return &m.ValuePos }, []field[Milestone]{
		{key: "id", required: true, doc: "the milestone's identity on GitHub, kept in its description",
			codec: strCodec(func(m *Milestone) *string { return &m.ID })},
		{key: "title", required: true, doc: "the title people see",
			codec: strCodec(func(m *Milestone) *string { return &m.Title })},
		{key: "description", doc: "the milestone's description on GitHub",
			codec: strCodec(func(m *Milestone) *string { return &m.Description })},
		{key: "due_week", doc: "the week, counted from start, by whose end it is due",
			codec: intCodec(func(m *Milestone) *int { return &m.DueWeek })},
		{key: "due", doc: "the due date, instead of due_week",
			codec: dateCodec(func(m *Milestone) *Date { return &m.Due })},
	})

	gateSchema = newSchema("gate", func(g *Gate) *Pos { return &g.Pos }, func(g *Gate) *Positions { return &g.ValuePos }, []field[Gate]{
		{key: "id", required: true, doc: "the gate's name in reports",
			codec: strCodec(func(g *Gate) *string { return &g.ID })},
		{key: "title", doc: "what the gate decides",
			codec: strCodec(func(g *Gate) *string { return &g.Title })},
		{key: "require", doc: `"all" (the default) or the percentage of the blockers that must be done`,
			codec: strCodec(func(g *Gate) *string { return &g.Require })},
		{key: "blockers", required: true, doc: "the ids of the blockers the gate waits for",
			codec: listCodec(func(g *Gate) *[]string { return &g.Blockers }, func(g *Gate) *Positions { return &g.ValuePos }, yaml.FlowStyle)},
	})

	blockerSchema = newSchema("blocker", func(b *Blocker) *Pos { return &b.Pos }, func(b *Blocker) *Positions { return &b.ValuePos }, []field[Blocker]{
		{key: "id", required: true, doc: "the identity of the blocker's issue, forever",
			codec: strCodec(func(b *Blocker) *string { return &b.ID })},
		{key: "title", required: true, doc: "the issue title, after the id",
			codec: strCodec(func(b *Blocker) *string { return &b.Title })},
		{key: "priority", required: true, doc: "P0 (most urgent) to P3; a label",
			codec: strCodec(func(b *Blocker) *string { return &b.Priority })},
		{key: "category", required: true, doc: "a word such as security; a label",
			codec: strCodec(func(b *Blocker) *string { return &b.Category })},
		{key: "milestone", doc: "the id of the milestone it belongs to",
			codec: strCodec(func(b *Blocker) *string { return &b.Milestone })},
		{key: "effort_hours", doc: "the estimated effort",
			codec: numberCodec(func(b *Blocker) *float64 { return &b.EffortHours })},
		{key: "assignee", doc: "the role that does it (see owners)",
			codec: strCodec(func(b *Blocker) *string { return &b.Assignee })},
		{key: "module", doc: "where in the code it is",
			codec: strCodec(func(b *Blocker) *string { return &b.Module })},
		{key: "description", doc: "what is wrong",
			codec: strCodec(func(b *Blocker) *string { return &b.Description })},
		{key: "risk", doc: "what happens if it stays",
			codec: strCodec(func(b *Blocker) *string { return &b.Risk })},
		{key: "evidence", doc: "where it shows",
			codec: strCodec(func(b *Blocker) *string { return &b.Evidence })},
		{key: "remediation", doc: "the steps of the fix",
			codec: listCodec(func(b *Blocker) *[]string { return &b.Remediation }, func(b *Blocker) *Positions { return &b.ValuePos }, 0)},
		{key: "depends_on", doc: "the ids of the blockers to do first",
			codec: listCodec(func(b *Blocker) *[]string { return &b.DependsOn }, func(b *Blocker) *Positions { return &b.ValuePos }, yaml.FlowStyle)},
		{key: "labels", doc: "labels of its own, besides the derived ones",
			codec: listCodec(func(b *Blocker) *[]string { return &b.Labels }, func(b *Blocker) *Positions { return &b.ValuePos }, yaml.FlowStyle)},
		{key: "status", doc: "open (the default), resolved or wontfix",
			codec: strCodec(func(b *Blocker) *string { return &b.Status })},
	})

	dashboardSchema = newSchema("dashboard", func(d *Dashboard) *Pos { return &d.Pos }, nil, []field[Dashboard]{
		{key: "title", required: true, doc: "the title of the progress issue",
			codec: strCodec(func(d *Dashboard) *string { return &d.Title })},
	})

	declaredSchema = newSchema("declared", func(d *Declared) *Pos { return &d.Pos }, nil, []field[Declared]{
		{key: "source", doc: "where the figures come from",
			codec: strCodec(func(d *Declared) *string { return &d.Source })},
		{key: "total", doc: "the number of blockers the sources claim",
			codec: intCodec(func(d *Declared) *int { return &d.Total }).then((*parser).checkNotNegative)},
		{key: "by_priority", doc: "blockers claimed per priority",
			codec: mapCodec(func(d *Declared) *map[string]int { return &d.ByPriority },
				func(p *parser, n *yaml.Node) map[string]int { return p.counts("declared.by_priority", n, true) }, comparePriority, intNode)},
		{key: "by_category", doc: "blockers claimed per category",
			codec: mapCodec(func(d *Declared) *map[string]int { return &d.ByCategory },
				func(p *parser, n *yaml.Node) map[string]int { return p.counts("declared.by_category", n, false) }, strings.Compare, intNode)},
		{key: "role_hours", doc: "effort hours claimed per assignee role",
			codec: mapCodec(func(d *Declared) *map[string]float64 { return &d.RoleHours }, (*parser).hours, strings.Compare, numberNode)},
	})

	labelsSchema = newSchema("labels", nil, nil, []field[LabelScheme]{
		{key: "priority", doc: "the labels of the priorities",
			codec: nested(func(s *LabelScheme) *LabelFamily { return &s.Priority }, priorityLabels, familyReader(priorityLabels))},
		{key: "category", doc: "the labels of the categories",
			codec: nested(func(s *LabelScheme) *LabelFamily { return &s.Category }, categoryLabels, familyReader(categoryLabels))},
	})

	// The two families differ in their values' keys: priorities, or any
	// category.
	priorityLabels = familySchema("labels.priority", true)
	categoryLabels = familySchema("labels.category", false)

	// A label style is named in messages by where it stands
	// ("labels.priority.values.P0"), which labelValues gives.
	labelStyleSchema = newSchema("label", func(s *LabelStyle) *Pos { return &s.Pos }, nil, []field[LabelStyle]{
		{key: "color", doc: "six hex digits, without '#'",
			codec: colorCodec()},
		{key: "description", doc: "the label's description on GitHub",
			codec: strCodec(func(s *LabelStyle) *string { return &s.Description }).then((*parser).checkLabelDescription)},
	})
)

// familySchema is the table of one label family; name is its place in the
// file ("labels.priority"), and priorities says whether its values are
// keyed by priority.
func familySchema(name string, priorities bool) *schema[LabelFamily] {
	order := strings.Compare
	if priorities {
		order = comparePriority
	}
	return newSchema(name, func(f *LabelFamily) *Pos { return &f.Pos }, nil, []field[LabelFamily]{
		{key: "pattern", doc: "the label name, {value} standing for the priority or category",
			codec: patternCodec()},
		{key: "values", doc: "the color and description of each value's label",
			codec: mapCodec(func(f *LabelFamily) *map[string]LabelStyle { return &f.Values },
				func(p *parser, n *yaml.Node) map[string]LabelStyle { return p.labelValues(name, n, priorities) },
				order, func(s LabelStyle) *yaml.Node { return labelStyleSchema.node(&s) })},
	})
}

// comparePriority orders priorities by urgency, before any other key, and
// other keys by text.
func comparePriority(a, b string) int {
	ra, rb := priorityRank(a), priorityRank(b)
	if ra != rb {
		return ra - rb
	}
	return strings.Compare(a, b)
}

func priorityRank(p string) int {
	for i, q := range Priorities {
		if p == q {
			return i
		}
	}
	return len(Priorities)
}
