package ghapi

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
)

// The layers, outermost first (each request from go-github goes down them):
//
//	transport        one request at a time; read-only and write budget; waits
//	                 for a known-exhausted quota; write spacing
//	retryablehttp    CheckRetry = GitHub's retry rules, PrepareRetry = the
//	                 injected sleep, PassthroughErrorHandler
//	attemptTransport one attempt: read-only again, same-host check, counters,
//	                 rate headers, log line, body buffered
//	oauth2.Transport adds the token
//	base transport   the network
//
// Waiting happens here rather than in go-github so that go-github never sees a
// rate-limited answer (it would then refuse calls on its own clock).

// Stats counts what the client did.
type Stats struct {
	// Reads and Writes count requests (GET; POST/PATCH/PUT/DELETE) sent,
	// each once however often it was retried; Retries counts the repeats.
	Reads, Writes, Retries int
	// Waits counts the pauses the client made (rate limits, retry backoff,
	// write spacing) and Waited adds them up.
	Waits  int
	Waited time.Duration
	// RateRemaining is the last x-ratelimit-remaining seen, -1 if none yet;
	// RateReset the matching reset time (zero if unknown).
	RateRemaining int
	RateReset     time.Time
	// CreateSpacing is the spacing of creates after GitHub's
	// content-creation limit was met (0 when it was not).
	CreateSpacing time.Duration
	// Points are the GraphQL points spent, as the answers' rateLimit.cost
	// said; GraphQLRemaining (-1 if none seen yet) and GraphQLReset are
	// GraphQL's own bucket, apart from the REST one above.
	Points           int
	GraphQLRemaining int
	GraphQLReset     time.Time
}

// resetSlack is added to waits until x-ratelimit-reset: the header has
// one-second resolution and the clocks of GitHub and this machine differ.
const resetSlack = time.Second

// attemptTimeout bounds one attempt, body included, so a hung connection
// becomes a retry (or, for a create, an unknown outcome) instead of a hang.
const attemptTimeout = 2 * time.Minute

// maxBody bounds a buffered response (100 issues with 64 KiB bodies fit).
const maxBody = 64 << 20

var errForeignHost = errors.New("refusing to send the token to a host other than the API URL's")

type ctxKey struct{}

// call is the state of one logical request, shared by the layers through the
// request's context.
type call struct {
	method, path string
	write        bool
	graphql      bool // to the GraphQL endpoint (its own rate-limit bucket)
	attempts     int
	retries      int
	secondary    int // secondary-limit answers so far (for the backoff)
	wait         time.Duration
	reason       string
	wrote        atomic.Bool // the current attempt's headers were written to a connection
	err          error       // the transport's verdict when it failed the request
}

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(ctxKey{}).(*call)
	return c
}

func withCall(ctx context.Context, c *call) context.Context {
	return context.WithValue(ctx, ctxKey{}, c)
}

