package ghapi

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/projectql"
)

// The board: a GitHub Project (v2). It is read, created and linked, and its
// fields made and its status updates posted, by GraphQL (creating a Project
// is GraphQL only); items are added and their fields set by the Projects
// REST API, whose PATCH of an item sets several fields in one write, where
// GraphQL's updateProjectV2ItemFieldValue sets one field per mutation.

// BoardRef names a Project: its owner and either its number or its title.
type BoardRef struct {
	Owner string
	Kind  projectql.Owner
	// Number, when not 0, is the Project's number; otherwise Title
	// finds it (exactly, among the owner's open Projects first).
	Number int
	Title  string
}

func (r BoardRef) restPath(segs ...string) string {
	root := "orgs"
	if r.Kind == projectql.User {
		root = "users"
	}
	p := root + "/" + escapeSegment(r.Owner) + "/projectsV2/" + strconv.Itoa(r.Number)
	for _, s := range segs {
		p += "/" + s
	}
	return p
}

type fieldJSON struct {
	ID            string `json:"id"`
	DatabaseID    int64  `json:"databaseId"`
	Name          string `json:"name"`
	DataType      string `json:"dataType"`
	Options       []struct{ ID, Name string }
	Configuration *struct {
		Iterations, CompletedIterations []iterationJSON
	} `json:"configuration"`
}

// iterationJSON is one iteration of an iteration field's configuration.
type iterationJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	StartDate string `json:"startDate"`
	Duration  int    `json:"duration"`
}

func (f fieldJSON) observed() observed.BoardField {
	out := observed.BoardField{ID: f.ID, DatabaseID: f.DatabaseID, Name: f.Name, DataType: f.DataType}
	for _, o := range f.Options {
		out.Options = append(out.Options, observed.BoardOption{ID: o.ID, Name: o.Name})
	}
	if f.Configuration != nil {
		for _, list := range [][]iterationJSON{f.Configuration.CompletedIterations, f.Configuration.Iterations} {
			for _, it := range list {
				out.Iterations = append(out.Iterations, observed.BoardIteration{ID: it.ID, Title: it.Title, Start: it.StartDate, Days: it.Duration})
			}
		}
	}
	return out
}

type fieldRef struct {
	ID string `json:"id"`
}

type valueJSON struct {
	Typename    string   `json:"__typename"`
	Text        *string  `json:"text"`
	Number      *float64 `json:"number"`
	Date        *string  `json:"date"`
	OptionID    *string  `json:"optionId"`
	Name        *string  `json:"name"`
	IterationID *string  `json:"iterationId"`
	Title       *string  `json:"title"`
	Field       fieldRef `json:"field"`
}

func (v valueJSON) text() (string, bool) {
	switch {
	case v.Field.ID == "":
		return "", false
	case v.Text != nil:
		return *v.Text, true
	case v.Number != nil:
		return strconv.FormatFloat(*v.Number, 'f', -1, 64), true
	case v.Date != nil:
		return *v.Date, true
	case v.OptionID != nil && v.Name != nil:
		return *v.Name, true
	case v.IterationID != nil && v.Title != nil:
		return *v.Title, true
	}
	return "", false
}

// bigInt is GraphQL's BigInt scalar (fullDatabaseId), which GitHub sends
// as a JSON string; a number is read too.
type bigInt int64

func (b *bigInt) UnmarshalJSON(data []byte) error {
	s := strings.Trim(string(data), `"`)
	if s == "null" || s == "" {
		*b = 0
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("a BigInt: %w", err)
	}
	*b = bigInt(n)
	return nil
}

// pageJSON is a connection's pageInfo.
type pageJSON struct {
	HasNextPage bool   `json:"hasNextPage"`
	EndCursor   string `json:"endCursor"`
}

