#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster (temp dir, free port on 127.0.0.1),
# runs the given command with TEST_DATABASE_URL pointing at it, then stops the
# cluster and deletes it, also when the command fails or is interrupted.
#   scripts/pg-throwaway.sh go test ./...
set -euo pipefail

bindir=""
if command -v pg_config >/dev/null 2>&1; then bindir=$(pg_config --bindir); fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir=$d; done
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pg-throwaway: PostgreSQL server binaries (initdb, pg_ctl) not found." >&2
  echo "  Install them (Debian: apt-get install postgresql) or set TEST_DATABASE_URL." >&2
  exit 3
fi

dir=$(mktemp -d /tmp/portfolio-pg.XXXXXX)
# A free port: nothing answers on it.
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 30000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "pg-throwaway: no free port found" >&2; exit 3; }

# initdb refuses to run as root: run the server as the postgres user then.
run() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
  chown postgres "$dir"
  run() { runuser -u postgres -- "$@"; }
fi

cleanup() {
  run "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

run "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 3; }
run "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 3; }

export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
echo "pg-throwaway: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
set +e
"$@"
status=$?
set -e
exit $status
