//! Segmentation: which blocks are body text, and where sentences begin and end.
//!
//! ```text
//! "JNIM's emir, Iyad ag Ghali, traveled … in 2023 and made his first public appearance in two
//!  years in January.[1] The U.S. Department of State designated…"
//!   ─► ["JNIM's emir, … in January.[1]", "The U.S. Department of State designated…"]
//! ```
//!
//! Blocks are classified first: page furniture ("View Citations", subscription prompts) and
//! figure records ("Figure 2. … / Source: …") leave the body. Sentences end at `.`, `?`, `!` or
//! `…` followed by space, after absorbing closing quotes, brackets and footnote markers; the
//! abbreviations and initials of `data/segmentation.toml` do not end them.

use dossier_model::Span;

use crate::document::{Block, BlockKind, Figure, SentenceKind};
use crate::lexicon::{Segmentation, segmentation};

/// Longest sentence kept whole; longer runs without a boundary are cut at a space.
pub const MAX_SENTENCE: usize = 4096;

/// What a block is for the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Body,
    Title,
    Boilerplate,
    FigureCaption,
    FigureCredit,
}

impl Role {
    /// The kind of the sentences of a block with this role, or `None` for no sentences.
    pub fn sentence_kind(self, block: BlockKind) -> Option<SentenceKind> {
        match self {
            Role::Boilerplate | Role::FigureCaption | Role::FigureCredit => None,
            Role::Title => Some(SentenceKind::Title),
            Role::Body => Some(match block {
                BlockKind::Title => SentenceKind::Title,
                BlockKind::Heading => SentenceKind::Heading,
                BlockKind::ListItem => SentenceKind::ListItem,
                BlockKind::Quote => SentenceKind::Quote,
                BlockKind::Caption => return None,
                _ => SentenceKind::Body,
            }),
        }
    }
}

