package ghapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/hashicorp/go-cleanhttp"
	"golang.org/x/oauth2"
)

// App is a GitHub App installation to authenticate as. An installation gets
// its own rate limit (5,000 requests an hour and more, against 1,000 for an
// Actions GITHUB_TOKEN) and can reach other repositories it is installed on.
type App struct {
	ID             int64
	InstallationID int64
	// PrivateKey is the app's PEM private key. It is never printed.
	PrivateKey []byte
}

// AppFromEnv reads GHSYNC_APP_ID, GHSYNC_APP_INSTALLATION_ID and the key from
// GHSYNC_APP_PRIVATE_KEY (PEM text) or GHSYNC_APP_PRIVATE_KEY_FILE. It
// returns nil when GHSYNC_APP_ID is unset, and an error naming what is
// missing when the configuration is partial.
func AppFromEnv(getenv func(string) string) (*App, error) {
	id := strings.TrimSpace(getenv("GHSYNC_APP_ID"))
	if id == "" {
		return nil, nil
	}
	app := &App{}
	var err error
	if app.ID, err = strconv.ParseInt(id, 10, 64); err != nil || app.ID <= 0 {
		return nil, errors.New("GHSYNC_APP_ID must be the app's numeric id")
	}
	inst := strings.TrimSpace(getenv("GHSYNC_APP_INSTALLATION_ID"))
	if app.InstallationID, err = strconv.ParseInt(inst, 10, 64); err != nil || app.InstallationID <= 0 {
		return nil, errors.New("GHSYNC_APP_INSTALLATION_ID must be the installation's numeric id (Settings > Integrations > Applications > Configure: the number in the URL)")
	}
	switch key, file := getenv("GHSYNC_APP_PRIVATE_KEY"), getenv("GHSYNC_APP_PRIVATE_KEY_FILE"); {
	case strings.TrimSpace(key) != "":
		app.PrivateKey = []byte(key)
	case file != "":
		if app.PrivateKey, err = os.ReadFile(file); err != nil {
			return nil, fmt.Errorf("read the app's private key from GHSYNC_APP_PRIVATE_KEY_FILE: %w", err)
		}
	default:
		return nil, errors.New("GitHub App auth needs the private key: set GHSYNC_APP_PRIVATE_KEY (PEM text) or GHSYNC_APP_PRIVATE_KEY_FILE")
	}
	return app, nil
}

// TokenSource returns installation tokens for app, minted through
// ghinstallation at baseURL's /app/installations/{id}/access_tokens and
// renewed before they expire. base is the transport it uses (nil for a
// pooled one); baseURL is checked like Config.BaseURL.
func (app *App) TokenSource(baseURL string, base http.RoundTripper) (oauth2.TokenSource, error) {
	u, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	if base == nil {
		base = cleanhttp.DefaultPooledTransport()
	}
	itr, err := ghinstallation.New(base, app.ID, app.InstallationID, app.PrivateKey)
	if err != nil {
		// ghinstallation's parse errors do not quote the key; say what to do.
		return nil, errors.New("the GitHub App private key is not a valid PEM RSA key: download a new one from the app's settings")
	}
	itr.BaseURL = strings.TrimSuffix(u.String(), "/")
	return oauth2.ReuseTokenSource(nil, &installationSource{itr: itr}), nil
}

type installationSource struct{ itr *ghinstallation.Transport }

func (s *installationSource) Token() (*oauth2.Token, error) {
	tok, err := s.itr.Token(context.Background())
	if err != nil {
		// GitHub refused the app's credentials (4xx): retrying cannot help.
		msg := err.Error()
		final := strings.Contains(msg, `status "4`)
		return nil, &tokenError{final: final, err: fmt.Errorf("get a GitHub App installation token (check GHSYNC_APP_ID, GHSYNC_APP_INSTALLATION_ID and the key): %w", err)}
	}
	exp, _, _ := s.itr.Expiry()
	return &oauth2.Token{AccessToken: tok, TokenType: "token", Expiry: exp}, nil
}

// tokenError is a failure to mint an installation token; a final one is not
// retried.
type tokenError struct {
	final bool
	err   error
}

func (e *tokenError) Error() string { return e.err.Error() }
func (e *tokenError) Unwrap() error { return e.err }

// Slug returns the app's slug (GET /app, authenticated with the app's
// JWT): its installation tokens write as "<slug>[bot]". baseURL and base
// are as for TokenSource.
func (app *App) Slug(ctx context.Context, baseURL string, base http.RoundTripper) (string, error) {
	u, err := parseBaseURL(baseURL)
	if err != nil {
		return "", err
	}
	if base == nil {
		base = cleanhttp.DefaultPooledTransport()
	}
	atr, err := ghinstallation.NewAppsTransport(base, app.ID, app.PrivateKey)
	if err != nil {
		return "", errors.New("the GitHub App private key is not a valid PEM RSA key: download a new one from the app's settings")
	}
	atr.BaseURL = strings.TrimSuffix(u.String(), "/")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String()+"app", nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("User-Agent", "ghsync")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	resp, err := (&http.Client{Transport: atr, CheckRedirect: noRedirect, Timeout: attemptTimeout}).Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("read the GitHub App's slug (GET /app): %v; set GHSYNC_APP_SLUG to the app's slug to skip this", err)
	}
	defer resp.Body.Close()
	var v struct {
		Slug string `json:"slug"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&v) != nil || v.Slug == "" {
		return "", fmt.Errorf("read the GitHub App's slug (GET /app): GitHub answered %d; check GHSYNC_APP_ID and the key, or set GHSYNC_APP_SLUG", resp.StatusCode)
	}
	return v.Slug, nil
}
