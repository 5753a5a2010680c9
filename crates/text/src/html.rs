//! HTML loader: the body text by blocks, page furniture dropped, links, footnotes and metadata
//! kept.
//!
//! ```text
//! <nav>Home</nav><h1>Blast in Baidoa</h1>
//! <p>Al&#8209;Shabaab <a href="https://x.so/a">claimed</a> it.<sup><a href="#fn1">1</a></sup></p>
//! <ol class="footnotes"><li id="fn1">Police statement. <a href="#r1">↩</a></li></ol>
//!   ─► "Blast in Baidoa\n\nAl‑Shabaab claimed it.[1]\n\n[1] Police statement."
//!      blocks: Title, Paragraph, Paragraph · links: "claimed" → https://x.so/a
//! ```
//!
//! The page is read in one pass over the tokens of [`tokenizer`], keeping a stack of open
//! elements as browsers do (implied end tags for `p`, `li`, `td`…, stray end tags ignored).
//! Per-element state is undone when the element is popped, and every lookup in the stack goes
//! through an index by element name, so the work stays linear even for 100 000 unclosed `<div>`s;
//! nothing recurses. Which elements, classes and ids are furniture is in `data/html.toml`.

mod entities;
mod meta;
mod rules;
mod tokenizer;
mod writer;

use std::collections::HashMap;

use dossier_model::Span;

use crate::document::{BlockKind, Loaded};
use entities::Piece;
use rules::{Rules, has_word, rules};
use tokenizer::{StartTag, Token, Tokenizer};
use writer::Writer;

pub(crate) use entities::reference;
pub(crate) use meta::{clean, clean_href, parse_date};

/// Elements with no content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame",
];

/// Elements that may stand in `<head>`; any other start tag ends it.
const HEAD_CONTENT: &[&str] = &[
    "head", "html", "title", "meta", "link", "base", "style", "script", "noscript", "template",
];

/// Foreign content: `<x/>` closes itself inside it.
const FOREIGN: &[&str] = &["svg", "math"];

/// Elements that stop the search for an element to close implicitly.
const SCOPE: &[&str] = &["html", "table", "td", "th", "caption", "template", "object"];

/// Loads an HTML page. Never fails: broken or hostile markup still yields its text.
pub fn load(input: &str) -> Loaded {
    let mut walker = Walker::new(input);
    for token in Tokenizer::new(input) {
        walker.token(token);
    }
    walker.finish()
}

/// An open element and what it changed, to undo when it is popped.
#[derive(Debug, Default)]
struct Frame {
    name: String,
    /// Inside a dropped element: only tracked, no effect.
    inert: bool,
    /// Begins a dropped subtree.
    drop: bool,
    foreign: bool,
    block: bool,
    kind: bool,
    pre: bool,
    /// A footnote entry: its content is one block.
    entry: bool,
    notes: bool,
    article: bool,
    dateline: bool,
    sup: bool,
    /// The open link (or captured footnote link).
    link: bool,
}

/// How a captured `<a>` is rendered when it closes.
#[derive(Debug, PartialEq, Eq)]
enum CaptureMode {
    /// A reference to a footnote: `[n]`.
    Reference,
    /// A link inside a footnote entry: dropped if it leads back to the reference.
    InEntry { backlink: bool },
}

/// A footnote link whose text is held back until it closes.
#[derive(Debug)]
struct Capture {
    mode: CaptureMode,
    text: String,
    start: usize,
    fragment: String,
}

struct Walker<'a> {
    input: &'a str,
    rules: &'static Rules,
    has_article: bool,
    stack: Vec<Frame>,
    /// Stack indices of the open elements of each name, innermost last.
    positions: HashMap<String, Vec<usize>>,
    /// Index of the frame that began the dropped subtree we are in.
    drop_at: Option<usize>,
    kinds: Vec<BlockKind>,
    pre: usize,
    entries: usize,
    notes: usize,
    articles: usize,
    datelines: usize,
    sups: usize,
    foreign: usize,
    /// Skip a line feed right after `<pre>`.
    pre_newline: bool,
    seen_h1: bool,
    head_done: bool,
    note_ordinal: u32,
    capture: Option<Capture>,
    out: Writer,
    meta: meta::Collector,
}

