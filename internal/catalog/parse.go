package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Parse reads one catalog file. It reports syntax and schema problems
// (unknown keys, wrong types, version, malformed values), every one of them,
// and returns whatever it could read; rules that relate values to each other
// are Validate's.
func Parse(file string, data []byte) (*Catalog, []Problem) {
	c, probs, _ := parseFile(file, data)
	return c, probs
}

// parseFile is Parse that also says whether the file could not be read as a
// catalog at all (a syntax error, an unsupported version), in which case
// cross-file rules would only report the echo of that problem.
func parseFile(file string, data []byte) (c *Catalog, probs []Problem, fatal bool) {
	p := &parser{file: file}
	c = &Catalog{Files: []string{file}, KeyPos: map[string]Pos{}}
	root, ok := p.document(data)
	if ok {
		ok = p.catalog(c, root)
	}
	return c, dedupe(p.probs), !ok
}

type parser struct {
	file  string
	probs []Problem
}

func (p *parser) pos(n *yaml.Node) Pos {
	return Pos{File: p.file, Line: n.Line, Col: n.Column}
}

func (p *parser) errorAt(at Pos, format string, args ...any) {
	p.probs = append(p.probs, Problem{Pos: at, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errorAt(p.pos(n), format, args...)
}

var (
	yamlLineRE   = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)
	yamlAnchorRE = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)
)

// document decodes data into the root node of its only YAML document.
func (p *parser) document(data []byte) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.errorAt(Pos{File: p.file, Line: 1, Col: 1}, `file is empty: a catalog file starts with "version: 1"`)
			return nil, false
		}
		p.syntaxError(data, err)
		return nil, false
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		p.syntaxError(data, err)
		return nil, false
	default:
		p.errorf(&next, "a second YAML document: a catalog file holds one (split the catalog into several files instead)")
		return nil, false
	}
	if len(doc.Content) == 0 {
		p.errorAt(Pos{File: p.file, Line: 1, Col: 1}, `file is empty: a catalog file starts with "version: 1"`)
		return nil, false
	}
	if p.expansionProblem(&doc, len(data)) {
		return nil, false
	}
	return doc.Content[0], true
}

// parserProblems are the messages of yaml.v3's parser, whose line numbers
// are 0-based where its scanner's are 1-based.
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

// syntaxError positions a yaml.v3 error: it gives a line for most errors and
// none when the problem is on the first line or is an unknown anchor.
func (p *parser) syntaxError(data []byte, err error) {
	msg := err.Error()
	at := Pos{File: p.file, Line: 1, Col: 1}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
			at.Line = n
			if parserProblems[m[2]] {
				// yaml.v3 counts parser (not scanner) error lines from 0.
				at.Line++
			}
		}
		msg = m[2]
	} else if m := yamlAnchorRE.FindStringSubmatch(msg); m != nil {
		at = findAlias(p.file, data, m[1])
		anchor := "'" + m[1] + "'"
		if show(m[1]) != m[1] {
			anchor = quote(m[1])
		}
		msg = "unknown anchor " + anchor + " referenced"
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	p.errorAt(at, "YAML syntax: %s", boundMessage(msg))
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

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// describe says what a node is, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	n = resolve(n)
	switch {
	case n == nil:
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.ShortTag() == "!!null":
		return "nothing"
	}
	return quote(n.Value)
}

// pair is one key and value of a mapping, after merge keys are applied.
type pair struct {
	key   string
	k, v  *yaml.Node
	valAt Pos
}

