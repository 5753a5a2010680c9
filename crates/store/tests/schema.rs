//! The schema's own guarantees, checked with plain SQL behind the API: the cascade from
//! sources (search index included), append-only judgements, references that cannot cross
//! sources, CHECK constraints, fixed texts, and the views that show packed rows.

mod common;

use common::{counts, id, indexed, raw, report, report_text, tiny};
use dossier_store::Store;

/// A store file holding the report and, written with SQL, one of everything that hangs off a
/// source: mention, statement with citation, event with actor, assessment, name use.
fn populated() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.dossier");
    let mut store = Store::open(&path).unwrap();
    store.insert_source(&report(&id("a1"))).unwrap();
    store
        .insert_source(&tiny(&id("b2"), "Al-Shabaab also taxes traders in Jilib."))
        .unwrap();
    store.index_pending().unwrap();
    assert_eq!((sid(&path, "a1"), sid(&path, "b2")), (1, 2));
    // Source 1 is the report (3 sentences, 2 citations), source 2 the tiny one (1, 0).
    raw(&path)
        .execute_batch(
            "INSERT INTO entities (id, type, name) VALUES (1, 'armed_group', 'Al-Shabaab'),
                                                        (2, 'town', 'Afgooye');
             INSERT INTO names (id, entity, name, folded) VALUES (1, 1, 'Al-Shabaab', 'shabab');
             INSERT INTO name_sources (name, source) VALUES (1, 1), (1, 2);
             INSERT INTO mentions (source, sentence, byte_start, byte_end, text, kind, entity)
                 VALUES (1, 1, 0, 10, 'Al-Shabaab', 'armed_group', 1);
             INSERT INTO statements (id, subject, predicate, object_entity, source, sentence,
                 rule, confidence)
                 VALUES (1, 1, 'operates_in', 2, 1, 1, 'test.operates', 0.8);
             INSERT INTO statement_citations (statement, citation) VALUES (1, 1);
             INSERT INTO events (id, date, date_precision, date_lo, date_hi, type, subtype,
                 location, fatalities, source, sentence)
                 VALUES (1, '2023-03-03', 'day', 19419, 19419, 'battles', 'armed_clash', 2, 4,
                         1, 1);
             INSERT INTO event_actors (event, entity, role) VALUES (1, 1, 'actor');
             INSERT INTO assessments (source, sentence, claim, phrase, band)
                 VALUES (1, 2, 'the group will keep raiding bases', 'likely', 'likely');
             INSERT INTO judgements (left_entity, right_entity, judgement, analyst)
                 VALUES (1, 2, 'different', 'test');",
        )
        .unwrap();
    (dir, path, store)
}

/// The integer key of the source whose id repeats `seed`.
fn sid(path: &std::path::Path, seed: &str) -> i64 {
    raw(path)
        .query_row("SELECT sid FROM sources WHERE id = ?1", [id(seed)], |r| {
            r.get(0)
        })
        .unwrap()
}

fn count(conn: &rusqlite::Connection, table: &str) -> i64 {
    counts(conn)
        .into_iter()
        .find(|(t, _)| *t == table)
        .map(|(_, n)| n)
        .unwrap()
}

