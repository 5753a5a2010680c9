//! The embedded store of dossier: one SQLite file (WAL, foreign keys on, FTS5), a schema a
//! person can read with any SQLite tool, versioned migrations and one transaction per source.
//!
//! ```text
//! let mut store = Store::open("kb.dossier")?;        // created, or migrated forward
//! store.insert_source(&new_source)?;                 // Added, or Unchanged if already there
//! store.search("Ansar Dine", 10)?;                   // [SearchHit { source, sentence, snippet }]
//! store.citations("9f2c4e")?;                        // by unique id prefix
//! ```
//!
//! **Architecture invariant: everything read from a source belongs to it.** Every sentence,
//! figure, citation, mention, statement, event and assessment has a `source` column that is
//! `NOT NULL REFERENCES sources (id) ON DELETE CASCADE`; rows of a source refer to each other by
//! `(source, idx)` composite foreign keys, so no reference crosses into another source; and
//! deleting a source deletes all of them (the full-text index follows through triggers).
//! Entities, names and judgements are shared: they outlive the sources that mention them.
//!
//! Other rules the code keeps:
//! - a source's id is its content hash; storing the same id again writes nothing;
//! - a write either stores a whole source or nothing of it;
//! - an existing file that is not a dossier store, or is damaged, or is newer than this build,
//!   is refused and never written to;
//! - the schema is in `migrations/NNNN_*.sql`, frozen once shipped; `PRAGMA user_version`
//!   holds the version and `tests/compat/v1.db` keeps a version 1 file to migrate in tests.

mod error;
mod kinds;
mod migrate;
mod new;
mod read;
mod rows;
mod search;
mod store;
mod write;

pub use error::{Problem, StoreError};
pub use kinds::{CitationStyle, Reliability, SentenceKind, SourceFormat, SourceKind, UnknownValue};
pub use migrate::{APPLICATION_ID, SCHEMA_VERSION};
pub use new::{Inserted, NewCitation, NewFigure, NewSentence, NewSource};
pub use read::MIN_PREFIX;
pub use rows::{SourceSummary, StoredCitation, StoredFigure, StoredSentence, StoredSource};
pub use search::{MAX_QUERY_TERMS, SearchHit, Snippet, fts_query};
pub use store::{BUSY_TIMEOUT, Store};
pub use write::MAX_TEXT_BYTES;
