//! From a file's bytes to a source ready to store: the one code path that `dossier ingest`,
//! `dossier extract` and `dossier eval` share.
//!
//! ```text
//! report.html ─► load (decode, normalize, blocks) ─► analyze (sentences, citations, figures)
//!             ─► metadata (flags > file metadata > inferred from the text)
//!             ─► extract (mentions, entities, dates, assessments) ─► Prepared
//! ```

use std::path::Path;

use dossier_extract::{Context, Extraction, KnownNames};
use dossier_geo::Gazetteer;
use dossier_model::{FuzzyDate, Vocabulary};
use dossier_text::{Analysis, Document, Format, SentenceKind};
use sha2::{Digest, Sha256};

/// Metadata given on the command line; each field, when set, wins over the file's own.
#[derive(Clone, Debug, Default)]
pub struct MetaOverrides {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<FuzzyDate>,
    pub url: Option<String>,
    pub kind: Option<String>,
}

/// A source's metadata after merging flags, file metadata and inference.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct SourceMeta {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<FuzzyDate>,
    /// True when `published` was guessed from the dates the text mentions.
    pub published_inferred: bool,
    pub url: Option<String>,
    pub kind: Option<String>,
}

/// A document loaded and analysed, with its id and metadata.
#[derive(Debug)]
pub struct Prepared {
    /// Hex SHA-256 of the normalized text.
    pub id: String,
    pub doc: Document,
    pub analysis: Analysis,
    pub meta: SourceMeta,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// What the extraction stages found (empty when only the text stages ran).
    pub extraction: Extraction,
}

/// The read-only data extraction needs, loaded once for many documents.
pub struct Resources {
    pub vocabulary: Vocabulary,
    pub gazetteer: &'static Gazetteer<'static>,
    /// Names the knowledge base already knows.
    pub known: KnownNames,
}

impl Resources {
    pub fn new(vocabulary: Vocabulary, known: KnownNames) -> Resources {
        Resources {
            vocabulary,
            gazetteer: Gazetteer::builtin(),
            known,
        }
    }
}

/// Why a file could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error("unsupported file type (expected .txt, .md or .html)")]
    UnsupportedType,
    #[error("the file is {size} bytes, over the limit of {limit} bytes (see --max-size)")]
    TooLarge { size: u64, limit: u64 },
    #[error("{0}")]
    Load(#[from] dossier_text::LoadError),
}

/// The format of a path from its extension.
pub fn format_of(path: &Path) -> Option<Format> {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
}

/// Loads and analyses one file's bytes. `today` bounds the inferred publication date (a date
/// after it is a forecast, not a publication date).
pub fn prepare(
    bytes: &[u8],
    format: Format,
    overrides: &MetaOverrides,
    today: FuzzyDate,
    resources: &Resources,
) -> Result<Prepared, PrepareError> {
    let mut prepared = prepare_text(bytes, format, overrides, today)?;
    let ctx = Context::new(&resources.vocabulary, resources.gazetteer, &resources.known)
        .with_published(prepared.meta.published)
        .with_original(bytes);
    prepared.extraction = dossier_extract::extract(&prepared.doc, &prepared.analysis, &ctx);
    Ok(prepared)
}

/// The text stages only (load, segment, cite, metadata), without extraction.
pub fn prepare_text(
    bytes: &[u8],
    format: Format,
    overrides: &MetaOverrides,
    today: FuzzyDate,
) -> Result<Prepared, PrepareError> {
    let doc = dossier_text::load(bytes, format)?;
    let analysis = dossier_text::analyze(&doc);
    let id = content_id(&doc.text);
    let meta = merge_meta(&doc, &analysis, overrides, today);
    Ok(Prepared {
        id,
        doc,
        analysis,
        meta,
        bytes: bytes.len() as u64,
        extraction: Extraction::default(),
    })
}

/// The id of a source: the hex SHA-256 of its normalized text.
pub fn content_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for b in digest.iter() {
        hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    hex
}

fn merge_meta(
    doc: &Document,
    analysis: &Analysis,
    overrides: &MetaOverrides,
    today: FuzzyDate,
) -> SourceMeta {
    let file = &doc.meta;
    let title = overrides
        .title
        .clone()
        .or_else(|| file.title.clone())
        .or_else(|| {
            analysis
                .sentences
                .iter()
                .find(|s| s.kind == SentenceKind::Title)
                .map(|s| s.span.slice(&doc.text).trim().to_string())
        });
    let (published, published_inferred) = match overrides.published.or(file.published) {
        Some(date) => (Some(date), false),
        None => match infer_published(doc, analysis, today) {
            Some(date) => (Some(date), true),
            None => (None, false),
        },
    };
    SourceMeta {
        title,
        publisher: overrides
            .publisher
            .clone()
            .or_else(|| file.publisher.clone()),
        author: file.author.clone(),
        published,
        published_inferred,
        url: overrides.url.clone().or_else(|| file.url.clone()),
        kind: overrides.kind.clone().or_else(|| file.kind.clone()),
    }
}

/// The latest date the body or the citations mention, not after `today`: the one that begins
/// last ("2023-02-04" over "2023", which begins earlier; "March 2024" over "2023-12-13").
fn infer_published(doc: &Document, analysis: &Analysis, today: FuzzyDate) -> Option<FuzzyDate> {
    let limit = today.interval().1;
    let body = analysis
        .sentences
        .iter()
        .flat_map(|s| dossier_text::dates::find(s.span.slice(&doc.text)))
        .map(|m| m.date);
    let cited = analysis.citations.iter().filter_map(|c| c.date);
    body.chain(cited)
        .filter(|d| d.interval().1 <= limit)
        .max_by_key(|d| d.interval())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_hashes_of_normalized_text() {
        let today: FuzzyDate = "2026-01-01".parse().unwrap();
        let a = prepare_text(
            b"Line one.\r\nLine two.\r\n",
            Format::Text,
            &MetaOverrides::default(),
            today,
        )
        .unwrap();
        let b = prepare_text(
            b"Line one.\nLine two.\n",
            Format::Text,
            &MetaOverrides::default(),
            today,
        )
        .unwrap();
        assert_eq!(a.id, b.id);
        assert_eq!(a.id.len(), 64);
        assert_eq!(
            content_id(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn flags_win_over_inference() {
        let today: FuzzyDate = "2026-01-01".parse().unwrap();
        let over = MetaOverrides {
            title: Some("Given".into()),
            published: Some("2020-05".parse().unwrap()),
            ..MetaOverrides::default()
        };
        let p = prepare_text(
            b"A Title\n\nSomething happened in 2019.\n",
            Format::Text,
            &over,
            today,
        )
        .unwrap();
        assert_eq!(p.meta.title.as_deref(), Some("Given"));
        assert_eq!(p.meta.published.unwrap().to_string(), "2020-05");
        assert!(!p.meta.published_inferred);
        let p = prepare_text(
            b"A Title\n\nSomething happened.\n",
            Format::Text,
            &MetaOverrides::default(),
            today,
        )
        .unwrap();
        assert_eq!(p.meta.title.as_deref(), Some("A Title"));
    }
}
