//! Reading the gazetteer's TSV files: comments, one header, rows of a fixed width.
//!
//! ```text
//! # a comment                         → skipped
//! id⇥kind⇥name …                      → checked against the expected header
//! 2457163⇥town⇥Gao …                  → (line 3, ["2457163", "town", "Gao", …])
//! ```

use crate::error::ParseError;

/// The data rows of `text` with their 1-based line numbers, after checking the header.
pub(crate) fn rows<'a>(
    file: &'static str,
    text: &'a str,
    header: &[&str],
) -> Result<Vec<(usize, Vec<&'a str>)>, ParseError> {
    let mut out = Vec::new();
    let mut header_seen = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if !header_seen {
            if fields != header {
                return Err(ParseError::new(
                    file,
                    n,
                    format!("expected the header {}", header.join(" ")),
                ));
            }
            header_seen = true;
            continue;
        }
        if fields.len() != header.len() {
            return Err(ParseError::new(
                file,
                n,
                format!(
                    "expected {} tab-separated fields, found {}",
                    header.len(),
                    fields.len()
                ),
            ));
        }
        out.push((n, fields));
    }
    if !header_seen {
        return Err(ParseError::new(file, 0, "no header line"));
    }
    Ok(out)
}

/// A coordinate: a finite decimal number within `-limit..=limit`.
pub(crate) fn coordinate(
    file: &'static str,
    line: usize,
    column: &str,
    value: &str,
    limit: f64,
) -> Result<f64, ParseError> {
    match value.parse::<f64>() {
        Ok(v) if v.is_finite() && (-limit..=limit).contains(&v) => Ok(v),
        Ok(_) => Err(ParseError::new(
            file,
            line,
            format!("field {column}: {value:?} is out of range"),
        )),
        Err(_) => Err(ParseError::new(
            file,
            line,
            format!("field {column}: {value:?} is not a number"),
        )),
    }
}

pub(crate) fn count(
    file: &'static str,
    line: usize,
    column: &str,
    value: &str,
) -> Result<u64, ParseError> {
    value.parse::<u64>().map_err(|_| {
        ParseError::new(
            file,
            line,
            format!("field {column}: {value:?} is not a whole number"),
        )
    })
}

/// A country code: two ASCII capital letters.
pub(crate) fn country_code<'a>(
    file: &'static str,
    line: usize,
    column: &str,
    value: &'a str,
) -> Result<&'a str, ParseError> {
    if value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(value)
    } else {
        Err(ParseError::new(
            file,
            line,
            format!("field {column}: {value:?} is not a two-letter country code"),
        ))
    }
}

/// The non-empty items of a `|`-separated list.
pub(crate) fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split('|').filter(|s| !s.is_empty())
}
