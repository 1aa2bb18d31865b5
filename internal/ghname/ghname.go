// Package ghname holds GitHub's rules for the names ghsync checks before it
// sends them: repositories and logins. One definition, so the catalog's
// validation and the access layer never disagree about a name.
package ghname

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	ownerRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$`)
	nameRE  = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)
	// loginRE is a GitHub login: letters, digits and single hyphens, at
	// most 39.
	loginRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}$`)
)

// SplitRepo checks "owner/name" against GitHub's naming rules, which also
// keeps both parts safe to put in a URL path unescaped ("." and ".." are
// not repository names).
func SplitRepo(repo string) (owner, name string, err error) {
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || !ownerRE.MatchString(owner) || !nameRE.MatchString(name) || name == "." || name == ".." {
		return "", "", fmt.Errorf("repository %q is not OWNER/NAME (for example octo-org/octo-repo)", repo)
	}
	return owner, name, nil
}

// Login reports whether s is a GitHub user or organisation login.
func Login(s string) bool { return loginRE.MatchString(s) }

// Author reports whether s is the login of an issue's author: a login, or
// an app's bot ("name[bot]").
func Author(s string) bool { return Login(strings.TrimSuffix(s, "[bot]")) }
