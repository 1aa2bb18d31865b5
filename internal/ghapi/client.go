// Package ghapi is ghsync's only door to GitHub: authentication, the API
// URL, GitHub's retry and rate-limit rules, write pacing, the write budget,
// read-only mode and request counters, with readers that fill the plain
// types of package observed and writers for labels, milestones and issues.
//
// It is built on go-github, with the waiting done in the HTTP transport
// (go-retryablehttp hooks) so that go-github never sees a rate-limited
// answer, and with hand-built requests where go-github v60 cannot say what
// GitHub needs (label renames, clearing a milestone, escaped label names).
//
// Creates are never repeated blindly: when a POST may have reached GitHub
// but no answer came back, the error matches ErrOutcomeUnknown and the
// caller looks (RecentIssues) before creating again.
package ghapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/ghsync/ghsync/internal/observed"
)

// perPage is GitHub's largest page.
const perPage = 100

// Client talks to one repository. It is safe for concurrent use, but its
// requests go out one at a time, as GitHub asks.
type Client struct {
	repo, owner, name string
	token             string
	gh                *github.Client
	t                 *transport

	mu          sync.Mutex
	trust       observed.Trust
	writer      string
	writerKnown bool
	recorded    []string // the creators the dashboard records
}

// New checks cfg and builds a client; it sends nothing.
func New(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.Token) == "" && cfg.TokenSource == nil {
		return nil, errors.New("no GitHub token: set GITHUB_TOKEN (or GH_TOKEN)")
	}
	owner, name, err := splitRepo(cfg.Repo)
	if err != nil {
		return nil, err
	}
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, scrubErr(err, cfg.Token)
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "ghsync"
	}
	if cfg.MaxWait == 0 {
		cfg.MaxWait = DefaultMaxWait
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = Sleep
	}
	t := newTransport(cfg, base)
	gh := github.NewClient(&http.Client{Transport: t, CheckRedirect: noRedirect})
	gh.BaseURL = base
	gh.UploadURL = base
	gh.UserAgent = cfg.UserAgent
	return &Client{repo: cfg.Repo, owner: owner, name: name, token: cfg.Token, gh: gh, t: t,
		trust: observed.Trust{}.With(cfg.Trusted...).With(cfg.Writer)}, nil
}

