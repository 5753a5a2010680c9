//! Full-text search, including queries that would be FTS5 syntax errors if passed through.

mod common;

use common::{TITLE, id, report, tiny};
use dossier_model::Span;
use dossier_store::{Store, StoreError};

fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store.insert_source(&report(&id("a1"))).unwrap();
    store
        .insert_source(&tiny(
            &id("b2"),
            "Fighters of Ansar-Dine and JNIM met near Kidal; \"NEAR\" was the codename.",
        ))
        .unwrap();
    store
}

/// (source prefix, sentence index, snippet with [marks]) for each hit.
fn hits(store: &Store, query: &str) -> Vec<(String, usize, String)> {
    store
        .search(query, 10)
        .unwrap_or_else(|e| panic!("{query:?}: {e}"))
        .into_iter()
        .map(|h| {
            (
                h.source[..2].to_string(),
                h.sentence,
                h.snippet.marked("[", "]"),
            )
        })
        .collect()
}

#[test]
fn finds_words_regardless_of_case_and_diacritics() {
    let store = store();
    assert_eq!(
        hits(&store, "shabab mujahidin"),
        vec![(
            "a1".to_string(),
            1,
            "Ḥarakat al-[Shabāb] al-[Mujāhidīn] fighters attacked an army base near Afgooye on 3 March 2023."
                .to_string()
        )]
    );
    let found = store.search("AFGOOYE", 10).unwrap();
    let places: Vec<(usize, Option<&str>)> = found
        .iter()
        .map(|h| (h.sentence, h.title.as_deref()))
        .collect();
    assert_eq!(places.len(), 2);
    assert!(places.contains(&(0, Some(TITLE))));
    assert!(places.contains(&(1, Some(TITLE))));
    assert!(found.iter().all(|h| h.score > 0.0));
}

#[test]
fn highlights_are_byte_spans_of_the_snippet() {
    let store = store();
    let hit = &store.search("Kidal", 1).unwrap()[0];
    let text = &hit.snippet.text;
    assert_eq!(hit.snippet.highlights.len(), 1);
    let h: Span = hit.snippet.highlights[0];
    assert_eq!(&text[h.start..h.end], "Kidal");
}

#[test]
fn terms_are_phrases_and_a_trailing_star_is_a_prefix() {
    let store = store();
    assert_eq!(
        hits(&store, "ansar-dine"),
        vec![(
            "b2".to_string(),
            0,
            "Fighters of [Ansar-Dine] and JNIM met near Kidal; \"NEAR\" was the codename."
                .to_string()
        )]
    );
    assert_eq!(hits(&store, "dine-ansar"), vec![]);
    assert_eq!(hits(&store, "afgoo*").len(), 2);
    assert_eq!(hits(&store, "afgoo"), vec![]);
    // Every word must match.
    assert_eq!(hits(&store, "Kidal Afgooye"), vec![]);
}

#[test]
fn hostile_queries_never_reach_fts5_as_syntax() {
    let store = store();
    // "near" is in a sentence of each source.
    let places = |q: &str| {
        let mut got: Vec<(String, usize)> =
            hits(&store, q).into_iter().map(|h| (h.0, h.1)).collect();
        got.sort();
        got
    };
    let both = vec![("a1".to_string(), 1), ("b2".to_string(), 0)];
    for q in ["NEAR(", "near", "\"NEAR\"", "NEAR)", "near*"] {
        assert_eq!(places(q), both, "{q}");
    }
    // "NEAR/2" is the phrase "near 2", found nowhere.
    assert_eq!(places("NEAR/2"), vec![]);
    // One term, "NEAR(kidal": the phrase "near kidal".
    assert_eq!(places("NEAR(kidal"), vec![("b2".to_string(), 0)]);
    for q in [
        "JNIM OR",
        "AND",
        "NOT Kidal",
        "text:Kidal",
        "{text}: kidal",
        "^Fighters",
        "kidal + jnim",
        "(jnim",
        "jnim)",
        "\"jnim",
        "j\"nim",
        "'; DELETE FROM sources; --",
        "\u{0}jnim",
    ] {
        // No error, whatever the result.
        store.search(q, 10).unwrap_or_else(|e| panic!("{q:?}: {e}"));
    }
    assert_eq!(hits(&store, "^Fighters").len(), 2);
    assert_eq!(hits(&store, "text:Kidal"), vec![]);
    assert_eq!(store.sources().unwrap().len(), 2);
}

#[test]
fn queries_without_words_are_reported() {
    let store = store();
    for q in ["", "   ", "\"", "*", "-", "\" * - ( ) :", "\t\n"] {
        let err = store.search(q, 10).unwrap_err();
        assert!(matches!(err, StoreError::EmptyQuery), "{q:?}: {err}");
        assert_eq!(
            err.to_string(),
            "the search query has no words to search for"
        );
    }
    let huge = "kidal ".repeat(10_000);
    assert!(matches!(
        store.search(&huge, 10),
        Err(StoreError::QueryTooLong { terms: 10_000, .. })
    ));
    let long_word = "k".repeat(100_000);
    assert_eq!(store.search(&long_word, 10).unwrap(), vec![]);
}

#[test]
fn limits_are_respected() {
    let store = store();
    assert_eq!(store.search("afgooye", 0).unwrap(), vec![]);
    assert_eq!(store.search("afgooye", 1).unwrap().len(), 1);
    assert_eq!(store.search("afgooye", usize::MAX).unwrap().len(), 2);
}

