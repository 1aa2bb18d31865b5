package report

import (
	"fmt"
	"github.com/ghsync/ghsync/internal/words"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Summary is the one-line verdict of a gate, the line `ghsync gate` prints:
//
//	production: met (11/11 done)
//	enterprise: not met (7/10 done = 70%, needs 80%: 1 more)
func (g GateResult) Summary() string {
	verdict := "met"
	if !g.Met {
		verdict = "not met"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (%d/%d done", g.ID, verdict, g.Done, g.Total)
	if g.Percent < 100 {
		fmt.Fprintf(&b, " = %d%%, needs %d%%", g.PercentDone(), g.Percent)
	} else if !g.Met {
		b.WriteString(", needs all")
	}
	if !g.Met {
		fmt.Fprintf(&b, ": %d more", g.MoreNeeded)
	}
	if g.Dropped > 0 {
		fmt.Fprintf(&b, "; %d dropped, not counted as done", g.Dropped)
	}
	if !g.Reachable {
		b.WriteString("; cannot be met while they stay dropped")
	}
	b.WriteString(")")
	return b.String()
}

// Line is the blocker on one line, as `ghsync gate` lists what holds a gate:
//
//	P0-003 #14 open Insufficient Secrets Management for Production
//	P0-005 - not_synced Missing Health Checks
func (it Item) Line() string {
	s := it.ID + " " + issueRef(it.Issue) + " " + string(it.Status)
	if it.Title != "" {
		s += " " + oneLine(it.Title)
	}
	return s
}

func issueRef(n int) string {
	if n == 0 {
		return "-"
	}
	return "#" + strconv.Itoa(n)
}

// statusWord is how text lists a status: dropped items show why.
func statusWord(it Item) string {
	if it.Status == Dropped && it.StateReason != "" {
		return it.StateReason
	}
	return string(it.Status)
}

// milestoneStatus says where a milestone stands; withDays adds counts of
// days, which only the text has (they would change the dashboard daily).
func milestoneStatus(p Progress, withDays bool) string {
	switch {
	case p.Total == 0:
		return "no blockers"
	case p.Left() == 0:
		return "done"
	case p.Overdue && withDays:
		return "overdue by " + words.Plural(p.DaysOverdue, "day")
	case p.Overdue:
		return "overdue"
	case p.DaysLeft != nil && withDays && *p.DaysLeft == 0:
		return "due today"
	case p.DaysLeft != nil && withDays:
		return "due in " + words.Plural(*p.DaysLeft, "day")
	case p.Due.IsZero():
		return "no due date"
	}
	return "open"
}

// milestoneName is "M1 Foundation", or the title alone when it already
// starts with the id ("M1: Foundation").
func milestoneName(p Progress) string {
	if p.ID == "" || p.Title == "" || strings.HasPrefix(p.Title, p.ID) {
		return p.Title
	}
	return p.ID + " " + p.Title
}

func dueString(p Progress) string {
	if p.Due.IsZero() {
		return "-"
	}
	return p.Due.String()
}

// fraction is "done/work pct%" for tallies.
func fraction(t Tally) string {
	return fmt.Sprintf("%d/%d %d%%", t.Done, t.Work(), t.PercentDone())
}

// oneLine folds a title onto one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// truncate cuts s to n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return "…"
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// wrap breaks s into lines of at most width runes at spaces; the first line
// starts with first, the following ones with rest.
func wrap(s string, width int, first, rest string) []string {
	var lines []string
	line := first
	empty := true
	for _, word := range strings.Fields(s) {
		if !empty && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > width {
			lines = append(lines, line)
			line, empty = rest, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	return append(lines, line)
}
