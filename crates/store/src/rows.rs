//! What the store gives back.
//!
//! ```text
//! store.sources()        ──►  [SourceSummary { id: "9f2c…", title: Some("JNIM in 2023"),
//!                                              sentences: 42, citations: 7, … }]
//! store.citations("9f2c4e")  ──►  [StoredCitation { idx: 0, marker: Some("[1]"),
//!                                                   sentences: [3, 4], … }]
//! ```

use dossier_model::{FuzzyDate, Span};
use serde::Serialize;

use crate::kinds::{CitationStyle, Reliability, SentenceKind, SourceFormat, SourceKind};

/// One line of the source list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceSummary {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub kind: Option<SourceKind>,
    pub published: Option<FuzzyDate>,
    pub ingested_at: String,
    pub sentences: usize,
    pub citations: usize,
}

/// A stored source with its metadata and text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoredSource {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub kind: Option<SourceKind>,
    pub published: Option<FuzzyDate>,
    pub published_inferred: bool,
    pub url: Option<String>,
    pub retrieved: Option<FuzzyDate>,
    pub reliability: Option<Reliability>,
    pub path: Option<String>,
    pub format: SourceFormat,
    pub encoding: String,
    pub bytes: u64,
    pub text: String,
    /// UTC, ISO 8601 with milliseconds: `2024-05-01T09:30:12.345Z`.
    pub ingested_at: String,
}

/// A stored sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredSentence {
    pub idx: usize,
    pub span: Span,
    pub file_span: Span,
    pub kind: SentenceKind,
    pub block: usize,
    pub text: String,
}

/// A stored figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredFigure {
    pub idx: usize,
    pub span: Span,
    pub caption: String,
    pub credit: Option<String>,
}

/// A stored citation with the indices of the sentences it supports, ascending.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredCitation {
    pub idx: usize,
    pub marker: Option<String>,
    pub style: Option<CitationStyle>,
    pub author: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<FuzzyDate>,
    pub url: Option<String>,
    pub foreign_domain: bool,
    pub raw: String,
    pub span: Span,
    pub sentences: Vec<usize>,
}
