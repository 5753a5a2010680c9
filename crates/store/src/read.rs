//! Reading sources back: the list, one source by id or unique prefix, its sentences, figures and
//! citations.
//!
//! ```text
//! store.source("9f2c4e")   one id starts with it  ──►  Ok(StoredSource { id: "9f2c4e71…", … })
//! store.source("9f2c")     fewer than 6 digits    ──►  Err(BadPrefix)
//! store.source("000000")   none / several         ──►  Err(NoSuchSource) / Err(Ambiguous)
//! ```

use std::str::FromStr;

use dossier_model::Span;

use crate::error::{StoreError, at};
use crate::pack::{Packed, parse_citations, parse_sentences};
use crate::rows::{SourceSummary, StoredCitation, StoredFigure, StoredSentence, StoredSource};
use crate::store::Store;

/// The shortest prefix that [`Store::source`] accepts.
pub const MIN_PREFIX: usize = 6;

/// How many of the ids an ambiguous prefix matches are named in the error.
const AMBIGUOUS_SHOWN: usize = 5;

impl Store {
    /// Every source, newest publication first (undated ones last, then by ingest time, newest
    /// first), with its sentence and citation counts.
    pub fn sources(&self) -> Result<Vec<SourceSummary>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, title, publisher, kind, published, ingested_at, sentence_count,
                    citation_count
                 FROM sources
                 ORDER BY published_lo IS NULL, published_lo DESC, published_hi DESC,
                    ingested_at DESC, id",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, i64>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, title, publisher, kind, published, ingested_at, sentences, citations) =
                row.map_err(at(&self.path))?;
            out.push(SourceSummary {
                id,
                title,
                publisher,
                kind: self.opt_word("sources", "kind", kind)?,
                published: self.opt_word("sources", "published", published)?,
                ingested_at,
                sentences: self.count("sources", "sentences", sentences)?,
                citations: self.count("sources", "citations", citations)?,
            });
        }
        Ok(out)
    }

    /// The full id of the one source whose id starts with `id_or_prefix` (at least
    /// [`MIN_PREFIX`] hex digits; case does not matter).
    pub fn resolve(&self, id_or_prefix: &str) -> Result<String, StoreError> {
        let prefix = id_or_prefix.trim().to_ascii_lowercase();
        if prefix.len() < MIN_PREFIX || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::BadPrefix {
                prefix: id_or_prefix.to_string(),
            });
        }
        // Ids are lowercase hex, so every id starting with the prefix sorts between the prefix
        // and the prefix followed by 'g'.
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id FROM sources WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT ?2",
            )
            .map_err(at(&self.path))?;
        let limit = AMBIGUOUS_SHOWN as i64;
        let matches = st
            .query_map(rusqlite::params![prefix, limit], |r| r.get::<_, String>(0))
            .map_err(at(&self.path))?
            .collect::<rusqlite::Result<Vec<String>>>()
            .map_err(at(&self.path))?;
        match matches.len() {
            0 => Err(StoreError::NoSuchSource {
                prefix: id_or_prefix.to_string(),
            }),
            1 => Ok(matches.into_iter().next().unwrap_or_default()),
            _ => Err(StoreError::Ambiguous {
                prefix: id_or_prefix.to_string(),
                matches,
            }),
        }
    }

    /// A source with its metadata and text, by id or unique prefix.
    pub fn source(&self, id_or_prefix: &str) -> Result<StoredSource, StoreError> {
        let id = self.resolve(id_or_prefix)?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, title, publisher, author, kind, published, published_inferred, url,
                    retrieved_at, reliability, path, format, encoding, bytes, text, ingested_at
                 FROM sources WHERE id = ?1",
            )
            .map_err(at(&self.path))?;
        let raw = st
            .query_row([&id], |r| {
                Ok(RawSource {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    publisher: r.get(2)?,
                    author: r.get(3)?,
                    kind: r.get(4)?,
                    published: r.get(5)?,
                    published_inferred: r.get(6)?,
                    url: r.get(7)?,
                    retrieved: r.get(8)?,
                    reliability: r.get(9)?,
                    path: r.get(10)?,
                    format: r.get(11)?,
                    encoding: r.get(12)?,
                    bytes: r.get(13)?,
                    text: r.get(14)?,
                    ingested_at: r.get(15)?,
                })
            })
            .map_err(at(&self.path))?;
        Ok(StoredSource {
            kind: self.opt_word("sources", "kind", raw.kind)?,
            published: self.opt_word("sources", "published", raw.published)?,
            retrieved: self.opt_word("sources", "retrieved_at", raw.retrieved)?,
            reliability: self.opt_word("sources", "reliability", raw.reliability)?,
            format: self.word("sources", "format", raw.format)?,
            bytes: u64::try_from(raw.bytes)
                .map_err(|_| self.bad_value("sources", "bytes", raw.bytes.to_string()))?,
            id: raw.id,
            title: raw.title,
            publisher: raw.publisher,
            author: raw.author,
            published_inferred: raw.published_inferred,
            url: raw.url,
            path: raw.path,
            encoding: raw.encoding,
            text: raw.text,
            ingested_at: raw.ingested_at,
        })
    }

    /// The sentences of a source (by id or unique prefix), in order.
    pub fn sentences(&self, id_or_prefix: &str) -> Result<Vec<StoredSentence>, StoreError> {
        let (json, text) = self.packed_with_text(
            id_or_prefix,
            "SELECT sentences, text FROM sources WHERE id = ?1",
        )?;
        self.stored_sentences(&json, &text)
    }

    /// A packed column of a source (by id or unique prefix) and the source's text.
    fn packed_with_text(
        &self,
        id_or_prefix: &str,
        sql: &str,
    ) -> Result<(String, String), StoreError> {
        let id = self.resolve(id_or_prefix)?;
        self.conn
            .prepare_cached(sql)
            .and_then(|mut st| {
                st.query_row([&id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
                })
            })
            .map_err(at(&self.path))
    }

    /// Where the sentences of a source's packed sentence column lie in its text, each checked
    /// to be a range of the text on character boundaries.
    pub(crate) fn sentence_spans(&self, json: &str, text: &str) -> Result<Vec<Span>, StoreError> {
        let packed =
            parse_sentences(json).map_err(|e| self.bad_value("sources", "sentences", e))?;
        packed
            .into_iter()
            .map(|p| match text.get(p.span.start..p.span.end) {
                Some(_) => Ok(p.span),
                None => Err(self.bad_value("sources", "sentences", p.span.to_string())),
            })
            .collect()
    }

    /// Sentences from a source's packed sentence column and its text.
    pub(crate) fn stored_sentences(
        &self,
        json: &str,
        text: &str,
    ) -> Result<Vec<StoredSentence>, StoreError> {
        let packed =
            parse_sentences(json).map_err(|e| self.bad_value("sources", "sentences", e))?;
        let mut out = Vec::with_capacity(packed.len());
        for (idx, p) in packed.into_iter().enumerate() {
            let sentence = text
                .get(p.span.start..p.span.end)
                .ok_or_else(|| self.bad_value("sources", "sentences", p.span.to_string()))?;
            out.push(StoredSentence {
                idx,
                span: p.span,
                file_span: p.file_span,
                kind: self.word("sentences", "kind", p.kind.to_string())?,
                block: p.block,
                text: sentence.to_string(),
            });
        }
        Ok(out)
    }

    /// The figures of a source (by id or unique prefix), in order.
    pub fn figures(&self, id_or_prefix: &str) -> Result<Vec<StoredFigure>, StoreError> {
        let id = self.resolve(id_or_prefix)?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT f.idx, f.byte_start, f.byte_end, f.caption, f.credit
                 FROM figures f JOIN sources s ON s.sid = f.source
                 WHERE s.id = ?1 ORDER BY f.idx",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([&id], |r| {
                Ok((
                    [r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?],
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let ([idx, start, end], caption, credit) = row.map_err(at(&self.path))?;
            out.push(StoredFigure {
                idx: self.count("figures", "idx", idx)?,
                span: self.span("figures", start, end)?,
                caption,
                credit,
            });
        }
        Ok(out)
    }

    /// The citations of a source (by id or unique prefix), in order, each with the sentences it
    /// supports.
    pub fn citations(&self, id_or_prefix: &str) -> Result<Vec<StoredCitation>, StoreError> {
        let (json, text) = self.packed_with_text(
            id_or_prefix,
            "SELECT citations, text FROM sources WHERE id = ?1",
        )?;
        self.stored_citations(&json, &text)
    }

    /// Citations from a source's packed citation column and its text.
    pub(crate) fn stored_citations(
        &self,
        json: &str,
        text: &str,
    ) -> Result<Vec<StoredCitation>, StoreError> {
        let packed =
            parse_citations(json).map_err(|e| self.bad_value("sources", "citations", e))?;
        let mut out = Vec::with_capacity(packed.len());
        for (idx, c) in packed.into_iter().enumerate() {
            let (
                marker,
                style,
                author,
                title,
                publisher,
                date,
                url,
                foreign,
                raw,
                start,
                end,
                sentences,
            ) = c;
            if start > end {
                return Err(self.bad_value("sources", "citations", format!("{start}..{end}")));
            }
            let string = |packed: Packed| {
                packed
                    .resolve(text)
                    .ok_or_else(|| self.bad_value("sources", "citations", format!("{packed:?}")))
            };
            let opt_string = |packed: Option<Packed>| packed.map(string).transpose();
            out.push(StoredCitation {
                idx,
                marker,
                style: self.opt_word("citations", "style", style)?,
                author: opt_string(author)?,
                title: opt_string(title)?,
                publisher: opt_string(publisher)?,
                date: self.opt_word("citations", "date", date)?,
                url: opt_string(url)?,
                foreign_domain: foreign != 0,
                raw: string(raw)?,
                span: Span::new(start, end),
                sentences,
            });
        }
        Ok(out)
    }

    /// A non-negative integer column as `usize`.
    pub(crate) fn count(
        &self,
        table: &'static str,
        column: &'static str,
        v: i64,
    ) -> Result<usize, StoreError> {
        usize::try_from(v).map_err(|_| self.bad_value(table, column, v.to_string()))
    }

    /// Two offset columns as a span.
    fn span(&self, table: &'static str, start: i64, end: i64) -> Result<Span, StoreError> {
        let start = self.count(table, "byte_start", start)?;
        let end = self.count(table, "byte_end", end)?;
        Ok(Span::new(start, end))
    }

    /// A stored word parsed back into its type.
    pub(crate) fn word<T: FromStr>(
        &self,
        table: &'static str,
        column: &'static str,
        s: String,
    ) -> Result<T, StoreError> {
        s.parse().map_err(|_| self.bad_value(table, column, s))
    }

    pub(crate) fn opt_word<T: FromStr>(
        &self,
        table: &'static str,
        column: &'static str,
        s: Option<String>,
    ) -> Result<Option<T>, StoreError> {
        s.map(|s| self.word(table, column, s)).transpose()
    }

    pub(crate) fn bad_value(
        &self,
        table: &'static str,
        column: &'static str,
        value: String,
    ) -> StoreError {
        StoreError::BadValue {
            path: self.path.clone(),
            table,
            column,
            value,
        }
    }
}

/// A `sources` row as SQLite gives it.
struct RawSource {
    id: String,
    title: Option<String>,
    publisher: Option<String>,
    author: Option<String>,
    kind: Option<String>,
    published: Option<String>,
    published_inferred: bool,
    url: Option<String>,
    retrieved: Option<String>,
    reliability: Option<String>,
    path: Option<String>,
    format: String,
    encoding: String,
    bytes: i64,
    text: String,
    ingested_at: String,
}
