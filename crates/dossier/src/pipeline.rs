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
/// last ("2023-02-04" over "2023", which begins earlier; "March 2024" over "2023-12-13"); of
/// dates that begin and end alike, the last one in reading order (body, then citations).
///
/// Every date phrase has a four-digit year 1900–2099 written as such, so a sentence whose
/// highest such number is below the best date's year cannot hold a better one: sentences are
/// read from the highest year down, and only until that bound stops them. Most of a report is
/// never scanned for dates (`infer_published_by_scanning_all` is the plain definition, and the
/// tests check that both agree).
pub fn infer_published(doc: &Document, analysis: &Analysis, today: FuzzyDate) -> Option<FuzzyDate> {
    let limit = today.interval().1;
    let n = analysis.sentences.len();
    // (interval, reading order) of the best so far; citations come after every sentence.
    let mut best: Option<((i64, i64), usize, FuzzyDate)> = None;
    let offer =
        |date: FuzzyDate, order: usize, best: &mut Option<((i64, i64), usize, FuzzyDate)>| {
            let key = date.interval();
            if key.1 <= limit
                && best
                    .as_ref()
                    .is_none_or(|(k, o, _)| (key, order) > (*k, *o))
            {
                *best = Some((key, order, date));
            }
        };
    for (i, c) in analysis.citations.iter().enumerate() {
        if let Some(date) = c.date {
            offer(date, n + i, &mut best);
        }
    }
    let mut by_year: Vec<(u16, usize)> = analysis
        .sentences
        .iter()
        .enumerate()
        .filter_map(|(i, s)| highest_year(s.span.slice(&doc.text)).map(|y| (y, i)))
        .collect();
    by_year.sort_unstable_by(|a, b| b.cmp(a));
    for (year, i) in by_year {
        if let Some((key, _, _)) = &best {
            // The last day of `year`: no date of this sentence ends later than that, so none
            // begins later than the best one when this is before the best one's beginning.
            let year_end = FuzzyDate::year(i32::from(year)).map_or(i64::MAX, |d| d.interval().1);
            if year_end < key.0 {
                break;
            }
        }
        let sentence = analysis.sentences[i].span.slice(&doc.text);
        for m in dossier_text::dates::find(sentence) {
            offer(m.date, i, &mut best);
        }
    }
    best.map(|(_, _, date)| date)
}

/// The highest run of exactly four ASCII digits in 1900–2099 in `text` (the years a date
/// phrase can have), if any.
fn highest_year(text: &str) -> Option<u16> {
    let bytes = text.as_bytes();
    let mut best = None;
    let mut i = 0;
    while i < bytes.len() {
        // Most of a sentence has no digit: 32 bytes without one are skipped at once.
        if let Some(block) = bytes.get(i..i + 32)
            && !block.iter().fold(false, |any, b| any | b.is_ascii_digit())
        {
            i += 32;
            continue;
        }
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i - start == 4 {
            let y = bytes[start..i]
                .iter()
                .fold(0u16, |acc, &b| acc * 10 + u16::from(b - b'0'));
            if (1900..=2099).contains(&y) && best.is_none_or(|b| y > b) {
                best = Some(y);
            }
        }
    }
    best
}

/// The plain definition of [`infer_published`]: every date of every sentence and citation.
#[cfg(test)]
fn infer_published_by_scanning_all(
    doc: &Document,
    analysis: &Analysis,
    today: FuzzyDate,
) -> Option<FuzzyDate> {
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

    /// The pruned search finds what scanning every sentence finds, on every kind of text the
    /// repository holds (reports, fixtures, the synthetic bench corpus shape).
    #[test]
    fn published_inference_agrees_with_the_plain_definition() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut files = Vec::new();
        for dir in [
            "examples/reports",
            "crates/dossier/tests/fixtures",
            "../shared/corpus/seeds",
        ] {
            let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
                continue;
            };
            files.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
        }
        let mut texts: Vec<(Vec<u8>, Format)> = files
            .iter()
            .filter_map(|p| {
                let format = match p.extension()?.to_str()? {
                    "txt" => Format::Text,
                    "md" => Format::Markdown,
                    "html" => Format::Html,
                    _ => return None,
                };
                Some((std::fs::read(p).ok()?, format))
            })
            .collect();
        texts.push((
            b"Founded in 2012.\nIn mid-2022 it split; by 1999 or 2031 nothing. Reported 4 Feb. 2014, 2014.\n\
              See also March 2024 and 2023-12-13; page 20245.\n"
                .to_vec(),
            Format::Text,
        ));
        assert!(texts.len() > 5, "no texts found under {root}");
        for today in ["2026-01-01", "2023-06-30", "2014-02-04", "2000"] {
            let today: FuzzyDate = today.parse().unwrap();
            for (bytes, format) in &texts {
                let doc = dossier_text::load(bytes, *format).unwrap();
                let analysis = dossier_text::analyze(&doc);
                assert_eq!(
                    infer_published(&doc, &analysis, today),
                    infer_published_by_scanning_all(&doc, &analysis, today),
                    "today {today}: {}",
                    doc.text.chars().take(80).collect::<String>()
                );
            }
        }
    }

    #[test]
    fn highest_years() {
        assert_eq!(
            highest_year("in 2012 and 2019, page 20245, 1850"),
            Some(2019)
        );
        assert_eq!(highest_year("no years 12 345"), None);
        assert_eq!(highest_year("2013-02-25"), Some(2013));
    }

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
