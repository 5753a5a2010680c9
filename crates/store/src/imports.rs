//! Writes and reads for imported datasets: ACLED rows, sanctions lists, FollowTheMoney entities
//! (issue 8), and the identifiers entities carry.
//!
//! ```text
//! store.identifiers(42)?   ──►  [Identifier { scheme: "un_reference", value: "QDi.316",
//!                                              source: Some("9f2c…"), dataset_row: Some(17) }]
//! store.entities_by_identifier("un_reference", "QDi.316")?   ──►  [42]
//! ```

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;

use dossier_model::FuzzyDate;
use rusqlite::config::DbConfig;
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::error::{StoreError, at};
use crate::kinds::{Reliability, Role, SourceFormat, ValueType};
use crate::knowledge::KnownNameRow;
use crate::store::Store;
use crate::write::DateCols;

/// An identifier an entity carries: a UN sanctions reference, a FollowTheMoney id, a passport
/// number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identifier {
    pub entity: i64,
    /// What kind of identifier: `un_reference`, `ftm`, `passport`, …
    pub scheme: String,
    pub value: String,
    /// The id of the source that gave it (none when an analyst entered it).
    pub source: Option<String>,
    /// The row of that source's dataset.
    pub dataset_row: Option<u64>,
}

impl Store {
    /// The identifiers of an entity, by scheme then value.
    pub fn identifiers(&self, entity: i64) -> Result<Vec<Identifier>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT i.entity, i.scheme, i.value, s.id, i.dataset_row
                 FROM identifiers i LEFT JOIN sources s ON s.sid = i.source
                 WHERE i.entity = ?1 ORDER BY i.scheme, i.value, i.id",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([entity], |r| {
                Ok(Identifier {
                    entity: r.get(0)?,
                    scheme: r.get(1)?,
                    value: r.get(2)?,
                    source: r.get(3)?,
                    dataset_row: r.get::<_, Option<i64>>(4)?.map(|v| v.max(0) as u64),
                })
            })
            .map_err(at(&self.path))?;
        let mut out: Vec<Identifier> = rows
            .collect::<rusqlite::Result<_>>()
            .map_err(at(&self.path))?;
        out.dedup_by(|a, b| a.scheme == b.scheme && a.value == b.value);
        Ok(out)
    }

    /// The (live) entities that carry an identifier, by id.
    pub fn entities_by_identifier(
        &self,
        scheme: &str,
        value: &str,
    ) -> Result<Vec<i64>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT DISTINCT coalesce(e.merged_into, e.id) AS live FROM identifiers i
                 JOIN entities e ON e.id = i.entity WHERE i.scheme = ?1 AND i.value = ?2
                 ORDER BY live",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map(params![scheme, value], |r| r.get(0))
            .map_err(at(&self.path))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(at(&self.path))
    }
}

/// A dataset file to import, as a source: its id is the hex SHA-256 of the file's bytes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewDataset {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<FuzzyDate>,
    pub reliability: Option<Reliability>,
    pub path: Option<String>,
    pub format: SourceFormat,
    /// Size of the file in bytes.
    pub bytes: u64,
}

/// The object of an imported statement: a stored entity or a typed literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatasetObject {
    Entity(i64),
    Value {
        value: String,
        value_type: ValueType,
    },
}

/// A fact given by a dataset row.
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetStatement {
    pub subject: i64,
    /// A vocabulary predicate.
    pub predicate: String,
    pub object: DatasetObject,
    pub valid_from: Option<FuzzyDate>,
    pub valid_to: Option<FuzzyDate>,
    /// The row of the dataset it came from.
    pub row: u64,
    /// The importer that read it (`import:un`, `import:ftm`).
    pub rule: String,
    pub confidence: f64,
}

/// An event given by a dataset row; entities are stored ids.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DatasetEvent {
    pub kind: Option<String>,
    pub date: Option<FuzzyDate>,
    pub event_type: String,
    pub subtype: Option<String>,
    pub cameo: Option<String>,
    pub location: Option<i64>,
    pub coordinates: Option<(f64, f64)>,
    pub geo_precision: Option<u8>,
    pub fatalities: Option<u32>,
    pub description: Option<String>,
    pub participants: Vec<(i64, Role)>,
    /// The row of the dataset it came from.
    pub row: u64,
}

/// What importing one keyed row did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowOutcome {
    /// The key was new.
    Added,
    /// The key was stored with other values; the stored event now has this row's.
    Updated,
    /// The key was stored with the same values.
    Unchanged,
    /// The key was already given by another row of the same file: nothing written.
    Duplicate { first_row: u64 },
}

/// An import in progress: one transaction holding the write lock. Dropping it without
/// [`DatasetWriter::commit`] rolls everything back.
///
/// The connection's foreign-key checks are off while it runs: instead of a lookup in the
/// parent table for every row written, the writer remembers the distinct entities its rows
/// point at and checks once, before committing, that each exists (the other references are
/// its own source and the events it has just written). With [`DatasetWriter::expect_rows`]
/// announcing a large load, the secondary indexes of the event tables are dropped and built
/// again, sorted, before the commit, inside the same transaction.
pub struct DatasetWriter<'s> {
    /// The import's statements, prepared once (declared first: finalized first).
    statements: Statements<'s>,
    tx: rusqlite::Transaction<'s>,
    path: &'s Path,
    sid: i64,
    new_source: bool,
    /// Triggers are off for the import (see [`CHECK_TRIGGERS`]); back on when it ends.
    triggers_off: bool,
    /// Foreign keys were on and are off for the import; back on when it ends.
    foreign_keys_off: bool,
    /// True once committed or rolled back.
    finished: bool,
    /// The entities the import's rows point at, checked at commit.
    referenced: HashSet<i64, BuildHasherDefault<IdHash>>,
    /// Those pointed at by the current row of [`DatasetWriter::begin_row`], kept when the row is.
    row_referenced: Option<Vec<i64>>,
    /// The id the next event gets: ids are given in order, so events append.
    next_event: i64,
    /// The SQL of the indexes dropped for a bulk load, to build again at commit.
    dropped: Vec<String>,
}

