//! Tokens: the folded words of a name, each with its role and its skeleton.
//!
//! ```text
//! "Sheikh Iyad ag Ghaly"        ─►  sheikh (title) · iyad [iad] · ag (particle) · ghaly [gali]
//! "Ansar Eddine"                ─►  ansar [ansar] · ed (article, glued) · dine [din]
//! "al-Qaeda in the Maghreb"     ─►  al (article) · qaeda [kaida] · in (stop) · the (stop) · maghreb
//! ```
//!
//! Roles, decided from the word lists of the rules:
//! - **article**: `al`, `el`, `ul`, `il` before another word; an assimilated article (`ad`, `ash`,
//!   `an`...) before a word that starts with its consonant; or the glued form cut from the front
//!   of a word (`Eddine` ─► `ed` + `dine`);
//! - **stop word**: of, the, in, wa, wal, de...;
//! - **particle**: ag, ould, ben, bin, ibn, abu, umm... (by skeleton);
//! - **title**: a leading run of honorifics (Sheikh, Gen., President...), never the whole name;
//! - **content**: everything else. A name with no content word makes all its words content.

use std::ops::Range;

use serde::Serialize;

use crate::fold::Folded;
use crate::rules::Rules;
use crate::skeleton::Scratch;

/// The role of a word in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// A word that carries the identity of the name.
    Content,
    /// The Arabic article (al-, el-, ad-, ed-...): ignored when comparing.
    Article,
    /// A name particle (ag, ould, ben, abu...): counts, but less.
    Particle,
    /// A small word (of, the, wa, wal...): counts almost nothing.
    StopWord,
    /// A leading title or honorific (Sheikh, Gen., President...): ignored.
    Title,
}

/// One folded word of a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// The folded word ("ghaly").
    pub text: String,
    /// Its skeleton after the letter variants ("gali").
    pub skeleton: String,
    /// Its role.
    pub kind: TokenKind,
    /// The skeleton rules that changed it (bit i = rule i, see [`Rules::variant_labels`]).
    pub variants: u64,
    /// An article that was glued to the next word in writing ("ed" of "Eddine").
    pub glued: bool,
}

impl Token {
    /// Whether the word counts in comparisons and keys (content or particle).
    pub fn is_significant(&self) -> bool {
        matches!(self.kind, TokenKind::Content | TokenKind::Particle)
    }
}

/// The words of a folded name before they become owned [`Token`]s: ranges into the folded
/// text and into one string of skeletons, so classifying a name allocates little.
#[derive(Default)]
pub(crate) struct Words {
    pub(crate) skeletons: String,
    pub(crate) items: Vec<Word>,
}

pub(crate) struct Word {
    pub(crate) text: Range<usize>,
    pub(crate) skeleton: Range<usize>,
    pub(crate) kind: TokenKind,
    variants: u64,
    glued: bool,
}

impl Word {
    fn is_significant(&self) -> bool {
        matches!(self.kind, TokenKind::Content | TokenKind::Particle)
    }
}

impl Rules {
    /// Folds `name` and splits it into tokens.
    pub fn tokens(&self, name: &str) -> Vec<Token> {
        self.tokens_of(&self.fold(name))
    }

    /// The tokens of an already folded name.
    pub fn tokens_of(&self, folded: &Folded) -> Vec<Token> {
        let text = folded.as_str();
        let words = self.words(text);
        words
            .items
            .iter()
            .map(|w| Token {
                text: text[w.text.clone()].to_string(),
                skeleton: words.skeletons[w.skeleton.clone()].to_string(),
                kind: w.kind,
                variants: w.variants,
                glued: w.glued,
            })
            .collect()
    }

