package ghfake

import (
	"net/http"
)

const (
	defaultLabelColor = "ededed"
	labelDoc          = "https://docs.github.com/rest/issues/labels#create-a-label"
	labelEditDoc      = "https://docs.github.com/rest/issues/labels#update-a-label"
)

func validColor(c string) bool {
	if len(c) != 6 {
		return false
	}
	for _, r := range c {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F') {
			return false
		}
	}
	return true
}

// validateLabel applies GitHub's label rules: a name of at most 50
// characters, six hex digits of color without '#', a description of at
// most 100 characters.
func validateLabel(name, color, description string) []fieldError {
	var errs []fieldError
	switch {
	case name == "":
		errs = append(errs, fieldError{Resource: "Label", Code: "missing_field", Field: "name"})
	case runes(name) > 50:
		errs = append(errs, tooLong("Label", "name", 50))
	}
	if !validColor(color) {
		errs = append(errs, fieldError{Resource: "Label", Code: "invalid", Field: "color"}) // GitHub does not echo the value here
	}
	if runes(description) > 100 {
		errs = append(errs, tooLong("Label", "description", 100))
	}
	return errs
}

func alreadyExists(resource, field string) fieldError {
	return fieldError{Resource: resource, Code: "already_exists", Field: field}
}

func (c *reqCtx) listLabels() *response {
	var out []jsonLabel
	for _, l := range sortedLabels(c.repo.labels) {
		out = append(out, c.renderLabel(c.repo, l))
	}
	return listResponse(c, out)
}

func (c *reqCtx) getLabel(name string) *response {
	l := c.repo.label(name)
	if l == nil {
		return notFound()
	}
	return jsonResponse(http.StatusOK, c.renderLabel(c.repo, l))
}

func (c *reqCtx) createLabel() *response {
	if c.repo.noPush {
		return forbiddenNoPush()
	}
	in, bad := parseObject(c.body)
	if bad != nil {
		return bad
	}
	name, _, _, bad := in.str("name", false)
	if bad != nil {
		return bad
	}
	color, hasColor, _, bad := in.str("color", false)
	if bad != nil {
		return bad
	}
	if !hasColor {
		color = defaultLabelColor
	}
	desc, _, _, bad := in.str("description", true)
	if bad != nil {
		return bad
	}
	if errs := validateLabel(name, color, desc); len(errs) > 0 {
		return validationFailed(labelDoc, errs...)
	}
	if c.repo.label(name) != nil {
		return validationFailed(labelDoc, alreadyExists("Label", "name"))
	}
	l := &labelState{id: c.s.newID(), name: name, color: color, description: desc}
	c.repo.labels = append(c.repo.labels, l)
	j := c.renderLabel(c.repo, l)
	resp := jsonResponse(http.StatusCreated, j)
	resp.header.Set("Location", j.URL)
	return resp
}

// editLabel takes new_name, color and description; like GitHub it ignores
// "name" in the body (go-github's EditLabel sends the new name there, so a
// rename through it silently does nothing).
func (c *reqCtx) editLabel(name string) *response {
	if c.repo.noPush {
		return forbiddenNoPush()
	}
	l := c.repo.label(name)
	if l == nil {
		return notFound()
	}
	in, bad := parseObject(c.body)
	if bad != nil {
		return bad
	}
	newName, hasName, _, bad := in.str("new_name", false)
	if bad != nil {
		return bad
	}
	if !hasName {
		newName = l.name
	}
	color, hasColor, _, bad := in.str("color", false)
	if bad != nil {
		return bad
	}
	if !hasColor {
		color = l.color
	}
	desc, hasDesc, _, bad := in.str("description", true)
	if bad != nil {
		return bad
	}
	if !hasDesc {
		desc = l.description
	}
	if errs := validateLabel(newName, color, desc); len(errs) > 0 {
		return validationFailed(labelEditDoc, errs...)
	}
	if other := c.repo.label(newName); other != nil && other != l {
		return validationFailed(labelEditDoc, alreadyExists("Label", "name"))
	}
	l.name, l.color, l.description = newName, color, desc
	return jsonResponse(http.StatusOK, c.renderLabel(c.repo, l))
}

// deleteLabel strips the label from every issue, as GitHub does.
func (c *reqCtx) deleteLabel(name string) *response {
	if c.repo.noPush {
		return forbiddenNoPush()
	}
	l := c.repo.label(name)
	if l == nil {
		return notFound()
	}
	c.repo.deleteLabel(l)
	return emptyResponse(http.StatusNoContent)
}
