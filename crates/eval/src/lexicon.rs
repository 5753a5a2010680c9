//! The scorer's data, embedded from `data/eval.toml` and parsed on first use.
//!
//! ```text
//! data/eval.toml  [fold] articles = ["al", "el"]   ─►   lexicon().fold.articles == {"al", "el"}
//! ```
//!
//! The file is part of the build and is checked by the tests below, so a failure to parse it is
//! a defect of the repository, not bad input.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

const EVAL_TOML: &str = include_str!("../../../data/eval.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Lexicon {
    pub fold: FoldData,
    pub events: EventData,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FoldData {
    pub marks: BTreeSet<char>,
    pub joiners: BTreeSet<char>,
    pub letters: BTreeMap<char, String>,
    pub articles: BTreeSet<String>,
    pub leading_articles: BTreeSet<String>,
    pub possessives: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventData {
    pub violent_cameo_roots: BTreeSet<String>,
    pub violent_family: String,
}

fn parse(text: &str) -> Result<Lexicon, toml::de::Error> {
    toml::from_str(text)
}

pub(crate) fn lexicon() -> &'static Lexicon {
    static CELL: OnceLock<Lexicon> = OnceLock::new();
    CELL.get_or_init(|| match parse(EVAL_TOML) {
        Ok(l) => l,
        // A malformed embedded file is a build defect, caught by the test below.
        Err(e) => panic!("embedded data file data/eval.toml is malformed: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eval_data_loads() {
        let l = lexicon();
        assert!(l.fold.marks.contains(&'’'));
        assert!(l.fold.articles.contains("al"));
        assert_eq!(l.fold.letters.get(&'ß').map(String::as_str), Some("ss"));
        assert_eq!(l.events.violent_family, "violent");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let text = EVAL_TOML.replace("[events]", "[events]\nsurprise = 1");
        assert!(parse(&text).unwrap_err().to_string().contains("surprise"));
    }
}
