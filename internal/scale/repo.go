package scale

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/plan"
	"github.com/ghsync/ghsync/internal/report"
)

// Repo is a repository as GitHub would hold it after ghsync applied a
// catalog, with people's issues and pull requests mixed in.
type Repo struct {
	Labels     []observed.Label
	Milestones []observed.Milestone
	// Items are every issue and pull request, by number (Items[i] is #i+1).
	Items []Item
}

// Item is one entry of the issues list.
type Item struct {
	observed.Issue
	Pull bool
	// User is the author's login; "" is the token's user.
	User string
	// BlockedBy are the numbers of the issues this one is blocked by (the
	// links an apply made for its depends_on).
	BlockedBy []int
	// SubIssues are the numbers of the sub-issues of a tracker (the
	// blockers an apply attached).
	SubIssues []int
}

// State is what ghapi's Observe would read: pull requests left out.
func (r Repo) State(name string) observed.State {
	s := observed.State{Repository: name, Labels: r.Labels, Milestones: r.Milestones, Issues: make([]observed.Issue, 0, len(r.Items))}
	for _, it := range r.Items {
		if !it.Pull {
			s.Issues = append(s.Issues, it.Issue)
		}
	}
	return s
}

// Counts are the sizes that decide how many requests listing Repo takes.
func (r Repo) Counts() (labels, milestones, items int) {
	return len(r.Labels), len(r.Milestones), len(r.Items)
}

// Writer is the login the generated managed issues are opened by: the
// fake's default token user, as whom ghsync writes in the scale runs.
const Writer = "ghsync-bot"

// people open the generated repository's other issues and pull requests.
var people = []string{"ana", "bob", "carol", "dmitri", "eve"}

// epoch is when the generated repository's objects were made.
var epoch = time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC)

// InSync builds the repository a successful apply of cat leaves behind:
// exactly the desired labels, milestones and issues (bodies with resolved
// references and status records, labels, milestones, closed states), with
// s.Others issues and pull requests of people interleaved, and the
// dashboard when the catalog has one. A plan of cat against it is empty;
// cat must be Catalog(s.Synced()).
func InSync(cat *catalog.Catalog, s Spec, today catalog.Date) Repo {
	d := desired.Build(cat)
	var r Repo
	for _, l := range d.Labels {
		r.Labels = append(r.Labels, observed.Label{Name: l.Name, Color: l.Color, Description: l.Description})
	}
	msNo := map[string]int{}
	for i, m := range d.Milestones {
		due := ghfake.NormalizeDueOn(m.Due.Time().Add(12 * time.Hour))
		r.Milestones = append(r.Milestones, observed.Milestone{
			Number: i + 1, Title: m.Title, Description: m.Description, State: observed.Open,
			DueOn: &due, UpdatedAt: epoch,
		})
		msNo[m.ID] = i + 1
	}

	// Numbers first (managed issues and others interleaved evenly), so
	// references resolve whatever the order.
	total := len(d.Issues) + max(s.Others, 0)
	managedAt := make([]int, 0, len(d.Issues)) // index into d.Issues -> number
	isManaged := make([]bool, total)
	for i := range d.Issues {
		// Spread the managed issues evenly over the numbers.
		n := i * total / max(len(d.Issues), 1)
		for isManaged[n] {
			n++
		}
		isManaged[n] = true
		managedAt = append(managedAt, n+1)
	}
	numbers := make(map[string]int, len(d.Issues))
	for i, is := range d.Issues {
		numbers[is.ID] = managedAt[i]
	}
	known := func(id string) (int, bool) { n, ok := numbers[id]; return n, ok }

	rng := rand.New(rand.NewPCG(s.Seed, 0x07e5))
	r.Items = make([]Item, total)
	other := 0
	for n := range total {
		if isManaged[n] {
			continue
		}
		other++
		person := people[other%len(people)]
		it := Item{User: person, Issue: observed.Issue{
			Number: n + 1, Title: fmt.Sprintf("%s (report %d)", text(rng, 5), other),
			Body: text(rng, 40+rng.IntN(60)), State: observed.Open, Labels: []string{},
			Author: person, Association: "NONE",
		}}
		switch {
		case other%4 == 0:
			it.Pull = true
		case other%3 == 0:
			it.State, it.StateReason = observed.Closed, observed.Completed
		case other%5 == 0:
			it.Labels = []string{"bug"}
		}
		r.Items[n] = it
	}
	if other > 0 {
		r.Labels = append(r.Labels, observed.Label{Name: "bug", Color: "d73a4a", Description: "Something isn't working"})
	}
	for i, want := range d.Issues {
		var deps []string
		var blockedBy []int
		for _, dep := range want.DependsOn {
			if n, ok := numbers[dep]; ok && dep != want.ID && !slices.Contains(deps, dep) {
				deps = append(deps, dep)
				blockedBy = append(blockedBy, n)
			}
		}
		body := desired.Resolve(marker.Wrap(want.Key(), marker.WithStatus(marker.WithBlockedBy(want.Managed, deps), want.Status())), known)
		n := managedAt[i]
		is := observed.Issue{
			Number: n, Title: want.Title, Body: body, State: want.State, StateReason: want.StateReason,
			Labels: append([]string{}, want.Labels...), Milestone: msNo[want.Milestone],
			Author: Writer, Association: "OWNER", TotalBlockedBy: len(blockedBy),
		}
		r.Items[n-1] = Item{Issue: is, User: Writer, BlockedBy: blockedBy}
	}
	// The trackers come after the blockers, as an apply creates them.
	for _, t := range d.Trackers {
		n := len(r.Items) + 1
		var subs []int
		for _, b := range t.Blockers {
			subs = append(subs, numbers[b])
			r.Items[numbers[b]-1].Issue.Parent = n
		}
		body := desired.Resolve(marker.Wrap(t.Key(), marker.WithStatus(marker.WithSubIssues(t.Managed, t.Blockers), marker.StatusOpen)), known)
		r.Items = append(r.Items, Item{User: Writer, SubIssues: subs, Issue: observed.Issue{
			Number: n, Title: t.Title, Body: body, State: observed.Open, Labels: append([]string{}, t.Labels...),
			Author: Writer, Association: "OWNER", SubIssues: len(subs),
		}})
	}
	for i := range r.Items {
		r.Items[i].CreatedAt = epoch.Add(time.Duration(i) * time.Second)
		r.Items[i].UpdatedAt = r.Items[i].CreatedAt
		if r.Items[i].State == observed.Closed {
			// Closed when made: the dashboard's trend reads closed_at.
			at := r.Items[i].CreatedAt
			r.Items[i].ClosedAt = &at
		}
	}
	if cat.Dashboard != nil {
		st := r.State("")
		body := report.Build(cat, st, today).DashboardBody()
		if c, ok := plan.Dashboard(cat.Dashboard.Title, body, st); ok && c.Issue != nil {
			n := len(r.Items) + 1
			at := epoch.Add(time.Duration(n) * time.Second)
			r.Items = append(r.Items, Item{User: Writer, Issue: observed.Issue{
				Number: n, Title: *c.Issue.Title, Body: *c.Issue.Body, State: observed.Open, Labels: []string{},
				CreatedAt: at, UpdatedAt: at, Author: Writer, Association: "OWNER",
			}})
		}
	}
	return r
}

