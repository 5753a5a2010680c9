//! Citations (to be written): footnotes, inline references, foreign-domain markers.

use crate::document::{Citation, Diagnostic, Document};
use crate::segment::Role;
use dossier_model::Span;

/// A place in the body that points at citations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// Byte offset in the document text.
    pub at: usize,
    /// Indices into [`Found::citations`].
    pub citations: Vec<usize>,
}

/// What [`find`] returns.
#[derive(Clone, Debug, Default)]
pub struct Found {
    pub citations: Vec<Citation>,
    /// Spans of the text that are citations, not prose (kept out of sentences).
    pub excluded: Vec<Span>,
    pub anchors: Vec<Anchor>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn find(_doc: &Document, _roles: &[Role]) -> Found {
    Found::default()
}