#[test]
fn deleting_a_source_deletes_everything_read_from_it() {
    let (_dir, path, mut store) = populated();
    let before = counts(&raw(&path));
    assert!(before.iter().all(|(_, n)| *n > 0), "{before:?}");
    assert_eq!(indexed(&raw(&path), "afgooye").len(), 2);

    assert_eq!(store.delete_source(&id("a1")[..10]).unwrap(), id("a1"));

    let after = counts(&raw(&path));
    assert_eq!(
        after,
        vec![
            ("sources", 1),
            ("sentences", 1),
            ("figures", 0),
            ("citations", 0),
            ("citation_sentences", 0),
            ("mentions", 0),
            ("statements", 0),
            ("statement_citations", 0),
            ("events", 0),
            ("event_actors", 0),
            ("assessments", 0),
            ("name_sources", 1),
            // Shared across sources: they stay.
            ("entities", 2),
            ("names", 1),
            ("judgements", 1),
        ]
    );
    let conn = raw(&path);
    assert!(indexed(&conn, "afgooye").is_empty());
    assert_eq!(indexed(&conn, "jilib").len(), 1);
    conn.execute_batch("INSERT INTO sentence_search (sentence_search) VALUES ('integrity-check')")
        .unwrap();
    assert!(store.search("Afgooye", 10).unwrap().is_empty());
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn judgements_are_append_only() {
    let (_dir, path, _store) = populated();
    let conn = raw(&path);
    for sql in [
        "UPDATE judgements SET judgement = 'same'",
        "DELETE FROM judgements",
    ] {
        let err = conn.execute_batch(sql).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    conn.execute_batch(
        "INSERT INTO judgements (left_entity, right_entity, judgement, analyst, note)
         VALUES (1, 2, 'unsure', 'test', 'second thoughts')",
    )
    .unwrap();
    assert_eq!(count(&conn, "judgements"), 2);
    // An entity someone judged cannot vanish from under the judgement.
    assert!(
        conn.execute_batch("DELETE FROM entities WHERE id = 2")
            .is_err()
    );
}

#[test]
fn references_cannot_cross_into_another_source() {
    let (_dir, path, _store) = populated();
    let conn = raw(&path);
    // Source 2 has one sentence (0) and no citations; statement 1 belongs to source 1, which
    // has two citations.
    let attempts = [
        (
            "INSERT INTO mentions (source, sentence, byte_start, byte_end, text, kind)
             VALUES (2, 1, 0, 1, 'x', 'person')",
            "mentions.sentence must be a sentence of the same source",
        ),
        (
            "UPDATE mentions SET source = 2",
            "mentions.sentence must be a sentence of the same source",
        ),
        (
            "INSERT INTO statements (subject, predicate, object_value, object_type, source,
                 sentence, rule, confidence)
             VALUES (1, 'alias', 'Harakat al-Shabaab', 'text', 2, 3, 'test', 0.5)",
            "statements.sentence must be a sentence of the same source",
        ),
        (
            "UPDATE events SET sentence = 3",
            "events.sentence must be a sentence of the same source",
        ),
        (
            "INSERT INTO assessments (source, sentence, claim, phrase, band)
             VALUES (2, 1, 'x', 'likely', 'likely')",
            "assessments.sentence must be a sentence of the same source",
        ),
        (
            "INSERT INTO statement_citations (statement, citation) VALUES (1, 2)",
            "a statement can only cite the citations of its own source",
        ),
        (
            "UPDATE statement_citations SET citation = 7",
            "a statement can only cite the citations of its own source",
        ),
        (
            "INSERT INTO mentions (source, sentence, byte_start, byte_end, text, kind)
             VALUES (9, 0, 0, 1, 'x', 'person')",
            "FOREIGN KEY constraint failed",
        ),
        // Sentences and citations are part of their source's row, not rows of their own.
        (
            "INSERT INTO sentences (source, idx, byte_start, byte_end, file_start, file_end,
                 kind, block, text)
             VALUES (2, 1, 0, 1, 0, 1, 'body', 0, 'x')",
            "cannot modify sentences because it is a view",
        ),
    ];
    for (sql, error) in attempts {
        let err = conn.execute_batch(sql).unwrap_err();
        assert!(err.to_string().contains(error), "{sql}: {err}");
    }
    // A statement of source 2 cannot cite anything: source 2 has no citations.
    let err = conn
        .execute_batch(
            "INSERT INTO statements (id, subject, predicate, object_value, object_type, source,
                 rule, confidence)
             VALUES (2, 1, 'alias', 'Harakat al-Shabaab', 'text', 2, 'test', 0.5);
             INSERT INTO statement_citations (statement, citation) VALUES (2, 0);",
        )
        .unwrap_err();
    assert!(err.to_string().contains("its own source"), "{err}");
    // What is in range is accepted.
    conn.execute_batch(
        "INSERT INTO mentions (source, sentence, byte_start, byte_end, text, kind)
         VALUES (2, 0, 0, 10, 'Al-Shabaab', 'armed_group');
         INSERT INTO statement_citations (statement, citation) VALUES (1, 0);
         UPDATE events SET sentence = 2;",
    )
    .unwrap();
}

#[test]
fn a_sources_text_and_sentences_never_change() {
    let (_dir, path, store) = populated();
    let conn = raw(&path);
    for sql in [
        "UPDATE sources SET text = 'other' WHERE sid = 1",
        "UPDATE sources SET sentences = '[]' WHERE sid = 1",
        "UPDATE sources SET id = 'aaaaaaaaaaaaaaaa' WHERE sid = 1",
    ] {
        let err = conn.execute_batch(sql).unwrap_err();
        assert!(err.to_string().contains("never change"), "{sql}: {err}");
    }
    // Other columns can be corrected.
    conn.execute_batch("UPDATE sources SET title = 'Corrected' WHERE sid = 1")
        .unwrap();
    assert_eq!(
        store.source(&id("a1")).unwrap().title.as_deref(),
        Some("Corrected")
    );
}

