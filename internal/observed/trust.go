package observed

import (
	"github.com/ghsync/ghsync/internal/ghname"

	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ghsync/ghsync/internal/marker"
)

// ActionsBot is the author of every issue made with an Actions
// GITHUB_TOKEN. Only workflows of the repository itself get a token that
// writes there (a fork's pull request gets a read-only one), and only
// people with write access change those workflows, so its issues are a
// trusted writer's.
const ActionsBot = "github-actions[bot]"

// Trust decides whose issues may carry a catalog entry's identity. A
// ghsync marker is only text in a body, and on a public repository anyone
// may open an issue with any body, edit it and close it; but nobody can
// change who opened an issue, and only the author and people with triage
// or write access can edit its body. So an issue counts only when its
// author is trusted: one of the repository's writers (author_association
// OWNER, MEMBER or COLLABORATOR), the Actions bot, or one of Logins.
//
// This is the one place the rule lives: ghapi applies it to every issue it
// reads, so plan, apply, report and gate never see an untrusted marker
// issue (see docs/ownership.md).
type Trust struct {
	// Logins are trusted whatever their association: the identity ghsync
	// writes as (a GitHub App's "<slug>[bot]" has association NONE), the
	// catalog's trusted_authors, and the creators the dashboard records.
	Logins []string
}

// trustedAssociations are the author_association values of people who can
// write to the repository.
var trustedAssociations = []string{"OWNER", "MEMBER", "COLLABORATOR"}

// Allows reports whether is may stand for a catalog entry.
func (t Trust) Allows(is Issue) bool {
	if slices.Contains(trustedAssociations, is.Association) || strings.EqualFold(is.Author, ActionsBot) {
		return true
	}
	for _, l := range t.Logins {
		if l != "" && strings.EqualFold(l, is.Author) {
			return true
		}
	}
	return false
}

// With returns t trusting logins too.
func (t Trust) With(logins ...string) Trust {
	out := Trust{Logins: slices.Clone(t.Logins)}
	for _, l := range logins {
		if l != "" && !slices.ContainsFunc(out.Logins, func(x string) bool { return strings.EqualFold(x, l) }) {
			out.Logins = append(out.Logins, l)
		}
	}
	return out
}

// Ignored is an issue that carries a ghsync marker but whose author Trust
// refuses.
type Ignored struct {
	Number      int    `json:"number"`
	Author      string `json:"author"`
	Association string `json:"author_association"`
	// Entry is the catalog entry the marker names ("BLK-109",
	// "dashboard").
	Entry string `json:"entry"`
}

// IgnoredFrom describes is for the warnings.
func IgnoredFrom(is Issue) Ignored {
	entry := ""
	if k, ok := marker.Find(is.Body); ok {
		entry = k.ID
		switch k.Kind {
		case marker.Dashboard:
			entry = "the dashboard"
		case marker.Tracker:
			entry = "the tracker " + k.ID
		}
	}
	return Ignored{Number: is.Number, Author: is.Author, Association: is.Association, Entry: entry}
}

func (g Ignored) String() string {
	author := g.Author
	if author == "" {
		author = "an unknown author"
	}
	return fmt.Sprintf("#%d by %s carries the marker of %s: ignored, its author cannot write to this repository (add the login to trusted_authors in the catalog if it should count)", g.Number, author, g.Entry)
}

// Partition splits issues into those Trust allows and the ignored rest.
func (t Trust) Partition(issues []Issue) (kept []Issue, ignored []Ignored) {
	kept = issues[:0:0]
	for _, is := range issues {
		if t.Allows(is) {
			kept = append(kept, is)
		} else {
			ignored = append(ignored, IgnoredFrom(is))
		}
	}
	return kept, ignored
}

// Listing says how a State's issues were read. A full listing reads every
// issue and pull request of the repository; a listing by creators reads
// only the issues of the identities the dashboard records as having made
// managed issues (see Record), which costs the same on a repository of
// 50,000 issues as on one of 100.
type Listing struct {
	Full bool `json:"full"`
	// Creators are the logins listed, when not Full.
	Creators []string `json:"creators,omitempty"`
	// Why says why a full listing was made ("no record", ...).
	Why string `json:"why,omitempty"`
	// Writer is the login ghsync writes as, "" when unknown.
	Writer string `json:"writer,omitempty"`
	// Recorded says a trusted dashboard with a record was found.
	Recorded bool `json:"recorded,omitempty"`
	// Writers are the logins ghsync writes or wrote as: Writer, the
	// Actions bot and the creators the dashboard records. Their issues win
	// over copies (see PrimaryFor).
	Writers []string `json:"writers,omitempty"`
}

// Record is what the dashboard remembers between runs so that the next one
// need not list the whole repository: how many of the issues that stand
// for blockers each login opened.
// The record sits in the dashboard's managed region as a hidden comment;
// it is only read from a trusted dashboard.
type Record struct {
	Creators map[string]int
}

const recordPrefix = "<!-- ghsync:record creators="

// Line renders the record as the hidden comment, logins sorted.
func (r Record) Line() string {
	logins := make([]string, 0, len(r.Creators))
	for l := range r.Creators {
		logins = append(logins, l)
	}
	slices.Sort(logins)
	parts := make([]string, 0, len(logins))
	for _, l := range logins {
		parts = append(parts, l+":"+strconv.Itoa(r.Creators[l]))
	}
	return recordPrefix + strings.Join(parts, ",") + " -->"
}

// ParseRecord finds the record in a dashboard body. A malformed record is
// no record: the caller then lists everything, which is always safe.
func ParseRecord(body string) (Record, bool) {
	i := strings.Index(body, recordPrefix)
	if i < 0 {
		return Record{}, false
	}
	rest := body[i+len(recordPrefix):]
	j := strings.Index(rest, " -->")
	if j < 0 {
		return Record{}, false
	}
	r := Record{Creators: map[string]int{}}
	if rest[:j] == "" {
		return r, true
	}
	for _, part := range strings.Split(rest[:j], ",") {
		login, n, ok := strings.Cut(part, ":")
		count, err := strconv.Atoi(n)
		if !ok || err != nil || count < 0 || !validLogin(login) {
			return Record{}, false
		}
		r.Creators[login] = count
	}
	return r, true
}

// validLogin accepts GitHub logins and bot logins ("name[bot]"), so a
// record can never smuggle a query parameter.
func validLogin(s string) bool { return ghname.Author(s) }

// RecordOf counts the issues that stand for blockers and trackers in s
// (the primaries, not copies) by author: the record a dashboard written
// now should carry. Trackers count so that a login that made only a
// tracker stays recorded, and its tracker is listed (and not made again).
// The dashboard itself is not counted: it is found before the record is
// read, and a count that includes it would differ between the state apply
// writes the dashboard from and the state the next run reads.
func RecordOf(s State) Record {
	r := Record{Creators: map[string]int{}}
	x := s.Index(nil)
	for _, k := range x.Keys() {
		if k.Kind != marker.Blocker && k.Kind != marker.Tracker {
			continue
		}
		if is, ok := x.Primary(k); ok && validLogin(is.Author) {
			r.Creators[is.Author]++
		}
	}
	return r
}

// Has reports whether login is a recorded creator.
func (r Record) Has(login string) bool {
	for l := range r.Creators {
		if strings.EqualFold(l, login) {
			return true
		}
	}
	return false
}
