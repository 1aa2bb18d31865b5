package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestValidateHostileCatalog is issue #13 items 2, 3 and 7 as the
// pull-request workflow meets them: validate on a contributed catalog.
func TestValidateHostileCatalog(t *testing.T) {
	t.Run("alias bomb", func(t *testing.T) {
		// One 1 MiB string named by 299 aliases. Before, validate rendered
		// every issue body in full: 300 MiB here, 3 GiB (out of memory) for
		// 3,000 aliases.
		var b strings.Builder
		b.WriteString("version: 1\nmilestones: [{id: M1, title: W1}]\nblockers:\n")
		fmt.Fprintf(&b, "  - {id: B0, title: t, priority: P0, category: c, milestone: M1, description: &big %s}\n", strings.Repeat("x", 1<<20))
		for i := 1; i < 300; i++ {
			fmt.Fprintf(&b, "  - {id: B%d, title: t, priority: P0, category: c, milestone: M1, description: *big}\n", i)
		}
		dir := validateDir(t, "catalog.yaml", b.String())
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		code, stdout, _ := validateRun(t, dir, nil, "validate", "--catalog", dir)
		runtime.ReadMemStats(&after)
		if want := "DIR/catalog.yaml:12:79: alias *big expands the file to more than"; code != 1 || !strings.HasPrefix(stdout, want) {
			t.Errorf("exit %d, stdout %.300q; want 1 and %q", code, stdout, want)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
			t.Errorf("validate allocated %d MiB for a 1 MiB catalog; want under 64 MiB", grew>>20)
		}
	})

	t.Run("links out of the catalog", func(t *testing.T) {
		secret := filepath.Join(t.TempDir(), "token")
		if err := os.WriteFile(secret, []byte("ghp_SECRETSECRETSECRETSECRET\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		dir := validateDir(t, "a.yaml", validateGood)
		for name, target := range map[string]string{"zero.yaml": "/dev/zero", "zz.yaml": secret} {
			if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
		}
		code, stdout, _ := validateRun(t, dir, map[string]string{"GITHUB_ACTIONS": "true"}, "validate", "--catalog", dir)
		if code != 1 || strings.Contains(stdout, "SECRET") ||
			!strings.Contains(stdout, "DIR/zero.yaml: symlink to \"/dev/zero\", outside the catalog directory: ghsync reads only files inside it; replace the link with a copy of the file\n") ||
			!strings.Contains(stdout, "DIR/zz.yaml: symlink to ") ||
			!strings.Contains(stdout, "::error file=DIR/zero.yaml::symlink to") {
			t.Errorf("exit %d, stdout:\n%s", code, stdout)
		}
	})

	t.Run("names GitHub would change", func(t *testing.T) {
		dir := validateDir(t, "c.yaml", `version: 1
milestones: [{id: M1, title: "W1 "}, {id: M2, title: w1}, {id: M3, title: W2}, {id: M4, title: w2}]
blockers:
  - {id: P0-001, title: Cookie, priority: P0, category: "security ", milestone: M1}
`)
		code, stdout, _ := validateRun(t, dir, nil, "validate", "--catalog", dir)
		want := `DIR/c.yaml:2:30: title: "W1 " ends with whitespace, which GitHub trims, so it would never match the catalog: write "W1"
DIR/c.yaml:2:96: title: "w2" differs only in case from "W2", the title of milestone M3 (DIR/c.yaml:2:59); GitHub milestone titles are unique ignoring case: rename one
DIR/c.yaml:4:57: category: "security " ends with whitespace, which GitHub trims, so it would never match the catalog: write "security"
`
		if code != 1 || stdout != want {
			t.Errorf("exit %d, stdout:\n%s\nwant:\n%s", code, stdout, want)
		}
	})
}
