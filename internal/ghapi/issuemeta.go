package ghapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/ghsync/ghsync/internal/observed"
)

// Issue types (GA 2025-04) and organisation issue fields (GA 2026-07) are
// not in go-github v60: one small wrapper per endpoint. Both lists are
// short (GitHub allows 25 of each), so one page of 100 holds them.

// ListIssueTypes reads the issue types the repository may use (its
// owner's, with the repository's overrides): GET /repos/{o}/{r}/issue-types,
// which needs only read access to the repository's metadata.
func (c *Client) ListIssueTypes(ctx context.Context) ([]observed.IssueType, error) {
	op := "read the issue types of " + c.repo
	var got []struct {
		ID        int64  `json:"id"`
		Name      string `json:"name"`
		IsEnabled *bool  `json:"is_enabled"`
	}
	if err := c.send(ctx, op, 0, http.MethodGet, c.repoPath("issue-types")+"?per_page=100", nil, &got); err != nil {
		return nil, err
	}
	out := make([]observed.IssueType, 0, len(got))
	for _, t := range got {
		if t.IsEnabled != nil && !*t.IsEnabled {
			continue // a disabled type cannot be set
		}
		out = append(out, observed.IssueType{ID: t.ID, Name: t.Name})
	}
	return out, nil
}

// ListIssueFields reads the issue fields of the organisation org, with the
// options of its single-select fields: GET /orgs/{org}/issue-fields, which
// needs read access to the organisation (a classic token's read:org).
func (c *Client) ListIssueFields(ctx context.Context, org string) ([]observed.IssueField, error) {
	op := "read the issue fields of " + org
	var got []struct {
		ID       int64  `json:"id"`
		Name     string `json:"name"`
		DataType string `json:"data_type"`
		Options  []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"options"`
	}
	if err := c.send(ctx, op, 0, http.MethodGet, "orgs/"+escapeSegment(org)+"/issue-fields?per_page=100", nil, &got); err != nil {
		return nil, err
	}
	out := make([]observed.IssueField, 0, len(got))
	for _, f := range got {
		of := observed.IssueField{ID: f.ID, Name: f.Name, DataType: f.DataType}
		for _, o := range f.Options {
			of.Options = append(of.Options, observed.FieldOption{ID: o.ID, Name: o.Name})
		}
		out = append(out, of)
	}
	return out, nil
}

// IssueMeta reads what the catalog asks for: the issue types (types) and
// the owner's issue fields (fields), one request each. An owner without
// them, or a token that may not read them, is no error: GitHub's 403, 404
// or 410 becomes the problem plan shows, and labels carry the values as
// they always do. Any other failure is an error, as for every read: a
// read that failed must not look like "nothing there".
func (c *Client) IssueMeta(ctx context.Context, types, fields bool) (observed.IssueMeta, error) {
	m := observed.IssueMeta{AskedTypes: types, AskedFields: fields, Owner: c.owner}
	if types {
		ts, err := c.ListIssueTypes(ctx)
		why, ok := refusal(err)
		if !ok {
			return observed.IssueMeta{}, err
		}
		m.Types, m.TypesProblem = ts, why
	}
	if fields {
		fs, err := c.ListIssueFields(ctx, c.owner)
		why, ok := refusal(err)
		if !ok {
			return observed.IssueMeta{}, err
		}
		m.Fields, m.FieldsProblem = fs, why
	}
	return m, nil
}

// refusal says why GitHub refused a read of types or fields ("" when err
// is nil), and false when err is not such a refusal.
func refusal(err error) (string, bool) {
	if err == nil {
		return "", true
	}
	var se *StatusError
	if !errors.As(err, &se) {
		return "", false
	}
	switch se.Status {
	case http.StatusNotFound:
		return "GitHub answered 404 (the owner is not an organisation, or the token may not read it)", true
	case http.StatusForbidden:
		return "GitHub answered 403 (the token may not read it: see docs/issue-types-and-fields.md for the permissions)", true
	case http.StatusGone:
		return "GitHub answered 410 (the feature is turned off)", true
	}
	return "", false
}

// FieldWrite is one issue_field_values entry of a create or update: the
// field's id and its value (a single select's option name, a number, a
// date as YYYY-MM-DD).
type FieldWrite struct {
	FieldID int64 `json:"field_id"`
	Value   any   `json:"value"`
}

// typeJSON and fieldValueJSON are how an issue carries its type and its
// issue field values (null or absent when it has none).
type typeJSON struct {
	Name string `json:"name"`
}

type fieldValueJSON struct {
	FieldID  int64  `json:"issue_field_id"`
	DataType string `json:"data_type"`
	// Value is a string (text, date), a number (number; for a single
	// select the option's id) or null.
	Value  any `json:"value"`
	Option *struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"single_select_option"`
}

func (v fieldValueJSON) observed() observed.FieldValue {
	out := observed.FieldValue{FieldID: v.FieldID, DataType: v.DataType}
	switch x := v.Value.(type) {
	case string:
		out.Value = x
	case float64:
		out.Value = strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
	default:
		out.Value = fmt.Sprint(x)
	}
	if v.DataType == observed.FieldDate && len(out.Value) > len("2006-01-02") {
		out.Value = out.Value[:len("2006-01-02")] // a timestamp: its date
	}
	if v.Option != nil {
		out.Value, out.OptionID = v.Option.Name, v.Option.ID
	}
	return out
}
