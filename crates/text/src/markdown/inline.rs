//! Markdown inline syntax: what the text of a block reads as once its markup is gone.
//!
//! ```text
//! **ISWAP** [struck](https://x.ng/a "t") Monguno.[^2] The army *withdrew …
//!   ─► "ISWAP struck Monguno.[2] The army *withdrew …"   link: "struck" → https://x.ng/a
//! ```
//!
//! Emphasis markers are removed only in matched pairs (the CommonMark delimiter rules), so a lone
//! `*` glued to a word (a publisher's foreign-link marker) stays. Code spans lose their
//! backticks, images disappear, HTML tags are stripped, character references and backslash
//! escapes are decoded, footnote references become `[n]`. Every byte written maps back to the
//! input through the block's line segments.

use std::collections::HashMap;

use dossier_model::Span;

use super::blocks::{Line, normalize_label};
use crate::document::Link;
use crate::html::{clean_href, reference};
use crate::offsets::TextBuilder;

/// The most openers looked at for one closing emphasis run (keeps hostile input linear).
const MAX_EMPHASIS_SCAN: usize = 256;
/// Longest link destination or title looked at.
const MAX_DEST: usize = 2048;

/// What the inline pass needs from the whole document.
pub(crate) struct Context<'a> {
    pub definitions: &'a HashMap<String, String>,
    /// Footnote label (lower case) → its number.
    pub notes: &'a HashMap<String, u32>,
}

/// A line's text inside the block buffer, and where it is in the input.
#[derive(Clone, Copy, Debug)]
struct Segment {
    buf: usize,
    orig: usize,
    len: usize,
    hard_break: bool,
}

#[derive(Debug)]
enum Op {
    Text(usize, usize),
    Replace(String, usize, usize),
    Delim(usize),
    LinkOpen(String),
    LinkClose,
    Nothing,
}

#[derive(Debug)]
struct Delim {
    ch: u8,
    pos: usize,
    len: usize,
    remaining: usize,
    can_open: bool,
    can_close: bool,
    removed_left: usize,
    removed_right: usize,
}

#[derive(Debug)]
struct Bracket {
    op: usize,
    pos: usize,
    image: bool,
    active: bool,
    bottom: usize,
}

/// The block's lines joined with `\n`, and their segments.
struct Buffer {
    text: String,
    segments: Vec<Segment>,
}

impl Buffer {
    fn new(input: &str, lines: &[Line]) -> Buffer {
        let mut text = String::new();
        let mut segments = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            let s = line.span.slice(input);
            segments.push(Segment {
                buf: text.len(),
                orig: line.span.start,
                len: s.len(),
                hard_break: line.hard_break,
            });
            text.push_str(s);
        }
        Buffer { text, segments }
    }

    fn segment_at(&self, pos: usize) -> usize {
        self.segments
            .partition_point(|s| s.buf <= pos)
            .saturating_sub(1)
    }

    /// The input offset of buffer offset `pos`.
    fn orig(&self, pos: usize) -> usize {
        match self.segments.get(self.segment_at(pos)) {
            Some(s) => s.orig + (pos - s.buf).min(s.len),
            None => 0,
        }
    }

    /// Writes the buffer's `from..to`, each line break as a space (or a line feed after a hard
    /// break).
    fn emit(&self, from: usize, to: usize, out: &mut TextBuilder) {
        let mut i = self.segment_at(from);
        let mut pos = from;
        while pos < to {
            let Some(seg) = self.segments.get(i) else {
                return;
            };
            let seg_end = seg.buf + seg.len;
            if pos < seg_end {
                let end = to.min(seg_end);
                out.push_source(&self.text[pos..end], seg.orig + (pos - seg.buf));
                pos = end;
            }
            if pos >= to {
                return;
            }
            if let Some(next) = self.segments.get(i + 1) {
                let joint = Span::new(seg.orig + seg.len, next.orig);
                out.push_replacement(if seg.hard_break { "\n" } else { " " }, joint);
            }
            pos += 1;
            i += 1;
        }
    }
}

