//! Character references: `&amp;`, `&rsquo;`, `&#8217;`, `&#x2019;`.
//!
//! ```text
//! "Al&#8209;Shabaab&rsquo;s &amp; ISWAP&#xD800;"  ─►  "Al‑Shabaab’s & ISWAP\u{FFFD}"
//! ```
//!
//! Numeric references are all honoured (`&#150;` is read as Windows-1252, as browsers do;
//! invalid code points become U+FFFD); named ones come from `data/html.toml`. An unknown name is
//! not a reference and stays in the text as written. Shared by the HTML and Markdown loaders.

use dossier_model::Span;

use super::rules::rules;

/// Longest name looked up (the longest HTML 4 name has 8 letters).
const MAX_NAME: usize = 32;

/// A piece of text with its references decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Text copied from the input, starting at this input offset.
    Text(&'a str, usize),
    /// A decoded reference and the input span it was written as.
    Char(char, Span),
}

/// The character reference at the start of `s` (which begins with `&`), and how many bytes it
/// takes. In attribute values a name needs its semicolon.
pub(crate) fn reference(s: &str, in_attribute: bool) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.first() != Some(&b'&') {
        return None;
    }
    if b.get(1) == Some(&b'#') {
        let (radix, digits_start) = match b.get(2) {
            Some(b'x' | b'X') => (16, 3),
            _ => (10, 2),
        };
        let mut i = digits_start;
        let mut value: u32 = 0;
        while let Some(d) = b.get(i).and_then(|&c| char::from(c).to_digit(radix)) {
            value = value.saturating_mul(radix).saturating_add(d).min(0x11_0000);
            i += 1;
        }
        if i == digits_start {
            return None;
        }
        if b.get(i) == Some(&b';') {
            i += 1;
        }
        return Some((numeric(value), i));
    }
    let name_len = b[1..]
        .iter()
        .take(MAX_NAME + 1)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || name_len > MAX_NAME {
        return None;
    }
    let name = &s[1..1 + name_len];
    let refs = &rules().references;
    let c = refs.named.get(name).and_then(|&c| char::from_u32(c))?;
    if b.get(1 + name_len) == Some(&b';') {
        Some((c, name_len + 2))
    } else if !in_attribute && refs.legacy_without_semicolon.contains(name) {
        Some((c, name_len + 1))
    } else {
        None
    }
}

/// The character a numeric reference stands for.
fn numeric(value: u32) -> char {
    const REPLACEMENT: char = '\u{FFFD}';
    match value {
        0 => REPLACEMENT,
        0x80..=0x9F => rules()
            .references
            .c1
            .get((value - 0x80) as usize)
            .and_then(|&c| char::from_u32(c))
            .unwrap_or(REPLACEMENT),
        v => char::from_u32(v).unwrap_or(REPLACEMENT),
    }
}

/// Splits `s` (input text starting at input offset `start`) into copied text and decoded
/// references, in order.
pub(crate) fn pieces(s: &str, start: usize, in_attribute: bool, mut f: impl FnMut(Piece<'_>)) {
    let mut copied = 0;
    let mut search = 0;
    while let Some(found) = memchr::memchr(b'&', &s.as_bytes()[search..]) {
        let at = search + found;
        match reference(&s[at..], in_attribute) {
            Some((c, len)) => {
                if copied < at {
                    f(Piece::Text(&s[copied..at], start + copied));
                }
                f(Piece::Char(c, Span::new(start + at, start + at + len)));
                copied = at + len;
                search = copied;
            }
            None => search = at + 1,
        }
    }
    if copied < s.len() {
        f(Piece::Text(&s[copied..], start + copied));
    }
}

/// `s` with its references decoded (for attribute values and titles).
pub(crate) fn decode(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    pieces(s, 0, in_attribute, |p| match p {
        Piece::Text(t, _) => out.push_str(t),
        Piece::Char(c, _) => out.push(c),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_numeric_references() {
        assert_eq!(
            decode("Al&#8209;Shabaab&rsquo;s &amp; ISWAP&#xD800;", false),
            "Al\u{2011}Shabaab\u{2019}s & ISWAP\u{FFFD}"
        );
        assert_eq!(
            decode("&eacute;&Eacute;&hellip;&euro;&mdash;", false),
            "éÉ…€—"
        );
        assert_eq!(
            decode("&#150;&#x97;&#0;&#x110000;&#99999999999999;", false),
            "–—\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        assert_eq!(decode("&#39&#x27", false), "''");
    }

    #[test]
    fn unknown_and_broken_references_stay_as_written() {
        assert_eq!(
            decode("&bogus; &; &# &#x; & x &", false),
            "&bogus; &; &# &#x; & x &"
        );
        assert_eq!(decode("&copy 2024 &ampere;", false), "© 2024 &ampere;");
        // In attributes a name needs its semicolon: query strings survive.
        assert_eq!(decode("?a=1&copy=2&amp;b", true), "?a=1&copy=2&b");
        let long = format!("&{};", "a".repeat(1000));
        assert_eq!(decode(&long, false), long);
    }

    #[test]
    fn pieces_keep_offsets() {
        let mut got = Vec::new();
        pieces("a&lt;b&c", 10, false, |p| got.push(format!("{p:?}")));
        assert_eq!(
            got,
            vec![
                "Text(\"a\", 10)".to_string(),
                "Char('<', Span { start: 11, end: 15 })".to_string(),
                "Text(\"b&c\", 15)".to_string(),
            ]
        );
    }
}
