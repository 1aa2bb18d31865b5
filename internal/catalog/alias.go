package catalog

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Aliases let a small file stand for a huge catalog: a 1 MiB string named
// by 3,000 aliases is a 1 MiB file that renders 3 GiB of issue bodies.
// yaml.v3 keeps aliases as pointers in the node tree, so the cost comes
// later, from whatever walks the catalog's text once per use. The parser
// refuses a document whose text, with every alias written out, is more than
// expansionFactor times the file's size (and more than expansionFloor, so
// small files may alias freely).
const (
	expansionFactor = 8
	expansionFloor  = 1 << 20
)

// expansionLimit is the most a file of size bytes may expand to.
func expansionLimit(size int) int64 {
	return max(int64(size)*expansionFactor, expansionFloor)
}

// expansion measures a node tree with aliases written out, in document
// order, stopping at the node that takes it over limit. Each node counts 1
// and a scalar also its length, so a tree of many empty values counts too.
// The expanded size of every mapping and list is kept, so an alias costs
// one lookup and the walk is linear in the tree as written.
type expansion struct {
	limit  int64
	total  int64
	over   *yaml.Node // the node that went over, nil while under
	size   map[*yaml.Node]int64
	active map[*yaml.Node]bool // being walked: an alias to one is a cycle
}

// expandedOver returns the node at which root's expanded text passes limit,
// or nil.
func expandedOver(root *yaml.Node, limit int64) *yaml.Node {
	e := &expansion{limit: limit, size: map[*yaml.Node]int64{}, active: map[*yaml.Node]bool{}}
	e.walk(root)
	return e.over
}

func (e *expansion) add(n int64, at *yaml.Node) {
	e.total += n
	if e.total > e.limit && e.over == nil {
		e.over = at
	}
}

func isMergeKey(k *yaml.Node) bool { return k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" }

func (e *expansion) walk(n *yaml.Node) {
	if n == nil || e.over != nil {
		return
	}
	if n.Kind == yaml.ScalarNode || n.Kind == yaml.AliasNode {
		e.add(e.sizeOf(n), n)
		return
	}
	before := e.total
	e.active[n] = true
	e.add(1, n)
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content) && e.over == nil; i += 2 {
			if !isMergeKey(n.Content[i]) {
				e.walk(n.Content[i])
				e.walk(n.Content[i+1])
			}
		}
		e.merges(n)
	} else {
		for _, c := range n.Content {
			e.walk(c)
		}
	}
	delete(e.active, n)
	e.size[n] = e.total - before
}

// sizeOf is the expanded size of a scalar, an alias, or a mapping or list
// already walked. An alias to a node still being walked is a cycle, which
// the parser does not follow, so it costs what it is written as.
func (e *expansion) sizeOf(n *yaml.Node) int64 {
	switch n.Kind {
	case yaml.ScalarNode:
		return 1 + int64(len(n.Value))
	case yaml.AliasNode:
		if n.Alias == nil || n.Alias.Kind == yaml.AliasNode {
			return 1
		}
		return 1 + e.sizeOf(n.Alias)
	}
	return e.size[n]
}

// merges counts what the merge keys of mapping m bring in as the parser
// reads them: every mapping they reach once, however many paths lead to it
// (see parser.merge), so a chain of mappings that each merge the one before
// twice counts what it is, not 2^n.
func (e *expansion) merges(m *yaml.Node) {
	visited := map[*yaml.Node]bool{m: true}
	for i := 0; i+1 < len(m.Content) && e.over == nil; i += 2 {
		if isMergeKey(m.Content[i]) {
			e.merged(m.Content[i+1], m.Content[i+1], visited)
		}
	}
}

// merged counts the pairs of the mappings v names that are not yet visited;
// at is the merge key's value, where going over is reported.
func (e *expansion) merged(v, at *yaml.Node, visited map[*yaml.Node]bool) {
	r := resolve(v)
	if r == nil || visited[r] || e.over != nil {
		return
	}
	visited[r] = true
	switch r.Kind {
	case yaml.SequenceNode:
		for _, c := range r.Content {
			e.merged(c, at, visited)
		}
	case yaml.MappingNode:
		if _, walked := e.size[r]; !walked && !e.active[r] {
			// Written in place (<<: {a: 1}): its text is in the file once.
			e.walk(r)
			return
		}
		e.add(1, at)
		for i := 0; i+1 < len(r.Content) && e.over == nil; i += 2 {
			k, val := r.Content[i], r.Content[i+1]
			if isMergeKey(k) {
				e.merged(val, at, visited)
				continue
			}
			e.add(e.sizeOf(k)+e.sizeOf(val), at)
		}
	}
}

// expansionProblem reports a document that expands past the limit for a file
// of size bytes, at the alias or merge that takes it there.
func (p *parser) expansionProblem(root *yaml.Node, size int) bool {
	limit := expansionLimit(size)
	at := expandedOver(root, limit)
	if at == nil {
		return false
	}
	how := "its aliases"
	switch {
	case at.Kind == yaml.AliasNode:
		how = "alias *" + show(at.Value)
	case at.Kind == yaml.SequenceNode || at.Kind == yaml.MappingNode:
		how = "merge key"
	}
	why := fmt.Sprintf("%d times its %d bytes", expansionFactor, size)
	if limit == expansionFloor {
		why = "the limit for any file under 128 KiB"
	}
	p.errorf(at, "%s expands the file to more than %d bytes (%s); write the text out or use fewer aliases", how, limit, why)
	return true
}
