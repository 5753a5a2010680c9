//! Words and punctuation of one sentence, with their byte spans in the document text.
//!
//! ```text
//! "JNIM won't likely-coordinate (Figure 2)."
//!   ─► JNIM · won't · likely-coordinate · ( · Figure · 2 · ) · .
//! ```
//!
//! A word is a run of letters and digits; a hyphen, an apostrophe, an en dash or a full stop
//! between two letters or digits stays inside it (`long-term`, `won't`, `50-50`, `U.S`). Every
//! other character that is not a space is a token of its own.

use std::borrow::Cow;

use dossier_model::Span;

/// One token of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'t> {
    /// Byte span in the document text.
    pub span: Span,
    /// The token as written.
    pub text: &'t str,
    /// The token in lower case, for matching (borrowed when the text already is).
    pub low: Cow<'t, str>,
    /// True for words (letters and digits), false for punctuation.
    pub word: bool,
}

impl Token<'_> {
    /// True when the token is written in lower case only ("may", not "May").
    pub fn is_lowercase(&self) -> bool {
        !self.text.chars().any(char::is_uppercase)
    }
}

fn joins(c: char) -> bool {
    matches!(c, '-' | '\'' | '\u{2013}' | '.')
}

/// The tokens of `span` of `text`. An out-of-range span gives no tokens.
pub fn tokenize(text: &str, span: Span) -> Vec<Token<'_>> {
    let Some(slice) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(slice.len() / 5 + 1);
    for (at, end, word) in pieces(slice) {
        let piece = &slice[at..end];
        out.push(Token {
            span: Span::new(span.start + at, span.start + end),
            text: piece,
            low: lower(piece),
            word,
        });
    }
    out
}

/// The byte ranges of the tokens of `slice`, with whether each is a word: what [`tokenize`]
/// cuts, without building tokens.
pub fn pieces(slice: &str) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            let c = char_at(slice, i)?;
            let at = i;
            i += c.len_utf8();
            if c.is_whitespace() {
                continue;
            }
            let word = c.is_alphanumeric();
            if word {
                while let Some(d) = char_at(slice, i) {
                    let after = i + d.len_utf8();
                    // A joiner stays inside the word when a letter or digit follows it.
                    if d.is_alphanumeric()
                        || joins(d) && char_at(slice, after).is_some_and(char::is_alphanumeric)
                    {
                        i = after;
                        continue;
                    }
                    break;
                }
            }
            return Some((at, i, word));
        }
    })
}

/// [`pieces`] of an ASCII `slice`, byte by byte, each given to `f` as (start, end): spaces
/// apart, a word of letters and digits with joiners ("-", "'", ".") between two of them, any
/// other byte alone.
pub fn ascii_pieces(slice: &str, mut f: impl FnMut(usize, usize)) {
    let b = slice.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        // `char::is_whitespace` in ASCII.
        if matches!(c, b' ' | b'\t'..=b'\r') {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        if c.is_ascii_alphanumeric() {
            while let Some(&d) = b.get(i) {
                let joined = matches!(d, b'-' | b'\'' | b'.')
                    && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
                if d.is_ascii_alphanumeric() || joined {
                    i += 1;
                } else {
                    break;
                }
            }
        }
        f(start, i);
    }
}

/// The character at byte `i` of `s` (ASCII without decoding).
fn char_at(s: &str, i: usize) -> Option<char> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        Some(char::from(b))
    } else {
        s.get(i..)?.chars().next()
    }
}

/// `piece` in lower case, borrowed when it has no capital.
pub fn lower(piece: &str) -> Cow<'_, str> {
    if piece.is_ascii() {
        if piece.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(piece.to_ascii_lowercase())
        } else {
            Cow::Borrowed(piece)
        }
    } else {
        let low = piece.to_lowercase();
        if low == piece {
            Cow::Borrowed(piece)
        } else {
            Cow::Owned(low)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s, Span::new(0, s.len()))
            .into_iter()
            .map(|t| t.text.to_string())
            .collect()
    }

    #[test]
    fn joins_hyphens_apostrophes_and_dots_inside_words() {
        assert_eq!(
            words("JNIM won't take a long-term view (Figure 2)."),
            [
                "JNIM",
                "won't",
                "take",
                "a",
                "long-term",
                "view",
                "(",
                "Figure",
                "2",
                ")",
                "."
            ]
        );
        assert_eq!(
            words("a 50-50 chance; the U.S. - maybe"),
            ["a", "50-50", "chance", ";", "the", "U.S", ".", "-", "maybe"]
        );
        assert_eq!(
            words("Qaeda\u{2013}linked groups' \"aims\""),
            ["Qaeda\u{2013}linked", "groups", "'", "\"", "aims", "\""]
        );
    }

    #[test]
    fn ascii_pieces_cut_like_pieces() {
        // Every ASCII character, in strings of every length up to 6 over a small alphabet, and
        // pseudo-random strings over all of ASCII.
        let alphabet = [
            b'a', b'Z', b'7', b' ', b'-', b'\'', b'.', b'\x0b', b'\x1c', b',',
        ];
        let mut texts: Vec<String> = (0u8..128).map(|c| format!("a{}b", char::from(c))).collect();
        for len in 1..=6u32 {
            for n in 0..alphabet.len().pow(len) {
                let mut k = n;
                let mut s = String::new();
                for _ in 0..len {
                    s.push(char::from(alphabet[k % alphabet.len()]));
                    k /= alphabet.len();
                }
                texts.push(s);
            }
        }
        let mut x: u32 = 12345;
        for _ in 0..2000 {
            let s: String = (0..30)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    char::from(((x >> 16) % 128) as u8)
                })
                .collect();
            texts.push(s);
        }
        for t in &texts {
            let mut got = Vec::new();
            ascii_pieces(t, |a, b| got.push((a, b)));
            let want: Vec<(usize, usize)> = pieces(t).map(|(a, b, _)| (a, b)).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn spans_point_into_the_text() {
        let s = "xx Ménaka will";
        let t = tokenize(s, Span::new(3, s.len()));
        assert_eq!(t[0].span.slice(s), "Ménaka");
        assert_eq!(t[1].low, "will");
        assert!(tokenize(s, Span::new(3, 400)).is_empty());
        assert!(tokenize(s, Span::new(5, 6)).is_empty());
    }
}
