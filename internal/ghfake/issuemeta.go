package ghfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Issue types and organisation issue fields, as GitHub serves them: an
// organisation (AddOrg) has up to 25 of each; repositories it owns may use
// them, user-owned repositories have none. Issue create and update take
// "type" (a type's name) and "issue_field_values" ([{field_id, value}]),
// strictly: an unknown type, field id or option, a value of the wrong
// type, or either on a user-owned repository is a 422 and nothing is
// written. Without push access both are dropped silently, as labels are.

// Limits GitHub sets per organisation.
const (
	maxIssueTypes  = 25
	maxIssueFields = 25
)

// Org is an organisation's issue types and issue fields.
type Org struct {
	IssueTypes  []string
	IssueFields []IssueField
}

// IssueField is an organisation's issue field; Options are a single
// select's.
type IssueField struct {
	Name     string
	DataType string // "text", "number", "date" or "single_select"
	Options  []string
}

type orgState struct {
	login  string
	types  []*typeState
	fields []*fieldState
}

type typeState struct {
	id      int64
	name    string
	created time.Time
}

type fieldState struct {
	id       int64
	name     string
	dataType string
	options  []*optionState
}

type optionState struct {
	id   int64
	name string
}

// fieldValue is an issue's value in one field: text for text and date,
// number for number, option for a single select.
type fieldValue struct {
	field  *fieldState
	text   string
	number float64
	option *optionState
}

// AddOrg makes login an organisation with o's issue types and fields;
// repositories of owner login (AddRepo) may then use them. It panics past
// GitHub's limits (25 types, 25 fields), a bug in the test.
func (s *Server) AddOrg(login string, o Org) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(o.IssueTypes) > maxIssueTypes || len(o.IssueFields) > maxIssueFields {
		panic(fmt.Sprintf("ghfake: organisation %s: GitHub allows %d issue types and %d issue fields", login, maxIssueTypes, maxIssueFields))
	}
	org := &orgState{login: login}
	for _, t := range o.IssueTypes {
		org.types = append(org.types, &typeState{id: s.newID(), name: t, created: s.now()})
	}
	for _, f := range o.IssueFields {
		switch f.DataType {
		case "text", "number", "date", "single_select":
		default:
			panic(fmt.Sprintf("ghfake: issue field %q: data type %q", f.Name, f.DataType))
		}
		fs := &fieldState{id: s.newID(), name: f.Name, dataType: f.DataType}
		for _, name := range f.Options {
			fs.options = append(fs.options, &optionState{id: s.newID(), name: name})
		}
		org.fields = append(org.fields, fs)
	}
	s.orgs[strings.ToLower(login)] = org
	s.userFor(login)
}

// IssueFieldID is the id of org's issue field name (0 when there is none).
func (s *Server) IssueFieldID(org, name string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o := s.orgs[strings.ToLower(org)]; o != nil {
		if f := o.field(name); f != nil {
			return f.id
		}
	}
	return 0
}

// IssueType is the name of the type of repo's issue number, "" for none.
func (s *Server) IssueType(repo string, number int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	is := s.mustRepo(repo).issues[number]
	if is == nil || is.issueType == nil {
		return ""
	}
	return is.issueType.name
}

// IssueFieldValues are the field values of repo's issue number by field
// name: the text, number or date, or the option's name.
func (s *Server) IssueFieldValues(repo string, number int) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	is := s.mustRepo(repo).issues[number]
	if is == nil {
		return out
	}
	for _, v := range is.fieldValues {
		out[v.field.name] = v.String()
	}
	return out
}

// SetIssueFieldValue sets field of repo's issue number to value as a
// person would in the sidebar (an option's name for a single select).
func (s *Server) SetIssueFieldValue(repo string, number int, field, value string) error {
	return s.inRepo(repo, func(r *repoState) error {
		is := r.issues[number]
		org := s.orgs[strings.ToLower(r.owner)]
		if is == nil || org == nil {
			return fmt.Errorf("ghfake: set issue field: no issue #%d in an organisation's repository %s", number, repo)
		}
		f := org.field(field)
		if f == nil {
			return fmt.Errorf("ghfake: set issue field: %s has no field %q", org.login, field)
		}
		raw, _ := json.Marshal(value)
		if f.dataType == "number" {
			raw = []byte(value)
		}
		v, ok := f.read(raw)
		if !ok {
			return fmt.Errorf("ghfake: set issue field %q: %q is not a value of it", field, value)
		}
		is.setField(v)
		is.updated = s.now()
		return nil
	})
}

