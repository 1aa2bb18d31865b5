package scale

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/ghsync/ghsync/internal/budget"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/ghapi"
	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/observed"
)

// etagCache is a conditional-request cache, by URL (not by token, as a
// file cache restored in CI would be), under ghapi's transport as its
// base: one client's is the cache a process could keep, one shared by
// several clients stands in for a --cache-dir. ghapi has none: it would
// not pay (docs/performance.md).
type etagCache struct {
	next http.RoundTripper
	mu   sync.Mutex
	m    map[string]cachedAnswer
}

type cachedAnswer struct {
	etag   string
	header http.Header
	body   []byte
}

func newETagCache() *etagCache {
	return &etagCache{next: http.DefaultTransport, m: map[string]cachedAnswer{}}
}

func (p *etagCache) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet {
		return p.next.RoundTrip(req)
	}
	key := req.URL.String()
	p.mu.Lock()
	hit, ok := p.m[key]
	p.mu.Unlock()
	if ok && req.Header.Get("If-None-Match") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("If-None-Match", hit.etag)
	}
	resp, err := p.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	switch {
	case ok && resp.StatusCode == http.StatusNotModified:
		h := hit.header.Clone()
		for k, v := range resp.Header {
			h[k] = v
		}
		resp.Body.Close()
		resp.StatusCode, resp.Status, resp.Header = http.StatusOK, "200 OK", h
		resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(hit.body)), int64(len(hit.body))
	case resp.StatusCode == http.StatusOK && resp.Header.Get("Etag") != "":
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		p.mu.Lock()
		p.m[key] = cachedAnswer{etag: resp.Header.Get("Etag"), header: resp.Header.Clone(), body: body}
		p.mu.Unlock()
		resp.Body = io.NopCloser(bytes.NewReader(body))
	}
	return resp, nil
}

// observeCost observes the repository with c and returns what it cost:
// requests, and the part of them the rate limit counted (304s are free).
func observeCost(t testing.TB, f *ghfake.Server, c *ghapi.Client) (requests, counted int, st observed.State) {
	t.Helper()
	f.ResetLog()
	st, err := c.Observe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := f.Counts()
	return n.Reads, n.Reads - n.NotModified, st
}

func newClient(t testing.TB, root, token string, base http.RoundTripper) *ghapi.Client {
	t.Helper()
	c, err := ghapi.New(ghapi.Config{Token: token, BaseURL: root, Repo: "o/r", ReadOnly: true, Transport: base,
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestConditionalRequests measures what ETags save: never requests (a 304
// is a request and a round trip), only rate limit. Within one process the
// second Observe is free; across processes only a persistent cache and the
// same token would make it free, and a new token (a new GITHUB_TOKEN in
// every Actions job) makes every ETag useless.
func TestConditionalRequests(t *testing.T) {
	s := Spec{Blockers: 150, Others: 140, Seed: 6}
	cat, err := Catalog(s)
	if err != nil {
		t.Fatal(err)
	}
	r := InSync(cat, s, testToday)
	trackers := len(desired.Build(cat).Trackers)
	f := ghfake.New(ghfake.Options{RateLimit: 1 << 20}) // any token
	if err := Seed(f, "o/r", r); err != nil {
		t.Fatal(err)
	}
	root := f.Start()
	defer f.Close()
	labels, milestones, items := r.Counts()
	listing := budget.Pages(items) + budget.Pages(labels) + budget.Pages(milestones)

	check := func(what string, requests, counted, wantCounted int) {
		t.Helper()
		if requests != listing || counted != wantCounted {
			t.Errorf("%s: %d requests, %d counted by the rate limit; want %d and %d", what, requests, counted, listing, wantCounted)
		}
	}

	// One process, one client with a cache: the second read is all 304s.
	c := newClient(t, root, "token-one", newETagCache())
	req, counted, first := observeCost(t, f, c)
	check("first Observe", req, counted, listing)
	before := c.Stats().RateRemaining
	req, counted, again := observeCost(t, f, c)
	check("second Observe in the same process", req, counted, 0)
	if after := c.Stats().RateRemaining; after != before {
		t.Errorf("304s moved the remaining rate limit from %d to %d", before, after)
	}
	// Observe keeps the managed issues: one per blocker and tracker.
	if got, want := len(again.Issues), s.Blockers+trackers; got != want || len(first.Issues) != want {
		t.Errorf("the first Observe saw %d issues, the second (from the cache) %d; want %d", len(first.Issues), got, want)
	}

	// Separate processes sharing a persistent cache, same token.
	disk := newETagCache()
	req, counted, _ = observeCost(t, f, newClient(t, root, "token-one", disk))
	check("new process, empty persistent cache", req, counted, listing)
	req, counted, _ = observeCost(t, f, newClient(t, root, "token-one", disk))
	check("new process, persistent cache, same token", req, counted, 0)

	// A person edits one issue: only its page is read again.
	f.EditIssue("o/r", r.Items[len(r.Items)/2].Number, func(is *ghfake.Issue) { is.Title += " (edited)" })
	req, counted, _ = observeCost(t, f, newClient(t, root, "token-one", disk))
	check("persistent cache after one issue changed", req, counted, 1)

	// A new token, as every GitHub Actions job gets: every ETag misses.
	req, counted, _ = observeCost(t, f, newClient(t, root, "token-two", disk))
	check("persistent cache, new token", req, counted, listing)
}