// mapping checks that n is a mapping whose keys are all in keys (each once)
// and returns its pairs in order. Merge keys (<<: *anchor) contribute the
// pairs the mapping does not set itself. kind names the mapping in messages,
// with its id when it has one.
func (p *parser) mapping(n *yaml.Node, kind string, keys []string) ([]pair, bool) {
	at := p.pos(n)
	what := func() string { return name(kind, idOf(n)) } // only for messages
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		p.errorAt(at, "%s: want a mapping, got %s", what(), describe(n))
		return nil, false
	}
	pairs := make([]pair, 0, len(n.Content)/2)
	seen := newKeySet(len(n.Content) / 2)
	var merged []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merged = append(merged, v)
			continue
		}
		kr := resolve(k)
		if kr == nil || kr.Kind != yaml.ScalarNode {
			p.errorf(k, "%s: a key must be a plain word, got %s", what(), describe(k))
			continue
		}
		name := kr.Value
		if first := seen.get(name); first != nil {
			p.errorf(k, "duplicate key %s (first at line %d)", quote(name), first.Line)
			continue
		}
		seen.add(name, k)
		if !p.known(k, name, what, keys) {
			continue
		}
		pairs = append(pairs, pair{key: name, k: k, v: v, valAt: p.pos(v)})
	}
	if len(merged) > 0 {
		visited := map[*yaml.Node]bool{n: true}
		for _, m := range merged {
			pairs = p.merge(pairs, seen, visited, m, kind, keys)
		}
	}
	return pairs, true
}

// positions is how many values pairs hold: one per pair, one per entry of
// a list.
func positions(pairs []pair) int {
	n := len(pairs)
	for _, kv := range pairs {
		if r := resolve(kv.v); r != nil && r.Kind == yaml.SequenceNode {
			n += len(r.Content)
		}
	}
	return n
}

// keySet is the keys of one mapping seen so far, with the node of each. A
// catalog's mappings have a dozen keys, and one set is made per blocker:
// a short list is cheaper than a map until a mapping is unusually large.
type keySet struct {
	names []string
	nodes []*yaml.Node
	big   map[string]*yaml.Node
}

func newKeySet(n int) *keySet {
	if n > 32 {
		return &keySet{big: make(map[string]*yaml.Node, n)}
	}
	return &keySet{names: make([]string, 0, n), nodes: make([]*yaml.Node, 0, n)}
}

// get returns the node of key name, nil when unseen.
func (s *keySet) get(name string) *yaml.Node {
	if s.big != nil {
		return s.big[name]
	}
	for i, n := range s.names {
		if n == name {
			return s.nodes[i]
		}
	}
	return nil
}

func (s *keySet) add(name string, k *yaml.Node) {
	if s.big != nil {
		s.big[name] = k
		return
	}
	s.names = append(s.names, name)
	s.nodes = append(s.nodes, k)
}

// merge adds the pairs of the mappings a merge key names. visited stops
// anchors that merge each other (or one mapping many times) from expanding
// without end.
func (p *parser) merge(pairs []pair, seen *keySet, visited map[*yaml.Node]bool, v *yaml.Node, kind string, keys []string) []pair {
	r := resolve(v)
	if r == nil || visited[r] {
		return pairs
	}
	visited[r] = true
	switch r.Kind {
	case yaml.SequenceNode:
		for _, e := range r.Content {
			pairs = p.merge(pairs, seen, visited, e, kind, keys)
		}
	case yaml.MappingNode:
		// Unknown keys are named after the mapping that has them, so a
		// mapping merged into many is reported once.
		what := func() string { return name(kind, idOf(r)) }
		for i := 0; i+1 < len(r.Content); i += 2 {
			k, val := r.Content[i], r.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
				pairs = p.merge(pairs, seen, visited, val, kind, keys)
				continue
			}
			kr := resolve(k)
			if kr == nil || kr.Kind != yaml.ScalarNode {
				continue
			}
			if seen.get(kr.Value) != nil {
				continue
			}
			seen.add(kr.Value, k)
			if !p.known(k, kr.Value, what, keys) {
				continue
			}
			// A merged value keeps the position of the merge key's use, so
			// a problem with it points into this mapping.
			pairs = append(pairs, pair{key: kr.Value, k: k, v: val, valAt: p.pos(v)})
		}
	default:
		p.errorf(v, "%s: << must name a mapping, got %s", name(kind, ""), describe(v))
	}
	return pairs
}

