package ghapi

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/hashicorp/go-retryablehttp"
)

// A renamed (or transferred) repository keeps answering at its old name:
// 301 for GET and 307 for other methods, with a Location at
// /repositories/<id>/<the same path>, and GitHub asks clients to follow.
// ghsync follows only that shape, on the API's own origin, and only once
// it has checked that the repository itself moved: GET repos/OWNER/NAME
// answers 301 too, and GET repositories/<id> names the new full name. (A
// transferred issue answers 301 as well, to another repository; that is
// not a rename and is reported as *TransferredError.) From then on every
// request of the run goes to the new name, and the request that met the
// redirect is sent again there: a 307 means GitHub did not perform the
// write, so resending it with its body makes no duplicate. Client.Renamed
// tells the caller, who warns.

var repositoriesPath = regexp.MustCompile(`^repositories/([0-9]+)(/.*)?$`)

// repoPrefix is the path of the configured repository, relative to the
// API URL: "repos/OWNER/NAME".
func (t *transport) repoPrefix(name string) string { return "repos/" + name }

// rewrite sends a request for the configured repository to its new name
// once a rename was seen.
func (t *transport) rewrite(req *http.Request) *http.Request {
	if t.renamed == "" {
		return req
	}
	rel, ok := t.relPath(req.URL)
	old := t.repoPrefix(t.cfg.Repo)
	if !ok || !hasPathPrefix(rel, old) {
		return req
	}
	u := *req.URL
	u.Path = t.base.Path + t.repoPrefix(t.renamed) + rel[len(old):]
	u.RawPath = ""
	out := req.Clone(req.Context())
	out.URL = &u
	out.Host = ""
	return out
}

// relPath is u's path relative to the API URL.
func (t *transport) relPath(u *url.URL) (string, bool) {
	if !sameOrigin(u, t.base) || !strings.HasPrefix(u.Path, t.base.Path) {
		return "", false
	}
	return u.Path[len(t.base.Path):], true
}

// hasPathPrefix reports whether p is prefix or below it, ignoring case
// (GitHub's owner and repository names are case-insensitive).
func hasPathPrefix(p, prefix string) bool {
	return len(p) >= len(prefix) && strings.EqualFold(p[:len(prefix)], prefix) && (len(p) == len(prefix) || p[len(prefix)] == '/')
}

// followRename handles a 301 or 307 answer to rreq. When it is the
// repository that moved, it records the new name and sends rreq again
// there; otherwise it hands the answer back as it is.
func (t *transport) followRename(ctx context.Context, rreq *retryablehttp.Request, resp *http.Response) (*http.Response, error) {
	rel, ok := t.relPath(rreq.URL)
	old := t.repoPrefix(t.cfg.Repo)
	if !ok || !hasPathPrefix(rel, old) {
		return resp, nil
	}
	loc, err := rreq.URL.Parse(resp.Header.Get("Location"))
	if err != nil {
		return resp, nil
	}
	locRel, ok := t.relPath(loc)
	m := repositoriesPath.FindStringSubmatch(locRel)
	if !ok || m == nil || !strings.EqualFold(m[2], rel[len(old):]) {
		return resp, nil
	}
	to, err := t.renamedTo(ctx, m[1])
	if err != nil || to == "" {
		return resp, err
	}
	resp.Body.Close()
	t.renamed = to
	t.logf("%s was renamed to %s: following it", t.cfg.Repo, to)
	u := *rreq.URL
	u.Path = t.base.Path + t.repoPrefix(to) + rel[len(old):]
	u.RawPath = ""
	again := *rreq
	again.Request = rreq.Request.Clone(ctx)
	again.URL = &u
	again.Host = ""
	return t.rc.Do(&again)
}

// renamedTo asks GitHub whether the configured repository itself moved
// (GET repos/OWNER/NAME answers 301 to repositories/<id>) and, if so, its
// full name now. "" means it did not move.
func (t *transport) renamedTo(ctx context.Context, id string) (string, error) {
	get := func(rel string) (*http.Response, error) {
		req, err := retryablehttp.NewRequestWithContext(withCall(ctx, &call{method: http.MethodGet, path: "/" + rel}), http.MethodGet, t.base.String()+rel, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/vnd.github+json")
		req.Header.Set("User-Agent", t.cfg.UserAgent)
		req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
		return t.rc.Do(req)
	}
	resp, err := get(t.repoPrefix(t.cfg.Repo))
	if err != nil {
		return "", fmt.Errorf("check whether %s was renamed: %w", t.cfg.Repo, err)
	}
	loc := resp.Header.Get("Location")
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || !strings.HasSuffix(strings.TrimSuffix(loc, "/"), "/repositories/"+id) {
		return "", nil
	}
	resp, err = get("repositories/" + id)
	if err != nil {
		return "", fmt.Errorf("read the new name of %s: %w", t.cfg.Repo, err)
	}
	defer resp.Body.Close()
	var v struct {
		FullName string `json:"full_name"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&v) != nil {
		return "", fmt.Errorf("read the new name of %s: GitHub answered %d", t.cfg.Repo, resp.StatusCode)
	}
	if _, _, err := splitRepo(v.FullName); err != nil || strings.EqualFold(v.FullName, t.cfg.Repo) {
		return "", nil
	}
	return v.FullName, nil
}

// Renamed returns the repository's new name when GitHub said during this
// run that the configured one was renamed (or the repository transferred),
// "" otherwise. Every request went to the new name from then on.
func (c *Client) Renamed() string {
	c.t.mu.Lock()
	defer c.t.mu.Unlock()
	return c.t.renamed
}
