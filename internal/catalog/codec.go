package catalog

import (
	"github.com/ghsync/ghsync/internal/ghname"
	"slices"
	"strconv"

	"gopkg.in/yaml.v3"
)

// A codec moves the value of one key between a YAML node and the field of
// T that holds it. Each is made from an accessor of that field, so the
// parser, the encoder and Load's merge cannot disagree on where a key's
// value lives.
type codec[T any] struct {
	kind kind
	// decode reads the value kv holds (never null) into t; false when the
	// value was refused, so its position is not recorded.
	decode func(p *parser, t *T, kv pair) bool
	// encode is the value as a node; zero reports that there is none, so
	// an optional key is left out.
	encode func(t *T) *yaml.Node
	zero   func(t *T) bool
	// take sets dst's value to src's: how Load merges a file's key in.
	take func(dst, src *T)
}

// then adds a rule about the value alone, checked once it was read.
func (c codec[T]) then(rule func(p *parser, t *T, kv pair)) codec[T] {
	decode := c.decode
	c.decode = func(p *parser, t *T, kv pair) bool {
		ok := decode(p, t, kv)
		if ok {
			rule(p, t, kv)
		}
		return ok
	}
	return c
}

// scalar is the codec of a key with one value of type V, read by read and
// written by write; V's zero value is "not set".
func scalar[T any, V comparable](k kind, get func(*T) *V, read func(p *parser, key string, n *yaml.Node) (V, bool), write func(V) *yaml.Node) codec[T] {
	return codec[T]{
		kind: k,
		decode: func(p *parser, t *T, kv pair) bool {
			v, ok := read(p, kv.key, kv.v)
			*get(t) = v
			return ok
		},
		encode: func(t *T) *yaml.Node { return write(*get(t)) },
		zero: func(t *T) bool {
			var z V
			return *get(t) == z
		},
		take: func(dst, src *T) { *get(dst) = *get(src) },
	}
}

func strCodec[T any](get func(*T) *string) codec[T] {
	return scalar(kindString, get, (*parser).str, strNode)
}

func intCodec[T any](get func(*T) *int) codec[T] {
	return scalar(kindInt, get, (*parser).integer, intNode)
}

func numberCodec[T any](get func(*T) *float64) codec[T] {
	return scalar(kindNumber, get, (*parser).number, numberNode)
}

func dateCodec[T any](get func(*T) *Date) codec[T] {
	return scalar(kindDate, get, (*parser).date, func(d Date) *yaml.Node { return plainNode(d.String()) })
}

// versionCodec writes the version; reading it is parser.catalog's, before
// any other key, and Load sets it once every file has read.
func versionCodec() codec[Catalog] {
	c := intCodec(func(c *Catalog) *int { return &c.Version })
	c.decode = func(*parser, *Catalog, pair) bool { return true }
	c.take = nil
	return c
}

// startCodec also keeps where the start date was written, for messages
// about due weeks, whether or not it reads.
func startCodec() codec[Catalog] {
	c := dateCodec(func(c *Catalog) *Date { return &c.Start })
	decode := c.decode
	c.decode = func(p *parser, cat *Catalog, kv pair) bool {
		cat.StartPos = kv.valAt
		return decode(p, cat, kv)
	}
	c.take = func(dst, src *Catalog) { dst.Start, dst.StartPos = src.Start, src.StartPos }
	return c
}

// patternCodec keeps where the pattern was written and checks it holds
// {value} even when it is not a string, as the empty pattern then read.
func patternCodec() codec[LabelFamily] {
	c := strCodec(func(f *LabelFamily) *string { return &f.Pattern })
	c.decode = func(p *parser, f *LabelFamily, kv pair) bool {
		f.Pattern, _ = p.str(kv.key, kv.v)
		f.PatternPos = kv.valAt
		p.checkPattern(f.Pattern, kv)
		return true
	}
	return c
}

// colorCodec keeps a valid color in lower case and refuses others.
func colorCodec() codec[LabelStyle] {
	c := strCodec(func(s *LabelStyle) *string { return &s.Color })
	c.decode = func(p *parser, s *LabelStyle, kv pair) bool {
		v, ok := p.str(kv.key, kv.v)
		if !ok || v == "" {
			return ok
		}
		s.Color, ok = p.color(v, kv)
		return ok
	}
	return c
}

// listCodec is the codec of a list of strings, each entry's position
// recorded in at; style is how the list is written (yaml.FlowStyle for
// lists of ids, on one line).
func listCodec[T any](get func(*T) *[]string, at func(*T) *Positions, style yaml.Style) codec[T] {
	return codec[T]{
		kind: kindList,
		decode: func(p *parser, t *T, kv pair) bool {
			*get(t) = p.stringList(kv.key, kv.v, at(t))
			return true
		},
		encode: func(t *T) *yaml.Node { return listNode(*get(t), style) },
		zero:   func(t *T) bool { return len(*get(t)) == 0 },
		take:   func(dst, src *T) { *get(dst) = *get(src) },
	}
}

