package ghapi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name                 string
		env                  map[string]string
		apiFlag, repoFlag    string
		catalogRepo          string
		wantToken, wantBase  string
		wantRepo             string
		wantErr              string // substring; "" = success
		errMustNotContainEnv bool
	}{
		{
			name:      "GH_TOKEN wins over GITHUB_TOKEN, as in gh",
			env:       map[string]string{"GITHUB_TOKEN": "one", "GH_TOKEN": "two", "GITHUB_REPOSITORY": "o/r"},
			wantToken: "two", wantRepo: "o/r",
		},
		{
			name:      "GITHUB_TOKEN when GH_TOKEN is empty",
			env:       map[string]string{"GH_TOKEN": " ", "GITHUB_TOKEN": "one\n", "GITHUB_REPOSITORY": "o/r"},
			wantToken: "one", wantRepo: "o/r",
		},
		{
			name:      "GH_REPO after GITHUB_REPOSITORY, before the catalog's",
			env:       map[string]string{"GH_TOKEN": "x", "GH_REPO": "g/h"},
			wantToken: "x", wantRepo: "g/h",
		},
		{
			name:    "no token names both variables",
			env:     map[string]string{"GITHUB_REPOSITORY": "o/r"},
			wantErr: "GITHUB_TOKEN",
		},
		{
			name:     "flag beats GITHUB_API_URL",
			env:      map[string]string{"GH_TOKEN": "x", "GITHUB_API_URL": "https://env.example/api/v3"},
			apiFlag:  "https://flag.example/api/v3",
			repoFlag: "a/b", catalogRepo: "c/d",
			wantToken: "x", wantBase: "https://flag.example/api/v3", wantRepo: "a/b",
		},
		{
			name:        "GITHUB_API_URL when no flag",
			env:         map[string]string{"GH_TOKEN": "x", "GITHUB_API_URL": "https://env.example/api/v3", "GITHUB_REPOSITORY": "e/f"},
			catalogRepo: "c/d",
			wantToken:   "x", wantBase: "https://env.example/api/v3", wantRepo: "e/f",
		},
		{
			name:        "catalog repository last",
			env:         map[string]string{"GH_TOKEN": "x"},
			catalogRepo: "c/d",
			wantToken:   "x", wantRepo: "c/d",
		},
		{
			name:    "no repository anywhere",
			env:     map[string]string{"GH_TOKEN": "x"},
			wantErr: "no repository",
		},
		{
			name:     "bad repository",
			env:      map[string]string{"GH_TOKEN": "x"},
			repoFlag: "just-a-name",
			wantErr:  "not OWNER/NAME",
		},
		{
			name:     "repository with a path",
			env:      map[string]string{"GH_TOKEN": "x"},
			repoFlag: "o/r/extra",
			wantErr:  "not OWNER/NAME",
		},
		{
			name:     "plain http to a remote host",
			env:      map[string]string{"GH_TOKEN": "x", "GITHUB_API_URL": "http://ghe.example/api/v3"},
			repoFlag: "o/r",
			wantErr:  "plain http",
		},
		{
			name:      "plain http to loopback is fine",
			env:       map[string]string{"GH_TOKEN": "x"},
			apiFlag:   "http://127.0.0.1:8080/",
			repoFlag:  "o/r",
			wantToken: "x", wantBase: "http://127.0.0.1:8080/", wantRepo: "o/r",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := ConfigFromEnv(env(tc.env), tc.apiFlag, tc.repoFlag, tc.catalogRepo)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				if tc.wantErr == "GITHUB_TOKEN" && !strings.Contains(err.Error(), "GH_TOKEN") {
					t.Errorf("err %q does not name GH_TOKEN", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Token != tc.wantToken || cfg.BaseURL != tc.wantBase || cfg.Repo != tc.wantRepo {
				t.Errorf("got token %q base %q repo %q, want %q %q %q", cfg.Token, cfg.BaseURL, cfg.Repo, tc.wantToken, tc.wantBase, tc.wantRepo)
			}
		})
	}
}

// dialRecorder is a base transport that counts connection attempts.
type dialRecorder struct {
	dials atomic.Int32
	http.RoundTripper
}

func newDialRecorder() *dialRecorder {
	d := &dialRecorder{}
	d.RoundTripper = &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			d.dials.Add(1)
			return nil, errors.New("dial refused by test")
		},
	}
	return d
}

func TestNewRefusesUnsafeBaseURLs(t *testing.T) {
	tests := []struct {
		base, want string
	}{
		{"http://api.github.com/", "plain http"},
		{"http://10.0.0.1/api/v3", "plain http"},
		{"http://example.com:80/", "plain http"},
		{"ftp://example.com/", "not an http(s) URL"},
		{"https://user:secret-password@example.com/", "must not contain"},
		{"not a url", "not an absolute"},
		{"https://example.com/?access_token=abc", "query"},
	}
	for _, tc := range tests {
		t.Run(tc.base, func(t *testing.T) {
			rec := newDialRecorder()
			c, err := New(Config{Token: "secret-token-123", Repo: "o/r", BaseURL: tc.base, Transport: rec})
			if err == nil {
				// Even if it had been accepted, nothing may have been dialled yet.
				_, err = c.ListLabels(context.Background())
				t.Fatalf("New accepted %q (then: %v)", tc.base, err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			for _, secret := range []string{"secret-token-123", "secret-password", "abc"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q leaks %q", err, secret)
				}
			}
			if n := rec.dials.Load(); n != 0 {
				t.Errorf("%d connections attempted", n)
			}
		})
	}
}

func TestNewAcceptsLoopbackAndHTTPS(t *testing.T) {
	for _, base := range []string{"", "https://ghe.example.com/api/v3", "http://127.0.0.1:1/", "http://127.1.2.3/", "http://[::1]:9/", "http://localhost:9/api/v3/"} {
		c, err := New(Config{Token: "t", Repo: "o/r", BaseURL: base})
		if err != nil {
			t.Errorf("New(%q): %v", base, err)
			continue
		}
		if !strings.HasSuffix(c.gh.BaseURL.Path, "/") {
			t.Errorf("New(%q): base path %q lacks the trailing slash", base, c.gh.BaseURL.Path)
		}
	}
}

func TestNewRequiresTokenAndRepo(t *testing.T) {
	if _, err := New(Config{Repo: "o/r"}); err == nil || !strings.Contains(err.Error(), "GITHUB_TOKEN") {
		t.Errorf("no token: err = %v", err)
	}
	for _, repo := range []string{"", "o", "o/", "/r", "o/r/s", "-o/r", "o/..", "o/r?x"} {
		if _, err := New(Config{Token: "t", Repo: repo}); err == nil {
			t.Errorf("repo %q accepted", repo)
		}
	}
}
