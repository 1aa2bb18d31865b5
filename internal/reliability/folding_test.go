package reliability

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// Issue #13.5: GitHub, not ghsync, decides which names are one. A
// person's milestone "M3: Enterpriſe" (long s) and label
// "category/ſecurity" equal the catalog's "M3: Enterprise" and
// "category/security" under Unicode case folding, not under ASCII case.
// ghsync adopts without asking only on an ASCII case match, so it creates
// its own; when GitHub refuses that as existing, it adopts the existing one
// then, and says so. Either way the next run changes nothing.
func TestNamesAreEqualOnlyWhenGitHubSaysSo(t *testing.T) {
	seed := func(w *world) (ms int) {
		if err := w.fake.SeedLabel(repo, ghfake.Label{Name: "category/ſecurity", Color: "123456", Description: "people's"}); err != nil {
			t.Fatal(err)
		}
		return w.fake.SeedMilestone(repo, ghfake.Milestone{Title: "M3: Enterpriſe", Description: "people's"})
	}
	t.Run("GitHub holds them apart", func(t *testing.T) {
		w := newWorldWith(t, func(o *ghfake.Options) {
			o.SameName = func(a, b string) bool { return foldASCII(a) == foldASCII(b) }
		})
		ms := seed(w)
		w.mustRun("apply", "--yes")
		for _, m := range w.fake.Milestones(repo) {
			if m.Number == ms && (m.Title != "M3: Enterpriſe" || m.Description != "people's") {
				t.Fatalf("the person's milestone was taken over: %+v", m)
			}
		}
		found := map[string]ghfake.Label{}
		for _, l := range w.fake.Labels(repo) {
			found[l.Name] = l
		}
		if l := found["category/ſecurity"]; l.Color != "123456" || l.Description != "people's" {
			t.Fatalf("the person's label was changed: %+v", l)
		}
		if _, ok := found["category/security"]; !ok {
			t.Fatalf("ghsync did not create its own label: %+v", found)
		}
		w.converged()
	})
	t.Run("GitHub holds them equal", func(t *testing.T) {
		w := newWorld(t) // the fake folds like Go's strings.EqualFold
		ms := seed(w)
		r := w.mustRun("apply", "--yes")
		for _, want := range []string{
			`adopted the existing label "category/ſecurity" for "category/security": GitHub holds the two names equal; it keeps its name`,
			fmt.Sprintf(`adopted the existing milestone "M3: Enterpriſe" (#%d) for "M3: Enterprise": GitHub holds the two titles equal`, ms),
		} {
			if !strings.Contains(r.out, want) {
				t.Fatalf("apply does not say %q:\n%s", want, r.out)
			}
		}
		var names []string
		for _, l := range w.fake.Labels(repo) {
			names = append(names, l.Name)
		}
		if strings.Contains(strings.Join(names, ","), "category/security") {
			t.Fatalf("labels %v: the adopted label was renamed or doubled", names)
		}
		if m := w.fake.Milestones(repo); len(m) != 4 || !strings.Contains(m[ms-1].Description, "ghsync:milestone=M3") {
			t.Fatalf("milestones: %+v", m)
		}
		blk := w.ownIssue("BLK-01") // a security blocker
		if !strings.Contains(strings.Join(blk.Labels, ","), "category/ſecurity") {
			t.Fatalf("BLK-01's labels: %v", blk.Labels)
		}
		w.converged()
		before := w.fake.Counts().Writes
		w.mustRun("apply", "--yes")
		if n := w.fake.Counts().Writes - before; n != 0 {
			t.Fatalf("the second apply made %d writes", n)
		}
	})
}

// foldASCII lowers ASCII letters only: GitHub holding "S" and "ſ" apart.
func foldASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
