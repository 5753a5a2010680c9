//! Comparison of two names: a score in [0, 1] and the reasons, in words an analyst can check.
//!
//! ```text
//! compare("Iyad ag Ghali", "Iyad Ag Ghaly")
//!   ─►  1.0   ["iyad = iyad", "ag = ag", "ghali ~ ghaly (y/i)"]
//! compare("Ghaly", "Iyad Ag Ghaly")
//!   ─►  0.588 ["ghaly = ghaly", "only in “Iyad Ag Ghaly”: iyad, ag", "partial: ..."]
//! compare("JNIM", "Jama’at Nusrat al-Islam wal Muslimeen")
//!   ─►  0.9   ["acronym JNIM = Jama’at Nusrat al-Islam wal Muslimeen", ...]
//! ```
//!
//! Both names are folded and split into tokens. Every pair of words is scored (same skeleton 1,
//! same consonants when one side is Arabic script, an initial, a near spelling by edit distance),
//! and so are two words written as one ("Abdel Malek" ~ "Abdelmalek") and an acronym against a
//! run of words. The best pairs are taken greedily, each word once. The score is the weighted
//! share of matched words on both sides (a Dice coefficient):
//! `Σ similarity × (weight left + weight right) ÷ (all weights left + all weights right)`, with
//! the weights of the rules (content 1, particle less, stop word almost nothing, articles and
//! titles 0). A name that is part of the other ("Ghaly", "Islamic State") gets a partial score.
//!
//! **Invariant:** `compare(a, b)` and `compare(b, a)` have the same score (the work is done on
//! the two names in a fixed order), and a name with a letter or digit scores 1 against itself.

use std::ops::Range;

use serde::Serialize;

use crate::fold::Folded;
use crate::rules::Rules;
use crate::similar;
use crate::token::{Token, TokenKind};

/// The result of [`Rules::compare`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// 1 for the same name, 0 for nothing in common; rounded to three decimals.
    pub score: f32,
    /// What matched, what was folded or dropped, and what was left over, one line each.
    pub explanation: Vec<String>,
}

/// One name, ready to compare.
struct Side<'a> {
    raw: &'a str,
    folded: Folded,
    tokens: Vec<Token>,
    arabic: bool,
    truncated: bool,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum How {
    Same,
    Variant(u64),
    Near,
    Consonants,
    Initial,
    Joined,
    Acronym,
}

#[derive(Clone, Debug)]
struct Pair {
    x: Range<usize>,
    y: Range<usize>,
    sim: f64,
    how: How,
}

/// Characters of the Arabic script blocks (letters, presentation forms).
pub(crate) fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// At most `max` characters of `s`, trimmed, with "…" when cut.
fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

fn quote(s: &str) -> String {
    format!("“{}”", shorten(s, 60))
}

