//! Reads behind the analysts' questions: profiles, timelines, as-of, graphs, conflicts (issue 7).
//!
//! ```text
//! store.entities_by_key("jnim")          ──►  [Node { id: 4, name: "JNIM", entity_type: .. }]
//! store.facts_about(4)                   ──►  every statement with 4 as subject or object
//! store.events_of(4)                     ──►  events 4 takes part in or happens at
//! store.sentence_events(&[(2, 29)])      ──►  events told in sentence 29 of source 2
//! store.edges_of(&[4, 14], None)         ──►  statement edges touching 4 or 14
//! ```
//!
//! Only reads, each through an index (`statements_by_subject`, `statements_by_object`,
//! `event_actors_by_entity`, `events_by_location`, `events_by_sentence`, `mentions_by_entity`,
//! `names_by_folded`). The meaning of what is read (inverses, intervals, conflicts) lives in
//! `dossier-query`; nothing here knows the vocabulary.

use std::collections::BTreeSet;

use dossier_model::{FuzzyDate, Span};
use rusqlite::params_from_iter;
use serde::Serialize;

use crate::error::{StoreError, at};
use crate::kinds::{Role, ValueType};
use crate::rows::StoredCitation;
use crate::store::Store;

/// An entity as questions show it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Node {
    pub id: i64,
    /// The preferred name.
    pub name: String,
    pub entity_type: String,
}

/// One of an entity's names with the sources (by `sid`) that use it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameUse {
    pub name: String,
    pub weak: bool,
    pub script: Option<String>,
    pub lang: Option<String>,
    pub sources: Vec<i64>,
}

/// The object of a fact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactObject {
    Entity(Node),
    Value {
        value: String,
        value_type: ValueType,
    },
}

/// A statement with everything a question needs to show and footnote it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactRow {
    pub id: i64,
    pub subject: Node,
    pub predicate: String,
    pub object: FactObject,
    pub valid_from: Option<FuzzyDate>,
    pub valid_to: Option<FuzzyDate>,
    /// The source's integer key (`sources.sid`).
    pub source: i64,
    pub sentence: Option<usize>,
    pub span: Option<Span>,
    pub rule: String,
    pub confidence: f64,
    pub hedge: Option<String>,
    pub status: String,
    /// The source's citations it rests on, ascending.
    pub citations: Vec<usize>,
}

/// An entity's part in an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventParticipant {
    pub entity: Node,
    pub role: Role,
}

/// An event with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRow {
    pub id: i64,
    pub kind: Option<String>,
    pub date: Option<FuzzyDate>,
    pub event_type: String,
    pub subtype: Option<String>,
    pub location: Option<Node>,
    pub coordinates: Option<(f64, f64)>,
    pub fatalities: Option<i64>,
    pub description: Option<String>,
    pub source: i64,
    pub sentence: Option<usize>,
    pub dataset_row: Option<i64>,
    /// Actors first, then associates, then targets.
    pub participants: Vec<EventParticipant>,
}

/// An event that may begin or end an entity: date, kind, the entity's role, source (`sid`),
/// sentence.
pub type LifecycleEvent = (FuzzyDate, String, Role, i64, Option<usize>);

/// A dated statement that may begin or end an entity, as the statement indexes give it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LifecycleMark {
    pub entity: i64,
    pub statement: i64,
    pub predicate: String,
    /// The entity is the statement's subject; its object; both (a statement about itself).
    pub as_subject: bool,
    pub as_object: bool,
    /// The first day of the statement's date (its start, else its end), days since 1970.
    pub day: i64,
}

/// A statement linking two entities with a stated start: (statement, subject, object, first
/// day of the start).
pub type DatedLink = (i64, i64, i64, i64);

/// An estimative judgement with its source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MentionedAssessment {
    pub id: i64,
    pub source: i64,
    pub sentence: Option<usize>,
    pub claim: String,
    pub phrase: String,
    pub band: String,
    pub horizon: Option<String>,
    pub status: String,
}

/// An identifier of an entity under a scheme (`un_reference`: `QDi.316`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IdentifierRow {
    pub scheme: String,
    pub value: String,
    /// The source (`sid`) that gave it, and its row for datasets.
    pub source: Option<i64>,
    pub dataset_row: Option<i64>,
}

/// A source as footnotes cite it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceRef {
    /// The integer key other rows use.
    pub sid: i64,
    /// The content hash people use.
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<FuzzyDate>,
    pub url: Option<String>,
    pub kind: Option<String>,
    pub reliability: Option<String>,
}