impl<'a> Walker<'a> {
    fn new(input: &'a str) -> Walker<'a> {
        Walker {
            input,
            rules: rules(),
            has_article: tokenizer::has_article(input),
            stack: Vec::new(),
            positions: HashMap::new(),
            drop_at: None,
            kinds: Vec::new(),
            pre: 0,
            entries: 0,
            notes: 0,
            articles: 0,
            datelines: 0,
            sups: 0,
            foreign: 0,
            pre_newline: false,
            seen_h1: false,
            head_done: false,
            note_ordinal: 0,
            capture: None,
            out: Writer::new(),
            meta: meta::Collector::default(),
        }
    }

    fn dropped(&self) -> bool {
        self.drop_at.is_some()
    }

    fn kind(&self) -> BlockKind {
        self.kinds.last().copied().unwrap_or(BlockKind::Paragraph)
    }

    fn innermost(&self, name: &str) -> Option<usize> {
        self.positions.get(name).and_then(|p| p.last().copied())
    }

    /// The innermost open `target` not hidden behind one of `boundaries`.
    fn in_scope(&self, target: &str, boundaries: &[&str]) -> Option<usize> {
        let t = self.innermost(target)?;
        let wall = boundaries
            .iter()
            .chain(SCOPE)
            .filter_map(|b| self.innermost(b))
            .max();
        (wall.is_none_or(|w| t > w)).then_some(t)
    }

    fn token(&mut self, token: Token<'_>) {
        if !matches!(token, Token::Text { .. }) {
            self.pre_newline = false;
        }
        match token {
            Token::Start(tag) => self.start(tag),
            Token::End { name, span } => self.end(&name, span),
            Token::Text { text, start } => self.text(text, start),
            Token::Raw { text, start } => self.raw(text, start),
        }
    }

    fn start(&mut self, tag: StartTag) {
        let name = tag.name.as_str();
        let at = tag.span.start;
        if name == "head" && (self.head_done || self.innermost("head").is_some()) {
            return;
        }
        if !HEAD_CONTENT.contains(&name) {
            self.end_head(at);
        }
        self.close_implied(name, at);
        match name {
            "meta" => return self.meta.meta_tag(&tag),
            "link" => return self.meta.link_tag(&tag),
            "br" => return self.line_break(tag.span),
            "time" if !self.dropped() => self.meta.time_tag(&tag, self.datelines > 0),
            _ => {}
        }
        let foreign_self_closing =
            tag.self_closing && (self.foreign > 0 || FOREIGN.contains(&name));
        if VOID.contains(&name) || foreign_self_closing {
            if !self.dropped() && self.rules.block_elements.contains(name) {
                self.boundary(tag.span);
            }
            return;
        }
        let mut frame = Frame {
            name: tag.name.clone(),
            foreign: FOREIGN.contains(&name),
            ..Frame::default()
        };
        if self.dropped() {
            frame.inert = true;
            return self.push(frame);
        }
        if self.is_chrome(&tag) {
            if tag.self_closing {
                return;
            }
            frame.drop = true;
            if self.rules.block_elements.contains(name) {
                self.boundary(tag.span);
            }
            return self.push(frame);
        }
        self.open(tag, frame);
    }

    /// Sets up a kept element and pushes it.
    fn open(&mut self, tag: StartTag, mut frame: Frame) {
        let name = tag.name.as_str();
        let class_id = || {
            [tag.attr("class"), tag.attr("id"), tag.attr("role")]
                .into_iter()
                .flatten()
        };
        frame.block = self.rules.block_elements.contains(name);
        if frame.block {
            self.boundary(tag.span);
        }
        frame.article = matches!(name, "article" | "main")
            || tag
                .attr("role")
                .is_some_and(|r| r.eq_ignore_ascii_case("main"));
        frame.dateline = (name == "header" && self.articles > 0)
            || class_id().any(|v| has_word(v, &self.rules.dateline_words, &[]));
        frame.sup = name == "sup";
        frame.notes = class_id().any(|v| has_word(v, &self.rules.footnote_container_words, &[]));
        if frame.notes && self.notes == 0 {
            self.note_ordinal = 0;
        }
        if name == "ol"
            && (frame.notes || self.notes > 0)
            && let Some(start) = tag.attr("start").and_then(|s| s.trim().parse::<u32>().ok())
        {
            self.note_ordinal = start.saturating_sub(1);
        }
        let kind = match name {
            "h1" if !self.seen_h1 && self.entries == 0 => {
                self.seen_h1 = true;
                Some(BlockKind::Title)
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(BlockKind::Heading),
            "li" | "dt" | "dd" => Some(BlockKind::ListItem),
            "blockquote" => Some(BlockKind::Quote),
            "pre" | "listing" | "xmp" | "plaintext" => Some(BlockKind::Preformatted),
            "td" | "th" => Some(BlockKind::TableCell),
            "figcaption" | "caption" => Some(BlockKind::Caption),
            _ => None,
        };
        if let Some(n) = self.entry_number(&tag) {
            self.out.end_block();
            frame.entry = true;
            frame.block = true;
            self.kinds.push(BlockKind::Paragraph);
            frame.kind = true;
            self.out.set_prefix(Some((format!("[{n}] "), tag.span)));
        } else if let Some(kind) = kind {
            self.kinds.push(kind);
            frame.kind = true;
        }
        frame.pre = matches!(name, "pre" | "listing" | "xmp" | "plaintext");
        if frame.pre {
            self.pre_newline = true;
        }
        if name == "a" {
            frame.link = self.open_link(&tag);
        }
        self.push(frame);
    }

    /// Starts a link or a footnote capture for `<a>`; true if the frame owns one.
    fn open_link(&mut self, tag: &StartTag) -> bool {
        let Some(href) = tag.attr("href").and_then(clean_href) else {
            return false;
        };
        let Some(fragment) = href.strip_prefix('#') else {
            self.out.open_link(href);
            return true;
        };
        let words = |list| {
            ["class", "rel", "rev", "role"]
                .iter()
                .filter_map(|a| tag.attr(a))
                .any(|v| has_word(v, list, &[]))
        };
        let mode = if self.entries > 0 {
            CaptureMode::InEntry {
                backlink: words(&self.rules.backlink_words),
            }
        } else if self.sups > 0
            || words(&self.rules.footnote_ref_words)
            || tag.attr("id").is_some_and(|id| {
                let id = id.to_ascii_lowercase();
                self.rules
                    .footnote_ref_id_prefixes
                    .iter()
                    .any(|p| id.starts_with(p.as_str()))
            })
        {
            CaptureMode::Reference
        } else {
            self.out.open_link(href);
            return true;
        };
        self.capture = Some(Capture {
            mode,
            text: String::new(),
            start: tag.span.start,
            fragment: fragment.to_string(),
        });
        true
    }

    /// The number of the footnote entry `tag` begins, if it begins one.
    fn entry_number(&mut self, tag: &StartTag) -> Option<u32> {
        if self.entries > 0
            || !matches!(
                tag.name.as_str(),
                "li" | "p" | "div" | "aside" | "section" | "dd"
            )
        {
            return None;
        }
        let id = tag.attr("id").unwrap_or("").to_ascii_lowercase();
        let is_ref = self
            .rules
            .footnote_ref_id_prefixes
            .iter()
            .any(|p| id.starts_with(p.as_str()));
        let shaped = !is_ref
            && self.rules.footnote_id_prefixes.iter().any(|p| {
                id.strip_prefix(p.as_str()).is_some_and(|rest| {
                    rest.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '_' | ':'))
                })
            });
        let digits = trailing_number(&id);
        let in_list = tag.name == "li"
            && self.notes > 0
            && self.innermost("ol").unwrap_or(0) >= self.innermost("ul").unwrap_or(0)
            && self.innermost("ol").is_some();
        let entry = (shaped && (digits.is_some() || self.notes > 0)) || (in_list && !is_ref);
        if !entry {
            return None;
        }
        self.note_ordinal = self.note_ordinal.saturating_add(1);
        if let Some(n) = digits {
            self.note_ordinal = n;
        }
        Some(self.note_ordinal)
    }

