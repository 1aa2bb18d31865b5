package ghfake

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options configures a Server.
type Options struct {
	// Token, if set, is the only token accepted; otherwise any non-empty
	// token is.
	Token string
	// Now is the clock for timestamps and rate-limit windows (default
	// time.Now).
	Now func() time.Time
	// RateLimit is the primary limit per hour (default 5000).
	RateLimit int
	// Login is the token's user (default "ghsync-bot", user ID 1). It is
	// assignable wherever it has push access.
	Login string
	// Collaborators are logins assignable in every repository (besides
	// Login and those added with AddCollaborator).
	Collaborators []string
	// PageLimit is how far into the issues list page numbers reach: a
	// list longer than that is paged by after= cursors in its Link
	// headers, and a page number past it gets 422, as GitHub does for
	// "large datasets" (about 9,900 items). Default 9,900; negative
	// turns cursors off.
	PageLimit int
	// SameName is how the fake compares label names and milestone titles
	// for uniqueness and lookups. GitHub compares them "ignoring case" by
	// rules it does not document; the default, strings.EqualFold (Unicode
	// simple folding: "S" and "ſ" are one), refuses the most. A test that
	// needs GitHub to hold two such names apart sets an ASCII-only rule.
	SameName func(a, b string) bool
	// GraphQLLimit is GraphQL's bucket of points per hour (default 5000).
	GraphQLLimit int
	// CreateLimit is GitHub's content-creation limit as seen in the wild:
	// more than this many issue or comment creates within a minute get a
	// secondary-limit 403 with Retry-After 60. 0 is no limit.
	CreateLimit int
	// OmitFieldValues leaves issue_field_values out of every issue in an
	// answer, as GitHub's answers did before issue fields and may where a
	// token or an API version does not see them: a client must take that
	// for unknown, not for no values.
	OmitFieldValues bool
}

// Server is the fake. Its zero value is not usable; call New.
type Server struct {
	opts Options

	mu      sync.Mutex
	repos   map[string]*repoState // by lower-case full name
	renamed map[string]*repoState // by lower-case old full name
	users   map[string]*user      // by lower-case login
	orgs    map[string]*orgState  // by lower-case login (AddOrg)
	// creates are the times of recent issue and comment creates, for
	// Options.CreateLimit.
	creates []time.Time
	me      *user
	nextID  int64
	nextUID int64
	faults  []*faultState
	log     []Request
	counts  Counts
	used    int       // requests counted in the current window
	reset   time.Time // end of the current window; zero before the first request
	reqSeq  int64
	app     appAuth
	// readOnly holds the tokens added with AddReadOnlyToken, scopeless
	// those added with AddScopelessToken.
	readOnly, scopeless map[string]bool
	// noProject holds the tokens added with AddNoProjectScopeToken.
	noProject map[string]bool
	// owners are the Project owners by lower-case login; gqlUsed and
	// gqlReset are GraphQL's bucket of points.
	owners   map[string]*ownerState
	gqlUsed  int
	gqlReset time.Time

	closeOnce sync.Once
	done      chan struct{}
	hts       *httptest.Server
	srv       *http.Server
}

// New returns a Server that is not yet serving; call Start or Listen, or
// mount Handler yourself.
func New(opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.RateLimit <= 0 {
		opts.RateLimit = 5000
	}
	if opts.GraphQLLimit <= 0 {
		opts.GraphQLLimit = graphqlLimit
	}
	if opts.Login == "" {
		opts.Login = "ghsync-bot"
	}
	if opts.PageLimit == 0 {
		opts.PageLimit = 9900
	}
	if opts.SameName == nil {
		opts.SameName = strings.EqualFold
	}
	s := &Server{
		opts:    opts,
		repos:   map[string]*repoState{},
		renamed: map[string]*repoState{},
		users:   map[string]*user{},
		orgs:    map[string]*orgState{},
		done:    make(chan struct{}),
	}
	s.me = s.userFor(opts.Login)
	for _, c := range opts.Collaborators {
		s.userFor(c)
	}
	return s
}

// Start serves on a random port of 127.0.0.1 and returns the API root in
// go-github's BaseURL form ("http://127.0.0.1:PORT/").
func (s *Server) Start() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("ghfake: listen on 127.0.0.1: %v", err))
	}
	hts := httptest.NewUnstartedServer(s)
	hts.Listener.Close()
	hts.Listener = ln
	hts.Start()
	s.mu.Lock()
	s.hts = hts
	s.mu.Unlock()
	return hts.URL + "/"
}

