package words

import "testing"

func TestWords(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Plural(1, "write"), "1 write"},
		{Plural(0, "write"), "0 writes"},
		{Plural(1146, "write"), "1146 writes"},
		{Count(1146, "write"), "1,146 writes"},
		{Count(1, "read"), "1 read"},
		{Thousands(-1234567), "-1,234,567"},
		{Thousands(999), "999"},
		{Number(0.1 + 0.2), "0.3"},
		{Number(4), "4"},
		{Number(-0.001), "0"},
		{Hours(2.5), "2.5h"},
		{Hours(1.0 / 3), "0.33h"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 4912: "4,912", 1234567: "1,234,567", -4912: "-4,912"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
