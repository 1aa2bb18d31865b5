package report

import (
	"fmt"
	"github.com/ghsync/ghsync/internal/words"
	"strconv"
	"strings"
)

// The text (Text) and Markdown (MarkdownBody, Markdown) renderers write the
// same sections in the same order. Both walk sections(): each section says
// its heading once and builds its content once, as blocks, a small model
// neutral to the output (facts, a table, paragraphs, lists of blockers or
// of sentences, a chart). text.go and markdown.go only say how each kind of
// block is written. Adding a section, or moving one, is one edit here.

// section is one part of the report.
type section struct {
	// name is the heading; empty for the totals, which need none.
	name phrase
	// note follows the name: the text appends it to the heading line, the
	// Markdown writes it as a paragraph under the heading. nil for none.
	note func(Report) phrase
	// body builds the content; no blocks means the section is not shown,
	// so what decides that a section shows is what fills it.
	body func(Report) []block
	// noText: the terminal cannot draw the section (a chart).
	noText bool
	// noDashboard keeps the section out of MarkdownBody, the dashboard
	// issue's body; Markdown writes it after the body.
	noDashboard bool
}

// noteOf is the section's note for r, empty when it has none.
func (s section) noteOf(r Report) phrase {
	if s.note == nil {
		return phrase{}
	}
	return s.note(r)
}

// sections lists the report's sections in the order both renderers write
// them. It is a function, not a variable, so that no renderer can change
// the list for another.
func sections() []section {
	return []section{
		{body: totalsBody},
		{name: same("Gates"), body: gatesBody},
		{name: same("Milestones"), body: milestonesBody},
		{name: same("Burndown"), body: burndownBody},
		{name: same("Forecast"), note: forecastNote, body: forecastBody},
		{
			name: same("Ready now"),
			note: says(": work left whose dependencies are all done, most urgent first", "Work left whose dependencies are all done, most urgent first:"),
			body: readyBody,
		},
		{name: same("Hours left by category"), body: hoursByCategoryBody, noText: true},
		{name: same("By priority"), body: func(r Report) []block { return groupsBody("Priority", r.ByPriority) }},
		{name: same("By category"), body: func(r Report) []block { return groupsBody("Category", r.ByCategory) }},
		{
			name: same("Blocked"),
			note: says(": work left that waits on blockers not done", "Work left that waits on blockers not done:"),
			body: blockedBody,
		},
		{
			name: same("Dropped"),
			note: says(": closed as not planned or duplicate; neither done nor left", "Closed as not planned or duplicate: neither done nor left."),
			body: statusBody(Dropped),
		},
		{
			name: same("Not synced"),
			note: says(": no issue on GitHub yet (ghsync apply creates them)", "No issue on GitHub yet; `ghsync apply` creates them."),
			body: statusBody(NotSynced),
		},
		{
			name: same("Duplicate issues"),
			note: says(": the one ghsync keeps counts (not closed as a duplicate, opened by ghsync, oldest)",
				"Several issues carry the same blocker's marker; the one ghsync keeps counts (not closed as a duplicate, opened by ghsync, oldest)."),
			body: duplicatesBody,
		},
		{name: same("Gaps in the sources"), note: gapsNote, body: gapsBody},
		// Off the dashboard: see boardsection.go.
		{name: same("Board"), note: boardNote, body: boardBody, noDashboard: true},
		{
			// Off the dashboard: outsiders could otherwise make ghsync rewrite it.
			name: phrase{text: "Ignored", md: "Ignored issues"},
			note: says(": issues with a ghsync marker whose author cannot write to the repository",
				"They carry a ghsync marker, but their authors cannot write to the repository, so they count for nothing."),
			body:        ignoredBody,
			noDashboard: true,
		},
	}
}

func totalsBody(r Report) []block {
	t := r.Totals
	blockers := fact{label: "Blockers", parts: []string{
		fmt.Sprintf("%d/%d done (%d%%)", t.Done, t.Work(), t.PercentDone()),
		strconv.Itoa(t.Open) + " open",
		strconv.Itoa(t.NotSynced) + " not synced",
	}}
	hoursFact := fact{label: "Hours", parts: []string{words.Hours(t.HoursDone) + " done", words.Hours(t.HoursLeft) + " left"}}
	if t.Dropped > 0 {
		blockers.aside = strconv.Itoa(t.Dropped) + " dropped, not counted"
		hoursFact.aside = words.Hours(t.HoursDropped) + " dropped, not counted"
	}
	return []block{facts{blockers, hoursFact}}
}

