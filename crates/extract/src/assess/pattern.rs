//! The small token-pattern language of `data/extract/estimative.toml`.
//!
//! ```text
//! pattern "in|over|within the next|coming <num>? @units"
//! tokens  "JNIM will likely attack in the coming months ."
//!   ─► matches "in the coming months" (tokens 4..8); "<num>?" matched nothing
//! ```
//!
//! A pattern is elements separated by spaces. An element is alternatives separated by `|`:
//! a literal word (compared in lower case), `@set` (any word of a named set), `<num>` (digits or
//! a number word of the set `numbers`), `<year>` (1900 to 2199), `<date>` (a date phrase found
//! by the dates stage, else a year with an optional qualifier and month), or `<word>` (any
//! word). A trailing `?` makes the element optional; a leading `&` makes it context: it must
//! match but is not part of the matched text ("long-term &scenario" yields "long-term").

use std::collections::BTreeMap;

use dossier_model::{FuzzyDate, Qualifier, Span};

use super::tokens::Token;
use crate::DateMention;

/// Why a pattern could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternError {
    Empty,
    UnknownSet(String),
    UnknownClass(String),
    OnlyContext,
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PatternError::Empty => write!(f, "empty pattern or element"),
            PatternError::UnknownSet(s) => write!(f, "unknown word set `@{s}`"),
            PatternError::UnknownClass(c) => write!(f, "unknown class `<{c}>`"),
            PatternError::OnlyContext => write!(f, "every element is context (`&`)"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Alt {
    Word(String),
    /// A set of the data file: its name and its words, sorted for the look-up.
    Set(String, Vec<String>),
    /// Digits, or a word of the set `numbers` (sorted).
    Num(Vec<String>),
    Year,
    Date,
    AnyWord,
}

/// One element: alternatives, optional or not, context or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elem {
    alts: Vec<Alt>,
    optional: bool,
    context: bool,
}

/// The named word sets of the data file.
pub type Sets = BTreeMap<String, Vec<String>>;

impl Elem {
    /// Reads one element (`word|@set|<num>`, with `?` and `&` marks).
    pub fn parse(src: &str, sets: &Sets) -> Result<Elem, PatternError> {
        let mut s = src.trim();
        let context = s.starts_with('&');
        if context {
            s = &s[1..];
        }
        let optional = s.ends_with('?') && s.len() > 1;
        if optional {
            s = &s[..s.len() - 1];
        }
        let mut alts = Vec::new();
        for a in s.split('|') {
            let a = a.trim();
            if a.is_empty() {
                return Err(PatternError::Empty);
            }
            alts.push(if let Some(name) = a.strip_prefix('@') {
                let Some(words) = sets.get(name) else {
                    return Err(PatternError::UnknownSet(name.to_string()));
                };
                Alt::Set(name.to_string(), sorted(words))
            } else if let Some(class) = a.strip_prefix('<').and_then(|c| c.strip_suffix('>')) {
                match class {
                    "num" => Alt::Num(sets.get("numbers").map(|w| sorted(w)).unwrap_or_default()),
                    "year" => Alt::Year,
                    "date" => Alt::Date,
                    "word" => Alt::AnyWord,
                    other => return Err(PatternError::UnknownClass(other.to_string())),
                }
            } else {
                Alt::Word(a.to_lowercase())
            });
        }
        Ok(Elem {
            alts,
            optional,
            context,
        })
    }

    /// True when the single token `t` is one of the alternatives (a date counts as a year).
    pub fn accepts(&self, t: &Token<'_>) -> bool {
        self.alts.iter().any(|a| accepts_one(a, t))
    }

    /// The lower-case words a token this element accepts can be; `None` when it is not a
    /// closed list (a number, a year, a date, any word).
    fn words(&self) -> Option<impl Iterator<Item = &str>> {
        let closed = self
            .alts
            .iter()
            .all(|a| matches!(a, Alt::Word(_) | Alt::Set(..)));
        closed.then(|| {
            self.alts
                .iter()
                .flat_map(|a| match a {
                    Alt::Word(w) => std::slice::from_ref(w),
                    Alt::Set(_, words) => words.as_slice(),
                    _ => &[],
                })
                .map(String::as_str)
        })
    }
}

fn sorted(words: &[String]) -> Vec<String> {
    let mut v = words.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

fn in_sorted(words: &[String], w: &str) -> bool {
    words.binary_search_by(|x| x.as_str().cmp(w)).is_ok()
}

fn accepts_one(a: &Alt, t: &Token<'_>) -> bool {
    match a {
        Alt::Word(w) => t.low == w.as_str(),
        Alt::Set(_, words) => in_sorted(words, &t.low),
        Alt::Num(numbers) => {
            t.low.bytes().all(|b| b.is_ascii_digit()) || in_sorted(numbers, &t.low)
        }
        Alt::Year | Alt::Date => year_of(&t.low).is_some(),
        Alt::AnyWord => t.word,
    }
}

fn year_of(s: &str) -> Option<i32> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = s.parse().ok()?;
    (1900..=2199).contains(&y).then_some(y)
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    elems: Vec<Elem>,
}

