//! Markdown block structure: which lines make which block, with container markers stripped.
//!
//! ```text
//! > ISWAP fighters
//! > overran the base.        ─► Leaf { kind: Quote, lines: ["ISWAP fighters", "overran the base."] }
//! - Monguno                   ─► Leaf { kind: ListItem, lines: ["Monguno"] }
//! [^1]: Reuters, 2024.        ─► Leaf { kind: Paragraph, note: "1", lines: ["Reuters, 2024."] }
//! ```
//!
//! A line-by-line reading of the CommonMark container rules (block quotes, list items,
//! footnote definitions; lazy continuation of paragraphs) with the leaf blocks reports use:
//! ATX and setext headings, paragraphs, fenced and indented code, pipe tables, thematic breaks,
//! link reference definitions. HTML comment, `<script>` and `<style>` blocks are skipped; other
//! HTML lines are paragraph text whose tags the inline pass strips. Each line is looked at a
//! bounded number of times.

use std::cell::Cell;
use std::collections::HashMap;

use dossier_model::Span;

use crate::document::BlockKind;

/// A line of a leaf: the input span of its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line {
    pub span: Span,
    /// The line ended with two spaces: a hard line break follows it.
    pub hard_break: bool,
}

/// A leaf block, ready for the inline pass.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Leaf {
    pub kind: BlockKind,
    /// Heading level, 0 for other leaves.
    pub level: u8,
    pub lines: Vec<Line>,
    /// Code: copied verbatim, lines joined with line feeds.
    pub code: bool,
    /// The footnote this leaf begins: its label and the span of its `[^label]:` marker.
    pub note: Option<(String, Span)>,
}

/// The block structure of a Markdown body.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub leaves: Vec<Leaf>,
    /// Link reference definitions: normalized label → destination as written.
    pub definitions: HashMap<String, String>,
    /// Footnote labels in order of definition.
    pub notes: Vec<String>,
}

#[derive(Debug)]
enum Container {
    Quote,
    Item {
        indent: usize,
    },
    /// A footnote definition; holds its marker until its first leaf takes it.
    Note {
        pending: Option<(String, Span)>,
    },
}

#[derive(Debug)]
enum Open {
    None,
    Para(Leaf),
    Fenced {
        leaf: Leaf,
        fence: u8,
        len: usize,
        indent: usize,
    },
    Indented(Leaf),
    Table {
        note: Option<(String, Span)>,
        rows: Vec<Span>,
    },
    /// Inside an HTML comment, script or style block: skip lines until this.
    Skip(&'static str),
}

struct Parser<'a> {
    input: &'a str,
    containers: Vec<Container>,
    open: Open,
    parsed: Parsed,
    /// The last scan for a non-blank byte in this line: from where, and where it stopped.
    blank_scan: Cell<(usize, usize)>,
    /// Where this line's trailing run of one break character (`*`, `-`, `_`) and spaces
    /// begins, and that character (0 for none).
    break_tail: (usize, u8),
}

/// Indentation is measured up to this many columns (deeper is code or continuation anyway).
const MAX_INDENT: usize = 64;

/// Parses the body of `input` from byte `from` on.
pub(crate) fn parse(input: &str, from: usize) -> Parsed {
    let mut p = Parser {
        input,
        containers: Vec::new(),
        open: Open::None,
        parsed: Parsed::default(),
        blank_scan: Cell::new((usize::MAX, 0)),
        break_tail: (0, 0),
    };
    let bytes = input.as_bytes();
    let mut pos = from;
    while pos < input.len() {
        let line_end = memchr::memchr(b'\n', &bytes[pos..]).map_or(input.len(), |i| pos + i);
        let mut end = line_end;
        if end > pos && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        p.line(pos, end);
        pos = line_end + 1;
    }
    p.close_leaf();
    p.parsed
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\x0C'))
}

impl<'a> Parser<'a> {
    fn byte(&self, at: usize) -> Option<u8> {
        self.input.as_bytes().get(at).copied()
    }

    /// True when the line is blank from `at` to `end`. Scans are remembered, so asking again
    /// further along the line costs nothing.
    fn blank(&self, at: usize, end: usize) -> bool {
        let (from, stop) = self.blank_scan.get();
        if from <= at && at <= stop {
            return stop >= end;
        }
        let b = self.input.as_bytes();
        let mut p = at;
        while p < end && matches!(b[p], b' ' | b'\t' | b'\x0C') {
            p += 1;
        }
        self.blank_scan.set((at, p));
        p >= end
    }

