#!/usr/bin/env bash
# A private PostgreSQL cluster for development and tests, from the system's binaries.
#
#   scripts/pg.sh start            start it (initialising it the first time); prints nothing
#   scripts/pg.sh stop             stop it (fast shutdown)
#   scripts/pg.sh status           exit 0 when running
#   scripts/pg.sh url [DB]         the connection URL of database DB (default: atelier)
#   scripts/pg.sh createdb DB [--fresh]   create DB if missing (--fresh: drop it first)
#
# Data lives in .pg/ at the top of the checkout (ignored by git). As root, the server runs as the
# `postgres` user, since initdb refuses root. The port is chosen free once and kept in .pg/port.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base=${ATELIER_PG_DIR:-$root/.pg}
pgbin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "pg.sh: PostgreSQL server binaries not found (install postgresql, or set PG_BIN or DATABASE_URL)" >&2
  exit 1
fi

is_root() { [ "$(id -u)" = 0 ]; }
# From /, so that the postgres user is never left in a folder it cannot enter.
as_pg() { if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

# As root the postgres user must be able to reach the data folder; when the checkout sits under
# a folder it cannot enter (e.g. /root), keep the cluster in /var/tmp instead.
if is_root && [ -z "${ATELIER_PG_DIR:-}" ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "pg.sh: running as root needs the 'postgres' system user (it comes with Debian's postgresql packages)" >&2
    exit 1
  fi
  if ! runuser -u postgres -- test -x "$root"; then
    base=/var/tmp/atelier-pg-$(printf '%s' "$root" | md5sum | cut -c1-12)
  fi
fi
data=$base/data
run=$base/run

source "$root/scripts/common.sh"

port_is_free() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
}

running() { [ -d "$data" ] && as_pg "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

password() { cat "$base/password"; }
port() { cat "$base/port"; }

url() {
  printf 'postgres://atelier:%s@127.0.0.1:%s/%s\n' "$(password)" "$(port)" "${1:-atelier}"
}

psql_admin() {
  PGPASSWORD=$(password) "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(port)" -U atelier -d postgres "$@"
}

init() {
  mkdir -p "$base" "$run"
  chmod 755 "$base"
  if [ ! -s "$base/password" ]; then
    (umask 077; python3 -c 'import secrets; print(secrets.token_urlsafe(24))' > "$base/password")
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    local pwfile=$base/pwfile
    (umask 077; password > "$pwfile")
    if is_root; then chown postgres "$data" "$run" "$pwfile"; fi
    chmod 700 "$data"
    as_pg "$pgbin/initdb" -D "$data" -U atelier --pwfile="$pwfile" --auth=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 || {
        cat "$base/initdb.log" >&2; rm -f "$pwfile"; exit 1; }
    rm -f "$pwfile"
  fi
  if is_root; then chown postgres "$run"; fi
}

start() {
  init
  if running; then return 0; fi
  if [ ! -s "$base/port" ] || ! port_is_free "$(port)"; then free_port > "$base/port"; fi
  local logfile=$base/postgres.log
  if is_root; then touch "$logfile"; chown postgres "$logfile"; fi
  # pg_stat_statements (PostgreSQL's contrib, in Debian's server package) lets `make bench` count
  # the statements each page costs; it is left out when this PostgreSQL lacks it.
  local preload=
  if [ -f "$("$pgbin/pg_config" --sharedir 2>/dev/null)/extension/pg_stat_statements.control" ]; then
    preload="-c shared_preload_libraries=pg_stat_statements"
  fi
  as_pg "$pgbin/pg_ctl" -D "$data" -l "$logfile" -w -t 30 \
    -o "-p $(port) -k $run -c listen_addresses=127.0.0.1 -c max_connections=200 $preload" start >/dev/null || {
      echo "pg.sh: PostgreSQL did not start; its log:" >&2; tail -n 30 "$logfile" >&2; exit 1; }
  createdb atelier
}

stop() {
  if running; then as_pg "$pgbin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
}

createdb() {
  local db=$1 fresh=${2:-}
  if [ "$fresh" = "--fresh" ]; then
    psql_admin -c "drop database if exists \"$db\" with (force)"
  fi
  if [ -z "$(psql_admin -tAc "select 1 from pg_database where datname = '$db'")" ]; then
    psql_admin -c "create database \"$db\""
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) running ;;
  url) url "${2:-atelier}" ;;
  createdb) createdb "${2:?database name}" "${3:-}" ;;
  *) echo "usage: scripts/pg.sh start|stop|status|url [DB]|createdb DB [--fresh]" >&2; exit 2 ;;
esac
