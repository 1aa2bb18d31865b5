package catalog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
func Load(path string) (*Catalog, []Problem, error) {
	files, err := catalogFiles(path)
	if err != nil {
		return nil, nil, err
	}
	return load(files, os.ReadFile)
}

// load reads and merges files in order, read being os.ReadFile but for tests.
func load(files []string, read func(string) ([]byte, error)) (*Catalog, []Problem, error) {
	c := &Catalog{KeyPos: map[string]Pos{}}
	var probs []Problem
	readable := true
	for _, file := range files {
		data, err := read(file)
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

func catalogFiles(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	var files []string
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		files = append(files, filepath.Join(path, e.Name()))
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("read catalog %s: %w", path, ErrNoFiles)
	}
	sort.Strings(files)
	return files, nil
}

// merge adds the file catalog fc to c: lists concatenate; keys that hold one
// value may be set by one file only.
func merge(c, fc *Catalog) []Problem {
	var probs []Problem
	c.Files = append(c.Files, fc.Files...)
	c.Milestones = append(c.Milestones, fc.Milestones...)
	c.Gates = append(c.Gates, fc.Gates...)
	c.Blockers = append(c.Blockers, fc.Blockers...)
	if at, ok := fc.KeyPos["blockers"]; ok {
		if _, set := c.KeyPos["blockers"]; !set {
			c.KeyPos["blockers"] = at
		}
	}
	once := func(key string, set func()) {
		at, ok := fc.KeyPos[key]
		if !ok {
			return
		}
		if first, dup := c.KeyPos[key]; dup {
			probs = append(probs, Problem{Pos: at, Message: fmt.Sprintf("%s already set at %s", key, first)})
			return
		}
		c.KeyPos[key] = at
		set()
	}
	once("repository", func() { c.Repository = fc.Repository })
	once("project", func() { c.Project = fc.Project })
	once("start", func() { c.Start, c.StartPos = fc.Start, fc.StartPos })
	once("labels", func() { c.Labels = fc.Labels })
	once("dashboard", func() { c.Dashboard = fc.Dashboard })
	once("declared", func() { c.Declared = fc.Declared })
	once("owners", func() { c.Owners = fc.Owners })
	return probs
}
