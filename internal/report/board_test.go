package report

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// hostileOption is a Status option a person made, with text that Markdown,
// HTML and a terminal must not take literally.
const hostileOption = "Blocked <img src=x onerror=alert(1)> | [win](http://evil.example) @everyone \x1b[31m"

// withBoard gives the fixture a board: block and the board GitHub holds
// for it, built so that every figure can be worked out by hand. The
// sprints run 2 weeks from the catalog's start, 2026-02-02: Sprint 1 to
// 02-15, Sprint 2 (today, 02-23) to 03-01, Sprint 3 to 03-15.
//
//	item of       Status           Sprint    blocker's status
//	#1  P0-001    Done             Sprint 1  done
//	#9  P0-002    In Progress      Sprint 1  open: Sprint 1 is late
//	#10 P1-001    Done             Sprint 1  done
//	#12 P1-003    Todo             Sprint 1  dropped
//	#13 P1-004    Done             Sprint 2  done
//	#17 P1-008    (hostile option) Sprint 2  done
//	#19 P1-010    Todo             Sprint 2  open
//	#14 P1-005    -                Sprint 3  done
//	#25 tracker   Todo             -         (with withTracker; a person's otherwise)
//	#11 P1-002    Done, archived   -         (archived: not on the board)
//	#23 a person's issue, a draft, #3 of another repository: added by people
//
// P0-003 (#3) and P1-002 (#11, archived) are missing; the rest of the
// synced blockers (#15, #16, #18, #20) too.
func withBoard(t testing.TB, c *catalog.Catalog, s observed.State) (*catalog.Catalog, observed.State) {
	t.Helper()
	c.Board = &catalog.Board{Owner: "acme", Title: "Release board"}
	status := observed.BoardField{ID: "F_status", Name: "Status", DataType: "SINGLE_SELECT", Options: []observed.BoardOption{
		{ID: "o1", Name: "Todo"}, {ID: "o2", Name: "In Progress"}, {ID: "o3", Name: "Done"}, {ID: "o4", Name: hostileOption}}}
	sprint := observed.BoardField{ID: "F_sprint", Name: "Sprint", DataType: "ITERATION"}
	item := func(n int, st, sp string) observed.BoardItem {
		v := map[string]string{}
		if st != "" {
			v["F_status"] = st
		}
		if sp != "" {
			v["F_sprint"] = sp
		}
		return observed.BoardItem{ID: "I" + string(rune('A'+n)), Issue: n, Repo: "acme/erlmcp", Values: v}
	}
	archived := item(11, "Done", "")
	archived.Archived = true
	other := item(3, "Todo", "Sprint 2")
	other.Repo = "acme/elsewhere"
	s.Board = &observed.Board{
		Owner: "acme", Found: true, ID: "PVT_1", Number: 3, Title: "Release board", URL: "https://github.com/orgs/acme/projects/3",
		Fields: []observed.BoardField{status, sprint},
		Items: []observed.BoardItem{
			item(1, "Done", "Sprint 1"), item(9, "In Progress", "Sprint 1"), item(10, "Done", "Sprint 1"), item(12, "Todo", "Sprint 1"),
			item(13, "Done", "Sprint 2"), item(17, hostileOption, "Sprint 2"), item(19, "Todo", "Sprint 2"),
			item(14, "", "Sprint 3"), item(25, "Todo", ""), archived,
			item(23, "Todo", "Sprint 2"), {ID: "draft", Values: map[string]string{"F_status": "Todo"}}, other,
		},
		Status: &observed.BoardStatus{ID: "SU1", Status: "AT_RISK", Body: "ignored", Posted: time.Date(2026, 2, 20, 23, 30, 0, 0, time.UTC)},
	}
	return c, s
}

// withTracker adds the security category's tracker issue, #25.
func withTracker(s observed.State) observed.State {
	s.Issues = append(s.Issues, observed.Issue{Number: 25, Title: "Security", State: "open", Author: "ghsync-bot",
		Body: marker.Wrap(marker.TrackerKey("security"), "x")})
	return s
}