/// What a pattern matched: tokens `start..end`, the text part `text` (a token range), and the
/// date of a `<date>` element.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub text: (usize, usize),
    pub date: Option<FuzzyDate>,
}

/// What matching reads besides the tokens.
pub struct Env<'e, 't> {
    pub tokens: &'e [Token<'t>],
    pub sets: &'e Sets,
    /// The date phrases of the sentence.
    pub dates: &'e [&'e DateMention],
}

impl Pattern {
    pub fn parse(src: &str, sets: &Sets) -> Result<Pattern, PatternError> {
        let elems = src
            .split_whitespace()
            .map(|e| Elem::parse(e, sets))
            .collect::<Result<Vec<_>, _>>()?;
        if elems.is_empty() {
            return Err(PatternError::Empty);
        }
        if elems.iter().all(|e| e.context || e.optional) {
            return Err(PatternError::OnlyContext);
        }
        Ok(Pattern { elems })
    }

    /// The lower-case words a match can start with (used to index rules); `None` when it can
    /// start anywhere. A match's first token is matched by the first element, or by a later one
    /// when every element before it is optional.
    pub fn first_words(&self) -> Option<Vec<&str>> {
        let mut words = Vec::new();
        for el in &self.elems {
            words.extend(el.words()?);
            if !el.optional {
                return Some(words);
            }
        }
        None
    }

    /// For each required element that accepts only listed words, those words: a sentence
    /// without one word of each cannot hold a match.
    pub fn required_words(&self) -> Vec<Vec<&str>> {
        self.elems
            .iter()
            .filter(|el| !el.optional)
            .filter_map(|el| el.words().map(Iterator::collect))
            .collect()
    }

    /// The match starting at token `at`, if any (the first found, trying optional elements
    /// before skipping them).
    pub fn match_at(&self, env: &Env<'_, '_>, at: usize) -> Option<Match> {
        let acc = Match {
            start: at,
            end: at,
            text: (usize::MAX, at),
            date: None,
        };
        let m = self.go(0, at, env, acc)?;
        (m.end > m.start && m.text.0 < m.text.1).then_some(m)
    }

    /// The first match whose start lies in `from..to` (and whose end is at most `to`).
    pub fn find(&self, env: &Env<'_, '_>, from: usize, to: usize) -> Option<Match> {
        (from..to).find_map(|i| self.match_at(env, i).filter(|m| m.end <= to))
    }

    fn go(&self, ei: usize, ti: usize, env: &Env<'_, '_>, acc: Match) -> Option<Match> {
        let Some(el) = self.elems.get(ei) else {
            return Some(Match { end: ti, ..acc });
        };
        for alt in &el.alts {
            if let Some((end, date)) = match_alt(alt, ti, env) {
                let mut a = acc;
                if !el.context {
                    a.text.0 = a.text.0.min(ti);
                    a.text.1 = end;
                }
                a.date = a.date.or(date);
                if let Some(m) = self.go(ei + 1, end, env, a) {
                    return Some(m);
                }
            }
        }
        if el.optional {
            return self.go(ei + 1, ti, env, acc);
        }
        None
    }
}

/// The end token (exclusive) and date of alternative `a` matched at token `ti`.
fn match_alt(a: &Alt, ti: usize, env: &Env<'_, '_>) -> Option<(usize, Option<FuzzyDate>)> {
    let t = env.tokens.get(ti)?;
    match a {
        Alt::Date => match_date(ti, env),
        _ => accepts_one(a, t).then_some((ti + 1, None)),
    }
}

