package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ghsync/ghsync/internal/desired"
)

// Style says how to colour text output.
type Style struct {
	Color bool
}

func (s Style) paint(code, text string) string {
	if !s.Color {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// Symbol is the sign an action is shown with: + create, ~ update, - close,
// ^ reopen (the plan, apply's progress and the dashboard line).
func Symbol(a Action) string {
	s, _ := symbol(a)
	return s
}

func symbol(a Action) (string, string) {
	switch a {
	case Create:
		return "+", "32"
	case Update:
		return "~", "33"
	case Close:
		return "-", "31"
	case Reopen:
		return "^", "36"
	case Delete:
		return "-", "31"
	}
	return "?", "0"
}

// display shows references as plain blocker ids: numbers of issues that do not
// exist yet are unknown until apply.
func display(s string) string {
	return desired.Resolve(s, func(string) (int, bool) { return 0, false })
}

func quote(s string) string {
	s = display(s)
	if len(s) > 70 {
		s = s[:67] + "..."
	}
	return fmt.Sprintf("%q", s)
}

// SummaryLine is "Plan: 12 to create, 3 to update, 1 to close." or "No changes.".
func (p Plan) SummaryLine() string {
	if p.Empty() {
		return "No changes."
	}
	s := fmt.Sprintf("Plan: %d to create, %d to update, %d to close", p.Summary.Create, p.Summary.Update, p.Summary.Close)
	if p.Summary.Reopen > 0 {
		s += fmt.Sprintf(", %d to reopen", p.Summary.Reopen)
	}
	if p.Summary.Links > 0 || p.Summary.Unlinks > 0 {
		s += fmt.Sprintf("; %d blocked-by links to add, %d to remove", p.Summary.Links, p.Summary.Unlinks)
	}
	if p.Summary.SubIssues > 0 || p.Summary.SubIssuesRemoved > 0 {
		s += fmt.Sprintf("; %d sub-issues to attach, %d to remove", p.Summary.SubIssues, p.Summary.SubIssuesRemoved)
	}
	if p.Summary.Board > 0 {
		s += fmt.Sprintf("; %d board changes", p.Summary.Board)
	}
	return s + "."
}

func (c Change) head() string {
	h := string(c.Kind) + " " + c.ID
	if c.Number != nil && !IsBoard(c.Kind) {
		h += fmt.Sprintf(" #%d", *c.Number)
	}
	if c.Kind == KindBoardItem && c.Action == Close {
		h += " (archived)"
	}
	if IsIssue(c.Kind) || c.Kind == KindMilestone {
		if c.Title != "" && c.Title != c.ID {
			h += " " + quote(c.Title)
		}
	}
	return h
}

// Text writes the plan for people, one line per change with its fields below.
func (p Plan) Text(w io.Writer, st Style) error {
	var b strings.Builder
	if p.Empty() {
		fmt.Fprintf(&b, "%s matches the catalog.\n\n", p.Repository)
	} else {
		fmt.Fprintf(&b, "ghsync will make these changes to %s:\n\n", p.Repository)
	}
	// Relationships (blocked-by links, sub-issues) are shown under their
	// issue's change, or under a line of their own for an issue that
	// changes otherwise not.
	rels := map[string][]Change{}
	shown := map[string]bool{}
	var relKeys []string
	for _, c := range p.Changes {
		if k, ok := relOwner(c); ok {
			if rels[k] == nil {
				relKeys = append(relKeys, k)
			}
			rels[k] = append(rels[k], c)
		}
	}
	writeRels := func(k string) {
		if shown[k] {
			return
		}
		shown[k] = true
		for _, l := range rels[k] {
			sym, code := symbol(l.Action)
			b.WriteString("      " + st.paint(code, sym) + " " + l.relText() + "\n")
		}
	}
	for _, c := range p.Changes {
		if _, ok := relOwner(c); ok {
			continue
		}
		writeChange(&b, c, st)
		if c.Kind == KindTracker || c.Kind == KindIssue && (c.Action == Create || c.Action == Update || c.Action == Reopen) {
			writeRels(string(c.Kind) + " " + c.ID + numberKey(c.Number))
		}
	}
	for _, k := range relKeys {
		if shown[k] {
			continue
		}
		l := rels[k][0]
		kind := KindIssue
		if l.Kind == KindSubIssue {
			kind = KindTracker
		}
		b.WriteString("  " + st.paint("33", "~") + " " + Change{Kind: kind, ID: l.ID, Number: l.Number, Title: l.Title}.head() + "\n")
		writeRels(k)
	}
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "\nNote: %s\n", n)
	}
	if !p.Empty() || len(p.Notes) > 0 {
		b.WriteString("\n")
	}
	b.WriteString(p.SummaryLine() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// relOwner is the key of the change a relationship change is shown
// under: its issue's for a link, its tracker's for a sub-issue (the one
// of that number: a plan may close a copy of the same entry).
func relOwner(c Change) (string, bool) {
	switch c.Kind {
	case KindLink:
		return string(KindIssue) + " " + c.ID + numberKey(c.Number), true
	case KindSubIssue:
		return string(KindTracker) + " " + c.ID + numberKey(c.Number), true
	}
	return "", false
}

// numberKey tells apart the changes of one entry's issues (a tracker and
// the copy of it a plan closes).
func numberKey(n *int) string {
	if n == nil {
		return ""
	}
	return fmt.Sprintf(" #%d", *n)
}

// relText is a relationship change as its issue's plan shows it:
// "blocked by P0-001", "sub-issue P0-001 #12 (moved from #3)".
func (c Change) relText() string {
	if c.Kind == KindSubIssue && c.SubIssue != nil {
		s := "sub-issue " + c.SubIssue.Blocker
		if c.SubIssue.Number != nil {
			s += fmt.Sprintf(" #%d", *c.SubIssue.Number)
		}
		if c.SubIssue.From != nil {
			s += fmt.Sprintf(" (moved from #%d)", *c.SubIssue.From)
		}
		return s
	}
	if c.Link == nil {
		return string(c.Kind) + " " + c.ID
	}
	s := "blocked by " + c.Link.BlockedBy
	if c.Link.Number != nil {
		s += fmt.Sprintf(" #%d", *c.Link.Number)
	}
	return s
}

// writeChange writes one change and its fields.
func writeChange(b *strings.Builder, c Change, st Style) {
	sym, code := symbol(c.Action)
	line := "  " + st.paint(code, sym) + " " + c.head()
	if c.Action == Close || c.Action == Reopen {
		line += " " + st.paint(code, string(c.Action))
	}
	if c.Reason != "" {
		line += " (" + c.Reason + ")"
	}
	if IsBoard(c.Kind) && c.Action == Update && len(c.Fields) == 1 {
		// ~ board item P0-004: Sprint "Sprint 3" -> "Sprint 4"
		b.WriteString(line + ": " + fieldText(c.Action, c.Fields[0]) + "\n")
		return
	}
	b.WriteString(line + "\n")
	if c.Action == Create {
		// A new object's values fit on one line.
		var parts []string
		for _, f := range c.Fields {
			if f.New != "" {
				parts = append(parts, fieldText(c.Action, f))
			}
		}
		if len(parts) > 0 {
			b.WriteString("      " + strings.Join(parts, ", ") + "\n")
		}
		return
	}
	for _, f := range c.Fields {
		if f.Name != "body" {
			b.WriteString("      " + fieldText(c.Action, f) + "\n")
			continue
		}
		d := bodyDiff(f)
		b.WriteString("      " + bodyText(d) + "\n")
		writeTextDiff(b, d, st)
	}
}

func fieldText(a Action, f Field) string {
	if f.Name == "body" {
		return bodyText(bodyDiff(f))
	}
	if a == Create {
		if f.New == "" {
			return f.Name + ": (none)"
		}
		return f.Name + " " + quote(f.New)
	}
	return fmt.Sprintf("%s: %s -> %s", f.Name, quote(f.Old), quote(f.New))
}

// bodyDiff is how the managed region changes, as people read it (blocker
// references as ids). The region is followed by its end marker's line, so
// each of its lines ends in a line break; and Wrap drops the new content's
// trailing newlines, so the diff does too, rather than show lines that
// apply never writes.
func bodyDiff(f Field) unified {
	return udiff(display(f.Old)+"\n", strings.TrimRight(display(f.New), "\n")+"\n")
}

func bodyText(d unified) string {
	return fmt.Sprintf("body: managed part changes (+%d -%d lines)", d.Added, d.Removed)
}

// writeTextDiff writes the diff under its field line, coloured as git
// colours it.
func writeTextDiff(b *strings.Builder, d unified, st Style) {
	for _, l := range d.Lines {
		l = visible(l)
		if code := diffColor(l[0]); code != "" {
			l = st.paint(code, l)
		}
		b.WriteString("        " + l + "\n")
	}
}

func diffColor(first byte) string {
	switch first {
	case '-':
		return "31"
	case '+':
		return "32"
	case '@':
		return "36"
	}
	return ""
}

// visible shows control characters as their Unicode pictures (ESC as ␛,
// CR as ␍), invisible direction overrides as <U+202E> and bytes that are
// not UTF-8 as U+FFFD: the region holds what a person typed on GitHub, and
// raw, these could move the terminal's cursor, recolour or hide lines, or
// reorder what a reviewer reads.
func visible(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, hidden) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x20 && r != '\t':
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune('\u2421')
		case hidden(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hidden(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t'
	case r == 0x7f, r >= 0x80 && r <= 0x9f: // DEL and the C1 controls
		return true
	case r == 0x61c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi marks and overrides
		return true
	}
	return false
}

// JSON writes the plan as the stable machine interface documented in the
// README. Blocker references in bodies are kept as tokens so a saved plan can
// be applied later.
func (p Plan) JSON(w io.Writer) error {
	if p.Changes == nil {
		p.Changes = []Change{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// Markdown writes the plan for a GitHub job summary or a pull request
// comment: a summary table, then the changes (folded when there are many).
func (p Plan) Markdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### ghsync plan for `%s`\n\n", p.Repository)
	if p.Summary.Board > 0 {
		b.WriteString("| create | update | close | reopen | board |\n|---:|---:|---:|---:|---:|\n")
		fmt.Fprintf(&b, "| %d | %d | %d | %d | %d |\n\n", p.Summary.Create, p.Summary.Update, p.Summary.Close, p.Summary.Reopen, p.Summary.Board)
	} else {
		b.WriteString("| create | update | close | reopen |\n|---:|---:|---:|---:|\n")
		fmt.Fprintf(&b, "| %d | %d | %d | %d |\n\n", p.Summary.Create, p.Summary.Update, p.Summary.Close, p.Summary.Reopen)
	}
	if p.Empty() {
		b.WriteString("No changes: GitHub matches the catalog.\n")
	} else {
		fold := len(p.Changes) > 10
		if fold {
			fmt.Fprintf(&b, "<details><summary>%d changes</summary>\n\n", len(p.Changes))
		}
		b.WriteString("| | kind | id | issue | change |\n|---|---|---|---|---|\n")
		// A table cell holds one line, so the body diffs follow the table.
		var diffs []string
		for _, c := range p.Changes {
			sym, _ := symbol(c.Action)
			num := ""
			if c.Number != nil {
				num = fmt.Sprintf("#%d", *c.Number)
			}
			var what []string
			if c.Reason != "" {
				what = append(what, c.Reason)
			}
			for _, f := range c.Fields {
				if f.Name != "body" {
					what = append(what, mdEscape(fieldText(c.Action, f)))
					continue
				}
				d := bodyDiff(f)
				what = append(what, mdEscape(bodyText(d)))
				if len(d.Lines) > 0 {
					diffs = append(diffs, mdDiff(c, d))
				}
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", sym, c.Kind, mdEscape(c.ID), num, strings.Join(what, "<br>"))
		}
		b.WriteString(mdDiffs(diffs))
		if fold {
			b.WriteString("\n</details>\n")
		}
	}
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "\n> **Note:** %s\n", mdEscape(n))
	}
	fmt.Fprintf(&b, "\n**%s**\n", p.SummaryLine())
	_, err := io.WriteString(w, b.String())
	return err
}

// mdDiffBudget is the bytes of body diffs one Markdown plan holds. The plan
// goes to a pull request comment, which holds 65,536 characters (the
// workflow's sticky comment cuts it at 64,000), and to a job summary, which
// holds 1 MiB: with no budget, a plan of many body changes would crowd out
// the table and the summary line, or be refused.
const mdDiffBudget = 30000

// mdDiffs are the diffs that fit the budget, in plan order, and a line
// that says how many did not.
func mdDiffs(diffs []string) string {
	var b strings.Builder
	left := 0
	for _, d := range diffs {
		if b.Len()+len(d) > mdDiffBudget {
			left++
			continue
		}
		b.WriteString("\n" + d)
	}
	if left > 0 {
		what := "1 more body diff is"
		if left > 1 {
			what = fmt.Sprintf("%d more body diffs are", left)
		}
		fmt.Fprintf(&b, "\n_%s left out to keep this short: `ghsync plan` shows them all._\n", what)
	}
	return b.String()
}

// mdDiff is a body diff folded under a summary that names the change. The
// fence is longer than any run of backticks in the diff, so no line of the
// region can close it and turn the rest of the comment into its markup.
func mdDiff(c Change, d unified) string {
	lines := make([]string, len(d.Lines))
	longest := 0
	for i, l := range d.Lines {
		lines[i] = visible(l)
		longest = max(longest, longestRun(lines[i], '`'))
	}
	fence := strings.Repeat("`", max(3, longest+1))
	summary := htmlEscape(fmt.Sprintf("body of %s (+%d -%d lines)", c.head(), d.Added, d.Removed))
	return "<details><summary>" + summary + "</summary>\n\n" + fence + "diff\n" + strings.Join(lines, "\n") + "\n" + fence + "\n\n</details>\n"
}

func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := range len(s) {
		if s[i] != c {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	return longest
}

// htmlEscape makes text safe inside an HTML element on one line (a line
// break there could end the HTML block early).
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\n", " ", "\r", " ").Replace(s)
}

func mdEscape(s string) string {
	r := strings.NewReplacer("|", "\\|", "\n", " ", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}
