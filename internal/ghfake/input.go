package ghfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// input is a decoded JSON request object whose fields are checked one by
// one, so a wrong type gets GitHub's 422 instead of being coerced.
type input map[string]json.RawMessage

func badJSON() *response {
	return jsonResponse(http.StatusBadRequest, errorBody{Message: "Problems parsing JSON", DocumentationURL: restDoc})
}

// parseObject decodes a request body that must be a JSON object; an empty
// body is an empty object.
func parseObject(body []byte) (input, *response) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return input{}, nil
	}
	if !json.Valid(body) {
		return nil, badJSON()
	}
	var in input
	if err := json.Unmarshal(body, &in); err != nil || in == nil {
		return nil, badJSON()
	}
	return in, nil
}

func typeError(field string, raw json.RawMessage, want string) *response {
	return jsonResponse(http.StatusUnprocessableEntity, errorBody{
		Message:          fmt.Sprintf("Invalid request.\n\nFor 'properties/%s', %s is not %s.", field, compact(raw), want),
		DocumentationURL: restDoc,
	})
}

func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// str reads an optional string field. A null is accepted only when
// nullable, and then reads as "" with null true.
func (in input) str(field string, nullable bool) (val string, present, null bool, bad *response) {
	raw, ok := in[field]
	if !ok {
		return "", false, false, nil
	}
	if isNull(raw) {
		if nullable {
			return "", true, true, nil
		}
		return "", true, true, typeError(field, raw, "a string")
	}
	if err := json.Unmarshal(raw, &val); err != nil {
		want := "a string"
		if nullable {
			want = "a string or null"
		}
		return "", true, false, typeError(field, raw, want)
	}
	return val, true, false, nil
}

// integer reads an optional integer field; null as for str.
func (in input) integer(field string, nullable bool) (val int, present, null bool, bad *response) {
	raw, ok := in[field]
	if !ok {
		return 0, false, false, nil
	}
	want := "an integer"
	if nullable {
		want = "an integer or null"
	}
	if isNull(raw) {
		if nullable {
			return 0, true, true, nil
		}
		return 0, true, true, typeError(field, raw, want)
	}
	if t := bytes.TrimSpace(raw); len(t) == 0 || !(t[0] == '-' || '0' <= t[0] && t[0] <= '9') {
		return 0, true, false, typeError(field, raw, want)
	}
	var n json.Number
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&n); err != nil {
		return 0, true, false, typeError(field, raw, want)
	}
	i, err := n.Int64()
	if err != nil || i != int64(int(i)) {
		return 0, true, false, typeError(field, raw, want)
	}
	return int(i), true, false, nil
}

// strings reads an optional array of strings (null rejected).
func (in input) strings(field string) (val []string, present bool, bad *response) {
	raw, ok := in[field]
	if !ok {
		return nil, false, nil
	}
	if err := json.Unmarshal(raw, &val); err != nil || isNull(raw) {
		return nil, true, typeError(field, raw, "an array of strings")
	}
	return val, true, nil
}

// labelNames reads a labels value: an array whose items are names or
// objects with a "name", as GitHub accepts on issues.
func labelNames(field string, raw json.RawMessage) ([]string, *response) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil || isNull(raw) {
		return nil, typeError(field, raw, "an array")
	}
	names := make([]string, 0, len(items))
	for _, it := range items {
		var name string
		if err := json.Unmarshal(it, &name); err == nil {
			names = append(names, name)
			continue
		}
		var obj struct {
			Name *string `json:"name"`
		}
		if err := json.Unmarshal(it, &obj); err != nil || obj.Name == nil || isNull(it) {
			return nil, typeError(field, it, "a string or an object with a name")
		}
		names = append(names, *obj.Name)
	}
	return names, nil
}

func validationFailed(doc string, errs ...fieldError) *response {
	return jsonResponse(http.StatusUnprocessableEntity, errorBody{Message: "Validation Failed", Errors: errs, DocumentationURL: doc})
}

func tooLong(resource, field string, max int) fieldError {
	return fieldError{Resource: resource, Code: "custom", Field: field,
		Message: fmt.Sprintf("%s is too long (maximum is %d characters)", field, max)}
}

func runes(s string) int { return utf8.RuneCountInString(s) }

func lower(s string) string { return strings.ToLower(s) }