/// A source with what its footnotes quote: the text and where each sentence lies in it
/// (sentence `i` is `text[sentences[i]]`, checked to be on character boundaries), and the
/// citations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceMaterial {
    pub source: SourceRef,
    pub text: String,
    pub sentences: Vec<Span>,
    pub citations: Vec<StoredCitation>,
}

impl SourceMaterial {
    /// The text of sentence `idx`, if the source has it.
    pub fn sentence(&self, idx: usize) -> Option<&str> {
        self.sentences
            .get(idx)
            .and_then(|s| self.text.get(s.start..s.end))
    }
}

/// A sentence quoted in a footnote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoteSentence {
    pub idx: usize,
    pub text: String,
}

/// A statement reduced to a link, for graphs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgeRow {
    pub statement: i64,
    pub subject: i64,
    pub predicate: String,
    pub object: i64,
    pub valid_from: Option<FuzzyDate>,
    pub valid_to: Option<FuzzyDate>,
    pub source: i64,
}

/// Which events [`Store::events_where`] returns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// Only events at one of these places (empty: anywhere).
    pub locations: Vec<i64>,
    /// Only events whose date may fall on or after this day (days since 1970-01-01).
    pub from_day: Option<i64>,
    /// Only events whose date may fall on or before this day.
    pub to_day: Option<i64>,
    /// Only events of this kind or ACLED type or sub-type.
    pub kind: Option<String>,
    /// At most this many events (0: no limit).
    pub limit: usize,
}

const FACT_COLUMNS: &str = "t.id, t.subject, s.name, s.type, t.predicate, t.object_entity,
    o.name, o.type, t.object_value, t.object_type, t.valid_from, t.valid_to, t.source,
    t.sentence, t.byte_start, t.byte_end, t.rule, t.confidence, t.hedge, t.status";

const FACT_FROM: &str = "statements t JOIN entities s ON s.id = t.subject
    LEFT JOIN entities o ON o.id = t.object_entity";

const EVENT_COLUMNS: &str = "v.id, v.kind, v.date, v.type, v.subtype, v.location, l.name, l.type,
    v.latitude, v.longitude, v.fatalities, v.description, v.source, v.sentence, v.dataset_row";

