#!/usr/bin/env bash
# sticky-comment.sh PR FILE: puts FILE (Markdown) on pull request PR as one
# comment that is edited in place on every push instead of adding a new one.
# The comment is found by a hidden marker among those github-actions[bot]
# wrote. Needs GH_TOKEN with pull-requests: write, and the gh CLI (on
# GitHub's runners).
set -euo pipefail
pr="$1"
file="$2"
mark='<!-- ghsync:plan-comment -->'
body="$(printf '%s\n\n%s\n' "$mark" "$(cat "$file")")"
# A comment holds at most 65,536 characters.
if [ "${#body}" -gt 65000 ]; then
  body="${body:0:64000}"$'\n\n_The plan is longer than a comment holds: see the job summary._'
fi
id="$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$pr/comments" \
  --jq ".[] | select(.user.login == \"github-actions[bot]\" and (.body | startswith(\"$mark\"))) | .id" | head -n 1)"
if [ -n "$id" ]; then
  gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -f body="$body" > /dev/null
  echo "updated the plan comment $id"
else
  gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$pr/comments" -f body="$body" > /dev/null
  echo "commented the plan"
fi
