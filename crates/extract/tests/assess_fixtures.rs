//! Judgement fixtures: each `tests/fixtures/assess_<case>.{txt,md}` (analyses about Somalia,
//! Syria and Afghanistan, written for these tests) is loaded, analysed and its judgements
//! compared with `assess_<case>.expected.json`.
//!
//! ```text
//! assess_somalia.txt ─► load + analyze ─► assess::extract ─► [{"phrase": "will likely",
//!                                                             "band": "likely", "claim": …}, …]
//! ```
//!
//! After a reviewed change, `DOSSIER_BLESS=1 cargo test -p dossier-extract --test
//! assess_fixtures` rewrites the expected files. The dates stage is not run, so the figures do
//! not move when it changes; the publication date is given per case.

use std::path::PathBuf;
use std::str::FromStr;

use dossier_extract::{Assessment, Context, KnownNames, assess};
use dossier_model::{FuzzyDate, Vocabulary};
use dossier_text::{Format, analyze, load};
use serde_json::{Value, json};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn report(found: &[Assessment]) -> Value {
    Value::Array(
        found
            .iter()
            .map(|a| {
                json!({
                    "sentence": a.sentence,
                    "phrase": a.phrase,
                    "band": a.band,
                    "negated": a.negated,
                    "claim": a.claim,
                    "horizon": a.horizon,
                    "horizon_date": a.horizon_date,
                    "scenario": a.scenario,
                    "confidence": a.confidence,
                    "rule": a.rule,
                    "status": a.status,
                })
            })
            .collect(),
    )
}

fn check(file: &str, format: Format, published: &str) -> Vec<Assessment> {
    let dir = fixtures();
    let input = std::fs::read(dir.join(file)).unwrap();
    let doc = load(&input, format).unwrap();
    let analysis = analyze(&doc);
    let vocabulary = Vocabulary::builtin().unwrap();
    let known = KnownNames::default();
    let ctx = Context::new(&vocabulary, dossier_geo::Gazetteer::builtin(), &known)
        .with_published(Some(FuzzyDate::from_str(published).unwrap()));
    let found = assess::extract(&doc, &analysis, &[], &ctx);
    for a in &found {
        assert_eq!(a.phrase_span.slice(&doc.text), a.phrase);
        assert!(
            a.claim_span.contains(a.phrase_span)
                || a.claim_span.end <= a.phrase_span.start
                || a.claim_span.start >= a.phrase_span.end
        );
        assert!(analysis.sentences[a.sentence].span.contains(a.phrase_span));
    }
    let got = report(&found);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let expected_path = dir.join(format!("{stem}.expected.json"));
    if std::env::var_os("DOSSIER_BLESS").is_some() {
        let pretty = serde_json::to_string_pretty(&got).unwrap() + "\n";
        std::fs::write(&expected_path, pretty).unwrap();
    }
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
    assert_eq!(
        got,
        expected,
        "{file}: got\n{}",
        serde_json::to_string_pretty(&got).unwrap()
    );
    found
}

#[test]
fn somalia_brief() {
    let found = check("assess_somalia.txt", Format::Text, "2024-06");
    // Attributed, quoted, idiomatic and interrogative uses give nothing.
    assert!(found.iter().all(|a| !a.claim.contains("elders")));
    assert!(found.iter().all(|a| !a.claim.contains("Mahas")));
    assert!(found.iter().all(|a| !a.claim.contains("alliance")));
    assert!(found.iter().all(|a| !a.claim.starts_with("Will ")));
}

#[test]
fn syria_outlook() {
    let found = check("assess_syria.md", Format::Markdown, "2024-06");
    assert!(found.iter().all(|a| !a.claim.contains("Americans")));
}

#[test]
fn afghanistan_assessment() {
    let found = check("assess_afghanistan.txt", Format::Text, "2024-04");
    // The title's "Will Likely" is not a judgement of the body.
    assert!(found.iter().all(|a| a.sentence > 0));
    assert!(found.iter().all(|a| !a.claim.contains("U.S. officials")));
}
