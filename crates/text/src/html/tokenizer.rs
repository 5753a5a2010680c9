//! A small, tolerant HTML tokenizer: start tags, end tags, text, and the raw contents of
//! `<script>`-like elements. Comments, doctypes, CDATA and processing instructions vanish.
//!
//! ```text
//! <P class=lead>Mogadishu &amp; Baidoa<!-- x --></p>
//!   ─► Start(p, [class="lead"]) · Text("Mogadishu &amp; Baidoa") · End(p)
//! ```
//!
//! It follows the HTML standard where it matters for hostile input: a quoted attribute value is
//! a value even when it holds `<script>`; `<scr<script>ipt>` is one tag named `scr<script`; a
//! `<script>` ends only at `</script` followed by a space, `/` or `>`; a tag cut off by the end
//! of the file is dropped; an unterminated comment runs to the end. Every byte is looked at a
//! bounded number of times, so the work is linear in the input.

use dossier_model::Span;
use memchr::{memchr, memchr2, memmem};

use super::entities;

/// Elements whose content is not markup.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "textarea",
    "title",
    "plaintext",
];

/// Attributes kept per tag; the rest are read past (keeps duplicate checks bounded).
const MAX_ATTRIBUTES: usize = 256;

/// One attribute, its value with references decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Attr {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StartTag {
    /// ASCII lower case.
    pub name: String,
    pub attrs: Vec<Attr>,
    pub self_closing: bool,
    pub span: Span,
}

impl StartTag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    Start(StartTag),
    End {
        name: String,
        span: Span,
    },
    /// Text between tags, references not yet decoded, at input offset `start`.
    Text {
        text: &'a str,
        start: usize,
    },
    /// The content of a raw-text element (`script`, `style`, `title`…), at input offset `start`.
    Raw {
        text: &'a str,
        start: usize,
    },
}

pub(crate) struct Tokenizer<'a> {
    input: &'a str,
    pos: usize,
    /// Inside a raw-text element: its name.
    raw: Option<&'static str>,
}