    /// The tokens of the first `limits.max_tokens` words of a folded name, and whether there
    /// were more: huge input costs no more than a long name.
    pub(crate) fn limited_tokens(&self, folded: &Folded) -> (Vec<Token>, bool) {
        let max = self.limits.max_tokens;
        let text = folded.as_str();
        let cut = text.match_indices(' ').nth(max).map(|(i, _)| i);
        let mut tokens = match cut {
            Some(i) => self.tokens_of(&Folded(text[..i].to_string())),
            None => self.tokens_of(folded),
        };
        let truncated = cut.is_some() || tokens.len() > max;
        tokens.truncate(max);
        (tokens, truncated)
    }

    /// The spelling-insensitive key of a name: the skeletons of its content words and particles
    /// joined by spaces (articles, stop words and leading titles left out). Two names with the
    /// same key are one name spelled two ways.
    pub fn key(&self, name: &str) -> String {
        let folded = self.fold(name);
        let words = self.words(folded.as_str());
        let mut key = String::with_capacity(words.skeletons.len() + words.items.len());
        for w in words.items.iter().filter(|w| w.is_significant()) {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(&words.skeletons[w.skeleton.clone()]);
        }
        key
    }

    /// Splits a folded text into classified words with their skeletons.
    pub(crate) fn words(&self, folded: &str) -> Words {
        let mut scratch = Scratch::default();
        let mut words = Words {
            skeletons: String::with_capacity(folded.len()),
            items: Vec::new(),
        };
        let mut offset = 0;
        for word in folded.split(' ') {
            let range = offset..offset + word.len();
            offset = range.end + 1;
            if word.is_empty() {
                continue;
            }
            match self.glued_article(word) {
                Some(cut) => {
                    let cut = range.start + cut;
                    self.push_word(folded, range.start..cut, true, &mut words, &mut scratch);
                    self.push_word(folded, cut..range.end, false, &mut words, &mut scratch);
                }
                None => self.push_word(folded, range, false, &mut words, &mut scratch),
            }
        }
        self.classify(folded, &mut words);
        words
    }

    fn push_word(
        &self,
        folded: &str,
        text: Range<usize>,
        glued: bool,
        words: &mut Words,
        scratch: &mut Scratch,
    ) {
        let start = words.skeletons.len();
        let variants = self.skeleton_into(&folded[text.clone()], &mut words.skeletons, scratch);
        words.items.push(Word {
            text,
            skeleton: start..words.skeletons.len(),
            kind: if glued {
                TokenKind::Article
            } else {
                TokenKind::Content
            },
            variants,
            glued,
        });
    }

    /// Where a glued assimilated article ends: "eddine" ─► Some(2) ("ed" + "dine").
    fn glued_article(&self, word: &str) -> Option<usize> {
        for v in &self.glued_vowels {
            let Some(after_vowel) = word.strip_prefix(v.as_str()) else {
                continue;
            };
            for sun in &self.sun_letters {
                let Some(rest) = after_vowel.strip_prefix(sun.as_str()) else {
                    continue;
                };
                if rest.starts_with(sun.as_str()) && rest.len() >= self.glued_min_rest {
                    return Some(v.len() + sun.len());
                }
            }
        }
        None
    }

    /// Whether `word` is an assimilated article before `next` ("ad" before "din").
    fn assimilated_article(&self, word: &str, next: &str) -> bool {
        self.assimilation_vowels.iter().any(|v| {
            word.strip_prefix(v.as_str()).is_some_and(|sun| {
                self.sun_letters.iter().any(|s| s == sun)
                    && next.len() > sun.len()
                    && next.starts_with(sun)
            })
        })
    }

