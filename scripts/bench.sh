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
bench_password="bench-$(date +%s)-$RANDOM-$RANDOM"
printf '%s\n' "$bench_password" | DATABASE_URL=$bench_url \
  "$target/release/server" admin create --email bench@example.org --name Bench --password-stdin >/dev/null 2>&1 || true
# Rate limits and the account lockout are lifted for the server under test: the sign-in and save
# figures measure the work, not the refusals (which cost almost nothing).
DATABASE_URL=$bench_url LEPTOS_SITE_ADDR=127.0.0.1:$port RUST_LOG=warn \
  ATELIER_SIGN_INS_PER_IP=1000000000 ATELIER_FAILURES_PER_ACCOUNT=1000000000 \
  ATELIER_SAVES_PER_MINUTE=1000000000 ATELIER_PREVIEWS_PER_MINUTE=1000000000 \
  ATELIER_POSTS_PER_HOUR=1000000000 ATELIER_REPORTS_PER_HOUR=1000000000 \
  ATELIER_MAIL_DIR="$target/bench-mail" "$target/release/server" \
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

# One wrk run; prints "answers/s ok/s p50 p99" (ok: 2xx or 3xx answers).
measure() {
  local out total bad
  out=$(wrk "$@")
  total=$(awk '/requests in/ { print $1 }' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx/ { print $NF }' <<<"$out" | grep . || echo 0)
  printf '%s %s %s %s' \
    "$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")" \
    "$(awk -v t="$total" -v b="$bad" -v s="$seconds" 'BEGIN { printf "%.1f", (t - b) / s }')" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")"
}
sign_in=(-t2 -c"$connections" -d"${seconds}s" --latency -s scripts/bench-sign-in.lua "http://127.0.0.1:$port")

echo "Sign-in (argon2id 19 MiB t=2 p=1; $(nproc) hashes at a time, more are refused with 429)"
printf '%-34s %10s %10s %10s %10s\n' case answers/s 2xx/s p50 p99
read -r rps ok p50 p99 <<<"$(BENCH_EMAIL=bench@example.org BENCH_PASSWORD=$bench_password measure "${sign_in[@]}")"
printf '%-34s %10s %10s %10s %10s\n' "right password" "$rps" "$ok" "$p50" "$p99"
read -r rps ok p50 p99 <<<"$(BENCH_EMAIL=bench@example.org BENCH_PASSWORD=wrong measure "${sign_in[@]}")"
printf '%-34s %10s %10s %10s %10s\n' "wrong password" "$rps" "$ok" "$p50" "$p99"
read -r rps ok p50 p99 <<<"$(BENCH_UNIQUE_EMAIL=1 BENCH_PASSWORD=wrong measure "${sign_in[@]}")"
printf '%-34s %10s %10s %10s %10s\n' "unknown e-mail" "$rps" "$ok" "$p50" "$p99"
echo "(One connection at a time, to compare the work behind each answer:)"
one=(-t1 -c1 -d"${seconds}s" --latency -s scripts/bench-sign-in.lua "http://127.0.0.1:$port")
read -r rps ok p50 p99 <<<"$(BENCH_EMAIL=bench@example.org BENCH_PASSWORD=wrong measure "${one[@]}")"
printf '%-34s %10s %10s %10s %10s\n' "wrong password, 1 connection" "$rps" "$ok" "$p50" "$p99"
read -r rps ok p50 p99 <<<"$(BENCH_UNIQUE_EMAIL=1 BENCH_PASSWORD=wrong measure "${one[@]}")"
printf '%-34s %10s %10s %10s %10s\n' "unknown e-mail, 1 connection" "$rps" "$ok" "$p50" "$p99"

echo
echo "A page while sign-ins flood the server (${connections} connections each)"
printf '%-34s %10s %10s %10s %10s\n' case answers/s 2xx/s p50 p99
read -r rps ok p50 p99 <<<"$(measure -t1 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/themes/10")"
printf '%-34s %10s %10s %10s %10s\n' "/themes/10 alone" "$rps" "$ok" "$p50" "$p99"
BENCH_UNIQUE_EMAIL=1 BENCH_PASSWORD=wrong wrk -t1 -c"$connections" -d"$(( seconds + 2 ))s" \
  -s scripts/bench-sign-in.lua "http://127.0.0.1:$port" >"$target/bench-flood.log" 2>&1 &
flood=$!
sleep 1
read -r rps ok p50 p99 <<<"$(measure -t1 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/themes/10")"
printf '%-34s %10s %10s %10s %10s\n' "/themes/10 during the flood" "$rps" "$ok" "$p50" "$p99"
wait "$flood" || true
echo "flood: $(awk '/^Requests\/sec/ { print $2 }' "$target/bench-flood.log") sign-ins/s, $(awk '/Non-2xx or 3xx/ { print $NF }' "$target/bench-flood.log") refused or failed"
echo
cargo run --release --quiet -p server --example password_bench