/// Hashes entity ids for the set of those an import refers to (a few per row): one
/// multiplication instead of SipHash.
#[derive(Default)]
struct IdHash(u64);

impl Hasher for IdHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// The statements an import runs for every row.
struct Statements<'s> {
    /// Claims a key: inserts (dataset, key, event, fingerprint, cited) unless the key is there.
    claim_key: rusqlite::Statement<'s>,
    find_key: rusqlite::Statement<'s>,
    update_key: rusqlite::Statement<'s>,
    find_event: rusqlite::Statement<'s>,
    /// Inserts an event with a given id, or replaces the values of the event with that id.
    write_event: rusqlite::Statement<'s>,
    move_event: rusqlite::Statement<'s>,
    insert_actor: rusqlite::Statement<'s>,
    delete_actors: rusqlite::Statement<'s>,
}

impl<'s> Statements<'s> {
    fn new(conn: &'s rusqlite::Connection) -> rusqlite::Result<Statements<'s>> {
        Ok(Statements {
            claim_key: conn.prepare(
                "INSERT INTO dataset_events (dataset, key, event, fingerprint, cited)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (dataset, key) DO NOTHING",
            )?,
            find_key: conn.prepare(
                "SELECT event, fingerprint FROM dataset_events WHERE dataset = ?1 AND key = ?2",
            )?,
            update_key: conn.prepare(
                "UPDATE dataset_events SET fingerprint = ?1, cited = ?2
                 WHERE dataset = ?3 AND key = ?4",
            )?,
            find_event: conn.prepare("SELECT source, dataset_row FROM events WHERE id = ?1")?,
            write_event: conn.prepare(
                "INSERT INTO events (id, kind, date, date_precision, date_lo, date_hi, type,
                     subtype, cameo, location, latitude, longitude, geo_precision, fatalities,
                     description, source, dataset_row)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17)
                 ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, date = excluded.date,
                     date_precision = excluded.date_precision, date_lo = excluded.date_lo,
                     date_hi = excluded.date_hi, type = excluded.type,
                     subtype = excluded.subtype, cameo = excluded.cameo,
                     location = excluded.location, latitude = excluded.latitude,
                     longitude = excluded.longitude, geo_precision = excluded.geo_precision,
                     fatalities = excluded.fatalities, description = excluded.description,
                     source = excluded.source, dataset_row = excluded.dataset_row,
                     sentence = NULL, byte_start = NULL, byte_end = NULL",
            )?,
            move_event: conn
                .prepare("UPDATE events SET source = ?1, dataset_row = ?2 WHERE id = ?3")?,
            insert_actor: conn.prepare(
                "INSERT OR IGNORE INTO event_actors (event, entity, role) VALUES (?1, ?2, ?3)",
            )?,
            delete_actors: conn.prepare("DELETE FROM event_actors WHERE event = ?1")?,
        })
    }
}

impl Drop for DatasetWriter<'_> {
    fn drop(&mut self) {
        if !self.finished {
            // Roll back before turning foreign keys on: the pragma does nothing inside a
            // transaction.
            let _ = self.tx.execute_batch("ROLLBACK");
            self.tx.set_drop_behavior(rusqlite::DropBehavior::Ignore);
        }
        if self.triggers_off {
            let _ = self
                .tx
                .set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true);
        }
        if self.foreign_keys_off {
            let _ = self.tx.pragma_update(None, "foreign_keys", true);
        }
    }
}

/// The tables an import writes, and the triggers on them that only check references to
/// sentences (always NULL in imported rows) or guard other columns. SQLite writes a statement
/// journal for every insert into a table with a trigger inside a transaction, which cost a
/// third of an import; when these are the only triggers on the tables an import writes, they
/// are turned off for the import's connection while it runs. A trigger added later that is not
/// listed here keeps them all on (correct, slower) until it is reviewed and listed.
pub const CHECK_TRIGGERS: &[&str] = &[
    "sources_text_is_fixed",
    "sources_search_delete",
    "statements_sentence_insert",
    "statements_sentence_update",
    "events_sentence_insert",
    "events_sentence_update",
];

const IMPORT_TABLES: &str = "'sources', 'search_pending', 'entities', 'names', 'name_sources', \
    'identifiers', 'statements', 'events', 'event_actors', 'dataset_events'";

/// True when every trigger on the tables an import writes is one of [`CHECK_TRIGGERS`].
fn only_check_triggers(conn: &rusqlite::Connection) -> rusqlite::Result<bool> {
    let sql = format!(
        "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN ({IMPORT_TABLES})"
    );
    let mut st = conn.prepare(&sql)?;
    let names = st.query_map([], |r| r.get::<_, String>(0))?;
    for name in names {
        if !CHECK_TRIGGERS.contains(&name?.as_str()) {
            return Ok(false);
        }
    }
    Ok(true)
}

