package reliability

import (
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// The settings that ask for issue types and issue fields, added to the
// suite's catalog (v1.yaml): every blocker a Task, P0 a Bug; priority,
// effort and due date in the organisation's fields.
const metaSettings = `
issue_types:
  default: Task
  by_priority: {P0: Bug}
issue_fields:
  priority: Priority
  effort: Effort
  due: Due
`

// fullOrg has every type and field the settings name, and one field
// ghsync does not manage (Team).
var fullOrg = ghfake.Org{
	IssueTypes: []string{"Task", "Bug", "Feature"},
	IssueFields: []ghfake.IssueField{
		{Name: "Priority", DataType: "single_select", Options: []string{"P0", "P1", "P2", "P3"}},
		{Name: "Effort", DataType: "number"},
		{Name: "Due", DataType: "date"},
		{Name: "Team", DataType: "text"},
	},
}

// firstSyncWrites is the number of writes of a fresh apply of v1.yaml,
// plus extra, on a repository whose owner is org (nil: a user).
func firstSyncWrites(t *testing.T, org *ghfake.Org, extra string) (*world, int) {
	t.Helper()
	w := newWorld(t)
	if org != nil {
		w.fake.AddOrg("o", *org)
	}
	data, err := readFile("testdata/v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w.setCatalog(data + extra)
	writes := 0
	w.beforeWrite(func(int) { writes++ })
	w.mustRun("apply", "--yes")
	return w, writes
}

// refused counts the writes GitHub (the fake) refused with a 422.
func refused(w *world) int {
	n := 0
	for _, r := range w.fake.Log() {
		if r.Write && r.Status == 422 {
			n++
		}
	}
	return n
}

// Where the organisation has the types and fields, a fresh apply sets them
// in the writes that create the issues (no write more than without them),
// a second apply writes nothing, a person's value in a field ghsync does
// not manage is kept, and a changed priority updates type and field in
// the issue's one update.
func TestIssueTypesAndFields(t *testing.T) {
	_, plain := firstSyncWrites(t, &fullOrg, "")
	w, writes := firstSyncWrites(t, &fullOrg, metaSettings)
	t.Logf("first sync: %d writes with types and fields, %d without", writes, plain)
	if writes != plain {
		t.Errorf("a first sync with types and fields made %d writes, %d without: want no extra write", writes, plain)
	}
	if n := refused(w); n != 0 {
		t.Errorf("%d writes refused", n)
	}
	for _, tt := range []struct {
		id, typ string
		fields  map[string]string
	}{
		{"BLK-01", "Bug", map[string]string{"Priority": "P0", "Effort": "4", "Due": "2026-02-22"}},
		{"BLK-05", "Task", map[string]string{"Priority": "P1", "Effort": "24", "Due": "2026-03-29"}},
		{"BLK-08", "Task", map[string]string{"Priority": "P2", "Effort": "10", "Due": "2026-04-30"}}, // created closed
		{"BLK-11", "Task", map[string]string{"Priority": "P2", "Effort": "5"}},                       // no milestone: no due date
	} {
		n := w.issueOf(tt.id).Number
		if got := w.fake.IssueType(repo, n); got != tt.typ {
			t.Errorf("%s: type %q, want %q", tt.id, got, tt.typ)
		}
		got := w.fake.IssueFieldValues(repo, n)
		if len(got) != len(tt.fields) {
			t.Errorf("%s: field values %v, want %v", tt.id, got, tt.fields)
		}
		for k, v := range tt.fields {
			if got[k] != v {
				t.Errorf("%s: %s is %q, want %q", tt.id, k, got[k], v)
			}
		}
	}
	w.converged()

	writes = 0
	w.mustRun("apply", "--yes")
	if writes != 0 {
		t.Fatalf("a second apply made %d writes", writes)
	}

	// A person's value in a field ghsync does not manage: kept, no write.
	blk04 := w.issueOf("BLK-04").Number
	if err := w.fake.SetIssueFieldValue(repo, blk04, "Team", "storage"); err != nil {
		t.Fatal(err)
	}
	w.mustRun("apply", "--yes")
	if writes != 0 {
		t.Fatalf("an apply after a person set another field made %d writes", writes)
	}

	// BLK-04 becomes P0: its type and priority change with its labels,
	// in the issue's one update.
	data, err := readFile(w.catalog)
	if err != nil {
		t.Fatal(err)
	}
	w.setCatalog(strings.Replace(data, "title: No connection pooling\n    priority: P1", "title: No connection pooling\n    priority: P0", 1))
	r := w.mustRun("plan")
	for _, want := range []string{`type: "Task" -> "Bug"`, `field Priority: "P1" -> "P0"`} {
		if !strings.Contains(r.out, want) {
			t.Errorf("plan does not show %s:\n%s", want, r.out)
		}
	}
	if r := w.mustRun("plan", "--format", "json"); !strings.Contains(r.out, `"type": "Bug"`) || !strings.Contains(r.out, `"issue_field_values": [`) {
		t.Errorf("the plan's JSON does not carry the type and field values:\n%s", r.out)
	}
	w.fake.ResetLog()
	w.mustRun("apply", "--yes")
	patches := 0
	for _, q := range w.fake.Log() {
		if q.Write && strings.HasSuffix(q.Path, "/issues/"+itoa(blk04)) {
			patches++
		}
	}
	if patches != 1 {
		t.Errorf("BLK-04 was written %d times, want once", patches)
	}
	got := w.fake.IssueFieldValues(repo, blk04)
	if w.fake.IssueType(repo, blk04) != "Bug" || got["Priority"] != "P0" || got["Team"] != "storage" {
		t.Errorf("BLK-04: type %q, fields %v; want Bug, Priority P0 and the person's Team kept", w.fake.IssueType(repo, blk04), got)
	}
	w.converged()
}

// Where the owner is a user, or the organisation lacks a type, field or
// option, plan says so (text, JSON, Markdown), apply sends only what
// GitHub holds (no write refused, none more than without the settings)
// and the labels carry priority and category as always.
func TestIssueTypesAndFieldsWhereTheOwnerLacksThem(t *testing.T) {
	partial := ghfake.Org{
		IssueTypes: []string{"Task"},
		IssueFields: []ghfake.IssueField{
			{Name: "Priority", DataType: "single_select", Options: []string{"P0", "P1", "P2"}},
			{Name: "Effort", DataType: "text"},
		},
	}
	for _, tt := range []struct {
		name  string
		org   *ghfake.Org
		warns []string
	}{
		{"a user-owned repository", nil, []string{
			`issue type "Task" does not exist for o/r (it has none: create them in the owner's settings, an organisation's or a personal account's): 9 blockers without a type`,
			`issue type "Bug" does not exist for o/r (it has none: create them in the owner's settings, an organisation's or a personal account's): 3 blockers without a type`,
			`issue fields: could not read the issue fields of o: GitHub answered 404 (the owner is not an organisation, or the token may not read it)`,
		}},
		{"an organisation without some", &partial, []string{
			`issue type "Bug" does not exist for o/r (it has "Task"): 3 blockers without a type`,
			`issue field "Due" of o does not exist: 11 blockers without it`,
			`issue field "Effort" of o is a text field, effort needs a number field: 12 blockers without it`,
			`issue field "Priority" of o has no option "P3": 2 blockers without it`,
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			if tt.org != nil {
				w.fake.AddOrg("o", *tt.org)
			}
			data, err := readFile(w.catalog)
			if err != nil {
				t.Fatal(err)
			}
			w.setCatalog(data + metaSettings)
			text, js, md := w.mustRun("plan").out, w.mustRun("plan", "--format", "json").out, w.mustRun("plan", "--format", "markdown").out
			for _, want := range tt.warns {
				if !strings.Contains(text, "Warning: "+want) {
					t.Errorf("plan does not warn %q:\n%s", want, text)
				}
				if !strings.Contains(js, `"warnings": [`) || !strings.Contains(js, strings.ReplaceAll(want, `"`, `\"`)) {
					t.Errorf("the plan's JSON does not warn %q", want)
				}
				if !strings.Contains(md, "> [!WARNING]\n> "+want) {
					t.Errorf("the Markdown plan does not warn %q", want)
				}
			}
			if n := strings.Count(text, "Warning: "); n != len(tt.warns) {
				t.Errorf("%d warnings, want %d:\n%s", n, len(tt.warns), text)
			}

			_, plain := firstSyncWrites(t, tt.org, "")
			writes := 0
			w.beforeWrite(func(int) { writes++ })
			r := w.mustRun("apply", "--yes")
			if !strings.Contains(r.err, "Warning: "+tt.warns[0]) {
				t.Errorf("apply does not warn on stderr:\n%s", r.err)
			}
			if writes != plain {
				t.Errorf("apply made %d writes, %d without the settings", writes, plain)
			}
			if n := refused(w); n != 0 {
				t.Errorf("%d writes refused: ghsync sent what the owner cannot hold", n)
			}
			blk01 := w.issueOf("BLK-01")
			if !strings.Contains(strings.Join(blk01.Labels, ","), "priority/P0") {
				t.Errorf("BLK-01's labels %v do not carry its priority", blk01.Labels)
			}
			if tt.org != nil {
				// What the organisation has is set: Task, and the options it has.
				if got := w.fake.IssueType(repo, w.issueOf("BLK-05").Number); got != "Task" {
					t.Errorf("BLK-05: type %q, want Task", got)
				}
				if got := w.fake.IssueFieldValues(repo, w.issueOf("BLK-05").Number); got["Priority"] != "P1" || len(got) != 1 {
					t.Errorf("BLK-05: fields %v, want Priority P1 only", got)
				}
			}
			w.converged()
			writes = 0
			w.mustRun("apply", "--yes")
			if writes != 0 {
				t.Errorf("a second apply made %d writes", writes)
			}
		})
	}
}

// A read of the types that fails (not a refusal) stops the run before any
// write: it must not look like an owner without types.
func TestIssueTypesReadFails(t *testing.T) {
	w := newWorld(t)
	w.fake.AddOrg("o", fullOrg)
	data, err := readFile(w.catalog)
	if err != nil {
		t.Fatal(err)
	}
	w.setCatalog(data + metaSettings)
	w.fake.Inject(ghfake.Fault{Method: "GET", Path: "/repos/o/r/issue-types", Kind: ghfake.KindStatus, Status: 502})
	writes := 0
	w.beforeWrite(func(int) { writes++ })
	r := w.run("apply", "--yes")
	if r.code != 1 || !strings.Contains(r.err, "read the issue types and fields of o/r") {
		t.Errorf("apply with the types unreadable: %s", r)
	}
	if writes != 0 {
		t.Errorf("%d writes after a failed read", writes)
	}
}

// An answer without issue_field_values says nothing about the fields (as
// plan takes it: observed.Issue.FieldsListed), so apply does not report
// the values it sent as dropped (#16, D4).
func TestIssueFieldsLeftOutOfAnswers(t *testing.T) {
	w := newWorldWith(t, func(o *ghfake.Options) { o.OmitFieldValues = true })
	w.fake.AddOrg("o", fullOrg)
	data, err := readFile("testdata/v1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w.setCatalog(data + metaSettings)
	if r := w.run("apply", "--yes"); r.code != 0 {
		t.Fatalf("apply with answers that leave the fields out: %s", r)
	}
	if got := w.fake.IssueFieldValues(repo, w.issueOf("BLK-01").Number); got["Priority"] != "P0" {
		t.Errorf("BLK-01's field values are %v, want Priority P0", got)
	}
	w.converged()
}
