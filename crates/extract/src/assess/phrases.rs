//! Estimative terms in a sentence, grown into the phrase as written.
//!
//! ```text
//! "JNIM will likely not pursue attacks, and it may try."
//!   ─► "will likely not" (term `likely`, band likely, negated) · "may" (hedge, no band)
//! ```
//!
//! At each token the term rules that match and whose neighbour conditions hold compete: the
//! longest match wins, then the earliest rule in the file. A winning `skip` rule means "no
//! judgement here" ("an unlikely alliance"). A term with `attach` takes in the auxiliary before
//! it ("will", "is", and "it" before a copula), and after it a modal ("likely will"), a tail
//! ("to", "that") or a negation ("not", "won't", "does not"), which makes it negated.

use super::lexicon::{Lexicon, Rule};
use super::pattern::Env;

/// A term found in a sentence. Token ranges are half-open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Index into [`Lexicon::terms`].
    pub rule: usize,
    /// The tokens the rule matched.
    pub core: (usize, usize),
    /// The tokens of the phrase as written.
    pub phrase: (usize, usize),
    pub negated: bool,
}

/// Every term of the sentence, in order, without overlaps.
pub fn scan(lex: &Lexicon, env: &Env<'_, '_>) -> Vec<Found> {
    let toks = env.tokens;
    let mut out: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut best: Option<(usize, usize)> = None;
        lex.index.terms.each(&toks[i].low, |r| {
            let rule = &lex.terms[r];
            if let Some(m) = rule.pattern.match_at(env, i)
                && rule.fits(toks, i, m.end)
                && best.is_none_or(|(end, _)| m.end > end)
            {
                best = Some((m.end, r));
            }
        });
        let Some((end, r)) = best else {
            i += 1;
            continue;
        };
        let rule = &lex.terms[r];
        if rule.skip {
            i = end;
            continue;
        }
        let found = grow(lex, rule, env, r, i, end);
        // A bare hedge ("would") swallowed by the next phrase ("would likely") or bridged to a
        // banded term of the same verb ("would also most likely") gives way.
        if let Some(last) = out.last() {
            let overlaps = last.phrase.1 > found.phrase.0;
            let bridged = rule.band.is_some()
                && last.phrase.1 <= found.phrase.0
                && found.phrase.0 - last.phrase.1 <= 2
                && (last.phrase.1..found.phrase.0).all(|k| lex.phrase.bridge.accepts(&toks[k]));
            if (overlaps || bridged) && lex.terms[last.rule].band.is_none() {
                out.pop();
            } else if overlaps {
                i = end;
                continue;
            }
        }
        i = found.phrase.1.max(end);
        out.push(found);
    }
    out
}

fn grow(lex: &Lexicon, rule: &Rule, env: &Env<'_, '_>, r: usize, a: usize, b: usize) -> Found {
    let toks = env.tokens;
    let p = &lex.phrase;
    let at = |i: usize| toks.get(i);
    let is = |e: &super::pattern::Elem, i: usize| at(i).is_some_and(|t| e.accepts(t));
    let (mut s, mut e) = (a, b);
    if rule.attach && s > 0 && is(&p.before, s - 1) {
        s -= 1;
        if s > 0 && is(&p.copulas, s) && is(&p.lead_in, s - 1) {
            s -= 1;
        }
    }
    let mut negated = false;
    let negation_at = |k: usize| is(&p.negations, k) && !is(&p.not_negation_before, k + 1);
    if rule.attach && is(&p.tail, b) {
        e = b + 1;
    } else {
        let mut k = b;
        if rule.attach && is(&p.modals_after, k) {
            k += 1;
            e = k;
        }
        if negation_at(k) || is(&p.negated_auxiliaries, k) {
            negated = true;
            e = k + 1;
        } else if is(&p.auxiliaries_after, k) && negation_at(k + 1) {
            negated = true;
            e = k + 2;
        }
    }
    Found {
        rule: r,
        core: (a, b),
        phrase: (s, e),
        negated,
    }
}
