package observed

import "testing"

func TestPrimaryFor(t *testing.T) {
	const title = "BLK-01: Cookies"
	open := func(n int, title string) Issue { return Issue{Number: n, Title: title, State: "open"} }
	closed := func(n int, title, reason string) Issue {
		return Issue{Number: n, Title: title, State: "closed", StateReason: reason}
	}
	for _, tc := range []struct {
		name  string
		group []Issue
		title string
		want  int
	}{
		{"the lowest open one", []Issue{closed(1, title, "completed"), open(2, title), open(3, title)}, title, 2},
		{"a copy pasted into an older issue does not win", []Issue{open(1, "Crash on start"), open(9, title)}, title, 9},
		{"the genuine one closed by a person still wins over an open copy", []Issue{closed(9, title, "completed"), open(12, "Copy")}, title, 9},
		{"closed as a duplicate never wins", []Issue{closed(1, title, "duplicate"), closed(9, title, "completed")}, title, 9},
		{"without a title, open and lowest", []Issue{closed(1, "a", "completed"), open(5, "b"), open(3, "c")}, "", 3},
		{"retitled everywhere: open, then lowest", []Issue{open(4, "x"), open(2, "y")}, title, 2},
		{"all closed: lowest", []Issue{closed(7, "x", "not_planned"), closed(3, "y", "completed")}, title, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := PrimaryFor(tc.group, tc.title)
			if !ok || got.Number != tc.want {
				t.Fatalf("PrimaryFor = #%d, %v; want #%d", got.Number, ok, tc.want)
			}
		})
	}
	if _, ok := PrimaryFor(nil, title); ok {
		t.Fatal("PrimaryFor(nil) found an issue")
	}
}
