//! Offset maps: from a byte offset of a derived text back to the text it came from.
//!
//! A loader builds its output with a [`TextBuilder`], telling it for every piece where in the
//! input the piece came from. Copied runs keep a linear relation to the input; replacements
//! (an HTML entity, a typographic quote made plain, a dropped soft hyphen) start a new anchor.
//! Maps chain: the map of a loaded text is followed by the decoder's map to reach file bytes.
//! Starts and ends map differently: a span's start maps to where its first piece begins, its
//! end to where its last piece ends, so `Gao` in `<a>Gao</a>` maps to `Gao`, not `Gao</a>`.

use dossier_model::Span;

use crate::normalize::{self, Norm};

/// One piece of a derived text and where it came from.
///
/// A piece runs from `derived` to the next piece's `derived`. A copied piece (`original_end`
/// is `None`) maps byte for byte from `original` on; a replaced piece (an entity, a normalized
/// quote, a separator) stands as a whole for the original bytes `original..original_end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    derived: usize,
    original: usize,
    original_end: Option<usize>,
}

/// Maps offsets of a derived text to offsets of the text it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// Sorted by `derived`; the first starts at 0.
    pieces: Vec<Piece>,
    /// Total length of the original text (offsets are clamped to it).
    original_len: usize,
    /// A further map to apply after this one (for example the decoder's, to reach file bytes).
    next: Option<Box<OffsetMap>>,
}

impl OffsetMap {
    /// The map of a text that is its input, unchanged.
    pub fn identity(len: usize) -> OffsetMap {
        OffsetMap {
            pieces: vec![Piece {
                derived: 0,
                original: 0,
                original_end: None,
            }],
            original_len: len,
            next: None,
        }
    }

    /// This map followed by `next`.
    pub fn then(mut self, next: OffsetMap) -> OffsetMap {
        self.next = Some(Box::new(match self.next.take() {
            Some(mid) => mid.then(next),
            None => next,
        }));
        self
    }

    /// The original offset where the text at derived offset `pos` begins.
    pub fn to_original(&self, pos: usize) -> usize {
        let local = self.local_start(pos);
        match &self.next {
            Some(next) => next.to_original(local),
            None => local,
        }
    }

    /// The original offset where the text ending at derived offset `pos` ends (the end of the
    /// piece holding byte `pos - 1`: a span's end does not reach into the markup after it).
    pub fn to_original_end(&self, pos: usize) -> usize {
        let local = self.local_end(pos);
        match &self.next {
            Some(next) => next.to_original_end(local),
            None => local,
        }
    }

    /// The original span of a derived span.
    pub fn to_original_span(&self, span: Span) -> Span {
        let start = self.to_original(span.start);
        if span.is_empty() {
            return Span::new(start, start);
        }
        let end = self.to_original_end(span.end).max(start);
        Span::new(start, end)
    }

    fn local_start(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.derived <= pos);
        let Some(piece) = i.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return 0;
        };
        let out = match piece.original_end {
            None => piece.original + (pos - piece.derived),
            Some(_) => piece.original,
        };
        out.min(self.original_len)
    }

    fn local_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.local_start(0);
        }
        let i = self.pieces.partition_point(|p| p.derived < pos);
        let Some(piece) = i.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return 0;
        };
        let out = match piece.original_end {
            None => piece.original + (pos - piece.derived),
            Some(end) => end,
        };
        out.min(self.original_len)
    }
}

/// Builds a normalized text and its [`OffsetMap`] piece by piece.
#[derive(Debug, Default)]
pub struct TextBuilder {
    out: String,
    pieces: Vec<Piece>,
}

impl TextBuilder {
    pub fn new() -> TextBuilder {
        TextBuilder::default()
    }

    pub fn len(&self) -> usize {
        self.out.len()
    }

    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// The last character written, if any.
    pub fn last_char(&self) -> Option<char> {
        self.out.chars().next_back()
    }

