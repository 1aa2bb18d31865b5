package observed

// IssueState is an issue's (or a milestone's) state on GitHub.
type IssueState string

// The states GitHub knows.
const (
	Open   IssueState = "open"
	Closed IssueState = "closed"
)

// Reason is GitHub's state_reason of an issue: why it was closed, or that
// it was reopened; "" when GitHub gives none.
type Reason string

// The reasons GitHub knows.
const (
	Completed  Reason = "completed"
	NotPlanned Reason = "not_planned"
	Duplicate  Reason = "duplicate"
	Reopened   Reason = "reopened"
)

// IsOpen reports whether the issue is open.
func (is Issue) IsOpen() bool { return is.State == Open }

// ClosedAs reports whether the issue is closed with reason r.
func (is Issue) ClosedAs(r Reason) bool { return is.State == Closed && is.StateReason == r }
