//! `conflicts`: contradictions the sources hold.
//!
//! ```text
//! functional   AQIM led_by: Droukdel 2004..2020-06 [1] ╳ Someone 2019.. [2]
//!              (leader_of is inverse-functional: one leader per group at a time)
//! event date   death of Droukdel: 2020-06 [3] ╳ 2019-11 [4]   (a once-only event kind)
//! stated date  Ansar al Din founded: 2011-12 [5] ╳ 2013 [6]   (a lifecycle predicate)
//! ```
//!
//! A functional predicate (`functional`: one object per subject at a time;
//! `inverse_functional`: one subject per object) conflicts when two values have stated
//! intervals that overlap after open intervals are closed by the next value's start. Undated
//! values are not contradictions, only missing time. Once-only events (`data/questions.toml`)
//! and lifecycle statements conflict when two dates cannot be the same day.

use std::collections::{BTreeMap, BTreeSet};

use dossier_model::FuzzyDate;
use dossier_store::{FactObject, FactRow, Node};
use serde::Serialize;

use crate::notes::{Footnote, Notes, Renumbering};
use crate::{QueryError, Questions};

/// What kind of contradiction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Two values of a functional predicate at once.
    Functional,
    /// Two dates for the same once-only event.
    EventDate,
    /// Two dates for the same lifecycle statement (founded, merged into, killed by).
    StatedDate,
}

/// One contradiction with both (or all) sides.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    /// The predicate or event kind.
    pub what: String,
    /// The entity the sides disagree about.
    pub entity: Node,
    pub description: String,
    pub sides: Vec<ConflictSide>,
}

/// One side of a contradiction.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConflictSide {
    pub value: String,
    pub valid_from: Option<FuzzyDate>,
    pub valid_to: Option<FuzzyDate>,
    pub statements: Vec<i64>,
    pub events: Vec<i64>,
    pub notes: Vec<usize>,
}

/// Every contradiction found, with footnotes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConflictReport {
    pub conflicts: Vec<Conflict>,
    pub footnotes: Vec<Footnote>,
}