    fn is_chrome(&self, tag: &StartTag) -> bool {
        let name = tag.name.as_str();
        let r = self.rules;
        // Some sites (ASP.NET among them) wrap the whole page in one `<form>` under `<body>`.
        let page_form = name == "form" && self.stack.last().is_some_and(|f| f.name == "body");
        if r.drop_elements.contains(name) && !page_form {
            return true;
        }
        if r.never_chrome.contains(name) {
            return false;
        }
        let class_id = [tag.attr("class"), tag.attr("id")];
        if class_id
            .iter()
            .flatten()
            .any(|v| has_word(v, &r.footnote_container_words, &[]))
        {
            return false;
        }
        if r.chrome_elements.contains(name)
            && self.articles == 0
            && (self.has_article || name != "header")
        {
            return true;
        }
        if tag.attr("hidden").is_some()
            || tag
                .attr("aria-hidden")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
            || tag.attr("style").is_some_and(|s| {
                let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
                s.to_ascii_lowercase().contains("display:none")
            })
        {
            return true;
        }
        if tag
            .attr("role")
            .is_some_and(|v| has_word(v, &r.chrome_roles, &[]))
        {
            return true;
        }
        class_id
            .iter()
            .flatten()
            .any(|v| has_word(v, &r.chrome_words, &r.chrome_prefixes))
    }

