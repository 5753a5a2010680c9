//! What surrounds a match: negation, intent, hedges, the clause subject and the nearest date.
//!
//! ```text
//! "In 1991, media sources claimed Ghaly served as secretary-general of the Movement."
//!   hedges: ["media sources claimed"] (factor 0.7) · clause subject: [Ghaly]
//! "ISGS has not yet attacked there."                 negated between ISGS and "attacked"
//! "It was reportedly seeking to expand its operations towards the Gulf of Guinea."
//!                                                     intent ("seeking to"): no statement
//! ```
//!
//! The cue words are in `[cues]` of `data/extract/relations.toml`; events use the same ones.

use super::frame::{Frame, UnitKind};
use super::lexicon::Cues;
use super::pattern::{Matcher, Phrases, Tm};

fn matches_at(frame: &Frame, words: &[Tm], pos: usize) -> bool {
    pos + words.len() <= frame.len()
        && words
            .iter()
            .enumerate()
            .all(|(k, tm)| tm.matches(&frame.units[pos + k]))
}

/// The length of the longest phrase of `list` matching at `pos`.
pub(crate) fn phrase_at(frame: &Frame, list: &Phrases, pos: usize) -> Option<usize> {
    list.at(&frame.units, pos)
}

/// True when a phrase of `list` starts inside `from..to` (and is not excused by `except`).
fn any_in(frame: &Frame, list: &Phrases, except: &Phrases, from: usize, to: usize) -> bool {
    (from..to.min(frame.len())).any(|i| {
        phrase_at(frame, list, i).is_some()
            && !(i.saturating_sub(2)..=i)
                .any(|j| phrase_at(frame, except, j).is_some_and(|n| j + n > i))
    })
}

/// Whether the words between `from` and `to` deny the statement ("has not yet attacked",
/// "never disavowed", "have yet to sign").
pub(crate) fn negated(frame: &Frame, cues: &Cues, from: usize, to: usize) -> bool {
    any_in(frame, &cues.negation, &cues.not_negation, from, to)
}

/// Whether the words between `from` and `to` make the statement an aim, not a fact ("seeking
/// to expand", "plans to join").
pub(crate) fn intended(frame: &Frame, cues: &Cues, from: usize, to: usize) -> bool {
    any_in(frame, &cues.intent, &cues.not_intent, from, to)
}

/// The hedges of a sentence: the smallest factor and the phrases as written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Hedges {
    pub factor: f32,
    pub phrases: Vec<String>,
}

/// Finds the hedges of the whole sentence. An attribution verb keeps up to two words (or a
/// name) before it: "media sources claimed", "French authorities believe".
pub(crate) fn hedges(frame: &Frame, text: &str, cues: &Cues) -> Hedges {
    let mut out = Hedges {
        factor: 1.0,
        phrases: Vec::new(),
    };
    let mut i = 0;
    while i < frame.len() {
        let u = &frame.units[i];
        let found = if u.is_word() {
            cues.hedge_index.get(&*u.fold).and_then(|list| {
                list.iter()
                    .map(|&k| &cues.hedges[k])
                    .find(|h| matches_at(frame, &h.words, i))
            })
        } else {
            None
        };
        let Some(h) = found else {
            i += 1;
            continue;
        };
        let end = i + h.words.len();
        let mut start = i;
        if h.attribution {
            let mut k = 0;
            while k < 2 && start > 0 {
                let u = &frame.units[start - 1];
                let takes = match u.kind {
                    UnitKind::Ent { .. } => true,
                    UnitKind::Word => !matches!(
                        &*u.fold,
                        "that"
                            | "and"
                            | "but"
                            | "as"
                            | "which"
                            | "who"
                            | "is"
                            | "was"
                            | "it"
                            | "has"
                            | "have"
                            | "had"
                            | "be"
                            | "been"
                            | "to"
                            | "of"
                    ),
                    _ => false,
                };
                if !takes {
                    break;
                }
                start -= 1;
                k += 1;
            }
        }
        let phrase = frame.span_of(start, end).slice(text).to_string();
        if !phrase.is_empty() && !out.phrases.contains(&phrase) {
            out.phrases.push(phrase);
        }
        out.factor = out.factor.min(h.factor);
        i = end;
    }
    out
}

