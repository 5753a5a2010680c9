//! Full-text search over sentences (SQLite FTS5), safe for any query a user types.
//!
//! ```text
//! user query   Ansar-Dine  "Kidal   jnim*   NEAR(
//! FTS5 query   "Ansar-Dine" """Kidal" "jnim"* "NEAR("
//!              (every term quoted, so nothing is FTS syntax; a trailing * still asks for a prefix;
//!               terms with no letter or digit are dropped; no term left → EmptyQuery)
//! hit          SearchHit { source: "9f2c…", sentence: 4,
//!                          snippet: Snippet { text: "… fighters of Ansar Dine took …",
//!                                             highlights: [13..23] } }
//! ```
//!
//! The index is contentless (see `migrations/0002_search.sql`): a match gives the rowid of a
//! sentence (source sid × 2^32 + idx) and its bm25 rank, and the snippet is cut from the
//! source's text by `snippet.rs`. New sources wait in `search_pending` until
//! [`Store::index_pending`] indexes them all at once; a search first indexes whatever is
//! pending, or, on a read-only store, says that it cannot.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use dossier_model::Span;
use rusqlite::params;
use serde::Serialize;

use crate::error::{StoreError, at};
use crate::pack::parse_sentences;
use crate::snippet::{Term, snippet};
use crate::store::Store;

/// The most terms a query may have.
pub const MAX_QUERY_TERMS: usize = 32;

/// How many words a snippet shows at most.
const SNIPPET_WORDS: usize = 24;

/// The search index's rowid of sentence `idx` of the source with key `sid`.
pub(crate) fn sentence_rowid(sid: i64, idx: usize) -> i64 {
    (sid << 32) | i64::try_from(idx).unwrap_or(0)
}

/// A sentence that matches a search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    /// The source id.
    pub source: String,
    pub title: Option<String>,
    /// The sentence's index in its source.
    pub sentence: usize,
    pub snippet: Snippet,
    /// BM25 relevance; higher is better. Only meaningful to compare hits of one search.
    pub score: f64,
}

/// Part of a sentence around the matches, with the matched words located.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The text, with `…` where the sentence was cut.
    pub text: String,
    /// Byte spans of the matched words in `text`, in order, not overlapping.
    pub highlights: Vec<Span>,
}

impl Snippet {
    /// The text with each highlight wrapped in `open` and `close`, e.g. `[` and `]`. (For
    /// HTML, escape the pieces first and build the markup from [`Snippet::highlights`].)
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + self.highlights.len() * 4);
        let mut at = 0;
        for h in &self.highlights {
            out.push_str(self.text.get(at..h.start).unwrap_or(""));
            out.push_str(open);
            out.push_str(self.text.get(h.start..h.end).unwrap_or(""));
            out.push_str(close);
            at = h.end;
        }
        out.push_str(self.text.get(at..).unwrap_or(""));
        out
    }
}

/// What a search needs of a source that has hits: its id, title, text and sentence spans.
struct HitSource {
    id: String,
    title: Option<String>,
    text: String,
    spans: Vec<Span>,
}

