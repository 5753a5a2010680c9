//! Words of a stretch of text, with their shape and a folded form for dictionary look-ups.
//!
//! ```text
//! "JNIM's emir, Iyad ag Ghali, met U.S.-backed al-Qaeda"
//!   ─► JNIM (all caps, possessive) · emir · , · Iyad (capitalized) · ag · Ghali · , · met ·
//!      U.S. (all caps) · - · backed · al · - · Qaeda
//!   folded: "jnim" "emir" "iyad" "ag" "ghali" "met" "us" "backed" "al" "qaeda"
//! ```
//!
//! A word is a run of letters and digits; an apostrophe between letters stays inside it
//! ("Jama'at", "d'Ivoire") unless it opens a possessive `'s`, which is dropped and marked on the
//! word. Dotted acronyms ("U.S.", "U.N.") are one word. Everything else is a one-character
//! punctuation token. Folding is the same for the text and for every dictionary entry (both go
//! through [`tokenize`]), so look-ups agree by construction.

use dossier_model::Span;

/// The case shape of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Starts with a capital: "Ghali", "d'Ivoire", "McDonald".
    Upper,
    /// Mostly capitals, two or more: "JNIM", "U.S.", "FAMa", "G5".
    AllCaps,
    /// Starts with a lower-case letter.
    Lower,
    /// Letters without case (Arabic script, CJK).
    Uncased,
    /// Digits only.
    Number,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Word(Shape),
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub span: Span,
    pub kind: Kind,
    /// Whitespace (or the start of the text) comes right before.
    pub spaced: bool,
    /// A possessive `'s` (or a bare `'` after a final s) was glued to the word and dropped.
    pub possessive: bool,
    /// Range of the folded form in [`Tokens::folded`]; empty for punctuation.
    fold: (u32, u32),
}

impl Tok {
    pub fn shape(&self) -> Option<Shape> {
        match self.kind {
            Kind::Word(s) => Some(s),
            Kind::Punct(_) => None,
        }
    }

    pub fn is_word(&self) -> bool {
        matches!(self.kind, Kind::Word(_))
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    /// A capitalized or all-caps word.
    pub fn is_cap(&self) -> bool {
        matches!(self.kind, Kind::Word(Shape::Upper | Shape::AllCaps))
    }

    pub fn is_lower(&self) -> bool {
        self.kind == Kind::Word(Shape::Lower)
    }
}

/// The tokens of one stretch of text and their folded forms.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    pub toks: Vec<Tok>,
    folded: String,
}

impl Tokens {
    pub fn fold(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.folded.get(t.fold.0 as usize..t.fold.1 as usize))
            .unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// The text of token `i` in `text` (the text the tokens were made from).
    pub fn text<'t>(&self, text: &'t str, i: usize) -> &'t str {
        self.toks.get(i).map_or("", |t| t.span.slice(text))
    }

    /// Token `i` is glued to the one before it (no space between).
    pub fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.spaced)
    }

    pub fn is_punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(c))
    }

    /// The folded words of tokens `from..to`, joined by one space (punctuation skipped).
    pub fn key(&self, from: usize, to: usize, out: &mut String) {
        out.clear();
        for i in from..to.min(self.toks.len()) {
            let f = self.fold(i);
            if f.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(f);
        }
    }
}

/// Tokenizes `span` of `text` (absolute offsets are kept).
pub(crate) fn tokenize(text: &str, span: Span) -> Tokens {
    let mut out = Tokens::default();
    tokenize_into(text, span, &mut out);
    out
}

