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
	// Tracker is the issue of one category (or milestone) whose
	// sub-issues are its blockers' issues.
	Tracker Kind = "tracker"
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

// TrackerKey is the key of a tracker issue; id is desired.TrackerID's.
func TrackerKey(id string) Key { return Key{Tracker, id} }

func (k Key) String() string { return string(k.Kind) + "=" + k.ID }

// Begin is the line that opens k's managed region.
func Begin(k Key) string { return "<!-- ghsync:begin " + k.String() + " -->" }

// End is the line that closes k's managed region.
func End(k Key) string { return "<!-- ghsync:end " + k.String() + " -->" }

// Wrap puts content between k's markers: the managed region of a new body.
func Wrap(k Key, content string) string {
	return Begin(k) + "\n" + strings.TrimRight(content, "\n") + "\n" + End(k)
}

// Where the managed region is.
//
// A person can write anything into an issue body, including the text of
// a marker: "the bot keeps its part between `<!-- ghsync:begin
// blocker=P0-001 -->` and ...", or a marker pasted into a code block. Such
// a quote must never be taken for the region, or Splice replaces the
// person's text between the quote and the region. So Keys, Find, Managed
// and Splice all read the body through one scanner, scan, with this rule:
//
//  1. A marker counts only on a line of its own: the line is exactly
//     Begin(k) or End(k), from the start of the body or just after a "\n"
//     up to a "\n", a "\r\n" or the end of the body. That is how Wrap and
//     Splice write markers (GitHub's editor turns "\n" into "\r\n"), and
//     never what a marker quoted in a sentence or a code span looks like.
//  2. In the person's text, fenced code blocks are skipped: a line of
//     three or more backticks or tildes indented by at most three spaces
//     opens one, and the next such line of the same character, at least as
//     long and followed by nothing but blanks, closes it; one never closed
//     runs to the end of the body. This is CommonMark's rule, so a marker
//     is skipped exactly when GitHub shows it as code, that is when it is
//     a quote rather than a hidden comment.
//  3. A begin line outside code opens a region, and the first end line of
//     the same key after it closes it. Inside a region code fences are
//     not followed: the content is ghsync's (catalog text, which may hold
//     code blocks of its own, and Neutralize keeps markers out of it).
//     Another begin line before the end line opens a new region and
//     leaves the first one without an end: an incomplete region, which
//     stops before that begin line or runs to the end of the body.
//  4. The region of k is the first complete region of k, or failing that
//     the first incomplete one.
//
// Whether a line counts depends only on the text before it (the scanner
// never looks ahead), so what Splice writes is always found again: it
// keeps the text before the region, and ends the region with an end line.
// The first region rather than the last, because the old rule (the first
// begin marker, then the first end marker) took the first of two as well,
// so no body whose markers stand on lines of their own sees its region
// move; and because when a code block a person left open hides the
// region (GitHub shows it as code then), Splice puts a fresh one before
// that block, which is then the first once the block is closed. A complete
// region beats an incomplete one so that a lone begin line a person
// writes cannot take in the text after it. Two complete regions of one
// key outside code cannot be told apart (both look like ghsync's); the
// first wins and the other is the person's text.

// markerPrefix opens every marker.
const markerPrefix = "<!-- ghsync:"

// beginPrefix and endPrefix open begin and end markers. The rest of a
// marker is the kind, "=", an id of 1 to 40 characters from [A-Za-z0-9._-]
// starting with a letter or digit, and " -->". Markers are found by hand
// rather than by a regular expression: every plan looks for them in every
// issue body of the repository, and this is several times faster.
const (
	beginPrefix = "<!-- ghsync:begin "
	endPrefix   = "<!-- ghsync:end "
)

// maxID is the longest id a marker holds.
const maxID = 40