    fn push(&mut self, frame: Frame) {
        let index = self.stack.len();
        if frame.drop {
            self.drop_at = Some(index);
        }
        if frame.foreign {
            self.foreign += 1;
        }
        if frame.entry {
            self.entries += 1;
        }
        if frame.notes {
            self.notes += 1;
        }
        if frame.article {
            self.articles += 1;
        }
        if frame.dateline {
            self.datelines += 1;
        }
        if frame.sup {
            self.sups += 1;
        }
        if frame.pre {
            self.pre += 1;
        }
        self.positions
            .entry(frame.name.clone())
            .or_default()
            .push(index);
        self.stack.push(frame);
    }

    /// Pops elements until `index` is gone; `at` is the input offset where that happens.
    fn pop_to(&mut self, index: usize, at: usize) {
        while self.stack.len() > index {
            self.pop(at);
        }
    }

    fn pop(&mut self, at: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let index = self.stack.len();
        if let Some(p) = self.positions.get_mut(&frame.name) {
            p.pop();
        }
        if frame.foreign {
            self.foreign -= 1;
        }
        if frame.drop {
            self.drop_at = None;
        }
        if frame.inert || frame.drop {
            return;
        }
        debug_assert!(self.drop_at.is_none_or(|d| d < index));
        if frame.link {
            self.close_link(at);
        }
        if frame.entry {
            self.entries -= 1;
            self.out.end_block();
            self.out.set_prefix(None);
        } else if frame.block {
            self.boundary(Span::new(at, at));
        }
        if frame.kind {
            self.kinds.pop();
        }
        if frame.pre {
            self.pre -= 1;
        }
        if frame.notes {
            self.notes -= 1;
        }
        if frame.article {
            self.articles -= 1;
        }
        if frame.dateline {
            self.datelines -= 1;
        }
        if frame.sup {
            self.sups -= 1;
        }
    }

    /// A block boundary: the block ends, except inside a footnote entry, where it is a space.
    fn boundary(&mut self, span: Span) {
        if self.entries > 0 {
            self.out.space(span);
        } else {
            self.out.end_block();
        }
    }

