//! The clause an estimative phrase governs, and the claim written from it.
//!
//! ```text
//! "The junta has undermined MINUSMA, however, which will likely lead the mission's
//!  withdrawal, allowing JNIM free access to urban centers."
//!   clause ─► "which will likely lead the mission's withdrawal"   (", allowing" ends it)
//!   claim  ─► "The junta has undermined MINUSMA, however, which will likely lead the mission's
//!              withdrawal"                                        (a relative clause takes in
//!                                                                  its antecedent's clause)
//! ```
//!
//! A clause ends at a hard mark (`;`, `:`, a dash) or at a comma that opens another clause: a
//! comma followed by a word of `comma_openers` ("but", "which", "even if", "a takeover that")
//! or by an `-ing` participle ("allowing") that is not in `participle_keep` ("including").
//! Searches look at most [`WINDOW`] tokens either side, so a sentence of any length costs the
//! same per phrase.

use dossier_model::Span;

use super::lexicon::Lexicon;
use super::pattern::{Env, span_of};

/// How far a clause search looks, in tokens, either side of the phrase.
pub const WINDOW: usize = 120;

/// The longest claim kept, in bytes; longer ones are cut at a word and end with "…".
pub const MAX_CLAIM_BYTES: usize = 600;

/// A clause around a phrase, as token ranges of the sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clause {
    /// The clause proper: `start..end`.
    pub start: usize,
    pub end: usize,
    /// Where the claim starts: `start`, or the start of the antecedent's clause for a relative
    /// clause.
    pub claim_start: usize,
}

/// The clause around the phrase tokens `a..b`.
pub fn find(lex: &Lexicon, env: &Env<'_, '_>, a: usize, b: usize) -> Clause {
    let n = env.tokens.len();
    let start = left_edge(lex, env, a);
    let hi = n.min(b.saturating_add(WINDOW));
    let end = (b..hi).find(|&j| is_boundary(lex, env, j)).unwrap_or(hi);
    let mut claim_start = start;
    let relative = env
        .tokens
        .get(start)
        .is_some_and(|t| lex.clause.relatives.accepts(t));
    if relative && start >= 2 {
        claim_start = left_edge(lex, env, start - 1);
    }
    Clause {
        start,
        end,
        claim_start,
    }
}

/// The first token of the clause that token `a` is in.
fn left_edge(lex: &Lexicon, env: &Env<'_, '_>, a: usize) -> usize {
    let lo = a.saturating_sub(WINDOW);
    (lo..a)
        .rev()
        .find(|&j| is_boundary(lex, env, j))
        .map_or(lo, |j| j + 1)
}

/// True when token `j` ends a clause (a hard mark, or a comma opening another clause).
fn is_boundary(lex: &Lexicon, env: &Env<'_, '_>, j: usize) -> bool {
    let Some(t) = env.tokens.get(j) else {
        return false;
    };
    if t.word {
        return false;
    }
    if lex.clause.hard.contains(&*t.low) {
        return true;
    }
    if t.low != "," {
        return false;
    }
    let next = j + 1;
    if lex
        .clause
        .comma_exceptions
        .iter()
        .any(|p| p.match_at(env, next).is_some())
    {
        return false;
    }
    if lex
        .clause
        .comma_openers
        .iter()
        .any(|p| p.match_at(env, next).is_some())
    {
        return true;
    }
    env.tokens.get(next).is_some_and(|w| {
        w.word
            && w.is_lowercase()
            && w.low.len() >= 6
            && w.low.ends_with("ing")
            && !lex.clause.participle_keep.contains(&*w.low)
    })
}

/// The claim text of tokens `s..e`: leading conjunctions and commas and trailing punctuation
/// dropped, figure references ("(Figure 2)") cut out, spaces collapsed, length capped. Returns
/// the text and the span it was taken from.
pub fn claim_text(
    text: &str,
    lex: &Lexicon,
    env: &Env<'_, '_>,
    s: usize,
    e: usize,
) -> (String, Span) {
    let toks = env.tokens;
    let (mut s, mut e) = (s, e.min(toks.len()));
    while s < e && (toks[s].low == "," || lex.clause.strip_words.accepts(&toks[s])) {
        s += 1;
    }
    while e > s && !toks[e - 1].word && !matches!(&*toks[e - 1].low, ")" | "\"" | "'") {
        e -= 1;
    }
    if s >= e {
        return (String::new(), Span::default());
    }
    let mut out = String::new();
    let mut piece = toks[s].span.start;
    let mut i = s;
    while i < e {
        let figure = toks[i].low == "("
            && toks
                .get(i + 1)
                .is_some_and(|t| lex.clause.figure_refs.accepts(t));
        // A foreign-link marker glued to the next word ("*carve out").
        let marker = toks[i].low == "*"
            && toks
                .get(i + 1)
                .is_some_and(|t| t.word && t.span.start == toks[i].span.end);
        if let Some(close) = figure
            .then(|| (i + 1..e).find(|&k| toks[k].low == ")"))
            .flatten()
        {
            out.push_str(text.get(piece..toks[i].span.start).unwrap_or("").trim_end());
            piece = toks[close].span.end;
            i = close + 1;
        } else if marker {
            out.push_str(text.get(piece..toks[i].span.start).unwrap_or(""));
            piece = toks[i].span.end;
            i += 1;
        } else {
            i += 1;
        }
    }
    out.push_str(text.get(piece..toks[e - 1].span.end).unwrap_or(""));
    let mut claim = out.split_whitespace().collect::<Vec<_>>().join(" ");
    while claim.ends_with([',', ';', ':', '.']) {
        claim.pop();
    }
    if claim.len() > MAX_CLAIM_BYTES {
        let mut cut = MAX_CLAIM_BYTES;
        while !claim.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = claim[..cut].rfind(' ').unwrap_or(cut);
        claim.truncate(cut);
        claim.push('…');
    }
    (claim, span_of(toks, s, e))
}
