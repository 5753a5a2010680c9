//! Reading back what extraction stored: entities and their names, and a source's statements,
//! events and assessments.
//!
//! ```text
//! store.known_names()                 ──►  [KnownNameRow { entity: 1, entity_type: "armed_group",
//!                                                          name: "Al-Shabaab", folded: "shabab" }]
//! store.entities_by_folded(&["shabab"]) ──►  the same rows, for those keys only
//! store.source_entities("9f2c4e")     ──►  [SourceEntity { id: 1, name: "Al-Shabaab",
//!                                                          names: ["Al-Shabaab", "the group"] }]
//! store.source_statements("9f2c4e")   ──►  [StoredStatement { subject: 1, predicate:
//!                                                             "operates_in", object: Entity(2) }]
//! ```

use std::collections::HashMap;

use dossier_model::{FuzzyDate, Span};
use rusqlite::params;
use serde::Serialize;

use crate::error::{StoreError, at};
use crate::kinds::{Role, ValueType};
use crate::store::Store;

/// A stored name with its entity, for recognizing names in new text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KnownNameRow {
    pub entity: i64,
    pub entity_type: String,
    pub name: String,
    pub folded: String,
    pub weak: bool,
}

/// One line of the entity list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntitySummary {
    pub id: i64,
    pub entity_type: String,
    /// The preferred name.
    pub name: String,
    /// Every name, in the order they were stored.
    pub names: Vec<String>,
    /// How many sources use one of its names.
    pub sources: usize,
}

/// An entity a source names, with the names that source uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceEntity {
    pub id: i64,
    pub entity_type: String,
    /// The entity's preferred name (which may come from another source).
    pub name: String,
    /// The names this source uses, in the order they were stored.
    pub names: Vec<String>,
}

/// An entity named by a row that refers to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityRef {
    pub id: i64,
    /// The preferred name.
    pub name: String,
}

/// The object of a stored statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoredObject {
    Entity(EntityRef),
    Value {
        value: String,
        value_type: ValueType,
    },
}

/// A stored statement with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredStatement {
    pub id: i64,
    pub subject: EntityRef,
    pub predicate: String,
    pub object: StoredObject,
    pub valid_from: Option<FuzzyDate>,
    pub valid_to: Option<FuzzyDate>,
    pub sentence: Option<usize>,
    pub span: Option<Span>,
    pub rule: String,
    pub confidence: f64,
    pub hedge: Option<String>,
    /// `extracted`, `confirmed` or `rejected`.
    pub status: String,
    /// Indices of the source's citations it rests on, ascending.
    pub citations: Vec<usize>,
}

/// An entity's part in an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Participant {
    pub entity: EntityRef,
    pub role: Role,
}

/// A stored event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredEvent {
    pub id: i64,
    pub kind: Option<String>,
    pub date: Option<FuzzyDate>,
    pub event_type: String,
    pub subtype: Option<String>,
    pub cameo: Option<String>,
    pub location: Option<EntityRef>,
    pub coordinates: Option<(f64, f64)>,
    pub geo_precision: Option<u8>,
    pub fatalities: Option<u32>,
    pub description: Option<String>,
    pub sentence: Option<usize>,
    pub span: Option<Span>,
    /// Actors first, then associates, then targets; each in the order stored.
    pub participants: Vec<Participant>,
}

/// A stored mention: a span of a source's text that names something.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredMention {
    pub sentence: Option<usize>,
    pub span: Span,
    pub text: String,
    /// What it looks like it names (a vocabulary entity type).
    pub kind: String,
    /// The entity it was resolved to, if any.
    pub entity: Option<i64>,
}

/// A stored estimative judgement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredAssessment {
    pub id: i64,
    pub sentence: Option<usize>,
    pub claim: String,
    pub phrase: String,
    pub band: String,
    pub horizon: Option<String>,
    pub scenario: Option<String>,
    /// `open`, `came_true` or `did_not`.
    pub status: String,
}

