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

use dossier_model::Span;
use serde::Serialize;

use crate::error::{StoreError, at};
use crate::store::Store;

/// The most terms a query may have.
pub const MAX_QUERY_TERMS: usize = 32;

/// How many tokens a snippet shows at most.
const SNIPPET_TOKENS: i64 = 24;

/// Marks FTS5 puts around matched tokens in a snippet. Normalized text has no control
/// characters, so they cannot clash with the text itself.
const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';

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
    /// Byte spans of the matched words in `text`.
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
            out.push_str(h.slice(&self.text));
            out.push_str(close);
            at = h.end;
        }
        out.push_str(self.text.get(at..).unwrap_or(""));
        out
    }

    /// Reads a snippet FTS5 wrote with the [`OPEN`] and [`CLOSE`] marks.
    fn parse(marked: &str) -> Snippet {
        let mut snippet = Snippet {
            text: String::with_capacity(marked.len()),
            highlights: Vec::new(),
        };
        let mut open = None;
        for c in marked.chars() {
            match c {
                OPEN => open = Some(snippet.text.len()),
                CLOSE => {
                    if let Some(start) = open.take() {
                        snippet
                            .highlights
                            .push(Span::new(start, snippet.text.len()));
                    }
                }
                c => snippet.text.push(c),
            }
        }
        snippet
    }
}

impl Store {
    /// The sentences matching every word of `query`, best first, at most `limit` of them.
    ///
    /// Each whitespace-separated term is searched as a phrase of the words in it
    /// (`al-Qaeda` finds "al Qaeda"); case and diacritics do not matter; a term ending in `*`
    /// matches words starting with it. Nothing in the query is FTS5 syntax, so no query can fail
    /// to parse. A query without any letter or digit is [`StoreError::EmptyQuery`].
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let fts = fts_query(query)?;
        if limit == 0 {
            return Ok(Vec::new());
        }
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT s.source, src.title, s.idx,
                    snippet(sentence_search, 0, char(2), char(3), '…', ?3),
                    bm25(sentence_search) AS rank
                 FROM sentence_search
                 JOIN sentences s ON s.id = sentence_search.rowid
                 JOIN sources src ON src.id = s.source
                 WHERE sentence_search MATCH ?1
                 ORDER BY rank, s.source, s.idx
                 LIMIT ?2",
            )
            .map_err(at(&self.path))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = st
            .query_map(rusqlite::params![fts, limit, SNIPPET_TOKENS], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, f64>(4)?,
                ))
            })
            .map_err(at(&self.path))?;
        let mut hits = Vec::new();
        for row in rows {
            let (source, title, idx, snippet, rank) = row.map_err(at(&self.path))?;
            hits.push(SearchHit {
                source,
                title,
                sentence: self.count("sentences", "idx", idx)?,
                snippet: Snippet::parse(&snippet),
                score: -rank,
            });
        }
        Ok(hits)
    }
}

/// Turns what a user typed into an FTS5 query that cannot be a syntax error: every term becomes
/// a quoted string (inner `"` doubled), an optional trailing `*` a prefix search.
pub fn fts_query(query: &str) -> Result<String, StoreError> {
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
        terms.push(format!(
            "\"{}\"{}",
            word.replace('"', "\"\""),
            if prefix { "*" } else { "" }
        ));
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
    Ok(terms.join(" "))
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
    fn snippets_locate_their_highlights() {
        let s = Snippet::parse("…the \u{2}JNIM\u{3} attack on \u{2}Kidal\u{3}");
        assert_eq!(s.text, "…the JNIM attack on Kidal");
        assert_eq!(s.highlights, vec![Span::new(7, 11), Span::new(22, 27)]);
        assert_eq!(s.marked("[", "]"), "…the [JNIM] attack on [Kidal]");
        // Unbalanced marks are dropped, never panic.
        let s = Snippet::parse("a\u{3}b\u{2}c");
        assert_eq!((s.text.as_str(), s.highlights.len()), ("abc", 0));
    }
}
