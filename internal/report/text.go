package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Width is the terminal width the text report fits in.
const Width = 100

// Text writes the report for a person at a terminal: every line fits in
// Width columns (titles are truncated, long sentences wrapped).
func (r Report) Text(w io.Writer) error {
	var b strings.Builder
	head := "Progress"
	if r.Project != "" {
		head = r.Project + ": progress"
	}
	if !r.Today.IsZero() {
		head += " on " + r.Today.String()
	}
	if r.Repository != "" {
		head += " (" + r.Repository + ")"
	}
	for _, l := range wrap(head, Width, "", "  ") {
		b.WriteString(l + "\n")
	}

	t := r.Totals
	fmt.Fprintf(&b, "\nBlockers: %d/%d done (%d%%), %d open, %d not synced", t.Done, t.Work(), t.PercentDone(), t.Open, t.NotSynced)
	if t.Dropped > 0 {
		fmt.Fprintf(&b, "; %d dropped, not counted", t.Dropped)
	}
	fmt.Fprintf(&b, "\nHours:    %s done, %s left", hours(t.HoursDone), hours(t.HoursLeft))
	if t.Dropped > 0 {
		fmt.Fprintf(&b, "; %s dropped, not counted", hours(t.HoursDropped))
	}
	b.WriteString("\n")

	if len(r.Gates) > 0 {
		b.WriteString("\nGates\n")
		for _, g := range r.Gates {
			for _, l := range wrap(g.Summary(), Width, "  ", "    ") {
				b.WriteString(l + "\n")
			}
			if g.Title != "" {
				b.WriteString("    " + truncate(oneLine(g.Title), Width-4) + "\n")
			}
			if len(g.Holding) > 0 {
				if g.Met {
					b.WriteString("    still left:\n")
				} else {
					b.WriteString("    held by:\n")
				}
				writeItems(&b, "      ", g.Holding)
			}
			if len(g.DroppedItems) > 0 {
				b.WriteString("    dropped, so not counted as done:\n")
				writeItems(&b, "      ", g.DroppedItems)
			}
		}
	}

	if len(r.Milestones) > 0 {
		b.WriteString("\nMilestones\n")
		rows := [][]string{{"MILESTONE", "DUE", "DONE", "LEFT", "DROPPED", "HOURS LEFT", "STATUS"}}
		for _, p := range r.Milestones {
			rows = append(rows, []string{
				oneLine(milestoneName(p)), dueString(p), fraction(p.Tally),
				strconv.Itoa(p.Left()), strconv.Itoa(p.Dropped), hours(p.HoursLeft),
				milestoneStatus(p, true),
			})
		}
		table(&b, "  ", rows, "lllrrrl", 0)
	}

	groups := func(name string, gs []Group) {
		if len(gs) == 0 {
			return
		}
		b.WriteString("\nBy " + name + "\n")
		rows := [][]string{{strings.ToUpper(name), "DONE", "OPEN", "NOT SYNCED", "DROPPED", "HOURS DONE", "HOURS LEFT"}}
		for _, g := range gs {
			key := g.Key
			if key == "" {
				key = "(none)"
			}
			rows = append(rows, []string{
				oneLine(key), fraction(g.Tally), strconv.Itoa(g.Open), strconv.Itoa(g.NotSynced),
				strconv.Itoa(g.Dropped), hours(g.HoursDone), hours(g.HoursLeft),
			})
		}
		table(&b, "  ", rows, "lrrrrrr", 0)
	}
	groups("priority", r.ByPriority)
	groups("category", r.ByCategory)

	if len(r.Blocked) > 0 {
		b.WriteString("\nBlocked: work left that waits on blockers not done\n")
		items := make([]Item, len(r.Blocked))
		for i, bl := range r.Blocked {
			items[i] = bl.Item
		}
		lines := itemLines("  ", items)
		for i, bl := range r.Blocked {
			b.WriteString(lines[i] + "\n")
			var deps []string
			for _, d := range bl.WaitingOn {
				s := d.ID + " (" + string(d.Status)
				if d.Issue != 0 {
					s += " #" + strconv.Itoa(d.Issue)
				}
				deps = append(deps, s+")")
			}
			for _, l := range wrap("waits for "+strings.Join(deps, ", "), Width, "      ", "      ") {
				b.WriteString(l + "\n")
			}
		}
	}

	var dropped, unsynced, dups []Item
	for _, it := range r.Blockers {
		switch it.Status {
		case Dropped:
			dropped = append(dropped, it)
		case NotSynced:
			unsynced = append(unsynced, it)
		}
		if len(it.Duplicates) > 0 {
			dups = append(dups, it)
		}
	}
	if len(dropped) > 0 {
		b.WriteString("\nDropped: closed as not planned or duplicate; neither done nor left\n")
		writeItems(&b, "  ", dropped)
	}
	if len(unsynced) > 0 {
		b.WriteString("\nNot synced: no issue on GitHub yet (ghsync apply creates them)\n")
		writeItems(&b, "  ", unsynced)
	}
	if len(dups) > 0 {
		b.WriteString("\nDuplicate issues: the one ghsync keeps counts (not closed as a duplicate, opened by ghsync, oldest)\n")
		for _, it := range dups {
			line := it.ID + ": counts " + issueRef(it.Issue) + "; also " + refs(it.Duplicates)
			for _, l := range wrap(line, Width, "  ", "    ") {
				b.WriteString(l + "\n")
			}
		}
	}
	if len(r.Gaps) > 0 {
		head := "Gaps in the sources"
		if r.DeclaredSource != "" {
			head += " (" + oneLine(r.DeclaredSource) + ")"
		}
		b.WriteString("\n")
		for _, l := range wrap(head, Width, "", "  ") {
			b.WriteString(l + "\n")
		}
		for _, g := range r.Gaps {
			for _, l := range wrap(g.Sentence(), Width, "  ", "    ") {
				b.WriteString(l + "\n")
			}
		}
	}
	if len(r.Ignored) > 0 {
		b.WriteString("\nIgnored: issues with a ghsync marker whose author cannot write to the repository\n")
		for _, g := range r.Ignored {
			for _, l := range wrap(g.String(), Width, "  ", "    ") {
				b.WriteString(l + "\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func refs(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = issueRef(n)
	}
	return strings.Join(s, ", ")
}

// writeItems lists blockers as ID, issue, status and title, the title cut
// to fit the width.
func writeItems(b *strings.Builder, indent string, items []Item) {
	for _, l := range itemLines(indent, items) {
		b.WriteString(l + "\n")
	}
}

func itemLines(indent string, items []Item) []string {
	rows := make([][]string, 0, len(items))
	for _, it := range items {
		rows = append(rows, []string{it.ID, issueRef(it.Issue), statusWord(it), oneLine(it.Title)})
	}
	return tableLines(indent, rows, "llll", 3)
}

// table writes rows in aligned columns two spaces apart; align has one
// letter per column, l or r. When the rows are wider than Width, the flex
// column (an index) is cut to fit.
func table(b *strings.Builder, indent string, rows [][]string, align string, flex int) {
	for _, l := range tableLines(indent, rows, align, flex) {
		b.WriteString(l + "\n")
	}
}

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
