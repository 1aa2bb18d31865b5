#!/usr/bin/env bash
# Installs the ghsync binary for the action (action.yml) once per job:
# the release binary of the action's ref when the ref is a release tag
# (vX.Y.Z), its SHA-256 checked against the release's checksums.txt;
# otherwise (a branch, a commit, a major tag such as v1) one build from the
# action's own source, with the runner's Go (GOTOOLCHAIN=auto fetches the
# Go that go.mod names when the runner's is older; the job's Go is not
# changed). Later steps of the job find the binary in RUNNER_TEMP.
set -euo pipefail

bin_dir="$RUNNER_TEMP/ghsync-bin"
bin="$bin_dir/ghsync"
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  MINGW* | MSYS* | CYGWIN*) os=windows; bin="$bin.exe" ;;
  *) echo "::error::ghsync: unsupported runner OS $(uname -s)"; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "::error::ghsync: unsupported runner architecture $(uname -m)"; exit 1 ;;
esac

if [ -x "$bin" ]; then
  echo "bin=$bin" >> "$GITHUB_OUTPUT"
  exit 0
fi
mkdir -p "$bin_dir"

if [[ "${ACTION_REF:-}" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] && [ -n "${ACTION_REPO:-}" ]; then
  version="${ACTION_REF#v}"
  ext=tar.gz
  [ "$os" = windows ] && ext=zip
  archive="ghsync_${version}_${os}_${arch}.${ext}"
  base="${GITHUB_SERVER_URL:-https://github.com}/$ACTION_REPO/releases/download/$ACTION_REF"
  tmp="$(mktemp -d)"
  if curl -fsSL --retry 3 -o "$tmp/$archive" "$base/$archive" && curl -fsSL --retry 3 -o "$tmp/checksums.txt" "$base/checksums.txt"; then
    if ! (cd "$tmp" && grep " ${archive}\$" checksums.txt | sha256sum -c --status -); then
      echo "::error::ghsync: $archive does not match the release's checksums.txt; refusing to run it"
      exit 1
    fi
    if [ "$ext" = zip ]; then
      unzip -q -o "$tmp/$archive" -d "$tmp/x"
    else
      mkdir -p "$tmp/x" && tar -xzf "$tmp/$archive" -C "$tmp/x"
    fi
    install -m 0755 "$tmp/x/$(basename "$bin")" "$bin"
    echo "ghsync $ACTION_REF: release binary, checksum verified"
    echo "bin=$bin" >> "$GITHUB_OUTPUT"
    exit 0
  fi
  echo "::notice::ghsync: no release binary $archive for $ACTION_REF; building from source"
fi

cd "$ACTION_PATH"
GOTOOLCHAIN=auto go build -ldflags "-X github.com/ghsync/ghsync/internal/cli.Version=${ACTION_REF:-dev}" -o "$bin" ./cmd/ghsync
echo "ghsync ${ACTION_REF:-}: built from source"
echo "bin=$bin" >> "$GITHUB_OUTPUT"
