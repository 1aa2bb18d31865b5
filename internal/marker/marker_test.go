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
	k, ok := Find(body)
	if !ok || k != BlockerKey("BLK-101") {
		t.Fatalf("Find = %v %v", k, ok)
	}
	keys := Keys(body)
	if len(keys) != 2 || keys[1] != BlockerKey("SEC.12") {
		t.Fatalf("Keys = %v", keys)
	}
	if _, ok := Find("<!-- ghsync:begin blocker=-bad -->"); ok {
		t.Fatal("an id starting with '-' must not match")
	}
	if _, ok := Find("no marker here"); ok {
		t.Fatal("found a marker in plain text")
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
// never panic, must put the content in the region, must keep every byte
// before and after the region, must be idempotent, and the readers (Keys,
// Find, Managed, Status) must never panic on what it returns.
func FuzzSplice(f *testing.F) {
	k := BlockerKey("P0-001")
	f.Add("", "content")
	f.Add("before "+Wrap(k, "old")+" after", "new")
	f.Add(Begin(k)+Begin(k)+End(k), "x")
	f.Add("<!-- ghsync:end blocker=P0-001 -->"+Begin(k), "y")
	f.Add("text\r\n"+Wrap(k, WithStatus("old", StatusOpen))+"\r\nmore", WithStatus("new", StatusCompleted))
	f.Add(Wrap(BlockerKey("P0-002"), "other")+"\n"+Wrap(k, "mine"), "z")
	f.Add(Begin(k)+"no end, and then "+End(BlockerKey("P0-0011")), "w")
	f.Add("<!-- ghsync:begin blocker=P0-001 --><!-- ghsync:begin dashboard=progress -->", "\n\n")
	f.Add("\xff\xfe"+Wrap(k, "bad utf-8 \xc3"), "é\u200b\u202e")
	f.Fuzz(func(t *testing.T, body, content string) {
		if strings.Contains(content, "<!--") {
			content = Neutralize(content)
		}
		got := Splice(body, k, content)
		m, ok := Managed(got, k)
		if !ok {
			t.Fatalf("region missing after Splice")
		}
		if strings.TrimRight(content, "\n") != m && !strings.HasPrefix(content, "\n") {
			t.Fatalf("managed %q, want %q", m, content)
		}
		start, end, found := region(body, k)
		if found {
			// Text before and after the region is kept byte for byte.
			if !strings.HasPrefix(got, body[:start]) {
				t.Fatalf("text before the region changed")
			}
			if !strings.HasSuffix(got, body[end:]) {
				t.Fatalf("text after the region changed: %q lost from %q", body[end:], got)
			}
		} else if !strings.HasPrefix(got, body) {
			t.Fatalf("body without region was changed")
		}
		if again := Splice(got, k, content); again != got {
			t.Fatalf("Splice is not idempotent:\n%q\n%q", got, again)
		}
		if key, ok := Find(got); !ok || (found && key != k && !strings.Contains(body[:start], "<!-- ghsync:begin ")) {
			t.Fatalf("Find(%q) = %v, %v", got, key, ok)
		}
		_ = Keys(got)
		_ = Status(m)
		_ = WithStatus(m, StatusRemoved)
		_, _ = MilestoneID(got)
	})
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

// The patterns markers were first found with; the hand-written scanners
// must agree with them on every input.
var (
	oracleBegin  = regexp.MustCompile(`<!-- ghsync:begin (blocker|dashboard)=([A-Za-z0-9][A-Za-z0-9._-]{0,39}) -->`)
	oracleStatus = regexp.MustCompile(`<!-- ghsync:status=([a-z_]+) -->`)
)

func oracleKeys(body string) []Key {
	var out []Key
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

// checkScanners compares Keys, Find, Status and WithStatus with the oracle.
func checkScanners(t *testing.T, body string) {
	t.Helper()
	want := oracleKeys(body)
	if got := Keys(body); !slices.Equal(got, want) {
		t.Errorf("Keys(%q) = %v, want %v", body, got, want)
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
	} {
		checkScanners(t, body)
	}
}

func FuzzScanners(f *testing.F) {
	f.Add("<!-- ghsync:begin blocker=A -->x<!-- ghsync:status=open -->")
	f.Add("<!-- ghsync:begin dashboard=progress --><!-- ghsync:begin blocker=" + strings.Repeat("z", 41) + " -->")
	f.Fuzz(func(t *testing.T, body string) { checkScanners(t, body) })
}
