//! Replays the screening benchmark's files (`bench/out/screen/{names,queries}.tsv`, written by
//! `bench/screen.sh`) against `NameIndex`: the search loop alone, for profiling.
//!
//! ```text
//! cargo run --release -p dossier-names --example screen_replay -- DIR [QUERIES] [ROUNDS]
//! ```

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use dossier_names::Rules;
use dossier_names::index::{Entry, NameIndex, NameType, Query};
use support::cpu::cpu_seconds;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map_or("bench/out/screen", String::as_str);
    let limit: usize = args.get(2).map_or(Ok(usize::MAX), |a| a.parse())?;
    let rounds: usize = args.get(3).map_or(Ok(1), |a| a.parse())?;
    let names_text = std::fs::read_to_string(format!("{dir}/names.tsv"))?;
    let mut names: Vec<(u32, NameType, &str)> = Vec::new();
    for line in names_text.lines() {
        let mut f = line.splitn(3, '\t');
        let (Some(i), Some(k), Some(n)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        names.push((i.parse()?, NameType::parse(k).ok_or("kind")?, n));
    }
    let queries_text = std::fs::read_to_string(format!("{dir}/queries.tsv"))?;
    let mut queries: Vec<(&str, &str, Vec<u32>)> = Vec::new();
    for line in queries_text.lines().take(limit) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let ok = f[3].split(',').filter_map(|x| x.parse().ok()).collect();
        queries.push((f[0], f[2], ok));
    }
    let t = Instant::now();
    let index = NameIndex::build(
        Rules::standard(),
        names.iter().map(|&(record, kind, name)| Entry {
            record,
            name,
            kind,
            weak: false,
        }),
    );
    eprintln!(
        "build {:.2}s, {} MB",
        t.elapsed().as_secs_f64(),
        index.heap_bytes() / 1_000_000
    );
    let mut s = index.searcher();
    let mut hits = Vec::with_capacity(queries.len());
    let cpu = cpu_seconds();
    for round in 0..rounds {
        for (_, q, _) in &queries {
            let found = index.search_with(&Query::new(q).limit(10), &mut s);
            if round == 0 {
                hits.push(found.iter().map(|c| c.record).collect::<Vec<u32>>());
            }
        }
    }
    let cpu = cpu_seconds() - cpu;
    let n = (queries.len() * rounds) as f64;
    let mut by: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for ((how, _, ok), h) in queries.iter().zip(&hits) {
        let e = by.entry(how).or_default();
        e.0 += 1;
        e.1 += usize::from(h.iter().any(|r| ok.contains(r)));
    }
    let all: usize = by.values().map(|v| v.1).sum();
    println!(
        "{:.0} queries per CPU s ({:.1} µs) recall@10 {:.4}",
        n / cpu,
        cpu * 1e6 / n,
        all as f64 / queries.len() as f64
    );
    for (how, (c, r)) in by {
        println!("  {how:<16} {c:>6} {:.4}", r as f64 / c as f64);
    }
    Ok(())
}
