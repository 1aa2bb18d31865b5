package report

import (
	"io"
	"strings"
	"unicode/utf8"
)

// Width is the terminal width the text report fits in.
const Width = 100

// Text writes the report for a person at a terminal: every line fits in
// Width columns (titles are truncated, long sentences wrapped).
func (r Report) Text(w io.Writer) error {
	var b strings.Builder
	b.WriteString(wrapped(r.title().text, "", "  "))
	for _, s := range sections() {
		if s.noText {
			continue
		}
		blocks := s.body(r)
		if len(blocks) == 0 {
			continue
		}
		b.WriteString("\n")
		if s.name.text != "" {
			b.WriteString(wrapped(s.name.text+s.noteOf(r).text, "", "  "))
		}
		for _, bl := range blocks {
			b.WriteString(bl.text())
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// indent is the text's margin at a depth: two spaces a level, and one
// level to start with, under the heading.
func indent(depth int) string { return strings.Repeat("  ", depth+1) }

// text writes "Label:" padded so that the figures of all lines align.
func (fs facts) text() string {
	width := 0
	for _, f := range fs {
		width = max(width, len(f.label)+1)
	}
	var b strings.Builder
	for _, f := range fs {
		label := f.label + ":"
		b.WriteString(label + strings.Repeat(" ", width+1-len(label)) + strings.Join(f.parts, ", "))
		if f.aside != "" {
			b.WriteString("; " + f.aside)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func (t table) text() string {
	align := t.align
	if t.textAlign != "" {
		align = t.textAlign
	}
	rows := make([][]string, 0, len(t.rows)+1)
	rows = append(rows, make([]string, len(t.head)))
	for i, h := range t.head {
		rows[0][i] = strings.ToUpper(h)
	}
	for _, row := range t.rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = c.text
		}
		rows = append(rows, cells)
	}
	return lines(tableLines(indent(0), rows, align, t.flex))
}

func (p para) text() string {
	if p.p.text == "" {
		return ""
	}
	in := indent(p.depth)
	if p.cut {
		return in + truncate(p.p.text, Width-utf8.RuneCountInString(in)) + "\n"
	}
	return wrapped(p.p.text, in, in+"  ")
}

// text aligns the blockers in columns; a note goes under its blocker.
func (l itemList) text() string {
	in := indent(l.depth)
	var b strings.Builder
	for i, line := range itemLines(in, l.items) {
		b.WriteString(line + "\n")
		if l.notes != nil {
			b.WriteString(wrapped(l.notes[i].text, in+"    ", in+"    "))
		}
	}
	return b.String()
}

func (l list) text() string {
	var b strings.Builder
	for _, p := range l {
		b.WriteString(wrapped(p.text, indent(0), indent(1)))
	}
	return b.String()
}

func (chart) text() string { return "" }

func (p preformatted) text() string { return lines(p) }

// wrapped is wrap at Width as lines ending in a newline.
func wrapped(s, first, rest string) string { return lines(wrap(s, Width, first, rest)) }

func lines(ls []string) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// itemLines lists blockers as ID, issue, status and title, the title cut
// to fit the width.
func itemLines(indent string, items []Item) []string {
	rows := make([][]string, 0, len(items))
	for _, it := range items {
		rows = append(rows, []string{it.ID, issueRef(it.Issue), statusWord(it), oneLine(it.Title)})
	}
	return tableLines(indent, rows, "llll", 3)
}

// tableLines aligns rows in columns two spaces apart; align has one letter
// per column, l or r. When the rows are wider than Width, the flex column
// (an index) is cut to fit.
func tableLines(indent string, rows [][]string, align string, flex int) []string {
	n := len(align)
	widths := make([]int, n)
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	total := utf8.RuneCountInString(indent) + 2*(n-1)
	for _, wd := range widths {
		total += wd
	}
	if total > Width {
		widths[flex] = max(8, widths[flex]-(total-Width))
	}
	lines := make([]string, 0, len(rows))
	for _, row := range rows {
		var line strings.Builder
		line.WriteString(indent)
		for i, c := range row {
			c = truncate(c, widths[i])
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i > 0 {
				line.WriteString("  ")
			}
			if align[i] == 'r' {
				line.WriteString(pad + c)
			} else {
				line.WriteString(c + pad)
			}
		}
		lines = append(lines, strings.TrimRight(line.String(), " "))
	}
	return lines
}
