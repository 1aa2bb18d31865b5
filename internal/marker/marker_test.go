package marker

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestSpliceKeepsPeoplesText(t *testing.T) {
	k := BlockerKey("P0-001")
	tests := []struct {
		name, body, content, want string
	}{
		{"empty body", "", "new", Wrap(k, "new")},
		{"replace region only", "before\r\n\n" + Wrap(k, "old") + "\nafter ✓", "new", "before\r\n\n" + Wrap(k, "new") + "\nafter ✓"},
		{"no region appends", "person text", "new", "person text\n\n" + Wrap(k, "new")},
		{"no region, trailing newline", "person text\n", "new", "person text\n\n" + Wrap(k, "new")},
		{"missing end runs to end", "top\n" + Begin(k) + "\nold stuff", "new", "top\n" + Wrap(k, "new")},
		{"other key untouched", Wrap(BlockerKey("P0-002"), "x"), "new", Wrap(BlockerKey("P0-002"), "x") + "\n\n" + Wrap(k, "new")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Splice(tt.body, k, tt.content)
			if got != tt.want {
				t.Fatalf("Splice:\n got %q\nwant %q", got, tt.want)
			}
			m, ok := Managed(got, k)
			if !ok || m != tt.content {
				t.Fatalf("Managed after Splice = %q, %v; want %q", m, ok, tt.content)
			}
		})
	}
}

func TestFindAndKeys(t *testing.T) {
	body := "x " + Wrap(BlockerKey("BLK-101"), "a") + "\n" + Wrap(BlockerKey("SEC.12"), "b") + Begin(BlockerKey("BLK-101"))
	// Neither of BLK-101's begin markers is on a line of its own (one
	// follows "x ", the other SEC.12's end marker), so SEC.12 has the only
	// region, which runs to the end; BLK-101 is still named, after it.
	k, ok := Find(body)
	if !ok || k != BlockerKey("SEC.12") {
		t.Fatalf("Find = %v %v", k, ok)
	}
	if keys := Keys(body); !slices.Equal(keys, []Key{BlockerKey("SEC.12"), BlockerKey("BLK-101")}) {
		t.Fatalf("Keys = %v", keys)
	}
	// A marker that is nowhere on a line of its own still names its entry,
	// after every region's key.
	quoted := "see `" + Begin(BlockerKey("P0-002")) + "`\n" + Wrap(BlockerKey("P0-001"), "x") + "\n```\n" + Begin(DashboardKey()) + "\n```"
	if keys := Keys(quoted); !slices.Equal(keys, []Key{BlockerKey("P0-001"), BlockerKey("P0-002"), DashboardKey()}) {
		t.Fatalf("Keys(quoted) = %v", keys)
	}
	if k, ok := Find("see `" + Begin(BlockerKey("P0-002")) + "`"); !ok || k != BlockerKey("P0-002") {
		t.Fatalf("Find without a region = %v %v", k, ok)
	}
	if _, ok := Find("<!-- ghsync:begin blocker=-bad -->"); ok {
		t.Fatal("an id starting with '-' must not match")
	}
	if _, ok := Find("no marker here"); ok {
		t.Fatal("found a marker in plain text")
	}
	if Keys("no marker here") != nil {
		t.Fatal("Keys of plain text is not nil")
	}
}