/// Renders the inline content of `lines` into `out`, collecting links.
pub(crate) fn render(
    input: &str,
    lines: &[Line],
    ctx: &Context<'_>,
    out: &mut TextBuilder,
    links: &mut Vec<Link>,
) {
    let buffer = Buffer::new(input, lines);
    let mut parser = Parser::new(&buffer.text, ctx);
    parser.run();
    let mut open: Option<(usize, String)> = None;
    for op in &parser.ops {
        match op {
            Op::Text(a, b) => buffer.emit(*a, *b, out),
            Op::Replace(s, a, b) => {
                out.push_replacement(s, Span::new(buffer.orig(*a), buffer.orig(*b)))
            }
            Op::Delim(i) => {
                if let Some(d) = parser.delims.get(*i) {
                    let from = d.pos + d.removed_left;
                    let to = d.pos + d.len - d.removed_right;
                    if from < to {
                        buffer.emit(from, to, out);
                    }
                }
            }
            Op::LinkOpen(href) => open = Some((out.len(), href.clone())),
            Op::LinkClose => {
                if let Some((start, href)) = open.take()
                    && out.len() > start
                {
                    links.push(Link {
                        span: Span::new(start, out.len()),
                        href,
                    });
                }
            }
            Op::Nothing => {}
        }
    }
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace())
}

/// Decodes backslash escapes and character references in a link destination.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        if c == '\\'
            && let Some(n) = rest[1..].chars().next()
            && n.is_ascii_punctuation()
        {
            out.push(n);
            i += 2;
        } else if c == '&'
            && let Some((decoded, len)) = reference(rest, false)
        {
            out.push(decoded);
            i += len;
        } else {
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

struct Parser<'a> {
    buf: &'a str,
    bytes: &'a [u8],
    ctx: &'a Context<'a>,
    ops: Vec<Op>,
    delims: Vec<Delim>,
    /// Delimiters still available for emphasis, by index into `delims`.
    stack: Vec<usize>,
    brackets: Vec<Bracket>,
    /// Backtick runs by length: their positions and how many are behind us.
    ticks: HashMap<usize, (Vec<usize>, usize)>,
    /// No `>` (or `-->`) at or after this offset: later `<` are text.
    no_gt_from: usize,
    no_comment_end_from: usize,
    run: usize,
}

impl<'a> Parser<'a> {
    fn new(buf: &'a str, ctx: &'a Context<'a>) -> Parser<'a> {
        let bytes = buf.as_bytes();
        let mut ticks: HashMap<usize, (Vec<usize>, usize)> = HashMap::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'`' {
                let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                ticks.entry(n).or_default().0.push(i);
                i += n;
            } else {
                i += 1;
            }
        }
        Parser {
            buf,
            bytes,
            ctx,
            ops: Vec::new(),
            delims: Vec::new(),
            stack: Vec::new(),
            brackets: Vec::new(),
            ticks,
            no_gt_from: usize::MAX,
            no_comment_end_from: usize::MAX,
            run: 0,
        }
    }

    /// Ends the current text run at `pos`.
    fn flush(&mut self, pos: usize) {
        if self.run < pos {
            self.ops.push(Op::Text(self.run, pos));
        }
        self.run = pos;
    }

    fn replace(&mut self, s: String, from: usize, to: usize) {
        self.flush(from);
        self.ops.push(Op::Replace(s, from, to));
        self.run = to;
    }

    fn run(&mut self) {
        let mut pos = 0;
        while pos < self.bytes.len() {
            pos = match self.bytes[pos] {
                b'\\' => self.escape(pos),
                b'`' => self.code(pos),
                b'*' | b'_' => self.delim(pos),
                b'<' => self.angle(pos),
                b'&' => match reference(&self.buf[pos..], false) {
                    Some((c, len)) => {
                        self.replace(c.to_string(), pos, pos + len);
                        pos + len
                    }
                    None => pos + 1,
                },
                b'!' if self.bytes.get(pos + 1) == Some(&b'[') => self.open_bracket(pos, true),
                b'[' => self.open_bracket(pos, false),
                b']' => self.close_bracket(pos),
                _ => pos + 1,
            };
        }
        self.flush(self.bytes.len());
        self.emphasis(0);
    }

