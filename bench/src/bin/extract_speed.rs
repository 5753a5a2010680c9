//! Words per second of the extraction pipeline (load + segment + cite + mentions + entities +
//! dates + judgements), on one thread.
//!
//! ```text
//! extract_speed --file lee_background.cor      # one document per line
//! extract_speed --synthetic 20                 # MB of synthetic reports (dossier-bench corpus)
//! extract_speed --synthetic 2 --dump out.txt   # write the synthetic text, one report per line
//! ```
//! Prints one line: `<label> <words> words in <secs> s: <words/s> words/s`.

use std::time::Instant;

use anyhow::Context as _;
use dossier::pipeline::{self, MetaOverrides, Resources};
use dossier_text::Format;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let (label, docs): (String, Vec<String>) = if let Some(path) = value("--file") {
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
        let docs = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        (path, docs)
    } else {
        let mb: usize = value("--synthetic")
            .unwrap_or_else(|| "20".into())
            .parse()?;
        let docs = dossier_bench::corpus(7, mb << 20, 40 << 10)
            .map(|(_, t)| t)
            .collect();
        (format!("synthetic {mb} MB"), docs)
    };
    if let Some(out) = value("--dump") {
        // One report per line, paragraphs joined, so other tools read the same documents.
        let lines: Vec<String> = docs.iter().map(|d| d.replace('\n', " ")).collect();
        std::fs::write(&out, lines.join("\n")).with_context(|| format!("cannot write {out}"))?;
    }
    let words: usize = docs.iter().map(|d| d.split_whitespace().count()).sum();
    let vocabulary = dossier_model::Vocabulary::builtin()?;
    let resources = Resources::new(vocabulary, dossier_extract::KnownNames::default());
    let today = dossier::today();
    let overrides = MetaOverrides::default();
    // Warm up: the gazetteer and the word lists are parsed on first use.
    pipeline::prepare(
        b"Warm-up text about Gao in 2020.",
        Format::Text,
        &overrides,
        today,
        &resources,
    )?;
    let t = Instant::now();
    let mut entities = 0usize;
    for d in &docs {
        let p = pipeline::prepare(d.as_bytes(), Format::Text, &overrides, today, &resources)?;
        entities += p.extraction.entities.len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "dossier {label}: {words} words, {} documents, {entities} entities in {secs:.2} s: {:.0} words/s",
        docs.len(),
        words as f64 / secs
    );
    Ok(())
}