func isWrite(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

type transport struct {
	cfg        Config // defaults applied
	base       *url.URL
	maxRetries int
	rc         *retryablehttp.Client

	mu        sync.Mutex // held for a whole logical request: requests are serial
	lastWrite time.Time
	admitted  int // writes let through, for MaxWrites
	// createGap is the least time between two creates once GitHub's
	// content-creation limit was met (see checkRetry); 0 before.
	createGap time.Duration
	// renamed is the repository's new "owner/name" once GitHub answered
	// the configured name with a redirect (see followRename).
	renamed string

	statsMu sync.Mutex
	stats   Stats

	// bufs holds the buffers responses are read into (see bufferedBody).
	bufs sync.Pool

	// secrets are scrubbed from every error and log line.
	secrets *secrets
	// graphql is the GraphQL endpoint's URL (see graphqlURL).
	graphql string
}

// buffer is an empty buffer from the pool.
func (t *transport) buffer() *bytes.Buffer {
	if b, ok := t.bufs.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

// bufferedBody is a response body read in full by the transport, in a
// buffer that goes back to the pool when the body is closed: listing
// 20,000 issues reads 200 pages of about 250 KB, and a new buffer for
// each (grown by doubling) was 200 MB of garbage. Readers copy what they
// keep, as io.Reader and io.Writer require, so nothing refers to the
// buffer after Close.
type bufferedBody struct {
	*bytes.Reader
	buf  *bytes.Buffer
	pool *sync.Pool
}

func (b *bufferedBody) Close() error {
	if b.buf != nil {
		b.Reader.Reset(nil)
		b.pool.Put(b.buf)
		b.buf = nil
	}
	return nil
}

func newTransport(cfg Config, base *url.URL) *transport {
	t := &transport{cfg: cfg, base: base, maxRetries: cfg.MaxRetries, secrets: &secrets{}, graphql: graphqlURL(base)}
	t.secrets.add(cfg.Token)
	t.secrets.add(cfg.Secrets...)
	if t.maxRetries < 0 {
		t.maxRetries = 0
	}
	t.stats.RateRemaining = -1
	t.stats.GraphQLRemaining = -1
	next := cfg.Transport
	if next == nil {
		next = cleanhttp.DefaultPooledTransport()
	}
	var src oauth2.TokenSource = recordingSource{src: cfg.TokenSource, secrets: t.secrets}
	if cfg.TokenSource == nil {
		src = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: cfg.Token})
	}
	auth := &oauth2.Transport{Source: src, Base: next}
	t.rc = &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport:     &attemptTransport{t: t, next: auth},
			CheckRedirect: noRedirect,
			Timeout:       attemptTimeout,
		},
		RetryWaitMin: time.Second,
		RetryWaitMax: 30 * time.Second,
		RetryMax:     t.maxRetries,
		CheckRetry:   t.checkRetry,
		// The wait is decided in CheckRetry and slept in PrepareRetry
		// through the injected Sleep; retryablehttp's own timer gets 0.
		Backoff:      func(_, _ time.Duration, _ int, _ *http.Response) time.Duration { return 0 },
		PrepareRetry: t.prepareRetry,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	return t
}

// noRedirect hands redirects back as they are: Go's client would turn a 301
// on a PATCH into a GET, and a transferred issue must be reported, not chased.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func (t *transport) now() time.Time { return t.cfg.Now() }

func (t *transport) logf(format string, args ...any) {
	if t.cfg.Log == nil {
		return
	}
	fmt.Fprintln(t.cfg.Log, t.secrets.scrub(fmt.Sprintf(format, args...)))
}

// notice tells a person watching about a wait or a retry, also without
// the request log (Config.Notices); with the log, its own line says it.
func (t *transport) notice(format string, args ...any) {
	if t.cfg.Notices == nil || t.cfg.Log != nil {
		return
	}
	fmt.Fprintln(t.cfg.Notices, "ghsync: "+t.secrets.scrub(fmt.Sprintf(format, args...)))
}

func (t *transport) snapshot() Stats {
	t.statsMu.Lock()
	defer t.statsMu.Unlock()
	return t.stats
}

func (t *transport) update(f func(*Stats)) {
	t.statsMu.Lock()
	f(&t.stats)
	t.statsMu.Unlock()
}

// sleep waits through the injected Sleep and counts the pause.
func (t *transport) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t.update(func(s *Stats) { s.Waits++; s.Waited += d })
	return t.cfg.Sleep(ctx, d)
}

