//! Absolute dates in text (to be written).

use dossier_model::{FuzzyDate, Span};

/// A date phrase found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMatch {
    pub span: Span,
    pub date: FuzzyDate,
}

/// Finds the absolute dates in `text`.
pub fn find(_text: &str) -> Vec<DateMatch> {
    Vec::new()
}

/// Parses a whole string as one date ("February 4, 2023", "4 Feb. 2023", "2023-02-04", "2020").
pub fn parse(_s: &str) -> Option<FuzzyDate> {
    None
}
