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
                "SELECT s.id, s.title, s.publisher, s.kind, s.published, s.ingested_at,
                    (SELECT count(*) FROM sentences t WHERE t.source = s.id),
                    (SELECT count(*) FROM citations c WHERE c.source = s.id)
                 FROM sources s
                 ORDER BY s.published_lo IS NULL, s.published_lo DESC, s.published_hi DESC,
                    s.ingested_at DESC, s.id",
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
        let id = self.resolve(id_or_prefix)?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT idx, byte_start, byte_end, file_start, file_end, kind, block, text
                 FROM sentences WHERE source = ?1 ORDER BY idx",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([&id], |r| {
                Ok((
                    [
                        r.get::<_, i64>(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(6)?,
                    ],
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(7)?,
                ))
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let ([idx, start, end, file_start, file_end, block], kind, text) =
                row.map_err(at(&self.path))?;
            out.push(StoredSentence {
                idx: self.count("sentences", "idx", idx)?,
                span: self.span("sentences", start, end)?,
                file_span: self.span("sentences", file_start, file_end)?,
                kind: self.word("sentences", "kind", kind)?,
                block: self.count("sentences", "block", block)?,
                text,
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
                "SELECT idx, byte_start, byte_end, caption, credit
                 FROM figures WHERE source = ?1 ORDER BY idx",
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
        let id = self.resolve(id_or_prefix)?;
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT idx, marker, style, author, title, publisher, date, url, foreign_domain,
                    raw, byte_start, byte_end
                 FROM citations WHERE source = ?1 ORDER BY idx",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([&id], |r| {
                Ok(RawCitation {
                    idx: r.get(0)?,
                    marker: r.get(1)?,
                    style: r.get(2)?,
                    author: r.get(3)?,
                    title: r.get(4)?,
                    publisher: r.get(5)?,
                    date: r.get(6)?,
                    url: r.get(7)?,
                    foreign_domain: r.get(8)?,
                    raw: r.get(9)?,
                    start: r.get(10)?,
                    end: r.get(11)?,
                })
            })
            .map_err(at(&self.path))?;
        let mut out = Vec::new();
        for row in rows {
            let c = row.map_err(at(&self.path))?;
            out.push(StoredCitation {
                idx: self.count("citations", "idx", c.idx)?,
                style: self.opt_word("citations", "style", c.style)?,
                date: self.opt_word("citations", "date", c.date)?,
                span: self.span("citations", c.start, c.end)?,
                marker: c.marker,
                author: c.author,
                title: c.title,
                publisher: c.publisher,
                url: c.url,
                foreign_domain: c.foreign_domain,
                raw: c.raw,
                sentences: Vec::new(),
            });
        }
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT citation, sentence FROM citation_sentences
                 WHERE source = ?1 ORDER BY citation, sentence",
            )
            .map_err(at(&self.path))?;
        let links = st
            .query_map([&id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .map_err(at(&self.path))?;
        for link in links {
            let (citation, sentence) = link.map_err(at(&self.path))?;
            let sentence = self.count("citation_sentences", "sentence", sentence)?;
            let citation = self.count("citation_sentences", "citation", citation)?;
            // Citations are numbered from 0 without gaps, so the index is the position.
            match out.get_mut(citation) {
                Some(c) if c.idx == citation => c.sentences.push(sentence),
                _ => {
                    return Err(self.bad_value(
                        "citation_sentences",
                        "citation",
                        citation.to_string(),
                    ));
                }
            }
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
    fn word<T: FromStr>(
        &self,
        table: &'static str,
        column: &'static str,
        s: String,
    ) -> Result<T, StoreError> {
        s.parse().map_err(|_| self.bad_value(table, column, s))
    }

    fn opt_word<T: FromStr>(
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

/// A `citations` row as SQLite gives it.
struct RawCitation {
    idx: i64,
    marker: Option<String>,
    style: Option<String>,
    author: Option<String>,
    title: Option<String>,
    publisher: Option<String>,
    date: Option<String>,
    url: Option<String>,
    foreign_domain: bool,
    raw: String,
    start: i64,
    end: i64,
}