impl Store {
    /// Every stored name with its entity and the entity's type, by entity then name id.
    pub fn known_names(&self) -> Result<Vec<KnownNameRow>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT n.entity, e.type, n.name, n.folded, n.weak
                 FROM names n JOIN entities e ON e.id = n.entity
                 WHERE e.merged_into IS NULL ORDER BY n.entity, n.id",
            )
            .map_err(at(&self.path))?;
        let rows = st.query_map([], known_row).map_err(at(&self.path))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(at(&self.path))
    }

    /// The stored names whose folded key is one of `keys`, by entity then name id.
    pub fn entities_by_folded(&self, keys: &[String]) -> Result<Vec<KnownNameRow>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT n.entity, e.type, n.name, n.folded, n.weak
                 FROM names n JOIN entities e ON e.id = n.entity
                 WHERE n.folded = ?1 AND e.merged_into IS NULL",
            )
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for key in keys {
            if !seen.insert(key.as_str()) {
                continue;
            }
            let rows = st.query_map([key], known_row).map_err(at(&self.path))?;
            for row in rows {
                out.push(row.map_err(at(&self.path))?);
            }
        }
        out.sort_by(|a, b| (a.entity, &a.name).cmp(&(b.entity, &b.name)));
        Ok(out)
    }

    /// Every entity with its names and the number of sources that use them, by id.
    pub fn entities(&self) -> Result<Vec<EntitySummary>, StoreError> {
        let mut names: HashMap<i64, Vec<String>> = HashMap::new();
        let mut st = self
            .conn
            .prepare_cached("SELECT entity, name FROM names ORDER BY entity, id")
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .map_err(at(&self.path))?;
        for row in rows {
            let (entity, name) = row.map_err(at(&self.path))?;
            names.entry(entity).or_default().push(name);
        }
        // Source counts in one grouped pass: `entity_sources` names the live entity through
        // an expression, so a per-entity lookup would read the whole view for each entity.
        let mut counts: HashMap<i64, i64> = HashMap::new();
        let mut st = self
            .conn
            .prepare_cached("SELECT entity, count(*) FROM entity_sources GROUP BY entity")
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .map_err(at(&self.path))?;
        for row in rows {
            let (entity, n) = row.map_err(at(&self.path))?;
            counts.insert(entity, n);
        }
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT e.id, e.type, e.name FROM entities e
                 WHERE e.merged_into IS NULL ORDER BY e.id",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, entity_type, name) = row.map_err(at(&self.path))?;
            let sources = counts.get(&id).copied().unwrap_or(0);
            out.push(EntitySummary {
                id,
                entity_type,
                name,
                names: names.remove(&id).unwrap_or_default(),
                sources: self.count("entity_sources", "source", sources)?,
            });
        }
        Ok(out)
    }

    /// The entities a source (by id or unique prefix) names, by id, with the names it uses.
    pub fn source_entities(&self, id_or_prefix: &str) -> Result<Vec<SourceEntity>, StoreError> {
        let sid = self.sid(id_or_prefix)?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT e.id, e.type, e.name, n.name
                 FROM name_sources ns JOIN names n ON n.id = ns.name
                     JOIN entities o ON o.id = n.entity
                     JOIN entities e ON e.id = coalesce(o.merged_into, o.id)
                 WHERE ns.source = ?1 ORDER BY e.id, n.id",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([sid], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(at(&self.path))?;
        let mut out: Vec<SourceEntity> = Vec::new();
        for row in rows {
            let (id, entity_type, name, used) = row.map_err(at(&self.path))?;
            match out.last_mut() {
                Some(last) if last.id == id => {
                    if !last.names.contains(&used) {
                        last.names.push(used);
                    }
                }
                _ => out.push(SourceEntity {
                    id,
                    entity_type,
                    name,
                    names: vec![used],
                }),
            }
        }
        Ok(out)
    }

    /// The mentions of a source (by id or unique prefix), by position in the text. (Added for
    /// the web app's source view, which highlights them by kind.)
    pub fn source_mentions(&self, id_or_prefix: &str) -> Result<Vec<StoredMention>, StoreError> {
        let sid = self.sid(id_or_prefix)?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT sentence, byte_start, byte_end, text, kind, entity FROM mentions
                 WHERE source = ?1 ORDER BY byte_start, byte_end DESC",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([sid], |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                ))
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (sentence, start, end, text, kind, entity) = row.map_err(at(&self.path))?;
            out.push(StoredMention {
                sentence: self.opt_count("mentions", "sentence", sentence)?,
                span: Span::new(
                    self.count("mentions", "byte_start", start)?,
                    self.count("mentions", "byte_end", end)?,
                ),
                text,
                kind,
                entity,
            });
        }
        Ok(out)
    }

    /// The statements read from a source (by id or unique prefix), in the order stored.
    pub fn source_statements(
        &self,
        id_or_prefix: &str,
    ) -> Result<Vec<StoredStatement>, StoreError> {
        let sid = self.sid(id_or_prefix)?;
        let mut citations: HashMap<i64, Vec<usize>> = HashMap::new();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT c.statement, c.citation FROM statement_citations c
                 JOIN statements t ON t.id = c.statement
                 WHERE t.source = ?1 ORDER BY c.statement, c.citation",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([sid], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .map_err(at(&self.path))?;
        for row in rows {
            let (statement, citation) = row.map_err(at(&self.path))?;
            let citation = self.count("statement_citations", "citation", citation)?;
            citations.entry(statement).or_default().push(citation);
        }
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT t.id, t.subject, s.name, t.predicate, t.object_entity, o.name,
                    t.object_value, t.object_type, t.valid_from, t.valid_to, t.sentence,
                    t.byte_start, t.byte_end, t.rule, t.confidence, t.hedge, t.status
                 FROM statements t JOIN entities s ON s.id = t.subject
                     LEFT JOIN entities o ON o.id = t.object_entity
                 WHERE t.source = ?1 ORDER BY t.id",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([sid], |r| {
                Ok(RawStatement {
                    id: r.get(0)?,
                    subject: r.get(1)?,
                    subject_name: r.get(2)?,
                    predicate: r.get(3)?,
                    object_entity: r.get(4)?,
                    object_name: r.get(5)?,
                    object_value: r.get(6)?,
                    object_type: r.get(7)?,
                    valid_from: r.get(8)?,
                    valid_to: r.get(9)?,
                    sentence: r.get(10)?,
                    start: r.get(11)?,
                    end: r.get(12)?,
                    rule: r.get(13)?,
                    confidence: r.get(14)?,
                    hedge: r.get(15)?,
                    status: r.get(16)?,
                })
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let raw = row.map_err(at(&self.path))?;
            let object = match (raw.object_entity, raw.object_name, raw.object_value) {
                (Some(id), Some(name), _) => StoredObject::Entity(EntityRef { id, name }),
                (None, _, Some(value)) => StoredObject::Value {
                    value,
                    value_type: self.word(
                        "statements",
                        "object_type",
                        raw.object_type.unwrap_or_default(),
                    )?,
                },
                _ => return Err(self.bad_value("statements", "object_entity", raw.id.to_string())),
            };
            out.push(StoredStatement {
                id: raw.id,
                subject: EntityRef {
                    id: raw.subject,
                    name: raw.subject_name,
                },
                predicate: raw.predicate,
                object,
                valid_from: self.opt_word("statements", "valid_from", raw.valid_from)?,
                valid_to: self.opt_word("statements", "valid_to", raw.valid_to)?,
                sentence: self.opt_count("statements", "sentence", raw.sentence)?,
                span: self.opt_span("statements", raw.start, raw.end)?,
                rule: raw.rule,
                confidence: raw.confidence,
                hedge: raw.hedge,
                status: raw.status,
                citations: citations.remove(&raw.id).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// The events read from a source (by id or unique prefix), in the order stored.
    pub fn source_events(&self, id_or_prefix: &str) -> Result<Vec<StoredEvent>, StoreError> {
        let sid = self.sid(id_or_prefix)?;
        let mut participants: HashMap<i64, Vec<Participant>> = HashMap::new();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT a.event, a.entity, e.name, a.role FROM event_actors a
                 JOIN events v ON v.id = a.event JOIN entities e ON e.id = a.entity
                 WHERE v.source = ?1
                 ORDER BY a.event, CASE a.role WHEN 'actor' THEN 0 WHEN 'associate' THEN 1
                     ELSE 2 END, a.entity",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([sid], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(at(&self.path))?;
        for row in rows {
            let (event, id, name, role) = row.map_err(at(&self.path))?;
            participants.entry(event).or_default().push(Participant {
                entity: EntityRef { id, name },
                role: self.word("event_actors", "role", role)?,
            });
        }
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT v.id, v.kind, v.date, v.type, v.subtype, v.cameo, v.location, l.name,
                    v.latitude, v.longitude, v.geo_precision, v.fatalities, v.description,
                    v.sentence, v.byte_start, v.byte_end
                 FROM events v LEFT JOIN entities l ON l.id = v.location
                 WHERE v.source = ?1 ORDER BY v.id",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([sid], |r| {
                Ok(RawEvent {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    date: r.get(2)?,
                    event_type: r.get(3)?,
                    subtype: r.get(4)?,
                    cameo: r.get(5)?,
                    location: r.get(6)?,
                    location_name: r.get(7)?,
                    latitude: r.get(8)?,
                    longitude: r.get(9)?,
                    geo_precision: r.get(10)?,
                    fatalities: r.get(11)?,
                    description: r.get(12)?,
                    sentence: r.get(13)?,
                    start: r.get(14)?,
                    end: r.get(15)?,
                })
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let raw = row.map_err(at(&self.path))?;
            let location = match (raw.location, raw.location_name) {
                (Some(id), Some(name)) => Some(EntityRef { id, name }),
                _ => None,
            };
            let small = |column, v: Option<i64>| {
                v.map(|v| {
                    u32::try_from(v).map_err(|_| self.bad_value("events", column, v.to_string()))
                })
                .transpose()
            };
            out.push(StoredEvent {
                id: raw.id,
                kind: raw.kind,
                date: self.opt_word("events", "date", raw.date)?,
                event_type: raw.event_type,
                subtype: raw.subtype,
                cameo: raw.cameo,
                location,
                coordinates: raw.latitude.zip(raw.longitude),
                geo_precision: small("geo_precision", raw.geo_precision)?
                    .map(|p| u8::try_from(p).unwrap_or(u8::MAX)),
                fatalities: small("fatalities", raw.fatalities)?,
                description: raw.description,
                sentence: self.opt_count("events", "sentence", raw.sentence)?,
                span: self.opt_span("events", raw.start, raw.end)?,
                participants: participants.remove(&raw.id).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// The assessments read from a source (by id or unique prefix), in the order stored.
    pub fn source_assessments(
        &self,
        id_or_prefix: &str,
    ) -> Result<Vec<StoredAssessment>, StoreError> {
        let sid = self.sid(id_or_prefix)?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, sentence, claim, phrase, band, horizon, scenario, status
                 FROM assessments WHERE source = ?1 ORDER BY id",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map(params![sid], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    [r.get::<_, String>(2)?, r.get(3)?, r.get(4)?],
                    [r.get::<_, Option<String>>(5)?, r.get(6)?],
                    r.get::<_, String>(7)?,
                ))
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, sentence, [claim, phrase, band], [horizon, scenario], status) =
                row.map_err(at(&self.path))?;
            out.push(StoredAssessment {
                id,
                sentence: self.opt_count("assessments", "sentence", sentence)?,
                claim,
                phrase,
                band,
                horizon,
                scenario,
                status,
            });
        }
        Ok(out)
    }

    /// The integer key of a source given by id or unique prefix.
    fn sid(&self, id_or_prefix: &str) -> Result<i64, StoreError> {
        let id = self.resolve(id_or_prefix)?;
        self.conn
            .prepare_cached("SELECT sid FROM sources WHERE id = ?1")
            .and_then(|mut st| st.query_row([&id], |r| r.get(0)))
            .map_err(at(&self.path))
    }

    fn opt_count(
        &self,
        table: &'static str,
        column: &'static str,
        v: Option<i64>,
    ) -> Result<Option<usize>, StoreError> {
        v.map(|v| self.count(table, column, v)).transpose()
    }

    fn opt_span(
        &self,
        table: &'static str,
        start: Option<i64>,
        end: Option<i64>,
    ) -> Result<Option<Span>, StoreError> {
        match (start, end) {
            (Some(s), Some(e)) if s <= e => Ok(Some(Span::new(
                self.count(table, "byte_start", s)?,
                self.count(table, "byte_end", e)?,
            ))),
            (None, None) => Ok(None),
            (s, e) => Err(self.bad_value(table, "byte_start", format!("{s:?}..{e:?}"))),
        }
    }
}

fn known_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<KnownNameRow> {
    Ok(KnownNameRow {
        entity: r.get(0)?,
        entity_type: r.get(1)?,
        name: r.get(2)?,
        folded: r.get(3)?,
        weak: r.get(4)?,
    })
}

/// A `statements` row as SQLite gives it.
struct RawStatement {
    id: i64,
    subject: i64,
    subject_name: String,
    predicate: String,
    object_entity: Option<i64>,
    object_name: Option<String>,
    object_value: Option<String>,
    object_type: Option<String>,
    valid_from: Option<String>,
    valid_to: Option<String>,
    sentence: Option<i64>,
    start: Option<i64>,
    end: Option<i64>,
    rule: String,
    confidence: f64,
    hedge: Option<String>,
    status: String,
}

/// An `events` row as SQLite gives it.
struct RawEvent {
    id: i64,
    kind: Option<String>,
    date: Option<String>,
    event_type: String,
    subtype: Option<String>,
    cameo: Option<String>,
    location: Option<i64>,
    location_name: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    geo_precision: Option<i64>,
    fatalities: Option<i64>,
    description: Option<String>,
    sentence: Option<i64>,
    start: Option<i64>,
    end: Option<i64>,
}
