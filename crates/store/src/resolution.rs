//! Cross-document resolution in the store (issue 6): what resolution reads (every entity row a
//! source created, its names, links, identifiers and dates), how it applies a clustering
//! (re-pointing rows, never deleting them), and analysts' judgements.
//!
//! ```text
//! store.resolution_snapshot()?          ──►  ResolutionSnapshot { entities: [OriginEntity { id: 7,
//!                                              root: 4, .. }], names: [OriginName { origin: 7,
//!                                              name: "Iyad Ag Ghaly", .. }], links, .. }
//! store.apply_clusters(&[Reassign { origin: 7, root: 4 }], &log)?   // 7 absorbed by 4
//! store.add_judgement(4, 9, Judgement::Different, "ana", None)?      // append-only
//! store.live_entity(7)?                 ──►  Some(4)
//! ```
//!
//! **Invariant:** resolution deletes nothing. Moving an origin's rows to a root records the
//! origin in the row (`origin`, `subject_origin`, ...), so giving them back is exact. A row that
//! would duplicate one of the root's (a UNIQUE key: the same name, event role, identifier)
//! stays on its absorbed entity, where `entity_sources` and the snapshot still find it.
//! See `migrations/0006_resolution.sql`.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::error::{StoreError, at};
use crate::kinds::UnknownValue;
use crate::store::Store;

/// An entity row as resolution sees it: one origin (a document entity, or an imported one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OriginEntity {
    pub id: i64,
    pub entity_type: String,
    pub name: String,
    /// The live entity it belongs to (itself when live).
    pub root: i64,
}

/// A name as stored, with the origin that brought it and the sources (sids) that use it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OriginName {
    pub origin: i64,
    pub name: String,
    pub folded: String,
    pub weak: bool,
    pub sources: Vec<i64>,
}

/// A statement between an origin and another entity (named by its live id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OriginLink {
    pub origin: i64,
    pub predicate: String,
    /// The live entity at the other end.
    pub other: i64,
    /// True when the origin is the subject.
    pub outgoing: bool,
}

/// An identifier an origin carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OriginIdentifier {
    pub origin: i64,
    pub scheme: String,
    pub value: String,
}

/// The days (since 1970-01-01) an origin's dated statements and events cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct OriginDates {
    pub origin: i64,
    pub first: i64,
    pub last: i64,
}

/// Everything resolution reads, in one pass over the store.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ResolutionSnapshot {
    /// Every entity row, by id.
    pub entities: Vec<OriginEntity>,
    /// Every name, by origin then name id.
    pub names: Vec<OriginName>,
    /// Statements with an entity object, both ways.
    pub links: Vec<OriginLink>,
    pub identifiers: Vec<OriginIdentifier>,
    pub dates: Vec<OriginDates>,
    /// (origin, source sid) for every source with a mention or a name of the origin.
    pub sources: Vec<(i64, i64)>,
    /// The sources in `sources`: (sid, id, title).
    pub source_labels: Vec<(i64, String, Option<String>)>,
}

/// An origin and the live entity it must belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reassign {
    pub origin: i64,
    pub root: i64,
}

/// A line of the resolution log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResolutionLogEntry {
    /// `merge` (other joined entity) or `split` (other left entity).
    pub action: String,
    pub entity: i64,
    pub other: i64,
    /// None for the machine.
    pub analyst: Option<String>,
    pub score: Option<f64>,
    pub reasons: Option<String>,
}

/// An analyst's decision on whether two entities are the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    Same,
    Different,
    Unsure,
}

impl Judgement {
    pub fn as_str(self) -> &'static str {
        match self {
            Judgement::Same => "same",
            Judgement::Different => "different",
            Judgement::Unsure => "unsure",
        }
    }
}

impl fmt::Display for Judgement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Judgement {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Judgement, UnknownValue> {
        match s {
            "same" => Ok(Judgement::Same),
            "different" => Ok(Judgement::Different),
            "unsure" => Ok(Judgement::Unsure),
            _ => Err(UnknownValue {
                kind: "judgement",
                value: s.to_string(),
                expected: "same, different or unsure",
            }),
        }
    }
}

