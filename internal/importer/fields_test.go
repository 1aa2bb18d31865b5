package importer

import (
	"bytes"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ghsync/ghsync/internal/catalog"
)

// The record's field names are the catalog's keys, in the catalog's order
// (the reports use them as a reader of the catalog sees them), and each
// lands in the blocker field of that key. They are constants here rather
// than taken from the catalog because the importer indexes its records by
// them; this test keeps them the catalog's.
func TestFieldsAreCatalogKeys(t *testing.T) {
	fields := map[string]value{}
	for _, f := range fieldOrder {
		switch {
		case isList(f):
			fields[f] = value{list: []string{f + " value"}}
		case f == fEffort:
			fields[f] = value{text: "1.5"}
		default:
			fields[f] = value{text: f + " value"}
		}
	}
	c := &catalog.Catalog{Version: catalog.Version, Blockers: []catalog.Blocker{toBlocker("P0-001", fields)}}
	var out bytes.Buffer
	if err := catalog.Encode(&out, c, ""); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Blockers []yaml.Node `yaml:"blockers"`
	}
	if err := yaml.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Blockers) != 1 {
		t.Fatalf("read back: %v\n%s", err, out.String())
	}
	var keys []string
	b := doc.Blockers[0]
	for i := 0; i+1 < len(b.Content); i += 2 {
		k, v := b.Content[i].Value, b.Content[i+1]
		if k == "id" {
			continue
		}
		keys = append(keys, k)
		want := fields[k].text
		if v.Kind == yaml.SequenceNode && len(v.Content) == 1 {
			v, want = v.Content[0], fields[k].list[0]
		}
		if v.Value != want {
			t.Errorf("%s: written as %q, want %q", k, v.Value, want)
		}
	}
	if !slices.Equal(keys, fieldOrder) {
		t.Errorf("the catalog writes the imported fields as\n%q\nfieldOrder is\n%q", keys, fieldOrder)
	}
}
