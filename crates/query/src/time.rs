//! When a fact held: stated valid times, the lives of the entities it links, dated events told
//! in the same sentence, and the closing of an interval by a later value of a functional
//! predicate.
//!
//! ```text
//! "Ghaly founded AAD in December 2011"          AAD begins 2011-12
//! "AAD, … joined together to form JNIM" (2017-03-02)  AAD ends 2017-03-02; JNIM begins then
//! "Ghaly was suggested as the leader" (undated)  leader_of AAD: not before 2011-12,
//!                                                 not after 2017-03-02
//! "Ghaly was announced as the leader" + a dated event of Ghaly in the same sentence
//!     (2017-03-02) = the day JNIM began        leader_of JNIM: since 2017-03-02
//! "Droukdel, AQIM's leader until June 2020"       leader_of AQIM: until 2020-06 (stated)
//! leader_of is inverse-functional: a group's next leader's start closes the previous one.
//! ```
//!
//! An inferred end yields to evidence: when a dated event of the same sentence shows the fact
//! still held after an entity's inferred end, the end is dropped.

use std::collections::HashMap;

use dossier_model::FuzzyDate;
use dossier_store::{DatedLink, EventRow, FactObject, FactRow, LifecycleMark, Node};
use serde::Serialize;

use crate::notes::Notes;
use crate::rules::Effect;
use crate::{QueryError, Questions};

/// A date that bounds an interval, with the reason and its footnotes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bound {
    pub date: FuzzyDate,
    /// `stated`, or what the date was inferred from.
    pub basis: String,
    pub notes: Vec<usize>,
}

/// When an entity begins and ends, as far as the store says.
#[derive(Clone, Debug, Default)]
pub(crate) struct Life {
    pub begins: Option<Bound>,
    pub ends: Option<Bound>,
}

/// The interval of one line, from its statements.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interval {
    pub since: Option<Bound>,
    pub until: Option<Bound>,
    pub not_before: Option<Bound>,
    pub not_after: Option<Bound>,
    /// Dates of events told in the statements' sentences that involve the fact's entities.
    pub seen: Vec<FuzzyDate>,
}

/// A footnote not yet numbered: source, sentence, citations.
type NoteKey = (i64, Option<usize>, Vec<usize>);

/// Caches lives of entities, and the dated links of functional predicates that close open
/// intervals, while one answer is built.
#[derive(Default)]
pub(crate) struct Lives {
    lives: HashMap<i64, Life>,
    /// Lives read but not yet shown: their bounds' notes are indices into the footnote keys
    /// (source, sentence, citations), added to the answer's notes when a line first uses the
    /// life, so footnotes are numbered as if each life were read where it is used.
    pending: HashMap<i64, (Life, Vec<NoteKey>)>,
    /// (entity, predicate, entity is the subject) → (statement, subject, object, first day).
    pub(crate) links: HashMap<(i64, String, bool), Vec<DatedLink>>,
}

