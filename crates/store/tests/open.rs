//! Opening stores: creating, reopening, refusing what is not ours, locks.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{id, raw, report, tiny};
use dossier_store::{Inserted, SCHEMA_VERSION, Store, StoreError};

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.dossier");
    (dir, path)
}

/// The names of the files in `dir`, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn creates_a_wal_store_and_reopens_it() {
    let (_dir, path) = temp();
    {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.journal_mode().unwrap(), "wal");
        assert_eq!(store.path(), path.as_path());
        assert_eq!(
            store.insert_source(&report(&id("a1"))).unwrap(),
            Inserted::Added
        );
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.journal_mode().unwrap(), "wal");
    let sources = store.sources().unwrap();
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0].id, id("a1"));
    assert!(store.check().unwrap().is_empty());

    let conn = raw(&path);
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, dossier_store::APPLICATION_ID);
    let page_size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(page_size, 16384);
}

#[test]
fn opens_read_only() {
    let (dir, path) = temp();
    Store::open(&path)
        .unwrap()
        .insert_source(&report(&id("a1")))
        .unwrap();
    let mut store = Store::open_readonly(&path).unwrap();
    assert_eq!(store.sentences(&id("a1")[..8]).unwrap().len(), 3);
    let err = store
        .insert_source(&tiny(&id("b2"), "One more."))
        .unwrap_err();
    assert!(matches!(err, StoreError::Sqlite { .. }), "{err}");
    assert_eq!(store.sources().unwrap().len(), 1);

    let missing = dir.path().join("nothing.dossier");
    let err = Store::open_readonly(&missing).unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }), "{err}");
    assert!(!missing.exists());
}

#[test]
fn refuses_a_store_newer_than_this_build() {
    let (_dir, path) = temp();
    drop(Store::open(&path).unwrap());
    raw(&path)
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let before = fs::read(&path).unwrap();

    let err = Store::open(&path).unwrap_err();
    match &err {
        StoreError::TooNew {
            found, supported, ..
        } => assert_eq!((*found, *supported), (99, SCHEMA_VERSION)),
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("upgrade dossier"), "{err}");
    let err = Store::open_readonly(&path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(fs::read(&path).unwrap() == before, "the file was changed");
}

#[test]
fn refuses_files_that_are_not_sqlite_and_leaves_them_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "notes.txt",
            b"Meeting notes: call the Mogadishu office.\n".to_vec(),
        ),
        ("binary.bin", (0..=255u8).cycle().take(8192).collect()),
        ("short.db", b"SQLite format 3\0 but cut short".to_vec()),
    ];
    // A report saved under the store's name by mistake, longer than a SQLite header.
    cases.push(("kb.dossier", "Rapport sur Kidal. ".repeat(200).into_bytes()));
    for (name, bytes) in &cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::NotSqlite { .. }), "{name}: {err}");
        assert!(err.to_string().contains("not a SQLite database"), "{err}");
        let err = Store::open_readonly(&path).unwrap_err();
        assert!(matches!(err, StoreError::NotSqlite { .. }), "{name}: {err}");
        assert!(&fs::read(&path).unwrap() == bytes, "{name} was changed");
    }
    let mut expected: Vec<String> = cases.iter().map(|(n, _)| n.to_string()).collect();
    expected.sort();
    assert_eq!(files(dir.path()), expected, "no -wal or -shm files appear");
}

#[test]
fn refuses_another_programs_database_and_leaves_it_alone() {
    let (_dir, path) = temp();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE contacts (name TEXT, phone TEXT);
         INSERT INTO contacts VALUES ('desk', '+252 1 000 000');",
    )
    .unwrap();
    drop(conn);
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
    assert!(fs::read(&path).unwrap() == before, "the file was changed");
}

#[test]
fn opens_an_empty_file_as_a_new_store() {
    let (_dir, path) = temp();
    fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn reports_a_damaged_store_as_corrupt_and_leaves_it_alone() {
    let (dir, path) = temp();
    {
        let mut store = Store::open(&path).unwrap();
        store.insert_source(&report(&id("a1"))).unwrap();
    }
    let good = fs::read(&path).unwrap();

    // The schema table's page, scribbled over after the 100-byte file header.
    let mut bytes = good.clone();
    bytes[100..1024].fill(0xA5);
    let damaged = dir.path().join("damaged.dossier");
    fs::write(&damaged, &bytes).unwrap();
    let err = Store::open(&damaged).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("damaged"), "{err}");
    assert!(fs::read(&damaged).unwrap() == bytes, "the file was changed");

    // A header with an impossible page size.
    let mut bytes = good.clone();
    bytes[16..18].copy_from_slice(&1000u16.to_be_bytes());
    let header = dir.path().join("header.dossier");
    fs::write(&header, &bytes).unwrap();
    let err = Store::open(&header).unwrap_err();
    match &err {
        StoreError::Corrupt { detail, .. } => {
            assert!(
                detail.starts_with("the file header gives an impossible page size"),
                "{detail}"
            )
        }
        other => panic!("{other}"),
    }
    assert!(fs::read(&header).unwrap() == bytes, "the file was changed");
}

#[test]
fn a_store_locked_by_another_writer_is_reported_as_locked() {
    let (_dir, path) = temp();
    drop(Store::open(&path).unwrap());
    let other = raw(&path);
    other
        .execute_batch(
            "BEGIN EXCLUSIVE;
             INSERT INTO entities (type, name) VALUES ('armed_group', 'Al-Shabaab');",
        )
        .unwrap();
    // WAL lets the store open and read while the other connection writes...
    let mut store = Store::open(&path).unwrap();
    assert!(store.sources().unwrap().is_empty());
    // ...but not write.
    let err = store
        .insert_source(&tiny(&id("c3"), "Blocked."))
        .unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    assert!(
        err.to_string().contains("locked by another program"),
        "{err}"
    );
    other.execute_batch("ROLLBACK").unwrap();
    assert_eq!(
        store
            .insert_source(&tiny(&id("c3"), "Free again."))
            .unwrap(),
        Inserted::Added
    );
}

#[test]
fn a_store_locked_in_rollback_journal_mode_cannot_be_opened() {
    let (_dir, path) = temp();
    drop(Store::open(&path).unwrap());
    let other = raw(&path);
    other
        .execute_batch(
            "PRAGMA journal_mode = DELETE;
             BEGIN EXCLUSIVE;
             INSERT INTO entities (type, name) VALUES ('armed_group', 'Boko Haram');",
        )
        .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    other.execute_batch("COMMIT").unwrap();
    drop(other);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.journal_mode().unwrap(), "wal");
}

#[test]
fn a_directory_is_not_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err}");
    assert!(files(dir.path()).is_empty());
}

#[test]
fn in_memory_stores_work() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        store.insert_source(&report(&id("a1"))).unwrap(),
        Inserted::Added
    );
    assert_eq!(store.search("Afgooye", 5).unwrap().len(), 2);
}
