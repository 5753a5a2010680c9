//! Reads the pages put together from the store: an entity's facts and events across its
//! sources, all events with filters, footnotes.
//!
//! ```text
//! entity_facts(store, 12)  ──►  Facts { statements: [(source 9f2c…, leader_of …)], events: […] }
//! events(store, &Filter { actor: Some(12), from: 2022, to: 2023, .. })  ──►  [Located { … }]
//! ```
//!
//! These are the web app's own read paths over `dossier-store`; the questions crate
//! (`dossier-query`) answers profile, timeline, as-of and graph for the CLI, and the pages use it
//! where it gives the same thing.

use std::collections::{BTreeMap, HashMap};

use dossier_model::FuzzyDate;
use dossier_store::{
    EntitySummary, Store, StoredEvent, StoredObject, StoredSentence, StoredStatement,
};

use super::state::Failure;

/// A fact with the source it was read from.
#[derive(Clone, Debug)]
pub struct Sourced<T> {
    pub source: String,
    pub title: Option<String>,
    pub item: T,
}

/// What the knowledge base says about one entity.
pub struct Facts {
    pub entity: EntitySummary,
    pub statements: Vec<Sourced<StoredStatement>>,
    pub events: Vec<Sourced<StoredEvent>>,
}

/// One entity by id.
pub fn entity(store: &Store, id: i64) -> Result<EntitySummary, Failure> {
    store
        .entities()?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| Failure::not_found(format!("there is no entity {id}")))
}

/// Every statement about `id` (as subject or object) and every event it takes part in or that
/// happened at it, from every source that names it.
pub fn entity_facts(store: &Store, id: i64) -> Result<Facts, Failure> {
    let entity = entity(store, id)?;
    let mut statements = Vec::new();
    let mut events = Vec::new();
    for source in store.entity_source_ids(id)? {
        let meta = store.source(&source)?;
        for st in store.source_statements(&source)? {
            let about =
                st.subject.id == id || matches!(&st.object, StoredObject::Entity(e) if e.id == id);
            if about && st.status != "rejected" {
                statements.push(Sourced {
                    source: source.clone(),
                    title: meta.title.clone(),
                    item: st,
                });
            }
        }
        for ev in store.source_events(&source)? {
            if involves(&ev, id) {
                events.push(Sourced {
                    source: source.clone(),
                    title: meta.title.clone(),
                    item: ev,
                });
            }
        }
    }
    events.sort_by_key(|e| e.item.date.map(|d| d.sort_key()));
    Ok(Facts {
        entity,
        statements,
        events,
    })
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
