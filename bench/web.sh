#!/usr/bin/env bash
# Load bench of the web app (issue 9): wrk against dossier's JSON profile
# (/api/entities/{id}) and profile page (/entities/{id}), and nginx serving the very same
# response bodies as static files, the ceiling. Each is measured twice, side by side in one
# run: while a loop ingests reports into the knowledge base (another process, as an analyst
# would), and with no ingest. For each run: requests/s, p99, and the CPU time the server
# spent per request (its processes' user + system time over the run / requests answered).
#
#   bench/web.sh [SECONDS] [CONNECTIONS]        (defaults: 15 s, 32 connections, 2 threads)
#
# Knowledge base: the questions benchmark's synthetic one (bench kb_scale, fraction
# $KB_FRACTION, default 0.01 = 10k entities, 100k statements, 20k events) when that generator
# is in the tree, else the demo knowledge base. The entities asked for are $ENTITIES (default
# 200) people and groups spread over all ids. The ingest loop ingests fresh copies of the
# example reports into the same knowledge base.
# WEB_KB=FILE uses a copy of that knowledge base instead; DOSSIER_BIN=FILE a dossier already
# built. Needs: wrk, nginx, curl (Debian). Results: bench/out/web.json and a table on stdout.
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

if [ -n "${DOSSIER_BIN:-}" ]; then
  dossier="$DOSSIER_BIN"          # a dossier already built (e.g. while the tree does not build)
else
  cargo build --release --locked -p dossier
  target="${CARGO_TARGET_DIR:-target}"
  dossier="$target/release/dossier"
fi
work="bench/data/web"
rm -rf "$work"
mkdir -p "$work/static" bench/out
db="$work/kb.db"

if [ -n "${WEB_KB:-}" ]; then
  echo "knowledge base: $WEB_KB (copied)"
  cp "$WEB_KB" "$db"
  kb="$(basename "$WEB_KB") (given)"
elif [ -f bench/src/bin/kb_scale.rs ]; then
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

tick=$(getconf CLK_TCK)
cpu_ticks() { # PIDS... : user + system clock ticks of these processes so far
  local t=0 p
  for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done
  echo "$t"
}
nginx_pids=$(echo "$nginx_pid" $(pgrep -P "$nginx_pid" || true))