// OthersOnly is r without ghsync's labels, milestones and issues: the
// repository as people had it before ghsync arrived, numbered afresh.
func OthersOnly(r Repo) Repo {
	var out Repo
	for _, it := range r.Items {
		if strings.EqualFold(it.User, Writer) {
			continue
		}
		it.Number = len(out.Items) + 1
		it.Milestone = 0
		out.Items = append(out.Items, it)
	}
	return out
}

// Seed fills the empty repository name of the fake with r, as people and
// an earlier apply would have left it. The fake numbers issues in the
// order they are seeded, which is r's.
func Seed(f *ghfake.Server, name string, r Repo) error {
	f.AddRepo(name)
	for _, l := range r.Labels {
		if err := f.SeedLabel(name, ghfake.Label{Name: l.Name, Color: l.Color, Description: l.Description}); err != nil {
			return fmt.Errorf("seed label %q: %w", l.Name, err)
		}
	}
	for _, m := range r.Milestones {
		if got := f.SeedMilestone(name, ghfake.Milestone{Title: m.Title, Description: m.Description, State: string(m.State), DueOn: m.DueOn, CreatedAt: m.UpdatedAt, UpdatedAt: m.UpdatedAt}); got != m.Number {
			return fmt.Errorf("seed milestone %q: got number %d, want %d (the repository was not empty)", m.Title, got, m.Number)
		}
	}
	for _, it := range r.Items {
		got := f.SeedIssue(name, ghfake.Issue{
			Title: it.Title, Body: it.Body, State: string(it.State), StateReason: string(it.StateReason),
			Labels: it.Labels, Milestone: it.Milestone, PullRequest: it.Pull, User: it.User,
			CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt, ClosedAt: it.ClosedAt,
		})
		if got != it.Number {
			return fmt.Errorf("seed issue %q: got number %d, want %d (the repository was not empty)", it.Title, got, it.Number)
		}
	}
	for _, it := range r.Items {
		for _, b := range it.BlockedBy {
			if err := f.AddBlockedBy(name, it.Number, b); err != nil {
				return fmt.Errorf("seed the link of #%d to #%d: %w", it.Number, b, err)
			}
		}
		for _, ch := range it.SubIssues {
			if err := f.AddSubIssue(name, it.Number, ch); err != nil {
				return fmt.Errorf("seed the sub-issue #%d of #%d: %w", ch, it.Number, err)
			}
		}
	}
	return nil
}