// SetIssueType sets the type of repo's issue number as a person would.
func (s *Server) SetIssueType(repo string, number int, name string) error {
	return s.inRepo(repo, func(r *repoState) error {
		is := r.issues[number]
		org := s.orgs[strings.ToLower(r.owner)]
		if is == nil || org == nil || org.issueType(name) == nil {
			return fmt.Errorf("ghfake: set issue type: no issue #%d of an organisation with type %q in %s", number, name, repo)
		}
		is.issueType = org.issueType(name)
		is.updated = s.now()
		return nil
	})
}

func (o *orgState) field(name string) *fieldState {
	for _, f := range o.fields {
		if strings.EqualFold(f.name, name) {
			return f
		}
	}
	return nil
}

func (o *orgState) fieldByID(id int64) *fieldState {
	for _, f := range o.fields {
		if f.id == id {
			return f
		}
	}
	return nil
}

// issueType finds a type by name ignoring case, as GitHub does.
func (o *orgState) issueType(name string) *typeState {
	for _, t := range o.types {
		if strings.EqualFold(t.name, name) {
			return t
		}
	}
	return nil
}

// read is the field's value written as raw JSON, false when it is not
// one: a string for text, a number for number, a date YYYY-MM-DD, an
// option's name (ignoring case) for a single select.
func (f *fieldState) read(raw json.RawMessage) (fieldValue, bool) {
	v := fieldValue{field: f}
	raw = bytes.TrimSpace(raw)
	switch f.dataType {
	case "number":
		if len(raw) == 0 || raw[0] == '"' || json.Unmarshal(raw, &v.number) != nil {
			return v, false
		}
		return v, true
	case "single_select":
		var name string
		if json.Unmarshal(raw, &name) != nil {
			return v, false
		}
		for _, o := range f.options {
			if strings.EqualFold(o.name, name) {
				v.option = o
				return v, true
			}
		}
		return v, false
	case "date":
		if json.Unmarshal(raw, &v.text) != nil {
			return v, false
		}
		if _, err := time.Parse("2006-01-02", v.text); err != nil {
			return v, false
		}
		return v, true
	}
	return v, json.Unmarshal(raw, &v.text) == nil
}

func (v fieldValue) String() string {
	switch {
	case v.option != nil:
		return v.option.name
	case v.field.dataType == "number":
		return fmt.Sprint(v.number)
	}
	return v.text
}

// setField sets (or replaces) the issue's value in v's field; the values
// of its other fields stay.
func (is *issueState) setField(v fieldValue) {
	for i, x := range is.fieldValues {
		if x.field == v.field {
			is.fieldValues[i] = v
			return
		}
	}
	is.fieldValues = append(is.fieldValues, v)
}

// metaInput is the issue type and field values of a create or update,
// checked against the repository's owner.
type metaInput struct {
	hasType   bool
	typ       *typeState // nil with hasType: clear the type
	hasFields bool
	fields    []fieldValue
}

