package apply

import (
	"errors"
	"testing"

	"github.com/ghsync/ghsync/internal/plan"
)

func closes(n int, notDestructive int) plan.Plan {
	var p plan.Plan
	for i := 0; i < n; i++ {
		num := i + 1
		p.Add(plan.Change{Kind: plan.KindIssue, Action: plan.Close, ID: "X", Number: &num})
	}
	for i := 0; i < notDestructive; i++ {
		p.Add(plan.Change{Kind: plan.KindIssue, Action: plan.Close, ID: "Y", NotDestructive: true})
	}
	return p
}

func TestGuard(t *testing.T) {
	tests := []struct {
		name        string
		closes      int
		safe        int
		openManaged int
		allow       bool
		refused     bool
	}{
		{"nothing closed", 0, 0, 0, false, false},
		{"a quarter exactly is allowed", 1, 0, 4, false, false},
		{"more than a quarter", 2, 0, 4, false, true},
		{"ten of a hundred", 10, 0, 100, false, false},
		{"eleven of a hundred", 11, 0, 100, false, true},
		{"allowed by flag", 50, 0, 60, true, false},
		{"closes of issues created closed do not count", 0, 30, 4, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Guard(closes(tt.closes, tt.safe), tt.openManaged, tt.allow)
			if got := errors.Is(err, ErrMassClose); got != tt.refused {
				t.Fatalf("refused = %v (%v), want %v", got, err, tt.refused)
			}
		})
	}
}
