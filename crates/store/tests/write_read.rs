//! Writing sources and reading them back exactly; failures leave nothing behind.

mod common;

use common::{
    FIGURE, NOTE1, NOTE2, S1, S2, TITLE, counts, date, id, raw, report, report_text, span_of, tiny,
};
use dossier_model::Span;
use dossier_store::{
    CitationStyle, Inserted, NewCitation, Problem, Reliability, SentenceKind, SourceFormat,
    SourceKind, Store, StoreError, StoredCitation, StoredFigure, StoredSentence,
};

fn temp_store() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.dossier");
    let store = Store::open(&path).unwrap();
    (dir, path, store)
}

#[test]
fn reads_back_what_was_written() {
    let mut store = Store::open_in_memory().unwrap();
    let new = report(&id("a1"));
    assert_eq!(store.insert_source(&new).unwrap(), Inserted::Added);
    let text = report_text();

    let s = store.source(&id("a1")).unwrap();
    assert_eq!(s.id, id("a1"));
    assert_eq!(s.title.as_deref(), Some(TITLE));
    assert_eq!(
        s.publisher.as_deref(),
        Some("Example Sahel and Horn Review")
    );
    assert_eq!(s.author.as_deref(), Some("A. Analyst"));
    assert_eq!(s.kind, Some(SourceKind::Analysis));
    assert_eq!(s.published, Some(date("mid 2023-03")));
    assert!(s.published_inferred);
    assert_eq!(
        s.url.as_deref(),
        Some("https://example.org/reports/afgooye")
    );
    assert_eq!(s.retrieved, Some(date("2023-04-02")));
    assert_eq!(s.reliability, Some(Reliability::B));
    assert_eq!(s.path.as_deref(), Some("reports/afgooye.html"));
    assert_eq!(s.format, SourceFormat::Html);
    assert_eq!(s.encoding, "utf-8");
    assert_eq!(s.bytes, text.len() as u64 + 120);
    assert_eq!(s.text, text);
    assert_eq!(s.ingested_at.len(), "2024-05-01T09:30:12.345Z".len());
    assert!(s.ingested_at.ends_with('Z'));

    let s1 = span_of(&text, S1);
    assert_eq!(
        store.sentences(&id("a1")).unwrap(),
        vec![
            StoredSentence {
                idx: 0,
                span: Span::new(0, TITLE.len()),
                file_span: Span::new(40, 40 + TITLE.len()),
                kind: SentenceKind::Title,
                block: 0,
                text: TITLE.to_string(),
            },
            StoredSentence {
                idx: 1,
                span: s1,
                file_span: Span::new(s1.start + 40, s1.end + 40),
                kind: SentenceKind::Body,
                block: 1,
                text: S1.to_string(),
            },
            StoredSentence {
                idx: 2,
                span: span_of(&text, S2),
                file_span: Span::new(span_of(&text, S2).start + 40, span_of(&text, S2).end + 40),
                kind: SentenceKind::Body,
                block: 1,
                text: S2.to_string(),
            },
        ]
    );
    assert_eq!(
        store.figures(&id("a1")).unwrap(),
        vec![StoredFigure {
            idx: 0,
            span: span_of(&text, FIGURE),
            caption: "Figure 1: Districts where the group levies taxes.".to_string(),
            credit: Some("field interviews".to_string()),
        }]
    );
    assert_eq!(
        store.citations(&id("a1")).unwrap(),
        vec![
            StoredCitation {
                idx: 0,
                marker: Some("[1]".to_string()),
                style: Some(CitationStyle::Footnote),
                author: None,
                title: Some("Raid near Afgooye".to_string()),
                publisher: Some("Horn Security Monitor".to_string()),
                date: Some(date("2023-03-04")),
                url: None,
                foreign_domain: false,
                raw: "Horn Security Monitor, \"Raid near Afgooye\", 4 March 2023.".to_string(),
                span: span_of(&text, NOTE1),
                sentences: vec![1],
            },
            StoredCitation {
                idx: 1,
                marker: Some("[2]".to_string()),
                style: Some(CitationStyle::Footnote),
                author: None,
                title: None,
                publisher: Some("Somali Radio Digest".to_string()),
                date: Some(date("2023-03")),
                url: None,
                foreign_domain: false,
                raw: "Somali Radio Digest, March 2023.".to_string(),
                span: span_of(&text, NOTE2),
                // Given as [2, 1]; read back in order.
                sentences: vec![1, 2],
            },
        ]
    );
}

