//! The scorer of `dossier eval`: what a system extracted, measured against gold facts.
//!
//! ```text
//! gold.jsonl (corpus/README.md schema) ─┐
//!                                       ├─► score_document ─► Report ─► table / JSON / misses
//! Prediction per document ──────────────┘   (entities, aliases, relations, events,
//!  (the pipeline, or a predictions file)      citations, assessments; P / R / F1)
//! ```
//!
//! Use from the CLI:
//! 1. [`read_gold`] the gold file (and [`read_meta_beside`] for publisher and date);
//! 2. for each [`GoldDocument`], run the pipeline on [`GoldDocument::text_path`] and fill a
//!    [`Prediction`];
//! 3. [`score_document`] each pair, then [`Report::new`];
//! 4. print [`Report::table`], [`Report::to_json`] or [`Report::misses_text`].
//!
//! External systems write a predictions file (JSON lines of [`Prediction`]) scored by
//! [`score_predictions_file`]. Names are compared through [`fold`].
//!
//! **Invariant:** scoring never fails: once gold and predictions are read, every document gets
//! figures, whatever the predictions hold. Only reading files returns errors.

mod error;
mod fold;
mod gold;
mod jsonl;
mod lexicon;
mod predict;
mod report;
mod score;
mod table;

use std::collections::BTreeMap;
use std::path::Path;

use dossier_model::Vocabulary;

pub use error::EvalError;
pub use fold::{fold, fold_words, plain_fold};
pub use gold::{
    CitationItem, DocMeta, GoldAssessment, GoldCitations, GoldDocument, GoldEntity, GoldEvent,
    GoldRelation, parse_gold, read_gold, read_meta, read_meta_beside,
};
pub use jsonl::MAX_FILE_BYTES;
pub use predict::{
    PredictedAssessment, PredictedEntity, PredictedEvent, PredictedRelation, Prediction,
    parse_predictions, read_predictions,
};
pub use report::{
    AliasScores, AssessmentScores, CitationScores, DocumentReport, EntityScores, FieldCounts, Prf,
    RelationScores, Report, Scores, TypeBlind,
};
pub use score::{
    AliasCounts, AssessmentCounts, CitationCounts, Counts, DateCounts, DocumentScore, Misses,
    SectionMisses, Tally, event_family, score_document,
};
pub use table::side_by_side;

/// Scores predictions against gold, pairing them by document name (`file`, else `id`). A gold
/// document without a prediction is scored as an empty prediction; a prediction for a document
/// the gold does not have is ignored. Both give a warning in the report.
pub fn score_predictions(
    gold: &[GoldDocument],
    preds: &[Prediction],
    vocab: &Vocabulary,
) -> Report {
    let mut warnings = Vec::new();
    let mut by_key: BTreeMap<&str, &Prediction> = BTreeMap::new();
    for p in preds {
        if by_key.insert(p.key(), p).is_some() {
            warnings.push(format!(
                "two predictions for `{}`: the last one is scored",
                p.key()
            ));
        }
    }
    let mut scores = Vec::new();
    for g in gold {
        let empty;
        let pred = match by_key.remove(g.key()) {
            Some(p) => p,
            None => {
                warnings.push(format!("no prediction for `{}`: scored as empty", g.key()));
                empty = Prediction::empty(g.key());
                &empty
            }
        };
        scores.push(score_document(g, pred, vocab));
    }
    for key in by_key.keys() {
        warnings.push(format!("prediction for `{key}` has no gold: ignored"));
    }
    Report::new(scores, warnings)
}

/// Reads a gold file and a predictions file and scores them with the built-in vocabulary.
pub fn score_predictions_file(gold: &Path, predictions: &Path) -> Result<Report, EvalError> {
    let vocab = Vocabulary::builtin()?;
    let gold = read_gold(gold, &vocab)?;
    let preds = read_predictions(predictions)?;
    Ok(score_predictions(&gold, &preds, &vocab))
}
