package report

import "testing"

// Markdown writes MarkdownBody and then the sections kept off the
// dashboard; that is the list's order only while those come last.
func TestOffDashboardSectionsComeLast(t *testing.T) {
	ss := sections()
	seen := false
	for _, s := range ss {
		if seen && !s.noDashboard {
			t.Fatalf("section %q follows one kept off the dashboard", s.name.text)
		}
		seen = seen || s.noDashboard
	}
}

func TestBlocks(t *testing.T) {
	item := Item{ID: "A-1", Title: "a | b", Status: Open, Issue: 4}
	tests := []struct {
		name     string
		b        block
		text, md string
	}{
		{"facts align their figures",
			facts{{label: "Long", parts: []string{"1", "2"}, aside: "3"}, {label: "L", parts: []string{"4"}}},
			"Long: 1, 2; 3\nL:    4\n", "**Long:** 1 · 2 · 3  \n**L:** 4\n"},
		{"table capitals its head in the text; an empty head cell stays narrow",
			table{head: []string{"", "Key"}, align: "lr", textAlign: "ll", rows: [][]phrase{{same("x"), plain("a|b")}}},
			"     KEY\n  x  a|b\n", "| | Key |\n|---|---:|\n| x | a\\|b |\n"},
		{"para wraps with a hanging indent",
			para{p: same("one two"), depth: 1}, "    one two\n", "one two\n"},
		{"para cut stays on one line",
			para{p: same("x"), cut: true}, "  x\n", "x\n"},
		{"items with notes",
			itemList{items: []Item{item}, notes: []phrase{{"waits for B", "waits for **B**"}}},
			"  A-1  #4  open  a | b\n      waits for B\n", "- #4 A-1 a \\| b (open) waits for **B**\n"},
		{"list", list{plain("x <y")}, "  x <y\n", "- x &lt;y\n"},
		{"chart is Markdown's alone", chart("c\n"), "", "c\n"},
		{"textOnly", textOnly{para{p: same("t")}}, "  t\n", ""},
		{"markdownOnly", markdownOnly{para{p: same("m")}}, "", "m\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.b.text(); got != tt.text {
				t.Errorf("text = %q, want %q", got, tt.text)
			}
			if got := tt.b.markdown(); got != tt.md {
				t.Errorf("markdown = %q, want %q", got, tt.md)
			}
		})
	}
}