type boardJSON struct {
	ID     string `json:"id"`
	Number int    `json:"number"`
	Title  string `json:"title"`
	URL    string `json:"url"`
	Closed bool   `json:"closed"`
	Fields struct {
		PageInfo pageJSON    `json:"pageInfo"`
		Nodes    []fieldJSON `json:"nodes"`
	} `json:"fields"`
	Items struct {
		PageInfo pageJSON `json:"pageInfo"`
		Nodes    []struct {
			ID         string `json:"id"`
			DatabaseID bigInt `json:"fullDatabaseId"`
			IsArchived bool   `json:"isArchived"`
			Content    *struct {
				Typename   string `json:"__typename"`
				Number     int    `json:"number"`
				DatabaseID bigInt `json:"fullDatabaseId"`
				Repository struct {
					NameWithOwner string `json:"nameWithOwner"`
				} `json:"repository"`
			} `json:"content"`
			FieldValues struct {
				PageInfo pageJSON    `json:"pageInfo"`
				Nodes    []valueJSON `json:"nodes"`
			} `json:"fieldValues"`
		} `json:"nodes"`
	} `json:"items"`
	Repositories struct {
		PageInfo pageJSON `json:"pageInfo"`
		Nodes    []struct {
			ID            string `json:"id"`
			NameWithOwner string `json:"nameWithOwner"`
		} `json:"nodes"`
	} `json:"repositories"`
	StatusUpdates struct {
		PageInfo pageJSON `json:"pageInfo"`
		Nodes    []struct {
			ID        string    `json:"id"`
			Status    string    `json:"status"`
			Body      string    `json:"body"`
			CreatedAt time.Time `json:"createdAt"`
		} `json:"nodes"`
	} `json:"statusUpdates"`
}

// ObserveBoard reads the Project ref names: found by number or title, with
// every field and item (100 items a request). A token that cannot reach
// Projects is not an error: the board comes back with NoAccess saying so,
// and the rest of the sync goes on without it.
func (c *Client) ObserveBoard(ctx context.Context, ref BoardRef) (observed.Board, error) {
	out, err := c.observeBoard(ctx, ref)
	if errors.Is(err, ErrNoProjectAccess) {
		return observed.Board{Owner: ref.Owner, NoAccess: err.Error()}, nil
	}
	return out, err
}

