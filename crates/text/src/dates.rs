//! Absolute dates in running text: where they are and what they mean.
//!
//! ```text
//! "listed on Febraury 26, 2013 (again 4 Feb. 2014), active since mid-2022, pp. 2019-2021"
//!   ─► "Febraury 26, 2013" = 2013-02-26, "4 Feb. 2014" = 2014-02-04, "mid-2022" = mid 2022
//!      (the page numbers after "pp." are not years)
//! ```
//!
//! Forms: "February 25, 2013", "Feb. 25, 2013", "25 February 2013", "2013-02-25",
//! "March 2020", a standalone year "2022" (1900–2099, not part of a number, a page range or a
//! count), and the same after a qualifier ("mid-2022", "early 2023", "late April 2022", "the end
//! of 2019"). A month and day without a year ("February 8") needs the narrative's year, so
//! [`find`] skips it; resolving it is a later stage's job.
//!
//! Month names, abbreviations, qualifiers and the words that veto a year are in
//! `data/dates.toml`; misspelled month names are recognised by rule (one edit away).
//! [`find`] is linear in the length of the text: one tokenizing pass, then a scan whose
//! look-ahead is bounded by the longest pattern.

use std::sync::OnceLock;

use dossier_model::{FuzzyDate, Qualifier, Span};
use serde::Deserialize;

use crate::lexicon::{Lower, WordMap, WordSet, embedded};

/// A date phrase found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMatch {
    pub span: Span,
    pub date: FuzzyDate,
}

/// Finds the absolute dates in `text`, in order, without overlaps.
pub fn find(text: &str) -> Vec<DateMatch> {
    let mut out = Vec::new();
    scan(text, &mut out, false);
    out
}

/// The first date [`find`] would give, found without reading further.
pub fn first(text: &str) -> Option<DateMatch> {
    let mut out = Vec::new();
    scan(text, &mut out, true);
    out.into_iter().next()
}

/// Adds the dates of `text` to `out`; with `first_only`, stops after the window that gives
/// the first one.
fn scan(text: &str, out: &mut Vec<DateMatch>, first_only: bool) {
    // Every absolute date has digits (its year at least), and its words stand close before
    // them: only windows around digit runs are tokenized and scanned.
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(first) = bytes[pos..]
        .iter()
        .position(u8::is_ascii_digit)
        .map(|k| pos + k)
    {
        let mut start = first.saturating_sub(WINDOW_BEFORE).max(pos);
        while start > pos && !bytes[start - 1].is_ascii_whitespace() {
            start -= 1;
        }
        let mut last = first;
        let mut i = first;
        while i < bytes.len() && i - last <= WINDOW_GAP {
            if bytes[i].is_ascii_digit() {
                last = i;
            }
            i += 1;
        }
        let mut end = (last + WINDOW_AFTER).min(bytes.len());
        while end < bytes.len() && !bytes[end].is_ascii_whitespace() {
            end += 1;
        }
        scan_window(text, start, end, out);
        if first_only && !out.is_empty() {
            return;
        }
        pos = end;
    }
}

/// Bytes of words scanned before a digit run, after it, and the longest gap between two digit
/// runs of one window.
const WINDOW_BEFORE: usize = 48;
const WINDOW_AFTER: usize = 24;
const WINDOW_GAP: usize = 64;

/// Finds the dates of `text[start..end]` (both on whitespace boundaries or the text's ends).
fn scan_window(text: &str, start: usize, end: usize, out: &mut Vec<DateMatch>) {
    thread_local! {
        /// The tokens of the window being scanned: one buffer per thread, not one per window.
        static TOKENS: std::cell::RefCell<Vec<Tok>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    TOKENS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut toks) => scan_tokens(text, start, end, &mut toks, out),
        // Not reached (scanning does not call itself), but a fresh buffer is always correct.
        Err(_) => scan_tokens(text, start, end, &mut Vec::new(), out),
    });
}