impl Store {
    /// The sentences matching every word of `query`, best first, at most `limit` of them.
    ///
    /// Each whitespace-separated term is searched as a phrase of the words in it
    /// (`al-Qaeda` finds "al Qaeda"); case and diacritics do not matter; a term ending in `*`
    /// matches words starting with it. Nothing in the query is FTS5 syntax, so no query can fail
    /// to parse. A query without any letter or digit is [`StoreError::EmptyQuery`].
    ///
    /// Sources stored since the last [`Store::index_pending`] are indexed first; a store opened
    /// read-only cannot do that and answers [`StoreError::SearchPending`] instead.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let terms = parse_query(query)?;
        if limit == 0 {
            return Ok(Vec::new());
        }
        let pending = self.pending_sources()?;
        if pending > 0 {
            if !self.writable {
                return Err(StoreError::SearchPending {
                    path: self.path.clone(),
                    sources: pending,
                });
            }
            self.index_pending_now()?;
        }
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT rowid, bm25(sentence_search) FROM sentence_search
                 WHERE sentence_search MATCH ?1
                 ORDER BY bm25(sentence_search), rowid
                 LIMIT ?2",
            )
            .map_err(at(&self.path))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let found = st
            .query_map(params![fts_string(&terms), limit], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?))
            })
            .map_err(at(&self.path))?
            .collect::<rusqlite::Result<Vec<(i64, f64)>>>()
            .map_err(at(&self.path))?;

        let snippet_terms: Vec<Term> = terms.iter().map(|(w, p)| Term::new(w, *p)).collect();
        let mut sources: HashMap<i64, HitSource> = HashMap::new();
        let mut hits = Vec::with_capacity(found.len());
        for (rowid, rank) in found {
            let sid = rowid >> 32;
            let idx = usize::try_from(rowid & 0xFFFF_FFFF).unwrap_or(usize::MAX);
            let source = match sources.entry(sid) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(self.hit_source(sid)?),
            };
            let sentence = source
                .spans
                .get(idx)
                .and_then(|s| source.text.get(s.start..s.end))
                .ok_or_else(|| self.bad_value("sentence_search", "rowid", rowid.to_string()))?;
            hits.push(SearchHit {
                source: source.id.clone(),
                title: source.title.clone(),
                sentence: idx,
                snippet: snippet(sentence, &snippet_terms, SNIPPET_WORDS),
                score: -rank,
            });
        }
        Ok(hits)
    }

    /// Adds the sentences of every source stored since the last call to the search index, in
    /// one transaction, and returns how many sources that was. Ingesting many files and then
    /// calling this once is several times faster than indexing each file as it is stored: the
    /// index is written once, not once per file.
    pub fn index_pending(&mut self) -> Result<usize, StoreError> {
        self.index_pending_now()
    }

    /// How many stored sources are not in the search index yet.
    pub fn pending_sources(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM search_pending")
            .and_then(|mut st| st.query_row([], |r| r.get(0)))
            .map_err(at(&self.path))?;
        self.count("search_pending", "count", n)
    }

    pub(crate) fn index_pending_now(&self) -> Result<usize, StoreError> {
        self.immediate(|conn| {
            let mut read = conn
                .prepare_cached(
                    "SELECT p.source, s.sentences, s.text
                     FROM search_pending p JOIN sources s ON s.sid = p.source
                     ORDER BY p.source",
                )
                .map_err(at(&self.path))?;
            let mut insert = conn
                .prepare_cached("INSERT INTO sentence_search (rowid, text) VALUES (?1, ?2)")
                .map_err(at(&self.path))?;
            let mut rows = read.query([]).map_err(at(&self.path))?;
            let mut indexed = 0;
            while let Some(row) = rows.next().map_err(at(&self.path))? {
                let sid: i64 = row.get(0).map_err(at(&self.path))?;
                let json = text_of(row, 1).map_err(at(&self.path))?;
                let text = text_of(row, 2).map_err(at(&self.path))?;
                let sentences =
                    parse_sentences(json).map_err(|e| self.bad_value("sources", "sentences", e))?;
                check_sid(self, sid)?;
                for (idx, s) in sentences.iter().enumerate() {
                    let sentence = text.get(s.span.start..s.span.end).ok_or_else(|| {
                        self.bad_value("sources", "sentences", s.span.to_string())
                    })?;
                    insert
                        .execute(params![sentence_rowid(sid, idx), sentence])
                        .map_err(at(&self.path))?;
                }
                indexed += 1;
            }
            conn.execute("DELETE FROM search_pending", [])
                .map_err(at(&self.path))?;
            Ok(indexed)
        })
    }

    /// The id, title, text and sentence spans of the source with key `sid`.
    fn hit_source(&self, sid: i64) -> Result<HitSource, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, title, sentences, text FROM sources WHERE sid = ?1")
            .map_err(at(&self.path))?;
        let (id, title, json, text) = st
            .query_row([sid], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(at(&self.path))?;
        let spans = parse_sentences(&json)
            .map_err(|e| self.bad_value("sources", "sentences", e))?
            .into_iter()
            .map(|s| s.span)
            .collect();
        Ok(HitSource {
            id,
            title,
            text,
            spans,
        })
    }
}