func (c *Client) observeBoard(ctx context.Context, ref BoardRef) (observed.Board, error) {
	out := observed.Board{Owner: ref.Owner}
	op := fmt.Sprintf("find the Project %q of %s", ref.Title, ref.Owner)
	if ref.Number != 0 {
		op = fmt.Sprintf("find the Project #%d of %s", ref.Number, ref.Owner)
	}
	var found map[string]*struct {
		ID         string `json:"id"`
		ProjectsV2 struct {
			PageInfo pageJSON `json:"pageInfo"`
			Nodes    []struct {
				ID     string `json:"id"`
				Number int    `json:"number"`
				Title  string `json:"title"`
				Closed bool   `json:"closed"`
			} `json:"nodes"`
		} `json:"projectsV2"`
	}
	var repo struct {
		Repository *struct {
			ID         string `json:"id"`
			ProjectsV2 struct {
				PageInfo pageJSON `json:"pageInfo"`
				Nodes    []struct {
					Number int `json:"number"`
					Owner  struct {
						ID string `json:"id"`
					} `json:"owner"`
				} `json:"nodes"`
			} `json:"projectsV2"`
		} `json:"repository"`
	}
	doc, vars := projectql.Find(ref.Kind), map[string]any{"owner": ref.Owner, "title": ref.Title, "repoOwner": c.owner, "repoName": c.name}
	if ref.Number != 0 {
		// Named by number: no Project is looked up by title.
		doc, vars = projectql.FindOwner(ref.Kind), map[string]any{"owner": ref.Owner, "repoOwner": c.owner, "repoName": c.name}
	}
	var data json.RawMessage
	gerr := c.graphql(ctx, op, doc, vars, &data)
	if gerr != nil && !onlyNotFound(gerr) {
		return out, gerr
	}
	if gerr == nil {
		gerr = ErrNotFound // for the errors below, should GitHub send null without saying why
	}
	if err := json.Unmarshal(data, &found); err != nil {
		return out, fmt.Errorf("%s: %w", op, err)
	}
	if err := json.Unmarshal(data, &repo); err != nil {
		return out, fmt.Errorf("%s: %w", op, err)
	}
	owner := found[string(ref.Kind)]
	if owner == nil {
		hint := "check the login; if it is a user, set board.owner_type: user"
		if ref.Kind == projectql.User {
			hint = "check the login; if it is an organisation, drop board.owner_type (or set it to organization)"
		}
		return out, fmt.Errorf("GitHub knows no %s %q (board.owner): %s: %w", ref.Kind, ref.Owner, hint, gerr)
	}
	out.OwnerID = owner.ID
	if repo.Repository == nil {
		return out, fmt.Errorf("GitHub shows no repository %s to GraphQL: %w", c.repo, gerr)
	}
	out.RepoID = repo.Repository.ID
	number := ref.Number
	if number == 0 {
		if owner.ProjectsV2.PageInfo.HasNextPage || (repo.Repository != nil && repo.Repository.ProjectsV2.PageInfo.HasNextPage) {
			return out, fmt.Errorf("%s: more than 100 Projects match the title, and ghsync reads one page: set board.number to the Project's number", op)
		}
		linked := map[int]bool{}
		if repo.Repository != nil {
			for _, p := range repo.Repository.ProjectsV2.Nodes {
				if p.Owner.ID == owner.ID {
					linked[p.Number] = true
				}
			}
		}
		// GitHub's query matches words; the title must match exactly.
		// Of several, the choice does not depend on the order GitHub
		// lists them in: open before closed, linked to the repository
		// before not, then the lowest number. The others are named in a
		// plan note.
		var same []candidate
		for _, p := range owner.ProjectsV2.Nodes {
			if p.Title == ref.Title {
				same = append(same, candidate{Number: p.Number, Closed: p.Closed, Linked: linked[p.Number]})
			}
		}
		if len(same) == 0 {
			return out, nil
		}
		slices.SortFunc(same, candidate.compare)
		number = same[0].Number
		for _, o := range same[1:] {
			out.Others = append(out.Others, o.Number)
		}
	}
	cursor := any(nil)
	for {
		var page map[string]*struct {
			ProjectV2 *boardJSON `json:"projectV2"`
		}
		vars := map[string]any{"owner": ref.Owner, "number": number, "cursor": cursor}
		err := c.graphql(ctx, fmt.Sprintf("read the Project #%d of %s", number, ref.Owner), projectql.Board(ref.Kind), vars, &page)
		var ge *GraphQLError
		var skip map[int]bool
		var itemErr error
		if errors.As(err, &ge) {
			// Errors at single items only (an issue of a repository the
			// token cannot read: not one of ghsync's, whose repository it
			// reads): those items are left out, the rest is read.
			if s, ok := ge.itemErrors(); ok {
				skip, itemErr, err = s, err, nil
			}
		}
		if err != nil {
			if errors.Is(err, ErrNotFound) && ref.Number != 0 {
				return out, fmt.Errorf("board.number %d: %s has no Project #%d the token can see (check the number in the Project's address, .../projects/%d): %w", number, ref.Owner, number, number, err)
			}
			return out, err
		}
		o := page[string(ref.Kind)]
		if o == nil || o.ProjectV2 == nil {
			if ref.Number != 0 {
				return out, fmt.Errorf("board.number %d: %s has no Project #%d: %w", number, ref.Owner, number, ErrNotFound)
			}
			return out, nil
		}
		b := o.ProjectV2
		if b.Fields.PageInfo.HasNextPage || b.Repositories.PageInfo.HasNextPage {
			return out, fmt.Errorf("read the Project #%d of %s: more than 100 fields or linked repositories, and ghsync reads one page of each", number, ref.Owner)
		}
		if !out.Found {
			out.Found, out.ID, out.Number, out.Title, out.URL, out.Closed = true, b.ID, b.Number, b.Title, b.URL, b.Closed
			for _, f := range b.Fields.Nodes {
				if f.ID != "" {
					out.Fields = append(out.Fields, f.observed())
				}
			}
			for _, r := range b.Repositories.Nodes {
				if observed.NameKey(r.NameWithOwner) == observed.NameKey(c.repo) {
					out.Linked = true
				}
			}
			// ghsync's newest update, not a person's posted since. Past
			// 100 newer ones ghsync's is not seen and is posted again,
			// which does no harm.
			for _, n := range b.StatusUpdates.Nodes {
				if observed.IsGhsyncStatus(n.Body) {
					out.Status = &observed.BoardStatus{ID: n.ID, Status: n.Status, Body: n.Body, Posted: n.CreatedAt}
					break
				}
			}
		}
		for i, it := range b.Items.Nodes {
			if skip[i] {
				if it.Content != nil && it.Content.Typename == "Issue" && observed.NameKey(it.Content.Repository.NameWithOwner) == observed.NameKey(c.repo) {
					// An error at an item of this repository's issue,
					// which may be ghsync's: left out, it would be added
					// and its values written again on every run.
					return out, fmt.Errorf("read the Project #%d of %s: item %d (#%d of %s): %w", number, ref.Owner, it.DatabaseID, it.Content.Number, c.repo, itemErr)
				}
				continue
			}
			item := observed.BoardItem{ID: it.ID, DatabaseID: int64(it.DatabaseID), Archived: it.IsArchived, Values: map[string]string{}}
			if it.Content != nil && it.Content.Typename == "Issue" {
				item.Issue, item.IssueID, item.Repo = it.Content.Number, int64(it.Content.DatabaseID), it.Content.Repository.NameWithOwner
			}
			if it.FieldValues.PageInfo.HasNextPage {
				return out, fmt.Errorf("read the Project #%d of %s: item %d has more than 100 field values, and ghsync reads one page", number, ref.Owner, it.DatabaseID)
			}
			for _, v := range it.FieldValues.Nodes {
				if s, ok := v.text(); ok {
					item.Values[v.Field.ID] = s
				}
			}
			out.Items = append(out.Items, item)
		}
		if !b.Items.PageInfo.HasNextPage {
			return out, nil
		}
		cursor = b.Items.PageInfo.EndCursor
	}
}