    /// The indentation at `at` in columns (tabs to the next multiple of 4, at most
    /// [`MAX_INDENT`]), and where the first non-space byte is (when under the cap).
    fn indent(&self, at: usize, end: usize) -> (usize, usize) {
        let mut cols = 0;
        let mut p = at;
        while p < end && cols < MAX_INDENT {
            match self.byte(p) {
                Some(b' ') => cols += 1,
                Some(b'\t') => cols += 4 - cols % 4,
                _ => break,
            }
            p += 1;
        }
        (cols, p)
    }

    /// Consumes up to `cols` columns of indentation from `at`.
    fn consume(&self, at: usize, end: usize, cols: usize) -> usize {
        let mut taken = 0;
        let mut p = at;
        while p < end && taken < cols {
            match self.byte(p) {
                Some(b' ') => taken += 1,
                Some(b'\t') => taken += 4 - taken % 4,
                _ => break,
            }
            p += 1;
        }
        p
    }

    /// The kind and footnote marker of a leaf opening now.
    fn context(&mut self) -> (BlockKind, Option<(String, Span)>) {
        let kind = match self.containers.last() {
            Some(Container::Quote) => BlockKind::Quote,
            Some(Container::Item { .. }) => BlockKind::ListItem,
            Some(Container::Note { .. }) | None => BlockKind::Paragraph,
        };
        let note = self.containers.iter_mut().rev().find_map(|c| match c {
            Container::Note { pending } => Some(pending.take()),
            _ => None,
        });
        (kind, note.flatten())
    }

    fn leaf(&mut self, kind: BlockKind, lines: Vec<Line>) -> Leaf {
        let (context_kind, note) = self.context();
        Leaf {
            kind: if kind == BlockKind::Paragraph {
                context_kind
            } else {
                kind
            },
            level: 0,
            lines,
            code: kind == BlockKind::Preformatted,
            note,
        }
    }

    fn close_leaf(&mut self) {
        match std::mem::replace(&mut self.open, Open::None) {
            Open::Para(leaf) | Open::Fenced { leaf, .. } => self.parsed.leaves.push(leaf),
            Open::Indented(mut leaf) => {
                while leaf.lines.last().is_some_and(|l| l.span.is_empty()) {
                    leaf.lines.pop();
                }
                self.parsed.leaves.push(leaf);
            }
            Open::Table { mut note, rows } => {
                for row in rows {
                    for cell in self.cells(row) {
                        self.parsed.leaves.push(Leaf {
                            kind: BlockKind::TableCell,
                            level: 0,
                            lines: vec![Line {
                                span: cell,
                                hard_break: false,
                            }],
                            code: false,
                            note: note.take(),
                        });
                    }
                }
            }
            Open::None | Open::Skip(_) => {}
        }
    }

    /// A content line of a paragraph, trimmed.
    fn para_line(&self, start: usize, end: usize) -> Line {
        let text = &self.input[start..end];
        let trimmed = text.trim_end();
        let lead = trimmed.len() - trimmed.trim_start().len();
        Line {
            span: Span::new(start + lead, start + trimmed.len()),
            hard_break: text.len() - trimmed.len() >= 2 && text.ends_with("  "),
        }
    }

