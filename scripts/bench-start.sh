#!/usr/bin/env bash
# Measures how long the binary takes to start on the embedded database, at
# the production bcrypt cost (12): the first start (migrations and the demo
# data) until the demo program manager can sign in, a restart on the same data
# until /readyz answers, and the idle resident memory after the restart.
# Prints one line per run for docs/benchmarks.md.   RUNS=3 scripts/bench-start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
dir=$(mktemp -d /tmp/portfolio-start.XXXXXX)
port=18098
base="http://127.0.0.1:$port"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
go build -o "$dir/portfolio" ./cmd/portfolio
unset DATABASE_URL PORTFOLIO_BCRYPT_COST
export PORTFOLIO_ADDR="127.0.0.1:$port" PORTFOLIO_LOG_LEVEL=warn PORTFOLIO_DEMO=1
now() { date +%s.%N; }
# waits (at most 60 s) until the command succeeds
until_ok() { for _ in $(seq 1 600); do "$@" >/dev/null 2>&1 && return 0; sleep 0.02; done; echo "timed out: $*" >&2; return 1; }
login() { curl -fs -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"pm@demo.kcyj2035.cn","password":"Demo@2035yj"}'; }
for run in $(seq 1 "$RUNS"); do
  export PORTFOLIO_DATA_DIR="$dir/data-$run"
  t0=$(now); "$dir/portfolio" serve & pid=$!
  until_ok login; t1=$(now)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  t2=$(now); "$dir/portfolio" serve & pid=$!
  until_ok curl -fs "$base/readyz"; t3=$(now)
  sleep 1; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  awk -v r="$run" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" -v m="$rss" 'BEGIN {
    printf "run %d: first start to a demo sign-in %.2f s; restart to ready %.2f s; idle RSS %d MiB\n", r, b - a, d - c, m / 1024 }'
done
