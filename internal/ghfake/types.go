package ghfake

import "time"

// Label is a repository label as a person sees it on GitHub.
type Label struct {
	Name        string
	Color       string // six hex digits without '#'
	Description string
}

// Milestone is a repository milestone. Number is assigned by the fake when
// seeding; DueOn is stored the way GitHub stores it (midnight US Pacific of a
// date), so a seeded due date reads back exactly as the API reports it.
type Milestone struct {
	Number      int
	Title       string
	Description string
	State       string // "open" (default) or "closed"
	DueOn       *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ClosedAt    *time.Time
}

// Issue is an issue (or, with PullRequest set, a pull request seen through
// the issues API). Labels are names in GitHub's spelling and order;
// Milestone is a milestone number, 0 for none.
type Issue struct {
	Number      int
	Title       string
	Body        string
	State       string // "open" (default) or "closed"
	StateReason string // "", "completed", "not_planned", "reopened", "duplicate"
	Labels      []string
	Milestone   int
	Assignees   []string
	Locked      bool
	// User is the author's login (default: the token's user).
	User        string
	PullRequest bool
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ClosedAt    *time.Time
}

// Comment is an issue comment.
type Comment struct {
	ID        int64
	Body      string
	User      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Request is one entry of the request log: every request that reached the
// fake, including those answered by a fault (Status 0 for a reset
// connection) and 304s.
type Request struct {
	Method string
	Path   string // escaped path, as sent
	Query  string // raw query
	Status int
	Write  bool // POST, PATCH, PUT or DELETE, but for a GraphQL query
	Time   time.Time
	// Operation is a GraphQL request's operation name ("ReadProject").
	Operation string
}

// Counts sums the request log. Reads+Writes is every request; NotModified
// (304s) is a subset of Reads; Faults counts requests a fault acted on.
type Counts struct {
	Reads       int
	Writes      int
	NotModified int
	Faults      int
}