impl Questions<'_> {
    /// When `node` begins and ends, by the lifecycle rules.
    pub(crate) fn life(
        &self,
        node: &Node,
        lives: &mut Lives,
        notes: &mut Notes,
    ) -> Result<Life, QueryError> {
        if let Some(l) = lives.lives.get(&node.id) {
            return Ok(l.clone());
        }
        if !lives.pending.contains_key(&node.id) {
            self.read_lives(&[node.id], lives)?;
        }
        let (mut life, keys) = lives.pending.remove(&node.id).unwrap_or_default();
        let numbers: Vec<usize> = keys
            .iter()
            .map(|(source, sentence, citations)| notes.add(*source, *sentence, citations))
            .collect();
        for b in [&mut life.begins, &mut life.ends].into_iter().flatten() {
            let mut renumbered: Vec<usize> = Vec::with_capacity(b.notes.len());
            for n in b.notes.iter().filter_map(|&i| numbers.get(i)) {
                if !renumbered.contains(n) {
                    renumbered.push(*n);
                }
            }
            b.notes = renumbered;
        }
        lives.lives.insert(node.id, life.clone());
        Ok(life)
    }

    /// Reads the lives of all these entities at once (two queries for all of them), so an
    /// answer that links hundreds of entities does not read them one by one.
    pub(crate) fn read_lives(&self, ids: &[i64], lives: &mut Lives) -> Result<(), QueryError> {
        let mut wanted: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !lives.lives.contains_key(id) && !lives.pending.contains_key(id))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Ok(());
        }
        let rules = &self.rules.lifecycle;
        // Every predicate as subject (a statement about an entity and itself is read once,
        // from this side), the object-side ones as object.
        let all: Vec<&str> = rules
            .ends_subject
            .iter()
            .chain(&rules.ends_object)
            .chain(&rules.begins_object)
            .chain(&rules.begins_subject)
            .map(String::as_str)
            .collect();
        let as_object: Vec<&str> = rules
            .ends_object
            .iter()
            .chain(&rules.begins_object)
            .map(String::as_str)
            .collect();
        let marks = self.store.lifecycle_marks(&wanted, &all, &as_object)?;
        let kinds: Vec<&str> = rules.events.iter().map(|r| r.kind.as_str()).collect();
        let events = self.store.lifecycle_events_of(&wanted, &kinds)?;
        let effect_of = |m: &LifecycleMark| {
            let has = |list: &[String]| list.contains(&m.predicate);
            if (m.as_subject && has(&rules.ends_subject))
                || (m.as_object && has(&rules.ends_object))
            {
                Some(Effect::Ends)
            } else if (m.as_subject && has(&rules.begins_subject))
                || (m.as_object && has(&rules.begins_object))
            {
                Some(Effect::Begins)
            } else {
                None
            }
        };
        // The earliest first day per entity and effect decides (`merge` keeps the earliest
        // and joins the notes of the same date), so only statements dated that day are read
        // in full.
        let mut earliest: HashMap<(i64, bool), i64> = HashMap::new();
        let mut lower = |entity: i64, effect: Effect, day: i64| {
            let slot = earliest
                .entry((entity, effect == Effect::Ends))
                .or_insert(day);
            *slot = (*slot).min(day);
        };
        for m in &marks {
            if let Some(effect) = effect_of(m) {
                lower(m.entity, effect, m.day);
            }
        }
        for (entity, (date, kind, role, ..)) in &events {
            for rule in rules
                .events
                .iter()
                .filter(|r| r.kind == *kind && r.role == role.as_str())
            {
                lower(*entity, rule.effect, date.interval().0);
            }
        }
        let deciding = |m: &LifecycleMark| {
            effect_of(m).is_some_and(|effect| {
                earliest.get(&(m.entity, effect == Effect::Ends)) == Some(&m.day)
            })
        };
        let ids: Vec<i64> = marks
            .iter()
            .filter(|m| deciding(m))
            .map(|m| m.statement)
            .collect();
        let facts: HashMap<i64, FactRow> = self
            .store
            .facts_by_ids(&ids)?
            .into_iter()
            .map(|f| (f.id, f))
            .collect();
        let (mut mi, mut ei) = (0, 0);
        for &id in &wanted {
            let mut life = Life::default();
            let mut keys: Vec<NoteKey> = Vec::new();
            while let Some(m) = marks.get(mi).filter(|m| m.entity == id) {
                mi += 1;
                let Some(f) = facts.get(&m.statement).filter(|_| deciding(m)) else {
                    continue;
                };
                let (Some(date), Some(effect)) = (f.valid_from.or(f.valid_to), effect_of(m)) else {
                    continue;
                };
                let basis = format!("{} ({date})", self.sentence_of(f));
                keys.push((f.source, f.sentence, f.citations.clone()));
                merge(&mut life, effect, date, basis, keys.len() - 1);
            }
            while let Some((_, (date, kind, role, source, sentence))) =
                events.get(ei).filter(|(e, _)| *e == id)
            {
                ei += 1;
                for rule in rules
                    .events
                    .iter()
                    .filter(|r| r.kind == *kind && r.role == role.as_str())
                {
                    let basis = format!("{kind} ({date})");
                    keys.push((*source, *sentence, Vec::new()));
                    merge(&mut life, rule.effect, *date, basis, keys.len() - 1);
                }
            }
            lives.pending.insert(id, (life, keys));
        }
        Ok(())
    }

    /// "A leader of B" for a statement, with the vocabulary's label.
    pub(crate) fn sentence_of(&self, f: &FactRow) -> String {
        let label = self
            .vocabulary
            .predicate(&f.predicate)
            .map_or(f.predicate.as_str(), |p| p.label.as_str());
        let object = match &f.object {
            FactObject::Entity(o) => o.name.as_str(),
            FactObject::Value { value, .. } => value.as_str(),
        };
        format!("{} {label} {object}", f.subject.name)
    }

    /// The interval of a line made of `facts` (same subject, predicate and object).
    pub(crate) fn interval(
        &self,
        facts: &[&FactRow],
        lives: &mut Lives,
        notes: &mut Notes,
        events: &[EventRow],
    ) -> Result<Interval, QueryError> {
        let mut iv = Interval::default();
        let Some(first) = facts.first() else {
            return Ok(iv);
        };
        for f in facts {
            let n = notes.add(f.source, f.sentence, &f.citations);
            if let Some(d) = f.valid_from {
                let better = iv
                    .since
                    .as_ref()
                    .is_none_or(|b| d.interval().0 < b.date.interval().0);
                if better {
                    iv.since = Some(Bound {
                        date: d,
                        basis: "stated".into(),
                        notes: vec![n],
                    });
                }
            }
            if let Some(d) = f.valid_to {
                let better = iv
                    .until
                    .as_ref()
                    .is_none_or(|b| d.interval().1 > b.date.interval().1);
                if better {
                    iv.until = Some(Bound {
                        date: d,
                        basis: "stated".into(),
                        notes: vec![n],
                    });
                }
            }
        }
        let mut ends: Vec<&Node> = vec![&first.subject];
        if let FactObject::Entity(o) = &first.object {
            ends.push(o);
        }
        // Dated events of the same sentences that involve the fact's entities.
        for f in facts {
            for e in events.iter().filter(|e| {
                e.source == f.source
                    && e.sentence.is_some()
                    && e.sentence == f.sentence
                    && e.participants
                        .iter()
                        .any(|p| ends.iter().any(|n| n.id == p.entity.id))
            }) {
                if let Some(d) = e.date {
                    iv.seen.push(d);
                }
            }
        }
        iv.seen.sort_by_key(FuzzyDate::sort_key);
        iv.seen.dedup();
        for node in ends {
            let life = self.life(node, lives, notes)?;
            if let Some(b) = life.begins {
                let later = iv
                    .not_before
                    .as_ref()
                    .is_none_or(|x| b.date.interval().0 > x.date.interval().0);
                if later {
                    iv.not_before = Some(Bound {
                        basis: format!("{} begins: {}", node.name, b.basis),
                        ..b
                    });
                }
            }
            if let Some(b) = life.ends {
                let seen_after = iv.seen.iter().any(|s| s.interval().0 > b.date.interval().1);
                let earlier = iv
                    .not_after
                    .as_ref()
                    .is_none_or(|x| b.date.interval().1 < x.date.interval().1);
                if earlier && !seen_after {
                    iv.not_after = Some(Bound {
                        basis: format!("{} ends: {}", node.name, b.basis),
                        ..b
                    });
                }
            }
        }
        // Pinned start: the fact is first seen the day an entity it links began.
        if iv.since.is_none()
            && let (Some(b), Some(first_seen)) = (&iv.not_before, iv.seen.first())
            && b.date.compatible(first_seen)
        {
            let date = if first_seen.precision() > b.date.precision() {
                *first_seen
            } else {
                b.date
            };
            iv.since = Some(Bound {
                date,
                basis: format!("first reported on the day it could begin ({})", b.basis),
                notes: b.notes.clone(),
            });
        }
        Ok(iv)
    }
}