// gatesBody is, in Markdown, a table of the gates then what holds each;
// in the text, each gate's verdict with what holds it beneath.
func gatesBody(r Report) []block {
	if len(r.Gates) == 0 {
		return nil
	}
	rows := make([][]phrase, 0, len(r.Gates))
	for _, g := range r.Gates {
		rows = append(rows, gateRow(g))
	}
	blocks := []block{markdownOnly{table{head: []string{"", "Gate", "Done", "Needs", "Left"}, align: "llrll", rows: rows}}}
	for _, g := range r.Gates {
		blocks = append(blocks, gateBlocks(g)...)
	}
	return blocks
}

// gateRow is the gate's row of the Markdown table.
func gateRow(g GateResult) []phrase {
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
	held := make([]string, 0, len(g.Holding))
	for _, it := range g.Holding {
		held = append(held, mdRef(it))
	}
	return []phrase{mdOnly(mark), mdOnly(name), ratio(g.Done, g.Total, g.PercentDone()), mdOnly(needs), mdOnly(strings.Join(held, ", "))}
}

// gateBlocks are the gate's verdict and title (the text's; the Markdown
// has them in the table) and the blockers that hold it or were dropped.
func gateBlocks(g GateResult) []block {
	blocks := []block{textOnly{para{p: phrase{text: g.Summary()}}}}
	if g.Title != "" {
		blocks = append(blocks, textOnly{para{p: phrase{text: oneLine(g.Title)}, depth: 1, cut: true}})
	}
	id := "**" + mdText(g.ID) + "**"
	if len(g.Holding) > 0 {
		lead := phrase{"held by:", id + " is held by:"}
		if g.Met {
			lead = phrase{"still left:", id + " is met; still left:"}
		}
		blocks = append(blocks, para{p: lead, depth: 1}, itemList{items: g.Holding, depth: 2})
	}
	if len(g.DroppedItems) > 0 {
		// The text's verdict already says when the gate cannot be met.
		md := id + ": dropped, so not counted as done"
		if !g.Reachable {
			md += " (the gate cannot be met while they stay dropped)"
		}
		lead := phrase{"dropped, so not counted as done:", md + ":"}
		blocks = append(blocks, para{p: lead, depth: 1}, itemList{items: g.DroppedItems, depth: 2})
	}
	return blocks
}

// milestonesBody is the table of milestones, and in Markdown a chart of
// their percent done. The text's status counts days; the dashboard's does
// not, so that it changes only when a milestone turns overdue or done.
func milestonesBody(r Report) []block {
	if len(r.Milestones) == 0 {
		return nil
	}
	rows := make([][]phrase, 0, len(r.Milestones))
	for _, p := range r.Milestones {
		name := plain(milestoneName(p))
		if p.ID == "" {
			name.md = "_" + name.md + "_"
		}
		rows = append(rows, []phrase{
			name, same(dueString(p)),
			{fraction(p.Tally), fmt.Sprintf("%d/%d (%d%%)", p.Done, p.Work(), p.Percent)},
			same(strconv.Itoa(p.Left())), same(strconv.Itoa(p.Dropped)), same(words.Hours(p.HoursLeft)),
			{milestoneStatus(p, true), mdMilestoneStatus(p)},
		})
	}
	return []block{
		table{
			head:  []string{"Milestone", "Due", "Done", "Left", "Dropped", "Hours left", "Status"},
			align: "llrrrrl", textAlign: "lllrrrl", rows: rows,
		},
		percentChart(r.Milestones),
	}
}

// mdMilestoneStatus is milestoneStatus without days, marked for the eye.
func mdMilestoneStatus(p Progress) string {
	status := milestoneStatus(p, false)
	switch status {
	case "done":
		return "✅ done"
	case "overdue":
		return "⚠️ overdue"
	}
	return status
}

// percentChart is a bar chart of the milestones' percent done.
func percentChart(ms []Progress) chart {
	var b strings.Builder
	b.WriteString("```mermaid\nxychart-beta\n    title \"Percent done per milestone\"\n    x-axis [")
	for i, p := range ms {
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
	for i, p := range ms {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(p.Percent))
	}
	b.WriteString("]\n```\n")
	return chart(b.String())
}

// hoursByCategoryBody is a pie of the hours left per category.
func hoursByCategoryBody(r Report) []block {
	if len(r.ByCategory) == 0 {
		return nil
	}
	var slices []string
	for _, g := range r.ByCategory {
		// Mermaid draws no zero-sized slice; listing it would only clutter the legend.
		if g.HoursLeft > 0 {
			slices = append(slices, "    "+mermaidString(categoryName(g.Key))+" : "+words.Number(g.HoursLeft))
		}
	}
	if len(slices) == 0 {
		return []block{para{p: same("No hours left.")}}
	}
	return []block{chart("```mermaid\npie title Hours left by category\n" + strings.Join(slices, "\n") + "\n```\n")}
}