impl Store {
    /// One entity by id, if it exists; an entity resolution absorbed gives the live entity it
    /// was merged into.
    pub fn node(&self, id: i64) -> Result<Option<Node>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT r.id, r.name, r.type FROM entities e
                 JOIN entities r ON r.id = coalesce(e.merged_into, e.id) WHERE e.id = ?1",
            )
            .map_err(at(&self.path))?;
        let mut rows = st.query_map([id], node_at(0)).map_err(at(&self.path))?;
        rows.next().transpose().map_err(at(&self.path))
    }

    /// Entities by id, in the order of `ids`; ids that name no entity are left out. One query
    /// for all (the ids travel as a JSON array).
    pub fn nodes(&self, ids: &[i64]) -> Result<Vec<Node>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT j.key, coalesce(r.id, e.id), coalesce(r.name, e.name),
                     coalesce(r.type, e.type)
                 FROM json_each(?1) j
                     JOIN entities e ON e.id = j.value
                     LEFT JOIN entities r ON r.id = e.merged_into",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([json_ids(ids)], |r| {
                Ok((r.get::<_, i64>(0)?, node_at(1)(r)?))
            })
            .map_err(at(&self.path))?;
        let mut out = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(at(&self.path))?;
        out.sort_by_key(|(i, _)| *i);
        Ok(out.into_iter().map(|(_, n)| n).collect())
    }

    /// Settings for answering many questions on a large store: a bigger page cache, reads
    /// through a memory map (no copy per page), and query plans that stay as prepared (SQLite
    /// otherwise prepares a cached statement again whenever a bound value might change its
    /// plan, which took a third of the time of a profile). Best effort: a store that refuses
    /// keeps its defaults.
    pub fn tune_for_questions(&self) {
        let _ = self.conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        );
        let _ = self
            .conn
            .execute_batch("PRAGMA cache_size = -65536; PRAGMA mmap_size = 8589934592;");
    }

    /// When events of the given kinds begin or end an entity: (date, kind, role, source,
    /// sentence) of every such event it takes part in, dated ones only.
    pub fn lifecycle_events(
        &self,
        entity: i64,
        kinds: &[&str],
    ) -> Result<Vec<LifecycleEvent>, StoreError> {
        Ok(self
            .lifecycle_events_of(&[entity], kinds)?
            .into_iter()
            .map(|(_, e)| e)
            .collect())
    }

    /// [`Store::lifecycle_events`] for many entities in one query: pairs (entity, event), by
    /// entity then event id.
    pub fn lifecycle_events_of(
        &self,
        entities: &[i64],
        kinds: &[&str],
    ) -> Result<Vec<(i64, LifecycleEvent)>, StoreError> {
        if kinds.is_empty() || entities.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT v.date, v.kind, a.role, v.source, v.sentence, a.entity, v.id
             FROM json_each(?1) j JOIN event_actors a ON a.entity = j.value
                 JOIN events v ON v.id = a.event
             WHERE v.date IS NOT NULL AND v.kind IN ({})",
            literals(kinds)
        );
        let mut st = self.conn.prepare_cached(&sql).map_err(at(&self.path))?;
        let rows = st
            .query_map([json_ids(entities)], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                ))
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (date, kind, role, source, sentence, entity, event) =
                row.map_err(at(&self.path))?;
            out.push((
                (entity, event),
                (
                    self.word("events", "date", date)?,
                    kind,
                    self.word("event_actors", "role", role)?,
                    source,
                    sentence
                        .map(|v| self.count("events", "sentence", v))
                        .transpose()?,
                ),
            ));
        }
        out.sort_by_key(|(k, _)| *k);
        Ok(out.into_iter().map(|((e, _), v)| (e, v)).collect())
    }

    /// The live entities one of whose names (or the names of entities merged into them) has
    /// this folded key (`names.folded`), by id, each with the names that matched.
    pub fn entities_by_key(&self, folded: &str) -> Result<Vec<(Node, Vec<String>)>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT r.id, r.name, r.type, n.name FROM names n
                     JOIN entities e ON e.id = n.entity
                     JOIN entities r ON r.id = coalesce(e.merged_into, e.id)
                 WHERE n.folded = ?1 ORDER BY r.id, n.id",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([folded], |r| Ok((node_at(0)(r)?, r.get::<_, String>(3)?)))
            .map_err(at(&self.path))?;
        let mut out: Vec<(Node, Vec<String>)> = Vec::new();
        for row in rows {
            let (node, name) = row.map_err(at(&self.path))?;
            match out.last_mut() {
                Some((last, names)) if last.id == node.id => {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
                _ => out.push((node, vec![name])),
            }
        }
        Ok(out)
    }

    /// Every name of an entity and of the entities merged into it, in the order stored, with
    /// the sources that use it.
    pub fn name_uses(&self, entity: i64) -> Result<Vec<NameUse>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT n.name, n.weak, n.script, n.lang, ns.source FROM names n
                 LEFT JOIN name_sources ns ON ns.name = n.id
                 WHERE n.entity = ?1
                    OR n.entity IN (SELECT id FROM entities WHERE merged_into = ?1)
                 ORDER BY n.id, ns.source",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([entity], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, bool>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                ))
            })
            .map_err(at(&self.path))?;
        let mut out: Vec<NameUse> = Vec::new();
        for row in rows {
            let (name, weak, script, lang, source) = row.map_err(at(&self.path))?;
            let i = match out.iter().position(|l| l.name == name) {
                Some(i) => i,
                None => {
                    out.push(NameUse {
                        name,
                        weak,
                        script,
                        lang,
                        sources: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            if let Some(s) = source
                && !out[i].sources.contains(&s)
            {
                out[i].sources.push(s);
            }
        }
        for n in &mut out {
            n.sources.sort_unstable();
        }
        Ok(out)
    }

    /// The identifiers of an entity and of the entities merged into it (reference numbers of
    /// sanctions lists, passports), by scheme then value.
    pub fn identifiers_of(&self, entity: i64) -> Result<Vec<IdentifierRow>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT scheme, value, source, dataset_row FROM identifiers
                 WHERE entity = ?1 OR entity IN (SELECT id FROM entities WHERE merged_into = ?1)
                 ORDER BY scheme, value",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([entity], |r| {
                Ok(IdentifierRow {
                    scheme: r.get(0)?,
                    value: r.get(1)?,
                    source: r.get(2)?,
                    dataset_row: r.get(3)?,
                })
            })
            .map_err(at(&self.path))?;
        let mut out: Vec<IdentifierRow> = Vec::new();
        for row in rows {
            let row = row.map_err(at(&self.path))?;
            if !out.contains(&row) {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// Every statement with `entity` as subject or object entity, by id.
    pub fn facts_about(&self, entity: i64) -> Result<Vec<FactRow>, StoreError> {
        let sql = format!(
            "SELECT {FACT_COLUMNS} FROM {FACT_FROM} WHERE t.subject = ?1
             UNION ALL
             SELECT {FACT_COLUMNS} FROM {FACT_FROM} WHERE t.object_entity = ?1 AND t.subject <> ?1
             ORDER BY 1"
        );
        self.facts(&sql, &[entity])
    }

    /// The statements with one of `predicates` that have `entity` as subject or object.
    pub fn facts_about_with(
        &self,
        entity: i64,
        predicates: &[&str],
    ) -> Result<Vec<FactRow>, StoreError> {
        if predicates.is_empty() {
            return Ok(Vec::new());
        }
        let marks = literals(predicates);
        let sql = format!(
            "SELECT {FACT_COLUMNS} FROM {FACT_FROM} WHERE t.subject = ?1 AND t.predicate IN ({marks})
             UNION ALL
             SELECT {FACT_COLUMNS} FROM {FACT_FROM} WHERE t.object_entity = ?1 AND t.subject <> ?1
                 AND t.predicate IN ({marks})
             ORDER BY 1"
        );
        self.facts_args(&sql, vec![entity.into()])
    }

    /// For each of `entities`, the dated statements that may begin or end it, as the
    /// statement indexes give them (no row is read for the subject side): those with one of
    /// `subject_predicates` that have it as subject, and those with one of
    /// `object_predicates` that have it as object. By entity, then statement id.
    pub fn lifecycle_marks(
        &self,
        entities: &[i64],
        subject_predicates: &[&str],
        object_predicates: &[&str],
    ) -> Result<Vec<LifecycleMark>, StoreError> {
        let mut out: Vec<LifecycleMark> = Vec::new();
        if entities.is_empty() {
            return Ok(out);
        }
        let ids = json_ids(entities);
        let mut own = Vec::new();
        for (column, predicates) in [
            ("subject", subject_predicates),
            ("object_entity", object_predicates),
        ] {
            if predicates.is_empty() {
                continue;
            }
            let as_subject = column == "subject";
            let sql = format!(
                "SELECT j.value, t.id, t.predicate, coalesce(t.valid_from_lo, t.valid_to_lo),
                     t.subject
                 FROM json_each(?1) j
                     JOIN statements t ON t.{column} = j.value AND t.predicate IN ({})
                 WHERE coalesce(t.valid_from_lo, t.valid_to_lo) IS NOT NULL",
                literals(predicates)
            );
            let mut st = self.conn.prepare_cached(&sql).map_err(at(&self.path))?;
            let rows = st
                .query_map([&ids], |r| {
                    Ok((
                        LifecycleMark {
                            entity: r.get(0)?,
                            statement: r.get(1)?,
                            predicate: r.get(2)?,
                            as_subject,
                            as_object: !as_subject,
                            day: r.get(3)?,
                        },
                        r.get::<_, i64>(4)?,
                    ))
                })
                .map_err(at(&self.path))?;
            for row in rows {
                let (mark, subject) = row.map_err(at(&self.path))?;
                if !as_subject && subject == mark.entity {
                    // About the entity and itself: one mark, both ways.
                    own.push((mark.entity, mark.statement));
                } else {
                    out.push(mark);
                }
            }
        }
        for m in &mut out {
            if m.as_subject && own.contains(&(m.entity, m.statement)) {
                m.as_object = true;
            }
        }
        out.sort_by_key(|m| (m.entity, m.statement));
        Ok(out)
    }

    /// The statements of `predicate` that have `entity` as subject (`as_subject`) or as
    /// object, link two entities and state when they began: (statement, subject, object,
    /// first day of the start), by statement id. What closes an open interval of a functional
    /// predicate is among them.
    pub fn dated_links(
        &self,
        entity: i64,
        predicate: &str,
        as_subject: bool,
    ) -> Result<Vec<DatedLink>, StoreError> {
        let sql = if as_subject {
            "SELECT id, subject, object_entity, valid_from_lo FROM statements
             WHERE subject = ?1 AND predicate = ?2 AND object_entity IS NOT NULL
                 AND valid_from_lo IS NOT NULL
             ORDER BY id"
        } else {
            "SELECT id, subject, object_entity, valid_from_lo FROM statements
             WHERE object_entity = ?1 AND predicate = ?2 AND valid_from_lo IS NOT NULL
             ORDER BY id"
        };
        let mut st = self.conn.prepare_cached(sql).map_err(at(&self.path))?;
        let rows = st
            .query_map(rusqlite::params![entity, predicate], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .map_err(at(&self.path))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(at(&self.path))
    }

    /// Statements by id, in id order; ids that name no statement are left out.
    pub fn facts_by_ids(&self, ids: &[i64]) -> Result<Vec<FactRow>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {FACT_COLUMNS} FROM json_each(?1) j JOIN statements t ON t.id = j.value
                 JOIN entities s ON s.id = t.subject
                 LEFT JOIN entities o ON o.id = t.object_entity
             ORDER BY t.id"
        );
        let mut unique = ids.to_vec();
        unique.sort_unstable();
        unique.dedup();
        self.facts_args(&sql, vec![json_ids(&unique).into()])
    }

    /// Every statement whose predicate is one of `predicates`, by id.
    pub fn facts_with(&self, predicates: &[&str]) -> Result<Vec<FactRow>, StoreError> {
        if predicates.is_empty() {
            return Ok(Vec::new());
        }
        let marks = literals(predicates);
        let sql = format!(
            "SELECT {FACT_COLUMNS} FROM {FACT_FROM} WHERE t.predicate IN ({marks}) ORDER BY 1"
        );
        self.facts_args(&sql, Vec::new())
    }

    fn facts(&self, sql: &str, ids: &[i64]) -> Result<Vec<FactRow>, StoreError> {
        self.facts_args(sql, ids.iter().map(|&i| i.into()).collect())
    }

    fn facts_args(
        &self,
        sql: &str,
        args: Vec<rusqlite::types::Value>,
    ) -> Result<Vec<FactRow>, StoreError> {
        let mut st = self.conn.prepare_cached(sql).map_err(at(&self.path))?;
        let rows = st
            .query_map(params_from_iter(args), raw_fact)
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(self.fact(row.map_err(at(&self.path))?)?);
        }
        if !out.is_empty() {
            self.fill_citations(&mut out)?;
        }
        Ok(out)
    }

    fn fact(&self, raw: RawFact) -> Result<FactRow, StoreError> {
        let object = match (raw.object, raw.value) {
            (Some(node), _) => FactObject::Entity(node),
            (None, Some(value)) => FactObject::Value {
                value,
                value_type: self.word(
                    "statements",
                    "object_type",
                    raw.value_type.unwrap_or_default(),
                )?,
            },
            _ => return Err(self.bad_value("statements", "object_entity", raw.id.to_string())),
        };
        Ok(FactRow {
            id: raw.id,
            subject: raw.subject,
            predicate: raw.predicate,
            object,
            valid_from: self.opt_word("statements", "valid_from", raw.valid_from)?,
            valid_to: self.opt_word("statements", "valid_to", raw.valid_to)?,
            source: raw.source,
            sentence: raw
                .sentence
                .map(|v| self.count("statements", "sentence", v))
                .transpose()?,
            span: match (raw.start, raw.end) {
                (Some(s), Some(e)) if s <= e => Some(Span::new(
                    self.count("statements", "byte_start", s)?,
                    self.count("statements", "byte_end", e)?,
                )),
                _ => None,
            },
            rule: raw.rule,
            confidence: raw.confidence,
            hedge: raw.hedge,
            status: raw.status,
            citations: Vec::new(),
        })
    }

    fn fill_citations(&self, facts: &mut [FactRow]) -> Result<(), StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT c.statement, c.citation FROM json_each(?1) j
                     JOIN statement_citations c ON c.statement = j.value
                 ORDER BY c.statement, c.citation",
            )
            .map_err(at(&self.path))?;
        let ids: Vec<i64> = facts.iter().map(|f| f.id).collect();
        let rows = st
            .query_map([json_ids(&ids)], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })
            .map_err(at(&self.path))?;
        let mut by_id: std::collections::HashMap<i64, Vec<usize>> = Default::default();
        for row in rows {
            let (statement, c) = row.map_err(at(&self.path))?;
            by_id.entry(statement).or_default().push(self.count(
                "statement_citations",
                "citation",
                c,
            )?);
        }
        for f in facts {
            if let Some(c) = by_id.remove(&f.id) {
                f.citations = c;
            }
        }
        Ok(())
    }

    /// The events `entity` takes part in or that happen at it, by id.
    pub fn events_of(&self, entity: i64) -> Result<Vec<EventRow>, StoreError> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events v LEFT JOIN entities l ON l.id = v.location
             WHERE v.id IN (SELECT event FROM event_actors WHERE entity = ?1)
                OR v.location = ?1
             ORDER BY v.id"
        );
        self.events(&sql, vec![entity.into()])
    }

    /// The events `actor` carried out (as an actor) at a known place, dated within the day
    /// numbers `lo..=hi` ([`FuzzyDate::interval`]): where a group's leader acted while leading
    /// it. Reads the actor's event index, not all its events.
    pub fn placed_events_acted_by(
        &self,
        actor: i64,
        lo: i64,
        hi: i64,
    ) -> Result<Vec<EventRow>, StoreError> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM event_actors a JOIN events v ON v.id = a.event
                 LEFT JOIN entities l ON l.id = v.location
             WHERE a.entity = ?1 AND a.role = 'actor' AND v.location IS NOT NULL
               AND v.date_hi >= ?2 AND v.date_lo <= ?3
             ORDER BY v.id"
        );
        self.events(&sql, vec![actor.into(), lo.into(), hi.into()])
    }

    /// The events told in these sentences (source `sid`, sentence idx), by id. One query for
    /// all (the pairs travel as a JSON array).
    pub fn sentence_events(&self, sentences: &[(i64, usize)]) -> Result<Vec<EventRow>, StoreError> {
        let unique: BTreeSet<_> = sentences.iter().collect();
        if unique.is_empty() {
            return Ok(Vec::new());
        }
        let mut pairs = String::with_capacity(unique.len() * 12 + 2);
        pairs.push('[');
        for (i, (sid, idx)) in unique.into_iter().enumerate() {
            if i > 0 {
                pairs.push(',');
            }
            pairs.push_str(&format!("[{sid},{idx}]"));
        }
        pairs.push(']');
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM json_each(?1) j
                 JOIN events v ON v.source = j.value ->> 0 AND v.sentence = j.value ->> 1
                 LEFT JOIN entities l ON l.id = v.location
             ORDER BY v.id"
        );
        self.events(&sql, vec![pairs.into()])
    }

    /// Events by place, date range and kind, ordered by date (undated last), then id.
    pub fn events_where(&self, q: &EventQuery) -> Result<Vec<EventRow>, StoreError> {
        let mut clauses = Vec::new();
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if !q.locations.is_empty() {
            clauses.push(format!(
                "v.location IN ({})",
                placeholders(args.len() + 1, q.locations.len())
            ));
            args.extend(q.locations.iter().map(|&l| rusqlite::types::Value::from(l)));
        }
        if let Some(from) = q.from_day {
            args.push(from.into());
            clauses.push(format!("v.date_hi >= ?{}", args.len()));
        }
        if let Some(to) = q.to_day {
            args.push(to.into());
            clauses.push(format!("v.date_lo <= ?{}", args.len()));
        }
        if let Some(kind) = &q.kind {
            args.push(kind.clone().into());
            let n = args.len();
            clauses.push(format!(
                "(v.kind = ?{n} OR v.type = ?{n} OR v.subtype = ?{n})"
            ));
        }
        let filter = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let limit = if q.limit == 0 {
            String::new()
        } else {
            format!("LIMIT {}", q.limit)
        };
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events v LEFT JOIN entities l ON l.id = v.location
             {filter} ORDER BY v.date_lo IS NULL, v.date_lo, v.date_hi, v.id {limit}"
        );
        self.events(&sql, args)
    }

    /// Every event of one of these kinds, by id.
    pub fn events_of_kinds(&self, kinds: &[&str]) -> Result<Vec<EventRow>, StoreError> {
        if kinds.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events v LEFT JOIN entities l ON l.id = v.location
             WHERE v.kind IN ({}) ORDER BY v.id",
            literals(kinds)
        );
        self.events(&sql, Vec::new())
    }

    fn events(
        &self,
        sql: &str,
        args: Vec<rusqlite::types::Value>,
    ) -> Result<Vec<EventRow>, StoreError> {
        let mut st = self.conn.prepare_cached(sql).map_err(at(&self.path))?;
        let rows = st
            .query_map(params_from_iter(args), |r| {
                Ok(RawEvent {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    date: r.get(2)?,
                    event_type: r.get(3)?,
                    subtype: r.get(4)?,
                    location: opt_node_at(5)(r)?,
                    coordinates: r.get::<_, Option<f64>>(8)?.zip(r.get::<_, Option<f64>>(9)?),
                    fatalities: r.get(10)?,
                    description: r.get(11)?,
                    source: r.get(12)?,
                    sentence: r.get(13)?,
                    dataset_row: r.get(14)?,
                })
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let r = row.map_err(at(&self.path))?;
            out.push(EventRow {
                id: r.id,
                kind: r.kind,
                date: self.opt_word("events", "date", r.date)?,
                event_type: r.event_type,
                subtype: r.subtype,
                location: r.location,
                coordinates: r.coordinates,
                fatalities: r.fatalities,
                description: r.description,
                source: r.source,
                sentence: r
                    .sentence
                    .map(|v| self.count("events", "sentence", v))
                    .transpose()?,
                dataset_row: r.dataset_row,
                participants: Vec::new(),
            });
        }
        if out.is_empty() {
            return Ok(out);
        }
        // Every event's participants in one query.
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT a.event, e.id, e.name, e.type, a.role FROM json_each(?1) j
                     JOIN event_actors a ON a.event = j.value
                     JOIN entities e ON e.id = a.entity
                 ORDER BY a.event,
                     CASE a.role WHEN 'actor' THEN 0 WHEN 'associate' THEN 1 ELSE 2 END, a.entity",
            )
            .map_err(at(&self.path))?;
        let ids: Vec<i64> = out.iter().map(|e| e.id).collect();
        let at_id: std::collections::HashMap<i64, usize> =
            ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
        let rows = st
            .query_map([json_ids(&ids)], |r| {
                Ok((r.get::<_, i64>(0)?, node_at(1)(r)?, r.get::<_, String>(4)?))
            })
            .map_err(at(&self.path))?;
        for row in rows {
            let (event, entity, role) = row.map_err(at(&self.path))?;
            let role = self.word("event_actors", "role", role)?;
            if let Some(&i) = at_id.get(&event) {
                out[i].participants.push(EventParticipant { entity, role });
            }
        }
        Ok(out)
    }

    /// The estimative judgements made in sentences that mention `entity`, by id.
    pub fn judgements_mentioning(
        &self,
        entity: i64,
    ) -> Result<Vec<MentionedAssessment>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT a.id, a.source, a.sentence, a.claim, a.phrase, a.band, a.horizon,
                    a.status
                 FROM mentions m JOIN assessments a
                     ON a.source = m.source AND a.sentence = m.sentence
                 WHERE m.entity = ?1
                 ORDER BY a.id",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([entity], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    [r.get::<_, String>(3)?, r.get(4)?, r.get(5)?],
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, source, sentence, [claim, phrase, band], horizon, status) =
                row.map_err(at(&self.path))?;
            out.push(MentionedAssessment {
                id,
                source,
                sentence: sentence
                    .map(|v| self.count("assessments", "sentence", v))
                    .transpose()?,
                claim,
                phrase,
                band,
                horizon,
                status,
            });
        }
        Ok(out)
    }

    /// The sources with these integer keys, in the order given; unknown keys are left out.
    pub fn source_refs(&self, sids: &[i64]) -> Result<Vec<SourceRef>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT sid, id, title, publisher, author, published, url, kind, reliability
                 FROM sources WHERE sid = ?1",
            )
            .map_err(at(&self.path))?;
        let mut out = Vec::with_capacity(sids.len());
        for &sid in sids {
            let rows = st
                .query_map([sid], raw_source_ref)
                .map_err(at(&self.path))?;
            for row in rows {
                out.push(self.source_ref(row.map_err(at(&self.path))?)?);
            }
        }
        Ok(out)
    }

    fn source_ref(&self, raw: RawSourceRef) -> Result<SourceRef, StoreError> {
        let (sid, id, [title, publisher, author], published, [url, kind, reliability]) = raw;
        Ok(SourceRef {
            sid,
            id,
            title,
            publisher,
            author,
            published: self.opt_word("sources", "published", published)?,
            url,
            kind,
            reliability,
        })
    }

    /// What footnotes quote from a source (`sid`): its reference, sentences and citations, in
    /// one read of the row (the text is read once for both).
    pub fn source_material(&self, sid: i64) -> Result<Option<SourceMaterial>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT sid, id, title, publisher, author, published, url, kind, reliability,
                    sentences, citations, text
                 FROM sources WHERE sid = ?1",
            )
            .map_err(at(&self.path))?;
        let mut rows = st
            .query_map([sid], |r| {
                Ok((
                    raw_source_ref(r)?,
                    [r.get::<_, String>(9)?, r.get(10)?, r.get(11)?],
                ))
            })
            .map_err(at(&self.path))?;
        let Some(row) = rows.next() else {
            return Ok(None);
        };
        let (raw, [sentences, citations, text]) = row.map_err(at(&self.path))?;
        Ok(Some(SourceMaterial {
            source: self.source_ref(raw)?,
            sentences: self.sentence_spans(&sentences, &text)?,
            citations: self.stored_citations(&citations, &text)?,
            text,
        }))
    }

    /// Runs `f` inside one read transaction, so that every read of an answer sees the same
    /// snapshot and the file is locked once rather than once per query. Inside a transaction
    /// already, `f` just runs in it.
    pub fn read_snapshot<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        if !self.conn.is_autocommit() {
            return f();
        }
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(at(&self.path))?;
        let out = f();
        // Nothing was written: ending the transaction cannot lose work.
        let end = self.conn.execute_batch("COMMIT").map_err(at(&self.path));
        let out = out?;
        end?;
        Ok(out)
    }

    /// The statements linking two entities that touch one of `entities`, by statement id; with
    /// `predicates`, only those. Two queries for all the entities (they travel as JSON).
    pub fn edges_of(
        &self,
        entities: &[i64],
        predicates: Option<&[String]>,
    ) -> Result<Vec<EdgeRow>, StoreError> {
        let keep = |p: &str| predicates.is_none_or(|ps| ps.iter().any(|q| q == p));
        let ids = json_ids(entities);
        let mut out: Vec<EdgeRow> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for sql in [
            "SELECT t.id, t.subject, t.predicate, t.object_entity, t.valid_from, t.valid_to, t.source
             FROM json_each(?1) j JOIN statements t ON t.subject = j.value
             WHERE t.object_entity IS NOT NULL",
            "SELECT t.id, t.subject, t.predicate, t.object_entity, t.valid_from, t.valid_to, t.source
             FROM json_each(?1) j JOIN statements t ON t.object_entity = j.value",
        ] {
            let mut st = self.conn.prepare_cached(sql).map_err(at(&self.path))?;
            let rows = st
                .query_map([&ids], raw_edge)
                .map_err(at(&self.path))?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(at(&self.path))?;
            for (statement, subject, predicate, object, from, to, source) in rows {
                if !keep(&predicate) || !seen.insert(statement) {
                    continue;
                }
                out.push(EdgeRow {
                    statement,
                    subject,
                    predicate,
                    object,
                    valid_from: self.opt_word("statements", "valid_from", from)?,
                    valid_to: self.opt_word("statements", "valid_to", to)?,
                    source,
                });
            }
        }
        out.sort_by_key(|e| e.statement);
        Ok(out)
    }
}

