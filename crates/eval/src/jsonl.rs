//! JSON lines: one value per non-blank line, errors naming the file and the line.
//!
//! ```text
//! "{\"a\":1}\n\n{\"a\":" ─► Err("gold.jsonl:3: EOF while parsing an object at line 1 column 5")
//! ```

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::EvalError;

/// Files larger than this are refused with a clear error rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a whole file as UTF-8 text, refusing files over [`MAX_FILE_BYTES`].
pub(crate) fn read_text(path: &Path) -> Result<String, EvalError> {
    read_text_limited(path, MAX_FILE_BYTES)
}

pub(crate) fn read_text_limited(path: &Path, limit: u64) -> Result<String, EvalError> {
    let io = |source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > limit {
        return Err(EvalError::File {
            path: path.to_path_buf(),
            reason: format!("the file has {len} bytes, more than the limit of {limit}"),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    String::from_utf8(bytes).map_err(|e| EvalError::File {
        path: path.to_path_buf(),
        reason: format!(
            "not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })
}

/// Parses every non-blank line of `text` as a `T`, with its 1-based line number.
pub(crate) fn parse_lines<T: DeserializeOwned>(
    text: &str,
    origin: &Path,
) -> Result<Vec<(usize, T)>, EvalError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value = serde_json::from_str(line).map_err(|e| EvalError::Line {
            path: origin.to_path_buf(),
            line: i + 1,
            reason: e.to_string(),
        })?;
        out.push((i + 1, value));
    }
    Ok(out)
}
