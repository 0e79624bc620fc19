#!/usr/bin/env bash
# Measures the server's peak memory (VmHWM) while it exports N projects to
# Excel. Uses the embedded SQLite in a temp dir; prints a line for
# docs/benchmarks.md.   N=100000 scripts/bench-export.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
dir=$(mktemp -d /tmp/portfolio-bench.XXXXXX)
port=18099
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
go build -o "$dir/portfolio" ./cmd/portfolio
go build -o "$dir/loadtool" ./cmd/loadtool
export PORTFOLIO_DATA_DIR="$dir/data" PORTFOLIO_ADDR="127.0.0.1:$port" PORTFOLIO_BCRYPT_COST=4 PORTFOLIO_LOG_LEVEL=warn
unset DATABASE_URL
"$dir/portfolio" seed --demo >/dev/null
"$dir/loadtool" seed-projects -n "$N"
"$dir/portfolio" serve & pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
token=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"pm@demo.kcyj2035.cn","password":"Demo@2035yj"}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
idle=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
result=$(curl -fs -o "$dir/export.xlsx" -w '%{http_code} %{size_download} %{time_total}' \
  -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/portfolio/export?what=projects")
peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
rows=$("$dir/loadtool" count-rows "$dir/export.xlsx")
read -r code bytes secs <<<"$result"
echo "export of projects: HTTP $code, $bytes bytes in ${secs}s, $rows"
echo "server peak RSS (VmHWM): before export $((idle / 1024)) MiB, after export $((peak / 1024)) MiB"
