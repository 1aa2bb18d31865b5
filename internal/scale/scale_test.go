package scale

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/plan"
	"github.com/ghsync/ghsync/internal/report"
)

var testToday = catalog.Date{Year: 2026, Month: 2, Day: 10}

// planOf is what ghsync plan computes (cli's diff): the catalog's changes
// plus the dashboard's.
func planOf(t *testing.T, cat *catalog.Catalog, r Repo) plan.Plan {
	t.Helper()
	st := r.State("o/r")
	p := plan.Diff(desired.Build(cat), st, plan.Options{Repository: "o/r"})
	if cat.Dashboard != nil {
		if c, ok := plan.Dashboard(cat.Dashboard.Title, report.Build(cat, st, testToday).DashboardBody(), st); ok {
			p.Add(c)
		}
	}
	return p
}

func TestCatalogIsValidAndDeterministic(t *testing.T) {
	for _, n := range []int{1, 3, 250} {
		s := Spec{Blockers: n, Seed: 7, Dashboard: true}
		cat, err := Catalog(s)
		if err != nil {
			t.Fatal(err)
		}
		if len(cat.Blockers) != n {
			t.Errorf("Blockers=%d: catalog has %d blockers", n, len(cat.Blockers))
		}
		if !bytes.Equal(CatalogYAML(s), CatalogYAML(s)) {
			t.Errorf("Blockers=%d: two generations differ", n)
		}
	}
	if bytes.Equal(CatalogYAML(Spec{Blockers: 10, Seed: 1}), CatalogYAML(Spec{Blockers: 10, Seed: 2})) {
		t.Error("different seeds give the same catalog")
	}
}

func TestInSyncPlansNothing(t *testing.T) {
	for _, s := range []Spec{
		{Blockers: 1},
		{Blockers: 150, Others: 220, Seed: 3},
		{Blockers: 120, Others: 0, Seed: 4, Dashboard: true},
		// A dashboard too long for an issue: cut the same way by both.
		{Blockers: 3000, Seed: 5, Dashboard: true},
	} {
		cat, err := Catalog(s)
		if err != nil {
			t.Fatal(err)
		}
		r := InSync(cat, s, testToday)
		wantItems := s.Blockers + s.Others + len(desired.Build(cat).Trackers)
		if s.Dashboard {
			wantItems++
		}
		if len(r.Items) != wantItems {
			t.Errorf("%+v: %d items, want %d", s, len(r.Items), wantItems)
		}
		for i, it := range r.Items {
			if it.Number != i+1 {
				t.Fatalf("%+v: item %d has number %d", s, i, it.Number)
			}
		}
		if s.Blockers == 3000 && !strings.Contains(r.Items[len(r.Items)-1].Body, "longer than an issue can hold") {
			t.Errorf("%+v: the dashboard was not cut; make the case bigger", s)
		}
		if p := planOf(t, cat, r); !p.Empty() {
			var b bytes.Buffer
			_ = p.Text(&b, plan.Style{})
			t.Errorf("%+v: plan against the in-sync repository is not empty:\n%.3000s", s, b.String())
		}
	}
}