impl Questions<'_> {
    /// Every contradiction in the store.
    pub fn conflicts(&self) -> Result<ConflictReport, QueryError> {
        let mut notes = Notes::default();
        let mut out = self.functional_conflicts(&mut notes)?;
        out.extend(self.event_date_conflicts(&mut notes)?);
        out.extend(self.stated_date_conflicts(&mut notes)?);
        let mut r = Renumbering::default();
        for s in out.iter_mut().flat_map(|c| c.sides.iter_mut()) {
            r.all(&mut s.notes);
        }
        Ok(ConflictReport {
            conflicts: out,
            footnotes: notes.finish(self.store, &r)?,
        })
    }

    fn functional_conflicts(&self, notes: &mut Notes) -> Result<Vec<Conflict>, QueryError> {
        let predicates: Vec<&str> = self
            .vocabulary
            .predicates
            .iter()
            .filter(|(_, p)| (p.functional || p.inverse_functional) && !p.is_literal())
            .map(|(k, _)| k.as_str())
            .collect();
        let facts = self.store.facts_with(&predicates)?;
        // (predicate, key entity) → other end → statements
        type Groups<'f> = BTreeMap<(String, i64), BTreeMap<i64, Vec<&'f FactRow>>>;
        let mut groups: Groups = BTreeMap::new();
        let mut nodes: BTreeMap<i64, Node> = BTreeMap::new();
        for f in facts.iter().filter(|f| f.status != "rejected") {
            let FactObject::Entity(o) = &f.object else {
                continue;
            };
            let Some(p) = self.vocabulary.predicate(&f.predicate) else {
                continue;
            };
            nodes.insert(f.subject.id, f.subject.clone());
            nodes.insert(o.id, o.clone());
            if p.functional {
                groups
                    .entry((f.predicate.clone(), f.subject.id))
                    .or_default()
                    .entry(o.id)
                    .or_default()
                    .push(f);
            }
            if p.inverse_functional {
                groups
                    .entry((f.predicate.clone(), o.id))
                    .or_default()
                    .entry(f.subject.id)
                    .or_default()
                    .push(f);
            }
        }
        let mut out = Vec::new();
        for ((predicate, key), values) in groups {
            if values.len() < 2 {
                continue;
            }
            // Stated interval of each value, then open ends closed by the next start.
            let mut spans: Vec<Span> = values
                .into_iter()
                .map(|(other, fs)| {
                    let from = fs
                        .iter()
                        .filter_map(|f| f.valid_from)
                        .min_by_key(|d| d.interval().0);
                    let to = fs
                        .iter()
                        .filter_map(|f| f.valid_to)
                        .max_by_key(|d| d.interval().1);
                    (other, from, to, fs)
                })
                .filter(|(_, from, to, _)| from.is_some() || to.is_some())
                .collect();
            let starts: Vec<i64> = spans
                .iter()
                .filter_map(|s| s.1.map(|d| d.interval().0))
                .collect();
            let days: Vec<(Option<i64>, Option<i64>)> = spans
                .iter()
                .map(|(_, from, to, _)| {
                    let lo = from.map(|d| d.interval().0);
                    let hi = to.map(|d| d.interval().1).or_else(|| {
                        let lo = lo?;
                        starts
                            .iter()
                            .copied()
                            .filter(|&s| s > lo)
                            .min()
                            .map(|s| s - 1)
                    });
                    (lo, hi)
                })
                .collect();
            let mut clashing = BTreeSet::new();
            for i in 0..spans.len() {
                for j in i + 1..spans.len() {
                    if overlap(days[i], days[j]) {
                        clashing.insert(i);
                        clashing.insert(j);
                    }
                }
            }
            if clashing.is_empty() {
                continue;
            }
            let Some(entity) = nodes.get(&key).cloned() else {
                continue;
            };
            let mut sides = Vec::new();
            for (i, (other, from, to, fs)) in spans.drain(..).enumerate() {
                if !clashing.contains(&i) {
                    continue;
                }
                sides.push(ConflictSide {
                    value: nodes
                        .get(&other)
                        .map_or_else(String::new, |n| n.name.clone()),
                    valid_from: from,
                    valid_to: to,
                    statements: fs.iter().map(|f| f.id).collect(),
                    events: Vec::new(),
                    notes: fs
                        .iter()
                        .map(|f| notes.add(f.source, f.sentence, &f.citations))
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                });
            }
            let label = self.relation_label(&predicate);
            out.push(Conflict {
                kind: ConflictKind::Functional,
                description: format!(
                    "{} has {} values of `{label}` at overlapping times",
                    entity.name,
                    sides.len()
                ),
                what: predicate,
                entity,
                sides,
            });
        }
        Ok(out)
    }

    fn event_date_conflicts(&self, notes: &mut Notes) -> Result<Vec<Conflict>, QueryError> {
        let kinds: Vec<&str> = self.rules.events.once.iter().map(String::as_str).collect();
        let events = self.store.events_of_kinds(&kinds)?;
        let mut groups = DatedGroups::new();
        for e in &events {
            let (Some(kind), Some(date)) = (&e.kind, e.date) else {
                continue;
            };
            for p in e
                .participants
                .iter()
                .filter(|p| p.role.as_str() == "target")
            {
                let n = notes.add(e.source, e.sentence, &[]);
                groups
                    .entry((kind.clone(), p.entity.id))
                    .or_insert_with(|| (p.entity.clone(), Vec::new()))
                    .1
                    .push((date, e.id, n));
            }
        }
        Ok(dated_conflicts(
            groups,
            ConflictKind::EventDate,
            |kind, entity, n| {
                format!(
                    "{} has {n} dates for its {kind} that cannot be the same day",
                    entity.name
                )
            },
        ))
    }

    fn stated_date_conflicts(&self, notes: &mut Notes) -> Result<Vec<Conflict>, QueryError> {
        let l = &self.rules.lifecycle;
        let by_object: BTreeSet<&str> = l
            .begins_object
            .iter()
            .chain(&l.ends_object)
            .map(String::as_str)
            .collect();
        let predicates: Vec<&str> = by_object
            .iter()
            .copied()
            .chain(
                l.ends_subject
                    .iter()
                    .chain(&l.begins_subject)
                    .map(String::as_str),
            )
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let facts = self.store.facts_with(&predicates)?;
        let mut groups = DatedGroups::new();
        for f in facts.iter().filter(|f| f.status != "rejected") {
            let Some(date) = f.valid_from else { continue };
            let entity = match &f.object {
                FactObject::Entity(o) if by_object.contains(f.predicate.as_str()) => o.clone(),
                _ => f.subject.clone(),
            };
            let n = notes.add(f.source, f.sentence, &f.citations);
            groups
                .entry((f.predicate.clone(), entity.id))
                .or_insert_with(|| (entity, Vec::new()))
                .1
                .push((date, f.id, n));
        }
        Ok(dated_conflicts(
            groups,
            ConflictKind::StatedDate,
            |predicate, entity, n| {
                format!(
                    "`{}` about {} is dated {n} ways that cannot be the same day",
                    self.relation_label(predicate),
                    entity.name
                )
            },
        ))
    }
}

