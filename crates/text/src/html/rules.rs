//! The word lists of the HTML loader, embedded from `data/html.toml` and parsed on first use.
//!
//! ```text
//! class="site-navigation cookie-banner"  ─► has_word(…, chrome) ─► true   (dropped)
//! class="article-body"                   ─► has_word(…, chrome) ─► false  (kept)
//! ```

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::lexicon::embedded;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Rules {
    pub drop_elements: HashSet<String>,
    pub chrome_elements: HashSet<String>,
    pub block_elements: HashSet<String>,
    pub chrome_words: HashSet<String>,
    pub chrome_prefixes: Vec<String>,
    pub chrome_roles: HashSet<String>,
    pub never_chrome: HashSet<String>,
    pub footnote_container_words: HashSet<String>,
    pub footnote_ref_words: HashSet<String>,
    pub footnote_id_prefixes: Vec<String>,
    pub footnote_ref_id_prefixes: Vec<String>,
    pub backlink_texts: HashSet<String>,
    pub backlink_words: HashSet<String>,
    pub dateline_words: HashSet<String>,
    pub meta: MetaNames,
    pub references: References,
}

/// The `<meta>` names of each [`crate::Meta`] field, most trusted first.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MetaNames {
    pub title: Vec<String>,
    pub publisher: Vec<String>,
    pub author: Vec<String>,
    pub published: Vec<String>,
    pub url: Vec<String>,
    pub description: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct References {
    pub legacy_without_semicolon: HashSet<String>,
    pub c1: Vec<u32>,
    pub named: HashMap<String, u32>,
}

pub(crate) fn rules() -> &'static Rules {
    static CELL: OnceLock<Rules> = OnceLock::new();
    CELL.get_or_init(|| embedded("data/html.toml", include_str!("../../../../data/html.toml")))
}

/// True when one of the whitespace-separated tokens of `value`, or one of their alphanumeric
/// parts, is one of `words` or begins with one of `prefixes` (case-insensitively).
pub(crate) fn has_word(value: &str, words: &HashSet<String>, prefixes: &[String]) -> bool {
    let matches = |s: &str| words.contains(s) || prefixes.iter().any(|p| s.starts_with(p.as_str()));
    let lower = value.to_lowercase();
    lower.split_whitespace().any(|token| {
        matches(token)
            || token
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty() && p.len() < token.len())
                .any(matches)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_rules_load_and_are_consistent() {
        let r = rules();
        assert!(r.drop_elements.contains("script"));
        assert_eq!(r.references.c1.len(), 32);
        assert!(
            r.references
                .named
                .values()
                .all(|&c| char::from_u32(c).is_some())
        );
        assert!(
            r.references
                .legacy_without_semicolon
                .iter()
                .all(|n| r.references.named.contains_key(n))
        );
        assert_eq!(r.references.named.get("rsquo"), Some(&0x2019));
        // Lists compared to lower-cased text must be lower case themselves.
        for list in [
            &r.chrome_words,
            &r.chrome_roles,
            &r.footnote_container_words,
            &r.footnote_ref_words,
            &r.backlink_words,
            &r.dateline_words,
        ] {
            assert!(list.iter().all(|w| *w == w.to_lowercase()), "{list:?}");
        }
    }

    #[test]
    fn class_words_match_tokens_and_parts() {
        let r = rules();
        let chrome = |v: &str| has_word(v, &r.chrome_words, &r.chrome_prefixes);
        assert!(chrome("site-navigation"));
        assert!(chrome("Cookie-Banner"));
        assert!(chrome("c-sharebar"));
        assert!(chrome("ad"));
        assert!(!chrome("article-body"));
        assert!(!chrome("address lead"));
        assert!(!chrome(""));
    }
}
