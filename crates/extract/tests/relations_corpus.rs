//! Relations and events on whole reports: the seed corpus (the acceptance floors) and the
//! fixture reports of `tests/fixtures/rel_corpus/` (other theatres, with hand-made gold).
//!
//! ```text
//! gold.jsonl + reports ─► load + analyze + extract ─► dossier_eval::score_document
//!   seeds:       relations F1 ≥ 0.65, events F1 ≥ 0.55 (micro-averaged over the documents)
//!   rel_corpus:  relations F1 ≥ 0.70, events F1 ≥ 0.80, and each report's statements and
//!                events exactly as in `<report>.expected.txt`
//! ```
//!
//! After a reviewed change, `DOSSIER_BLESS=1 cargo test -p dossier-extract --test
//! relations_corpus` rewrites the `.expected.txt` files. The seed corpus lives outside the
//! repository; without it that test says so and checks nothing.

mod relations_common;

use std::path::{Path, PathBuf};

use dossier_eval::{Report, read_gold, read_meta_beside, score_document};
use dossier_extract::{Context, Extraction, KnownNames, Object, extract};
use dossier_model::Vocabulary;
use dossier_text::{Format, analyze, load};
use relations_common::prediction;

/// Extracts every document of a gold file; returns the report and each document's extraction
/// written as lines.
fn run_corpus(gold_path: &Path) -> (Report, Vec<(String, String)>) {
    let dir = gold_path.parent().unwrap();
    let vocabulary = Vocabulary::builtin().unwrap();
    let gold = read_gold(gold_path, &vocabulary).unwrap();
    let meta = read_meta_beside(gold_path).unwrap();
    let known = KnownNames::default();
    let mut scores = Vec::new();
    let mut written = Vec::new();
    for g in &gold {
        let bytes = std::fs::read(g.text_path(dir)).unwrap();
        let doc = load(&bytes, Format::Text).unwrap();
        let analysis = analyze(&doc);
        let ctx = Context::new(&vocabulary, dossier_geo::Gazetteer::builtin(), &known)
            .with_published(meta.get(g.key()).and_then(|m| m.published))
            .with_original(&bytes);
        let x = extract(&doc, &analysis, &ctx);
        scores.push(score_document(
            g,
            &prediction(g.key(), &x, &ctx),
            &vocabulary,
        ));
        written.push((g.key().to_string(), lines(&x)));
    }
    (Report::new(scores, Vec::new()), written)
}

/// The relations and events of an extraction, one per line, in document order.
fn lines(x: &Extraction) -> String {
    let name = |i: usize| x.entities[i].name.as_str();
    let date = |d: Option<dossier_model::FuzzyDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut out = String::new();
    for r in &x.relations {
        let object = match &r.object {
            Object::Entity(o) => name(*o).to_string(),
            Object::Literal(l) => format!("\"{l}\""),
        };
        out.push_str(&format!(
            "R {} | {} | {} | {}..{} | {}{}\n",
            name(r.subject),
            r.predicate,
            object,
            date(r.start),
            date(r.end),
            r.rule,
            if r.hedges.is_empty() { "" } else { " | hedged" }
        ));
    }
    for e in &x.events {
        let list = |v: &[usize]| v.iter().map(|&i| name(i)).collect::<Vec<_>>().join(", ");
        out.push_str(&format!(
            "E {} | {} | {} | by {} | against {} | in {} | dead {} | {}\n",
            e.date,
            e.kind,
            e.subtype,
            list(&e.actors),
            list(&e.targets),
            e.location.as_ref().map_or("-", |l| l.name.as_str()),
            e.fatalities
                .map_or_else(String::new, |f| f.count.to_string()),
            e.rule
        ));
    }
    out
}

#[test]
fn seed_corpus_meets_the_acceptance_floors() {
    let gold =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds/gold.jsonl");
    if !gold.is_file() {
        eprintln!("no seed corpus at {}: nothing checked", gold.display());
        return;
    }
    let (report, _) = run_corpus(&gold);
    let (r, e) = (&report.overall.relations.prf, &report.overall.events);
    assert!(
        r.f1 >= 0.65,
        "relation F1 {:.3} (P {:.3} R {:.3})",
        r.f1,
        r.precision,
        r.recall
    );
    assert!(
        e.f1 >= 0.55,
        "event F1 {:.3} (P {:.3} R {:.3})",
        e.f1,
        e.precision,
        e.recall
    );
}

#[test]
fn fixture_reports_score_and_match_their_expectations() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rel_corpus");
    let (report, written) = run_corpus(&dir.join("gold.jsonl"));
    let bless = std::env::var_os("DOSSIER_BLESS").is_some();
    let mut stale = Vec::new();
    for (file, got) in &written {
        let path = dir.join(file.replace(".txt", ".expected.txt"));
        if bless {
            std::fs::write(&path, got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != *got {
            stale.push(format!(
                "{}:\n--- expected\n{want}--- got\n{got}",
                path.display()
            ));
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
    let (r, e) = (&report.overall.relations.prf, &report.overall.events);
    assert!(
        r.f1 >= 0.70,
        "relation F1 {:.3} (P {:.3} R {:.3})",
        r.f1,
        r.precision,
        r.recall
    );
    assert!(
        e.f1 >= 0.80,
        "event F1 {:.3} (P {:.3} R {:.3})",
        e.f1,
        e.precision,
        e.recall
    );
}
