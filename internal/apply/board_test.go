package apply

import (
	"testing"

	"github.com/ghsync/ghsync/internal/observed"
	"github.com/ghsync/ghsync/internal/plan"
)

// A value the board cannot take (a person removed the option, renamed
// the field, after the plan was made) leaves out that item only: the
// error is per object, the run goes on.
func TestItemValueErrorsArePerObject(t *testing.T) {
	r := &runner{boardCtx: &plan.BoardContext{Fields: []observed.BoardField{
		{Name: "Status", DatabaseID: 1, DataType: "SINGLE_SELECT", Options: []observed.BoardOption{{ID: "a", Name: "Backlog"}}},
		{Name: "Effort", DatabaseID: 2, DataType: "NUMBER"},
		{Name: "Target date", DatabaseID: 3, DataType: "DATE"},
	}}}
	for _, v := range []plan.BoardValue{
		{Field: "Status", Value: "Todo"},
		{Field: "Effort", Value: "four"},
		{Field: "Target date", Value: "soon"},
		{Field: "Sprint", Value: "Sprint 1"},
	} {
		_, err := r.itemValues([]plan.BoardValue{v})
		if err == nil || !perObject(err) {
			t.Errorf("%+v: error %v, per object %v", v, err, err != nil && perObject(err))
		}
	}
	if got, err := r.itemValues([]plan.BoardValue{{Field: "Status", Value: "Backlog"}, {Field: "Effort", Value: "4"}}); err != nil || len(got) != 2 || got[0].Value != "a" || got[1].Value != 4.0 {
		t.Errorf("good values: %+v, %v", got, err)
	}
}