func (p *parser) known(k *yaml.Node, name string, what func() string, keys []string) bool {
	for _, key := range keys {
		if key == name {
			return true
		}
	}
	msg := fmt.Sprintf("unknown key %s in %s", quote(name), what())
	if s := suggest(name, keys); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else {
		msg += "; known keys: " + strings.Join(keys, ", ")
	}
	p.errorf(k, "%s", msg)
	return false
}

// suggest returns the key closest to name when it is close enough to be a typo.
func suggest(name string, keys []string) string {
	best, bestD := "", 3
	lower := strings.ToLower(name)
	for _, k := range keys {
		if d := distance(lower, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b, capped for long inputs.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 20
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// str reads a scalar as written; null reads as "".
func (p *parser) str(key string, n *yaml.Node) (string, bool) {
	r := resolve(n)
	if isNull(r) {
		return "", true
	}
	if r.Kind != yaml.ScalarNode {
		p.errorf(n, "%s: want a string, got %s", key, describe(n))
		return "", false
	}
	return r.Value, true
}

// integer reads a whole number; null reads as 0.
func (p *parser) integer(key string, n *yaml.Node) (int, bool) {
	r := resolve(n)
	if isNull(r) {
		return 0, true
	}
	var v int
	if r.Kind != yaml.ScalarNode || r.ShortTag() != "!!int" || r.Decode(&v) != nil {
		p.errorf(n, "%s: want a whole number, got %s", key, describe(n))
		return 0, false
	}
	return v, true
}

// number reads a finite number; null reads as 0.
func (p *parser) number(key string, n *yaml.Node) (float64, bool) {
	r := resolve(n)
	if isNull(r) {
		return 0, true
	}
	var v float64
	if r.Kind != yaml.ScalarNode || (r.ShortTag() != "!!int" && r.ShortTag() != "!!float") || r.Decode(&v) != nil ||
		math.IsNaN(v) || math.IsInf(v, 0) {
		p.errorf(n, "%s: want a number, got %s", key, describe(n))
		return 0, false
	}
	return v, true
}

func (p *parser) date(key string, n *yaml.Node) (Date, bool) {
	r := resolve(n)
	if isNull(r) {
		return Date{}, true
	}
	if r.Kind != yaml.ScalarNode {
		p.errorf(n, "%s: want a date YYYY-MM-DD, got %s", key, describe(n))
		return Date{}, false
	}
	d, err := ParseDate(r.Value)
	if err != nil {
		p.errorf(n, "%s: %v", key, err) // err quotes what it repeats
		return Date{}, false
	}
	return d, true
}

// list returns the entries of a sequence; null is an empty list.
func (p *parser) list(key string, n *yaml.Node) ([]*yaml.Node, bool) {
	r := resolve(n)
	if isNull(r) {
		return nil, true
	}
	if r.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: want a list, got %s", key, describe(n))
		return nil, false
	}
	return r.Content, true
}

// stringList reads a list of non-empty strings, recording each entry's
// position as key[i] in at, i being its index in the result.
func (p *parser) stringList(key string, n *yaml.Node, at *Positions) []string {
	entries, ok := p.list(key, n)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		r := resolve(e)
		if r == nil || r.Kind != yaml.ScalarNode || isNull(r) {
			p.errorf(e, "%s: want a list of strings, got %s in it", key, describe(e))
			continue
		}
		if strings.TrimSpace(r.Value) == "" {
			p.errorf(e, "%s: empty entry", key)
			continue
		}
		at.set(key, len(out), p.pos(e))
		out = append(out, r.Value)
	}
	if len(out) == 0 {
		return nil // as if unset
	}
	return out
}

var topKeys = []string{"version", "repository", "project", "start", "labels", "milestones", "gates", "blockers", "dashboard", "owners", "trusted_authors", "declared"}

var repoRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$`)

// catalog fills c from the root node; false when the file is not a catalog
// this build can read.
func (p *parser) catalog(c *Catalog, root *yaml.Node) bool {
	if r := resolve(root); r != nil && r.Kind == yaml.ScalarNode && !isNull(r) {
		// Not even the start of it is repeated: a file that is not a
		// catalog may be anything, a private key included.
		p.errorf(root, `catalog: want a mapping, got text; a catalog file starts with "version: 1"`)
		return false
	}
	pairs, ok := p.mapping(root, "catalog", topKeys)
	if !ok {
		return false
	}
	version := -1
	for _, kv := range pairs {
		c.KeyPos[kv.key] = p.pos(kv.k)
		if kv.key != "version" {
			continue
		}
		if isNull(kv.v) {
			break
		}
		v, ok := p.integer("version", kv.v)
		if !ok {
			return false
		}
		if v != Version {
			p.errorf(kv.v, "version: %d is not supported; this ghsync reads version %d", v, Version)
			return false
		}
		version = v
	}
	if version < 0 {
		at := p.pos(root)
		if kp, ok := c.KeyPos["version"]; ok {
			at = kp
		}
		p.errorAt(at, `version: missing; start the file with "version: %d"`, Version)
	} else {
		c.Version = version
	}
	for _, kv := range pairs {
		if isNull(kv.v) {
			// An empty key sets nothing, so it cannot clash with another file.
			delete(c.KeyPos, kv.key)
			continue
		}
		switch kv.key {
		case "repository":
			if s, ok := p.str(kv.key, kv.v); ok {
				if !repoRE.MatchString(s) {
					p.errorf(kv.v, "repository: %s is not OWNER/NAME", quote(s))
				}
				c.Repository = s
			}
		case "project":
			c.Project, _ = p.str(kv.key, kv.v)
		case "start":
			c.Start, _ = p.date(kv.key, kv.v)
			c.StartPos = kv.valAt
		case "labels":
			c.Labels = p.labelScheme(kv.v)
		case "milestones":
			entries, _ := p.list(kv.key, kv.v)
			for _, e := range entries {
				if v, ok := p.milestone(e); ok {
					c.Milestones = append(c.Milestones, v)
				}
			}
		case "gates":
			entries, _ := p.list(kv.key, kv.v)
			for _, e := range entries {
				if v, ok := p.gate(e); ok {
					c.Gates = append(c.Gates, v)
				}
			}
		case "blockers":
			entries, _ := p.list(kv.key, kv.v)
			c.Blockers = slices.Grow(c.Blockers, len(entries))
			for i, e := range entries {
				if v, ok := p.blocker(e); ok {
					c.Blockers = append(c.Blockers, v)
				}
				// Let the collector have the blocker's nodes now: the tree
				// of a large catalog is ten times its text, and the peak
				// of a command's memory. (An alias keeps what it names.)
				entries[i] = nil
			}
		case "dashboard":
			c.Dashboard = p.dashboard(kv.v)
		case "owners":
			c.Owners = p.owners(kv.v)
		case "trusted_authors":
			c.TrustedAuthors = p.logins(kv.key, kv.v)
		case "declared":
			c.Declared = p.declared(kv.v)
		}
	}
	return true
}

// idOf is the id a mapping declares, to name it in messages.
func idOf(n *yaml.Node) string {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := resolve(n.Content[i]); k != nil && k.Value == "id" {
			if v := resolve(n.Content[i+1]); v != nil && v.Kind == yaml.ScalarNode {
				return v.Value
			}
		}
	}
	return ""
}

// name is "blocker P0-001", or "blocker" when there is no id.
func name(kind, id string) string {
	if id == "" {
		return kind
	}
	return kind + " " + show(id)
}

var milestoneKeys = []string{"id", "title", "description", "due_week", "due"}

func (p *parser) milestone(n *yaml.Node) (Milestone, bool) {
	m := Milestone{Pos: p.pos(n)}
	pairs, ok := p.mapping(n, "milestone", milestoneKeys)
	if !ok {
		return m, false
	}
	for _, kv := range pairs {
		if isNull(kv.v) {
			continue
		}
		ok := true
		switch kv.key {
		case "id":
			m.ID, ok = p.str(kv.key, kv.v)
		case "title":
			m.Title, ok = p.str(kv.key, kv.v)
		case "description":
			m.Description, ok = p.str(kv.key, kv.v)
		case "due_week":
			m.DueWeek, ok = p.integer(kv.key, kv.v)
		case "due":
			m.Due, ok = p.date(kv.key, kv.v)
		}
		if ok {
			m.ValuePos.set(kv.key, -1, kv.valAt)
		}
	}
	return m, true
}

var gateKeys = []string{"id", "title", "require", "blockers"}

func (p *parser) gate(n *yaml.Node) (Gate, bool) {
	g := Gate{Pos: p.pos(n)}
	pairs, ok := p.mapping(n, "gate", gateKeys)
	if !ok {
		return g, false
	}
	for _, kv := range pairs {
		if isNull(kv.v) {
			continue
		}
		ok := true
		switch kv.key {
		case "id":
			g.ID, ok = p.str(kv.key, kv.v)
		case "title":
			g.Title, ok = p.str(kv.key, kv.v)
		case "require":
			g.Require, ok = p.str(kv.key, kv.v)
		case "blockers":
			g.Blockers = p.stringList(kv.key, kv.v, &g.ValuePos)
		}
		if ok {
			g.ValuePos.set(kv.key, -1, kv.valAt)
		}
	}
	return g, true
}

var blockerKeys = []string{"id", "title", "priority", "category", "milestone", "effort_hours", "assignee", "module",
	"description", "risk", "evidence", "remediation", "depends_on", "labels", "status"}

func (p *parser) blocker(n *yaml.Node) (Blocker, bool) {
	b := Blocker{Pos: p.pos(n)}
	pairs, ok := p.mapping(n, "blocker", blockerKeys)
	if !ok {
		return b, false
	}
	b.ValuePos.at = make([]valuePos, 0, positions(pairs))
	for _, kv := range pairs {
		if isNull(kv.v) {
			continue
		}
		ok := true
		switch kv.key {
		case "id":
			b.ID, ok = p.str(kv.key, kv.v)
		case "title":
			b.Title, ok = p.str(kv.key, kv.v)
		case "priority":
			b.Priority, ok = p.str(kv.key, kv.v)
		case "category":
			b.Category, ok = p.str(kv.key, kv.v)
		case "milestone":
			b.Milestone, ok = p.str(kv.key, kv.v)
		case "effort_hours":
			b.EffortHours, ok = p.number(kv.key, kv.v)
		case "assignee":
			b.Assignee, ok = p.str(kv.key, kv.v)
		case "module":
			b.Module, ok = p.str(kv.key, kv.v)
		case "description":
			b.Description, ok = p.str(kv.key, kv.v)
		case "risk":
			b.Risk, ok = p.str(kv.key, kv.v)
		case "evidence":
			b.Evidence, ok = p.str(kv.key, kv.v)
		case "remediation":
			b.Remediation = p.stringList(kv.key, kv.v, &b.ValuePos)
		case "depends_on":
			b.DependsOn = p.stringList(kv.key, kv.v, &b.ValuePos)
		case "labels":
			b.Labels = p.stringList(kv.key, kv.v, &b.ValuePos)
		case "status":
			b.Status, ok = p.str(kv.key, kv.v)
		}
		if ok {
			b.ValuePos.set(kv.key, -1, kv.valAt)
		}
	}
	return b, true
}

func (p *parser) dashboard(n *yaml.Node) *Dashboard {
	d := &Dashboard{Pos: p.pos(n)}
	pairs, _ := p.mapping(n, "dashboard", []string{"title"})
	for _, kv := range pairs {
		d.Title, _ = p.str(kv.key, kv.v)
	}
	if strings.TrimSpace(d.Title) == "" {
		p.errorf(n, "dashboard: missing title")
	}
	return d
}

// loginRE is a GitHub login: letters, digits and single hyphens, at most 39.
var loginRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}$`)

