//! Compatibility: a store written by schema version 1 (frozen in `tests/compat/v1.db`, made
//! once by `examples/freeze_v1.rs`) opens, migrates forward and reads back intact.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{counts, raw};
use dossier_model::Span;
use dossier_store::{CitationStyle, SCHEMA_VERSION, SentenceKind, SourceFormat, SourceKind, Store};

const V1: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/compat/v1.db");
const ID: &str = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";

/// A copy of the frozen file to work on.
fn copy_v1() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    fs::copy(V1, &path).unwrap();
    (dir, path)
}

/// The schema objects of a database: (type, name, sql), by name.
fn schema(conn: &rusqlite::Connection) -> Vec<(String, String, Option<String>)> {
    let mut st = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY name")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_frozen_file_is_version_1_of_the_shipped_schema() {
    let conn =
        rusqlite::Connection::open_with_flags(V1, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
    // If this fails, migrations/0001_core.sql was edited after shipping: put the change in a
    // new migration instead.
    let fresh = rusqlite::Connection::open_in_memory().unwrap();
    fresh
        .execute_batch(include_str!("../migrations/0001_core.sql"))
        .unwrap();
    assert_eq!(schema(&conn), schema(&fresh));
}

#[test]
fn a_version_1_store_migrates_forward_and_reads_back() {
    let (_dir, path) = copy_v1();
    let before = counts(&raw(&path));

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.journal_mode().unwrap(), "wal");

    let list = store.sources().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, ID);
    assert_eq!(
        list[0].title.as_deref(),
        Some("ISWAP on the Lake Chad islands")
    );
    assert_eq!(
        list[0].published.map(|d| d.to_string()).as_deref(),
        Some("2021-06")
    );
    assert_eq!((list[0].sentences, list[0].citations), (3, 1));
    assert_eq!(list[0].ingested_at, "2024-01-15T10:00:00.000Z");

    let source = store.source("5CA1AB1E").unwrap();
    assert_eq!(source.kind, Some(SourceKind::Analysis));
    assert_eq!(source.format, SourceFormat::Markdown);
    assert_eq!(source.publisher.as_deref(), Some("Sahel Notes"));

    let sentences = store.sentences(ID).unwrap();
    let texts: Vec<(&str, SentenceKind)> = sentences
        .iter()
        .map(|s| (s.text.as_str(), s.kind))
        .collect();
    assert_eq!(
        texts,
        vec![
            ("ISWAP on the Lake Chad islands", SentenceKind::Title),
            (
                "Fighters of the Islamic State West Africa Province moved between islands on Lake Chad by boat during the 2021 dry season.",
                SentenceKind::Body
            ),
            (
                "Fishermen near Baga said the group took a levy on every catch.",
                SentenceKind::Body
            ),
        ]
    );
    for s in &sentences {
        assert_eq!(s.span.slice(&source.text), s.text);
        assert_eq!(s.file_span, Span::new(s.span.start + 2, s.span.end + 2));
    }

    // Version 1 wrote the citation's strings out in full (not as ranges of the text).
    let citations = store.citations(ID).unwrap();
    assert_eq!(citations.len(), 1);
    assert_eq!(citations[0].title.as_deref(), Some("Levies on the lake"));
    assert_eq!(
        citations[0].publisher.as_deref(),
        Some("Lake Basin Observer")
    );
    assert_eq!(citations[0].style, Some(CitationStyle::Footnote));
    assert_eq!(
        citations[0].date.map(|d| d.to_string()).as_deref(),
        Some("2021-05-12")
    );
    assert_eq!(citations[0].sentences, vec![1]);
    assert_eq!(
        citations[0].raw,
        "Lake Basin Observer, \"Levies on the lake\", 12 May 2021."
    );
    let figures = store.figures(ID).unwrap();
    assert_eq!(figures[0].credit.as_deref(), Some("satellite imagery"));

    // Migration 2 left the version 1 source pending; opening for writing indexed it.
    assert_eq!(store.pending_sources().unwrap(), 0);
    let hits = store.search("levy baga", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].sentence, 2);
    assert_eq!(
        hits[0].snippet.marked("<", ">"),
        "Fishermen near <Baga> said the group took a <levy> on every catch."
    );
    assert!(store.check().unwrap().is_empty());
    drop(store);
    // An existing file keeps its page size.
    let page_size: i64 = raw(&path)
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(page_size, 1024);

    // Nothing was lost on the way.
    assert_eq!(counts(&raw(&path)), before);
    raw(&path)
        .execute_batch("INSERT INTO sentence_search (sentence_search) VALUES ('integrity-check')")
        .unwrap();
}

#[test]
fn a_version_1_store_cannot_be_opened_read_only() {
    let (_dir, path) = copy_v1();
    let err = Store::open_readonly(&path).unwrap_err();
    assert!(
        matches!(err, dossier_store::StoreError::Outdated { found: 1, .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("open it once for writing"),
        "{err}"
    );
    assert!(fs::read(&path).unwrap() == fs::read(Path::new(V1)).unwrap());
}

#[test]
fn a_migrated_store_takes_new_sources() {
    let (_dir, path) = copy_v1();
    let mut store = Store::open(&path).unwrap();
    store
        .insert_source(&common::report(&common::id("a1")))
        .unwrap();
    assert_eq!(store.sources().unwrap().len(), 2);
    assert_eq!(store.search("Afgooye", 10).unwrap().len(), 2);
}