// Listen serves on addr, which must be a loopback address such as
// "127.0.0.1:0", and returns the API root. The fake never listens where
// another machine could reach it.
func (s *Server) Listen(addr string) (string, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("fake GitHub address %q: %w", addr, err)
	}
	if !isLoopback(host) {
		return "", fmt.Errorf("fake GitHub address %q is not loopback: use 127.0.0.1", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("fake GitHub listen on %s: %w", addr, err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go srv.Serve(ln) //nolint:errcheck // returns ErrServerClosed on Close
	return "http://" + ln.Addr().String() + "/", nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Close stops serving; requests sleeping in a latency fault end at once.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.done) })
	s.mu.Lock()
	hts, srv := s.hts, s.srv
	s.mu.Unlock()
	if hts != nil {
		hts.Close()
	}
	if srv != nil {
		srv.Close()
	}
}

// Handler returns the fake as an http.Handler.
func (s *Server) Handler() http.Handler { return s }

// Log returns a copy of the request log.
func (s *Server) Log() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// ResetLog empties the request log and its counts.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
	s.counts = Counts{}
}

// Counts sums the request log.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts
}

func (s *Server) now() time.Time { return s.opts.Now().UTC().Truncate(time.Second) }

func (s *Server) limit() int { return s.opts.RateLimit }

// response is a buffered answer, built under the lock and written after.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *response) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	w.WriteHeader(r.status)
	if len(r.body) > 0 {
		w.Write(r.body) //nolint:errcheck // the client may be gone
	}
}

type errorBody struct {
	Message          string       `json:"message"`
	Errors           []fieldError `json:"errors,omitempty"`
	URL              string       `json:"url,omitempty"`
	DocumentationURL string       `json:"documentation_url,omitempty"`
}

type fieldError struct {
	Resource string `json:"resource"`
	Code     string `json:"code"`
	Field    string `json:"field"`
	Value    any    `json:"value,omitempty"`
	Message  string `json:"message,omitempty"`
}

func encodeJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("ghfake: encode response: %v", err))
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func jsonResponse(status int, v any) *response {
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	return &response{status: status, header: h, body: encodeJSON(v)}
}

func emptyResponse(status int) *response {
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	return &response{status: status, header: h}
}

const restDoc = "https://docs.github.com/rest"

func notFound() *response {
	return jsonResponse(http.StatusNotFound, errorBody{Message: "Not Found", DocumentationURL: restDoc})
}

func (s *Server) primaryExceeded(status int) *response {
	return jsonResponse(status, errorBody{
		Message:          fmt.Sprintf("API rate limit exceeded for user ID %d.", s.me.id),
		DocumentationURL: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
	})
}

// rollWindow starts a new one-hour window when none is running. Called
// with s.mu held.
func (s *Server) rollWindow(now time.Time) {
	if s.reset.IsZero() || !now.Before(s.reset) {
		s.used = 0
		s.reset = now.Add(time.Hour)
	}
}

// rateHeaders writes the primary rate-limit headers of the current window.
func (s *Server) rateHeaders(h http.Header, now time.Time) {
	reset := s.reset
	used := s.used
	if reset.IsZero() || !now.Before(reset) {
		reset, used = now.Add(time.Hour), 0
	}
	h.Set("X-Ratelimit-Limit", strconv.Itoa(s.limit()))
	h.Set("X-Ratelimit-Remaining", strconv.Itoa(max(s.limit()-used, 0)))
	h.Set("X-Ratelimit-Used", strconv.Itoa(used))
	h.Set("X-Ratelimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("X-Ratelimit-Resource", "core")
}

func isWrite(method string) bool {
	switch method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

const maxRequestBody = 25 << 20

// ServeHTTP answers one request. The whole request is handled under the
// one mutex, so concurrent clients see a consistent, serial GitHub.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	path := r.URL.EscapedPath()
	s.mu.Lock()
	arrived := s.opts.Now()
	f := s.matchFault(r.Method, path)
	s.mu.Unlock()

	if f != nil && f.Kind == KindLatency {
		if !s.sleep(r.Context(), f.Delay) {
			s.record(r, arrived, 0)
			return
		}
		f = nil
	}
	if f != nil && f.Kind == KindReset {
		s.record(r, arrived, 0)
		resetConnection(w)
		return
	}

	s.mu.Lock()
	var resp *response
	switch {
	case err != nil:
		resp = jsonResponse(http.StatusBadRequest, errorBody{Message: "Problems parsing JSON", DocumentationURL: restDoc})
	case len(body) > maxRequestBody:
		resp = jsonResponse(http.StatusRequestEntityTooLarge, errorBody{Message: "Request body too large", DocumentationURL: restDoc})
	default:
		resp = s.serve(r, body, f)
	}
	s.recordLocked(r, arrived, resp.status, body)
	s.mu.Unlock()
	resp.write(w)
}

func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.done:
		return false
	}
}

