package scale

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// TestPagerAnswersAsTheFake checks the pager's fidelity: every page of the
// listing, through the pager, is the fake's own answer byte for byte, with
// the same Link header, and each costs the fake one request.
func TestPagerAnswersAsTheFake(t *testing.T) {
	s := Spec{Blockers: 120, Others: 130, Seed: 5}
	cat, err := Catalog(s)
	if err != nil {
		t.Fatal(err)
	}
	r := Paged(InSync(cat, s, testToday))
	fake := ghfake.New(ghfake.Options{Token: "tok"})
	if err := Seed(fake, "o/r", r); err != nil {
		t.Fatal(err)
	}
	direct, stopDirect, err := Serve(fake)
	if err != nil {
		t.Fatal(err)
	}
	defer stopDirect()
	paged, stopPaged, err := Serve(NewPager(fake, "o/r", len(r.Items)))
	if err != nil {
		t.Fatal(err)
	}
	defer stopPaged()

	get := func(root, query string) (string, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, root+"repos/o/r/issues?"+query, nil)
		req.Header.Set("Authorization", "token tok")
		req.Header.Set("User-Agent", "test")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", query, resp.StatusCode, body)
		}
		// URLs carry the host asked; compare without it.
		host := strings.TrimSuffix(root, "/")
		return strings.ReplaceAll(string(body), host, "ROOT"), strings.ReplaceAll(resp.Header.Get("Link"), host, "ROOT")
	}
	pages := (len(r.Items) + 99) / 100
	if pages != 3 {
		t.Fatalf("%d pages, want 3", pages)
	}
	for page := 1; page <= pages; page++ {
		// go-github's order of parameters (sorted); the first page has none.
		q := "direction=asc&per_page=100&sort=created&state=all"
		if page > 1 {
			q = "direction=asc&page=" + string(rune('0'+page)) + "&per_page=100&sort=created&state=all"
		}
		wantBody, wantLink := get(direct, q)
		fake.ResetLog()
		gotBody, gotLink := get(paged, q)
		if gotBody != wantBody {
			t.Errorf("page %d: the pager's answer differs from the fake's:\n%.300s\nwant\n%.300s", page, gotBody[max(0, firstDiff(gotBody, wantBody)-100):], wantBody[max(0, firstDiff(gotBody, wantBody)-100):])
		}
		if page > 1 && gotLink != wantLink {
			t.Errorf("page %d: Link\n%s\nwant\n%s", page, gotLink, wantLink)
		}
		if page == 1 && !strings.Contains(gotLink, `page=2&per_page=100&sort=created&state=all>; rel="next"`) {
			t.Errorf("page 1: Link %s has no next page", gotLink)
		}
		if n := fake.Counts().Reads; n != 1 {
			t.Errorf("page %d cost the fake %d requests, want 1", page, n)
		}
	}
}

func firstDiff(a, b string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
