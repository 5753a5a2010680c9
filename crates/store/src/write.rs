//! Writing sources: one transaction per source, nothing left behind on failure.
//!
//! ```text
//! insert_source(NewSource { id: "9f2c…", sentences: 3, citations: [{ sentences: [1] }] })
//!     ──►  Ok(Added)       one `sources` row (sentences and citations packed in it), its
//!                          figures, and a `search_pending` row
//! insert_source(the same again)
//!     ──►  Ok(Unchanged)   nothing written
//! insert_source(NewSource { citations: [{ sentences: [7] }], .. }) with 3 sentences
//!     ──►  Err(Invalid { problem: CitationSentence { sentence: 7, count: 3, .. } }), nothing kept
//! ```
//!
//! A source is checked completely before anything is written (id, size, spans inside the text
//! and on character boundaries, citation sentence indices in range, and the indices and values
//! of what extraction found: see `facts.rs`), so an invalid source costs
//! no write at all; an error while writing rolls back the whole transaction. The search index
//! is not touched here: the source waits in `search_pending` until [`Store::index_pending`].

use std::path::Path;

use dossier_model::{FuzzyDate, Span};
use rusqlite::{Connection, params};

use crate::error::{Problem, StoreError, at};
use crate::new::{Inserted, NewSource};
use crate::pack::{citations_json, sentences_json};
use crate::store::Store;

/// The largest text the store accepts for one source.
pub const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;

/// The most sentences a source may have: the search index numbers them in 32 bits.
pub const MAX_SENTENCES: usize = u32::MAX as usize;

impl Store {
    /// Stores a source and everything found in it, in one transaction. A source whose id is
    /// already stored is left as it is ([`Inserted::Unchanged`]). On error nothing of the
    /// source remains. The source is searchable after the next [`Store::index_pending`] (a
    /// search on a writable store calls it first).
    pub fn insert_source(&mut self, source: &NewSource) -> Result<Inserted, StoreError> {
        self.immediate(|conn| {
            validate(source).map_err(|problem| StoreError::Invalid {
                id: source.id.clone(),
                problem,
            })?;
            write_source(conn, &self.path, source)
        })
    }

    /// Stores several sources in one transaction, each inside its own savepoint. A source
    /// that is invalid or fails to write is rolled back alone and its error put in the
    /// returned list; the others are stored. An error outside any one source (the store is
    /// locked, the commit fails) is returned alone, and then nothing of the batch is stored.
    pub fn insert_sources(
        &mut self,
        sources: &[NewSource],
    ) -> Result<Vec<Result<Inserted, StoreError>>, StoreError> {
        self.immediate(|conn| {
            let mut results = Vec::with_capacity(sources.len());
            for source in sources {
                if let Err(problem) = validate(source) {
                    results.push(Err(StoreError::Invalid {
                        id: source.id.clone(),
                        problem,
                    }));
                    continue;
                }
                conn.execute_batch("SAVEPOINT source")
                    .map_err(at(&self.path))?;
                match write_source(conn, &self.path, source) {
                    Ok(inserted) => {
                        conn.execute_batch("RELEASE source")
                            .map_err(at(&self.path))?;
                        results.push(Ok(inserted));
                    }
                    Err(e) => {
                        conn.execute_batch("ROLLBACK TO source; RELEASE source")
                            .map_err(at(&self.path))?;
                        results.push(Err(e));
                    }
                }
            }
            Ok(results)
        })
    }

    /// Deletes a source (by id or unique prefix) and, through the cascade and the triggers,
    /// everything read from it, its sentences in the search index included. Returns the full
    /// id.
    pub fn delete_source(&mut self, id_or_prefix: &str) -> Result<String, StoreError> {
        let id = self.resolve(id_or_prefix)?;
        self.immediate(|conn| {
            conn.execute("DELETE FROM sources WHERE id = ?1", [&id])
                .map_err(at(&self.path))
        })?;
        Ok(id)
    }
}

