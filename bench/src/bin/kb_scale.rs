//! The questions benchmark (issue 7) on a synthetic knowledge base.
//!
//! ```text
//! kb_scale generate [FRACTION] [DIR]   # 1.0 = 1M entities, 10M statements, 2M events
//! kb_scale run [DIR] [QUERIES]         # profile, timeline, graph depth 2, as-of: p50/p99
//! ```
//!
//! `run` samples QUERIES entities (people and groups, uniformly; and a hundred of the
//! prominent ones, about whom a hundred times more is stored) with an as-of date each, writes
//! them to DIR/queries.json for the peers (`bench/questions_peers.py`), times every question
//! through `dossier_query::Questions` on the store, and writes DIR/dossier.json.
//!
//! While iterating, `KB_ONLY=profile,asof` and `KB_SETS=prominent` time only some questions
//! or sets (DIR/dossier.json is then left as it was). `KB_DUMP=FILE` writes the answers
//! (profile, as-of, graph) about the first 100 typical and 20 prominent entities as JSON
//! lines and stops, to check that a change keeps every answer the same.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dossier_bench::Rng;
use dossier_bench::kb_scale::{Scale, entity_type, generate};
use dossier_model::{FuzzyDate, Vocabulary};
use dossier_query::{GraphOptions, Questions, TimelineFilter};
use dossier_store::Store;
use serde_json::json;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let default_dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/kb_scale"));
    match args.first().map(String::as_str) {
        Some("generate") => {
            let fraction: f64 = args.get(1).map_or(Ok(1.0), |s| s.parse())?;
            let dir = args.get(2).map_or(default_dir, PathBuf::from);
            let scale = Scale::fraction(fraction);
            let t = Instant::now();
            let g = generate(&dir, &scale)?;
            eprintln!(
                "generated {} entities, {} statements, {} events, {} sources in {:.1?}: {} ({:.2} GB)",
                scale.entities,
                scale.statements,
                scale.events,
                scale.sources,
                t.elapsed(),
                g.db.display(),
                g.bytes as f64 / 1e9
            );
            let meta = json!({
                "fraction": fraction,
                "entities": scale.entities,
                "statements": scale.statements,
                "events": scale.events,
                "sources": scale.sources,
                "store_bytes": g.bytes,
                "generate_seconds": t.elapsed().as_secs_f64(),
            });
            std::fs::write(dir.join("scale.json"), serde_json::to_string_pretty(&meta)?)?;
            Ok(())
        }
        Some("run") => {
            let dir = args.get(1).map_or(default_dir, PathBuf::from);
            let n: usize = args.get(2).map_or(Ok(1000), |s| s.parse())?;
            run(&dir, n)
        }
        _ => anyhow::bail!(
            "usage: kb_scale generate [FRACTION] [DIR] | kb_scale run [DIR] [QUERIES]"
        ),
    }
}

/// One question about an entity on a date; returns how many rows the answer has.
type Question<'a> = dyn Fn(i64, FuzzyDate) -> anyhow::Result<usize> + 'a;

