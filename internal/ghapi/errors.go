package ghapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// Sentinel errors; match them with errors.Is.
var (
	// ErrReadOnly: the client is read-only and the request was a write.
	ErrReadOnly = errors.New("read-only: GitHub writes are disabled")
	// ErrWriteBudget: the write budget (Config.MaxWrites) is spent; nothing
	// was sent.
	ErrWriteBudget = errors.New("write budget reached")
	// ErrOutcomeUnknown: a create (POST) may or may not have happened (5xx,
	// timeout or dropped connection after it was sent). Look before creating
	// again, or a duplicate may appear.
	ErrOutcomeUnknown = errors.New("outcome unknown")
	// ErrNotFound: 404, the object does not exist or the token cannot see it.
	ErrNotFound = errors.New("not found")
	// ErrGone: 410, the issue was deleted or issues are disabled.
	ErrGone = errors.New("gone")
)

// TransferredError reports an issue that was moved to another repository
// (301). The redirect is never followed: a PATCH would turn into a GET.
type TransferredError struct {
	// Number is the number in this client's repository.
	Number int
	// Location is where GitHub says the issue now lives (an API URL).
	Location string
}

func (e *TransferredError) Error() string {
	if e.Location == "" {
		return fmt.Sprintf("issue #%d was transferred to another repository", e.Number)
	}
	return fmt.Sprintf("issue #%d was transferred to another repository (now %s)", e.Number, e.Location)
}

// RateLimitError means GitHub's rate limit stopped the work: the wait was
// longer than Config.MaxWait, or the retries ran out.
type RateLimitError struct {
	// Reset is when GitHub says (or we estimate) requests will be accepted again.
	Reset time.Time
	// Secondary is true for a secondary ("abuse") limit or a plain 429,
	// false for the hourly quota.
	Secondary bool

	in time.Duration // how far Reset was from the clock when this was made
}

func (e *RateLimitError) Error() string {
	what := "GitHub API rate limit exhausted"
	if e.Secondary {
		what = "GitHub secondary rate limit hit"
	}
	when := "it resets later"
	if !e.Reset.IsZero() {
		when = "it resets at " + e.Reset.UTC().Format("15:04 UTC")
		if e.in > 0 {
			when += " (in " + roughDuration(e.in) + ")"
		}
	}
	return what + "; " + when + "; re-run then to finish the job"
}

// roughDuration prints d the way a person would say it: 30s, 42m, 1h05m.
func roughDuration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int((d+time.Second-1)/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int((d+time.Minute-1)/time.Minute))
	default:
		m := int((d + time.Minute - 1) / time.Minute)
		return fmt.Sprintf("%dh%02dm", m/60, m%60)
	}
}

// budgetError is ErrWriteBudget with the budget in its message.
type budgetError struct{ max int }

func (e *budgetError) Error() string {
	return fmt.Sprintf("write budget of %d reached; re-run to continue", e.max)
}
func (e *budgetError) Is(target error) bool { return target == ErrWriteBudget }

// outcomeError is ErrOutcomeUnknown with what happened.
type outcomeError struct {
	method, path string
	status       int   // 0 when the connection failed
	cause        error // the connection error, if any
}

func (e *outcomeError) Error() string {
	why := ""
	if e.status != 0 {
		why = fmt.Sprintf("GitHub answered %d %s", e.status, http.StatusText(e.status))
	} else {
		why = "the connection failed after the request was sent: " + errText(e.cause)
	}
	return fmt.Sprintf("%s %s: %s; it may or may not have been applied (outcome unknown)", e.method, e.path, why)
}

func (e *outcomeError) Unwrap() []error {
	if e.cause != nil {
		return []error{ErrOutcomeUnknown, e.cause}
	}
	return []error{ErrOutcomeUnknown}
}

// connError is a request that could not be completed at the network level.
type connError struct {
	method, path string
	attempts     int
	cause        error
}

func (e *connError) Error() string {
	s := fmt.Sprintf("%s %s: %s", e.method, e.path, errText(e.cause))
	if e.attempts > 1 {
		s += fmt.Sprintf(" (gave up after %d attempts)", e.attempts)
	}
	return s
}
func (e *connError) Unwrap() error { return e.cause }

