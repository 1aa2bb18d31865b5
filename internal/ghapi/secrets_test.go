package ghapi

import (
	"strings"
	"testing"
)

func TestScrubHidesEveryCredentialShape(t *testing.T) {
	s := &secrets{}
	s.add("plain-token-from-env", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----\n")
	for _, tc := range []struct{ in, leak string }{
		{"echo: plain-token-from-env", "plain-token-from-env"},
		{"Authorization: token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_"},
		{`{"Authorization":"Bearer ghs_0123456789abcdef0123456789abcdef01234567"}`, "ghs_"},
		{"fine-grained github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github_pat_"},
		{"jwt eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiI5OSIsImlhdCI6MX0.c2lnbmF0dXJlLXNpZ25hdHVyZQ", "eyJ"},
		{"key line MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun echoed", "MIIEow"},
		{"-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----", "BEGIN PRIVATE KEY"},
		{"Proxy-Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"},
	} {
		if got := s.scrub(tc.in); strings.Contains(got, tc.leak) {
			t.Errorf("scrub(%q) = %q", tc.in, got)
		}
	}
	// Ordinary text passes unchanged.
	for _, text := range []string{
		"GET /repos/o/r/issues?direction=asc&per_page=100&sort=created&state=all -> 200 3ms remaining=4999",
		"create issue \"P0-001: Hardcoded cookie_value in vm.args\" in o/r: 422 Validation Failed",
		"wait 1m0s before retry 1 of POST /repos/o/r/issues (secondary rate limit)",
		"the token may not write here; apply needs Issues: write",
	} {
		if got := s.scrub(text); got != text {
			t.Errorf("scrub changed ordinary text:\n%q\n%q", text, got)
		}
	}
}
