//! Acceptance on the real corpus: the citations of each seed document against the gold.
//!
//! ```text
//! seeds/gold.jsonl + seeds/*.txt ─► load + analyze ─► citations, in order
//!   document                        gold  found  fields ok
//!   africa-file-northern-mali.txt      8      8     100.0%
//! ```
//!
//! For every document the number of citations must equal the gold count, and publisher, date
//! and URL must all match for at least 95% of the items (compared in order). The corpus lives
//! outside the repository (`../shared/corpus/seeds`, or `$DOSSIER_CORPUS`); without it the
//! test says so and passes.

use std::path::PathBuf;

use dossier_text::normalize::normalize;
use dossier_text::{CitationStyle, Format, analyze, load};
use serde_json::Value;

fn corpus_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("DOSSIER_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds"),
    };
    if dir.join("gold.jsonl").is_file() {
        Some(dir)
    } else if dir.join("seeds/gold.jsonl").is_file() {
        Some(dir.join("seeds"))
    } else {
        None
    }
}

/// A gold string as the document text has it (typographic quotes made plain).
fn gold_str(v: &Value) -> Option<String> {
    v.as_str().map(normalize)
}

#[test]
fn corpus_citations_match_the_gold() {
    let Some(dir) = corpus_dir() else {
        println!("SKIPPED: ../shared/corpus not found");
        return;
    };
    let gold = std::fs::read_to_string(dir.join("gold.jsonl")).unwrap();
    println!(
        "{:<36} {:>5} {:>6} {:>10}",
        "document", "gold", "found", "fields ok"
    );
    let mut failures = Vec::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let doc_gold: Value = serde_json::from_str(line).unwrap();
        let file = doc_gold["file"].as_str().unwrap();
        let items = doc_gold["citations"]["items"].as_array().unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let doc = load(&bytes, Format::Text).unwrap();
        let analysis = analyze(&doc);
        let found = &analysis.citations;

        let mut ok = 0;
        for (i, (g, c)) in items.iter().zip(found).enumerate() {
            let publisher = gold_str(&g["publisher"]) == c.publisher;
            let date = gold_str(&g["date"]) == c.date.map(|d| d.to_string());
            let url = gold_str(&g["url"]) == c.url;
            let marker = gold_str(&g["marker"]) == c.marker;
            if publisher && date && url && marker {
                ok += 1;
            } else {
                println!(
                    "  {file} #{i}: gold {} | found {:?} {:?} {:?} {:?}",
                    g, c.marker, c.publisher, c.date, c.url
                );
            }
        }
        let share = if items.is_empty() {
            1.0
        } else {
            ok as f64 / items.len() as f64
        };
        println!(
            "{:<36} {:>5} {:>6} {:>9.1}%",
            file,
            items.len(),
            found.len(),
            share * 100.0
        );
        if found.len() != items.len() {
            failures.push(format!(
                "{file}: {} citations, gold {}",
                found.len(),
                items.len()
            ));
        }
        if share < 0.95 {
            failures.push(format!("{file}: fields match for {:.1}%", share * 100.0));
        }

        // Asterisk markers: as many as the gold has, each a word of a body sentence, none of
        // them in the publisher's legend.
        let gold_foreign = items.iter().filter(|g| g["marker"] == "*").count();
        let foreign: Vec<_> = found
            .iter()
            .filter(|c| c.style == Some(CitationStyle::ForeignLink))
            .collect();
        assert_eq!(
            foreign.len(),
            gold_foreign,
            "{file}: foreign-domain markers"
        );
        for c in &foreign {
            assert!(c.foreign_domain && c.marker.as_deref() == Some("*"));
            assert!(c.raw.chars().all(char::is_alphabetic), "{}", c.raw);
            assert_eq!(
                c.sentences.len(),
                1,
                "{file}: {} supports a sentence",
                c.raw
            );
            let block = doc.blocks.iter().find(|b| b.span.contains(c.span)).unwrap();
            assert!(!block.span.slice(&doc.text).contains("asterisk"));
        }
        // Every citation supports at least one sentence.
        for c in found {
            assert!(
                !c.sentences.is_empty(),
                "{file}: {:?} supports nothing",
                c.raw
            );
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
