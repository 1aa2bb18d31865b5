package catalog

import (
	"github.com/ghsync/ghsync/internal/ghname"

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
	key string
	// field is the key's index in the keys the mapping was read with: the
	// row of its table.
	field int
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
		f, ok := p.known(k, name, what, keys)
		if !ok {
			continue
		}
		pairs = append(pairs, pair{key: name, field: f, k: k, v: v, valAt: p.pos(v)})
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
			f, ok := p.known(k, kr.Value, what, keys)
			if !ok {
				continue
			}
			// A merged value keeps the position of the merge key's use, so
			// a problem with it points into this mapping.
			pairs = append(pairs, pair{key: kr.Value, field: f, k: k, v: val, valAt: p.pos(v)})
		}
	default:
		p.errorf(v, "%s: << must name a mapping, got %s", name(kind, ""), describe(v))
	}
	return pairs
}

// known returns the index of name in keys, and reports an unknown key.
func (p *parser) known(k *yaml.Node, name string, what func() string, keys []string) (int, bool) {
	for i, key := range keys {
		if key == name {
			return i, true
		}
	}
	msg := fmt.Sprintf("unknown key %s in %s", quote(name), what())
	if s := suggest(name, keys); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else {
		msg += "; known keys: " + strings.Join(keys, ", ")
	}
	p.errorf(k, "%s", msg)
	return -1, false
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

// catalog fills c from the root node; false when the file is not a catalog
// this build can read.
func (p *parser) catalog(c *Catalog, root *yaml.Node) bool {
	if r := resolve(root); r != nil && r.Kind == yaml.ScalarNode && !isNull(r) {
		// Not even the start of it is repeated: a file that is not a
		// catalog may be anything, a private key included.
		p.errorf(root, `catalog: want a mapping, got text; a catalog file starts with "version: 1"`)
		return false
	}
	pairs, ok := p.mapping(root, catalogSchema.name, catalogSchema.keys)
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
		catalogSchema.fields[kv.field].decode(p, c, kv)
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

// fill reads the mapping n into t by the table s: only its keys, each
// once, merge keys applied; a null value sets nothing. When T keeps
// positions, each value read is recorded. what names the mapping in
// messages. False when n is not a mapping.
func fill[T any](p *parser, s *schema[T], t *T, n *yaml.Node, what string) bool {
	if s.pos != nil {
		*s.pos(t) = p.pos(n)
	}
	pairs, ok := p.mapping(n, what, s.keys)
	if !ok {
		return false
	}
	var at *Positions
	if s.at != nil {
		at = s.at(t)
		at.at = make([]valuePos, 0, positions(pairs))
	}
	for _, kv := range pairs {
		if isNull(kv.v) {
			continue
		}
		if s.fields[kv.field].decode(p, t, kv) && at != nil {
			at.set(kv.key, -1, kv.valAt)
		}
	}
	return true
}

// dashboard reads the dashboard mapping, which needs a title.
func (p *parser) dashboard(n *yaml.Node) *Dashboard {
	d := &Dashboard{}
	fill(p, dashboardSchema, d, n, dashboardSchema.name)
	if strings.TrimSpace(d.Title) == "" {
		p.errorf(n, "dashboard: missing title")
	}
	return d
}

// board reads the board mapping: an owner, a title or a number, known
// field keys.
func (p *parser) board(n *yaml.Node) *Board {
	b := &Board{}
	fill(p, boardSchema, b, n, boardSchema.name)
	if strings.TrimSpace(b.Owner) == "" {
		p.errorf(n, "board: missing owner (the login of the organisation or user the Project belongs to)")
	} else if !ghname.Login(b.Owner) {
		p.errorAt(posOf(b.ValuePos, "owner", b.Pos), "board: owner %s is not a GitHub login", quote(b.Owner))
	}
	switch b.OwnerType {
	case "", "organization", "user":
	default:
		p.errorAt(posOf(b.ValuePos, "owner_type", b.Pos), `board: owner_type %s: want "organization" or "user"`, quote(b.OwnerType))
	}
	if strings.TrimSpace(b.Title) == "" && b.Number == 0 {
		p.errorf(n, "board: missing title (or the number of an existing Project)")
	}
	if b.Number < 0 {
		p.errorAt(posOf(b.ValuePos, "number", b.Pos), "board: number %d is negative", b.Number)
	}
	for i, f := range b.Fields {
		if !slices.Contains(BoardFieldKeys, f) {
			p.errorAt(posOf(b.ValuePos, fmt.Sprintf("fields[%d]", i), b.Pos), "board: fields: unknown field %s; known fields: %s", quote(f), strings.Join(BoardFieldKeys, ", "))
		}
	}
	p.boardNames(b)
	if strings.EqualFold(strings.TrimSpace(b.StatusOption("todo")), strings.TrimSpace(b.StatusOption("done"))) {
		p.errorAt(posOf(b.ValuePos, "status", b.Pos), "board: status: todo and done are both %s; they must be two options of the Status field", quote(b.StatusOption("done")))
	}
	return b
}

// boardNames refuses names the board cannot hold apart: two managed
// fields (or one and the record field) of one name, ignoring case as
// GitHub does, and a field of ghsync's named as one of GitHub's built-in
// fields (Status only for the status key).
func (p *parser) boardNames(b *Board) {
	at := posOf(b.ValuePos, "names", b.Pos)
	seen := map[string]string{}
	for _, key := range []string{"priority", "category", "effort", "gate", "sprint", "target", "status", "record"} {
		managed := b.Manages(key)
		if key == "record" {
			managed = b.Manages("status")
		}
		if !managed {
			continue
		}
		name := b.FieldName(key)
		pos := posOf(b.Names.ValuePos, key, at)
		set := name != BoardFieldDefaults[key]
		// The status key names the Project's own Status field ("Status"
		// by default, or a person's renamed one): only that built-in name
		// is its to take.
		builtin := slices.ContainsFunc(BuiltinBoardFields, func(f string) bool { return strings.EqualFold(f, name) })
		if builtin && !(key == "status" && strings.EqualFold(name, "Status")) {
			p.errorAt(pos, "board: names: %s %s is the name of one of GitHub's built-in Project fields; give it another name", key, quote(name))
			continue
		}
		k := strings.ToLower(strings.TrimSpace(name))
		if other, ok := seen[k]; ok {
			if !set {
				pos = posOf(b.Names.ValuePos, other, at)
			}
			p.errorAt(pos, "board: names: %s and %s are both called %s (field names are unique on a Project, ignoring case); give one another name", other, key, quote(name))
			continue
		}
		seen[k] = key
	}
}

// sprints reads the sprint cadence.
func (p *parser) sprints(n *yaml.Node) *Sprints {
	s := &Sprints{}
	fill(p, sprintsSchema, s, n, sprintsSchema.name)
	if s.Weeks < 0 || s.Weeks > 26 {
		p.errorf(n, "sprints: weeks %d: want 1 to 26 (a sprint is weeks long; 2 by default)", s.Weeks)
	}
	return s
}

func (p *parser) owners(n *yaml.Node) map[string][]string { return p.loginMap("owners", "role", n) }

// categoryOwners reads category_owners, a mapping of category to logins.
func (p *parser) categoryOwners(n *yaml.Node) map[string][]string {
	return p.loginMap("category_owners", "category", n)
}

// checkTrackers refuses a trackers value other than the three it can be.
func (p *parser) checkTrackers(c *Catalog, kv pair) {
	switch c.Trackers {
	case TrackersCategory, TrackersMilestone, TrackersNone:
	default:
		p.errorf(kv.v, "trackers: %s is not one of %s (the default), %s or %s", quote(c.Trackers), TrackersCategory, TrackersMilestone, TrackersNone)
	}
}

// loginMap reads a mapping of what (a role, a category) to the logins of
// people, under key.
func (p *parser) loginMap(key, what string, n *yaml.Node) map[string][]string {
	r := resolve(n)
	if r == nil || r.Kind != yaml.MappingNode {
		p.errorf(n, "%s: want a mapping of %s to logins, got %s", key, what, describe(n))
		return nil
	}
	out := map[string][]string{}
	seen := map[string]int{}
	for i := 0; i+1 < len(r.Content); i += 2 {
		k, v := r.Content[i], r.Content[i+1]
		kr := resolve(k)
		if kr == nil || kr.Kind != yaml.ScalarNode {
			p.errorf(k, "%s: a %s must be a plain word, got %s", key, what, describe(k))
			continue
		}
		role := kr.Value
		if line, dup := seen[role]; dup {
			p.errorf(k, "duplicate key %s (first at line %d)", quote(role), line)
			continue
		}
		seen[role] = k.Line
		// Assignees are people: a bot's login is no owner.
		out[role] = p.logins(key+"."+show(role), v, ghname.Login)
	}
	return out
}

// logins reads a list of GitHub logins, each checked by valid
// (ghname.Login for people, ghname.Author for bots too).
func (p *parser) logins(key string, n *yaml.Node, valid func(string) bool) []string {
	var at Positions
	out := p.stringList(key, n, &at)
	for j, login := range out {
		if !valid(login) {
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
	d := &Declared{}
	fill(p, declaredSchema, d, n, declaredSchema.name)
	return d
}

// checkNotNegative refuses a negative total.
func (p *parser) checkNotNegative(d *Declared, kv pair) {
	if d.Total < 0 {
		p.errorf(kv.v, "%s: %d is negative", kv.key, d.Total)
	}
}

// checkRepository refuses a repository that is not OWNER/NAME.
func (p *parser) checkRepository(c *Catalog, kv pair) {
	if _, _, err := ghname.SplitRepo(c.Repository); err != nil {
		p.errorf(kv.v, "repository: %s is not OWNER/NAME", quote(c.Repository))
	}
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
	fill(p, labelsSchema, &s, n, labelsSchema.name)
	return s
}

// checkPattern refuses a label pattern without {value}, which would give
// every value the same label.
func (p *parser) checkPattern(pattern string, kv pair) {
	if !strings.Contains(pattern, "{value}") {
		p.errorf(kv.v, "pattern: %s must contain {value}", quote(pattern))
	}
}

// labelValues reads the values of the label family what; with priorities,
// each key must be a priority.
func (p *parser) labelValues(what string, n *yaml.Node, priorities bool) map[string]LabelStyle {
	out := map[string]LabelStyle{}
	p.keyed(what+".values", n, func(key string, k, v *yaml.Node) {
		if priorities && !isPriority(key) {
			p.errorf(k, "%s.values: %s is not one of %s", what, quote(key), strings.Join(Priorities, ", "))
		}
		var s LabelStyle
		fill(p, labelStyleSchema, &s, v, what+".values."+show(key))
		out[key] = s
	})
	return out
}

var colorRE = regexp.MustCompile(`^[0-9A-Fa-f]{6}$`)

// color is v, a label color, in lower case; false when it is not one.
func (p *parser) color(v string, kv pair) (string, bool) {
	if !colorRE.MatchString(v) {
		hint := ""
		if strings.HasPrefix(v, "#") {
			hint = " (write it without '#')"
		}
		p.errorf(kv.v, "color: %s is not 6 hex digits%s", quote(v), hint)
		return "", false
	}
	return strings.ToLower(v), true
}

// checkLabelDescription refuses a description longer than GitHub keeps.
func (p *parser) checkLabelDescription(s *LabelStyle, kv pair) {
	if n := utf8.RuneCountInString(s.Description); n > MaxLabelDescription {
		p.errorf(kv.v, "description: %d characters, GitHub allows at most %d", n, MaxLabelDescription)
	}
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

// checkName is the rule of a key that names a GitHub object (an issue type
// or field): the name may not be blank.
func checkName[T any](what string) func(p *parser, t *T, kv pair) {
	return func(p *parser, _ *T, kv pair) {
		if r := resolve(kv.v); r != nil && strings.TrimSpace(r.Value) == "" {
			p.errorf(kv.v, "%s: empty name", what)
		}
	}
}

// names reads a mapping of categories (or, with priorities, priorities)
// to the names of GitHub objects, none blank.
func (p *parser) names(what string, n *yaml.Node, priorities bool) map[string]string {
	out := map[string]string{}
	p.keyed(what, n, func(key string, k, v *yaml.Node) {
		if priorities && !isPriority(key) {
			p.errorf(k, "%s: %s is not one of %s", what, quote(key), strings.Join(Priorities, ", "))
			return
		}
		s, ok := p.str(what+"."+show(key), v)
		if !ok {
			return
		}
		if strings.TrimSpace(s) == "" {
			p.errorf(v, "%s.%s: empty name", what, show(key))
			return
		}
		out[key] = s
	})
	return out
}

// issueTypes reads the issue_types mapping: at most MaxIssueTypes names,
// GitHub's limit for an organisation, and at least one.
func (p *parser) issueTypes(n *yaml.Node) *IssueTypes {
	t := &IssueTypes{KeyPos: map[string]Pos{}}
	fill(p, issueTypesSchema, t, n, issueTypesSchema.name)
	if r := resolve(n); r != nil && r.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(r.Content); i += 2 {
			if k := resolve(r.Content[i]); k != nil && k.Value == "by_category" {
				p.keyed("", r.Content[i+1], func(key string, k, _ *yaml.Node) { t.KeyPos[key] = p.pos(k) })
			}
		}
	}
	names := t.Names()
	switch {
	case len(names) == 0:
		p.errorf(n, "issue_types: names no type; set default, by_category or by_priority (or leave issue_types out)")
	case len(names) > MaxIssueTypes:
		p.errorf(n, "issue_types: %d types, GitHub allows an organisation at most %d", len(names), MaxIssueTypes)
	}
	return t
}

// issueFields reads the issue_fields mapping: at least one field, each
// named once (one field cannot hold two kinds of value).
func (p *parser) issueFields(n *yaml.Node) *IssueFields {
	f := &IssueFields{}
	fill(p, issueFieldsSchema, f, n, issueFieldsSchema.name)
	seen := map[string]string{}
	set := 0
	for _, kv := range []struct{ key, name string }{{"priority", f.Priority}, {"effort", f.Effort}, {"due", f.Due}} {
		if kv.name == "" {
			continue
		}
		set++
		if first, dup := seen[strings.ToLower(kv.name)]; dup {
			p.errorf(n, "issue_fields: %s and %s both name the field %s; each needs a field of its own (a single select, a number, a date)", first, kv.key, quote(kv.name))
			continue
		}
		seen[strings.ToLower(kv.name)] = kv.key
	}
	if set == 0 {
		p.errorf(n, "issue_fields: names no field; set priority, effort or due (or leave issue_fields out)")
	}
	return f
}