impl Rules {
    fn side<'a>(&self, raw: &'a str) -> Side<'a> {
        let folded = self.fold(raw);
        let (tokens, truncated) = self.limited_tokens(&folded);
        Side {
            raw,
            folded,
            tokens,
            arabic: raw.chars().any(is_arabic),
            truncated,
        }
    }

    pub(crate) fn weight(&self, t: &Token) -> f64 {
        match t.kind {
            TokenKind::Content => self.weights.content,
            TokenKind::Particle => self.weights.particle,
            TokenKind::StopWord => self.weights.stop_word,
            TokenKind::Article | TokenKind::Title => 0.0,
        }
    }

    /// Compares two names (see the module documentation).
    pub fn compare(&self, a: &str, b: &str) -> Comparison {
        let (sa, sb) = (self.side(a), self.side(b));
        if sa.folded.is_empty() || sb.folded.is_empty() {
            let mut explanation = Vec::new();
            for s in [&sa, &sb] {
                if s.folded.is_empty() {
                    explanation.push(format!("{} has no letter or digit", quote(s.raw)));
                }
            }
            return Comparison {
                score: 0.0,
                explanation,
            };
        }
        // The work is done in a fixed order of the two names, so the score is symmetric.
        let swapped = (&sb.folded, sb.raw) < (&sa.folded, sa.raw);
        let (x, y) = if swapped { (&sb, &sa) } else { (&sa, &sb) };
        let pairs = self.align(x, y);

        let total = x
            .tokens
            .iter()
            .chain(&y.tokens)
            .fold(0.0, |sum, t| sum + self.weight(t));
        let mut shares: Vec<f64> = pairs
            .iter()
            .map(|p| {
                let w: f64 = x.tokens[p.x.clone()]
                    .iter()
                    .chain(&y.tokens[p.y.clone()])
                    .map(|t| self.weight(t))
                    .sum();
                p.sim * w
            })
            .collect();
        shares.sort_by(f64::total_cmp);
        let matched = shares.iter().fold(0.0, |sum, s| sum + s);
        let score = if x.folded == y.folded {
            1.0
        } else if total > 0.0 {
            (matched / total).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let explanation = self.explain(x, y, &pairs, swapped);
        Comparison {
            score: ((score * 1000.0).round() / 1000.0) as f32,
            explanation,
        }
    }

    /// How alike two single words are, if at all.
    fn word_sim(&self, a: &Token, b: &Token, arabic: bool) -> Option<(f64, How)> {
        if a.skeleton == b.skeleton {
            return Some(if a.text == b.text {
                (1.0, How::Same)
            } else {
                (1.0, How::Variant(a.variants ^ b.variants))
            });
        }
        let has_digit = |t: &Token| t.text.bytes().any(|c| c.is_ascii_digit());
        if has_digit(a) || has_digit(b) {
            return None;
        }
        let (short, long) = if a.text.len() <= b.text.len() {
            (a, b)
        } else {
            (b, a)
        };
        if short.text.len() == 1 {
            let initial = short.kind == TokenKind::Content
                && long.kind == TokenKind::Content
                && long.text.as_bytes().first() == short.text.as_bytes().first();
            return initial.then_some((self.scores.initial, How::Initial));
        }
        self.skeleton_sim(&a.skeleton, &b.skeleton, arabic)
    }

    /// How alike two different skeletons of words longer than one letter and without digits
    /// are: same consonants (when one side came from Arabic script) or a near spelling. Shared
    /// with the screening index, so both score words alike.
    pub(crate) fn skeleton_sim(&self, a: &str, b: &str, arabic: bool) -> Option<(f64, How)> {
        if arabic {
            let (ca, cb) = (self.consonants(a), self.consonants(b));
            if ca.len().min(cb.len()) >= 2 && self.same_consonants(&ca, &cb) {
                return Some((self.scores.consonants, How::Consonants));
            }
        }
        let max = self.limits.max_edit_len;
        if a.len() <= max && b.len() <= max {
            let sim = similar::similarity(
                a.as_bytes(),
                b.as_bytes(),
                |c| self.is_vowel(c),
                self.scores.vowel_cost,
            );
            if sim >= self.scores.near_miss_min {
                return Some((sim, How::Near));
            }
        }
        None
    }

    /// Equal consonants, or equal but for one optional final consonant (ta marbuta).
    pub(crate) fn same_consonants(&self, a: &str, b: &str) -> bool {
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        short == long
            || (long.len() == short.len() + 1
                && long.starts_with(short)
                && long
                    .as_bytes()
                    .last()
                    .is_some_and(|c| self.optional_final_consonants.contains(c)))
    }

    /// The candidate pairs of words, best first, then taken greedily.
    fn align(&self, x: &Side<'_>, y: &Side<'_>) -> Vec<Pair> {
        let arabic = x.arabic || y.arabic;
        let counts = |t: &&Token| !matches!(t.kind, TokenKind::Article | TokenKind::Title);
        let mut cands: Vec<Pair> = Vec::new();
        for (i, tx) in x.tokens.iter().enumerate() {
            if !counts(&tx) {
                continue;
            }
            for (j, ty) in y.tokens.iter().enumerate() {
                if !counts(&ty) {
                    continue;
                }
                if let Some((sim, how)) = self.word_sim(tx, ty, arabic) {
                    cands.push(Pair {
                        x: i..i + 1,
                        y: j..j + 1,
                        sim,
                        how,
                    });
                }
            }
        }
        self.joins(&x.tokens, &y.tokens, false, &mut cands);
        self.joins(&y.tokens, &x.tokens, true, &mut cands);
        self.acronyms(&x.tokens, &y.tokens, false, &mut cands);
        self.acronyms(&y.tokens, &x.tokens, true, &mut cands);

        let cover = |p: &Pair| -> f64 {
            x.tokens[p.x.clone()]
                .iter()
                .chain(&y.tokens[p.y.clone()])
                .map(|t| self.weight(t))
                .sum()
        };
        cands.sort_by(|p, q| {
            q.sim
                .total_cmp(&p.sim)
                .then(cover(q).total_cmp(&cover(p)))
                .then(p.x.start.cmp(&q.x.start))
                .then(p.y.start.cmp(&q.y.start))
                .then(p.x.end.cmp(&q.x.end))
                .then(p.y.end.cmp(&q.y.end))
        });
        let mut used_x = vec![false; x.tokens.len()];
        let mut used_y = vec![false; y.tokens.len()];
        let mut taken = Vec::new();
        for p in cands {
            if used_x[p.x.clone()]
                .iter()
                .chain(&used_y[p.y.clone()])
                .any(|&u| u)
            {
                continue;
            }
            used_x[p.x.clone()].fill(true);
            used_y[p.y.clone()].fill(true);
            taken.push(p);
        }
        taken
    }

    /// Two adjacent words of `two` written as one word of `one` ("abdel malek" ~ "abdelmalek",
    /// "wa al" ~ "wal").
    fn joins(&self, two: &[Token], one: &[Token], flip: bool, cands: &mut Vec<Pair>) {
        let mut joined = String::new();
        for i in 0..two.len().saturating_sub(1) {
            let (a, b) = (&two[i], &two[i + 1]);
            if a.kind == TokenKind::Title || b.kind == TokenKind::Title {
                continue;
            }
            joined.clear();
            joined.push_str(&a.text);
            joined.push_str(&b.text);
            let (skeleton, _) = self.skeleton(&joined);
            for (j, t) in one.iter().enumerate() {
                if matches!(t.kind, TokenKind::Title | TokenKind::Article) || t.skeleton != skeleton
                {
                    continue;
                }
                let (x, y) = if flip {
                    (j..j + 1, i..i + 2)
                } else {
                    (i..i + 2, j..j + 1)
                };
                cands.push(Pair {
                    x,
                    y,
                    sim: 1.0,
                    how: How::Joined,
                });
            }
        }
    }

    /// A word of `short` that is the acronym of a run of words of `long`.
    fn acronyms(&self, short: &[Token], long: &[Token], flip: bool, cands: &mut Vec<Pair>) {
        for (i, t) in short.iter().enumerate() {
            let letters = t.text.as_bytes();
            if t.kind != TokenKind::Content
                || !(2..=self.max_acronym_letters).contains(&letters.len())
                || !letters.iter().all(u8::is_ascii_alphabetic)
            {
                continue;
            }
            for s in 0..long.len() {
                if matches!(long[s].kind, TokenKind::StopWord | TokenKind::Title) {
                    continue;
                }
                let mut required = 0;
                for e in s + 1..=long.len() {
                    if long[e - 1].kind == TokenKind::Content {
                        required += 1;
                    }
                    if required > letters.len() {
                        break;
                    }
                    if e - s < 2
                        || long[e - 1].kind != TokenKind::Content
                        || !self.acronym_matches(letters, &long[s..e])
                    {
                        continue;
                    }
                    let (x, y) = if flip {
                        (s..e, i..i + 1)
                    } else {
                        (i..i + 1, s..e)
                    };
                    cands.push(Pair {
                        x,
                        y,
                        sim: self.scores.acronym,
                        how: How::Acronym,
                    });
                }
            }
        }
    }

    fn explain(&self, x: &Side<'_>, y: &Side<'_>, pairs: &[Pair], swapped: bool) -> Vec<String> {
        let (first, second) = if swapped { (y, x) } else { (x, y) };
        let mut out = Vec::new();
        for s in [first, second] {
            let plain = s.raw.split_whitespace().collect::<Vec<_>>().join(" ");
            if plain.to_lowercase() != s.folded.as_str() {
                let verb = if s.arabic { "transliterated" } else { "folded" };
                out.push(format!(
                    "{verb} {} → {}",
                    quote(s.raw),
                    quote(s.folded.as_str())
                ));
            }
        }
        if x.folded == y.folded {
            out.push("same name after folding".to_string());
        }
        // Pairs in the order of the first name as given.
        let mut ordered: Vec<&Pair> = pairs.iter().collect();
        ordered.sort_by_key(|p| if swapped { p.y.start } else { p.x.start });
        let words = |tokens: &[Token]| {
            tokens
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for p in ordered {
            let (wx, wy) = (words(&x.tokens[p.x.clone()]), words(&y.tokens[p.y.clone()]));
            let (l, r) = if swapped { (wy, wx) } else { (wx, wy) };
            out.push(match p.how {
                How::Same => format!("{l} = {r}"),
                How::Variant(mask) => {
                    format!("{l} ~ {r} ({})", self.variant_labels(mask).join(", "))
                }
                How::Near => format!("{l} ~ {r} (near spelling, {:.2})", p.sim),
                How::Consonants => format!(
                    "{l} ~ {r} (same consonants; Arabic script leaves short vowels unwritten)"
                ),
                How::Initial => format!("{l} ~ {r} (initial)"),
                How::Joined => format!("{l} ~ {r} (written as one word)"),
                How::Acronym => {
                    let (short_side, long_side, range) = if p.x.len() == 1 && p.y.len() > 1 {
                        (x, y, p.y.clone())
                    } else {
                        (y, x, p.x.clone())
                    };
                    let short_range = if p.x.len() == 1 && p.y.len() > 1 {
                        p.x.clone()
                    } else {
                        p.y.clone()
                    };
                    let acronym = words(&short_side.tokens[short_range]).to_ascii_uppercase();
                    let whole = long_side
                        .tokens
                        .iter()
                        .enumerate()
                        .all(|(k, t)| range.contains(&k) || self.weight(t) == 0.0);
                    let long = if whole {
                        shorten(long_side.raw, 80)
                    } else {
                        words(&long_side.tokens[range])
                    };
                    format!("acronym {acronym} = {long}")
                }
            });
        }
        let mut used = [vec![false; x.tokens.len()], vec![false; y.tokens.len()]];
        for p in pairs {
            used[0][p.x.clone()].fill(true);
            used[1][p.y.clone()].fill(true);
        }
        let (used_first, used_second) = if swapped {
            (&used[1], &used[0])
        } else {
            (&used[0], &used[1])
        };
        for (s, used) in [(first, used_first), (second, used_second)] {
            let mut dropped: Vec<String> = Vec::new();
            for t in &s.tokens {
                match t.kind {
                    TokenKind::Article if t.glued => dropped.push(format!(
                        "dropped article {}- (glued to the next word)",
                        t.text
                    )),
                    TokenKind::Article => dropped.push(format!("dropped article {}-", t.text)),
                    TokenKind::Title => dropped.push(format!("ignored title {}", t.text)),
                    _ => {}
                }
            }
            dropped.dedup();
            out.extend(dropped);
            let left: Vec<&str> = s
                .tokens
                .iter()
                .zip(used.iter())
                .filter(|(t, u)| !**u && self.weight(t) > 0.0)
                .map(|(t, _)| t.text.as_str())
                .collect();
            if !left.is_empty() {
                out.push(format!("only in {}: {}", quote(s.raw), left.join(", ")));
            }
        }
        let complete = |s: &Side<'_>, used: &[bool]| {
            s.tokens
                .iter()
                .zip(used)
                .all(|(t, u)| *u || self.weight(t) == 0.0)
        };
        let (cf, cs) = (complete(first, used_first), complete(second, used_second));
        if pairs.is_empty() {
            out.push("no word in common".to_string());
        } else if cf != cs {
            let (part, whole) = if cf { (first, second) } else { (second, first) };
            out.push(format!(
                "partial: all of {} is in {}, which says more",
                quote(part.raw),
                quote(whole.raw)
            ));
        }
        for s in [first, second] {
            if s.truncated {
                out.push(format!(
                    "only the first {} words of {} were compared",
                    self.limits.max_tokens,
                    quote(s.raw)
                ));
            }
        }
        out
    }
}
