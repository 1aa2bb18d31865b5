package plan

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestUdiff(t *testing.T) {
	ten := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"
	for _, tc := range []struct {
		name, old, new string
		want           []string
		added, removed int
	}{
		{name: "identical", old: "a\nb\n", new: "a\nb\n"},
		{name: "both empty"},
		{name: "empty old", old: "", new: "a\nb\n", added: 2,
			want: []string{"@@ -0,0 +1,2 @@", "+a", "+b"}},
		{name: "empty new", old: "a\n", new: "", removed: 1,
			want: []string{"@@ -1 +0,0 @@", "-a"}},
		{name: "insert in the middle", old: ten, new: strings.Replace(ten, "5\n", "5\nx\n", 1), added: 1,
			want: []string{"@@ -3,6 +3,7 @@", " 3", " 4", " 5", "+x", " 6", " 7", " 8"}},
		{name: "delete in the middle", old: ten, new: strings.Replace(ten, "5\n", "", 1), removed: 1,
			want: []string{"@@ -2,7 +2,6 @@", " 2", " 3", " 4", "-5", " 6", " 7", " 8"}},
		{name: "change in the middle", old: ten, new: strings.Replace(ten, "5\n6\n", "five\nsix\n", 1), added: 2, removed: 2,
			want: []string{"@@ -2,8 +2,8 @@", " 2", " 3", " 4", "-5", "-6", "+five", "+six", " 7", " 8", " 9"}},
		{name: "change at the start", old: ten, new: "one\n" + ten[2:], added: 1, removed: 1,
			want: []string{"@@ -1,4 +1,4 @@", "-1", "+one", " 2", " 3", " 4"}},
		{name: "change at the end", old: ten, new: ten[:len(ten)-3] + "ten\n", added: 1, removed: 1,
			want: []string{"@@ -7,4 +7,4 @@", " 7", " 8", " 9", "-10", "+ten"}},
		{name: "changes at both ends, two hunks", old: ten, new: "0\n" + ten + "11\n", added: 2,
			want: []string{"@@ -1,3 +1,4 @@", "+0", " 1", " 2", " 3", "@@ -8,3 +9,4 @@", " 8", " 9", " 10", "+11"}},
		{name: "changes six apart share a hunk", old: ten, new: strings.NewReplacer("2\n", "b\n", "9\n", "i\n").Replace(ten), added: 2, removed: 2,
			want: []string{"@@ -1,10 +1,10 @@", " 1", "-2", "+b", " 3", " 4", " 5", " 6", " 7", " 8", "-9", "+i", " 10"}},
		{name: "changes seven apart do not", old: ten + "11\n", new: strings.NewReplacer("2\n", "b\n", "10\n", "j\n").Replace(ten) + "11\n", added: 2, removed: 2,
			want: []string{"@@ -1,5 +1,5 @@", " 1", "-2", "+b", " 3", " 4", " 5", "@@ -7,5 +7,5 @@", " 7", " 8", " 9", "-10", "+j", " 11"}},
		{name: "CRLF lines differ from LF ones", old: "a\r\nb\r\n", new: "a\r\nb\n", added: 1, removed: 1,
			want: []string{"@@ -1,2 +1,2 @@", " a\r", "-b\r", "+b"}},
		{name: "newline added at the end", old: "a\nb", new: "a\nb\n", added: 1, removed: 1,
			want: []string{"@@ -1,2 +1,2 @@", " a", "-b", `\ No newline at end of file`, "+b"}},
		{name: "newline removed at the end", old: "a\nb\n", new: "a\nb", added: 1, removed: 1,
			want: []string{"@@ -1,2 +1,2 @@", " a", "-b", "+b", `\ No newline at end of file`}},
		{name: "context without a newline", old: "a\nb", new: "x\nb", added: 1, removed: 1,
			want: []string{"@@ -1,2 +1,2 @@", "-a", "+x", " b", `\ No newline at end of file`}},
		{name: "moved line", old: "a\nb\nc\n", new: "b\nc\na\n", added: 1, removed: 1,
			want: []string{"@@ -1,3 +1,3 @@", "-a", " b", " c", "+a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := udiff(tc.old, tc.new)
			if strings.Join(u.Lines, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(u.Lines, "\n"), strings.Join(tc.want, "\n"))
			}
			if u.Added != tc.added || u.Removed != tc.removed {
				t.Errorf("+%d -%d, want +%d -%d", u.Added, u.Removed, tc.added, tc.removed)
			}
			checkPatch(t, tc.old, tc.new, u)
		})
	}
}

