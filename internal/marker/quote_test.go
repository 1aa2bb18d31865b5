package marker

import (
	"slices"
	"strings"
	"testing"
)

// The tests in this file use only the exported functions, so they run
// against any version of the package.

// Issue #13: a person who quotes the begin marker in a sentence above the
// region lost everything between the quote and the region on the next
// Splice, with no change in the catalog.
func TestQuotedBeginMarkerKeepsText(t *testing.T) {
	k := BlockerKey("P0-001")
	before := "the bot keeps its part between `<!-- ghsync:begin blocker=P0-001 -->` and the end marker.\n\n" +
		"These are my notes, and they must stay.\n\n"
	after := "\n\nMore notes below."
	body := before + Wrap(k, WithStatus("- [ ] old step", StatusOpen)) + after
	content := WithStatus("- [ ] new step", StatusOpen)
	got := Splice(body, k, content)
	if want := before + Wrap(k, content) + after; got != want {
		t.Fatalf("Splice:\n got %q\nwant %q", got, want)
	}
	if m, ok := Managed(body, k); !ok || m != WithStatus("- [ ] old step", StatusOpen) {
		t.Fatalf("Managed = %q, %v", m, ok)
	}
}

// A person's quoted markers, wherever they stand, are text: Splice keeps
// every byte before and after the real region, whatever these hold.
func TestQuotedMarkersAreText(t *testing.T) {
	k := BlockerKey("P0-001")
	b, e := Begin(k), End(k)
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	tests := []struct {
		name, before, after string
		region              func(content string) string // the real region as the body holds it
	}{
		{name: "begin in a code span above", before: "between `" + b + "` and the end\n"},
		{name: "begin in a sentence, no code span", before: "the bot writes " + b + " first\n"},
		{name: "begin and end in code spans above", before: "`" + b + "` ... `" + e + "`\n\n"},
		{name: "end in a code span above", before: "it ends with `" + e + "`\n"},
		{name: "end in a code span below", after: "\nit ends with `" + e + "`, then my text"},
		{name: "begin in a code span below", after: "\n\nit starts with `" + b + "`\n\nand this stays"},
		{name: "begin in a fenced block above", before: "the bot writes\n```\n" + b + "\n```\nand more\n\n"},
		{name: "begin and end in a fenced block above", before: "```html\n" + b + "\nexample\n" + e + "\n```\n"},
		{name: "both in a fenced block below", after: "\n\n```\n" + b + "\nexample\n" + e + "\n```\n"},
		{name: "both in a tilde fence below", after: "\n~~~~ markdown\n" + b + "\n~~~\nstill code\n" + e + "\n~~~~\nend"},
		{name: "fence indented three spaces", before: "   ```\n" + b + "\n" + e + "\n   ```\n"},
		{name: "indented code block", before: "    " + b + "\n    " + e + "\n\n"},
		{name: "begin at line start, then text", before: b + " is the line the bot writes\n"},
		{name: "end at line start, then text", before: b + " x\n" + e + " is how it ends\n", after: "\n" + e + " again"},
		{name: "begin alone on a line above", before: "a pasted line:\n" + b + "\nmy text between\n"},
		{name: "end alone on a line above", before: e + "\nmy text\n"},
		{name: "end alone on a line below", after: "\n" + e + "\nmy text after"},
		{name: "begin alone on a line below", after: "\n" + b + "\nmy text after"},
		{name: "begin line of another key above", before: Begin(BlockerKey("P0-002")) + "\npasted\n"},
		{name: "fence left open below", after: "\n```\n" + b + "\nmy unfinished code"},
		{name: "status record quoted", before: "`<!-- ghsync:status=completed -->`\n"},
		{name: "crlf body, quotes above and below",
			before: crlf("between `" + b + "` and\n```\n" + b + "\n```\n"), after: crlf("\n`" + e + "`\n"),
			region: func(c string) string { return crlf(Wrap(k, c)) }},
		{name: "crlf person text, lf region", before: "notes\r\n`" + b + "`\r\n", after: "\r\nmore\r\n"},
		{name: "code fences in the managed content",
			before: "```\n" + b + "\n```\n", after: "\n```\n" + e + "\n```\n",
			region: func(c string) string { return Wrap(k, "```go\nfunc f() {}\n```\n````\nunclosed\n"+c) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wrap := func(c string) string { return Wrap(k, c) }
			if tt.region != nil {
				wrap = tt.region
			}
			body := tt.before + wrap(WithStatus("old", StatusOpen)) + tt.after
			content := WithStatus("- [ ] new", StatusCompleted)
			got := Splice(body, k, content)
			if !strings.HasPrefix(got, tt.before) || !strings.HasSuffix(got, tt.after) {
				t.Fatalf("person's text changed:\nbody %q\n got %q", body, got)
			}
			if mid := got[len(tt.before) : len(got)-len(tt.after)]; mid != Wrap(k, content) {
				t.Fatalf("region not replaced:\nbody %q\n got %q", body, got)
			}
			if m, ok := Managed(got, k); !ok || m != content {
				t.Fatalf("Managed after Splice = %q, %v", m, ok)
			}
			if again := Splice(got, k, content); again != got {
				t.Fatalf("Splice not idempotent:\n%q\n%q", got, again)
			}
			if !slices.Contains(Keys(got), k) {
				t.Fatalf("Keys(%q) = %v", got, Keys(got))
			}
			if f, ok := Find(got); !strings.Contains(tt.before, "P0-002") && (!ok || f != k) {
				t.Fatalf("Find(%q) = %v, %v", got, f, ok)
			}
		})
	}
}