    fn line(&mut self, start: usize, end: usize) {
        self.blank_scan.set((usize::MAX, 0));
        let b = self.input.as_bytes();
        let (mut tail, mut c) = (end, 0u8);
        while tail > start {
            let x = b[tail - 1];
            if x == b' ' || x == b'\t' || x == c || (c == 0 && matches!(x, b'*' | b'-' | b'_')) {
                if x != b' ' && x != b'\t' {
                    c = x;
                }
                tail -= 1;
            } else {
                break;
            }
        }
        self.break_tail = (tail, c);
        let mut p = start;
        let mut matched = 0;
        for c in &self.containers {
            let blank = self.blank(p, end);
            let (cols, first) = self.indent(p, end);
            match c {
                Container::Quote => {
                    if cols > 3 || self.byte(first) != Some(b'>') {
                        break;
                    }
                    p = first + 1;
                    if matches!(self.byte(p), Some(b' ' | b'\t')) && p < end {
                        p += 1;
                    }
                }
                Container::Item { indent } => {
                    if !blank {
                        if cols < *indent {
                            break;
                        }
                        p = self.consume(p, end, *indent);
                    }
                }
                Container::Note { .. } => {
                    if !blank {
                        if cols == 0 {
                            break;
                        }
                        p = self.consume(p, end, cols.min(4));
                    }
                }
            }
            matched += 1;
        }
        let all = matched == self.containers.len();
        let blank = self.blank(p, end);

        if all
            && let Open::Fenced {
                fence, len, indent, ..
            } = self.open
        {
            let (cols, first) = self.indent(p, end);
            let run = self.input.as_bytes()[first..end]
                .iter()
                .take_while(|&&b| b == fence)
                .count();
            if cols <= 3 && run >= len && is_blank(&self.input[first + run..end]) {
                self.close_leaf();
            } else {
                let from = self.consume(p, end, indent);
                if let Open::Fenced { leaf, .. } = &mut self.open {
                    leaf.lines.push(Line {
                        span: Span::new(from, end),
                        hard_break: false,
                    });
                }
            }
            return;
        }
        if !all {
            // A sibling list item is never a lazy continuation of its neighbour's paragraph.
            let sibling = self.containers[matched..]
                .iter()
                .any(|c| matches!(c, Container::Item { .. }));
            let lazy =
                matches!(self.open, Open::Para(_)) && !blank && !self.starts_block(p, end, sibling);
            if lazy {
                let line = self.para_line(p, end);
                if let Open::Para(leaf) = &mut self.open {
                    leaf.lines.push(line);
                }
                return;
            }
            self.close_leaf();
            self.containers.truncate(matched);
        }
        if let Open::Skip(until) = self.open {
            if self.input[p..end].contains(until) {
                self.open = Open::None;
            }
            return;
        }

        // New containers.
        loop {
            let (cols, first) = self.indent(p, end);
            if cols >= 4 {
                break;
            }
            if self.byte(first) == Some(b'>') {
                self.close_leaf();
                self.containers.push(Container::Quote);
                p = first + 1;
                if matches!(self.byte(p), Some(b' ' | b'\t')) && p < end {
                    p += 1;
                }
                continue;
            }
            if self.thematic_break(first, end) {
                break;
            }
            if let Some((width, ordered_not_one)) = self.list_marker(first, end) {
                let after = first + width;
                let empty = self.blank(after, end);
                if matches!(self.open, Open::Para(_)) && (empty || ordered_not_one) {
                    break;
                }
                self.close_leaf();
                let (spaces, _) = self.indent(after, end);
                let gap = if empty || spaces >= 5 { 1 } else { spaces };
                self.containers.push(Container::Item {
                    indent: cols + width + gap,
                });
                p = self.consume(after, end, gap);
                continue;
            }
            if let Some((label, marker_end)) = self.note_marker(first, end) {
                self.close_leaf();
                self.parsed.notes.push(label.clone());
                self.containers.push(Container::Note {
                    pending: Some((label, Span::new(first, marker_end))),
                });
                p = self.indent(marker_end, end).1;
                continue;
            }
            break;
        }

        // The leaf.
        if self.blank(p, end) {
            match &mut self.open {
                Open::Indented(leaf) => leaf.lines.push(Line {
                    span: Span::new(p, p),
                    hard_break: false,
                }),
                _ => self.close_leaf(),
            }
            return;
        }
        let (cols, first) = self.indent(p, end);
        if cols >= 4 && !matches!(self.open, Open::Para(_)) {
            let from = self.consume(p, end, 4);
            if !matches!(self.open, Open::Indented(_)) {
                self.close_leaf();
                let leaf = self.leaf(BlockKind::Preformatted, Vec::new());
                self.open = Open::Indented(leaf);
            }
            if let Open::Indented(leaf) = &mut self.open {
                leaf.lines.push(Line {
                    span: Span::new(from, end),
                    hard_break: false,
                });
            }
            return;
        }
        if matches!(self.open, Open::Indented(_)) {
            self.close_leaf();
        }
        if let Some((level, content)) = self.atx(first, end) {
            self.close_leaf();
            let mut leaf = self.leaf(
                BlockKind::Heading,
                vec![Line {
                    span: content,
                    hard_break: false,
                }],
            );
            leaf.level = level;
            self.parsed.leaves.push(leaf);
            return;
        }
        if let Some((fence, len)) = self.fence(first, end) {
            self.close_leaf();
            let leaf = self.leaf(BlockKind::Preformatted, Vec::new());
            self.open = Open::Fenced {
                leaf,
                fence,
                len,
                indent: cols,
            };
            return;
        }
        if let Open::Para(leaf) = &mut self.open {
            if let Some(level) = setext(&self.input[first..end]) {
                leaf.kind = BlockKind::Heading;
                leaf.level = level;
                self.close_leaf();
                return;
            }
            if leaf.lines.len() == 1
                && self.input[leaf.lines[0].span.start..leaf.lines[0].span.end].contains('|')
                && delimiter_row(&self.input[first..end])
            {
                let Some(header) = leaf.lines.first().map(|l| l.span) else {
                    return;
                };
                let note = leaf.note.take();
                self.open = Open::Table {
                    note,
                    rows: vec![header],
                };
                return;
            }
        }
        if matches!(self.open, Open::Table { .. }) {
            let row = self.input[first..end].contains('|') && !self.starts_block(first, end, false);
            if let (true, Open::Table { rows, .. }) = (row, &mut self.open) {
                rows.push(Span::new(first, end));
                return;
            }
            self.close_leaf();
        }
        if self.thematic_break(first, end) {
            self.close_leaf();
            return;
        }
        if let Some(until) = html_skip(&self.input[first..end]) {
            self.close_leaf();
            if !self.input[first..end].contains(until) {
                self.open = Open::Skip(until);
            }
            return;
        }
        if !matches!(self.open, Open::Para(_))
            && let Some((label, dest)) = definition(&self.input[first..end])
        {
            self.parsed.definitions.entry(label).or_insert(dest);
            return;
        }
        let line = self.para_line(first, end);
        if let Open::Para(leaf) = &mut self.open {
            leaf.lines.push(line);
        } else {
            self.close_leaf();
            let leaf = self.leaf(BlockKind::Paragraph, vec![line]);
            self.open = Open::Para(leaf);
        }
    }