// Bodies without a region of k: the rule decides where Splice puts it,
// and what it leaves to the person.
func TestSpliceWithoutRegion(t *testing.T) {
	k := BlockerKey("P0-001")
	b, e := Begin(k), End(k)
	tests := []struct{ name, body, want string }{
		{"marker only quoted", "see `" + b + "`", "see `" + b + "`\n\n" + Wrap(k, "new")},
		{"begin run into text", b + "no end", b + "no end\n\n" + Wrap(k, "new")},
		{"region in a closed fence is code", "```\n" + Wrap(k, "old") + "\n```\n", "```\n" + Wrap(k, "old") + "\n```\n\n" + Wrap(k, "new")},
		{"fence left open: region goes before it", "notes\n```\ncode " + b + "\n", "notes\n" + Wrap(k, "new") + "\n```\ncode " + b + "\n"},
		{"fence left open at the start", "~~~\n" + b + "\nx\n" + e, Wrap(k, "new") + "\n~~~\n" + b + "\nx\n" + e},
		{"closed fence, then text", "```\n" + b + "\n```\nafter", "```\n" + b + "\n```\nafter\n\n" + Wrap(k, "new")},
		{"shorter closer does not close", "````\n```\n" + b, Wrap(k, "new") + "\n````\n```\n" + b},
		{"another key's region without end", Begin(BlockerKey("P0-002")) + "\nx", Begin(BlockerKey("P0-002")) + "\nx\n\n" + Wrap(k, "new")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := Managed(tt.body, k); ok {
				t.Fatalf("Managed found a region in %q", tt.body)
			}
			got := Splice(tt.body, k, "new")
			if got != tt.want {
				t.Fatalf("Splice:\n got %q\nwant %q", got, tt.want)
			}
			if m, ok := Managed(got, k); !ok || m != "new" {
				t.Fatalf("Managed after Splice = %q, %v", m, ok)
			}
			if again := Splice(got, k, "new"); again != got {
				t.Fatalf("not idempotent: %q", again)
			}
		})
	}
}

