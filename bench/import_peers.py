"""DuckDB's read_csv into a table, on the same synthetic ACLED file: the floor of plain loading.

    bench/.venv/bin/python bench/import_peers.py FILE.csv

Prints one JSON line: {"tool": "duckdb", "rows": N, "seconds": S, "rows_per_s": R}. One thread,
an on-disk database in a temporary directory, all columns typed by DuckDB's sniffer (the same
work of reading quoted, multi-line CSV that dossier does, without resolving actors or places).
"""
import json
import os
import sys
import tempfile
import time

import duckdb


def main() -> None:
    path = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        con = duckdb.connect(os.path.join(tmp, "bench.duckdb"))
        con.execute("SET threads TO 1")
        start = time.perf_counter()
        cpu = time.process_time()
        con.execute(
            "CREATE TABLE events AS SELECT * FROM read_csv(?, header = true, quote = '\"', escape = '\"')",
            [path],
        )
        rows = con.execute("SELECT count(*) FROM events").fetchone()[0]
        con.execute("CHECKPOINT")
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
        con.close()
    print(json.dumps({"tool": "duckdb", "rows": rows, "seconds": round(seconds, 3),
                      "cpu_seconds": round(cpu, 3), "rows_per_s": round(rows / seconds),
                      "rows_per_cpu_s": round(rows / cpu)}))


if __name__ == "__main__":
    main()
