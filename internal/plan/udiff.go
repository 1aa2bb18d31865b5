package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A unified diff (the format of diff -u and git diff) shows a reviewer
// exactly how a managed region changes, where a count of lines only says
// that it does. The region is text people and the catalog write, often
// thousands of lines, and the plan is rendered for every run: so the diff is
// bounded in time, in memory and in the lines it prints.
const (
	// diffContext is the unchanged lines shown around a change, as git.
	diffContext = 3
	// diffMaxLines is the diff lines shown per change; the rest is counted
	// in one line, since a reviewer reads a plan, not a rewrite.
	diffMaxLines = 200
	// diffMaxEdits bounds Myers' search: its trace holds (D+1)(D+2)/2
	// numbers for D changed lines, half a million at most.
	diffMaxEdits = 1000
	// diffMaxWork bounds the steps of the search, which grow with the
	// lines times the changes, over all the searches of one diff.
	diffMaxWork = 1 << 24
)

// unified is a diff ready to print.
type unified struct {
	// Lines are the hunk headers, context, removed and added lines, without
	// line breaks, and, when the diff is cut, a last line that counts what
	// was left out.
	Lines []string
	// Added and Removed count every changed line, shown or cut.
	Added, Removed int
}

// edit is one line of an edit script: ' ' kept, '-' removed or '+' added.
// a and b are the numbers of old and new lines before it.
type edit struct {
	op   byte
	line string // with its line break, when it has one
	a, b int
}

// udiff is the unified diff from old to new. Lines end at "\n" and keep
// what comes before it, so "\r\n" and "\n" lines differ, as they do to git,
// and a last line without a break is marked as git marks it.
func udiff(old, new string) unified {
	a, b := slices.Collect(strings.Lines(old)), slices.Collect(strings.Lines(new))
	ops, rough := editOps(a, b)
	return format(script(a, b, ops), rough)
}

// editOps is an edit script from a to b: the shortest when finding it
// stays within the bounds; otherwise one anchored on the lines that occur
// once in each (see anchored), and rough when even that replaces some
// stretches whole. Either way removals come before additions in each run
// of changes, as git prints them.
func editOps(a, b []string) (ops []byte, rough bool) {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ids := map[string]int{}
	ma, mb := intern(a[pre:len(a)-suf], ids), intern(b[pre:len(b)-suf], ids)
	work := diffMaxWork
	mid, ok := myers(ma, mb, &work)
	if !ok {
		mid, rough = anchored(ma, mb, &work)
	}
	ops = slices.Concat(repeat(' ', pre), mid, repeat(' ', suf))
	removalsFirst(ops)
	return ops, rough
}

// anchored is the edit script that keeps the longest run, in order, of the
// lines that occur exactly once in a and once in b (the anchors of patience
// diff), and diffs the stretches between them with what work is left, or
// replaces a stretch whole (rough) when that would exceed the bounds. A
// region with many changes scattered among distinct lines, a long list, say,
// is so still shown change by change.
func anchored(a, b []int, work *int) (ops []byte, rough bool) {
	i, j := 0, 0
	for _, p := range append(anchors(a, b), [2]int{len(a), len(b)}) {
		gap, ok := myers(a[i:p[0]], b[j:p[1]], work)
		if !ok {
			gap = slices.Concat(repeat('-', p[0]-i), repeat('+', p[1]-j))
			rough = rough || shared(a[i:p[0]], b[j:p[1]])
		}
		ops = append(ops, gap...)
		if p[0] < len(a) {
			ops = append(ops, ' ')
		}
		i, j = p[0]+1, p[1]+1
	}
	return ops, rough
}

// shared reports whether a and b have a line in common: only then can a
// stretch replaced whole be longer than the shortest script.
func shared(a, b []int) bool {
	in := map[int]bool{}
	for _, x := range a {
		in[x] = true
	}
	return slices.ContainsFunc(b, func(y int) bool { return in[y] })
}

// anchors are the pairs (i, j) of a line found once in a, at i, and once
// in b, at j: as many of them as keep both in order.
func anchors(a, b []int) [][2]int {
	inA, inB, at := map[int]int{}, map[int]int{}, map[int]int{}
	for _, x := range a {
		inA[x]++
	}
	for j, y := range b {
		inB[y]++
		at[y] = j
	}
	var pairs [][2]int
	for i, x := range a {
		if inA[x] == 1 && inB[x] == 1 {
			pairs = append(pairs, [2]int{i, at[x]})
		}
	}
	return increasing(pairs)
}