/// A stored judgement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IdentityJudgement {
    pub id: i64,
    pub left: i64,
    pub right: i64,
    pub judgement: Judgement,
    pub analyst: String,
    pub created_at: String,
    pub note: Option<String>,
}

/// The tables resolution re-points: (table, entity column, origin column, has a UNIQUE key
/// including the entity column). A new table that refers to entities belongs here.
const REPOINT: &[(&str, &str, &str, bool)] = &[
    ("names", "entity", "origin", true),
    ("mentions", "entity", "origin", false),
    ("statements", "subject", "subject_origin", false),
    ("statements", "object_entity", "object_origin", false),
    ("events", "location", "location_origin", false),
    ("event_actors", "entity", "origin", true),
    ("identifiers", "entity", "origin", true),
];

impl Store {
    /// Everything resolution reads: every entity row with its root, names, links, identifiers,
    /// dates and sources.
    pub fn resolution_snapshot(&self) -> Result<ResolutionSnapshot, StoreError> {
        let c = &self.conn;
        let p = &self.path;
        let mut snap = ResolutionSnapshot::default();
        let mut st = c
            .prepare_cached(
                "SELECT id, type, name, coalesce(merged_into, id) FROM entities ORDER BY id",
            )
            .map_err(at(p))?;
        let rows = st
            .query_map([], |r| {
                Ok(OriginEntity {
                    id: r.get(0)?,
                    entity_type: r.get(1)?,
                    name: r.get(2)?,
                    root: r.get(3)?,
                })
            })
            .map_err(at(p))?;
        snap.entities = rows.collect::<rusqlite::Result<_>>().map_err(at(p))?;

        let mut used: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut st = c
            .prepare_cached("SELECT name, source FROM name_sources ORDER BY name, source")
            .map_err(at(p))?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .map_err(at(p))?;
        for row in rows {
            let (name, source) = row.map_err(at(p))?;
            used.entry(name).or_default().push(source);
        }
        let mut st = c
            .prepare_cached(
                "SELECT id, coalesce(origin, entity), name, folded, weak FROM names
                 ORDER BY coalesce(origin, entity), id",
            )
            .map_err(at(p))?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    OriginName {
                        origin: r.get(1)?,
                        name: r.get(2)?,
                        folded: r.get(3)?,
                        weak: r.get(4)?,
                        sources: Vec::new(),
                    },
                ))
            })
            .map_err(at(p))?;
        for row in rows {
            let (id, mut name) = row.map_err(at(p))?;
            name.sources = used.remove(&id).unwrap_or_default();
            snap.names.push(name);
        }

        let mut st = c
            .prepare_cached(
                "SELECT coalesce(subject_origin, subject), predicate, object_entity, 1
                 FROM statements WHERE object_entity IS NOT NULL
                 UNION ALL
                 SELECT coalesce(object_origin, object_entity), predicate, subject, 0
                 FROM statements WHERE object_entity IS NOT NULL",
            )
            .map_err(at(p))?;
        let rows = st
            .query_map([], |r| {
                Ok(OriginLink {
                    origin: r.get(0)?,
                    predicate: r.get(1)?,
                    other: r.get(2)?,
                    outgoing: r.get(3)?,
                })
            })
            .map_err(at(p))?;
        snap.links = rows.collect::<rusqlite::Result<_>>().map_err(at(p))?;
        snap.links.sort_by(|a, b| {
            (a.origin, &a.predicate, a.other, a.outgoing).cmp(&(
                b.origin,
                &b.predicate,
                b.other,
                b.outgoing,
            ))
        });
        snap.links.dedup();

        let mut st = c
            .prepare_cached(
                "SELECT DISTINCT coalesce(origin, entity), scheme, value FROM identifiers
                 ORDER BY 1, 2, 3",
            )
            .map_err(at(p))?;
        let rows = st
            .query_map([], |r| {
                Ok(OriginIdentifier {
                    origin: r.get(0)?,
                    scheme: r.get(1)?,
                    value: r.get(2)?,
                })
            })
            .map_err(at(p))?;
        snap.identifiers = rows.collect::<rusqlite::Result<_>>().map_err(at(p))?;

        let mut st = c
            .prepare_cached(
                "SELECT o, min(lo), max(hi) FROM (
                     SELECT coalesce(subject_origin, subject) AS o,
                            coalesce(valid_from_lo, valid_to_lo) AS lo,
                            coalesce(valid_to_hi, valid_from_hi) AS hi
                     FROM statements WHERE valid_from_lo IS NOT NULL OR valid_to_lo IS NOT NULL
                     UNION ALL
                     SELECT coalesce(a.origin, a.entity), v.date_lo, v.date_hi
                     FROM event_actors a JOIN events v ON v.id = a.event
                     WHERE v.date_lo IS NOT NULL)
                 GROUP BY o ORDER BY o",
            )
            .map_err(at(p))?;
        let rows = st
            .query_map([], |r| {
                Ok(OriginDates {
                    origin: r.get(0)?,
                    first: r.get(1)?,
                    last: r.get(2)?,
                })
            })
            .map_err(at(p))?;
        snap.dates = rows.collect::<rusqlite::Result<_>>().map_err(at(p))?;

        let mut st = c
            .prepare_cached(
                "SELECT DISTINCT coalesce(origin, entity), source FROM mentions
                 WHERE entity IS NOT NULL
                 UNION
                 SELECT coalesce(n.origin, n.entity), ns.source
                 FROM names n JOIN name_sources ns ON ns.name = n.id
                 ORDER BY 1, 2",
            )
            .map_err(at(p))?;
        let rows = st
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .map_err(at(p))?;
        snap.sources = rows.collect::<rusqlite::Result<_>>().map_err(at(p))?;

        let mut st = c
            .prepare_cached("SELECT sid, id, title FROM sources ORDER BY sid")
            .map_err(at(p))?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(at(p))?;
        snap.source_labels = rows.collect::<rusqlite::Result<_>>().map_err(at(p))?;
        Ok(snap)
    }

    /// Moves every origin in `moves` to its new root, in one transaction, and writes `log`.
    /// Roots must be origins that are their own root afterwards (the caller's clustering
    /// guarantees it); `names` gives live entities a new preferred name.
    pub fn apply_clusters(
        &mut self,
        moves: &[Reassign],
        names: &[(i64, String)],
        log: &[ResolutionLogEntry],
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        self.immediate(|c| {
            let current = |id: i64| -> Result<Option<i64>, StoreError> {
                c.prepare_cached("SELECT coalesce(merged_into, id) FROM entities WHERE id = ?1")
                    .and_then(|mut st| st.query_row([id], |r| r.get(0)).optional())
                    .map_err(at(&path))
            };
            // First every moving origin takes its own rows back, then they go to their roots:
            // an origin's own rows never collide with each other (they were stored on it).
            let mut olds = Vec::with_capacity(moves.len());
            for m in moves {
                let old = current(m.origin)?.ok_or_else(|| no_entity(&path, m.origin))?;
                current(m.root)?.ok_or_else(|| no_entity(&path, m.root))?;
                olds.push(old);
            }
            for (m, &old) in moves.iter().zip(&olds) {
                if old != m.origin {
                    take_back(c, &path, m.origin, old)?;
                }
            }
            for m in moves {
                let merged = (m.root != m.origin).then_some(m.root);
                c.prepare_cached("UPDATE entities SET merged_into = ?2 WHERE id = ?1")
                    .and_then(|mut st| st.execute(params![m.origin, merged]))
                    .map_err(at(&path))?;
            }
            for m in moves.iter().filter(|m| m.root != m.origin) {
                hand_over(c, &path, m.origin, m.root)?;
            }
            for (entity, name) in names {
                c.prepare_cached("UPDATE entities SET name = ?2 WHERE id = ?1")
                    .and_then(|mut st| st.execute(params![entity, name]))
                    .map_err(at(&path))?;
            }
            let mut st = c
                .prepare_cached(
                    "INSERT INTO resolution_log (action, entity, other, analyst, score, reasons)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(at(&path))?;
            for l in log {
                st.execute(params![
                    l.action, l.entity, l.other, l.analyst, l.score, l.reasons
                ])
                .map_err(at(&path))?;
            }
            Ok(())
        })
    }

    /// The preferred name of an entity (live or absorbed), None for an unknown id.
    pub fn entity_name(&self, id: i64) -> Result<Option<String>, StoreError> {
        self.conn
            .prepare_cached("SELECT name FROM entities WHERE id = ?1")
            .and_then(|mut st| st.query_row([id], |r| r.get(0)).optional())
            .map_err(at(&self.path))
    }

    /// The highest entity id (0 for none): entities created later have higher ids.
    pub fn max_entity_id(&self) -> Result<i64, StoreError> {
        self.conn
            .prepare_cached("SELECT coalesce(max(id), 0) FROM entities")
            .and_then(|mut st| st.query_row([], |r| r.get(0)))
            .map_err(at(&self.path))
    }

    /// The live entity an entity id belongs to (itself when live), None for an unknown id.
    pub fn live_entity(&self, id: i64) -> Result<Option<i64>, StoreError> {
        self.conn
            .prepare_cached("SELECT coalesce(merged_into, id) FROM entities WHERE id = ?1")
            .and_then(|mut st| st.query_row([id], |r| r.get(0)).optional())
            .map_err(at(&self.path))
    }

    /// Appends a judgement; returns its id. `left` and `right` must be distinct entities.
    pub fn add_judgement(
        &mut self,
        left: i64,
        right: i64,
        judgement: Judgement,
        analyst: &str,
        note: Option<&str>,
    ) -> Result<i64, StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO judgements (left_entity, right_entity, judgement, analyst, note)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .and_then(|mut st| st.execute(params![left, right, judgement.as_str(), analyst, note]))
            .map_err(at(&self.path))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Every judgement, oldest first.
    pub fn judgements(&self) -> Result<Vec<IdentityJudgement>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, left_entity, right_entity, judgement, analyst, created_at, note
                 FROM judgements ORDER BY id",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, left, right, judgement, analyst, created_at, note) =
                row.map_err(at(&self.path))?;
            let judgement = judgement
                .parse()
                .map_err(|_| self.bad_value("judgements", "judgement", judgement))?;
            out.push(IdentityJudgement {
                id,
                left,
                right,
                judgement,
                analyst,
                created_at,
                note,
            });
        }
        Ok(out)
    }

    /// The resolution log of an entity (as `entity` or `other`), oldest first.
    pub fn resolution_log(&self, entity: i64) -> Result<Vec<ResolutionLogEntry>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT action, entity, other, analyst, score, reasons FROM resolution_log
                 WHERE entity = ?1 OR other = ?1 ORDER BY id",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([entity], |r| {
                Ok(ResolutionLogEntry {
                    action: r.get(0)?,
                    entity: r.get(1)?,
                    other: r.get(2)?,
                    analyst: r.get(3)?,
                    score: r.get(4)?,
                    reasons: r.get(5)?,
                })
            })
            .map_err(at(&self.path))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(at(&self.path))
    }
}

