package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// JSON writes the report as one indented JSON document (see the package
// documentation for its keys). Characters such as '<' and '&' are written
// as they are, not escaped for HTML.
func (r Report) JSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// Render writes the report in the named format: text, json, markdown or html.
func (r Report) Render(w io.Writer, format string) error {
	switch format {
	case "text", "":
		return r.Text(w)
	case "json":
		return r.JSON(w)
	case "markdown", "md":
		return r.Markdown(w)
	case "html":
		return r.HTML(w)
	}
	return fmt.Errorf("unknown report format %q: use text, json, markdown or html", format)
}
