//! The embedded store of dossier: one SQLite file (WAL, foreign keys on, FTS5), a schema a
//! person can read with any SQLite tool, versioned migrations and one transaction per source.
//!
//! ```text
//! let mut store = Store::open("kb.dossier")?;        // created, or migrated forward
//! store.insert_source(&new_source)?;                 // Added, or Unchanged if already there
//! store.index_pending()?;                            // once, after a run of inserts
//! store.search("Ansar Dine", 10)?;                   // [SearchHit { source, sentence, snippet }]
//! store.citations("9f2c4e")?;                        // by unique id prefix
//! store.source_entities("9f2c4e")?;                  // [SourceEntity { name: "JNIM", .. }]
//! store.known_names()?;                              // every stored name, for extraction
//! ```
//!
//! **Architecture invariant: everything read from a source belongs to it.** Sentences and
//! citations are packed into the source's own row (JSON arrays, shown as rows by views);
//! figures, mentions, statements, events and assessments have a `source` column that is
//! `NOT NULL REFERENCES sources (sid) ON DELETE CASCADE`, and triggers check that the sentence
//! or citation they name is one of that source's, so no reference crosses into another source.
//! Deleting a source deletes all of it, its sentences in the full-text index included.
//! Entities, names and judgements are shared: they outlive the sources that mention them.
//!
//! **Architecture invariant: every stored source is searchable or pending.** A source is
//! written with a `search_pending` row in the same transaction; [`Store::index_pending`]
//! indexes every pending source in one transaction and clears the list. A search on a writable
//! store indexes what is pending first; a read-only store reports
//! [`StoreError::SearchPending`] rather than give incomplete results.
//!
//! Other rules the code keeps:
//! - a source's id is its content hash; storing the same id again writes nothing; its text
//!   and sentences never change (a trigger refuses it);
//! - a write either stores a whole source or nothing of it;
//! - an existing file that is not a dossier store, or is damaged, or is newer than this build,
//!   is refused and never written to;
//! - the schema is in `migrations/NNNN_*.sql`, frozen once shipped; `PRAGMA user_version`
//!   holds the version and `tests/compat/v1.db` keeps a version 1 file to migrate in tests.

mod assessments;
mod error;
mod facts;
mod imports;
mod kinds;
mod knowledge;
mod migrate;
mod new;
mod pack;
mod questions;
mod read;
mod resolution;
mod rows;
mod search;
mod snippet;
mod store;
mod users;
mod write;

pub use assessments::{AssessmentRow, STATUSES};
pub use error::{Problem, StoreError};
pub use kinds::{
    CitationStyle, Reliability, Role, SentenceKind, SourceFormat, SourceKind, UnknownValue,
    ValueType,
};
pub use knowledge::{
    EntityRef, EntitySummary, KnownNameRow, Participant, SourceEntity, StoredAssessment,
    StoredEvent, StoredMention, StoredObject, StoredStatement,
};
pub use migrate::{APPLICATION_ID, SCHEMA_VERSION};
pub use new::{
    Inserted, NewAssessment, NewCitation, NewEntity, NewEvent, NewFigure, NewMention, NewName,
    NewObject, NewSentence, NewSource, NewStatement,
};
pub use read::MIN_PREFIX;
pub use rows::{SourceSummary, StoredCitation, StoredFigure, StoredSentence, StoredSource};
pub use search::{MAX_QUERY_TERMS, SearchHit, Snippet, fts_query};
pub use store::{BUSY_TIMEOUT, Store};
pub use write::{MAX_SENTENCES, MAX_TEXT_BYTES};
// Each area's module exports its own types (the modules are owned by different issues).
pub use imports::*;
pub use questions::*;
pub use resolution::*;
pub use users::*;