/// Checks everything about a source that its rows' constraints would check, and more.
fn validate(s: &NewSource) -> Result<(), Problem> {
    if !valid_id(&s.id) {
        return Err(Problem::Id);
    }
    let text = s.text.as_str();
    if text.len() > MAX_TEXT_BYTES {
        return Err(Problem::TooLarge {
            len: text.len(),
            limit: MAX_TEXT_BYTES,
        });
    }
    if s.sentences.len() > MAX_SENTENCES {
        return Err(Problem::TooManySentences {
            count: s.sentences.len(),
            limit: MAX_SENTENCES,
        });
    }
    for (i, sentence) in s.sentences.iter().enumerate() {
        check_span(text, sentence.span, "sentence", i)?;
        let f = sentence.file_span;
        if f.start > f.end || u64::try_from(f.end).map_or(true, |end| end > s.bytes) {
            return Err(Problem::FileSpan {
                index: i,
                span: f,
                bytes: s.bytes,
            });
        }
    }
    for (i, figure) in s.figures.iter().enumerate() {
        check_span(text, figure.span, "figure", i)?;
    }
    for (i, c) in s.citations.iter().enumerate() {
        check_span(text, c.span, "citation", i)?;
        if let Some(&sentence) = c.sentences.iter().find(|&&n| n >= s.sentences.len()) {
            return Err(Problem::CitationSentence {
                citation: i,
                sentence,
                count: s.sentences.len(),
            });
        }
    }
    crate::facts::validate(s)
}

/// Writes one validated source inside the caller's transaction.
fn write_source(conn: &Connection, path: &Path, s: &NewSource) -> Result<Inserted, StoreError> {
    let exists = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM sources WHERE id = ?1)")
        .and_then(|mut st| st.query_row([&s.id], |r| r.get::<_, bool>(0)))
        .map_err(at(path))?;
    if exists {
        return Ok(Inserted::Unchanged);
    }
    let published = DateCols::new(s.published.as_ref());
    conn.prepare_cached(
        "INSERT INTO sources (id, title, publisher, author, kind, published,
             published_precision, published_lo, published_hi, published_inferred, url,
             retrieved_at, reliability, path, format, encoding, bytes, sentence_count,
             citation_count, sentences, citations, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, ?20, ?21, ?22)",
    )
    .and_then(|mut st| {
        st.execute(params![
            s.id,
            s.title,
            s.publisher,
            s.author,
            s.kind.map(|k| k.as_str()),
            published.text,
            published.precision,
            published.lo,
            published.hi,
            s.published_inferred,
            s.url,
            s.retrieved.map(|d| d.to_string()),
            s.reliability.map(|r| r.as_str()),
            s.path,
            s.format.as_str(),
            s.encoding,
            i64::try_from(s.bytes).unwrap_or(i64::MAX),
            int(s.sentences.len()),
            int(s.citations.len()),
            sentences_json(&s.sentences),
            citations_json(&s.text, &s.citations),
            s.text,
        ])
    })
    .map_err(at(path))?;
    let sid = conn.last_insert_rowid();

    let mut figure_row = conn
        .prepare_cached(
            "INSERT INTO figures (source, idx, caption, credit, byte_start, byte_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(at(path))?;
    for (i, figure) in s.figures.iter().enumerate() {
        figure_row
            .execute(params![
                sid,
                int(i),
                figure.caption,
                figure.credit,
                int(figure.span.start),
                int(figure.span.end),
            ])
            .map_err(at(path))?;
    }
    crate::facts::write(conn, path, s, sid)?;
    conn.prepare_cached("INSERT INTO search_pending (source) VALUES (?1)")
        .and_then(|mut st| st.execute([sid]))
        .map_err(at(path))?;
    Ok(Inserted::Added)
}

/// True for 16 to 128 lowercase hex digits (the schema checks the same).
pub(crate) fn valid_id(id: &str) -> bool {
    (16..=128).contains(&id.len()) && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Checks that `span` lies inside `text` on character boundaries.
pub(crate) fn check_span(
    text: &str,
    span: Span,
    what: &'static str,
    index: usize,
) -> Result<(), Problem> {
    if span.start <= span.end && text.get(span.start..span.end).is_some() {
        Ok(())
    } else {
        Err(Problem::Span {
            what,
            index,
            span,
            len: text.len(),
        })
    }
}

/// A count or offset as SQLite's integer. Offsets are checked against the text first, so only
/// an absurd block index could saturate.
pub(crate) fn int(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// The four columns of a fuzzy date.
pub(crate) struct DateCols {
    pub text: Option<String>,
    pub precision: Option<&'static str>,
    pub lo: Option<i64>,
    pub hi: Option<i64>,
}

impl DateCols {
    pub(crate) fn new(date: Option<&FuzzyDate>) -> DateCols {
        match date {
            Some(d) => {
                let (lo, hi) = d.sort_key();
                DateCols {
                    text: Some(d.to_string()),
                    precision: Some(d.precision().as_str()),
                    lo: Some(lo),
                    hi: Some(hi),
                }
            }
            None => DateCols {
                text: None,
                precision: None,
                lo: None,
                hi: None,
            },
        }
    }
}