fn merge(life: &mut Life, effect: Effect, date: FuzzyDate, basis: String, note: usize) {
    let slot = match effect {
        Effect::Begins => &mut life.begins,
        Effect::Ends => &mut life.ends,
    };
    match slot {
        Some(b) if b.date == date => {
            if !b.notes.contains(&note) {
                b.notes.push(note);
            }
        }
        // The earliest evidence wins: an entity cannot begin or end after it did.
        Some(b) if b.date.interval().0 <= date.interval().0 => {}
        _ => {
            *slot = Some(Bound {
                date,
                basis,
                notes: vec![note],
            })
        }
    }
}

/// True when an interval of days holds on some day of `date`.
pub(crate) fn holds_on(days: (Option<i64>, Option<i64>), date: &FuzzyDate) -> bool {
    let (lo, hi) = date.interval();
    days.0.is_none_or(|a| a <= hi) && days.1.is_none_or(|b| b >= lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> FuzzyDate {
        s.parse().unwrap()
    }

    #[test]
    fn holding_on_a_date_uses_both_ends() {
        let two = (
            Some(d("2011-12").interval().0),
            Some(d("2017-03-02").interval().1),
        );
        assert!(holds_on(two, &d("2015-01-01")));
        assert!(!holds_on(two, &d("2018")));
        assert!(holds_on((None, None), &d("1990")));
        assert!(!holds_on(
            (Some(d("2017-03-02").interval().0), None),
            &d("2015-01-01")
        ));
    }

    #[test]
    fn the_earliest_begin_wins_and_same_dates_share_notes() {
        let mut life = Life::default();
        merge(&mut life, Effect::Begins, d("2012"), "a".into(), 1);
        merge(&mut life, Effect::Begins, d("2011-12"), "b".into(), 2);
        merge(&mut life, Effect::Begins, d("2011-12"), "c".into(), 3);
        let b = life.begins.unwrap();
        assert_eq!(
            (b.date, b.basis.as_str(), b.notes),
            (d("2011-12"), "b", vec![2, 3])
        );
    }
}
