package ghapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
	"github.com/google/go-github/v60/github"

	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// issueJSON is the part of GitHub's issue object that ghsync reads, and the
// one place an issue becomes an observed.Issue, whether it came in a list,
// alone or as the answer to a write. It replaces go-github's Issue, which
// has about fifty fields, a dozen nested objects and a pointer for each: at
// 20,000 issues that decoding was a third of a plan's CPU
// (docs/performance.md).
//
// Lists are decoded with encoding/json/v2 (the go-json-experiment module,
// which becomes an alias of the standard library's on Go 1.27): twice as
// fast as encoding/json on these pages. See listOptions.
type issueJSON struct {
	ID          int64               `json:"id"`
	Number      int                 `json:"number"`
	Title       string              `json:"title"`
	Body        string              `json:"body"`
	State       observed.IssueState `json:"state"`
	StateReason observed.Reason     `json:"state_reason"`
	Labels      []struct {
		Name string `json:"name"`
	} `json:"labels"`
	Milestone *struct {
		Number int `json:"number"`
	} `json:"milestone"`
	Assignees []struct {
		Login string `json:"login"`
	} `json:"assignees"`
	User *struct {
		Login string `json:"login"`
	} `json:"user"`
	AuthorAssociation string     `json:"author_association"`
	Locked            bool       `json:"locked"`
	HTMLURL           string     `json:"html_url"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
	ClosedAt          *time.Time `json:"closed_at"`
	// PullRequest is set for pull requests, which the issues list holds
	// too; its fields are not needed.
	PullRequest *struct{} `json:"pull_request"`
	// Dependencies counts the issue's "blocked by" and "blocking" edges.
	Dependencies *struct {
		TotalBlockedBy int `json:"total_blocked_by"`
	} `json:"issue_dependencies_summary"`
	Type *typeJSON `json:"type"`
	// FieldValues is nil when the answer has no issue_field_values at
	// all (observed.Issue.FieldsListed).
	FieldValues *[]fieldValueJSON `json:"issue_field_values"`
	// URL is the issue's API URL, which parent_issue_url is compared with.
	URL string `json:"url"`
	// SubIssuesSummary counts the issue's sub-issues.
	SubIssuesSummary *struct {
		Total int `json:"total"`
	} `json:"sub_issues_summary"`
	// ParentIssueURL is the API URL of the issue this one is a sub-issue
	// of; null for none.
	ParentIssueURL *string `json:"parent_issue_url"`
}

func (is issueJSON) observed() observed.Issue {
	out := observed.Issue{
		Number:      is.Number,
		ID:          is.ID,
		Association: is.AuthorAssociation,
		Title:       is.Title,
		Body:        is.Body,
		State:       is.State,
		StateReason: is.StateReason,
		Labels:      make([]string, 0, len(is.Labels)),
		Locked:      is.Locked,
		HTMLURL:     is.HTMLURL,
		CreatedAt:   is.CreatedAt,
		UpdatedAt:   is.UpdatedAt,
		ClosedAt:    is.ClosedAt,
	}
	for _, l := range is.Labels {
		out.Labels = append(out.Labels, l.Name)
	}
	if is.Milestone != nil {
		out.Milestone = is.Milestone.Number
	}
	if is.User != nil {
		out.Author = is.User.Login
	}
	if is.Dependencies != nil {
		out.TotalBlockedBy = is.Dependencies.TotalBlockedBy
	}
	if is.SubIssuesSummary != nil {
		out.SubIssues = is.SubIssuesSummary.Total
	}
	if is.ParentIssueURL != nil && *is.ParentIssueURL != "" {
		out.Parent = parentNumber(is.URL, *is.ParentIssueURL)
	}
	for _, u := range is.Assignees {
		out.Assignees = append(out.Assignees, u.Login)
	}
	if is.Type != nil {
		out.Type = is.Type.Name
	}
	if is.FieldValues != nil {
		out.FieldsListed = true
		for _, v := range *is.FieldValues {
			out.Fields = append(out.Fields, v.observed())
		}
	}
	return out
}

// issuesPage is one page of the issues list as read: the items kept, the
// answer (for its Link header), and the numbers of the page's first and
// last items whether kept or not (see listIssues).
type issuesPage struct {
	items       []issueJSON
	resp        *github.Response
	first, last int
	n           int // items on the page, kept or not
}

// issuesPage reads the page of the issues list at u (relative to the API
// URL, or a Link header's URL) into issueJSON; with marked, only the
// issues that may hold a ghsync marker (see decodeMarked). The page's bytes
// go through buf and the items into page, both reused from page to page.
func (c *Client) issuesPage(ctx context.Context, op, u string, buf *bytes.Buffer, page []issueJSON, marked bool) (issuesPage, error) {
	req, err := c.gh.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return issuesPage{}, fmt.Errorf("%s: %w", op, err)
	}
	buf.Reset()
	resp, err := c.call(ctx, op, 0, func(ctx context.Context) (*github.Response, error) {
		return c.gh.Do(ctx, req, buf)
	})
	if err != nil {
		return issuesPage{}, deepPageError(err, c.repo)
	}
	// Both decoders fill existing elements without zeroing them first:
	// clear the reused ones, or a field one item lacks would keep the
	// value of the item that was there before.
	clear(page[:cap(page)])
	page = page[:0]
	var b bounds
	if marked {
		page, b, err = decodeMarked(buf.Bytes(), page)
	} else {
		err = json.Unmarshal(buf.Bytes(), &page, listOptions)
		if n := len(page); n > 0 {
			b = bounds{first: page[0].Number, last: page[n-1].Number, n: n}
		}
	}
	if err != nil {
		return issuesPage{}, fmt.Errorf("%s: decode the issues list: %w", op, err)
	}
	return issuesPage{items: page, resp: resp, first: b.first, last: b.last, n: b.n}, nil
}

// listIssues reads every issue of the repository (with creator, only
// those that login opened), open and closed, oldest first, following
// GitHub's links; with marked, only issues with a ghsync begin marker are
// kept. Pull requests are left out; an issue seen twice (the list moved
// while being read) counts once.
//
// A page-number listing can lose an item to a deletion: when an issue on
// a page already read is deleted, the later ones move up one place and the
// first of the next page is never seen. Oldest first, the numbers on the
// list run on without gaps except where issues were deleted or moved away,
// so a page that does not start at the number after the previous page's
// last is checked by reading the previous page again, which then holds what
// moved up. Cursor links are not affected (a cursor names an item, not a
// place).
func (c *Client) listIssues(ctx context.Context, marked bool, creator string) ([]observed.Issue, error) {
	l := c.issueLister(marked, creator)
	for !l.done() {
		if err := l.step(ctx); err != nil {
			return nil, err
		}
	}
	return l.out, nil
}

// lister reads the issues list one page at a time (see listIssues), so
// Observe can look at the first page before deciding how to go on.
type lister struct {
	c       *Client
	op      string
	marked  bool
	creator string
	next    string // "" once the last page was read
	out     []observed.Issue
	seen    map[int]bool
	buf     bytes.Buffer
	page    []issueJSON
	prev    struct {
		url  string
		last int
	}
	pages int
	// lastPage is the page number of the first page's rel="last" link (0
	// when there is none: one page, or a list paged by cursors).
	lastPage int
}

func (c *Client) issueLister(marked bool, creator string) *lister {
	v := url.Values{"state": {"all"}, "sort": {"created"}, "direction": {"asc"}, "per_page": {"100"}}
	op := "list issues of " + c.repo
	if creator != "" {
		v.Set("creator", creator)
		op += " opened by " + creator
	}
	return &lister{c: c, op: op, marked: marked, creator: creator, next: c.repoPath("issues") + "?" + v.Encode(),
		out: []observed.Issue{}, seen: map[int]bool{}}
}

func (l *lister) done() bool { return l.next == "" }

func (l *lister) keep(items []issueJSON) {
	for _, is := range items {
		if is.PullRequest != nil || l.seen[is.Number] || l.marked && marker.Keys(is.Body) == nil {
			continue
		}
		l.seen[is.Number] = true
		l.out = append(l.out, is.observed())
	}
}

// step reads the next page.
func (l *lister) step(ctx context.Context) error {
	c, u := l.c, l.next
	pg, err := c.issuesPage(ctx, l.op, u, &l.buf, l.page, l.marked)
	if err != nil {
		return err
	}
	l.pages++
	if l.pages == 1 && pg.resp != nil {
		l.lastPage = pg.resp.LastPage
	}
	l.page = pg.items
	l.keep(l.page)
	// With creator the numbers have gaps anyway: no check is possible
	// there, and such listings are checked by count (see Observe).
	if l.creator == "" && l.prev.url != "" && pg.n > 0 && pg.first != l.prev.last+1 && !isCursorLink(u) {
		again, err := c.issuesPage(ctx, l.op, l.prev.url, &l.buf, l.page, l.marked)
		if err != nil {
			return err
		}
		l.page = again.items
		l.keep(l.page)
	}
	if pg.n > 0 {
		l.prev.url, l.prev.last = u, pg.last
	}
	l.next, err = c.nextLink(l.op, pg.resp)
	return err
}

// listOptions make encoding/json/v2 decode as encoding/json (which go-github
// uses) does: names match in any case, invalid UTF-8 becomes U+FFFD, a
// repeated name keeps the last value. An issue must read the same whether
// it came in a list or alone.
var listOptions = jsonv1.DefaultOptionsV1()

// markerText is in every begin marker. JSON can only hide it from a byte
// search with a \u escape: no other escape stands for a letter or ':'.
var markerText, unicodeEscape = []byte("ghsync:begin"), []byte(`\u`)

// decodeMarked decodes the objects of a JSON array that may hold a ghsync
// begin marker and skips the rest undecoded: those whose bytes contain
// neither the marker's text nor a \u escape (which could spell it). In a
// repository's listing most items are people's issues and pull requests,
// and decoding them was a third of a plan's CPU. Skipped objects are
// checked for structure (balanced, strings closed), not decoded.
//
// The objects are appended to out, a slice the caller may reuse. The
// bounds are the numbers of the first and last objects, kept or not (only
// those two of the skipped ones are decoded, for their number).
func decodeMarked(data []byte, out []issueJSON) ([]issueJSON, bounds, error) {
	var b bounds
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '[' {
		return nil, b, errors.New("want a JSON array")
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == ']' {
		return out, b, trailing(data, i+1)
	}
	var lastItem []byte
	for n := 0; ; n++ {
		if i >= len(data) || data[i] != '{' {
			return nil, b, fmt.Errorf("item %d is not an object", n)
		}
		end, err := objectEnd(data, i)
		if err != nil {
			return nil, b, fmt.Errorf("item %d: %w", n, err)
		}
		item := data[i:end]
		b.n++
		lastItem = item
		if bytes.Contains(item, markerText) || bytes.Contains(item, unicodeEscape) {
			var is issueJSON
			if err := json.Unmarshal(item, &is, listOptions); err != nil {
				return nil, b, fmt.Errorf("item %d: %w", n, err)
			}
			out = append(out, is)
		}
		if n == 0 {
			b.first = itemNumber(item)
		}
		i = skipSpace(data, end)
		switch {
		case i < len(data) && data[i] == ',':
			i = skipSpace(data, i+1)
		case i < len(data) && data[i] == ']':
			b.last = itemNumber(lastItem)
			return out, b, trailing(data, i+1)
		default:
			return nil, b, fmt.Errorf("after item %d: want ',' or ']'", n)
		}
	}
}

// bounds are the numbers of a page's first and last items and its length.
type bounds struct{ first, last, n int }

// itemNumber decodes only the number of one issue object; 0 when it has
// none (the gap check then reads the page again, which is only slower).
func itemNumber(item []byte) int {
	var v struct {
		Number int `json:"number"`
	}
	if json.Unmarshal(item, &v, listOptions) != nil {
		return 0
	}
	return v.Number
}

// objectEnd is the offset just past the object or array that starts at
// data[i], found by counting brackets outside strings.
func objectEnd(data []byte, i int) (int, error) {
	depth := 0
	for ; i < len(data); i++ {
		switch data[i] {
		case '"':
			// Skip the string: to the first quote not escaped.
			for i++; ; i++ {
				j := bytes.IndexAny(data[i:], `"\`)
				if j < 0 {
					return 0, errors.New("unterminated string")
				}
				i += j
				if data[i] == '"' {
					break
				}
				i++ // the escaped byte
				if i >= len(data) {
					return 0, errors.New("unterminated string")
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		}
	}
	return 0, errors.New("unexpected end of JSON")
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

func trailing(data []byte, i int) error {
	if skipSpace(data, i) != len(data) {
		return errors.New("data after the array")
	}
	return nil
}

// parentNumber is the number of the issue at parent, an issue's
// parent_issue_url, when it is in the same repository as the issue at
// self (the issue's own url): the two agree up to "/issues/".
// observed.ParentElsewhere otherwise.
func parentNumber(self, parent string) int {
	i, j := strings.LastIndex(self, "/issues/"), strings.LastIndex(parent, "/issues/")
	if i < 0 || j < 0 || !strings.EqualFold(self[:i], parent[:j]) {
		return observed.ParentElsewhere
	}
	n, err := strconv.Atoi(parent[j+len("/issues/"):])
	if err != nil || n <= 0 {
		return observed.ParentElsewhere
	}
	return n
}