impl Store {
    /// Starts importing a dataset: begins a transaction and stores the dataset's source row
    /// (or finds it, when the same file was imported before).
    pub fn begin_dataset(&mut self, d: &NewDataset) -> Result<DatasetWriter<'_>, StoreError> {
        if !crate::write::valid_id(&d.id) {
            return Err(StoreError::Invalid {
                id: d.id.clone(),
                problem: crate::error::Problem::Id,
            });
        }
        let path = self.path.as_path();
        let conn = &self.conn;
        // A larger page cache for the length of the import (about 64 MB), and statement
        // journals in memory (SQLite writes one for every insert into a table with triggers
        // inside a transaction; on disk they were a sixth of the import's time).
        conn.pragma_update(None, "cache_size", -65536)
            .map_err(at(path))?;
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(at(path))?;
        // Foreign keys are checked once at commit (see `DatasetWriter`); the pragma only
        // takes effect outside a transaction.
        let foreign_keys: bool = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .map_err(at(path))?;
        let triggers_off = only_check_triggers(conn).map_err(at(path))?;
        let restore = |foreign_keys: bool, triggers: bool| {
            if foreign_keys {
                let _ = conn.pragma_update(None, "foreign_keys", true);
            }
            if triggers {
                let _ = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, true);
            }
        };
        if foreign_keys {
            conn.pragma_update(None, "foreign_keys", false)
                .map_err(at(path))?;
        }
        if triggers_off
            && let Err(e) = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)
        {
            restore(foreign_keys, false);
            return Err(at(path)(e));
        }
        let begun = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
            .and_then(|tx| Ok((Statements::new(conn)?, tx)));
        let (statements, tx) = match begun {
            Ok(begun) => begun,
            Err(e) => {
                restore(foreign_keys, triggers_off);
                return Err(at(path)(e));
            }
        };
        let mut writer = DatasetWriter {
            statements,
            tx,
            path,
            sid: 0,
            new_source: false,
            triggers_off,
            foreign_keys_off: foreign_keys,
            finished: false,
            referenced: HashSet::default(),
            row_referenced: None,
            next_event: 1,
            dropped: Vec::new(),
        };
        // From here on, dropping the writer rolls back and restores the connection.
        writer.next_event = writer
            .tx
            .query_row("SELECT coalesce(max(id), 0) + 1 FROM events", [], |r| {
                r.get(0)
            })
            .map_err(at(path))?;
        let existing: Option<i64> = writer
            .tx
            .query_row("SELECT sid FROM sources WHERE id = ?1", [&d.id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(at(path))?;
        match existing {
            Some(sid) => writer.sid = sid,
            None => {
                let published = DateCols::new(d.published.as_ref());
                writer
                    .tx
                    .execute(
                        "INSERT INTO sources (id, title, publisher, kind, published,
                         published_precision, published_lo, published_hi, url, reliability, path,
                         format, encoding, bytes, sentence_count, citation_count, sentences,
                         citations, text)
                     VALUES (?1, ?2, ?3, 'dataset', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'utf-8',
                         ?12, 0, 0, '[]', '[]', '')",
                        params![
                            d.id,
                            d.title,
                            d.publisher,
                            published.text,
                            published.precision,
                            published.lo,
                            published.hi,
                            d.url,
                            d.reliability.map(|r| r.as_str()),
                            d.path,
                            d.format.as_str(),
                            i64::try_from(d.bytes).unwrap_or(i64::MAX),
                        ],
                    )
                    .map_err(at(path))?;
                writer.sid = writer.tx.last_insert_rowid();
                writer
                    .tx
                    .execute(
                        "INSERT INTO search_pending (source) VALUES (?1)",
                        [writer.sid],
                    )
                    .map_err(at(path))?;
                writer.new_source = true;
            }
        }
        Ok(writer)
    }
}

/// The tables whose secondary indexes a bulk load builds after loading.
const BULK_TABLES: &[&str] = &["events", "event_actors", "dataset_events"];