    /// True when the line from `at` begins a block that interrupts a paragraph (with
    /// `any_item`, any non-empty list item does; otherwise only bullets and `1.`).
    fn starts_block(&self, at: usize, end: usize, any_item: bool) -> bool {
        let (cols, first) = self.indent(at, end);
        if cols >= 4 {
            return false;
        }
        let rest = &self.input[first..end];
        rest.starts_with('>')
            || self.note_marker(first, end).is_some()
            || self.thematic_break(first, end)
            || self.atx(first, end).is_some()
            || self.fence(first, end).is_some()
            || self
                .list_marker(first, end)
                .is_some_and(|(w, not_one)| (any_item || !not_one) && !self.blank(first + w, end))
    }

    /// A thematic break (`***`, `- - -`) from `at` to the end of the line.
    fn thematic_break(&self, at: usize, end: usize) -> bool {
        let (tail, c) = self.break_tail;
        // Only the line's trailing run can be one; counting happens once it is known to be.
        c != 0
            && at >= tail
            && self.byte(at) == Some(c)
            && self.input.as_bytes()[at..end]
                .iter()
                .filter(|&&b| b == c)
                .count()
                >= 3
    }

    /// A list marker at `at`: its width, and whether it is an ordered one not numbered 1.
    fn list_marker(&self, at: usize, end: usize) -> Option<(usize, bool)> {
        let s = &self.input.as_bytes()[at..end];
        let followed = |i: usize| s.get(i).is_none_or(|&b| b == b' ' || b == b'\t');
        match s.first()? {
            b'-' | b'+' | b'*' => followed(1).then_some((1, false)),
            _ => {
                let digits = s.iter().take(10).take_while(|b| b.is_ascii_digit()).count();
                if !(1..=9).contains(&digits)
                    || !matches!(s.get(digits), Some(b'.' | b')'))
                    || !followed(digits + 1)
                {
                    return None;
                }
                let one =
                    s[..digits].iter().rev().skip(1).all(|&b| b == b'0') && s[digits - 1] == b'1';
                Some((digits + 1, !one))
            }
        }
    }

    /// A footnote definition marker `[^label]:` at `at`: the label and where the marker ends.
    fn note_marker(&self, at: usize, end: usize) -> Option<(String, usize)> {
        let s = &self.input[at..end];
        let rest = s.strip_prefix("[^")?;
        let close = rest.find("]:")?;
        let label = &rest[..close];
        if label.is_empty()
            || label.len() > 64
            || label.contains(|c: char| c.is_whitespace() || c == '[' || c == ']')
        {
            return None;
        }
        Some((label.to_string(), at + 2 + close + 2))
    }

