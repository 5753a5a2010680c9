//! The errors of the scorer: each names the file, the line and the reason.
//!
//! ```text
//! gold.jsonl line 3 is not JSON  ─►  "gold.jsonl:3: expected `,` or `}` at column 17"
//! ```

use std::path::PathBuf;

/// Why gold, metadata or predictions could not be read.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A line that is not JSON, or not in the schema (serde's reason).
    #[error("{path}:{line}: {reason}")]
    Line {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    /// A line that parses but is inconsistent (unknown predicate, dangling name, ...).
    #[error("{path}:{line}: {reason}")]
    Invalid {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("{path}: {reason}")]
    File { path: PathBuf, reason: String },
    #[error("the built-in vocabulary is broken: {0}")]
    Vocabulary(#[from] dossier_model::VocabularyError),
}
