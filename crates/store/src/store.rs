//! Opening a store: checks before SQLite touches the file, connection settings, migrations.
//!
//! ```text
//! Store::open("kb.dossier")   missing file      ──►  created, WAL, migrated to the latest version
//!                             SQLite store v1   ──►  migrated forward in one transaction
//!                             "hello world\n"   ──►  Err(NotSqlite), file untouched
//!                             another app's db  ──►  Err(Foreign), file untouched
//! ```
//!
//! The first 100 bytes of an existing file are read before SQLite opens it: SQLite would
//! happily treat some non-database files as damaged databases, and dossier must never write
//! into a file that is not its own. `PRAGMA quick_check` runs only when something already looks
//! wrong (a damaged header, a CORRUPT or NOTADB error), to tell the user what.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{StoreError, at};
use crate::migrate;

/// How long a statement waits for another program's lock before giving up with
/// [`StoreError::Locked`].
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// The page size of new stores. Sources are long texts: on 20 MB of report sentences, 16 KiB
/// pages wrote 15-30% faster than SQLite's default 4 KiB, at the same file size.
const PAGE_SIZE: i64 = 16384;

/// How many prepared statements each connection keeps for reuse.
const STATEMENT_CACHE: usize = 64;

/// The magic string every SQLite 3 database file starts with.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// A dossier store: one SQLite file.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    /// False for [`Store::open_readonly`]: then nothing may be written, not even the index.
    pub(crate) writable: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// What the first bytes of a path say.
enum Header {
    /// No file: SQLite will create one.
    Absent,
    /// A zero-length file: SQLite treats it as a new database.
    Empty,
    /// A plausible SQLite header.
    Sqlite,
}

impl Store {
    /// Opens the store at `path` for reading and writing, creating the file if it is missing and
    /// migrating an older store forward. Never overwrites or deletes an existing file: a file that
    /// is not a dossier store is refused as it is.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        read_header(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(at(path))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            writable: true,
        };
        store.setup(true).map_err(|e| store.explain(e))?;
        // A run that stopped before indexing what it stored left it pending. Best effort: if
        // it cannot be done now (another program holds the lock, a row is damaged), the store
        // still opens, and the next search or `index_pending` reports why.
        if store.pending_sources()? > 0 {
            let _ = store.index_pending_now();
        }
        Ok(store)
    }

    /// Opens an existing store for reading only. The store must be at this build's schema
    /// version: an older one is refused with [`StoreError::Outdated`], since migrating writes.
    pub fn open_readonly(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        if let Header::Absent = read_header(path)? {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(at(path))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            writable: false,
        };
        store.setup(false).map_err(|e| store.explain(e))?;
        Ok(store)
    }

    /// A new, empty store in memory, for tests and one-off work.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = Path::new(":memory:");
        let conn = Connection::open_in_memory().map_err(at(path))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            writable: true,
        };
        store.setup(true)?;
        Ok(store)
    }

    /// The path the store was opened from (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open store (always [`crate::SCHEMA_VERSION`] once open).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(at(&self.path))
    }

    /// The journal mode SQLite reports: `wal` for a store on disk.
    pub fn journal_mode(&self) -> Result<String, StoreError> {
        self.conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .map_err(at(&self.path))
    }

    /// Checks the whole file (`PRAGMA quick_check`) and the foreign keys. Returns the problems
    /// found, none when the store is sound. Reads every page: slow on a big store.
    pub fn check(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = quick_check(&self.conn).map_err(at(&self.path))?;
        let mut st = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([], |r| {
                let table: String = r.get(0)?;
                let rowid: Option<i64> = r.get(1)?;
                let parent: String = r.get(2)?;
                Ok(match rowid {
                    Some(id) => format!("{table} row {id} refers to a missing {parent} row"),
                    None => format!("a {table} row refers to a missing {parent} row"),
                })
            })
            .map_err(at(&self.path))?;
        for row in rows {
            problems.push(row.map_err(at(&self.path))?);
        }
        Ok(problems)
    }

    /// Runs `f` in a transaction that takes the write lock at once (`BEGIN IMMEDIATE`), commits
    /// when it returns `Ok`, and rolls back otherwise.
    pub(crate) fn immediate<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(at(&self.path))?;
        let value = f(&tx)?;
        tx.commit().map_err(at(&self.path))?;
        Ok(value)
    }

    /// Connection settings, then the schema check or migration.
    fn setup(&mut self, writable: bool) -> Result<(), StoreError> {
        let path = self.path.clone();
        let conn = &mut self.conn;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(at(&path))?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(at(&path))?;
        if writable {
            // Nothing may be written (not even the journal mode) before the file is known
            // to be ours.
            if migrate::preflight(conn, &path)? == 0 {
                conn.pragma_update(None, "page_size", PAGE_SIZE)
                    .map_err(at(&path))?;
            }
            // A no-op for in-memory databases, which keep their "memory" journal.
            let _mode: String = conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
                .map_err(at(&path))?;
            conn.pragma_update(None, "synchronous", "NORMAL")
                .map_err(at(&path))?;
            migrate::migrate(conn, &path)
        } else {
            conn.pragma_update(None, "query_only", true)
                .map_err(at(&path))?;
            migrate::check_readable(conn, &path)
        }
    }

    /// Adds what `PRAGMA quick_check` says to a corruption error.
    fn explain(&self, err: StoreError) -> StoreError {
        match err {
            StoreError::Corrupt { path, detail } => {
                let detail = match quick_check(&self.conn) {
                    Ok(problems) if !problems.is_empty() => {
                        format!("{detail}; quick_check: {}", problems.join("; "))
                    }
                    _ => detail,
                };
                StoreError::Corrupt { path, detail }
            }
            other => other,
        }
    }
}