// readMeta reads "type" and "issue_field_values" from in, for the request's repository.
// A value of the wrong JSON type is GitHub's "Invalid request" 422; a type
// or field the owner does not have, a 422 Validation Failed.
func (c *reqCtx) readMeta(in input, doc string) (metaInput, *response) {
	var m metaInput
	org := c.s.orgs[strings.ToLower(c.repo.owner)]
	name, has, null, bad := in.str("type", true)
	if bad != nil {
		return m, bad
	}
	if has {
		m.hasType = true
		if !null && name != "" {
			if org == nil || org.issueType(name) == nil {
				return m, validationFailed(doc, fieldError{Resource: "Issue", Code: "invalid", Field: "type", Value: name,
					Message: fmt.Sprintf("Issue type %q does not exist or is not enabled for this repository", name)})
			}
			m.typ = org.issueType(name)
		}
	}
	raw, ok := in["issue_field_values"]
	if !ok {
		return m, nil
	}
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil || isNull(raw) {
		return m, typeError("issue_field_values", raw, "an array")
	}
	m.hasFields = true
	seen := map[int64]bool{}
	for _, it := range items {
		idRaw, okID := it["field_id"]
		valRaw, okVal := it["value"]
		var id int64
		if !okID || !okVal || json.Unmarshal(idRaw, &id) != nil || bytes.ContainsAny(idRaw, `".`) {
			return m, typeError("issue_field_values/items", mustJSON(it), "an object with an integer field_id and a value")
		}
		var f *fieldState
		if org != nil {
			f = org.fieldByID(id)
		}
		if f == nil || seen[id] {
			return m, validationFailed(doc, fieldError{Resource: "Issue", Code: "invalid", Field: "issue_field_values", Value: id,
				Message: fmt.Sprintf("Issue field %d does not exist for this repository's owner, or is given twice", id)})
		}
		seen[id] = true
		v, ok := f.read(valRaw)
		if !ok {
			return m, validationFailed(doc, fieldError{Resource: "Issue", Code: "invalid", Field: "issue_field_values", Value: compact(valRaw),
				Message: fmt.Sprintf("%s is not a valid value for the %s field %q", compact(valRaw), f.dataType, f.name)})
		}
		m.fields = append(m.fields, v)
	}
	return m, nil
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// applyMeta sets m on is; false when nothing changed. Without push access
// GitHub drops both silently.
func (c *reqCtx) applyMeta(m metaInput, is *issueState) bool {
	if c.repo.noPush {
		return false
	}
	changed := false
	if m.hasType && m.typ != is.issueType {
		is.issueType, changed = m.typ, true
	}
	for _, v := range m.fields {
		if old, ok := is.field(v.field); !ok || old != v {
			is.setField(v)
			changed = true
		}
	}
	return changed
}

func (is *issueState) field(f *fieldState) (fieldValue, bool) {
	for _, v := range is.fieldValues {
		if v.field == f {
			return v, true
		}
	}
	return fieldValue{}, false
}

type jsonIssueType struct {
	ID          int64   `json:"id"`
	NodeID      string  `json:"node_id"`
	Name        string  `json:"name"`
	Description *string `json:"description"`
	Color       *string `json:"color"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
	IsEnabled   bool    `json:"is_enabled"`
}

func renderType(t *typeState) *jsonIssueType {
	if t == nil {
		return nil
	}
	return &jsonIssueType{ID: t.id, NodeID: nodeID("IT", t.id), Name: t.name, CreatedAt: timestamp(t.created), UpdatedAt: timestamp(t.created), IsEnabled: true}
}

type jsonOption struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Color string `json:"color"`
}

type jsonFieldValue struct {
	FieldID  int64       `json:"issue_field_id"`
	NodeID   string      `json:"node_id"`
	DataType string      `json:"data_type"`
	Value    any         `json:"value"`
	Option   *jsonOption `json:"single_select_option,omitempty"`
}

// renderFieldValues is how an issue carries its field values: a single
// select's value is its option's id, with the option beside it.
func (c *reqCtx) renderFieldValues(is *issueState) *[]jsonFieldValue {
	if c.s.opts.OmitFieldValues {
		return nil
	}
	out := []jsonFieldValue{}
	for _, v := range is.fieldValues {
		j := jsonFieldValue{FieldID: v.field.id, NodeID: nodeID("IFV", v.field.id), DataType: v.field.dataType, Value: v.text}
		switch {
		case v.option != nil:
			j.Value = v.option.id
			j.Option = &jsonOption{ID: v.option.id, Name: v.option.name, Color: "gray"}
		case v.field.dataType == "number":
			j.Value = v.number
		}
		out = append(out, j)
	}
	return &out
}

// listIssueTypes answers GET /repos/{o}/{r}/issue-types: the owner's
// types, none for a user-owned repository.
func (c *reqCtx) listIssueTypes() *response {
	out := []*jsonIssueType{}
	if org := c.s.orgs[strings.ToLower(c.repo.owner)]; org != nil {
		for _, t := range org.types {
			out = append(out, renderType(t))
		}
	}
	return jsonResponse(http.StatusOK, out)
}

type jsonIssueField struct {
	ID       int64        `json:"id"`
	NodeID   string       `json:"node_id"`
	Name     string       `json:"name"`
	DataType string       `json:"data_type"`
	Options  []jsonOption `json:"options,omitempty"`
}

// routeOrgs answers /orgs/{org}/...: only GET .../issue-fields; 404 for
// a login that is no organisation, as GitHub answers.
func (c *reqCtx) routeOrgs(m string, rest []string) *response {
	if len(rest) != 2 || rest[1] != "issue-fields" || m != http.MethodGet {
		return notFound()
	}
	org := c.s.orgs[strings.ToLower(rest[0])]
	if org == nil {
		return notFound()
	}
	out := []jsonIssueField{}
	for _, f := range org.fields {
		j := jsonIssueField{ID: f.id, NodeID: nodeID("IF", f.id), Name: f.name, DataType: f.dataType}
		for _, o := range f.options {
			j.Options = append(j.Options, jsonOption{ID: o.id, Name: o.name, Color: "gray"})
		}
		out = append(out, j)
	}
	return jsonResponse(http.StatusOK, out)
}
