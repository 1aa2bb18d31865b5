package catalog

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// bomb is a catalog of n blockers whose descriptions are all one string of
// size bytes, written once and named by an alias (or merged in) n-1 times.
func bomb(n, size int, merge bool) string {
	var b strings.Builder
	b.WriteString("version: 1\nmilestones: [{id: M1, title: W1}]\nblockers:\n")
	if merge {
		fmt.Fprintf(&b, "  - &b0 {id: B0, title: t, priority: P0, category: c, milestone: M1, description: %s}\n", strings.Repeat("x", size))
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, "  - {<<: *b0, id: B%d}\n", i)
		}
		return b.String()
	}
	fmt.Fprintf(&b, "  - {id: B0, title: t, priority: P0, category: c, milestone: M1, description: &big %s}\n", strings.Repeat("x", size))
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "  - {id: B%d, title: t, priority: P0, category: c, milestone: M1, description: *big}\n", i)
	}
	return b.String()
}

// TestLoadRefusesAliasBomb is issue #13 item 3: a 1 MiB string named by
// 3,000 aliases made validate render 3 GiB of issue bodies and run out of
// memory. Load refuses it at the alias that goes over, within a small
// multiple of the file's size in memory.
func TestLoadRefusesAliasBomb(t *testing.T) {
	for _, tt := range []struct {
		name  string
		merge bool
		want  string
	}{
		{"alias", false, "catalog.yaml:13:79: alias *big expands the file to more than %d bytes (8 times its %d bytes); write the text out or use fewer aliases"},
		{"merge key", true, "catalog.yaml:12:10: alias *b0 expands the file to more than %d bytes (8 times its %d bytes); write the text out or use fewer aliases"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := bomb(3000, 1<<20, tt.merge)
			file := filepath.Join(t.TempDir(), "catalog.yaml")
			if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			c, probs, err := Load(file)
			if err == nil {
				// What validate does next, were the catalog sound.
				Validate(c)
				c.AllLabels()
			}
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			want := filepath.Dir(file) + "/" + fmt.Sprintf(tt.want, expansionLimit(len(data)), len(data))
			if got := strings.Join(strs(probs), "\n"); got != want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
			grew := after.TotalAlloc - before.TotalAlloc
			t.Logf("Load allocated %d KiB for a %d KiB file", grew>>10, len(data)>>10)
			if grew > 64<<20 {
				t.Errorf("Load allocated %d MiB for a %d KiB file; want under 64 MiB", grew>>20, len(data)>>10)
			}
		})
	}
}

func TestAliasesWithinLimit(t *testing.T) {
	tests := []struct {
		name, file string
		over       bool
	}{
		// 100 uses of 10 KiB: 1 MiB, under the least limit.
		{"small file, a few uses", bomb(100, 10<<10, false), false},
		{"small file, many uses", bomb(200, 10<<10, false), true},
		{"merged defaults", bomb(3000, 100, true), false},
		// Aliases of aliases: each level ten times the one before.
		{"nested lists", y(
			"version: 1",
			"a: &a [xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx]",
			"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
			"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
			"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
			"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
			"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
		), true},
		{"a list that holds itself", "version: 1\na: &a [*a, *a, *a]\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Parse("f.yaml", []byte(tt.file))
			over := false
			for _, p := range probs {
				over = over || strings.Contains(p.Message, "expands the file")
			}
			if over != tt.over {
				t.Errorf("refused = %v, want %v; problems:\n%s", over, tt.over, strings.Join(strs(probs), "\n"))
			}
		})
	}
}

// The blockers' nodes are released as they are read; a list that is
// aliased elsewhere must stay whole, or the alias reads released nodes.
func TestAliasOfTheBlockersList(t *testing.T) {
	const blockers = "blockers: &b\n  - {id: A, title: t, priority: P0, category: c}\n  - {id: B, title: t, priority: P0, category: c"
	tests := []struct {
		name, file string
		want       []string
	}{
		{"in a blocker's list", "version: 1\n" + blockers + ", depends_on: *b}\n", []string{
			"c.yaml:3:5: depends_on: want a list of strings, got a mapping in it",
			"c.yaml:4:5: depends_on: want a list of strings, got a mapping in it",
		}},
		{"as a gate's blockers", "version: 1\n" + blockers + "}\ngates: [{id: g, blockers: *b}]\n", []string{
			"c.yaml:3:5: blockers: want a list of strings, got a mapping in it",
			"c.yaml:4:5: blockers: want a list of strings, got a mapping in it",
		}},
		{"as the milestones", "version: 1\n" + blockers + "}\nmilestones: *b\n", []string{
			`c.yaml:3:23: unknown key "priority" in milestone A; known keys: id, title, description, due_week, due`,
			`c.yaml:3:37: unknown key "category" in milestone A; known keys: id, title, description, due_week, due`,
			`c.yaml:4:23: unknown key "priority" in milestone B; known keys: id, title, description, due_week, due`,
			`c.yaml:4:37: unknown key "category" in milestone B; known keys: id, title, description, due_week, due`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Parse("c.yaml", []byte(tt.file))
			if d := diffLines(tt.want, strs(probs)); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
		})
	}
}

func TestReadBounded(t *testing.T) {
	data, over, err := readBounded(endless{}, 1<<20)
	if err != nil || !over || data != nil {
		t.Errorf("endless reader: %d bytes, over %v, %v; want nothing, over", len(data), over, err)
	}
	data, over, err = readBounded(strings.NewReader("12345"), 5)
	if err != nil || over || string(data) != "12345" {
		t.Errorf("5 bytes at limit 5: %q, over %v, %v", data, over, err)
	}
}

// endless reads as /dev/zero does, and as a file that keeps growing would.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestMessagesRepeatLittle(t *testing.T) {
	long := strings.Repeat("s", 1000)
	tests := []struct{ name, file, want string }{
		{"a file that is not a catalog", secret + "\n",
			`c.yaml:1:1: catalog: want a mapping, got text; a catalog file starts with "version: 1"`},
		{"an unknown anchor", "version: 1\nblockers: [*" + long + "]\n",
			`c.yaml:2:12: YAML syntax: unknown anchor "` + strings.Repeat("s", 40) + `..." referenced`},
		{"an unknown key", "version: 1\n" + long + ": 1\n",
			`c.yaml:2:1: unknown key "` + strings.Repeat("s", 40) + `..." in catalog; known keys: version, repository, project, start, labels, milestones, gates, blockers, dashboard, owners, category_owners, trackers, trusted_authors, declared, issue_types, issue_fields, board, sprints`},
		{"a reference with a line break", blocker(`    depends_on: ["P0\n::error::forged"]`),
			`c.yaml:11:18: depends_on: blocker "P0\n::error::forged" does not exist`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := loadFiles(t, "c.yaml", tt.file)
			if !contains(got, tt.want) {
				t.Errorf("problems:\n%s\nwant among them:\n%s", strings.Join(got, "\n"), tt.want)
			}
		})
	}
}

func TestFoldKey(t *testing.T) {
	for _, tt := range []struct{ a, b string }{
		{"Week 1", "WEEK 1"}, {"straße", "STRASSE"}, {"ſ", "S"}, {"K", "\u212a"}, {"Σ", "ς"}, {"a", "b"}, {"é", "e"},
	} {
		if got, want := foldKey(tt.a) == foldKey(tt.b), strings.EqualFold(tt.a, tt.b); got != want {
			t.Errorf("foldKey(%q) == foldKey(%q) is %v; strings.EqualFold says %v", tt.a, tt.b, got, want)
		}
	}
}
