package ghapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghsync/ghsync/internal/ghfake"
	"github.com/ghsync/ghsync/internal/observed"
)

func testKey(t *testing.T) (*rsa.PrivateKey, []byte) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return key, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
}

func TestAppInstallationAuth(t *testing.T) {
	key, pemKey := testKey(t)
	fake := ghfake.New(ghfake.Options{Token: "a-personal-token-not-used"})
	url := fake.Start()
	defer fake.Close()
	fake.AddRepo("o/r")
	fake.AddApp(42, &key.PublicKey, 7)

	app := &App{ID: 42, InstallationID: 7, PrivateKey: pemKey}
	src, err := app.TokenSource(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	c, err := New(Config{TokenSource: src, BaseURL: url, Repo: "o/r", Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Observe(context.Background()); err != nil {
		t.Fatalf("observe as an app installation: %v", err)
	}
	if _, err := c.CreateLabel(context.Background(), observedLabel("from-app")); err != nil {
		t.Fatalf("write as an app installation: %v", err)
	}
	var minted int
	for _, r := range fake.Log() {
		if r.Method == "POST" && r.Path == "/app/installations/7/access_tokens" {
			minted++
		}
	}
	if minted != 1 {
		t.Fatalf("installation tokens minted: %d, want 1 (reused while valid)", minted)
	}
	if strings.Contains(log.String(), "ghs_") || strings.Contains(log.String(), "PRIVATE KEY") {
		t.Fatalf("log shows a secret:\n%s", log.String())
	}

	// A key the app does not have is refused, and the error says so
	// without quoting the key.
	_, otherPEM := testKey(t)
	bad := &App{ID: 42, InstallationID: 7, PrivateKey: otherPEM}
	src, _ = bad.TokenSource(url, nil)
	c, _ = New(Config{TokenSource: src, BaseURL: url, Repo: "o/r"})
	_, err = c.ListLabels(context.Background())
	if err == nil || strings.Contains(err.Error(), "PRIVATE KEY") {
		t.Fatalf("wrong key: %v", err)
	}
	if _, err := (&App{ID: 1, InstallationID: 1, PrivateKey: []byte("not a key")}).TokenSource(url, nil); err == nil || strings.Contains(err.Error(), "not a key") {
		t.Fatalf("bad PEM: %v", err)
	}
}

func TestAppFromEnv(t *testing.T) {
	_, pemKey := testKey(t)
	file := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(file, pemKey, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
		err  string
		nilA bool
	}{
		{name: "not configured", env: map[string]string{}, nilA: true},
		{name: "key text", env: map[string]string{"GHSYNC_APP_ID": "42", "GHSYNC_APP_INSTALLATION_ID": "7", "GHSYNC_APP_PRIVATE_KEY": string(pemKey)}},
		{name: "key file", env: map[string]string{"GHSYNC_APP_ID": "42", "GHSYNC_APP_INSTALLATION_ID": "7", "GHSYNC_APP_PRIVATE_KEY_FILE": file}},
		{name: "bad id", env: map[string]string{"GHSYNC_APP_ID": "x"}, err: "GHSYNC_APP_ID must be"},
		{name: "no installation", env: map[string]string{"GHSYNC_APP_ID": "42"}, err: "GHSYNC_APP_INSTALLATION_ID"},
		{name: "no key", env: map[string]string{"GHSYNC_APP_ID": "42", "GHSYNC_APP_INSTALLATION_ID": "7"}, err: "GHSYNC_APP_PRIVATE_KEY"},
		{name: "missing file", env: map[string]string{"GHSYNC_APP_ID": "42", "GHSYNC_APP_INSTALLATION_ID": "7", "GHSYNC_APP_PRIVATE_KEY_FILE": "/nonexistent/key.pem"}, err: "GHSYNC_APP_PRIVATE_KEY_FILE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, err := AppFromEnv(func(k string) string { return tt.env[k] })
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want %q", err, tt.err)
				}
				if strings.Contains(err.Error(), "PRIVATE KEY-----") {
					t.Fatal("error quotes the key")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (app == nil) != tt.nilA {
				t.Fatalf("app = %v", app)
			}
			if app != nil && (app.ID != 42 || app.InstallationID != 7 || !bytes.Equal(app.PrivateKey, pemKey)) {
				t.Fatalf("app = %+v", app)
			}
		})
	}
}

func observedLabel(name string) observed.Label { return observed.Label{Name: name, Color: "ededed"} }

func TestStatusErrorsSayWhatToDo(t *testing.T) {
	fake := ghfake.New(ghfake.Options{Token: "right-token-123"})
	url := fake.Start()
	defer fake.Close()
	fake.AddRepo("o/r")
	ctx := context.Background()

	c, _ := New(Config{Token: "wrong-token-456", BaseURL: url, Repo: "o/r"})
	if _, err := c.ListLabels(ctx); err == nil || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "wrong, expired or revoked") {
		t.Fatalf("401: %v", err)
	}
	c, _ = New(Config{Token: "right-token-123", BaseURL: url, Repo: "o/missing"})
	if _, err := c.ListLabels(ctx); err == nil || !strings.Contains(err.Error(), "does not exist or this token cannot see it") {
		t.Fatalf("404 on the repository: %v", err)
	}
	c, _ = New(Config{Token: "right-token-123", BaseURL: url, Repo: "o/r"})
	if _, err := c.GetIssue(ctx, 999); err == nil || strings.Contains(err.Error(), "does not exist or this token") {
		t.Fatalf("404 on one issue must not blame the repository: %v", err)
	}
}
