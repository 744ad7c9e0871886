#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail): requests per second and latency of the main pages, served
# by the release build against the private PostgreSQL cluster, loaded by wrk on loopback.
#   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 32)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source scripts/common.sh
target=${CARGO_TARGET_DIR:-$root/target}
seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-32}

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "bench.sh: wrk is missing (sudo apt-get install wrk)" >&2; exit 1
  fi
fi

started_pg=
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$started_pg" ]; then scripts/pg.sh stop || true; fi
}
trap cleanup EXIT

if [ -z "${DATABASE_URL:-}" ]; then
  if ! scripts/pg.sh status; then scripts/pg.sh start; started_pg=1; fi
  scripts/pg.sh createdb atelier_bench --fresh
  bench_url=$(scripts/pg.sh url atelier_bench)
else
  bench_url=$DATABASE_URL
fi

port=$(free_port)
DATABASE_URL=$bench_url LEPTOS_SITE_ADDR=127.0.0.1:$port RUST_LOG=warn "$target/release/server" \
  >"$target/bench-server.log" 2>&1 &
server_pid=$!
wait_for_server "$port" "$server_pid" "$target/bench-server.log"

echo "Atelier benchmarks — $(nproc) cores, wrk ${seconds}s × ${connections} connections, $(date -u +%FT%TZ)"
printf '%-22s %12s %10s %10s %10s\n' page req/s p50 p99 errors
for path in / /themes/10 /themes/99 /healthz; do
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path")
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx/ { print $NF }' <<<"$out")
  printf '%-22s %12s %10s %10s %10s\n' "$path" "$rps" "$p50" "$p99" "${errors:-0}"
done
echo "(/themes/99 is the 404 page: its non-2xx answers are expected.)"
echo
cargo run --release --quiet -p server --example password_bench
