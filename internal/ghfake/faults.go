package ghfake

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind says how an injected fault answers.
type FaultKind int

const (
	// KindStatus answers Status (with a JSON message) without doing anything.
	KindStatus FaultKind = iota
	// KindCommitThen502 performs the request, then answers 502: the write
	// happened but the client cannot know.
	KindCommitThen502
	// KindReset closes the connection without answering. Note that Go's
	// transport silently retries an idempotent request (GET) once when a
	// reused connection is closed before any response; use Times > 1 or a
	// write to make the reset reach the caller.
	KindReset
	// KindLatency sleeps Delay, then serves normally.
	KindLatency
	// KindSecondary answers 403 as a secondary rate limit, with Retry-After
	// when RetryAfter > 0 and a non-zero x-ratelimit-remaining.
	KindSecondary
	// KindSecondary429 is KindSecondary answered with 429.
	KindSecondary429
	// KindPrimary answers 403 as an exhausted primary limit:
	// x-ratelimit-remaining 0, reset now+ResetIn. It is one response, not a
	// state: the next request is served normally.
	KindPrimary
	// KindPrimary429 is KindPrimary answered with 429.
	KindPrimary429
	// Kind429 answers a plain 429 Too Many Requests, with Retry-After when
	// RetryAfter > 0.
	Kind429
)

// Fault makes the fake misbehave on matching requests.
type Fault struct {
	Method string // "" matches any method
	// Path is an exact escaped path ("/repos/o/r/issues") or a prefix ending
	// in "*" ("/repos/o/r/issues/*"); "" matches any path.
	Path string
	// Nth fires on the Nth matching request (1-based); 0 on every one.
	Nth int
	// Times is how many times the fault fires, from the Nth matching
	// request on (default 1). With Nth and Times both 0 it fires on every
	// matching request, forever.
	Times      int
	Kind       FaultKind
	Status     int           // KindStatus
	RetryAfter int           // seconds; KindSecondary, KindSecondary429, Kind429
	Delay      time.Duration // KindLatency
	ResetIn    time.Duration // KindPrimary, KindPrimary429
	// Echo makes a KindStatus answer quote the request's Authorization
	// header in its message, as a misconfigured proxy or a debugging
	// endpoint does: the client must never show what comes back.
	Echo bool
}

type faultState struct {
	Fault
	seen, fired int
}

func (f *faultState) matches(method, path string) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, method) {
		return false
	}
	switch {
	case f.Path == "":
		return true
	case strings.HasSuffix(f.Path, "*"):
		return strings.HasPrefix(path, strings.TrimSuffix(f.Path, "*"))
	default:
		return path == f.Path
	}
}

func (f *faultState) eligible() bool {
	if f.Nth == 0 && f.Times == 0 {
		return true
	}
	times := f.Times
	if times == 0 {
		times = 1
	}
	return f.fired < times && (f.Nth == 0 || f.seen >= f.Nth)
}

// Inject adds a fault. Faults are tried in the order injected; every
// matching fault counts the request, the first eligible one fires.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultState{Fault: f})
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// matchFault returns the fault that fires for this request, if any. Called
// with s.mu held.
func (s *Server) matchFault(method, path string) *Fault {
	var fire *faultState
	for _, f := range s.faults {
		if !f.matches(method, path) {
			continue
		}
		f.seen++
		if fire == nil && f.eligible() {
			fire = f
		}
	}
	if fire == nil {
		return nil
	}
	fire.fired++
	s.counts.Faults++
	f := fire.Fault
	return &f
}

const secondaryDoc = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"

// faultResponse builds the answer of a fault that answers by itself (not
// Latency, Reset or CommitThen502). Called with s.mu held.
func (s *Server) faultResponse(r *http.Request, f *Fault, reqID string) *response {
	now := s.now()
	switch f.Kind {
	case KindSecondary, KindSecondary429:
		status := http.StatusForbidden
		if f.Kind == KindSecondary429 {
			status = http.StatusTooManyRequests
		}
		resp := jsonResponse(status, errorBody{
			Message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. " +
				"If you reach out to GitHub Support for help, please include the request ID " + reqID + ".",
			DocumentationURL: secondaryDoc,
		})
		if f.RetryAfter > 0 {
			resp.header.Set("Retry-After", strconv.Itoa(f.RetryAfter))
		}
		s.rateHeaders(resp.header, now)
		return resp
	case KindPrimary, KindPrimary429:
		status := http.StatusForbidden
		if f.Kind == KindPrimary429 {
			status = http.StatusTooManyRequests
		}
		resp := s.primaryExceeded(status)
		limit := s.limit()
		h := resp.header
		h.Set("X-Ratelimit-Limit", strconv.Itoa(limit))
		h.Set("X-Ratelimit-Remaining", "0")
		h.Set("X-Ratelimit-Used", strconv.Itoa(limit))
		h.Set("X-Ratelimit-Reset", strconv.FormatInt(now.Add(f.ResetIn).Unix(), 10))
		h.Set("X-Ratelimit-Resource", "core")
		return resp
	case Kind429:
		resp := jsonResponse(http.StatusTooManyRequests, errorBody{Message: "Too Many Requests"})
		if f.RetryAfter > 0 {
			resp.header.Set("Retry-After", strconv.Itoa(f.RetryAfter))
		}
		s.rateHeaders(resp.header, now)
		return resp
	default: // KindStatus
		status := f.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		msg := statusMessage(status)
		if f.Echo {
			msg += " (request headers: Authorization: " + r.Header.Get("Authorization") + ")"
		}
		resp := jsonResponse(status, errorBody{Message: msg})
		s.rateHeaders(resp.header, now)
		return resp
	}
}

// statusMessage is the message GitHub puts in a JSON error of this status.
func statusMessage(status int) string {
	if status >= 500 {
		return "Server Error"
	}
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "Error"
}
