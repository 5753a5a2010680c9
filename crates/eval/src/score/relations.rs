//! Relations: (subject, predicate, object) triples, then their dates.
//!
//! ```text
//! gold  Iyad Ag Ghaly leader_of JNIM, start 2017-03-02
//! pred  JNIM led_by Iyad ag Ghali, start 2017        ─►  matched; start date "compatible"
//! pred  JNIM hostile_to Malian government
//! gold  Malian government hostile_to JNIM            ─►  matched (symmetric predicate)
//! ```
//!
//! Predicates are resolved through the vocabulary (an inverse such as `led_by` turns the triple
//! round); a symmetric predicate matches in either direction. Ends are recognised as in
//! [`super::entities`]. Pairing is one to one, the pairs with the best dates first. Dates are
//! then counted per slot (start, end) of the matched pairs: exact, compatible (the intervals
//! overlap: `2022` for `2022-04-28`), wrong, missing, or unexpected (the gold has none).

use std::collections::HashMap;

use dossier_model::{FuzzyDate, Vocabulary};

use super::entities::EntityIndex;
use super::{DateCounts, Misses, Tally, greedy};
use crate::gold::{GoldDocument, GoldRelation};
use crate::predict::Prediction;

#[derive(Clone, Copy, PartialEq, Eq)]
enum DateFit {
    Exact,
    Compatible,
    Wrong,
    Missing,
    Unexpected,
    BothNone,
}

fn fit(gold: Option<&FuzzyDate>, pred: Option<&FuzzyDate>) -> DateFit {
    match (gold, pred) {
        (None, None) => DateFit::BothNone,
        (None, Some(_)) => DateFit::Unexpected,
        (Some(_), None) => DateFit::Missing,
        (Some(g), Some(p)) if g == p => DateFit::Exact,
        (Some(g), Some(p)) if g.compatible(p) => DateFit::Compatible,
        _ => DateFit::Wrong,
    }
}

fn quality(f: DateFit) -> u8 {
    match f {
        DateFit::Exact | DateFit::BothNone => 3,
        DateFit::Compatible | DateFit::Unexpected => 2,
        DateFit::Missing => 1,
        DateFit::Wrong => 0,
    }
}

/// A predicted relation with its predicate resolved (inverses turned round).
struct Resolved<'a> {
    subject: &'a str,
    predicate: &'a str,
    object: &'a str,
    start: Option<&'a FuzzyDate>,
    end: Option<&'a FuzzyDate>,
}

fn show(subject: &str, predicate: &str, object: &str) -> String {
    format!("\"{subject}\" {predicate} \"{object}\"")
}

fn show_date(d: Option<&FuzzyDate>) -> String {
    d.map_or_else(|| "none".to_string(), ToString::to_string)
}

pub(crate) fn score(
    gold: &GoldDocument,
    pred: &Prediction,
    index: &EntityIndex,
    vocab: &Vocabulary,
    tally: &mut Tally,
    misses: &mut Misses,
) {
    let resolved: Vec<Option<Resolved>> = pred
        .relations
        .iter()
        .map(|r| {
            let (predicate, swap) = vocab.resolve_predicate(r.predicate.trim())?;
            let (subject, object) = if swap {
                (&r.object, &r.subject)
            } else {
                (&r.subject, &r.object)
            };
            Some(Resolved {
                subject,
                predicate,
                object,
                start: r.start.as_ref(),
                end: r.end.as_ref(),
            })
        })
        .collect();
    let mut by_predicate: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, r) in resolved.iter().enumerate() {
        if let Some(r) = r {
            by_predicate.entry(r.predicate).or_default().push(j);
        }
    }
    let ends_match = |g: &GoldRelation, p: &Resolved| {
        let symmetric = vocab.predicate(p.predicate).is_some_and(|x| x.symmetric);
        (index.same(&g.subject, p.subject) && index.same(&g.object, p.object))
            || (symmetric && index.same(&g.subject, p.object) && index.same(&g.object, p.subject))
    };
    let mut candidates = Vec::new();
    for (i, g) in gold.relations.iter().enumerate() {
        for &j in by_predicate.get(g.predicate.as_str()).into_iter().flatten() {
            let Some(p) = &resolved[j] else { continue };
            if ends_match(g, p) {
                let q =
                    quality(fit(g.start.as_ref(), p.start)) + quality(fit(g.end.as_ref(), p.end));
                candidates.push((q, i, j));
            }
        }
    }
    let pairs = greedy(candidates, gold.relations.len(), resolved.len());

    tally.relations.matched = pairs.len();
    tally.relations.predicted = pred.relations.len();
    tally.relations.gold = gold.relations.len();

    let mut gold_used = vec![false; gold.relations.len()];
    let mut pred_used = vec![false; pred.relations.len()];
    let dates = &mut tally.relation_dates;
    for g in &gold.relations {
        dates.gold += usize::from(g.start.is_some()) + usize::from(g.end.is_some());
    }
    let m = &mut misses.relations;
    for &(i, j) in &pairs {
        gold_used[i] = true;
        pred_used[j] = true;
        let g = &gold.relations[i];
        let Some(p) = &resolved[j] else { continue };
        for (slot, gd, pd) in [
            ("start", g.start.as_ref(), p.start),
            ("end", g.end.as_ref(), p.end),
        ] {
            let f = fit(gd, pd);
            count(dates, f);
            if !matches!(f, DateFit::Exact | DateFit::BothNone) {
                m.wrong.push(format!(
                    "{}: {slot} {} where the gold has {}",
                    show(&g.subject, &g.predicate, &g.object),
                    show_date(pd),
                    show_date(gd)
                ));
            }
        }
    }
    for (i, g) in gold.relations.iter().enumerate() {
        if !gold_used[i] {
            dates.unmatched += usize::from(g.start.is_some()) + usize::from(g.end.is_some());
            m.false_negatives
                .push(show(&g.subject, &g.predicate, &g.object));
        }
    }
    for (j, r) in pred.relations.iter().enumerate() {
        if !pred_used[j] {
            m.false_positives
                .push(show(&r.subject, &r.predicate, &r.object));
        }
    }
}

fn count(d: &mut DateCounts, f: DateFit) {
    match f {
        DateFit::Exact => d.exact += 1,
        DateFit::Compatible => d.compatible += 1,
        DateFit::Wrong => d.wrong += 1,
        DateFit::Missing => d.missing += 1,
        DateFit::Unexpected => d.unexpected += 1,
        DateFit::BothNone => {}
    }
}