    /// An ATX heading at `at`: its level and the span of its text.
    fn atx(&self, at: usize, end: usize) -> Option<(u8, Span)> {
        let s = &self.input[at..end];
        let level = s.bytes().take_while(|&b| b == b'#').count();
        if !(1..=6).contains(&level) {
            return None;
        }
        let rest = &s[level..];
        if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            return None;
        }
        let mut text = rest.trim_matches([' ', '\t']);
        // A closing run of `#`, preceded by a space (or making up the whole text).
        let without = text.trim_end_matches('#');
        if without.is_empty() || without.ends_with([' ', '\t']) {
            text = without.trim_end_matches([' ', '\t']);
        }
        let start = at + level + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
        Some((level as u8, Span::new(start, start + text.len())))
    }

    /// An opening code fence at `at`: its character and length.
    fn fence(&self, at: usize, end: usize) -> Option<(u8, usize)> {
        let s = &self.input.as_bytes()[at..end];
        let c = *s.first()?;
        if c != b'`' && c != b'~' {
            return None;
        }
        let len = s.iter().take_while(|&&b| b == c).count();
        if len < 3 || (c == b'`' && s[len..].contains(&b'`')) {
            return None;
        }
        Some((c, len))
    }

    /// The cells of a table row, trimmed, empty ones left out.
    fn cells(&self, row: Span) -> Vec<Span> {
        let s = &self.input[row.start..row.end];
        let bytes = s.as_bytes();
        let mut cells = Vec::new();
        let mut cell_start = 0;
        let mut push = |from: usize, to: usize| {
            let cell = &s[from..to];
            let lead = cell.len() - cell.trim_start().len();
            let text = cell.trim();
            if !text.is_empty() {
                cells.push(Span::new(
                    row.start + from + lead,
                    row.start + from + lead + text.len(),
                ));
            }
        };
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
                push(cell_start, i);
                cell_start = i + 1;
            }
        }
        push(cell_start, bytes.len());
        cells
    }
}

/// The level of a setext underline (`===` → 1, `---` → 2).
fn setext(line: &str) -> Option<u8> {
    let t = line.trim_end_matches([' ', '\t']);
    let c = t.bytes().next()?;
    if !t.bytes().all(|b| b == c) {
        return None;
    }
    match c {
        b'=' => Some(1),
        b'-' => Some(2),
        _ => None,
    }
}

/// A table's delimiter row: `| --- | :-: |`.
fn delimiter_row(line: &str) -> bool {
    let t = line.trim();
    if !t.contains('|') || !t.contains('-') {
        return false;
    }
    t.trim_matches('|').split('|').all(|cell| {
        let c = cell.trim();
        let inner = c.strip_prefix(':').unwrap_or(c);
        let inner = inner.strip_suffix(':').unwrap_or(inner);
        !inner.is_empty() && inner.bytes().all(|b| b == b'-')
    })
}

/// The end marker of an HTML block to skip, if the line begins one.
fn html_skip(line: &str) -> Option<&'static str> {
    let lower = line.get(..8).unwrap_or(line).to_ascii_lowercase();
    if lower.starts_with("<!--") {
        Some("-->")
    } else if lower.starts_with("<script") {
        Some("</script>")
    } else if lower.starts_with("<style") {
        Some("</style>")
    } else {
        None
    }
}

