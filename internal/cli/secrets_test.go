package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
)

// Issue #13.1: a server error whose body echoes the Authorization header
// (a proxy's error page, a debugging endpoint) must not bring any
// credential into what ghsync prints, in any auth mode: a personal token in
// GITHUB_TOKEN or GH_TOKEN, a GitHub App's installation token, the app's
// JWT (sent only to mint installation tokens) and its private key.
func TestNoCredentialIsEverPrinted(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	modes := []struct {
		name  string
		setup func(h *harness)
		fault ghfake.Fault
	}{
		{"GITHUB_TOKEN", func(h *harness) {}, ghfake.Fault{Path: "/repos/o/r/labels", Kind: ghfake.KindStatus, Status: 500, Echo: true}},
		{"GH_TOKEN", func(h *harness) {
			h.env["GH_TOKEN"] = h.env["GITHUB_TOKEN"]
			delete(h.env, "GITHUB_TOKEN")
		}, ghfake.Fault{Path: "/repos/o/r/labels", Kind: ghfake.KindStatus, Status: 500, Echo: true}},
		{"app installation token", appMode(keyPEM, key), ghfake.Fault{Path: "/repos/o/r/labels", Kind: ghfake.KindStatus, Status: 500, Echo: true}},
		{"app JWT", appMode(keyPEM, key), ghfake.Fault{Path: "/app/installations/5/access_tokens", Kind: ghfake.KindStatus, Status: 500, Echo: true}},
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			h := newHarness(t)
			m.setup(h)
			h.fake.Inject(m.fault)
			for _, args := range [][]string{{"plan"}, {"plan", "-v"}, {"apply", "--yes"}, {"apply", "--yes", "-v"}, {"report"}, {"gate", "production"}} {
				r := h.run(args...)
				text := r.out + r.err
				if r.code == 0 {
					t.Fatalf("%v succeeded despite the fault:\n%s", args, text)
				}
				if !strings.Contains(text, "Authorization: ") && !strings.Contains(text, "500") {
					t.Fatalf("%v: the echo did not reach the output, the test proves nothing:\n%s", args, text)
				}
				if testing.Verbose() {
					t.Logf("%v:\n%s", args, text)
				}
				for _, secret := range []string{"t0ken-s3cret", "ghs_", "eyJ", "PRIVATE KEY", keyLine(keyPEM)} {
					if strings.Contains(text, secret) {
						t.Fatalf("%v printed %q:\n%s", args, secret, text)
					}
				}
			}
		})
	}
}

func appMode(keyPEM string, key *rsa.PrivateKey) func(h *harness) {
	return func(h *harness) {
		h.fake.AddApp(99, &key.PublicKey, 5)
		delete(h.env, "GITHUB_TOKEN")
		h.env["GHSYNC_APP_ID"] = "99"
		h.env["GHSYNC_APP_INSTALLATION_ID"] = "5"
		h.env["GHSYNC_APP_PRIVATE_KEY"] = keyPEM
	}
}

// keyLine is a line from the middle of the key, which an echo could carry
// without the PEM armour.
func keyLine(keyPEM string) string {
	lines := strings.Split(keyPEM, "\n")
	return lines[len(lines)/2]
}