#[test]
fn lists_sources_newest_first_with_counts() {
    let mut store = Store::open_in_memory().unwrap();
    let mut old = tiny(&id("b2"), "Boko Haram raided a market near Maiduguri.");
    old.published = Some(date("2019"));
    let mut undated = tiny(&id("c3"), "No date here.");
    undated.title = Some("Undated note".to_string());
    store.insert_source(&old).unwrap();
    store.insert_source(&report(&id("a1"))).unwrap();
    store.insert_source(&undated).unwrap();

    let list = store.sources().unwrap();
    let summary: Vec<(String, Option<String>, usize, usize)> = list
        .iter()
        .map(|s| {
            (
                s.id[..2].to_string(),
                s.published.map(|d| d.to_string()),
                s.sentences,
                s.citations,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("a1".to_string(), Some("mid 2023-03".to_string()), 3, 2),
            ("b2".to_string(), Some("2019".to_string()), 1, 0),
            ("c3".to_string(), None, 1, 0),
        ]
    );
    assert_eq!(list[0].title.as_deref(), Some(TITLE));
    assert_eq!(list[0].kind, Some(SourceKind::Analysis));
    assert_eq!(list[2].title.as_deref(), Some("Undated note"));
}

#[test]
fn inserting_the_same_id_again_changes_nothing() {
    let (_dir, path, mut store) = temp_store();
    store.insert_source(&report(&id("a1"))).unwrap();
    let before = counts(&raw(&path));
    let mut again = report(&id("a1"));
    again.title = Some("Another title".to_string());
    again.sentences.truncate(1);
    again.citations.clear();
    assert_eq!(store.insert_source(&again).unwrap(), Inserted::Unchanged);
    assert_eq!(counts(&raw(&path)), before);
    assert_eq!(
        store.source(&id("a1")).unwrap().title.as_deref(),
        Some(TITLE)
    );
}

/// Inserts `bad`, expects `problem`, and checks that nothing of it remains.
fn fails_cleanly(bad: dossier_store::NewSource, problem: Problem) {
    let (_dir, path, mut store) = temp_store();
    store.insert_source(&tiny(&id("f0"), "Kept.")).unwrap();
    let before = counts(&raw(&path));
    match store.insert_source(&bad) {
        Err(StoreError::Invalid {
            id: got,
            problem: p,
        }) => {
            assert_eq!(got, bad.id);
            assert_eq!(p, problem);
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(counts(&raw(&path)), before);
    assert!(common::indexed(&raw(&path), "Afgooye").is_empty());
    assert!(store.check().unwrap().is_empty());
    assert!(matches!(
        store.source(&bad.id[..16]),
        Err(StoreError::NoSuchSource { .. }) | Err(StoreError::BadPrefix { .. })
    ));
}

#[test]
fn a_citation_of_a_missing_sentence_leaves_nothing_behind() {
    let mut bad = report(&id("a1"));
    bad.citations[1].sentences = vec![2, 9];
    fails_cleanly(
        bad,
        Problem::CitationSentence {
            citation: 1,
            sentence: 9,
            count: 3,
        },
    );
}

#[test]
fn a_failure_halfway_through_a_source_rolls_all_of_it_back() {
    let (_dir, path, mut store) = temp_store();
    store.insert_source(&tiny(&id("f0"), "Kept.")).unwrap();
    // Make the last write of a source fail, after its row and its figures were written.
    raw(&path)
        .execute_batch(
            "CREATE TRIGGER fail_on_figures BEFORE INSERT ON search_pending
             WHEN (SELECT count(*) FROM figures WHERE source = NEW.source) > 0
             BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
        )
        .unwrap();
    let before = counts(&raw(&path));
    let err = store.insert_source(&report(&id("a1"))).unwrap_err();
    assert!(matches!(err, StoreError::Sqlite { .. }), "{err}");
    assert!(err.to_string().contains("simulated failure"), "{err}");
    assert_eq!(counts(&raw(&path)), before);
    assert!(store.search("Afgooye", 10).unwrap().is_empty());
    assert!(common::indexed(&raw(&path), "Afgooye").is_empty());

    // In a batch, such a failure rolls back that source alone.
    let results = store
        .insert_sources(&[
            tiny(&id("b2"), "Fine on its own."),
            report(&id("a1")),
            tiny(&id("c3"), "Fine as well."),
        ])
        .unwrap();
    let summary: Vec<String> = results
        .iter()
        .map(|r| match r {
            Ok(i) => format!("{i:?}"),
            Err(e) => e.to_string(),
        })
        .collect();
    assert_eq!(summary[0], "Added");
    assert!(summary[1].contains("simulated failure"), "{}", summary[1]);
    assert_eq!(summary[2], "Added");
    let ids: Vec<String> = store.sources().unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), 3);
    assert!(!ids.contains(&id("a1")));
    assert_eq!(store.search("fine", 10).unwrap().len(), 2);
    assert!(store.figures(&id("b2")).unwrap().is_empty());
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn spans_outside_the_text_or_inside_a_character_are_refused() {
    let len = report_text().len();
    let mut bad = report(&id("a1"));
    bad.sentences[2].span = Span::new(len - 3, len + 5);
    fails_cleanly(
        bad,
        Problem::Span {
            what: "sentence",
            index: 2,
            span: Span::new(len - 3, len + 5),
            len,
        },
    );

    // "Ḥ" is three bytes long: byte 1 of the sentence cuts it.
    let mut bad = report(&id("a1"));
    let s1 = bad.sentences[1].span;
    bad.sentences[1].span = Span::new(s1.start + 1, s1.end);
    fails_cleanly(
        bad,
        Problem::Span {
            what: "sentence",
            index: 1,
            span: Span::new(s1.start + 1, s1.end),
            len,
        },
    );

    let mut bad = report(&id("a1"));
    bad.figures[0].span = Span::new(10, 5);
    fails_cleanly(
        bad,
        Problem::Span {
            what: "figure",
            index: 0,
            span: Span::new(10, 5),
            len,
        },
    );

    let mut bad = report(&id("a1"));
    bad.citations.push(NewCitation {
        raw: "[3] nowhere".to_string(),
        span: Span::new(usize::MAX - 1, usize::MAX),
        ..NewCitation::default()
    });
    fails_cleanly(
        bad,
        Problem::Span {
            what: "citation",
            index: 2,
            span: Span::new(usize::MAX - 1, usize::MAX),
            len,
        },
    );

    let mut bad = report(&id("a1"));
    let bytes = bad.bytes;
    bad.sentences[0].file_span = Span::new(0, bytes as usize + 1);
    fails_cleanly(
        bad,
        Problem::FileSpan {
            index: 0,
            span: Span::new(0, bytes as usize + 1),
            bytes,
        },
    );
}

#[test]
fn ids_must_be_lowercase_hex() {
    for bad_id in [
        "",
        "abc",
        "ABCDEF0123456789ABCDEF",
        "0123456789abcdeg0123",
        "'; DROP TABLE sources; --",
    ] {
        let mut store = Store::open_in_memory().unwrap();
        let source = tiny(bad_id, "Some text.");
        let err = store.insert_source(&source).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Invalid {
                    problem: Problem::Id,
                    ..
                }
            ),
            "{bad_id}: {err}"
        );
        assert!(store.sources().unwrap().is_empty());
    }
}