    fn escape(&mut self, pos: usize) -> usize {
        match self.bytes.get(pos + 1) {
            Some(b'\n') => {
                self.replace("\n".to_string(), pos, pos + 2);
                pos + 2
            }
            Some(&c) if c.is_ascii_punctuation() => {
                self.replace(char::from(c).to_string(), pos, pos + 2);
                pos + 2
            }
            _ => pos + 1,
        }
    }

    fn code(&mut self, pos: usize) -> usize {
        let n = self.bytes[pos..].iter().take_while(|&&b| b == b'`').count();
        let close = self.ticks.get_mut(&n).and_then(|(list, cursor)| {
            while list.get(*cursor).is_some_and(|&p| p <= pos) {
                *cursor += 1;
            }
            list.get(*cursor).copied()
        });
        let Some(close) = close else {
            return pos + n;
        };
        self.flush(pos);
        let (mut from, mut to) = (pos + n, close);
        let content = &self.bytes[from..to];
        if content.len() >= 2
            && matches!(content[0], b' ' | b'\n')
            && matches!(content[content.len() - 1], b' ' | b'\n')
            && !content.iter().all(|&b| b == b' ' || b == b'\n')
        {
            from += 1;
            to -= 1;
        }
        if from < to {
            self.ops.push(Op::Text(from, to));
        }
        self.run = close + n;
        close + n
    }

    fn delim(&mut self, pos: usize) -> usize {
        let ch = self.bytes[pos];
        let len = self.bytes[pos..].iter().take_while(|&&b| b == ch).count();
        let before = self.buf[..pos].chars().next_back().unwrap_or(' ');
        let after = self.buf[pos + len..].chars().next().unwrap_or(' ');
        let left = !after.is_whitespace()
            && (!is_punct(after) || before.is_whitespace() || is_punct(before));
        let right = !before.is_whitespace()
            && (!is_punct(before) || after.is_whitespace() || is_punct(after));
        let (can_open, can_close) = if ch == b'*' {
            (left, right)
        } else {
            (
                left && (!right || is_punct(before)),
                right && (!left || is_punct(after)),
            )
        };
        self.flush(pos);
        let index = self.delims.len();
        self.delims.push(Delim {
            ch,
            pos,
            len,
            remaining: len,
            can_open,
            can_close,
            removed_left: 0,
            removed_right: 0,
        });
        self.stack.push(index);
        self.ops.push(Op::Delim(index));
        self.run = pos + len;
        pos + len
    }

    /// Matches emphasis among the delimiters of `stack[bottom..]`, then retires them.
    fn emphasis(&mut self, bottom: usize) {
        let candidates: Vec<usize> = self.stack.drain(bottom.min(self.stack.len())..).collect();
        let mut openers: Vec<usize> = Vec::new();
        // Per character: openers below this index hold no match for it.
        let mut floor = [0usize; 2];
        let slot = |ch: u8| usize::from(ch == b'_');
        for d in candidates {
            let ch = self.delims[d].ch;
            if self.delims[d].can_close {
                while self.delims[d].remaining > 0 {
                    let f = floor[slot(ch)].min(openers.len());
                    let found = (f..openers.len()).rev().take(MAX_EMPHASIS_SCAN).find(|&j| {
                        let o = &self.delims[openers[j]];
                        let c = &self.delims[d];
                        let both = (o.can_open && o.can_close) || (c.can_open && c.can_close);
                        o.ch == ch
                            && o.remaining > 0
                            && !(both
                                && (o.len + c.len).is_multiple_of(3)
                                && !(o.len.is_multiple_of(3) && c.len.is_multiple_of(3)))
                    });
                    let Some(j) = found else {
                        floor[slot(ch)] = openers.len();
                        break;
                    };
                    let o = openers[j];
                    let n = if self.delims[o].remaining >= 2 && self.delims[d].remaining >= 2 {
                        2
                    } else {
                        1
                    };
                    self.delims[o].remaining -= n;
                    self.delims[o].removed_right += n;
                    self.delims[d].remaining -= n;
                    self.delims[d].removed_left += n;
                    openers.truncate(j + 1);
                    if self.delims[o].remaining == 0 {
                        openers.pop();
                    }
                    for f in &mut floor {
                        *f = (*f).min(openers.len());
                    }
                }
            }
            if self.delims[d].can_open && self.delims[d].remaining > 0 {
                openers.push(d);
            }
        }
    }

