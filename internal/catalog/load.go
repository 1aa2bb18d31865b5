package catalog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// ErrNoFiles is returned (wrapped) by Load for a directory without catalog files.
var ErrNoFiles = errors.New("no *.yaml or *.yml files")

// Load reads the catalog at path: a YAML file, or a directory whose *.yaml
// and *.yml files (not those in subdirectories) are merged in name order.
//
// The error is only for what stops reading (a missing path, an unreadable
// file, a directory without catalog files). Everything wrong with the content
// comes back as problems, all of them, sorted by position; the catalog then
// holds what could be read.
//
// A file Load will not read is a problem at the file: a symlink that leads
// out of the catalog directory (the directory path names, or the one the
// file path is in), anything but a regular file, a file over MaxFileSize.
// Files whose names start with '.' (editor locks and swap files such as
// .#gates.yaml and .gates.yaml.swp) are not catalog files.
func Load(path string) (*Catalog, []Problem, error) {
	dir, files, err := catalogFiles(path)
	if err != nil {
		return nil, nil, err
	}
	return load(files, func(file string) ([]byte, error) { return readFile(dir, file) })
}

// load reads and merges files in order, read being readFile but for tests.
func load(files []string, read func(string) ([]byte, error)) (*Catalog, []Problem, error) {
	c := &Catalog{KeyPos: map[string]Pos{}}
	var probs []Problem
	readable := true
	for _, file := range files {
		data, err := read(file)
		var refused *refusal
		if errors.As(err, &refused) {
			probs = append(probs, Problem{Pos: Pos{File: fileName(file)}, Message: refused.msg})
			readable = false
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read catalog: %w", err)
		}
		fc, ps, fatal := parseFile(file, data)
		probs = append(probs, ps...)
		readable = readable && !fatal
		probs = append(probs, merge(c, fc)...)
	}
	if readable {
		c.Version = Version
		// A file that could not be read would make every reference into it
		// look broken; those echoes wait until the file reads.
		probs = append(probs, Validate(c)...)
	}
	return c, dedupe(probs), nil
}

// catalogFiles lists the files Load reads for path, and the catalog
// directory they must stay in.
func catalogFiles(path string) (dir string, files []string, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", nil, fmt.Errorf("read catalog: %w", err)
	}
	if !fi.IsDir() {
		return filepath.Dir(path), []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return "", nil, fmt.Errorf("read catalog: %w", err)
	}
	for _, e := range entries {
		if catalogName(e.Name()) && !e.IsDir() {
			files = append(files, filepath.Join(path, e.Name()))
		}
	}
	if len(files) == 0 {
		return "", nil, fmt.Errorf("read catalog %s: %w", path, ErrNoFiles)
	}
	sort.Strings(files)
	return path, files, nil
}

// catalogName reports whether a directory entry is a catalog file by its
// name: *.yaml or *.yml, not hidden. Editors keep their locks, swap files
// and backups beside the file (.#gates.yaml, .gates.yaml.swp, gates.yaml~);
// reading them would merge a stale copy, or fail on a dangling lock link.
func catalogName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return (ext == ".yaml" || ext == ".yml") && !strings.HasPrefix(name, ".")
}

// fileName is file as a position names it: quoted when it holds control
// characters, so a file name cannot forge lines of validate's output.
// (readFile refuses such a file, so no other position names it.)
func fileName(file string) string {
	for _, r := range file {
		if unicode.IsControl(r) {
			return strconv.Quote(file)
		}
	}
	return file
}

// merge adds the file catalog fc to c by the schema: lists of entries
// concatenate; a key that holds one value may be set by one file only.
// (Load sets the version once every file has read.)
func merge(c, fc *Catalog) []Problem {
	var probs []Problem
	c.Files = append(c.Files, fc.Files...)
	if at, ok := fc.KeyPos["blockers"]; ok {
		if _, set := c.KeyPos["blockers"]; !set {
			c.KeyPos["blockers"] = at
		}
	}
	for _, f := range catalogSchema.fields {
		switch {
		case f.take == nil:
		case f.kind == kindEntries:
			f.take(c, fc)
		default:
			if p, clash := takeOnce(c, fc, f); clash {
				probs = append(probs, p)
			}
		}
	}
	return probs
}

// takeOnce sets c's value of f to fc's when fc sets it, unless an earlier
// file did: that is the problem returned.
func takeOnce(c, fc *Catalog, f field[Catalog]) (Problem, bool) {
	at, ok := fc.KeyPos[f.key]
	if !ok {
		return Problem{}, false
	}
	if first, dup := c.KeyPos[f.key]; dup {
		return Problem{Pos: at, Message: fmt.Sprintf("%s already set at %s", f.key, first)}, true
	}
	c.KeyPos[f.key] = at
	f.take(c, fc)
	return Problem{}, false
}