    /// Starts a piece at the current end of the text, unless a copied piece already continues
    /// linearly to `original`.
    fn start_piece(&mut self, original: usize, original_end: Option<usize>) {
        let here = self.out.len();
        if let Some(last) = self.pieces.last() {
            if last.derived == here {
                // An empty piece is replaced by the one that follows it.
                self.pieces.pop();
            } else if original_end.is_none()
                && last.original_end.is_none()
                && last.original + (here - last.derived) == original
            {
                return;
            }
        }
        self.pieces.push(Piece {
            derived: here,
            original,
            original_end,
        });
    }

    /// Appends `s`, which is the input text starting at input offset `orig`, normalizing it
    /// (see [`crate::normalize`]).
    pub fn push_source(&mut self, s: &str, orig: usize) {
        // Fast path: printable ASCII, tabs and line feeds are kept as they are.
        let plain = |b: &u8| matches!(*b, b'\t' | b'\n' | 0x20..=0x7E);
        if all_plain(s.as_bytes()) {
            if !s.is_empty() {
                self.start_piece(orig, None);
                self.out.push_str(s);
            }
            return;
        }
        let mut run_start = 0;
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if c.is_ascii() && plain(&(c as u8)) {
                continue;
            }
            let next = iter.peek().map(|&(_, n)| n);
            let norm = normalize::char(c, next);
            if matches!(norm, Norm::Keep) {
                continue;
            }
            if run_start < i {
                self.start_piece(orig + run_start, None);
                self.out.push_str(&s[run_start..i]);
            }
            let end = i + c.len_utf8();
            if let Norm::Replace(r) = norm {
                self.start_piece(orig + i, Some(orig + end));
                self.out.push_str(r);
            }
            run_start = end;
        }
        if run_start < s.len() {
            self.start_piece(orig + run_start, None);
            self.out.push_str(&s[run_start..]);
        }
    }

    /// Appends `s` (already decoded, for example an HTML entity's character) standing for the
    /// input span `orig`. The text is normalized too.
    pub fn push_replacement(&mut self, s: &str, orig: Span) {
        self.start_piece(orig.start, Some(orig.end));
        for (i, c) in s.char_indices() {
            let next = s[i + c.len_utf8()..].chars().next();
            match normalize::char(c, next) {
                Norm::Keep => self.out.push(c),
                Norm::Drop => {}
                Norm::Replace(r) => self.out.push_str(r),
            }
        }
    }

    /// Appends `s` verbatim (no normalization) standing for the input span `orig`.
    pub fn push_raw(&mut self, s: &str, orig: Span) {
        self.start_piece(orig.start, Some(orig.end));
        self.out.push_str(s);
    }

    /// Declares that the next `len` bytes are the input from `orig` on, without writing them
    /// (used to build a shifted map). Only for maps whose text is kept elsewhere.
    pub(crate) fn push_raw_run(&mut self, len: usize, orig: usize) {
        self.start_piece(orig, None);
        self.out.extend(std::iter::repeat_n(' ', len));
    }

    /// Appends a separator that is in no input (a blank line between blocks), anchored at input
    /// offset `orig`.
    pub fn push_synthetic(&mut self, s: &str, orig: usize) {
        self.start_piece(orig, Some(orig));
        self.out.push_str(s);
    }

    /// Removes trailing whitespace (never below `floor`).
    pub fn trim_end(&mut self, floor: usize) {
        let keep = self.out[floor..].trim_end().len() + floor;
        self.out.truncate(keep);
        while self
            .pieces
            .last()
            .is_some_and(|p| p.derived >= keep && p.derived > 0)
        {
            self.pieces.pop();
        }
    }

    /// The text and its map back to an input of `input_len` bytes.
    pub fn finish(self, input_len: usize) -> (String, OffsetMap) {
        let mut pieces = self.pieces;
        if pieces.first().is_none_or(|p| p.derived != 0) {
            pieces.insert(
                0,
                Piece {
                    derived: 0,
                    original: 0,
                    original_end: None,
                },
            );
        }
        (
            self.out,
            OffsetMap {
                pieces,
                original_len: input_len,
                next: None,
            },
        )
    }
}