// TestUdiffIsShortest compares the diff of random texts over a few
// distinct lines with the longest common subsequence, found the slow way.
func TestUdiffIsShortest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	text := func() string {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString("abc"[r.IntN(3):][:1] + "\n")
		}
		return b.String()
	}
	for range 3000 {
		old, new := text(), text()
		u := udiff(old, new)
		checkShortest(t, old, new, u)
		checkPatch(t, old, new, u)
	}
}

func checkShortest(t *testing.T, old, new string, u unified) {
	t.Helper()
	a, b := slices.Collect(strings.Lines(old)), slices.Collect(strings.Lines(new))
	common := lcs(a, b)
	if u.Added != len(b)-common || u.Removed != len(a)-common {
		t.Fatalf("%q -> %q: +%d -%d, shortest is +%d -%d", old, new, u.Added, u.Removed, len(b)-common, len(a)-common)
	}
}

func lcs(a, b []string) int {
	row := make([]int, len(b)+1)
	for i := range a {
		diag := 0
		for j := range b {
			up := row[j+1]
			if a[i] == b[j] {
				row[j+1] = diag + 1
			} else {
				row[j+1] = max(row[j+1], row[j])
			}
			diag = up
		}
	}
	return row[len(b)]
}

// TestUdiffBounded: long regions with many changes stay fast, their
// scripts stay valid, and their diffs are cut with what is left counted.
func TestUdiffBounded(t *testing.T) {
	lines := func(f func(i int) string) string {
		var b strings.Builder
		for i := range 20000 {
			b.WriteString(f(i) + "\n")
		}
		return b.String()
	}
	number := func(i int) string { return strconv.Itoa(i) }
	for _, tc := range []struct {
		name           string
		old, new       string
		added, removed int
		rough          bool
	}{
		{"every line differs", lines(func(i int) string { return "a" + number(i) }), lines(func(i int) string { return "b" + number(i) }), 20000, 20000, false},
		{"changes scattered among distinct lines", lines(number), lines(func(i int) string {
			if i%37 == 0 {
				return "changed"
			}
			return number(i)
		}), 541, 541, false},
		{"a long list kept every seventh line", lines(number), lines(func(i int) string { return number(i * 7) }), 17142, 17142, false},
		{"no line is unique", lines(func(int) string { return "x" }), lines(func(i int) string { return "xy"[i%2:][:1] }), 19999, 19999, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			begin := time.Now()
			u := udiff(tc.old, tc.new)
			if took := time.Since(begin); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			if u.Added != tc.added || u.Removed != tc.removed {
				t.Errorf("+%d -%d, want +%d -%d", u.Added, u.Removed, tc.added, tc.removed)
			}
			if len(u.Lines) != diffMaxLines+1 {
				t.Fatalf("%d lines, want %d and the cut", len(u.Lines), diffMaxLines)
			}
			want := fmt.Sprintf("... %d more lines added and %d removed (the diff is cut at %d lines)", u.Added-shown(u, '+'), u.Removed-shown(u, '-'), diffMaxLines)
			if tc.rough {
				want += "; some stretches changed too much to pair up line by line and show as replaced whole"
			}
			if got := u.Lines[diffMaxLines]; got != want {
				t.Errorf("cut line %q, want %q", got, want)
			}
			a, b := slices.Collect(strings.Lines(tc.old)), slices.Collect(strings.Lines(tc.new))
			ops, _ := editOps(a, b)
			checkOps(t, a, b, ops)
		})
	}
}