// RoundTrip runs one logical request: admission, then retryablehttp.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	c := callFrom(req.Context())
	if c == nil {
		c = &call{}
		req = req.WithContext(withCall(req.Context(), c))
	}
	c.method, c.path, c.write = req.Method, req.URL.RequestURI(), isWrite(req.Method) && !t.graphqlRead(req)
	c.graphql = t.isGraphQL(req.URL)

	t.mu.Lock()
	defer t.mu.Unlock()

	req = t.rewrite(req)
	if err := t.admit(req.Context(), c, req.URL); err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		c.err = err
		if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			t.logf("%s %s -> not sent: %v", c.method, c.path, err)
		}
		return nil, err
	}
	rreq, err := retryablehttp.FromRequest(req)
	if err != nil {
		c.err = fmt.Errorf("%s %s: %w", c.method, c.path, err)
		return nil, c.err
	}
	resp, err := t.rc.Do(rreq)
	if err == nil && t.renamed == "" && (resp.StatusCode == http.StatusMovedPermanently || resp.StatusCode == http.StatusTemporaryRedirect) {
		resp, err = t.followRename(req.Context(), rreq, resp)
	}
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		c.err = t.finalError(c, err)
		return nil, c.err
	}
	if resp.Header.Get("X-Ratelimit-Remaining") == "0" {
		// We wait for the reset ourselves (see admit); without the reset
		// go-github will not refuse calls by itself.
		resp.Header.Del("X-Ratelimit-Reset")
	}
	return resp, nil
}

// admit decides whether a request may be sent now, waiting where GitHub's
// rules ask for it.
func (t *transport) admit(ctx context.Context, c *call, u *url.URL) error {
	if !sameOrigin(u, t.base) {
		return errForeignHost
	}
	if c.write {
		if t.cfg.ReadOnly {
			return ErrReadOnly
		}
		if t.cfg.MaxWrites > 0 && t.admitted >= t.cfg.MaxWrites {
			return &budgetError{max: t.cfg.MaxWrites}
		}
	}
	// The quota is known to be spent: a request now would only earn a 403.
	// GraphQL has a bucket of its own.
	st := t.snapshot()
	if c.graphql {
		st.RateRemaining, st.RateReset = st.GraphQLRemaining, st.GraphQLReset
	}
	if now := t.now(); st.RateRemaining == 0 && st.RateReset.After(now) {
		in := st.RateReset.Sub(now)
		wait := in + resetSlack
		if wait > t.cfg.MaxWait {
			return &RateLimitError{Reset: st.RateReset, in: in}
		}
		t.logf("wait %s for the rate limit to reset at %s", wait, st.RateReset.UTC().Format("15:04:05 UTC"))
		t.notice("waiting %s, until %s, for GitHub's rate limit to reset", roughDuration(wait), st.RateReset.Add(resetSlack).UTC().Format("15:04:05 UTC"))
		if err := t.sleep(ctx, wait); err != nil {
			return err
		}
		t.update(func(s *Stats) {
			if c.graphql {
				s.GraphQLRemaining = -1
			} else {
				s.RateRemaining = -1
			}
		})
	}
	if c.write {
		gap := t.cfg.WriteInterval
		if isCreate(c.method, u.Path) {
			gap = max(gap, t.createGap)
		}
		if gap > 0 && !t.lastWrite.IsZero() {
			if d := t.lastWrite.Add(gap).Sub(t.now()); d > 0 {
				if err := t.sleep(ctx, d); err != nil {
					return err
				}
			}
		}
		t.admitted++
	}
	return nil
}

// CreateSpacing is the least time between two issue or comment creates
// after GitHub's content-creation limit was met once in a run: creates are
// "prone to secondary limits" well under the documented 80 a minute
// (blocked after about 20 at one a second, fine at one in 3 s).
const CreateSpacing = 3 * time.Second

// isCreate reports whether a request creates content GitHub limits: a POST
// of an issue or a comment.
func isCreate(method, path string) bool {
	if method != http.MethodPost {
		return false
	}
	p, _, _ := strings.Cut(path, "?")
	return strings.HasSuffix(p, "/issues") || strings.HasSuffix(p, "/comments")
}

func sameOrigin(u, base *url.URL) bool {
	return strings.EqualFold(u.Scheme, base.Scheme) && strings.EqualFold(u.Host, base.Host)
}

