//! The matching key of a name: two spellings that fold alike name the same thing.
//!
//! ```text
//! "Jama’at Nusrat al-Islam wal Muslimeen"  ─►  "jamaat nusrat islam wal muslimeen"
//! "Islamic State’s Sahel Province"         ─►  "islamic state sahel province"
//! "U.S. Department of State"               ─►  "us department of state"
//! "Ménaka", "MENAKA"                       ─►  "menaka"
//! ```
//!
//! Rules, in order (the word lists are in `data/eval.toml`):
//! 1. split into words at spaces, hyphens and punctuation; dots are deleted without splitting;
//! 2. drop a possessive ending (`’s`), then every apostrophe, quote and ayn/hamza mark;
//! 3. drop the Arabic article (`al`, `el`) when it is glued to the next word by a hyphen or
//!    written apart before a capitalized word, and an English leading article (`the`), never
//!    when it is the only word;
//! 4. lowercase, decompose (NFKD) and drop the diacritics, spell out letters such as `ß`.
//!
//! [`fold`] uses the full folding of DESIGN §4 from `dossier-names` (letter variants,
//! particles); [`fold_words`] is the plain word folding above, kept for names that key reduces
//! to nothing. Everything in this crate goes through [`fold`].

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::lexicon::{FoldData, lexicon};

/// The matching key of `name`: the project's own spelling-insensitive key
/// ([`dossier_names::key`]: case, marks, articles, particles and letter variants folded), or,
/// for a name made only of words that key drops, its folded words joined by single spaces.
/// Empty when the name has no letters or digits.
pub fn fold(name: &str) -> String {
    let key = dossier_names::key(name);
    if key.is_empty() {
        plain_fold(name)
    } else {
        key
    }
}

/// The plain folding: the folded words of `name` joined by single spaces.
pub fn plain_fold(name: &str) -> String {
    fold_words(name).join(" ")
}

/// The folded words of `name`, in order.
pub fn fold_words(name: &str) -> Vec<String> {
    let data = &lexicon().fold;
    let words = split(name, data);
    let keep = keep_mask(&words, data);
    words
        .iter()
        .zip(keep)
        .filter(|(_, keep)| *keep)
        .map(|(w, _)| fold_word(&w.text, data))
        .filter(|w| !w.is_empty())
        .collect()
}

/// A word as written (marks removed), and whether a hyphen glues it to the next one.
struct Word {
    text: String,
    hyphen_after: bool,
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn split(name: &str, data: &FoldData) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut current = String::new();
    // The separators seen since the last word ended: only hyphens means "glued".
    let mut only_hyphens = true;
    let flush = |current: &mut String, words: &mut Vec<Word>| {
        let text = clean_word(current, data);
        current.clear();
        if !text.is_empty() {
            words.push(Word {
                text,
                hyphen_after: false,
            });
        }
    };
    for c in name.chars() {
        if data.joiners.contains(&c) {
            continue;
        }
        if data.marks.contains(&c) || c.is_alphanumeric() {
            if current.is_empty() {
                if let Some(last) = words.last_mut() {
                    last.hyphen_after = only_hyphens;
                }
                only_hyphens = true;
            }
            current.push(c);
        } else {
            if !current.is_empty() {
                flush(&mut current, &mut words);
            }
            only_hyphens &= is_hyphen(c);
        }
    }
    flush(&mut current, &mut words);
    words
}

/// Removes a possessive ending, then the marks.
fn clean_word(raw: &str, data: &FoldData) -> String {
    let mut w = raw;
    for p in &data.possessives {
        if let Some(stem) = w.strip_suffix(p.as_str()).filter(|s| !s.is_empty()) {
            w = stem;
            break;
        }
    }
    w.chars().filter(|c| !data.marks.contains(c)).collect()
}

/// Which words survive the article rules.
fn keep_mask(words: &[Word], data: &FoldData) -> Vec<bool> {
    let mut keep = vec![true; words.len()];
    for (i, w) in words.iter().enumerate() {
        let Some(next) = words.get(i + 1) else {
            break;
        };
        let lower = w.text.to_lowercase();
        let next_capital = next.text.chars().next().is_some_and(char::is_uppercase);
        if data.articles.contains(&lower) && (w.hyphen_after || next_capital) {
            keep[i] = false;
        }
        if i == 0 && data.leading_articles.contains(&lower) {
            keep[i] = false;
        }
    }
    keep
}

