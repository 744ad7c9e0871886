#!/usr/bin/env bash
# Serves the release build. Without DATABASE_URL it starts the private PostgreSQL cluster and
# stops it again when the server stops (Ctrl-C or SIGTERM), unless it was already running.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}

started_pg=
private=
cleanup() {
  if [ -n "$started_pg" ]; then
    # Stop first, then say so: the terminal (or a pipe) may already be gone.
    scripts/pg.sh stop || true
    echo "» private PostgreSQL cluster stopped" 2>/dev/null || true
  fi
}
# A closed output pipe must not kill the script before it has cleaned up.
trap '' PIPE
trap cleanup EXIT

if [ -z "${DATABASE_URL:-}" ]; then
  if ! scripts/pg.sh status; then
    echo "» starting the private PostgreSQL cluster (data in .pg/)"
    scripts/pg.sh start
    started_pg=1
  fi
  DATABASE_URL=$(scripts/pg.sh url atelier)
  export DATABASE_URL
  private=1
fi

# A fresh database gets a demonstration admin; its credentials are printed and kept (readable by
# you only) in .pg/demo-admin.txt, so that later runs can show them again.
mkdir -p .pg
if demo=$("$target/release/server" admin demo 2>&1); then
  if grep -q "password:" <<<"$demo"; then
    (umask 077 && printf '%s\n' "$demo" >.pg/demo-admin.txt)
  fi
  if [ -n "$private" ] && [ -f .pg/demo-admin.txt ]; then
    echo "» sign in as the demo admin (kept in .pg/demo-admin.txt):"
    sed 's/^/  /' .pg/demo-admin.txt
  else
    echo "» $demo"
  fi
else
  echo "» could not check for an admin account:" >&2
  echo "$demo" >&2
fi
echo "» e-mails (sign-up links, password resets) are written to ${ATELIER_MAIL_DIR:-.mail}/ unless ATELIER_SMTP_URL is set"

echo "» Atelier on http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000} (Ctrl-C to stop)"
# Not exec: the trap above must run after the server has shut down.
"$target/release/server" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true' INT TERM
wait "$server" || wait "$server" || true
