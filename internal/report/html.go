package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/ghsync/ghsync/internal/progress"
	"github.com/ghsync/ghsync/internal/words"
)

// The executive page: one self-contained HTML file for people without
// GitHub access. Everything it shows is inline (CSS in a style element,
// charts as inline SVG); it loads nothing (no script, font, image or
// style sheet from anywhere) and links nowhere, so it reads the same
// offline, attached to a mail or opened from a file share. Every string
// that comes from GitHub or the catalog goes through html/template, which
// escapes it for where it stands.

//go:embed html.tmpl
var pageTemplate string

// HTML writes the report as the executive page.
func (r Report) HTML(w io.Writer) error {
	t, err := template.New("page").Parse(pageTemplate)
	if err != nil {
		return fmt.Errorf("parse the page template: %w", err)
	}
	return t.Execute(w, r.page())
}

// page is what the template shows, worked out so that the template only
// places it: every number is formatted and every chart coordinate computed
// here.
type page struct {
	Title       string
	Repository  string
	Today       string
	GeneratedAt string
	Totals      Tally
	Percent     int
	Gates       []pageGate
	Milestones  []pageMilestone
	Burndown    *burndownChart
	Velocity    string
	Finish      string
	Forecasts   []pageForecast
	NoVelocity  bool
	Matrix      matrix
	Categories  *barChart
	Ready       []pageItem
	Blocked     []pageItem
	HistoryNote string
	Board       *pageBoard
}

// pageBoard is the board's section: its figures line by line, then the
// blockers missing from it. Its names come from GitHub: the template
// escapes them. The page names no address, the Project's neither: it
// links nowhere.
type pageBoard struct {
	Title, Note string
	Facts       []pageFact
	Missing     []pageItem
}

type pageFact struct{ Label, Text string }

type pageGate struct {
	ID, Title, Verdict, Done, Needs, Forecast string
	Met, Late                                 bool
	Items                                     []pageItem
}

type pageItem struct {
	ID, Issue, Title, Status, Priority, Category, Note string
	// Class is the status as a CSS class.
	Class string
}

type pageMilestone struct {
	Name, Due, Done, Left, Status, Forecast string
	Percent                                 int
	Late                                    bool
}

type pageForecast struct {
	Name, Due, Forecast, Queue, Path string
	Late, Done                       bool
}

// matrix is the open blockers by priority (rows) and category (columns).
type matrix struct {
	Categories []string
	Rows       []matrixRow
}

type matrixRow struct {
	Priority string
	Cells    []matrixCell
	Total    string
}

type matrixCell struct {
	Text  string
	Class string
}

