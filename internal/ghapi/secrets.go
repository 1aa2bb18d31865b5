package ghapi

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/oauth2"
)

// secrets are every credential the client holds or has used: the token of
// Config.Token, each token Config.TokenSource handed out (a GitHub App's
// installation tokens change every hour), and Config.Secrets (the app's
// private key). Every error and log line leaves ghapi through scrub, so
// none of them can carry one, whatever a server or a library echoes: a
// proxy's error page that quotes the Authorization header, ghinstallation's
// error with GitHub's answer in it.
type secrets struct {
	mu    sync.Mutex
	known []string // longest first, so a token inside another goes too
}

func (s *secrets) add(vals ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if len(v) < minSecret || slices.Contains(s.known, v) {
			continue
		}
		s.known = append(s.known, v)
		// A PEM key may be echoed line by line: each long line is secret.
		for _, line := range strings.Split(v, "\n") {
			if line = strings.TrimSpace(line); len(line) >= 32 && !strings.HasPrefix(line, "-----") && !slices.Contains(s.known, line) {
				s.known = append(s.known, line)
			}
		}
	}
	slices.SortFunc(s.known, func(a, b string) int { return len(b) - len(a) })
}

// scrub replaces every known secret, and anything shaped like a GitHub
// credential (a ghp_/ghs_/... token, a fine-grained github_pat_, a JWT, a
// PEM private key, the value of an Authorization header), with "***".
func (s *secrets) scrub(text string) string {
	s.mu.Lock()
	for _, v := range s.known {
		text = strings.ReplaceAll(text, v, "***")
	}
	s.mu.Unlock()
	return scrubShapes(text)
}

var (
	credentialRE = regexp.MustCompile(`gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)`)
	authRE       = regexp.MustCompile(`(?i)((?:authorization|proxy-authorization)"?\s*[:=]\s*"?(?:bearer|token|basic)?\s*)[^\s",}]+`)
)

// scrubShapes hides what looks like a credential without knowing it.
func scrubShapes(text string) string {
	if !strings.ContainsAny(text, "_-.") && !strings.Contains(strings.ToLower(text), "auth") {
		return text
	}
	text = credentialRE.ReplaceAllString(text, "***")
	return authRE.ReplaceAllString(text, "${1}***")
}

// recordingSource hands out src's tokens and remembers each as a secret.
type recordingSource struct {
	src     oauth2.TokenSource
	secrets *secrets
}

func (r recordingSource) Token() (*oauth2.Token, error) {
	tok, err := r.src.Token()
	if tok != nil {
		r.secrets.add(tok.AccessToken, tok.RefreshToken)
	}
	return tok, err
}