// Sleep waits d, or until ctx ends (then its error): the default
// Config.Sleep, and the real clock's sleep of every command.
func Sleep(ctx context.Context, d time.Duration) error {
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Repo is "owner/name".
func (c *Client) Repo() string { return c.repo }

// Stats returns the counters so far.
func (c *Client) Stats() Stats { return c.t.snapshot() }

// call runs one go-github call and turns its error into one of ours: the
// transport's verdict when it made one, else the status GitHub answered,
// without URLs or headers, with op saying what was being done. issue is
// the issue number the call is about (0 if none), for a 301.
func (c *Client) call(ctx context.Context, op string, issue int, fn func(ctx context.Context) (*github.Response, error)) (*github.Response, error) {
	st := &call{}
	resp, err := fn(withCall(ctx, st))
	if err == nil {
		return resp, nil
	}
	var (
		er  *github.ErrorResponse
		grl *github.RateLimitError
		gab *github.AbuseRateLimitError
	)
	switch {
	case st.err != nil:
		err = st.err
	case errors.As(err, &grl):
		// Not expected (the transport keeps limits from go-github), but
		// go-github's own message would carry the URL.
		now := c.t.now()
		err = &RateLimitError{Reset: grl.Rate.Reset.Time, in: grl.Rate.Reset.Time.Sub(now)}
	case errors.As(err, &gab):
		now := c.t.now()
		wait := time.Minute
		if gab.RetryAfter != nil {
			wait = *gab.RetryAfter
		}
		err = &RateLimitError{Reset: now.Add(wait), Secondary: true, in: wait}
	case errors.As(err, &er) && er.Response != nil:
		if er.Response.StatusCode == http.StatusMovedPermanently && issue != 0 {
			err = &TransferredError{Number: issue, Location: er.Response.Header.Get("Location")}
			break
		}
		err = statusError(st, er)
	default:
		var ue *url.Error
		if errors.As(err, &ue) {
			err = &connError{method: st.method, path: st.path, attempts: st.attempts, cause: ue.Err}
		}
	}
	return resp, scrubAll(fmt.Errorf("%s: %w", op, err), c.t.secrets)
}

func statusError(st *call, er *github.ErrorResponse) *StatusError {
	se := &StatusError{Method: st.method, Path: st.path, Status: er.Response.StatusCode, Message: er.Message, cause: er}
	if req := er.Response.Request; req != nil {
		se.Method, se.Path = req.Method, req.URL.RequestURI()
	}
	var details []string
	for _, e := range er.Errors {
		switch {
		case e.Message != "":
			details = append(details, e.Message)
		case e.Code != "":
			details = append(details, strings.TrimSpace(e.Resource+" "+e.Field+" "+e.Code))
		}
	}
	if len(details) > 0 {
		se.Message += " (" + strings.Join(details, "; ") + ")"
	}
	switch se.Status {
	case http.StatusNotFound:
		se.kind = ErrNotFound
	case http.StatusGone:
		se.kind = ErrGone
	}
	return se
}

// readOnly refuses a write before any request is built; the transport
// refuses too, so this only makes the error plain.
func (c *Client) readOnly(op string) error {
	if c.t.cfg.ReadOnly {
		return fmt.Errorf("%s: %w", op, ErrReadOnly)
	}
	return nil
}

// ListLabels reads every label of the repository.
func (c *Client) ListLabels(ctx context.Context) ([]observed.Label, error) {
	return paginate(ctx, c, "list labels of "+c.repo, c.repoPath("labels")+"?per_page=100",
		func(l *github.Label) (observed.Label, bool) { return labelFrom(l), true })
}

// ListMilestones reads every milestone, open and closed.
func (c *Client) ListMilestones(ctx context.Context) ([]observed.Milestone, error) {
	return paginate(ctx, c, "list milestones of "+c.repo, c.repoPath("milestones")+"?per_page=100&state=all",
		func(m *github.Milestone) (observed.Milestone, bool) { return milestoneFrom(m), true })
}

// ListIssues reads every issue, open and closed, oldest first; pull
// requests (which the issues endpoint includes) are left out. It applies no
// trust rule: readers that look for catalog entries use Observe.
func (c *Client) ListIssues(ctx context.Context) ([]observed.Issue, error) {
	return c.listIssues(ctx, false, "")
}

// RecentIssues reads the n most recently created issues (n at most 100),
// newest first, leaving out pull requests and the issues Trust refuses: one
// request, to look for an issue whose create had an unknown outcome before
// creating it again.
func (c *Client) RecentIssues(ctx context.Context, n int) ([]observed.Issue, error) {
	if n <= 0 {
		return []observed.Issue{}, nil
	}
	op := "list recent issues of " + c.repo
	v := url.Values{"state": {"all"}, "sort": {"created"}, "direction": {"desc"}, "per_page": {fmt.Sprint(min(n, perPage))}}
	pg, err := c.issuesPage(ctx, op, c.repoPath("issues")+"?"+v.Encode(), &bytes.Buffer{}, nil, false)
	if err != nil {
		return nil, err
	}
	out := make([]observed.Issue, 0, len(pg.items))
	trust := c.Trust()
	for _, is := range pg.items {
		if o := is.observed(); is.PullRequest == nil && trust.Allows(o) {
			out = append(out, o)
		}
	}
	return out, nil
}

// GetIssue reads one issue. A transferred issue is a *TransferredError, a
// deleted one ErrGone, a missing one (or a pull request) ErrNotFound.
func (c *Client) GetIssue(ctx context.Context, number int) (observed.Issue, error) {
	op := fmt.Sprintf("get issue #%d of %s", number, c.repo)
	var is issueJSON
	if err := c.send(ctx, op, number, http.MethodGet, c.repoPath("issues", fmt.Sprint(number)), nil, &is); err != nil {
		return observed.Issue{}, err
	}
	if is.PullRequest != nil {
		return observed.Issue{}, fmt.Errorf("%s: #%d is a pull request: %w", op, number, ErrNotFound)
	}
	return is.observed(), nil
}

// CreateLabel creates a label.
func (c *Client) CreateLabel(ctx context.Context, l observed.Label) (observed.Label, error) {
	op := fmt.Sprintf("create label %q in %s", l.Name, c.repo)
	if err := c.readOnly(op); err != nil {
		return observed.Label{}, err
	}
	in := &github.Label{
		Name:        github.String(l.Name),
		Color:       github.String(strings.TrimPrefix(l.Color, "#")),
		Description: github.String(l.Description),
	}
	var got *github.Label
	_, err := c.call(ctx, op, 0, func(ctx context.Context) (*github.Response, error) {
		var (
			r   *github.Response
			err error
		)
		got, r, err = c.gh.Issues.CreateLabel(ctx, c.owner, c.name, in)
		return r, err
	})
	if err != nil {
		return observed.Label{}, err
	}
	return labelFrom(got), nil
}

// UpdateLabel changes the label called name to l, renaming it (with
// new_name, which keeps it on its issues) when l.Name differs. The
// description is always sent, so an empty one clears it.
func (c *Client) UpdateLabel(ctx context.Context, name string, l observed.Label) (observed.Label, error) {
	op := fmt.Sprintf("update label %q in %s", name, c.repo)
	if err := c.readOnly(op); err != nil {
		return observed.Label{}, err
	}
	if name == "" {
		return observed.Label{}, fmt.Errorf("%s: empty label name", op)
	}
	body := map[string]any{
		"color":       strings.TrimPrefix(l.Color, "#"),
		"description": l.Description,
	}
	if l.Name != "" && l.Name != name {
		body["new_name"] = l.Name
	}
	var got github.Label
	if err := c.send(ctx, op, 0, http.MethodPatch, c.repoPath("labels", escapeSegment(name)), body, &got); err != nil {
		return observed.Label{}, err
	}
	return labelFrom(&got), nil
}

// DeleteLabel deletes the label called name; GitHub takes it off every
// issue. ghsync deletes only its own lock label (see apply.Lock), never a
// label of the catalog or of people.
func (c *Client) DeleteLabel(ctx context.Context, name string) error {
	op := fmt.Sprintf("delete label %q in %s", name, c.repo)
	if err := c.readOnly(op); err != nil {
		return err
	}
	return c.send(ctx, op, 0, http.MethodDelete, c.repoPath("labels", escapeSegment(name)), nil, nil)
}

// MilestoneInput is what ghsync sets on a milestone.
type MilestoneInput struct {
	Title, Description string
	// State is open or closed; "" leaves GitHub's default (open).
	State observed.IssueState
	// Due is the due date: its year, month and day count, nothing else;
	// the zero time means none (an update clears it).
	Due time.Time
}

// dueOn is the instant sent for a due date: noon UTC, which GitHub stores as
// that date at midnight US Pacific; midnight UTC would land a day early.
func dueOn(d time.Time) *string {
	if d.IsZero() {
		return nil
	}
	s := d.Format("2006-01-02") + "T12:00:00Z"
	return &s
}

// CreateMilestone creates a milestone.
func (c *Client) CreateMilestone(ctx context.Context, in MilestoneInput) (observed.Milestone, error) {
	op := fmt.Sprintf("create milestone %q in %s", in.Title, c.repo)
	if err := c.readOnly(op); err != nil {
		return observed.Milestone{}, err
	}
	body := map[string]any{"title": in.Title, "description": in.Description}
	if in.State != "" {
		body["state"] = in.State
	}
	if d := dueOn(in.Due); d != nil {
		body["due_on"] = *d
	}
	var got github.Milestone
	if err := c.send(ctx, op, 0, http.MethodPost, c.repoPath("milestones"), body, &got); err != nil {
		return observed.Milestone{}, err
	}
	return milestoneFrom(&got), nil
}

// UpdateMilestone sets every field of milestone number to in, in one PATCH
// (go-github cannot send "due_on": null to clear a due date).
func (c *Client) UpdateMilestone(ctx context.Context, number int, in MilestoneInput) (observed.Milestone, error) {
	op := fmt.Sprintf("update milestone %q (#%d) in %s", in.Title, number, c.repo)
	if err := c.readOnly(op); err != nil {
		return observed.Milestone{}, err
	}
	body := map[string]any{"title": in.Title, "description": in.Description, "due_on": dueOn(in.Due)}
	if in.State != "" {
		body["state"] = in.State
	}
	var got github.Milestone
	if err := c.send(ctx, op, 0, http.MethodPatch, c.repoPath("milestones", fmt.Sprint(number)), body, &got); err != nil {
		return observed.Milestone{}, err
	}
	return milestoneFrom(&got), nil
}

// IssueInput is a new issue.
type IssueInput struct {
	Title, Body string
	Labels      []string
	// Milestone is a milestone number, 0 for none.
	Milestone int
	Assignees []string
	// Type is the issue type's name, "" for none; FieldValues the issue
	// field values to set. Both go in the same write.
	Type        string
	FieldValues []FieldWrite
}

// CreateIssue creates an issue. It is sent once: if it may have reached
// GitHub without an answer coming back, the error matches
// ErrOutcomeUnknown and the caller must look before creating again.
func (c *Client) CreateIssue(ctx context.Context, in IssueInput) (observed.Issue, error) {
	op := fmt.Sprintf("create issue %q in %s", in.Title, c.repo)
	if err := c.readOnly(op); err != nil {
		return observed.Issue{}, err
	}
	body := map[string]any{"title": in.Title, "body": in.Body}
	if in.Labels != nil {
		body["labels"] = in.Labels
	}
	if in.Milestone != 0 {
		body["milestone"] = in.Milestone
	}
	if len(in.Assignees) > 0 {
		body["assignees"] = in.Assignees
	}
	if in.Type != "" {
		body["type"] = in.Type
	}
	if len(in.FieldValues) > 0 {
		body["issue_field_values"] = in.FieldValues
	}
	var got issueJSON
	if err := c.send(ctx, op, 0, http.MethodPost, c.repoPath("issues"), body, &got); err != nil {
		return observed.Issue{}, err
	}
	return got.observed(), nil
}

// IssuePatch changes the fields that are set (nil leaves a field alone).
type IssuePatch struct {
	Title, Body *string
	State       *observed.IssueState
	StateReason *observed.Reason
	// Labels replaces the whole set; a pointer to an empty slice clears it.
	Labels *[]string
	// Milestone is a number; a pointer to 0 clears the milestone.
	Milestone *int
	// Type sets the issue type by name; FieldValues sets the values of
	// those fields only (the issue's other field values stay).
	Type        *string
	FieldValues []FieldWrite
}

// UpdateIssue applies p in one PATCH, including "milestone": null to clear
// the milestone (go-github would need a second request for that).
func (c *Client) UpdateIssue(ctx context.Context, number int, p IssuePatch) (observed.Issue, error) {
	op := fmt.Sprintf("update issue #%d of %s", number, c.repo)
	if err := c.readOnly(op); err != nil {
		return observed.Issue{}, err
	}
	body := map[string]any{}
	setStr := func(k string, v *string) {
		if v != nil {
			body[k] = *v
		}
	}
	setStr("title", p.Title)
	setStr("body", p.Body)
	if p.State != nil {
		body["state"] = *p.State
	}
	if p.StateReason != nil {
		body["state_reason"] = *p.StateReason
	}
	if p.Labels != nil {
		labels := *p.Labels
		if labels == nil {
			labels = []string{}
		}
		body["labels"] = labels
	}
	if p.Milestone != nil {
		if *p.Milestone == 0 {
			body["milestone"] = nil
		} else {
			body["milestone"] = *p.Milestone
		}
	}
	setStr("type", p.Type)
	if len(p.FieldValues) > 0 {
		body["issue_field_values"] = p.FieldValues
	}
	var got issueJSON
	if err := c.send(ctx, op, number, http.MethodPatch, c.repoPath("issues", fmt.Sprint(number)), body, &got); err != nil {
		return observed.Issue{}, err
	}
	return got.observed(), nil
}

// CreateComment adds a comment to an issue; like CreateIssue it is never
// repeated blindly (ErrOutcomeUnknown).
func (c *Client) CreateComment(ctx context.Context, number int, body string) error {
	op := fmt.Sprintf("comment on issue #%d of %s", number, c.repo)
	if err := c.readOnly(op); err != nil {
		return err
	}
	return c.send(ctx, op, number, http.MethodPost, c.repoPath("issues", fmt.Sprint(number), "comments"), map[string]any{"body": body}, nil)
}

// LastComment returns the body of an issue's newest comment (ok false when
// it has none): apply reads it before commenting, so a comment whose close
// failed (or whose answer was lost) is not posted twice by the next run.
// The comments of an issue come oldest first with no way to reverse them,
// so it reads the first page and, when there are more, the page GitHub's
// Link header names last: two requests however long the thread. Should the
// answer have no last link, or the last page come back empty (comments
// deleted in between), it follows the next links to the end instead.
func (c *Client) LastComment(ctx context.Context, number int) (body string, ok bool, err error) {
	op := fmt.Sprintf("read the newest comment of issue #%d of %s", number, c.repo)
	read := func(u string) ([]*github.IssueComment, *github.Response, error) {
		var page []*github.IssueComment
		req, err := c.gh.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", op, err)
		}
		resp, err := c.call(ctx, op, number, func(ctx context.Context) (*github.Response, error) {
			return c.gh.Do(ctx, req, &page)
		})
		return page, resp, err
	}
	first := c.repoPath("issues", fmt.Sprint(number), "comments") + "?per_page=100"
	page, resp, err := read(first)
	if err != nil {
		return "", false, err
	}
	last, err := c.relLink(op, resp, "last")
	if err != nil {
		return "", false, err
	}
	if last != "" {
		lp, _, err := read(last)
		if err != nil {
			return "", false, err
		}
		if len(lp) > 0 {
			return lp[len(lp)-1].GetBody(), true, nil
		}
		// The thread shrank: walk it on from the first page.
	}
	for {
		next, err := c.nextLink(op, resp)
		if err != nil {
			return "", false, err
		}
		if next == "" {
			break
		}
		newest := page
		if page, resp, err = read(next); err != nil {
			return "", false, err
		}
		if len(page) == 0 {
			page = newest
		}
	}
	if len(page) == 0 {
		return "", false, nil
	}
	return page[len(page)-1].GetBody(), true, nil
}

