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
	"slices"
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

// beginPrefix opens every begin marker. The rest of a marker is the kind,
// "=", an id of 1 to 40 characters from [A-Za-z0-9._-] starting with a
// letter or digit, and " -->". Markers are found by hand rather than by a
// regular expression: every plan looks for them in every issue body of the
// repository, and this is several times faster.
const beginPrefix = "<!-- ghsync:begin "

// maxID is the longest id a marker holds.
const maxID = 40

// nextBegin finds the first begin marker in body at or after from: its key
// and the offset just past it; ok is false when there is none.
func nextBegin(body string, from int) (k Key, end int, ok bool) {
	for from <= len(body) {
		i := strings.Index(body[from:], beginPrefix)
		if i < 0 {
			return Key{}, 0, false
		}
		at := from + i + len(beginPrefix)
		if k, end, ok := parseBegin(body, at); ok {
			return k, end, true
		}
		from = from + i + 1
	}
	return Key{}, 0, false
}

// parseBegin reads "KIND=ID -->" at body[at:].
func parseBegin(body string, at int) (Key, int, bool) {
	rest := body[at:]
	var kind Kind
	switch {
	case strings.HasPrefix(rest, "blocker="):
		kind = Blocker
	case strings.HasPrefix(rest, "dashboard="):
		kind = Dashboard
	default:
		return Key{}, 0, false
	}
	rest = rest[len(kind)+1:]
	n := idLen(rest)
	if n == 0 || n > maxID || !isAlnum(rest[0]) || !strings.HasPrefix(rest[n:], " -->") {
		return Key{}, 0, false
	}
	end := at + len(kind) + 1 + n + len(" -->")
	return Key{kind, rest[:n]}, end, true
}

// idLen is the length of the run of id characters at the start of s.
func idLen(s string) int {
	n := 0
	for n < len(s) && (isAlnum(s[n]) || s[n] == '.' || s[n] == '_' || s[n] == '-') {
		n++
	}
	return n
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Keys lists every key whose begin marker appears in body, in order and
// without repeats. More than one means a person pasted a marker into the
// issue; the caller decides what that means.
func Keys(body string) []Key {
	var out []Key
	for from := 0; ; {
		k, end, ok := nextBegin(body, from)
		if !ok {
			return out
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
		from = end
	}
}

// Find returns the key of the first begin marker in body.
func Find(body string) (Key, bool) {
	k, _, ok := nextBegin(body, 0)
	return k, ok
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

// statusPrefix opens the status record "<!-- ghsync:status=VALUE -->",
// VALUE being one or more of [a-z_]; found by hand, as begin markers are.
const statusPrefix = "<!-- ghsync:status="

// nextStatus finds the first status record in s at or after from: its
// byte range and value.
func nextStatus(s string, from int) (start, end int, value string, ok bool) {
	for from <= len(s) {
		i := strings.Index(s[from:], statusPrefix)
		if i < 0 {
			return 0, 0, "", false
		}
		start = from + i
		at := start + len(statusPrefix)
		n := 0
		for at+n < len(s) && (s[at+n] >= 'a' && s[at+n] <= 'z' || s[at+n] == '_') {
			n++
		}
		if n > 0 && strings.HasPrefix(s[at+n:], " -->") {
			return start, at + n + len(" -->"), s[at : at+n], true
		}
		from = start + 1
	}
	return 0, 0, "", false
}

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
	_, _, v, _ := nextStatus(managed, 0)
	return v
}

// WithStatus returns managed content that records status (replacing any
// earlier record) as its last line.
func WithStatus(managed, status string) string {
	if start, end, _, ok := nextStatus(managed, 0); ok {
		var b strings.Builder
		prev := 0
		for ok {
			if start > prev && managed[start-1] == '\n' {
				start-- // the record's own line break goes with it
			}
			b.WriteString(managed[prev:start])
			prev = end
			start, end, _, ok = nextStatus(managed, end)
		}
		b.WriteString(managed[prev:])
		managed = b.String()
	}
	return strings.TrimRight(managed, "\n") + "\n<!-- ghsync:status=" + status + " -->"
}