func (r Report) page() page {
	p := page{
		Title:       "Progress",
		Repository:  r.Repository,
		Today:       r.Today.String(),
		Totals:      r.Totals,
		Percent:     r.Totals.PercentDone(),
		HistoryNote: r.History.Note,
	}
	if r.Project != "" {
		p.Title = r.Project + ": progress"
	}
	if !r.GeneratedAt.IsZero() {
		p.GeneratedAt = r.GeneratedAt.UTC().Format("2006-01-02 15:04 UTC")
	}
	forecasts := map[string]progress.Forecast{}
	for _, f := range r.Trend.Forecasts {
		forecasts[f.Kind+"/"+f.ID] = f
	}
	for _, g := range r.Gates {
		pg := pageGate{ID: g.ID, Title: oneLine(g.Title), Met: g.Met, Verdict: "NO-GO",
			Done: fmt.Sprintf("%d/%d done (%d%%)", g.Done, g.Total, g.PercentDone()), Needs: "needs all"}
		if g.Met {
			pg.Verdict = "GO"
		}
		if g.Percent < 100 {
			pg.Needs = "needs " + strconv.Itoa(g.Percent) + "%"
		}
		if !g.Met {
			pg.Needs += ": " + strconv.Itoa(g.MoreNeeded) + " more"
		}
		if f, ok := forecasts[progress.KindGate+"/"+g.ID]; ok {
			pg.Forecast, pg.Late = forecastWord(f).text, f.Late
		}
		for _, id := range r.gateBlockers(g.ID) {
			pg.Items = append(pg.Items, pageItemOf(id))
		}
		p.Gates = append(p.Gates, pg)
	}
	for _, m := range r.Milestones {
		pm := pageMilestone{Name: oneLine(milestoneName(m)), Due: dueString(m), Percent: m.Percent,
			Done: fmt.Sprintf("%d/%d", m.Done, m.Work()), Left: words.Hours(m.HoursLeft), Status: milestoneStatus(m, true)}
		if f, ok := forecasts[progress.KindMilestone+"/"+m.ID]; ok && m.ID != "" {
			pm.Forecast, pm.Late = forecastWord(f).text, f.Late
		}
		p.Milestones = append(p.Milestones, pm)
	}
	if r.trendSet() {
		v := r.Trend.Velocity
		p.Velocity = fmt.Sprintf("%s a week: %s closed from %s to %s", words.Hours(v.HoursPerWeek), words.Hours(v.Closed), v.From.AddDays(1), v.To)
		p.NoVelocity = v.HoursPerWeek <= 0
		if r.Trend.Finish.Done {
			p.Finish = "done"
		} else {
			p.Finish = forecastWord(r.Trend.Finish).text
		}
		for _, f := range r.Trend.Forecasts {
			name := f.ID
			switch {
			case f.Kind == progress.KindGate:
				name = "gate " + f.ID
			case f.Title != "" && !strings.HasPrefix(f.Title, f.ID):
				name = f.ID + " " + f.Title
			case f.Title != "":
				name = f.Title
			}
			due := "-"
			if !f.Due.IsZero() {
				due = f.Due.String()
			}
			queue := "-"
			if !f.Done && f.Note == "" {
				queue = words.Hours(f.Hours)
			}
			p.Forecasts = append(p.Forecasts, pageForecast{Name: oneLine(name), Due: due, Forecast: forecastWord(f).text,
				Queue: queue, Path: criticalPath(f).text, Late: f.Late, Done: f.Done})
		}
		if len(r.Trend.Burndown.Weeks) > 0 {
			p.Burndown = newBurndownChart(r.Trend.Burndown.Weeks)
		}
	}
	p.Matrix = r.matrix()
	p.Categories = r.categoryChart()
	for _, it := range r.ReadyNow {
		p.Ready = append(p.Ready, pageItemOf(it))
	}
	for _, b := range r.Blocked {
		pi := pageItemOf(b.Item)
		pi.Note = waitsFor(b.WaitingOn).text
		p.Blocked = append(p.Blocked, pi)
	}
	p.Board = r.pageBoard()
	return p
}

// pageBoard is the board as the page shows it; nil without a board: block.
func (r Report) pageBoard() *pageBoard {
	b := r.Board
	if b == nil {
		return nil
	}
	pb := &pageBoard{Title: safeText(b.Title)}
	if why, ok := boardUnseen(b); ok {
		pb.Note = why.text
		return pb
	}
	text, _ := boardFacts(r)
	for _, f := range text {
		pb.Facts = append(pb.Facts, pageFact{Label: f.label, Text: strings.TrimPrefix(factLine(f), f.label+": ")})
	}
	for _, it := range b.Missing {
		pb.Missing = append(pb.Missing, pageItemOf(it))
	}
	return pb
}

// gateBlockers are the items a gate names, in its order.
func (r Report) gateBlockers(id string) []Item {
	byID := make(map[string]Item, len(r.Blockers))
	for _, it := range r.Blockers {
		byID[it.ID] = it
	}
	var out []Item
	for _, bid := range r.gateIDs[id] {
		it, ok := byID[bid]
		if !ok {
			it = Item{ID: bid, Status: Unknown}
		}
		out = append(out, it)
	}
	return out
}

func pageItemOf(it Item) pageItem {
	issue := ""
	if it.Issue != 0 {
		issue = "#" + strconv.Itoa(it.Issue)
	}
	status := string(it.Status)
	switch it.Status {
	case NotSynced:
		status = "no issue yet"
	case Dropped:
		status = "dropped"
	}
	return pageItem{ID: it.ID, Issue: issue, Title: oneLine(it.Title), Status: status, Class: string(it.Status),
		Priority: it.Priority, Category: categoryName(it.Category)}
}

