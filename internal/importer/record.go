package importer

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ghsync/ghsync/internal/catalog"
)

// Field names of a blocker record, in the order the catalog writes them.
// They are the catalog's YAML keys, so reports use the words a reader of the
// catalog sees; TestFieldsAreCatalogKeys keeps them the catalog's.
const (
	fTitle       = "title"
	fPriority    = "priority"
	fCategory    = "category"
	fMilestone   = "milestone"
	fEffort      = "effort_hours"
	fAssignee    = "assignee"
	fModule      = "module"
	fDescription = "description"
	fRisk        = "risk"
	fEvidence    = "evidence"
	fRemediation = "remediation"
	fDependsOn   = "depends_on"
)

var fieldOrder = []string{
	fTitle, fPriority, fCategory, fMilestone, fEffort, fAssignee,
	fModule, fDescription, fRisk, fEvidence, fRemediation, fDependsOn,
}

// isList reports whether the field holds a list rather than one string.
func isList(field string) bool { return field == fRemediation || field == fDependsOn }

// value is one field of a record as a source gave it.
type value struct {
	text string   // scalar fields; effort_hours in canonical number form
	list []string // list fields; empty (not absent) when the source said "None"
	line int      // line in the markdown; 0 for JSON
}

// record is one blocker as one source describes it; a field is absent when
// the source does not give it, so merging can tell "missing" from "empty".
type record struct {
	id     string
	line   int
	fields map[string]value
}

func newRecord(id string, line int) *record {
	return &record{id: id, line: line, fields: map[string]value{}}
}

func (r *record) has(field string) bool { _, ok := r.fields[field]; return ok }

// normalize is the text compared when merging: formatting that differs
// between the sources (whitespace, backticks, code fences) is not a conflict.
func normalize(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if isFence(line) {
			continue
		}
		b.WriteString(line)
		b.WriteByte(' ')
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(b.String(), "`", "")), " ")
}

// compareText is the normalised form of a field for conflict detection.
func (v value) compareText(field string) string {
	if !isList(field) {
		return normalize(v.text)
	}
	items := make([]string, len(v.list))
	for i, s := range v.list {
		items[i] = normalize(s)
	}
	if field == fDependsOn {
		sort.Strings(items)
	}
	return strings.Join(items, "; ")
}

// formatHours writes hours without a trailing ".0".
func formatHours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

var idRE = regexp.MustCompile(`^P(\d+)-(\d+)$`)

// priorityRank orders P0 before P1 and unknown priorities last.
func priorityRank(p string) int {
	for i, q := range catalog.Priorities {
		if p == q {
			return i
		}
	}
	return len(catalog.Priorities)
}

// lessID orders blocker ids naturally (P1-2 before P1-10); ids of another
// shape sort after, by text.
func lessID(a, b string) bool {
	ma, mb := idRE.FindStringSubmatch(a), idRE.FindStringSubmatch(b)
	switch {
	case ma != nil && mb != nil:
		for i := 1; i <= 2; i++ {
			x, _ := strconv.Atoi(ma[i])
			y, _ := strconv.Atoi(mb[i])
			if x != y {
				return x < y
			}
		}
		return a < b
	case ma != nil:
		return true
	case mb != nil:
		return false
	}
	return a < b
}

func sortIDs(ids []string) { sort.Slice(ids, func(i, j int) bool { return lessID(ids[i], ids[j]) }) }

// priorityOfID is "P1" for "P1-007", or "" when the id has another shape.
func priorityOfID(id string) string {
	if m := idRE.FindStringSubmatch(id); m != nil {
		return "P" + m[1]
	}
	return ""
}

// lessMilestone orders M2 before M10.
func lessMilestone(a, b string) bool {
	na, ea := strconv.Atoi(strings.TrimPrefix(a, "M"))
	nb, eb := strconv.Atoi(strings.TrimPrefix(b, "M"))
	if ea == nil && eb == nil && na != nb {
		return na < nb
	}
	if (ea == nil) != (eb == nil) {
		return ea == nil
	}
	return a < b
}

// sortedKeys returns the keys of m in the order less gives.
func sortedKeys[V any](m map[string]V, less func(a, b string) bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return less(keys[i], keys[j]) })
	return keys
}

func lessString(a, b string) bool { return a < b }

func lessPriority(a, b string) bool {
	if ra, rb := priorityRank(a), priorityRank(b); ra != rb {
		return ra < rb
	}
	return a < b
}
