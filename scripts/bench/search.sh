#!/usr/bin/env bash
# The search at a hundred times the real cahier's size (figures, not pass/fail).
#   usage: search.sh TARGET_DIR CORPUS_DIR DATABASE_URL_OF_A_FRESH_DATABASE
# Fills the database with search_scale.py's cahier (after the server has migrated and seeded it),
# then loads /search with wrk, 16 connections, one query of each sort at a time, anonymous and
# in French; prints p50/p99 per query, then the plan PostgreSQL runs the search statement with
# for each (examples/search_plan.rs), to show which GIN indexes it reads.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
source scripts/common.sh
target=$1 corpus=$2 url=$3
seconds=${BENCH_SECONDS:-10}

port=$(free_port)
log="$target/bench-search-server.log"
DATABASE_URL=$url LEPTOS_SITE_ADDR=127.0.0.1:$port RUST_LOG=warn \
  ATELIER_MAIL_DIR="$target/bench-mail" "$target/release/server" >"$log" 2>&1 &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
wait_for_server "$port" "$pid" "$log"

started=$(date +%s)
python3 scripts/bench/search_scale.py "$corpus" | psql -X -q "$url" >/dev/null
# Settled before measuring: without it autovacuum visits the freshly loaded tables during the
# first runs and takes a core from them.
psql -X -q "$url" -c "vacuum analyze" >/dev/null
counts=$(psql -X -At "$url" -c "select (select count(*) from themes) || ' thèmes, '
  || (select count(*) from posts) || ' posts, ' || (select count(*) from drafts) || ' drafts, '
  || (select count(*) from draft_revisions) || ' revisions, ' || (select count(*) from users)
  || ' people, ' || pg_size_pretty(pg_database_size(current_database()))")
echo "(loaded in $(( $(date +%s) - started )) s: $counts)"

printf '%-44s %10s %10s %10s %10s %8s\n' query req/s p50 p99 errors results
queries=('coopératives' 'circuits courts territoires' '"économie sociale et solidaire"' 'financ'
  'monnaies complémentaires -Bretagne' 'Kerbrat')
for q in "${queries[@]}"; do
  path="/search?q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.argv[1]))' "$q")"
  out=$(wrk -t2 -c16 -d"${seconds}s" --latency "http://127.0.0.1:$port$path")
  # The count as the page says it (« 42 résultats », « Plus de 100 résultats » shown as >100).
  found=$(curl -s "http://127.0.0.1:$port$path" | grep -o 'class="search__count"[^>]*>[^<0-9]*[0-9]*' \
    | sed -E 's/.*>([^0-9]*)([0-9]+)$/\1\2/; s/^(Plus de|More than) />/; s/^[^>0-9]*//' || true)
  printf '%-44s %10s %10s %10s %10s %8s\n' "$q" \
    "$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
    "$(awk '/Non-2xx or 3xx/ { print $NF }' <<<"$out" | grep . || echo 0)" "${found:--}"
done

# The plan of the search statement for each query (the same statement, arguments and planning
# as the server's: one EXPLAIN ANALYZE each, after the load).
echo "Plans (EXPLAIN ANALYZE of the search statement, alone):"
DATABASE_URL=$url cargo run --release --quiet -p server --example search_plan -- "${queries[@]}"