/// Ids as a JSON array, for `json_each(?)`.
fn json_ids(ids: &[i64]) -> String {
    let mut s = String::with_capacity(ids.len() * 8 + 2);
    s.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&id.to_string());
    }
    s.push(']');
    s
}

type RawSourceRef = (
    i64,
    String,
    [Option<String>; 3],
    Option<String>,
    [Option<String>; 3],
);

/// sid, id, title, publisher, author, published, url, kind, reliability (columns 0 to 8).
fn raw_source_ref(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawSourceRef> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        [r.get(2)?, r.get(3)?, r.get(4)?],
        r.get(5)?,
        [r.get(6)?, r.get(7)?, r.get(8)?],
    ))
}

type RawEdge = (i64, i64, String, i64, Option<String>, Option<String>, i64);

fn raw_edge(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEdge> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
    ))
}

/// Words from the vocabulary and rules files as SQL string literals (`'a', 'b'`). A list of
/// bound parameters in `IN (…)` made SQLite prepare the statement again at every run (its
/// plan depends on the values), which cost more than the query.
fn literals(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `?first, ?first+1, …` for `n` parameters.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a node from columns `i` (id), `i + 1` (name), `i + 2` (type).
fn node_at(i: usize) -> impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Node> {
    move |r| {
        Ok(Node {
            id: r.get(i)?,
            name: r.get(i + 1)?,
            entity_type: r.get(i + 2)?,
        })
    }
}

fn opt_node_at(i: usize) -> impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Option<Node>> {
    move |r| {
        Ok(
            match (
                r.get::<_, Option<i64>>(i)?,
                r.get::<_, Option<String>>(i + 1)?,
                r.get::<_, Option<String>>(i + 2)?,
            ) {
                (Some(id), Some(name), Some(entity_type)) => Some(Node {
                    id,
                    name,
                    entity_type,
                }),
                _ => None,
            },
        )
    }
}

/// A statement row as SQLite gives it.
struct RawFact {
    id: i64,
    subject: Node,
    predicate: String,
    object: Option<Node>,
    value: Option<String>,
    value_type: Option<String>,
    valid_from: Option<String>,
    valid_to: Option<String>,
    source: i64,
    sentence: Option<i64>,
    start: Option<i64>,
    end: Option<i64>,
    rule: String,
    confidence: f64,
    hedge: Option<String>,
    status: String,
}

fn raw_fact(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawFact> {
    Ok(RawFact {
        id: r.get(0)?,
        subject: node_at(1)(r)?,
        predicate: r.get(4)?,
        object: opt_node_at(5)(r)?,
        value: r.get(8)?,
        value_type: r.get(9)?,
        valid_from: r.get(10)?,
        valid_to: r.get(11)?,
        source: r.get(12)?,
        sentence: r.get(13)?,
        start: r.get(14)?,
        end: r.get(15)?,
        rule: r.get(16)?,
        confidence: r.get(17)?,
        hedge: r.get(18)?,
        status: r.get(19)?,
    })
}

/// An events row as SQLite gives it.
struct RawEvent {
    id: i64,
    kind: Option<String>,
    date: Option<String>,
    event_type: String,
    subtype: Option<String>,
    location: Option<Node>,
    coordinates: Option<(f64, f64)>,
    fatalities: Option<i64>,
    description: Option<String>,
    source: i64,
    sentence: Option<i64>,
    dataset_row: Option<i64>,
}
