package ghapi

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// bigRepo is a repository of 600 people's issues, then 20 blockers' issues
// and the dashboard opened by the token's user, whose record says so.
func bigRepo(t *testing.T) (*fixture, []int) {
	t.Helper()
	e := newEnv(t)
	for i := range 600 {
		e.fake.SeedIssue(repo, ghfake.Issue{Title: fmt.Sprint("people's ", i), User: "bob"})
	}
	var managed []int
	for i := range 20 {
		id := fmt.Sprintf("B-%d", i)
		managed = append(managed, e.fake.SeedIssue(repo, ghfake.Issue{Title: id, Body: marker.Wrap(marker.BlockerKey(id), "x")}))
	}
	rec := observed.Record{Creators: map[string]int{"ghsync-bot": 20}}
	e.fake.SeedIssue(repo, ghfake.Issue{Title: "Progress", Body: marker.Wrap(marker.DashboardKey(), "report\n\n"+rec.Line())})
	return e, managed
}

func byCreators(cfg *Config) { cfg.ByCreators = true }

// The no-op read of a big repository costs what its managed issues cost,
// not what the repository holds: the first page, a look for the dashboard
// (the Actions bot, then the token's user), and that user's issues.
func TestObserveByCreators(t *testing.T) {
	e, managed := bigRepo(t)
	c := e.client(t, byCreators)
	st, err := c.Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Listing.Full || len(st.Issues) != len(managed)+1 {
		t.Fatalf("listing %+v, %d issues", st.Listing, len(st.Issues))
	}
	if n := len(e.requests()); n != 6 {
		t.Fatalf("%d requests, want 6 (a full listing is 9):\n%s", n, strings.Join(e.requests(), "\n"))
	}
	if !slicesContain(st.Listing.Writers, "ghsync-bot") || !st.Listing.Recorded {
		t.Errorf("listing = %+v", st.Listing)
	}

	// A person's edit and close are seen: the author did not change.
	e.fake.EditIssue(repo, managed[3], func(is *ghfake.Issue) { is.Title, is.State = "renamed by ana", "closed" })
	st = observe(t, e, byCreators)
	if st.Listing.Full || !has(st, managed[3], func(is observed.Issue) bool { return is.State == "closed" && is.Title == "renamed by ana" }) {
		t.Fatalf("the edit was not seen: %+v", st.Listing)
	}
}

// What a listing by creators cannot see makes it read everything: a
// blocker's issue deleted or moved away (fewer than the record counts),
// a dashboard without a record, the first hour of the UTC day; and
// ByCreators unset.
func TestObserveFallsBackToAFullListing(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(e *fixture, managed []int)
		cfg  func(*Config)
		why  string
	}{
		{"a deletion", func(e *fixture, m []int) { e.fake.DeleteIssue(repo, m[0]) }, byCreators, "record says 20"},
		{"a transfer", func(e *fixture, m []int) { e.fake.TransferIssue(repo, m[1], "o/other") }, byCreators, "record says 20"},
		{"no record", func(e *fixture, _ []int) {
			n := len(e.fake.Issues(repo))
			e.fake.EditIssue(repo, n, func(is *ghfake.Issue) { is.Body = marker.Wrap(marker.DashboardKey(), "report") })
		}, byCreators, "no dashboard record"},
		{"the daily full listing", func(e *fixture, _ []int) {
			e.clk.Advance(24*time.Hour - 14*time.Hour - 22*time.Minute) // 00:00 UTC
		}, byCreators, "daily"},
		{"not asked for", func(*fixture, []int) {}, func(*Config) {}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, managed := bigRepo(t)
			tc.edit(e, managed)
			st := observe(t, e, tc.cfg)
			if !st.Listing.Full || !strings.Contains(st.Listing.Why, tc.why) {
				t.Fatalf("listing = %+v, want a full one (%q)", st.Listing, tc.why)
			}
			// Everything still there is seen.
			want := 0
			for _, is := range e.fake.Issues(repo) {
				if marker.Keys(is.Body) != nil {
					want++
				}
			}
			if len(st.Issues) != want {
				t.Fatalf("%d issues, want %d", len(st.Issues), want)
			}
		})
	}
}

// A writer's own marker issue that no creator listing shows is not seen
// between full listings; it shows in the daily one (where plan closes it
// as a copy). An outsider's is never trusted.
func TestObserveByCreatorsMissesOnlyCopies(t *testing.T) {
	e, managed := bigRepo(t)
	e.fake.AddCollaborator(repo, "ana")
	body := e.fake.Issues(repo)[managed[0]-1].Body
	copyN := e.fake.SeedIssue(repo, ghfake.Issue{Title: "ana's copy", Body: body, User: "ana"})
	st := observe(t, e, byCreators)
	if st.Listing.Full || has(st, copyN, nil) {
		t.Fatalf("listing %+v; copy seen %v", st.Listing, has(st, copyN, nil))
	}
	e.clk.Advance(24*time.Hour - 14*time.Hour - 22*time.Minute)
	if st = observe(t, e, byCreators); !st.Listing.Full || !has(st, copyN, nil) {
		t.Fatalf("the daily full listing missed ana's copy: %+v", st.Listing)
	}
}

func observe(t *testing.T, e *fixture, cfg func(*Config)) observed.State {
	t.Helper()
	e.fake.ResetLog()
	st, err := e.client(t, cfg).Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func has(st observed.State, n int, ok func(observed.Issue) bool) bool {
	for _, is := range st.Issues {
		if is.Number == n {
			return ok == nil || ok(is)
		}
	}
	return false
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}