/// A date at token `ti`: a date phrase of the dates stage starting there, else
/// `[qualifier] [month] year` or `qualifier-year` ("mid-2025").
fn match_date(ti: usize, env: &Env<'_, '_>) -> Option<(usize, Option<FuzzyDate>)> {
    let toks = env.tokens;
    let t = toks.get(ti)?;
    if let Some(dm) = env
        .dates
        .iter()
        .find(|d| d.span.start >= t.span.start && d.span.start < t.span.end)
    {
        let mut end = ti + 1;
        while end < toks.len() && toks[end].span.end <= dm.span.end {
            end += 1;
        }
        return Some((end, Some(dm.date)));
    }
    let in_set = |name: &str, w: &str| env.sets.get(name).is_some_and(|s| s.iter().any(|x| x == w));
    // "mid-2025", "late-2024"
    if let Some((q, y)) = t.low.split_once('-')
        && let (Some(q), Some(y)) = (Qualifier::parse(q), year_of(y))
    {
        let date = FuzzyDate::year(y).and_then(|d| d.with_qualifier(q)).ok();
        return Some((ti + 1, date));
    }
    let mut k = ti;
    let qualifier = Qualifier::parse(&toks[k].low).filter(|_| in_set("qualifiers", &toks[k].low));
    if qualifier.is_some() {
        k += 1;
    }
    let month = toks.get(k).and_then(|m| month_number(&m.low, env.sets));
    if month.is_some() {
        k += 1;
    }
    let year = toks.get(k).and_then(|y| year_of(&y.low))?;
    let mut date = match month {
        Some(m) => FuzzyDate::month(year, m).ok(),
        None => FuzzyDate::year(year).ok(),
    };
    if let (Some(d), Some(q)) = (date, qualifier) {
        date = d.with_qualifier(q).ok().or(Some(d));
    }
    Some((k + 1, date))
}

/// The month number of a month name (`months` lists January to December, then the
/// abbreviations in the same order).
fn month_number(w: &str, sets: &Sets) -> Option<u32> {
    let months = sets.get("months")?;
    let i = months.iter().position(|m| m == w)?;
    u32::try_from(i % 12 + 1).ok()
}

/// The byte span covered by tokens `a..b` (empty when the range is empty).
pub fn span_of(tokens: &[Token<'_>], a: usize, b: usize) -> Span {
    match (tokens.get(a), b.checked_sub(1).and_then(|l| tokens.get(l))) {
        (Some(x), Some(y)) if a < b => Span::new(x.span.start, y.span.end),
        _ => Span::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn sets() -> Sets {
        let mut s = Sets::new();
        s.insert("units".into(), vec!["months".into(), "year".into()]);
        s.insert("numbers".into(), vec!["two".into(), "few".into()]);
        s.insert(
            "qualifiers".into(),
            vec!["early".into(), "mid".into(), "late".into()],
        );
        let months = "january february march april may june july august september october november december jan feb mar apr";
        s.insert(
            "months".into(),
            months.split(' ').map(String::from).collect(),
        );
        s
    }

    fn find(p: &str, text: &str) -> Option<(String, Option<String>)> {
        let sets = sets();
        let toks = tokenize(text, Span::new(0, text.len()));
        let env = Env {
            tokens: &toks,
            sets: &sets,
            dates: &[],
        };
        let m = Pattern::parse(p, &sets)
            .unwrap()
            .find(&env, 0, toks.len())?;
        let span = span_of(&toks, m.text.0, m.text.1);
        Some((span.slice(text).to_string(), m.date.map(|d| d.to_string())))
    }

    #[test]
    fn optional_and_context_elements() {
        let p = "in|over the next|coming <num>? @units";
        assert_eq!(
            find(p, "x in the coming months").unwrap().0,
            "in the coming months"
        );
        assert_eq!(
            find(p, "over the next two months.").unwrap().0,
            "over the next two months"
        );
        assert_eq!(find(p, "in the coming days"), None);
        assert_eq!(
            find("long-term &scenario|outlook", "a long-term outlook")
                .unwrap()
                .0,
            "long-term"
        );
        assert_eq!(find("long-term &scenario", "long-term instability"), None);
    }

    #[test]
    fn dates_without_the_dates_stage() {
        assert_eq!(
            find("by <date>", "by 2025").unwrap(),
            ("by 2025".into(), Some("2025".into()))
        );
        assert_eq!(
            find("by <date>", "by mid-2025").unwrap().1,
            Some("mid 2025".into())
        );
        assert_eq!(
            find("by <date>", "by late April 2024").unwrap().1,
            Some("late 2024-04".into())
        );
        assert_eq!(
            find("by <date>", "by Feb 2024").unwrap().1,
            Some("2024-02".into())
        );
        assert_eq!(find("by <date>", "by the group"), None);
        assert_eq!(find("by <date>", "by 3000"), None);
    }

    #[test]
    fn bad_patterns_are_errors() {
        let s = sets();
        assert_eq!(Pattern::parse("", &s), Err(PatternError::Empty));
        assert_eq!(Pattern::parse("a||b", &s), Err(PatternError::Empty));
        assert_eq!(
            Pattern::parse("@nope", &s),
            Err(PatternError::UnknownSet("nope".into()))
        );
        assert_eq!(
            Pattern::parse("<odd>", &s),
            Err(PatternError::UnknownClass("odd".into()))
        );
        assert_eq!(Pattern::parse("&a b?", &s), Err(PatternError::OnlyContext));
    }
}
