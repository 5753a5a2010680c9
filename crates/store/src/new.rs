//! What the store takes in: a source with its text, sentences, figures and citations.
//!
//! ```text
//! NewSource { id: "9f2c…", text: "JNIM claimed the attack. It …", sentences: [0..24, 25..], … }
//!   ──insert_source──►  one row in `sources`, `sentences`, `figures`, `citations`,
//!                       `citation_sentences`; sentence text is cut from `text` by the store
//! ```
//!
//! These are plain structs so that the store does not depend on the text stages: the caller
//! copies what `dossier-text` found into them.

use dossier_model::{FuzzyDate, Span};

use crate::kinds::{CitationStyle, Reliability, SentenceKind, SourceFormat, SourceKind};

/// A document to store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewSource {
    /// The content hash: 16 to 128 lowercase hex digits (dossier uses the hex SHA-256 of the
    /// normalized text).
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub kind: Option<SourceKind>,
    pub published: Option<FuzzyDate>,
    /// True when `published` was guessed from the text rather than given.
    pub published_inferred: bool,
    pub url: Option<String>,
    pub retrieved: Option<FuzzyDate>,
    pub reliability: Option<Reliability>,
    /// Where the file was read from, for people (not used to find it again).
    pub path: Option<String>,
    pub format: SourceFormat,
    /// The encoding the file was decoded from (`utf-8`, `windows-1252`, …).
    pub encoding: String,
    /// Size of the original file in bytes; sentence file spans must lie inside it.
    pub bytes: u64,
    /// The normalized text that every span points into.
    pub text: String,
    /// In reading order; a sentence's index in this list is its `idx`.
    pub sentences: Vec<NewSentence>,
    pub figures: Vec<NewFigure>,
    pub citations: Vec<NewCitation>,
}

/// A sentence: where it is in the text and in the original file. The store cuts its text from
/// [`NewSource::text`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewSentence {
    pub span: Span,
    pub file_span: Span,
    /// Index of the block (paragraph, heading, list item) the sentence is in.
    pub block: usize,
    pub kind: SentenceKind,
}

/// A figure's caption and credit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFigure {
    pub span: Span,
    pub caption: String,
    pub credit: Option<String>,
}

/// A cited work and the sentences it supports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewCitation {
    pub marker: Option<String>,
    pub style: Option<CitationStyle>,
    pub author: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<FuzzyDate>,
    pub url: Option<String>,
    pub foreign_domain: bool,
    /// The citation as written.
    pub raw: String,
    pub span: Span,
    /// Indices into [`NewSource::sentences`]; each must be in range.
    pub sentences: Vec<usize>,
}

/// What [`crate::Store::insert_source`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// The source was new and is now stored.
    Added,
    /// A source with this id was already stored; nothing was written.
    Unchanged,
}
