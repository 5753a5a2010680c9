#!/usr/bin/env bash
# Screening benchmark (issue 6): dossier's name index vs rapidfuzz and nomenklatura, same names
# and queries, one thread. Usage: bench/screen.sh [NAMES=1000000] [QUERIES=20000]
#   [RAPIDFUZZ_QUERIES=400] [NOMENKLATURA_QUERIES=100]
# Needs the UN list and the Python peers: scripts/ci/screen.sh installs both (bench/.venv).
set -euo pipefail
cd "$(dirname "$0")/.."
names=${1:-1000000}
queries=${2:-20000}
rf=${3:-400}
nk=${4:-100}
out=bench/out/screen
mkdir -p "$out"
cargo build --release -q -p dossier-bench --bin screen
bin="${CARGO_TARGET_DIR:-target}/release/screen"
SCREEN_OUT="$out" "$bin" "$names" "$queries" | tee "$out/dossier.txt"
bench/.venv/bin/python bench/screen_peers.py "$out" "$rf" "$nk" | tail -1 > "$out/peers.json"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
d = json.load(open(f"{out}/dossier.json"))
p = json.load(open(f"{out}/peers.json"))
rf, nk = p["rapidfuzz"], p["nomenklatura"]
print()
print(f"{d['names']} names, one thread, top 10")
print(f"{'system':<28} {'queries/s':>10} {'recall@10':>10}   note")
print(f"{'dossier':<28} {d['qps']:>10.0f} {d['recall_at_10']:>10.4f}   all {d['queries']} queries; {d['qps_cpu']:.0f}/CPU s; build {d['build_s']:.1f}s, index {d['index_heap_mb']:.0f} MB, peak {d['peak_rss_mb']:.0f} MB")
print(f"{'rapidfuzz cdist JaroWinkler':<28} {rf['qps']:>10.2f} {rf['recall_at_10']:>10.4f}   {rf['queries']} queries (dossier on them: {rf['dossier_recall_at_10_same_queries']:.4f})")
print(f"{'nomenklatura logic-v2':<28} {nk['qps_on_all_names']:>10.5f} {nk['recall_at_10_reranking_rapidfuzz_top100_plus_answers']:>10.4f}   {nk['pairs_per_s']:.0f} pairs/s; recall reranking rapidfuzz top 100 + answers, {nk['queries']} queries (dossier on them: {nk['dossier_recall_at_10_same_queries']:.4f})")
print(f"ratios: dossier/rapidfuzz {d['qps']/rf['qps']:.0f}x, dossier/nomenklatura {d['qps']/nk['qps_on_all_names']:.0f}x queries/s")
PY