/// A value of a functional predicate: the other end, its stated start and end, statements.
type Span<'f> = (i64, Option<FuzzyDate>, Option<FuzzyDate>, Vec<&'f FactRow>);

type DatedGroups = BTreeMap<(String, i64), (Node, Vec<(FuzzyDate, i64, usize)>)>;

/// One conflict per group whose dates cannot all be the same day; the ids are events for
/// [`ConflictKind::EventDate`], statements otherwise.
fn dated_conflicts(
    groups: DatedGroups,
    kind: ConflictKind,
    describe: impl Fn(&str, &Node, usize) -> String,
) -> Vec<Conflict> {
    let mut out = Vec::new();
    for ((what, _), (entity, dated)) in groups {
        let sides = date_sides(&dated);
        if sides.len() < 2 {
            continue;
        }
        out.push(Conflict {
            kind,
            description: describe(&what, &entity, sides.len()),
            what,
            entity,
            sides: sides
                .into_iter()
                .map(|(date, ids, notes)| {
                    let (statements, events) = if kind == ConflictKind::EventDate {
                        (Vec::new(), ids)
                    } else {
                        (ids, Vec::new())
                    };
                    ConflictSide {
                        value: date.to_string(),
                        valid_from: Some(date),
                        valid_to: None,
                        statements,
                        events,
                        notes,
                    }
                })
                .collect(),
        });
    }
    out
}

/// Dates grouped so that each group's dates can all be the same day (the narrowest first);
/// more than one group is a contradiction.
fn date_sides(dated: &[(FuzzyDate, i64, usize)]) -> Vec<(FuzzyDate, Vec<i64>, Vec<usize>)> {
    let mut sorted = dated.to_vec();
    sorted.sort_by_key(|(d, _, _)| {
        let (lo, hi) = d.interval();
        (hi - lo, lo)
    });
    let mut sides: Vec<(FuzzyDate, Vec<i64>, Vec<usize>)> = Vec::new();
    for (d, id, n) in sorted {
        match sides.iter_mut().find(|(s, _, _)| s.compatible(&d)) {
            Some(side) => {
                if !side.1.contains(&id) {
                    side.1.push(id);
                }
                if !side.2.contains(&n) {
                    side.2.push(n);
                }
            }
            None => sides.push((d, vec![id], vec![n])),
        }
    }
    sides
}

fn overlap(a: (Option<i64>, Option<i64>), b: (Option<i64>, Option<i64>)) -> bool {
    let starts_before_b_ends = match (a.0, b.1) {
        (Some(x), Some(y)) => x <= y,
        _ => true,
    };
    let b_starts_before_a_ends = match (b.0, a.1) {
        (Some(x), Some(y)) => x <= y,
        _ => true,
    };
    starts_before_b_ends && b_starts_before_a_ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> FuzzyDate {
        s.parse().unwrap()
    }

    #[test]
    fn compatible_dates_are_one_side() {
        let sides = date_sides(&[
            (d("2020-06"), 1, 1),
            (d("2020-06-04"), 2, 2),
            (d("2020"), 3, 3),
        ]);
        assert_eq!(sides.len(), 1);
        assert_eq!(sides[0].0, d("2020-06-04"));
        let sides = date_sides(&[(d("2020-06"), 1, 1), (d("2019-11"), 2, 2)]);
        assert_eq!(sides.len(), 2);
    }

    #[test]
    fn intervals_overlap_with_open_ends() {
        assert!(overlap((Some(1), None), (Some(5), Some(9))));
        assert!(!overlap((Some(1), Some(4)), (Some(5), None)));
        assert!(overlap((None, None), (Some(5), Some(9))));
    }
}
