// Package ghfake is a strict, in-process fake of the parts of GitHub's REST
// API that ghsync uses: repositories, labels, milestones, issues (with pull
// requests mixed in, as the issues API shows them), issue labels and
// comments, and the rate-limit endpoint.
//
// Every test of ghsync, and `ghsync demo`, runs against it, so it is built
// to be exactly as unforgiving as GitHub: a fake kinder than GitHub hides
// the bugs users meet. Where GitHub's behaviour is documented or observed
// (see shared/reference/github-behaviour.md) the fake copies it; where it is
// unknown the fake picks the stricter reading and says so below.
//
// # What the fake refuses, like GitHub
//
//   - Every endpoint needs "Authorization: token X" or "Bearer X" (401
//     "Requires authentication" / "Bad credentials"); a request without a
//     User-Agent is refused with 403; an X-GitHub-Api-Version other than
//     2022-11-28 is refused with 400.
//   - Bodies that are not JSON get 400 "Problems parsing JSON"; fields of the
//     wrong type get 422 "Invalid request" instead of being coerced (a
//     milestone sent as "3" is not 3).
//   - Labels: names unique ignoring case (422 already_exists), at most 50
//     characters, colors of six hex digits without '#', descriptions of at
//     most 100 characters. PATCH takes new_name and ignores name, so
//     go-github's EditLabel cannot rename; a rename keeps the label on its
//     issues; a delete strips it from every issue.
//   - Milestones: titles unique (422 already_exists on title; the fake
//     compares ignoring case, the stricter reading); due_on is stored as
//     midnight US Pacific of the date the instant falls on in US Pacific
//     time, so midnight UTC lands a day early (see NormalizeDueOn).
//   - Issues: a title is required and at most 256 characters, a body at most
//     65,536 characters, at most 100 labels and 10 assignees; an unknown
//     label is created on the fly with color ededed and an existing one is
//     matched ignoring case, keeping its spelling; the milestone must exist;
//     assignees must be assignable (Options.Login, Options.Collaborators,
//     AddCollaborator). A request is checked whole before anything is
//     written: a 422 never leaves labels behind.
//   - Without push access (SetPushAccess) labels, assignees and milestone
//     are silently dropped on issue create and update, as on GitHub, and
//     label, milestone and issue-label writes get 403.
//   - Closing without a state_reason means completed; reopening sets
//     reopened; a state_reason without a change of state is ignored.
//     updated_at moves only when something changed.
//   - A transferred issue answers 301 with a Location at its new place (Go's
//     client follows it, turning a PATCH into a GET: the edit is lost, as it
//     is against GitHub); a deleted one 410; every issues endpoint of a repo
//     with issues disabled 410.
//   - Unknown routes and methods get 404 {"message":"Not Found"}; a trailing
//     slash is an unknown route.
//   - Projects (v2), the board: POST /graphql serves exactly the documents
//     of package projectql, compared as sent, and refuses any other with
//     an error; variables and input objects are held to their declared
//     types and keys. Errors come as {"errors": [...]} with status 200
//     (NOT_FOUND with a path for an unknown owner, Project or node; a
//     field name already taken, built-in ones included; a single select
//     without options or with an unknown colour). The Actions token gets
//     FORBIDDEN and a token added with AddNoProjectScopeToken
//     INSUFFICIENT_SCOPES (REST: 403). Each document costs a point of
//     GraphQL's own bucket (Options.GraphQLLimit, X-RateLimit-Resource:
//     graphql, rateLimit in the data; spent: 403 RATE_LIMITED). Items are
//     REST: POST .../projectsV2/{n}/items wants the numeric id (422
//     for a number or node id), answers an issue already on the board with
//     its item; PATCH .../items/{id} sets several fields, each value of its
//     field's type (an option or iteration id of that field).
//   - Query values outside an enumeration (state, sort, direction), a
//     milestone filter that is not a number, "*" or "none", and a since that
//     is not a timestamp get 422, where GitHub may ignore them: a misspelt
//     filter must not pass unnoticed. per_page above 100 gives 100; per_page
//     and page that are not numbers fall back to their defaults, as GitHub's
//     do.
//
// # What the fake answers, like GitHub
//
//   - JSON with GitHub's field names; an empty body or description is null,
//     so clients must handle nil. Timestamps have whole seconds in UTC.
//     Labels are listed by name ignoring case, issues by created desc.
//   - Pagination with GitHub's Link header (prev, next, last, first, in that
//     order; the request's own URL with its other parameters kept; none for
//     a single page). Clients must follow the links: go-github's NextPage.
//   - A strong ETag on every 200 GET, hashed from the body and the token (a
//     new token invalidates cached ETags, as on GitHub); a matching
//     If-None-Match gets 304 with no body, which is not counted against the
//     rate limit.
//   - x-ratelimit-limit, -remaining, -used, -reset and -resource on every
//     response, from a one-hour window that starts at the first counted
//     request (by Options.Now). When it is used up every request gets 403
//     "API rate limit exceeded for user ID 1." with remaining 0 until reset;
//     GET /rate_limit, 304s and 401s are free.
//   - Deterministic: ids, numbers and request ids are sequential and every
//     timestamp comes from Options.Now, so answers can be compared in golden
//     files.
//
// # Faults
//
// Inject makes matching requests fail the ways GitHub and networks fail:
// plain statuses, a write that commits but answers 502, a reset connection,
// latency, secondary limits (403 or 429, with or without Retry-After),
// primary limits answered once, and plain 429s. Note that Go's transport
// retries an idempotent request once, silently, when a reused connection is
// closed before any answer: a reset a GET must see has to fire twice.
//
// # Inspection
//
// Seed*, Edit*, Delete*, TransferIssue and friends act as a person on
// GitHub would; they are not logged as API requests. Labels, Milestones,
// Issues, Issue and Comments return deep copies. Log and Counts show every
// API request, including those answered by a fault.
//
// # Not modelled
//
// Search, GraphQL, the pulls API, events and timelines, reactions,
// sub-issues, HEAD requests, triage-only roles and secondary limits that
// arise by themselves (they come only from Inject). The server handles one
// request at a time under one mutex, so concurrency bugs in a client show as
// ordering, never as torn state.
package ghfake