// nextBegin finds the first begin marker text in body at or after from,
// wherever it stands: its key and the offset just past it; ok is false
// when there is none. Only Keys and Find use it, for markers that name an
// entry without making a region (see Keys).
func nextBegin(body string, from int) (k Key, end int, ok bool) {
	for from <= len(body) {
		i := strings.Index(body[from:], beginPrefix)
		if i < 0 {
			return Key{}, 0, false
		}
		at := from + i + len(beginPrefix)
		if k, end, ok := parseKey(body, at); ok {
			return k, end, true
		}
		from = from + i + 1
	}
	return Key{}, 0, false
}

// parseKey reads "KIND=ID -->" at body[at:]: the key and the offset just
// past it.
func parseKey(body string, at int) (Key, int, bool) {
	rest := body[at:]
	var kind Kind
	switch {
	case strings.HasPrefix(rest, "blocker="):
		kind = Blocker
	case strings.HasPrefix(rest, "dashboard="):
		kind = Dashboard
	case strings.HasPrefix(rest, "tracker="):
		kind = Tracker
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

// lineEnd returns the end of the text of the line holding body[i] (before
// its "\n" or "\r\n") and the start of the next line (len(body) for the
// last line). A lone "\r" ending the body ends the line too.
func lineEnd(body string, i int) (text, next int) {
	j := strings.IndexByte(body[i:], '\n')
	if j < 0 {
		if strings.HasSuffix(body, "\r") && len(body)-1 >= i {
			return len(body) - 1, len(body)
		}
		return len(body), len(body)
	}
	text, next = i+j, i+j+1
	if text > i && body[text-1] == '\r' {
		text--
	}
	return text, next
}

// markerLine reads the line that starts at i with markerPrefix: ok when it
// is exactly a begin or end marker, then its key, whether it is an end
// marker and where the marker text ends. next is the start of the next
// line either way.
func markerLine(body string, i int) (k Key, isEnd bool, textEnd, next int, ok bool) {
	at := 0
	switch rest := body[i+len(markerPrefix):]; {
	case strings.HasPrefix(rest, "begin "):
		at = i + len(beginPrefix)
	case strings.HasPrefix(rest, "end "):
		at, isEnd = i+len(endPrefix), true
	}
	text, next := lineEnd(body, i)
	if at == 0 {
		return Key{}, false, 0, next, false
	}
	k, e, ok := parseKey(body, at)
	if !ok || e != text {
		return Key{}, false, 0, next, false
	}
	return k, isEnd, e, next, true
}

// lineFinder finds the next line that starts with pat, after at most
// three spaces when indent is set. Searches must come in increasing order
// of from; it keeps what the last one learnt (where the next such line is,
// or how far there is none), so each part of the body is searched once.
type lineFinder struct {
	s, pat string
	indent bool
	// line is the first such line at or after the last search's from and
	// hit where pat is on it, or -1 when unknown; there is none from that
	// from up to clear.
	line, hit, clear int
}

func newLineFinder(s, pat string, indent bool) lineFinder {
	return lineFinder{s: s, pat: pat, indent: indent, line: -1}
}

// next returns the first line starting in [from, limit) that starts with
// pat: the line's start and where pat is on it; -1 for none. from and
// limit are line starts (limit may be past the end).
func (f *lineFinder) next(from, limit int) (line, hit int) {
	if f.line >= from {
		if f.line < limit {
			return f.line, f.hit
		}
		return -1, 0
	}
	end := min(limit, len(f.s))
	for from = max(from, f.clear); from < end; {
		i := strings.Index(f.s[from:end], f.pat)
		if i < 0 {
			break
		}
		i += from
		ls := i
		if f.indent {
			for ls > 0 && i-ls < 3 && f.s[ls-1] == ' ' {
				ls--
			}
		}
		if ls == 0 || f.s[ls-1] == '\n' {
			f.line, f.hit = ls, i
			return ls, i
		}
		// Not at the start of a line: go on with the next line.
		j := strings.IndexByte(f.s[i:end], '\n')
		if j < 0 {
			break
		}
		from = i + j + 1
	}
	f.line, f.clear = -1, max(f.clear, end)
	return -1, 0
}

// fenceRun is the length of the run of c at s[i:].
func fenceRun(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// onlyBlanks says whether s holds nothing but spaces and tabs.
func onlyBlanks(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return false
		}
	}
	return true
}

// span is a region scan found, as byte offsets in the body.
type span struct {
	key Key
	// start is the begin line's first byte; inner and innerEnd bound the
	// content, without the line breaks next to the markers; end is just
	// past the end marker or, for an incomplete region, just before the
	// line break ahead of the next begin line, or the end of the body.
	start, inner, innerEnd, end int
	complete                    bool
}

// scan reads body by the rule above and hands visit each region in order,
// complete or not, until visit returns false: once when its begin line is
// read (with begun set, and only key, start and inner filled in), and
// once when its end is known. It returns the start of the
// line that opens a code block left open to the end of the body, -1 for
// none. Only with toEnd does it read the whole body; without, it stops
// after the last marker, and -1 then only says that no such block opens
// before it.
func scan(body string, toEnd bool, visit func(r span, begun bool) bool) int {
	marks := newLineFinder(body, markerPrefix, false)
	ticks := newLineFinder(body, "```", true)
	tildes := newLineFinder(body, "~~~", true)
	var (
		open     span // the region being read, when inRegion
		inRegion bool
		crlf     bool // open's begin line ends with "\r\n"
	)
	pos := 0 // a line start; everything before it is read
	for {
		m, _ := marks.next(pos, len(body))
		if !inRegion {
			limit := m
			if m < 0 {
				if !toEnd {
					return -1
				}
				limit = len(body) + 1
			}
			if f, skip := fence(body, pos, limit, &ticks, &tildes); f >= 0 {
				if skip < 0 {
					return f // code to the end of the body
				}
				pos = skip
				continue
			}
			if m < 0 {
				return -1
			}
		} else if m < 0 {
			visit(finish(body, open, len(body), 0, crlf, false), false)
			return -1
		}
		k, isEnd, textEnd, next, ok := markerLine(body, m)
		pos = next
		switch {
		case !ok:
		case !isEnd:
			if inRegion && !visit(finish(body, open, m, 0, crlf, false), false) {
				return -1
			}
			open, inRegion, crlf = span{key: k, start: m, inner: next}, true, next-textEnd == 2
			if !visit(open, true) {
				return -1
			}
		case inRegion && k == open.key:
			inRegion = false
			if !visit(finish(body, open, m, textEnd, crlf, true), false) {
				return -1
			}
		}
		// An end line outside a region, or of another key, is text.
	}
}

// fence finds the first code fence that opens on a line starting in
// [from, limit), from being a line start outside any region: f is the
// start of its opening line, -1 for none, and skip the start of the line
// after its closing line, -1 when it is never closed.
func fence(body string, from, limit int, ticks, tildes *lineFinder) (f, skip int) {
	for {
		line, hit := ticks.next(from, limit)
		fl := ticks
		if l, h := tildes.next(from, limit); l >= 0 && (line < 0 || l < line) {
			line, hit, fl = l, h, tildes
		}
		if line < 0 {
			return -1, 0
		}
		c := body[hit]
		n := fenceRun(body, hit, c)
		text, next := lineEnd(body, hit)
		if c == '`' && strings.IndexByte(body[hit+n:text], '`') >= 0 {
			from = next // a code span, not a fence
			continue
		}
		for p := next; ; {
			cl, ch := fl.next(p, len(body))
			if cl < 0 {
				return line, -1
			}
			ctext, cnext := lineEnd(body, ch)
			if r := fenceRun(body, ch, c); r >= n && onlyBlanks(body[ch+r:ctext]) {
				return line, cnext
			}
			p = cnext
		}
	}
}

// finish fills in the end of r: a complete region's end line starts at at
// and its marker ends at textEnd; an incomplete region stops before the
// line break ahead of at, the next begin line, or at the end of the body
// when at is len(body). crlf says r's begin line ends with "\r\n".
func finish(body string, r span, at, textEnd int, crlf, complete bool) span {
	r.complete = complete
	innerEnd := at
	switch {
	case complete:
		r.end = textEnd
	case at == len(body):
		r.end = at
	default:
		r.end = at - 1
		if body[r.end-1] == '\r' {
			r.end--
		}
		innerEnd = r.end
	}
	r.inner = min(r.inner, innerEnd)
	// The line break Wrap puts before the end marker is not content.
	if innerEnd > r.inner && body[innerEnd-1] == '\n' {
		innerEnd--
		if crlf && innerEnd > r.inner && body[innerEnd-1] == '\r' {
			innerEnd--
		}
	}
	r.innerEnd = innerEnd
	return r
}

// region returns k's region in body (rule 4 above).
func region(body string, k Key) (span, bool) {
	var first span
	found := false
	scan(body, false, func(r span, begun bool) bool {
		if begun || r.key != k || found && !r.complete {
			return true
		}
		first, found = r, true
		return !r.complete
	})
	return first, found
}

// Keys lists the entries body names, in order and without repeats: first
// the keys of its regions (see the rule above), then those of begin
// markers that stand anywhere else, quoted in a sentence or in code, or
// run into other text. Those still name an entry, so that an issue whose
// marker was damaged keeps its identity (Splice then writes a fresh region
// and leaves the damaged text to the person), but they come last, so that
// a quote never outranks a region. More than one key means a person
// pasted a marker into the issue; the caller decides what that means.
func Keys(body string) []Key {
	if !strings.Contains(body, markerPrefix) {
		return nil // most issues of a repository: one quick pass
	}
	var out []Key
	scan(body, false, func(r span, begun bool) bool {
		if begun && !slices.Contains(out, r.key) {
			out = append(out, r.key)
		}
		return true
	})
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

// Find returns the first key Keys lists: the key of the first region in
// body, or failing that of the first begin marker anywhere.
func Find(body string) (Key, bool) {
	if !strings.Contains(body, markerPrefix) {
		return Key{}, false
	}
	var k Key
	found := false
	scan(body, false, func(r span, _ bool) bool {
		k, found = r.key, true
		return false
	})
	if !found {
		k, _, found = nextBegin(body, 0)
	}
	return k, found
}

// Managed returns the content of k's region, without the line breaks that
// Wrap puts next to the markers ("\r\n" when GitHub has turned them into
// that). A region without an end marker runs to the next region or to the
// end of the body.
func Managed(body string, k Key) (string, bool) {
	r, ok := region(body, k)
	if !ok {
		return "", false
	}
	return body[r.inner:r.innerEnd], true
}

// Splice returns body with k's managed region holding content, keeping every
// byte outside the region. A region without an end marker is replaced up
// to the next region or the end of the body: by contract everything after
// our begin marker is ours, and leaving it in place would duplicate it. A
// body without the region gets it at its end, after the person's text, or,
// when the body ends inside a code block a person left open, just before
// that block: after it, the region would be code as well.
func Splice(body string, k Key, content string) string {
	if r, ok := region(body, k); ok {
		return body[:r.start] + Wrap(k, content) + body[r.end:]
	}
	if body == "" {
		return Wrap(k, content)
	}
	if f := scan(body, true, func(span, bool) bool { return true }); f >= 0 {
		return body[:f] + Wrap(k, content) + "\n" + body[f:]
	}
	sep := "\n\n"
	if strings.HasSuffix(body, "\n") {
		sep = "\n"
	}
	return body + sep + Wrap(k, content)
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

// blockedByPrefix opens the record of the "blocked by" relationships ghsync
// made for an issue, "<!-- ghsync:blocked-by=ID,ID -->": the ids of the
// blockers whose issues it linked as blocking this one. Edges a person made
// are never in it, so ghsync never removes them.
const blockedByPrefix = "<!-- ghsync:blocked-by="

// nextBlockedBy finds the first blocked-by record in s at or after from: its
// byte range and ids.
func nextBlockedBy(s string, from int) (start, end int, ids []string, ok bool) {
	return nextRecord(s, blockedByPrefix, from)
}

// nextRecord finds the first record of ids opened by prefix in s at or
// after from ("<!-- ghsync:blocked-by=ID,ID -->"): its byte range and ids.
func nextRecord(s, prefix string, from int) (start, end int, ids []string, ok bool) {
	for from <= len(s) {
		i := strings.Index(s[from:], prefix)
		if i < 0 {
			return 0, 0, nil, false
		}
		start = from + i
		at := start + len(prefix)
		n := 0
		for at+n < len(s) && (isAlnum(s[at+n]) || strings.IndexByte("._-,", s[at+n]) >= 0) {
			n++
		}
		if n > 0 && strings.HasPrefix(s[at+n:], " -->") {
			var out []string
			for id := range strings.SplitSeq(s[at:at+n], ",") {
				if id != "" && len(id) <= maxID && isAlnum(id[0]) && !slices.Contains(out, id) {
					out = append(out, id)
				}
			}
			if len(out) > 0 {
				return start, at + n + len(" -->"), out, true
			}
		}
		from = start + 1
	}
	return 0, 0, nil, false
}

// BlockedBy returns the blocker ids recorded in managed content as linked
// by ghsync, in their recorded order; nil when none.
func BlockedBy(managed string) []string {
	_, _, ids, _ := nextBlockedBy(managed, 0)
	return ids
}

// WithBlockedBy returns managed content that records ids as the blockers
// ghsync linked (replacing any earlier record), sorted, on a line before the
// status record (or last when there is none); no ids removes the record.
func WithBlockedBy(managed string, ids []string) string {
	return withRecord(managed, blockedByPrefix, ids)
}

// subIssuesPrefix opens the record of the sub-issues ghsync attached to a
// tracker, "<!-- ghsync:sub-issues=ID,ID -->": the ids of the blockers
// whose issues it made sub-issues of this one. Sub-issues a person added
// are never in it, so ghsync never removes them.
const subIssuesPrefix = "<!-- ghsync:sub-issues="

// SubIssues returns the blocker ids recorded in managed content as
// attached by ghsync, in their recorded order; nil when none.
func SubIssues(managed string) []string {
	_, _, ids, _ := nextRecord(managed, subIssuesPrefix, 0)
	return ids
}

// WithSubIssues returns managed content that records ids as the blockers
// ghsync attached as sub-issues, like WithBlockedBy.
func WithSubIssues(managed string, ids []string) string {
	return withRecord(managed, subIssuesPrefix, ids)
}

// withRecord replaces every record opened by prefix in managed with one of
// ids, sorted, on a line before the status record (or last); no ids
// removes it.
func withRecord(managed, prefix string, ids []string) string {
	if start, end, _, ok := nextRecord(managed, prefix, 0); ok {
		var b strings.Builder
		prev := 0
		for ok {
			if start > prev && managed[start-1] == '\n' {
				start--
			}
			b.WriteString(managed[prev:start])
			prev = end
			start, end, _, ok = nextRecord(managed, prefix, end)
		}
		b.WriteString(managed[prev:])
		managed = b.String()
	}
	if len(ids) == 0 {
		return managed
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	rec := prefix + strings.Join(sorted, ",") + " -->"
	if start, _, _, ok := nextStatus(managed, 0); ok {
		return managed[:start] + rec + "\n" + managed[start:]
	}
	return strings.TrimRight(managed, "\n") + "\n" + rec
}
