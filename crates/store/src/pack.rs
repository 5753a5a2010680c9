//! Packing the sentences and citations of a source into the JSON arrays of its row, and back.
//!
//! ```text
//! NewSentence { span: 0..24, file_span: 0..24, kind: Title, block: 0 }   ──►  [0,24,"title",0]
//! NewSentence { span: 26..80, file_span: 40..94, kind: Body, block: 1 }  ──►  [26,80,"body",1,40,94]
//! text[90..130] = "[1] Reuters, 4 May 2021."
//! NewCitation { marker: "[1]", style: Footnote, publisher: "Reuters", date: 2021-05-04,
//!               raw: "Reuters, 4 May 2021.", span: 90..130, sentences: [2, 1], … }
//!     ──►  ["[1]","footnote",null,null,[94,101],"2021-05-04",null,0,[94,114],90,130,[1,2]]
//! ```
//!
//! The layouts are described in `migrations/0001_core.sql`, where views turn them back into
//! rows for people. A string of a citation that appears verbatim inside the citation's own span
//! of the text (the raw citation, and usually its title, publisher and URL) is stored as that
//! byte range instead of a copy: citations are the biggest thing stored after the text, and
//! this halves them. Both are written by hand (digits, fixed words, and escaped strings):
//! the search index reads the sentences of every new source, and a general JSON library spent
//! more time on them than the index did. Citations are read back with `serde_json`.

use std::fmt::Write;

use dossier_model::{FuzzyDate, Span};
use serde::Deserialize;

use crate::new::{NewCitation, NewSentence};

/// A sentence as packed: spans and block as numbers, the kind as its stored word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PackedSentence<'a> {
    pub span: Span,
    pub file_span: Span,
    pub kind: &'a str,
    pub block: usize,
}

/// A string of a citation as packed: written out, or the byte range of the source text that
/// holds it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub(crate) enum Packed {
    Text(String),
    Range(usize, usize),
}

impl Packed {
    /// The string, cut from `text` for a range; `None` when the range is not in `text` or cuts
    /// a character.
    pub(crate) fn resolve(&self, text: &str) -> Option<String> {
        match self {
            Packed::Text(s) => Some(s.clone()),
            Packed::Range(start, end) => text.get(*start..*end).map(str::to_string),
        }
    }
}

/// A citation as packed, in the order of its JSON array.
pub(crate) type PackedCitation = (
    Option<String>, // marker
    Option<String>, // style
    Option<Packed>, // author
    Option<Packed>, // title
    Option<Packed>, // publisher
    Option<String>, // date
    Option<Packed>, // url
    u8,             // foreign_domain
    Packed,         // raw
    usize,          // byte_start
    usize,          // byte_end
    Vec<usize>,     // sentences
);

/// The JSON array of `sentences`.
pub(crate) fn sentences_json(sentences: &[NewSentence]) -> String {
    let mut out = String::with_capacity(2 + sentences.len() * 28);
    out.push('[');
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_uint(&mut out, s.span.start);
        out.push(',');
        push_uint(&mut out, s.span.end);
        out.push_str(",\"");
        out.push_str(s.kind.as_str());
        out.push_str("\",");
        push_uint(&mut out, s.block);
        if s.file_span != s.span {
            out.push(',');
            push_uint(&mut out, s.file_span.start);
            out.push(',');
            push_uint(&mut out, s.file_span.end);
        }
        out.push(']');
    }
    out.push(']');
    out
}

/// The JSON array of `citations` of a source with `text`; each citation's sentences sorted,
/// without repeats. The citations' spans must lie in `text` (they are checked before).
pub(crate) fn citations_json(text: &str, citations: &[NewCitation]) -> String {
    let mut out = String::with_capacity(2 + citations.len() * 128);
    out.push('[');
    for (i, c) in citations.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let within = Within { text, span: c.span };
        out.push('[');
        push_opt_str(&mut out, c.marker.as_deref());
        out.push(',');
        push_opt_str(&mut out, c.style.map(|s| s.as_str()));
        out.push(',');
        within.push(&mut out, c.author.as_deref());
        out.push(',');
        within.push(&mut out, c.title.as_deref());
        out.push(',');
        within.push(&mut out, c.publisher.as_deref());
        out.push(',');
        match c.date {
            Some(d) => push_date(&mut out, d),
            None => out.push_str("null"),
        }
        out.push(',');
        within.push(&mut out, c.url.as_deref());
        out.push_str(if c.foreign_domain { ",1," } else { ",0," });
        within.push(&mut out, Some(c.raw.as_str()));
        out.push(',');
        push_uint(&mut out, c.span.start);
        out.push(',');
        push_uint(&mut out, c.span.end);
        out.push_str(",[");
        let mut sentences = c.sentences.clone();
        sentences.sort_unstable();
        sentences.dedup();
        for (k, n) in sentences.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            push_uint(&mut out, *n);
        }
        out.push_str("]]");
    }
    out.push(']');
    out
}

