package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// Observe reads everything ghsync compares: labels, milestones (open and
// closed) and the issues that carry a ghsync marker (open and closed), of
// which only those whose author Trust allows count; the others are in
// State.Ignored.
//
// Issues are found the cheap way when that is provably complete, and by
// reading the whole repository otherwise. The cheap way lists only the
// issues opened by the logins the dashboard records as creators of managed
// issues (observed.Record), with creator=: nobody can change who opened an
// issue, so a person's edit, close or deletion of a managed issue shows
// there as it does in the full list. It is taken when the dashboard is
// found among the issues its writer opened, the record is there, and every
// recorded login still has at least as many managed issues as recorded;
// otherwise (no dashboard, no record, an issue deleted or moved away since,
// Config.ByCreators unset) everything is listed. Plan adds the login ghsync writes as to
// the record before it creates any issue (see plan.RecordCreator), so no
// managed issue is ever opened by a login the record does not name.
func (c *Client) Observe(ctx context.Context) (observed.State, error) {
	s := observed.State{Repository: c.repo}
	var err error
	if s.Labels, err = c.ListLabels(ctx); err != nil {
		return observed.State{}, err
	}
	if s.Milestones, err = c.ListMilestones(ctx); err != nil {
		return observed.State{}, err
	}
	// Writer would cost a request with a personal token, and reading needs
	// it only to look for the dashboard first where it most likely is.
	writer := c.knownWriter()
	issues, listing, err := c.markedIssues(ctx, writer)
	if err != nil {
		if errors.Is(err, ErrGone) {
			err = fmt.Errorf("%w\nissues are turned off in %s's settings: turn them on (Settings, General, Features, Issues), or point ghsync at another repository", err, c.repo)
		}
		return observed.State{}, err
	}
	listing.Writer = writer
	listing.Writers = c.writers()
	listing.Recorded = c.recorded != nil
	s.Listing = listing
	s.Issues, s.Ignored = c.Trust().Partition(issues)
	if err := c.readBlockedBy(ctx, s.Issues); err != nil {
		return observed.State{}, err
	}
	if s.Parents, err = c.readAncestry(ctx, s.Issues); err != nil {
		return observed.State{}, err
	}
	return s, nil
}

// readAncestry reads the parent chain of each tracker above the issues
// the list holds (a person's epic has no marker, so the list leaves it
// out), up to GitHub's 8 levels, so plan can tell a tracker nested under
// one of its own blockers, which GitHub refuses to make its sub-issue. A
// cycle needs a blocker with sub-issues, so without one, and in the usual
// case of a tracker with no parent or a listed one, it reads nothing.
func (c *Client) readAncestry(ctx context.Context, issues []observed.Issue) (map[int]int, error) {
	parent := map[int]int{}
	nested := false
	for _, is := range issues {
		parent[is.Number] = is.Parent
		if k, ok := marker.Find(is.Body); ok && k.Kind == marker.Blocker && is.SubIssues > 0 {
			nested = true
		}
	}
	if !nested {
		return nil, nil
	}
	var out map[int]int
	for _, is := range issues {
		if k, ok := marker.Find(is.Body); !ok || k.Kind != marker.Tracker {
			continue
		}
		up := is.Parent
		for range 8 {
			if up <= 0 {
				break
			}
			p, known := parent[up]
			if !known {
				got, err := c.GetIssue(ctx, up)
				if err != nil {
					return nil, fmt.Errorf("read the parents above tracker #%d: %w", is.Number, err)
				}
				p, parent[up] = got.Parent, got.Parent
				if out == nil {
					out = map[int]int{}
				}
				out[up] = p
			}
			up = p
		}
	}
	return out, nil
}

// writers are the logins ghsync writes or wrote as (observed.Listing).
func (c *Client) writers() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := observed.Trust{}.With(observed.ActionsBot, c.t.cfg.Writer, c.writer).With(c.recorded...)
	return out.Logins
}

