package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/google/go-github/v60/github"
)

// Pagination follows the URLs of GitHub's Link header rather than building
// page numbers: on large repositories the issues list refuses page numbers
// past about 9,900 items and pages by opaque after= cursors instead, which
// go-github v60 does not parse (a cursor-only next link gives NextPage 0,
// and a loop on NextPage ends silently short). The next URL must be on the
// API URL's origin, or it is an error: the token goes nowhere else.

// nextLink returns the rel="next" URL of resp's Link header, "" on the last
// page. A next link that is malformed or leaves the API's origin is an
// error, never a short read.
func (c *Client) nextLink(op string, resp *github.Response) (string, error) {
	return c.relLink(op, resp, "next")
}

// relLink returns the URL of relation rel in resp's Link header ("" when
// there is none), checked like nextLink.
func (c *Client) relLink(op string, resp *github.Response, rel string) (string, error) {
	if resp == nil || resp.Response == nil {
		return "", nil
	}
	raw, ok := linkRel(resp.Header.Values("Link"), rel)
	if !ok {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("%s: GitHub's %s-page link %q is not a URL; the list cannot be read in full", op, rel, shorten(raw, 80))
	}
	base := c.t.base
	if !sameOrigin(u, base) || !strings.HasPrefix(u.EscapedPath(), base.EscapedPath()) {
		return "", fmt.Errorf("%s: GitHub's %s-page link points at %s, not at the API URL %s; refusing to send the token there, so the list cannot be read in full", op, rel, u.Host, base.Host)
	}
	return u.String(), nil
}

// linkRel finds the URL of relation rel in Link header values
// (`<URL>; rel="next", <URL>; rel="last"`).
func linkRel(values []string, rel string) (string, bool) {
	for _, v := range values {
		for _, part := range splitLinks(v) {
			target, params, ok := strings.Cut(part, ";")
			target = strings.TrimSpace(target)
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			for _, p := range strings.Split(params, ";") {
				k, val, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.EqualFold(strings.TrimSpace(k), "rel") && slices.Contains(strings.Fields(strings.Trim(strings.TrimSpace(val), `"`)), rel) {
					return target[1 : len(target)-1], true
				}
			}
		}
	}
	return "", false
}

// splitLinks splits a Link header at the commas between links, not at
// commas inside a URL.
func splitLinks(v string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '<':
			depth++
		case '>':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, v[start:i])
				start = i + 1
			}
		}
	}
	return append(out, v[start:])
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// isCursorLink reports whether a page URL pages by cursor (after= or
// before=) rather than by page number.
func isCursorLink(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	q := u.Query()
	return q.Has("after") || q.Has("before") || q.Has("cursor")
}

// errDeepPage explains GitHub's 422 for page numbers past its limit, should
// it ever be met (ghsync follows GitHub's own links, which switch to
// cursors on such lists).
func deepPageError(err error, repo string) error {
	var se *StatusError
	if errors.As(err, &se) && se.Status == http.StatusUnprocessableEntity && strings.Contains(strings.ToLower(se.Message), "cursor based pagination") {
		return fmt.Errorf("%w\nGitHub refuses page numbers this deep into the lists of %s (more than about 9,900 items) and gave ghsync a page-number link all the same; re-run, and report it with the output of -v if it persists", err, repo)
	}
	return err
}

// paginate reads every page of a list from first (a path relative to the
// API URL), following the Link header's next URLs, and keeps what keep
// accepts. Each page is one call, with the client's retry and limit policy.
func paginate[G, T any](ctx context.Context, c *Client, op string, first string, keep func(G) (T, bool)) ([]T, error) {
	out := []T{}
	next := first
	for pages := 0; next != ""; pages++ {
		var items []G
		req, err := c.gh.NewRequest(http.MethodGet, next, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		resp, err := c.call(ctx, op, 0, func(ctx context.Context) (*github.Response, error) {
			return c.gh.Do(ctx, req, &items)
		})
		if err != nil {
			return nil, deepPageError(err, c.repo)
		}
		for _, it := range items {
			if v, ok := keep(it); ok {
				out = append(out, v)
			}
		}
		if pages == 0 && resp.LastPage > 1 {
			// Room for the rest at the first page's rate.
			out = slices.Grow(out, (resp.LastPage-1)*len(out))
		}
		if next, err = c.nextLink(op, resp); err != nil {
			return nil, err
		}
	}
	return out, nil
}
