//! Writing sources: one transaction per source, nothing left behind on failure.
//!
//! ```text
//! insert_source(NewSource { id: "9f2c…", sentences: 3, citations: [{ sentences: [1] }] })
//!     ──►  Ok(Added)       sources +1, sentences +3, citations +1, citation_sentences +1
//! insert_source(the same again)
//!     ──►  Ok(Unchanged)   nothing written
//! insert_source(NewSource { citations: [{ sentences: [7] }], .. }) with 3 sentences
//!     ──►  Err(Invalid { problem: CitationSentence { sentence: 7, count: 3, .. } }), nothing kept
//! ```
//!
//! A source is checked completely before anything is written (id, size, spans inside the text
//! and on character boundaries, citation sentence indices in range), so an invalid source costs
//! no write at all; an error while writing rolls back the whole transaction. Statements are
//! prepared once per connection and reused from its cache, and each sentence goes into the
//! full-text index right after its row (see `migrations/0002_search.sql` for why not by
//! trigger).

use std::path::Path;

use dossier_model::{FuzzyDate, Span};
use rusqlite::{Connection, TransactionBehavior, params};

use crate::error::{Problem, StoreError, at};
use crate::new::{Inserted, NewSource};
use crate::store::Store;

/// The largest text the store accepts for one source.
pub const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;

impl Store {
    /// Stores a source and everything found in it, in one transaction. A source whose id is
    /// already stored is left as it is ([`Inserted::Unchanged`]). On error nothing of the
    /// source remains.
    pub fn insert_source(&mut self, source: &NewSource) -> Result<Inserted, StoreError> {
        let path = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(at(path))?;
        validate(source).map_err(|problem| StoreError::Invalid {
            id: source.id.clone(),
            problem,
        })?;
        let inserted = write_source(&tx, path, source)?;
        tx.commit().map_err(at(path))?;
        Ok(inserted)
    }

    /// Stores several sources in one transaction. Invalid sources ([`StoreError::Invalid`])
    /// are skipped, each with its error in the returned list, and the others are stored. Any
    /// other error (a locked or full disk) rolls back the whole batch and is returned alone: then
    /// nothing of the batch is stored.
    ///
    /// Faster than [`Store::insert_source`] in a loop: one commit and one flush of the full-text
    /// index per batch instead of per source.
    pub fn insert_sources(
        &mut self,
        sources: &[NewSource],
    ) -> Result<Vec<Result<Inserted, StoreError>>, StoreError> {
        let path = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(at(path))?;
        let mut results = Vec::with_capacity(sources.len());
        for source in sources {
            match validate(source) {
                Ok(()) => results.push(Ok(write_source(&tx, path, source)?)),
                Err(problem) => results.push(Err(StoreError::Invalid {
                    id: source.id.clone(),
                    problem,
                })),
            }
        }
        tx.commit().map_err(at(path))?;
        Ok(results)
    }

    /// Deletes a source (by id or unique prefix) and, through the cascade, everything read from
    /// it. Returns the full id.
    pub fn delete_source(&mut self, id_or_prefix: &str) -> Result<String, StoreError> {
        let id = self.resolve(id_or_prefix)?;
        let path = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(at(path))?;
        tx.execute("DELETE FROM sources WHERE id = ?1", [&id])
            .map_err(at(path))?;
        tx.commit().map_err(at(path))?;
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
    Ok(())
}

/// Writes one validated source inside the caller's transaction.
fn write_source(conn: &Connection, path: &Path, s: &NewSource) -> Result<Inserted, StoreError> {
    let text = s.text.as_str();
    let published = DateCols::new(s.published.as_ref());
    let added = conn
        .prepare_cached(
            "INSERT INTO sources (id, title, publisher, author, kind, published,
                 published_precision, published_lo, published_hi, published_inferred, url,
                 retrieved_at, reliability, path, format, encoding, bytes, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
             ON CONFLICT (id) DO NOTHING",
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
                text,
            ])
        })
        .map_err(at(path))?;
    if added == 0 {
        return Ok(Inserted::Unchanged);
    }

    let mut sentence_row = conn
        .prepare_cached(
            "INSERT INTO sentences (source, idx, byte_start, byte_end, file_start, file_end, kind,
                 block, text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .map_err(at(path))?;
    let mut index = conn
        .prepare_cached("INSERT INTO sentence_search (rowid, text) VALUES (?1, ?2)")
        .map_err(at(path))?;
    for (i, sentence) in s.sentences.iter().enumerate() {
        let span = sentence.span;
        let sentence_text = text.get(span.start..span.end).unwrap_or_default();
        let f = sentence.file_span;
        sentence_row
            .execute(params![
                s.id,
                int(i),
                int(span.start),
                int(span.end),
                int(f.start),
                int(f.end),
                sentence.kind.as_str(),
                int(sentence.block),
                sentence_text,
            ])
            .map_err(at(path))?;
        index
            .execute(params![conn.last_insert_rowid(), sentence_text])
            .map_err(at(path))?;
    }

    let mut figure_row = conn
        .prepare_cached(
            "INSERT INTO figures (source, idx, caption, credit, byte_start, byte_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(at(path))?;
    for (i, figure) in s.figures.iter().enumerate() {
        figure_row
            .execute(params![
                s.id,
                int(i),
                figure.caption,
                figure.credit,
                int(figure.span.start),
                int(figure.span.end),
            ])
            .map_err(at(path))?;
    }

    let mut citation_row = conn
        .prepare_cached(
            "INSERT INTO citations (source, idx, marker, style, author, title, publisher, date,
                 date_precision, date_lo, date_hi, url, foreign_domain, raw, byte_start, byte_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )
        .map_err(at(path))?;
    let mut link = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO citation_sentences (source, citation, sentence)
             VALUES (?1, ?2, ?3)",
        )
        .map_err(at(path))?;
    for (i, c) in s.citations.iter().enumerate() {
        let date = DateCols::new(c.date.as_ref());
        citation_row
            .execute(params![
                s.id,
                int(i),
                c.marker,
                c.style.map(|k| k.as_str()),
                c.author,
                c.title,
                c.publisher,
                date.text,
                date.precision,
                date.lo,
                date.hi,
                c.url,
                c.foreign_domain,
                c.raw,
                int(c.span.start),
                int(c.span.end),
            ])
            .map_err(at(path))?;
        for &sentence in &c.sentences {
            link.execute(params![s.id, int(i), int(sentence)])
                .map_err(at(path))?;
        }
    }
    Ok(Inserted::Added)
}

/// True for 16 to 128 lowercase hex digits (the schema checks the same).
pub(crate) fn valid_id(id: &str) -> bool {
    (16..=128).contains(&id.len()) && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Checks that `span` lies inside `text` on character boundaries.
fn check_span(text: &str, span: Span, what: &'static str, index: usize) -> Result<(), Problem> {
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
fn int(v: usize) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// The four columns of a fuzzy date.
struct DateCols {
    text: Option<String>,
    precision: Option<&'static str>,
    lo: Option<i64>,
    hi: Option<i64>,
}

impl DateCols {
    fn new(date: Option<&FuzzyDate>) -> DateCols {
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