/// The span of a citation in its source's text, where its strings are looked for.
struct Within<'a> {
    text: &'a str,
    span: Span,
}

impl Within<'_> {
    /// Appends `value` as the range of the text that holds it, or as a string, or `null`.
    fn push(&self, out: &mut String, value: Option<&str>) {
        let Some(value) = value else {
            out.push_str("null");
            return;
        };
        let found = (!value.is_empty())
            .then(|| self.text.get(self.span.start..self.span.end))
            .flatten()
            .and_then(|slice| find(slice.as_bytes(), value.as_bytes()));
        match found {
            Some(offset) => {
                let start = self.span.start + offset;
                out.push('[');
                push_uint(out, start);
                out.push(',');
                push_uint(out, start + value.len());
                out.push(']');
            }
            None => push_str(out, value),
        }
    }
}

fn push_opt_str(out: &mut String, value: Option<&str>) {
    match value {
        Some(v) => push_str(out, v),
        None => out.push_str("null"),
    }
}

/// Appends `value` as a JSON string.
fn push_str(out: &mut String, value: &str) {
    out.push('"');
    let mut copied = 0;
    for (i, b) in value.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        // `i` is at an ASCII byte, so on a character boundary.
        out.push_str(value.get(copied..i).unwrap_or(""));
        if escaped.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        } else {
            out.push_str(escaped);
        }
        copied = i + 1;
    }
    out.push_str(value.get(copied..).unwrap_or(""));
    out.push('"');
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Reads the citations of a source.
pub(crate) fn parse_citations(json: &str) -> Result<Vec<PackedCitation>, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

/// Reads the sentences of a source, as [`sentences_json`] writes them (whitespace between
/// tokens is allowed). The error says what was expected where.
pub(crate) fn parse_sentences(json: &str) -> Result<Vec<PackedSentence<'_>>, String> {
    let mut c = Cursor { s: json, at: 0 };
    let mut out = Vec::new();
    c.expect(b'[')?;
    if c.peek() == Some(b']') {
        c.at += 1;
    } else {
        loop {
            out.push(c.sentence()?);
            if !c.comma_or_close()? {
                break;
            }
        }
    }
    if c.peek().is_some() {
        return Err(c.error("the end"));
    }
    Ok(out)
}

/// A position in packed JSON.
struct Cursor<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    /// The next byte that is not whitespace, without taking it.
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.s.as_bytes();
        while let Some(b) = bytes.get(self.at) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.at += 1;
            } else {
                return Some(*b);
            }
        }
        None
    }

    /// Takes `byte`, or says where it was expected (at the first byte that is not it).
    fn expect(&mut self, byte: u8) -> Result<(), String> {
        match self.peek() {
            Some(b) if b == byte => {
                self.at += 1;
                Ok(())
            }
            _ => Err(self.error(&format!("`{}`", char::from(byte)))),
        }
    }

    /// Takes `,` (true) or `]` (false).
    fn comma_or_close(&mut self) -> Result<bool, String> {
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(b']') => {
                self.at += 1;
                Ok(false)
            }
            _ => Err(self.error("`,` or `]`")),
        }
    }

    fn error(&self, expected: &str) -> String {
        format!("expected {expected} at byte {}", self.at)
    }

    /// `[start,end,"kind",block]` or `[start,end,"kind",block,file_start,file_end]`.
    fn sentence(&mut self) -> Result<PackedSentence<'a>, String> {
        self.expect(b'[')?;
        let start = self.uint()?;
        self.expect(b',')?;
        let end = self.uint()?;
        self.expect(b',')?;
        let kind = self.word()?;
        self.expect(b',')?;
        let block = self.uint()?;
        let span = Span::new(start, end);
        let file_span = if self.comma_or_close()? {
            let file_start = self.uint()?;
            self.expect(b',')?;
            let file_end = self.uint()?;
            self.expect(b']')?;
            Span::new(file_start, file_end)
        } else {
            span
        };
        Ok(PackedSentence {
            span,
            file_span,
            kind,
            block,
        })
    }

    /// A non-negative integer that fits in `usize`.
    fn uint(&mut self) -> Result<usize, String> {
        self.peek();
        let bytes = self.s.as_bytes();
        let begin = self.at;
        let mut value: usize = 0;
        while let Some(&b) = bytes.get(self.at) {
            if !b.is_ascii_digit() {
                break;
            }
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(usize::from(b - b'0')))
                .ok_or_else(|| self.error("a smaller number"))?;
            self.at += 1;
        }
        if self.at == begin {
            return Err(self.error("a number"));
        }
        Ok(value)
    }

    /// A string without escapes (the stored words have none).
    fn word(&mut self) -> Result<&'a str, String> {
        self.expect(b'"')?;
        let begin = self.at;
        let rest = self.s.get(begin..).unwrap_or("");
        let len = rest
            .find(['"', '\\'])
            .ok_or_else(|| self.error("a closing `\"`"))?;
        if rest.as_bytes().get(len) == Some(&b'\\') {
            self.at = begin + len;
            return Err(self.error("a word without escapes"));
        }
        self.at = begin + len + 1;
        Ok(&rest[..len])
    }
}

