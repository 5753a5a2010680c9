//! Fixtures shared by the store's integration tests: a short report written for these tests,
//! and helpers to build sources and inspect the file with plain SQL.

#![allow(dead_code)]

use std::path::Path;

use dossier_model::{FuzzyDate, Span};
use dossier_store::{
    CitationStyle, NewCitation, NewFigure, NewSentence, NewSource, Reliability, SentenceKind,
    SourceFormat, SourceKind,
};

/// A 64-digit id made by repeating `seed` (hex digits).
pub fn id(seed: &str) -> String {
    seed.repeat(64 / seed.len())
}

/// The span of the first occurrence of `needle` in `text`.
pub fn span_of(text: &str, needle: &str) -> Span {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    Span::new(start, start + needle.len())
}

pub const TITLE: &str = "Al-Shabaab around Afgooye";
pub const S1: &str =
    "Ḥarakat al-Shabāb al-Mujāhidīn fighters attacked an army base near Afgooye on 3 March 2023.";
pub const S2: &str = "The group claimed the raid on its radio station the same evening.";
pub const FIGURE: &str =
    "Figure 1: Districts where the group levies taxes. Source: field interviews.";
pub const NOTE1: &str = "[1] Horn Security Monitor, \"Raid near Afgooye\", 4 March 2023.";
pub const NOTE2: &str = "[2] Somali Radio Digest, March 2023.";

/// The report's text: a title, a paragraph of two sentences with footnote markers, a figure
/// caption and two footnotes.
pub fn report_text() -> String {
    format!("{TITLE}\n\n{S1}[1] {S2}[2]\n\n{FIGURE}\n\n{NOTE1}\n{NOTE2}\n")
}

/// The report as the CLI would hand it over: the original file is taken to be an HTML page
/// whose text starts 40 bytes in.
pub fn report(id: &str) -> NewSource {
    let text = report_text();
    let shift = |s: Span| Span::new(s.start + 40, s.end + 40);
    let sentence = |needle: &str, block: usize, kind: SentenceKind| {
        let span = span_of(&text, needle);
        NewSentence {
            span,
            file_span: shift(span),
            block,
            kind,
        }
    };
    NewSource {
        id: id.to_string(),
        title: Some(TITLE.to_string()),
        publisher: Some("Example Sahel and Horn Review".to_string()),
        author: Some("A. Analyst".to_string()),
        kind: Some(SourceKind::Analysis),
        published: Some(date("mid 2023-03")),
        published_inferred: true,
        url: Some("https://example.org/reports/afgooye".to_string()),
        retrieved: Some(date("2023-04-02")),
        reliability: Some(Reliability::B),
        path: Some("reports/afgooye.html".to_string()),
        format: SourceFormat::Html,
        encoding: "utf-8".to_string(),
        bytes: text.len() as u64 + 120,
        sentences: vec![
            sentence(TITLE, 0, SentenceKind::Title),
            sentence(S1, 1, SentenceKind::Body),
            sentence(S2, 1, SentenceKind::Body),
        ],
        figures: vec![NewFigure {
            span: span_of(&text, FIGURE),
            caption: "Figure 1: Districts where the group levies taxes.".to_string(),
            credit: Some("field interviews".to_string()),
        }],
        citations: vec![
            NewCitation {
                marker: Some("[1]".to_string()),
                style: Some(CitationStyle::Footnote),
                title: Some("Raid near Afgooye".to_string()),
                publisher: Some("Horn Security Monitor".to_string()),
                date: Some(date("2023-03-04")),
                raw: NOTE1[4..].to_string(),
                span: span_of(&text, NOTE1),
                sentences: vec![1],
                ..NewCitation::default()
            },
            NewCitation {
                marker: Some("[2]".to_string()),
                style: Some(CitationStyle::Footnote),
                publisher: Some("Somali Radio Digest".to_string()),
                date: Some(date("2023-03")),
                raw: NOTE2[4..].to_string(),
                span: span_of(&text, NOTE2),
                sentences: vec![2, 1],
                ..NewCitation::default()
            },
        ],
        text,
        ..NewSource::default()
    }
}

/// A source of one body sentence.
pub fn tiny(id: &str, sentence: &str) -> NewSource {
    let span = Span::new(0, sentence.len());
    NewSource {
        id: id.to_string(),
        format: SourceFormat::Text,
        encoding: "utf-8".to_string(),
        bytes: sentence.len() as u64,
        text: sentence.to_string(),
        sentences: vec![NewSentence {
            span,
            file_span: span,
            block: 0,
            kind: SentenceKind::Body,
        }],
        ..NewSource::default()
    }
}

pub fn date(s: &str) -> FuzzyDate {
    s.parse().unwrap()
}

/// A plain SQLite connection to a store file, foreign keys on, for looking behind the API.
pub fn raw(path: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    conn
}

/// Row counts of the tables that hold what was read from sources.
pub fn counts(conn: &rusqlite::Connection) -> Vec<(&'static str, i64)> {
    [
        "sources",
        "sentences",
        "figures",
        "citations",
        "citation_sentences",
        "mentions",
        "statements",
        "statement_citations",
        "events",
        "event_actors",
        "assessments",
        "name_sources",
        "entities",
        "names",
        "judgements",
    ]
    .into_iter()
    .map(|t| {
        let n = conn
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        (t, n)
    })
    .collect()
}

/// Sentence ids the full-text index returns for `word` (read straight from the index).
pub fn indexed(conn: &rusqlite::Connection, word: &str) -> Vec<i64> {
    let mut st = conn
        .prepare("SELECT rowid FROM sentence_search WHERE sentence_search MATCH ?1 ORDER BY rowid")
        .unwrap();
    st.query_map([format!("\"{word}\"")], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}
