package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

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
	return s + "."
}

func (c Change) head() string {
	h := string(c.Kind) + " " + c.ID
	if c.Number != nil {
		h += fmt.Sprintf(" #%d", *c.Number)
	}
	if c.Kind == KindIssue || c.Kind == KindMilestone || c.Kind == KindDashboard {
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
	for _, c := range p.Changes {
		sym, code := symbol(c.Action)
		line := "  " + st.paint(code, sym) + " " + c.head()
		if c.Action == Close || c.Action == Reopen {
			line += " " + st.paint(code, string(c.Action))
		}
		if c.Reason != "" {
			line += " (" + c.Reason + ")"
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
			continue
		}
		for _, f := range c.Fields {
			b.WriteString("      " + fieldText(c.Action, f) + "\n")
		}
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

func fieldText(a Action, f Field) string {
	if f.Name == "body" {
		added, removed := lineDiff(display(f.Old), display(f.New))
		return fmt.Sprintf("body: managed part changes (+%d -%d lines)", added, removed)
	}
	if a == Create {
		if f.New == "" {
			return f.Name + ": (none)"
		}
		return f.Name + " " + quote(f.New)
	}
	return fmt.Sprintf("%s: %s -> %s", f.Name, quote(f.Old), quote(f.New))
}

// lineDiff counts lines only in new (added) and only in old (removed).
func lineDiff(old, new string) (added, removed int) {
	count := map[string]int{}
	for _, l := range strings.Split(old, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(new, "\n") {
		if count[l] > 0 {
			count[l]--
		} else {
			added++
		}
	}
	for _, n := range count {
		removed += n
	}
	return added, removed
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
	b.WriteString("| create | update | close | reopen |\n|---:|---:|---:|---:|\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d |\n\n", p.Summary.Create, p.Summary.Update, p.Summary.Close, p.Summary.Reopen)
	if p.Empty() {
		b.WriteString("No changes: GitHub matches the catalog.\n")
	} else {
		fold := len(p.Changes) > 10
		if fold {
			fmt.Fprintf(&b, "<details><summary>%d changes</summary>\n\n", len(p.Changes))
		}
		b.WriteString("| | kind | id | issue | change |\n|---|---|---|---|---|\n")
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
				what = append(what, mdEscape(fieldText(c.Action, f)))
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", sym, c.Kind, mdEscape(c.ID), num, strings.Join(what, "<br>"))
		}
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

func mdEscape(s string) string {
	r := strings.NewReplacer("|", "\\|", "\n", " ", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}