func (p *parser) owners(n *yaml.Node) map[string][]string {
	r := resolve(n)
	if r == nil || r.Kind != yaml.MappingNode {
		p.errorf(n, "owners: want a mapping of role to logins, got %s", describe(n))
		return nil
	}
	out := map[string][]string{}
	seen := map[string]int{}
	for i := 0; i+1 < len(r.Content); i += 2 {
		k, v := r.Content[i], r.Content[i+1]
		kr := resolve(k)
		if kr == nil || kr.Kind != yaml.ScalarNode {
			p.errorf(k, "owners: a role must be a plain word, got %s", describe(k))
			continue
		}
		role := kr.Value
		if line, dup := seen[role]; dup {
			p.errorf(k, "duplicate key %s (first at line %d)", quote(role), line)
			continue
		}
		seen[role] = k.Line
		what := "owners." + show(role)
		var at Positions
		logins := p.stringList(what, v, &at)
		for j, login := range logins {
			if !loginRE.MatchString(login) {
				hint := ""
				if strings.HasPrefix(login, "@") {
					hint = " (write it without '@')"
				}
				p.errorAt(posOf(at, fmt.Sprintf("%s[%d]", what, j), p.pos(v)), "%s: %s is not a GitHub login%s", what, quote(login), hint)
			}
		}
		out[role] = logins
	}
	return out
}