/// [`tokenize`] into `out`, whose buffers are reused: a loop over many stretches of text
/// allocates once.
pub(crate) fn tokenize_into(text: &str, span: Span, out: &mut Tokens) {
    let slice = span.slice(text);
    let base = span.start;
    out.toks.clear();
    out.folded.clear();
    out.toks.reserve(slice.len() / 4 + 1);
    out.folded.reserve(slice.len());
    let bytes = slice.as_bytes();
    let mut spaced = true;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII needs no decoding: most text of most reports.
        let c = match bytes[i] {
            b if b.is_ascii() => char::from(b),
            _ => match slice[i..].chars().next() {
                Some(c) => c,
                None => break,
            },
        };
        if c.is_whitespace() {
            spaced = true;
            i += c.len_utf8();
            continue;
        }
        if !is_alnum(c) {
            out.toks.push(Tok {
                span: Span::new(base + i, base + i + c.len_utf8()),
                kind: Kind::Punct(c),
                spaced,
                possessive: false,
                fold: (0, 0),
            });
            spaced = false;
            i += c.len_utf8();
            continue;
        }
        if let Some((end, shape)) = plain_word(bytes, i) {
            // Letters and digits of ASCII only, nothing glued: the common case.
            let f0 = out.folded.len() as u32;
            out.folded.push_str(&slice[i..end]);
            if let Some(tail) = out.folded.get_mut(f0 as usize..) {
                tail.make_ascii_lowercase();
            }
            out.toks.push(Tok {
                span: Span::new(base + i, base + end),
                kind: Kind::Word(shape),
                spaced,
                possessive: false,
                fold: (f0, out.folded.len() as u32),
            });
            spaced = false;
            i = end;
            continue;
        }
        let (end, possessive, skip) = word_end(slice, i);
        let word = &slice[i..end];
        let shape = shape(word);
        let f0 = out.folded.len() as u32;
        fold_into(word, &mut out.folded);
        let f1 = out.folded.len() as u32;
        out.toks.push(Tok {
            span: Span::new(base + i, base + end),
            kind: Kind::Word(shape),
            spaced,
            possessive,
            fold: (f0, f1),
        });
        spaced = false;
        i = skip;
        debug_assert!(i <= bytes.len());
    }
}

/// A word of ASCII letters and digits starting at `i` and followed by neither an apostrophe
/// nor a non-ASCII character, and not a dotted acronym: its end and its shape, in one pass.
/// `None` when the word needs [`word_end`].
fn plain_word(b: &[u8], i: usize) -> Option<(usize, Shape)> {
    if b.get(i + 1) == Some(&b'.') && b[i].is_ascii_uppercase() {
        return None;
    }
    let (mut upper, mut lower) = (0usize, 0usize);
    let mut first_letter = None;
    let mut j = i;
    while let Some(&c) = b.get(j) {
        if c.is_ascii_uppercase() {
            upper += 1;
        } else if c.is_ascii_lowercase() {
            lower += 1;
        } else if !c.is_ascii_digit() {
            break;
        }
        if first_letter.is_none() && !c.is_ascii_digit() {
            first_letter = Some(c);
        }
        j += 1;
    }
    if j == i || b.get(j).is_some_and(|&c| !c.is_ascii() || c == b'\'') {
        return None;
    }
    let shape = match first_letter {
        None => Shape::Number,
        Some(fl) if fl.is_ascii_uppercase() || b[i].is_ascii_digit() && upper > 0 => {
            if upper >= 2 && upper > lower || upper == 1 && lower == 0 && j - i > 1 {
                // "JNIM", "FAMa"; "G5", "M23"
                Shape::AllCaps
            } else {
                Shape::Upper
            }
        }
        Some(_) => Shape::Lower,
    };
    Some((j, shape))
}

