//! Offset maps: from a byte offset of a derived text back to the text it came from.
//!
//! A loader builds its output with a [`TextBuilder`], telling it for every piece where in the
//! input the piece came from. Copied runs keep a linear relation to the input; replacements
//! (an HTML entity, a typographic quote made plain, a dropped soft hyphen) start a new anchor.
//! Maps chain: the map of a loaded text is followed by the decoder's map to reach file bytes.

use dossier_model::Span;

use crate::normalize::{self, Norm};

/// Monotone anchors `(derived, original)`; between two anchors offsets grow together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// Sorted by `derived`, non-decreasing in `original`.
    anchors: Vec<(usize, usize)>,
    /// Total length of the original text (offsets are clamped to it).
    original_len: usize,
    /// A further map to apply after this one (for example the decoder's, to reach file bytes).
    next: Option<Box<OffsetMap>>,
}

impl OffsetMap {
    /// The map of a text that is its input, unchanged.
    pub fn identity(len: usize) -> OffsetMap {
        OffsetMap {
            anchors: vec![(0, 0)],
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

    /// The original offset of derived offset `pos`.
    pub fn to_original(&self, pos: usize) -> usize {
        let local = self.local(pos);
        match &self.next {
            Some(next) => next.to_original(local),
            None => local,
        }
    }

    /// The original span of a derived span.
    pub fn to_original_span(&self, span: Span) -> Span {
        let start = self.to_original(span.start);
        let end = self.to_original(span.end).max(start);
        Span::new(start, end)
    }

    fn local(&self, pos: usize) -> usize {
        let i = self.anchors.partition_point(|&(d, _)| d <= pos);
        let (d, o) = if i == 0 { (0, 0) } else { self.anchors[i - 1] };
        // Inside a replacement the linear guess may overshoot the next anchor: clamp.
        let mut out = o + (pos - d);
        if let Some(&(_, next_o)) = self.anchors.get(i) {
            out = out.min(next_o);
        }
        out.min(self.original_len)
    }
}

/// Builds a normalized text and its [`OffsetMap`] piece by piece.
#[derive(Debug, Default)]
pub struct TextBuilder {
    out: String,
    anchors: Vec<(usize, usize)>,
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

    fn anchor(&mut self, orig: usize) {
        let here = self.out.len();
        if let Some(&(d, o)) = self.anchors.last() {
            if d == here {
                // A later anchor at the same derived offset replaces a zero-length one.
                self.anchors.pop();
            } else if o + (here - d) == orig {
                return; // still linear
            }
        }
        self.anchors.push((here, orig));
    }

    /// Appends `s`, which is the input text starting at input offset `orig`, normalizing it
    /// (see [`crate::normalize`]).
    pub fn push_source(&mut self, s: &str, orig: usize) {
        let bytes = s.as_bytes();
        let mut run_start = 0;
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let next = iter.peek().map(|&(_, n)| n);
            let norm = normalize::char(c, next);
            if matches!(norm, Norm::Keep) {
                continue;
            }
            if run_start < i {
                self.anchor(orig + run_start);
                self.out.push_str(&s[run_start..i]);
            }
            let end = i + c.len_utf8();
            if let Norm::Replace(r) = norm {
                self.anchor(orig + i);
                self.out.push_str(r);
            }
            run_start = end;
        }
        if run_start < bytes.len() {
            self.anchor(orig + run_start);
            self.out.push_str(&s[run_start..]);
        }
    }

    /// Appends `s` (already decoded, for example an HTML entity's character) standing for the
    /// input span `orig`. The text is normalized too.
    pub fn push_replacement(&mut self, s: &str, orig: Span) {
        self.anchor(orig.start);
        for (i, c) in s.char_indices() {
            let next = s[i + c.len_utf8()..].chars().next();
            match normalize::char(c, next) {
                Norm::Keep => self.out.push(c),
                Norm::Drop => {}
                Norm::Replace(r) => self.out.push_str(r),
            }
        }
        self.anchor(orig.end);
    }

    /// Appends `s` verbatim (no normalization) standing for the input span `orig`.
    pub fn push_raw(&mut self, s: &str, orig: Span) {
        self.anchor(orig.start);
        self.out.push_str(s);
        self.anchor(orig.end);
    }

    /// Declares that the next `len` bytes are the input from `orig` on, without writing them
    /// (used to build a shifted map). Only for maps whose text is kept elsewhere.
    pub(crate) fn push_raw_run(&mut self, len: usize, orig: usize) {
        self.anchor(orig);
        self.out.extend(std::iter::repeat_n(' ', len));
    }

    /// Appends a separator that is in no input (a blank line between blocks), anchored at input
    /// offset `orig`.
    pub fn push_synthetic(&mut self, s: &str, orig: usize) {
        self.anchor(orig);
        self.out.push_str(s);
        self.anchor(orig);
    }

    /// Removes trailing whitespace (never below `floor`).
    pub fn trim_end(&mut self, floor: usize) {
        let keep = self.out[floor..].trim_end().len() + floor;
        self.out.truncate(keep);
        while self.anchors.last().is_some_and(|&(d, _)| d > keep) {
            self.anchors.pop();
        }
    }

    /// The text and its map back to an input of `input_len` bytes.
    pub fn finish(self, input_len: usize) -> (String, OffsetMap) {
        let mut anchors = self.anchors;
        if anchors.first().is_none_or(|&(d, _)| d != 0) {
            anchors.insert(0, (0, 0));
        }
        (
            self.out,
            OffsetMap {
                anchors,
                original_len: input_len,
                next: None,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn maps_chain() {
        let first = OffsetMap {
            anchors: vec![(0, 0), (3, 5)],
            original_len: 20,
            next: None,
        };
        let second = OffsetMap {
            anchors: vec![(0, 0), (5, 10)],
            original_len: 30,
            next: None,
        };
        let m = first.then(second);
        assert_eq!(m.to_original(4), 11);
    }
}
