//! Scoring one document: gold facts against predicted facts, section by section.
//!
//! ```text
//! gold: JNIM (organization, aliases JNIM, Jama’at Nusrat al Islam wa al Muslimeen)
//! pred: "Jama'at Nusrat al-Islam wal Muslimeen" (armed_group)
//!   ─►  entities matched 1 / predicted 1 / gold 1, aliases found 1 of 2
//! ```
//!
//! Every section pairs gold and predicted items one to one (an item is used at most once), then
//! counts. Entities are matched first; the other sections recognise an entity through that
//! matching, or, when the predicted name belongs to no matched entity, through its folded name.
//! The counts of several documents add up, and the figures of [`crate::Report`] are computed from
//! the sums (micro-averaging).

mod assessments;
mod citations;
mod entities;
mod events;
mod relations;

use dossier_model::Vocabulary;
use serde::Serialize;

use crate::gold::GoldDocument;
use crate::predict::Prediction;

pub use events::event_family;

/// Matched, predicted and gold items of a section.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub matched: usize,
    pub predicted: usize,
    pub gold: usize,
}

/// Gold aliases found on the right entity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AliasCounts {
    pub found: usize,
    pub gold: usize,
}

/// How the dates of matched relations compare, per date slot (start, end).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DateCounts {
    /// Dated slots of all gold relations.
    pub gold: usize,
    /// Same date, same precision.
    pub exact: usize,
    /// Overlapping intervals, different precision (2022 for 2022-04-28).
    pub compatible: usize,
    /// A date that cannot be the gold one.
    pub wrong: usize,
    /// No date where the gold has one.
    pub missing: usize,
    /// A date where the gold has none.
    pub unexpected: usize,
    /// Dated slots of gold relations that were not matched at all.
    pub unmatched: usize,
}

/// Citations: how many, how many paired, and the fields that agree in the pairs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CitationCounts {
    pub matched: usize,
    pub predicted: usize,
    pub gold: usize,
    pub publisher: usize,
    pub title: usize,
    pub date: usize,
    pub url: usize,
}

impl CitationCounts {
    pub fn fields_correct(&self) -> usize {
        self.publisher + self.title + self.date + self.url
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AssessmentCounts {
    pub matched: usize,
    pub predicted: usize,
    pub gold: usize,
    pub band_correct: usize,
}

/// All counts of one document, or the sum over several.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub entities: Counts,
    pub entities_type_blind: Counts,
    pub aliases: AliasCounts,
    pub relations: Counts,
    pub relation_dates: DateCounts,
    pub events: Counts,
    pub citations: CitationCounts,
    pub assessments: AssessmentCounts,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        fn c(a: &mut Counts, b: Counts) {
            a.matched += b.matched;
            a.predicted += b.predicted;
            a.gold += b.gold;
        }
        c(&mut self.entities, o.entities);
        c(&mut self.entities_type_blind, o.entities_type_blind);
        c(&mut self.relations, o.relations);
        c(&mut self.events, o.events);
        self.aliases.found += o.aliases.found;
        self.aliases.gold += o.aliases.gold;
        let (d, e) = (&mut self.relation_dates, o.relation_dates);
        d.gold += e.gold;
        d.exact += e.exact;
        d.compatible += e.compatible;
        d.wrong += e.wrong;
        d.missing += e.missing;
        d.unexpected += e.unexpected;
        d.unmatched += e.unmatched;
        let (x, y) = (&mut self.citations, o.citations);
        x.matched += y.matched;
        x.predicted += y.predicted;
        x.gold += y.gold;
        x.publisher += y.publisher;
        x.title += y.title;
        x.date += y.date;
        x.url += y.url;
        let (a, b) = (&mut self.assessments, o.assessments);
        a.matched += b.matched;
        a.predicted += b.predicted;
        a.gold += b.gold;
        a.band_correct += b.band_correct;
    }
}

/// What a section got wrong, in words a developer can act on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SectionMisses {
    /// Predicted, not in the gold.
    pub false_positives: Vec<String>,
    /// In the gold, not predicted.
    pub false_negatives: Vec<String>,
    /// Matched, with something wrong (type, date, field, band).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wrong: Vec<String>,
}

impl SectionMisses {
    pub fn is_empty(&self) -> bool {
        self.false_positives.is_empty() && self.false_negatives.is_empty() && self.wrong.is_empty()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Misses {
    pub entities: SectionMisses,
    pub aliases: SectionMisses,
    pub relations: SectionMisses,
    pub events: SectionMisses,
    pub citations: SectionMisses,
    pub assessments: SectionMisses,
}

impl Misses {
    /// The sections by name, in report order.
    pub fn sections(&self) -> [(&'static str, &SectionMisses); 6] {
        [
            ("entities", &self.entities),
            ("aliases", &self.aliases),
            ("relations", &self.relations),
            ("events", &self.events),
            ("citations", &self.citations),
            ("assessments", &self.assessments),
        ]
    }
}

/// The score of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentScore {
    /// The gold document's name (`file` or `id`).
    pub file: String,
    pub tally: Tally,
    pub misses: Misses,
}

/// Scores one document's prediction against its gold.
pub fn score_document(gold: &GoldDocument, pred: &Prediction, vocab: &Vocabulary) -> DocumentScore {
    let mut tally = Tally::default();
    let mut misses = Misses::default();
    let index = entities::EntityIndex::build(gold, pred, vocab);
    index.score(gold, pred, &mut tally, &mut misses);
    relations::score(gold, pred, &index, vocab, &mut tally, &mut misses);
    events::score(gold, pred, &index, vocab, &mut tally, &mut misses.events);
    citations::score(
        &gold.citations.items,
        &pred.citations,
        &mut tally.citations,
        &mut misses.citations,
    );
    assessments::score(
        &gold.assessments,
        &pred.assessments,
        vocab,
        &mut tally.assessments,
        &mut misses.assessments,
    );
    DocumentScore {
        file: gold.key().to_string(),
        tally,
        misses,
    }
}

/// Pairs items greedily, best first: `candidates` are (quality, left, right) and each left and
/// right index is used at most once. Ties go to the lower indices, so results are stable.
pub(crate) fn greedy<Q: Ord + Copy>(
    mut candidates: Vec<(Q, usize, usize)>,
    left: usize,
    right: usize,
) -> Vec<(usize, usize)> {
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_left = vec![false; left];
    let mut used_right = vec![false; right];
    let mut pairs = Vec::new();
    for (_, l, r) in candidates {
        if !used_left[l] && !used_right[r] {
            used_left[l] = true;
            used_right[r] = true;
            pairs.push((l, r));
        }
    }
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests;
