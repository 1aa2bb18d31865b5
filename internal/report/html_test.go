package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/golden"
)

// pageFixture is the fixture with closing dates (so the page has a
// velocity and forecasts), catalog text that HTML must not take
// literally, and the board (withBoard) with GitHub's text.
func pageFixture(t *testing.T) Report {
	c, _, today := fixture(t)
	s := closedFixture(t)
	c, s = withBoard(t, c, s)
	c.Blockers[13].Title = `Fix a | b <img src="http://evil.example/x.png" onerror="alert(1)"> </style><script>alert(2)</script> & "quoted"`
	c.Gates[0].Title = "Must have <b>all</b>"
	return Build(c, s, today)
}

func html(t *testing.T, r Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Render(&b, "html"); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestHTMLGolden(t *testing.T) {
	golden.Check(t, "testdata/report.html", []byte(html(t, pageFixture(t))))
}

// The page is for people without GitHub, maybe offline: it loads nothing
// and links nowhere.
func TestHTMLLoadsNothing(t *testing.T) {
	out := html(t, pageFixture(t))
	// The hostile title is the only place "http" may appear, escaped.
	hostile := strings.Index(out, "Fix a | b &lt;img")
	if hostile < 0 {
		t.Fatal("the hostile title is not on the page, escaped")
	}
	clean := strings.ReplaceAll(out, `&lt;img src=&#34;http://evil.example/x.png&#34; onerror=&#34;alert(1)&#34;&gt;`, "")
	// So is the board's hostile Status option (withBoard), escaped.
	clean = strings.ReplaceAll(clean, `&lt;img src=x onerror=alert(1)&gt; | [win](http://evil.example)`, "")
	for _, bad := range []string{"http:", "https:", "//", "src=", "href=", "url(", "@import", "<script", "<link", "<img", "<iframe", "<object", "<embed", "xlink"} {
		if bad == "//" {
			// Only as a comment-free page: no protocol-relative address.
			if regexp.MustCompile(`["'(]//`).MatchString(clean) {
				t.Error("the page has a protocol-relative address")
			}
			continue
		}
		if strings.Contains(clean, bad) {
			i := strings.Index(clean, bad)
			t.Errorf("the page contains %q: …%s…", bad, clean[max(0, i-60):min(len(clean), i+60)])
		}
	}
}

func TestHTMLEscapesCatalogText(t *testing.T) {
	out := html(t, pageFixture(t))
	for _, raw := range []string{"<img src", "</style><script>", "<script>alert(2)", "<b>all</b>"} {
		if strings.Contains(out, raw) {
			t.Errorf("catalog text %q reached the page unescaped", raw)
		}
	}
	for _, want := range []string{"&lt;/style&gt;&lt;script&gt;alert(2)&lt;/script&gt; &amp; &#34;quoted&#34;", "Must have &lt;b&gt;all&lt;/b&gt;"} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks the escaped %q", want)
		}
	}
}

func TestHTMLShowsWhatStakeholdersAsk(t *testing.T) {
	out := html(t, pageFixture(t))
	for _, want := range []string{
		"<h2>Go/no-go matrix</h2>",
		`<div class="big go">GO</div>`, `<div class="big nogo">NO-GO</div>`,
		"<h3>Burndown: hours left per week</h3>", "<h3>Hours left by category</h3>",
		`<path class="actual" d="M56.0,`,
		`<path class="plan" d="M56.0,`,
		`<path class="projected" d="M`,
		"<h2>Forecast</h2>",
		"2026-04-17, 54 days late",
		"<h2>Blockers by priority and category</h2>",
		`aria-label="Hours left by category"`,
		"<h2>Ready now</h2>",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := strings.Count(out, "<svg "); n != 2 {
		t.Errorf("%d charts, want 2", n)
	}
}

func TestHTMLOfAnEmptyReport(t *testing.T) {
	c, s, _ := fixture(t)
	c.Blockers, c.Gates, c.Milestones = nil, nil, nil
	out := html(t, Build(c, s, date(t, fixtureToday)))
	if !strings.Contains(out, "</html>") || strings.Contains(out, "<h2>Go/no-go matrix</h2>") {
		t.Errorf("empty page:\n%s", out)
	}
}
