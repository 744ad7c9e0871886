#!/usr/bin/env python3
"""How many SQL statements each page costs, counted by PostgreSQL (pg_stat_statements).

Usage: statements.py BASE_URL DATABASE_URL EMAIL PASSWORD PATH [PATH ...]

For each path, anonymous then signed in as EMAIL: resets the database's statement statistics,
asks for the page REPEAT times (default 20), and prints the statements executed per view (the sum
of pg_stat_statements' calls in the server's database, less this script's own). Also prints the
rows those statements returned per view. Asserts nothing: `make bench` reports figures. Needs
the pg_stat_statements library preloaded (scripts/pg.sh does so); says so and stops otherwise.
"""
import http.cookiejar
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

base, database_url, email, password, *paths = sys.argv[1:]
REPEAT = int(os.environ.get("STATEMENTS_REPEAT", "20"))


def psql(sql):
    done = subprocess.run(
        ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", database_url, "-c", sql],
        capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip())
    return done.stdout.strip()


try:
    psql("create extension if not exists pg_stat_statements")
    psql("select count(*) from pg_stat_statements")
except RuntimeError as error:
    print(f"(statement counts skipped: pg_stat_statements is not available — {error})")
    sys.exit(0)

jar = http.cookiejar.CookieJar()
signed_in = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
anonymous = urllib.request.build_opener()
request = urllib.request.Request(
    base + "/api/account/sign-in",
    data=urllib.parse.urlencode({"email": email, "password": password}).encode(),
    headers={"Origin": base, "Sec-Fetch-Site": "same-origin", "Accept": "application/json",
             "Content-Type": "application/x-www-form-urlencoded"})
with signed_in.open(request, timeout=30) as response:
    response.read()

COUNT = """select coalesce(sum(calls), 0) || ' ' || coalesce(sum(rows), 0) from pg_stat_statements
  where dbid = (select oid from pg_database where datname = current_database())
    and query not ilike '%pg_stat_statements%'"""


def per_view(opener, path):
    opener.open(base + path, timeout=60).read()  # warm: prepared statements, caches
    psql("select pg_stat_statements_reset()")
    for _ in range(REPEAT):
        with opener.open(base + path, timeout=60) as response:
            response.read()
    calls, rows = (int(x) for x in psql(COUNT).split())
    return calls / REPEAT, rows / REPEAT


print(f"SQL statements per page view (pg_stat_statements, mean of {REPEAT} views)")
print(f"{'page':<40} {'anonymous':>10} {'rows':>8} {'signed in':>10} {'rows':>8}")
for path in paths:
    a, ar = per_view(anonymous, path)
    s, sr = per_view(signed_in, path)
    print(f"{path:<40} {a:>10.1f} {ar:>8.1f} {s:>10.1f} {sr:>8.1f}")