/// [`scan_window`] with `toks` as the buffer for the window's tokens.
fn scan_tokens(
    text: &str,
    start: usize,
    end: usize,
    toks: &mut Vec<Tok>,
    out: &mut Vec<DateMatch>,
) {
    let window = &text[start..end];
    tokenize_into(window, toks);
    let toks: &[Tok] = toks;
    let scan = Scan {
        text: window,
        toks,
        lex: lexicon(),
        strict: true,
    };
    let mut i = 0;
    while i < toks.len() {
        match scan.at(i) {
            Some(hit) => {
                if let Some(date) = hit.date {
                    out.push(DateMatch {
                        span: Span::new(start + toks[i].start, start + toks[hit.end - 1].end),
                        date,
                    });
                }
                i = hit.end;
            }
            None => i += 1,
        }
    }
}

/// Parses a whole string as one date ("February 4, 2023", "4 Feb. 2023", "2023-02-04",
/// "2023-02", "2020", "mid-2022", "late 2022-04"). Case-insensitive; a final period or comma is
/// ignored. A month and day without a year gives `None`.
pub fn parse(s: &str) -> Option<FuzzyDate> {
    let s = s.trim().trim_end_matches(['.', ',', ';']).trim_end();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    let toks = tokenize(s);
    let scan = Scan {
        text: s,
        toks: &toks,
        lex: lexicon(),
        strict: false,
    };
    if !toks.is_empty()
        && let Some(hit) = scan.at(0)
        && hit.end == toks.len()
    {
        return hit.date;
    }
    s.parse().ok()
}

/// The month number of a month word ("Feb", "february", "Febraury"), case-insensitively.
pub fn month_number(word: &str) -> Option<u32> {
    lexicon().month(word)
}

// ---------------------------------------------------------------------------------------------
// Word lists

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    fuzzy_min_len: usize,
    year_min: i32,
    year_max: i32,
    ordinal_suffixes: Vec<String>,
    not_year_after: Vec<String>,
    not_year_before: Vec<String>,
    months: Vec<RawMonth>,
    qualifiers: RawQualifiers,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMonth {
    number: u32,
    names: Vec<String>,
    abbreviations: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQualifiers {
    early: Vec<String>,
    mid: Vec<String>,
    late: Vec<String>,
    about: Vec<String>,
}

/// The date words of `data/dates.toml`, lowercased and indexed.
#[derive(Debug)]
struct DateLexicon {
    fuzzy_min_len: usize,
    year_min: i32,
    year_max: i32,
    /// Names and abbreviations, lowercase.
    month_words: WordMap<u32>,
    /// Full names long enough for fuzzy matching, lowercase, as characters.
    fuzzy_names: Vec<(Vec<char>, u32)>,
    /// Qualifier phrases as lowercase words, by their first word.
    qualifiers: WordMap<Vec<(Vec<String>, Qualifier)>>,
    ordinals: WordSet,
    /// Lowercase words a date phrase can begin with (months, first words of qualifiers).
    starters: WordSet,
    /// First letters of the month names matched fuzzily.
    fuzzy_initials: Vec<char>,
    not_year_after: WordSet,
    not_year_before: WordSet,
}

fn lexicon() -> &'static DateLexicon {
    static CELL: OnceLock<DateLexicon> = OnceLock::new();
    CELL.get_or_init(|| {
        let raw: RawLexicon = embedded("data/dates.toml", include_str!("../../../data/dates.toml"));
        let lower = |v: &[String]| v.iter().map(|w| w.to_lowercase()).collect::<WordSet>();
        let mut month_words = WordMap::default();
        let mut fuzzy_names: Vec<(Vec<char>, u32)> = Vec::new();
        for m in &raw.months {
            for name in &m.names {
                let name = name.to_lowercase();
                if name.chars().count() >= raw.fuzzy_min_len {
                    fuzzy_names.push((name.chars().collect(), m.number));
                }
                month_words.insert(name, m.number);
            }
            for abbr in &m.abbreviations {
                month_words.insert(abbr.to_lowercase(), m.number);
            }
        }
        let mut qualifiers = Vec::new();
        for (list, q) in [
            (&raw.qualifiers.early, Qualifier::Early),
            (&raw.qualifiers.mid, Qualifier::Mid),
            (&raw.qualifiers.late, Qualifier::Late),
            (&raw.qualifiers.about, Qualifier::About),
        ] {
            for phrase in list {
                let words = phrase
                    .split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>();
                qualifiers.push((words, q));
            }
        }
        let mut starters: WordSet = month_words.keys().cloned().collect();
        starters.extend(
            qualifiers
                .iter()
                .filter_map(|(words, _)| words.first().cloned()),
        );
        let mut fuzzy_initials: Vec<char> = fuzzy_names
            .iter()
            .filter_map(|(name, _)| name.first().copied())
            .collect();
        fuzzy_initials.sort_unstable();
        fuzzy_initials.dedup();
        let mut by_first: WordMap<Vec<(Vec<String>, Qualifier)>> = WordMap::default();
        for (words, q) in qualifiers {
            if let Some(first) = words.first().cloned() {
                by_first.entry(first).or_default().push((words, q));
            }
        }
        let qualifiers = by_first;
        DateLexicon {
            starters,
            fuzzy_initials,
            fuzzy_min_len: raw.fuzzy_min_len,
            year_min: raw.year_min,
            year_max: raw.year_max,
            month_words,
            fuzzy_names,
            qualifiers,
            ordinals: lower(&raw.ordinal_suffixes),
            not_year_after: lower(&raw.not_year_after),
            not_year_before: lower(&raw.not_year_before),
        }
    })
}