// checkRetry is GitHub's retry policy (retryablehttp.CheckRetry). It
// decides the wait too; prepareRetry sleeps it.
func (t *transport) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	c := callFrom(ctx)
	if c == nil {
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	now := t.now()
	if err != nil {
		cause := err
		var ue *url.Error
		if errors.As(err, &ue) {
			cause = ue.Err
		}
		mayHaveRun := c.method == http.MethodPost && c.write && c.wrote.Load()
		switch {
		case errors.Is(cause, ErrReadOnly), errors.Is(cause, errForeignHost):
			return false, cause
		case ctx.Err() != nil:
			if mayHaveRun {
				return false, &outcomeError{method: c.method, path: c.path, cause: ctx.Err()}
			}
			return false, ctx.Err()
		case !retryableNetErr(cause):
			return false, &connError{method: c.method, path: c.path, attempts: c.attempts, cause: cause}
		case mayHaveRun:
			// Not repeated: the create may have happened.
			return false, &outcomeError{method: c.method, path: c.path, cause: cause}
		}
		wait := retryablehttp.DefaultBackoff(t.rc.RetryWaitMin, t.rc.RetryWaitMax, c.retries, nil)
		return t.retry(c, wait, "connection error", func(time.Duration) error {
			return &connError{method: c.method, path: c.path, attempts: c.attempts, cause: cause}
		})
	}

	switch s := resp.StatusCode; {
	case s == http.StatusForbidden || s == http.StatusTooManyRequests:
		remaining := resp.Header.Get("X-Ratelimit-Remaining")
		reset, hasReset := resetHeader(resp)
		switch {
		case isSecondary(resp):
			// The request was refused, not performed: repeating even a
			// POST is safe. A refused create slows every later create of
			// the run (see CreateSpacing).
			c.secondary++
			if isCreate(c.method, c.path) && t.createGap < CreateSpacing {
				t.createGap = CreateSpacing
				t.update(func(s *Stats) { s.CreateSpacing = CreateSpacing })
				t.logf("GitHub's content-creation limit was met: creates are now spaced %s apart", CreateSpacing)
				t.notice("GitHub's content-creation limit was met: the run's creates are now spaced %s apart", CreateSpacing)
			}
			wait := secondaryWait(resp, now, c.secondary)
			return t.retry(c, wait, "secondary rate limit", func(w time.Duration) error {
				return &RateLimitError{Reset: now.Add(w), Secondary: true, in: w}
			})
		case remaining == "0":
			wait := time.Minute
			if hasReset {
				wait = max(reset.Sub(now), 0) + resetSlack
			} else {
				reset = now.Add(wait)
			}
			return t.retry(c, wait, "rate limit exhausted", func(time.Duration) error {
				return &RateLimitError{Reset: reset, in: reset.Sub(now)}
			})
		case s == http.StatusTooManyRequests:
			wait := retryablehttp.DefaultBackoff(t.rc.RetryWaitMin, t.rc.RetryWaitMax, c.retries, resp)
			return t.retry(c, wait, "429 too many requests", func(w time.Duration) error {
				return &RateLimitError{Reset: now.Add(w), Secondary: true, in: w}
			})
		}
	case s == http.StatusNotModified && c.method == http.MethodGet:
		// ghsync sends no validator, so a 304 is not GitHub's answer to
		// it but a cache's on the way: ask again.
		wait := retryablehttp.DefaultBackoff(t.rc.RetryWaitMin, t.rc.RetryWaitMax, c.retries, nil)
		return t.retry(c, wait, "304 to a request without a validator", func(time.Duration) error { return nil })
	case s >= 500 && s <= 599 && s != http.StatusNotImplemented:
		if c.method == http.MethodPost && c.write {
			return false, &outcomeError{method: c.method, path: c.path, status: s}
		}
		wait := retryablehttp.DefaultBackoff(t.rc.RetryWaitMin, t.rc.RetryWaitMax, c.retries, resp)
		// Out of retries, the answer itself goes up so the caller sees the status.
		return t.retry(c, wait, strconv.Itoa(s)+" "+http.StatusText(s), func(time.Duration) error { return nil })
	}
	return false, nil
}