// StatusError is an answer from GitHub that is not a success: the status
// and GitHub's message, without the URL's host or any header. 404 and 410
// also match ErrNotFound and ErrGone; the go-github *ErrorResponse stays
// reachable with errors.As.
type StatusError struct {
	Method, Path string
	Status       int
	Message      string

	kind  error // ErrNotFound, ErrGone or nil
	cause error
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s %s: %d", e.Method, e.Path, e.Status)
	if e.Message != "" {
		s += " " + e.Message
	} else {
		s += " " + http.StatusText(e.Status)
	}
	if h := e.hint(); h != "" {
		s += ": " + h
	}
	return s
}

// hint says what to do about the answers people meet first.
func (e *StatusError) hint() string {
	switch e.Status {
	case http.StatusUnauthorized:
		return "the token is wrong, expired or revoked; check GITHUB_TOKEN (or GH_TOKEN, or the GitHub App settings)"
	case http.StatusForbidden:
		if p := strings.SplitN(e.Path, "?", 2)[0]; strings.Contains(p, "/projectsV2/") || strings.HasSuffix(p, "/graphql") {
			// The board: the Issues hint would send people the wrong way.
			return ProjectAccessHint
		}
		if e.Method != http.MethodGet {
			return "the token may not write here; apply needs Issues: write (and Contents: read) on the repository"
		}
		return "the token may not read this repository's issues"
	case http.StatusNotModified:
		return "GitHub answered 304 Not Modified to a request that asked for no cached copy (ghsync sends no If-None-Match): a proxy or cache between ghsync and GitHub answered it; re-run, or bypass the proxy (HTTPS_PROXY, NO_PROXY)"
	case http.StatusNotFound:
		if e.Method != http.MethodGet {
			return "GitHub answers 404 to a write the token may not make: a classic token needs the repo scope (public_repo for a public repository), a fine-grained one Issues: write on this repository (labels and milestones need write access to the repository); check the token's permissions"
		}
		path := e.Path
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		if e.Method == http.MethodGet && (strings.HasSuffix(path, "/labels") || strings.HasSuffix(path, "/milestones") || strings.HasSuffix(path, "/issues")) {
			return "the repository does not exist or this token cannot see it (an Actions GITHUB_TOKEN reaches only its own repository)"
		}
	}
	return ""
}

func (e *StatusError) Unwrap() []error {
	var out []error
	if e.kind != nil {
		out = append(out, e.kind)
	}
	if e.cause != nil {
		out = append(out, e.cause)
	}
	return out
}

// IsInvalid reports whether err is GitHub's 422 Validation Failed naming
// field (for example "assignees" for a login that cannot be assigned).
func IsInvalid(err error, field string) bool {
	var se *StatusError
	if !errors.As(err, &se) || se.Status != http.StatusUnprocessableEntity {
		return false
	}
	var er *github.ErrorResponse
	if !errors.As(se.cause, &er) {
		return false
	}
	for _, e := range er.Errors {
		if e.Field == field {
			return true
		}
	}
	return false
}

// scrubbed hides the token from an error's text should any layer below
// ever include it; the chain stays intact for errors.Is/As. The text is
// made at once so the token is not kept in the error (%#v prints fields).
type scrubbed struct {
	msg string
	err error
}

func scrubErr(err error, secret string) error {
	if err == nil {
		return nil
	}
	return &scrubbed{msg: scrub(err.Error(), secret), err: err}
}

func (s *scrubbed) Error() string { return s.msg }
func (s *scrubbed) Unwrap() error { return s.err }

// minSecret is the shortest token scrubbed from text; shorter strings (test
// tokens such as "t") would mangle every message.
const minSecret = 8

func scrub(text, secret string) string {
	if len(secret) >= minSecret {
		text = strings.ReplaceAll(text, secret, "***")
	}
	return scrubShapes(text)
}

// scrubAll is scrubErr with every secret the client knows.
func scrubAll(err error, s *secrets) error {
	if err == nil {
		return nil
	}
	return &scrubbed{msg: s.scrub(err.Error()), err: err}
}

func errText(err error) string {
	if err == nil {
		return "unknown error"
	}
	return err.Error()
}
