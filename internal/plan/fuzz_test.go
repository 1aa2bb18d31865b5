package plan

import (
	"bytes"
	"testing"
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
