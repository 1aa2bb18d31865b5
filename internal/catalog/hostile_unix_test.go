//go:build unix

package catalog

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const goodFile = "version: 1\nmilestones: [{id: M1, title: W1}]\nblockers: [{id: A, title: t, priority: P0, category: c, milestone: M1}]\n"

// secret is what a contributed catalog must never get printed.
const secret = "ghp_SECRETSECRETSECRETSECRETSECRET0123456789"

// loadSoon is Load that fails the test, rather than hanging it, should Load
// block (on a FIFO).
func loadSoon(t *testing.T, path string) (*Catalog, []Problem, error) {
	t.Helper()
	type result struct {
		c     *Catalog
		probs []Problem
		err   error
	}
	done := make(chan result, 1)
	go func() {
		c, probs, err := Load(path)
		done <- result{c, probs, err}
	}()
	select {
	case r := <-done:
		return r.c, r.probs, r.err
	case <-time.After(10 * time.Second):
		t.Fatalf("Load(%s) has not returned after 10s", path)
		return nil, nil, nil
	}
}

// TestLoadRefusesHostileFiles is issue #13 item 2: a contributed catalog
// directory may hold links out of it, devices, FIFOs and huge files; each
// is a problem at the file, and nothing of what they hold is printed.
func TestLoadRefusesHostileFiles(t *testing.T) {
	outside := t.TempDir()
	secretFile := filepath.Join(outside, "token.txt")
	if err := os.WriteFile(secretFile, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		make func(t *testing.T, file string)
		want string
		// dirOnly: named alone, the path is missing or a directory, and
		// Load reads it as such.
		dirOnly bool
	}{
		{"symlink to /dev/zero", link("/dev/zero"),
			`symlink to "/dev/zero", outside the catalog directory: ghsync reads only files inside it; replace the link with a copy of the file`, false},
		{"symlink to a secret", link(secretFile),
			`symlink to "` + cut(secretFile, 40) + `...", outside the catalog directory: ghsync reads only files inside it; replace the link with a copy of the file`, false},
		{"relative symlink out", func(t *testing.T, file string) {
			rel, err := filepath.Rel(filepath.Dir(file), secretFile)
			if err != nil {
				t.Fatal(err)
			}
			link(rel)(t, file)
		}, `outside the catalog directory`, false},
		{"dangling symlink", link("nowhere.yaml"),
			`symlink to "nowhere.yaml", which does not resolve (no such file or directory): replace the link with the file it should name`, true},
		{"symlink to a symlink out", func(t *testing.T, file string) {
			link("/dev/null")(t, filepath.Join(filepath.Dir(file), "null"))
			link("null")(t, file)
		}, `symlink to "null", which leads to "/dev/null", outside the catalog directory`, false},
		{"character device", func(t *testing.T, file string) {
			if err := syscall.Mknod(file, syscall.S_IFCHR|0o644, 1<<8|5); err != nil { // /dev/zero's
				t.Skipf("mknod: %v", err)
			}
		}, "is a character device, not a regular file: a catalog file must be a regular file; remove it, or rename it so it does not end in .yaml or .yml", false},
		{"FIFO", func(t *testing.T, file string) {
			if err := syscall.Mkfifo(file, 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}, "is a named pipe (FIFO), not a regular file", false},
		{"socket", func(t *testing.T, file string) {
			l, err := net.Listen("unix", file)
			if err != nil {
				t.Skipf("listen: %v", err)
			}
			t.Cleanup(func() { l.Close() })
		}, "is a socket, not a regular file", false},
		{"directory through a symlink", func(t *testing.T, file string) {
			sub := filepath.Join(filepath.Dir(file), "sub")
			if err := os.Mkdir(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			link("sub")(t, file)
		}, "is a directory, not a regular file", true},
		{"over 16 MiB", func(t *testing.T, file string) {
			f, err := os.Create(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(MaxFileSize + 1); err != nil { // sparse: no 16 MiB written
				t.Fatal(err)
			}
		}, "is 16777217 bytes; a catalog file may be at most 16777216 bytes (16 MiB): split the catalog into several files in one directory", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "catalog")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(goodFile), 0o644); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "zz.yaml")
			tt.make(t, file)
			paths := []string{dir, file}
			if tt.dirOnly {
				paths = paths[:1]
			}
			for _, path := range paths {
				_, probs, err := loadSoon(t, path)
				if err != nil {
					t.Fatalf("Load(%s): %v, want a problem at the file", path, err)
				}
				if len(probs) != 1 || probs[0].Pos != (Pos{File: file}) || !strings.Contains(probs[0].Message, tt.want) {
					t.Errorf("Load(%s) problems:\n%s\nwant one at %s containing %q", path, strings.Join(strs(probs), "\n"), file, tt.want)
				}
				for _, p := range probs {
					if strings.Contains(p.Message, "SECRET") {
						t.Errorf("the secret is printed: %s", p)
					}
				}
			}
		})
	}
}

