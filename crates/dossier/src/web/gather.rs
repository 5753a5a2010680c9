//! Events across the knowledge base with the filters of the timeline and map pages, and
//! numbered footnotes for them.
//!
//! ```text
//! events(store, &Filter { actor: Some(12), from: 2022, to: 2023, .. })  ──►  [Sourced { … }]
//! ```
//!
//! Profiles, as-of answers, entity timelines and link graphs come from `dossier-query`; this is
//! the located-event list the map draws (coordinates, types, fatalities) and its footnotes.

use std::collections::{BTreeMap, HashMap};

use dossier_model::FuzzyDate;
use dossier_store::{Store, StoredEvent, StoredSentence};

use super::state::Failure;

/// A fact with the source it was read from.
#[derive(Clone, Debug)]
pub struct Sourced<T> {
    pub source: String,
    pub title: Option<String>,
    pub item: T,
}

/// True when the entity is a participant of the event or its place.
pub fn involves(ev: &StoredEvent, id: i64) -> bool {
    ev.participants.iter().any(|p| p.entity.id == id)
        || ev.location.as_ref().is_some_and(|l| l.id == id)
}

/// Which events to show.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub actor: Option<i64>,
    pub from: Option<FuzzyDate>,
    pub to: Option<FuzzyDate>,
    pub event_type: Option<String>,
}

impl Filter {
    pub fn keeps(&self, ev: &StoredEvent) -> bool {
        if let Some(a) = self.actor
            && !involves(ev, a)
        {
            return false;
        }
        if let Some(t) = &self.event_type
            && !t.is_empty()
            && &ev.event_type != t
        {
            return false;
        }
        if self.from.is_some() || self.to.is_some() {
            let Some(date) = ev.date else { return false };
            let (lo, hi) = date.interval();
            if self.from.is_some_and(|f| hi < f.interval().0) {
                return false;
            }
            if self.to.is_some_and(|t| lo > t.interval().1) {
                return false;
            }
        }
        true
    }
}

/// Every event of every source that passes the filter, by date (undated last).
pub fn events(store: &Store, filter: &Filter) -> Result<Vec<Sourced<StoredEvent>>, Failure> {
    let mut out = Vec::new();
    for s in store.sources()? {
        for ev in store.source_events(&s.id)? {
            if filter.keeps(&ev) {
                out.push(Sourced {
                    source: s.id.clone(),
                    title: s.title.clone(),
                    item: ev,
                });
            }
        }
    }
    out.sort_by_key(|e| (e.item.date.is_none(), e.item.date.map(|d| d.sort_key())));
    Ok(out)
}

/// Numbered footnotes: each (source, sentence) gets a number the first time it is cited.
#[derive(Default)]
pub struct Footnotes {
    order: Vec<(String, Option<usize>)>,
    index: HashMap<(String, Option<usize>), usize>,
}

/// A footnote ready to print.
pub struct Note {
    pub number: usize,
    pub source: String,
    pub title: Option<String>,
    pub sentence: Option<usize>,
    pub text: Option<String>,
}

impl Footnotes {
    /// The number of the footnote for this sentence of this source.
    pub fn cite(&mut self, source: &str, sentence: Option<usize>) -> usize {
        let key = (source.to_string(), sentence);
        if let Some(&n) = self.index.get(&key) {
            return n;
        }
        self.order.push(key.clone());
        let n = self.order.len();
        self.index.insert(key, n);
        n
    }

    /// The notes in order, with each sentence's text read from the store.
    pub fn notes(&self, store: &Store) -> Result<Vec<Note>, Failure> {
        let mut sentences: BTreeMap<&str, Vec<StoredSentence>> = BTreeMap::new();
        let mut titles: BTreeMap<&str, Option<String>> = BTreeMap::new();
        for (source, _) in &self.order {
            if !sentences.contains_key(source.as_str()) {
                sentences.insert(source, store.sentences(source)?);
                titles.insert(source, store.source(source)?.title);
            }
        }
        Ok(self
            .order
            .iter()
            .enumerate()
            .map(|(i, (source, sentence))| Note {
                number: i + 1,
                source: source.clone(),
                title: titles.get(source.as_str()).cloned().flatten(),
                sentence: *sentence,
                text: sentence.and_then(|idx| {
                    sentences
                        .get(source.as_str())
                        .and_then(|v| v.get(idx))
                        .map(|s| s.text.clone())
                }),
            })
            .collect())
    }
}