/// Gives each block its role.
pub fn classify_blocks(text: &str, blocks: &[Block]) -> Vec<Role> {
    let lex = segmentation();
    // The lowercase text of a block is compared with the lists only up to this length: the
    // longest whole-block entry (a character's lowercase is at least a quarter of its bytes),
    // or the length under which phrases are looked for inside it.
    let longest = lex
        .tail_markers
        .iter()
        .chain(&lex.boilerplate_exact)
        .map(String::len)
        .max()
        .unwrap_or(0);
    let lower_limit = lex.boilerplate_max_len.max(4 * longest);
    let mut roles = Vec::with_capacity(blocks.len());
    let mut in_tail = false;
    let mut seen_body = false;
    for block in blocks {
        let raw = block.span.slice(text).trim();
        let lower = if raw.len() <= lower_limit {
            raw.to_lowercase()
        } else {
            String::new()
        };
        let role = if in_tail {
            Role::Boilerplate
        } else if !lower.is_empty() && lex.tail_markers.contains(&lower) {
            in_tail = true;
            Role::Boilerplate
        } else if is_boilerplate(lex, raw, &lower) {
            Role::Boilerplate
        } else if block.kind == BlockKind::Caption || is_caption(lex, raw) {
            Role::FigureCaption
        } else if lex.credit_prefixes.iter().any(|p| starts_with_ci(raw, p)) && raw.len() < 400 {
            Role::FigureCredit
        } else if !seen_body && is_title(block, raw) {
            Role::Title
        } else {
            Role::Body
        };
        if matches!(role, Role::Body | Role::Title) {
            seen_body = true;
        }
        roles.push(role);
    }
    roles
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

fn is_boilerplate(lex: &Segmentation, raw: &str, lower: &str) -> bool {
    if !lower.is_empty() && lex.boilerplate_exact.iter().any(|b| b == lower) {
        return true;
    }
    if raw.len() <= lex.boilerplate_max_len
        && lex
            .boilerplate_contains
            .iter()
            .any(|p| lower.contains(p.as_str()))
    {
        return true;
    }
    // An editor's notice in brackets: "[Notice: …]", "[Editor's note: …]".
    if raw.starts_with('[') && raw.ends_with(']') {
        let inner = &raw[1..];
        let label = inner.split(':').next().unwrap_or("");
        return inner.contains(':')
            && label.len() < 30
            && !label.bytes().all(|b| b.is_ascii_digit());
    }
    // A line of a bulleted menu ("• Designations").
    if let Some(rest) = raw.strip_prefix('•') {
        let rest = rest.trim();
        return rest.split_whitespace().count() <= 2 && !rest.ends_with('.');
    }
    false
}

/// "Figure 2. Salafi-Jihadi Activity…", "Map 1: …", "Table 3 – …".
fn is_caption(lex: &Segmentation, raw: &str) -> bool {
    lex.figure_labels.iter().any(|label| {
        let Some(rest) = raw.strip_prefix(label.as_str()) else {
            return false;
        };
        let rest = rest.trim_start();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0
            && rest[digits..]
                .chars()
                .next()
                .is_some_and(|c| matches!(c, '.' | ':' | ' ' | '-' | '\u{2013}' | '\u{2014}'))
    })
}

/// The first block is the title when it is a heading, or a short line with no final period.
fn is_title(block: &Block, raw: &str) -> bool {
    match block.kind {
        BlockKind::Title => true,
        BlockKind::Heading | BlockKind::Paragraph => {
            raw.len() <= 200 && !raw.contains('\n') && !raw.ends_with('.') && !raw.ends_with(':')
        }
        _ => false,
    }
}

/// Figure records: each caption with the credit line that follows it (within two blocks).
pub fn figures(text: &str, blocks: &[Block], roles: &[Role]) -> Vec<Figure> {
    let lex = segmentation();
    let mut out: Vec<Figure> = Vec::new();
    let mut last_caption: Option<usize> = None;
    for (i, (block, role)) in blocks.iter().zip(roles).enumerate() {
        let raw = block.span.slice(text).trim();
        match role {
            Role::FigureCaption => {
                out.push(Figure {
                    span: block.span,
                    caption: raw.to_string(),
                    credit: None,
                });
                last_caption = Some(i);
            }
            Role::FigureCredit => {
                let credit = lex
                    .credit_prefixes
                    .iter()
                    .find(|p| starts_with_ci(raw, p))
                    .map_or(raw, |p| raw[p.len()..].trim());
                let credit = credit.trim_end_matches('.').to_string();
                match (last_caption, out.last_mut()) {
                    (Some(c), Some(fig)) if i - c <= 2 && fig.credit.is_none() => {
                        fig.span = Span::new(fig.span.start, block.span.end);
                        fig.credit = Some(credit);
                    }
                    _ => out.push(Figure {
                        span: block.span,
                        caption: String::new(),
                        credit: Some(credit),
                    }),
                }
                last_caption = None;
            }
            _ => {}
        }
    }
    out
}

/// Splits a piece of prose into sentence spans (trimmed, each with a letter or digit).
pub fn sentences(text: &str, piece: Span) -> Vec<Span> {
    let lex = segmentation();
    let s = piece.slice(text);
    let base = piece.start;
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // The next 0xE2 byte (the first byte of `…`) at or after `i`, found again once passed.
    let mut next_e2 = memchr::memchr(0xE2, bytes).unwrap_or(bytes.len());
    while i < bytes.len() {
        let b = bytes[i];
        // Bytes that cannot end a sentence are skipped in bulk, up to where a run too long to
        // be a sentence must be looked at; the scan resumes on a character boundary.
        let limit = (start + MAX_SENTENCE).min(bytes.len());
        if i < limit && !may_end(b) {
            if next_e2 < i {
                next_e2 = memchr::memchr(0xE2, &bytes[i..]).map_or(bytes.len(), |k| i + k);
            }
            let scan_end = limit.min(next_e2);
            i = memchr::memchr3(b'.', b'?', b'!', &bytes[i..scan_end]).map_or(scan_end, |k| i + k);
            while i < bytes.len() && bytes[i] & 0xC0 == 0x80 {
                i += 1;
            }
            continue;
        }
        let term_len = match b {
            b'.' | b'?' | b'!' => 1,
            0xE2 if s[i..].starts_with('\u{2026}') => 3,
            _ => 0,
        };
        if term_len == 0 {
            // A run too long to be a sentence is cut at its last space.
            if i - start >= MAX_SENTENCE {
                let cut = s[start..i]
                    .rfind(char::is_whitespace)
                    .map_or(i, |k| start + k + 1);
                let cut = if cut <= start { i } else { cut };
                push_trimmed(&mut out, s, base, start, cut);
                start = cut;
            }
            i += if b < 0x80 { 1 } else { utf8_len(b) };
            continue;
        }
        let end = absorb_closers(bytes, i + term_len);
        let boundary = if end >= bytes.len() {
            true
        } else if !bytes[end].is_ascii_whitespace() {
            false
        } else {
            let next_word = s[end..].trim_start();
            b != b'.' || end > i + 1 || ends_sentence(lex, &s[start..i], next_word)
        };
        if boundary {
            push_trimmed(&mut out, s, base, start, end);
            start = end;
        }
        i = end;
    }
    push_trimmed(&mut out, s, base, start, bytes.len());
    out
}

/// Can a sentence end at this byte: `.`, `?`, `!`, or the first byte of `…` (and of other
/// characters, which the scan then steps over)?
fn may_end(b: u8) -> bool {
    matches!(b, b'.' | b'?' | b'!' | 0xE2)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

/// Skips closing quotes, brackets, more terminators and footnote markers (`[12]`).
fn absorb_closers(bytes: &[u8], mut i: usize) -> usize {
    loop {
        match bytes.get(i) {
            Some(b'"' | b'\'' | b')' | b'.' | b'?' | b'!') => i += 1,
            Some(b'[') => {
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                if digits > 0 && bytes.get(i + 1 + digits) == Some(&b']') {
                    i += digits + 2;
                } else {
                    return i;
                }
            }
            _ => return i,
        }
    }
}

/// Decides whether a period after `before` (the sentence so far) ends it, given the text after.
fn ends_sentence(lex: &Segmentation, before: &str, next: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '/')
        .next()
        .unwrap_or("");
    let next_word: &str = next
        .split(|c: char| c.is_whitespace() || c == ',')
        .next()
        .unwrap_or("");
    let next_char = next.chars().next();
    if next_char.is_some_and(char::is_lowercase) {
        return lex
            .lowercase_sentence_starts
            .iter()
            .any(|p| next.starts_with(p.as_str()));
    }
    let initialism = is_initialism(word);
    if lex.abbreviations.contains(word) || initialism {
        let ambiguous =
            lex.ambiguous_abbreviations.contains(word) || (initialism && word.len() > 1);
        return ambiguous && lex.sentence_starters.contains(next_word.trim_matches('"'));
    }
    // A single capital is an initial ("Edith M. Lederer").
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return false;
    }
    true
}