impl<'a> Tokenizer<'a> {
    pub fn new(input: &'a str) -> Tokenizer<'a> {
        Tokenizer {
            input,
            pos: 0,
            raw: None,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.input.as_bytes()
    }

    /// The raw text up to the end tag of `name`.
    fn raw_text(&mut self, name: &str) -> Option<Token<'a>> {
        let b = self.bytes();
        let start = self.pos;
        let mut search = start;
        let end = loop {
            let Some(found) = memchr(b'<', &b[search..]) else {
                break b.len();
            };
            let at = search + found;
            let name_end = at + 2 + name.len();
            if b.get(at + 1) == Some(&b'/')
                && b.get(at + 2..name_end)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                && matches!(
                    b.get(name_end),
                    Some(b'\t' | b'\n' | b'\x0C' | b'\r' | b' ' | b'/' | b'>')
                )
            {
                break at;
            }
            search = at + 1;
        };
        self.pos = end;
        (end > start).then(|| Token::Raw {
            text: &self.input[start..end],
            start,
        })
    }

    /// Skips to just after the first `needle` at or after `from`, or to the end.
    fn skip_past(&mut self, from: usize, needle: &[u8]) {
        self.pos = match memmem::find(&self.bytes()[from.min(self.input.len())..], needle) {
            Some(i) => from + i + needle.len(),
            None => self.input.len(),
        };
    }

    /// Parses the markup at `self.pos` (a `<`). Returns `None` when it yields no token (a
    /// comment, a doctype, a tag cut off by the end of the file).
    fn markup(&mut self) -> Option<Token<'a>> {
        let b = self.bytes();
        let at = self.pos;
        match b.get(at + 1) {
            Some(b'!') => {
                if b[at..].starts_with(b"<!--") {
                    let body = at + 4;
                    if b[body..].starts_with(b">") {
                        self.pos = body + 1;
                    } else if b[body..].starts_with(b"->") {
                        self.pos = body + 2;
                    } else {
                        self.skip_past(body, b"-->");
                    }
                } else if b[at..].starts_with(b"<![CDATA[") {
                    self.skip_past(at + 9, b"]]>");
                } else {
                    self.skip_past(at + 2, b">");
                }
                None
            }
            Some(b'?') => {
                self.skip_past(at + 2, b">");
                None
            }
            Some(b'/') => match b.get(at + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let (name, _, _, end) = self.tag(at + 2)?;
                    Some(Token::End {
                        name,
                        span: Span::new(at, end),
                    })
                }
                Some(b'>') => {
                    self.pos = at + 3;
                    None
                }
                _ => {
                    self.skip_past(at + 2, b">");
                    None
                }
            },
            _ => {
                let (name, attrs, self_closing, end) = self.tag(at + 1)?;
                if let Some(raw) = RAW_TEXT.iter().find(|r| **r == name) {
                    self.raw = Some(raw);
                }
                Some(Token::Start(StartTag {
                    name,
                    attrs,
                    self_closing,
                    span: Span::new(at, end),
                }))
            }
        }
    }

    /// Parses a tag's name and attributes from `from` (the first letter of the name). Returns
    /// `None`, having consumed the rest of the input, when the file ends inside the tag.
    fn tag(&mut self, from: usize) -> Option<(String, Vec<Attr>, bool, usize)> {
        let b = self.bytes();
        let is_space = |c: u8| matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
        let mut p = from;
        while p < b.len() && !is_space(b[p]) && b[p] != b'/' && b[p] != b'>' {
            p += 1;
        }
        let name = self.input[from..p].to_ascii_lowercase();
        let mut attrs: Vec<Attr> = Vec::new();
        let eof = |t: &mut Self| {
            t.pos = t.input.len();
            None
        };
        loop {
            while p < b.len() && is_space(b[p]) {
                p += 1;
            }
            let Some(&c) = b.get(p) else {
                return eof(self);
            };
            if c == b'>' {
                self.pos = p + 1;
                return Some((name, attrs, false, p + 1));
            }
            if c == b'/' {
                if b.get(p + 1) == Some(&b'>') {
                    self.pos = p + 2;
                    return Some((name, attrs, true, p + 2));
                }
                p += 1;
                continue;
            }
            // The name: its first character may be anything but a space, `/` or `>`; it ends
            // at an ASCII byte, so slicing stays on character boundaries.
            let name_start = p;
            p += 1;
            while p < b.len() && !is_space(b[p]) && !matches!(b[p], b'/' | b'>' | b'=') {
                p += 1;
            }
            let Some(attr_name) = self.input.get(name_start..p) else {
                // The first character was multi-byte: take the rest of it too.
                while p < b.len() && !self.input.is_char_boundary(p) {
                    p += 1;
                }
                continue;
            };
            let attr_name = attr_name.to_ascii_lowercase();
            while p < b.len() && is_space(b[p]) {
                p += 1;
            }
            let mut value = String::new();
            if b.get(p) == Some(&b'=') {
                p += 1;
                while p < b.len() && is_space(b[p]) {
                    p += 1;
                }
                match b.get(p) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let Some(close) = memchr(q, &b[p + 1..]) else {
                            return eof(self);
                        };
                        value = entities::decode(&self.input[p + 1..p + 1 + close], true);
                        p += close + 2;
                    }
                    Some(_) => {
                        let start = p;
                        while p < b.len() && !is_space(b[p]) && b[p] != b'>' {
                            p += 1;
                        }
                        value = entities::decode(&self.input[start..p], true);
                    }
                    None => return eof(self),
                }
            }
            if attrs.len() < MAX_ATTRIBUTES && !attrs.iter().any(|a| a.name == attr_name) {
                attrs.push(Attr {
                    name: attr_name,
                    value,
                });
            }
        }
    }
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if self.pos >= self.input.len() {
                return None;
            }
            if let Some(raw) = self.raw.take() {
                if let Some(token) = self.raw_text(raw) {
                    return Some(token);
                }
                continue;
            }
            let b = self.bytes();
            let start = self.pos;
            // Text runs to the next `<` that begins markup.
            let mut search = start;
            let end = loop {
                let Some(found) = memchr(b'<', &b[search..]) else {
                    break b.len();
                };
                let at = search + found;
                let begins_markup = match b.get(at + 1) {
                    Some(c) if c.is_ascii_alphabetic() => true,
                    Some(b'!' | b'?' | b'/') => true,
                    _ => false,
                };
                if begins_markup {
                    break at;
                }
                search = at + 1;
            };
            if end > start {
                self.pos = end;
                return Some(Token::Text {
                    text: &self.input[start..end],
                    start,
                });
            }
            if let Some(token) = self.markup() {
                return Some(token);
            }
        }
    }
}

