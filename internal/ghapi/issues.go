package ghapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
	"github.com/google/go-github/v60/github"

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
	Number      int    `json:"number"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	State       string `json:"state"`
	StateReason string `json:"state_reason"`
	Labels      []struct {
		Name string `json:"name"`
	} `json:"labels"`
	Milestone *struct {
		Number int `json:"number"`
	} `json:"milestone"`
	Assignees []struct {
		Login string `json:"login"`
	} `json:"assignees"`
	Locked    bool       `json:"locked"`
	HTMLURL   string     `json:"html_url"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	ClosedAt  *time.Time `json:"closed_at"`
	// PullRequest is set for pull requests, which the issues list holds
	// too; its fields are not needed.
	PullRequest *struct{} `json:"pull_request"`
}

func (is issueJSON) observed() observed.Issue {
	out := observed.Issue{
		Number:      is.Number,
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
	for _, u := range is.Assignees {
		out.Assignees = append(out.Assignees, u.Login)
	}
	return out
}

// issuesQuery is one page of GET /repos/{owner}/{repo}/issues, every state,
// by creation time.
type issuesQuery struct {
	direction     string
	perPage, page int
}

// issuesPage reads one page of the issues list through go-github (headers,
// errors, the Link header's next page) into issueJSON; with marked, only
// the issues that may hold a ghsync marker (see decodeMarked). The page's
// bytes go through buf, which the caller reuses from page to page.
func (c *Client) issuesPage(ctx context.Context, q issuesQuery, buf *bytes.Buffer, page []issueJSON, marked bool) ([]issueJSON, *github.Response, error) {
	v := url.Values{"state": {"all"}, "sort": {"created"}, "direction": {q.direction}, "per_page": {strconv.Itoa(q.perPage)}}
	if q.page > 1 {
		v.Set("page", strconv.Itoa(q.page))
	}
	req, err := c.gh.NewRequest(http.MethodGet, c.repoPath("issues")+"?"+v.Encode(), nil)
	if err != nil {
		return nil, nil, err
	}
	buf.Reset()
	resp, err := c.gh.Do(ctx, req, buf)
	if err != nil {
		return nil, resp, err
	}
	// Both decoders fill existing elements without zeroing them first:
	// clear the reused ones, or a field one item lacks would keep the
	// value of the item that was there before.
	clear(page[:cap(page)])
	page = page[:0]
	if marked {
		page, err = decodeMarked(buf.Bytes(), page)
	} else {
		err = json.Unmarshal(buf.Bytes(), &page, listOptions)
	}
	if err != nil {
		return nil, resp, fmt.Errorf("decode the issues list: %w", err)
	}
	return page, resp, nil
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
// The objects are appended to out, a slice the caller may reuse.
func decodeMarked(data []byte, out []issueJSON) ([]issueJSON, error) {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '[' {
		return nil, errors.New("want a JSON array")
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == ']' {
		return out, trailing(data, i+1)
	}
	for n := 0; ; n++ {
		if i >= len(data) || data[i] != '{' {
			return nil, fmt.Errorf("item %d is not an object", n)
		}
		end, err := objectEnd(data, i)
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", n, err)
		}
		if item := data[i:end]; bytes.Contains(item, markerText) || bytes.Contains(item, unicodeEscape) {
			var is issueJSON
			if err := json.Unmarshal(item, &is, listOptions); err != nil {
				return nil, fmt.Errorf("item %d: %w", n, err)
			}
			out = append(out, is)
		}
		i = skipSpace(data, end)
		switch {
		case i < len(data) && data[i] == ',':
			i = skipSpace(data, i+1)
		case i < len(data) && data[i] == ']':
			return out, trailing(data, i+1)
		default:
			return nil, fmt.Errorf("after item %d: want ',' or ']'", n)
		}
	}
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
