package ghapi

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	jsonv2 "github.com/go-json-experiment/json"

	"github.com/ghsync/ghsync/internal/marker"
)

// checkDecodeMarked holds decodeMarked to json.Unmarshal: whenever the page
// decodes, decodeMarked must succeed too and return, in order, a subset of
// its items, equal to them, that includes every item whose body holds a
// begin marker.
func checkDecodeMarked(t *testing.T, data []byte) {
	t.Helper()
	var raws []json.RawMessage
	if json.Unmarshal(data, &raws) != nil {
		return
	}
	var all []issueJSON
	allObjects := true
	for _, r := range raws {
		allObjects = allObjects && strings.HasPrefix(string(r), "{")
	}
	if json.Unmarshal(data, &all) != nil || !allObjects {
		return
	}
	var v2 []issueJSON
	if err := jsonv2.Unmarshal(data, &v2, listOptions); err != nil || !reflect.DeepEqual(v2, all) {
		t.Fatalf("encoding/json/v2 with listOptions reads differently from encoding/json (%v):\n%+v\n%+v", err, v2, all)
	}
	got, b, err := decodeMarked(data, nil)
	if err != nil {
		t.Fatalf("decodeMarked failed where json.Unmarshal did not: %v\n%s", err, data)
	}
	if want := (bounds{n: len(all)}); len(all) > 0 {
		want.first, want.last = all[0].Number, all[len(all)-1].Number
		if b != want {
			t.Fatalf("decodeMarked bounds = %+v, want %+v", b, want)
		}
	}
	j := 0
	for _, is := range all {
		if j < len(got) && reflect.DeepEqual(got[j], is) {
			j++
			continue
		}
		if marker.Keys(is.Body) != nil {
			t.Fatalf("item #%d with a marker was skipped or changed:\n%+v\ngot %+v", is.Number, is, got)
		}
	}
	if j != len(got) {
		t.Fatalf("decodeMarked returned items json.Unmarshal did not: %+v", got[j:])
	}
}

func TestDecodeMarkedAgreesWithUnmarshal(t *testing.T) {
	mark := marker.Begin(marker.BlockerKey("B-1"))
	bodies := []string{
		"", "plain text", mark, "text " + mark + " more",
		`quotes " and \ backslashes } ] { [`, "newline\nand tab\t",
		"é and \u2028 and <b>&</b>", "ghsync:begin without the rest",
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		var items []map[string]any
		for n := range r.IntN(6) {
			it := map[string]any{
				"number": n + 1, "title": bodies[r.IntN(len(bodies))], "body": bodies[r.IntN(len(bodies))],
				"state": "open", "labels": []any{map[string]any{"name": "x]", "color": "{"}},
				"milestone": map[string]any{"number": 2, "creator": map[string]any{"login": `"}`}},
				"user":      map[string]any{"login": "ana"}, "created_at": "2026-01-02T03:04:05Z",
				"updated_at": "2026-01-02T03:04:05Z", "closed_at": nil,
			}
			if r.IntN(4) == 0 {
				it["pull_request"] = map[string]any{"url": "u"}
			}
			items = append(items, it)
		}
		data, err := json.Marshal(items)
		if err != nil {
			t.Fatal(err)
		}
		if items == nil {
			data = []byte("[]")
		}
		checkDecodeMarked(t, data)
		// GitHub's own encoder escapes <, > and & as \u003c and so on,
		// which Go's does too; the plain form must work as well.
		checkDecodeMarked(t, []byte(strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(data))))
	}
	// A marker spelled with escapes is still found.
	escaped := []byte(`[{"number":1,"body":"<!-- \u0067hsync:begin blocker=B-1 -->"}]`)
	if got, _, err := decodeMarked(escaped, nil); err != nil || len(got) != 1 {
		t.Fatalf("escaped marker: %v %v", got, err)
	}
	checkDecodeMarked(t, escaped)
}

func TestDecodeMarkedSkipsWithoutDecoding(t *testing.T) {
	// The unmarked item is not valid as an issue (number is a string), so
	// it can only pass by not being decoded.
	data := []byte(` [ {"number":"x","body":"no marker"} , {"number":2,"body":"<!-- ghsync:begin blocker=A -->"} ] `)
	got, _, err := decodeMarked(data, nil)
	if err != nil || len(got) != 1 || got[0].Number != 2 {
		t.Fatalf("got %+v, %v", got, err)
	}
}

func TestDecodeMarkedErrors(t *testing.T) {
	for _, data := range []string{
		``, `{}`, `[`, `[{}`, `[{},]`, `[{} {}]`, `[1]`, `[null]`, `[{}] x`,
		`[{"a":"unterminated}]`, `[{"a":"ends in a backslash\`, `[{"a":{"b":1}]`, `[{"a":[}]`,
	} {
		if got, _, err := decodeMarked([]byte(data), nil); err == nil {
			t.Errorf("decodeMarked(%q) = %+v, want an error", data, got)
		}
	}
	for _, data := range []string{`[]`, ` [ ] `, `[{}]`, "[{\"a\":\"\\\\\"}]"} {
		if _, _, err := decodeMarked([]byte(data), nil); err != nil {
			t.Errorf("decodeMarked(%q): %v", data, err)
		}
	}
}

func FuzzDecodeMarked(f *testing.F) {
	f.Add([]byte(`[{"number":1,"body":"<!-- ghsync:begin blocker=A -->"},{"number":2,"body":"x"}]`))
	f.Add([]byte(`[{"body":"\u003c!-- ghsync:begin blocker=A --\u003e","labels":[{"name":"]"}]}]`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecodeMarked(t, data)
		_, _, _ = decodeMarked(data, nil) // never panics
	})
}

func BenchmarkDecodePage(b *testing.B) {
	// A page as the fake serves it: half people's items, half managed.
	var items []map[string]any
	for n := range 100 {
		body := strings.Repeat("word ", 100)
		if n%2 == 0 {
			body = marker.Wrap(marker.BlockerKey(fmt.Sprint("B-", n)), strings.Repeat("managed text\n", 40))
		}
		items = append(items, map[string]any{"number": n + 1, "title": "t", "body": body, "state": "open",
			"user":   map[string]any{"login": "ana", "url": "https://api.github.com/users/ana"},
			"labels": []any{map[string]any{"name": "bug", "url": "https://api.github.com/labels/bug"}}})
	}
	data, _ := json.Marshal(items)
	b.Run("encoding-json", func(b *testing.B) { // every item, as go-github would
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var page []issueJSON
			_ = json.Unmarshal(data, &page)
		}
	})
	b.Run("marked-v2", func(b *testing.B) { // what Observe does
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			_, _, _ = decodeMarked(data, nil)
		}
	})
}
