#!/usr/bin/env bash
# Fails when the repository tracks a file over 2 MB (a build output or a
# binary committed by mistake). Lock files and the OpenAPI golden copy are
# generated on purpose and may grow; they are the only exceptions.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=$((2 * 1024 * 1024))
allowed='^(go\.sum|.*/go\.sum|frontend/package-lock\.json|frontend/src/api/openapi\.json)$'
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "tracked files: not a git checkout, nothing to check"
  exit 0
fi
# Sizes of the blobs in the index (what a commit would hold), not of the work tree.
big=$(git ls-files -s |
  while IFS=$'\t' read -r meta path; do
    blob=$(echo "$meta" | awk '{print $2}')
    size=$(git cat-file -s "$blob")
    if [ "$size" -gt "$limit" ] && ! [[ $path =~ $allowed ]]; then echo "$size $path"; fi
  done)
if [ -n "$big" ]; then
  echo "tracked files over 2 MB (remove them from git and ignore them):" >&2
  echo "$big" >&2
  exit 1
fi
echo "tracked files: none over 2 MB"
