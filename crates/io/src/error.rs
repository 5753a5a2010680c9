//! The errors of imports and exports: each names the file and, for a row, its line.

use std::path::PathBuf;

use dossier_store::StoreError;

/// Why an import or export failed. Nothing of an import is stored when it fails.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    #[error("{}: {source}", .path.display())]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: the header does not have the columns of an {format} file: missing {}; expected {}; found {}",
        .path.display(), .missing.join(", "), .expected.join(", "), .found.join(", ")
    )]
    Columns {
        path: PathBuf,
        format: &'static str,
        missing: Vec<String>,
        expected: Vec<String>,
        found: Vec<String>,
    },
    #[error("{}: line {line}{}: {reason} (nothing was imported; --skip-bad imports the other rows)",
        .path.display(), .column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default())]
    Row {
        path: PathBuf,
        line: u64,
        column: Option<String>,
        reason: String,
    },
    #[error("{}: {source}", .path.display())]
    Un {
        path: PathBuf,
        source: crate::un::UnError,
    },
    #[error("{}: the file is empty", .path.display())]
    Empty { path: PathBuf },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("data file {file}: {reason}")]
    Data { file: &'static str, reason: String },
    #[error("{0}")]
    Invalid(String),
}