func TestBuildBoard(t *testing.T) {
	tests := []struct {
		name  string
		setup func(c *catalog.Catalog, s *observed.State)
		want  func(t *testing.T, b *Board)
	}{
		{
			name:  "no board block: no board, even with one observed",
			setup: func(c *catalog.Catalog, s *observed.State) { c.Board = nil },
			want: func(t *testing.T, b *Board) {
				if b != nil {
					t.Errorf("board = %+v, want nil", b)
				}
			},
		},
		{
			name:  "board block, none read",
			setup: func(c *catalog.Catalog, s *observed.State) { s.Board = nil },
			want: func(t *testing.T, b *Board) {
				if b != nil {
					t.Errorf("board = %+v, want nil", b)
				}
			},
		},
		{
			name: "the token cannot see it",
			setup: func(c *catalog.Catalog, s *observed.State) {
				s.Board = &observed.Board{Owner: "acme", NoAccess: "FORBIDDEN: Resource not accessible by integration"}
			},
			want: func(t *testing.T, b *Board) {
				if b.NoAccess == "" || b.Found || b.Title != "Release board" || b.Managed != 0 || len(b.Missing) != 0 {
					t.Errorf("board = %+v", b)
				}
			},
		},
		{
			name:  "no such Project yet",
			setup: func(c *catalog.Catalog, s *observed.State) { s.Board = &observed.Board{Owner: "acme"} },
			want: func(t *testing.T, b *Board) {
				if b.Found || b.NoAccess != "" || b.Managed != 0 || len(b.Missing) != 0 {
					t.Errorf("board = %+v", b)
				}
			},
		},
		{
			name: "by number, not found",
			setup: func(c *catalog.Catalog, s *observed.State) {
				c.Board.Title, c.Board.Number, s.Board = "", 7, &observed.Board{}
			},
			want: func(t *testing.T, b *Board) {
				if b.Title != "#7" || b.Found {
					t.Errorf("board = %+v", b)
				}
			},
		},
		{
			name:  "the board",
			setup: func(c *catalog.Catalog, s *observed.State) {},
			want: func(t *testing.T, b *Board) {
				if !b.Found || b.Title != "Release board" || b.URL != "https://github.com/orgs/acme/projects/3" {
					t.Errorf("board = %+v", b)
				}
				// 8 blockers' items and the tracker's; #23, the draft and
				// the other repository's #3 are people's; the archived
				// item counts for nothing.
				if b.Managed != 9 || b.Added != 3 {
					t.Errorf("managed %d, added %d; want 9, 3", b.Managed, b.Added)
				}
				wantStatus := []StatusCount{{"Todo", 3}, {"In Progress", 1}, {"Done", 3}, {hostileOption, 1}, {"", 1}}
				if !reflect.DeepEqual(b.ByStatus, wantStatus) {
					t.Errorf("by status %+v, want %+v", b.ByStatus, wantStatus)
				}
				if got := ids(b.Missing); !reflect.DeepEqual(got, []string{"P0-003", "P1-002", "P1-006", "P1-007", "P1-009", "P1-011"}) {
					t.Errorf("missing %v", got)
				}
				s := b.Sprint
				if s == nil || s.Title != "Sprint 2" || s.Start.String() != "2026-02-16" || s.End.String() != "2026-03-01" ||
					s.Total != 3 || s.Done != 2 || s.Left() != 1 || s.HoursLeft != 10 || s.Percent != 66 ||
					!reflect.DeepEqual(s.Blockers, []string{"P1-004", "P1-008", "P1-010"}) {
					t.Errorf("current sprint %+v", s)
				}
				if len(b.LateSprints) != 1 || b.LateSprints[0].Title != "Sprint 1" || b.LateSprints[0].Left() != 1 || b.LateSprints[0].Dropped != 1 {
					t.Errorf("late sprints %+v", b.LateSprints)
				}
				if b.Update == nil || b.Update.Status != "AT_RISK" || b.Update.Posted.String() != "2026-02-20" {
					t.Errorf("update %+v", b.Update)
				}
			},
		},
		{
			name: "a person's other options and values no option has, by name after the field's",
			setup: func(c *catalog.Catalog, s *observed.State) {
				s.Board.Items = []observed.BoardItem{
					{Issue: 1, Repo: "acme/erlmcp", Values: map[string]string{"F_status": "Zeta"}},
					{Issue: 9, Repo: "acme/erlmcp", Values: map[string]string{"F_status": "Alpha"}},
					{Issue: 10, Repo: "ACME/erlmcp", Values: map[string]string{"F_status": "Done"}},
					{Issue: 10, Repo: "acme/erlmcp", Values: map[string]string{"F_status": "Todo"}},
				}
			},
			want: func(t *testing.T, b *Board) {
				want := []StatusCount{{"Done", 1}, {"Alpha", 1}, {"Zeta", 1}}
				if !reflect.DeepEqual(b.ByStatus, want) || b.Managed != 3 || b.Added != 0 {
					t.Errorf("by status %+v (managed %d, added %d), want %+v", b.ByStatus, b.Managed, b.Added, want)
				}
			},
		},
		{
			name: "no Sprint field, or one of another type: no sprints",
			setup: func(c *catalog.Catalog, s *observed.State) {
				s.Board.Fields[1].DataType = "TEXT"
			},
			want: func(t *testing.T, b *Board) {
				if b.Sprint != nil || len(b.LateSprints) != 0 || b.Managed != 9 {
					t.Errorf("sprint %+v, late %+v", b.Sprint, b.LateSprints)
				}
			},
		},
		{
			name: "fields under other names",
			setup: func(c *catalog.Catalog, s *observed.State) {
				c.Board.Names = catalog.BoardNames{Sprint: "Iteration"}
				s.Board.Fields[1].Name = "iteration"
			},
			want: func(t *testing.T, b *Board) {
				if b.Sprint == nil || b.Sprint.Total != 3 {
					t.Errorf("sprint %+v", b.Sprint)
				}
			},
		},
		{
			name: "no status update",
			setup: func(c *catalog.Catalog, s *observed.State) {
				s.Board.Status = nil
			},
			want: func(t *testing.T, b *Board) {
				if b.Update != nil {
					t.Errorf("update %+v", b.Update)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, s, today := fixture(t)
			c, s = withBoard(t, c, withTracker(s))
			tc.setup(c, &s)
			tc.want(t, Build(c, s, today).Board)
		})
	}
}

// The board's section in each form, and that GitHub's text in it is
// shown as text.
func TestBoardSection(t *testing.T) {
	c, s, today := fixture(t)
	c, s = withBoard(t, c, withTracker(s))
	r := Build(c, s, today)
	text := string(render(t, r, "text"))
	for _, want := range []string{
		"Board: Release board (https://github.com/orgs/acme/projects/3)\n",
		"  Items: 9 items ghsync manages; 3 items people added, left alone\n",
		"  Status: Todo 3, In Progress 1, Done 3, Blocked <img src=x onerror=alert(1)> |\n    [win](http://evil.example) @everyone [31m 1, no Status 1\n",
		"  Sprint: Sprint 2 (2026-02-16 to 2026-03-01), 3 blockers, 2/3 done (66%), 10h left\n",
		"  Late: Sprint 1 ended 2026-02-15 with 1 left: P0-002\n",
		"  Update: at risk (posted 2026-02-20)\n",
		"  not on the board (ghsync apply adds them):\n    P0-003  #3",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "\x1b") {
		t.Error("the text carries an escape sequence from GitHub")
	}
	md := string(render(t, r, "markdown"))
	for _, want := range []string{
		"### Board\n\nGitHub Project Release board (https://github.com/orgs/acme/projects/3).\n",
		`Blocked \<img src=x onerror=alert\(1\)\> \| \[win\]\(http://evil.example\) \@everyone \[31m 1`,
		"Not on the board; `ghsync apply` adds them:",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	for _, bad := range []string{" <img", "[win](", "\x1b"} {
		if strings.Contains(md, bad) {
			t.Errorf("markdown carries %q from GitHub unescaped", bad)
		}
	}
	var body strings.Builder
	if err := r.MarkdownBody(&body); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(body.String(), "Board") {
		t.Errorf("the dashboard's body shows the board:\n%s", body.String())
	}
	page := html(t, r)
	if !strings.Contains(page, "<h2>Board: Release board</h2>") || strings.Contains(page, "projects/3") || !strings.Contains(page, "Blocked &lt;img src=x onerror=alert(1)&gt;") ||
		strings.Contains(page, "<img") || strings.Contains(page, "\x1b") {
		t.Errorf("page's board:\n%s", page[strings.Index(page, "<h2>Board"):])
	}
	j := string(render(t, r, "json"))
	if !strings.Contains(j, `"board": {`) || !strings.Contains(j, `"late_sprints": [`) {
		t.Errorf("json lacks the board")
	}
}

func TestFirstIDs(t *testing.T) {
	tests := []struct {
		ids  []string
		want string
	}{
		{nil, ""},
		{[]string{"A"}, "A"},
		{[]string{"A", "B"}, "A, B"},
		{[]string{"A", "B", "C"}, "A, B and 1 more"},
		{[]string{"A", "B", "C", "D"}, "A, B and 2 more"},
	}
	for _, tc := range tests {
		if got := firstIDs(tc.ids, 2); got != tc.want {
			t.Errorf("firstIDs(%v, 2) = %q, want %q", tc.ids, got, tc.want)
		}
	}
}

// A board the report cannot show is one line, and the rest of the
// report is as without a board.
func TestBoardUnseenIsOneLine(t *testing.T) {
	tests := []struct {
		name  string
		board *observed.Board
		line  string
	}{
		{"no access", &observed.Board{NoAccess: "FORBIDDEN"}, "Board: Release board: the token cannot see it; see docs/board.md for the access it needs.\n"},
		{"not found", &observed.Board{}, "Board: Release board: no such Project yet (ghsync apply creates it).\n"},
	}
	c, s, today := fixture(t)
	plainText := string(render(t, Build(c, s, today), "text"))
	plainMD := string(render(t, Build(c, s, today), "markdown"))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, s, today := fixture(t)
			c.Board = &catalog.Board{Owner: "acme", Title: "Release board"}
			s.Board = tc.board
			r := Build(c, s, today)
			text := string(render(t, r, "text"))
			if got := strings.Replace(text, "\n"+tc.line, "", 1); got != plainText {
				t.Errorf("text is not the plain report and %q:\n%s", tc.line, FirstDiffOf(got, plainText))
			}
			md := string(render(t, r, "markdown"))
			if !strings.HasPrefix(md, plainMD) || strings.Count(md[len(plainMD):], "\n") > 5 {
				t.Errorf("markdown adds more than the board's heading and line:\n%s", md[len(plainMD):])
			}
		})
	}
}