/// True when `input` has an `<article>`, a `<main>` or an element with `role="main"`: then
/// headers, footers and asides outside them are page chrome.
pub(crate) fn has_article(input: &str) -> bool {
    let b = input.as_bytes();
    let mut search = 0;
    while let Some(found) = memchr2(b'<', b'r', &b[search..]) {
        let at = search + found;
        search = at + 1;
        let rest = &b[at..];
        let starts = |w: &[u8]| rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w);
        if starts(b"<article")
            || starts(b"<main")
            || starts(b"role=\"main\"")
            || starts(b"role=main")
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(input: &str) -> Vec<String> {
        Tokenizer::new(input)
            .map(|t| match t {
                Token::Start(s) => {
                    let attrs: Vec<String> = s
                        .attrs
                        .iter()
                        .map(|a| format!("{}={}", a.name, a.value))
                        .collect();
                    format!(
                        "<{}{}{}>",
                        s.name,
                        if attrs.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", attrs.join(" "))
                        },
                        if s.self_closing { "/" } else { "" }
                    )
                }
                Token::End { name, .. } => format!("</{name}>"),
                Token::Text { text, .. } => format!("T:{text}"),
                Token::Raw { text, .. } => format!("R:{text}"),
            })
            .collect()
    }

    #[test]
    fn tags_attributes_and_text() {
        assert_eq!(
            tokens(
                "<P CLASS=lead id='a b' hidden data-x = \"1 &amp; 2\">Mogadishu &amp; Baidoa</p >"
            ),
            vec![
                "<p class=lead id=a b hidden= data-x=1 & 2>",
                "T:Mogadishu &amp; Baidoa",
                "</p>"
            ]
        );
        assert_eq!(tokens("a < b <3 </ x> c"), vec!["T:a < b <3 ", "T: c"]);
        assert_eq!(tokens("<br/><img src=x/>"), vec!["<br/>", "<img src=x/>"]);
    }

    #[test]
    fn comments_doctype_cdata_and_pis_vanish() {
        assert_eq!(
            tokens("<!DOCTYPE html><?xml x?>a<!-- <p>b</p> -->c<![CDATA[d]]>e<!-->f<!--->g"),
            vec!["T:a", "T:c", "T:e", "T:f", "T:g"]
        );
        assert_eq!(tokens("a<!-- never closed <p>x"), vec!["T:a"]);
    }

    #[test]
    fn raw_text_ends_only_at_its_own_end_tag() {
        assert_eq!(
            tokens("<script>if (a</b) x = '</scripty>';</SCRIPT >after"),
            vec![
                "<script>",
                "R:if (a</b) x = '</scripty>';",
                "</script>",
                "T:after"
            ]
        );
        assert_eq!(tokens("<style>p{}"), vec!["<style>", "R:p{}"]);
        assert_eq!(
            tokens("<title>A &amp; B</title>"),
            vec!["<title>", "R:A &amp; B", "</title>"]
        );
    }

    #[test]
    fn hostile_tags() {
        assert_eq!(
            tokens("<a title=\"<script>alert(1)</script>\" href=x>t</a>"),
            vec!["<a title=<script>alert(1)</script> href=x>", "T:t", "</a>"]
        );
        assert_eq!(tokens("<scr<script>ipt>x"), vec!["<scr<script>", "T:ipt>x"]);
        assert_eq!(tokens("text<div class=\"never closed"), vec!["T:text"]);
        assert_eq!(tokens("text<div"), vec!["T:text"]);
        assert_eq!(
            tokens("<p \u{e9}t\u{e9}=1 \u{2019}>x"),
            vec!["<p \u{e9}t\u{e9}=1 \u{2019}=>", "T:x"]
        );
    }

    #[test]
    fn finds_the_article() {
        assert!(has_article("<body><ARTICLE>x"));
        assert!(has_article("<div role=\"main\">"));
        assert!(!has_article("<body><p>articles"));
    }
}
