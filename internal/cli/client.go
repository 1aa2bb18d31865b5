package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ghsync/ghsync/internal/catalog"
	"github.com/ghsync/ghsync/internal/desired"
	"github.com/ghsync/ghsync/internal/ghapi"
)

// loadCatalog loads g.Catalog for a command that needs a valid catalog,
// with the desired state built from it (rendering is where a body over
// GitHub's limit shows). On errors it prints every problem (like validate)
// and returns exit code 1.
func loadCatalog(env *Env, g *Global) (*catalog.Catalog, desired.State, error) {
	cat, problems, err := catalog.Load(g.Catalog)
	if err != nil {
		return nil, desired.State{}, catalogLoadError(g.Catalog, err)
	}
	if g.board != nil && cat.Board == nil {
		cat.Board = g.board
	}
	var want desired.State
	if !catalog.HasErrors(problems) {
		// A body over GitHub's limit would only fail half-way through apply.
		want = desired.Build(cat)
		problems = append(problems, want.Problems(cat)...)
	}
	if catalog.HasErrors(problems) {
		for _, p := range problems {
			if p.Severity == catalog.Error {
				fmt.Fprintln(env.Err, p.String())
			}
		}
		return nil, desired.State{}, fmt.Errorf("the catalog has errors; run ghsync validate --catalog %s for details, fix them and try again", g.Catalog)
	}
	return cat, want, nil
}

// clientConfig resolves token, API URL and repository from flags and the
// environment, with the clock of env.
func clientConfig(ctx context.Context, env *Env, g *Global, cat *catalog.Catalog) (ghapi.Config, error) {
	repo := ""
	if cat != nil {
		repo = cat.Repository
	}
	if repo == "" && env.GitRemote != nil {
		// The clone ghsync runs in, as gh does.
		repo = repoOfRemote(env.GitRemote())
	}
	cfg, err := ghapi.ConfigFromEnv(withGHToken(ctx, env), g.APIURL, g.Repo, repo)
	if err != nil {
		return cfg, err
	}
	if cat != nil && cat.Repository != "" && !strings.EqualFold(cat.Repository, cfg.Repo) {
		fmt.Fprintf(env.Err, "Warning: the catalog's repository is %s, but %s says %s: ghsync uses %s\n",
			cat.Repository, repoSource(env, g), cfg.Repo, cfg.Repo)
	}
	if err := useApp(ctx, env, &cfg); err != nil {
		return cfg, err
	}
	cfg.Actions = env.Getenv("GITHUB_ACTIONS") == "true"
	if cat != nil {
		cfg.Trusted = cat.TrustedAuthors
	}
	// Without a dashboard there is no record of who made the managed
	// issues, so every issue is read (see ghapi.Client.Observe).
	cfg.ByCreators = cat != nil && cat.Dashboard != nil && !g.FullListing
	cfg.UserAgent = "ghsync/" + version()
	cfg.Now = env.Now
	cfg.Sleep = env.Sleep
	if g.Verbose {
		cfg.Log = env.Err
	}
	cfg.Notices = env.Err
	return cfg, nil
}

// withGHToken is env.Getenv, with the token of the gh CLI's login as
// GH_TOKEN when no token is set in the environment and no GitHub App
// either: who uses gh needs no token of their own. The token is never
// printed (ghapi scrubs it like any other).
func withGHToken(ctx context.Context, env *Env) func(string) string {
	getenv := env.Getenv
	if env.GHAuthToken == nil || strings.TrimSpace(getenv("GH_TOKEN")) != "" || strings.TrimSpace(getenv("GITHUB_TOKEN")) != "" || getenv("GHSYNC_APP_ID") != "" {
		return getenv
	}
	token := strings.TrimSpace(env.GHAuthToken(ctx))
	return func(k string) string {
		if k == "GH_TOKEN" {
			return token
		}
		return getenv(k)
	}
}

// repoSource names where the repository came from, for the warning.
func repoSource(env *Env, g *Global) string {
	switch {
	case g.Repo != "":
		return "--repo"
	case env.Getenv("GITHUB_REPOSITORY") != "":
		return "GITHUB_REPOSITORY"
	}
	return "GH_REPO"
}

