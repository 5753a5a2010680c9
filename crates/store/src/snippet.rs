//! Snippets of search hits, cut from the sentence text with the matched words located.
//!
//! ```text
//! sentence  "Fighters of Ansar-Dine and JNIM met near Kidal."
//! terms     [ansar dine] [kid*]
//! snippet   Snippet { text: "Fighters of Ansar-Dine and JNIM met near Kidal.",
//!                     highlights: [12..22, 41..46] }           ("Ansar-Dine", "Kidal")
//! ```
//!
//! The search index keeps no text, so FTS5 cannot cut snippets itself. Words are found and
//! folded as its `unicode61 remove_diacritics 2` tokenizer does (a word starts with a letter
//! or digit and runs over letters, digits and combining marks; case and diacritics fold away),
//! so the words highlighted are the words that matched. A sentence longer than the snippet is
//! cut to the window of words holding the most query terms, with `…` where it was cut.

use dossier_model::Span;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::search::Snippet;

/// The most matches located in one sentence; more are not needed to place a snippet.
const MAX_MATCHES: usize = 10_000;

/// A word of a text: where it is, and its folded form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Word {
    pub span: Span,
    pub folded: String,
}

/// A query term: the folded words of a phrase; with `prefix`, the last word matches any word
/// that starts with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Term {
    pub words: Vec<String>,
    pub prefix: bool,
}

impl Term {
    pub(crate) fn new(raw: &str, prefix: bool) -> Term {
        Term {
            words: words(raw).into_iter().map(|w| w.folded).collect(),
            prefix,
        }
    }
}

/// The words of `text`, folded.
pub(crate) fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !starts_word(c) {
            continue;
        }
        let mut folded = String::new();
        fold_into(c, &mut folded);
        let mut end = start + c.len_utf8();
        while let Some(&(at, c)) = chars.peek() {
            if !continues_word(c) {
                break;
            }
            fold_into(c, &mut folded);
            end = at + c.len_utf8();
            chars.next();
        }
        out.push(Word {
            span: Span::new(start, end),
            folded,
        });
    }
    out
}

fn starts_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() && !is_combining_mark(c)
    }
}

fn continues_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// Appends `c` lowercased, without diacritics.
fn fold_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    decompose_canonical(c, |d| {
        if !is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    });
}

/// One match of a term: the first and last word it covers, and which term it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Match {
    first: usize,
    last: usize,
    term: usize,
}

/// The snippet of `text` for `terms`: the whole text when it has at most `max_words` words,
/// else the window of `max_words` words with the most distinct terms (then the most matches),
/// with the matches placed near its middle.
pub(crate) fn snippet(text: &str, terms: &[Term], max_words: usize) -> Snippet {
    let words = words(text);
    let matches = find_matches(&words, terms);
    let n = words.len();
    let max_words = max_words.max(1);
    let (lo, hi) = if n <= max_words {
        (0, n)
    } else {
        let start = best_window(&matches, terms.len(), n, max_words);
        (start, start + max_words)
    };
    let start_byte = if lo == 0 { 0 } else { words[lo].span.start };
    let end_byte = if hi >= n {
        text.len()
    } else {
        words[hi - 1].span.end
    };
    let mut out = String::with_capacity(end_byte - start_byte + 6);
    if lo > 0 {
        out.push('…');
    }
    let base = out.len();
    out.push_str(text.get(start_byte..end_byte).unwrap_or(""));
    if hi < n {
        out.push('…');
    }
    let mut highlights: Vec<Span> = Vec::new();
    for m in matches.iter().filter(|m| m.first >= lo && m.last < hi) {
        let start = words[m.first].span.start - start_byte + base;
        let end = words[m.last].span.end - start_byte + base;
        match highlights.last_mut() {
            Some(prev) if start <= prev.end => prev.end = prev.end.max(end),
            _ => highlights.push(Span::new(start, end)),
        }
    }
    Snippet {
        text: out,
        highlights,
    }
}

/// Every match of every term, in order of position (at most [`MAX_MATCHES`]).
fn find_matches(words: &[Word], terms: &[Term]) -> Vec<Match> {
    let mut matches = Vec::new();
    for (t, term) in terms.iter().enumerate() {
        let len = term.words.len();
        if len == 0 || len > words.len() {
            continue;
        }
        for first in 0..=words.len() - len {
            let found = term.words.iter().enumerate().all(|(k, q)| {
                let w = &words[first + k].folded;
                if term.prefix && k + 1 == len {
                    w.starts_with(q.as_str())
                } else {
                    w == q
                }
            });
            if found {
                matches.push(Match {
                    first,
                    last: first + len - 1,
                    term: t,
                });
                if matches.len() >= MAX_MATCHES {
                    break;
                }
            }
        }
    }
    matches.sort_unstable();
    matches
}