// onlyNotFound reports whether err is a GraphQL errors list of NOT_FOUND
// only, whose data (null where not found) the caller reads to say what.
func onlyNotFound(err error) bool {
	var ge *GraphQLError
	if !errors.As(err, &ge) {
		return false
	}
	for _, it := range ge.Errors {
		if it.Type != "NOT_FOUND" {
			return false
		}
	}
	return true
}

// candidate is one of the owner's Projects with the board's title.
type candidate struct {
	Number         int
	Closed, Linked bool
}

// compare orders the Projects of one title: the open before the closed,
// those linked to the repository first, then by number.
func (a candidate) compare(b candidate) int {
	key := func(c candidate) [3]int {
		k := [3]int{0, 0, c.Number}
		if c.Closed {
			k[0] = 1
		}
		if !c.Linked {
			k[1] = 1
		}
		return k
	}
	ka, kb := key(a), key(b)
	for i := range ka {
		if c := cmp.Compare(ka[i], kb[i]); c != 0 {
			return c
		}
	}
	return 0
}

// CreateProject makes a Project called title for the owner ownerID,
// linked to the repository repoID.
func (c *Client) CreateProject(ctx context.Context, ownerID, repoID, title string) (observed.Board, error) {
	op := fmt.Sprintf("create the Project %q", title)
	var got struct {
		CreateProjectV2 struct {
			ProjectV2 struct {
				ID     string `json:"id"`
				Number int    `json:"number"`
				Title  string `json:"title"`
				URL    string `json:"url"`
			} `json:"projectV2"`
		} `json:"createProjectV2"`
	}
	in := map[string]any{"ownerId": ownerID, "title": title}
	if repoID != "" {
		in["repositoryId"] = repoID
	}
	if err := c.graphql(ctx, op, projectql.CreateProject, map[string]any{"input": in}, &got); err != nil {
		return observed.Board{}, err
	}
	p := got.CreateProjectV2.ProjectV2
	return observed.Board{Found: true, OwnerID: ownerID, RepoID: repoID, ID: p.ID, Number: p.Number, Title: p.Title, URL: p.URL, Linked: repoID != ""}, nil
}

// LinkProject links the Project projectID to the repository repoID.
func (c *Client) LinkProject(ctx context.Context, projectID, repoID string) error {
	op := fmt.Sprintf("link the board to %s", c.repo)
	return c.graphql(ctx, op, projectql.LinkRepository, map[string]any{"input": map[string]any{"projectId": projectID, "repositoryId": repoID}}, nil)
}

// FieldInput is a field to create on a Project.
type FieldInput struct {
	Name string
	// DataType is TEXT, NUMBER, DATE, SINGLE_SELECT or ITERATION.
	DataType string
	// Options are a single-select field's, in order.
	Options []string
	// Iterations configure an iteration field: its first start date
	// (YYYY-MM-DD), the length of each in days, and their titles.
	IterationStart string
	IterationDays  int
	Iterations     []string
}

// CreateBoardField adds a field to the Project projectID.
func (c *Client) CreateBoardField(ctx context.Context, projectID string, in FieldInput) (observed.BoardField, error) {
	op := fmt.Sprintf("create the board field %q", in.Name)
	input := map[string]any{"projectId": projectID, "dataType": in.DataType, "name": in.Name}
	if in.DataType == "SINGLE_SELECT" {
		opts := []map[string]any{}
		for _, o := range in.Options {
			opts = append(opts, map[string]any{"name": o, "color": "GRAY", "description": ""})
		}
		input["singleSelectOptions"] = opts
	}
	if in.DataType == "ITERATION" {
		its := []map[string]any{}
		start := in.IterationStart
		for _, t := range in.Iterations {
			its = append(its, map[string]any{"title": t, "startDate": start, "duration": in.IterationDays})
			start = addDays(start, in.IterationDays)
		}
		input["iterationConfiguration"] = map[string]any{"startDate": in.IterationStart, "duration": in.IterationDays, "iterations": its}
	}
	var got struct {
		CreateProjectV2Field struct {
			ProjectV2Field fieldJSON `json:"projectV2Field"`
		} `json:"createProjectV2Field"`
	}
	if err := c.graphql(ctx, op, projectql.CreateField, map[string]any{"input": input}, &got); err != nil {
		return observed.BoardField{}, err
	}
	return got.CreateProjectV2Field.ProjectV2Field.observed(), nil
}

