package catalog

import (
	"strings"
	"testing"
)

// The board: and sprints: blocks are read from the schema tables, and
// what is wrong in them is said at its file:line.
func TestBoardBlock(t *testing.T) {
	head := "version: 1\nblockers:\n  - {id: P0-001, title: a, priority: P0, category: security}\n"
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"ok", "start: 2026-01-05\nboard:\n  owner: octo-org\n  title: Release\nsprints:\n  weeks: 3\n", ""},
		{"no owner", "board:\n  title: Release\n", "c.yaml:5:3: board: missing owner"},
		{"no title", "board:\n  owner: octo-org\n", "c.yaml:5:3: board: missing title (or the number of an existing Project)"},
		{"bad owner", "board:\n  owner: -x-\n  title: R\n", `c.yaml:5:10: board: owner "-x-" is not a GitHub login`},
		{"owner type", "board:\n  owner: o\n  owner_type: team\n  title: R\n", `c.yaml:6:15: board: owner_type "team": want "organization" or "user"`},
		{"unknown field", "board:\n  owner: o\n  title: R\n  fields: [priority, colour]\n", `c.yaml:7:22: board: fields: unknown field "colour"; known fields: priority, category, effort, milestone, gate, sprint, target, status`},
		{"unknown name", "board:\n  owner: o\n  title: R\n  names: {size: S}\n", `unknown key "size" in board.names`},
		{"names repeated", "board:\n  owner: o\n  title: R\n  names:\n    effort: Size\n    gate: size\n", `c.yaml:9:11: board: names: effort and gate are both called "size"`},
		{"names repeat a default", "board:\n  owner: o\n  title: R\n  names: {effort: priority}\n", `c.yaml:7:19: board: names: priority and effort are both called "priority"`},
		{"names repeat the record", "board:\n  owner: o\n  title: R\n  names: {record: Sprint}\n", `c.yaml:7:19: board: names: sprint and record are both called "Sprint"`},
		{"names a built-in field", "board:\n  owner: o\n  title: R\n  names: {target: milestone}\n", `c.yaml:7:19: board: names: target "milestone" is the name of one of GitHub's built-in Project fields`},
		{"names Status", "board:\n  owner: o\n  title: R\n  names: {record: Status}\n", `board: names: record "Status" is the name of one of GitHub's built-in Project fields`},
		{"status names another built-in field", "board:\n  owner: o\n  title: R\n  names: {status: Labels}\n", `board: names: status "Labels" is the name of one of GitHub's built-in Project fields`},
		{"names an unmanaged field alike", "start: 2026-01-05\nboard:\n  owner: o\n  title: R\n  fields: [priority, effort]\n  names: {gate: Effort}\n", ""},
		{"names status itself", "start: 2026-01-05\nboard:\n  owner: o\n  title: R\n  names: {status: Stage}\n", ""},
		{"status options alike", "board:\n  owner: o\n  title: R\n  status: {todo: done}\n", `board: status: todo and done are both "Done"`},
		{"status options", "start: 2026-01-05\nboard:\n  owner: o\n  title: R\n  status: {todo: Backlog, done: Shipped}\n", ""},
		{"weeks", "sprints:\n  weeks: 40\n", "c.yaml:5:3: sprints: weeks 40: want 1 to 26"},
		{"sprints without a start", "board:\n  owner: o\n  title: R\n", "c.yaml:5:3: warning: board: no Sprint field without a first sprint"},
		{"sprints without a board", "sprints:\n  weeks: 1\n", "warning: sprints: the catalog has no board: block"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, probs := Parse("c.yaml", []byte(head+tc.yaml))
			if c != nil && !HasErrors(probs) {
				probs = append(probs, Validate(c)...)
			}
			var got []string
			for _, p := range probs {
				got = append(got, p.String())
			}
			all := strings.Join(got, "\n")
			if tc.want == "" {
				all = strings.ReplaceAll(all, "c.yaml:3:5: warning: blocker P0-001 has no milestone", "")
				if all != "" {
					t.Fatalf("problems: %s", all)
				}
				if tc.name != "ok" {
					return
				}
				if c.Board == nil || c.Board.Owner != "octo-org" || !c.Board.Manages("sprint") || c.Board.FieldName("target") != "Target date" || c.Sprints.Weeks != 3 {
					t.Errorf("read %+v %+v", c.Board, c.Sprints)
				}
				return
			}
			if !strings.Contains(all, tc.want) {
				t.Errorf("problems:\n%s\nwant one with %q", all, tc.want)
			}
		})
	}
}
