//! What relations and events cost next to the rest of extraction, in words per second.
//!
//! ```text
//! cargo run --release -p dossier-extract --example relations_speed [-- MEGABYTES [FILE…]]
//!   corpus 5.0 MB, 812345 words in 250 documents
//!   extraction without relations and events: 1.10 s, 738k words/s
//!   relations + events: 0.42 s; whole extraction 1.52 s, 534k words/s (1.38× slower)
//! ```
//!
//! The corpus is real prose: the seed reports and the fixture reports of
//! `tests/fixtures/rel_corpus/` (or the files given), repeated as separate documents up to the
//! size asked. `events::extract` builds the sentence frames and relations again, so its time is
//! that of both stages; the rest of extraction is the whole minus it.

use std::path::PathBuf;
use std::time::Instant;

use dossier_extract::{Context, KnownNames, events, extract};
use dossier_geo::Gazetteer;
use dossier_model::Vocabulary;
use dossier_text::{Format, analyze, load};

fn main() {
    let mut args = std::env::args().skip(1);
    let mb: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5.0);
    let mut files: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if files.is_empty() {
        let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let seeds = here.join("../../../shared/corpus/seeds");
        let fixtures = here.join("tests/fixtures/rel_corpus");
        for dir in [seeds, fixtures] {
            let Ok(read) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut found: Vec<PathBuf> = read
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "txt")
                        && !p.to_string_lossy().ends_with(".expected.txt")
                })
                .collect();
            found.sort();
            files.extend(found);
        }
    }
    let texts: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    if texts.is_empty() {
        return eprintln!("no text to read");
    }
    let Ok(vocab) = Vocabulary::builtin() else {
        return eprintln!("vocabulary does not load");
    };
    let known = KnownNames::default();
    let ctx = Context::new(&vocab, Gazetteer::builtin(), &known);

    let mut prepared = Vec::new();
    let (mut bytes, mut words) = (0usize, 0usize);
    while bytes < (mb * 1_000_000.0) as usize {
        for t in &texts {
            if let Ok(doc) = load(t.as_bytes(), Format::Text) {
                bytes += t.len();
                words += t.split_whitespace().count();
                let analysis = analyze(&doc);
                prepared.push((doc, analysis));
            }
        }
    }
    // Warm-up: embedded data (gazetteer, lexicons) is built once per process.
    if let Some((doc, analysis)) = prepared.first() {
        let _ = extract(doc, analysis, &ctx);
    }

    let t = Instant::now();
    let mut extractions = Vec::with_capacity(prepared.len());
    for (doc, analysis) in &prepared {
        extractions.push(extract(doc, analysis, &ctx));
    }
    let whole = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut n_events = 0;
    for ((doc, analysis), x) in prepared.iter().zip(&extractions) {
        n_events += events::extract(doc, analysis, &x.mentions, &x.entities, &x.dates, &ctx).len();
    }
    let ours = t.elapsed().as_secs_f64();
    let n_relations: usize = extractions.iter().map(|x| x.relations.len()).sum();
    let base = (whole - ours).max(f64::EPSILON);

    println!(
        "corpus {:.1} MB, {words} words in {} documents; {n_relations} relations, {n_events} events",
        bytes as f64 / 1e6,
        prepared.len()
    );
    println!(
        "extraction without relations and events: {base:.2} s, {:.0} words/s",
        words as f64 / base
    );
    println!(
        "relations + events: {ours:.2} s; whole extraction {whole:.2} s, {:.0} words/s ({:.2}× slower)",
        words as f64 / whole,
        whole / base
    );
}