// increasing is the longest subsequence of pairs, ordered by i, whose j
// increase too, found by patience sorting in O(n log n).
func increasing(pairs [][2]int) [][2]int {
	var tops []int // tops[n]: the pair ending the best run of n+1 so far
	prev := make([]int, len(pairs))
	for k, p := range pairs {
		n, _ := slices.BinarySearchFunc(tops, p[1], func(t, j int) int { return pairs[t][1] - j })
		prev[k] = -1
		if n > 0 {
			prev[k] = tops[n-1]
		}
		if n == len(tops) {
			tops = append(tops, k)
		} else {
			tops[n] = k
		}
	}
	if len(tops) == 0 {
		return nil
	}
	run := make([][2]int, len(tops))
	for n, k := len(tops)-1, tops[len(tops)-1]; n >= 0; n-- {
		run[n], k = pairs[k], prev[k]
	}
	return run
}

func repeat(op byte, n int) []byte { return []byte(strings.Repeat(string(op), n)) }

// intern numbers lines so that the search compares numbers, not strings.
func intern(lines []string, ids map[string]int) []int {
	out := make([]int, len(lines))
	for i, l := range lines {
		id, ok := ids[l]
		if !ok {
			id = len(ids)
			ids[l] = id
		}
		out[i] = id
	}
	return out
}

// removalsFirst reorders each run of changes to its removals, then its
// additions: the run consumes and produces the same lines either way.
func removalsFirst(ops []byte) {
	for i := 0; i < len(ops); {
		if ops[i] == ' ' {
			i++
			continue
		}
		j, minus := i, 0
		for ; j < len(ops) && ops[j] != ' '; j++ {
			if ops[j] == '-' {
				minus++
			}
		}
		for k := i; k < j; k++ {
			ops[k] = '+'
			if k-i < minus {
				ops[k] = '-'
			}
		}
		i = j
	}
}

// myers is Myers' O(ND) shortest edit script from a to b ("An O(ND)
// Difference Algorithm and Its Variations", 1986), or false beyond
// diffMaxEdits changes or the steps left in work. trace[d][i] is the
// furthest x that diagonal k = 2i-d (x-y) reaches with d changes, -1 where
// none does; it is kept whole to walk back the path, hence the bound.
func myers(a, b []int, work *int) ([]byte, bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 { // the one script there is, without the search
		return slices.Concat(repeat('-', n), repeat('+', m)), true
	}
	if fewestEdits(a, b) > diffMaxEdits { // fail now, not after the search
		return nil, false
	}
	var trace [][]int
	for d := 0; d <= diffMaxEdits; d++ {
		var prev []int
		if d > 0 {
			prev = trace[d-1]
		}
		cur := make([]int, d+1)
		trace = append(trace, cur)
		for i := range cur {
			k := 2*i - d
			x, _ := start(prev, d, i, n, m)
			if x >= 0 {
				x0 := x
				for x < n && x-k < m && a[x] == b[x-k] {
					x++
				}
				*work -= x - x0
			}
			cur[i] = x
			if x == n && x-k == m {
				return backtrack(trace, n, m), true
			}
			if *work--; *work < 0 {
				return nil, false
			}
		}
	}
	return nil, false
}

// fewestEdits is a lower bound of the changes from a to b: a line that
// occurs c times more often in one than in the other is changed c times.
func fewestEdits(a, b []int) int {
	if d := len(a) - len(b); d > diffMaxEdits || -d > diffMaxEdits {
		return max(d, -d)
	}
	count := map[int]int{}
	for _, x := range a {
		count[x]++
	}
	for _, y := range b {
		count[y]--
	}
	n := 0
	for _, c := range count {
		n += max(c, -c)
	}
	return n
}

