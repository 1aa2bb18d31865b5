package plan

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/marker"
	"github.com/ghsync/ghsync/internal/observed"
)

// Issue types and issue fields are set only where the repository's owner
// has them: a type or field GitHub would refuse is never sent. What the
// catalog asks for and the owner lacks is a warning (metaWarnings), and
// the labels carry the information as they always do.

// wantType is the issue type want's issue should have, as the owner spells
// it, when the owner has it.
func wantType(want desired.Issue, meta *observed.IssueMeta) (observed.IssueType, bool) {
	if want.Type == "" || meta == nil || !meta.AskedTypes {
		return observed.IssueType{}, false
	}
	return meta.Type(want.Type)
}

// wantFields are the issue field values want's issue should have that the
// owner can hold: the field exists with the right data type and, for a
// single select, has the option.
func wantFields(want desired.Issue, meta *observed.IssueMeta) []FieldSpec {
	if len(want.Fields) == 0 || meta == nil || !meta.AskedFields {
		return nil
	}
	var out []FieldSpec
	for _, v := range want.Fields {
		f, ok := meta.Field(v.Field)
		if !ok || f.DataType != v.DataType() {
			continue
		}
		value := v.Value
		if f.DataType == observed.FieldSingleSelect {
			o, ok := f.Option(v.Value)
			if !ok {
				continue
			}
			value = o.Name
		}
		out = append(out, FieldSpec{FieldID: f.ID, Field: f.Name, DataType: f.DataType, Value: value})
	}
	return out
}

// sameFieldValue reports whether the issue's value have is already want.
func sameFieldValue(have observed.FieldValue, want FieldSpec) bool {
	if have.FieldID != want.FieldID {
		return false
	}
	switch want.DataType {
	case observed.FieldSingleSelect:
		return strings.EqualFold(have.Value, want.Value)
	case observed.FieldNumber:
		a, errA := strconv.ParseFloat(have.Value, 64)
		b, errB := strconv.ParseFloat(want.Value, 64)
		return errA == nil && errB == nil && a == b
	}
	return have.Value == want.Value
}

// metaWarnings says what of the catalog's issue types and fields the
// repository's owner cannot hold, one line each, counting the blockers
// concerned.
func metaWarnings(d desired.State, o observed.State, repo string) []string {
	meta := o.Meta
	if meta == nil {
		return nil
	}
	var out []string
	if meta.AskedTypes {
		missing := map[string]int{}
		var names []string
		for _, is := range d.Issues {
			if is.Type == "" {
				continue
			}
			if _, ok := meta.Type(is.Type); !ok {
				if missing[is.Type] == 0 {
					names = append(names, is.Type)
				}
				missing[is.Type]++
			}
		}
		switch {
		case len(names) == 0:
		case meta.TypesProblem != "":
			out = append(out, fmt.Sprintf("issue types: could not read the issue types of %s: %s; no issue type is set, the labels carry priority and category", repo, meta.TypesProblem))
		default:
			have := "it has none: create them in the owner's settings, an organisation's or a personal account's"
			if len(meta.Types) > 0 {
				var ts []string
				for _, t := range meta.Types {
					// Quoted: the names are the organisation's, and a
					// control character must not reach a terminal.
					ts = append(ts, fmt.Sprintf("%q", t.Name))
				}
				have = "it has " + strings.Join(ts, ", ")
			}
			for _, n := range names {
				out = append(out, fmt.Sprintf("issue type %q does not exist for %s (%s): %s without a type, the labels carry priority and category", n, repo, have, blockers(missing[n])))
			}
		}
	}
	if meta.AskedFields {
		type miss struct {
			field, why string
		}
		count := map[miss]int{}
		var order []miss
		for _, is := range d.Issues {
			for _, v := range is.Fields {
				why := fieldProblem(v, meta)
				if why == "" {
					continue
				}
				k := miss{v.Field, why}
				if count[k] == 0 {
					order = append(order, k)
				}
				count[k]++
			}
		}
		if len(order) > 0 && meta.FieldsProblem != "" {
			out = append(out, fmt.Sprintf("issue fields: could not read the issue fields of %s: %s; no issue field is set, the labels and the body carry priority, effort and due date", meta.Owner, meta.FieldsProblem))
		} else {
			sort.SliceStable(order, func(i, j int) bool { return order[i].field < order[j].field })
			for _, k := range order {
				out = append(out, fmt.Sprintf("issue field %q of %s %s: %s without it, the labels and the body carry the value", k.field, meta.Owner, k.why, blockers(count[k])))
			}
		}
		if unlisted(d, o) {
			out = append(out, fmt.Sprintf("the issue list of %s carries no issue field values: ghsync sets the fields when it creates an issue, and cannot tell when they differ later", repo))
		}
	}
	return out
}

// unlisted reports whether a managed issue whose fields ghsync would set
// came without issue_field_values (see observed.Issue.FieldsListed).
func unlisted(d desired.State, o observed.State) bool {
	want := map[string]bool{}
	for _, is := range d.Issues {
		if len(wantFields(is, o.Meta)) > 0 {
			want[is.Key().ID] = true
		}
	}
	for _, is := range o.Issues {
		if !is.FieldsListed {
			if k, ok := marker.Find(is.Body); ok && k.Kind == marker.Blocker && want[k.ID] {
				return true
			}
		}
	}
	return false
}

// fieldProblem says why the owner cannot hold v, "" when it can.
func fieldProblem(v desired.FieldValue, meta *observed.IssueMeta) string {
	if meta.FieldsProblem != "" {
		return meta.FieldsProblem
	}
	f, ok := meta.Field(v.Field)
	switch {
	case !ok:
		return "does not exist"
	case f.DataType != v.DataType():
		return fmt.Sprintf("is a %s field, %s needs a %s field", f.DataType, v.Holds, v.DataType())
	case f.DataType == observed.FieldSingleSelect:
		if _, ok := f.Option(v.Value); !ok {
			return fmt.Sprintf("has no option %q", v.Value)
		}
	}
	return ""
}

func blockers(n int) string {
	if n == 1 {
		return "1 blocker"
	}
	return fmt.Sprintf("%d blockers", n)
}