// logins reads a list of GitHub logins; a bot's ("name[bot]") is one too.
func (p *parser) logins(key string, n *yaml.Node) []string {
	var at Positions
	out := p.stringList(key, n, &at)
	for j, login := range out {
		if !loginRE.MatchString(strings.TrimSuffix(login, "[bot]")) {
			hint := ""
			if strings.HasPrefix(login, "@") {
				hint = " (write it without '@')"
			}
			p.errorAt(posOf(at, fmt.Sprintf("%s[%d]", key, j), p.pos(n)), "%s: %s is not a GitHub login%s", key, quote(login), hint)
		}
	}
	return out
}

func (p *parser) declared(n *yaml.Node) *Declared {
	d := &Declared{Pos: p.pos(n)}
	pairs, _ := p.mapping(n, "declared", []string{"source", "total", "by_priority", "by_category", "role_hours"})
	for _, kv := range pairs {
		switch kv.key {
		case "source":
			d.Source, _ = p.str(kv.key, kv.v)
		case "total":
			d.Total, _ = p.integer(kv.key, kv.v)
			if d.Total < 0 {
				p.errorf(kv.v, "total: %d is negative", d.Total)
			}
		case "by_priority":
			d.ByPriority = p.counts("declared.by_priority", kv.v, true)
		case "by_category":
			d.ByCategory = p.counts("declared.by_category", kv.v, false)
		case "role_hours":
			d.RoleHours = p.hours(kv.v)
		}
	}
	return d
}

