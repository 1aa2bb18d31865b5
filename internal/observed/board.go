package observed

import (
	"strings"
	"time"
)

// Board is what GitHub holds of the Project (v2) a catalog's board: block
// names: the Project, its fields, its items and their values, and
// ghsync's newest status update. It is read only when the catalog has a board.
type Board struct {
	// Owner is the login of the organisation or user the Project belongs
	// to; OwnerID its node id (a create needs it).
	Owner, OwnerID string
	// RepoID is the repository's node id (create and link need it).
	RepoID string
	// Found says a Project was found; the rest is empty otherwise.
	Found  bool
	ID     string
	Number int
	Title  string
	URL    string
	Closed bool
	// Linked says the repository is linked to the Project.
	Linked bool
	// Others are the numbers of the owner's other Projects with the
	// board's title, which ghsync leaves alone (found by title only).
	Others []int
	Fields []BoardField
	Items  []BoardItem
	// Status is ghsync's newest status update (its body has a line
	// starting StatusMark); nil when there is none. A person's updates
	// posted since do not count: ghsync compares with what it said last.
	Status *BoardStatus
	// NoAccess, when set, says why the token cannot see the board (the
	// Actions GITHUB_TOKEN, a token without the project scope): nothing
	// else is known, and the rest of the sync goes on without it.
	NoAccess string
}

// StatusMark starts the line by which ghsync's status updates are told
// from a person's.
const StatusMark = "Posted by ghsync"

// IsGhsyncStatus reports whether a status update's body is ghsync's.
func IsGhsyncStatus(body string) bool {
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), StatusMark) {
			return true
		}
	}
	return false
}

// BoardField is one field of a Project, a person's or ghsync's.
type BoardField struct {
	ID         string
	DatabaseID int64
	Name       string
	// DataType is GitHub's: TEXT, NUMBER, DATE, SINGLE_SELECT,
	// ITERATION, or a built-in one (TITLE, ASSIGNEES, ...).
	DataType   string
	Options    []BoardOption
	Iterations []BoardIteration
}

// BoardOption is a single-select option.
type BoardOption struct{ ID, Name string }

// BoardIteration is one iteration of an iteration field.
type BoardIteration struct {
	ID, Title string
	// Start is YYYY-MM-DD.
	Start string
	Days  int
}

// BoardItem is one item of a Project.
type BoardItem struct {
	ID         string
	DatabaseID int64
	Archived   bool
	// Issue and Repo name the issue the item is (0 and "" for a draft or
	// a pull request); IssueID is its numeric id.
	Issue   int
	IssueID int64
	Repo    string
	// Values are the item's field values by field node id, as text: a
	// single-select option's or an iteration's name, a number as
	// strconv.FormatFloat(v, 'f', -1, 64), a date as YYYY-MM-DD.
	Values map[string]string
}

// BoardStatus is a Project status update.
type BoardStatus struct {
	ID string
	// Status is ON_TRACK, AT_RISK, OFF_TRACK, INACTIVE or COMPLETE.
	Status string
	Body   string
	// Posted is when it was posted (zero when GitHub did not say, as
	// for the update a create returns).
	Posted time.Time
}

// Field returns the field called name (GitHub compares field names
// ignoring case), or false.
func (b *Board) Field(name string) (BoardField, bool) {
	for _, f := range b.Fields {
		if NameKey(f.Name) == NameKey(name) {
			return f, true
		}
	}
	return BoardField{}, false
}

// ItemFor returns the item of issue number in repo, or false.
func (b *Board) ItemFor(repo string, number int) (BoardItem, bool) {
	for _, it := range b.Items {
		if it.Issue == number && NameKey(it.Repo) == NameKey(repo) {
			return it, true
		}
	}
	return BoardItem{}, false
}
