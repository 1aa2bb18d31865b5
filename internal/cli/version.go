package cli

import "runtime/debug"

// Version is set at build time with -ldflags "-X github.com/ghsync/ghsync/internal/cli.Version=...";
// without it, version() asks the build (go install ...@v1.2.3 records the
// module's version, a build in a checkout the commit).
var Version = "dev"

// version is Version, else what the Go build recorded: the module version
// of `go install github.com/ghsync/ghsync/cmd/ghsync@v1.2.3`, or the
// commit a checkout was built at ("dev+1a2b3c4d5e6f", "+dirty" when it had
// changes), else "dev".
func version() string {
	if Version != "dev" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return Version
	}
	return versionOf(info)
}

func versionOf(info *debug.BuildInfo) string {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev == "" {
		return "dev"
	}
	return "dev+" + rev[:min(12, len(rev))] + dirty
}
