#!/usr/bin/env bash
# Every test, in the order that fails fastest: formatting, lints, the release build, unit +
# database + HTTP tests (cargo test, a fresh database per database test), then the browser tests
# against the real server, with JavaScript disabled and with hydration. Exits non-zero on any
# failure. Called by `make test` (which installs the tools first).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/common.sh
target=${CARGO_TARGET_DIR:-$root/target}
step() { printf '\n\033[1m» %s\033[0m\n' "$*"; }
started=$(date +%s)

step "formatting (cargo fmt --check)"
cargo fmt --all --check

step "lints (clippy -D warnings, server and browser builds)"
cargo clippy --release --workspace --all-targets -- -D warnings
cargo clippy --release -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings

step "release build (server and wasm)"
cargo leptos build --release --precompress

started_pg=
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; fi
  if [ -n "$started_pg" ]; then scripts/pg.sh stop || true; fi
}
trap cleanup EXIT

if [ -z "${DATABASE_URL:-}" ]; then
  if ! scripts/pg.sh status; then
    step "starting the private PostgreSQL cluster"
    scripts/pg.sh start
    started_pg=1
  fi
  admin_url=$(scripts/pg.sh url postgres)
  e2e_url=$(scripts/pg.sh url atelier_e2e)
  scripts/pg.sh createdb atelier_e2e --fresh
else
  # Tests create their own databases (sqlx::test) on this server; the browser tests use a fresh
  # database named atelier_e2e on it.
  admin_url=$DATABASE_URL
  e2e_url="${DATABASE_URL%/*}/atelier_e2e"
  psql -X -q "$admin_url" -c 'drop database if exists atelier_e2e with (force)' -c 'create database atelier_e2e'
fi

step "unit, database and HTTP tests"
cargo_log=$target/cargo-test.log
DATABASE_URL=$admin_url cargo test --release --workspace 2>&1 | tee "$cargo_log"

step "end-to-end tests in Chromium (without JavaScript, then with hydration)"
port=$(free_port)
log=$target/e2e-server.log
# The browser tests read the e-mails the server writes (sign-up and reset links), and sign in as
# an admin made here with the command line. A pause of 2 s ends a visit, so that a test can come
# back "later" and see what changed since its last visit.
e2e_mail=$target/e2e-mail
rm -rf "$e2e_mail" && mkdir -p "$e2e_mail"
e2e_admin_password="admin-e2e-$(date +%s)-$RANDOM-$RANDOM"
printf '%s\n' "$e2e_admin_password" | DATABASE_URL=$e2e_url \
  "$target/release/server" admin create --email admin@e2e.test --name "Admin E2E" --password-stdin >/dev/null
# The server reads the built front end from a copy of its own, so that a build started meanwhile
# (a `make run` in another terminal) cannot pull the wasm from under a page being loaded.
e2e_site=$target/e2e-site
rm -rf "$e2e_site" && cp -r "${LEPTOS_SITE_ROOT:-target/site}" "$e2e_site"
DATABASE_URL=$e2e_url LEPTOS_SITE_ADDR=127.0.0.1:$port LEPTOS_SITE_ROOT=$e2e_site \
  RUST_LOG=info,tower_http=warn ATELIER_MAIL_DIR=$e2e_mail ATELIER_PUBLIC_URL=http://127.0.0.1:$port \
  ATELIER_VISIT_GAP_SECS=2 "$target/release/server" >"$log" 2>&1 &
server_pid=$!
wait_for_server "$port" "$server_pid" "$log"
e2e_log=$target/e2e.log
if ! (cd end2end && E2E_BASE_URL="http://127.0.0.1:$port" E2E_MAIL_DIR=$e2e_mail \
  E2E_ADMIN_EMAIL=admin@e2e.test E2E_ADMIN_PASSWORD=$e2e_admin_password npx playwright test) 2>&1 | tee "$e2e_log"; then
  # What the server said while the browser tests ran: its warnings and errors name the cause.
  echo "browser tests failed; the server's warnings and errors ($log):"
  grep -E ' (WARN|ERROR) ' "$log" | tail -n 40 || echo "(none)"
  exit 1
fi

step "graceful shutdown on SIGTERM"
kill -TERM "$server_pid"
for _ in $(seq 1 40); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.25; done
if kill -0 "$server_pid" 2>/dev/null; then echo "the server did not stop within 10 s of SIGTERM"; exit 1; fi
wait "$server_pid" && status=0 || status=$?
server_pid=
if [ "$status" != 0 ]; then echo "the server exited with status $status after SIGTERM; its log:"; tail -n 20 "$log"; exit 1; fi
echo "stopped cleanly"

rust_passed=$(awk '/^test result:/ { sum += $4 } END { print sum + 0 }' "$cargo_log")
e2e_passed=$(sed 's/\x1b\[[0-9;]*m//g' "$e2e_log" | awk '$2 == "passed" && $1 ~ /^[0-9]+$/ { print $1 }' | tail -n 1)
step "all tests passed in $(( $(date +%s) - started )) s: $rust_passed Rust tests, ${e2e_passed:-0} browser tests"
echo "$(( rust_passed + ${e2e_passed:-0} + 1 )) passed, 0 failed"