impl DatasetWriter<'_> {
    /// False when the same file was imported before (its source row was already there).
    pub fn is_new_source(&self) -> bool {
        self.new_source
    }

    /// Announces about how many rows the import will write. When they are at least a quarter
    /// of the events already stored, the secondary (non-unique) indexes of `events`,
    /// `event_actors` and `dataset_events` are dropped now and built again at commit, in the
    /// same transaction: one sort instead of a b-tree descent per row, and nothing changes
    /// for other connections until the commit. Returns true when it did so. Call it before
    /// the first row.
    pub fn expect_rows(&mut self, rows: u64) -> Result<bool, StoreError> {
        let path = self.path;
        let stored = self.next_event - 1;
        if !self.dropped.is_empty() || i64::try_from(rows).unwrap_or(i64::MAX) < stored / 4 {
            return Ok(false);
        }
        let mut indexes = Vec::new();
        for table in BULK_TABLES {
            let mut st = self
                .tx
                .prepare(
                    "SELECT l.name, s.sql FROM pragma_index_list(?1) l
                     JOIN sqlite_schema s ON s.type = 'index' AND s.name = l.name
                     WHERE l.\"unique\" = 0 AND l.origin = 'c' AND s.sql IS NOT NULL
                     ORDER BY l.name",
                )
                .map_err(at(path))?;
            let found = st
                .query_map([table], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
                .map_err(at(path))?;
            for index in found {
                indexes.push(index.map_err(at(path))?);
            }
        }
        for (name, sql) in indexes {
            self.tx
                .execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))
                .map_err(at(path))?;
            self.dropped.push(sql);
        }
        Ok(!self.dropped.is_empty())
    }

    /// Checks what foreign keys would have checked, builds the indexes a bulk load dropped,
    /// and commits the import.
    pub fn commit(self) -> Result<(), StoreError> {
        let mut this = self;
        let path = this.path;
        if this.foreign_keys_off {
            let mut exists = this
                .tx
                .prepare("SELECT 1 FROM entities WHERE id = ?1")
                .map_err(at(path))?;
            let mut referenced: Vec<i64> = this.referenced.iter().copied().collect();
            referenced.sort_unstable();
            for id in referenced {
                if !exists.exists([id]).map_err(at(path))? {
                    return Err(at(path)(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                        Some(format!(
                            "FOREIGN KEY constraint failed: no entity {id}, yet the import refers to it"
                        )),
                    )));
                }
            }
        }
        for sql in std::mem::take(&mut this.dropped) {
            this.tx.execute_batch(&sql).map_err(at(path))?;
        }
        this.tx.execute_batch("COMMIT").map_err(at(path))?;
        this.finished = true;
        this.tx.set_drop_behavior(rusqlite::DropBehavior::Ignore);
        Ok(())
    }

    /// Starts a row that can be undone alone ([`DatasetWriter::end_row`]), for imports that
    /// skip bad rows.
    pub fn begin_row(&mut self) -> Result<(), StoreError> {
        self.row_referenced = Some(Vec::new());
        self.tx
            .execute_batch("SAVEPOINT dataset_row")
            .map_err(at(self.path))
    }

    /// Ends a row started with [`DatasetWriter::begin_row`], keeping it or undoing it.
    pub fn end_row(&mut self, keep: bool) -> Result<(), StoreError> {
        let sql = if keep {
            "RELEASE dataset_row"
        } else {
            "ROLLBACK TO dataset_row; RELEASE dataset_row"
        };
        if let Some(ids) = self.row_referenced.take()
            && keep
        {
            self.referenced.extend(ids);
        }
        self.tx.execute_batch(sql).map_err(at(self.path))
    }

    /// Remembers an entity the import's rows point at, to check at commit.
    fn refer(&mut self, entity: i64) {
        match &mut self.row_referenced {
            Some(row) => row.push(entity),
            None => {
                self.referenced.insert(entity);
            }
        }
    }

    /// The stored names whose folded key is `key` (what the knowledge base already holds,
    /// this import included), by entity then name.
    pub fn names_by_folded(&self, key: &str) -> Result<Vec<KnownNameRow>, StoreError> {
        let mut rows: Vec<KnownNameRow> = self
            .tx
            .prepare_cached(
                "SELECT entity, name, folded, weak FROM names WHERE folded = ?1
                 ORDER BY entity, id",
            )
            .and_then(|mut st| {
                st.query_map([key], |r| {
                    Ok(KnownNameRow {
                        entity: r.get(0)?,
                        entity_type: String::new(),
                        name: r.get(1)?,
                        folded: r.get(2)?,
                        weak: r.get(3)?,
                    })
                })?
                .collect()
            })
            .map_err(at(self.path))?;
        // A name left on an entity that resolution absorbed answers for the live entity.
        let mut live = self
            .tx
            .prepare_cached(
                "SELECT l.id, l.type FROM entities e
                 JOIN entities l ON l.id = coalesce(e.merged_into, e.id) WHERE e.id = ?1",
            )
            .map_err(at(self.path))?;
        for row in &mut rows {
            (row.entity, row.entity_type) = live
                .query_row([row.entity], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(at(self.path))?;
        }
        Ok(rows)
    }

    /// The entities carrying an identifier, by id.
    pub fn entities_by_identifier(
        &self,
        scheme: &str,
        value: &str,
    ) -> Result<Vec<i64>, StoreError> {
        let mut st = self
            .tx
            .prepare_cached(
                "SELECT DISTINCT coalesce(e.merged_into, e.id) AS live FROM identifiers i
                 JOIN entities e ON e.id = i.entity WHERE i.scheme = ?1 AND i.value = ?2
                 ORDER BY live",
            )
            .map_err(at(self.path))?;
        let rows = st
            .query_map(params![scheme, value], |r| r.get(0))
            .map_err(at(self.path))?;
        rows.collect::<rusqlite::Result<_>>().map_err(at(self.path))
    }

    /// Creates an entity (type from the vocabulary) with its preferred name as its first name.
    pub fn create_entity(
        &mut self,
        entity_type: &str,
        name: &str,
        folded: &str,
    ) -> Result<i64, StoreError> {
        self.tx
            .prepare_cached("INSERT INTO entities (type, name) VALUES (?1, ?2)")
            .and_then(|mut st| st.execute(params![entity_type, name]))
            .map_err(at(self.path))?;
        let id = self.tx.last_insert_rowid();
        self.add_name(id, name, folded, false)?;
        Ok(id)
    }

    /// Adds a name to an entity (or finds it) and records that this dataset uses it. A name
    /// already stored keeps its weak flag unless this one is strong.
    pub fn add_name(
        &mut self,
        entity: i64,
        name: &str,
        folded: &str,
        weak: bool,
    ) -> Result<(), StoreError> {
        let row: i64 = self
            .tx
            .prepare_cached(
                "INSERT INTO names (entity, name, folded, weak) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (entity, name) DO UPDATE SET weak = min(names.weak, excluded.weak)
                 RETURNING id",
            )
            .and_then(|mut st| st.query_row(params![entity, name, folded, weak], |r| r.get(0)))
            .map_err(at(self.path))?;
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO name_sources (name, source) VALUES (?1, ?2)")
            .and_then(|mut st| st.execute(params![row, self.sid]))
            .map_err(at(self.path))?;
        self.refer(entity);
        Ok(())
    }

    /// Records an identifier of an entity, given by a row of this dataset.
    pub fn add_identifier(
        &mut self,
        entity: i64,
        scheme: &str,
        value: &str,
        row: u64,
    ) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO identifiers (entity, scheme, value, source, dataset_row)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (entity, scheme, value) DO UPDATE
                 SET source = excluded.source, dataset_row = excluded.dataset_row",
            )
            .and_then(|mut st| st.execute(params![entity, scheme, value, self.sid, row_int(row)]))
            .map_err(at(self.path))?;
        self.refer(entity);
        Ok(())
    }

    /// Stores a statement given by a row of this dataset, unless this dataset already gave
    /// the same one (same subject, predicate, object and valid time). True when stored.
    pub fn add_statement(&mut self, s: &DatasetStatement) -> Result<bool, StoreError> {
        let (object_entity, object_value, object_type) = match &s.object {
            DatasetObject::Entity(e) => (Some(*e), None, None),
            DatasetObject::Value { value, value_type } => {
                (None, Some(value.as_str()), Some(value_type.as_str()))
            }
        };
        let from = DateCols::new(s.valid_from.as_ref());
        let to = DateCols::new(s.valid_to.as_ref());
        let exists: bool = self
            .tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM statements WHERE subject = ?1 AND predicate = ?2
                     AND object_entity IS ?3 AND object_value IS ?4 AND valid_from IS ?5
                     AND valid_to IS ?6 AND source = ?7)",
            )
            .and_then(|mut st| {
                st.query_row(
                    params![
                        s.subject,
                        s.predicate,
                        object_entity,
                        object_value,
                        from.text,
                        to.text,
                        self.sid
                    ],
                    |r| r.get(0),
                )
            })
            .map_err(at(self.path))?;
        if exists {
            return Ok(false);
        }
        self.tx
            .prepare_cached(
                "INSERT INTO statements (subject, predicate, object_entity, object_value,
                     object_type, valid_from, valid_from_precision, valid_from_lo, valid_from_hi,
                     valid_to, valid_to_precision, valid_to_lo, valid_to_hi, source, rule,
                     confidence, dataset_row)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    s.subject,
                    s.predicate,
                    object_entity,
                    object_value,
                    object_type,
                    from.text,
                    from.precision,
                    from.lo,
                    from.hi,
                    to.text,
                    to.precision,
                    to.lo,
                    to.hi,
                    self.sid,
                    s.rule,
                    s.confidence,
                    row_int(s.row),
                ])
            })
            .map_err(at(self.path))?;
        self.refer(s.subject);
        if let Some(object) = object_entity {
            self.refer(object);
        }
        Ok(true)
    }

    /// Stores an event under the dataset's own key: added when the key is new, updated when
    /// the stored row's fingerprint differs, unchanged otherwise. Either way the event's
    /// provenance becomes this dataset and row. A key given twice in the same file is a
    /// [`RowOutcome::Duplicate`] and writes nothing.
    pub fn upsert_event(
        &mut self,
        dataset: &str,
        key: &str,
        fingerprint: i64,
        cited: Option<&str>,
        e: &DatasetEvent,
    ) -> Result<RowOutcome, StoreError> {
        self.upsert_event_as(dataset, key, fingerprint, &|| None, cited, e)
    }

    /// [`DatasetWriter::upsert_event`] for an importer that changed how it fingerprints rows:
    /// a stored fingerprint equal to `former()` (the old way, computed only when the new one
    /// differs) also means unchanged, and the stored fingerprint becomes the new one.
    pub fn upsert_event_as(
        &mut self,
        dataset: &str,
        key: &str,
        fingerprint: i64,
        former: &dyn Fn() -> Option<i64>,
        cited: Option<&str>,
        e: &DatasetEvent,
    ) -> Result<RowOutcome, StoreError> {
        let path = self.path;
        let row = row_int(e.row);
        // A new key is claimed with the id the event will get (foreign keys are checked at
        // commit): one b-tree descent for a new row instead of a lookup and an insert.
        let id = self.next_event;
        let claimed = self
            .statements
            .claim_key
            .execute(params![dataset, key, id, fingerprint, cited])
            .map_err(at(path))?;
        if claimed == 1 {
            self.write_event(id, e)?;
            return Ok(RowOutcome::Added);
        }
        let (event, old_fingerprint): (i64, i64) = self
            .statements
            .find_key
            .query_row(params![dataset, key], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(at(path))?;
        let (source, old_row): (i64, Option<i64>) = self
            .statements
            .find_event
            .query_row([event], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(at(path))?;
        if source == self.sid && old_row.is_some_and(|r| r != row) {
            return Ok(RowOutcome::Duplicate {
                first_row: old_row.unwrap_or(0).max(0) as u64,
            });
        }
        let unchanged =
            old_fingerprint == fingerprint || former().is_some_and(|f| f == old_fingerprint);
        if unchanged {
            if source != self.sid || old_row != Some(row) {
                self.statements
                    .move_event
                    .execute(params![self.sid, row, event])
                    .map_err(at(path))?;
            }
            if old_fingerprint != fingerprint {
                self.statements
                    .update_key
                    .execute(params![fingerprint, cited, dataset, key])
                    .map_err(at(path))?;
            }
            return Ok(RowOutcome::Unchanged);
        }
        self.write_event(event, e)?;
        self.statements
            .update_key
            .execute(params![fingerprint, cited, dataset, key])
            .map_err(at(path))?;
        Ok(RowOutcome::Updated)
    }

    /// Stores an event without a key (FollowTheMoney events). Returns its id.
    pub fn insert_event(&mut self, e: &DatasetEvent) -> Result<i64, StoreError> {
        let id = self.next_event;
        self.write_event(id, e)?;
        Ok(id)
    }

    /// Writes event `id` (new, or replacing the values and actors of a stored one) with this
    /// dataset as its source.
    fn write_event(&mut self, id: i64, e: &DatasetEvent) -> Result<(), StoreError> {
        let path = self.path;
        let date = DateCols::new(e.date.as_ref());
        self.statements
            .write_event
            .execute(params![
                id,
                e.kind,
                date.text,
                date.precision,
                date.lo,
                date.hi,
                e.event_type,
                e.subtype,
                e.cameo,
                e.location,
                e.coordinates.map(|c| c.0),
                e.coordinates.map(|c| c.1),
                e.geo_precision,
                e.fatalities,
                e.description,
                self.sid,
                row_int(e.row),
            ])
            .map_err(at(path))?;
        if id >= self.next_event {
            self.next_event = id + 1;
        } else {
            self.statements
                .delete_actors
                .execute([id])
                .map_err(at(path))?;
        }
        if let Some(place) = e.location {
            self.refer(place);
        }
        for &(entity, role) in &e.participants {
            self.statements
                .insert_actor
                .execute(params![id, entity, role.as_str()])
                .map_err(at(path))?;
            self.refer(entity);
        }
        Ok(())
    }
}

fn row_int(row: u64) -> i64 {
    i64::try_from(row).unwrap_or(i64::MAX)
}

/// What to export: everything, or what concerns one entity, or a period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportFilter {
    /// Only this entity, the statements it is subject or object of, the events it took part
    /// in, and the entities those name.
    pub entity: Option<i64>,
    /// Only events, and statements with a valid time, overlapping these days (days since
    /// 1970-01-01, inclusive). Statements without a valid time are kept.
    pub from_day: Option<i64>,
    pub to_day: Option<i64>,
}