// GetLabel reads one label by name (ErrNotFound when there is none, in any
// case of the name).
func (c *Client) GetLabel(ctx context.Context, name string) (observed.Label, error) {
	op := fmt.Sprintf("get label %q of %s", name, c.repo)
	var got github.Label
	req, err := c.gh.NewRequest(http.MethodGet, c.repoPath("labels", escapeSegment(name)), nil)
	if err != nil {
		return observed.Label{}, fmt.Errorf("%s: %w", op, err)
	}
	if _, err := c.call(ctx, op, 0, func(ctx context.Context) (*github.Response, error) {
		return c.gh.Do(ctx, req, &got)
	}); err != nil {
		return observed.Label{}, err
	}
	return labelFrom(&got), nil
}

// send is a hand-built request through go-github (headers, JSON, errors).
func (c *Client) send(ctx context.Context, op string, issue int, method, path string, body, v any) error {
	req, err := c.gh.NewRequest(method, path, body)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	_, err = c.call(ctx, op, issue, func(ctx context.Context) (*github.Response, error) {
		return c.gh.Do(ctx, req, v)
	})
	return err
}

// repoPath is "repos/OWNER/NAME/seg/seg", relative to the base URL; the
// segments must be escaped already.
func (c *Client) repoPath(segs ...string) string {
	return "repos/" + c.owner + "/" + c.name + "/" + strings.Join(segs, "/")
}

