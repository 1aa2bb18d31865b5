package report

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestBrowserDrawsThePage opens the executive page in a real headless
// Chromium: the DOM it loaded has the charts with their paths, and a
// screenshot at 1280x800 is that size, not blank, and shows the burndown's
// blue line. Opt-in (make browser-test installs Debian's chromium and runs
// it), since a browser start takes seconds and make test must not need one.
func TestBrowserDrawsThePage(t *testing.T) {
	if os.Getenv("GHSYNC_BROWSER_TEST") == "" {
		t.Skip("opt-in: make browser-test (installs Debian's chromium when missing) or GHSYNC_BROWSER_TEST=1")
	}
	bin := os.Getenv("CHROMIUM")
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if bin != "" {
			break
		}
		bin, _ = exec.LookPath(name)
	}
	if bin == "" {
		t.Skip("chromium is not installed: make browser-test installs it (apt-get install -y chromium)")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, []byte(html(t, pageFixture(t))), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) []byte {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
			"--user-data-dir=" + filepath.Join(dir, "profile"), "--window-size=1280,800"}
		cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", bin, args, err, stderr.String())
		}
		return out
	}

	dom := string(run("--dump-dom", "file://"+page))
	if n := strings.Count(dom, "<svg "); n != 2 {
		t.Errorf("the loaded DOM has %d svg charts, want 2", n)
	}
	for _, class := range []string{"actual", "plan", "projected"} {
		m := regexp.MustCompile(`<path class="` + class + `" d="(M[0-9.,]+(?: L[0-9.,]+)+)"`).FindStringSubmatch(dom)
		if m == nil {
			t.Errorf("the burndown's %s line has no path of several points in the loaded DOM", class)
		}
	}
	if n := strings.Count(dom, `<rect class="hbar"`); n != 5 {
		t.Errorf("%d category bars, want 5", n)
	}

	shot := filepath.Join(dir, "report.png")
	run("--screenshot="+shot, "file://"+page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the screenshot is no PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 800 {
		t.Fatalf("screenshot of %dx%d, want 1280x800", b.Dx(), b.Dy())
	}
	inked, blue, colours := census(img)
	total := 1280 * 800
	if inked < total/50 {
		t.Errorf("the screenshot is nearly blank: %d of %d pixels differ from the background", inked, total)
	}
	if colours < 20 {
		t.Errorf("the screenshot has only %d colours", colours)
	}
	// The recorded line is drawn 3 units wide in #0969da across a third
	// of the chart: hundreds of pixels of it.
	if blue < 300 {
		t.Errorf("only %d pixels of the burndown's blue: the chart is not drawn", blue)
	}
	t.Logf("screenshot 1280x800: %d pixels inked, %d of the burndown's blue, %d colours", inked, blue, colours)
	if out := os.Getenv("GHSYNC_BROWSER_SHOT"); out != "" {
		data, err := os.ReadFile(shot)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot written to %s (%d bytes)", out, len(data))
	}
}

// census counts the pixels that are not the page's background (#f6f8fa)
// or white, those close to the burndown's blue (#0969da), and the colours.
func census(img image.Image) (inked, blue, colours int) {
	seen := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			seen[r<<16|g<<8|bl] = true
			bg := r == 0xf6 && g == 0xf8 && bl == 0xfa || r == 0xff && g == 0xff && bl == 0xff
			if !bg {
				inked++
			}
			if near(r, 0x09) && near(g, 0x69) && near(bl, 0xda) {
				blue++
			}
		}
	}
	return inked, blue, len(seen)
}

func near(a, b uint32) bool { return a+24 >= b && a <= b+24 }