    /// The end tags the standard implies before a start tag `name`.
    fn close_implied(&mut self, name: &str, at: usize) {
        let r = self.rules;
        let closes_p = r.block_elements.contains(name)
            && !matches!(
                name,
                "html" | "body" | "td" | "th" | "tr" | "thead" | "tbody" | "tfoot" | "caption"
            );
        let close = |w: &mut Self, target: &str, walls: &[&str]| {
            if let Some(i) = w.in_scope(target, walls) {
                w.pop_to(i, at);
            }
        };
        if closes_p || name == "table" {
            close(self, "p", &["button"]);
        }
        match name {
            "li" => close(self, "li", &["ol", "ul"]),
            "dt" | "dd" => {
                close(self, "dt", &["dl"]);
                close(self, "dd", &["dl"]);
            }
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" => {
                close(self, "td", &["tr"]);
                close(self, "th", &["tr"]);
                if name != "td" && name != "th" {
                    close(self, "tr", &["tbody", "thead", "tfoot"]);
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                if self.stack.last().is_some_and(|f| is_heading(&f.name)) =>
            {
                self.pop(at);
            }
            "a" => close(self, "a", &[]),
            _ => {}
        }
    }

    fn end(&mut self, name: &str, span: Span) {
        self.pre_newline = false;
        match name {
            "br" => return self.line_break(span),
            "body" | "html" => return,
            _ => {}
        }
        let target = self.innermost(name).or_else(|| {
            is_heading(name)
                .then(|| {
                    ["h1", "h2", "h3", "h4", "h5", "h6"]
                        .iter()
                        .filter_map(|h| self.innermost(h))
                        .max()
                })
                .flatten()
        });
        if let Some(i) = target {
            self.pop_to(i, span.end);
        }
    }

    /// The body has begun: an open `<head>` ends, later ones are ignored.
    fn end_head(&mut self, at: usize) {
        self.head_done = true;
        if let Some(&head) = self.positions.get("head").and_then(|p| p.first()) {
            self.pop_to(head, at);
        }
    }

    fn line_break(&mut self, span: Span) {
        if self.dropped() {
            return;
        }
        match &mut self.capture {
            Some(c) => c.text.push(' '),
            None if self.entries > 0 => self.out.space(span),
            None => self.out.line_break(span),
        }
    }

    fn text(&mut self, mut text: &str, mut start: usize) {
        if text.bytes().any(|b| !writer::is_space(b)) {
            self.end_head(start);
        }
        if self.dropped() {
            return;
        }
        if std::mem::take(&mut self.pre_newline) {
            let skip = if text.starts_with("\r\n") {
                2
            } else {
                usize::from(text.starts_with('\n'))
            };
            text = &text[skip..];
            start += skip;
        }
        let kind = self.kind();
        if let Some(capture) = &mut self.capture {
            entities::pieces(text, start, false, |p| match p {
                Piece::Text(t, _) => capture.text.push_str(t),
                Piece::Char(c, _) => capture.text.push(c),
            });
            return;
        }
        let out = &mut self.out;
        if self.pre > 0 {
            entities::pieces(text, start, false, |p| match p {
                Piece::Text(t, o) => out.verbatim(t, o, kind),
                Piece::Char(c, span) => out.replacement(c.encode_utf8(&mut [0; 4]), span, kind),
            });
        } else {
            entities::pieces(text, start, false, |p| match p {
                Piece::Text(t, o) => out.flow(t, o, kind),
                Piece::Char(c, span) if c.is_whitespace() => out.space(span),
                Piece::Char(c, span) => out.replacement(c.encode_utf8(&mut [0; 4]), span, kind),
            });
        }
    }

    fn raw(&mut self, text: &str, start: usize) {
        let Some(top) = self.stack.last() else {
            return;
        };
        match top.name.as_str() {
            "title" if self.foreign == 0 => self.meta.title(&entities::decode(text, false)),
            "xmp" | "plaintext" if !self.dropped() => {
                let kind = self.kind();
                self.out.verbatim(text, start, kind);
            }
            _ => {}
        }
    }

    /// Closes the open link or renders the captured footnote link.
    fn close_link(&mut self, at: usize) {
        let Some(capture) = self.capture.take() else {
            return self.out.close_link();
        };
        let span = Span::new(capture.start, at.max(capture.start));
        let text = capture
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let kind = self.kind();
        let rendered = match capture.mode {
            CaptureMode::InEntry { backlink } => {
                if backlink
                    || self
                        .rules
                        .backlink_texts
                        .contains(text.to_lowercase().as_str())
                {
                    return;
                }
                text
            }
            CaptureMode::Reference => {
                let label = text.trim_matches(['[', ']', '(', ')']).trim();
                if !label.is_empty()
                    && label.chars().count() <= 6
                    && label.chars().all(char::is_alphanumeric)
                {
                    format!("[{label}]")
                } else if label.is_empty() {
                    match trailing_number(&capture.fragment) {
                        Some(n) => format!("[{n}]"),
                        None => return,
                    }
                } else {
                    text
                }
            }
        };
        self.out.replacement(&rendered, span, kind);
    }

    fn finish(mut self) -> Loaded {
        let end = self.input.len();
        self.pop_to(0, end);
        let (text, map, blocks, links) = self.out.finish(end);
        let first_title = blocks
            .iter()
            .find(|b| b.kind == BlockKind::Title)
            .map(|b| b.span.slice(&text));
        let meta = self.meta.finish(first_title);
        Loaded {
            text,
            map,
            blocks,
            links,
            meta,
        }
    }
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The number an id or fragment ends with (`fn12` → 12, `cite_note-Smith-3` → 3).
fn trailing_number(s: &str) -> Option<u32> {
    let digits = s.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    s[s.len() - digits..].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_example() {
        let l = load(
            "<nav>Home</nav><h1>Blast in Baidoa</h1>\n<p>Al&#8209;Shabaab \
             <a href=\"https://x.so/a\">claimed</a> it.<sup><a href=\"#fn1\">1</a></sup></p>\n\
             <ol class=\"footnotes\"><li id=\"fn1\">Police statement. <a href=\"#r1\">\u{21a9}</a></li></ol>",
        );
        assert_eq!(
            l.text,
            "Blast in Baidoa\n\nAl\u{2011}Shabaab claimed it.[1]\n\n[1] Police statement."
        );
        let kinds: Vec<BlockKind> = l.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![BlockKind::Title, BlockKind::Paragraph, BlockKind::Paragraph]
        );
        assert_eq!(l.links.len(), 1);
        assert_eq!(l.links[0].span.slice(&l.text), "claimed");
    }

    #[test]
    fn trailing_numbers() {
        assert_eq!(trailing_number("fn12"), Some(12));
        assert_eq!(trailing_number("cite_note-Smith-3"), Some(3));
        assert_eq!(trailing_number("fn:note"), None);
        assert_eq!(trailing_number("fn1234567"), None);
    }
}