/// The end of the word starting at `i`: (end of the word, possessive, where to go on).
fn word_end(s: &str, i: usize) -> (usize, bool, usize) {
    let b = s.as_bytes();
    // Dotted acronym: "U.S.", "U.N.", "U.S.A."
    if let Some(end) = dotted_acronym(s, i) {
        return (end, false, end);
    }
    // The ASCII letters and digits first; the rest of the word, if any, char by char.
    let mut j = i;
    while j < b.len() && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if b.get(j).is_none_or(|&c| c.is_ascii() && c != b'\'') {
        return (j, false, j);
    }
    let from = j;
    for (k, c) in s[from..].char_indices() {
        let at = from + k;
        if is_alnum(c) {
            j = at + c.len_utf8();
            continue;
        }
        if is_apostrophe(c) {
            let after = at + c.len_utf8();
            let next = s[after..].chars().next();
            // Possessive 's at the end of a word.
            if matches!(next, Some('s') | Some('S')) {
                let after_s = after + 1;
                let next2 = s[after_s..].chars().next();
                if !next2.is_some_and(is_alnum) {
                    return (j, true, after_s);
                }
            }
            // A bare apostrophe after a final s ("the Movements' leaders").
            if !next.is_some_and(is_alnum) {
                if j > i && matches!(b.get(j - 1), Some(b's')) {
                    return (j, true, after);
                }
                return (j, false, j);
            }
            // Inside a word: "Jama'at", "d'Ivoire".
            if next.is_some_and(is_alpha) {
                continue;
            }
        }
        break;
    }
    (j, false, j)
}

/// `c.is_alphabetic()`, without the table search for the letters of the common blocks of
/// Latin, Cyrillic, Arabic, CJK and Hangul (a test checks every one against the standard
/// library): gazetteer names in those scripts are tokenized at start-up.
fn is_alpha(c: char) -> bool {
    match u32::from(c) {
        0..=0x7F => c.is_ascii_alphabetic(),
        0xC0..=0xD6
        | 0xD8..=0xF6
        | 0xF8..=0x2AF
        | 0x400..=0x481
        | 0x48A..=0x52F
        | 0x620..=0x64A
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3 => true,
        _ => c.is_alphabetic(),
    }
}

/// `c.is_alphanumeric()`, with [`is_alpha`]'s shortcut.
fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_alpha(c) || c.is_numeric()
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// "U.S." or "U.N." starting at `i`: single capitals each followed by a period, two or more.
fn dotted_acronym(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut j = i;
    let mut n = 0;
    while j + 1 < b.len() && b[j].is_ascii_uppercase() && b[j + 1] == b'.' {
        n += 1;
        j += 2;
        // Stop when a letter follows the period directly as part of a longer word.
        if b.get(j).is_some_and(|c| c.is_ascii_lowercase()) {
            return None;
        }
    }
    if n >= 2 && !b.get(j).is_some_and(|c| c.is_ascii_alphanumeric()) {
        Some(j)
    } else {
        None
    }
}

fn shape(word: &str) -> Shape {
    if word.is_ascii() {
        return ascii_shape(word.as_bytes());
    }
    let mut upper = 0usize;
    let mut lower = 0usize;
    let mut first: Option<char> = None;
    let mut first_letter: Option<char> = None;
    for c in word.chars() {
        if first.is_none() {
            first = Some(c);
        }
        if is_alpha(c) {
            if first_letter.is_none() {
                first_letter = Some(c);
            }
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
        }
    }
    let Some(fl) = first_letter else {
        return Shape::Number;
    };
    if upper == 0 && lower == 0 {
        return Shape::Uncased;
    }
    // Elisions: "d'Ivoire", "l'Azawad".
    if let Some(rest) = elided(word)
        && rest.chars().next().is_some_and(char::is_uppercase)
    {
        return Shape::Upper;
    }
    if fl.is_uppercase() || first.is_some_and(|c| c.is_ascii_digit()) && upper > 0 {
        if upper >= 2 && upper > lower {
            Shape::AllCaps
        } else if upper == 1 && lower == 0 && word.chars().count() > 1 {
            // "G5", "M23"
            Shape::AllCaps
        } else {
            Shape::Upper
        }
    } else if fl.is_lowercase() {
        Shape::Lower
    } else {
        Shape::Uncased
    }
}