// start is where diagonal k = 2i-d begins its run of equal lines after d
// changes: one addition (down) from diagonal k+1 or one removal from k-1,
// whichever reaches further inside the grid; -1 when neither can. Ties go
// to the addition, which, walked back, puts the removal first.
func start(prev []int, d, i, n, m int) (x int, down bool) {
	if d == 0 {
		return 0, false
	}
	k := 2*i - d
	x = -1
	if i < len(prev) && prev[i] >= 0 && prev[i]-k <= m {
		x, down = prev[i], true
	}
	if i > 0 && prev[i-1] >= 0 && prev[i-1]+1 <= n && prev[i-1]+1 > x {
		x, down = prev[i-1]+1, false
	}
	return x, down
}

// backtrack walks the trace from the end of both texts to their start.
func backtrack(trace [][]int, n, m int) []byte {
	var ops []byte
	x, y := n, m
	for d := len(trace) - 1; d >= 0; d-- {
		var prev []int
		if d > 0 {
			prev = trace[d-1]
		}
		k := x - y
		sx, down := start(prev, d, (k+d)/2, n, m)
		for ; x > sx; x, y = x-1, y-1 {
			ops = append(ops, ' ')
		}
		switch {
		case d == 0:
		case down:
			ops, y = append(ops, '+'), y-1
		default:
			ops, x = append(ops, '-'), x-1
		}
	}
	slices.Reverse(ops)
	return ops
}

// script gives each op its line and position.
func script(a, b []string, ops []byte) []edit {
	s := make([]edit, len(ops))
	i, j := 0, 0
	for n, op := range ops {
		s[n] = edit{op: op, a: i, b: j}
		switch op {
		case ' ':
			s[n].line = a[i]
			i, j = i+1, j+1
		case '-':
			s[n].line = a[i]
			i++
		case '+':
			s[n].line = b[j]
			j++
		}
	}
	return s
}

// hunks groups the changes with diffContext lines around them; changes
// closer than twice that share a hunk, as in git.
func hunks(s []edit) [][]edit {
	var out [][]edit
	for i := 0; ; {
		c := nextChange(s, i)
		if c < 0 {
			return out
		}
		end := c + 1
		for n := nextChange(s, end); n >= 0 && n-end <= 2*diffContext; n = nextChange(s, end) {
			end = n + 1
		}
		from, to := max(c-diffContext, i), min(end+diffContext, len(s))
		out = append(out, s[from:to])
		i = to
	}
}

func nextChange(s []edit, from int) int {
	for i := from; i < len(s); i++ {
		if s[i].op != ' ' {
			return i
		}
	}
	return -1
}

// header is a hunk's "@@ -l,s +l,s @@" line, written as git writes it: a
// range of one line has no count, an empty one names the line before it.
func header(h []edit) string {
	na, nb := 0, 0
	for _, e := range h {
		if e.op != '+' {
			na++
		}
		if e.op != '-' {
			nb++
		}
	}
	return "@@ -" + lineRange(h[0].a, na) + " +" + lineRange(h[0].b, nb) + " @@"
}

func lineRange(before, n int) string {
	switch n {
	case 0:
		return strconv.Itoa(before) + ",0"
	case 1:
		return strconv.Itoa(before + 1)
	}
	return strconv.Itoa(before+1) + "," + strconv.Itoa(n)
}

// format prints the hunks up to diffMaxLines and counts what it cuts.
func format(s []edit, rough bool) unified {
	var u unified
	shownAdded, shownRemoved := 0, 0
	show := func(l string) bool {
		if len(u.Lines) >= diffMaxLines {
			return false
		}
		u.Lines = append(u.Lines, l)
		return true
	}
	for _, h := range hunks(s) {
		show(header(h))
		for _, e := range h {
			if !show(string(e.op) + strings.TrimSuffix(e.line, "\n")) {
				break
			}
			if !strings.HasSuffix(e.line, "\n") {
				show(`\ No newline at end of file`)
			}
			switch e.op {
			case '+':
				shownAdded++
			case '-':
				shownRemoved++
			}
		}
	}
	for _, e := range s {
		switch e.op {
		case '+':
			u.Added++
		case '-':
			u.Removed++
		}
	}
	if cut := u.Added - shownAdded + u.Removed - shownRemoved; cut > 0 {
		l := fmt.Sprintf("... %d more lines added and %d removed (the diff is cut at %d lines)", u.Added-shownAdded, u.Removed-shownRemoved, diffMaxLines)
		if rough {
			l += "; some stretches changed too much to pair up line by line and show as replaced whole"
		}
		u.Lines = append(u.Lines, l)
	}
	return u
}