#[test]
fn a_batch_keeps_the_good_sources_and_reports_the_bad() {
    let (_dir, path, mut store) = temp_store();
    let mut bad = report(&id("b2"));
    bad.citations[0].sentences = vec![3];
    let results = store
        .insert_sources(&[
            report(&id("a1")),
            bad,
            tiny(&id("c3"), "Fighters withdrew from Jilib."),
            report(&id("a1")),
        ])
        .unwrap();
    let summary: Vec<String> = results
        .iter()
        .map(|r| match r {
            Ok(i) => format!("{i:?}"),
            Err(e) => e.to_string(),
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            "Added".to_string(),
            format!(
                "source {}: citation 0 supports sentence 3, but the source has 3 sentences",
                id("b2")
            ),
            "Added".to_string(),
            "Unchanged".to_string(),
        ]
    );
    let ids: Vec<String> = store.sources().unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(ids, vec![id("a1"), id("c3")]);
    let conn = raw(&path);
    let sentences: i64 = conn
        .query_row("SELECT count(*) FROM sentences", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sentences, 4);
    assert_eq!(store.search("Jilib", 10).unwrap().len(), 1);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn sources_are_found_by_unique_prefix() {
    let mut store = Store::open_in_memory().unwrap();
    let a = format!("abcdef12{}", "0".repeat(56));
    let b = format!("abcdef34{}", "0".repeat(56));
    store.insert_source(&tiny(&a, "First.")).unwrap();
    store.insert_source(&tiny(&b, "Second.")).unwrap();

    assert_eq!(store.resolve("abcdef12").unwrap(), a);
    assert_eq!(store.resolve("ABCDEF34").unwrap(), b);
    assert_eq!(store.resolve(&a).unwrap(), a);
    assert_eq!(store.source("abcdef3").unwrap().text, "Second.");
    match store.resolve("abcdef") {
        Err(StoreError::Ambiguous { matches, .. }) => assert_eq!(matches, vec![a.clone(), b]),
        other => panic!("{other:?}"),
    }
    for bad in ["abcde", "", "zzzzzzzz", "abcdef%", "abcdef' OR 1=1 --"] {
        assert!(
            matches!(store.resolve(bad), Err(StoreError::BadPrefix { .. })),
            "{bad}"
        );
    }
    assert!(matches!(
        store.sentences("123456"),
        Err(StoreError::NoSuchSource { .. })
    ));
    let longer = format!("{a}0");
    assert!(matches!(
        store.resolve(&longer),
        Err(StoreError::NoSuchSource { .. })
    ));
}

#[test]
fn every_enumeration_word_passes_the_schema_checks() {
    let mut store = Store::open_in_memory().unwrap();
    let mut n = 0u32;
    for (i, kind) in SourceKind::ALL.iter().enumerate() {
        for format in SourceFormat::ALL {
            for reliability in Reliability::ALL {
                n += 1;
                let mut s = tiny(&format!("{n:064x}"), "Text.");
                s.kind = Some(*kind);
                s.format = *format;
                s.reliability = Some(*reliability);
                s.sentences[0].kind = SentenceKind::ALL[i % SentenceKind::ALL.len()];
                s.citations = CitationStyle::ALL
                    .iter()
                    .map(|style| NewCitation {
                        style: Some(*style),
                        raw: "x".to_string(),
                        sentences: vec![0],
                        ..NewCitation::default()
                    })
                    .collect();
                assert_eq!(store.insert_source(&s).unwrap(), Inserted::Added);
            }
        }
    }
    assert_eq!(store.sources().unwrap().len(), n as usize);
    let styles: Vec<Option<CitationStyle>> = store
        .citations(&format!("{:064x}", 1))
        .unwrap()
        .into_iter()
        .map(|c| c.style)
        .collect();
    assert_eq!(
        styles,
        CitationStyle::ALL
            .iter()
            .copied()
            .map(Some)
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_source_with_many_sentences_round_trips() {
    let mut store = Store::open_in_memory().unwrap();
    let sentence = "Checkpoint at Baidoa reopened after the rains. ";
    let n = 20_000;
    let mut s = tiny(&id("d4"), "");
    s.text = sentence.repeat(n);
    s.bytes = s.text.len() as u64;
    s.sentences = (0..n)
        .map(|i| {
            let span = Span::new(i * sentence.len(), (i + 1) * sentence.len() - 1);
            dossier_store::NewSentence {
                span,
                file_span: span,
                block: i / 10,
                kind: SentenceKind::Body,
            }
        })
        .collect();
    store.insert_source(&s).unwrap();
    let back = store.sentences(&id("d4")).unwrap();
    assert_eq!(back.len(), n);
    assert_eq!(back[n - 1].idx, n - 1);
    assert_eq!(back[n - 1].block, (n - 1) / 10);
    assert_eq!(back[n - 1].text, sentence.trim_end());
    assert_eq!(store.search("Baidoa", 3).unwrap().len(), 3);
}

#[test]
fn damaged_packed_rows_are_reported_not_panicked_on() {
    let (_dir, path, mut store) = temp_store();
    store.insert_source(&report(&id("a1"))).unwrap();
    store.index_pending().unwrap();
    // Written by hand with another tool: sentences that are not the packed layout, and a
    // citation whose raw text points outside the text. (The trigger that keeps sentences fixed
    // has to go first, as a careless tool might do.)
    let conn = raw(&path);
    conn.execute_batch(&format!(
        "DROP TRIGGER sources_text_is_fixed;
         INSERT INTO sources (id, format, encoding, bytes, sentence_count, citation_count,
             sentences, citations, text)
         VALUES ('{}', 'text', 'utf-8', 5, 1, 1, '[[0,5,\"chapter\",0]]',
                 '[[null,null,null,null,null,null,null,0,[3,99],0,5,[0]]]', 'Hello');
         INSERT INTO sources (id, format, encoding, bytes, sentence_count, citation_count,
             sentences, citations, text)
         VALUES ('{}', 'text', 'utf-8', 5, 1, 0, '{{\"not\": \"packed\"}}', 'nonsense', 'Hello');",
        id("b2"),
        id("c3"),
    ))
    .unwrap();
    let err = store.sentences(&id("b2")).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: unexpected value \"chapter\" in column sentences.kind",
            path.display()
        )
    );
    let err = store.citations(&id("b2")).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::BadValue {
                column: "citations",
                ..
            }
        ),
        "{err}"
    );
    let err = store.sentences(&id("c3")).unwrap_err();
    assert!(err.to_string().contains("expected `[` at byte 0"), "{err}");
    let err = store.citations(&id("c3")).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::BadValue {
                column: "citations",
                ..
            }
        ),
        "{err}"
    );
    // Neither is in the search index's pending list (they were not stored by dossier), and
    // the sources that were still read back.
    assert_eq!(store.sources().unwrap().len(), 3);
    assert_eq!(store.sentences(&id("a1")).unwrap().len(), 3);

    // Marked pending, the damaged row stops indexing with an error, and the store still opens.
    conn.execute_batch(
        "INSERT INTO search_pending (source) SELECT sid FROM sources WHERE text = 'Hello'",
    )
    .unwrap();
    let err = store.search("hello", 10).unwrap_err();
    assert!(matches!(err, StoreError::BadValue { .. }), "{err}");
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.pending_sources().unwrap(), 2);
    assert_eq!(store.sources().unwrap().len(), 3);
}
