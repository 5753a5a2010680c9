//! The error of reading a gazetteer file.
//!
//! ```text
//! places.tsv line 3: field lat: "north" is not a number
//! ```

use thiserror::Error;

/// A line of a gazetteer file that cannot be read. Names the file, the line (1-based, counting
/// comment lines) and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{file} line {line}: {reason}")]
pub struct ParseError {
    pub file: &'static str,
    pub line: usize,
    pub reason: String,
}

impl ParseError {
    pub(crate) fn new(file: &'static str, line: usize, reason: impl Into<String>) -> Self {
        ParseError {
            file,
            line,
            reason: reason.into(),
        }
    }
}
