#!/usr/bin/env bash
# Load bench of the web app (issue 9): wrk against dossier's JSON profile
# (/api/entities/{id}) and profile page (/entities/{id}) while an ingest runs, and in the same
# run nginx serving the very same response bodies as static files, the ceiling.
#
#   bench/web.sh [SECONDS] [CONNECTIONS]        (defaults: 15 s, 32 connections, 2 threads)
#
# Knowledge base: the questions benchmark's synthetic one (bench kb_scale, fraction
# $KB_FRACTION, default 0.01 = 10k entities, 100k statements, 20k events) when that generator
# is in the tree, else the demo knowledge base. The entities asked for are $ENTITIES (default
# 200) people and groups spread over all ids. During the dossier runs a
# loop ingests fresh copies of the example reports into the same knowledge base.
# Needs: wrk, nginx, curl (Debian). Results: bench/out/web.json and a table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN="${1:-15}"
CONNECTIONS="${2:-32}"
ENTITIES="${ENTITIES:-200}"
KB_FRACTION="${KB_FRACTION:-0.01}"
PORT_DOSSIER="${PORT_DOSSIER:-18431}"
PORT_NGINX="${PORT_NGINX:-18432}"

for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || { echo "bench/web.sh needs $tool (apt-get install wrk nginx curl)"; exit 2; }
done

cargo build --release --locked -p dossier
target="${CARGO_TARGET_DIR:-target}"
dossier="$target/release/dossier"
work="bench/data/web"
rm -rf "$work"
mkdir -p "$work/static" bench/out
db="$work/kb.db"

if [ -f bench/src/bin/kb_scale.rs ]; then
  echo "knowledge base: synthetic (kb_scale fraction $KB_FRACTION)"
  cargo run --release --locked -p dossier-bench --bin kb_scale -- generate "$KB_FRACTION" "$work/kb_scale"
  cp "$work/kb_scale/kb.db" "$db"
  kb="synthetic kb_scale $KB_FRACTION"
else
  echo "knowledge base: the demo (examples/)"
  "$dossier" demo --into "$db" --build-only
  kb="demo"
fi

"$dossier" --db "$db" serve --addr "127.0.0.1:$PORT_DOSSIER" 2> "$work/serve.log" &
server=$!
ingest_loop=""
nginx_pid=""
cleanup() {
  [ -n "$ingest_loop" ] && kill "$ingest_loop" 2>/dev/null || true
  kill "$server" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT_DOSSIER/api/sources" >/dev/null && break; sleep 0.2; done

# The entities to ask for, and their bodies as static files for nginx.
python3 - "$db" "$ENTITIES" > "$work/ids.txt" <<'PY'
import sqlite3, sys
db, n = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
# A fixed sample spread over all ids (a multiplicative hash order), not the first ids.
rows = c.execute("SELECT id FROM entities WHERE type IN ('person', 'armed_group', 'organization') ORDER BY (id * 2654435761) % 4294967296 LIMIT ?", (n,))
print("\n".join(str(r[0]) for r in rows))
PY
n=$(wc -l < "$work/ids.txt")
echo "entities asked for: $n"
: > "$work/json_paths.txt"; : > "$work/page_paths.txt"
mkdir -p "$work/static/api/entities" "$work/static/entities"
while read -r id; do
  curl -fs "http://127.0.0.1:$PORT_DOSSIER/api/entities/$id" -o "$work/static/api/entities/$id"
  curl -fs "http://127.0.0.1:$PORT_DOSSIER/entities/$id" -o "$work/static/entities/$id"
  echo "/api/entities/$id" >> "$work/json_paths.txt"
  echo "/entities/$id" >> "$work/page_paths.txt"
done < "$work/ids.txt"
json_bytes=$(cat "$work"/static/api/entities/* | wc -c)
page_bytes=$(cat "$work"/static/entities/* | wc -c)

cat > "$work/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $PWD/$work/nginx.pid;
error_log $PWD/$work/nginx.err warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $PWD/$work/tmp;
  server {
    listen 127.0.0.1:$PORT_NGINX;
    root $PWD/$work/static;
    location /api/ { default_type application/json; }
    location / { default_type "text/html; charset=utf-8"; }
  }
}
CONF
mkdir -p "$work/tmp"
nginx -c "$PWD/$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT_NGINX$(head -1 "$work/json_paths.txt")" >/dev/null && break; sleep 0.1; done

# An ingest running the whole time dossier is measured: fresh copies of the example reports.
ingest_forever() {
  local i=0
  while true; do
    i=$((i + 1))
    local d="$work/ingest/$i"
    mkdir -p "$d"
    for f in examples/reports/*; do
      { cat "$f"; printf '\n\nBench copy %d of this report.\n' "$i"; } > "$d/$(basename "$f")"
    done
    "$dossier" --db "$db" ingest "$d" > /dev/null 2>&1 || true
    echo "$i" > "$work/ingested_rounds"
  done
}

run() { # NAME PORT PATHS
  WRK_PATHS="$3" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s bench/web_paths.lua "http://127.0.0.1:$2" > "$work/$1.wrk"
  local rps p99
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$1.wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$1.wrk")
  echo "$1 $rps $p99"
}

ingest_forever &
ingest_loop=$!
r1=$(run dossier_json "$PORT_DOSSIER" "$work/json_paths.txt")
r2=$(run dossier_page "$PORT_DOSSIER" "$work/page_paths.txt")
kill "$ingest_loop" 2>/dev/null || true; wait "$ingest_loop" 2>/dev/null || true; ingest_loop=""
rounds=$(cat "$work/ingested_rounds" 2>/dev/null || echo 0)
r3=$(run nginx_json "$PORT_NGINX" "$work/json_paths.txt")
r4=$(run nginx_page "$PORT_NGINX" "$work/page_paths.txt")

python3 - "$r1" "$r2" "$r3" "$r4" "$kb" "$n" "$rounds" "$json_bytes" "$page_bytes" "$SECONDS_PER_RUN" "$CONNECTIONS" <<'PY'
import json, sys
def ms(s):
    for unit, k in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if s.endswith(unit) and (unit != "s" or not s.endswith("ms") and not s.endswith("us")):
            return float(s[: -len(unit)]) * k
    return float(s)
rows = {}
for r in sys.argv[1:5]:
    name, rps, p99 = r.split()
    rows[name] = {"requests_per_s": float(rps), "p99_ms": ms(p99)}
kb, n, rounds, jb, pb, secs, conns = sys.argv[5:12]
out = {"knowledge_base": kb, "entities": int(n), "ingest_rounds_during_dossier_runs": int(rounds),
       "mean_json_bytes": int(jb) // max(int(n), 1), "mean_page_bytes": int(pb) // max(int(n), 1),
       "seconds": int(secs), "connections": int(conns), "runs": rows,
       "ratio_json": rows["dossier_json"]["requests_per_s"] / rows["nginx_json"]["requests_per_s"],
       "ratio_page": rows["dossier_page"]["requests_per_s"] / rows["nginx_page"]["requests_per_s"]}
json.dump(out, open("bench/out/web.json", "w"), indent=2)
print(f"knowledge base: {kb}; {n} entities; {rounds} ingest rounds of the 8 example reports during the dossier runs")
print(f"{'':14} {'req/s':>10} {'p99 ms':>8}")
for k, v in rows.items():
    print(f"{k:14} {v['requests_per_s']:>10.0f} {v['p99_ms']:>8.2f}")
print(f"dossier/nginx: JSON profile {out['ratio_json']:.2f}, profile page {out['ratio_page']:.2f}")
PY
