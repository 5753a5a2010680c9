//! The store's errors: each names the file and says what the user can do.
//!
//! ```text
//! Store::open("notes.txt")          ──►  NotSqlite { path: "notes.txt" }
//!   "notes.txt: not a SQLite database; dossier left the file untouched"
//! SQLITE_BUSY after the busy timeout ──►  Locked { path }
//! SQLITE_CORRUPT / SQLITE_NOTADB     ──►  Corrupt { path, detail }
//! ```

use std::path::{Path, PathBuf};

use dossier_model::Span;
use rusqlite::ErrorCode;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: not a SQLite database; dossier left the file untouched", .path.display())]
    NotSqlite { path: PathBuf },

    #[error(
        "{}: a SQLite database, but not a dossier store; dossier left it untouched",
        .path.display()
    )]
    Foreign { path: PathBuf },

    #[error(
        "{}: the database is damaged ({detail}); dossier left it untouched, restore it from a backup",
        .path.display()
    )]
    Corrupt { path: PathBuf, detail: String },

    #[error(
        "{}: the database is locked by another program; try again when it has finished",
        .path.display()
    )]
    Locked { path: PathBuf },

    #[error(
        "{}: the store has format version {found}, but this dossier reads versions up to {supported}; upgrade dossier to open it",
        .path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error(
        "{}: the store has format version {found} and must be upgraded to version {supported}; open it once for writing (any `dossier ingest`) to upgrade it",
        .path.display()
    )]
    Outdated {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("{}: no such store", .path.display())]
    Missing { path: PathBuf },

    #[error("{}: cannot read the file: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("source {id}: {problem}")]
    Invalid { id: String, problem: Problem },

    #[error("`{prefix}` is not a source id: give at least 6 hex digits (0-9, a-f)")]
    BadPrefix { prefix: String },

    #[error("no source id starts with `{prefix}`")]
    NoSuchSource { prefix: String },

    #[error("there is no judgement {id} (see `dossier assess list`)")]
    NoSuchAssessment { id: i64 },

    #[error("`{status}` is not a judgement status (expected open, came_true or did_not)")]
    BadStatus { status: String },

    #[error(
        "`{prefix}` is ambiguous: it starts {} source ids ({}); give more digits",
        .matches.len(),
        .matches.join(", ")
    )]
    Ambiguous {
        prefix: String,
        matches: Vec<String>,
    },

    #[error(
        "{}: {sources} stored sources are not in the search index yet, and the store is open read-only; open it once for writing (any `dossier ingest`) to index them",
        .path.display()
    )]
    SearchPending { path: PathBuf, sources: usize },

    #[error("the search query has no words to search for")]
    EmptyQuery,

    #[error("the search query has {terms} terms; at most {limit} are allowed")]
    QueryTooLong { terms: usize, limit: usize },

    #[error("{}: unexpected value {value:?} in column {table}.{column}", .path.display())]
    BadValue {
        path: PathBuf,
        table: &'static str,
        column: &'static str,
        value: String,
    },

    #[error("{}: {source}", .path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

/// What is wrong with a source given to [`crate::Store::insert_source`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("the id must be 16 to 128 lowercase hex digits")]
    Id,
    #[error("the text is {len} bytes, over the store's limit of {limit} bytes")]
    TooLarge { len: usize, limit: usize },
    #[error("{count} sentences, over the store's limit of {limit}")]
    TooManySentences { count: usize, limit: usize },
    #[error("{what} {index}: span {span} is outside the text ({len} bytes) or cuts a character")]
    Span {
        what: &'static str,
        index: usize,
        span: Span,
        len: usize,
    },
    #[error("sentence {index}: span {span} is outside the original file ({bytes} bytes)")]
    FileSpan {
        index: usize,
        span: Span,
        bytes: u64,
    },
    #[error(
        "citation {citation} supports sentence {sentence}, but the source has {count} sentences"
    )]
    CitationSentence {
        citation: usize,
        sentence: usize,
        count: usize,
    },
    #[error("{what} {index}: {field} {value} is out of range (the source has {count} {of})")]
    Index {
        what: &'static str,
        index: usize,
        field: &'static str,
        value: usize,
        count: usize,
        of: &'static str,
    },
    #[error("{what} {index}: {reason}")]
    Value {
        what: &'static str,
        index: usize,
        reason: &'static str,
    },
    #[error("entity {index}: no stored entity has id {id}")]
    NoSuchEntity { index: usize, id: i64 },
}

/// Turns a SQLite error into a [`StoreError`] naming `path`: busy and locked become
/// [`StoreError::Locked`], corrupt and not-a-database become [`StoreError::Corrupt`].
pub(crate) fn sql(path: &Path, err: rusqlite::Error) -> StoreError {
    match err.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked {
            path: path.to_path_buf(),
        },
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: err.to_string(),
        },
        _ => StoreError::Sqlite {
            path: path.to_path_buf(),
            source: err,
        },
    }
}

/// A closure for `map_err` that names `path`.
pub(crate) fn at(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |err| sql(path, err)
}
