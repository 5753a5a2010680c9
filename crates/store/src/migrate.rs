//! Versioned schema migrations, tracked with `PRAGMA user_version`.
//!
//! ```text
//! new file         ──open──►  BEGIN IMMEDIATE; 0001_core.sql; 0002_search.sql; 0003_facts.sql;
//!                             application_id = DOSS; user_version = 3; COMMIT
//! user_version 1   ──open──►  BEGIN IMMEDIATE; 0002_search.sql; 0003_facts.sql;
//!                             user_version = 3; COMMIT
//! user_version 9   ──open──►  Err(TooNew { found: 9, supported: 3 })
//! ```
//!
//! Migration files are frozen once shipped: a store written by an older dossier must migrate
//! forward exactly as it did then (`tests/compat.rs` checks this against a frozen version 1
//! file). All pending migrations run in one transaction, so a failure leaves the file as it was.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{StoreError, at};

/// One migration: the schema version it produces and its SQL.
pub(crate) struct Migration {
    pub version: i64,
    pub sql: &'static str,
}

/// Every migration, in order; migration `n` (from 1) produces version `n`.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: include_str!("../migrations/0001_core.sql"),
    },
    Migration {
        version: 2,
        sql: include_str!("../migrations/0002_search.sql"),
    },
    Migration {
        version: 3,
        sql: include_str!("../migrations/0003_facts.sql"),
    },
    Migration {
        version: 4,
        sql: include_str!("../migrations/0004_users.sql"),
    },
    Migration {
        version: 5,
        sql: include_str!("../migrations/0005_imports.sql"),
    },
    Migration {
        version: 6,
        sql: include_str!("../migrations/0006_resolution.sql"),
    },
    Migration {
        version: 7,
        sql: include_str!("../migrations/0007_question_indexes.sql"),
    },
];

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The SQLite application id of dossier stores: "DOSS" in ASCII. `file` reports it, and dossier
/// refuses SQLite files that carry another.
pub const APPLICATION_ID: i64 = 0x444F_5353;

/// What a database holds, as far as migrations are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    /// No schema at all: a new file.
    Empty,
    /// A dossier store at this schema version.
    Version(i64),
    /// Some other program's database.
    Foreign,
}

/// Reads the state of the database behind `conn`.
pub(crate) fn state(conn: &Connection) -> rusqlite::Result<State> {
    let app: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    Ok(
        if objects == 0 && version == 0 && (app == 0 || app == APPLICATION_ID) {
            State::Empty
        } else if app != APPLICATION_ID || version == 0 {
            State::Foreign
        } else {
            State::Version(version)
        },
    )
}

/// Checks that a store can be read by this build without writing to it.
pub(crate) fn check_readable(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    match state(conn).map_err(at(path))? {
        State::Version(SCHEMA_VERSION) => Ok(()),
        State::Version(found) if found > SCHEMA_VERSION => Err(too_new(path, found)),
        State::Version(found) => Err(StoreError::Outdated {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        }),
        State::Empty => Err(StoreError::Outdated {
            path: path.to_path_buf(),
            found: 0,
            supported: SCHEMA_VERSION,
        }),
        State::Foreign => Err(StoreError::Foreign {
            path: path.to_path_buf(),
        }),
    }
}

/// Refuses, before anything is written, a database that is not a dossier store or is newer
/// than this build. Returns the version found, 0 for a new database.
pub(crate) fn preflight(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    check_migratable(state(conn).map_err(at(path))?, path)
}

/// Brings the store up to [`SCHEMA_VERSION`]. Takes the write lock only when there is work.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    migrate_to(conn, path, SCHEMA_VERSION)
}

/// Brings the store up to `target` (at most [`SCHEMA_VERSION`]), in one transaction.
pub(crate) fn migrate_to(
    conn: &mut Connection,
    path: &Path,
    target: i64,
) -> Result<(), StoreError> {
    let from = match state(conn).map_err(at(path))? {
        State::Version(v) if v == target => return Ok(()),
        state => state,
    };
    check_migratable(from, path)?;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(at(path))?;
    // Another process may have migrated between the first look and the lock.
    let from = state(&tx).map_err(at(path))?;
    let current = check_migratable(from, path)?;
    if current >= target {
        return Ok(());
    }
    for m in MIGRATIONS
        .iter()
        .filter(|m| m.version > current && m.version <= target)
    {
        tx.execute_batch(m.sql).map_err(at(path))?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(at(path))?;
    tx.pragma_update(None, "user_version", target)
        .map_err(at(path))?;
    tx.commit().map_err(at(path))
}

/// The version to migrate from, or why the store cannot be migrated.
fn check_migratable(state: State, path: &Path) -> Result<i64, StoreError> {
    match state {
        State::Empty => Ok(0),
        State::Version(found) if found > SCHEMA_VERSION => Err(too_new(path, found)),
        State::Version(found) => Ok(found),
        State::Foreign => Err(StoreError::Foreign {
            path: path.to_path_buf(),
        }),
    }
}

fn too_new(path: &Path, found: i64) -> StoreError {
    StoreError::TooNew {
        path: path.to_path_buf(),
        found,
        supported: SCHEMA_VERSION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_numbered_from_one_without_gaps() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1);
        }
    }

    #[test]
    fn migrates_step_by_step_to_the_same_schema_as_all_at_once() {
        let path = Path::new(":memory:");
        let mut stepwise = Connection::open_in_memory().unwrap();
        for v in 1..=SCHEMA_VERSION {
            migrate_to(&mut stepwise, path, v).unwrap();
            assert_eq!(state(&stepwise).unwrap(), State::Version(v));
        }
        let mut direct = Connection::open_in_memory().unwrap();
        migrate(&mut direct, path).unwrap();
        let schema = |c: &Connection| -> Vec<String> {
            let mut st = c
                .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
                .unwrap();
            st.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(schema(&stepwise), schema(&direct));
    }

    #[test]
    fn a_database_of_another_program_is_foreign() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT)")
            .unwrap();
        let err = migrate(&mut conn, Path::new("notes.db")).unwrap_err();
        assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
        let err = check_readable(&conn, Path::new("notes.db")).unwrap_err();
        assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
    }
}
