//! Names across transliterations (DESIGN §4): folding, skeleton keys, acronyms and an explained
//! comparison, with the rules in `data/names.toml`.
//!
//! ```text
//! fold("Jama’at Nusrat al-Islam wal Muslimeen")   ─►  "jamaat nusrat al islam wal muslimeen"
//! key("Iyad ag Ghali") == key("IYAD AG GHALY")    ─►  "iad ag gali"
//! key("Ansar Eddine") == key("Ansar al-Din")      ─►  "ansar din"
//! acronym("Islamic State in the Greater Sahara")  ─►  ["ISGS", "ISITGS"]
//! compare("إياد أغ غالي", "Iyad Ag Ghaly")          ─►  1.0, ["transliterated …", "iyad = iyad", …]
//! compare("Niger", "Nigeria")                     ─►  0.0, ["no word in common", …]
//! ```
//!
//! Stages, one module each: [`fold`](Rules::fold) (characters: case, diacritics, marks,
//! punctuation, Arabic script), [`tokens`](Rules::tokens) (roles of words: article, particle,
//! stop word, title), [`skeleton`](Rules::skeleton) (letter variants: gh/g, ou/u, y/i...),
//! [`acronym`](Rules::acronym) and [`compare`](Rules::compare).
//!
//! **Invariant:** no knowledge of names is in the code: word lists, letter variants, the Arabic
//! table, weights and thresholds are all in the rules file. The free functions use the embedded
//! rules ([`Rules::standard`]); [`Rules::from_toml`] reads another file of the same shape.
//!
//! **Invariant:** nothing here panics on input: any string, of any size and script, folds,
//! tokenizes and compares. Comparison looks at the first `limits.max_tokens` words only.

mod acronym;
mod compare;
mod error;
mod fold;
pub mod index;
mod rules;
mod similar;
mod skeleton;
mod token;

pub use compare::Comparison;
pub use error::RulesError;
pub use fold::Folded;
pub use rules::{Rules, VariantRule};
pub use token::{Token, TokenKind};

/// Folds a name: lower-case ASCII words without marks, punctuation or diacritics, Arabic script
/// transliterated. See [`Rules::fold`].
pub fn fold(name: &str) -> Folded {
    Rules::standard().fold(name)
}

/// The folded text of a name, as a `String`.
pub fn fold_key(name: &str) -> String {
    fold(name).into_string()
}

/// The folded words of a name with their roles and skeletons. See [`Rules::tokens`].
pub fn tokens(name: &str) -> Vec<Token> {
    Rules::standard().tokens(name)
}

/// The spelling-insensitive key of a name. See [`Rules::key`].
pub fn key(name: &str) -> String {
    Rules::standard().key(name)
}

/// Candidate acronyms of a long name, most likely first. See [`Rules::acronym`].
pub fn acronym(long_name: &str) -> Vec<String> {
    Rules::standard().acronym(long_name)
}

/// Whether `short` is an acronym of `long_name`. See [`Rules::is_acronym_of`].
pub fn is_acronym_of(short: &str, long_name: &str) -> bool {
    Rules::standard().is_acronym_of(short, long_name)
}

/// Compares two names: a score in [0, 1] and its explanation. See [`Rules::compare`].
pub fn compare(a: &str, b: &str) -> Comparison {
    Rules::standard().compare(a, b)
}
