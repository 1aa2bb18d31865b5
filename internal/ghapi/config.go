package ghapi

import (
	"github.com/ghsync/ghsync/internal/ghname"

	"context"
	"errors"
	"fmt"
	"golang.org/x/oauth2"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is github.com's REST API.
const DefaultBaseURL = "https://api.github.com/"

// Defaults applied by New when a Config field is zero.
const (
	DefaultMaxWait    = 15 * time.Minute
	DefaultMaxRetries = 4
)

// Config says where and how to talk to GitHub. Only Token and Repo are
// required; everything else has a safe default.
type Config struct {
	// Token authenticates every request. It is never printed, logged or put
	// in an error.
	Token string
	// TokenSource, when set instead of Token, supplies tokens that change
	// over time (GitHub App installation tokens, see App.TokenSource).
	TokenSource oauth2.TokenSource
	// BaseURL is the REST API root: "" means https://api.github.com/; a
	// GitHub Enterprise Server root such as https://HOST/api/v3 works as is.
	// Plain http:// is refused (before any connection) unless the host is a
	// loopback address, so a token cannot travel in clear text.
	BaseURL string
	// Repo is "owner/name".
	Repo string
	// UserAgent is sent on every request ("ghsync/<version>"); GitHub refuses
	// requests without one.
	UserAgent string
	// WriteInterval is the least time between two writes (GitHub asks for at
	// least a second, and creating content is prone to secondary limits); 0
	// disables the spacing.
	WriteInterval time.Duration
	// MaxWait is the longest the client waits for a rate limit to lift
	// before failing with a *RateLimitError (DefaultMaxWait when 0).
	MaxWait time.Duration
	// MaxWrites caps the writes of this client: 0 is unlimited; the write
	// after the MaxWrites-th fails with ErrWriteBudget before being sent.
	MaxWrites int
	// ReadOnly refuses every write with ErrReadOnly; enforced in the HTTP
	// transport, so no code path can write.
	ReadOnly bool
	// Log, when set, receives one line per HTTP request (method, path and
	// query, status, duration, remaining rate limit), and one per wait.
	Log io.Writer
	// Notices, when set, receives a line for each retry and each wait for
	// the rate limit (what it waits for, and until when), so a long run
	// never looks hung; with Log set, the log says it instead.
	Notices io.Writer
	// Now and Sleep are the clock; injected so tests never wait.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// Transport is the base HTTP transport (tests); nil uses a pooled
	// transport with sane timeouts.
	Transport http.RoundTripper
	// Secrets are more credentials to keep out of every error and log line
	// (a GitHub App's private key); Token and every token TokenSource
	// hands out are kept out anyway.
	Secrets []string
	// Trusted are logins whose issues may carry a catalog entry's marker
	// whatever their author_association (the catalog's trusted_authors);
	// see observed.Trust for the whole rule.
	Trusted []string
	// Writer is the login ghsync's writes appear under when it is known
	// without asking GitHub (a GitHub App's "<slug>[bot]"); "" asks GET
	// /user. See Client.Writer.
	Writer string
	// ByCreators lets Observe read only the issues of the creators the
	// dashboard records, when that record is there and checks out (see
	// Observe); false reads every issue of the repository, always.
	ByCreators bool
	// Actions says the process runs in GitHub Actions, where a token that
	// may not read /user is the GITHUB_TOKEN of github-actions[bot].
	Actions bool
	// MaxRetries bounds the retries of one request (DefaultMaxRetries when
	// 0; negative disables retries).
	MaxRetries int
}

// ConfigFromEnv builds a Config from the environment and the command line:
// the token from GH_TOKEN, else GITHUB_TOKEN (gh's order); the base URL from
// the flag, else GITHUB_API_URL, else github.com; the repository from the
// flag, else GITHUB_REPOSITORY, else GH_REPO, else the catalog's repository.
func ConfigFromEnv(getenv func(string) string, apiURLFlag, repoFlag, catalogRepo string) (Config, error) {
	var cfg Config
	cfg.Token = strings.TrimSpace(getenv("GH_TOKEN"))
	if cfg.Token == "" {
		cfg.Token = strings.TrimSpace(getenv("GITHUB_TOKEN"))
	}
	if cfg.Token == "" && strings.TrimSpace(getenv("GHSYNC_APP_ID")) == "" {
		return Config{}, errors.New("no GitHub token: set GH_TOKEN (or GITHUB_TOKEN) to a token that can read the repository, log in with gh (gh auth login), or set GHSYNC_APP_ID, GHSYNC_APP_INSTALLATION_ID and GHSYNC_APP_PRIVATE_KEY(_FILE) for a GitHub App")
	}
	cfg.BaseURL = firstNonEmpty(apiURLFlag, getenv("GITHUB_API_URL"))
	if _, err := parseBaseURL(cfg.BaseURL); err != nil {
		return Config{}, scrubErr(err, cfg.Token)
	}
	cfg.Repo = firstNonEmpty(repoFlag, getenv("GITHUB_REPOSITORY"), getenv("GH_REPO"), catalogRepo)
	if cfg.Repo == "" {
		return Config{}, errors.New("no repository: pass --repo OWNER/NAME, set GITHUB_REPOSITORY or GH_REPO, set repository in the catalog, or run ghsync in a clone of the repository")
	}
	if _, _, err := splitRepo(cfg.Repo); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// splitRepo is ghname.SplitRepo.
func splitRepo(repo string) (owner, name string, err error) { return ghname.SplitRepo(repo) }

// parseBaseURL validates the API root and gives it the trailing slash
// go-github needs. It refuses clear-text http to anything but loopback, and
// credentials in the URL (they would end up in logs and errors).
func parseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("API URL %q is not an absolute http(s) URL", redactUserinfo(raw))
	}
	if u.User != nil {
		return nil, errors.New("API URL must not contain a user name or password; pass the token in GITHUB_TOKEN")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("API URL must not have a query or fragment")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("API URL %q uses plain http: the token would travel unencrypted; use https (http is allowed only for loopback hosts)", raw)
		}
	default:
		return nil, fmt.Errorf("API URL %q is not an http(s) URL", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u, nil
}

func redactUserinfo(raw string) string {
	if i := strings.Index(raw, "@"); i >= 0 {
		if j := strings.Index(raw, "://"); j >= 0 && j < i {
			return raw[:j+3] + "***" + raw[i:]
		}
		return "***" + raw[i:]
	}
	return raw
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
