#!/usr/bin/env bash
# The one command that runs every test (`make test`). Go tests run against the
# embedded SQLite and a real PostgreSQL: TEST_DATABASE_URL if set, otherwise a
# throwaway cluster this script starts and removes. PORTFOLIO_TEST_SQLITE_ONLY=1
# skips PostgreSQL (say so explicitly; it is never silent).
# Then the web app: type check, unit tests (Vitest), production build, the
# first-page size budget, and the end-to-end walkthrough in Debian's Chromium
# against the freshly built binary. PORTFOLIO_TEST_SKIP_WEB=1 skips the web
# app, PORTFOLIO_TEST_SKIP_E2E=1 only the browser (both say so; never silent).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${TEST_DATABASE_URL:-}" ] && [ "${PORTFOLIO_TEST_SQLITE_ONLY:-}" != 1 ]; then
  exec scripts/pg-throwaway.sh "$0" "$@"
fi

mkdir -p test-artifacts
log=test-artifacts/go-test.log

echo "== tracked files"
scripts/check-tracked-files.sh

echo "== gofmt"
unformatted=$(gofmt -l cmd internal deployments tools)
if [ -n "$unformatted" ]; then echo "not gofmt'ed:" >&2; echo "$unformatted" >&2; exit 1; fi

echo "== go vet"
go vet ./...

# staticcheck is pinned in tools/go.mod (a module of its own, so the app's
# go.mod stays lean); the first run builds it.
echo "== staticcheck"
go tool -modfile=tools/go.mod staticcheck ./...

# The race detector runs where it can find races: on every package but
# internal/handlers, and on that package's concurrent tests
# (internal/handlers/testdata/race-tests.txt, kept complete by
# TestConcurrentTestsAreListed); its other tests run without it, at a
# quarter of the time. The two first runs go side by side.
racelog=test-artifacts/go-race.log
echo "== go test (full log in $log; the handlers' concurrent tests under the race detector in $racelog)"
set +e
others=$(go list ./... | grep -v '/internal/handlers$')
go test -race -count=1 -timeout 20m -v $others >"$log.others" 2>&1 &
others_pid=$!
go test -count=1 -timeout 20m -v ./internal/handlers >"$log.handlers" 2>&1
status=$?
wait $others_pid || status=1
cat "$log.others" "$log.handlers" >"$log" && rm -f "$log.others" "$log.handlers"
concurrent=$(grep -v '^#' internal/handlers/testdata/race-tests.txt | paste -sd'|')
go test -race -count=1 -timeout 20m -v -run "^($concurrent)\$" ./internal/handlers >"$racelog" 2>&1 || status=1
echo "== deployment files (compose, Dockerfile, Kubernetes manifests)"
(cd deployments && go test -count=1 -v ./...) >>"$log" 2>&1 || status=1
set -e

web_passed=0
web_failed=0
web_note=""
if [ "${PORTFOLIO_TEST_SKIP_WEB:-}" = 1 ]; then
  web_note="web app tests skipped: PORTFOLIO_TEST_SKIP_WEB=1"
else
  weblog=test-artifacts/web-test.log
  : >"$weblog"
  web_step() { # name, command...: runs one stage, counts it, keeps its output
    local name=$1; shift
    echo "== web: $name"
    if "$@" >>"$weblog" 2>&1; then return 0; fi
    echo "web: $name FAILED (see $weblog)"; tail -n 40 "$weblog"; return 1
  }
  if web_step "npm ci" bash -c 'cd frontend && npm ci --no-audit --no-fund' &&
    web_step "type check" bash -c 'cd frontend && npm run -s typecheck'; then
    # Vitest reports its own counts as JSON.
    web_step "unit tests (vitest)" bash -c 'cd frontend && npx vitest run --reporter=default --reporter=json --outputFile.json=../test-artifacts/vitest.json' || status=1
    if [ -f test-artifacts/vitest.json ]; then
      read -r vp vf < <(node -e 'const r=require("./test-artifacts/vitest.json");console.log(r.numPassedTests,r.numFailedTests)')
      web_passed=$((web_passed + vp)); web_failed=$((web_failed + vf))
      echo "vitest: $vp passed, $vf failed"
    else
      web_failed=$((web_failed + 1))
    fi
    if web_step "production build" bash -c 'cd frontend && npx vite build && touch dist/.gitkeep' &&
      web_step "first-page size budget" bash -c 'cd frontend && node scripts/first-page-size.mjs'; then
      grep 'first page' "$weblog" | tail -1
      if [ "${PORTFOLIO_TEST_SKIP_E2E:-}" = 1 ]; then
        web_note="browser tests skipped: PORTFOLIO_TEST_SKIP_E2E=1"
      # A test build: its clock can be moved past a deadline from loopback
      # (cmd/portfolio/testclock.go), so the walk never waits for one.
      elif web_step "binary with the web app" go build -tags testclock -o test-artifacts/portfolio ./cmd/portfolio; then
        echo "== web: end-to-end in Chromium (${CHROMIUM:-/usr/bin/chromium}; screenshots in test-artifacts/screenshots)"
        (cd frontend && PORTFOLIO_BIN=../test-artifacts/portfolio SCREENSHOTS=../test-artifacts/screenshots node e2e/run.mjs) \
          >test-artifacts/e2e.log 2>&1 || status=1
        grep -E '^(ok|not ok) - ' test-artifacts/e2e.log || tail -n 40 test-artifacts/e2e.log
        ep=$(grep -c '^ok - ' test-artifacts/e2e.log || true)
        ef=$(grep -c '^not ok - ' test-artifacts/e2e.log || true)
        web_passed=$((web_passed + ep)); web_failed=$((web_failed + ef))
        [ "$ep" -gt 0 ] || { web_failed=$((web_failed + 1)); status=1; }
      else
        status=1; web_failed=$((web_failed + 1))
      fi
    else
      status=1; web_failed=$((web_failed + 1))
    fi
  else
    status=1; web_failed=$((web_failed + 1))
  fi
fi

# Package results, failures with their messages, and the tests' own notes.
grep -E '^(ok|FAIL|panic:|--- FAIL)|^\s+--- FAIL|^\s+\S+_test\.go:[0-9]+:|^WARNING: DATA RACE' "$log" "$racelog" || true

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
race_passed=$(grep -cE '^--- PASS: ' "$racelog" || true)
race_failed=$(grep -cE '^--- FAIL: ' "$racelog" || true)
echo "race detector on the handlers' concurrent tests: ${race_passed} passed, ${race_failed} failed"
[ "$race_passed" -gt 0 ] || status=1
echo "web app: ${web_passed} passed, ${web_failed} failed${web_note:+ ($web_note)}"
echo "$((passed + web_passed)) passed, $((failed + race_failed + web_failed)) failed"
exit $status
