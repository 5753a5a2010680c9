//! Word lists of the text stages, embedded from `data/*.toml` and parsed on first use.
//!
//! The files are part of the build and are checked by the tests below, so a failure to parse
//! them here is a bug in the repository, not bad input.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use serde::Deserialize;

/// FNV-1a: word lists are looked up for nearly every token, with short keys and no adversary
/// choosing them (the lists are ours), so a simple fast hash beats the default SipHash.
pub use dossier_model::Fnv as WordHasher;

/// A set of words with the fast hash.
pub type WordSet = HashSet<String, BuildHasherDefault<WordHasher>>;
/// A map from words with the fast hash.
pub type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

/// A word in lower case (as `str::to_lowercase` gives it), on the stack when it is short ASCII:
/// looking words up in the lists lowercases nearly every token, and most are short.
pub enum Lower {
    Short([u8; 24], usize),
    Long(String),
}

impl Lower {
    pub fn new(word: &str) -> Lower {
        if word.len() <= 24 && word.is_ascii() {
            let mut buf = [0u8; 24];
            buf[..word.len()].copy_from_slice(word.as_bytes());
            buf[..word.len()].make_ascii_lowercase();
            Lower::Short(buf, word.len())
        } else {
            Lower::Long(word.to_lowercase())
        }
    }
}

impl AsRef<str> for Lower {
    fn as_ref(&self) -> &str {
        match self {
            // ASCII bytes copied from a str and lowercased are valid UTF-8.
            Lower::Short(buf, len) => std::str::from_utf8(&buf[..*len]).unwrap_or(""),
            Lower::Long(s) => s,
        }
    }
}

impl std::ops::Deref for Lower {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_ref()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segmentation {
    pub abbreviations: WordSet,
    pub ambiguous_abbreviations: WordSet,
    pub sentence_starters: WordSet,
    pub lowercase_sentence_starts: Vec<String>,
    pub boilerplate_exact: Vec<String>,
    pub boilerplate_contains: Vec<String>,
    pub boilerplate_max_len: usize,
    pub tail_markers: Vec<String>,
    pub figure_labels: Vec<String>,
    pub credit_prefixes: Vec<String>,
}

/// Parses an embedded data file. Panics with the file name and the reason if it is malformed:
/// that is a defect of the build, which the tests of this module catch.
pub fn embedded<T: for<'de> Deserialize<'de>>(name: &str, text: &str) -> T {
    match toml::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("embedded data file {name} is malformed: {e}"),
    }
}

pub fn segmentation() -> &'static Segmentation {
    static CELL: OnceLock<Segmentation> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut s: Segmentation = embedded(
            "data/segmentation.toml",
            include_str!("../../../data/segmentation.toml"),
        );
        for list in [
            &mut s.boilerplate_exact,
            &mut s.boilerplate_contains,
            &mut s.tail_markers,
        ] {
            for item in list.iter_mut() {
                *item = item.to_lowercase();
            }
        }
        s
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn segmentation_lexicon_loads() {
        let s = super::segmentation();
        assert!(s.abbreviations.contains("U.S"));
        assert!(
            s.ambiguous_abbreviations
                .iter()
                .all(|a| s.abbreviations.contains(a) || a == "etc")
        );
        assert!(s.boilerplate_exact.iter().any(|b| b == "view citations"));
    }
}
