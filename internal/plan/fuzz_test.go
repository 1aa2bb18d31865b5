package plan

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/marker"
)

// FuzzRead feeds plan.Read anything a hand-edited or truncated plan file
// can hold: it must never panic, and a plan it accepts must survive a save
// and a second read unchanged, with every change apply can carry out.
func FuzzRead(f *testing.F) {
	var saved bytes.Buffer
	if err := mixedPlan().Save(&saved); err != nil {
		f.Fatal(err)
	}
	f.Add(saved.Bytes())
	f.Add([]byte(`{"format":"ghsync-plan/1","repository":"o/r","summary":{},"changes":[]}`))
	f.Add([]byte(`{"format":"ghsync-plan/1","changes":[{"kind":"issue","action":"update","id":"X"}]}`))
	f.Add([]byte(`{"format":"ghsync-plan/1","changes":[{"kind":"label","action":"create","id":"x","label":{"name":"x","color":"fff"}}],"issue_numbers":{"A":-1}}`))
	f.Add([]byte(`{"format":"ghsync-plan/1","changes":[{"kind":"issue","action":"close","id":"A","number":3,"issue":{"state":"closed"},"not_destructive":true}]}`))
	f.Add([]byte(`{"format":"ghsync-plan/1"}{"format":"ghsync-plan/1"}`))
	f.Add([]byte(`null`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		for i, c := range p.Changes {
			if err := c.check(); err != nil {
				t.Fatalf("Read accepted change %d that apply cannot carry out: %v", i, err)
			}
		}
		var a, b bytes.Buffer
		if err := p.Save(&a); err != nil {
			t.Fatalf("Save of an accepted plan: %v", err)
		}
		q, err := Read(bytes.NewReader(a.Bytes()))
		if err != nil {
			t.Fatalf("a saved plan does not read back: %v\n%s", err, a.String())
		}
		if err := q.Save(&b); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Fatalf("save, read, save is not stable:\n%s\n%s", a.String(), b.String())
		}
		// Rendering an accepted plan never panics either.
		var out bytes.Buffer
		_ = q.Text(&out, Style{})
		_ = q.Markdown(&out)
		_ = q.JSON(&out)
	})
}

// FuzzDiffBody: a person can write anything into the body of a managed
// issue, and into an unrelated one. Diff must never panic, must never
// create a blocker's issue that exists, and an update of the body must keep
// every byte the person wrote before the managed region, and restore the
// region. The plan is also applied twice to the state to check that a
// second Diff has no body change left (convergence).
func FuzzDiffBody(f *testing.F) {
	s := synced()
	f.Add(s.Issues[1].Body, "hello")
	f.Add("notes\r\n"+s.Issues[1].Body+"\nfooter", "- [x] x")
	f.Add(strings.Replace(s.Issues[1].Body, "cookie text", "edited", 1), marker.Begin(marker.BlockerKey("P0-001")))
	f.Add(marker.Begin(marker.BlockerKey("P0-001"))+"no end", marker.Wrap(marker.BlockerKey("P0-002"), "pasted"))
	f.Add(marker.Wrap(marker.BlockerKey("P0-002"), "x")+s.Issues[1].Body, "<!-- ghsync:status=removed -->")
	f.Fuzz(func(t *testing.T, body, other string) {
		k := marker.BlockerKey("P0-001")
		if !strings.Contains(body, marker.Begin(k)) {
			body += "\n" + marker.Begin(k)
		}
		o := synced()
		issueByNumber(&o, 10).Body = body
		issueByNumber(&o, 3).Body = other
		p := Diff(want(), o, Options{})
		for _, c := range p.Changes {
			if c.Kind == KindIssue && c.Action == Create && c.ID == "P0-001" {
				t.Fatalf("P0-001 created although #10 carries its marker")
			}
			if c.Number == nil || *c.Number != 10 || c.Issue == nil || c.Issue.Body == nil {
				continue
			}
			got := *c.Issue.Body
			// Where the first begin marker stands alone on its line, with
			// no code fence before it, it starts the region (see marker's
			// rule), and every byte before it is the person's.
			start := strings.Index(body, marker.Begin(k))
			rest := body[start+len(marker.Begin(k)):]
			alone := (start == 0 || body[start-1] == '\n') && (rest == "" || strings.HasPrefix(rest, "\n") || strings.HasPrefix(rest, "\r\n"))
			fenced := strings.Contains(body[:start], "```") || strings.Contains(body[:start], "~~~")
			if alone && !fenced && !strings.HasPrefix(got, body[:start]) {
				t.Fatalf("text before the region lost:\nbody %q\ngot  %q", body, got)
			}
			resolved := desired.Resolve(got, func(id string) (int, bool) { return map[string]int{"P0-001": 10, "P0-002": 11}[id], true })
			issueByNumber(&o, 10).Body = resolved
			again := Diff(want(), o, Options{})
			for _, c2 := range again.Changes {
				if c2.Number != nil && *c2.Number == 10 && c2.Issue != nil && c2.Issue.Body != nil {
					t.Fatalf("body does not converge:\nfirst  %q\nsecond %q", got, *c2.Issue.Body)
				}
			}
		}
	})
}