/// The first problems `PRAGMA quick_check` finds; none when it answers `ok`.
fn quick_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare("PRAGMA quick_check(10)")?;
    let lines = st
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}

/// Reads the first 100 bytes of `path` (the SQLite header) and refuses anything that is not a
/// SQLite database or whose header is damaged.
fn read_header(path: &Path) -> Result<Header, StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Header::Absent),
        Err(e) => return Err(io(e)),
    };
    let mut header = [0u8; 100];
    let mut len = 0;
    while len < header.len() {
        match file.read(&mut header[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(io(e)),
        }
    }
    if len == 0 {
        return Ok(Header::Empty);
    }
    if len < header.len() || &header[..16] != SQLITE_MAGIC {
        return Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    if let Some(problem) = header_problem(&header) {
        let detail = match damaged_header_check(path) {
            Some(found) => format!("{problem}; quick_check: {found}"),
            None => problem.to_string(),
        };
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail,
        });
    }
    Ok(Header::Sqlite)
}

/// What is wrong with a header that starts with the SQLite magic string, if anything.
fn header_problem(h: &[u8; 100]) -> Option<&'static str> {
    let page_size = u32::from(u16::from_be_bytes([h[16], h[17]]));
    let page_size = if page_size == 1 { 65536 } else { page_size };
    if !(512..=65536).contains(&page_size) || !page_size.is_power_of_two() {
        return Some("the file header gives an impossible page size");
    }
    if !(1..=2).contains(&h[18]) || !(1..=2).contains(&h[19]) {
        return Some("the file header gives an unknown file format version");
    }
    if h[21] != 64 || h[22] != 32 || h[23] != 32 {
        return Some("the file header gives impossible payload fractions");
    }
    None
}

/// Runs `PRAGMA quick_check` on a file whose header looks damaged, read-only, for the message.
fn damaged_header_check(path: &Path) -> Option<String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).ok()?;
    match quick_check(&conn) {
        Ok(problems) if problems.is_empty() => None,
        Ok(problems) => Some(problems.join("; ")),
        Err(e) => Some(e.to_string()),
    }
}
