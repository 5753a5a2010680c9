//! The text stages of dossier: from the bytes of a file to sentences and citations.
//!
//! ```text
//! bytes ─► decode ─► load (txt | md | html) ─► normalize ─► Document ─► analyze ─► Analysis
//!          (UTF-8,    (blocks, links, meta)    (quotes,      (text +     (sentences, citations,
//!           cp1252,                             nbsp, CRLF,   offset      figures, boilerplate,
//!           Latin-1)                            soft hyph.)   map)        diagnostics)
//! ```
//!
//! **Invariant:** nothing here does I/O. Every function takes bytes or text and returns values,
//! so each stage is tested alone and re-running a document gives the same result.
//!
//! **Invariant:** every span in a [`Document`] or an [`Analysis`] is a byte range into
//! [`Document::text`], on character boundaries; [`Document::map`] turns it into a byte range of
//! the original file.

pub mod cite;
pub mod dates;
pub mod decode;
pub mod html;
pub mod lexicon;
pub mod markdown;
pub mod normalize;
pub mod offsets;
pub mod plain;
pub mod segment;

mod document;

pub use decode::Encoding;
pub use document::{
    Analysis, Block, BlockKind, Citation, CitationStyle, Diagnostic, Document, Figure, Format,
    Link, LoadError, Loaded, Meta, Sentence, SentenceKind, analyze, load,
};
pub use dossier_model::{FuzzyDate, Span};
pub use offsets::OffsetMap;