// groupsBody is the table of tallies per priority or category (key names
// the first column).
func groupsBody(key string, gs []Group) []block {
	if len(gs) == 0 {
		return nil
	}
	rows := make([][]phrase, 0, len(gs))
	for _, g := range gs {
		rows = append(rows, []phrase{
			plain(categoryName(g.Key)), ratio(g.Done, g.Work(), g.PercentDone()),
			same(strconv.Itoa(g.Open)), same(strconv.Itoa(g.NotSynced)), same(strconv.Itoa(g.Dropped)),
			same(words.Hours(g.HoursDone)), same(words.Hours(g.HoursLeft)),
		})
	}
	return []block{table{
		head:  []string{key, "Done", "Open", "Not synced", "Dropped", "Hours done", "Hours left"},
		align: "lrrrrrr", rows: rows,
	}}
}

// blockedBody lists the blocked work, each with what it waits for.
func blockedBody(r Report) []block {
	if len(r.Blocked) == 0 {
		return nil
	}
	items := make([]Item, len(r.Blocked))
	notes := make([]phrase, len(r.Blocked))
	for i, bl := range r.Blocked {
		items[i] = bl.Item
		notes[i] = waitsFor(bl.WaitingOn)
	}
	return []block{itemList{items: items, notes: notes}}
}

// waitsFor names the dependencies not done: "P0-002 (open #9)" in the
// text, "P0-002 (#9, open)" in Markdown, where GitHub links #9.
func waitsFor(deps []Dependency) phrase {
	text := make([]string, len(deps))
	md := make([]string, len(deps))
	for i, d := range deps {
		text[i] = d.ID + " (" + string(d.Status)
		md[i] = mdText(d.ID) + " ("
		if d.Issue != 0 {
			text[i] += " #" + strconv.Itoa(d.Issue)
			md[i] += "#" + strconv.Itoa(d.Issue) + ", "
		}
		text[i] += ")"
		md[i] += string(d.Status) + ")"
	}
	return phrase{"waits for " + strings.Join(text, ", "), "waits for " + strings.Join(md, ", ")}
}

// statusBody lists the blockers with status s, in catalog order.
func statusBody(s Status) func(Report) []block {
	return func(r Report) []block {
		var items []Item
		for _, it := range r.Blockers {
			if it.Status == s {
				items = append(items, it)
			}
		}
		if len(items) == 0 {
			return nil
		}
		return []block{itemList{items: items}}
	}
}

// duplicatesBody names, per blocker with several issues, the one that counts.
func duplicatesBody(r Report) []block {
	var l list
	for _, it := range r.Blockers {
		if len(it.Duplicates) > 0 {
			l = append(l, phrase{
				it.ID + ": counts " + issueRef(it.Issue) + "; also " + refs(it.Duplicates),
				mdText(it.ID) + ": #" + strconv.Itoa(it.Issue) + " counts; also " + refs(it.Duplicates),
			})
		}
	}
	if len(l) == 0 {
		return nil
	}
	return []block{l}
}

// gapsNote says where the declared totals come from.
func gapsNote(r Report) phrase {
	if r.DeclaredSource == "" {
		return phrase{}
	}
	return phrase{" (" + oneLine(r.DeclaredSource) + ")", "Declared in " + mdText(r.DeclaredSource) + "."}
}

func gapsBody(r Report) []block {
	ss := make([]string, len(r.Gaps))
	for i, g := range r.Gaps {
		ss[i] = g.Sentence()
	}
	return sentences(ss)
}

func ignoredBody(r Report) []block {
	ss := make([]string, len(r.Ignored))
	for i, g := range r.Ignored {
		ss[i] = g.String()
	}
	return sentences(ss)
}

// sentences lists sentences for people, escaped for Markdown but not
// folded: the text wraps them at spaces anyway.
func sentences(ss []string) []block {
	if len(ss) == 0 {
		return nil
	}
	l := make(list, len(ss))
	for i, s := range ss {
		l[i] = phrase{s, mdText(s)}
	}
	return []block{l}
}

// title names the project, the day and the repository: the first line of
// the text and of Markdown (not of the dashboard's body, which has no day).
func (r Report) title() phrase {
	t := same("Progress")
	if r.Project != "" {
		t = phrase{r.Project + ": progress", "**" + mdText(r.Project) + "**: progress"}
	}
	if !r.Today.IsZero() {
		t.text += " on " + r.Today.String()
		t.md += " on " + r.Today.String()
	}
	if r.Repository != "" {
		t.text += " (" + r.Repository + ")"
		t.md += " (" + mdText(r.Repository) + ")"
	}
	return t
}

func refs(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = issueRef(n)
	}
	return strings.Join(s, ", ")
}

func categoryName(key string) string {
	if key == "" {
		return "(none)"
	}
	return key
}
