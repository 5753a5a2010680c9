//! The word lists of citation reading, from `data/citations.toml`.
//!
//! ```text
//! organisation_cues = ["group", "press", …]  ─►  Words::organisation_cues = {"group", "press", …}
//! url_phrases = ["available at", "at", …]    ─►  sorted longest first, lowercase
//! ```

use std::sync::OnceLock;

use serde::Deserialize;

use crate::lexicon::{WordMap, WordSet, embedded};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    legend_marks: Vec<String>,
    legend_cues: Vec<String>,
    url_phrases: Vec<String>,
    url_prefixes: Vec<String>,
    organisation_cues: Vec<String>,
    name_particles: Vec<String>,
    name_connectors: Vec<String>,
    author_joiners: Vec<String>,
    same_as_previous: Vec<String>,
    max_inline_len: usize,
}

/// The lists, lowercased.
#[derive(Debug)]
pub(crate) struct Words {
    pub legend_marks: Vec<String>,
    /// One searcher per legend mark, run over lowercased text.
    pub legend_finders: Vec<memchr::memmem::Finder<'static>>,
    pub legend_cues: WordSet,
    /// Longest first, so "available at" wins over "at".
    pub url_phrases: Vec<String>,
    pub url_prefixes: Vec<String>,
    /// One searcher per URL prefix, run over ASCII-lowercased text.
    pub url_finders: Vec<memchr::memmem::Finder<'static>>,
    /// Which bytes can start a URL prefix (either ASCII case).
    pub url_initials: [bool; 256],
    pub same_as_previous: WordSet,
    pub max_inline_len: usize,
    /// For each word of the four name lists, which of them hold it (organisation cues, name particles,
    /// name connectors, author joiners): telling names apart looks each token up once, not four
    /// times.
    pub name_flags: WordMap<u8>,
}

/// The word is an organisation cue ("group", "press").
pub(crate) const CUE: u8 = 1;
/// The word is a particle inside a person's name ("al", "ag", "von").
pub(crate) const PARTICLE: u8 = 2;
/// The word connects the words of an organisation's name ("of", "for").
pub(crate) const CONNECTOR: u8 = 4;
/// The word joins the names of several authors ("and").
pub(crate) const JOINER: u8 = 8;

impl Words {
    /// The flags of a lowercase word (0 when no list holds it).
    pub(crate) fn name_flags(&self, lower: &str) -> u8 {
        self.name_flags.get(lower).copied().unwrap_or(0)
    }
}

pub(crate) fn words() -> &'static Words {
    static CELL: OnceLock<Words> = OnceLock::new();
    CELL.get_or_init(|| {
        let raw: Raw = embedded(
            "data/citations.toml",
            include_str!("../../../../data/citations.toml"),
        );
        let lower = |v: Vec<String>| v.into_iter().map(|w| w.to_lowercase());
        let mut url_phrases: Vec<String> = lower(raw.url_phrases).collect();
        url_phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let url_prefixes: Vec<String> = lower(raw.url_prefixes).collect();
        let url_finders = url_prefixes
            .iter()
            .map(|p| memchr::memmem::Finder::new(p.to_ascii_lowercase().as_bytes()).into_owned())
            .collect();
        let mut url_initials = [false; 256];
        for b in url_prefixes.iter().filter_map(|p| p.bytes().next()) {
            url_initials[usize::from(b.to_ascii_lowercase())] = true;
            url_initials[usize::from(b.to_ascii_uppercase())] = true;
        }
        let legend_marks: Vec<String> = lower(raw.legend_marks).collect();
        let legend_finders = legend_marks
            .iter()
            .map(|m| memchr::memmem::Finder::new(m.as_bytes()).into_owned())
            .collect();
        let organisation_cues: WordSet = lower(raw.organisation_cues).collect();
        let name_particles: WordSet = lower(raw.name_particles).collect();
        let name_connectors: WordSet = lower(raw.name_connectors).collect();
        let author_joiners: WordSet = lower(raw.author_joiners).collect();
        let mut name_flags: WordMap<u8> = WordMap::default();
        for (set, flag) in [
            (&organisation_cues, CUE),
            (&name_particles, PARTICLE),
            (&name_connectors, CONNECTOR),
            (&author_joiners, JOINER),
        ] {
            for word in set {
                *name_flags.entry(word.clone()).or_default() |= flag;
            }
        }
        Words {
            name_flags,
            url_initials,
            legend_marks,
            legend_finders,
            legend_cues: lower(raw.legend_cues).collect(),
            url_phrases,
            url_prefixes,
            url_finders,
            same_as_previous: lower(raw.same_as_previous).collect(),
            max_inline_len: raw.max_inline_len,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_words_load_and_are_consistent() {
        let w = super::words();
        assert!(w.name_flags("group") & CUE != 0);
        assert!(w.url_phrases.first().is_some_and(|p| p.contains(' ')));
        assert!(
            w.url_prefixes
                .iter()
                .all(|p| p.ends_with('/') || p.ends_with('.'))
        );
        assert!(w.max_inline_len >= 200);
        // A particle is never an organisation cue, or persons would read as organisations.
        assert!(
            w.name_flags
                .values()
                .all(|f| f & PARTICLE == 0 || f & CUE == 0)
        );
    }
}