// Which region counts when there are several, and where a region without
// an end stops.
func TestRegionChoice(t *testing.T) {
	k, other := BlockerKey("P0-001"), BlockerKey("P0-002")
	b, e := Begin(k), End(k)
	tests := []struct{ name, body, want, managed string }{
		{"first complete region", Wrap(k, "one") + "\n" + Wrap(k, "two"), Wrap(k, "new") + "\n" + Wrap(k, "two"), "one"},
		{"complete beats an earlier incomplete", b + "\nlone\n" + Wrap(k, "real"), b + "\nlone\n" + Wrap(k, "new"), "real"},
		{"complete beats a later incomplete", Wrap(k, "real") + "\n" + b + "\nmine", Wrap(k, "new") + "\n" + b + "\nmine", "real"},
		{"incomplete stops at the next begin line", b + "\nold\n" + Wrap(other, "x"), Wrap(k, "new") + "\n" + Wrap(other, "x"), "old"},
		{"incomplete stops at the next begin line, crlf", b + "\r\nold\r\n\r\n" + Begin(other) + "\r\n", Wrap(k, "new") + "\r\n" + Begin(other) + "\r\n", "old"},
		{"incomplete runs to the end", "top\n" + b + "\nold\n" + e + " not alone\n", "top\n" + Wrap(k, "new"), "old\n" + e + " not alone"},
		{"another key's end line is content", b + "\nx\n" + End(other) + "\n" + e + "\nafter", Wrap(k, "new") + "\nafter", "x\n" + End(other)},
		{"empty region", b + "\n" + e, Wrap(k, "new"), ""},
		{"crlf region", "a\r\n" + b + "\r\nx\r\ny\r\n" + e + "\r\nz", "a\r\n" + Wrap(k, "new") + "\r\nz", "x\r\ny"},
		{"lf region keeps a content cr", b + "\nx\r\n" + e, Wrap(k, "new"), "x\r"},
		{"begin line ends the body with cr", "a\n" + b + "\r", "a\n" + Wrap(k, "new"), ""},
		{"backticks with a backtick after are no fence", "```x`\n" + b + "\nold\n" + e, "```x`\n" + Wrap(k, "new"), "old"},
		{"fences in the region are content", b + "\n```\n" + e + "\n```\n" + e, Wrap(k, "new") + "\n```\n" + e, "```"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if m, ok := Managed(tt.body, k); !ok || m != tt.managed {
				t.Fatalf("Managed = %q, %v; want %q", m, ok, tt.managed)
			}
			if got := Splice(tt.body, k, "new"); got != tt.want {
				t.Fatalf("Splice:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestNeutralizeCannotForgeMarkers(t *testing.T) {
	evil := End(BlockerKey("P0-001")) + " and " + Begin(BlockerKey("P0-666"))
	body := Wrap(BlockerKey("P0-001"), Neutralize(evil))
	if keys := Keys(body); len(keys) != 1 {
		t.Fatalf("neutralized text produced keys %v", keys)
	}
	m, _ := Managed(body, BlockerKey("P0-001"))
	if !strings.Contains(m, "P0-666") {
		t.Fatalf("text lost: %q", m)
	}
}

func TestMilestoneKey(t *testing.T) {
	d := MilestoneDescription("M1", "Basic production readiness\n")
	if id, ok := MilestoneID(d); !ok || id != "M1" {
		t.Fatalf("MilestoneID(%q) = %q, %v", d, id, ok)
	}
	if _, ok := MilestoneID("Basic production readiness"); ok {
		t.Fatal("plain description has no key")
	}
	if got := MilestoneDescription("M2", ""); got != "<!-- ghsync:milestone=M2 -->" {
		t.Fatalf("empty text: %q", got)
	}
}

// FuzzSplice: a person can write anything into an issue body. Splice must
// never panic, must put the content in a region that Managed reads back,
// must keep every byte outside the region it replaces (or, without one,
// every byte of the body), must be idempotent, and the readers (Keys,
// Find, Managed, Status) must never panic on what it returns.
//
// The body is also used as a person's text before and after a genuine
// region (split at its first NUL byte, or else in the middle): Splice
// must replace that region and keep both texts byte for byte, whatever
// marker-like text they hold. The rule allows two exceptions, checked by
// the reference scanner: the text before leaves a code block open (then
// the region is code on GitHub too), or holds a complete region of the
// key of its own (which is then the first).
func FuzzSplice(f *testing.F) {
	k := BlockerKey("P0-001")
	b, e := Begin(k), End(k)
	f.Add("", "content")
	f.Add("before "+Wrap(k, "old")+" after", "new")
	f.Add(Begin(k)+Begin(k)+End(k), "x")
	f.Add("<!-- ghsync:end blocker=P0-001 -->"+Begin(k), "y")
	f.Add("text\r\n"+Wrap(k, WithStatus("old", StatusOpen))+"\r\nmore", WithStatus("new", StatusCompleted))
	f.Add(Wrap(BlockerKey("P0-002"), "other")+"\n"+Wrap(k, "mine"), "z")
	f.Add(Begin(k)+"no end, and then "+End(BlockerKey("P0-0011")), "w")
	f.Add("<!-- ghsync:begin blocker=P0-001 --><!-- ghsync:begin dashboard=progress -->", "\n\n")
	f.Add("\xff\xfe"+Wrap(k, "bad utf-8 \xc3"), "é\u200b\u202e")
	// Quoted markers, before and after the NUL.
	f.Add("the bot keeps its part between `"+b+"` and the end marker\n\nnotes\n\x00\nbelow `"+e+"`", "new")
	f.Add("```\n"+b+"\n```\n\x00\n~~~\n"+Wrap(k, "quoted")+"\n~~~\n", "```go\ncode\n```")
	f.Add(b+" is the bot's line\n\x00"+e+" too", "x")
	f.Add("a\r\n```\r\n"+b+"\r\n```\r\n\x00\r\n`"+e+"`\r\n", "y")
	f.Add(b+"\nlone begin\n\x00\n"+e+"\nlone end\n"+b, "z")
	f.Add("\x00\n```\n"+b+"\nunclosed", "````\nunclosed in content")
	f.Add("```\n\x00```\n", "```")
	f.Add("    "+b+"\n\x00\n    "+e, "indented")
	f.Fuzz(func(t *testing.T, body, content string) {
		if strings.Contains(content, "<!--") {
			content = Neutralize(content)
		}
		checkSplice(t, body, k, content)

		before, after, ok := strings.Cut(body, "\x00")
		if !ok {
			before, after = body[:len(body)/2], body[len(body)/2:]
		}
		if before != "" && !strings.HasSuffix(before, "\n") {
			before += "\n"
		}
		if after != "" && !strings.HasPrefix(after, "\n") && !strings.HasPrefix(after, "\r\n") {
			after = "\n" + after
		}
		sandwich := before + Wrap(k, content) + after
		newContent := WithStatus(content, StatusCompleted)
		got := checkSplice(t, sandwich, k, newContent)
		regions, open := oracleScan(before)
		if open >= 0 || slices.ContainsFunc(regions, func(r span) bool { return r.key == k && r.complete }) {
			return
		}
		if want := before + Wrap(k, newContent) + after; got != want {
			t.Fatalf("person's text not kept:\nbody %q\n got %q\nwant %q", sandwich, got, want)
		}
	})
}

// checkSplice splices content into body's region of k and checks what
// FuzzSplice promises; it returns Splice's result.
func checkSplice(t *testing.T, body string, k Key, content string) string {
	t.Helper()
	got := Splice(body, k, content)
	if want := oracleSplice(body, k, content); got != want {
		t.Fatalf("Splice(%q) = %q, reference %q", body, got, want)
	}
	m, ok := Managed(got, k)
	if !ok || m != strings.TrimRight(content, "\n") {
		t.Fatalf("Managed after Splice = %q, %v; want %q", m, ok, content)
	}
	r, _ := region(got, k)
	if got[r.start:r.end] != Wrap(k, content) {
		t.Fatalf("the region found after Splice is not the one it wrote:\n%q", got)
	}
	if old, found := region(body, k); found {
		// Text before and after the region is kept byte for byte.
		if got[:r.start] != body[:old.start] || got[r.end:] != body[old.end:] {
			t.Fatalf("text outside the region changed:\nbody %q\n got %q", body, got)
		}
	} else if !(strings.HasPrefix(got, body) && strings.Trim(got[len(body):r.start], "\n") == "" && r.end == len(got) ||
		got[:r.start] == body[:r.start] && got[r.end:] == "\n"+body[r.start:]) {
		t.Fatalf("a body without the region lost text:\nbody %q\n got %q", body, got)
	}
	if again := Splice(got, k, content); again != got {
		t.Fatalf("Splice is not idempotent:\n%q\n%q", got, again)
	}
	keys := Keys(got)
	if !slices.Contains(keys, k) {
		t.Fatalf("Keys(%q) = %v", got, keys)
	}
	if key, ok := Find(got); !ok || key != keys[0] {
		t.Fatalf("Find(%q) = %v, %v; Keys %v", got, key, ok, keys)
	}
	_ = Status(m)
	_ = WithStatus(m, StatusRemoved)
	_, _ = MilestoneID(got)
	return got
}

func TestStatus(t *testing.T) {
	m := WithStatus("content", StatusOpen)
	if got := Status(m); got != StatusOpen {
		t.Fatalf("Status = %q", got)
	}
	m2 := WithStatus(m, StatusRemoved)
	if got := Status(m2); got != StatusRemoved || strings.Count(m2, "ghsync:status") != 1 {
		t.Fatalf("WithStatus twice: %q", m2)
	}
	if strings.TrimSuffix(m2, "\n<!-- ghsync:status=removed -->") != "content" {
		t.Fatalf("content changed: %q", m2)
	}
	if Status("no record") != "" {
		t.Fatal("status without record")
	}
}

// The patterns markers were first found with, and a reference scanner
// that follows the rule line by line with regular expressions; the
// hand-written scanners must agree with them on every input.
var (
	oracleBegin     = regexp.MustCompile(`<!-- ghsync:begin (blocker|dashboard)=([A-Za-z0-9][A-Za-z0-9._-]{0,39}) -->`)
	oracleStatus    = regexp.MustCompile(`<!-- ghsync:status=([a-z_]+) -->`)
	oracleBeginLine = regexp.MustCompile(`^<!-- ghsync:begin (blocker|dashboard)=([A-Za-z0-9][A-Za-z0-9._-]{0,39}) -->$`)
	oracleEndLine   = regexp.MustCompile(`^<!-- ghsync:end (blocker|dashboard)=([A-Za-z0-9][A-Za-z0-9._-]{0,39}) -->$`)
	oracleFence     = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})(.*)$")
)

// oracleScan returns body's regions and the start of the line opening a
// code block left open at its end (-1 for none).
func oracleScan(body string) (regions []span, openFence int) {
	type line struct {
		start, next int
		text        string
	}
	var lines []line
	for start := 0; start < len(body); {
		next := len(body)
		if i := strings.IndexByte(body[start:], '\n'); i >= 0 {
			next = start + i + 1
		}
		text := strings.TrimSuffix(strings.TrimSuffix(body[start:next], "\n"), "\r")
		lines = append(lines, line{start, next, text})
		start = next
	}
	content := func(r span, crlf bool) span {
		r.inner = min(r.inner, r.innerEnd)
		c := body[r.inner:r.innerEnd]
		if crlf && strings.HasSuffix(c, "\r\n") {
			c = c[:len(c)-2]
		} else {
			c = strings.TrimSuffix(c, "\n")
		}
		r.innerEnd = r.inner + len(c)
		return r
	}
	var (
		open      *span
		crlf      bool
		fence     string // the opening fence's run, while in code
		fenceLine int
	)
	for _, l := range lines {
		if open == nil && fence != "" {
			if m := oracleFence.FindStringSubmatch(l.text); m != nil && m[1][0] == fence[0] &&
				len(m[1]) >= len(fence) && strings.Trim(m[2], " \t") == "" {
				fence = ""
			}
			continue
		}
		if m := oracleBeginLine.FindStringSubmatch(l.text); m != nil {
			if open != nil {
				end := len(strings.TrimSuffix(strings.TrimSuffix(body[:l.start], "\n"), "\r"))
				regions = append(regions, content(span{key: open.key, start: open.start, inner: open.inner, innerEnd: end, end: end}, crlf))
			}
			open = &span{key: Key{Kind(m[1]), m[2]}, start: l.start, inner: l.next}
			crlf = strings.HasSuffix(body[l.start:l.next], "\r\n")
			continue
		}
		if open != nil {
			if m := oracleEndLine.FindStringSubmatch(l.text); m != nil && (Key{Kind(m[1]), m[2]}) == open.key {
				regions = append(regions, content(span{key: open.key, start: open.start, inner: open.inner,
					innerEnd: l.start, end: l.start + len(l.text), complete: true}, crlf))
				open = nil
			}
			continue
		}
		if m := oracleFence.FindStringSubmatch(l.text); m != nil && !(m[1][0] == '`' && strings.Contains(m[2], "`")) {
			fence, fenceLine = m[1], l.start
		}
	}
	if open != nil {
		regions = append(regions, content(span{key: open.key, start: open.start, inner: open.inner, innerEnd: len(body), end: len(body)}, crlf))
	}
	if open != nil || fence == "" {
		return regions, -1
	}
	return regions, fenceLine
}

func oracleRegion(body string, k Key) (span, bool) {
	regions, _ := oracleScan(body)
	i := slices.IndexFunc(regions, func(r span) bool { return r.key == k && r.complete })
	if i < 0 {
		i = slices.IndexFunc(regions, func(r span) bool { return r.key == k })
	}
	if i < 0 {
		return span{}, false
	}
	return regions[i], true
}

func oracleSplice(body string, k Key, content string) string {
	if r, ok := oracleRegion(body, k); ok {
		return body[:r.start] + Wrap(k, content) + body[r.end:]
	}
	if _, open := oracleScan(body); open >= 0 {
		return body[:open] + Wrap(k, content) + "\n" + body[open:]
	}
	switch {
	case body == "":
		return Wrap(k, content)
	case strings.HasSuffix(body, "\n"):
		return body + "\n" + Wrap(k, content)
	}
	return body + "\n\n" + Wrap(k, content)
}

func oracleKeys(body string) []Key {
	var out []Key
	regions, _ := oracleScan(body)
	for _, r := range regions {
		if !slices.Contains(out, r.key) {
			out = append(out, r.key)
		}
	}
	for _, m := range oracleBegin.FindAllStringSubmatch(body, -1) {
		if k := (Key{Kind(m[1]), m[2]}); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func oracleWithStatus(managed, status string) string {
	if locs := oracleStatus.FindAllStringIndex(managed, -1); len(locs) > 0 {
		var b strings.Builder
		prev := 0
		for _, l := range locs {
			start := l[0]
			if start > prev && managed[start-1] == '\n' {
				start--
			}
			b.WriteString(managed[prev:start])
			prev = l[1]
		}
		b.WriteString(managed[prev:])
		managed = b.String()
	}
	return strings.TrimRight(managed, "\n") + "\n<!-- ghsync:status=" + status + " -->"
}

// checkScanners compares Keys, Find, Managed, Splice, Status and
// WithStatus with the oracle.
func checkScanners(t *testing.T, body string) {
	t.Helper()
	want := oracleKeys(body)
	if got := Keys(body); !slices.Equal(got, want) {
		t.Errorf("Keys(%q) = %v, want %v", body, got, want)
	}
	for _, k := range append(want, BlockerKey("A")) {
		got, ok := Managed(body, k)
		wantR, wantOK := oracleRegion(body, k)
		if ok != wantOK || ok && got != body[wantR.inner:wantR.innerEnd] {
			t.Errorf("Managed(%q, %v) = %q, %v; want %q, %v", body, k, got, ok, body[wantR.inner:wantR.innerEnd], wantOK)
		}
		if got, want := Splice(body, k, "new"), oracleSplice(body, k, "new"); got != want {
			t.Errorf("Splice(%q, %v) = %q, want %q", body, k, got, want)
		}
	}
	k, ok := Find(body)
	if ok != (len(want) > 0) || ok && k != want[0] {
		t.Errorf("Find(%q) = %v %v, want %v", body, k, ok, want)
	}
	wantStatus := ""
	if m := oracleStatus.FindStringSubmatch(body); m != nil {
		wantStatus = m[1]
	}
	if got := Status(body); got != wantStatus {
		t.Errorf("Status(%q) = %q, want %q", body, got, wantStatus)
	}
	if got, want := WithStatus(body, StatusCompleted), oracleWithStatus(body, StatusCompleted); got != want {
		t.Errorf("WithStatus(%q) = %q, want %q", body, got, want)
	}
}

func TestScannersAgreeWithPatterns(t *testing.T) {
	id40 := strings.Repeat("a", 40)
	for _, body := range []string{
		"",
		"<!-- ghsync:begin blocker=A -->",
		"<!-- ghsync:begin dashboard=progress -->",
		"<!-- ghsync:begin blocker=" + id40 + " -->",
		"<!-- ghsync:begin blocker=" + id40 + "b -->",
		"<!-- ghsync:begin blocker=.a -->",
		"<!-- ghsync:begin blocker=a.b_c-D9 -->",
		"<!-- ghsync:begin blocker=A-->",
		"<!-- ghsync:begin blocker=A  -->",
		"<!-- ghsync:begin blockers=A -->",
		"<!-- ghsync:begin blocker= -->",
		"<!-- ghsync:begin <!-- ghsync:begin blocker=B -->",
		"<!-- ghsync:begin blocker=A --><!-- ghsync:begin blocker=A --><!-- ghsync:begin dashboard=A -->",
		"<!-- ghsync:begin blocker=<!-- ghsync:begin blocker=C -->",
		"<!-- ghsync:begin blocker=A -",
		"x<!-- ghsync:begin blocker=é -->",
		"<!-- ghsync:status=open -->",
		"a\n<!-- ghsync:status=open -->\nb\n<!-- ghsync:status=removed -->\n",
		"<!-- ghsync:status=Open -->",
		"<!-- ghsync:status= -->",
		"<!-- ghsync:status=<!-- ghsync:status=not_planned -->",
		"\n\n<!-- ghsync:status=open --><!-- ghsync:status=open -->",
		"<!-- ghsync:status=open",
		"<!-- ghsync:begin blocker=A -->\nx\n<!-- ghsync:end blocker=A -->",
		"a <!-- ghsync:begin blocker=A -->\nx\n<!-- ghsync:end blocker=A -->",
		"<!-- ghsync:begin blocker=A --> x\n<!-- ghsync:begin blocker=B -->\r\n<!-- ghsync:end blocker=B -->\r\n",
		"```\n<!-- ghsync:begin blocker=A -->\n```\n<!-- ghsync:begin blocker=B -->\n",
		"   ~~~~\n<!-- ghsync:begin blocker=A -->\n~~~\n ~~~~~ \t\n<!-- ghsync:begin blocker=B -->",
		"    ```\n<!-- ghsync:begin blocker=A -->\n",
		"```a`\n<!-- ghsync:begin blocker=A -->\n",
		"<!-- ghsync:begin blocker=A -->\n```\n<!-- ghsync:end blocker=A -->\n```\n<!-- ghsync:begin blocker=B -->",
		"<!-- ghsync:begin blocker=A -->\n<!-- ghsync:begin blocker=A -->\nx\n<!-- ghsync:end blocker=A -->",
		"<!-- ghsync:begin blocker=A -->\r",
		"<!-- ghsync:begin blocker=A -->\r\r\n<!-- ghsync:end blocker=A -->",
		"x\n<!-- ghsync:end blocker=A -->\n<!-- ghsync:begin blocker=A -->\n\n<!-- ghsync:end blocker=A --> \n",
	} {
		checkScanners(t, body)
	}
}

func FuzzScanners(f *testing.F) {
	f.Add("<!-- ghsync:begin blocker=A -->x<!-- ghsync:status=open -->")
	f.Add("<!-- ghsync:begin dashboard=progress --><!-- ghsync:begin blocker=" + strings.Repeat("z", 41) + " -->")
	f.Add("x\n```\n<!-- ghsync:begin blocker=A -->\n```\n<!-- ghsync:begin blocker=A -->\r\n```\r\n<!-- ghsync:end blocker=A -->")
	f.Add("~~~\n<!-- ghsync:end dashboard=progress -->\n~~~~\n<!-- ghsync:begin dashboard=progress -->")
	f.Fuzz(func(t *testing.T, body string) { checkScanners(t, body) })
}

func TestBlockedByRecord(t *testing.T) {
	m := WithStatus("text", StatusOpen)
	if got := BlockedBy(m); got != nil {
		t.Fatalf("no record: %v", got)
	}
	m = WithBlockedBy(m, []string{"P0-002", "P0-001", "P0-002"})
	if want := "text\n<!-- ghsync:blocked-by=P0-001,P0-002 -->\n<!-- ghsync:status=open -->"; m != want {
		t.Fatalf("with record:\n%q\nwant\n%q", m, want)
	}
	if got := BlockedBy(m); !slices.Equal(got, []string{"P0-001", "P0-002"}) {
		t.Fatalf("read back: %v", got)
	}
	// Replaced, not added; the status record stays last.
	m = WithStatus(WithBlockedBy(m, []string{"P1-001"}), StatusCompleted)
	if want := "text\n<!-- ghsync:blocked-by=P1-001 -->\n<!-- ghsync:status=completed -->"; m != want {
		t.Fatalf("replaced:\n%q\nwant\n%q", m, want)
	}
	if m = WithBlockedBy(m, nil); m != "text\n<!-- ghsync:status=completed -->" {
		t.Fatalf("removed: %q", m)
	}
	if got := WithBlockedBy("text", []string{"A"}); got != "text\n<!-- ghsync:blocked-by=A -->" {
		t.Fatalf("without a status record: %q", got)
	}
	for _, bad := range []string{"<!-- ghsync:blocked-by= -->", "<!-- ghsync:blocked-by=a b -->", "<!-- ghsync:blocked-by=,, -->", "<!-- ghsync:blocked-by=A-->"} {
		if got := BlockedBy(bad); got != nil {
			t.Errorf("%q read as %v", bad, got)
		}
	}
	// The record survives a round trip through the body.
	k := BlockerKey("P0-003")
	body := Splice("person's text", k, WithBlockedBy("x", []string{"P0-001"}))
	if got, _ := Managed(body, k); !slices.Equal(BlockedBy(got), []string{"P0-001"}) {
		t.Fatalf("round trip: %q", body)
	}
}

// The sub-issue record of a tracker works as the blocked-by record does,
// beside it, and a tracker's key is found like any other (#16).
func TestSubIssuesRecord(t *testing.T) {
	m := WithSubIssues(WithStatus("list", StatusOpen), []string{"P1-001", "P0-001"})
	if want := "list\n<!-- ghsync:sub-issues=P0-001,P1-001 -->\n<!-- ghsync:status=open -->"; m != want {
		t.Fatalf("with record:\n%q\nwant\n%q", m, want)
	}
	if got := SubIssues(m); !slices.Equal(got, []string{"P0-001", "P1-001"}) || BlockedBy(m) != nil {
		t.Fatalf("read back: %v (blocked-by %v)", SubIssues(m), BlockedBy(m))
	}
	m = WithBlockedBy(m, []string{"X"})
	if got := SubIssues(WithSubIssues(m, nil)); got != nil || !slices.Equal(BlockedBy(m), []string{"X"}) {
		t.Fatalf("records mixed up: %q", m)
	}
	k := TrackerKey("security")
	body := Splice("a person's text", k, m)
	if got, ok := Find(body); !ok || got != k {
		t.Fatalf("tracker key not found in %q: %v", body, got)
	}
	if got, _ := Managed(body, k); !slices.Equal(SubIssues(got), []string{"P0-001", "P1-001"}) {
		t.Fatalf("round trip: %q", body)
	}
}
