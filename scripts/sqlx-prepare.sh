#!/usr/bin/env bash
# Regenerates .sqlx/ (the query metadata that lets the build check SQL without a database):
# applies migrations/ to a scratch database of the private cluster and re-expands the query
# macros against it. Run it after changing a query or a migration, and commit .sqlx/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
scripts/pg.sh start
scripts/pg.sh createdb atelier_prepare --fresh
url=$(scripts/pg.sh url atelier_prepare)
for migration in migrations/*.sql; do
  psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$migration"
done
rm -rf .sqlx && mkdir .sqlx
touch app/src/lib.rs
SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$root/.sqlx" DATABASE_URL="$url" \
  cargo check -p app --features ssr --tests
echo "sqlx-prepare: $(ls .sqlx | wc -l) queries in .sqlx/"
