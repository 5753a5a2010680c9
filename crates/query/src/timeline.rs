//! `timeline [ENTITY] [--place P] [--from D] [--to D] [--type T]`: events and dated statements
//! in date order.
//!
//! ```text
//! 2011-12     (month)  founding: Iyad ag Ghali → Ansar al Din               [1]
//! 2013-02-25  (day)    designation: UN Security Council → Iyad ag Ghali     [2]
//! 2017-03-02  (day)    Ansar al Din merged into JNIM (statement)            [3]
//! 2022        (year)   …
//! 2022-06     (month)  …
//! late 2022   (year)   …
//! ```
//!
//! Fuzzy dates sort by the interval they cover, start first, then the narrower: "2022" (all of
//! 2022) before "2022-06" before "late 2022" (September to December). The same event told by
//! several sources (same date, kind, place and actors) is one entry with every source's
//! footnote; `corroboration` counts the sources. Undated events come last.

use std::collections::{BTreeMap, BTreeSet};

use dossier_model::FuzzyDate;
use dossier_store::{EventParticipant, EventQuery, EventRow, FactObject, Node};
use serde::Serialize;

use crate::notes::{Footnote, Notes, Renumbering};
use crate::{QueryError, Questions};

/// Which entries a timeline holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineFilter {
    pub entity: Option<Node>,
    pub place: Option<Node>,
    pub from: Option<FuzzyDate>,
    pub to: Option<FuzzyDate>,
    /// An event kind, ACLED type or sub-type, or a predicate.
    pub kind: Option<String>,
    /// At most this many entries (0: all).
    pub limit: usize,
}

/// A timeline with its footnotes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timeline {
    pub entity: Option<Node>,
    pub place: Option<Node>,
    pub from: Option<FuzzyDate>,
    pub to: Option<FuzzyDate>,
    pub entries: Vec<TimelineEntry>,
    pub footnotes: Vec<Footnote>,
}

/// One dated happening.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineEntry {
    pub date: Option<FuzzyDate>,
    /// `year`, `month` or `day`.
    pub precision: Option<String>,
    /// `event`, `begins` or `ends` (a statement's valid time).
    pub entry: String,
    /// The event kind (or ACLED type), or the predicate.
    pub kind: String,
    pub title: String,
    /// The event's description (the words of the text), for events.
    pub description: Option<String>,
    pub place: Option<Node>,
    pub coordinates: Option<(f64, f64)>,
    pub participants: Vec<EventParticipant>,
    pub fatalities: Option<i64>,
    pub corroboration: usize,
    pub events: Vec<i64>,
    pub statements: Vec<i64>,
    pub notes: Vec<usize>,
}

