package catalog

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxExcerpt bounds how much of a value a message repeats. Messages reach
// pull-request logs and annotations: a value is there to be recognised, not
// to be read back, and a file that is not a catalog at all (a key, a token)
// must not be printed through its error messages.
const maxExcerpt = 40

// cut is s cut to at most n bytes, on a character boundary when s is UTF-8.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for i := 1; i < utf8.UTFMax && n > 0 && !utf8.RuneStart(s[n]); i++ {
		n--
	}
	return s[:n]
}

// quote is s quoted and escaped as strconv.Quote does, cut to maxExcerpt
// bytes (on a character boundary) with "..." when it is longer.
func quote(s string) string {
	if len(s) <= maxExcerpt {
		return strconv.Quote(s)
	}
	return strconv.Quote(cut(s, maxExcerpt) + "...")
}

// boundMessage is a message of yaml.v3 as a problem repeats it: as it is
// when short and printable, else quoted and cut. Its messages rarely quote
// the input, but nothing of the input may reach a log unbounded.
func boundMessage(msg string) string {
	if len(msg) <= 3*maxExcerpt && printable(msg) {
		return msg
	}
	return strconv.Quote(cut(msg, 3*maxExcerpt) + "...")
}

// printable reports whether s is valid UTF-8 of printable characters and
// plain spaces, which a message can repeat as it is.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// show is s as a message names it: as written when it is a short printable
// word (an id, a role, a category), else quoted as quote does, so a message
// stays one line whatever the catalog holds.
func show(s string) string {
	if s == "" || len(s) > maxExcerpt || strings.TrimSpace(s) != s || !printable(s) {
		return quote(s)
	}
	return s
}

// nameFault says what GitHub would refuse or change in a name (a label, a
// milestone title, an issue title), or "" when it keeps the name as it is.
// A name GitHub changes never matches the catalog again, so every apply
// would write it anew; one it refuses fails every apply. fix is what to do.
func nameFault(s string) (why, fix string) {
	if s == "" {
		return "is empty", "give it a name"
	}
	if !utf8.ValidString(s) {
		return "is not valid UTF-8", "write it as UTF-8 text"
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Sprintf("holds the control character %U, which GitHub refuses or strips", r), "remove it"
		}
		if unicode.In(r, unicode.Zl, unicode.Zp) {
			return fmt.Sprintf("holds the line separator %U; a name is one line", r), "remove it"
		}
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	trimmed := "write " + quote(strings.TrimSpace(s))
	switch {
	case unicode.IsSpace(first):
		return "starts with " + space(first), trimmed
	case unicode.IsSpace(last):
		return "ends with " + space(last), trimmed
	}
	return "", ""
}

// space names a space character at the edge of a name, and what comes of it.
func space(r rune) string {
	if r < utf8.RuneSelf {
		return "whitespace, which GitHub trims, so it would never match the catalog"
	}
	return fmt.Sprintf("the space character %U, which cannot be seen and which GitHub may trim", r)
}

// foldKey is the same string for any two strings strings.EqualFold holds
// equal: every character replaced by the smallest of its case-fold orbit.
// GitHub compares label names and milestone titles ignoring case.
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}
