package marker

import (
	"fmt"
	"strings"
	"testing"
)

// Bodies the benchmarks read: every plan calls Keys on every issue of the
// repository, and Managed and Splice on every managed one.
var (
	benchKey = BlockerKey("P0-001")
	// benchPlain is a person's issue without any marker, the common case in
	// a large repository.
	benchPlain = strings.Repeat("Steps to reproduce: open the page, click the button, wait.\n", 20)
	// benchManaged is a managed issue: a person's notes, then the region
	// with a long checklist and a status record.
	benchManaged = "Notes from the on-call rotation.\r\n\r\n" + Wrap(benchKey, WithStatus(benchChecklist(), StatusOpen)) + "\r\nThanks!"
	// benchQuoted has a person's quoted markers and fenced code above and
	// below the region.
	benchQuoted = "The bot keeps its part between `" + Begin(benchKey) + "` and `" + End(benchKey) + "`.\n\n" +
		"```\n" + Begin(benchKey) + "\nexample\n" + End(benchKey) + "\n```\n\n" +
		Wrap(benchKey, WithStatus(benchChecklist(), StatusOpen)) +
		"\n\n~~~go\nfunc main() {}\n~~~\n" + benchPlain
)

func benchChecklist() string {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "- [ ] step %d: rotate the signing key and update the `config` file\n", i)
	}
	b.WriteString("```sh\nmake deploy\n```\n")
	return b.String()
}

func benchBodies() []struct{ name, body string } {
	return []struct{ name, body string }{{"plain", benchPlain}, {"managed", benchManaged}, {"quoted", benchQuoted}}
}

func BenchmarkKeys(b *testing.B) {
	for _, c := range benchBodies() {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.body)))
			for b.Loop() {
				_ = Keys(c.body)
			}
		})
	}
}

func BenchmarkFind(b *testing.B) {
	for _, c := range benchBodies() {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.body)))
			for b.Loop() {
				_, _ = Find(c.body)
			}
		})
	}
}

func BenchmarkManaged(b *testing.B) {
	for _, c := range benchBodies() {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.body)))
			for b.Loop() {
				_, _ = Managed(c.body, benchKey)
			}
		})
	}
}

func BenchmarkSplice(b *testing.B) {
	content := WithStatus(benchChecklist(), StatusCompleted)
	for _, c := range benchBodies() {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.body)))
			for b.Loop() {
				_ = Splice(c.body, benchKey, content)
			}
		})
	}
}
