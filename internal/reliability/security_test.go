package reliability

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// TestTokenNeverPrinted runs every command with -v, in success and in
// failure (GitHub answering 401, 403, 500, and no server at all), and looks
// for the token in everything ghsync printed and every file it wrote: a
// saved plan, the job summary, the step outputs. It also checks that the
// token never travelled in a URL.
func TestTokenNeverPrinted(t *testing.T) {
	closed := func() string {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		return "http://" + addr + "/"
	}()
	modes := []struct {
		name  string
		setup func(w *world)
	}{
		{"success", func(w *world) {}},
		{"401", func(w *world) { w.env["GITHUB_TOKEN"] = token + "-but-wrong" }},
		{"403", func(w *world) { w.fake.Inject(ghfake.Fault{Kind: ghfake.KindStatus, Status: 403}) }},
		{"500", func(w *world) { w.fake.Inject(ghfake.Fault{Kind: ghfake.KindStatus, Status: 500}) }},
		{"network-error", func(w *world) { w.env["GITHUB_API_URL"] = closed }},
	}
	source := filepath.Join("..", "..", "catalog", "source", "blockers.json")
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			w := newWorld(t)
			w.mustRun("apply", "--yes") // something to report on
			dir := t.TempDir()
			w.env["GITHUB_STEP_SUMMARY"] = filepath.Join(dir, "summary.md")
			w.env["GITHUB_OUTPUT"] = filepath.Join(dir, "output")
			w.env["GITHUB_ACTIONS"] = "true"
			m.setup(w)
			secret := w.env["GITHUB_TOKEN"]
			var printed strings.Builder
			failed := 0
			for _, args := range [][]string{
				{"validate"},
				{"plan", "--out", filepath.Join(dir, "plan.json")},
				{"plan", "--format", "json"},
				{"plan", "--format", "markdown"},
				{"apply", "--yes"},
				{"apply", "--yes", "--format", "json"},
				{"apply", "--yes", filepath.Join(dir, "plan.json")},
				{"apply", "--yes", "--lock", "--max-wait", "1m"},
				{"report"},
				{"report", "--format", "json"},
				{"report", "--format", "markdown"},
				{"gate", "production"},
				{"import", "--from", source, "-o", filepath.Join(dir, "imported.yaml")},
				// demo runs its own fake and needs no token; once is enough.
				{"demo", "--catalog", filepath.Join("..", "..", "catalog")},
			} {
				if args[0] == "demo" && m.name != "success" {
					continue
				}
				r := w.run(append([]string{"-v"}, args...)...) // w.run fails the test if the token is printed
				printed.WriteString(r.out + r.err)
				if r.code != 0 && r.code != 3 {
					failed++
				}
				if strings.Contains(r.out+r.err, secret) {
					t.Fatalf("ghsync -v %v printed the token", args)
				}
			}
			if m.name != "success" && failed == 0 {
				t.Fatalf("no command failed in mode %s: the failure was not exercised", m.name)
			}
			if m.name == "success" && failed > 0 {
				t.Fatalf("%d commands failed:\n%s", failed, printed.String())
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*"))
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(string(data), secret) {
					t.Fatalf("%s holds the token", filepath.Base(f))
				}
			}
			for _, req := range w.fake.Log() {
				if strings.Contains(req.Path+"?"+req.Query, secret) {
					t.Fatalf("the token travelled in a URL: %s %s?%s", req.Method, req.Path, req.Query)
				}
			}
		})
	}
}

// TestPlainHTTPOnlyToLoopback: an API URL with plain http to anything but
// loopback, or with credentials in it, is refused before any connection,
// whatever the command.
func TestPlainHTTPOnlyToLoopback(t *testing.T) {
	w := newWorld(t)
	for _, url := range []string{"http://api.example.com/", "http://10.1.2.3/api/v3", "http://192.168.0.1:8080/", "https://user:" + token + "@example.com/"} {
		for _, cmd := range [][]string{{"plan"}, {"apply", "--yes"}, {"report"}, {"gate", "production"}} {
			env := map[string]string{"GITHUB_TOKEN": token, "GITHUB_REPOSITORY": repo, "GITHUB_API_URL": url}
			r := w.runEnv(env, cmd...)
			if r.code != 1 || !(strings.Contains(r.err, "plain http") || strings.Contains(r.err, "must not contain a user name")) {
				t.Fatalf("%v with GITHUB_API_URL=%s: %s", cmd, strings.ReplaceAll(url, token, "***"), r)
			}
		}
	}
	if c := w.fake.Counts(); c.Reads+c.Writes != 0 {
		t.Fatalf("%d requests reached the loopback fake", c.Reads+c.Writes)
	}
}

// TestReadOnlyToken: plan, report and gate need only read access. With a
// token that may only read (a fine-grained token with Issues read) they
// work and write nothing; apply stops at its first write with a message
// that says which permission is missing. With a token of a person who
// cannot push (GitHub then drops labels silently), the read-only commands
// work too.
func TestReadOnlyToken(t *testing.T) {
	const reader = "github_pat_R3adOnlyT0kenNeverPrinted"
	w := newWorld(t)
	w.mustRun("apply", "--yes")
	w.useCatalog("v2.yaml")
	w.fake.AddReadOnlyToken(reader)
	w.env["GITHUB_TOKEN"] = reader
	before := w.fake.Counts().Writes
	if r := w.run("plan", "--detailed-exitcode"); r.code != 2 {
		t.Fatalf("plan with a read-only token: %s", r)
	}
	w.mustRun("report")
	if r := w.run("gate", "production"); r.code != 3 {
		t.Fatalf("gate with a read-only token: %s", r)
	}
	r := w.run("apply", "--yes")
	if r.code != 1 || !strings.Contains(r.err, "403") || !strings.Contains(r.err, "apply needs a token that may write issues") {
		t.Fatalf("apply with a read-only token: %s", r)
	}
	if strings.Contains(r.out+r.err, reader) {
		t.Fatal("the read-only token was printed")
	}
	var refused int
	for _, req := range w.fake.Log() {
		if req.Write && req.Status == 403 {
			refused++
		}
	}
	if refused != 1 {
		t.Fatalf("%d writes refused, want 1 (stop at the first)", refused)
	}

	w.env["GITHUB_TOKEN"] = token
	w.fake.SetPushAccess(repo, false)
	w.mustRun("report")
	if r := w.run("plan", "--detailed-exitcode"); r.code != 2 {
		t.Fatalf("plan without push access: %s", r)
	}
	if n := w.fake.Counts().Writes - before; n != 1 {
		t.Fatalf("%d write requests, want only apply's refused one", n)
	}
}