/// True when every byte is printable ASCII, a tab or a line feed. Checked 64 bytes at a time
/// without an early exit inside a block, which the compiler turns into vector instructions.
fn all_plain(bytes: &[u8]) -> bool {
    let plain = |b: u8| (b.wrapping_sub(0x20) < 0x5F) | (b == b'\t') | (b == b'\n');
    let mut blocks = bytes.chunks_exact(64);
    for block in &mut blocks {
        if !block.iter().fold(true, |all, &b| all & plain(b)) {
            return false;
        }
    }
    blocks.remainder().iter().all(|&b| plain(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_check_agrees_with_the_byte_rule() {
        let rule = |b: u8| matches!(b, b'\t' | b'\n' | 0x20..=0x7E);
        for b in 0..=255u8 {
            for len in [1usize, 63, 64, 65, 130] {
                for at in [0, len / 2, len - 1] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    assert_eq!(all_plain(&bytes), rule(b), "byte {b:#x} at {at} of {len}");
                }
            }
        }
        assert!(all_plain(b""));
    }

    #[test]
    fn identity_maps_to_itself() {
        let m = OffsetMap::identity(10);
        assert_eq!(m.to_original(7), 7);
        assert_eq!(m.to_original(99), 10);
    }

    #[test]
    fn normalized_quotes_map_back_to_their_bytes() {
        let input = "Ghaly\u{2019}s men\r\nleft";
        let mut b = TextBuilder::new();
        b.push_source(input, 0);
        let (text, map) = b.finish(input.len());
        assert_eq!(text, "Ghaly's men\nleft");
        let men = text.find("men").unwrap();
        assert_eq!(
            &input[map.to_original(men)..map.to_original(men) + 3],
            "men"
        );
        let left = text.find("left").unwrap();
        assert_eq!(&input[map.to_original(left)..], "left");
        let span = map.to_original_span(Span::new(0, 7));
        assert_eq!(&input[span.start..span.end], "Ghaly\u{2019}s");
    }

    #[test]
    fn replacements_and_synthetic_text_anchor_to_their_origin() {
        let input = "a&amp;b<p>c";
        let mut b = TextBuilder::new();
        b.push_source("a", 0);
        b.push_replacement("&", Span::new(1, 6));
        b.push_source("b", 6);
        b.push_synthetic("\n\n", 7);
        b.push_source("c", 10);
        let (text, map) = b.finish(input.len());
        assert_eq!(text, "a&b\n\nc");
        assert_eq!(map.to_original(1), 1);
        assert_eq!(map.to_original(2), 6);
        assert_eq!(map.to_original(5), 10);
        assert_eq!(map.to_original_span(Span::new(1, 2)), Span::new(1, 6));
    }

    #[test]
    fn span_ends_do_not_reach_into_following_markup() {
        let input = "<a>Gao</a> and <b>Kidal</b>";
        let mut b = TextBuilder::new();
        b.push_source("Gao", 3);
        b.push_source(" and ", 10);
        b.push_source("Kidal", 18);
        let (text, map) = b.finish(input.len());
        assert_eq!(text, "Gao and Kidal");
        let gao = map.to_original_span(Span::new(0, 3));
        assert_eq!(&input[gao.start..gao.end], "Gao");
        let kidal = map.to_original_span(Span::new(8, 13));
        assert_eq!(&input[kidal.start..kidal.end], "Kidal");
        let both = map.to_original_span(Span::new(0, 13));
        assert_eq!(&input[both.start..both.end], "Gao</a> and <b>Kidal");
    }

    #[test]
    fn maps_chain() {
        let piece = |derived, original| Piece {
            derived,
            original,
            original_end: None,
        };
        let first = OffsetMap {
            pieces: vec![piece(0, 0), piece(3, 5)],
            original_len: 20,
            next: None,
        };
        let second = OffsetMap {
            pieces: vec![piece(0, 0), piece(5, 10)],
            original_len: 30,
            next: None,
        };
        let m = first.then(second);
        assert_eq!(m.to_original(4), 11);
        assert_eq!(m.to_original_end(3), 3);
        assert_eq!(m.to_original_end(4), 11);
    }
}
