//! Every test sentence of `data/extract/estimative.toml`, run through the extractor.
//!
//! ```text
//! [[term]] id = "likely" … tests = [{ text = "… is likely the Khorasan branch.",
//!                                     expect = [{ phrase = "is likely", band = "likely" }] }]
//!   ─► extract(text) gives exactly [("is likely", Some("likely"), false)]
//! ```
//!
//! The dates stage is not run (no date phrases are passed), so these tests check the
//! extractor's own fallback for dates; `assess.rs` tests the path through date phrases.

use std::str::FromStr;

use dossier_extract::assess::{self, Lexicon};
use dossier_extract::{Assessment, Context, KnownNames};
use dossier_model::{FuzzyDate, Vocabulary};
use dossier_text::{Format, analyze, load};

fn run(text: &str, published: Option<FuzzyDate>) -> Vec<Assessment> {
    let vocabulary = Vocabulary::builtin().unwrap();
    let known = KnownNames::default();
    let mut ctx = Context::new(&vocabulary, dossier_geo::Gazetteer::builtin(), &known);
    ctx.published = published;
    let doc = load(text.as_bytes(), Format::Text).unwrap();
    let analysis = analyze(&doc);
    assess::extract(&doc, &analysis, &[], &ctx)
}

#[test]
fn every_rule_has_tests_and_they_pass() {
    let lex = Lexicon::builtin();
    let mut failures = Vec::new();
    for (rule, t) in lex.tests() {
        let published = t
            .published
            .as_deref()
            .map(|p| FuzzyDate::from_str(p).unwrap());
        let got = run(&t.text, published);
        let mut check = |what: &str, want: String, have: String| {
            if want != have {
                failures.push(format!(
                    "rule `{rule}`, {what}: want {want:?}, got {have:?}\n  text: {}",
                    t.text
                ));
            }
        };
        if let Some(expect) = &t.expect {
            let want: Vec<_> = expect
                .iter()
                .map(|e| (e.phrase.clone(), e.band.clone(), e.negated))
                .collect();
            let have: Vec<_> = got
                .iter()
                .map(|a| (a.phrase.clone(), a.band.clone(), a.negated))
                .collect();
            check("phrases", format!("{want:?}"), format!("{have:?}"));
        }
        let first = got.first();
        let field = |f: fn(&Assessment) -> Option<String>| first.and_then(f).unwrap_or_default();
        if let Some(c) = &t.claim {
            check(
                "claim",
                c.clone(),
                first.map(|a| a.claim.clone()).unwrap_or_default(),
            );
        }
        if let Some(h) = &t.horizon {
            check("horizon", h.clone(), field(|a| a.horizon.clone()));
        }
        if let Some(d) = &t.horizon_date {
            check(
                "horizon_date",
                d.clone(),
                field(|a| a.horizon_date.map(|d| d.to_string())),
            );
        }
        if let Some(s) = &t.scenario {
            check("scenario", s.clone(), field(|a| a.scenario.clone()));
        }
        if let Some(c) = &t.confidence {
            check("confidence", c.clone(), field(|a| a.confidence.clone()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_band_is_in_the_vocabulary() {
    let vocabulary = Vocabulary::builtin().unwrap();
    for band in Lexicon::builtin().bands() {
        assert!(vocabulary.band(band).is_some(), "unknown band {band}");
    }
    // The whole ICD 203 ladder is reachable.
    assert_eq!(Lexicon::builtin().bands().len(), vocabulary.icd203.len());
}

#[test]
fn every_section_has_rules() {
    let lex = Lexicon::builtin();
    assert!(lex.terms.len() >= 30);
    assert!(!lex.frames.is_empty());
    assert!(!lex.attributions.is_empty());
    assert!(!lex.confidence.is_empty());
    assert!(!lex.horizons.is_empty());
    assert!(!lex.scenarios.is_empty());
    assert!(lex.tests().len() >= lex.terms.len());
}
