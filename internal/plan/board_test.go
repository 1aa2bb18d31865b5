package plan

import (
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

func TestItemStatus(t *testing.T) {
	for _, tc := range []struct {
		name                   string
		onBoard                bool
		want, cur, rec         string
		wantStatus, wantRecord string
	}{
		{"added by ghsync", false, "Todo", "", "", "Todo", "Todo"},
		{"added resolved", false, "Done", "", "", "Done", "Done"},
		{"steady", true, "Todo", "Todo", "Todo", "", ""},
		{"a person moved it", true, "Todo", "In Progress", "Todo", "", ""},
		{"resolved in the catalog", true, "Done", "In Progress", "Todo", "Done", "Done"},
		{"a person reopened it on the board", true, "Done", "In Progress", "Done", "", ""},
		{"a person's item with a status", true, "Todo", "In Progress", "", "", "Todo"},
		{"a person's item without one", true, "Todo", "", "", "Todo", "Todo"},
		{"status not managed", true, "", "In Progress", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, r := itemStatus(tc.onBoard, tc.want, tc.cur, tc.rec)
			if s != tc.wantStatus || r != tc.wantRecord {
				t.Errorf("itemStatus = %q, %q; want %q, %q", s, r, tc.wantStatus, tc.wantRecord)
			}
		})
	}
}

// boardState is a repository with P0-001's issue on a board holding
// Priority (with P0 only) and a person's Effort field of the wrong type.
func boardState() (desired.State, observed.State) {
	d := desired.State{Board: &desired.Board{Owner: "o", Kind: "organization", Title: "B",
		Fields: []desired.BoardField{
			{Name: "Priority", DataType: "SINGLE_SELECT", Options: []string{"P0", "P1"}},
			{Name: "Effort", DataType: "NUMBER"},
		},
		Items: []desired.BoardItem{
			{ID: "P0-001", Values: map[string]string{"Priority": "P1", "Effort": "4"}},
		}}}
	o := observed.State{Repository: "o/r",
		Issues: []observed.Issue{{Number: 7, ID: 70, Title: "P0-001: a", State: observed.Open,
			Body: marker.Wrap(marker.BlockerKey("P0-001"), "x")}},
		Board: &observed.Board{Found: true, ID: "PVT_1", Number: 1, Title: "B", Linked: true,
			Fields: []observed.BoardField{
				{ID: "F1", DatabaseID: 1, Name: "Priority", DataType: "SINGLE_SELECT", Options: []observed.BoardOption{{ID: "a", Name: "P0"}}},
				{ID: "F2", DatabaseID: 2, Name: "effort", DataType: "TEXT"},
			},
			Items: []observed.BoardItem{{ID: "I1", DatabaseID: 11, Issue: 7, Repo: "o/r", Values: map[string]string{"F1": "P0", "F2": "big"}}},
		}}
	return d, o
}

// What the board cannot take is said, not forced: a field of another
// type keeps its values, an option the field lacks is not set.
func TestDiffBoardNotes(t *testing.T) {
	d, o := boardState()
	p := Diff(d, o, Options{Repository: "o/r"})
	for _, c := range p.Changes {
		if IsBoard(c.Kind) {
			t.Errorf("planned %s %s %+v", c.Action, c.Kind, c.Fields)
		}
	}
	notes := strings.Join(p.Notes, "\n")
	for _, want := range []string{`board field "effort" is a TEXT field, ghsync manages it as NUMBER`, `board field "Priority" lacks option "P1"`} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

// A managed value that differs is one update with the old and new value;
// an unreachable board is a note and no change.
func TestDiffBoardUpdateAndUnreachable(t *testing.T) {
	d, o := boardState()
	o.Board.Fields[0].Options = append(o.Board.Fields[0].Options, observed.BoardOption{ID: "b", Name: "P1"})
	o.Board.Fields[1].DataType = "NUMBER"
	p := Diff(d, o, Options{Repository: "o/r"})
	var items []Change
	for _, c := range p.Changes {
		if c.Kind == KindBoardItem {
			items = append(items, c)
		}
	}
	if len(items) != 1 || items[0].Action != Update || items[0].Board.ItemID != 11 || len(items[0].Board.Values) != 2 {
		t.Fatalf("items: %+v", items)
	}
	if f := items[0].Fields[0]; f.Name != "Priority" || f.Old != "P0" || f.New != "P1" {
		t.Errorf("field: %+v", f)
	}
	o.Board = &observed.Board{NoAccess: "FORBIDDEN: Resource not accessible by integration"}
	p = Diff(d, o, Options{Repository: "o/r"})
	if p.Summary.Board != 0 || !strings.Contains(p.BoardUnreachable, "Resource not accessible") {
		t.Errorf("unreachable: %+v", p)
	}
}
