#!/usr/bin/env bash
# The one command that runs every test (`make test`). Go tests run against the
# embedded SQLite and a real PostgreSQL: TEST_DATABASE_URL if set, otherwise a
# throwaway cluster this script starts and removes. PORTFOLIO_TEST_SQLITE_ONLY=1
# skips PostgreSQL (say so explicitly; it is never silent).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TEST_DATABASE_URL:-}" ] && [ "${PORTFOLIO_TEST_SQLITE_ONLY:-}" != 1 ]; then
  exec scripts/pg-throwaway.sh "$0" "$@"
fi

mkdir -p test-artifacts
log=test-artifacts/go-test.log

echo "== go vet"
go vet ./...

echo "== go test (race detector on; full log in $log)"
set +e
go test -race -count=1 -timeout 20m -v ./... >"$log" 2>&1
status=$?
echo "== deployment files (compose, Dockerfile, Kubernetes manifests)"
(cd deployments && go test -count=1 -v ./...) >>"$log" 2>&1 || status=1
set -e
# Package results, failures with their messages, and the tests' own notes.
grep -E '^(ok|FAIL|panic:|--- FAIL)|^\s+--- FAIL|^\s+\S+_test\.go:[0-9]+:' "$log" || true

count() { grep -cE -- "$1" "$log" || true; }
sqlite=$(count '^\s*--- PASS: \S+/sqlite \(')
postgres=$(count '^\s*--- PASS: \S+/postgres \(')
sqlite_failed=$(count '^\s*--- FAIL: \S+/sqlite \(')
postgres_failed=$(count '^\s*--- FAIL: \S+/postgres \(')
passed=$(count '^\s*--- PASS: ')
failed=$(count '^\s*--- FAIL: ')
echo
echo "database tests per driver: sqlite ${sqlite} passed, ${sqlite_failed} failed; postgres ${postgres} passed, ${postgres_failed} failed"
if [ "${PORTFOLIO_TEST_SQLITE_ONLY:-}" = 1 ]; then
  echo "PostgreSQL tests skipped: PORTFOLIO_TEST_SQLITE_ONLY=1"
elif [ "$postgres" -eq 0 ]; then
  echo "no PostgreSQL test ran although PostgreSQL was expected" >&2
  status=1
fi
echo "${passed} passed, ${failed} failed"
exit $status
