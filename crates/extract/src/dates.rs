//! Dates in context: every date phrase of the body as a fuzzy date, the relative ones resolved
//! against the narrative.
//!
//! ```text
//! (published 2024-03) "On February 25, 2013, the Council listed him. A day later, the State
//! Department followed. From 2008 until 2010 he served abroad; in 2023 he met them in January
//! and again on February 8. As of March 2024, nothing more."
//!   ─► 2013-02-25 · "A day later" = 2013-02-26 (from context) · 2008 … 2010 (a range) ·
//!      2023 · "in January" = 2023-01 (from context) · "February 8" = 2023-02-08 (from context) ·
//!      "As of March 2024" = 2024-03
//! ```
//!
//! Absolute dates come from [`dossier_text::dates::find`]; this stage adds what needs the
//! narrative: months without a year ("in January", "late April", "February 8", "26 January"),
//! taking the year of the latest date the narrative gave (else the publication year, a year
//! back when the month would be after publication); relative dates ("a day later", "two months
//! later", "the following year") from the previous date of the narrative; ranges ("from 2008
//! until 2010", "between 2012 and 2013", "2008-2010") as one date with an end; and "as of"
//! dates, whose span keeps the words. The words are in `data/extract/dates.toml`.

mod lexicon;
mod relative;

use std::collections::HashMap;

use dossier_model::{FuzzyDate, Precision, Qualifier, Span};
use dossier_text::{Analysis, Document};

use crate::mentions::tokens::{Kind, Shape, Tokens, tokenize_into};
use crate::{Context, DateMention};
use lexicon::{DateWords, lexicon};

/// Finds and resolves the date phrases of the body sentences, in document order.
pub fn extract(doc: &Document, analysis: &Analysis, ctx: &Context<'_>) -> Vec<DateMention> {
    let lex = lexicon();
    let text = doc.text.as_str();
    let mut narrative = Narrative {
        year: None,
        last: None,
        published: ctx.published,
    };
    let mut out = Vec::new();
    let mut toks = Tokens::default();
    let mut months = Months::default();
    for (si, s) in analysis.sentences.iter().enumerate() {
        let slice = s.span.slice(text);
        tokenize_into(text, s.span, &mut toks);
        let mut found: Vec<Found> = dossier_text::dates::find(slice)
            .into_iter()
            .map(|m| Found {
                span: Span::new(s.span.start + m.span.start, s.span.start + m.span.end),
                date: Some(m.date),
                end: None,
                context: false,
                relative: None,
            })
            .collect();
        let taken: Vec<Span> = found.iter().map(|f| f.span).collect();
        found.extend(partial(text, &toks, lex, &taken, &mut months));
        found.sort_by_key(|f| f.span.start);
        let found = ranges(text, found, lex);
        for mut f in found {
            // Resolve in narrative order.
            if let Some(rel) = f.relative {
                f.date = narrative.last.and_then(|base| relative::apply(base, rel));
                f.context = true;
            } else if f.date.is_none() {
                continue;
            }
            let Some(date) = f.date else { continue };
            let date = match f.context {
                true if f.relative.is_none() => match narrative.resolve_partial(date) {
                    Some(d) => d,
                    None => continue,
                },
                _ => date,
            };
            let span = as_of(text, f.span, lex);
            narrative.see(date, f.context && f.relative.is_none());
            if let Some(e) = f.end {
                narrative.see(e, false);
            }
            out.push(DateMention {
                span,
                text: crate::mentions::original_text(doc, ctx, span),
                date,
                end: f.end,
                sentence: si,
                from_context: f.context,
            });
        }
    }
    out
}

/// A date phrase found in a sentence, before resolution.
#[derive(Clone, Debug)]
struct Found {
    span: Span,
    /// For a month without a year: the month in year 1 (a placeholder the narrative replaces),
    /// with its day and qualifier.
    date: Option<FuzzyDate>,
    end: Option<FuzzyDate>,
    /// The year (or everything) comes from context.
    context: bool,
    relative: Option<relative::Offset>,
}

/// What the narrative has said so far.
struct Narrative {
    /// The year of the latest date with a year.
    year: Option<i32>,
    /// The latest date.
    last: Option<FuzzyDate>,
    published: Option<FuzzyDate>,
}

