// Package observed holds what ghsync saw on GitHub: a snapshot of a
// repository's labels, milestones and issues, in plain types so the diff can
// be a pure function that needs no network and no go-github.
package observed

import "time"

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
