//! Screening benchmark (issue 6): dossier's name index on a deterministic 1M-name list, beside
//! rapidfuzz and nomenklatura run by `bench/screen_peers.py` on the same names and queries.
//!
//! ```text
//! cargo run --release -p dossier-bench --bin screen -- [NAMES=1000000] [QUERIES=20000]
//!   ─►  bench/out/screen/{names.tsv, queries.tsv, dossier_hits.tsv, dossier.json}
//! ```
//!
//! Names: the UN consolidated list (primary names, aliases, original script; when downloaded by
//! `scripts/ci/screen.sh`) and synthetic names (people of the Sahel and the Arab world, others,
//! organizations; `crates/names/tests/support/synth.rs`), exact duplicates after folding
//! dropped. Queries: names of the list changed the ways real spellings differ: a letter-variant
//! rule run backwards, one typing error, a word left out, surname first, Arabic script, upper
//! case. The right answers of a query are the records whose name has the same words (by
//! skeleton key) as the name it was made from. One thread; top 10.

#[path = "../../../crates/names/tests/support/mod.rs"]
mod support;

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use dossier_names::index::{Entry, NameIndex, NameType, Query};
use dossier_names::{Rules, fold_key, key};
use support::cpu::{cpu_seconds, memory_mb};
use support::respell::Respeller;
use support::synth::{Kind, Rng, Synth};

fn words_key(name: &str) -> String {
    let k = key(name);
    let mut w: Vec<&str> = k.split(' ').collect();
    w.sort_unstable();
    w.join(" ")
}