impl Narrative {
    fn see(&mut self, d: FuzzyDate, partial: bool) {
        if !partial {
            self.year = Some(d.year_value());
        }
        self.last = Some(d);
    }

    /// A month (and day) in placeholder year 1, given the narrative's year.
    fn resolve_partial(&self, d: FuzzyDate) -> Option<FuzzyDate> {
        let month = d.month_value()?;
        let year = match (self.year, self.published) {
            (Some(y), _) => y,
            (None, Some(p)) => {
                let py = p.year_value();
                match p.month_value() {
                    Some(pm) if month > pm => py - 1,
                    _ => py,
                }
            }
            (None, None) => return None,
        };
        let base = match d.day_value() {
            Some(day) => FuzzyDate::day(year, month, day).ok()?,
            None => FuzzyDate::month(year, month).ok()?,
        };
        match d.qualifier() {
            Some(q) => base.with_qualifier(q).ok(),
            None => Some(base),
        }
    }
}

/// Months without a year, and relative dates, outside the spans already `taken`.
fn partial<'t>(
    text: &'t str,
    toks: &Tokens,
    lex: &DateWords,
    taken: &[Span],
    months: &mut Months<'t>,
) -> Vec<Found> {
    let mut out = Vec::new();
    let n = toks.len();
    let free = |s: Span| !taken.iter().any(|t| t.overlaps(s));
    let word = |i: usize| toks.toks.get(i).is_some_and(|t| t.is_word());
    let f = |i: usize| toks.fold(i);
    let mut i = 0;
    while i < n {
        if !word(i) {
            i += 1;
            continue;
        }
        // Relative dates.
        if let Some((end, off)) = relative::at(toks, i, lex) {
            let span = Span::new(toks.toks[i].span.start, toks.toks[end - 1].span.end);
            if free(span) {
                out.push(Found {
                    span,
                    date: None,
                    end: None,
                    context: true,
                    relative: Some(off),
                });
                i = end;
                continue;
            }
        }
        // [qualifier] Month [day] | day Month
        let (q, qend) = qualifier_at(toks, i, lex);
        let mut m_at = qend;
        let month = month_at(text, toks, m_at, months);
        if let Some(month) = month {
            let mut end = m_at + 1;
            let abbreviated = toks.text(text, m_at).chars().count() <= 4;
            if abbreviated && toks.is_punct(end, '.') && toks.glued(end) {
                end += 1;
            }
            let mut day = None;
            if let Some(d) = day_at(text, toks, end)
                && !toks.glued(end)
            {
                day = Some(d);
                end += 1;
            }
            // A bare month needs a word before it ("in January", "a February meeting") or a
            // qualifier.
            let before_ok = q.is_some()
                || day.is_some()
                || (m_at > 0 && word(m_at - 1) && lex.month_before.contains(f(m_at - 1)));
            let start = if q.is_some() { i } else { m_at };
            let span = Span::new(toks.toks[start].span.start, toks.toks[end - 1].span.end);
            if before_ok && free(span) {
                let date = match day {
                    Some(d) => FuzzyDate::day(4, month, d).ok(),
                    None => FuzzyDate::month(4, month).ok(),
                };
                let date = match (date, q) {
                    (Some(d), Some(q)) if day.is_none() => d.with_qualifier(q).ok(),
                    (d, _) => d,
                };
                if date.is_some() {
                    out.push(Found {
                        span,
                        date,
                        end: None,
                        context: true,
                        relative: None,
                    });
                }
                i = end;
                continue;
            }
        }
        // day Month: "26 January".
        if let Some(d) = day_at(text, toks, i)
            && let Some(month) = month_at(text, toks, i + 1, months)
            && !toks.glued(i + 1)
        {
            m_at = i + 1;
            let span = Span::new(toks.toks[i].span.start, toks.toks[m_at].span.end);
            if free(span)
                && let Ok(date) = FuzzyDate::day(4, month, d)
            {
                out.push(Found {
                    span,
                    date: Some(date),
                    end: None,
                    context: true,
                    relative: None,
                });
                i = m_at + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A qualifier at `i` ("late", "mid-", "the end of"): the qualifier and where the month starts.
fn qualifier_at(toks: &Tokens, i: usize, lex: &DateWords) -> (Option<Qualifier>, usize) {
    if !lex.qualifier_first.contains(toks.fold(i)) {
        return (None, i);
    }
    for (words, q) in &lex.qualifiers {
        let mut k = i;
        let mut ok = true;
        for w in words {
            if toks.fold(k) != w {
                ok = false;
                break;
            }
            k += 1;
        }
        if ok && k > i {
            if toks.is_punct(k, '-') && toks.glued(k) {
                k += 1;
            }
            return (Some(*q), k);
        }
    }
    (None, i)
}

/// A capitalized month name at `i`.
fn month_at<'t>(text: &'t str, toks: &Tokens, i: usize, months: &mut Months<'t>) -> Option<u32> {
    let t = toks.toks.get(i)?;
    if t.kind != Kind::Word(Shape::Upper) {
        return None;
    }
    let word = t.span.slice(text);
    *months
        .0
        .entry(word)
        .or_insert_with(|| dossier_text::dates::month_number(word))
}

/// The month number of each capitalized word of a document, looked up once per distinct word
/// (names come back again and again; the look-up tolerates misspellings, which costs).
#[derive(Default)]
struct Months<'t>(HashMap<&'t str, Option<u32>>);

/// A day number 1–31 at `i`, with an ordinal suffix glued ("8", "26th").
fn day_at(text: &str, toks: &Tokens, i: usize) -> Option<u32> {
    let t = toks.toks.get(i)?;
    let s = t.span.slice(text);
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = s.split_at(n);
    if digits.is_empty() || digits.len() > 2 || !matches!(rest, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    // Not "8.5" or "8,000".
    if (toks.is_punct(i + 1, '.') || toks.is_punct(i + 1, ',') || toks.is_punct(i + 1, ':'))
        && toks.glued(i + 1)
        && toks
            .toks
            .get(i + 2)
            .is_some_and(|n| !n.spaced && n.is_word())
    {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// Joins "from X until Y", "between X and Y", "X-Y" into one date with an end.
fn ranges(text: &str, found: Vec<Found>, lex: &DateWords) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    let mut it = found.into_iter().peekable();
    while let Some(mut f) = it.next() {
        if let Some(next) = it.peek()
            && f.relative.is_none()
            && next.relative.is_none()
            && f.date.is_some()
            && next.date.is_some()
        {
            let between = text.get(f.span.end..next.span.start).unwrap_or("").trim();
            let before = text.get(..f.span.start).unwrap_or("");
            let word_before = before
                .trim_end()
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("")
                .to_lowercase();
            let linked = lex.range_links.iter().any(|l| l == &between.to_lowercase());
            let dash = matches!(between, "-" | "\u{2013}" | "\u{2014}");
            if linked && (dash || lex.range_starts.contains(&word_before)) {
                let start_span = if lex.range_starts.contains(&word_before) && !dash {
                    let at = before.trim_end().len() - word_before.len();
                    Span::new(at, f.span.start)
                } else {
                    f.span
                };
                let end = it.next();
                if let Some(e) = end {
                    f.span = Span::new(start_span.start, e.span.end);
                    f.end = e.date;
                    f.context |= e.context;
                    // A partial end ("from January until April 2012") takes the start's year
                    // later, in resolution order: keep it only when complete.
                    if e.context {
                        f.end = None;
                    }
                }
            }
        }
        out.push(f);
    }
    out
}

/// "As of March 2024": the span grows over "as of".
fn as_of(text: &str, span: Span, lex: &DateWords) -> Span {
    let before = text.get(..span.start).unwrap_or("");
    let trimmed = before.trim_end();
    for phrase in &lex.as_of {
        let n = phrase.len();
        if trimmed.len() >= n
            && trimmed.is_char_boundary(trimmed.len() - n)
            && trimmed[trimmed.len() - n..].eq_ignore_ascii_case(phrase)
        {
            let start = trimmed.len() - n;
            let boundary = start == 0 || !trimmed[..start].ends_with(char::is_alphanumeric);
            if boundary {
                return Span::new(start, span.end);
            }
        }
    }
    span
}

/// The precision of a relative unit.
pub(crate) fn unit_precision(unit: &str) -> Option<Precision> {
    match unit {
        "day" => Some(Precision::Day),
        "month" => Some(Precision::Month),
        "year" => Some(Precision::Year),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
