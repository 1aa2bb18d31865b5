// Package words formats the numbers ghsync's messages are made of, the same
// way in every command: counts with their noun, thousands, hours.
package words

import (
	"math"
	"strconv"
	"strings"
)

// Plural is n with word, made plural with an s unless n is 1: "1 write",
// "2 writes".
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// Count is Plural with thousands separated: "1,146 writes".
func Count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return Thousands(n) + " " + word + "s"
}

// Thousands prints 4912 as "4,912".
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Round rounds hours to hundredths, so sums of fractions do not carry float
// noise (0.30000000000000004).
func Round(h float64) float64 { return math.Round(h*100) / 100 }

// Number formats a count or an amount of hours with at most two decimals
// and no trailing zeros: 4, 2.5, 0.33.
func Number(f float64) string {
	s := strconv.FormatFloat(Round(f), 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// Hours is Number with an h: 4h, 2.5h.
func Hours(h float64) string { return Number(h) + "h" }
