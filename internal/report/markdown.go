package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ghsync/ghsync/internal/desired"
)

// Markdown writes a line naming the day of the report, then MarkdownBody:
// the form for GITHUB_STEP_SUMMARY and for people.
func (r Report) Markdown(w io.Writer) error {
	head := "Progress"
	if r.Project != "" {
		head = "**" + mdText(r.Project) + "**: progress"
	}
	if !r.Today.IsZero() {
		head += " on " + r.Today.String()
	}
	if r.Repository != "" {
		head += " (" + mdText(r.Repository) + ")"
	}
	if _, err := io.WriteString(w, head+"\n\n"); err != nil {
		return err
	}
	if err := r.MarkdownBody(w); err != nil {
		return err
	}
	if len(r.Ignored) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("\n### Ignored issues\n\nThey carry a ghsync marker, but their authors cannot write to the repository, so they count for nothing.\n\n")
	for _, g := range r.Ignored {
		b.WriteString("- " + mdText(g.String()) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// DashboardBody is MarkdownBody cut to fit in an issue body, and the
// record of who opened the blockers' issues (observed.Record), which lets
// the next run read only their issues: the body of the dashboard issue. A
// catalog of a few thousand blockers lists more than an issue holds, and
// GitHub would refuse the whole body; the cut is at a line break, with a
// note that "ghsync report" shows the rest.
func (r Report) DashboardBody() string {
	var b strings.Builder
	_ = r.MarkdownBody(&b) // a strings.Builder does not fail
	line := r.record.Line()
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

// MarkdownBody writes the report as GitHub Markdown without any date: the
// body of the dashboard issue. It is a function of the catalog, the state
// and today only (today decides which milestones are overdue, never a count
// of days), so a dashboard rewritten only when its body changes stays quiet
// while nothing happens. Issues are written #N for GitHub to link.
func (r Report) MarkdownBody(w io.Writer) error {
	var b strings.Builder
	t := r.Totals
	fmt.Fprintf(&b, "**Blockers:** %d/%d done (%d%%) · %d open · %d not synced", t.Done, t.Work(), t.PercentDone(), t.Open, t.NotSynced)
	if t.Dropped > 0 {
		fmt.Fprintf(&b, " · %d dropped, not counted", t.Dropped)
	}
	fmt.Fprintf(&b, "  \n**Hours:** %s done · %s left", hours(t.HoursDone), hours(t.HoursLeft))
	if t.Dropped > 0 {
		fmt.Fprintf(&b, " · %s dropped, not counted", hours(t.HoursDropped))
	}
	b.WriteString("\n")

	if len(r.Gates) > 0 {
		b.WriteString("\n### Gates\n\n| | Gate | Done | Needs | Left |\n|---|---|---:|---|---|\n")
		for _, g := range r.Gates {
			mark := "✅"
			if !g.Met {
				mark = "❌"
			}
			name := "**" + mdText(g.ID) + "**"
			if g.Title != "" {
				name += " " + mdText(g.Title)
			}
			needs := "all"
			if g.Percent < 100 {
				needs = strconv.Itoa(g.Percent) + "%"
			}
			if !g.Met {
				needs += ": " + strconv.Itoa(g.MoreNeeded) + " more"
			}
			var held []string
			for _, it := range g.Holding {
				held = append(held, mdRef(it))
			}
			fmt.Fprintf(&b, "| %s | %s | %d/%d (%d%%) | %s | %s |\n", mark, name, g.Done, g.Total, g.PercentDone(), needs, strings.Join(held, ", "))
		}
		for _, g := range r.Gates {
			if len(g.Holding) > 0 {
				if g.Met {
					fmt.Fprintf(&b, "\n**%s** is met; still left:\n\n", mdText(g.ID))
				} else {
					fmt.Fprintf(&b, "\n**%s** is held by:\n\n", mdText(g.ID))
				}
				mdItems(&b, g.Holding)
			}
			if len(g.DroppedItems) > 0 {
				fmt.Fprintf(&b, "\n**%s**: dropped, so not counted as done", mdText(g.ID))
				if !g.Reachable {
					b.WriteString(" (the gate cannot be met while they stay dropped)")
				}
				b.WriteString(":\n\n")
				mdItems(&b, g.DroppedItems)
			}
		}
	}

	if len(r.Milestones) > 0 {
		b.WriteString("\n### Milestones\n\n| Milestone | Due | Done | Left | Dropped | Hours left | Status |\n|---|---|---:|---:|---:|---:|---|\n")
		for _, p := range r.Milestones {
			status := milestoneStatus(p, false)
			switch status {
			case "done":
				status = "✅ done"
			case "overdue":
				status = "⚠️ overdue"
			}
			name := mdText(milestoneName(p))
			if p.ID == "" {
				name = "_" + name + "_"
			}
			fmt.Fprintf(&b, "| %s | %s | %d/%d (%d%%) | %d | %d | %s | %s |\n",
				name, dueString(p), p.Done, p.Work(), p.Percent, p.Left(), p.Dropped, hours(p.HoursLeft), status)
		}
		b.WriteString("\n```mermaid\nxychart-beta\n    title \"Percent done per milestone\"\n    x-axis [")
		for i, p := range r.Milestones {
			if i > 0 {
				b.WriteString(", ")
			}
			id := p.ID
			if id == "" {
				id = "none"
			}
			b.WriteString(mermaidString(id))
		}
		b.WriteString("]\n    y-axis \"% done\" 0 --> 100\n    bar [")
		for i, p := range r.Milestones {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(p.Percent))
		}
		b.WriteString("]\n```\n")
	}

	if len(r.ByCategory) > 0 {
		b.WriteString("\n### Hours left by category\n\n")
		var slices []string
		for _, g := range r.ByCategory {
			// Mermaid draws no zero-sized slice; listing it would only clutter the legend.
			if g.HoursLeft > 0 {
				slices = append(slices, "    "+mermaidString(categoryName(g.Key))+" : "+number(g.HoursLeft))
			}
		}
		if len(slices) == 0 {
			b.WriteString("No hours left.\n")
		} else {
			b.WriteString("```mermaid\npie title Hours left by category\n" + strings.Join(slices, "\n") + "\n```\n")
		}
	}

	mdGroups := func(name string, gs []Group) {
		if len(gs) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n### By %s\n\n| %s | Done | Open | Not synced | Dropped | Hours done | Hours left |\n|---|---:|---:|---:|---:|---:|---:|\n",
			name, strings.ToUpper(name[:1])+name[1:])
		for _, g := range gs {
			fmt.Fprintf(&b, "| %s | %d/%d (%d%%) | %d | %d | %d | %s | %s |\n",
				mdText(categoryName(g.Key)), g.Done, g.Work(), g.PercentDone(), g.Open, g.NotSynced, g.Dropped, hours(g.HoursDone), hours(g.HoursLeft))
		}
	}
	mdGroups("priority", r.ByPriority)
	mdGroups("category", r.ByCategory)

	if len(r.Blocked) > 0 {
		b.WriteString("\n### Blocked\n\nWork left that waits on blockers not done:\n\n")
		for _, bl := range r.Blocked {
			var deps []string
			for _, d := range bl.WaitingOn {
				s := mdText(d.ID) + " ("
				if d.Issue != 0 {
					s += "#" + strconv.Itoa(d.Issue) + ", "
				}
				deps = append(deps, s+string(d.Status)+")")
			}
			fmt.Fprintf(&b, "- %s waits for %s\n", mdItem(bl.Item), strings.Join(deps, ", "))
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
		b.WriteString("\n### Dropped\n\nClosed as not planned or duplicate: neither done nor left.\n\n")
		mdItems(&b, dropped)
	}
	if len(unsynced) > 0 {
		b.WriteString("\n### Not synced\n\nNo issue on GitHub yet; `ghsync apply` creates them.\n\n")
		mdItems(&b, unsynced)
	}
	if len(dups) > 0 {
		b.WriteString("\n### Duplicate issues\n\nSeveral issues carry the same blocker's marker; the one ghsync keeps counts (not closed as a duplicate, opened by ghsync, oldest).\n\n")
		for _, it := range dups {
			fmt.Fprintf(&b, "- %s: #%d counts; also %s\n", mdText(it.ID), it.Issue, refs(it.Duplicates))
		}
	}
	if len(r.Gaps) > 0 {
		b.WriteString("\n### Gaps in the sources\n\n")
		if r.DeclaredSource != "" {
			fmt.Fprintf(&b, "Declared in %s.\n\n", mdText(r.DeclaredSource))
		}
		for _, g := range r.Gaps {
			b.WriteString("- " + mdText(g.Sentence()) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func categoryName(key string) string {
	if key == "" {
		return "(none)"
	}
	return key
}

// mdItems lists blockers, one bullet each.
func mdItems(b *strings.Builder, items []Item) {
	for _, it := range items {
		b.WriteString("- " + mdItem(it) + "\n")
	}
}

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