impl DateLexicon {
    fn month(&self, word: &str) -> Option<u32> {
        let lower = Lower::new(word);
        let lower = lower.as_ref();
        if let Some(&m) = self.month_words.get(lower) {
            return Some(m);
        }
        // Fuzzy matching only for words that could be a misspelt month name.
        let first = lower.chars().next()?;
        if !self.fuzzy_initials.contains(&first) || lower.len() > 16 {
            return None;
        }
        // At most 16 bytes, so at most 16 characters: they fit on the stack.
        let mut buf = ['\0'; 16];
        let mut len = 0;
        for c in lower.chars() {
            buf[len] = c;
            len += 1;
        }
        let chars = &buf[..len];
        if chars.len() < self.fuzzy_min_len {
            return None;
        }
        self.fuzzy_names
            .iter()
            .find(|(name, _)| name.first() == chars.first() && within_one_edit(chars, name))
            .map(|&(_, m)| m)
    }
}

/// True when `a` and `b` differ by at most one insertion, deletion, substitution or swap of two
/// neighbouring characters (optimal string alignment distance ≤ 1).
fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let Some(i) = short.iter().zip(long).position(|(x, y)| x != y) else {
        return true; // equal, or one extra character at the end
    };
    if short.len() == long.len() {
        let substituted = short[i + 1..] == long[i + 1..];
        let swapped = i + 1 < short.len()
            && short[i] == long[i + 1]
            && short[i + 1] == long[i]
            && short[i + 2..] == long[i + 2..];
        substituted || swapped
    } else {
        short[i..] == long[i + 1..]
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Alpha,
    Digit,
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Whitespace (or the start of the text) comes before this token.
    spaced: bool,
    /// The number of a run of at most nine digits (0 for other tokens).
    value: u32,
}

/// Splits text into runs of letters, runs of ASCII digits and single other characters. Words
/// that are URLs (`https://…`, `www.…`) are skipped whole: their digits are not dates.
///
/// ASCII bytes are classified directly; other characters are decoded and asked.
fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 3 + 1);
    tokenize_into(text, &mut toks);
    toks
}

/// [`tokenize`] into `toks`, which is cleared first.
fn tokenize_into(text: &str, toks: &mut Vec<Tok>) {
    toks.clear();
    let bytes = text.as_bytes();
    let mut spaced = true;
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = char_at(text, i);
        if c.is_whitespace() {
            spaced = true;
            i += len;
            continue;
        }
        if spaced && is_url_start(&bytes[i..]) {
            // The whole word is skipped, up to the next whitespace.
            i += len;
            while i < bytes.len() {
                let (d, dl) = char_at(text, i);
                if d.is_whitespace() {
                    break;
                }
                i += dl;
            }
            continue;
        }
        let kind = if c.is_alphabetic() {
            Kind::Alpha
        } else if c.is_ascii_digit() {
            Kind::Digit
        } else {
            Kind::Punct(c)
        };
        let start = i;
        i += len;
        match kind {
            Kind::Alpha => {
                while i < bytes.len() {
                    let b = bytes[i];
                    if b.is_ascii_alphabetic() {
                        i += 1;
                    } else if b < 0x80 {
                        break;
                    } else {
                        let (d, dl) = char_at(text, i);
                        if !d.is_alphabetic() {
                            break;
                        }
                        i += dl;
                    }
                }
            }
            Kind::Digit => {
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            Kind::Punct(_) => {}
        }
        let value = if kind == Kind::Digit && i - start <= 9 {
            bytes[start..i]
                .iter()
                .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'))
        } else {
            0
        };
        toks.push(Tok {
            kind,
            start,
            end: i,
            spaced,
            value,
        });
        spaced = false;
    }
}