/// The subject of the clause before unit `before`: after a leading adverbial ("In 2002, …",
/// "According to X, …") and after the last clause break that names someone (", while X …"),
/// the first entity, with the entities coordinated with it, that `ok` accepts.
pub(crate) fn clause_subject(
    m: &Matcher<'_>,
    cues: &Cues,
    before: usize,
    ok: &dyn Fn(usize) -> bool,
) -> Vec<usize> {
    let frame = m.frame;
    // A name governed by a preposition is not the subject ("broke with AQIM's leadership");
    // "Members of X" and "a faction led by X" are.
    let governed = |i: usize| {
        let mut k = i;
        while k > 0
            && frame.units[k - 1].is_word()
            && matches!(&*frame.units[k - 1].fold, "the" | "a" | "an")
        {
            k -= 1;
        }
        k > 0 && phrase_at(frame, &m.lists.prepositions, k - 1) == Some(1)
    };
    let unit_ok = |i: usize| frame.units.get(i).and_then(|u| u.entity()).is_some_and(ok);
    let first_ok = |i: usize| unit_ok(i) && !governed(i);
    let cs = frame.clause_start(before);
    let mut p = cs;
    while phrase_at(frame, &cues.openers, p).is_some() {
        // Skip to after the adverbial's comma, when there is one before the match.
        match (p..before).find(|&i| frame.units[i].is_punct(',')) {
            Some(c) => p = c + 1,
            None => break,
        }
    }
    // A later clause of the sentence has its own subject: "…, while ISWAP, which …",
    // "…, and the group was renamed …", "Emie revealed that Droukdel … held a meeting".
    for i in (p..before.saturating_sub(1)).rev() {
        let after = if frame.units[i].is_punct(',') {
            phrase_at(frame, &cues.clause_breaks, i + 1).map(|n| i + 1 + n)
        } else {
            phrase_at(frame, &cues.complementizers, i).map(|n| i + n)
        };
        if let Some(a) = after
            && (a..before).any(first_ok)
        {
            p = a;
            break;
        }
    }
    let Some(mut first) = (p..before).find(|&i| first_ok(i)) else {
        return Vec::new();
    };
    // "JNIM's emir, Iyad ag Ghali, traveled …": the apposition is the subject.
    if frame.units[first].possessive
        && let Some(k) = (first + 1..before.min(first + 5)).find(|&k| frame.units[k].is_punct(','))
        && (first + 1..k).all(|j| frame.units[j].is_word())
        && k + 1 < before
        && unit_ok(k + 1)
    {
        first = k + 1;
    }
    m.list_from(first, before, &unit_ok)
}

/// How a date relates to the statement next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateRole {
    /// Said with "since", "from", "beginning in".
    Start,
    /// Said with "until", "through", "ended in".
    End,
    Plain,
}

/// The date unit nearest to units `from..to` in the same clause, with its role.
pub(crate) fn nearest_date(
    frame: &Frame,
    cues: &Cues,
    from: usize,
    to: usize,
) -> Option<(usize, DateRole)> {
    let cs = frame.clause_start(from);
    let ce = frame.clause_end(to.saturating_sub(1).max(from));
    let mut best: Option<(usize, usize, usize)> = None;
    for i in cs..ce {
        let UnitKind::Date(d) = frame.units[i].kind else {
            continue;
        };
        // "led X from 1992 until strikes killed him in 2024": a date before an end word is the
        // other statement's, not the killing's.
        if i < from && (i + 1..from).any(|k| phrase_at(frame, &cues.end_words, k).is_some()) {
            continue;
        }
        let dist = if i < from {
            from - i
        } else if i >= to {
            i + 1 - to
        } else {
            0
        };
        if best.is_none_or(|(bd, _, _)| dist < bd) {
            best = Some((dist, i, d));
        }
    }
    let (_, unit, date) = best?;
    let role = match date_role(frame, cues, unit) {
        // "led X until a U.S. strike killed him in September 2014": an end word between the
        // statement and a later date makes that date its end.
        DateRole::Plain
            if unit >= to && (to..unit).any(|k| phrase_at(frame, &cues.end_words, k).is_some()) =>
        {
            DateRole::End
        }
        role => role,
    };
    Some((date, role))
}

/// The date a range's end word gives after date unit `unit`, in the same sentence: "from 1992
/// until Israeli strikes killed him on September 27, 2024" → the September date.
pub(crate) fn end_after(frame: &Frame, cues: &Cues, unit: usize) -> Option<usize> {
    let mut k = unit + 1;
    let mut seen_end = false;
    while k < frame.len() {
        match frame.units[k].kind {
            UnitKind::Date(d) if seen_end => return Some(d),
            UnitKind::Date(_) => return None,
            _ => {}
        }
        if frame.units[k].is_punct('.') || frame.units[k].is_punct(';') {
            return None;
        }
        if !seen_end && phrase_at(frame, &cues.end_words, k).is_some() {
            seen_end = true;
        }
        k += 1;
    }
    None
}

/// The role the words right before date unit `unit` give it.
pub(crate) fn date_role(frame: &Frame, cues: &Cues, unit: usize) -> DateRole {
    for back in 1..=2 {
        let Some(p) = unit.checked_sub(back) else {
            break;
        };
        if phrase_at(frame, &cues.end_words, p).is_some_and(|n| p + n == unit) {
            return DateRole::End;
        }
        if phrase_at(frame, &cues.start_words, p).is_some_and(|n| p + n == unit) {
            return DateRole::Start;
        }
    }
    DateRole::Plain
}