// resetConnection closes the connection without an answer, with an RST
// where the platform allows, as a dropped connection looks to a client.
func resetConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		// HTTP/2 and wrapped writers: abort the stream without an answer.
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0) //nolint:errcheck // best effort
	}
	conn.Close()
}

func (s *Server) record(r *http.Request, at time.Time, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recordLocked(r, at, status, nil)
}

func (s *Server) recordLocked(r *http.Request, at time.Time, status int, body []byte) {
	e := Request{
		Method: r.Method,
		Path:   r.URL.EscapedPath(),
		Query:  r.URL.RawQuery,
		Status: status,
		Write:  isWrite(r.Method) && !isGraphQLQuery(r.URL.EscapedPath(), body),
		Time:   at,
	}
	if op, _, ok := graphqlOp(body); ok && e.Path == "/graphql" {
		e.Operation = op.name
	}
	s.log = append(s.log, e)
	if e.Write {
		s.counts.Writes++
	} else {
		s.counts.Reads++
	}
	if status == http.StatusNotModified {
		s.counts.NotModified++
	}
}

// serve builds the answer to one request. Called with s.mu held.
func (s *Server) serve(r *http.Request, body []byte, f *Fault) *response {
	s.reqSeq++
	reqID := fmt.Sprintf("FA4E:%04X:%06X:%06X:%08X", s.reqSeq%0x10000, s.reqSeq, s.reqSeq*7, s.reqSeq*13)
	resp := s.serveCounted(r, body, f, reqID)
	resp.header.Set("X-Github-Request-Id", reqID)
	resp.header.Set("X-Github-Api-Version-Selected", "2022-11-28")
	if resp.header.Get("Content-Type") == "" && resp.status != http.StatusNotModified {
		resp.header.Set("Content-Type", "application/json; charset=utf-8")
	}
	return resp
}

func (s *Server) serveCounted(r *http.Request, body []byte, f *Fault, reqID string) *response {
	if f != nil && f.Kind != KindCommitThen502 {
		return s.faultResponse(r, f, reqID)
	}
	now := s.now()
	if resp := s.checkClient(r, body); resp != nil {
		s.rateHeaders(resp.header, now)
		return resp
	}
	segs, ok := splitPath(r.URL.EscapedPath())
	if ok && len(segs) > 0 && segs[0] == "app" {
		resp := s.routeApp(r, segs)
		s.rateHeaders(resp.header, now)
		return resp
	}
	if ok && len(segs) == 1 && segs[0] == "rate_limit" && r.Method == http.MethodGet {
		// Costs nothing, like GitHub.
		resp := s.rateLimitResponse(now)
		s.rateHeaders(resp.header, now)
		return s.conditional(r, resp)
	}
	if ok && len(segs) == 1 && segs[0] == "graphql" {
		// GraphQL has a bucket of its own, and headers to match.
		resp := s.serveGraphQL(&reqCtx{s: s, r: r, body: body, segs: segs, now: now, base: "http://" + r.Host + "/"})
		if f != nil { // KindCommitThen502: the work is done, the answer lost.
			resp = jsonResponse(http.StatusBadGateway, errorBody{Message: "Server Error"})
		}
		return resp
	}
	s.rollWindow(now)
	if s.used >= s.limit() {
		resp := s.primaryExceeded(http.StatusForbidden)
		s.rateHeaders(resp.header, now)
		return resp
	}
	var resp *response
	if !ok {
		resp = notFound()
	} else {
		c := &reqCtx{s: s, r: r, body: body, segs: segs, now: now, base: "http://" + r.Host + "/"}
		if len(segs) == 1 && segs[0] == "user" && r.Method == http.MethodGet {
			resp = c.getUser()
		} else if len(segs) >= 3 && (segs[0] == "orgs" || segs[0] == "users") && segs[2] == "projectsV2" {
			resp = c.routeProjects()
		} else {
			resp = s.route(c)
		}
	}
	resp = s.conditional(r, resp)
	if resp.status != http.StatusNotModified {
		s.used++
	}
	if f != nil { // KindCommitThen502: the work is done, the answer lost.
		resp = jsonResponse(http.StatusBadGateway, errorBody{Message: "Server Error"})
	}
	s.rateHeaders(resp.header, now)
	return resp
}

