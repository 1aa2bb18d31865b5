package catalog

import (
	"sort"
	"strings"
)

// GitHub's limits on what the catalog turns into, in characters.
const (
	MaxLabelName        = 50
	MaxLabelDescription = 100
	MaxIssueTitle       = 256
	// MaxMilestoneTitle is taken as GitHub's (which it does not document)
	// from the column its titles are kept in.
	MaxMilestoneTitle = 255
)

// Default label patterns.
const (
	DefaultPriorityPattern = "priority/{value}"
	DefaultCategoryPattern = "category/{value}"
)

// ExtraLabelColor is the colour of a blocker's own labels (GitHub's grey).
const ExtraLabelColor = "ededed"

// LabelDef is one label the catalog manages, as GitHub should have it.
type LabelDef struct {
	Name        string
	Color       string
	Description string
	// Pos is where the label's style was written, or zero when it is a default.
	Pos Pos
	// Extra marks a blocker's own label that is not a priority or category
	// label. People use such labels too (bug, needs-design), so ghsync
	// creates one when it is missing but never restyles it, and adds it to
	// issues without taking it off any.
	Extra bool
}

// defaultPriorityStyles follow the legend of the source documents
// (DEPLOYMENT_BLOCKERS_V3.md), in traffic-light colours.
var defaultPriorityStyles = map[string]LabelStyle{
	"P0": {Color: "b60205", Description: "Critical: blocks production deployment completely"},
	"P1": {Color: "d93f0b", Description: "High: significant risk to production"},
	"P2": {Color: "fbca04", Description: "Medium: important for production quality"},
	"P3": {Color: "0e8a16", Description: "Low: nice to have, can defer to post-production"},
}

// categoryPalette holds distinct colours, none of them a priority colour, so
// a category label never reads as an urgency.
var categoryPalette = []string{
	"1d76db", "5319e7", "006b75", "0052cc", "c5def5", "d4c5f9",
	"bfdadc", "f9d0c4", "c2e0c6", "fef2c0", "e99695", "bfd4f2",
}

func pattern(f LabelFamily, def string) string {
	if f.Pattern == "" {
		return def
	}
	return f.Pattern
}

// PriorityLabel is the label that marks priority p.
func (c *Catalog) PriorityLabel(p string) LabelDef {
	f := c.Labels.Priority
	l := LabelDef{Name: strings.ReplaceAll(pattern(f, DefaultPriorityPattern), "{value}", p), Color: ExtraLabelColor}
	if d, ok := defaultPriorityStyles[p]; ok {
		l.Color, l.Description = d.Color, d.Description
	}
	return styled(l, f, p)
}

// CategoryLabel is the label that marks category cat. Its default colour is
// picked by the category's place among the sorted categories in use, so the
// same catalog always gives the same colours.
func (c *Catalog) CategoryLabel(cat string) LabelDef {
	return c.categoryLabel(cat, c.categories())
}

func (c *Catalog) categoryLabel(cat string, sorted []string) LabelDef {
	f := c.Labels.Category
	i := sort.SearchStrings(sorted, cat)
	l := LabelDef{
		Name:        strings.ReplaceAll(pattern(f, DefaultCategoryPattern), "{value}", cat),
		Color:       categoryPalette[i%len(categoryPalette)],
		Description: "Category: " + cat,
	}
	return styled(l, f, cat)
}

// styled applies the catalog's values entry for v, field by field.
func styled(l LabelDef, f LabelFamily, v string) LabelDef {
	s, ok := f.Values[v]
	if !ok {
		return l
	}
	if s.Color != "" {
		l.Color = s.Color
	}
	if s.Description != "" {
		l.Description = s.Description
	}
	l.Pos = s.Pos
	return l
}

// categories are the categories blockers use, sorted.
func (c *Catalog) categories() []string {
	seen := map[string]bool{}
	var out []string
	for _, b := range c.Blockers {
		if b.Category != "" && !seen[b.Category] {
			seen[b.Category] = true
			out = append(out, b.Category)
		}
	}
	sort.Strings(out)
	return out
}

// BlockerLabels are the names of the labels b's issue carries: its priority
// label, its category label, then its own labels, each once ignoring case
// (GitHub does).
func (c *Catalog) BlockerLabels(b Blocker) []string {
	return c.blockerLabels(b, c.categories())
}

// IssueLabels maps every blocker id to BlockerLabels, computing the
// categories in use once (BlockerLabels alone is linear in the catalog).
func (c *Catalog) IssueLabels() map[string][]string {
	cats := c.categories()
	out := make(map[string][]string, len(c.Blockers))
	for _, b := range c.Blockers {
		out[b.ID] = c.blockerLabels(b, cats)
	}
	return out
}

func (c *Catalog) blockerLabels(b Blocker, cats []string) []string {
	var names []string
	if b.Priority != "" {
		names = append(names, c.PriorityLabel(b.Priority).Name)
	}
	if b.Category != "" {
		names = append(names, c.categoryLabel(b.Category, cats).Name)
	}
	names = append(names, b.Labels...)
	seen := map[string]bool{}
	out := names[:0]
	for _, n := range names {
		k := strings.ToLower(n)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	return out
}

// AllLabels is every label the catalog manages, sorted by name: the priority
// and category labels in use, and the blockers' own labels. An own label that
// is the name of a priority or category label (in use or not) gets that
// label's style; other own labels are grey without a description. Names are
// unique ignoring case; the first spelling wins.
func (c *Catalog) AllLabels() []LabelDef {
	cats := c.categories()
	// derived maps every derivable name (ignoring case) to its definition,
	// so an own label like "priority/P2" on a P0 blocker looks like P2's.
	derived := map[string]LabelDef{}
	for _, p := range Priorities {
		l := c.PriorityLabel(p)
		derived[strings.ToLower(l.Name)] = l
	}
	for _, p := range sortedKeys(c.Labels.Priority.Values) {
		l := c.PriorityLabel(p)
		derived[strings.ToLower(l.Name)] = l
	}
	for _, cat := range sortedKeys(c.Labels.Category.Values) {
		l := c.categoryLabel(cat, cats)
		derived[strings.ToLower(l.Name)] = l
	}
	for _, cat := range cats {
		l := c.categoryLabel(cat, cats)
		derived[strings.ToLower(l.Name)] = l
	}

	var out []LabelDef
	seen := map[string]bool{}
	add := func(l LabelDef) {
		k := strings.ToLower(l.Name)
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, l)
	}
	for _, b := range c.Blockers {
		if b.Priority != "" {
			add(c.PriorityLabel(b.Priority))
		}
		if b.Category != "" {
			add(c.categoryLabel(b.Category, cats))
		}
	}
	for _, b := range c.Blockers {
		for _, name := range b.Labels {
			l, ok := derived[strings.ToLower(name)]
			if !ok {
				l = LabelDef{Name: name, Color: ExtraLabelColor, Extra: true}
			}
			l.Name = name
			add(l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