/// Where something exported came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportSource {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub ingested_at: String,
    pub format: String,
}

/// An entity to export, with its names and identifiers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportEntity {
    pub id: i64,
    pub entity_type: String,
    pub name: String,
    /// Every name but the preferred one, with its weak flag.
    pub names: Vec<(String, bool)>,
    /// (scheme, value).
    pub identifiers: Vec<(String, String)>,
    pub created_at: String,
    /// Indices into [`ExportData::sources`] of the sources that name it.
    pub sources: Vec<usize>,
}

/// A statement to export.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportStatement {
    pub id: i64,
    pub subject: i64,
    pub predicate: String,
    pub object_entity: Option<i64>,
    pub object_value: Option<String>,
    pub object_type: Option<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub confidence: f64,
    pub rule: String,
    pub status: String,
    /// Index into [`ExportData::sources`].
    pub source: usize,
    pub dataset_row: Option<i64>,
    /// The sentence the statement was read from, when it was read from text.
    pub sentence: Option<String>,
}

/// An event to export.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportEvent {
    pub id: i64,
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub event_type: String,
    pub subtype: Option<String>,
    pub kind: Option<String>,
    pub location: Option<i64>,
    pub coordinates: Option<(f64, f64)>,
    pub geo_precision: Option<i64>,
    pub fatalities: Option<i64>,
    pub description: Option<String>,
    /// Index into [`ExportData::sources`].
    pub source: usize,
    pub dataset_row: Option<i64>,
    /// The dataset's own key (ACLED's event_id_cnty) and whom it credits.
    pub key: Option<String>,
    pub cited: Option<String>,
    /// (entity, role).
    pub actors: Vec<(i64, String)>,
}

