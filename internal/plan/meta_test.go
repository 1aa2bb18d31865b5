package plan

import (
	"testing"

	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/observed"
)

func TestSameFieldValue(t *testing.T) {
	for _, tt := range []struct {
		have observed.FieldValue
		want FieldSpec
		same bool
	}{
		{observed.FieldValue{FieldID: 1, Value: "4"}, FieldSpec{FieldID: 1, DataType: observed.FieldNumber, Value: "4"}, true},
		{observed.FieldValue{FieldID: 1, Value: "4.0"}, FieldSpec{FieldID: 1, DataType: observed.FieldNumber, Value: "4"}, true},
		{observed.FieldValue{FieldID: 1, Value: "4.5"}, FieldSpec{FieldID: 1, DataType: observed.FieldNumber, Value: "4"}, false},
		{observed.FieldValue{FieldID: 1, Value: "p0"}, FieldSpec{FieldID: 1, DataType: observed.FieldSingleSelect, Value: "P0"}, true},
		{observed.FieldValue{FieldID: 1, Value: "P1"}, FieldSpec{FieldID: 1, DataType: observed.FieldSingleSelect, Value: "P0"}, false},
		{observed.FieldValue{FieldID: 1, Value: "2026-03-01"}, FieldSpec{FieldID: 1, DataType: observed.FieldDate, Value: "2026-03-01"}, true},
		{observed.FieldValue{}, FieldSpec{FieldID: 1, DataType: observed.FieldDate, Value: "2026-03-01"}, false}, // no value yet
	} {
		if got := sameFieldValue(tt.have, tt.want); got != tt.same {
			t.Errorf("sameFieldValue(%+v, %+v) = %v", tt.have, tt.want, got)
		}
	}
}

// Nothing is asked of GitHub's types and fields unless they were read:
// no meta, no type or field in the plan and no warning.
func TestNoMetaNoTypes(t *testing.T) {
	d := desired.State{Issues: []desired.Issue{{ID: "A", Title: "A: a", Type: "Bug",
		Fields: []desired.FieldValue{{Holds: desired.FieldPriority, Field: "Priority", Value: "P0"}}}}}
	p := Diff(d, observed.State{}, Options{Repository: "o/r"})
	if len(p.Warnings) != 0 || p.Changes[0].Issue.Type != nil || p.Changes[0].Issue.FieldValues != nil {
		t.Errorf("without a read of the owner's types and fields: warnings %v, spec %+v", p.Warnings, p.Changes[0].Issue)
	}
	meta := &observed.IssueMeta{AskedTypes: true, Types: []observed.IssueType{{ID: 1, Name: "bug"}}, AskedFields: true,
		Fields: []observed.IssueField{{ID: 2, Name: "priority", DataType: observed.FieldSingleSelect, Options: []observed.FieldOption{{ID: 3, Name: "p0"}}}}}
	p = Diff(d, observed.State{Meta: meta}, Options{Repository: "o/r"})
	spec := p.Changes[0].Issue
	if len(p.Warnings) != 0 || spec.Type == nil || *spec.Type != "bug" || len(spec.FieldValues) != 1 || spec.FieldValues[0] != (FieldSpec{FieldID: 2, Field: "priority", DataType: observed.FieldSingleSelect, Value: "p0"}) {
		t.Errorf("types and fields as GitHub spells them: warnings %v, spec %+v %+v", p.Warnings, spec, spec.FieldValues)
	}
}

// Issues listed without issue_field_values: their fields are unknown, so
// no update is planned for them (it would be planned on every run) and
// the plan says why.
func TestFieldsNotListed(t *testing.T) {
	want := desired.Issue{ID: "A", Title: "A: a", Managed: "m",
		Fields: []desired.FieldValue{{Holds: desired.FieldEffort, Field: "Effort", Value: "4"}}}
	d := desired.State{Issues: []desired.Issue{want}}
	meta := &observed.IssueMeta{AskedFields: true, Fields: []observed.IssueField{{ID: 2, Name: "Effort", DataType: observed.FieldNumber}}}
	synced := Diff(d, observed.State{Meta: meta}, Options{Repository: "o/r"}).Changes[0]
	is := observed.Issue{Number: 1, Title: want.Title, Body: *synced.Issue.Body, State: observed.Open}
	for _, tt := range []struct {
		listed  bool
		changes int
		warns   int
	}{{true, 1, 0}, {false, 0, 1}} {
		is.FieldsListed = tt.listed
		p := Diff(d, observed.State{Meta: meta, Issues: []observed.Issue{is}}, Options{Repository: "o/r"})
		if len(p.Changes) != tt.changes || len(p.Warnings) != tt.warns {
			t.Errorf("listed %v: %d changes %v, warnings %v; want %d and %d", tt.listed, len(p.Changes), p.Changes, p.Warnings, tt.changes, tt.warns)
		}
	}
}