fn run(dir: &std::path::Path, n: usize) -> anyhow::Result<()> {
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("scale.json"))?)?;
    let entities = meta["entities"].as_u64().unwrap_or(0) as usize;
    let mut rng = Rng::new(11);
    let mut sample = |count: usize, range: usize| -> Vec<(i64, FuzzyDate)> {
        let mut out = Vec::new();
        while out.len() < count {
            let id = 1 + rng.below(range) as i64;
            if entity_type(id) == "town" {
                continue;
            }
            let year = 1995 + rng.below(30) as i32;
            let date = FuzzyDate::day(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32)
                .unwrap_or_else(|_| unreachable!("valid"));
            out.push((id, date));
        }
        out
    };
    let typical = sample(n, entities);
    let prominent = sample(100, (entities / 1000).max(10));
    let queries: Vec<serde_json::Value> = typical
        .iter()
        .map(|(id, d)| json!({"id": id, "date": d.to_string(), "day": d.interval().0}))
        .collect();
    let prominent_q: Vec<serde_json::Value> = prominent
        .iter()
        .map(|(id, d)| json!({"id": id, "date": d.to_string(), "day": d.interval().0}))
        .collect();
    std::fs::write(
        dir.join("queries.json"),
        serde_json::to_string(&json!({"typical": queries, "prominent": prominent_q}))?,
    )?;

    let store = Store::open(dir.join("kb.db"))?;
    store.tune_for_questions();
    let vocabulary = Vocabulary::builtin()?;
    let q = Questions::new(&store, &vocabulary)?;
    if let Ok(path) = std::env::var("KB_DUMP") {
        let mut out = String::new();
        for &(id, d) in typical.iter().take(100).chain(prominent.iter().take(20)) {
            let node = q.find(&id.to_string())?;
            let graph = GraphOptions {
                depth: 2,
                ..GraphOptions::default()
            };
            out.push_str(&serde_json::to_string(&json!({
                "id": id,
                "profile": q.profile(&node)?,
                "asof": q.as_of(d, &node, None)?,
                "graph": q.graph(&node, &graph)?,
            }))?);
            out.push('\n');
        }
        std::fs::write(path, out)?;
        return Ok(());
    }
    let only = |var: &str, name: &str| {
        std::env::var(var).map_or(true, |v| v.split(',').any(|w| w.trim() == name))
    };
    let partial = std::env::var("KB_ONLY").is_ok() || std::env::var("KB_SETS").is_ok();
    let mut results = serde_json::Map::new();
    for (set, items) in [("typical", &typical), ("prominent", &prominent)] {
        if !only("KB_SETS", set) {
            continue;
        }
        let mut rows = serde_json::Map::new();
        let questions: [(&str, &Question); 4] = [
            ("profile", &|id, _| {
                let node = q.find(&id.to_string())?;
                let p = q.profile(&node)?;
                Ok(p.sections.iter().map(|s| s.lines.len()).sum::<usize>())
            }),
            ("timeline", &|id, _| {
                let node = q.find(&id.to_string())?;
                let filter = TimelineFilter {
                    entity: Some(node),
                    ..TimelineFilter::default()
                };
                Ok(q.timeline(&filter)?.entries.len())
            }),
            ("graph2", &|id, _| {
                let node = q.find(&id.to_string())?;
                let options = GraphOptions {
                    depth: 2,
                    ..GraphOptions::default()
                };
                Ok(q.graph(&node, &options)?.edges.len())
            }),
            ("asof", &|id, d| {
                let node = q.find(&id.to_string())?;
                Ok(q.as_of(d, &node, None)?.held.len())
            }),
        ];
        for (name, f) in questions {
            if !only("KB_ONLY", name) {
                continue;
            }
            // Warm the cache with a tenth of the queries, then time them all.
            for &(id, d) in items.iter().take(items.len() / 10) {
                f(id, d)?;
            }
            let mut times = Vec::with_capacity(items.len());
            let mut cpu = Vec::with_capacity(items.len());
            let mut total_rows = 0;
            for &(id, d) in items.iter() {
                let c = thread_cpu();
                let t = Instant::now();
                total_rows += f(id, d)?;
                times.push(t.elapsed());
                cpu.push(thread_cpu().saturating_sub(c));
            }
            let s = stats(&mut times);
            let c = stats(&mut cpu);
            eprintln!(
                "{set:<9} {name:<9} p50 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms  \
                 (cpu p50 {:>7.3} p99 {:>7.3}; {} rows/query)",
                s.0,
                s.1,
                s.2,
                c.0,
                c.1,
                total_rows / items.len().max(1)
            );
            rows.insert(
                name.to_string(),
                json!({"p50_ms": s.0, "p99_ms": s.1, "max_ms": s.2, "mean_ms": s.3,
                       "cpu_p50_ms": c.0, "cpu_p99_ms": c.1,
                       "rows_per_query": total_rows as f64 / items.len().max(1) as f64}),
            );
        }
        results.insert(set.to_string(), serde_json::Value::Object(rows));
    }
    let peak = peak_rss_mb();
    eprintln!("peak memory {peak:.0} MB");
    results.insert("peak_rss_mb".into(), json!(peak));
    results.insert("store_bytes".into(), meta["store_bytes"].clone());
    if partial {
        return Ok(());
    }
    std::fs::write(
        dir.join("dossier.json"),
        serde_json::to_string_pretty(&serde_json::Value::Object(results))?,
    )?;
    Ok(())
}

/// p50, p99, max and mean in milliseconds.
fn stats(times: &mut [Duration]) -> (f64, f64, f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |p: f64| {
        let i = ((times.len() as f64 * p).ceil() as usize).saturating_sub(1);
        times.get(i).copied().map_or(0.0, ms)
    };
    let mean = times.iter().map(|&d| ms(d)).sum::<f64>() / times.len().max(1) as f64;
    (
        at(0.5),
        at(0.99),
        times.last().copied().map_or(0.0, ms),
        mean,
    )
}

/// The CPU time this thread has run, so that figures taken on a shared machine can be read
/// without the time spent waiting for a core. Zero where the clock cannot be read.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the duration of the call.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// The process's peak resident memory (VmHWM), in MB.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
