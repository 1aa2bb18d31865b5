package scale

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Serve serves h on a random loopback port and returns the API root in
// go-github's form ("http://127.0.0.1:PORT/") and a stop function.
func Serve(h http.Handler) (root string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen on loopback: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ErrServerClosed on Close
	return "http://" + ln.Addr().String() + "/", func() { srv.Close() }, nil
}

// PageUser is the author Paged gives the issues on page k (from 1) of
// ghsync's listing.
func PageUser(k int) string { return fmt.Sprintf("page%05d", k) }

// Paged returns r with every item authored by PageUser of its page, for
// NewPager.
func Paged(r Repo) Repo {
	items := append([]Item(nil), r.Items...)
	for i := range items {
		items[i].User = PageUser(i/perPage + 1)
	}
	r.Items = items
	return r
}

const perPage = 100

// NewPager works around the fake's cost of listing issues at scale: it
// renders every issue of the repository for each page it answers, so
// reading 20,000 issues 100 at a time renders four million (ten minutes;
// the fix belongs in the fake: render only the page). For a repository
// seeded with Paged, every issue on page k of ghsync's listing (state=all,
// sort=created, direction=asc, per_page=100) has author PageUser(k), so
// the pager asks the fake for page k as "the issues by PageUser(k)": the
// same issues in the same order, rendered by the fake itself, one request
// to the fake per request of ghsync (logged, counted, rate-limited, with
// ETags as usual). It rewrites only the Link header, to the listing's.
// Once an issue is created the pages shift, and it steps aside; every
// other request goes to the fake as it is.
func NewPager(fake http.Handler, repo string, items int) http.Handler {
	return &pager{next: fake, path: "/repos/" + repo + "/issues", pages: (items + perPage - 1) / perPage}
}

type pager struct {
	next    http.Handler
	path    string
	pages   int
	created atomic.Bool
}

func (p *pager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.URL.Path == p.path {
		p.created.Store(true)
	}
	page, ok := p.listingPage(r)
	if !ok {
		p.next.ServeHTTP(w, r)
		return
	}
	q := url.Values{"state": {"all"}, "sort": {"created"}, "direction": {"asc"}, "per_page": {"100"}, "creator": {PageUser(page)}}
	inner := r.Clone(r.Context())
	u := *r.URL
	u.RawQuery = q.Encode()
	inner.URL, inner.RequestURI = &u, u.RequestURI()
	rec := httptest.NewRecorder()
	p.next.ServeHTTP(rec, inner)
	h := w.Header()
	for k, v := range rec.Header() {
		h[k] = v
	}
	h.Del("Link")
	if rec.Code == http.StatusOK {
		if links := p.links(r, page); links != "" {
			h.Set("Link", links)
		}
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes()) //nolint:errcheck // the client may be gone
}

// listingPage reports whether r asks for a page of ghsync's full listing
// of the seeded issues, and which.
func (p *pager) listingPage(r *http.Request) (int, bool) {
	if r.Method != http.MethodGet || r.URL.Path != p.path || p.created.Load() {
		return 0, false
	}
	q := r.URL.Query()
	for k := range q {
		switch k {
		case "state", "sort", "direction", "per_page", "page":
		default:
			return 0, false
		}
	}
	if q.Get("state") != "all" || q.Get("sort") != "created" || q.Get("direction") != "asc" || q.Get("per_page") != "100" {
		return 0, false
	}
	page := 1
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, false
		}
		page = n
	}
	return page, page >= 1 && page <= p.pages
}

// links is GitHub's Link header for page of the listing.
func (p *pager) links(r *http.Request, page int) string {
	at := func(n int, rel string) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return fmt.Sprintf("<http://%s%s?%s>; rel=%q", r.Host, r.URL.Path, q.Encode(), rel)
	}
	var out []string
	if page > 1 {
		out = append(out, at(page-1, "prev"))
	}
	if page < p.pages {
		out = append(out, at(page+1, "next"), at(p.pages, "last"))
	}
	if page > 1 {
		out = append(out, at(1, "first"))
	}
	return strings.Join(out, ", ")
}

// WithoutETags drops the ETag of every answer of h: a client then caches
// nothing for conditional requests, which shows what that cache costs.
func WithoutETags(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(etagDropper{w}, r)
	})
}

type etagDropper struct{ http.ResponseWriter }

func (d etagDropper) WriteHeader(code int) {
	d.Header().Del("Etag")
	d.ResponseWriter.WriteHeader(code)
}

func (d etagDropper) Write(b []byte) (int, error) {
	d.Header().Del("Etag") // before the implicit WriteHeader(200)
	return d.ResponseWriter.Write(b)
}
