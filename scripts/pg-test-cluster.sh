#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS cluster on 127.0.0.1 for the contract tests.
#   scripts/pg-test-cluster.sh start   → prints the DATABASE_URL to use
#   scripts/pg-test-cluster.sh stop
# Settings: KARAVAN_PGDATA (default /tmp/karavan-pgdata), KARAVAN_PGPORT (default 55440).
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DATA=${KARAVAN_PGDATA:-/tmp/karavan-pgdata}
PORT=${KARAVAN_PGPORT:-55440}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
start)
  if [ ! -s "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"; [ "$(id -u)" = 0 ] && chown postgres: "$DATA"
    as_pg "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust >/dev/null
  fi
  as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w start -o \
    "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DATA -c fsync=off -c max_connections=200" >/dev/null
  echo "postgres://postgres@127.0.0.1:$PORT/postgres" ;;
stop)
  as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
