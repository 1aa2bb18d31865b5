package observed

import "testing"

func TestPrimaryFor(t *testing.T) {
	const bot = "ghsync-bot"
	writers := []string{bot, ActionsBot}
	open := func(n int, author string) Issue { return Issue{Number: n, Author: author, State: "open"} }
	closed := func(n int, author string, reason Reason) Issue {
		return Issue{Number: n, Author: author, State: "closed", StateReason: reason}
	}
	for _, tc := range []struct {
		name  string
		group []Issue
		want  int
	}{
		{"the oldest, open or closed", []Issue{closed(1, bot, "completed"), open(2, bot), open(3, bot)}, 1},
		{"a copy pasted into a person's older issue does not win", []Issue{open(1, "ana"), open(9, bot)}, 9},
		{"the Actions bot is a writer", []Issue{open(1, "ana"), open(9, ActionsBot)}, 9},
		{"the genuine one closed by a person still wins over an open copy", []Issue{closed(9, bot, "completed"), open(12, bot)}, 9},
		{"closed as a duplicate never wins", []Issue{closed(1, bot, "duplicate"), closed(9, bot, "completed")}, 9},
		{"no writer among them: the oldest", []Issue{open(5, "ana"), open(3, "bob")}, 3},
		{"a title never decides", []Issue{{Number: 4, Author: bot, Title: "x"}, {Number: 2, Author: bot, Title: "BLK-01: Cookies"}}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := PrimaryFor(tc.group, writers)
			if !ok || got.Number != tc.want {
				t.Fatalf("PrimaryFor = #%d, %v; want #%d", got.Number, ok, tc.want)
			}
		})
	}
	if _, ok := PrimaryFor(nil, writers); ok {
		t.Fatal("PrimaryFor(nil) found an issue")
	}
}
