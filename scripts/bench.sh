#!/usr/bin/env bash
# make bench / make bench-sqlite: builds the server and the load tool, then
# `loadtool bench` seeds a fresh database at scale, starts the server and the
# ceilings' server, drives every hot path and prints one table of medians.
#   scripts/bench.sh [loadtool bench flags]     # PostgreSQL: a throwaway cluster unless TEST_DATABASE_URL is set
#   scripts/bench.sh -sqlite -scale 0.2         # the embedded database
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d /tmp/portfolio-bench-bin.XXXXXX)
trap 'rm -rf "$out"' EXIT
# The web app is not needed to measure the API: an empty dist is embedded if none was built.
[ -f frontend/dist/index.html ] || { mkdir -p frontend/dist; touch frontend/dist/.gitkeep; }
CGO_ENABLED=0 go build -trimpath -o "$out/portfolio" ./cmd/portfolio
CGO_ENABLED=0 go build -trimpath -o "$out/loadtool" ./cmd/loadtool

sqlite=0
for a in "$@"; do [ "$a" = -sqlite ] && sqlite=1; done
if [ "$sqlite" = 0 ] && [ -z "${TEST_DATABASE_URL:-}" ]; then
  exec scripts/pg-throwaway.sh "$out/loadtool" bench -bin "$out/portfolio" "$@"
fi
"$out/loadtool" bench -bin "$out/portfolio" "$@"