// repoOfRemote is "owner/name" of a GitHub remote URL (https, ssh or scp
// form, .git or not), "" for anything else.
func repoOfRemote(url string) string {
	url = strings.TrimSuffix(strings.TrimSpace(url), ".git")
	for _, prefix := range []string{"git@", "ssh://git@", "https://", "http://"} {
		if rest, ok := strings.CutPrefix(url, prefix); ok {
			// host:owner/name or host/owner/name
			if i := strings.IndexAny(rest, ":/"); i > 0 {
				path := strings.TrimPrefix(rest[i+1:], "/")
				if owner, name, ok := strings.Cut(path, "/"); ok && owner != "" && name != "" && !strings.Contains(name, "/") {
					return owner + "/" + name
				}
			}
		}
	}
	return ""
}

// useApp authenticates cfg as the GitHub App the environment configures, if
// any. A configured App wins over a token: it is the deliberate choice for
// more than GITHUB_TOKEN's 1,000 requests an hour.
func useApp(ctx context.Context, env *Env, cfg *ghapi.Config) error {
	app, err := ghapi.AppFromEnv(env.Getenv)
	if err != nil || app == nil {
		return err
	}
	src, err := app.TokenSource(cfg.BaseURL, nil)
	if err != nil {
		return err
	}
	cfg.Token, cfg.TokenSource = "", src
	cfg.Secrets = append(cfg.Secrets, string(app.PrivateKey))
	// The app's issues are authored by "<slug>[bot]", whose
	// author_association is NONE: ghsync must know it to trust them.
	slug := strings.TrimSpace(env.Getenv("GHSYNC_APP_SLUG"))
	if slug == "" {
		if slug, err = app.Slug(ctx, cfg.BaseURL, nil); err != nil {
			return err
		}
	}
	cfg.Writer = slug + "[bot]"
	return nil
}

// readOnlyClient is the client of plan, report and gate: it cannot write,
// whatever a bug elsewhere asks of it.
func readOnlyClient(ctx context.Context, env *Env, g *Global, cat *catalog.Catalog) (*ghapi.Client, error) {
	cfg, err := clientConfig(ctx, env, g, cat)
	if err != nil {
		return nil, err
	}
	cfg.ReadOnly = true
	c, err := ghapi.New(cfg)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// writeOptions are apply's knobs for the write client.
type writeOptions struct {
	interval  time.Duration
	maxWrites int
	maxWait   time.Duration
}

// defaultWriteInterval reads GHSYNC_WRITE_INTERVAL (a Go duration such as
// "1s" or "500ms", or plain seconds), else one second as GitHub asks; -1
// when the variable is malformed (the command reports it).
func defaultWriteInterval(getenv func(string) string) time.Duration {
	v := getenv("GHSYNC_WRITE_INTERVAL")
	if v == "" {
		return time.Second
	}
	if d, ok := parseInterval(v); ok {
		return d
	}
	return -1
}

// parseInterval reads a write interval: a Go duration ("1s", "500ms") or
// plain seconds ("2", "1.5"), not negative.
func parseInterval(v string) (time.Duration, bool) {
	if d, err := time.ParseDuration(v); err == nil && d >= 0 {
		return d, true
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	return 0, false
}

// intervalFlag is --write-interval: what GHSYNC_WRITE_INTERVAL takes,
// plain seconds included.
type intervalFlag struct{ d *time.Duration }

func (f intervalFlag) String() string { return f.d.String() }
func (f intervalFlag) Type() string   { return "duration" }
func (f intervalFlag) Set(v string) error {
	d, ok := parseInterval(v)
	if !ok {
		return fmt.Errorf("%q is not a duration such as 1s or 500ms, nor plain seconds such as 2", v)
	}
	*f.d = d
	return nil
}

func writeClient(ctx context.Context, env *Env, g *Global, cat *catalog.Catalog, w writeOptions) (*ghapi.Client, error) {
	cfg, err := clientConfig(ctx, env, g, cat)
	if err != nil {
		return nil, err
	}
	cfg.WriteInterval = w.interval
	cfg.MaxWrites = w.maxWrites
	cfg.MaxWait = w.maxWait
	c, err := ghapi.New(cfg)
	if err != nil {
		return nil, err
	}
	return c, nil
}
