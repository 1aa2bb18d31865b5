package catalog

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// syntaxError reports a file yaml.v3 cannot read, where it says the
// problem is: its line, or the first use of an anchor no anchor defines.
func (p *parser) syntaxError(data []byte, err error) {
	e := readYAMLError(err)
	at := Pos{File: p.file, Line: 1, Col: 1}
	msg := e.problem
	switch {
	case e.unknownAnchor:
		at = findAlias(p.file, data, e.anchor)
		anchor := "'" + e.anchor + "'"
		if show(e.anchor) != e.anchor {
			anchor = quote(e.anchor)
		}
		msg = "unknown anchor " + anchor + " referenced"
	case e.line > 0:
		at.Line = e.line
	}
	p.errorAt(at, "YAML syntax: %s", boundMessage(msg))
}

// yamlError is what yaml.v3 says of a document it cannot read.
type yamlError struct {
	// line is the 1-based line of the problem; 0 when yaml.v3 names none,
	// as it does for the first line.
	line int
	// problem is what is wrong, in yaml.v3's words.
	problem string
	// unknownAnchor is set when an alias names an anchor no node has;
	// anchor is that name (yaml.v3 gives no line for it).
	unknownAnchor bool
	anchor        string
}

var (
	yamlLineRE   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	yamlAnchorRE = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)
)

// parserProblems are the problems of yaml.v3's parser, whose line numbers
// count from 0 where its scanner's count from 1.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// readYAMLError takes a yaml.v3 syntax error apart. It is the one place
// that reads yaml.v3's wording, and it has to: v3.0.1 builds these errors
// with fmt.Errorf ("yaml: line N: PROBLEM" in parser.fail, "yaml: unknown
// anchor 'NAME' referenced" in parser.alias, both in its decode.go), so the
// text is all there is; no typed error and no exported position carry the
// line. Its one typed error, *yaml.TypeError, comes only from decoding
// into Go values, and a catalog is decoded into yaml.Node, which keeps the
// position of every value. Nor is the line the same count for every
// problem: a parser problem's is 0-based (parserProblems).
//
// TestYAMLErrorWording pins each form read here to a document that makes
// yaml.v3 produce it, so an upgrade that words them otherwise fails that
// test rather than moving positions.
func readYAMLError(err error) yamlError {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		e := yamlError{problem: m[2]}
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
			e.line = n
			if parserProblems[m[2]] {
				e.line++
			}
		}
		return e
	}
	if m := yamlAnchorRE.FindStringSubmatch(msg); m != nil {
		return yamlError{unknownAnchor: true, anchor: m[1]}
	}
	return yamlError{problem: strings.TrimPrefix(msg, "yaml: ")}
}

// findAlias finds the first use of *name in data.
func findAlias(file string, data []byte, name string) Pos {
	at := Pos{File: file, Line: 1, Col: 1}
	s := string(data)
	for i := 0; ; {
		j := strings.Index(s[i:], "*"+name)
		if j < 0 {
			return at
		}
		i += j
		end := i + 1 + len(name)
		if end == len(s) || strings.ContainsRune(" \t\r\n,]}", rune(s[end])) {
			before := s[:i]
			at.Line = strings.Count(before, "\n") + 1
			at.Col = utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:]) + 1
			return at
		}
		i++
	}
}
