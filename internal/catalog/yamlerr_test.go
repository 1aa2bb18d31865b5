package catalog

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"gopkg.in/yaml.v3"
)

// decodeAll decodes every document of data as parser.document does, and
// returns the first error.
func decodeAll(data string) error {
	dec := yaml.NewDecoder(bytes.NewReader([]byte(data)))
	for {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// readYAMLError reads yaml.v3's words, the only place a syntax error's
// line is given. Each case pins one form of them to a document that makes
// yaml.v3 say it: when an upgrade words an error otherwise, this test
// fails, naming the form, before any position goes wrong.
func TestYAMLErrorWording(t *testing.T) {
	tests := []struct {
		name, doc string
		says      string // yaml.v3's error, to the letter
		want      yamlError
	}{
		// The scanner counts lines from 1.
		{"scanner", "a: 'b\n", "yaml: line 2: found unexpected end of stream",
			yamlError{line: 2, problem: "found unexpected end of stream"}},
		{"scanner, mid-file", "a:\n  b: c: d\n", "yaml: line 2: mapping values are not allowed in this context",
			yamlError{line: 2, problem: "mapping values are not allowed in this context"}},
		{"no line on the first", "\tx: 1\n", "yaml: found character that cannot start any token",
			yamlError{problem: "found character that cannot start any token"}},
		{"unknown anchor", "a: *x\n", "yaml: unknown anchor 'x' referenced",
			yamlError{unknownAnchor: true, anchor: "x"}},
		// The parser counts from 0: one case for each of parserProblems.
		{"',' or ']'", "a: [b, c\nd: e\n", "yaml: line 1: did not find expected ',' or ']'",
			yamlError{line: 2, problem: "did not find expected ',' or ']'"}},
		{"',' or '}'", "a: {b: c\n\nd: e\n", "yaml: line 2: did not find expected ',' or '}'",
			yamlError{line: 3, problem: "did not find expected ',' or '}'"}},
		{"'-' indicator", "version: 1\nblockers:\n  - id: a\n   title: x\n", "yaml: line 2: did not find expected '-' indicator",
			yamlError{line: 3, problem: "did not find expected '-' indicator"}},
		// (yaml.v3's mark is past the directive, so this one points a line
		// below it.)
		{"document start", "a: 1\n%YAML 1.1\n", "yaml: line 2: did not find expected <document start>",
			yamlError{line: 3, problem: "did not find expected <document start>"}},
		{"key", "a: 1\nb:\n  c: 1\n d: 2\n", "yaml: line 3: did not find expected key",
			yamlError{line: 4, problem: "did not find expected key"}},
		{"node content", "a: [\n", "yaml: line 1: did not find expected node content",
			yamlError{line: 2, problem: "did not find expected node content"}},
		{"duplicate %TAG", "a: 1\n---\n%TAG ! a\n%TAG ! b\n---\nx\n", "yaml: line 3: found duplicate %TAG directive",
			yamlError{line: 4, problem: "found duplicate %TAG directive"}},
		{"duplicate %YAML", "a: 1\n---\n%YAML 1.1\n%YAML 1.1\n---\nx\n", "yaml: line 3: found duplicate %YAML directive",
			yamlError{line: 4, problem: "found duplicate %YAML directive"}},
		{"incompatible", "a: 1\n---\n%YAML 2.0\n---\nx\n", "yaml: line 2: found incompatible YAML document",
			yamlError{line: 3, problem: "found incompatible YAML document"}},
		{"undefined tag handle", "a:\n  b: !x!y z\n", "yaml: line 1: found undefined tag handle",
			yamlError{line: 2, problem: "found undefined tag handle"}},
	}
	// The parser says this only when its input does not start with a
	// stream, which the scanner always gives it.
	covered := map[string]bool{"did not find expected <stream-start>": true}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := decodeAll(tc.doc)
			if err == nil || err.Error() != tc.says {
				t.Fatalf("yaml.v3 now says %v of %q, not %q: readYAMLError reads the old words; update it and this test", err, tc.doc, tc.says)
			}
			if got := readYAMLError(err); got != tc.want {
				t.Errorf("readYAMLError(%q) = %+v, want %+v", tc.says, got, tc.want)
			}
		})
		covered[tc.want.problem] = true
	}
	for problem := range parserProblems {
		if !covered[problem] {
			t.Errorf("parserProblems has %q, but no case shows yaml.v3 saying it", problem)
		}
	}
}
