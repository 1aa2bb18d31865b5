package ghfake

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// appAuth holds the GitHub Apps the fake knows and the installation tokens
// it has issued.
type appAuth struct {
	apps   map[string]*appState // by app id as a string (the JWT's iss)
	tokens map[string]time.Time // installation token -> expiry
	// actions are the tokens that act as an Actions GITHUB_TOKEN.
	actions map[string]bool
}

// AppSlug is the slug of every app the fake knows: its installation
// tokens write as "ghsync-app[bot]".
const AppSlug = "ghsync-app"

// AddActionsToken accepts token as an Actions GITHUB_TOKEN: it writes as
// github-actions[bot] (whose issues GitHub shows with author_association
// NONE) and, being an installation token, may not read GET /user.
func (s *Server) AddActionsToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.app.actions == nil {
		s.app.actions = map[string]bool{}
	}
	s.app.actions[token] = true
}

// actor is the user a request acts as: an installation token's app bot,
// the Actions bot, or the token's user.
func (c *reqCtx) actor() *user {
	token := tokenOf(c.r)
	switch {
	case c.s.app.actions[token]:
		return c.s.userFor("github-actions[bot]")
	case c.s.validInstallationToken(token):
		return c.s.userFor(AppSlug + "[bot]")
	}
	return c.s.me
}

// getUser serves GET /user: the token's user, or 403 for an installation
// token, as on GitHub.
func (c *reqCtx) getUser() *response {
	u := c.actor()
	if u.bot {
		return jsonResponse(http.StatusForbidden, errorBody{Message: "Resource not accessible by integration", DocumentationURL: "https://docs.github.com/rest/users/users#get-the-authenticated-user"})
	}
	return jsonResponse(http.StatusOK, c.renderUser(u))
}

type appState struct {
	key           *rsa.PublicKey
	installations map[int64]bool
}

// AddApp registers a GitHub App: JWTs signed with the private half of key
// and issued by appID may exchange themselves for tokens of installationID
// at POST /app/installations/{id}/access_tokens, as on GitHub.
func (s *Server) AddApp(appID int64, key *rsa.PublicKey, installationID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.app.apps == nil {
		s.app.apps = map[string]*appState{}
		s.app.tokens = map[string]time.Time{}
	}
	id := strconv.FormatInt(appID, 10)
	a := s.app.apps[id]
	if a == nil {
		a = &appState{key: key, installations: map[int64]bool{}}
		s.app.apps[id] = a
	}
	a.installations[installationID] = true
}

// validInstallationToken reports whether token was issued and has not expired.
func (s *Server) validInstallationToken(token string) bool {
	exp, ok := s.app.tokens[token]
	return ok && time.Now().Before(exp)
}

// verifyJWT checks an RS256 app JWT the way GitHub does: signature, issuer,
// issued-at not in the future (60 s of skew allowed), expiry within ten
// minutes. It returns the app.
func (s *Server) verifyJWT(token string, now time.Time) (*appState, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || s.app.apps == nil {
		return nil, false
	}
	var header struct {
		Alg string `json:"alg"`
	}
	var claims struct {
		Iss json.RawMessage `json:"iss"`
		Iat int64           `json:"iat"`
		Exp int64           `json:"exp"`
	}
	if !decodeSegment(parts[0], &header) || !decodeSegment(parts[1], &claims) || header.Alg != "RS256" {
		return nil, false
	}
	iss := strings.Trim(string(claims.Iss), `"`)
	app := s.app.apps[iss]
	if app == nil {
		return nil, false
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, false
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(app.key, crypto.SHA256, sum[:], sig) != nil {
		return nil, false
	}
	iat, exp := time.Unix(claims.Iat, 0), time.Unix(claims.Exp, 0)
	if iat.After(now.Add(60*time.Second)) || !exp.After(now) || exp.Sub(iat) > 11*time.Minute {
		return nil, false
	}
	return app, true
}

func decodeSegment(seg string, v any) bool {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	return err == nil && json.Unmarshal(b, v) == nil
}

// routeApp serves GET /app and POST /app/installations/{id}/access_tokens.
func (s *Server) routeApp(r *http.Request, segs []string) *response {
	if len(segs) == 1 && r.Method == http.MethodGet {
		if _, ok := s.verifyJWT(tokenOf(r), time.Now()); !ok {
			return jsonResponse(http.StatusUnauthorized, errorBody{Message: "A JSON web token could not be decoded", DocumentationURL: restDoc})
		}
		return jsonResponse(http.StatusOK, map[string]any{"slug": AppSlug, "name": AppSlug, "owner": map[string]any{"login": s.me.login}})
	}
	if len(segs) != 4 || segs[1] != "installations" || segs[3] != "access_tokens" || r.Method != http.MethodPost {
		return notFound()
	}
	// App JWTs are signed with the caller's wall clock (ghinstallation has no
	// clock to inject), so their times are checked against the wall clock,
	// not the fake's simulated one.
	app, ok := s.verifyJWT(tokenOf(r), time.Now())
	if !ok {
		return jsonResponse(http.StatusUnauthorized, errorBody{Message: "A JSON web token could not be decoded", DocumentationURL: restDoc})
	}
	id, err := strconv.ParseInt(segs[2], 10, 64)
	if err != nil || !app.installations[id] {
		return notFound()
	}
	var raw [20]byte
	_, _ = rand.Read(raw[:])
	token := "ghs_" + hex.EncodeToString(raw[:])
	// Expiry on the wall clock too: the client compares it with its own.
	exp := time.Now().Add(time.Hour)
	s.app.tokens[token] = exp
	return jsonResponse(http.StatusCreated, map[string]any{
		"token":                token,
		"expires_at":           timestamp(exp),
		"permissions":          map[string]string{"issues": "write", "metadata": "read"},
		"repository_selection": "selected",
	})
}