impl Questions<'_> {
    /// The timeline for a filter, read from one snapshot of the store.
    pub fn timeline(&self, filter: &TimelineFilter) -> Result<Timeline, QueryError> {
        self.store.read_snapshot(|| self.timeline_now(filter))
    }

    fn timeline_now(&self, filter: &TimelineFilter) -> Result<Timeline, QueryError> {
        let mut notes = Notes::default();
        let mut entries = self.timeline_entries(filter, &mut notes)?;
        let mut r = Renumbering::default();
        for e in &mut entries {
            r.all(&mut e.notes);
        }
        Ok(Timeline {
            entity: filter.entity.clone(),
            place: filter.place.clone(),
            from: filter.from,
            to: filter.to,
            entries,
            footnotes: notes.finish(self.store, &r)?,
        })
    }

    /// The places a place contains (by `located_in`, three levels down), itself first.
    pub(crate) fn places_within(&self, place: &Node) -> Result<Vec<i64>, QueryError> {
        let mut all = vec![place.id];
        let mut frontier = vec![place.id];
        for _ in 0..3 {
            let mut next = Vec::new();
            for &p in &frontier {
                for f in self.store.facts_about_with(p, &["located_in"])? {
                    let inside = matches!(&f.object, FactObject::Entity(o) if o.id == p);
                    if inside && !all.contains(&f.subject.id) {
                        all.push(f.subject.id);
                        next.push(f.subject.id);
                    }
                }
            }
            frontier = next;
        }
        Ok(all)
    }

    pub(crate) fn timeline_entries(
        &self,
        filter: &TimelineFilter,
        notes: &mut Notes,
    ) -> Result<Vec<TimelineEntry>, QueryError> {
        let events = match &filter.entity {
            Some(entity) => self.store.events_of(entity.id)?,
            None => Vec::new(),
        };
        self.timeline_of(filter, notes, events, None)
    }

    /// The timeline with the entity's events (and statements, when given) already read.
    pub(crate) fn timeline_of(
        &self,
        filter: &TimelineFilter,
        notes: &mut Notes,
        entity_events: Vec<EventRow>,
        facts: Option<&[dossier_store::FactRow]>,
    ) -> Result<Vec<TimelineEntry>, QueryError> {
        let places = match &filter.place {
            Some(p) => Some(self.places_within(p)?),
            None => None,
        };
        let from = filter.from.map(|d| d.interval().0);
        let to = filter.to.map(|d| d.interval().1);
        let in_range = |d: Option<FuzzyDate>| match d {
            Some(d) => {
                let (lo, hi) = d.interval();
                from.is_none_or(|f| hi >= f) && to.is_none_or(|t| lo <= t)
            }
            None => from.is_none() && to.is_none(),
        };
        let kind_ok = |e: &EventRow| {
            filter.kind.as_ref().is_none_or(|k| {
                e.kind.as_ref() == Some(k) || &e.event_type == k || e.subtype.as_ref() == Some(k)
            })
        };
        let events = match &filter.entity {
            Some(_) => entity_events,
            None => self.store.events_where(&EventQuery {
                locations: places.clone().unwrap_or_default(),
                from_day: from,
                to_day: to,
                kind: filter.kind.clone(),
                limit: 0,
            })?,
        };
        // Same date, kind, place and actors: one entry.
        type Key = (
            Option<(i64, i64, String)>,
            String,
            Option<i64>,
            Vec<(i64, String)>,
        );
        let mut merged: BTreeMap<Key, Vec<EventRow>> = BTreeMap::new();
        for e in events {
            let at_place = places
                .as_ref()
                .is_none_or(|ps| e.location.as_ref().is_some_and(|l| ps.contains(&l.id)));
            if !at_place || !in_range(e.date) || !kind_ok(&e) {
                continue;
            }
            let who = e
                .participants
                .iter()
                .map(|p| (p.entity.id, p.role.as_str().to_string()))
                .collect();
            let kind = e.kind.clone().unwrap_or_else(|| e.event_type.clone());
            merged
                .entry((
                    date_key(e.date),
                    kind,
                    e.location.as_ref().map(|l| l.id),
                    who,
                ))
                .or_default()
                .push(e);
        }
        let mut out = Vec::new();
        for ((_, kind, _, _), group) in merged {
            let Some(first) = group.first() else { continue };
            let date = first.date;
            let mut numbers = BTreeSet::new();
            let mut sources = BTreeSet::new();
            for e in &group {
                numbers.insert(notes.add(e.source, e.sentence, &[]));
                sources.insert(e.source);
            }
            out.push(TimelineEntry {
                date,
                precision: date.map(|d| d.precision().as_str().to_string()),
                entry: "event".into(),
                title: event_title(&kind, first),
                description: first.description.clone(),
                kind,
                place: first.location.clone(),
                coordinates: group.iter().find_map(|e| e.coordinates),
                participants: first.participants.clone(),
                fatalities: group.iter().filter_map(|e| e.fatalities).max(),
                corroboration: sources.len(),
                events: group.iter().map(|e| e.id).collect(),
                statements: Vec::new(),
                notes: numbers.into_iter().collect(),
            });
        }
        if let (Some(entity), None) = (&filter.entity, &places) {
            let read;
            let facts = match facts {
                Some(f) => f,
                None => {
                    read = self.store.facts_about(entity.id)?;
                    &read
                }
            };
            out.extend(self.statement_entries(facts, filter, notes, &in_range)?);
        }
        out.sort_by(|a, b| {
            let key = |e: &TimelineEntry| {
                (
                    e.date.is_none(),
                    e.date.map(|d| d.sort_key()),
                    e.entry != "event",
                )
            };
            key(a).cmp(&key(b)).then_with(|| a.title.cmp(&b.title))
        });
        if filter.limit > 0 {
            out.truncate(filter.limit);
        }
        Ok(out)
    }

    /// A statement's stated start and end as entries.
    fn statement_entries(
        &self,
        facts: &[dossier_store::FactRow],
        filter: &TimelineFilter,
        notes: &mut Notes,
        in_range: &dyn Fn(Option<FuzzyDate>) -> bool,
    ) -> Result<Vec<TimelineEntry>, QueryError> {
        type Key = ((i64, i64, String), &'static str, String);
        // predicate, statements, note numbers, sources
        type Merged = (String, Vec<i64>, BTreeSet<usize>, BTreeSet<i64>);
        let mut merged: BTreeMap<Key, Merged> = BTreeMap::new();
        for f in facts.iter().filter(|f| f.status != "rejected") {
            if filter.kind.as_ref().is_some_and(|k| *k != f.predicate) {
                continue;
            }
            let sentence = self.sentence_of(f);
            for (date, entry) in [(f.valid_from, "begins"), (f.valid_to, "ends")] {
                let Some(date) = date else { continue };
                if !in_range(Some(date)) {
                    continue;
                }
                let key = (key_of(date), entry, sentence.to_lowercase());
                let slot = merged.entry(key).or_insert_with(|| {
                    (
                        f.predicate.clone(),
                        Vec::new(),
                        BTreeSet::new(),
                        BTreeSet::new(),
                    )
                });
                slot.1.push(f.id);
                slot.2.insert(notes.add(f.source, f.sentence, &f.citations));
                slot.3.insert(f.source);
            }
        }
        let facts_by_id: BTreeMap<i64, &dossier_store::FactRow> =
            facts.iter().map(|f| (f.id, f)).collect();
        Ok(merged
            .into_iter()
            .filter_map(|((_, entry, _), (kind, ids, numbers, sources))| {
                let f = ids.first().and_then(|id| facts_by_id.get(id))?;
                let date = if entry == "begins" {
                    f.valid_from
                } else {
                    f.valid_to
                }?;
                let title = self.sentence_of(f);
                Some(TimelineEntry {
                    date: Some(date),
                    precision: Some(date.precision().as_str().to_string()),
                    entry: entry.to_string(),
                    title: format!("{title} ({entry})"),
                    description: None,
                    kind,
                    place: None,
                    coordinates: None,
                    participants: Vec::new(),
                    fatalities: None,
                    corroboration: sources.len(),
                    events: Vec::new(),
                    statements: ids,
                    notes: numbers.into_iter().collect(),
                })
            })
            .collect())
    }
}