/// [`shape`] of an ASCII word, byte by byte.
fn ascii_shape(w: &[u8]) -> Shape {
    let upper = w.iter().filter(|b| b.is_ascii_uppercase()).count();
    let lower = w.iter().filter(|b| b.is_ascii_lowercase()).count();
    let Some(&fl) = w.iter().find(|b| b.is_ascii_alphabetic()) else {
        return Shape::Number;
    };
    // Elisions: "d'Ivoire", "l'Azawad".
    if w.len() > 2
        && matches!(w[0], b'd' | b'l' | b'D' | b'L')
        && w[1] == b'\''
        && w[2].is_ascii_uppercase()
    {
        return Shape::Upper;
    }
    if fl.is_ascii_uppercase() || w[0].is_ascii_digit() && upper > 0 {
        if upper >= 2 && upper > lower || upper == 1 && lower == 0 && w.len() > 1 {
            // "JNIM", "FAMa"; "G5", "M23"
            Shape::AllCaps
        } else {
            Shape::Upper
        }
    } else {
        Shape::Lower
    }
}

/// The part after a French elision ("d'Ivoire" → "Ivoire").
fn elided(word: &str) -> Option<&str> {
    let mut it = word.char_indices();
    let (_, c0) = it.next()?;
    let (k, c1) = it.next()?;
    if matches!(c0, 'd' | 'l' | 'D' | 'L') && is_apostrophe(c1) {
        word.get(k + c1.len_utf8()..)
    } else {
        None
    }
}

/// Appends the folded form of one word: lower case, no diacritics, no apostrophes or periods.
fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() && !word.contains('\'') {
        let from = out.len();
        if word.contains('.') {
            out.extend(word.chars().filter(|&c| c != '.'));
        } else {
            out.push_str(word);
        }
        if let Some(tail) = out.get_mut(from..) {
            tail.make_ascii_lowercase();
        }
        return;
    }
    let folded = dossier_names::fold(word);
    out.push_str(folded.as_str());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, Shape, bool)> {
        let t = tokenize(text, Span::new(0, text.len()));
        t.toks
            .iter()
            .enumerate()
            .filter_map(|(i, tok)| {
                tok.shape()
                    .map(|s| (t.fold(i).to_string(), s, tok.possessive))
            })
            .collect()
    }

    #[test]
    fn words_shapes_and_possessives() {
        assert_eq!(
            words("JNIM's emir, Iyad ag Ghali, met U.S. forces"),
            vec![
                ("jnim".to_string(), Shape::AllCaps, true),
                ("emir".to_string(), Shape::Lower, false),
                ("iyad".to_string(), Shape::Upper, false),
                ("ag".to_string(), Shape::Lower, false),
                ("ghali".to_string(), Shape::Upper, false),
                ("met".to_string(), Shape::Lower, false),
                ("us".to_string(), Shape::AllCaps, false),
                ("forces".to_string(), Shape::Lower, false),
            ]
        );
        assert_eq!(
            words("Jama'at Côte d'Ivoire FAMa G5 2022 the Movements' men"),
            vec![
                ("jamaat".to_string(), Shape::Upper, false),
                ("cote".to_string(), Shape::Upper, false),
                ("d ivoire".to_string(), Shape::Upper, false),
                ("fama".to_string(), Shape::AllCaps, false),
                ("g5".to_string(), Shape::AllCaps, false),
                ("2022".to_string(), Shape::Number, false),
                ("the".to_string(), Shape::Lower, false),
                ("movements".to_string(), Shape::Upper, true),
                ("men".to_string(), Shape::Lower, false),
            ]
        );
    }

    #[test]
    fn typographic_possessive_and_arabic_script() {
        let w = words("Ghaly\u{2019}s غالي");
        assert_eq!(w[0], ("ghaly".to_string(), Shape::Upper, true));
        assert_eq!(w[1].1, Shape::Uncased);
    }

    #[test]
    fn letter_shortcuts_agree_with_the_standard_library() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{:X}", u32::from(c));
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{:X}", u32::from(c));
        }
    }

    #[test]
    fn hostile_text_does_not_panic() {
        for text in [
            "'",
            "''s",
            "U.",
            "U.S",
            "a'",
            "'s'",
            "\u{0}\u{FFFD}",
            "ʿʾ",
            "...",
        ] {
            let _ = words(text);
        }
    }
}
