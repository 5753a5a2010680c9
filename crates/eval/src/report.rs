//! The report: figures computed from the counts, as JSON and as tables.
//!
//! ```text
//! Tally { entities: Counts { matched: 3, predicted: 4, gold: 6 }, .. }
//!   ─►  {"entities": {"precision": 0.75, "recall": 0.5, "f1": 0.6, "predicted": 4, "gold": 6, ..}}
//! ```
//!
//! The JSON's stable core is `{"overall": S, "documents": [{"file": "...", ...S}]}` (see the
//! crate README); every section of S also carries its raw counts, and more fields may be added.
//! A ratio whose denominator is zero is 1.0 when the section is empty on both sides (nothing to
//! find, nothing wrongly found) and 0.0 otherwise.

use serde::Serialize;

use crate::score::{DateCounts, DocumentScore, Misses, Tally};

/// `num / den`, or 1.0 for an empty section and 0.0 for another zero denominator.
fn ratio(num: usize, den: usize, empty: bool) -> f64 {
    if den == 0 {
        if empty { 1.0 } else { 0.0 }
    } else {
        num as f64 / den as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub predicted: usize,
    pub gold: usize,
    pub matched: usize,
}

impl Prf {
    fn new(matched: usize, predicted: usize, gold: usize) -> Prf {
        let empty = predicted == 0 && gold == 0;
        let precision = ratio(matched, predicted, empty);
        let recall = ratio(matched, gold, empty);
        Prf {
            precision,
            recall,
            f1: f1(precision, recall),
            predicted,
            gold,
            matched,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TypeBlind {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub matched: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityScores {
    #[serde(flatten)]
    pub prf: Prf,
    /// The same matching without the type check.
    pub type_blind: TypeBlind,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AliasScores {
    pub recall: f64,
    pub found: usize,
    pub gold: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RelationScores {
    #[serde(flatten)]
    pub prf: Prf,
    pub dates: DateCounts,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldCounts {
    pub publisher: usize,
    pub title: usize,
    pub date: usize,
    pub url: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CitationScores {
    pub predicted: usize,
    pub gold: usize,
    /// Agreeing fields in the pairs / (4 × gold items).
    pub field_accuracy: f64,
    pub matched: usize,
    /// Agreeing values per field, over the pairs.
    pub fields: FieldCounts,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssessmentScores {
    pub recall: f64,
    /// Right bands among the found phrases.
    pub band_accuracy: f64,
    pub predicted: usize,
    pub gold: usize,
    pub precision: f64,
    pub matched: usize,
    pub band_correct: usize,
}

/// The figures of one document or of the whole run ("S" in the README).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scores {
    pub entities: EntityScores,
    pub aliases: AliasScores,
    pub relations: RelationScores,
    pub events: Prf,
    pub citations: CitationScores,
    pub assessments: AssessmentScores,
}

impl Scores {
    pub fn from_tally(t: &Tally) -> Scores {
        let e = Prf::new(t.entities.matched, t.entities.predicted, t.entities.gold);
        let b = Prf::new(
            t.entities_type_blind.matched,
            t.entities_type_blind.predicted,
            t.entities_type_blind.gold,
        );
        let c = &t.citations;
        let a = &t.assessments;
        let a_empty = a.predicted == 0 && a.gold == 0;
        Scores {
            entities: EntityScores {
                prf: e,
                type_blind: TypeBlind {
                    precision: b.precision,
                    recall: b.recall,
                    f1: b.f1,
                    matched: b.matched,
                },
            },
            aliases: AliasScores {
                recall: ratio(t.aliases.found, t.aliases.gold, t.aliases.gold == 0),
                found: t.aliases.found,
                gold: t.aliases.gold,
            },
            relations: RelationScores {
                prf: Prf::new(t.relations.matched, t.relations.predicted, t.relations.gold),
                dates: t.relation_dates,
            },
            events: Prf::new(t.events.matched, t.events.predicted, t.events.gold),
            citations: CitationScores {
                predicted: c.predicted,
                gold: c.gold,
                field_accuracy: ratio(
                    c.fields_correct(),
                    4 * c.gold,
                    c.gold == 0 && c.predicted == 0,
                ),
                matched: c.matched,
                fields: FieldCounts {
                    publisher: c.publisher,
                    title: c.title,
                    date: c.date,
                    url: c.url,
                },
            },
            assessments: AssessmentScores {
                recall: ratio(a.matched, a.gold, a_empty),
                band_accuracy: ratio(a.band_correct, a.matched, a_empty),
                predicted: a.predicted,
                gold: a.gold,
                precision: ratio(a.matched, a.predicted, a_empty),
                matched: a.matched,
                band_correct: a.band_correct,
            },
        }
    }
}

/// One document of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentReport {
    pub file: String,
    pub tally: Tally,
    pub scores: Scores,
    pub misses: Misses,
}

/// The whole run: every document, the micro-averaged overall figures, and warnings (such as a
/// gold document that had no prediction).
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub overall: Scores,
    pub overall_tally: Tally,
    pub documents: Vec<DocumentReport>,
    pub warnings: Vec<String>,
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    file: &'a str,
    #[serde(flatten)]
    scores: &'a Scores,
    #[serde(skip_serializing_if = "Option::is_none")]
    misses: Option<&'a Misses>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    overall: &'a Scores,
    documents: Vec<JsonDocument<'a>>,
    warnings: &'a [String],
}

impl Report {
    /// Builds the report; `overall` sums the counts of all documents, then computes.
    pub fn new(documents: Vec<DocumentScore>, warnings: Vec<String>) -> Report {
        let mut overall_tally = Tally::default();
        let documents: Vec<_> = documents
            .into_iter()
            .map(|d| {
                overall_tally += d.tally;
                DocumentReport {
                    scores: Scores::from_tally(&d.tally),
                    file: d.file,
                    tally: d.tally,
                    misses: d.misses,
                }
            })
            .collect();
        Report {
            overall: Scores::from_tally(&overall_tally),
            overall_tally,
            documents,
            warnings,
        }
    }

    /// The machine-readable report; with `misses`, each document also lists its misses.
    pub fn to_json_value(&self, misses: bool) -> serde_json::Value {
        let report = JsonReport {
            overall: &self.overall,
            documents: self
                .documents
                .iter()
                .map(|d| JsonDocument {
                    file: &d.file,
                    scores: &d.scores,
                    misses: misses.then_some(&d.misses),
                })
                .collect(),
            warnings: &self.warnings,
        };
        // Plain structs of numbers and strings always serialize.
        serde_json::to_value(report).unwrap_or(serde_json::Value::Null)
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self, misses: bool) -> String {
        serde_json::to_string_pretty(&self.to_json_value(misses)).unwrap_or_default()
    }
}