/// Appends a date as a JSON string, as `FuzzyDate`'s `Display` writes it (`mid 2022-06`),
/// without going through the formatting machinery, which cost more than all the rest of a
/// citation.
fn push_date(out: &mut String, d: FuzzyDate) {
    let year = d.year_value();
    if !(0..=9999).contains(&year) {
        // Nothing to escape in a date either way.
        let _ = write!(out, "\"{d}\"");
        return;
    }
    out.push('"');
    if let Some(q) = d.qualifier() {
        out.push_str(q.as_str());
        out.push(' ');
    }
    push_digits(out, year.unsigned_abs(), 4);
    if let Some(m) = d.month_value() {
        out.push('-');
        push_digits(out, m, 2);
        if let Some(day) = d.day_value() {
            out.push('-');
            push_digits(out, day, 2);
        }
    }
    out.push('"');
}

/// Appends `v` with at least `width` digits, zero-padded.
fn push_digits(out: &mut String, v: u32, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(v);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

/// Appends the decimal digits of `v`.
fn push_uint(out: &mut String, v: usize) {
    out.push_str(itoa::Buffer::new().format(v));
}

/// Where `needle` first occurs in `haystack`. Citation spans are short, where a linear-time
/// searcher costs more to set up than a plain scan for the first byte costs to run; long
/// ones get the linear-time searcher.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    const SHORT: usize = 4096;
    let (&first, _) = needle.split_first()?;
    let last_start = haystack.len().checked_sub(needle.len())?;
    if haystack.len() > SHORT {
        return memchr::memmem::find(haystack, needle);
    }
    memchr::memchr_iter(first, haystack.get(..=last_start)?)
        .find(|&i| haystack.get(i..i + needle.len()) == Some(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::{CitationStyle, SentenceKind};

    fn sentence(span: (usize, usize), file: (usize, usize), kind: SentenceKind) -> NewSentence {
        NewSentence {
            span: Span::new(span.0, span.1),
            file_span: Span::new(file.0, file.1),
            block: 7,
            kind,
        }
    }

    #[test]
    fn sentences_round_trip() {
        let sentences = [
            sentence((0, 24), (0, 24), SentenceKind::Title),
            sentence((26, 80), (40, 94), SentenceKind::ListItem),
            sentence((usize::MAX - 1, usize::MAX), (0, 0), SentenceKind::Body),
        ];
        let json = sentences_json(&sentences);
        assert_eq!(
            json,
            format!(
                "[[0,24,\"title\",7],[26,80,\"list_item\",7,40,94],[{},{},\"body\",7,0,0]]",
                usize::MAX - 1,
                usize::MAX
            )
        );
        let back = parse_sentences(&json).unwrap();
        assert_eq!(back.len(), 3);
        for (b, s) in back.iter().zip(&sentences) {
            assert_eq!(
                (b.span, b.file_span, b.block),
                (s.span, s.file_span, s.block)
            );
            assert_eq!(b.kind, s.kind.as_str());
        }
        assert_eq!(sentences_json(&[]), "[]");
        assert!(parse_sentences("[]").unwrap().is_empty());
        assert_eq!(
            parse_sentences(" [ [1 , 2, \"body\" ,3 ] ] ").unwrap()[0].span,
            Span::new(1, 2)
        );
    }

    #[test]
    fn malformed_sentences_are_errors_not_panics() {
        for (json, error) in [
            ("", "expected `[` at byte 0"),
            ("{\"not\": \"packed\"}", "expected `[` at byte 0"),
            ("[", "expected `[` at byte 1"),
            ("[[1,2,\"body\",3]", "expected `,` or `]` at byte 15"),
            ("[[1,2,\"body\"]]", "expected `,` at byte 12"),
            ("[[-1,2,\"body\",3]]", "expected a number at byte 2"),
            ("[[1,2,body,3]]", "expected `\"` at byte 6"),
            (
                "[[1,2,\"bo\\\"dy\",3]]",
                "expected a word without escapes at byte 9",
            ),
            ("[[1,2,\"body,3]]", "expected a closing `\"` at byte 7"),
            ("[[1,2,\"body\",3,4]]", "expected `,` at byte 16"),
            ("[[1,2,\"body\",3]] x", "expected the end at byte 17"),
            (
                "[[99999999999999999999999,2,\"body\",3]]",
                "expected a smaller number at byte 21",
            ),
            ("[[1,2,\"body\",3],]", "expected `[` at byte 16"),
        ] {
            assert_eq!(parse_sentences(json).unwrap_err(), error, "{json}");
        }
        // Multi-byte text where a word is expected never splits a character.
        assert!(parse_sentences("[[1,2,\"é").is_err());
    }

    #[test]
    fn dates_are_written_as_fuzzy_dates_display_them() {
        let mut dates: Vec<FuzzyDate> = Vec::new();
        // Years outside 1..=9999 are not dates (the fallback keeps `Display` if that changes).
        for year in [1, 7, 476, 1999, 2023, 9999] {
            dates.extend(FuzzyDate::year(year));
            dates.extend(FuzzyDate::month(year, 3));
            dates.extend(FuzzyDate::day(year, 12, 9));
        }
        for s in ["mid 2022", "early 2021-06", "about 2013", "late 1998"] {
            dates.push(s.parse().unwrap());
        }
        assert_eq!(dates.len(), 22);
        for d in dates {
            let mut out = String::new();
            push_date(&mut out, d);
            assert_eq!(out, format!("\"{d}\""));
        }
    }

    #[test]
    fn finds_substrings_short_and_long() {
        assert_eq!(find(b"abcabd", b"abd"), Some(3));
        assert_eq!(find(b"abc", b"abcd"), None);
        assert_eq!(find(b"abc", b""), None);
        assert_eq!(find(b"", b"a"), None);
        let mut long = vec![b'a'; 10_000];
        long.extend_from_slice(b"ab");
        assert_eq!(find(&long, b"ab"), Some(10_000));
        assert_eq!(find(&long, b"b"), Some(10_001));
        assert_eq!(find(&long, b"ba"), None);
    }

    #[test]
    fn citations_round_trip_with_their_strings_as_ranges_of_the_text() {
        let text = "Intro. [1] Horn Monitor, \"Raid near Afgooye\", 4 March 2023. End.";
        let span = Span::new(7, text.len() - 5);
        let c = NewCitation {
            marker: Some("[1]".to_string()),
            style: Some(CitationStyle::Footnote),
            title: Some("Raid near Afgooye".to_string()),
            publisher: Some("Horn \"Monitor\"\n\u{7}é".to_string()),
            author: Some(String::new()),
            url: Some("End.".to_string()),
            date: Some("2023-03-04".parse().unwrap()),
            foreign_domain: true,
            raw: "Horn Monitor, \"Raid near Afgooye\", 4 March 2023.".to_string(),
            span,
            sentences: vec![4, 1, 4],
        };
        let json = citations_json(text, &[c.clone(), NewCitation::default()]);
        assert_eq!(
            json,
            r#"[["[1]","footnote","",[26,43],"Horn \"Monitor\"\n\u0007é","2023-03-04","End.",1,[11,59],7,59,[1,4]],[null,null,null,null,null,null,null,0,"",0,0,[]]]"#
        );
        let back = parse_citations(&json).unwrap();
        let (
            marker,
            style,
            author,
            title,
            publisher,
            date,
            url,
            foreign,
            raw,
            start,
            end,
            sentences,
        ) = back[0].clone();
        assert_eq!(marker.as_deref(), Some("[1]"));
        assert_eq!(style.as_deref(), Some("footnote"));
        assert_eq!(author.unwrap().resolve(text).as_deref(), Some(""));
        assert_eq!(title.unwrap().resolve(text), c.title);
        assert_eq!(publisher.unwrap().resolve(text), c.publisher);
        assert_eq!(date.as_deref(), Some("2023-03-04"));
        assert_eq!(url.unwrap().resolve(text), c.url);
        assert_eq!((foreign, start, end, sentences), (1, 7, 59, vec![1, 4]));
        assert_eq!(raw.resolve(text), Some(c.raw.clone()));
        // The JSON is what SQLite reads too.
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let publisher: String = conn
            .query_row("SELECT ?1 -> 0 ->> 4", [&json], |r| r.get(0))
            .unwrap();
        assert_eq!(Some(publisher), c.publisher);
        // Ranges outside the text, or cutting a character, resolve to nothing.
        assert_eq!(Packed::Range(60, 99).resolve(text), None);
        assert_eq!(Packed::Range(1, 2).resolve("é"), None);
        assert!(parse_citations("[[1]]").is_err());
        assert!(parse_citations("{").is_err());
    }
}
