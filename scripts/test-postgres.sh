#!/usr/bin/env bash
# A throw-away PostgreSQL server for the test suite, from the machine's PostgreSQL binaries (Debian's `postgresql`).
#   scripts/test-postgres.sh start DIR   initialises a cluster in DIR, starts it on a free loopback port and prints
#                                        the Npgsql connection string (exit 3 when PostgreSQL is not installed)
#   scripts/test-postgres.sh stop DIR    stops it (DIR can then be deleted)
# Run as root, the server runs as the postgres user, which must be able to reach DIR (e.g. DIR = $(mktemp -d)).
# Only for tests: trust authentication on 127.0.0.1 and fsync off (the tests check our logic, not PostgreSQL's).
set -euo pipefail
cmd=${1:?usage: test-postgres.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: test-postgres.sh start|stop DIR}")

bindir=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  [ -x "$d/initdb" ] && { bindir=$d; break; }
done
if [ -z "$bindir" ] && command -v initdb >/dev/null; then bindir=$(dirname "$(readlink -f "$(command -v initdb)")"); fi
if [ -z "$bindir" ]; then
  echo "test-postgres.sh: PostgreSQL is not installed (no initdb); on Debian: apt-get install postgresql" >&2
  exit 3
fi

# initdb and postgres refuse to run as root: run them as the postgres user that Debian's package creates.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    # From / : the caller's working directory may be one the postgres user cannot enter.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir" 2>/dev/null || true
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: test-postgres.sh start|stop DIR" >&2; exit 2 ;;
esac
