package projectql

import (
	"regexp"
	"strings"
	"testing"
)

// IsQuery is what read-only mode and the counts go by: every read
// document is a query, every write a mutation, and nothing else passes
// for a query.
func TestIsQuery(t *testing.T) {
	for doc, want := range map[string]bool{
		Find(Organization): true, Find(User): true, FindOwner(Organization): true, Board(Organization): true, Board(User): true,
		CreateProject: false, LinkRepository: false, CreateField: false, CreateStatusUpdate: false,
		"{ viewer { login } }":           true,
		"mutation { x }":                 false,
		"query Q { a } mutation M { b }": false,
		"subscription S { a }":           false,
		"  query  X($a: Int) { a }":      true,
	} {
		if got := IsQuery(doc); got != want {
			t.Errorf("IsQuery(%.40q) = %v, want %v", doc, got, want)
		}
	}
}

// The documents are one line each, every one asks for the points it
// costs, and the two owners' documents differ only in the owner field.
func TestDocuments(t *testing.T) {
	for _, doc := range []string{Find(Organization), FindOwner(User), Board(User), CreateProject, LinkRepository, CreateField, CreateStatusUpdate} {
		if strings.Contains(doc, "\n") || strings.Contains(doc, "  ") {
			t.Errorf("not compact: %.60s", doc)
		}
		if !strings.Contains(doc, "rateLimit { cost remaining resetAt }") {
			t.Errorf("no rateLimit: %.60s", doc)
		}
	}
	if strings.Replace(Board(Organization), "organization(login", "user(login", 1) != Board(User) {
		t.Error("the owners' Board documents differ beyond the owner field")
	}
}

// Every list a query reads is one page that asks whether there is more
// (pageInfo { hasNextPage ... }), so ghapi can page or fail instead of
// reading part of a list as the whole.
func TestListsAskForMore(t *testing.T) {
	conn := regexp.MustCompile(`(\w+)\((?:[^()]*\b)?first: (\d+)[^)]*\) \{ (pageInfo \{ hasNextPage)?`)
	for _, doc := range []string{Find(Organization), Board(Organization)} {
		for _, m := range conn.FindAllStringSubmatch(doc, -1) {
			if m[3] == "" {
				t.Errorf("%s(first: %s) asks no pageInfo", m[1], m[2])
			}
			if m[2] != "100" {
				t.Errorf("%s(first: %s): want pages of 100, GitHub's most", m[1], m[2])
			}
		}
	}
}
