//! Times load + segment + cite + store on a deterministic synthetic corpus, on one thread.
//!
//! ```text
//! cargo run --release -p dossier-bench --bin ingest -- [MEGABYTES] [DB]
//! ```
//! Prints the throughput of each stage and of the whole, in MB/s of input text.

use std::path::Path;
use std::time::{Duration, Instant};

use dossier::pipeline::{self, MetaOverrides};
use dossier_text::Format;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let megabytes: usize = match args.next() {
        Some(s) => s.parse()?,
        None => 100,
    };
    let dir = tempfile_dir()?;
    let db = match args.next() {
        Some(p) => std::path::PathBuf::from(p),
        None => dir.join("bench.db"),
    };
    let _ = std::fs::remove_file(&db);
    let t = Instant::now();
    let docs: Vec<(String, String)> = dossier_bench::corpus(7, megabytes << 20, 40 << 10).collect();
    let total: usize = docs.iter().map(|(_, t)| t.len()).sum();
    eprintln!(
        "generated {} reports, {:.1} MB in {:.2?}",
        docs.len(),
        total as f64 / 1e6,
        t.elapsed()
    );

    // Stage by stage, without the store, to see where the time goes.
    let today = dossier::today();
    let (mut t_load, mut t_analyze, mut t_dates) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for (_, text) in &docs {
        let t = Instant::now();
        let doc = dossier_text::load(text.as_bytes(), Format::Text)?;
        t_load += t.elapsed();
        let t = Instant::now();
        let analysis = dossier_text::analyze(&doc);
        t_analyze += t.elapsed();
        let t = Instant::now();
        std::hint::black_box(pipeline::infer_published(&doc, &analysis, today));
        t_dates += t.elapsed();
    }
    let mb = total as f64 / 1e6;
    println!("stage load:        {:>8.1} MB/s", mb / t_load.as_secs_f64());
    println!(
        "stage analyze:     {:>8.1} MB/s",
        mb / t_analyze.as_secs_f64()
    );
    println!(
        "stage published:   {:>8.1} MB/s",
        mb / t_dates.as_secs_f64()
    );

    if std::env::var_os("BENCH_STAGES_ONLY").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        return Ok(());
    }
    let overrides = MetaOverrides::default();
    let mut store = dossier_store::Store::open(&db)?;
    let (mut prep, mut write) = (Duration::ZERO, Duration::ZERO);
    let (mut sentences, mut citations) = (0usize, 0usize);
    let all = Instant::now();
    for (name, text) in &docs {
        let t = Instant::now();
        let prepared = pipeline::prepare_text(text.as_bytes(), Format::Text, &overrides, today)?;
        prep += t.elapsed();
        sentences += prepared.analysis.sentences.len();
        citations += prepared.analysis.citations.len();
        let t = Instant::now();
        dossier::kb::store_prepared(&mut store, &prepared, Path::new(name))?;
        write += t.elapsed();
    }
    // The store's share ends when everything is searchable and on disk: the search index is
    // built once for the run, and closing checkpoints the write-ahead log into the file.
    let t = Instant::now();
    store.index_pending()?;
    let index = t.elapsed();
    let t = Instant::now();
    drop(store);
    let close = t.elapsed();
    let elapsed = all.elapsed();
    let db_size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!(
        "input:      {mb:.1} MB, {} reports, {sentences} sentences, {citations} citations",
        docs.len()
    );
    println!(
        "load+segment+cite: {:>8.1} MB/s ({:.2?})",
        mb / prep.as_secs_f64(),
        prep
    );
    let stored = write + index + close;
    println!(
        "store (SQLite+FTS5): {:>6.1} MB/s ({:.2?}: rows {:.2?}, search index {:.2?}, close {:.2?})",
        mb / stored.as_secs_f64(),
        stored,
        write,
        index,
        close
    );
    println!(
        "end to end:        {:>8.1} MB/s ({:.2?})",
        mb / elapsed.as_secs_f64(),
        elapsed
    );
    println!("store size:        {:>8.1} MB", db_size as f64 / 1e6);
    // The temporary directory (and the store, unless one was named) goes.
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("dossier-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
