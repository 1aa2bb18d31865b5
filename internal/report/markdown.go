package report

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ghsync/ghsync/internal/desired"
)

// Markdown writes a line naming the day of the report, then MarkdownBody,
// then the sections kept off the dashboard: the form for
// GITHUB_STEP_SUMMARY and for people.
func (r Report) Markdown(w io.Writer) error {
	if _, err := io.WriteString(w, r.title().md+"\n\n"); err != nil {
		return err
	}
	if err := r.MarkdownBody(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, r.markdownSections(false))
	return err
}

// DashboardBody is MarkdownBody cut to fit in an issue body, and the
// record of who opened the blockers' issues (observed.Record), which lets
// the next run read only their issues: the body of the dashboard issue. A
// catalog of a few thousand blockers lists more than an issue holds, and
// GitHub would refuse the whole body; the cut is at a line break, with a
// note that "ghsync report" shows the rest.
//
// The trend in it is computed as of the dashboard's day (the first day of
// the week, or the last change since: progress.Input.DashboardDay), not
// today, so that time alone rewrites the dashboard at most once a week;
// and it carries the history record with today's point, added only when
// the figures changed (progress.History.With), so a quiet day costs no
// write.
func (r Report) DashboardBody() string {
	d := r
	d.dashboard = true
	if r.trendSet() {
		d.Trend = r.trendIn.Compute(r.trendIn.DashboardDay(r.Today))
	}
	var b strings.Builder
	_ = d.MarkdownBody(&b) // a strings.Builder does not fail
	line := r.record.Line()
	if h := r.history.Line(); h != "" {
		line = h + "\n" + line
	}
	return fit(b.String(), desired.MaxBody-200-len(line)) + "\n\n" + line
}

// fit cuts s at a line break so that it has at most limit characters,
// note included.
func fit(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	const more = "\n\n_The report is longer than an issue can hold; `ghsync report` shows all of it._\n"
	cut := []rune(s)[:limit-utf8.RuneCountInString(more)]
	text := string(cut)
	if i := strings.LastIndexByte(text, '\n'); i > 0 {
		text = text[:i]
	}
	return text + more
}

// MarkdownBody writes the report as GitHub Markdown without today's date:
// the body of the dashboard issue (see DashboardBody). It is a function of
// the catalog, the state and the day only (the day decides which
// milestones are overdue, never a count of days, and the trend's day), so
// a dashboard rewritten only when its body changes stays quiet while
// nothing happens. Issues are written #N for GitHub to link.
func (r Report) MarkdownBody(w io.Writer) error {
	_, err := io.WriteString(w, r.markdownSections(true))
	return err
}

// markdownSections writes the sections of the dashboard (onDashboard), or
// the others, each under a heading, its blocks a blank line apart.
func (r Report) markdownSections(onDashboard bool) string {
	var b strings.Builder
	for _, s := range sections() {
		if s.noDashboard == onDashboard {
			continue
		}
		blocks := s.body(r)
		if len(blocks) == 0 {
			continue
		}
		if s.name.md != "" {
			b.WriteString("\n### " + s.name.md + "\n\n")
			if note := s.noteOf(r); note.md != "" {
				b.WriteString(note.md + "\n\n")
			}
		}
		parts := make([]string, 0, len(blocks))
		for _, bl := range blocks {
			if md := bl.markdown(); md != "" {
				parts = append(parts, md)
			}
		}
		b.WriteString(strings.Join(parts, "\n"))
	}
	return b.String()
}

// markdown writes each fact on a line of its own ("  " is a line break),
// its figures a dot apart.
func (fs facts) markdown() string {
	ls := make([]string, len(fs))
	for i, f := range fs {
		parts := f.parts
		if f.aside != "" {
			parts = append(parts[:len(parts):len(parts)], f.aside)
		}
		ls[i] = "**" + f.label + ":** " + strings.Join(parts, " · ")
	}
	return strings.Join(ls, "  \n") + "\n"
}

func (t table) markdown() string {
	var b strings.Builder
	b.WriteString("|")
	for _, h := range t.head {
		if h == "" {
			b.WriteString(" |")
		} else {
			b.WriteString(" " + h + " |")
		}
	}
	b.WriteString("\n|")
	for _, a := range t.align {
		if a == 'r' {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, row := range t.rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = c.md
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	return b.String()
}

func (p para) markdown() string {
	if p.p.md == "" {
		return ""
	}
	return p.p.md + "\n"
}

// markdown writes a bullet per blocker, its note after it.
func (l itemList) markdown() string {
	var b strings.Builder
	for i, it := range l.items {
		b.WriteString("- " + mdItem(it))
		if l.notes != nil {
			b.WriteString(" " + l.notes[i].md)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func (l list) markdown() string {
	var b strings.Builder
	for _, p := range l {
		b.WriteString("- " + p.md + "\n")
	}
	return b.String()
}

func (c chart) markdown() string { return string(c) }

// mdItem is "#14 P0-003 Title (open)"; GitHub links #14.
func mdItem(it Item) string {
	s := ""
	if it.Issue != 0 {
		s = "#" + strconv.Itoa(it.Issue) + " "
	}
	s += mdText(it.ID)
	if it.Title != "" {
		s += " " + mdText(it.Title)
	}
	switch it.Status {
	case NotSynced:
		return s + " (no issue yet)"
	case Unknown:
		return s + " (not in the catalog)"
	case Dropped:
		if it.StateReason == "duplicate" {
			return s + " (closed as duplicate)"
		}
		return s + " (closed as not planned)"
	}
	return s + " (" + string(it.Status) + ")"
}

// mdRef is the short form for table cells: #14, or the id when no issue exists.
func mdRef(it Item) string {
	if it.Issue != 0 {
		return "#" + strconv.Itoa(it.Issue)
	}
	return mdText(it.ID) + " (no issue)"
}

// mdText makes catalog text safe inside a table cell and inside the managed
// region of an issue body: one line, no cell separator, and no '<' so it
// cannot open an HTML comment, forge a marker or vanish as a tag.
func mdText(s string) string {
	s = oneLine(s)
	s = strings.ReplaceAll(s, "<", "&lt;")
	return strings.ReplaceAll(s, "|", `\|`)
}

// mermaidString quotes s for Mermaid, which has no escape for '"'.
func mermaidString(s string) string {
	s = strings.NewReplacer(`"`, "'", "\n", " ", "<", "&lt;").Replace(oneLine(s))
	return `"` + s + `"`
}
