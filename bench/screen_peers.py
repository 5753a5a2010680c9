"""Screening peers on the names and queries written by `target/release/screen` (bench/screen.sh).

    bench/.venv/bin/python bench/screen_peers.py bench/out/screen [RAPIDFUZZ_QUERIES] [NOMENKLATURA_QUERIES]

- rapidfuzz: `process.cdist` with JaroWinkler over the whole name list (names and queries
  lower-cased and stripped by `utils.default_process` once, beforehand), one worker, top 10 by
  score. It scans every name for every query, so it runs on a sample of the queries.
- nomenklatura: the `logic-v2` matcher (`LogicV2.compare` on FollowTheMoney entities) has no
  index of its own in the PyPI package, and compares about 2,000 pairs a second here, so a query
  against 1M names would take minutes. It is measured two ways, said plainly in the output:
  its pair rate (queries/s on 1M names = pairs/s / 1M), and its recall@10 when it reranks a
  candidate pool made of rapidfuzz's top 100 plus the right answers (so its blocking never
  loses an answer: an upper bound of its recall).

Prints a JSON summary on the last line; the shell script turns it into the table.
"""

import json
import os
import resource
import sys
import time

import numpy as np
from rapidfuzz import process, utils
from rapidfuzz.distance import JaroWinkler


def read(out):
    names, kinds = [], []
    with open(os.path.join(out, "names.tsv"), encoding="utf-8") as f:
        for line in f:
            i, kind, name = line.rstrip("\n").split("\t", 2)
            names.append(name)
            kinds.append(kind)
    queries = []
    with open(os.path.join(out, "queries.tsv"), encoding="utf-8") as f:
        for line in f:
            how, kind, q, right = line.rstrip("\n").split("\t", 3)
            queries.append((how, kind, q, {int(x) for x in right.split(",") if x}))
    hits = []
    with open(os.path.join(out, "dossier_hits.tsv"), encoding="utf-8") as f:
        for line in f:
            hits.append([int(x) for x in line.strip().split(",") if x])
    return names, kinds, queries, hits


def sample(n, k):
    """Every (n // k)-th query: the same sample on every run."""
    step = max(1, n // k)
    return list(range(0, n, step))[:k]


def recall(found, right):
    return sum(1 for f, r in zip(found, right) if r & set(f[:10])) / max(1, len(found))


def rapidfuzz_topk(names_p, queries_p, k=10, chunk=16):
    out = []
    for s in range(0, len(queries_p), chunk):
        m = process.cdist(
            queries_p[s : s + chunk],
            names_p,
            scorer=JaroWinkler.normalized_similarity,
            dtype=np.float32,
            workers=1,
        )
        top = np.argpartition(-m, k, axis=1)[:, :k]
        for row, idx in zip(m, top):
            order = idx[np.argsort(-row[idx])]
            out.append([int(i) for i in order])
    return out


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "bench/out/screen"
    n_rf = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    n_nk = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    names, kinds, queries, dossier_hits = read(out)
    result = {"names": len(names)}

    # rapidfuzz, on a sample of the queries.
    t = time.perf_counter()
    names_p = [utils.default_process(n) for n in names]
    prep_s = time.perf_counter() - t
    idx = sample(len(queries), n_rf)
    qs = [utils.default_process(queries[i][2]) for i in idx]
    cpu = time.process_time()
    t = time.perf_counter()
    rf_hits = rapidfuzz_topk(names_p, qs)
    wall = time.perf_counter() - t
    cpu = time.process_time() - cpu
    right = [queries[i][3] for i in idx]
    result["rapidfuzz"] = {
        "queries": len(idx),
        "prepare_s": round(prep_s, 2),
        "qps": round(len(idx) / wall, 2),
        "qps_cpu": round(len(idx) / max(cpu, 1e-9), 2),
        "recall_at_10": round(recall(rf_hits, right), 4),
        "dossier_recall_at_10_same_queries": round(
            recall([dossier_hits[i] for i in idx], right), 4
        ),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps({"rapidfuzz": result["rapidfuzz"]}), file=sys.stderr)

    # nomenklatura logic-v2: pair rate, and reranking a pool.
    from followthemoney import model
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    algorithm = get_algorithm("logic-v2")
    config = ScoringConfig.defaults()
    counter = [0]

    def entity(name, kind):
        e = model.make_entity("Person" if kind == "person" else "Organization")
        counter[0] += 1
        e.id = "e%d" % counter[0]  # unique: the matcher caches by id
        e.add("name", name)
        return e

    nk_idx = idx[:n_nk]
    top100 = rapidfuzz_topk(names_p, qs[: len(nk_idx)], k=100)
    pools = [
        list(dict.fromkeys(top100[j] + sorted(queries[i][3]))) for j, i in enumerate(nk_idx)
    ]
    pairs = 0
    nk_hits = []
    cpu = time.process_time()
    t = time.perf_counter()
    for i, pool in zip(nk_idx, pools):
        how, kind, q, right_i = queries[i]
        qe = entity(q, kind)
        scored = []
        for n in pool:
            r = algorithm.compare(qe, entity(names[n], kinds[n]), config)
            scored.append((r.score, n))
            pairs += 1
        scored.sort(key=lambda x: -x[0])
        nk_hits.append([n for _, n in scored[:10]])
    wall = time.perf_counter() - t
    cpu = time.process_time() - cpu
    pps = pairs / wall
    result["nomenklatura"] = {
        "queries": len(nk_idx),
        "pairs": pairs,
        "pairs_per_s": round(pps, 1),
        "qps_on_all_names": round(pps / len(names), 5),
        "recall_at_10_reranking_rapidfuzz_top100_plus_answers": round(
            recall(nk_hits, [queries[i][3] for i in nk_idx]), 4
        ),
        "dossier_recall_at_10_same_queries": round(
            recall([dossier_hits[i] for i in nk_idx], [queries[i][3] for i in nk_idx]), 4
        ),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