// retry grants one more attempt after wait, unless the retries are spent or
// the wait is longer than MaxWait; then giveUp says what to return (nil
// passes the last answer up).
func (t *transport) retry(c *call, wait time.Duration, reason string, giveUp func(wait time.Duration) error) (bool, error) {
	if c.retries >= t.maxRetries || wait > t.cfg.MaxWait {
		return false, giveUp(wait)
	}
	c.retries++
	c.wait, c.reason = wait, reason
	return true, nil
}

// prepareRetry sleeps the wait checkRetry chose (retryablehttp.PrepareRetry).
func (t *transport) prepareRetry(req *http.Request) error {
	c := callFrom(req.Context())
	if c == nil {
		return nil
	}
	t.logf("wait %s before retry %d of %s %s (%s)", c.wait, c.retries, c.method, c.path, c.reason)
	t.notice("%s %s: %s; retry %d of %d in %s, at %s", c.method, c.path, c.reason, c.retries, t.maxRetries, roughDuration(c.wait), t.now().Add(c.wait).UTC().Format("15:04:05 UTC"))
	return t.sleep(req.Context(), c.wait)
}

// finalError makes sure nothing retryablehttp or net/http built (with a full
// URL) reaches the caller.
func (t *transport) finalError(c *call, err error) error {
	var (
		rl *RateLimitError
		oe *outcomeError
		ce *connError
		be *budgetError
		ue *url.Error
	)
	switch {
	case errors.As(err, &rl), errors.As(err, &oe), errors.As(err, &ce), errors.As(err, &be),
		errors.Is(err, ErrReadOnly), errors.Is(err, errForeignHost),
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.As(err, &ue):
		err = ue.Err
	}
	if c.method == http.MethodPost && c.write && c.wrote.Load() {
		return &outcomeError{method: c.method, path: c.path, cause: err}
	}
	return &connError{method: c.method, path: c.path, attempts: c.attempts, cause: err}
}

// retryableNetErr reports whether a transport error may go away on its own
// (the same exclusions as retryablehttp's DefaultRetryPolicy).
func retryableNetErr(err error) bool {
	var (
		ua x509.UnknownAuthorityError
		ci x509.CertificateInvalidError
		hn x509.HostnameError
	)
	var te *tokenError
	if errors.As(err, &ua) || errors.As(err, &ci) || errors.As(err, &hn) || errors.As(err, &te) && te.final {
		return false
	}
	msg := err.Error()
	for _, s := range []string{"unsupported protocol scheme", "invalid header", "stopped after", "certificate is not trusted"} {
		if strings.Contains(msg, s) {
			return false
		}
	}
	return true
}

// limitBody is the part of an error answer that tells the limits apart.
type limitBody struct {
	Message          string `json:"message"`
	DocumentationURL string `json:"documentation_url"`
}

// isSecondary recognises a secondary-limit answer by its message or
// documentation_url (GitHub's documented and observed forms).
func isSecondary(resp *http.Response) bool {
	var b limitBody
	if data, ok := peekBody(resp); ok {
		_ = json.Unmarshal(data, &b)
	}
	msg := strings.ToLower(b.Message)
	if strings.Contains(msg, "secondary rate limit") || strings.Contains(msg, "abuse detection") ||
		strings.Contains(msg, "temporarily blocked from content creation") {
		return true
	}
	doc := strings.ToLower(b.DocumentationURL)
	return strings.HasSuffix(doc, "secondary-rate-limits") || strings.HasSuffix(doc, "abuse-rate-limits")
}

