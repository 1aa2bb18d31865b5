// Package progress is how a catalog's work moves over time: the history of
// snapshots the dashboard keeps, the burndown against the plan, the
// velocity of the last four weeks, a forecast for every milestone and gate,
// and the work that is ready to start. Everything here is a pure function
// of its inputs and of the day it is asked about: there is no clock, no
// GitHub and no state of its own, so every figure can be tested for any day.
package progress

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/words"
)

// Point is the catalog's figures at the end of one day (UTC).
type Point struct {
	Date catalog.Date `json:"date"`
	// Done and Left are hours: done, and open or not synced (dropped work
	// is neither); Open counts the blockers with work left.
	Done float64 `json:"hours_done"`
	Left float64 `json:"hours_left"`
	Open int     `json:"open"`
}

// same reports whether p and q hold the same figures, whatever their days.
func (p Point) same(q Point) bool { return p.Done == q.Done && p.Left == q.Left && p.Open == q.Open }

// History is a step series of points, oldest first, one a day at most: a
// point is added only when the figures differ from the last one, so the
// figures of any day are those of the last point on or before it and the
// series loses nothing by leaving the quiet days out. That is also what
// keeps a dashboard that carries it unchanged (no write) while nothing
// happens.
type History []Point

// MaxPoints is the most points a history keeps (see With): with points
// for the last eight weeks and one a week before, about three years, in
// some 7,000 characters of the dashboard's body (GitHub allows 65,536).
const MaxPoints = 200

// MaxRecord is the longest history record Parse reads, in bytes: well
// above what MaxPoints points take, so only a record someone padded is
// refused.
const MaxRecord = 16 << 10

// recent is how far back from the newest point every point is kept; older
// ones are thinned to the last of each week, which the weekly burndown
// and the four-week velocity need no finer.
const recent = 56

// limit bounds every figure a record may carry; anything larger was not
// written by ghsync.
const limit = 1e7

const historyPrefix = "<!-- ghsync:history "

// historyVersion is the record's format: a new format gets a new word, and
// an old ghsync ignores it (with a note) rather than misreading it.
const historyVersion = "v1"

// Line renders the history as the hidden comment the dashboard carries:
//
//	<!-- ghsync:history v1 2026-02-02=0/364/53 2026-02-09=12.5/351.5/50 -->
//
// "" for an empty history.
func (h History) Line() string {
	if len(h) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(historyPrefix + historyVersion)
	for _, p := range h {
		fmt.Fprintf(&b, " %s=%s/%s/%d", p.Date, number(p.Done), number(p.Left), p.Open)
	}
	b.WriteString(" -->")
	return b.String()
}

func number(f float64) string { return strconv.FormatFloat(words.Round(f), 'f', -1, 64) }

// Parse reads the history record in s (the dashboard's managed region).
// found is false when there is none. A record that is not exactly what
// Line writes (too long, an unknown version, a bad date or number, days out
// of order, more than MaxPoints) is an error, and the caller ignores it:
// the dashboard's body can be edited by any writer of the repository, and
// a record that cannot be trusted is worth less than none (the history is
// then rebuilt from the issues' closing dates).
func Parse(s string) (h History, found bool, err error) {
	i := strings.Index(s, historyPrefix)
	if i < 0 {
		return nil, false, nil
	}
	rest := s[i+len(historyPrefix):]
	j := strings.Index(rest, " -->")
	if j < 0 {
		return nil, true, fmt.Errorf("the history record has no end")
	}
	if j > MaxRecord {
		return nil, true, fmt.Errorf("the history record is longer than %d bytes", MaxRecord)
	}
	fields := strings.Fields(rest[:j])
	if len(fields) == 0 || fields[0] != historyVersion {
		return nil, true, fmt.Errorf("the history record is not of version %s", historyVersion)
	}
	if len(fields)-1 > MaxPoints {
		return nil, true, fmt.Errorf("the history record holds more than %d points", MaxPoints)
	}
	for _, f := range fields[1:] {
		p, err := parsePoint(f)
		if err != nil {
			return nil, true, fmt.Errorf("the history record's point %q: %w", truncated(f), err)
		}
		if len(h) > 0 && !h[len(h)-1].Date.Before(p.Date) {
			return nil, true, fmt.Errorf("the history record's days are out of order at %s", p.Date)
		}
		h = append(h, p)
	}
	return h, true, nil
}

func parsePoint(f string) (Point, error) {
	day, figures, ok := strings.Cut(f, "=")
	parts := strings.Split(figures, "/")
	if !ok || len(parts) != 3 {
		return Point{}, fmt.Errorf("not DATE=DONE/LEFT/OPEN")
	}
	d, err := catalog.ParseDate(day)
	if err != nil {
		return Point{}, err
	}
	if d.Year < 2000 {
		// Year 0 would be the zero Date; nothing of GitHub's is older.
		return Point{}, fmt.Errorf("day %s is before 2000", day)
	}
	p := Point{Date: d}
	for i, dst := range []*float64{&p.Done, &p.Left} {
		v, err := strconv.ParseFloat(parts[i], 64)
		if err != nil || math.IsNaN(v) || v < 0 || v > limit {
			return Point{}, fmt.Errorf("hours %q are not a number from 0 to %g", truncated(parts[i]), float64(limit))
		}
		*dst = words.Round(v)
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil || n < 0 || n > limit {
		return Point{}, fmt.Errorf("count %q is not a whole number from 0 to %g", truncated(parts[2]), float64(limit))
	}
	p.Open = n
	return p, nil
}

// truncated keeps error messages short whatever a record holds.
func truncated(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// With is h with today's point p: unchanged when p's figures are the last
// point's (a step series needs no new point, and the dashboard no write),
// replacing the last point when it is of the same day, appended otherwise.
// Points after p's day (a clock set back) are dropped. The result is
// thinned: every point of the last eight weeks, the last of each week
// before, at most MaxPoints. With never changes h.
func (h History) With(p Point) History {
	out := make(History, 0, len(h)+1)
	for _, q := range h {
		if !p.Date.Before(q.Date) {
			out = append(out, q)
		}
	}
	switch {
	case len(out) > 0 && out[len(out)-1].same(p):
	case len(out) > 0 && out[len(out)-1].Date == p.Date:
		out[len(out)-1] = p
	default:
		out = append(out, p)
	}
	return out.thin()
}

// thin keeps every point within recent days of the newest, the last point
// of each ISO week before, and at most MaxPoints (the newest). Thinning a
// thinned history changes nothing, so a dashboard stays as it is.
func (h History) thin() History {
	if len(h) == 0 {
		return h
	}
	cut := h[len(h)-1].Date.AddDays(-recent)
	out := make(History, 0, len(h))
	for i, p := range h {
		if p.Date.Before(cut) && i+1 < len(h) && h[i+1].Date.Before(cut) && sameWeek(p.Date, h[i+1].Date) {
			continue // a later point of the same old week stands for it
		}
		out = append(out, p)
	}
	if len(out) > MaxPoints {
		out = out[len(out)-MaxPoints:]
	}
	return out
}

func sameWeek(a, b catalog.Date) bool {
	ya, wa := a.Time().ISOWeek()
	yb, wb := b.Time().ISOWeek()
	return ya == yb && wa == wb
}

// At is the last point on or before d.
func (h History) At(d catalog.Date) (Point, bool) {
	for i := len(h) - 1; i >= 0; i-- {
		if !d.Before(h[i].Date) {
			return h[i], true
		}
	}
	return Point{}, false
}