// PostBoardStatus posts a status update (ON_TRACK, AT_RISK, OFF_TRACK)
// on the Project projectID.
func (c *Client) PostBoardStatus(ctx context.Context, projectID, status, body string) (observed.BoardStatus, error) {
	op := "post the board's status update"
	var got struct {
		CreateProjectV2StatusUpdate struct {
			StatusUpdate observed.BoardStatus `json:"statusUpdate"`
		} `json:"createProjectV2StatusUpdate"`
	}
	in := map[string]any{"projectId": projectID, "status": status, "body": body}
	if err := c.graphql(ctx, op, projectql.CreateStatusUpdate, map[string]any{"input": in}, &got); err != nil {
		return observed.BoardStatus{}, err
	}
	return got.CreateProjectV2StatusUpdate.StatusUpdate, nil
}

// ArchiveBoardItem archives the item itemID (a node id) of the Project
// projectID; archiving an archived item does no harm.
func (c *Client) ArchiveBoardItem(ctx context.Context, projectID, itemID string) error {
	op := fmt.Sprintf("archive board item %s", itemID)
	return c.graphql(ctx, op, projectql.ArchiveItem, map[string]any{"input": map[string]any{"projectId": projectID, "itemId": itemID}}, nil)
}

// UnarchiveBoardItem restores the archived item itemID (a node id) of the
// Project projectID; restoring an item that is not archived does no harm.
func (c *Client) UnarchiveBoardItem(ctx context.Context, projectID, itemID string) error {
	op := fmt.Sprintf("restore board item %s from the archive", itemID)
	return c.graphql(ctx, op, projectql.UnarchiveItem, map[string]any{"input": map[string]any{"projectId": projectID, "itemId": itemID}}, nil)
}

type itemJSON struct {
	ID     int64  `json:"id"`
	NodeID string `json:"node_id"`
}

// AddBoardItem adds the issue whose numeric id is issueID to the Project
// (REST: POST .../projectsV2/{n}/items). Adding an issue that is an item
// already answers with that item, so a repeat does no harm.
func (c *Client) AddBoardItem(ctx context.Context, ref BoardRef, issueID int64) (observed.BoardItem, error) {
	op := fmt.Sprintf("add issue id %d to the board", issueID)
	if err := c.readOnly(op); err != nil {
		return observed.BoardItem{}, err
	}
	var got itemJSON
	if err := c.send(ctx, op, 0, http.MethodPost, ref.restPath("items"), map[string]any{"type": "Issue", "id": issueID}, &got); err != nil {
		return observed.BoardItem{}, projectAccess(err)
	}
	return observed.BoardItem{ID: got.NodeID, DatabaseID: got.ID, IssueID: issueID, Values: map[string]string{}}, nil
}

// ItemValue is one field value to set: the field's database id and the
// value, in the REST form (text and dates as strings, numbers as numbers,
// a single-select option's or an iteration's id).
type ItemValue struct {
	Field int64 `json:"id"`
	Value any   `json:"value"`
}

// SetBoardItem sets several fields of one item in one write (REST: PATCH
// .../projectsV2/{n}/items/{item_id}).
func (c *Client) SetBoardItem(ctx context.Context, ref BoardRef, itemID int64, values []ItemValue) error {
	op := fmt.Sprintf("set the fields of board item %d", itemID)
	if err := c.readOnly(op); err != nil {
		return err
	}
	return projectAccess(c.send(ctx, op, 0, http.MethodPatch, ref.restPath("items", strconv.FormatInt(itemID, 10)), map[string]any{"fields": values}, nil))
}

// projectAccess makes a REST refusal of a Projects endpoint (403) match
// ErrNoProjectAccess, with what the token needs.
func projectAccess(err error) error {
	var se *StatusError
	if errors.As(err, &se) && se.Status == http.StatusForbidden {
		// The StatusError's own hint is ProjectAccessHint already.
		return fmt.Errorf("%w (%w)", err, ErrNoProjectAccess)
	}
	return err
}

// addDays is the date days after the YYYY-MM-DD date d.
func addDays(d string, days int) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, days).Format("2006-01-02")
}