// TestLoadRefusesControlInFileName: a file name is printed in every
// problem, so one with a line break could forge validate's output.
func TestLoadRefusesControlInFileName(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.yaml\n::error file=x::forged.yaml")
	if err := os.WriteFile(file, []byte(goodFile), 0o644); err != nil {
		t.Fatal(err)
	}
	_, probs, err := Load(dir)
	want := strconv.Quote(file) + ": the file's name holds control characters: rename the file"
	if err != nil || strings.Join(strs(probs), "\n") != want {
		t.Errorf("Load = %v, %v; want %s", strs(probs), err, want)
	}
}

func link(target string) func(t *testing.T, file string) {
	return func(t *testing.T, file string) {
		t.Helper()
		if err := os.Symlink(target, file); err != nil {
			t.Fatal(err)
		}
	}
}

// TestLoadFollowsLinksInside: a link to a file inside the catalog
// directory (or below it) is read like the file.
func TestLoadFollowsLinksInside(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "shared"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shared", "base.txt"), []byte(goodFile), 0o644); err != nil {
		t.Fatal(err)
	}
	link("shared/base.txt")(t, filepath.Join(dir, "a.yaml"))
	for _, path := range []string{dir, filepath.Join(dir, "a.yaml")} {
		c, probs, err := Load(path)
		if err != nil || len(probs) != 0 || len(c.Blockers) != 1 {
			t.Errorf("Load(%s) = %v, %v; want the linked catalog", path, strs(probs), err)
		}
	}
	// The catalog directory may itself be reached through a link.
	cat := filepath.Join(t.TempDir(), "cat")
	link(dir)(t, cat)
	if c, probs, err := Load(cat); err != nil || len(probs) != 0 || len(c.Blockers) != 1 {
		t.Errorf("Load(%s) = %v, %v; want the linked catalog", cat, strs(probs), err)
	}
}

// TestLoadIgnoresEditorFiles: locks, swap files and backups beside the
// catalog are not catalog files. Before, .#a.yaml (Emacs's lock, a
// dangling symlink) made Load fail with "no such file".
func TestLoadIgnoresEditorFiles(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.yaml"), []byte(goodFile), 0o644); err != nil {
		t.Fatal(err)
	}
	link("user@host.1234:1700000000")(t, filepath.Join(dir, ".#a.yaml"))
	for _, name := range []string{".a.yaml.swp", "a.yaml~", "#a.yaml#", ".hidden.yaml", ".yml"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("version: 1\nblockers: ]["), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, probs, err := Load(dir)
	if err != nil || len(probs) != 0 || strings.Join(c.Files, " ") != filepath.Join(dir, "a.yaml") {
		t.Errorf("Load = files %v, problems %v, %v; want a.yaml alone", c.Files, strs(probs), err)
	}
}