    fn classify(&self, folded: &str, words: &mut Words) {
        let Words { skeletons, items } = words;
        let n = items.len();
        for i in 0..n {
            if items[i].kind == TokenKind::Article {
                continue;
            }
            let text = &folded[items[i].text.clone()];
            let next = items.get(i + 1).map(|w| &folded[w.text.clone()]);
            let kind = match next {
                Some(next)
                    if self.articles.iter().any(|a| a == text)
                        || self.assimilated_article(text, next) =>
                {
                    TokenKind::Article
                }
                _ if self.stop_words.contains(text) => TokenKind::StopWord,
                _ if self
                    .particles
                    .contains(&skeletons[items[i].skeleton.clone()]) =>
                {
                    TokenKind::Particle
                }
                _ => TokenKind::Content,
            };
            items[i].kind = kind;
        }
        // Leading titles (and articles among them: "al-Hajj"), keeping at least one word that
        // counts after them.
        let mut run = 0;
        while run < n
            && (items[run].kind == TokenKind::Article
                || self
                    .titles
                    .contains(&skeletons[items[run].skeleton.clone()]))
        {
            run += 1;
        }
        while run > 0 && !items[run..].iter().any(Word::is_significant) {
            run -= 1;
        }
        for w in &mut items[..run] {
            if w.kind != TokenKind::Article {
                w.kind = TokenKind::Title;
            }
        }
        // A name of small words only ("The", "al") is its words.
        if !items.iter().any(Word::is_significant) {
            for w in items.iter_mut().filter(|w| w.kind != TokenKind::Title) {
                w.kind = TokenKind::Content;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TokenKind::{self, *};
    use crate::{key, tokens};

    #[track_caller]
    fn check(name: &str, expected: &[(&str, &str, TokenKind)]) {
        let got: Vec<(String, String, TokenKind)> = tokens(name)
            .into_iter()
            .map(|t| (t.text, t.skeleton, t.kind))
            .collect();
        let expected: Vec<(String, String, TokenKind)> = expected
            .iter()
            .map(|(t, s, k)| (t.to_string(), s.to_string(), *k))
            .collect();
        assert_eq!(got, expected, "tokens of {name:?}");
    }

    #[test]
    fn roles() {
        check(
            "Sheikh Iyad ag Ghaly",
            &[
                ("sheikh", "shaikh", Title),
                ("iyad", "iad", Content),
                ("ag", "ag", Particle),
                ("ghaly", "gali", Content),
            ],
        );
        check(
            "al-Qaeda in the Maghreb",
            &[
                ("al", "al", Article),
                ("qaeda", "kaida", Content),
                ("in", "in", StopWord),
                ("the", "th", StopWord),
                ("maghreb", "magreb", Content),
            ],
        );
    }

    #[test]
    fn assimilated_articles() {
        check(
            "Ansar Eddine",
            &[
                ("ansar", "ansar", Content),
                ("ed", "ed", Article),
                ("dine", "din", Content),
            ],
        );
        check(
            "Salah ad-Din",
            &[
                ("salah", "sala", Content),
                ("ad", "ad", Article),
                ("din", "din", Content),
            ],
        );
        // "as" is an article only before a word starting with s.
        check(
            "Known as Din",
            &[
                ("known", "knun", Content),
                ("as", "as", Content),
                ("din", "din", Content),
            ],
        );
        check(
            "Harakat ash-Shabaab",
            &[
                ("harakat", "harakat", Content),
                ("ash", "ash", Article),
                ("shabaab", "shabab", Content),
            ],
        );
    }

    #[test]
    fn nothing_is_dropped_from_a_name_of_small_words() {
        check("The", &[("the", "th", Content)]);
        check("al", &[("al", "al", Content)]);
        check("President", &[("president", "president", Content)]);
        check(
            "General Sheikh",
            &[("general", "general", Title), ("sheikh", "shaikh", Content)],
        );
        check("Abu", &[("abu", "abu", Particle)]);
    }

    #[test]
    fn keys() {
        assert_eq!(key("Iyad ag Ghali"), "iad ag gali");
        assert_eq!(
            key("Jama’at Nusrat al-Islam wal Muslimeen"),
            "jama nusrat islam muslimin"
        );
        assert_eq!(key("Ansar Eddine"), "ansar din");
        assert_eq!(
            key("President Ibrahim Boubacar Keita"),
            "ibrahim bubakar kaita"
        );
        assert_eq!(key(""), "");
        assert_eq!(key("--"), "");
    }
}
