//! The output side of the HTML loader: blocks of text with collapsed whitespace, and the links
//! inside them, every byte mapped back to the markup it came from.
//!
//! ```text
//! word("Two", 3) · space(6..9) · word("killed", 9) · end_block · word("Police", 30)
//!   ─► "Two killed\n\nPolice"   blocks [0..10, 12..18]
//! ```
//!
//! A block opens with its first visible character (after the blank line that separates it from
//! the one before); whitespace is held back until a word follows, so blocks never begin or end
//! with it and runs of it become one space.

use dossier_model::Span;

use crate::document::{Block, BlockKind, Link};
use crate::offsets::TextBuilder;

#[derive(Debug)]
struct OpenBlock {
    kind: BlockKind,
    /// Where the separator before the block begins.
    sep_start: usize,
    /// Where the block's text begins.
    start: usize,
}

#[derive(Debug)]
struct OpenLink {
    href: String,
    start: Option<usize>,
}

#[derive(Debug, Default)]
pub(crate) struct Writer {
    b: TextBuilder,
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    open: Option<OpenBlock>,
    /// Whitespace seen since the last word, not yet written.
    pending: Option<Span>,
    /// Text to write at the start of the next block (a footnote entry's `[n] `).
    prefix: Option<(String, Span)>,
    link: Option<OpenLink>,
    /// The input offset just after the last text written: separators map there.
    last_end: usize,
}

pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    pub fn set_prefix(&mut self, prefix: Option<(String, Span)>) {
        self.prefix = prefix;
    }

    fn block_has_text(&self) -> bool {
        self.open.as_ref().is_some_and(|o| self.b.len() > o.start)
    }

    /// Opens a block of `kind` if none is open; `orig` is where its text comes from.
    fn ensure_block(&mut self, kind: BlockKind, orig: usize) {
        if self.open.is_some() {
            return;
        }
        let sep_start = self.b.len();
        if !self.b.is_empty() {
            self.b.push_synthetic("\n\n", self.last_end.min(orig));
        }
        let start = self.b.len();
        self.open = Some(OpenBlock {
            kind,
            sep_start,
            start,
        });
        self.pending = None;
        if let Some((prefix, span)) = self.prefix.take() {
            self.b.push_replacement(&prefix, span);
            self.last_end = span.end;
        }
    }

    /// Gets ready to write visible text: the block is open, held-back whitespace written.
    fn before_word(&mut self, kind: BlockKind, orig: usize) {
        self.ensure_block(kind, orig);
        if let Some(ws) = self.pending.take()
            && self.block_has_text()
            && !self.b.last_char().is_some_and(char::is_whitespace)
        {
            self.b.push_replacement(" ", ws);
            self.last_end = ws.end;
        }
        if let Some(link) = &mut self.link
            && link.start.is_none()
        {
            link.start = Some(self.b.len());
        }
    }

    /// Whitespace of the input (or a block boundary inside a footnote entry).
    pub fn space(&mut self, span: Span) {
        if self.pending.is_none() {
            self.pending = Some(span);
        }
    }

    /// Flowing text, whitespace collapsed: `s` is the input from offset `orig`.
    pub fn flow(&mut self, s: &str, orig: usize, kind: BlockKind) {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let ws = i;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            if i > ws {
                self.space(Span::new(orig + ws, orig + i));
            }
            if i == bytes.len() {
                break;
            }
            // A run of words separated by single spaces is copied in one piece.
            let word = i;
            loop {
                while i < bytes.len() && !is_space(bytes[i]) {
                    i += 1;
                }
                if bytes.get(i) == Some(&b' ') && bytes.get(i + 1).is_some_and(|&c| !is_space(c)) {
                    i += 1;
                    continue;
                }
                break;
            }
            let mut from = word;
            if !self.block_has_text() {
                // Other whitespace (no-break spaces) does not begin a block either.
                from = i - s[word..i].trim_start().len();
                if from == i {
                    self.space(Span::new(orig + word, orig + i));
                    continue;
                }
            }
            self.before_word(kind, orig + from);
            self.b.push_source(&s[from..i], orig + from);
            self.last_end = orig + i;
        }
    }

    /// Preformatted text, whitespace kept (but not at the start of a block).
    pub fn verbatim(&mut self, s: &str, orig: usize, kind: BlockKind) {
        let skip = if self.open.is_some() {
            0
        } else {
            s.bytes().take_while(|&b| is_space(b)).count()
        };
        if skip == s.len() {
            return;
        }
        self.before_word(kind, orig + skip);
        self.b.push_source(&s[skip..], orig + skip);
        self.last_end = orig + s.len();
    }

    /// Decoded or rendered text standing for the input `span` (an entity, a footnote marker).
    pub fn replacement(&mut self, s: &str, span: Span, kind: BlockKind) {
        if s.is_empty() {
            return;
        }
        self.before_word(kind, span.start);
        self.b.push_replacement(s, span);
        self.last_end = span.end;
    }

    /// `<br>`: a line break; a second one in a row ends the block.
    pub fn line_break(&mut self, span: Span) {
        if !self.block_has_text() {
            return;
        }
        self.pending = None;
        if self.b.last_char() == Some('\n') {
            self.end_block();
        } else {
            self.b.push_replacement("\n", span);
            self.last_end = span.end;
        }
    }

    /// Closes the open block, if any, trimming it; an empty block leaves no trace.
    pub fn end_block(&mut self) {
        self.pending = None;
        let Some(open) = self.open.take() else {
            return;
        };
        self.b.trim_end(open.start);
        if self.b.len() == open.start {
            self.b.trim_end(open.sep_start);
        } else {
            let text = &self.b.as_str()[open.start..];
            let lead = text.len() - text.trim_start().len();
            self.blocks.push(Block {
                kind: open.kind,
                span: Span::new(open.start + lead, self.b.len()),
            });
        }
        // Links that ended in trimmed whitespace end where the text now ends.
        let len = self.b.len();
        for link in self.links.iter_mut().rev() {
            if link.span.end <= len {
                break;
            }
            link.span.end = len;
            link.span.start = link.span.start.min(len);
        }
        if let Some(link) = &mut self.link
            && link.start.is_some_and(|s| s > len)
        {
            link.start = Some(len);
        }
    }

    pub fn open_link(&mut self, href: String) {
        self.link = Some(OpenLink { href, start: None });
    }

    pub fn close_link(&mut self) {
        if let Some(OpenLink {
            href,
            start: Some(start),
        }) = self.link.take()
        {
            let end = self.b.len();
            if end > start {
                self.links.push(Link {
                    span: Span::new(start, end),
                    href,
                });
            }
        }
    }

    /// The text, its map, the blocks and the links (trimmed to the text they cover).
    pub fn finish(
        mut self,
        input_len: usize,
    ) -> (String, crate::offsets::OffsetMap, Vec<Block>, Vec<Link>) {
        self.close_link();
        self.end_block();
        let (text, map) = self.b.finish(input_len);
        let mut links = Vec::with_capacity(self.links.len());
        for mut link in self.links {
            let mut start = link.span.start.min(text.len());
            let mut end = link.span.end.min(text.len());
            while !text.is_char_boundary(start) {
                start += 1;
            }
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            if start >= end {
                continue;
            }
            let s = &text[start..end];
            let lead = s.len() - s.trim_start().len();
            link.span = Span::new(start + lead, start + s.trim_end().len());
            if !link.span.is_empty() {
                links.push(link);
            }
        }
        (text, map, self.blocks, links)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_and_blocks_are_trimmed() {
        let input = "  Two \n killed  ";
        let mut w = Writer::new();
        w.flow(input, 0, BlockKind::Paragraph);
        w.end_block();
        w.flow("Police", 20, BlockKind::Heading);
        let (text, map, blocks, _) = w.finish(30);
        assert_eq!(text, "Two killed\n\nPolice");
        assert_eq!(
            blocks,
            vec![
                Block {
                    kind: BlockKind::Paragraph,
                    span: Span::new(0, 10)
                },
                Block {
                    kind: BlockKind::Heading,
                    span: Span::new(12, 18)
                },
            ]
        );
        assert_eq!(map.to_original(4), 8);
        assert_eq!(map.to_original(12), 20);
    }

    #[test]
    fn empty_blocks_leave_no_separator() {
        let mut w = Writer::new();
        w.flow("a", 0, BlockKind::Paragraph);
        w.end_block();
        w.flow("\u{200B}", 1, BlockKind::Paragraph);
        w.end_block();
        w.flow("b", 4, BlockKind::Paragraph);
        let (text, _, blocks, _) = w.finish(5);
        assert_eq!(text, "a\n\nb");
        assert_eq!(blocks.len(), 2);
    }
}
