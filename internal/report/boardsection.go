package report

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/ghsync/ghsync/internal/words"
)

// The board's section: the catalog's GitHub Project as the text and the
// Markdown show it. It is kept off the dashboard: the dashboard is
// refreshed from the state a run leaves, which apply works out for the
// issues but does not read back for the board, so a board section there
// would lag a run behind and cost a write on the next; and items people
// add to the board would rewrite ghsync's issue.

// boardNote is the Project's title and address after the heading; for a
// board the report cannot show, also why, so that the text says it in
// one line.
func boardNote(r Report) phrase {
	b := r.Board
	if b == nil {
		return phrase{}
	}
	p := phrase{": " + safeText(b.Title), "GitHub Project " + mdUntrusted(b.Title)}
	if b.URL != "" {
		p.text += " (" + safeText(b.URL) + ")"
		p.md += " (" + mdUntrusted(b.URL) + ")"
	}
	if why, ok := boardUnseen(b); ok {
		return phrase{p.text + ": " + why.text, p.md + ": " + why.md}
	}
	return phrase{p.text, p.md + "."}
}

// boardUnseen says why the report cannot show the board, if it cannot.
func boardUnseen(b *Board) (phrase, bool) {
	switch {
	case b.NoAccess != "":
		return same("the token cannot see it; see docs/board.md for the access it needs."), true
	case !b.Found:
		return phrase{"no such Project yet (ghsync apply creates it).", "no such Project yet; `ghsync apply` creates it."}, true
	}
	return phrase{}, false
}

// boardBody is the board's figures: the managed items by Status, the
// current sprint and the sprints over with work left, what people added,
// the blockers missing from the board, and the newest status update.
func boardBody(r Report) []block {
	b := r.Board
	if b == nil {
		return nil
	}
	if _, ok := boardUnseen(b); ok {
		// The heading's note says it all.
		return []block{said{}}
	}
	text, md := boardFacts(r)
	blocks := []block{markdownOnly{md}}
	for _, f := range text {
		// A line each, under the heading and wrapped: a person's
		// Status options can make the line long.
		blocks = append(blocks, textOnly{para{p: phrase{text: factLine(f)}}})
	}
	if len(b.Missing) > 0 {
		blocks = append(blocks,
			para{p: phrase{"not on the board (ghsync apply adds them):", "Not on the board; `ghsync apply` adds them:"}},
			itemList{items: b.Missing, depth: 1})
	}
	return blocks
}

// boardFacts are the board's figures as the text says them (and the
// page, which escapes them itself) and as the Markdown does.
func boardFacts(r Report) (text, md facts) {
	b := r.Board
	text = facts{{label: "Items", parts: []string{words.Plural(b.Managed, "item") + " ghsync manages"}}}
	if b.Added > 0 {
		text[0].aside = words.Plural(b.Added, "item") + " people added, left alone"
	}
	md = append(facts{}, text...)
	if len(b.ByStatus) > 0 {
		tp, mp := make([]string, len(b.ByStatus)), make([]string, len(b.ByStatus))
		for i, s := range b.ByStatus {
			name := s.Status
			if name == "" {
				tp[i], mp[i] = "no Status "+strconv.Itoa(s.Items), "no Status "+strconv.Itoa(s.Items)
				continue
			}
			tp[i] = safeText(name) + " " + strconv.Itoa(s.Items)
			mp[i] = mdUntrusted(name) + " " + strconv.Itoa(s.Items)
		}
		text = append(text, fact{label: "Status", parts: tp})
		md = append(md, fact{label: "Status", parts: mp})
	}
	if s := b.Sprint; s != nil {
		f := fact{label: "Sprint", parts: []string{s.Title + " (" + s.Start.String() + " to " + s.End.String() + ")"}}
		if s.Total == 0 {
			f.parts = append(f.parts, "no blockers in it")
		} else {
			f.parts = append(f.parts, words.Plural(s.Work(), "blocker"),
				strconv.Itoa(s.Done)+"/"+strconv.Itoa(s.Work())+" done ("+strconv.Itoa(s.Percent)+"%)",
				words.Hours(s.HoursLeft)+" left")
		}
		if s.Dropped > 0 {
			f.aside = strconv.Itoa(s.Dropped) + " dropped, not counted"
		}
		text, md = append(text, f), append(md, f)
	}
	for _, s := range b.LateSprints {
		f := fact{label: "Late", parts: []string{
			s.Title + " ended " + s.End.String() + " with " + strconv.Itoa(s.Left()) + " left: " + firstIDs(leftIDs(r, s.Blockers), lateShown),
		}}
		text, md = append(text, f), append(md, f)
	}
	if u := b.Update; u != nil {
		word := updateWord(u.Status)
		tw, mw := word, word
		if word == "" {
			tw, mw = safeText(u.Status), mdUntrusted(u.Status)
		}
		if !u.Posted.IsZero() {
			tw += " (posted " + u.Posted.String() + ")"
			mw += " (posted " + u.Posted.String() + ")"
		}
		text = append(text, fact{label: "Update", parts: []string{tw}})
		md = append(md, fact{label: "Update", parts: []string{mw}})
	}
	return text, md
}

// factLine is "label: parts; aside" on one line.
func factLine(f fact) string {
	s := f.label + ": " + strings.Join(f.parts, ", ")
	if f.aside != "" {
		s += "; " + f.aside
	}
	return s
}

// lateShown is how many of a late sprint's blockers the report names:
// the JSON has them all, the line stays short.
const lateShown = 5

// firstIDs names the first n ids, and counts the rest.
func firstIDs(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:n], ", ") + " and " + strconv.Itoa(len(ids)-n) + " more"
}

// leftIDs are the blockers of ids with work left, in the order given.
func leftIDs(r Report, ids []string) []string {
	left := map[string]bool{}
	for _, it := range r.Blockers {
		left[it.ID] = it.Status.Left()
	}
	var out []string
	for _, id := range ids {
		if left[id] {
			out = append(out, id)
		}
	}
	return out
}

// updateWord says a status update's status as GitHub shows it; "" for a
// status ghsync does not know, which is shown escaped, as it came.
func updateWord(s string) string {
	switch s {
	case "ON_TRACK":
		return "on track"
	case "AT_RISK":
		return "at risk"
	case "OFF_TRACK":
		return "off track"
	case "INACTIVE":
		return "inactive"
	case "COMPLETE":
		return "complete"
	}
	return ""
}

// safeText is text from GitHub made safe for a terminal: on one line,
// without control characters (a terminal takes an escape sequence as a
// command).
func safeText(s string) string {
	return oneLine(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s))
}

// mdUntrusted escapes text from GitHub that people other than ghsync's
// writers may have set (a Project's title, a Status option) so Markdown
// shows it as text: no link, image, emphasis, HTML or table cell break.
func mdUntrusted(s string) string {
	s = safeText(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '(', ')', '#', '!', '~', '|', '<', '>', '&', '@':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// said is the block of a section whose heading says everything: it
// shows the section and writes nothing more.
type said struct{}

func (said) text() string     { return "" }
func (said) markdown() string { return "" }