#[test]
fn the_views_show_sentences_and_citations_as_rows() {
    let (_dir, path, _store) = populated();
    let conn = raw(&path);
    let mut st = conn
        .prepare(
            "SELECT source, idx, byte_start, byte_end, file_start, file_end, kind, block, text
             FROM sentences ORDER BY source, idx",
        )
        .unwrap();
    type SentenceRow = (i64, i64, i64, i64, i64, i64, String, i64, String);
    let rows: Vec<SentenceRow> = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let text = report_text();
    let s1 = common::span_of(&text, common::S1);
    let tiny_text = "Al-Shabaab also taxes traders in Jilib.";
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[1],
        (
            1,
            1,
            s1.start as i64,
            s1.end as i64,
            s1.start as i64 + 40,
            s1.end as i64 + 40,
            "body".to_string(),
            1,
            common::S1.to_string()
        )
    );
    // A text file's spans are the same in the file: stored once, shown twice.
    assert_eq!(
        rows[3],
        (
            2,
            0,
            0,
            tiny_text.len() as i64,
            0,
            tiny_text.len() as i64,
            "body".to_string(),
            0,
            tiny_text.to_string()
        )
    );

    let mut st = conn
        .prepare(
            "SELECT source, idx, marker, style, title, publisher, date, raw, foreign_domain
             FROM citations ORDER BY source, idx",
        )
        .unwrap();
    type Row = (
        i64,
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        i64,
    );
    let rows: Vec<Row> = st
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows[0],
        (
            1,
            0,
            Some("[1]".to_string()),
            Some("footnote".to_string()),
            Some("Raid near Afgooye".to_string()),
            Some("Horn Security Monitor".to_string()),
            Some("2023-03-04".to_string()),
            "Horn Security Monitor, \"Raid near Afgooye\", 4 March 2023.".to_string(),
            0
        )
    );
    assert_eq!(rows.len(), 2);
    let links: Vec<(i64, i64, i64)> = conn
        .prepare("SELECT source, citation, sentence FROM citation_sentences")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(links, vec![(1, 0, 1), (1, 1, 1), (1, 1, 2)]);
}

#[test]
fn check_constraints_refuse_unknown_words_and_impossible_values() {
    let (_dir, path, _store) = populated();
    let conn = raw(&path);
    let a1 = id("a1");
    for sql in [
        "UPDATE sources SET reliability = 'G'".to_string(),
        "UPDATE sources SET format = 'pdf'".to_string(),
        "UPDATE sources SET published = NULL".to_string(),
        "UPDATE sources SET kind = 'blog'".to_string(),
        "UPDATE sources SET sentence_count = -1".to_string(),
        "UPDATE figures SET byte_end = byte_start - 1".to_string(),
        "UPDATE mentions SET sentence = -1".to_string(),
        "UPDATE statements SET status = 'maybe'".to_string(),
        "UPDATE statements SET confidence = 1.5".to_string(),
        "UPDATE statements SET object_value = 'both', object_type = 'text'".to_string(),
        "UPDATE events SET latitude = 95.0, longitude = 45.0".to_string(),
        "UPDATE events SET latitude = 2.0".to_string(),
        "UPDATE events SET geo_precision = 4".to_string(),
        "UPDATE events SET fatalities = -1".to_string(),
        "UPDATE events SET cameo = '1a'".to_string(),
        "UPDATE event_actors SET role = 'bystander'".to_string(),
        "UPDATE assessments SET status = 'came_true'".to_string(),
        "UPDATE names SET weak = 2".to_string(),
        "INSERT INTO judgements (left_entity, right_entity, judgement, analyst)
         VALUES (1, 1, 'same', 'test')"
            .to_string(),
        format!(
            "INSERT INTO sources (id, format, encoding, bytes, sentence_count, citation_count,
                 sentences, citations, text)
             VALUES ('{}', 'text', 'utf-8', 1, 0, 0, '[]', '[]', 'x')",
            a1.to_uppercase()
        ),
    ] {
        assert!(conn.execute_batch(&sql).is_err(), "accepted: {sql}");
    }
    conn.execute_batch(
        "UPDATE assessments SET status = 'came_true', resolved_at = '2024-01-10';
         UPDATE events SET latitude = 2.07, longitude = 45.06, geo_precision = 1, cameo = '190';",
    )
    .unwrap();
}

#[test]
fn the_overview_view_counts_what_each_source_holds() {
    let (_dir, path, _store) = populated();
    let conn = raw(&path);
    let mut st = conn
        .prepare("SELECT substr(id, 1, 2), sentences, citations FROM source_overview ORDER BY id")
        .unwrap();
    let rows: Vec<(String, i64, i64)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        vec![("a1".to_string(), 3, 2), ("b2".to_string(), 1, 0)]
    );
}
