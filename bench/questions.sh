#!/usr/bin/env bash
# The questions benchmark (issue 7): a synthetic knowledge base, dossier's answers timed, the
# same questions to Kuzu and DuckDB on the same rows, and the ratios.
#
#   bench/questions.sh [FRACTION] [DIR] [QUERIES]
#
# FRACTION of the full scale (1.0 = 1M entities, 10M statements, 2M events; default 1.0),
# DIR for the data (default bench/data/kb_scale, git-ignored), QUERIES sampled entities
# (default 1000). The knowledge base is generated again only when DIR holds another fraction.
set -euo pipefail
cd "$(dirname "$0")/.."
FRACTION=${1:-1.0}
DIR=${2:-bench/data/kb_scale}
QUERIES=${3:-1000}

cargo build --release -q -p dossier-bench --bin kb_scale
BIN=${CARGO_TARGET_DIR:-target}/release/kb_scale
if ! python3 -c "import json,sys; sys.exit(0 if json.load(open('$DIR/scale.json'))['fraction']==float('$FRACTION') else 1)" 2>/dev/null; then
  /usr/bin/time -f "generate: %e s, peak %M KB" "$BIN" generate "$FRACTION" "$DIR"
fi
# The peers answer from files they have just written (in the page cache); read the store once
# so that dossier does too.
cat "$DIR/kb.db" > /dev/null
/usr/bin/time -f "dossier run: %e s, peak %M KB" "$BIN" run "$DIR" "$QUERIES"

if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
fi
bench/.venv/bin/python -c "import kuzu, duckdb" 2>/dev/null || bench/.venv/bin/pip install -q kuzu duckdb
bench/.venv/bin/python bench/questions_peers.py "$DIR"

python3 - "$DIR" <<'PY'
import json, sys
d = sys.argv[1]
me = json.load(open(f"{d}/dossier.json"))
peers = json.load(open(f"{d}/peers.json"))
scale = json.load(open(f"{d}/scale.json"))
print(f"\n{scale['entities']:,} entities, {scale['statements']:,} statements, {scale['events']:,} events")
print(f"store {me['store_bytes']/1e9:.2f} GB; dossier peak {me['peak_rss_mb']:.0f} MB; "
      f"duckdb {peers['bytes']['duckdb']/1e9:.2f} GB, kuzu {peers['bytes']['kuzu']/1e9:.2f} GB, "
      f"peers' process peak {peers['peak_rss_mb']:.0f} MB")
pairs = [("profile", "profile_duckdb"), ("timeline", "timeline_duckdb"),
         ("graph2", "graph2_kuzu"), ("asof", "asof_kuzu"), ("asof", "asof_duckdb")]
print(f"\n| set | question | dossier p50 / p99 ms | peer | peer p50 / p99 ms | p50 ratio | p99 ratio "
      f"| dossier CPU p50 / p99 ms | peer CPU p50 / p99 ms | CPU p50 ratio | CPU p99 ratio |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for s in ("typical", "prominent"):
    for mine, peer in pairs:
        a, b = me[s][mine], peers[s][peer]
        cpu = ""
        if "cpu_p50_ms" in a and "cpu_p50_ms" in b:
            cpu = (f" {a['cpu_p50_ms']:.2f} / {a['cpu_p99_ms']:.2f} | {b['cpu_p50_ms']:.2f} / "
                   f"{b['cpu_p99_ms']:.2f} | {b['cpu_p50_ms']/max(a['cpu_p50_ms'], 1e-6):.1f}x | "
                   f"{b['cpu_p99_ms']/max(a['cpu_p99_ms'], 1e-6):.1f}x |")
        print(f"| {s} | {mine} | {a['p50_ms']:.2f} / {a['p99_ms']:.2f} | {peer.split('_')[1]} | "
              f"{b['p50_ms']:.2f} / {b['p99_ms']:.2f} | {b['p50_ms']/a['p50_ms']:.1f}x | "
              f"{b['p99_ms']/a['p99_ms']:.1f}x |{cpu}")
print("\nratio = peer time / dossier time (above 1: dossier faster); CPU = process CPU time per "
      "question (every engine thread), which waiting for a core on a shared machine does not inflate")
PY