func (r Report) matrix() matrix {
	var m matrix
	for _, g := range r.ByCategory {
		m.Categories = append(m.Categories, categoryName(g.Key))
	}
	cells := map[[2]string]*Tally{}
	for _, it := range r.Blockers {
		k := [2]string{it.Priority, categoryName(it.Category)}
		if cells[k] == nil {
			cells[k] = &Tally{}
		}
		cells[k].add(it)
	}
	for _, g := range r.ByPriority {
		row := matrixRow{Priority: categoryName(g.Key), Total: fmt.Sprintf("%d left of %d", g.Left(), g.Work())}
		for _, c := range m.Categories {
			t := cells[[2]string{g.Key, c}]
			cell := matrixCell{Text: "", Class: "none"}
			if t != nil && t.Work() > 0 {
				cell.Text = fmt.Sprintf("%d/%d", t.Left(), t.Work())
				switch {
				case t.Left() == 0:
					cell.Class = "clear"
				case t.Left() == t.Work():
					cell.Class = "all"
				default:
					cell.Class = "some"
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

// Chart geometry, in SVG user units.
const (
	chartW, chartH       = 760.0, 300.0
	padL, padR           = 56.0, 16.0
	padT, padB           = 16.0, 40.0
	barRowH, barLabelW   = 26.0, 120.0
	barChartW, barValueW = 460.0, 60.0
)

// burndownChart is the burndown drawn as SVG paths.
type burndownChart struct {
	W, H                     float64
	Plan, Actual, Projected  string
	XTicks, YTicks           []tick
	NowX                     float64
	Left, Right, Top, Bottom float64
	HasPlan, HasProjected    bool
}

type tick struct {
	X, Y  float64
	Label string
}

func newBurndownChart(ws []progress.Week) *burndownChart {
	top := 0.0
	for _, w := range ws {
		for _, v := range []*float64{w.Plan, w.Actual, w.Projected} {
			if v != nil {
				top = math.Max(top, *v)
			}
		}
	}
	top = niceTop(top)
	c := &burndownChart{W: chartW, H: chartH, Left: padL, Right: chartW - padR, Top: padT, Bottom: chartH - padB}
	x := func(i int) float64 {
		if len(ws) == 1 {
			return c.Left
		}
		return c.Left + (c.Right-c.Left)*float64(i)/float64(len(ws)-1)
	}
	y := func(v float64) float64 { return c.Bottom - (c.Bottom-c.Top)*v/top }
	path := func(get func(progress.Week) *float64) string {
		var b strings.Builder
		for i, w := range ws {
			v := get(w)
			if v == nil {
				continue
			}
			cmd := "L"
			if b.Len() == 0 {
				cmd = "M"
			}
			fmt.Fprintf(&b, "%s%.1f,%.1f ", cmd, x(i), y(*v))
		}
		return strings.TrimSpace(b.String())
	}
	c.Plan = path(func(w progress.Week) *float64 { return w.Plan })
	c.Actual = path(func(w progress.Week) *float64 { return w.Actual })
	c.Projected = path(func(w progress.Week) *float64 { return w.Projected })
	c.HasPlan = c.Plan != ""
	c.HasProjected = strings.Contains(c.Projected, "L")
	for i, w := range ws {
		if w.Actual != nil {
			c.NowX = x(i)
		}
	}
	// About a dozen week labels, the last week's always, none crowding it.
	step := max(1, (len(ws)+11)/12)
	for i, w := range ws {
		last := i == len(ws)-1
		if i%step != 0 && !last || !last && len(ws)-1-i < (step+1)/2 {
			continue
		}
		c.XTicks = append(c.XTicks, tick{X: x(i), Y: c.Bottom + 18, Label: "W" + strconv.Itoa(w.N)})
	}
	for k := 0; k <= 4; k++ {
		v := top * float64(k) / 4
		c.YTicks = append(c.YTicks, tick{X: c.Left - 8, Y: y(v), Label: words.Hours(words.Round(v))})
	}
	return c
}

// barChart is horizontal bars: hours left per category.
type barChart struct {
	W, H float64
	Bars []bar
}

type bar struct {
	Label, Value       string
	Y, TextY, Width, X float64
}

func (r Report) categoryChart() *barChart {
	top := 0.0
	for _, g := range r.ByCategory {
		top = math.Max(top, g.HoursLeft)
	}
	if top == 0 {
		return nil
	}
	c := &barChart{W: barChartW, H: barRowH*float64(len(r.ByCategory)) + 8}
	for i, g := range r.ByCategory {
		y := 4 + barRowH*float64(i)
		c.Bars = append(c.Bars, bar{Label: categoryName(g.Key), Value: words.Hours(g.HoursLeft), X: barLabelW, Y: y + 4, TextY: y + 17,
			Width: math.Max(1, (barChartW-barLabelW-barValueW)*g.HoursLeft/top)})
	}
	return c
}