/// "U.S", "U.N", "D.R.C" (letters separated by periods), or a single capital.
fn is_initialism(word: &str) -> bool {
    word.len() >= 3
        && word.split('.').all(|p| {
            let mut c = p.chars();
            matches!((c.next(), c.next()), (Some(a), None) if a.is_alphabetic())
        })
}

fn push_trimmed(out: &mut Vec<Span>, s: &str, base: usize, start: usize, end: usize) {
    let piece = &s[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if trimmed.chars().any(char::is_alphanumeric) {
        let a = base + start + lead;
        out.push(Span::new(a, a + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        sentences(s, Span::new(0, s.len()))
            .into_iter()
            .map(|sp| sp.slice(s))
            .collect()
    }

    #[test]
    fn splits_on_terminators_and_keeps_footnote_markers() {
        assert_eq!(
            split("He left in January.[1] The group grew. Did it? Yes!"),
            vec![
                "He left in January.[1]",
                "The group grew.",
                "Did it?",
                "Yes!"
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            split("Gen. Goïta met Edith M. Lederer on Feb. 4 in St. Louis. Then he left."),
            vec![
                "Gen. Goïta met Edith M. Lederer on Feb. 4 in St. Louis.",
                "Then he left."
            ]
        );
        assert_eq!(
            split("The U.S. Department of State and the U.N. Security Council agreed."),
            vec!["The U.S. Department of State and the U.N. Security Council agreed."]
        );
    }

    #[test]
    fn an_initialism_ends_a_sentence_before_a_sentence_starter() {
        assert_eq!(
            split("They struck the U.S. The group then withdrew."),
            vec!["They struck the U.S.", "The group then withdrew."]
        );
    }

    #[test]
    fn quotes_and_parentheses_close_the_sentence() {
        assert_eq!(
            split("He said \"we will fight.\" Then (briefly.) Next one."),
            vec!["He said \"we will fight.\"", "Then (briefly.)", "Next one."]
        );
    }

    #[test]
    fn lowercase_after_a_period_continues_unless_an_article() {
        assert_eq!(
            split("Approx. five men came."),
            vec!["Approx. five men came."]
        );
        assert_eq!(
            split("They met in Gao. al-Qaeda's men came."),
            vec!["They met in Gao.", "al-Qaeda's men came."]
        );
    }

    #[test]
    fn punctuation_only_pieces_are_not_sentences() {
        assert!(split("... !!! ???").is_empty());
        assert!(split("").is_empty());
    }

    #[test]
    fn huge_runs_are_cut_at_spaces() {
        let s = "word ".repeat(5000);
        let parts = sentences(&s, Span::new(0, s.len()));
        assert!(parts.len() >= 5);
        assert!(parts.iter().all(|p| p.len() <= MAX_SENTENCE));
    }

    fn blocks_of(text: &str) -> Vec<Block> {
        let mut out = Vec::new();
        let mut pos = 0;
        for line in text.split('\n') {
            if !line.trim().is_empty() {
                out.push(Block {
                    kind: BlockKind::Paragraph,
                    span: Span::new(pos, pos + line.len()),
                });
            }
            pos += line.len() + 1;
        }
        out
    }

    #[test]
    fn classifies_title_furniture_and_figures() {
        let text = "A Report Title\n[Notice: links marked (*) are foreign.]\nTo receive the File via email, please subscribe here\nBody text here.\nFigure 2. Activity in Mali\nSource: Jane Doe.\nMore body.\nView Citations";
        let blocks = blocks_of(text);
        let roles = classify_blocks(text, &blocks);
        assert_eq!(
            roles,
            vec![
                Role::Title,
                Role::Boilerplate,
                Role::Boilerplate,
                Role::Body,
                Role::FigureCaption,
                Role::FigureCredit,
                Role::Body,
                Role::Boilerplate
            ]
        );
        let figs = figures(text, &blocks, &roles);
        assert_eq!(figs.len(), 1);
        assert_eq!(figs[0].caption, "Figure 2. Activity in Mali");
        assert_eq!(figs[0].credit.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn everything_after_a_tail_marker_is_furniture() {
        let text = "Body one.\nDaily Dose\nA quote from someone else.";
        let blocks = blocks_of(text);
        let roles = classify_blocks(text, &blocks);
        assert_eq!(roles[1..], [Role::Boilerplate, Role::Boilerplate]);
    }
}
