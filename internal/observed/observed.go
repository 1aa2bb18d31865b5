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
	// Issues excludes pull requests.
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

// Managed groups the issues that carry a ghsync begin marker by the key of
// their first marker, each group sorted by issue number (lowest first: the
// lowest is the one kept when duplicates exist).
func (s State) Managed() map[marker.Key][]Issue {
	out := map[marker.Key][]Issue{}
	for _, is := range s.Issues {
		if k, ok := marker.Find(is.Body); ok {
			out[k] = append(out[k], is)
		}
	}
	for _, group := range out {
		sort.Slice(group, func(i, j int) bool { return group[i].Number < group[j].Number })
	}
	return out
}

// Primary returns the issue that stands for k: the lowest-numbered open one,
// else the lowest-numbered closed one.
func Primary(group []Issue) (Issue, bool) {
	for _, is := range group {
		if is.State == "open" {
			return is, true
		}
	}
	if len(group) > 0 {
		return group[0], true
	}
	return Issue{}, false
}
