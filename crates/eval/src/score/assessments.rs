//! Assessments: estimative phrases found, then their ICD 203 band.
//!
//! ```text
//! gold  "will likely" (likely), "most likely" (very likely)
//! pred  "JNIM will likely" (likely), "most likely" (likely)
//!   ─►  recall 2/2, band accuracy 1/2
//! ```
//!
//! A gold phrase is found when its folded words occur, as whole consecutive words, in a predicted
//! phrase of the same document, or the other way round. Gold items are taken in order, each
//! paired with the first unused predicted item that fits, so repeated phrases ("likely", three
//! times) pair in document order. Bands compare through the vocabulary (`very_likely` =
//! `very likely`); a predicted item without a band counts as a wrong band.

use dossier_model::Vocabulary;

use super::{AssessmentCounts, SectionMisses};
use crate::fold::{contains_words, fold_words};
use crate::gold::GoldAssessment;
use crate::predict::PredictedAssessment;

pub(crate) fn score(
    gold: &[GoldAssessment],
    pred: &[PredictedAssessment],
    vocab: &Vocabulary,
    counts: &mut AssessmentCounts,
    misses: &mut SectionMisses,
) {
    counts.predicted = pred.len();
    counts.gold = gold.len();
    let pred_words: Vec<_> = pred.iter().map(|p| fold_words(&p.phrase)).collect();
    let mut used = vec![false; pred.len()];
    for g in gold {
        let gw = fold_words(&g.phrase);
        let found = (0..pred.len()).find(|&j| {
            !used[j] && (contains_words(&pred_words[j], &gw) || contains_words(&gw, &pred_words[j]))
        });
        let about = g.about.as_deref().unwrap_or("");
        let Some(j) = found else {
            misses
                .false_negatives
                .push(format!("\"{}\" ({}) about {about}", g.phrase, g.icd203));
            continue;
        };
        used[j] = true;
        counts.matched += 1;
        let gold_band = vocab.band(&g.icd203).map(|b| b.id.as_str());
        let pred_band = pred[j]
            .icd203
            .as_deref()
            .and_then(|b| vocab.band(b))
            .map(|b| b.id.as_str());
        if gold_band.is_some() && gold_band == pred_band {
            counts.band_correct += 1;
        } else {
            misses.wrong.push(format!(
                "\"{}\" about {about}: band {} where the gold has {}",
                pred[j].phrase,
                pred[j].icd203.as_deref().unwrap_or("none"),
                g.icd203
            ));
        }
    }
    for (j, p) in pred.iter().enumerate() {
        if !used[j] {
            misses.false_positives.push(format!(
                "\"{}\" ({})",
                p.phrase,
                p.icd203.as_deref().unwrap_or("no band")
            ));
        }
    }
}