    fn open_bracket(&mut self, pos: usize, image: bool) -> usize {
        let bracket = if image { pos + 1 } else { pos };
        if !image && let Some(end) = self.note_reference(pos) {
            return end;
        }
        self.flush(pos);
        let width = if image { 2 } else { 1 };
        self.brackets.push(Bracket {
            op: self.ops.len(),
            pos: bracket,
            image,
            active: true,
            bottom: self.stack.len(),
        });
        self.ops.push(Op::Text(pos, pos + width));
        self.run = pos + width;
        pos + width
    }

    /// `[^label]` at `pos`: renders it as `[n]`, returns where it ends.
    fn note_reference(&mut self, pos: usize) -> Option<usize> {
        let rest = self.buf.get(pos + 2..)?;
        if !self.buf[pos..].starts_with("[^") {
            return None;
        }
        let close = rest.bytes().take(65).position(|b| b == b']')?;
        let label = &rest[..close];
        if label.is_empty() || label.contains(|c: char| c.is_whitespace() || c == '[' || c == '^') {
            return None;
        }
        let number = match self.ctx.notes.get(&label.to_lowercase()) {
            Some(n) => n.to_string(),
            None if label.bytes().all(|b| b.is_ascii_digit()) => label.to_string(),
            None => return None,
        };
        let end = pos + 2 + close + 1;
        self.replace(format!("[{number}]"), pos, end);
        Some(end)
    }

    fn close_bracket(&mut self, pos: usize) -> usize {
        let Some(bracket) = self.brackets.pop() else {
            return pos + 1;
        };
        if !bracket.active {
            return pos + 1;
        }
        let label = &self.buf[bracket.pos + 1..pos];
        let Some((dest, end)) = self.link_tail(pos + 1, label) else {
            return pos + 1;
        };
        self.flush(pos);
        self.emphasis(bracket.bottom);
        let mut end = end;
        if bracket.image {
            self.ops.truncate(bracket.op);
            // "a map ![alt](src) of" reads "a map of", not "a map  of".
            let before = bracket.pos.checked_sub(2).map(|i| self.bytes[i]);
            if before.is_none_or(|b| b == b' ') && self.bytes.get(end) == Some(&b' ') {
                end += 1;
            }
        } else {
            let href = clean_href(&unescape(&dest));
            let linked = href.is_some();
            self.ops[bracket.op] = href.map_or(Op::Nothing, Op::LinkOpen);
            if linked {
                self.ops.push(Op::LinkClose);
            }
            for b in &mut self.brackets {
                if !b.image {
                    b.active = false;
                }
            }
        }
        self.run = end;
        end
    }

    /// What follows a `]` at `at` that makes a link: its destination and where it ends.
    fn link_tail(&self, at: usize, label: &str) -> Option<(String, usize)> {
        let b = self.bytes;
        match b.get(at) {
            Some(b'(') => self.inline_destination(at + 1),
            Some(b'[') => {
                let close = b[at + 1..].iter().take(1000).position(|&c| c == b']')?;
                let inner = &self.buf[at + 1..at + 1 + close];
                let key = if inner.trim().is_empty() {
                    label
                } else {
                    inner
                };
                self.ctx
                    .definitions
                    .get(&normalize_label(key))
                    .map(|d| (d.clone(), at + 1 + close + 1))
            }
            _ => self
                .ctx
                .definitions
                .get(&normalize_label(label))
                .map(|d| (d.clone(), at)),
        }
    }

