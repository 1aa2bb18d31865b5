package ghapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ghsync/ghsync/internal/projectql"
)

// GraphQL goes through the same transport as REST: one request at a time,
// the same retries, waits, write spacing, budget and read-only mode, and
// the same scrubbing. A query is a read (it may be retried after a 5xx and
// is sent in read-only mode); a mutation is a write, refused in read-only
// mode by the transport as any other write. GraphQL has a bucket of its own
// (X-RateLimit-Resource: graphql), kept apart from the REST one in Stats.

// ErrNoProjectAccess matches a GraphQL or REST answer that says the token
// may not see or change Projects: an Actions GITHUB_TOKEN (FORBIDDEN,
// "Resource not accessible by integration"), a classic token without the
// project scope (INSUFFICIENT_SCOPES), a GitHub App without the
// organisation's Projects permission.
var ErrNoProjectAccess = errors.New("the token cannot reach GitHub Projects")

// GraphQLError is an answer whose errors list is not empty (GitHub sends
// those with status 200, sometimes with part of the data). It matches
// ErrNotFound for NOT_FOUND and ErrNoProjectAccess for FORBIDDEN and
// INSUFFICIENT_SCOPES.
type GraphQLError struct {
	Op     string
	Errors []GraphQLErrorItem
}

// GraphQLErrorItem is one entry of a GraphQL errors list.
type GraphQLErrorItem struct {
	Type    string `json:"type"`
	Message string `json:"message"`
	Path    []any  `json:"path,omitempty"`
}

func (e *GraphQLError) Error() string {
	var parts []string
	for _, it := range e.Errors {
		s := it.Message
		if it.Type != "" {
			s = it.Type + ": " + s
		}
		parts = append(parts, s)
	}
	msg := e.Op + ": GitHub GraphQL: " + strings.Join(parts, "; ")
	if errors.Is(e, ErrNoProjectAccess) {
		msg += ": " + ProjectAccessHint
	}
	return msg
}

// ProjectAccessHint says what a token needs to reach a Project.
const ProjectAccessHint = "Projects need a GitHub App with the organisation permission Projects: read and write, a fine-grained token with Projects: read and write on the organisation, or a classic token with the project scope (the only one for a user's Project); an Actions GITHUB_TOKEN cannot reach Projects (see docs/board.md)"

// Is matches the sentinels by the errors' types, for errors at the top of
// the answer only (no path, or the owner and its Project or Projects, or a
// mutation): a FORBIDDEN deeper down, at one item say, is about that part,
// not the token's access to the board.
func (e *GraphQLError) Is(target error) bool {
	for _, it := range e.Errors {
		if len(it.Path) > 2 {
			continue
		}
		switch {
		case target == ErrNotFound && it.Type == "NOT_FOUND":
			return true
		case target == ErrNoProjectAccess && (it.Type == "FORBIDDEN" || it.Type == "INSUFFICIENT_SCOPES"):
			return true
		}
	}
	return false
}

// itemErrors are the indexes of the items (in the page read) that the
// errors are about, when every error is at a path under
// OWNER.projectV2.items.nodes[i]; false when any error is elsewhere.
func (e *GraphQLError) itemErrors() (map[int]bool, bool) {
	out := map[int]bool{}
	for _, it := range e.Errors {
		p := it.Path
		if len(p) < 5 || p[1] != "projectV2" || p[2] != "items" || p[3] != "nodes" {
			return nil, false
		}
		i, ok := p[4].(float64)
		if !ok || i < 0 || i != float64(int(i)) {
			return nil, false
		}
		out[int(i)] = true
	}
	return out, len(out) > 0
}

// rateLimitJSON is the rateLimit selection every document asks for.
type rateLimitJSON struct {
	Cost      int       `json:"cost"`
	Remaining int       `json:"remaining"`
	ResetAt   time.Time `json:"resetAt"`
}

// graphqlURL is the GraphQL endpoint beside the REST root:
// https://api.github.com/graphql, or https://HOST/api/graphql for a GitHub
// Enterprise Server whose REST root is https://HOST/api/v3/.
func graphqlURL(base *url.URL) string {
	u := *base
	p := u.Path
	if strings.HasSuffix(p, "/api/v3/") {
		u.Path = strings.TrimSuffix(p, "v3/") + "graphql"
	} else {
		u.Path = strings.TrimSuffix(p, "/") + "/graphql"
	}
	u.RawPath = ""
	return u.String()
}

// graphql sends one document with its variables and decodes the data into
// out. A mutation is refused at once in read-only mode. An errors list
// becomes a *GraphQLError (after the data, when some came, was decoded, so
// a caller may use the part that came).
func (c *Client) graphql(ctx context.Context, op, doc string, vars map[string]any, out any) error {
	if !projectql.IsQuery(doc) {
		if err := c.readOnly(op); err != nil {
			return err
		}
	}
	var env struct {
		Data   json.RawMessage    `json:"data"`
		Errors []GraphQLErrorItem `json:"errors"`
	}
	if vars == nil {
		vars = map[string]any{}
	}
	body := map[string]any{"query": doc, "variables": vars}
	if err := c.send(ctx, op, 0, http.MethodPost, c.t.graphql, body, &env); err != nil {
		return err
	}
	var rl struct {
		RateLimit *rateLimitJSON `json:"rateLimit"`
	}
	if len(env.Data) > 0 && string(env.Data) != "null" {
		if err := json.Unmarshal(env.Data, &rl); err == nil && rl.RateLimit != nil {
			c.t.update(func(s *Stats) {
				s.Points += rl.RateLimit.Cost
				s.GraphQLRemaining = rl.RateLimit.Remaining
				s.GraphQLReset = rl.RateLimit.ResetAt
			})
		}
		if out != nil {
			if err := json.Unmarshal(env.Data, out); err != nil {
				return fmt.Errorf("%s: read GitHub's answer: %w", op, err)
			}
		}
	}
	if len(env.Errors) > 0 {
		for _, it := range env.Errors {
			if it.Type == "RATE_LIMITED" {
				st := c.Stats()
				return scrubAll(fmt.Errorf("%s: %w", op, &RateLimitError{Reset: st.GraphQLReset, in: st.GraphQLReset.Sub(c.t.now())}), c.t.secrets)
			}
		}
		return scrubAll(&GraphQLError{Op: op, Errors: env.Errors}, c.t.secrets)
	}
	return nil
}

// isGraphQL reports whether a request goes to the GraphQL endpoint.
func (t *transport) isGraphQL(u *url.URL) bool {
	return t.graphql != "" && sameOrigin(u, t.base) && strings.HasSuffix(u.Path, "/graphql")
}

// graphqlRead reports whether req is a GraphQL query (a read, though sent
// as a POST), looking at the document in its body; anything it cannot read
// counts as a write.
func (t *transport) graphqlRead(req *http.Request) bool {
	if req.Method != http.MethodPost || !t.isGraphQL(req.URL) || req.GetBody == nil {
		return false
	}
	rc, err := req.GetBody()
	if err != nil {
		return false
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxBody))
	if err != nil {
		return false
	}
	var b struct {
		Query string `json:"query"`
	}
	if json.Unmarshal(bytes.TrimSpace(data), &b) != nil {
		return false
	}
	return projectql.IsQuery(b.Query)
}