/// The first word of the best window of `size` words over `n` words (`n > size`): the one
/// with the most distinct terms, then the most matches, then the earliest; moved back so that
/// its matches sit near the middle.
fn best_window(matches: &[Match], terms: usize, n: usize, size: usize) -> usize {
    let mut counts = vec![0usize; terms];
    let mut distinct = 0;
    // matches[left..right] start inside the window being looked at.
    let (mut left, mut right) = (0, 0);
    let mut best: Option<(usize, usize, usize)> = None; // (distinct terms, matches, start)
    for m in matches {
        let start = m.first.min(n - size);
        while right < matches.len() && matches[right].first < start + size {
            if counts[matches[right].term] == 0 {
                distinct += 1;
            }
            counts[matches[right].term] += 1;
            right += 1;
        }
        while left < right && matches[left].first < start {
            counts[matches[left].term] -= 1;
            if counts[matches[left].term] == 0 {
                distinct -= 1;
            }
            left += 1;
        }
        let inside = right - left;
        if inside > 0 && best.is_none_or(|(d, c, _)| (distinct, inside) > (d, c)) {
            let first = matches[left].first;
            let last = matches[right - 1].last.min(start + size - 1).max(first);
            let slack = size.saturating_sub(last - first + 1);
            best = Some((
                distinct,
                inside,
                first.saturating_sub(slack / 2).min(n - size),
            ));
        }
    }
    best.map_or(0, |(_, _, start)| start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.folded).collect()
    }

    fn marked(text: &str, terms: &[Term], max: usize) -> String {
        snippet(text, terms, max).marked("[", "]")
    }

    #[test]
    fn words_fold_case_and_diacritics_like_unicode61() {
        assert_eq!(
            folded("Ḥarakat al-Shabāb, ÉCOLE naïve 2023-03 O'Neil"),
            vec![
                "harakat", "al", "shabab", "ecole", "naive", "2023", "03", "o", "neil"
            ]
        );
        // Combining marks continue a word and fold away; they never start one.
        assert_eq!(folded("Sha\u{304}ba\u{304}b \u{301}x"), vec!["shabab", "x"]);
        assert_eq!(folded("غَالِي"), vec!["غالي"]);
        assert_eq!(folded(" ... — «» "), Vec::<String>::new());
        let w = words("a  Kidal.");
        assert_eq!(w[1].span, Span::new(3, 8));
    }

    #[test]
    fn phrases_and_prefixes_are_highlighted_as_they_match() {
        let text = "Fighters of Ansar-Dine and JNIM met near Kidal; \"NEAR\" was the codename.";
        let terms = [Term::new("ansar-dine", false), Term::new("kid", true)];
        assert_eq!(
            marked(text, &terms, 24),
            "Fighters of [Ansar-Dine] and JNIM met near [Kidal]; \"NEAR\" was the codename."
        );
        let terms = [Term::new("near", false)];
        assert_eq!(
            marked(text, &terms, 24),
            "Fighters of Ansar-Dine and JNIM met [near] Kidal; \"[NEAR]\" was the codename."
        );
        // Overlapping matches make one highlight.
        let terms = [Term::new("met near", false), Term::new("near kidal", false)];
        assert_eq!(
            marked(text, &terms, 24),
            "Fighters of Ansar-Dine and JNIM [met near Kidal]; \"NEAR\" was the codename."
        );
        // A word that does not match whole is not highlighted.
        let terms = [Term::new("kid", false)];
        assert_eq!(marked(text, &terms, 24), text);
    }

    #[test]
    fn long_sentences_are_cut_around_the_best_window() {
        let words: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
        let mut text = words.join(" ");
        text.push('.');
        let terms = [Term::new("w50", false)];
        assert_eq!(marked(&text, &terms, 5), "…w48 w49 [w50] w51 w52…");
        // The window with both terms wins over the one with the first term alone.
        let terms = [
            Term::new("w3", false),
            Term::new("w80", false),
            Term::new("w82", false),
        ];
        assert_eq!(marked(&text, &terms, 5), "…w79 [w80] w81 [w82] w83…");
        // At the ends, the text runs to the edge, punctuation included.
        assert_eq!(
            marked(&text, &[Term::new("w99", false)], 3),
            "…w97 w98 [w99]."
        );
        assert_eq!(marked(&text, &[Term::new("w0", false)], 3), "[w0] w1 w2…");
        // No match: the start of the sentence.
        assert_eq!(marked(&text, &[Term::new("zzz", false)], 3), "w0 w1 w2…");
        assert_eq!(marked("", &[Term::new("zzz", false)], 3), "");
        assert_eq!(marked(" — ", &[Term::new("zzz", false)], 3), " — ");
    }

    #[test]
    fn huge_sentences_stay_linear() {
        let text = "kidal ".repeat(200_000);
        let s = snippet(&text, &[Term::new("kidal", false)], 24);
        assert!(s.text.starts_with("[kidal]") || s.text.starts_with("kidal"));
        assert_eq!(s.highlights.len(), 24);
        assert!(s.text.ends_with('…'));
    }
}