    /// `(destination "title")` from just after the `(`.
    fn inline_destination(&self, from: usize) -> Option<(String, usize)> {
        let b = self.bytes;
        let skip_ws = |mut p: usize| {
            while p < b.len() && matches!(b[p], b' ' | b'\t' | b'\n') {
                p += 1;
            }
            p
        };
        let mut p = skip_ws(from);
        let dest_start = p;
        let dest_end;
        if b.get(p) == Some(&b'<') {
            let close = b[p + 1..]
                .iter()
                .take(MAX_DEST)
                .position(|&c| matches!(c, b'>' | b'<' | b'\n'))?;
            if b[p + 1 + close] != b'>' {
                return None;
            }
            dest_end = p + 1 + close;
            p = dest_end + 1;
        } else {
            let mut depth = 0usize;
            while p < b.len() && p - dest_start < MAX_DEST {
                match b[p] {
                    b'\\' if p + 1 < b.len() => p += 1,
                    b'(' => depth += 1,
                    b')' if depth == 0 => break,
                    b')' => depth -= 1,
                    c if c.is_ascii_whitespace() || c.is_ascii_control() => break,
                    _ => {}
                }
                p += 1;
            }
            dest_end = p;
        }
        let dest = if b.get(dest_start) == Some(&b'<') {
            &self.buf[dest_start + 1..dest_end]
        } else {
            &self.buf[dest_start..dest_end]
        };
        p = skip_ws(p);
        if let Some(&q) = b.get(p)
            && matches!(q, b'"' | b'\'' | b'(')
        {
            let closer = if q == b'(' { b')' } else { q };
            let mut i = p + 1;
            while i < b.len() && i - p < MAX_DEST && b[i] != closer {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            if b.get(i) != Some(&closer) {
                return None;
            }
            p = skip_ws(i + 1);
        }
        (b.get(p) == Some(&b')')).then(|| (dest.to_string(), p + 1))
    }

    /// `<` at `pos`: an autolink, an HTML tag or comment (stripped), or text.
    fn angle(&mut self, pos: usize) -> usize {
        if let Some(end) = self.autolink(pos) {
            let inner = &self.buf[pos + 1..end];
            let href = if inner.contains(':') {
                inner.to_string()
            } else {
                format!("mailto:{inner}")
            };
            self.flush(pos);
            match clean_href(&href) {
                Some(h) => {
                    self.ops.push(Op::LinkOpen(h));
                    self.ops.push(Op::Text(pos + 1, end));
                    self.ops.push(Op::LinkClose);
                }
                None => self.ops.push(Op::Text(pos + 1, end)),
            }
            self.run = end + 1;
            return end + 1;
        }
        let Some(end) = self.html(pos) else {
            return pos + 1;
        };
        let tag = &self.buf[pos..end];
        let is_br = tag.len() >= 3
            && tag[1..3].eq_ignore_ascii_case("br")
            && !tag.as_bytes().get(3).is_some_and(u8::is_ascii_alphanumeric);
        if is_br {
            self.replace("\n".to_string(), pos, end);
        } else {
            self.flush(pos);
            self.run = end;
        }
        end
    }

    /// An autolink `<scheme:…>` or `<user@host>` at `pos`: the offset of its `>`.
    fn autolink(&self, pos: usize) -> Option<usize> {
        let b = self.bytes;
        let start = pos + 1;
        let mut p = start;
        while p < b.len()
            && !matches!(b[p], b'>' | b'<' | b' ' | b'\t' | b'\n')
            && !b[p].is_ascii_control()
        {
            p += 1;
        }
        if b.get(p) != Some(&b'>') || p == start {
            return None;
        }
        let inner = &self.buf[start..p];
        if let Some(colon) = inner.find(':') {
            let scheme = &inner[..colon];
            let ok = (2..=32).contains(&scheme.len())
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'));
            return ok.then_some(p);
        }
        let (user, host) = inner.split_once('@')?;
        let ok = !user.is_empty()
            && user
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&c))
            && !host.is_empty()
            && host.split('.').all(|l| {
                !l.is_empty() && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
            });
        ok.then_some(p)
    }

    /// Raw HTML at `pos` (a tag, a comment, a declaration): the offset just after it.
    fn html(&mut self, pos: usize) -> Option<usize> {
        let b = self.bytes;
        if self.buf[pos..].starts_with("<!--") {
            if pos >= self.no_comment_end_from {
                return None;
            }
            return match memchr::memmem::find(&b[pos + 4..], b"-->") {
                Some(i) => Some(pos + 4 + i + 3),
                None => {
                    self.no_comment_end_from = pos;
                    None
                }
            };
        }
        let tagish = match b.get(pos + 1) {
            Some(c) if c.is_ascii_alphabetic() => true,
            Some(b'/') => b.get(pos + 2).is_some_and(u8::is_ascii_alphabetic),
            Some(b'!' | b'?') => true,
            _ => false,
        };
        if !tagish || pos >= self.no_gt_from {
            return None;
        }
        match memchr::memchr2(b'>', b'<', &b[pos + 1..]) {
            Some(i) if b[pos + 1 + i] == b'>' => Some(pos + 1 + i + 1),
            Some(_) => None,
            None => {
                self.no_gt_from = pos;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_str(
        s: &str,
        defs: &[(&str, &str)],
        notes: &[(&str, u32)],
    ) -> (String, Vec<(String, String)>) {
        let definitions: HashMap<String, String> = defs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let notes: HashMap<String, u32> = notes.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        let ctx = Context {
            definitions: &definitions,
            notes: &notes,
        };
        let lines: Vec<Line> = {
            let mut v = Vec::new();
            let mut pos = 0;
            for l in s.split('\n') {
                v.push(Line {
                    span: Span::new(pos, pos + l.len()),
                    hard_break: false,
                });
                pos += l.len() + 1;
            }
            v
        };
        let mut out = TextBuilder::new();
        let mut links = Vec::new();
        render(s, &lines, &ctx, &mut out, &mut links);
        let (text, _) = out.finish(s.len());
        let links = links
            .iter()
            .map(|l| (l.span.slice(&text).to_string(), l.href.clone()))
            .collect();
        (text, links)
    }

    fn text(s: &str) -> String {
        render_str(s, &[], &[]).0
    }

    #[test]
    fn emphasis_pairs_go_lone_stars_stay() {
        assert_eq!(text("**ISWAP** and *JAS* met"), "ISWAP and JAS met");
        assert_eq!(
            text("rebels *withdrew from talks and *left the meeting"),
            "rebels *withdrew from talks and *left the meeting"
        );
        assert_eq!(
            text("_a_ snake_case_name *a **b** c*"),
            "a snake_case_name a b c"
        );
        assert_eq!(text("2 * 3 * 4"), "2 * 3 * 4");
        assert_eq!(text("***both***"), "both");
    }

    #[test]
    fn code_escapes_entities_html() {
        assert_eq!(text("run `a *b*` now ``x ` y``"), "run a *b* now x ` y");
        assert_eq!(
            text("unclosed `tick and \\*not emphasis\\*"),
            "unclosed `tick and *not emphasis*"
        );
        assert_eq!(
            text("AT&amp;T &copy; &bogus; <b>bold</b> <!-- c --> a < b"),
            "AT&T © &bogus; bold  a < b"
        );
        assert_eq!(text("line<br>next"), "line\nnext");
    }

    #[test]
    fn links_images_and_notes() {
        let (t, l) = render_str(
            "[ISWAP](https://x.ng/a \"t\") hit ![map](m.png) Monguno.[^2] See [the report][r] and <https://y.org/b>.[^x]",
            &[("r", "https://z.org")],
            &[("2", 2), ("x", 3)],
        );
        assert_eq!(
            t,
            "ISWAP hit Monguno.[2] See the report and https://y.org/b.[3]"
        );
        assert_eq!(
            l,
            vec![
                ("ISWAP".to_string(), "https://x.ng/a".to_string()),
                ("the report".to_string(), "https://z.org".to_string()),
                ("https://y.org/b".to_string(), "https://y.org/b".to_string()),
            ]
        );
        let (t, l) = render_str("[click](javascript:alert(1)) [1] [^9] [^nope]", &[], &[]);
        assert_eq!(t, "click [1] [9] [^nope]");
        assert!(l.is_empty());
    }

    #[test]
    fn lines_join_with_spaces_and_map_back() {
        let s = "first line\n  *second*";
        let lines = vec![
            Line {
                span: Span::new(0, 10),
                hard_break: false,
            },
            Line {
                span: Span::new(13, 21),
                hard_break: false,
            },
        ];
        let defs = HashMap::new();
        let notes = HashMap::new();
        let ctx = Context {
            definitions: &defs,
            notes: &notes,
        };
        let mut out = TextBuilder::new();
        render(s, &lines, &ctx, &mut out, &mut Vec::new());
        let (text, map) = out.finish(s.len());
        assert_eq!(text, "first line second");
        let second = text.find("second").unwrap();
        assert_eq!(
            &s[map.to_original(second)..map.to_original(second) + 6],
            "second"
        );
    }
}
