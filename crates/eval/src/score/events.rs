//! Events: same family of type, compatible date, and a shared participant or place.
//!
//! ```text
//! gold  2022-04 massacre, actors Wagner Group, location Moura
//! pred  late 2022-04 attack, actors Wagner, location none   ─►  matched (violent family,
//!                                                                compatible date, shared actor)
//! pred  2022-04 meeting, actors Wagner                      ─►  not matched (family)
//! ```
//!
//! Event families (the rule's data is `[events]` in `data/eval.toml`): a type is an event kind
//! of `data/vocabulary.toml` (`attack`, `meeting`, ...), an ACLED type (`battles`) or an ACLED
//! sub-type (`suicide_bomb`); spelling is loose (`Explosions/Remote violence` =
//! `explosions_remote_violence`). When its ACLED type has a CAMEO root code of material conflict
//! (18, 19, 20: battles, explosions/remote violence, violence against civilians) the family is
//! `violent`, which covers attack, battle, bombing, kidnapping and massacre; otherwise the family
//! is the type itself (agreement, meeting, statement, protests, ...).
//!
//! A pair needs the same family, a predicted date compatible with the gold date (a missing date
//! never matches), and at least one gold actor or target among the predicted actors and targets,
//! or the same location; a gold event that names no participant and no place ("a 2015 peace
//! deal") needs only the family and the date. Pairing is one to one, best first: exact date, then most shared
//! participants.

use dossier_model::Vocabulary;

use super::entities::EntityIndex;
use super::{SectionMisses, Tally, greedy};
use crate::gold::GoldDocument;
use crate::lexicon::lexicon;
use crate::predict::Prediction;

fn normalize(ty: &str) -> String {
    let mut out = String::new();
    for word in ty
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

/// The family of an event type, or `None` when the vocabulary does not know the type.
pub fn event_family(vocab: &Vocabulary, ty: &str) -> Option<String> {
    let key = normalize(ty);
    let data = &lexicon().events;
    let violent = |acled_type: &str| {
        vocab
            .event_types
            .get(acled_type)
            .is_some_and(|t| data.violent_cameo_roots.contains(&t.cameo))
    };
    let acled_type = if let Some(kind) = vocab.event_kinds.get(&key) {
        kind.event_type.clone()
    } else if vocab.event_types.contains_key(&key) {
        key.clone()
    } else {
        vocab
            .event_types
            .iter()
            .find(|(_, t)| t.subtypes.iter().any(|s| s.id == key))
            .map(|(name, _)| name.clone())?
    };
    Some(if violent(&acled_type) {
        data.violent_family.clone()
    } else {
        key
    })
}

pub(crate) fn score(
    gold: &GoldDocument,
    pred: &Prediction,
    index: &EntityIndex,
    vocab: &Vocabulary,
    tally: &mut Tally,
    misses: &mut SectionMisses,
) {
    let gold_families: Vec<_> = gold
        .events
        .iter()
        .map(|e| event_family(vocab, &e.event_type))
        .collect();
    let pred_families: Vec<_> = pred
        .events
        .iter()
        .map(|e| event_family(vocab, &e.event_type))
        .collect();
    let mut candidates = Vec::new();
    for (i, g) in gold.events.iter().enumerate() {
        for (j, p) in pred.events.iter().enumerate() {
            if gold_families[i].is_none() || gold_families[i] != pred_families[j] {
                continue;
            }
            let Some(date) = &p.date else { continue };
            if !g.date.compatible(date) {
                continue;
            }
            let mut shared = g
                .actors
                .iter()
                .chain(&g.targets)
                .filter(|gn| {
                    p.actors
                        .iter()
                        .chain(&p.targets)
                        .any(|pn| index.same(gn, pn))
                })
                .count();
            if let (Some(gl), Some(pl)) = (&g.location, &p.location) {
                shared += usize::from(index.same(gl, pl));
            }
            let anonymous = g.actors.is_empty() && g.targets.is_empty() && g.location.is_none();
            if shared > 0 || anonymous {
                candidates.push(((g.date == *date, shared), i, j));
            }
        }
    }
    let pairs = greedy(candidates, gold.events.len(), pred.events.len());
    tally.events.matched = pairs.len();
    tally.events.predicted = pred.events.len();
    tally.events.gold = gold.events.len();

    let mut gold_used = vec![false; gold.events.len()];
    let mut pred_used = vec![false; pred.events.len()];
    for &(i, j) in &pairs {
        gold_used[i] = true;
        pred_used[j] = true;
    }
    let show =
        |date: String, ty: &str, actors: &[String], targets: &[String], loc: &Option<String>| {
            let mut s = format!("{date} {ty}");
            if !actors.is_empty() {
                s.push_str(&format!(" by {}", actors.join(", ")));
            }
            if !targets.is_empty() {
                s.push_str(&format!(" against {}", targets.join(", ")));
            }
            if let Some(l) = loc {
                s.push_str(&format!(" in {l}"));
            }
            s
        };
    for (i, g) in gold.events.iter().enumerate() {
        if !gold_used[i] {
            misses.false_negatives.push(show(
                g.date.to_string(),
                &g.event_type,
                &g.actors,
                &g.targets,
                &g.location,
            ));
        }
    }
    for (j, p) in pred.events.iter().enumerate() {
        if !pred_used[j] {
            let date = p
                .date
                .map_or_else(|| "undated".to_string(), |d| d.to_string());
            misses.false_positives.push(show(
                date,
                &p.event_type,
                &p.actors,
                &p.targets,
                &p.location,
            ));
        }
    }
}