echo
cargo run --release --quiet -p server --example render_bench
python3 scripts/bench/healthz_under_load.py "http://127.0.0.1:$port" bench@example.org "$bench_password"

echo
echo "Shared drafts: the benchmark corpus (30 KB French text, 200 revisions by 20 authors)"
corpus="$target/bench-corpus"
rm -rf "$corpus"
python3 scripts/bench/corpus/draft_corpus.py "$corpus" >/dev/null
loaded=$(DATABASE_URL=$bench_url cargo run --release --quiet -p server --example draft_bench -- "$corpus")
echo "$loaded" | grep -v '^draft='
draft=$(awk -F'[= ]' '/^draft=/ { print $2 }' <<<"$loaded")
printf '%-34s %10s %10s %10s %10s\n' page req/s p50 p99 errors
for path in "/themes/10/drafts/$draft" "/themes/10/drafts/$draft/diff?from=1&to=200" \
  "/themes/10/drafts/$draft/diff?from=1&to=200&view=side" "/themes/10/drafts/$draft/attribution" \
  "/themes/10/drafts/$draft/history"; do
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path")
  printf '%-34s %10s %10s %10s %10s\n' "${path#/themes/10/drafts/$draft}" \
    "$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
    "$(awk '/Non-2xx or 3xx/ { print $NF }' <<<"$out" | grep . || echo 0)"
done
echo "(the empty path is the draft's page; page sizes: $(for p in "" "/diff?from=1&to=200" "/attribution"; do curl -s "http://127.0.0.1:$port/themes/10/drafts/$draft$p" | wc -c; done | paste -sd/ -) bytes)"

echo
# The draft engine alone (no server, no database): merges, saves, diffs and attribution at the
# sizes of the engine issue, p50/p99 over 20 runs, and the corpus saved revision by revision.
cargo run --release --quiet -p draft-engine --example bench -- "$corpus"

echo
echo "Reviewing that draft: 50 comments on passages, saves carrying their anchors, suggestions merged"
DATABASE_URL=$bench_url cargo run --release --quiet -p server --example review_bench -- "$draft"
printf '%-34s %10s %10s %10s %10s\n' page req/s p50 p99 errors
out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/themes/10/drafts/$draft")
printf '%-34s %10s %10s %10s %10s\n' "(draft page, 50 passages marked)" \
  "$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")" \
  "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
  "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
  "$(awk '/Non-2xx or 3xx/ { print $NF }' <<<"$out" | grep . || echo 0)"
echo "(page size: $(curl -s "http://127.0.0.1:$port/themes/10/drafts/$draft" | wc -c) bytes)"

echo
echo "Discussions: a thread of 1,000 posts by 20 members (50 posts a page)"
loaded=$(DATABASE_URL=$bench_url cargo run --release --quiet -p server --example discussion_bench)
echo "$loaded" | grep -v '^thread='
thread=$(awk -F'[= ]' '/^thread=/ { print $2 }' <<<"$loaded")
printf '%-34s %10s %10s %10s %10s\n' page req/s p50 p99 errors
for path in "/themes/10/discussions/$thread" "/themes/10/discussions/$thread?page=10" \
  "/themes/10/discussions/$thread?page=last" "/themes/10/discussions"; do
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path")
  printf '%-34s %10s %10s %10s %10s\n' "${path#/themes/10}" \
    "$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
    "$(awk '/Non-2xx or 3xx/ { print $NF }' <<<"$out" | grep . || echo 0)"
done
echo "(page size: $(curl -s "http://127.0.0.1:$port/themes/10/discussions/$thread" | wc -c) bytes)"

