#!/usr/bin/env bash
# ACLED import speed: dossier (parse, resolve actors and places, store) beside DuckDB's
# read_csv into a table (the floor of plain loading), on the same deterministic synthetic file,
# one core each. Reports rows/s and the ratio.
#
#   bench/import.sh [ROWS]      (default 1000000)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
rows=${1:-1000000}
venv=$here/.venv
csv=$here/data/acled-synthetic-$rows.csv

python=${PYTHON:-python3}
if [[ ! -x $venv/bin/python ]]; then
  "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check duckdb
fi

cd "$root"
cargo build --release -q -p dossier-bench --bin import_speed
bin="${CARGO_TARGET_DIR:-$root/target}/release/import_speed"
# The first run writes the file; every tool then reads it warm from the page cache.
"$bin" "$rows" "$csv" > /dev/null
ours=$(taskset -c 0 "$bin" "$rows" "$csv" --json 2>/dev/null || "$bin" "$rows" "$csv" --json)
theirs=$(taskset -c 0 "$venv/bin/python" "$here/import_peers.py" "$csv" 2>/dev/null \
  || "$venv/bin/python" "$here/import_peers.py" "$csv")
echo "$ours"
echo "$theirs"
"$venv/bin/python" - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert ours["rows"] == theirs["rows"], (ours["rows"], theirs["rows"])
print(f"rows {ours['rows']}: dossier {ours['rows_per_s']:,.0f} rows/s "
      f"({ours['rows_per_cpu_s']:,.0f} per CPU second), duckdb read_csv "
      f"{theirs['rows_per_s']:,.0f} rows/s ({theirs['rows_per_cpu_s']:,.0f} per CPU second); "
      f"ratio dossier/duckdb {ours['rows_per_s'] / theirs['rows_per_s']:.2f} wall, "
      f"{ours['rows_per_cpu_s'] / theirs['rows_per_cpu_s']:.2f} CPU")
PY
