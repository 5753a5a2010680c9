//! Times load + segment + cite + store on a deterministic synthetic corpus, on one thread.
//!
//! ```text
//! cargo run --release -p dossier-bench --bin ingest -- [MEGABYTES] [DB]
//! ```
//! Prints the throughput of each stage and of the whole, in MB/s of input text, twice: by the
//! wall clock and by the CPU time of the thread (user + system, from
//! `/proc/thread-self/schedstat`), which other programs on a shared machine do not inflate.
//! The store is written as `dossier ingest` writes it: one transaction per source, resolution
//! of the run's entities once at the end, then the search index in one pass, then close.

use std::path::Path;
use std::time::{Duration, Instant};

use dossier::pipeline::{self, MetaOverrides};
use dossier_text::Format;

/// Wall-clock and CPU time of a stretch of work.
#[derive(Clone, Copy, Default)]
struct Cost {
    wall: Duration,
    cpu: Duration,
}

impl std::ops::AddAssign for Cost {
    fn add_assign(&mut self, o: Cost) {
        self.wall += o.wall;
        self.cpu += o.cpu;
    }
}

impl std::ops::Add for Cost {
    type Output = Cost;
    fn add(mut self, o: Cost) -> Cost {
        self += o;
        self
    }
}

/// Starts timing; `stop` gives the cost since.
struct Timer {
    wall: Instant,
    cpu: Duration,
}

impl Timer {
    fn start() -> Timer {
        Timer {
            wall: Instant::now(),
            cpu: thread_cpu(),
        }
    }

    fn stop(&self) -> Cost {
        Cost {
            wall: self.wall.elapsed(),
            cpu: thread_cpu().saturating_sub(self.cpu),
        }
    }
}

/// The CPU time this thread has used (Linux: the first field of its schedstat, nanoseconds).
/// Zero where the file does not exist, and then the CPU figures read "n/a".
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// "wall MB/s (cpu MB/s)" for `mb` megabytes.
fn rate(mb: f64, c: Cost) -> String {
    let per = |d: Duration| {
        if d.is_zero() {
            "n/a".to_string()
        } else {
            format!("{:.1}", mb / d.as_secs_f64())
        }
    };
    format!(
        "{:>7} MB/s wall, {:>7} MB/s cpu ({:.2?} wall, {:.2?} cpu)",
        per(c.wall),
        per(c.cpu),
        c.wall,
        c.cpu
    )
}

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
    let (mut t_load, mut t_analyze, mut t_dates) =
        (Cost::default(), Cost::default(), Cost::default());
    for (_, text) in &docs {
        let t = Timer::start();
        let doc = dossier_text::load(text.as_bytes(), Format::Text)?;
        t_load += t.stop();
        let t = Timer::start();
        let analysis = dossier_text::analyze(&doc);
        t_analyze += t.stop();
        let t = Timer::start();
        std::hint::black_box(pipeline::infer_published(&doc, &analysis, today));
        t_dates += t.stop();
    }
    let mb = total as f64 / 1e6;
    println!("stage load:         {}", rate(mb, t_load));
    println!("stage analyze:      {}", rate(mb, t_analyze));
    println!("stage published:    {}", rate(mb, t_dates));

    if std::env::var_os("BENCH_STAGES_ONLY").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        return Ok(());
    }
    let overrides = MetaOverrides::default();
    let vocabulary = dossier_model::Vocabulary::builtin()?;
    let all = Timer::start();
    let t = Timer::start();
    let mut store = dossier::kb::open(&db)?;
    let resolution = dossier::kb::ResolutionRun::start(&store)?;
    let open = t.stop();
    let (mut prep, mut write) = (Cost::default(), Cost::default());
    let (mut sentences, mut citations) = (0usize, 0usize);
    for (name, text) in &docs {
        let t = Timer::start();
        let prepared = pipeline::prepare_text(text.as_bytes(), Format::Text, &overrides, today)?;
        prep += t.stop();
        sentences += prepared.analysis.sentences.len();
        citations += prepared.analysis.citations.len();
        let t = Timer::start();
        dossier::kb::store_source(&mut store, &prepared, Path::new(name))?;
        write += t.stop();
    }
    // The store's share ends when everything is resolved, searchable and on disk, as at the
    // end of `dossier ingest`: resolution and the search index once for the run, and closing
    // checkpoints the write-ahead log into the file.
    let t = Timer::start();
    resolution.finish(&mut store, &vocabulary)?;
    let resolve = t.stop();
    let t = Timer::start();
    store.index_pending()?;
    let index = t.stop();
    let t = Timer::start();
    drop(store);
    let close = t.stop();
    let elapsed = all.stop();
    let db_size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
    println!(
        "input:      {mb:.1} MB, {} reports, {sentences} sentences, {citations} citations",
        docs.len()
    );
    println!("load+segment+cite:  {}", rate(mb, prep));
    let stored = open + write + resolve + index + close;
    println!("store:              {}", rate(mb, stored));
    println!("  open+resolve:     {}", rate(mb, open + resolve));
    println!("  rows:             {}", rate(mb, write));
    println!("  search index:     {}", rate(mb, index));
    println!("  close:            {}", rate(mb, close));
    println!("end to end:         {}", rate(mb, elapsed));
    println!("store size:         {:>7.1} MB", db_size as f64 / 1e6);
    // The temporary directory (and the store, unless one was named) goes.
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn tempfile_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("dossier-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