// markedIssues reads the issues with a ghsync marker, by creators when the
// record allows it (see Observe), and extends the client's trust to the
// recorded creators. Trust is applied by the caller.
//
// It always reads the first page of the whole list: when that is the only
// page (a repository of up to 100 issues and pull requests) it is the
// whole answer in one request, and it may hold the dashboard. Only a longer
// list is worth reading by creators.
func (c *Client) markedIssues(ctx context.Context, writer string) ([]observed.Issue, observed.Listing, error) {
	all := c.issueLister(true, "")
	if err := all.step(ctx); err != nil {
		return nil, observed.Listing{}, err
	}
	full := func(why string) ([]observed.Issue, observed.Listing, error) {
		if why != "" {
			c.t.logf("read every issue of %s: %s", c.repo, why)
		}
		// Only issues with a ghsync marker can stand for a catalog entry;
		// the others are not even decoded (see decodeMarked), so a
		// repository's own issues and pull requests cost little.
		for !all.done() {
			if err := all.step(ctx); err != nil {
				return nil, observed.Listing{}, err
			}
		}
		if rec, ok := c.record(all.out); ok {
			c.remember(recorded(rec))
		}
		return all.out, observed.Listing{Full: true, Why: why}, nil
	}
	switch {
	case all.done():
		return full("")
	case !c.t.cfg.ByCreators:
		return full("")
	case all.lastPage > 0 && all.lastPage <= shortList:
		// Reading the rest costs no more than finding the record would.
		return full("")
	case c.t.now().UTC().Hour() == fullListingHour:
		return full("the daily full listing")
	}
	// The dashboard is looked for on the first page, then among the
	// issues of the logins that most likely made it: the one ghsync writes
	// as, the Actions bot, and (asked only now) the token's user.
	got := map[string][]observed.Issue{}
	var listed []string
	rec, found := c.record(all.out)
	for _, login := range []string{writer, observed.ActionsBot, "?"} {
		if found {
			break
		}
		if login == "?" {
			if writer != "" {
				break
			}
			var err error
			if login, err = c.Writer(ctx); err != nil || login == "" || strings.EqualFold(login, observed.ActionsBot) {
				break
			}
		}
		if login == "" || got[strings.ToLower(login)] != nil {
			continue
		}
		issues, err := c.listIssues(ctx, true, login)
		if err != nil {
			return nil, observed.Listing{}, err
		}
		got[strings.ToLower(login)] = issues
		listed = append(listed, login)
		rec, found = c.record(issues)
	}
	if !found {
		return full("no dashboard record on the first page or among the issues of " + strings.Join(listed, " or "))
	}
	c.remember(recorded(rec))
	out := append([]observed.Issue{}, all.out...)
	creators := recorded(rec)
	for _, login := range creators {
		issues, ok := got[strings.ToLower(login)]
		if !ok {
			var err error
			if issues, err = c.listIssues(ctx, true, login); err != nil {
				return nil, observed.Listing{}, err
			}
			listed = append(listed, login)
		}
		if n := countManaged(issues, login, c.Trust()); n < rec.Creators[login] {
			return full(fmt.Sprintf("%s has %d managed issues, the record says %d (deleted or moved?)", login, n, rec.Creators[login]))
		}
		out = append(out, issues...)
	}
	// A probed login the record does not name holds no blocker's issue
	// (the record names every creator); its marked issues are copies, kept
	// so that they are seen.
	for _, login := range listed {
		if !slices.ContainsFunc(creators, func(x string) bool { return strings.EqualFold(x, login) }) {
			out = append(out, got[strings.ToLower(login)]...)
		}
	}
	slices.SortFunc(out, func(a, b observed.Issue) int { return a.Number - b.Number })
	out = slices.CompactFunc(out, func(a, b observed.Issue) bool { return a.Number == b.Number })
	return out, observed.Listing{Creators: listed}, nil
}

// shortList is the most pages a list may have for the rest of it to be
// read rather than looking for the record: looking costs a request or
// three before any creator's issues are read.
const shortList = 4

// fullListingHour is the hour of the UTC day in which Observe lists every
// issue even when the record would allow less: it finds what no creator
// listing can (a writer's own issue with a pasted marker, an issue
// transferred in). With an hourly schedule that is one run a day.
const fullListingHour = 0

// record finds the trusted dashboard among issues and reads its record.
// Only the oldest trusted dashboard counts, and only the record inside its
// managed region.
func (c *Client) record(issues []observed.Issue) (observed.Record, bool) {
	trust := c.Trust()
	for _, is := range issues {
		k, ok := marker.Find(is.Body)
		if !ok || k != marker.DashboardKey() || !trust.Allows(is) {
			continue
		}
		managed, ok := marker.Managed(is.Body, k)
		if !ok {
			return observed.Record{}, false
		}
		return observed.ParseRecord(managed)
	}
	return observed.Record{}, false
}

func recorded(r observed.Record) []string {
	out := make([]string, 0, len(r.Creators))
	for l := range r.Creators {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// countManaged counts the blockers and trackers that login's trusted
// issues stand for, as observed.RecordOf counts them (one per entry, the
// dashboard left out): fewer than the record says means one of them went
// away.
func countManaged(issues []observed.Issue, login string, trust observed.Trust) int {
	keys := map[marker.Key]bool{}
	for _, is := range issues {
		if k, ok := marker.Find(is.Body); ok && (k.Kind == marker.Blocker || k.Kind == marker.Tracker) && strings.EqualFold(is.Author, login) && trust.Allows(is) {
			keys[k] = true
		}
	}
	return len(keys)
}

// Trust is the rule the client reads issues with: the repository's
// writers, the Actions bot, Config.Trusted, the login ghsync writes as and
// the creators the dashboard records.
func (c *Client) Trust() observed.Trust {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.trust
}

// remember trusts the creators a trusted dashboard records: ghsync wrote
// as them.
func (c *Client) remember(creators []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.trust = c.trust.With(creators...)
	c.recorded = append([]string{}, creators...)
}

// knownWriter is the writer when it is known without a request.
func (c *Client) knownWriter() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.writerKnown:
		return c.writer
	case c.t.cfg.Writer != "":
		return c.t.cfg.Writer
	}
	return ""
}

// Writer returns the login ghsync's writes appear under: Config.Writer
// when set (a GitHub App's "<slug>[bot]"), else the token's user (GET
// /user, once), else, for an Actions GITHUB_TOKEN (which may not read
// /user), the Actions bot. "" when it cannot be told.
func (c *Client) Writer(ctx context.Context) (string, error) {
	c.mu.Lock()
	if c.writerKnown {
		defer c.mu.Unlock()
		return c.writer, nil
	}
	c.mu.Unlock()
	writer := c.t.cfg.Writer
	if writer == "" {
		var u struct {
			Login string `json:"login"`
		}
		err := c.send(ctx, "read the token's user", 0, http.MethodGet, "user", nil, &u)
		var se *StatusError
		switch {
		case err == nil:
			writer = u.Login
		case errors.As(err, &se) && (se.Status == http.StatusForbidden || se.Status == http.StatusNotFound):
			// An installation token (an App's, or Actions' GITHUB_TOKEN).
			if c.t.cfg.Actions {
				writer = observed.ActionsBot
			}
		default:
			return "", err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writer, c.writerKnown = writer, true
	c.trust = c.trust.With(writer)
	return writer, nil
}