/// An ordering key for a date: its interval, then its spelling.
fn key_of(d: FuzzyDate) -> (i64, i64, String) {
    let (lo, hi) = d.interval();
    (lo, hi, d.to_string())
}

fn date_key(d: Option<FuzzyDate>) -> Option<(i64, i64, String)> {
    d.map(key_of)
}

/// "founding: Iyad ag Ghali → Ansar al Din, at Kidal".
fn event_title(kind: &str, e: &EventRow) -> String {
    let names = |role: &str| {
        e.participants
            .iter()
            .filter(|p| p.role.as_str() == role)
            .map(|p| p.entity.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (actors, targets) = (names("actor"), names("target"));
    let mut title = kind.replace('_', " ");
    match (actors.is_empty(), targets.is_empty()) {
        (false, false) => title.push_str(&format!(": {actors} → {targets}")),
        (false, true) => title.push_str(&format!(": {actors}")),
        (true, false) => title.push_str(&format!(": → {targets}")),
        (true, true) => {}
    }
    if let Some(l) = &e.location {
        title.push_str(&format!(", at {}", l.name));
    }
    title
}

#[cfg(test)]
mod tests {
    use dossier_model::FuzzyDate;

    #[test]
    fn fuzzy_dates_sort_year_then_month_then_late_year() {
        let mut dates: Vec<FuzzyDate> =
            ["late 2022", "2022-06", "2022", "2021-12-31", "early 2023"]
                .iter()
                .map(|s| s.parse().unwrap())
                .collect();
        dates.sort_by_key(FuzzyDate::sort_key);
        let shown: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["2021-12-31", "2022", "2022-06", "late 2022", "early 2023"]
        );
    }
}
