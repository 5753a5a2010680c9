//! Shared vocabulary and value types of dossier.
//!
//! This crate knows nothing about files, SQLite or the command line. It owns:
//! - [`Vocabulary`]: the ontology loaded from `data/vocabulary.toml` and checked for consistency;
//! - [`FuzzyDate`]: dates with a precision (year, month, day) and a qualifier (early, mid, late,
//!   about), as analysts write them;
//! - [`Span`]: a half-open byte range into a text.

mod date;
mod hash;
mod span;
mod vocabulary;

pub use date::{DateError, FuzzyDate, Precision, Qualifier};
pub use hash::Fnv;
pub use span::Span;
pub use vocabulary::{
    EntityType, EventKind, EventSubtype, EventType, IcdBand, Predicate, Vocabulary, VocabularyError,
};
