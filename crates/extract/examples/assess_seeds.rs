//! Scores the estimative judgements of the seed corpus against its gold.
//!
//! ```text
//! cargo run -p dossier-extract --example assess_seeds [SEEDS_DIR] [--all]
//!   africa-file-northern-mali.txt  gold 17  predicted 17  matched 17  bands 17
//!   …
//!   recall 1.000  band accuracy 1.000  precision 1.000
//! ```
//!
//! Only judgements with a band are scored (bare hedges have none and are not in the gold).
//! `--all` also lists every judgement found, hedges included, with claim, horizon and scenario.

use std::path::PathBuf;

use dossier_eval::{PredictedAssessment, Prediction, read_gold, score_document};
use dossier_extract::{Context, KnownNames, assess, dates};
use dossier_model::{FuzzyDate, Vocabulary};
use dossier_text::{Format, analyze, load};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.iter().any(|a| a == "--all");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or_else(|| PathBuf::from("../shared/corpus/seeds"), PathBuf::from);
    let vocabulary = Vocabulary::builtin()?;
    let gold = read_gold(&dir.join("gold.jsonl"), &vocabulary)?;
    let meta = dossier_eval::read_meta_beside(&dir.join("gold.jsonl"))?;
    let known = KnownNames::default();
    let (mut gold_n, mut pred_n, mut matched, mut bands) = (0, 0, 0, 0);
    for g in &gold {
        let bytes = std::fs::read(g.text_path(&dir))?;
        let doc = load(&bytes, Format::Text)?;
        let analysis = analyze(&doc);
        let published: Option<FuzzyDate> = meta.get(g.key()).and_then(|m| m.published);
        let ctx = Context::new(&vocabulary, dossier_geo::Gazetteer::builtin(), &known)
            .with_published(published);
        let found_dates = dates::extract(&doc, &analysis, &ctx);
        let found = assess::extract(&doc, &analysis, &found_dates, &ctx);
        if all {
            for a in &found {
                println!(
                    "  {:<22} {:<14} neg={} claim={:?} horizon={:?} date={:?} scenario={:?} conf={:?}",
                    a.phrase,
                    a.band.as_deref().unwrap_or("-"),
                    a.negated,
                    a.claim,
                    a.horizon,
                    a.horizon_date.map(|d| d.to_string()),
                    a.scenario,
                    a.confidence
                );
            }
        }
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
        println!(
            "{:<32} gold {:>3}  predicted {:>3}  matched {:>3}  bands {:>3}",
            g.key(),
            c.gold,
            c.predicted,
            c.matched,
            c.band_correct
        );
        for m in score
            .misses
            .assessments
            .false_negatives
            .iter()
            .chain(&score.misses.assessments.false_positives)
            .chain(&score.misses.assessments.wrong)
        {
            println!("    {m}");
        }
        gold_n += c.gold;
        pred_n += c.predicted;
        matched += c.matched;
        bands += c.band_correct;
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    println!(
        "recall {:.3}  band accuracy {:.3}  precision {:.3}",
        ratio(matched, gold_n),
        ratio(bands, matched),
        ratio(matched, pred_n)
    );
    Ok(())
}