run() { # NAME PORT PATHS PIDS...
  local name=$1 port=$2 paths=$3
  shift 3
  local before after rps p99 n
  before=$(cpu_ticks "$@")
  WRK_PATHS="$paths" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s bench/web_paths.lua "http://127.0.0.1:$port" > "$work/$name.wrk"
  after=$(cpu_ticks "$@")
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$name.wrk")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$name.wrk")
  n=$(awk '/requests in/ {print $1}' "$work/$name.wrk")
  echo "$name $rps $p99 $n $((after - before))"
}
pair() { # SUFFIX : dossier then nginx, JSON then page, side by side
  run "dossier_json$1" "$PORT_DOSSIER" "$work/json_paths.txt" "$server"
  run "nginx_json$1" "$PORT_NGINX" "$work/json_paths.txt" $nginx_pids
  run "dossier_page$1" "$PORT_DOSSIER" "$work/page_paths.txt" "$server"
  run "nginx_page$1" "$PORT_NGINX" "$work/page_paths.txt" $nginx_pids
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
ingest_forever &
ingest_loop=$!
rows=$(pair "")
kill "$ingest_loop" 2>/dev/null || true; wait "$ingest_loop" 2>/dev/null || true; ingest_loop=""
rounds=$(cat "$work/ingested_rounds" 2>/dev/null || echo 0)
# Quiet means nothing else going on: the answers made stale by the ingest are made again
# (asking for them starts that) and the server is idle before the quiet runs.
settle() {
  local a b
  for _ in $(seq 60); do
    a=$(cpu_ticks "$server"); sleep 1; b=$(cpu_ticks "$server")
    [ $((b - a)) -le $((tick / 50)) ] && return
  done
}
for _ in 1 2; do
  WRK_PATHS="$work/json_paths.txt" wrk -t2 -c"$CONNECTIONS" -d3s -s bench/web_paths.lua "http://127.0.0.1:$PORT_DOSSIER" > /dev/null
  settle
done
rows="$rows
$(pair _quiet)"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$kb" "$n" "$rounds" "$json_bytes" "$page_bytes" "$SECONDS_PER_RUN" "$CONNECTIONS" "$tick" "$load_before" "$load_after" "$rows" <<'PY'
import json, sys
def ms(s):
    for unit, k in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if s.endswith(unit) and (unit != "s" or not s.endswith("ms") and not s.endswith("us")):
            return float(s[: -len(unit)]) * k
    return float(s)
kb, n, rounds, jb, pb, secs, conns, tick, load_before, load_after, lines = sys.argv[1:12]
rows = {}
for line in lines.strip().splitlines():
    name, rps, p99, count, ticks = line.split()
    rows[name] = {"requests_per_s": float(rps), "p99_ms": ms(p99), "requests": int(count),
                  "cpu_s_per_100k_requests": int(ticks) / int(tick) / max(int(count), 1) * 1e5}
def ratio(a, b):
    return rows[a]["requests_per_s"] / rows[b]["requests_per_s"]
def cpu(a, b):
    return rows[a]["cpu_s_per_100k_requests"] / max(rows[b]["cpu_s_per_100k_requests"], 1e-9)
out = {"knowledge_base": kb, "entities": int(n), "ingest_rounds_during_ingest_runs": int(rounds),
       "mean_json_bytes": int(jb) // max(int(n), 1), "mean_page_bytes": int(pb) // max(int(n), 1),
       "seconds": int(secs), "connections": int(conns), "load_average_before": load_before,
       "load_average_after": load_after, "runs": rows,
       # dossier/nginx in the same conditions: both while the ingest runs, both without.
       "ratio_json_ingest": ratio("dossier_json", "nginx_json"),
       "ratio_page_ingest": ratio("dossier_page", "nginx_page"),
       "ratio_json_quiet": ratio("dossier_json_quiet", "nginx_json_quiet"),
       "ratio_page_quiet": ratio("dossier_page_quiet", "nginx_page_quiet"),
       # dossier while the ingest runs against nginx without it (the first form of this bench).
       "ratio_json_ingest_vs_nginx_quiet": ratio("dossier_json", "nginx_json_quiet"),
       "ratio_page_ingest_vs_nginx_quiet": ratio("dossier_page", "nginx_page_quiet"),
       # CPU per request, nginx/dossier (1 = as cheap as nginx), without the ingest.
       "cpu_nginx_over_dossier_json": 1 / cpu("dossier_json_quiet", "nginx_json_quiet"),
       "cpu_nginx_over_dossier_page": 1 / cpu("dossier_page_quiet", "nginx_page_quiet")}
json.dump(out, open("bench/out/web.json", "w"), indent=2)
print(f"knowledge base: {kb}; {n} entities; {rounds} ingest rounds of the example reports during the ingest runs")
print(f"load average before {load_before}, after {load_after}")
print(f"{'':20} {'req/s':>10} {'p99 ms':>8} {'CPU s/100k req':>15}")
for k, v in rows.items():
    print(f"{k:20} {v['requests_per_s']:>10.0f} {v['p99_ms']:>8.2f} {v['cpu_s_per_100k_requests']:>15.2f}")
print(f"dossier/nginx req/s, both during the ingest: JSON {out['ratio_json_ingest']:.2f}, page {out['ratio_page_ingest']:.2f}")
print(f"dossier/nginx req/s, both quiet:             JSON {out['ratio_json_quiet']:.2f}, page {out['ratio_page_quiet']:.2f}")
print(f"dossier during the ingest / nginx quiet:     JSON {out['ratio_json_ingest_vs_nginx_quiet']:.2f}, page {out['ratio_page_ingest_vs_nginx_quiet']:.2f}")
print(f"nginx/dossier CPU per request, quiet:        JSON {out['cpu_nginx_over_dossier_json']:.2f}, page {out['cpu_nginx_over_dossier_page']:.2f}")
PY
