//! The schema's own guarantees, checked with plain SQL behind the API: the cascade from
//! sources, append-only judgements, references that cannot cross sources, CHECK constraints.

mod common;

use common::{counts, id, indexed, raw, report, tiny};
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
    let src = id("a1");
    raw(&path)
        .execute_batch(&format!(
            "INSERT INTO entities (id, type, name) VALUES (1, 'armed_group', 'Al-Shabaab'),
                                                        (2, 'town', 'Afgooye');
             INSERT INTO names (id, entity, name, folded) VALUES (1, 1, 'Al-Shabaab', 'shabab');
             INSERT INTO name_sources (name, source) VALUES (1, '{src}'), (1, '{b2}');
             INSERT INTO mentions (source, sentence, byte_start, byte_end, text, kind, entity)
                 VALUES ('{src}', 1, 0, 10, 'Al-Shabaab', 'armed_group', 1);
             INSERT INTO statements (id, subject, predicate, object_entity, source, sentence,
                 rule, confidence)
                 VALUES (1, 1, 'operates_in', 2, '{src}', 1, 'test.operates', 0.8);
             INSERT INTO statement_citations (statement, source, citation)
                 VALUES (1, '{src}', 0);
             INSERT INTO events (id, date, date_precision, date_lo, date_hi, type, subtype,
                 location, fatalities, source, sentence)
                 VALUES (1, '2023-03-03', 'day', 19419, 19419, 'battles', 'armed_clash', 2, 4,
                         '{src}', 1);
             INSERT INTO event_actors (event, entity, role) VALUES (1, 1, 'actor');
             INSERT INTO assessments (source, sentence, claim, phrase, band)
                 VALUES ('{src}', 2, 'the group will keep raiding bases', 'likely', 'likely');
             INSERT INTO judgements (left_entity, right_entity, judgement, analyst)
                 VALUES (1, 2, 'different', 'test');",
            b2 = id("b2"),
        ))
        .unwrap();
    (dir, path, store)
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
    let b2 = id("b2");
    // Source b2 has one sentence (0) and no citations.
    let attempts = [
        format!(
            "INSERT INTO citation_sentences (source, citation, sentence) VALUES ('{b2}', 0, 0)"
        ),
        format!(
            "INSERT INTO mentions (source, sentence, byte_start, byte_end, text, kind)
             VALUES ('{b2}', 2, 0, 1, 'x', 'person')"
        ),
        format!(
            "INSERT INTO statement_citations (statement, source, citation) VALUES (1, '{b2}', 0)"
        ),
        "INSERT INTO sentences (source, idx, byte_start, byte_end, file_start, file_end, kind,
             block, text)
         VALUES ('ffffffffffffffff', 0, 0, 1, 0, 1, 'body', 0, 'x')"
            .to_string(),
    ];
    for sql in &attempts {
        assert!(conn.execute_batch(sql).is_err(), "accepted: {sql}");
    }
    let err = conn
        .execute_batch(&format!(
            "INSERT INTO statements (id, subject, predicate, object_value, object_type, source,
                 rule, confidence)
             VALUES (2, 1, 'alias', 'Harakat al-Shabaab', 'text', '{b2}', 'test', 0.5);
             INSERT INTO statement_citations (statement, source, citation)
                 VALUES (2, '{a1}', 0);",
            a1 = id("a1")
        ))
        .unwrap_err();
    assert!(err.to_string().contains("its own source"), "{err}");
}

#[test]
fn check_constraints_refuse_unknown_words_and_impossible_values() {
    let (_dir, path, _store) = populated();
    let conn = raw(&path);
    let a1 = id("a1");
    for sql in [
        "UPDATE sentences SET kind = 'chapter' WHERE idx = 0".to_string(),
        "UPDATE sources SET reliability = 'G'".to_string(),
        "UPDATE sources SET format = 'pdf'".to_string(),
        "UPDATE sources SET published = NULL".to_string(),
        "UPDATE citations SET style = 'endnote'".to_string(),
        "UPDATE sentences SET byte_end = byte_start - 1 WHERE idx = 1".to_string(),
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
            "INSERT INTO sources (id, format, encoding, bytes, text)
             VALUES ('{}', 'text', 'utf-8', 1, 'x')",
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
