//! The search index alone, under the FTS5 settings one might try to make it cheaper, on the
//! sentences of a store written by the ingest benchmark.
//!
//! ```text
//! ./target/release/ingest 20 /tmp/b.db && ./target/release/ingest_fts /tmp/b.db
//! ```
//! Each line builds the index of every sentence from scratch (one row per sentence, in one
//! transaction, like `Store::index_pending`) and prints the CPU MB/s of sentence text. The
//! last line indexes ten sentences per row: not usable (a search hit must be one sentence), it
//! shows what the per-row overhead of FTS5 costs.

use std::time::Duration;

use rusqlite::{Connection, params};

/// The CPU time this thread has used (Linux), zero elsewhere.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// (rowid, sentence text) of every sentence of the store at `path`.
fn sentences(path: &str) -> anyhow::Result<Vec<(i64, String)>> {
    let conn = Connection::open(path)?;
    let mut st = conn.prepare("SELECT sid, sentences, text FROM sources ORDER BY sid")?;
    let mut rows = st.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let sid: i64 = row.get(0)?;
        let spans: Vec<Vec<serde_json::Value>> = serde_json::from_str(&row.get::<_, String>(1)?)?;
        let text: String = row.get(2)?;
        for (idx, span) in spans.iter().enumerate() {
            let at = |k: usize| {
                span.get(k)
                    .and_then(serde_json::Value::as_u64)
                    .and_then(|v| usize::try_from(v).ok())
            };
            let (Some(start), Some(end)) = (at(0), at(1)) else {
                anyhow::bail!("source {sid}: sentence {idx} has no span");
            };
            let Some(sentence) = text.get(start..end) else {
                anyhow::bail!("source {sid}: sentence {idx} is outside the text");
            };
            out.push(((sid << 32) | idx as i64, sentence.to_string()));
        }
    }
    Ok(out)
}

fn main() -> anyhow::Result<()> {
    let Some(path) = std::env::args().nth(1) else {
        anyhow::bail!("usage: ingest_fts STORE (a store written by `ingest MB STORE`)");
    };
    let rows = sentences(&path)?;
    let mb = rows.iter().map(|(_, s)| s.len()).sum::<usize>() as f64 / 1e6;
    eprintln!("{} sentences, {mb:.1} MB of sentence text", rows.len());
    let dir = std::env::temp_dir().join(format!("dossier-fts-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let unicode = "tokenize = 'unicode61 remove_diacritics 2'";
    let configs: &[(&str, String, &[&str], usize)] = &[
        (
            "as stored (unicode61, hashsize 64 MB)",
            unicode.into(),
            &[],
            1,
        ),
        ("tokenize ascii", "tokenize = 'ascii'".into(), &[], 1),
        (
            "unicode61 remove_diacritics 0",
            "tokenize = 'unicode61 remove_diacritics 0'".into(),
            &[],
            1,
        ),
        (
            "detail=column",
            format!("{unicode}, detail = column"),
            &[],
            1,
        ),
        ("pgsz 16000", unicode.into(), &["('pgsz', 16000)"], 1),
        ("automerge 0", unicode.into(), &["('automerge', 0)"], 1),
        (
            "hashsize 8 MB",
            unicode.into(),
            &["('hashsize', 8388608)"],
            1,
        ),
        (
            "ten sentences per row (not usable)",
            unicode.into(),
            &[],
            10,
        ),
    ];
    for (name, options, settings, per_row) in configs {
        let db = dir.join("fts.db");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let conn = Connection::open(&db)?;
        conn.execute_batch(&format!(
            "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
             CREATE VIRTUAL TABLE s USING fts5 (text, content = '', columnsize = 0, {options});
             INSERT INTO s (s, rank) VALUES ('hashsize', 67108864);"
        ))?;
        for setting in settings.iter() {
            conn.execute_batch(&format!("INSERT INTO s (s, rank) VALUES {setting};"))?;
        }
        let start = thread_cpu();
        conn.execute_batch("BEGIN")?;
        {
            let mut insert = conn.prepare("INSERT INTO s (rowid, text) VALUES (?1, ?2)")?;
            for (k, chunk) in rows.chunks(*per_row).enumerate() {
                let text: Vec<&str> = chunk.iter().map(|(_, s)| s.as_str()).collect();
                let rowid = if *per_row == 1 { chunk[0].0 } else { k as i64 };
                insert.execute(params![rowid, text.join(" ")])?;
            }
        }
        conn.execute_batch("COMMIT")?;
        drop(conn);
        let cpu = thread_cpu().saturating_sub(start);
        let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
        println!(
            "{name:40} {:>7.1} MB/s cpu ({cpu:.2?}), index {:.1} MB",
            mb / cpu.as_secs_f64(),
            size as f64 / 1e6
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