#[test]
fn long_sentences_give_short_snippets() {
    let mut store = Store::open_in_memory().unwrap();
    let mut words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
    words[2500] = "Beledweyne".to_string();
    store
        .insert_source(&tiny(&id("e5"), &words.join(" ")))
        .unwrap();
    let hit = &store.search("beledweyne", 1).unwrap()[0];
    assert!(hit.snippet.text.starts_with('…'), "{}", hit.snippet.text);
    assert!(hit.snippet.text.ends_with('…'), "{}", hit.snippet.text);
    assert!(hit.snippet.text.len() < 200, "{}", hit.snippet.text);
    assert_eq!(hit.snippet.highlights.len(), 1);
    assert_eq!(
        hit.snippet.highlights[0].slice(&hit.snippet.text),
        "Beledweyne"
    );
}

#[test]
fn new_sources_wait_in_the_pending_list_until_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.dossier");
    let mut store = Store::open(&path).unwrap();
    store.insert_source(&report(&id("a1"))).unwrap();
    store
        .insert_source(&tiny(&id("b2"), "Patrols returned to Afgooye."))
        .unwrap();
    assert_eq!(store.pending_sources().unwrap(), 2);
    assert!(common::indexed(&common::raw(&path), "afgooye").is_empty());

    assert_eq!(store.index_pending().unwrap(), 2);
    assert_eq!(store.pending_sources().unwrap(), 0);
    // Rowids are source sid * 2^32 + sentence idx.
    assert_eq!(
        common::indexed(&common::raw(&path), "afgooye"),
        vec![(1 << 32), (1 << 32) + 1, (2 << 32)]
    );
    assert_eq!(store.index_pending().unwrap(), 0);
    // Storing the same source again changes nothing, pending list included.
    store.insert_source(&report(&id("a1"))).unwrap();
    assert_eq!(store.pending_sources().unwrap(), 0);
}

#[test]
fn a_search_indexes_what_is_pending_first() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_source(&tiny(&id("c3"), "Fighters crossed the Juba river."))
        .unwrap();
    assert_eq!(store.pending_sources().unwrap(), 1);
    assert_eq!(
        hits(&store, "juba"),
        vec![(
            "c3".to_string(),
            0,
            "Fighters crossed the [Juba] river.".to_string()
        )]
    );
    assert_eq!(store.pending_sources().unwrap(), 0);
}

#[test]
fn an_interrupted_ingest_is_indexed_by_the_next_writer_and_reported_to_readers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.dossier");
    {
        let mut store = Store::open(&path).unwrap();
        store.insert_source(&report(&id("a1"))).unwrap();
        store.index_pending().unwrap();
        // Stored, but the run stops before indexing it.
        store
            .insert_source(&tiny(&id("b2"), "A convoy left Kismayo at dawn."))
            .unwrap();
    }
    let reader = Store::open_readonly(&path).unwrap();
    assert_eq!(reader.pending_sources().unwrap(), 1);
    let err = reader.search("kismayo", 10).unwrap_err();
    assert!(
        matches!(err, StoreError::SearchPending { sources: 1, .. }),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("1 stored sources are not in the search index yet"),
        "{err}"
    );
    // Everything else reads as usual.
    assert_eq!(reader.sources().unwrap().len(), 2);
    drop(reader);

    let writer = Store::open(&path).unwrap();
    assert_eq!(writer.pending_sources().unwrap(), 0);
    drop(writer);
    let reader = Store::open_readonly(&path).unwrap();
    assert_eq!(hits(&reader, "kismayo").len(), 1);
    assert_eq!(hits(&reader, "afgooye").len(), 2);
}

#[test]
fn deleting_sources_keeps_the_index_consistent_whether_indexed_or_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.dossier");
    let mut store = Store::open(&path).unwrap();
    store.insert_source(&report(&id("a1"))).unwrap();
    store.index_pending().unwrap();
    store
        .insert_source(&tiny(&id("b2"), "Afgooye market reopened."))
        .unwrap();
    // b2 is pending: deleting it must not touch the index.
    store.delete_source(&id("b2")).unwrap();
    assert_eq!(store.pending_sources().unwrap(), 0);
    let conn = common::raw(&path);
    conn.execute_batch("INSERT INTO sentence_search (sentence_search) VALUES ('integrity-check')")
        .unwrap();
    assert_eq!(common::indexed(&conn, "afgooye").len(), 2);
    // a1 is indexed: deleting it removes its sentences.
    store.delete_source(&id("a1")).unwrap();
    assert!(common::indexed(&conn, "afgooye").is_empty());
    conn.execute_batch("INSERT INTO sentence_search (sentence_search) VALUES ('integrity-check')")
        .unwrap();
    // A new source may reuse the freed key; the index holds nothing stale for it.
    store
        .insert_source(&tiny(&id("c3"), "Beledweyne was quiet."))
        .unwrap();
    assert!(store.search("afgooye", 10).unwrap().is_empty());
    assert_eq!(hits(&store, "quiet").len(), 1);
}

/// 24 words around "Ḥarakat al-Shabāb" (words 30 to 32): 10 before, 11 after.
#[test]
fn snippets_of_long_sentences_centre_the_matches() {
    let mut store = Store::open_in_memory().unwrap();
    let words: Vec<String> = (0..60)
        .map(|i| match i {
            30 => "Ḥarakat".to_string(),
            31 => "al-Shabāb".to_string(),
            _ => format!("w{i}"),
        })
        .collect();
    store
        .insert_source(&tiny(&id("e5"), &words.join(" ")))
        .unwrap();
    let hit = &store.search("harakat shaba*", 1).unwrap()[0];
    assert_eq!(
        hit.snippet.marked("[", "]"),
        "…w20 w21 w22 w23 w24 w25 w26 w27 w28 w29 [Ḥarakat] al-[Shabāb] w32 w33 w34 w35 w36 w37 w38 w39 w40 w41 w42…"
    );
}