// keyed walks a mapping with free-form keys, reporting duplicates.
func (p *parser) keyed(what string, n *yaml.Node, fn func(key string, k, v *yaml.Node)) {
	r := resolve(n)
	if isNull(r) {
		return
	}
	if r.Kind != yaml.MappingNode {
		p.errorf(n, "%s: want a mapping, got %s", what, describe(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(r.Content); i += 2 {
		k, v := r.Content[i], r.Content[i+1]
		kr := resolve(k)
		if kr == nil || kr.Kind != yaml.ScalarNode {
			p.errorf(k, "%s: a key must be a plain word, got %s", what, describe(k))
			continue
		}
		if line, dup := seen[kr.Value]; dup {
			p.errorf(k, "duplicate key %s (first at line %d)", quote(kr.Value), line)
			continue
		}
		seen[kr.Value] = k.Line
		fn(kr.Value, k, v)
	}
}

func (p *parser) counts(what string, n *yaml.Node, priorities bool) map[string]int {
	out := map[string]int{}
	p.keyed(what, n, func(key string, k, v *yaml.Node) {
		if priorities && !isPriority(key) {
			p.errorf(k, "%s: %s is not one of %s", what, quote(key), strings.Join(Priorities, ", "))
			return
		}
		c, ok := p.integer(show(key), v)
		if !ok {
			return
		}
		if c < 0 {
			p.errorf(v, "%s: %d is negative", show(key), c)
			return
		}
		out[key] = c
	})
	return out
}

func (p *parser) hours(n *yaml.Node) map[string]float64 {
	out := map[string]float64{}
	p.keyed("declared.role_hours", n, func(key string, k, v *yaml.Node) {
		h, ok := p.number(show(key), v)
		if !ok {
			return
		}
		if h < 0 {
			p.errorf(v, "%s: %s is negative", show(key), formatNumber(h))
			return
		}
		out[key] = h
	})
	return out
}

func (p *parser) labelScheme(n *yaml.Node) LabelScheme {
	var s LabelScheme
	pairs, _ := p.mapping(n, "labels", []string{"priority", "category"})
	for _, kv := range pairs {
		if isNull(kv.v) {
			continue
		}
		f := p.labelFamily("labels."+kv.key, kv.v, kv.key == "priority")
		if kv.key == "priority" {
			s.Priority = f
		} else {
			s.Category = f
		}
	}
	return s
}

func (p *parser) labelFamily(what string, n *yaml.Node, priorities bool) LabelFamily {
	f := LabelFamily{Pos: p.pos(n)}
	pairs, _ := p.mapping(n, what, []string{"pattern", "values"})
	for _, kv := range pairs {
		if isNull(kv.v) {
			continue
		}
		switch kv.key {
		case "pattern":
			f.Pattern, _ = p.str(kv.key, kv.v)
			f.PatternPos = kv.valAt
			if !strings.Contains(f.Pattern, "{value}") {
				p.errorf(kv.v, "pattern: %s must contain {value}", quote(f.Pattern))
			}
		case "values":
			f.Values = map[string]LabelStyle{}
			p.keyed(what+".values", kv.v, func(key string, k, v *yaml.Node) {
				if priorities && !isPriority(key) {
					p.errorf(k, "%s.values: %s is not one of %s", what, quote(key), strings.Join(Priorities, ", "))
				}
				f.Values[key] = p.labelStyle(what+".values."+show(key), v)
			})
		}
	}
	return f
}

var colorRE = regexp.MustCompile(`^[0-9A-Fa-f]{6}$`)

func (p *parser) labelStyle(what string, n *yaml.Node) LabelStyle {
	s := LabelStyle{Pos: p.pos(n)}
	pairs, _ := p.mapping(n, what, []string{"color", "description"})
	for _, kv := range pairs {
		v, ok := p.str(kv.key, kv.v)
		if !ok {
			continue
		}
		switch kv.key {
		case "color":
			if v == "" {
				continue
			}
			if !colorRE.MatchString(v) {
				hint := ""
				if strings.HasPrefix(v, "#") {
					hint = " (write it without '#')"
				}
				p.errorf(kv.v, "color: %s is not 6 hex digits%s", quote(v), hint)
				continue
			}
			s.Color = strings.ToLower(v)
		case "description":
			if n := utf8.RuneCountInString(v); n > MaxLabelDescription {
				p.errorf(kv.v, "description: %d characters, GitHub allows at most %d", n, MaxLabelDescription)
			}
			s.Description = v
		}
	}
	return s
}

func isPriority(s string) bool {
	for _, p := range Priorities {
		if s == p {
			return true
		}
	}
	return false
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// dedupe sorts problems and drops repeats: a mistake inside a mapping that is
// merged into several others is one mistake.
func dedupe(ps []Problem) []Problem {
	SortProblems(ps)
	seen := map[Problem]bool{}
	out := ps[:0]
	for _, p := range ps {
		if seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}