// peekBody returns the (already buffered) body and leaves it readable.
func peekBody(resp *http.Response) ([]byte, bool) {
	if resp.Body == nil {
		return nil, false
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return data, err == nil
}

func resetHeader(resp *http.Response) (time.Time, bool) {
	v, err := strconv.ParseInt(resp.Header.Get("X-Ratelimit-Reset"), 10, 64)
	if err != nil || v <= 0 {
		return time.Time{}, false
	}
	return time.Unix(v, 0), true
}

// secondaryWait follows GitHub's documented order: Retry-After; else the
// reset when the quota is spent; else at least a minute, doubling.
func secondaryWait(resp *http.Response, now time.Time, hit int) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if resp.Header.Get("X-Ratelimit-Remaining") == "0" {
		if reset, ok := resetHeader(resp); ok {
			return max(reset.Sub(now), 0) + resetSlack
		}
	}
	if hit > 10 {
		hit = 10
	}
	return time.Minute << (hit - 1)
}

// attemptTransport is one attempt on the wire.
type attemptTransport struct {
	t    *transport
	next http.RoundTripper
}

func (a *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t := a.t
	c := callFrom(req.Context())
	if c == nil { // not reached through transport: still enforce the rules
		c = &call{method: req.Method, path: req.URL.RequestURI(), write: isWrite(req.Method) && !t.graphqlRead(req), graphql: t.isGraphQL(req.URL)}
	}
	refuse := func(err error) (*http.Response, error) {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	if (c.write || isWrite(req.Method) && !t.graphqlRead(req)) && t.cfg.ReadOnly {
		return refuse(ErrReadOnly)
	}
	if !sameOrigin(req.URL, t.base) {
		return refuse(errForeignHost)
	}
	n := c.attempts
	c.attempts++
	t.update(func(s *Stats) {
		switch {
		case n > 0:
			s.Retries++
		case c.write:
			s.Writes++
		default:
			s.Reads++
		}
	})
	c.wrote.Store(false)
	trace := &httptrace.ClientTrace{WroteHeaders: func() { c.wrote.Store(true) }}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))

	start := t.now()
	resp, err := a.next.RoundTrip(req)
	if err == nil {
		// Read it all here so a connection dropped mid-body is a transport
		// error the retry policy sees, not a JSON error in go-github.
		buf := t.buffer()
		if resp.ContentLength > 0 && resp.ContentLength <= maxBody {
			buf.Grow(int(resp.ContentLength))
		}
		_, rerr := buf.ReadFrom(io.LimitReader(resp.Body, maxBody+1))
		resp.Body.Close()
		switch {
		case rerr != nil:
			resp, err = nil, rerr
		case buf.Len() > maxBody:
			resp, err = nil, fmt.Errorf("response larger than %d bytes", maxBody)
		default:
			resp.ContentLength = int64(buf.Len())
			resp.Body = &bufferedBody{Reader: bytes.NewReader(buf.Bytes()), buf: buf, pool: &t.bufs}
		}
	}
	end := t.now()
	if c.write && (err == nil || c.wrote.Load()) {
		t.lastWrite = end
	}
	retry := ""
	if n > 0 {
		retry = fmt.Sprintf(" (retry %d)", n)
	}
	ms := end.Sub(start).Milliseconds()
	if err != nil {
		t.logf("%s %s -> error after %dms: %v%s", c.method, c.path, ms, err, retry)
		return nil, err
	}
	rem := resp.Header.Get("X-Ratelimit-Remaining")
	graphqlBucket := strings.EqualFold(resp.Header.Get("X-Ratelimit-Resource"), "graphql")
	t.update(func(s *Stats) {
		if v, perr := strconv.Atoi(rem); perr == nil {
			reset, ok := resetHeader(resp)
			if graphqlBucket {
				s.GraphQLRemaining = v
				if ok {
					s.GraphQLReset = reset
				}
				return
			}
			s.RateRemaining = v
			if ok {
				s.RateReset = reset
			}
		}
	})
	remText := ""
	if rem != "" {
		remText = " remaining=" + rem
	}
	t.logf("%s %s -> %d %dms%s%s", c.method, c.path, resp.StatusCode, ms, remText, retry)
	return resp, nil
}