/// Normalizes a link label for lookup: case-folded, inner whitespace collapsed.
pub(crate) fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A link reference definition `[label]: destination "title"`, when the destination looks like
/// a link (a footnote list written `[1]: Reuters, …` is text, not a definition).
fn definition(line: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix('[')?;
    if rest.starts_with('^') {
        return None;
    }
    let close = rest.find("]:")?;
    let label = &rest[..close];
    if label.trim().is_empty() || label.len() > 999 || label.contains(['[', ']']) {
        return None;
    }
    let after = rest[close + 2..].trim_start();
    let (dest, tail) = if let Some(inner) = after.strip_prefix('<') {
        let end = inner.find('>')?;
        (&inner[..end], &inner[end + 1..])
    } else {
        let end = after.find(char::is_whitespace).unwrap_or(after.len());
        (&after[..end], &after[end..])
    };
    let looks_like_link =
        dest.contains(':') || dest.starts_with(['/', '#', '.']) || dest.starts_with("www.");
    if dest.is_empty() || !looks_like_link {
        return None;
    }
    let tail = tail.trim();
    let titled = tail.is_empty()
        || (tail.len() >= 2
            && matches!(
                (tail.as_bytes()[0], tail.as_bytes()[tail.len() - 1]),
                (b'"', b'"') | (b'\'', b'\'') | (b'(', b')')
            ));
    titled.then(|| (normalize_label(label), dest.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(input: &str) -> Vec<(BlockKind, u8, Vec<String>, Option<String>)> {
        parse(input, 0)
            .leaves
            .into_iter()
            .map(|l| {
                (
                    l.kind,
                    l.level,
                    l.lines
                        .iter()
                        .map(|x| input[x.span.start..x.span.end].to_string())
                        .collect(),
                    l.note.map(|n| n.0),
                )
            })
            .collect()
    }

    fn texts(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headings_paragraphs_and_code() {
        let input = "# Title #\n\nSome text\n  wrapped here  \n\nSetext\n---\n\n    code line\n\n    more\n\n```rust\nlet a = 1;\n\n```\n***\nlast";
        assert_eq!(
            leaves(input),
            vec![
                (BlockKind::Heading, 1, texts(&["Title"]), None),
                (
                    BlockKind::Paragraph,
                    0,
                    texts(&["Some text", "wrapped here"]),
                    None
                ),
                (BlockKind::Heading, 2, texts(&["Setext"]), None),
                (
                    BlockKind::Preformatted,
                    0,
                    texts(&["code line", "", "more"]),
                    None
                ),
                (BlockKind::Preformatted, 0, texts(&["let a = 1;", ""]), None),
                (BlockKind::Paragraph, 0, texts(&["last"]), None),
            ]
        );
        assert!(parse(input, 0).leaves[1].lines[1].hard_break);
    }

    #[test]
    fn containers() {
        let input = "> quoted\nlazy line\n\n- one\n- two\n  continued\n\n  second para\n1. first\n2) second\n\n* *withdrew\n";
        assert_eq!(
            leaves(input),
            vec![
                (BlockKind::Quote, 0, texts(&["quoted", "lazy line"]), None),
                (BlockKind::ListItem, 0, texts(&["one"]), None),
                (BlockKind::ListItem, 0, texts(&["two", "continued"]), None),
                (BlockKind::ListItem, 0, texts(&["second para"]), None),
                (BlockKind::ListItem, 0, texts(&["first"]), None),
                (BlockKind::ListItem, 0, texts(&["second"]), None),
                (BlockKind::ListItem, 0, texts(&["*withdrew"]), None),
            ]
        );
    }

    #[test]
    fn paragraphs_are_not_interrupted_by_numbers() {
        assert_eq!(
            leaves("The attack came in\n2019. Then more.\n*withdrew here"),
            vec![(
                BlockKind::Paragraph,
                0,
                texts(&["The attack came in", "2019. Then more.", "*withdrew here"]),
                None
            )]
        );
    }

    #[test]
    fn notes_tables_definitions_and_html() {
        let input = "[^1]: First note\n    continues.\n\n[^b]: Second.\n\n| A | B |\n|---|:-:|\n| x | |\n\n[ref]: https://example.org \"T\"\n[1]: Reuters, 2024\n<!-- hidden\n\nstill hidden -->\n<div>shown</div>";
        let parsed = parse(input, 0);
        assert_eq!(parsed.notes, texts(&["1", "b"]));
        assert_eq!(
            parsed.definitions.get("ref").map(String::as_str),
            Some("https://example.org")
        );
        assert_eq!(
            leaves(input),
            vec![
                (
                    BlockKind::Paragraph,
                    0,
                    texts(&["First note", "continues."]),
                    Some("1".to_string())
                ),
                (
                    BlockKind::Paragraph,
                    0,
                    texts(&["Second."]),
                    Some("b".to_string())
                ),
                (BlockKind::TableCell, 0, texts(&["A"]), None),
                (BlockKind::TableCell, 0, texts(&["B"]), None),
                (BlockKind::TableCell, 0, texts(&["x"]), None),
                (
                    BlockKind::Paragraph,
                    0,
                    texts(&["[1]: Reuters, 2024"]),
                    None
                ),
                (BlockKind::Paragraph, 0, texts(&["<div>shown</div>"]), None),
            ]
        );
    }
}