/// One random edit in one word of five letters or more.
fn typo(name: &str, rng: &mut Rng) -> Option<String> {
    let mut words: Vec<Vec<u8>> = name.split(' ').map(|w| w.as_bytes().to_vec()).collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].len() >= 5 && words[i].is_ascii())
        .collect();
    let &i = long.get(rng.below(long.len().max(1)))?;
    let w = &mut words[i];
    let k = 1 + rng.below(w.len() - 2);
    match rng.below(3) {
        0 => w[k] = b'a' + rng.below(26) as u8,
        1 => {
            w.remove(k);
        }
        _ => w.swap(k, k + 1),
    }
    let out: Vec<String> = words
        .into_iter()
        .map(|w| String::from_utf8_lossy(&w).into_owned())
        .collect();
    let out = out.join(" ");
    (out != name).then_some(out)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let total: usize = args.get(1).map_or(Ok(1_000_000), |a| a.parse())?;
    let queries_n: usize = args.get(2).map_or(Ok(20_000), |a| a.parse())?;
    let out_dir = PathBuf::from(
        std::env::var("SCREEN_OUT").unwrap_or_else(|_| "bench/out/screen".to_string()),
    );
    std::fs::create_dir_all(&out_dir).with_context(|| out_dir.display().to_string())?;

    // The names: the UN list first, then synthetic names.
    let started = Instant::now();
    let mut names: Vec<(String, NameType)> = Vec::with_capacity(total);
    let mut seen: HashSet<String> = HashSet::with_capacity(total);
    let mut un_names = 0;
    match support::un::un_list_path() {
        Some(path) => {
            let text =
                std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
            let records = support::un::parse(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            for r in records {
                let kind = if r.person {
                    NameType::Person
                } else {
                    NameType::Organization
                };
                let all = std::iter::once(r.name)
                    .chain(r.aliases.into_iter().map(|(_, a)| a))
                    .chain(r.original);
                for n in all {
                    if names.len() < total && seen.insert(fold_key(&n)) {
                        names.push((n, kind));
                        un_names += 1;
                    }
                }
            }
        }
        None => eprintln!("UN list not downloaded (scripts/ci/screen.sh): synthetic names only"),
    }
    let mut synth = Synth::new(2026, 60_000);
    while names.len() < total {
        let (n, kind) = synth.next_name();
        if seen.insert(fold_key(&n)) {
            let kind = match kind {
                Kind::Person => NameType::Person,
                Kind::Organization => NameType::Organization,
            };
            names.push((n, kind));
        }
    }
    drop(seen);
    eprintln!(
        "{} names ({un_names} from the UN list) generated in {:.1}s",
        names.len(),
        started.elapsed().as_secs_f64()
    );

    // The queries and their right answers.
    let respeller = Respeller::standard();
    let mut rng = Rng::new(77);
    let mut queries: Vec<(String, &'static str, usize)> = Vec::with_capacity(queries_n);
    while queries.len() < queries_n {
        let source = rng.below(names.len());
        let (name, kind) = &names[source];
        let person = *kind == NameType::Person;
        let respellings = respeller.respellings(name, person);
        let pick = |how: &dyn Fn(&str) -> bool, rng: &mut Rng| {
            let found: Vec<&String> = respellings
                .iter()
                .filter(|r| how(&r.how))
                .map(|r| &r.text)
                .collect();
            (!found.is_empty()).then(|| found[rng.below(found.len())].clone())
        };
        let roll = rng.below(100);
        let made = match roll {
            0..30 => pick(&|h| h != "upper case" && h != "surname first", &mut rng)
                .map(|q| (q, "rule respelling")),
            30..50 => typo(name, &mut rng).map(|q| (q, "typing error")),
            50..60 => {
                let words: Vec<&str> = name.split_whitespace().collect();
                (words.len() >= 3).then(|| {
                    let k = rng.below(words.len());
                    let kept: Vec<&str> = (0..words.len())
                        .filter(|&i| i != k)
                        .map(|i| words[i])
                        .collect();
                    (kept.join(" "), "word left out")
                })
            }
            60..70 => pick(&|h| h == "surname first", &mut rng).map(|q| (q, "surname first")),
            70..82 => respeller.arabic(name).map(|q| (q, "arabic script")),
            _ => Some((name.to_uppercase(), "upper case")),
        };
        if let Some((q, how)) = made {
            queries.push((q, how, source));
        }
    }
    // Right answers: every name with the same words as the source.
    let wanted: HashSet<String> = queries.iter().map(|q| words_key(&names[q.2].0)).collect();
    let mut right: HashMap<String, Vec<u32>> = HashMap::new();
    for (i, (n, _)) in names.iter().enumerate() {
        let k = words_key(n);
        if wanted.contains(&k) {
            right.entry(k).or_default().push(i as u32);
        }
    }

    // Build.
    let (_, rss_before) = memory_mb();
    let started = Instant::now();
    let index = NameIndex::build(
        Rules::standard(),
        names.iter().enumerate().map(|(i, (n, kind))| Entry {
            record: i as u32,
            name: n,
            kind: *kind,
            weak: false,
        }),
    );
    let build_s = started.elapsed().as_secs_f64();
    let (peak_after_build, rss_after) = memory_mb();
    let heap_mb = index.heap_bytes() as f64 / 1e6;
    eprintln!(
        "index: {} names, {} word skeletons, built in {build_s:.1}s, {heap_mb:.0} MB on the heap (RSS +{:.0} MB)",
        index.len(),
        index.vocabulary_len(),
        rss_after - rss_before
    );

    // Search, one thread, top 10.
    let mut searcher = index.searcher();
    let cpu = cpu_seconds();
    let started = Instant::now();
    let mut hits: Vec<Vec<u32>> = Vec::with_capacity(queries.len());
    for (q, _, _) in &queries {
        let found = index.search_with(&Query::new(q).limit(10), &mut searcher);
        hits.push(found.iter().map(|c| c.record).collect());
    }
    let search_s = started.elapsed().as_secs_f64();
    let search_cpu = (cpu_seconds() - cpu).max(0.01);
    let qps = queries.len() as f64 / search_s;
    let qps_cpu = queries.len() as f64 / search_cpu;
    let explained = queries.len().min(2000);
    let started = Instant::now();
    for (q, _, _) in &queries[..explained] {
        std::hint::black_box(
            index.search_with(&Query::new(q).limit(10).explain(true), &mut searcher),
        );
    }
    let qps_explain = explained as f64 / started.elapsed().as_secs_f64();

    // Recall, overall and by kind of change.
    let mut by_how: HashMap<&str, (usize, usize, usize)> = HashMap::new();
    let (mut at10, mut at1) = (0usize, 0usize);
    for ((_, how, source), found) in queries.iter().zip(&hits) {
        let ok = &right[&words_key(&names[*source].0)];
        let in10 = found.iter().any(|r| ok.contains(r));
        let first = found.first().is_some_and(|r| ok.contains(r));
        at10 += usize::from(in10);
        at1 += usize::from(first);
        let e = by_how.entry(how).or_default();
        e.0 += 1;
        e.1 += usize::from(in10);
        e.2 += usize::from(first);
    }
    let n = queries.len() as f64;
    let (peak, _) = memory_mb();
    println!(
        "dossier: {} names, {} queries, one thread, top 10",
        names.len(),
        queries.len()
    );
    println!(
        "  build {build_s:.1}s · index heap {heap_mb:.0} MB · process peak {peak:.0} MB (after build {peak_after_build:.0} MB)"
    );
    println!(
        "  {qps:.0} queries/s wall clock, {qps_cpu:.0} per CPU second ({:.1} µs each) · with explanations {qps_explain:.0} queries/s",
        1e6 / qps_cpu
    );
    println!(
        "  recall@10 {:.4} · recall@1 {:.4}",
        at10 as f64 / n,
        at1 as f64 / n
    );
    let mut kinds: Vec<_> = by_how.iter().collect();
    kinds.sort();
    for (how, (c, r10, r1)) in kinds {
        println!(
            "    {how:<16} {c:>6} queries  recall@10 {:.4}  recall@1 {:.4}",
            *r10 as f64 / *c as f64,
            *r1 as f64 / *c as f64
        );
    }

    // Files for the peers.
    let mut w = std::io::BufWriter::new(std::fs::File::create(out_dir.join("names.tsv"))?);
    for (i, (n, kind)) in names.iter().enumerate() {
        writeln!(
            w,
            "{i}\t{}\t{}",
            kind.as_str(),
            n.replace(['\t', '\n'], " ")
        )?;
    }
    w.flush()?;
    let mut w = std::io::BufWriter::new(std::fs::File::create(out_dir.join("queries.tsv"))?);
    for (q, how, source) in &queries {
        let ok = &right[&words_key(&names[*source].0)];
        let ok: Vec<String> = ok.iter().map(u32::to_string).collect();
        writeln!(
            w,
            "{how}\t{}\t{}\t{}",
            names[*source].1.as_str(),
            q.replace(['\t', '\n'], " "),
            ok.join(",")
        )?;
    }
    w.flush()?;
    let mut w = std::io::BufWriter::new(std::fs::File::create(out_dir.join("dossier_hits.tsv"))?);
    for found in &hits {
        let ids: Vec<String> = found.iter().map(u32::to_string).collect();
        writeln!(w, "{}", ids.join(","))?;
    }
    w.flush()?;
    let summary = format!(
        "{{\"names\": {}, \"queries\": {}, \"build_s\": {build_s:.3}, \"index_heap_mb\": {heap_mb:.1}, \"peak_rss_mb\": {peak:.1}, \"qps\": {qps:.1}, \"qps_cpu\": {qps_cpu:.1}, \"qps_explain\": {qps_explain:.1}, \"recall_at_10\": {:.4}, \"recall_at_1\": {:.4}}}\n",
        names.len(),
        queries.len(),
        at10 as f64 / n,
        at1 as f64 / n
    );
    std::fs::write(out_dir.join("dossier.json"), summary)?;
    eprintln!("files in {}", out_dir.display());
    Ok(())
}
