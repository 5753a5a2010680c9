//! What the store takes in: a source with its text, sentences, figures and citations, and what
//! extraction found in it (entities with their names, mentions, statements, events,
//! assessments).
//!
//! ```text
//! NewSource { id: "9f2c…", text: "JNIM claimed the attack. It …", sentences: [0..24, 25..],
//!             entities: [{ existing: None, name: "JNIM", names: [JNIM] }],
//!             statements: [{ subject: 0, predicate: "claimed", object: Value("the attack") }] }
//!   ──insert_source──►  one row in `sources` (sentences and citations packed in it), its
//!                       `figures`, one new `entities` row with its `names` and `name_sources`,
//!                       a `statements` row pointing at that entity
//! ```
//!
//! These are plain structs so that the store does not depend on the text or extraction
//! stages: the caller copies what they found into them. Rows refer to each other by index
//! into the lists of the same `NewSource` (a statement's subject is an index into
//! [`NewSource::entities`]); the store turns indices into row ids as it writes.

use dossier_model::{FuzzyDate, Span};

use crate::kinds::{
    CitationStyle, Reliability, Role, SentenceKind, SourceFormat, SourceKind, ValueType,
};

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
    /// The entities the source names: new ones, or stored ones it adds names to.
    pub entities: Vec<NewEntity>,
    pub mentions: Vec<NewMention>,
    pub statements: Vec<NewStatement>,
    pub events: Vec<NewEvent>,
    pub assessments: Vec<NewAssessment>,
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

/// An entity the source names. A new one (`existing: None`) is created with its type, name
/// and names; a stored one (`existing: Some(id)`) keeps its type and preferred name and only
/// gains the names it lacks. Either way every name is recorded as used by this source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewEntity {
    /// The id of a stored entity this is, when the caller resolved it to one.
    pub existing: Option<i64>,
    /// A vocabulary entity type (`person`, `armed_group`, `town`, …).
    pub entity_type: String,
    /// The preferred name; for a new entity it must be one of `names`.
    pub name: String,
    /// Every surface form the source uses, in order of first use.
    pub names: Vec<NewName>,
}

/// A surface form of an entity's name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewName {
    pub name: String,
    /// The matching key of the name (the caller folds it; the store does not know how).
    pub folded: String,
    /// True when the name is too ambiguous to identify the entity alone (an acronym, a
    /// surname).
    pub weak: bool,
}

/// A span of the text that names something.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewMention {
    /// Index into [`NewSource::sentences`], None outside sentences.
    pub sentence: Option<usize>,
    pub span: Span,
    pub text: String,
    /// What the mention looks like it names (a vocabulary entity type).
    pub kind: String,
    /// Index into [`NewSource::entities`].
    pub entity: Option<usize>,
}

/// The object of a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewObject {
    /// Index into [`NewSource::entities`].
    Entity(usize),
    /// A typed literal.
    Value {
        value: String,
        value_type: ValueType,
    },
}

/// A fact read from the source: subject, predicate, object, valid time and provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct NewStatement {
    /// Index into [`NewSource::entities`].
    pub subject: usize,
    /// A vocabulary predicate.
    pub predicate: String,
    pub object: NewObject,
    pub valid_from: Option<FuzzyDate>,
    pub valid_to: Option<FuzzyDate>,
    /// Index into [`NewSource::sentences`].
    pub sentence: Option<usize>,
    pub span: Option<Span>,
    /// The extractor rule that found it.
    pub rule: String,
    /// From 0 to 1.
    pub confidence: f64,
    /// The hedging words of the text, when it hedges.
    pub hedge: Option<String>,
    /// Indices into [`NewSource::citations`].
    pub citations: Vec<usize>,
}

/// Something that happened, as the source tells it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewEvent {
    /// The vocabulary's event kind (`attack`, `founding`, …).
    pub kind: Option<String>,
    pub date: Option<FuzzyDate>,
    /// ACLED event type and sub-type ids of the vocabulary.
    pub event_type: String,
    pub subtype: Option<String>,
    /// CAMEO root code: 2 to 4 digits.
    pub cameo: Option<String>,
    /// Index into [`NewSource::entities`] of the place.
    pub location: Option<usize>,
    /// Latitude and longitude in degrees.
    pub coordinates: Option<(f64, f64)>,
    /// ACLED geo-precision: 1 the place itself, 2 near it or part of a region, 3 a larger
    /// area.
    pub geo_precision: Option<u8>,
    pub fatalities: Option<u32>,
    pub description: Option<String>,
    /// Index into [`NewSource::sentences`].
    pub sentence: Option<usize>,
    pub span: Option<Span>,
    /// Indices into [`NewSource::entities`], with the part each played.
    pub participants: Vec<(usize, Role)>,
}

/// An estimative judgement found in the source; stored as `open`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewAssessment {
    /// Index into [`NewSource::sentences`].
    pub sentence: Option<usize>,
    pub claim: String,
    pub phrase: String,
    /// An ICD 203 band of the vocabulary.
    pub band: String,
    pub horizon: Option<String>,
    pub scenario: Option<String>,
}

/// What [`crate::Store::insert_source`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// The source was new and is now stored.
    Added,
    /// A source with this id was already stored; nothing was written.
    Unchanged,
}
