//! Measures how fast the store takes in text: ~20 MB of synthetic report sentences, stored one
//! source per transaction and then in batches, into fresh stores on disk, each followed by one
//! `index_pending` and closing the store. Prints MB/s of source text; asserts nothing.
//!
//! ```text
//! cargo run --release -p dossier-store --example ingest_throughput [MB]
//!   one transaction per source:   20.0 MB in 0.45 s = 44.4 MB/s (rows 0.19 s, index 0.23 s, …)
//!   batches of 32 sources:        20.0 MB in 0.44 s = 45.5 MB/s (…)
//! ```
//!
//! The text is made of words drawn from a small word list with a skewed distribution, so the
//! full-text index sees a mix of frequent and rare terms. On a shared machine the wall-clock
//! figure depends on the neighbours; the CPU-time figure (Linux only) less so.

use std::time::Instant;

use dossier_model::Span;
use dossier_store::{
    CitationStyle, NewCitation, NewSentence, NewSource, SentenceKind, SourceFormat, Store,
};

/// Words of the synthetic reports, most frequent first.
const WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "in",
    "to",
    "a",
    "group",
    "fighters",
    "attack",
    "on",
    "near",
    "forces",
    "said",
    "army",
    "militants",
    "region",
    "village",
    "killed",
    "district",
    "security",
    "province",
    "border",
    "convoy",
    "local",
    "officials",
    "reported",
    "camp",
    "base",
    "civilians",
    "market",
    "road",
    "town",
    "attackers",
    "soldiers",
    "patrol",
    "ambush",
    "checkpoint",
    "commander",
    "faction",
    "network",
    "operations",
    "displaced",
    "humanitarian",
    "agency",
    "negotiations",
    "ceasefire",
    "kidnapped",
    "explosive",
    "device",
    "vehicle",
    "mosque",
    "council",
    "elders",
    "tax",
    "levy",
    "smuggling",
    "route",
    "river",
    "island",
    "desert",
    "Mogadishu",
    "Kismayo",
    "Baidoa",
    "Maiduguri",
    "Diffa",
    "Gao",
    "Menaka",
    "Timbuktu",
    "Kandahar",
    "Helmand",
    "Idlib",
    "Raqqa",
    "Deir",
    "ez-Zor",
    "Afgooye",
    "Jilib",
    "Baga",
    "Ouagadougou",
    "Djibo",
    "Dori",
    "al-Shabaab",
    "ISWAP",
    "JNIM",
    "ISGS",
    "HTS",
    "2019",
    "2020",
    "2021",
    "2022",
    "2023",
    "January",
    "March",
    "June",
    "September",
    "December",
    "reportedly",
    "allegedly",
    "likely",
    "unlikely",
];

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// An index below `n`, skewed towards small values.
    fn skewed(&mut self, n: usize) -> usize {
        let a = (self.next() % n as u64) as usize;
        let b = (self.next() % n as u64) as usize;
        a.min(b)
    }
}

/// A source of about `size` bytes of sentences, with a footnote per 20 sentences.
fn source(rng: &mut Rng, n: usize, size: usize) -> NewSource {
    let mut text = String::with_capacity(size + 200);
    let mut sentences = Vec::new();
    while text.len() < size {
        let start = text.len();
        let words = 12 + (rng.next() % 20) as usize;
        for w in 0..words {
            if w > 0 {
                text.push(' ');
            }
            let word = WORDS[rng.skewed(WORDS.len())];
            if w == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    text.extend(first.to_uppercase());
                    text.push_str(chars.as_str());
                }
            } else {
                text.push_str(word);
            }
        }
        text.push('.');
        let span = Span::new(start, text.len());
        sentences.push(NewSentence {
            span,
            file_span: span,
            block: sentences.len() / 5,
            kind: SentenceKind::Body,
        });
        text.push(if sentences.len() % 5 == 0 { '\n' } else { ' ' });
    }
    let citations = (0..sentences.len() / 20)
        .map(|i| NewCitation {
            marker: Some(format!("[{}]", i + 1)),
            style: Some(CitationStyle::Footnote),
            raw: format!("Field report {i}, 2023."),
            span: sentences[i * 20].span,
            sentences: vec![i * 20, i * 20 + 1],
            ..NewCitation::default()
        })
        .collect();
    NewSource {
        id: format!("{:064x}", n + 1),
        title: Some(format!("Synthetic report {n}")),
        format: SourceFormat::Text,
        encoding: "utf-8".to_string(),
        bytes: text.len() as u64,
        text,
        sentences,
        citations,
        ..NewSource::default()
    }
}

/// CPU time of this thread in seconds, where Linux tells it.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn main() {
    let total_mb: f64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20.0);
    let per_source = 100_000;
    let count = ((total_mb * 1e6) / per_source as f64).ceil() as usize;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let sources: Vec<NewSource> = (0..count)
        .map(|n| source(&mut rng, n, per_source))
        .collect();
    let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
    let sentences: usize = sources.iter().map(|s| s.sentences.len()).sum();
    println!(
        "{count} sources, {sentences} sentences, {:.1} MB of text",
        bytes as f64 / 1e6
    );

    let dir = tempfile::tempdir().expect("a temporary directory");
    let report = |label: &str, secs: (f64, f64), cpu: Option<f64>, path: &std::path::Path| {
        let (rows, index) = secs;
        let secs = rows + index;
        let file = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let wal = std::fs::metadata(path.with_extension("dossier-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
        let mb = bytes as f64 / 1e6;
        let cpu = cpu.map_or(String::new(), |c| {
            format!(", {:.1} MB/s of CPU time", mb / c)
        });
        println!(
            "{label:<30} {mb:.1} MB in {secs:.2} s = {:.1} MB/s{cpu} (rows {rows:.2} s, index and close {index:.2} s; file {:.1} MB + wal {:.1} MB)",
            mb / secs,
            file as f64 / 1e6,
            wal as f64 / 1e6,
        );
    };

    let path = dir.path().join("single.dossier");
    let mut store = Store::open(&path).expect("a new store");
    let t = Instant::now();
    let c = cpu_seconds();
    for s in &sources {
        store.insert_source(s).expect("insert");
    }
    let rows = t.elapsed().as_secs_f64();
    let t = Instant::now();
    store.index_pending().expect("index");
    drop(store);
    let cpu = cpu_seconds().zip(c).map(|(b, a)| b - a);
    report(
        "one transaction per source:",
        (rows, t.elapsed().as_secs_f64()),
        cpu,
        &path,
    );

    for batch in [8, 32] {
        let path = dir.path().join(format!("batch{batch}.dossier"));
        let mut store = Store::open(&path).expect("a new store");
        let t = Instant::now();
        let c = cpu_seconds();
        for chunk in sources.chunks(batch) {
            for r in store.insert_sources(chunk).expect("batch") {
                r.expect("insert");
            }
        }
        let rows = t.elapsed().as_secs_f64();
        let t = Instant::now();
        store.index_pending().expect("index");
        drop(store);
        let cpu = cpu_seconds().zip(c).map(|(b, a)| b - a);
        report(
            &format!("batches of {batch} sources:"),
            (rows, t.elapsed().as_secs_f64()),
            cpu,
            &path,
        );
    }

    let store = Store::open_readonly(dir.path().join("batch32.dossier")).expect("the store");
    let t = Instant::now();
    let hits = store.search("ambush checkpoint", 20).expect("search");
    println!(
        "search of 2 words: {} hits in {:.1} ms",
        hits.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
}