// escapeSegment escapes a label name for a URL path (go-github v60 does
// not, so "?", "#", "%" or "/" in a name would break the URL); "." and ".."
// are escaped too, or URL resolution would eat them.
func escapeSegment(s string) string {
	switch s {
	case ".":
		return "%2E"
	case "..":
		return "%2E%2E"
	}
	return url.PathEscape(s)
}

func labelFrom(l *github.Label) observed.Label {
	return observed.Label{Name: l.GetName(), Color: l.GetColor(), Description: l.GetDescription()}
}

func milestoneFrom(m *github.Milestone) observed.Milestone {
	out := observed.Milestone{
		Number:      m.GetNumber(),
		Title:       m.GetTitle(),
		Description: m.GetDescription(),
		State:       observed.IssueState(m.GetState()),
		UpdatedAt:   m.GetUpdatedAt().Time,
	}
	if m.DueOn != nil {
		t := m.DueOn.Time
		out.DueOn = &t
	}
	return out
}

// CommitStatus is a commit status to post (POST /repos/{o}/{r}/statuses/{sha}).
type CommitStatus struct {
	// State is success, failure, pending or error.
	State string
	// Context names the check ("ghsync/gate/production"): branch rules
	// and deployment protection require a status by its context.
	Context string
	// Description is at most 140 characters (longer is cut).
	Description string
	TargetURL   string
}

