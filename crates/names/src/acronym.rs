//! Acronyms: the initials of a long name, and whether a short name is one of them.
//!
//! ```text
//! "Jama'at Nusrat al-Islam wal-Muslimin"               ─►  JNIM, JNAIM, JNIWM, ...
//! "Islamic State in the Greater Sahara"                ─►  ISGS, ISITGS
//! "Movement for Oneness and Jihad in West Africa"      ─►  MOJWA, MFOAJIWA
//! "al-Qaeda in the Islamic Maghreb"                    ─►  QIM, AQIM (the "al-X" rule), ...
//! is_acronym_of("AAD", "Ansar al-Dine")                ─►  true
//! ```
//!
//! Content words always give their first letter. Articles listed in `acronyms.letter_articles`
//! (al-), stop words and particles may give theirs or not; other articles and leading titles
//! never do. [`Rules::acronym`] lists the candidates where each of those three kinds gives its
//! letters everywhere or nowhere (content words only first); [`Rules::is_acronym_of`] accepts any
//! mix, word by word.

use crate::rules::Rules;
use crate::token::{Token, TokenKind};

/// Whether a token's initial is required, optional or never part of an acronym.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Letter {
    Required,
    Optional,
    Never,
}

impl Rules {
    fn letter(&self, t: &Token) -> Letter {
        match t.kind {
            TokenKind::Content => Letter::Required,
            TokenKind::StopWord | TokenKind::Particle => Letter::Optional,
            TokenKind::Article if self.letter_articles.contains(&t.text) => Letter::Optional,
            TokenKind::Article | TokenKind::Title => Letter::Never,
        }
    }

    /// Candidate acronyms of `long_name`, upper case, most likely first. Empty for a name of
    /// fewer than two words or more than `limits.max_tokens`.
    pub fn acronym(&self, long_name: &str) -> Vec<String> {
        let (tokens, truncated) = self.limited_tokens(&self.fold(long_name));
        if truncated {
            return Vec::new();
        }
        let mut out: Vec<String> = Vec::new();
        // (articles, stop words, particles) giving their letters.
        for policy in 0u8..8 {
            let (articles, stops, particles) = (policy & 1 != 0, policy & 2 != 0, policy & 4 != 0);
            let mut letters = String::new();
            let mut words = 0;
            for t in &tokens {
                let gives = match (self.letter(t), t.kind) {
                    (Letter::Required, _) => true,
                    (Letter::Never, _) => false,
                    (Letter::Optional, TokenKind::Article) => articles,
                    (Letter::Optional, TokenKind::StopWord) => stops,
                    (Letter::Optional, _) => particles,
                };
                if t.kind != TokenKind::Title {
                    words += 1;
                }
                match t.text.as_bytes().first() {
                    Some(&b) if gives => letters.push(char::from(b.to_ascii_uppercase())),
                    _ => {}
                }
            }
            if words >= 2
                && (2..=self.max_acronym_letters).contains(&letters.len())
                && !out.contains(&letters)
            {
                out.push(letters);
            }
        }
        out
    }

    /// Whether `short` ("JNIM", "U.N.", "aqim") is an acronym of `long_name`.
    pub fn is_acronym_of(&self, short: &str, long_name: &str) -> bool {
        let short = self.fold(short);
        let (tokens, truncated) = self.limited_tokens(&self.fold(long_name));
        !truncated
            && tokens.iter().filter(|t| t.kind != TokenKind::Title).count() >= 2
            && self.acronym_matches(short.as_str().as_bytes(), &tokens)
    }

    /// Whether the folded letters `short` are initials of `tokens`, word by word.
    pub(crate) fn acronym_matches(&self, short: &[u8], tokens: &[Token]) -> bool {
        if !(2..=self.max_acronym_letters).contains(&short.len())
            || !short.iter().all(u8::is_ascii_alphanumeric)
        {
            return false;
        }
        // reach[k]: the first k letters are spelled by the tokens seen so far.
        let mut reach = vec![false; short.len() + 1];
        let mut next = vec![false; short.len() + 1];
        reach[0] = true;
        for t in tokens {
            let letter = self.letter(t);
            if letter == Letter::Never {
                continue;
            }
            let initial = t.text.as_bytes().first().copied();
            next.fill(false);
            for k in 0..=short.len() {
                if !reach[k] {
                    continue;
                }
                if letter == Letter::Optional {
                    next[k] = true;
                }
                if k < short.len() && initial == Some(short[k]) {
                    next[k + 1] = true;
                }
            }
            std::mem::swap(&mut reach, &mut next);
            if !reach.iter().any(|&r| r) {
                return false;
            }
        }
        reach[short.len()]
    }
}
