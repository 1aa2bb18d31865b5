// Package observed holds what ghsync saw on GitHub: a snapshot of a
// repository's labels, milestones and issues, in plain types so the diff can
// be a pure function that needs no network and no go-github.
package observed

import (
	"sort"
	"time"

	"github.com/ghsync/ghsync/internal/marker"
)

// State is one read of a repository.
type State struct {
	Repository string      `json:"repository"`
	Labels     []Label     `json:"labels"`
	Milestones []Milestone `json:"milestones"`
	// Issues excludes pull requests. Only issues with a ghsync begin
	// marker matter (see Index), and ghapi.Observe reads no others.
	Issues []Issue `json:"issues"`
}

// Label as GitHub has it.
type Label struct {
	Name        string `json:"name"`
	Color       string `json:"color"`
	Description string `json:"description"`
}

// Milestone as GitHub has it.
type Milestone struct {
	Number      int    `json:"number"`
	Title       string `json:"title"`
	Description string `json:"description"`
	State       string `json:"state"`
	// DueOn is the instant GitHub reports (midnight US Pacific of the due
	// date); nil when unset.
	DueOn     *time.Time `json:"due_on,omitempty"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// Issue as GitHub has it (never a pull request).
type Issue struct {
	Number      int    `json:"number"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	State       string `json:"state"`
	StateReason string `json:"state_reason,omitempty"`
	// Labels are names, in GitHub's order.
	Labels []string `json:"labels"`
	// Milestone is the milestone number, 0 for none.
	Milestone int        `json:"milestone,omitempty"`
	Assignees []string   `json:"assignees,omitempty"`
	Locked    bool       `json:"locked,omitempty"`
	HTMLURL   string     `json:"html_url,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	ClosedAt  *time.Time `json:"closed_at,omitempty"`
}

// Index says which issues stand for which catalog entries. It is the one
// place the identity rule lives: plan, apply's saved-plan check and the
// report must never disagree about which issue is a blocker's.
type Index struct {
	groups map[marker.Key][]Issue
	titles map[marker.Key]string
}

// Index groups the issues that carry a ghsync begin marker by the entry
// they stand for: the key of their first marker, except that an issue
// carrying the markers of several entries (a person pasted one in) belongs
// to the entry whose title it has. titles maps each entry to the title
// ghsync gives its issue (nil when unknown). Groups are sorted by number.
func (s State) Index(titles map[marker.Key]string) Index {
	x := Index{groups: map[marker.Key][]Issue{}, titles: titles}
	for _, is := range s.Issues {
		keys := marker.Keys(is.Body)
		if len(keys) == 0 {
			continue
		}
		k := keys[0]
		for _, c := range keys[1:] {
			if t, ok := titles[c]; ok && t == is.Title && titles[k] != is.Title {
				k = c
				break
			}
		}
		x.groups[k] = append(x.groups[k], is)
	}
	for _, g := range x.groups {
		sort.Slice(g, func(i, j int) bool { return g[i].Number < g[j].Number })
	}
	return x
}

// Group returns the issues that carry k's marker, lowest number first.
func (x Index) Group(k marker.Key) []Issue { return x.groups[k] }

// Primary returns the issue that stands for k (see PrimaryFor).
func (x Index) Primary(k marker.Key) (Issue, bool) { return PrimaryFor(x.groups[k], x.titles[k]) }

// Keys lists the entries that have issues, sorted by kind and id.
func (x Index) Keys() []marker.Key {
	out := make([]marker.Key, 0, len(x.groups))
	for k := range x.groups {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// OpenBlockerIssues counts the open issues that carry a blocker's marker:
// the base of apply's blast-radius guard.
func (x Index) OpenBlockerIssues() int {
	n := 0
	for k, g := range x.groups {
		if k.Kind != marker.Blocker {
			continue
		}
		for _, is := range g {
			if is.State == "open" {
				n++
			}
		}
	}
	return n
}

// PrimaryFor returns the issue that stands for a group whose issues all
// carry one marker. A marker is only text in a body, so people can copy it
// into another issue; the genuine issue is told from copies by, in order:
// not being closed as a duplicate (ghsync closes the copies it finds that
// way), carrying title (the title ghsync gives the issue; "" skips this
// test), being open, and the lowest number (the oldest, for copies made by
// two runs at once).
func PrimaryFor(group []Issue, title string) (Issue, bool) {
	if len(group) == 0 {
		return Issue{}, false
	}
	// worse counts the tests an issue fails, most important first.
	worse := func(is Issue) [3]bool {
		return [3]bool{
			is.State == "closed" && is.StateReason == "duplicate",
			title != "" && is.Title != title,
			is.State != "open",
		}
	}
	better := func(a, b Issue) bool {
		wa, wb := worse(a), worse(b)
		for i := range wa {
			if wa[i] != wb[i] {
				return !wa[i]
			}
		}
		return a.Number < b.Number
	}
	best := group[0]
	for _, is := range group[1:] {
		if better(is, best) {
			best = is
		}
	}
	return best, true
}