// cut is st as GitHub keeps it: a description of at most 140 characters.
func (st CommitStatus) cut() CommitStatus {
	if r := []rune(st.Description); len(r) > 140 {
		st.Description = string(r[:139]) + "…"
	}
	return st
}

// Posted reports whether the newest status of st's context on the commit
// sha already says what st says (state, description, target), so that a
// scheduled run posting the same verdict on the same commit writes nothing:
// one read (GET .../commits/{sha}/status, the newest status per context).
func (c *Client) Posted(ctx context.Context, sha string, st CommitStatus) (bool, error) {
	st = st.cut()
	var got struct {
		Statuses []struct {
			State       string  `json:"state"`
			Context     string  `json:"context"`
			Description *string `json:"description"`
			TargetURL   *string `json:"target_url"`
		} `json:"statuses"`
	}
	op := fmt.Sprintf("read the statuses of %.12s of %s", sha, c.repo)
	if err := c.send(ctx, op, 0, http.MethodGet, c.repoPath("commits", url.PathEscape(sha), "status")+"?per_page=100", nil, &got); err != nil {
		return false, err
	}
	for _, s := range got.Statuses {
		if s.Context == st.Context {
			return s.State == st.State && deref(s.Description) == st.Description && deref(s.TargetURL) == st.TargetURL, nil
		}
	}
	return false, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// CreateStatus posts st on the commit sha.
func (c *Client) CreateStatus(ctx context.Context, sha string, st CommitStatus) error {
	op := fmt.Sprintf("post the status %s on %.12s of %s", st.Context, sha, c.repo)
	if err := c.readOnly(op); err != nil {
		return err
	}
	st = st.cut()
	body := map[string]any{"state": st.State, "context": st.Context, "description": st.Description}
	if st.TargetURL != "" {
		body["target_url"] = st.TargetURL
	}
	return c.send(ctx, op, 0, http.MethodPost, c.repoPath("statuses", url.PathEscape(sha)), body, nil)
}