/// A consistent snapshot of what an export needs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportData {
    pub sources: Vec<ExportSource>,
    pub entities: Vec<ExportEntity>,
    pub statements: Vec<ExportStatement>,
    pub events: Vec<ExportEvent>,
}

impl ExportData {
    /// The entity with this id, if exported.
    pub fn entity(&self, id: i64) -> Option<&ExportEntity> {
        self.entities
            .binary_search_by_key(&id, |e| e.id)
            .ok()
            .and_then(|i| self.entities.get(i))
    }
}

impl Store {
    /// Reads what an export needs, in one read transaction: entities (merged ones left out),
    /// statements not rejected, events, and their sources, each list by id.
    pub fn export_data(&self, filter: &ExportFilter) -> Result<ExportData, StoreError> {
        let path = &self.path;
        let tx = self.conn.unchecked_transaction().map_err(at(path))?;
        let mut data = ExportData::default();
        let mut source_index: HashMap<i64, usize> = HashMap::new();
        {
            let mut st = tx
                .prepare(
                    "SELECT sid, id, title, publisher, url, published, ingested_at, format
                     FROM sources ORDER BY sid",
                )
                .map_err(at(path))?;
            let rows = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        ExportSource {
                            id: r.get(1)?,
                            title: r.get(2)?,
                            publisher: r.get(3)?,
                            url: r.get(4)?,
                            published: r.get(5)?,
                            ingested_at: r.get(6)?,
                            format: r.get(7)?,
                        },
                    ))
                })
                .map_err(at(path))?;
            for row in rows {
                let (sid, source) = row.map_err(at(path))?;
                source_index.insert(sid, data.sources.len());
                data.sources.push(source);
            }
        }
        let (lo, hi) = (
            filter.from_day.unwrap_or(i64::MIN),
            filter.to_day.unwrap_or(i64::MAX),
        );
        let mut wanted: HashSet<i64> = HashSet::new();
        {
            let mut st = tx
                .prepare(
                    "SELECT s.id, s.subject, s.predicate, s.object_entity, s.object_value,
                        s.object_type, s.valid_from, s.valid_to, s.confidence, s.rule, s.status,
                        s.source, s.dataset_row, s.valid_from_lo, s.valid_to_hi,
                        CASE WHEN s.sentence IS NULL THEN NULL ELSE
                            (SELECT t.text FROM sentences t
                             WHERE t.source = s.source AND t.idx = s.sentence) END
                     FROM statements s
                     JOIN entities a ON a.id = s.subject AND a.merged_into IS NULL
                     LEFT JOIN entities b ON b.id = s.object_entity
                     WHERE s.status <> 'rejected' AND (b.id IS NULL OR b.merged_into IS NULL)
                       AND (?1 IS NULL OR s.subject = ?1 OR s.object_entity = ?1)
                     ORDER BY s.id",
                )
                .map_err(at(path))?;
            let rows = st
                .query_map(params![filter.entity], |r| {
                    let from_lo: Option<i64> = r.get(13)?;
                    let to_hi: Option<i64> = r.get(14)?;
                    Ok((
                        ExportStatement {
                            id: r.get(0)?,
                            subject: r.get(1)?,
                            predicate: r.get(2)?,
                            object_entity: r.get(3)?,
                            object_value: r.get(4)?,
                            object_type: r.get(5)?,
                            valid_from: r.get(6)?,
                            valid_to: r.get(7)?,
                            confidence: r.get(8)?,
                            rule: r.get(9)?,
                            status: r.get(10)?,
                            source: 0,
                            dataset_row: r.get(12)?,
                            sentence: r.get(15)?,
                        },
                        r.get::<_, i64>(11)?,
                        from_lo,
                        to_hi,
                    ))
                })
                .map_err(at(path))?;
            for row in rows {
                let (mut s, sid, from_lo, to_hi) = row.map_err(at(path))?;
                if from_lo.is_some_and(|f| f > hi) || to_hi.is_some_and(|t| t < lo) {
                    continue;
                }
                s.source = source_index.get(&sid).copied().unwrap_or(0);
                wanted.insert(s.subject);
                wanted.extend(s.object_entity);
                data.statements.push(s);
            }
        }
        {
            let mut st = tx
                .prepare(
                    "SELECT e.id, e.date, e.date_precision, e.type, e.subtype, e.kind, e.location,
                        e.latitude, e.longitude, e.geo_precision, e.fatalities, e.description,
                        e.source, e.dataset_row, d.key, d.cited
                     FROM events e LEFT JOIN dataset_events d ON d.event = e.id
                     WHERE (e.date_lo IS NULL OR e.date_lo <= ?2)
                       AND (e.date_hi IS NULL OR e.date_hi >= ?1)
                       AND (?3 IS NULL OR EXISTS (SELECT 1 FROM event_actors a
                            WHERE a.event = e.id AND a.entity = ?3) OR e.location = ?3)
                     ORDER BY e.date_lo, e.id",
                )
                .map_err(at(path))?;
            let mut actors = tx
                .prepare(
                    "SELECT a.entity, a.role FROM event_actors a JOIN entities n ON n.id = a.entity
                     WHERE a.event = ?1 AND n.merged_into IS NULL ORDER BY a.role, a.entity",
                )
                .map_err(at(path))?;
            let filtered = filter.from_day.is_some() || filter.to_day.is_some();
            let rows = st
                .query_map(params![lo, hi, filter.entity], |r| {
                    let lat: Option<f64> = r.get(7)?;
                    let lon: Option<f64> = r.get(8)?;
                    Ok((
                        ExportEvent {
                            id: r.get(0)?,
                            date: r.get(1)?,
                            date_precision: r.get(2)?,
                            event_type: r.get(3)?,
                            subtype: r.get(4)?,
                            kind: r.get(5)?,
                            location: r.get(6)?,
                            coordinates: lat.zip(lon),
                            geo_precision: r.get(9)?,
                            fatalities: r.get(10)?,
                            description: r.get(11)?,
                            source: 0,
                            dataset_row: r.get(13)?,
                            key: r.get(14)?,
                            cited: r.get(15)?,
                            actors: Vec::new(),
                        },
                        r.get::<_, i64>(12)?,
                    ))
                })
                .map_err(at(path))?;
            for row in rows {
                let (mut e, sid) = row.map_err(at(path))?;
                if filtered && e.date.is_none() {
                    continue;
                }
                e.source = source_index.get(&sid).copied().unwrap_or(0);
                let found = actors
                    .query_map([e.id], |r| {
                        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                    })
                    .map_err(at(path))?;
                for a in found {
                    let a = a.map_err(at(path))?;
                    wanted.insert(a.0);
                    e.actors.push(a);
                }
                wanted.extend(e.location);
                data.events.push(e);
            }
        }
        if let Some(e) = filter.entity {
            wanted.insert(e);
        }
        {
            let mut st = tx
                .prepare(
                    "SELECT id, type, name, created_at FROM entities
                     WHERE merged_into IS NULL ORDER BY id",
                )
                .map_err(at(path))?;
            let mut names = tx
                .prepare("SELECT name, weak FROM names WHERE entity = ?1 ORDER BY id")
                .map_err(at(path))?;
            let mut ids = tx
                .prepare(
                    "SELECT DISTINCT scheme, value FROM identifiers WHERE entity = ?1
                     ORDER BY scheme, value",
                )
                .map_err(at(path))?;
            let mut used = tx
                .prepare(
                    "SELECT DISTINCT ns.source FROM names n JOIN name_sources ns ON ns.name = n.id
                     WHERE n.entity = ?1 ORDER BY ns.source",
                )
                .map_err(at(path))?;
            let rows = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })
                .map_err(at(path))?;
            let everything =
                filter.entity.is_none() && filter.from_day.is_none() && filter.to_day.is_none();
            for row in rows {
                let (id, entity_type, name, created_at) = row.map_err(at(path))?;
                if !everything && !wanted.contains(&id) {
                    continue;
                }
                let names: Vec<(String, bool)> = names
                    .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .map_err(at(path))?
                    .collect::<rusqlite::Result<Vec<(String, bool)>>>()
                    .map_err(at(path))?
                    .into_iter()
                    .filter(|(n, _)| *n != name)
                    .collect();
                let identifiers = ids
                    .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .map_err(at(path))?
                    .collect::<rusqlite::Result<_>>()
                    .map_err(at(path))?;
                let sources = used
                    .query_map([id], |r| r.get::<_, i64>(0))
                    .map_err(at(path))?
                    .collect::<rusqlite::Result<Vec<i64>>>()
                    .map_err(at(path))?
                    .into_iter()
                    .filter_map(|sid| source_index.get(&sid).copied())
                    .collect();
                data.entities.push(ExportEntity {
                    id,
                    entity_type,
                    name,
                    names,
                    identifiers,
                    created_at,
                    sources,
                });
            }
        }
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset() -> NewDataset {
        NewDataset {
            id: "ab".repeat(32),
            title: Some("events.csv".into()),
            format: SourceFormat::Csv,
            bytes: 10,
            ..NewDataset::default()
        }
    }

    fn triggers_fire(store: &Store) -> bool {
        store
            .conn
            .execute("UPDATE sources SET text = 'changed'", [])
            .is_err()
    }

    #[test]
    fn import_rows_keyed_and_triggers_back_on_after_commit_or_drop() {
        let mut store = Store::open_in_memory().unwrap();
        let mut w = store.begin_dataset(&dataset()).unwrap();
        assert!(w.is_new_source());
        let place = w.create_entity("town", "Gao", "gao").unwrap();
        let group = w
            .create_entity("armed_group", "Sand Front", "sand front")
            .unwrap();
        w.add_name(group, "SF", "sf", true).unwrap();
        w.add_identifier(group, "un_reference", "QDe.999", 1)
            .unwrap();
        let mut e = DatasetEvent {
            event_type: "battles".into(),
            location: Some(place),
            participants: vec![(group, Role::Actor)],
            row: 1,
            ..DatasetEvent::default()
        };
        assert_eq!(
            w.upsert_event("acled", "X1", 7, None, &e).unwrap(),
            RowOutcome::Added
        );
        e.row = 2;
        assert_eq!(
            w.upsert_event("acled", "X1", 7, None, &e).unwrap(),
            RowOutcome::Duplicate { first_row: 1 }
        );
        w.commit().unwrap();
        assert!(triggers_fire(&store));
        assert_eq!(
            store
                .entities_by_identifier("un_reference", "QDe.999")
                .unwrap(),
            [group]
        );
        let ids = store.identifiers(group).unwrap();
        assert_eq!(ids[0].dataset_row, Some(1));
        assert_eq!(ids[0].source.as_deref(), Some("ab".repeat(32).as_str()));

        // The same file again: the source is found, the row unchanged; a new fingerprint
        // updates it.
        let mut w = store.begin_dataset(&dataset()).unwrap();
        assert!(!w.is_new_source());
        e.row = 1;
        assert_eq!(
            w.upsert_event("acled", "X1", 7, None, &e).unwrap(),
            RowOutcome::Unchanged
        );
        assert_eq!(
            w.upsert_event("acled", "X1", 8, None, &e).unwrap(),
            RowOutcome::Updated
        );
        drop(w); // rolled back
        assert!(triggers_fire(&store));
        let fingerprint: i64 = store
            .conn
            .query_row("SELECT fingerprint FROM dataset_events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fingerprint, 7);
    }

    fn foreign_keys_on(store: &Store) -> bool {
        store
            .conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap()
    }

    fn index_sql(store: &Store) -> Vec<String> {
        let mut st = store
            .conn
            .prepare(
                "SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
                 AND tbl_name IN ('events', 'event_actors', 'dataset_events') ORDER BY name",
            )
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn event(row: u64, place: i64, actor: i64) -> DatasetEvent {
        DatasetEvent {
            event_type: "battles".into(),
            location: Some(place),
            participants: vec![(actor, Role::Actor)],
            row,
            ..DatasetEvent::default()
        }
    }

    #[test]
    fn a_missing_entity_fails_the_commit_and_nothing_is_stored() {
        let mut store = Store::open_in_memory().unwrap();
        let mut w = store.begin_dataset(&dataset()).unwrap();
        let place = w.create_entity("town", "Gao", "gao").unwrap();
        assert_eq!(
            w.upsert_event("acled", "X1", 1, None, &event(1, place, 987_654))
                .unwrap(),
            RowOutcome::Added
        );
        let e = w.commit().unwrap_err();
        assert!(e.to_string().contains("FOREIGN KEY"), "{e}");
        assert!(foreign_keys_on(&store));
        let stored: i64 = store
            .conn
            .query_row(
                "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM sources)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(stored, 0);

        // A row undone alone takes its references with it.
        let mut w = store.begin_dataset(&dataset()).unwrap();
        let place = w.create_entity("town", "Gao", "gao").unwrap();
        let group = w
            .create_entity("armed_group", "Sand Front", "sand front")
            .unwrap();
        w.begin_row().unwrap();
        w.upsert_event("acled", "X1", 1, None, &event(1, place, 987_654))
            .unwrap();
        w.end_row(false).unwrap();
        w.begin_row().unwrap();
        w.upsert_event("acled", "X2", 1, None, &event(2, place, group))
            .unwrap();
        w.end_row(true).unwrap();
        w.commit().unwrap();
        assert!(foreign_keys_on(&store));
        let violations: i64 = store
            .conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(violations, 0);
    }

    #[test]
    fn a_bulk_load_builds_the_same_indexes_again() {
        let mut store = Store::open_in_memory().unwrap();
        let before = index_sql(&store);
        assert!(before.len() >= 5, "{before:?}");
        let mut w = store.begin_dataset(&dataset()).unwrap();
        assert!(w.expect_rows(1000).unwrap());
        let during: i64 =
            w.tx.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'events_by_date'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(during, 0);
        let place = w.create_entity("town", "Gao", "gao").unwrap();
        let group = w
            .create_entity("armed_group", "Sand Front", "sand front")
            .unwrap();
        for row in 1..=40 {
            let key = format!("X{row}");
            assert_eq!(
                w.upsert_event("acled", &key, 1, None, &event(row, place, group))
                    .unwrap(),
                RowOutcome::Added
            );
        }
        w.commit().unwrap();
        assert_eq!(index_sql(&store), before);
        let by_place: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM events INDEXED BY events_by_location WHERE location = ?1",
                [place],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(by_place, 40);

        // Few rows into a store holding many: the indexes stay. Dropped without a commit:
        // everything as it was.
        let mut w = store.begin_dataset(&dataset()).unwrap();
        assert!(!w.expect_rows(2).unwrap());
        drop(w);
        let mut w = store.begin_dataset(&dataset()).unwrap();
        assert!(w.expect_rows(100).unwrap());
        drop(w);
        assert_eq!(index_sql(&store), before);
        assert!(foreign_keys_on(&store));
    }

    #[test]
    fn a_former_fingerprint_still_means_unchanged() {
        let mut store = Store::open_in_memory().unwrap();
        let mut w = store.begin_dataset(&dataset()).unwrap();
        let place = w.create_entity("town", "Gao", "gao").unwrap();
        let group = w
            .create_entity("armed_group", "Sand Front", "sand front")
            .unwrap();
        let e = event(1, place, group);
        w.upsert_event("acled", "X1", 7, None, &e).unwrap();
        w.commit().unwrap();
        let mut w = store.begin_dataset(&dataset()).unwrap();
        assert_eq!(
            w.upsert_event_as("acled", "X1", 9, &|| Some(7), None, &e)
                .unwrap(),
            RowOutcome::Unchanged
        );
        // Now stored with the new fingerprint.
        assert_eq!(
            w.upsert_event_as("acled", "X1", 9, &|| None, None, &e)
                .unwrap(),
            RowOutcome::Unchanged
        );
        assert_eq!(
            w.upsert_event_as("acled", "X1", 10, &|| Some(8), None, &e)
                .unwrap(),
            RowOutcome::Updated
        );
        w.commit().unwrap();
        let actors: i64 = store
            .conn
            .query_row("SELECT count(*) FROM event_actors", [], |r| r.get(0))
            .unwrap();
        assert_eq!(actors, 1);
    }

    #[test]
    fn bad_dataset_id_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let bad = NewDataset {
            id: "not hex".into(),
            ..dataset()
        };
        assert!(store.begin_dataset(&bad).is_err());
        assert!(triggers_fire(&store) || store.sources().unwrap().is_empty());
    }
}
