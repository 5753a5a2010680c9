//! Times `dossier import acled` end to end (parse, resolve actors and places, store) on a
//! deterministic synthetic ACLED export, on one thread.
//!
//! ```text
//! cargo run --release -p dossier-bench --bin import_speed -- [ROWS] [CSV]
//! ```
//! Writes the CSV when it is absent (default bench/data/acled-synthetic-ROWS.csv), imports it
//! into a new store, and prints rows/s and MB/s; `--json` prints one JSON line instead.

use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let mut positional = args.iter().filter(|a| !a.starts_with("--"));
    let rows: usize = match positional.next() {
        Some(s) => s.parse()?,
        None => 1_000_000,
    };
    let csv = match positional.next() {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
            .join(format!("acled-synthetic-{rows}.csv")),
    };
    let vocabulary = dossier_model::Vocabulary::builtin()?;
    if !csv.exists() {
        if let Some(dir) = csv.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let t = Instant::now();
        let mut out = std::io::BufWriter::new(std::fs::File::create(&csv)?);
        let bytes = dossier_bench::import::acled_csv(11, rows, &vocabulary, &mut out)?;
        std::io::Write::flush(&mut out)?;
        eprintln!(
            "generated {} ({:.1} MB) in {:.2?}",
            csv.display(),
            bytes as f64 / 1e6,
            t.elapsed()
        );
    }
    let bytes = std::fs::metadata(&csv)?.len();
    let dir = std::env::temp_dir().join(format!("dossier-import-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let db = dir.join("bench.db");
    let mut store = dossier_store::Store::open(&db)?;
    let cpu_before = cpu_seconds();
    let t = Instant::now();
    let report = dossier_io::acled::import(
        &mut store,
        &csv,
        &vocabulary,
        dossier_io::ImportOptions::default(),
    )?;
    let seconds = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    drop(store);
    let db_bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_dir_all(&dir);
    let rate = report.rows as f64 / seconds;
    if json {
        println!(
            "{{\"tool\":\"dossier\",\"rows\":{},\"seconds\":{seconds:.3},\"cpu_seconds\":{cpu:.3},\"rows_per_s\":{rate:.0},\"rows_per_cpu_s\":{:.0},\"mb_per_s\":{:.1}}}",
            report.rows,
            report.rows as f64 / cpu.max(1e-9),
            bytes as f64 / 1e6 / seconds
        );
    } else {
        println!(
            "dossier import acled: {} rows ({} added, {} rejected), {:.1} MB in {seconds:.2} s ({cpu:.2} s CPU): {rate:.0} rows/s, {:.1} MB/s; {} entities; store {:.0} MB",
            report.rows,
            report.added,
            report.rejected.len(),
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / seconds,
            report.entities_created,
            db_bytes as f64 / 1e6
        );
    }
    Ok(())
}

/// CPU time of this process (user + system), from /proc on Linux; 0 elsewhere.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) start at its closing parenthesis.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; in ticks of
    // 1/100 s on Linux.
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}
