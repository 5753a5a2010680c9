//! Character normalization: what the later stages can rely on.
//!
//! - typographic quotes and apostrophes become ASCII (`’` → `'`, `“` → `"`); the modifier letters
//!   for ayn and hamza (`ʿ`, `ʾ`) are kept, since name matching folds them itself;
//! - non-breaking and other exotic spaces become a plain space;
//! - soft hyphens, zero-width characters and the byte-order mark are dropped;
//! - CRLF and lone CR become LF; other control characters except tab and LF are dropped.
//!
//! Dashes are kept: "Al Qaeda–linked" and "Sahel Province—also known as" carry meaning.

/// What to do with one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Norm {
    Keep,
    Drop,
    Replace(&'static str),
}

/// The normalization of `c`, given the character after it.
pub fn char(c: char, next: Option<char>) -> Norm {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Norm::Replace("'"),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => Norm::Replace("\""),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Norm::Replace(" ")
        }
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => Norm::Drop,
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Norm::Replace("\n"),
        '\r' if next == Some('\n') => Norm::Drop,
        '\r' => Norm::Replace("\n"),
        '\t' | '\n' => Norm::Keep,
        c if c.is_control() => Norm::Drop,
        _ => Norm::Keep,
    }
}

/// Normalizes a whole string (without keeping offsets; loaders use
/// [`crate::offsets::TextBuilder`] instead).
pub fn normalize(s: &str) -> String {
    let mut b = crate::offsets::TextBuilder::new();
    b.push_source(s, 0);
    b.finish(s.len()).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_quotes_spaces_and_line_ends() {
        assert_eq!(
            normalize("Jama\u{2019}at\u{00A0}Nusrat \u{201C}JNIM\u{201D}\r\nsol\u{00AD}dier\r"),
            "Jama'at Nusrat \"JNIM\"\nsoldier\n"
        );
        assert_eq!(normalize("\u{FEFF}a\u{200B}b\u{0007}"), "ab");
        assert_eq!(
            normalize("Al Qaeda\u{2013}linked"),
            "Al Qaeda\u{2013}linked"
        );
    }
}