// checkClient refuses requests GitHub would refuse before looking at the
// route: no User-Agent, no or wrong token, unknown API version.
func (s *Server) checkClient(r *http.Request, body []byte) *response {
	if r.Header.Get("User-Agent") == "" {
		return jsonResponse(http.StatusForbidden, errorBody{
			Message:          "Request forbidden by administrative rules. Please make sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes.",
			DocumentationURL: restDoc,
		})
	}
	if r.Header.Get("Authorization") == "" {
		return jsonResponse(http.StatusUnauthorized, errorBody{Message: "Requires authentication", DocumentationURL: restDoc})
	}
	token := tokenOf(r)
	if token == "" || (s.opts.Token != "" && token != s.opts.Token && !s.readOnly[token] && !s.scopeless[token] && !s.noProject[token] && !s.validInstallationToken(token) && !s.app.actions[token] && r.URL.Path != "/app" && !strings.HasPrefix(r.URL.Path, "/app/")) {
		return jsonResponse(http.StatusUnauthorized, errorBody{Message: "Bad credentials", DocumentationURL: restDoc})
	}
	if s.readOnly[token] && isWrite(r.Method) && !isGraphQLQuery(r.URL.EscapedPath(), body) {
		return jsonResponse(http.StatusForbidden, errorBody{Message: "Resource not accessible by personal access token", DocumentationURL: restDoc})
	}
	if s.scopeless[token] && isWrite(r.Method) && !isGraphQLQuery(r.URL.EscapedPath(), body) {
		return notFound()
	}
	if v := r.Header.Get("X-Github-Api-Version"); v != "" && v != "2022-11-28" {
		return jsonResponse(http.StatusBadRequest, errorBody{
			Message:          fmt.Sprintf("Unsupported 'X-GitHub-Api-Version' header: %s", v),
			DocumentationURL: "https://docs.github.com/rest/overview/api-versions",
		})
	}
	return nil
}

// AddReadOnlyToken accepts token besides Options.Token, for reads only, as
// GitHub treats a fine-grained token with Issues read (or an Actions
// GITHUB_TOKEN with issues: read): every write gets 403 "Resource not
// accessible by personal access token".
func (s *Server) AddReadOnlyToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.readOnly == nil {
		s.readOnly = map[string]bool{}
	}
	s.readOnly[token] = true
}

// AddScopelessToken accepts token besides Options.Token, as GitHub treats a
// classic token without the repo scope on a repository it can see: reads
// work, and every write gets 404 Not Found (GitHub does not say 403 there).
func (s *Server) AddScopelessToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.scopeless == nil {
		s.scopeless = map[string]bool{}
	}
	s.scopeless[token] = true
}

// tokenOf returns the token of an "Authorization: token X" or "Bearer X"
// header, or "".
func tokenOf(r *http.Request) string {
	scheme, rest, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !(strings.EqualFold(scheme, "token") || strings.EqualFold(scheme, "bearer")) {
		return ""
	}
	return strings.TrimSpace(rest)
}

// conditional gives a GET's 200 answer its ETag and turns it into a 304
// when If-None-Match matches. The ETag hashes the token with the body, as
// GitHub's varies by token: a new token invalidates every cached ETag.
func (s *Server) conditional(r *http.Request, resp *response) *response {
	if r.Method != http.MethodGet || resp.status != http.StatusOK {
		return resp
	}
	sum := sha256.New()
	io.WriteString(sum, tokenOf(r)) //nolint:errcheck // hashes never fail
	sum.Write([]byte{0})
	sum.Write(resp.body)
	etag := `"` + hex.EncodeToString(sum.Sum(nil)) + `"`
	resp.header.Set("Etag", etag)
	resp.header.Set("Cache-Control", "private, max-age=60, s-maxage=60")
	resp.header.Set("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		h := http.Header{}
		for _, k := range []string{"Etag", "Cache-Control", "Vary"} {
			h.Set(k, resp.header.Get(k))
		}
		return &response{status: http.StatusNotModified, header: h}
	}
	return resp
}

func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

type rateResource struct {
	Limit     int    `json:"limit"`
	Used      int    `json:"used"`
	Remaining int    `json:"remaining"`
	Reset     int64  `json:"reset"`
	Resource  string `json:"resource,omitempty"`
}

func (s *Server) rateLimitResponse(now time.Time) *response {
	reset, used := s.reset, s.used
	if reset.IsZero() || !now.Before(reset) {
		reset, used = now.Add(time.Hour), 0
	}
	core := rateResource{Limit: s.limit(), Used: used, Remaining: max(s.limit()-used, 0), Reset: reset.Unix(), Resource: "core"}
	fresh := func(limit int, res string, window time.Duration) rateResource {
		return rateResource{Limit: limit, Remaining: limit, Reset: now.Add(window).Unix(), Resource: res}
	}
	body := struct {
		Resources map[string]rateResource `json:"resources"`
		Rate      rateResource            `json:"rate"`
	}{
		Resources: map[string]rateResource{
			"core":    core,
			"search":  fresh(30, "search", time.Minute),
			"graphql": s.graphqlRate(now),
		},
		Rate: core,
	}
	return jsonResponse(http.StatusOK, body)
}

var errUnknownRepo = errors.New("unknown repository")