echo
echo "Speed: every page against D, the same machine's PostgreSQL (pgbench, select-only, 16 clients)"
pgbin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
d_tps=
if [ -x "$pgbin/pgbench" ]; then
  d_url=${bench_url%/*}/atelier_pgbench
  if [ -z "${DATABASE_URL:-}" ]; then scripts/pg.sh createdb atelier_pgbench --fresh; fi
  if "$pgbin/pgbench" -i -q -s 10 "$d_url" >"$target/bench-pgbench.log" 2>&1; then
    d_tps=$("$pgbin/pgbench" -S -n -c 16 -j 2 -T "$seconds" "$d_url" 2>>"$target/bench-pgbench.log" \
      | awk '/^tps/ { printf "%.0f", $3 }')
  fi
fi
if [ -n "$d_tps" ]; then
  echo "D = $d_tps transactions/s (pgbench -S, scale 10, 16 clients, ${seconds}s)"
else
  echo "(D not measured: pgbench is missing or could not reach the database; see $target/bench-pgbench.log)"
fi
ratio() { if [ -n "$d_tps" ]; then awk -v r="$1" -v d="$d_tps" 'BEGIN { printf "%.4f", r / d }'; else echo -; fi; }

# 8 writers on 8 drafts take no part here; the signed-in pages use the bench account (a moderator).
curl -s -c "$target/bench-cookies" -o /dev/null -H "Origin: http://127.0.0.1:$port" \
  -H 'Sec-Fetch-Site: same-origin' -H 'Accept: application/json' \
  --data-urlencode "email=bench@example.org" --data-urlencode "password=$bench_password" \
  "http://127.0.0.1:$port/api/account/sign-in"
session=$(awk '$6 == "atelier_session" { print $7 }' "$target/bench-cookies")
d=/themes/10/drafts/$draft
speed_pages=(/themes/10 "$d" "$d/history" "$d/attribution" "$d/diff?from=199&to=200" "$d/diff?from=1&to=200")
python3 scripts/bench/statements.py "http://127.0.0.1:$port" "$bench_url" bench@example.org "$bench_password" \
  "${speed_pages[@]}"

page_table() {
  printf '%-34s %10s %10s %10s %8s %10s %10s\n' page req/s p50 p99 errors "× D" bytes
  local path out rps
  for path in "${speed_pages[@]}"; do
    for who in anonymous "signed in"; do
      local extra=()
      if [ "$who" = "signed in" ]; then
        [ "$path" = /themes/10 ] || continue
        extra=(-H "Cookie: atelier_session=$session")
      fi
      out=$(wrk -t2 -c16 -d"${seconds}s" --latency "${extra[@]}" "http://127.0.0.1:$port$path")
      rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
      printf '%-34s %10s %10s %10s %8s %10s %10s\n' "${path/#$d/draft} ($who)" "$rps" \
        "$(awk '$1 == "50%" { print $2 }' <<<"$out")" "$(awk '$1 == "99%" { print $2 }' <<<"$out")" \
        "$(awk '/Non-2xx or 3xx/ { print $NF }' <<<"$out" | grep . || echo 0)" "$(ratio "$rps")" \
        "$(curl -s "${extra[@]}" "http://127.0.0.1:$port$path" | wc -c)"
    done
  done
}
echo "Pages (wrk, 16 connections, ${seconds}s; the draft is the 30 KB, 200-revision corpus, 50 passages commented)"
rss_before=$(awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status")
page_table
echo "(server memory: ${rss_before} kB before the pages, $(awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status") kB after)"

echo
echo "Hydration: a first visit in Chromium until the page is interactive (median of 5 cold visits, CPU at 1× and throttled 4×)"
node scripts/bench/hydration.mjs "http://127.0.0.1:$port" 5 /themes/10 "$d" "$d/diff?from=199&to=200" \
  || echo "(hydration not measured: Chromium or Playwright is missing; make test installs both)"

echo
echo "The same pages after 10,000 more revisions of that draft (the corpus's 200 revisions again, 50 times)"
psql -X -q -v ON_ERROR_STOP=1 "$bench_url" <<SQL
insert into draft_revisions (draft_id, number, parent, kind, author_id, summary, body, attribution,
                             words_added, words_removed)
select h.draft_id, h.number + g, h.number + g - 1, 'edited', a.author_id, a.summary, a.body,
       a.attribution, a.words_added, a.words_removed
from drafts d
join draft_revisions h on h.draft_id = d.id and h.number = d.head
cross join generate_series(1, 10000) g
join draft_revisions a on a.draft_id = d.id and a.number = 1 + (g - 1) % h.number
where d.number = $draft and d.theme_id = (select id from themes where number = 10);
update drafts set head = head + 10000, updated_at = now()
where number = $draft and theme_id = (select id from themes where number = 10);
SQL
speed_pages=(/themes/10 "$d" "$d/history" "$d/attribution" "$d/diff?from=10199&to=10200")
page_table

echo
echo "Search at a hundred times the cahier: 300 thèmes, 30,000 posts, 3,000 drafts of 20 revisions, 2,000 people (wrk, 16 connections, ${seconds}s, /search anonymous in French)"
if [ -z "${DATABASE_URL:-}" ]; then
  scripts/pg.sh createdb atelier_bench_search --fresh
  scripts/bench/search.sh "$target" "$corpus" "$(scripts/pg.sh url atelier_bench_search)"
else
  echo "(not measured: it needs a database of its own, which make bench creates only in its private cluster)"
fi

echo
echo "Front end, as built (the site's pkg folder; gzip and brotli are the build's precompressed copies)"
printf '%-44s %12s %12s %12s\n' file raw gzip brotli
for file in "$root/${LEPTOS_SITE_ROOT:-target/site}/pkg/"*.{wasm,js,css}; do
  [ -f "$file" ] || continue
  size() { if [ -f "$1" ]; then stat -c %s "$1"; else echo -; fi; }
  printf '%-44s %12s %12s %12s\n' "$(basename "$file")" "$(size "$file")" "$(size "$file.gz")" "$(size "$file.br")"
done