fn no_entity(path: &std::path::Path, id: i64) -> StoreError {
    StoreError::BadValue {
        path: path.to_path_buf(),
        table: "entities",
        column: "id",
        value: id.to_string(),
    }
}

/// Brings the rows `origin` brought back from `holder` (its current root) onto `origin`.
fn take_back(
    c: &Connection,
    path: &std::path::Path,
    origin: i64,
    holder: i64,
) -> Result<(), StoreError> {
    for (table, col, ocol, _) in REPOINT {
        let sql = format!(
            "UPDATE {table} SET {col} = ?1, {ocol} = NULL WHERE {col} = ?2 AND {ocol} = ?1"
        );
        c.prepare_cached(&sql)
            .and_then(|mut st| st.execute(params![origin, holder]))
            .map_err(at(path))?;
    }
    Ok(())
}

/// Moves the rows on `origin` that are its own to `root`, marking them with their origin. A row
/// the root already has (same UNIQUE key) stays where it is.
fn hand_over(
    c: &Connection,
    path: &std::path::Path,
    origin: i64,
    root: i64,
) -> Result<(), StoreError> {
    for (table, col, ocol, unique) in REPOINT {
        let or = if *unique { " OR IGNORE" } else { "" };
        let sql = format!(
            "UPDATE{or} {table} SET {col} = ?2, {ocol} = ?1 WHERE {col} = ?1 AND {ocol} IS NULL"
        );
        c.prepare_cached(&sql)
            .and_then(|mut st| st.execute(params![origin, root]))
            .map_err(at(path))?;
    }
    Ok(())
}