// checkOps checks that ops turn a into b.
func checkOps(t *testing.T, a, b []string, ops []byte) {
	t.Helper()
	i, j := 0, 0
	for _, op := range ops {
		switch op {
		case ' ':
			if i >= len(a) || j >= len(b) || a[i] != b[j] {
				t.Fatalf("keeps a line that differs at %d, %d", i, j)
			}
			i, j = i+1, j+1
		case '-':
			i++
		case '+':
			j++
		}
	}
	if i != len(a) || j != len(b) {
		t.Fatalf("ops end at %d, %d of %d, %d", i, j, len(a), len(b))
	}
}

func shown(u unified, op byte) int {
	n := 0
	for _, l := range u.Lines[:len(u.Lines)-1] {
		if l[0] == op {
			n++
		}
	}
	return n
}

// FuzzUdiff: for any two texts the diff, applied to the old one, gives the
// new one, and counts the lines it changes; for short texts, as few as can
// be.
func FuzzUdiff(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nc\nd")
	f.Add("x\r\ny\r\n", "x\ny\n")
	f.Add("", "only new")
	f.Add("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\n5\n6\n7\n8\n9\n0\n")
	f.Fuzz(func(t *testing.T, old, new string) {
		u := udiff(old, new)
		checkPatch(t, old, new, u)
		if strings.Count(old, "\n") < 300 && strings.Count(new, "\n") < 300 {
			checkShortest(t, old, new, u)
		}
	})
}

// checkPatch applies u to old, as patch would, and expects new.
func checkPatch(t *testing.T, old, new string, u unified) {
	t.Helper()
	if len(u.Lines) > diffMaxLines {
		return // cut: the rest is not there to apply
	}
	src := strings.SplitAfter(old, "\n")
	var out []string
	at, added, removed := 0, 0, 0 // at: old lines consumed
	for i := 0; i < len(u.Lines); i++ {
		l := u.Lines[i]
		fields := strings.Fields(l)
		if len(fields) != 4 || fields[0] != "@@" || fields[3] != "@@" {
			t.Fatalf("line %d %q is no hunk header\n%s", i, l, strings.Join(u.Lines, "\n"))
		}
		from, na := parseRange(t, strings.TrimPrefix(fields[1], "-"))
		_, nb := parseRange(t, strings.TrimPrefix(fields[2], "+"))
		if na == 0 {
			from++ // an empty range names the line before it
		}
		for ; at < from-1; at++ {
			out = append(out, src[at])
		}
		ra, rb := 0, 0
		for i+1 < len(u.Lines) && u.Lines[i+1][0] != '@' {
			i++
			op, body := u.Lines[i][0], u.Lines[i][1:]+"\n"
			if i+1 < len(u.Lines) && u.Lines[i+1] == `\ No newline at end of file` {
				body = body[:len(body)-1]
				i++
			}
			if op != '+' && (at >= len(src) || src[at] != body) {
				t.Fatalf("%q where old has %q\n%s", u.Lines[i], src[min(at, len(src)-1)], strings.Join(u.Lines, "\n"))
			}
			switch op {
			case ' ':
				out, at, ra, rb = append(out, body), at+1, ra+1, rb+1
			case '-':
				at, ra, removed = at+1, ra+1, removed+1
			case '+':
				out, rb, added = append(out, body), rb+1, added+1
			default:
				t.Fatalf("line %q", u.Lines[i])
			}
		}
		if ra != na || rb != nb {
			t.Fatalf("header %q for %d and %d lines", l, ra, rb)
		}
	}
	out = append(out, src[at:]...)
	if got := strings.Join(out, ""); got != new {
		t.Fatalf("patched %q to %q, want %q\n%s", old, got, new, strings.Join(u.Lines, "\n"))
	}
	if added != u.Added || removed != u.Removed {
		t.Fatalf("shows +%d -%d, counts +%d -%d", added, removed, u.Added, u.Removed)
	}
}

func parseRange(t *testing.T, s string) (from, n int) {
	t.Helper()
	a, b, ok := strings.Cut(s, ",")
	from, err := strconv.Atoi(a)
	n = 1
	if ok && err == nil {
		n, err = strconv.Atoi(b)
	}
	if err != nil {
		t.Fatalf("range %q: %v", s, err)
	}
	return from, n
}
