package reliability

import (
	"slices"
	"strings"
	"testing"
)

// The catalog's depends_on become GitHub's "blocked by" links (#16): made
// once both issues exist, recorded in the managed region, free to read in
// a steady state; a person's own links are kept; a dependency removed from
// the catalog removes only ghsync's link.
func TestBlockedByLinks(t *testing.T) {
	w := newWorld(t)
	r := w.mustRun("plan")
	if !strings.Contains(r.out, "+ blocked by BLK-01") {
		t.Fatalf("plan does not show the link:\n%s", r.out)
	}
	if r := w.mustRun("plan", "--format", "json"); !strings.Contains(r.out, `"kind": "link"`) || !strings.Contains(r.out, `"blocked_by": "BLK-01"`) {
		t.Fatalf("the plan's JSON does not carry the links:\n%s", r.out)
	}
	w.mustRun("apply", "--yes")
	blocked := func(id string) []int {
		t.Helper()
		got := w.fake.BlockedBy(repo, w.issueOf(id).Number)
		slices.Sort(got)
		return got
	}
	num := func(id string) int { return w.issueOf(id).Number }
	for id, deps := range map[string][]string{"BLK-02": {"BLK-01"}, "BLK-04": {"BLK-03"}, "BLK-05": {"BLK-02"}, "BLK-07": {"BLK-05", "BLK-06"}} {
		var want []int
		for _, d := range deps {
			want = append(want, num(d))
		}
		slices.Sort(want)
		if got := blocked(id); !slices.Equal(got, want) {
			t.Errorf("%s is blocked by %v, want %v", id, got, want)
		}
	}
	if b := w.issueOf("BLK-07").Body; !strings.Contains(b, "<!-- ghsync:blocked-by=BLK-05,BLK-06 -->") {
		t.Errorf("BLK-07's body does not record its links:\n%s", b)
	}
	w.converged()

	writes := 0
	w.beforeWrite(func(int) { writes++ })
	w.mustRun("apply", "--yes")
	if writes != 0 {
		t.Fatalf("a second apply made %d writes", writes)
	}

	// A person's own link stays, and costs no write.
	if err := w.fake.AddBlockedBy(repo, num("BLK-07"), num("BLK-01")); err != nil {
		t.Fatal(err)
	}
	w.mustRun("apply", "--yes")
	if writes != 0 {
		t.Fatalf("an apply after a person's link made %d writes", writes)
	}
	w.converged()

	// BLK-07 no longer depends on BLK-06: ghsync's link goes, the
	// person's stays.
	data, err := readFile(w.catalog)
	if err != nil {
		t.Fatal(err)
	}
	w.setCatalog(strings.Replace(data, "depends_on: [BLK-05, BLK-06]", "depends_on: [BLK-05]", 1))
	r = w.mustRun("plan")
	if !strings.Contains(r.out, "- blocked by BLK-06") {
		t.Fatalf("plan does not show the link's removal:\n%s", r.out)
	}
	w.mustRun("apply", "--yes")
	want := []int{num("BLK-01"), num("BLK-05")}
	slices.Sort(want)
	if got := blocked("BLK-07"); !slices.Equal(got, want) {
		t.Errorf("BLK-07 is blocked by %v, want %v (the person's link and ghsync's to BLK-05)", got, want)
	}
	if b := w.issueOf("BLK-07").Body; !strings.Contains(b, "<!-- ghsync:blocked-by=BLK-05 -->") {
		t.Errorf("BLK-07's record is not updated:\n%s", b)
	}
	w.converged()
}
