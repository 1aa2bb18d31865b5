// Package marker owns the hidden HTML comments that tie GitHub objects to
// catalog entries, and the managed region of an issue body.
//
// Identity lives in the body, never in the title: people retitle issues and
// strip labels, but a hidden comment survives both. Everything outside the
// region between the begin and end markers belongs to people and is kept byte
// for byte.
package marker

import (
	"regexp"
	"strings"
)

// Kind says what an issue stands for.
type Kind string

// The kinds of managed issues.
const (
	Blocker   Kind = "blocker"
	Dashboard Kind = "dashboard"
)

// Key identifies a managed issue.
type Key struct {
	Kind Kind
	ID   string
}

// BlockerKey is the key of a blocker's issue.
func BlockerKey(id string) Key { return Key{Blocker, id} }

// DashboardKey is the key of the dashboard issue.
func DashboardKey() Key { return Key{Dashboard, "progress"} }

func (k Key) String() string { return string(k.Kind) + "=" + k.ID }

// Begin is the line that opens k's managed region.
func Begin(k Key) string { return "<!-- ghsync:begin " + k.String() + " -->" }

// End is the line that closes k's managed region.
func End(k Key) string { return "<!-- ghsync:end " + k.String() + " -->" }

// Wrap puts content between k's markers: the managed region of a new body.
func Wrap(k Key, content string) string {
	return Begin(k) + "\n" + strings.TrimRight(content, "\n") + "\n" + End(k)
}

var beginRE = regexp.MustCompile(`<!-- ghsync:begin (blocker|dashboard)=([A-Za-z0-9][A-Za-z0-9._-]{0,39}) -->`)

// Keys lists every key whose begin marker appears in body, in order and
// without repeats. More than one means a person pasted a marker into the
// issue; the caller decides what that means.
func Keys(body string) []Key {
	var out []Key
	seen := map[Key]bool{}
	for _, m := range beginRE.FindAllStringSubmatch(body, -1) {
		k := Key{Kind(m[1]), m[2]}
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// Find returns the key of the first begin marker in body.
func Find(body string) (Key, bool) {
	m := beginRE.FindStringSubmatch(body)
	if m == nil {
		return Key{}, false
	}
	return Key{Kind(m[1]), m[2]}, true
}

// region returns the byte range [start, end) of k's region including both
// markers. A begin marker without an end marker makes the region run to the
// end of the body: by contract everything after our begin marker is ours,
// and leaving the rest in place would duplicate it.
func region(body string, k Key) (start, end int, ok bool) {
	b := Begin(k)
	start = strings.Index(body, b)
	if start < 0 {
		return 0, 0, false
	}
	e := End(k)
	rel := strings.Index(body[start+len(b):], e)
	if rel < 0 {
		return start, len(body), true
	}
	return start, start + len(b) + rel + len(e), true
}

// Managed returns the content between k's markers, without the newlines that
// Wrap puts next to them.
func Managed(body string, k Key) (string, bool) {
	start, end, ok := region(body, k)
	if !ok {
		return "", false
	}
	inner := body[start+len(Begin(k)) : end]
	inner = strings.TrimSuffix(inner, End(k))
	inner = strings.TrimPrefix(inner, "\n")
	inner = strings.TrimSuffix(inner, "\n")
	return inner, true
}

// Splice returns body with k's managed region holding content, keeping every
// byte outside the region. A body without the region gets it at its end,
// after the person's text.
func Splice(body string, k Key, content string) string {
	start, end, ok := region(body, k)
	if !ok {
		if body == "" {
			return Wrap(k, content)
		}
		sep := "\n\n"
		if strings.HasSuffix(body, "\n") {
			sep = "\n"
		}
		return body + sep + Wrap(k, content)
	}
	return body[:start] + Wrap(k, content) + body[end:]
}

// Neutralize makes catalog text safe to put inside a managed region: any
// HTML comment opener is escaped so text cannot forge or close a marker.
func Neutralize(s string) string {
	return strings.ReplaceAll(s, "<!--", "&lt;!--")
}

var milestoneRE = regexp.MustCompile(`<!-- ghsync:milestone=([A-Za-z0-9][A-Za-z0-9._-]{0,39}) -->`)

// MilestoneID returns the catalog id hidden in a milestone description.
func MilestoneID(description string) (string, bool) {
	m := milestoneRE.FindStringSubmatch(description)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// MilestoneDescription is the description ghsync writes for milestone id:
// the visible text, then the hidden key (Markdown hides the comment).
func MilestoneDescription(id, text string) string {
	key := "<!-- ghsync:milestone=" + id + " -->"
	text = strings.TrimRight(Neutralize(text), "\n ")
	if text == "" {
		return key
	}
	return text + "\n\n" + key
}

// statusRE starts with the literal so Go's regexp can skip to it; a leading
// optional newline made it scan every body from each position (80% of Diff).
var statusRE = regexp.MustCompile(`<!-- ghsync:status=([a-z_]+) -->`)

// Status values recorded in a managed region: the last state ghsync itself
// set. Comparing the catalog with this record (not with GitHub's live state)
// is what lets a person's close or reopen stand.
const (
	StatusOpen       = "open"
	StatusCompleted  = "completed"
	StatusNotPlanned = "not_planned"
	StatusRemoved    = "removed"
)

// Status returns the status recorded in managed content; "" when none.
func Status(managed string) string {
	m := statusRE.FindStringSubmatch(managed)
	if m == nil {
		return ""
	}
	return m[1]
}

// WithStatus returns managed content that records status (replacing any
// earlier record) as its last line.
func WithStatus(managed, status string) string {
	if locs := statusRE.FindAllStringIndex(managed, -1); len(locs) > 0 {
		var b strings.Builder
		prev := 0
		for _, l := range locs {
			start := l[0]
			if start > prev && managed[start-1] == '\n' {
				start-- // the record's own line break goes with it
			}
			b.WriteString(managed[prev:start])
			prev = l[1]
		}
		b.WriteString(managed[prev:])
		managed = b.String()
	}
	return strings.TrimRight(managed, "\n") + "\n<!-- ghsync:status=" + status + " -->"
}
