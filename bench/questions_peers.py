"""The peers of the questions benchmark (issue 7), on the same synthetic knowledge base and the
same questions as `kb_scale run`: DuckDB for profiles (aggregations) and timelines, Kuzu for
graph neighbourhoods (depth 2) and as-of filters.

    python bench/questions_peers.py DIR

reads DIR/csv/*.csv and DIR/queries.json (written by `kb_scale generate` and `kb_scale run`),
builds DIR/peers/duckdb.db and DIR/peers/kuzu (timed), runs each question for every sampled
entity after a warm-up of a tenth of them, and writes DIR/peers.json with p50/p99/max in ms.

The questions, as close as each engine allows to what dossier answers:
- profile: every statement about the entity (subject or object) grouped by predicate,
  direction and other end, with the number of statements, of distinct sources, the earliest
  start and latest end, and the other end's name (DuckDB);
- timeline: the entity's events in date order with their kind, place and date (DuckDB);
- graph2: the links of the entity and of its neighbours (two steps), distinct (Kuzu);
- asof: the links of the entity whose interval holds on the date (Kuzu; DuckDB too).
"""

import json
import os
import resource
import shutil
import sys
import time

import duckdb
import kuzu


def stats(times):
    times = sorted(times)
    n = len(times)
    at = lambda p: times[max(0, min(n - 1, int(-(-n * p // 1)) - 1))] * 1e3
    return {
        "p50_ms": at(0.5),
        "p99_ms": at(0.99),
        "max_ms": times[-1] * 1e3,
        "mean_ms": sum(times) / n * 1e3,
    }


def timed(name, items, fn):
    for q in items[: max(1, len(items) // 10)]:
        fn(q)
    times, cpu, rows = [], [], 0
    for q in items:
        c = time.process_time()
        t = time.perf_counter()
        rows += fn(q)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    s = stats(times)
    # CPU time of the whole process (every engine thread), comparable on a shared machine.
    c = stats(cpu)
    s["cpu_p50_ms"], s["cpu_p99_ms"] = c["p50_ms"], c["p99_ms"]
    s["rows_per_query"] = rows / len(items)
    print(
        f"  {name:<16} p50 {s['p50_ms']:8.3f} ms  p99 {s['p99_ms']:8.3f} ms  "
        f"max {s['max_ms']:8.3f} ms  (cpu p50 {s['cpu_p50_ms']:.3f} p99 {s['cpu_p99_ms']:.3f}; "
        f"{s['rows_per_query']:.0f} rows/query)",
        file=sys.stderr,
    )
    return s


def build_duckdb(csv, path):
    t = time.perf_counter()
    con = duckdb.connect(path)
    con.execute("SET threads TO 2")
    con.execute(f"CREATE TABLE entities AS SELECT * FROM read_csv('{csv}/entities.csv', header=true)")
    con.execute(
        f"""CREATE TABLE statements AS SELECT * FROM read_csv('{csv}/statements.csv', header=true,
            types={{'object': 'BIGINT', 'value': 'VARCHAR', 'from_lo': 'BIGINT', 'to_hi': 'BIGINT'}})"""
    )
    con.execute(
        f"""CREATE TABLE events AS SELECT * FROM read_csv('{csv}/events.csv', header=true,
            types={{'date': 'VARCHAR', 'date_lo': 'BIGINT', 'date_hi': 'BIGINT', 'location': 'BIGINT'}})"""
    )
    con.execute(f"CREATE TABLE event_actors AS SELECT * FROM read_csv('{csv}/event_actors.csv', header=true)")
    # Point lookups use ART indexes.
    con.execute("CREATE UNIQUE INDEX entities_id ON entities (id)")
    con.execute("CREATE INDEX statements_subject ON statements (subject)")
    con.execute("CREATE INDEX statements_object ON statements (object)")
    con.execute("CREATE INDEX event_actors_entity ON event_actors (entity)")
    con.execute("CREATE UNIQUE INDEX events_id ON events (id)")
    con.execute("CHECKPOINT")
    return con, time.perf_counter() - t


def build_kuzu(csv, path):
    t = time.perf_counter()
    db = kuzu.Database(path)
    con = kuzu.Connection(db, num_threads=2)
    con.execute("CREATE NODE TABLE Entity(id INT64, name STRING, type STRING, PRIMARY KEY (id))")
    con.execute(
        "CREATE REL TABLE Rel(FROM Entity TO Entity, id INT64, predicate STRING, "
        "from_lo INT64, to_hi INT64, source INT64)"
    )
    con.execute(f"COPY Entity FROM '{csv}/entities.csv' (HEADER=true)")
    con.execute(f"COPY Rel FROM '{csv}/edges.csv' (HEADER=true)")
    return db, con, time.perf_counter() - t


def dir_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "data", "kb_scale")
    csv = os.path.join(d, "csv")
    peers = os.path.join(d, "peers")
    shutil.rmtree(peers, ignore_errors=True)
    os.makedirs(peers)
    queries = json.load(open(os.path.join(d, "queries.json")))
    out = {}

    duck, duck_load = build_duckdb(csv, os.path.join(peers, "duckdb.db"))
    print(f"duckdb: loaded in {duck_load:.1f} s", file=sys.stderr)
    kdb, kz, kuzu_load = build_kuzu(csv, os.path.join(peers, "kuzu"))
    print(f"kuzu: loaded in {kuzu_load:.1f} s", file=sys.stderr)

    profile_sql = """
        WITH about AS (
            SELECT predicate, 'out' AS dir, object AS other, value, from_lo, to_hi, source
            FROM statements WHERE subject = $id
            UNION ALL
            SELECT predicate, 'in', subject, value, from_lo, to_hi, source
            FROM statements WHERE object = $id AND subject <> $id)
        SELECT a.predicate, a.dir, a.other, a.value, e.name, count(*), count(DISTINCT a.source),
               min(a.from_lo), max(a.to_hi)
        FROM about a LEFT JOIN entities e ON e.id = a.other
        GROUP BY ALL ORDER BY min(a.from_lo) NULLS LAST"""
    timeline_sql = """
        SELECT v.id, v.date, v.kind, v.location, v.date_lo, v.date_hi FROM event_actors a
        JOIN events v ON v.id = a.event WHERE a.entity = $id
        UNION
        SELECT v.id, v.date, v.kind, v.location, v.date_lo, v.date_hi FROM events v
        WHERE v.location = $id
        ORDER BY date_lo NULLS LAST, date_hi, id"""
    asof_sql = """
        SELECT predicate, object, subject FROM statements
        WHERE (subject = $id OR object = $id)
          AND (from_lo IS NULL OR from_lo <= $day) AND (to_hi IS NULL OR to_hi >= $day)"""
    k_graph1 = (
        "MATCH (a:Entity)-[r:Rel]-(b:Entity) WHERE a.id = $id "
        "RETURN DISTINCT r.id, b.id, r.predicate"
    )
    k_graph2 = (
        "MATCH (a:Entity)-[:Rel]-(b:Entity)-[r:Rel]-(c:Entity) WHERE a.id = $id "
        "RETURN DISTINCT r.id, b.id, c.id, r.predicate"
    )
    k_asof = (
        "MATCH (a:Entity)-[r:Rel]-(b:Entity) WHERE a.id = $id "
        "AND r.from_lo <= $day AND r.to_hi >= $day RETURN b.id, r.predicate"
    )

    def duck_rows(sql, params):
        return len(duck.execute(sql, params).fetchall())

    def kuzu_rows(query, params):
        res = kz.execute(query, params)
        n = 0
        while res.has_next():
            res.get_next()
            n += 1
        return n

    for name in ("typical", "prominent"):
        items = queries[name]
        print(f"{name}:", file=sys.stderr)
        out[name] = {
            "profile_duckdb": timed("profile duckdb", items, lambda q: duck_rows(profile_sql, {"id": q["id"]})),
            "timeline_duckdb": timed("timeline duckdb", items, lambda q: duck_rows(timeline_sql, {"id": q["id"]})),
            "graph2_kuzu": timed(
                "graph2 kuzu",
                items,
                lambda q: kuzu_rows(k_graph1, {"id": q["id"]}) + kuzu_rows(k_graph2, {"id": q["id"]}),
            ),
            "asof_kuzu": timed("asof kuzu", items, lambda q: kuzu_rows(k_asof, {"id": q["id"], "day": q["day"]})),
            "asof_duckdb": timed(
                "asof duckdb", items, lambda q: duck_rows(asof_sql, {"id": q["id"], "day": q["day"]})
            ),
        }
    out["load_seconds"] = {"duckdb": duck_load, "kuzu": kuzu_load}
    out["bytes"] = {
        "duckdb": dir_bytes(os.path.join(peers, "duckdb.db")),
        "kuzu": dir_bytes(os.path.join(peers, "kuzu")),
    }
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump(out, open(os.path.join(d, "peers.json"), "w"), indent=2)
    print(f"peak memory (both peers, one process) {out['peak_rss_mb']:.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
