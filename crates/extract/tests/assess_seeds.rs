//! The acceptance figures of the seed corpus: assessment recall at least 0.85 with at least 0.80
//! of bands right, and no judgement in the CEP profile (its hedges are attributions).
//!
//! ```text
//! ../shared/corpus/seeds/{gold.jsonl, *.txt} ─► load + analyze + assess::extract
//!   ─► banded judgements as predictions ─► dossier_eval::score_document
//! ```
//!
//! Only judgements with a band are scored: bare hedges are not in the gold. The corpus lives
//! outside the repository; without it the test says so and checks nothing.

use std::path::PathBuf;

use dossier_eval::{PredictedAssessment, Prediction, read_gold, score_document};
use dossier_extract::{Context, KnownNames, assess};
use dossier_model::Vocabulary;
use dossier_text::{Format, analyze, load};

#[test]
fn seed_corpus_recall_and_bands() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    let gold_path = dir.join("gold.jsonl");
    if !gold_path.is_file() {
        eprintln!("no seed corpus at {}: nothing checked", dir.display());
        return;
    }
    let vocabulary = Vocabulary::builtin().unwrap();
    let gold = read_gold(&gold_path, &vocabulary).unwrap();
    let meta = dossier_eval::read_meta_beside(&gold_path).unwrap();
    let known = KnownNames::default();
    let (mut gold_n, mut matched, mut bands) = (0, 0, 0);
    for g in &gold {
        let bytes = std::fs::read(g.text_path(&dir)).unwrap();
        let doc = load(&bytes, Format::Text).unwrap();
        let analysis = analyze(&doc);
        let ctx = Context::new(&vocabulary, dossier_geo::Gazetteer::builtin(), &known)
            .with_published(meta.get(g.key()).and_then(|m| m.published));
        let found = assess::extract(&doc, &analysis, &[], &ctx);
        let mut pred = Prediction::empty(g.key());
        pred.assessments = found
            .iter()
            .filter_map(|a| {
                Some(PredictedAssessment {
                    phrase: a.phrase.clone(),
                    icd203: Some(a.band.clone()?),
                    about: Some(a.claim.clone()),
                })
            })
            .collect();
        let score = score_document(g, &pred, &vocabulary);
        let c = score.tally.assessments;
        eprintln!("{}: {c:?}\n{:#?}", g.key(), score.misses.assessments);
        if g.assessments.is_empty() {
            assert_eq!(
                c.predicted,
                0,
                "{}: judgements where the gold has none",
                g.key()
            );
        }
        gold_n += c.gold;
        matched += c.matched;
        bands += c.band_correct;
    }
    assert!(gold_n > 0);
    let recall = matched as f64 / gold_n as f64;
    let band_accuracy = bands as f64 / matched.max(1) as f64;
    eprintln!("recall {recall:.3}, band accuracy {band_accuracy:.3}");
    assert!(recall >= 0.85, "recall {recall:.3}");
    assert!(band_accuracy >= 0.80, "band accuracy {band_accuracy:.3}");
}