// loginsCodec is the codec of a list of GitHub logins, bots included.
func loginsCodec[T any](get func(*T) *[]string) codec[T] {
	c := listCodec(get, nil, yaml.FlowStyle)
	c.decode = func(p *parser, t *T, kv pair) bool {
		*get(t) = p.logins(kv.key, kv.v, ghname.Author)
		return true
	}
	return c
}

// entriesCodec is the codec of a list of mappings of the table s. With
// release, each entry's nodes are let go once it is read: the tree of a
// large catalog is ten times its text, and the peak of a command's memory.
// An anchored list is kept whole, as an alias elsewhere may read it again.
func entriesCodec[T, E any](get func(*T) *[]E, s *schema[E], release bool) codec[T] {
	return codec[T]{
		kind: kindEntries,
		decode: func(p *parser, t *T, kv pair) bool {
			nodes, _ := p.list(kv.key, kv.v)
			release := release && resolve(kv.v).Anchor == ""
			list := get(t)
			*list = slices.Grow(*list, len(nodes))
			for i, n := range nodes {
				// Read in place: an entry read into a variable of its own
				// would be one more allocation for every blocker.
				var zero E
				*list = append(*list, zero)
				last := len(*list) - 1
				if !fill(p, s, &(*list)[last], n, s.name) {
					(*list)[last] = zero
					*list = (*list)[:last]
				}
				if release {
					nodes[i] = nil // an alias keeps what it names
				}
			}
			return true
		},
		encode: func(t *T) *yaml.Node {
			seq := &yaml.Node{Kind: yaml.SequenceNode}
			for i := range *get(t) {
				seq.Content = append(seq.Content, s.node(&(*get(t))[i]))
			}
			return seq
		},
		zero: func(t *T) bool { return len(*get(t)) == 0 },
		// Lists of entries add up across files.
		take: func(dst, src *T) { *get(dst) = append(*get(dst), *get(src)...) },
	}
}

// nested is the codec of a mapping of the table s held as a value, read by
// read (which adds the rules about the whole mapping); it is unset while
// every field of it is.
func nested[T, V any](get func(*T) *V, s *schema[V], read func(p *parser, n *yaml.Node) V) codec[T] {
	return codec[T]{
		kind: kindMapping,
		decode: func(p *parser, t *T, kv pair) bool {
			*get(t) = read(p, kv.v)
			return true
		},
		encode: func(t *T) *yaml.Node { return s.node(get(t)) },
		zero:   func(t *T) bool { return s.zero(get(t)) },
		take:   func(dst, src *T) { *get(dst) = *get(src) },
	}
}

// nestedPtr is nested for a mapping held by pointer: nil is unset, and an
// empty mapping is still written.
func nestedPtr[T, V any](get func(*T) **V, s *schema[V], read func(p *parser, n *yaml.Node) *V) codec[T] {
	return codec[T]{
		kind: kindMapping,
		decode: func(p *parser, t *T, kv pair) bool {
			*get(t) = read(p, kv.v)
			return true
		},
		encode: func(t *T) *yaml.Node { return s.node(*get(t)) },
		zero:   func(t *T) bool { return *get(t) == nil },
		take:   func(dst, src *T) { *get(dst) = *get(src) },
	}
}

// mapCodec is the codec of a mapping of free keys: read reads it, and it
// is written with its keys in the order cmp gives, each value by write.
func mapCodec[T, V any](get func(*T) *map[string]V, read func(p *parser, n *yaml.Node) map[string]V, cmp func(a, b string) int, write func(V) *yaml.Node) codec[T] {
	return codec[T]{
		kind: kindMap,
		decode: func(p *parser, t *T, kv pair) bool {
			*get(t) = read(p, kv.v)
			return true
		},
		encode: func(t *T) *yaml.Node {
			m := *get(t)
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			slices.SortFunc(keys, cmp)
			out := &yaml.Node{Kind: yaml.MappingNode}
			for _, k := range keys {
				out.Content = append(out.Content, strNode(k), write(m[k]))
			}
			return out
		},
		zero: func(t *T) bool { return len(*get(t)) == 0 },
		take: func(dst, src *T) { *get(dst) = *get(src) },
	}
}

// familyReader reads a label family of the table s.
func familyReader(s *schema[LabelFamily]) func(p *parser, n *yaml.Node) LabelFamily {
	return func(p *parser, n *yaml.Node) LabelFamily {
		var f LabelFamily
		fill(p, s, &f, n, s.name)
		return f
	}
}

// strNode is a string, quoted only where YAML would read it otherwise; one
// with a line break is written as a literal block.
func strNode(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// plainNode is a scalar written as it is: numbers and dates.
func plainNode(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

func intNode(n int) *yaml.Node { return plainNode(strconv.Itoa(n)) }

// numberNode writes a number without a trailing ".0".
func numberNode(f float64) *yaml.Node { return plainNode(formatNumber(f)) }

func listNode(items []string, style yaml.Style) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: style}
	for _, s := range items {
		seq.Content = append(seq.Content, strNode(s))
	}
	return seq
}

// flowList is a list of ids or logins, on one line.
func flowList(items []string) *yaml.Node { return listNode(items, yaml.FlowStyle) }
