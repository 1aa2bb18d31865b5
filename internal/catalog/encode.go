package catalog

import (
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// Encode writes c as one catalog file for people to read: comment, when
// there is one, as # lines at the top; then the keys in the schema's order
// (see MarshalYAML), indented by two spaces. The same catalog always gives
// the same bytes.
func Encode(w io.Writer, c *Catalog, comment string) error {
	root := catalogSchema.node(c)
	root.HeadComment = commentLines(comment)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return err
	}
	return enc.Close()
}

// MarshalYAML makes yaml.v3 write a catalog by its schema: the keys of each
// mapping in the order of its table (lists of entries last), empty values
// left out unless the key is required, free-form keys sorted, lists of ids
// on one line and text with line breaks as literal blocks.
func (c *Catalog) MarshalYAML() (any, error) { return catalogSchema.node(c), nil }

// commentLines is text as YAML comment lines, "# " before each.
func commentLines(text string) string {
	if text == "" {
		return ""
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight("# "+l, " ")
	}
	return strings.Join(lines, "\n")
}

// node is t as a mapping of the table s, in its write order.
func (s *schema[T]) node(t *T) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, i := range s.order {
		f := &s.fields[i]
		if !f.required && f.zero(t) {
			continue
		}
		m.Content = append(m.Content, strNode(f.key), f.encode(t))
	}
	return m
}

// zero reports whether no field of t is set.
func (s *schema[T]) zero(t *T) bool {
	for i := range s.fields {
		if !s.fields[i].zero(t) {
			return false
		}
	}
	return true
}
