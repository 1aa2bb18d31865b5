package report

import "fmt"

// The vocabulary sections build their content from, neutral to the output:
// text.go and markdown.go each write every kind of block, so the two
// renderers cannot drift apart in what they say, only in how.

// phrase is one thing said in both outputs. Most phrases differ only in
// escaping (plain), but the text and the dashboard word some things apart:
// the dashboard has no counts of days, which would change it daily.
type phrase struct{ text, md string }

// plain is catalog text: folded onto one line, and escaped for Markdown.
func plain(s string) phrase { return phrase{oneLine(s), mdText(s)} }

// same is text that needs no escaping, such as a number or a fixed word.
func same(s string) phrase { return phrase{s, s} }

// mdOnly is a phrase only the Markdown says.
func mdOnly(s string) phrase { return phrase{md: s} }

// says is a note that does not depend on the report.
func says(text, md string) func(Report) phrase {
	return func(Report) phrase { return phrase{text, md} }
}

// ratio is "done/work pct%" in the text, "done/work (pct%)" in Markdown.
func ratio(done, work, percent int) phrase {
	return phrase{
		fmt.Sprintf("%d/%d %d%%", done, work, percent),
		fmt.Sprintf("%d/%d (%d%%)", done, work, percent),
	}
}

// block is one piece of a section's content. text.go and markdown.go
// write each kind; an empty string means the output leaves the block out.
type block interface {
	text() string
	markdown() string
}

// facts are labelled lines of figures: the totals.
type facts []fact

// fact is "label: parts; aside", the aside being what is counted apart.
type fact struct {
	label string
	parts []string
	aside string
}

// table is rows under a header.
type table struct {
	// head is as Markdown writes it; the text writes it in capitals.
	head []string
	// align has one letter per column, l or r; textAlign, when set,
	// replaces it in the text.
	align, textAlign string
	rows             [][]phrase
	// flex is the column the text cuts when the rows are too wide (the
	// first by default).
	flex int
}

// para is one sentence or line. depth nests it in the text (two spaces a
// level, plus two for wrapped lines); cut truncates it to one line there
// instead of wrapping.
type para struct {
	p     phrase
	depth int
	cut   bool
}

// itemList lists blockers, each optionally with a note (what it waits for).
type itemList struct {
	items []Item
	notes []phrase // nil, or one per item
	depth int
}

// list is sentences, one bullet each.
type list []phrase

// chart is a Mermaid chart, verbatim; the terminal has none.
type chart string

// preformatted is lines the text writes as they are (a chart of bars);
// the Markdown has its own chart.
type preformatted []string

func (preformatted) markdown() string { return "" }

// textOnly is a block the Markdown says otherwise (in a table).
type textOnly struct{ block }

// markdownOnly is a block the text says otherwise (line by line).
type markdownOnly struct{ block }

func (textOnly) markdown() string { return "" }

func (markdownOnly) text() string { return "" }