fn fold_word(word: &str, data: &FoldData) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.to_lowercase().nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if let Some(s) = data.letters.get(&c) {
            out.push_str(s);
        } else if c.is_alphanumeric() {
            out.push(c);
        }
    }
    out
}

/// True when the words of `needle` occur as consecutive words of `haystack` (both folded).
pub(crate) fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty()
        && haystack.len() >= needle.len()
        && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_apostrophes_articles_and_possessives() {
        assert_eq!(
            plain_fold("Jama’at Nusrat al-Islam wal Muslimeen"),
            "jamaat nusrat islam wal muslimeen"
        );
        assert_eq!(
            plain_fold("Jama'at Nusrat al Islam wa al Muslimeen"),
            "jamaat nusrat islam wa muslimeen"
        );
        assert_eq!(
            plain_fold("Islamic State’s Sahel Province"),
            plain_fold("Islamic State Sahel province")
        );
        assert_eq!(plain_fold("Ghaly’s"), "ghaly");
        assert_eq!(plain_fold("ʿAbd al-Rahman"), "abd rahman");
    }

    #[test]
    fn al_qaeda_spellings_agree() {
        let key = plain_fold("al-Qaeda");
        for v in ["Al Qaeda", "al Qaeda", "AL-QAEDA", "Al-Qaeda", "al‑Qaeda"] {
            assert_eq!(plain_fold(v), key, "{v}");
        }
        assert_eq!(key, "qaeda");
    }

    #[test]
    fn article_before_lowercase_word_is_kept() {
        // Written apart and not before a name: not an article we can be sure of.
        assert_eq!(plain_fold("wa al muslimeen"), "wa al muslimeen");
        // Alone it is the whole name.
        assert_eq!(plain_fold("Al"), "al");
        assert_eq!(plain_fold("The"), "the");
        assert_eq!(plain_fold("the Kingdom"), "kingdom");
        // "the" inside a name stays.
        assert_eq!(
            plain_fold("Islamic State in the Greater Sahara"),
            "islamic state in the greater sahara"
        );
    }

    #[test]
    fn diacritics_case_and_dots() {
        assert_eq!(plain_fold("Ménaka"), "menaka");
        assert_eq!(plain_fold("MÉNAKA"), "menaka");
        assert_eq!(plain_fold("Amadou Toumani Touré"), "amadou toumani toure");
        assert_eq!(plain_fold("Straße Øresund"), "strasse oresund");
        assert_eq!(
            plain_fold("U.S. Department of State"),
            "us department of state"
        );
        assert_eq!(plain_fold("U.N."), plain_fold("UN"));
        assert_eq!(
            plain_fold("Hezbollah–linked  “group”"),
            "hezbollah linked group"
        );
    }

    #[test]
    fn hostile_input_folds_to_something_bounded() {
        assert_eq!(plain_fold(""), "");
        assert_eq!(plain_fold("’’’ --- ..."), "");
        assert_eq!(plain_fold("\u{0301}\u{0301}a"), "a");
        let huge = "al-Qaeda ".repeat(50_000);
        let folded = plain_fold(&huge);
        assert_eq!(folded.len(), "qaeda ".len() * 50_000 - 1);
        assert_eq!(plain_fold("\u{202E}Ghaly\u{200B}"), "ghaly");
    }

    #[test]
    fn the_matching_key_folds_spelling_variants() {
        assert_eq!(fold("Iyad ag Ghali"), fold("Iyad Ag Ghaly"));
        assert_eq!(fold("Amadou Kouffa"), fold("Amadou Koufa"));
        assert_eq!(fold("Ansar al-Dine"), fold("Ansar Eddine"));
        assert_ne!(fold("Niger"), fold("Nigeria"));
        assert_eq!(fold("’’’ --- ..."), "");
    }

    #[test]
    fn containment_is_by_whole_words() {
        let hay = fold_words("JNIM will likely not pursue");
        assert!(contains_words(&hay, &fold_words("will likely")));
        assert!(!contains_words(&hay, &fold_words("likely pursue")));
        assert!(!contains_words(&hay, &fold_words("ill likely")));
        assert!(!contains_words(&hay, &[]));
    }
}