/// The character at byte `i` of `text` (a character boundary) and its length in bytes.
fn char_at(text: &str, i: usize) -> (char, usize) {
    match text.as_bytes()[i] {
        b if b < 0x80 => (char::from(b), 1),
        _ => text[i..]
            .chars()
            .next()
            .map_or(('\0', 1), |c| (c, c.len_utf8())),
    }
}

fn is_url_start(s: &[u8]) -> bool {
    let lead = s
        .iter()
        .take_while(|b| matches!(b, b'(' | b'[' | b'<' | b'"' | b'\''))
        .count();
    let s = &s[lead..];
    let has = |p: &[u8]| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    has(b"http://") || has(b"https://") || has(b"www.")
}

// ---------------------------------------------------------------------------------------------
// Patterns

/// A pattern that matched tokens `i..end`; `date` is `None` for a date that needs a year from
/// elsewhere ("February 8"), which is skipped over.
struct Hit {
    end: usize,
    date: Option<FuzzyDate>,
}

struct Scan<'a> {
    text: &'a str,
    toks: &'a [Tok],
    lex: &'a DateLexicon,
    /// Running text: month words must be capitalized, and YYYY-MM is not taken (it is also a
    /// year range such as "2012-13").
    strict: bool,
}

impl Scan<'_> {
    fn at(&self, i: usize) -> Option<Hit> {
        // Every date phrase begins with a digit, a month or a qualifier's first word: most
        // tokens are ruled out here without trying each pattern.
        match self.tok(i)?.kind {
            Kind::Digit => {}
            Kind::Alpha if self.may_start(i) => {}
            _ => return None,
        }
        self.qualified(i)
            .or_else(|| self.iso(i))
            .or_else(|| self.month_first(i))
            .or_else(|| self.day_first(i))
            .or_else(|| self.year_alone(i))
    }

    /// Whether word `i` can begin a date phrase (a cheap test before the patterns).
    fn may_start(&self, i: usize) -> bool {
        let lower = self.lower(i);
        let lower = lower.as_ref();
        if self.lex.starters.contains(lower) {
            return true;
        }
        lower.chars().count() >= self.lex.fuzzy_min_len
            && lower
                .chars()
                .next()
                .is_some_and(|c| self.lex.fuzzy_initials.contains(&c))
    }

    /// Token `i` in lower case (without allocating for short ASCII words).
    fn lower(&self, i: usize) -> Lower {
        Lower::new(self.str(i))
    }

    fn tok(&self, i: usize) -> Option<Tok> {
        self.toks.get(i).copied()
    }

    fn str(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    fn is_punct(&self, i: usize, chars: &[char]) -> bool {
        matches!(self.tok(i), Some(Tok { kind: Kind::Punct(c), .. }) if chars.contains(&c))
    }

    /// Token `i` exists and touches the token before it.
    fn glued(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| !t.spaced)
    }

    fn is_kind(&self, i: usize, kind: Kind) -> bool {
        self.tok(i).is_some_and(|t| t.kind == kind)
    }

    fn word_is(&self, i: usize, word: &str) -> bool {
        self.is_kind(i, Kind::Alpha) && self.str(i).eq_ignore_ascii_case(word)
    }

    /// A number of exactly `len` digits.
    fn number(&self, i: usize, len: usize) -> Option<u32> {
        let t = self.tok(i)?;
        (t.kind == Kind::Digit && t.end - t.start == len && len <= 9).then_some(t.value)
    }

    fn month(&self, i: usize) -> Option<u32> {
        if !self.is_kind(i, Kind::Alpha) {
            return None;
        }
        let word = self.str(i);
        if self.strict && !word.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        self.lex.month(word)
    }

    /// After a month word: skips the period of an abbreviation ("Feb.").
    fn after_month(&self, i: usize) -> usize {
        if self.is_punct(i + 1, &['.']) && self.glued(i + 1) {
            i + 2
        } else {
            i + 1
        }
    }

    /// A day number 1–31 at `i`, with its ordinal suffix: (day, next token).
    fn day(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.tok(i)?;
        if t.kind != Kind::Digit || t.end - t.start > 2 {
            return None;
        }
        let d = t.value;
        if !(1..=31).contains(&d) {
            return None;
        }
        let mut next = i + 1;
        if self.glued(next)
            && self.is_kind(next, Kind::Alpha)
            && self
                .lex
                .ordinals
                .contains(Lower::new(self.str(next)).as_ref())
        {
            next += 1;
        }
        // "25.5" or "25:30" is not a day.
        if self.glued(next) && self.is_punct(next, &['.', ':', '/']) && self.glued(next + 1) {
            return None;
        }
        Some((d, next))
    }

    /// A four-digit year at `i` (optionally after a comma) that ends where it should: not glued
    /// to letters ("2022s") or continued as a number ("2022.5", "2022,000").
    fn year(&self, i: usize) -> Option<(i32, usize)> {
        let i = if self.is_punct(i, &[',']) { i + 1 } else { i };
        let y = self.number(i, 4)?;
        if !self.ends_cleanly(i) {
            return None;
        }
        Some((y as i32, i + 1))
    }

    fn ends_cleanly(&self, i: usize) -> bool {
        let next = i + 1;
        if !self.glued(next) {
            return true;
        }
        match self.tok(next).map(|t| t.kind) {
            Some(Kind::Alpha | Kind::Digit) => false,
            Some(Kind::Punct(_)) => {
                !(self.is_punct(next, &['.', ',', ':', '/', '-', '\u{2013}'])
                    && self.glued(next + 1)
                    && self.is_kind(next + 1, Kind::Digit))
            }
            None => true,
        }
    }

    /// Token `i` is not the continuation of a number or a word before it.
    fn starts_cleanly(&self, i: usize) -> bool {
        if !self.glued(i) || i == 0 {
            return true;
        }
        match self.toks[i - 1].kind {
            Kind::Alpha | Kind::Digit => false,
            Kind::Punct(c) => {
                if matches!(c, '$' | '\u{20AC}' | '\u{00A3}' | '#' | '+') {
                    return false;
                }
                let number_before = i >= 2 && self.glued(i - 1) && self.is_kind(i - 2, Kind::Digit);
                !(number_before && matches!(c, '.' | ',' | ':' | '/' | '-' | '\u{2013}'))
            }
        }
    }

    /// "mid-2022", "early 2023", "late April 2022", "the end of 2019", "c. 1990".
    fn qualified(&self, i: usize) -> Option<Hit> {
        if !self.is_kind(i, Kind::Alpha) {
            return None;
        }
        let candidates = self.lex.qualifiers.get(self.lower(i).as_ref())?;
        let (len, q) = candidates.iter().find_map(|(words, q)| {
            let all = words
                .iter()
                .enumerate()
                .all(|(k, w)| self.word_is(i + k, w) && (k == 0 || !self.glued(i + k)));
            all.then_some((words.len(), *q))
        })?;
        let mut j = i + len;
        if self.is_punct(j, &['.']) && self.glued(j) {
            j += 1;
        }
        if self.is_punct(j, &['-', '\u{2013}']) && self.glued(j) {
            j += 1;
            if !self.glued(j) {
                return None;
            }
        }
        if let Some(m) = self.month(j) {
            let k = self.after_month(j);
            let (y, end) = self.year(k)?;
            let date = FuzzyDate::month(y, m).ok()?.with_qualifier(q).ok()?;
            return Some(Hit {
                end,
                date: Some(date),
            });
        }
        let y = self.number(j, 4)? as i32;
        if !(self.lex.year_min..=self.lex.year_max).contains(&y) || !self.year_alone_ok(j) {
            return None;
        }
        let date = FuzzyDate::year(y).ok()?.with_qualifier(q).ok()?;
        Some(Hit {
            end: j + 1,
            date: Some(date),
        })
    }

    /// "2013-02-25" (and "2013-02" outside running text).
    fn iso(&self, i: usize) -> Option<Hit> {
        let y = self.number(i, 4)? as i32;
        if !self.starts_cleanly(i) {
            return None;
        }
        let dash = |k: usize| self.is_punct(k, &['-']) && self.glued(k) && self.glued(k + 1);
        if !dash(i + 1) {
            return None;
        }
        let m = self.number(i + 2, 2)?;
        if dash(i + 3) {
            let d = self.number(i + 4, 2)?;
            if !self.ends_cleanly(i + 4) {
                return None;
            }
            let date = FuzzyDate::day(y, m, d).ok()?;
            return Some(Hit {
                end: i + 5,
                date: Some(date),
            });
        }
        if self.strict || i + 3 != self.toks.len() {
            return None;
        }
        let date = FuzzyDate::month(y, m).ok()?;
        Some(Hit {
            end: i + 3,
            date: Some(date),
        })
    }

    /// "February 25, 2013", "Feb. 25th 2013", "March 2020", "March, 2020", "March of 2020";
    /// "February 8" is skipped.
    fn month_first(&self, i: usize) -> Option<Hit> {
        let m = self.month(i)?;
        let j = self.after_month(i);
        if let Some((d, k)) = self.day(j).filter(|_| !self.glued(j)) {
            let Some((y, end)) = self.year(k) else {
                return Some(Hit { end: k, date: None });
            };
            return FuzzyDate::day(y, m, d).ok().map(|date| Hit {
                end,
                date: Some(date),
            });
        }
        let k = if self.word_is(j, "of") { j + 1 } else { j };
        let (y, end) = self.year(k)?;
        if self.glued(k) && !self.is_punct(k, &[',']) {
            return None;
        }
        let date = FuzzyDate::month(y, m).ok()?;
        Some(Hit {
            end,
            date: Some(date),
        })
    }

    /// "25 February 2013", "1st of March, 2020", "4 Feb. 2023"; "25 February" is skipped.
    fn day_first(&self, i: usize) -> Option<Hit> {
        if !self.starts_cleanly(i) {
            return None;
        }
        let (d, mut j) = self.day(i)?;
        if self.word_is(j, "of") {
            j += 1;
        }
        if self.glued(j) {
            return None;
        }
        let m = self.month(j)?;
        let k = self.after_month(j);
        let Some((y, end)) = self.year(k) else {
            return Some(Hit { end: k, date: None });
        };
        FuzzyDate::day(y, m, d).ok().map(|date| Hit {
            end,
            date: Some(date),
        })
    }

    /// A year standing alone: "in 2022", "(2020)", the first year of "2008-2010".
    fn year_alone(&self, i: usize) -> Option<Hit> {
        let y = self.number(i, 4)? as i32;
        if !(self.lex.year_min..=self.lex.year_max).contains(&y) || !self.year_alone_ok(i) {
            return None;
        }
        if !self.starts_cleanly(i) && !self.range_end(i, y) {
            return None;
        }
        Some(Hit {
            end: i + 1,
            date: FuzzyDate::year(y).ok(),
        })
    }

    /// The end of a year range ("2008-2010"): glued to a dash after an earlier year.
    fn range_end(&self, i: usize, y: i32) -> bool {
        i >= 2
            && self.is_punct(i - 1, &['-', '\u{2013}'])
            && self.glued(i - 1)
            && self
                .number(i - 2, 4)
                .is_some_and(|first| (first as i32) < y && self.year_alone_ok(i - 2))
    }

    /// The checks a standalone year at `i` must pass on both sides.
    fn year_alone_ok(&self, i: usize) -> bool {
        let y = self.number(i, 4).map_or(0, |y| y as i32);
        // What follows: nothing glued but a year range's dash.
        let next = i + 1;
        if self.glued(next) {
            match self.tok(next).map(|t| t.kind) {
                Some(Kind::Alpha | Kind::Digit) => return false,
                Some(Kind::Punct(c))
                    if self.glued(next + 1) && self.is_kind(next + 1, Kind::Digit) =>
                {
                    if !matches!(c, '-' | '\u{2013}') {
                        return false;
                    }
                    let partner = self.str(next + 1);
                    let ok = match partner.len() {
                        4 => partner
                            .parse::<i32>()
                            .is_ok_and(|p| p > y && p <= self.lex.year_max),
                        2 => partner.parse::<i32>().is_ok_and(|p| p == (y + 1) % 100),
                        _ => false,
                    };
                    if !ok {
                        return false;
                    }
                }
                _ => {}
            }
        }
        // A count ("2000 fighters").
        if self.is_kind(next, Kind::Alpha)
            && !self.glued(next)
            && self
                .lex
                .not_year_before
                .contains(Lower::new(self.str(next)).as_ref())
        {
            return false;
        }
        // A page or an issue number ("pp. 2019").
        if i > 0 {
            let mut k = i - 1;
            if self.is_punct(k, &['.']) && k > 0 {
                k -= 1;
            }
            if self.is_kind(k, Kind::Alpha)
                && self
                    .lex
                    .not_year_after
                    .contains(Lower::new(self.str(k)).as_ref())
            {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> FuzzyDate {
        s.parse().unwrap()
    }

    fn found(text: &str) -> Vec<(&str, String)> {
        find(text)
            .into_iter()
            .map(|m| (m.span.slice(text), m.date.to_string()))
            .collect()
    }

    #[test]
    fn first_is_the_first_of_find() {
        for text in [
            "",
            "no dates here",
            "pp. 2019 and then May 3, 2020, and 2021",
            "In 2020 they came; on 4 Feb. 2021 they left",
            "https://x.example/2020/05 then mid-2022",
            "2000 fighters in 2012-2013, in early 2014",
        ] {
            assert_eq!(first(text), find(text).into_iter().next(), "{text}");
        }
    }

    #[test]
    fn parses_every_absolute_form() {
        for (s, want) in [
            ("February 25, 2013", "2013-02-25"),
            ("Feb. 25, 2013", "2013-02-25"),
            ("Feb 25 2013", "2013-02-25"),
            ("February 25th, 2013", "2013-02-25"),
            ("25 February 2013", "2013-02-25"),
            ("25 Feb. 2013", "2013-02-25"),
            ("1st of March, 2020", "2020-03-01"),
            ("2013-02-25", "2013-02-25"),
            ("2013-02", "2013-02"),
            ("March 2020", "2020-03"),
            ("march, 2020", "2020-03"),
            ("Sept. 2001", "2001-09"),
            ("2022", "2022"),
            ("1887", "1887"),
            ("mid-2022", "mid 2022"),
            ("Early 2023", "early 2023"),
            ("late 2019", "late 2019"),
            ("late April 2022", "late 2022-04"),
            ("the end of 2019", "late 2019"),
            ("c. 1990", "about 1990"),
            ("late 2022-04", "late 2022-04"),
            ("  June 29,  2016. ", "2016-06-29"),
        ] {
            assert_eq!(
                parse(s).map(|x| x.to_string()),
                Some(want.to_string()),
                "{s}"
            );
        }
    }

    #[test]
    fn misspelled_month_names_one_edit_away() {
        assert_eq!(parse("Febraury 26, 2013"), Some(d("2013-02-26")));
        assert_eq!(parse("Janaury 2020"), Some(d("2020-01")));
        assert_eq!(parse("Setpember 11, 2001"), Some(d("2001-09-11")));
        assert_eq!(parse("Decmber 2019"), Some(d("2019-12")));
        assert_eq!(parse("Augusst 2019"), Some(d("2019-08")));
        // Two edits, or a short name, are not months.
        assert_eq!(parse("Fbraruy 26, 2013"), None);
        assert_eq!(parse("Jnue 2020"), None);
        assert_eq!(month_number("Marhc"), Some(3));
        assert_eq!(month_number("Narch"), None);
    }

    #[test]
    fn parse_rejects_incomplete_or_impossible_dates() {
        assert_eq!(parse("February 8"), None);
        assert_eq!(parse("8 February"), None);
        assert_eq!(parse("February 30, 2013"), None);
        assert_eq!(parse("2013-13-01"), None);
        assert_eq!(parse("mid-March"), None);
        assert_eq!(parse("yesterday"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("February 25, 2013 and more"), None);
        assert_eq!(parse(&"9".repeat(10_000)), None);
    }

    #[test]
    fn finds_dates_in_running_text() {
        let text = "On February 25, 2013, the Council listed him; a day later (Feb. 26, 2013) \
                    the State Department followed. Talks began on 4 March 2014 and ended \
                    2014-06-30. By March 2020 the group had grown, and in mid-2022 it split.";
        assert_eq!(
            found(text),
            vec![
                ("February 25, 2013", "2013-02-25".to_string()),
                ("Feb. 26, 2013", "2013-02-26".to_string()),
                ("4 March 2014", "2014-03-04".to_string()),
                ("2014-06-30", "2014-06-30".to_string()),
                ("March 2020", "2020-03".to_string()),
                ("mid-2022", "mid 2022".to_string()),
            ]
        );
    }

    #[test]
    fn standalone_years_and_what_is_not_a_year() {
        assert_eq!(
            found("He negotiated releases in 2008, 2010, and 2011 (and 1999)."),
            vec![
                ("2008", "2008".to_string()),
                ("2010", "2010".to_string()),
                ("2011", "2011".to_string()),
                ("1999", "1999".to_string()),
            ]
        );
        assert_eq!(
            found("From 2008-2010 and the 2012-13 war."),
            vec![
                ("2008", "2008".to_string()),
                ("2010", "2010".to_string()),
                ("2012", "2012".to_string()),
            ]
        );
        for text in [
            "figures of 1,2022 and 3.2020",
            "pp. 2019-2021",
            "No. 2020",
            "Resolution 2085",
            "some 2000 fighters",
            "the 1990s",
            "$2010",
            "ref 1850",
            "in 2150",
            "A2020 and 2020A",
            "pages 130-2020",
            "2021-2019",
            "https://example.org/2009-2017/2013/02/25",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }

    #[test]
    fn month_and_day_without_year_is_skipped() {
        assert_eq!(
            found("They signed on February 8, then met on 26 January, in 2023."),
            vec![("2023", "2023".to_string())]
        );
    }

    #[test]
    fn lowercase_month_words_are_not_months_in_text() {
        assert_eq!(
            found("the group may 2020 claim"),
            vec![("2020", "2020".to_string())]
        );
        assert_eq!(
            found("claims May Attack in Togo, May 2022"),
            vec![("May 2022", "2022-05".to_string())]
        );
    }

    #[test]
    fn qualified_years_and_months() {
        assert_eq!(
            found("In early 2023, late April 2022 and the end of 2019, around 2015."),
            vec![
                ("early 2023", "early 2023".to_string()),
                ("late April 2022", "late 2022-04".to_string()),
                ("the end of 2019", "late 2019".to_string()),
                ("around 2015", "about 2015".to_string()),
            ]
        );
        // A qualifier before a full date leaves the date alone.
        assert_eq!(
            found("early February 8, 2013"),
            vec![("February 8, 2013", "2013-02-08".to_string())]
        );
    }

    #[test]
    fn invalid_days_fall_back_to_the_year() {
        assert_eq!(
            found("on February 30, 2013"),
            vec![("2013", "2013".to_string())]
        );
    }

    #[test]
    fn hostile_input_is_handled_in_linear_time() {
        let text = "February 2, 2020 ".repeat(20_000);
        assert_eq!(find(&text).len(), 20_000);
        let junk = "-1-2-3,4.5/6 ".repeat(20_000) + "\u{0}\u{FFFD}日本 2022";
        assert_eq!(find(&junk).len(), 1);
        assert!(find("").is_empty());
    }

    #[test]
    fn one_edit_rule() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_one_edit(&c("febraury"), &c("february")));
        assert!(within_one_edit(&c("februar"), &c("february")));
        assert!(within_one_edit(&c("februarry"), &c("february")));
        assert!(within_one_edit(&c("februery"), &c("february")));
        assert!(!within_one_edit(&c("fbraeury"), &c("february")));
        assert!(within_one_edit(&c("abc"), &c("abc")));
    }

    #[test]
    fn windows_around_digits_find_the_same_dates_as_a_whole_scan() {
        let filler = "and the fighters moved on through the villages of the region ".repeat(4);
        let text = format!(
            "In the end of 2019 they came. {filler}On February 25, 2013, {filler}about 2000 \
             fighters left in mid-2022; {filler}see https://x.example/2021/report and late April 2022."
        );
        let got: Vec<(String, String)> = find(&text)
            .into_iter()
            .map(|m| (m.span.slice(&text).to_string(), m.date.to_string()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("the end of 2019".to_string(), "late 2019".to_string()),
                ("February 25, 2013".to_string(), "2013-02-25".to_string()),
                ("mid-2022".to_string(), "mid 2022".to_string()),
                ("late April 2022".to_string(), "late 2022-04".to_string()),
            ]
        );
    }
}