/// A text column of a row, borrowed.
fn text_of<'r>(row: &'r rusqlite::Row<'_>, column: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(column)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Sentence rowids keep the source key in their upper 32 bits.
fn check_sid(store: &Store, sid: i64) -> Result<(), StoreError> {
    if (0..=i64::from(i32::MAX)).contains(&sid) {
        Ok(())
    } else {
        Err(store.bad_value("sources", "sid", sid.to_string()))
    }
}

/// Turns what a user typed into an FTS5 query that cannot be a syntax error: every term becomes
/// a quoted string (inner `"` doubled), an optional trailing `*` a prefix search.
pub fn fts_query(query: &str) -> Result<String, StoreError> {
    parse_query(query).map(|terms| fts_string(&terms))
}

/// The terms of a query: each whitespace-separated word, without its trailing `*`s, and
/// whether it had any (a prefix search).
fn parse_query(query: &str) -> Result<Vec<(String, bool)>, StoreError> {
    let mut terms = Vec::new();
    // Control characters separate terms too: FTS5 reads the query as a C string, so a NUL
    // inside a quoted term would cut it short and leave the quote open.
    let separators = |c: char| c.is_whitespace() || c.is_control();
    for raw in query.split(separators).filter(|t| !t.is_empty()) {
        let word = raw.trim_end_matches('*');
        let prefix = word.len() < raw.len();
        // The tokenizer keeps only letters and digits; a term without any would match nothing.
        if !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        terms.push((word.to_string(), prefix));
    }
    if terms.is_empty() {
        return Err(StoreError::EmptyQuery);
    }
    if terms.len() > MAX_QUERY_TERMS {
        return Err(StoreError::QueryTooLong {
            terms: terms.len(),
            limit: MAX_QUERY_TERMS,
        });
    }
    Ok(terms)
}

/// The FTS5 query of parsed terms.
fn fts_string(terms: &[(String, bool)]) -> String {
    let quoted: Vec<String> = terms
        .iter()
        .map(|(word, prefix)| {
            format!(
                "\"{}\"{}",
                word.replace('"', "\"\""),
                if *prefix { "*" } else { "" }
            )
        })
        .collect();
    quoted.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_every_term() {
        assert_eq!(fts_query("JNIM Kidal").unwrap(), r#""JNIM" "Kidal""#);
        assert_eq!(
            fts_query(r#"say "hi NEAR( a-b"#).unwrap(),
            r#""say" """hi" "NEAR(" "a-b""#
        );
        assert_eq!(fts_query("jnim* ansar**").unwrap(), r#""jnim"* "ansar"*"#);
        assert_eq!(fts_query("OR AND NOT").unwrap(), r#""OR" "AND" "NOT""#);
        assert_eq!(fts_query("a\u{0}b\u{7}c").unwrap(), r#""a" "b" "c""#);
    }

    #[test]
    fn drops_terms_without_words() {
        assert_eq!(fts_query("- * \" ( kidal").unwrap(), r#""kidal""#);
        for q in ["", "   ", "*", "\"", "-", "( ) * -- \"\"", "…", "^:{}"] {
            assert!(matches!(fts_query(q), Err(StoreError::EmptyQuery)), "{q:?}");
        }
    }

    #[test]
    fn refuses_huge_queries() {
        let q = "word ".repeat(MAX_QUERY_TERMS + 1);
        assert!(matches!(
            fts_query(&q),
            Err(StoreError::QueryTooLong {
                terms: 33,
                limit: 32
            })
        ));
    }

    #[test]
    fn marks_highlights() {
        let s = Snippet {
            text: "…the JNIM attack on Kidal".to_string(),
            highlights: vec![Span::new(7, 11), Span::new(22, 27)],
        };
        assert_eq!(s.marked("[", "]"), "…the [JNIM] attack on [Kidal]");
        // Highlights outside the text or inside a character are skipped, never panic.
        let s = Snippet {
            text: "é b".to_string(),
            highlights: vec![Span::new(1, 2), Span::new(3, 9)],
        };
        assert_eq!(s.marked("[", "]"), "[] []");
    }
}
