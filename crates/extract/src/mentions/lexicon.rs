//! The word lists of the mention finder, embedded from `data/extract/mentions.toml`.
//!
//! ```text
//! org_cues = ["group", "front", …]   ─►  Lexicon { org_cues: {"group", "front", …}, … }
//! titles = ["foreign minister", …]   ─►  phrases [["foreign", "minister"], …]
//! ```
//!
//! Every word is folded the way text tokens are ([`super::tokens`]), so a look-up compares
//! like with like. The file is part of the build and checked by the tests: a failure to parse
//! it is a defect of the repository, not bad input.

use std::collections::HashMap;

use super::fasthash::{FastMap, FastSet};
use std::sync::OnceLock;

use dossier_model::Span;
use serde::Deserialize;

use super::tokens::{Tokens, tokenize, tokenize_into};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    org_cues: Vec<String>,
    org_initial_cues: Vec<String>,
    place_cues: Vec<String>,
    connectors: Vec<String>,
    particles: Vec<String>,
    hyphen_only_particles: Vec<String>,
    locative_cues: Vec<String>,
    person_particles: Vec<String>,
    subject_verbs: Vec<String>,
    articles: Vec<String>,
    titles: Vec<String>,
    name_honorifics: Vec<String>,
    roles: Vec<String>,
    speech_verbs: Vec<String>,
    institution_vague: Vec<String>,
    militia_nouns: Vec<String>,
    hyphen_suffixes: Vec<String>,
    non_entity_acronyms: Vec<String>,
    defined_only_acronyms: Vec<String>,
    given_names: Vec<String>,
    given_name_prefixes: Vec<String>,
    given_name_suffixes: Vec<String>,
    peoples: Vec<String>,
    not_names: Vec<String>,
    not_places: Vec<String>,
    /// Linking particles of Persian place names, any one for another ("Mazar-i-Sharif").
    #[serde(default)]
    ezafe: Vec<String>,
    directions: Vec<String>,
    direction_nouns: HashMap<String, String>,
    capital_words: Vec<String>,
    country_titles: Vec<String>,
    mission_nouns: Vec<String>,
    alias_phrases: Vec<String>,
    /// Words right before an unknown name that make it an organisation ("led X", "members of X").
    /// Head nouns of an apposition that make the name before it an organisation ("X, a
    /// militant group based in …").
    #[serde(default)]
    group_nouns: Vec<String>,
    #[serde(default)]
    org_context_before: Vec<String>,
    /// Words before a name that only an organisation can follow ("the armed wing of X"): they
    /// beat the shape of a person's name.
    #[serde(default)]
    org_context_strong: Vec<String>,
    /// Words right after an unknown name that make it an organisation ("X fighters").
    #[serde(default)]
    org_context_after: Vec<String>,
    branch_nouns: Vec<String>,
    macro_regions: Vec<String>,
    diplomatic_posts: Vec<String>,
    org_generic_words: Vec<String>,
    institutions: HashMap<String, Vec<String>>,
    metonyms: HashMap<String, RawMetonym>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetonym {
    country: String,
    institution: String,
}

/// Between two names: punctuation and an alias phrase ("—also known as the", ", meaning "",
/// ", better known as").
pub(crate) fn alias_phrase(between: &str, lex: &Lexicon) -> bool {
    let words: Vec<String> = phrase(between);
    if words.is_empty() {
        return false;
    }
    let mut w: &[String] = &words;
    if w.last().is_some_and(|x| x == "the") {
        w = &w[..w.len() - 1];
    }
    if w.first().is_some_and(|x| x == "or" || x == "and") && w.len() > 1 {
        w = &w[1..];
    }
    lex.alias_phrases.iter().any(|p| p.as_slice() == w)
}

/// Whether the words of the sentence right around an unknown name make it an organisation:
/// `before` ends with a phrase of `org_context_before` ("led", "members of") or `after`
/// starts with one of `org_context_after` ("fighters").
#[cfg(test)]
pub(crate) fn org_context(before: &str, after: &str, lex: &Lexicon) -> bool {
    let mut toks = Tokens::default();
    ends_with_any(before, &lex.org_context_before, &mut toks)
        || starts_with_any(after, &lex.org_context_after, &mut toks)
}

/// Whether the folded words of `text` end with one of `phrases` (one token buffer, no word
/// allocated).
pub(crate) fn ends_with_any(text: &str, phrases: &[Phrase], toks: &mut Tokens) -> bool {
    edge_phrase(text, phrases, toks, Edge::End)
}

/// Whether the folded words of `text` begin with one of `phrases`.
pub(crate) fn starts_with_any(text: &str, phrases: &[Phrase], toks: &mut Tokens) -> bool {
    edge_phrase(text, phrases, toks, Edge::Start)
}

#[derive(Clone, Copy, PartialEq)]
enum Edge {
    Start,
    End,
}

fn edge_phrase(text: &str, phrases: &[Phrase], toks: &mut Tokens, edge: Edge) -> bool {
    // Most names have no such phrase beside them: compare the word as written first.
    let split = |c: char| !c.is_alphanumeric() && c != '-' && c != '\'';
    let word = match edge {
        Edge::End => text.trim_end().rsplit(split).next(),
        Edge::Start => text.trim_start().split(split).next(),
    }
    .unwrap_or("");
    if word.is_empty()
        || !phrases.iter().any(|p| {
            match edge {
                Edge::End => p.last(),
                Edge::Start => p.first(),
            }
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
        })
    {
        return false;
    }
    tokenize_into(text, Span::new(0, text.len()), toks);
    let words: Vec<usize> = (0..toks.len())
        .filter(|&i| !toks.fold(i).is_empty())
        .collect();
    phrases.iter().any(|p| {
        p.len() <= words.len() && {
            let at = match edge {
                Edge::End => &words[words.len() - p.len()..],
                Edge::Start => &words[..p.len()],
            };
            p.iter().zip(at).all(|(w, &i)| toks.fold(i) == w)
        }
    })
}

/// A phrase as folded words.
pub(crate) type Phrase = Vec<String>;

/// Phrases, longest first, with their first words: a word that starts none of them is
/// turned away with one look-up instead of a comparison per phrase.
#[derive(Debug, Default)]
pub(crate) struct PhraseList {
    list: Vec<Phrase>,
    first: FastSet<String>,
}

impl PhraseList {
    fn new(list: Vec<Phrase>) -> PhraseList {
        let first = list.iter().filter_map(|p| p.first().cloned()).collect();
        PhraseList { list, first }
    }

    /// True when some phrase may start with the folded word `w`.
    pub fn may_start(&self, w: &str) -> bool {
        self.first.contains(w)
    }
}

impl std::ops::Deref for PhraseList {
    type Target = [Phrase];
    fn deref(&self) -> &[Phrase] {
        &self.list
    }
}

/// The lists, folded and indexed.
#[derive(Debug)]
pub(crate) struct Lexicon {
    pub org_cues: FastSet<String>,
    pub org_initial_cues: FastSet<String>,
    pub place_cues: FastSet<String>,
    pub connectors: FastSet<String>,
    pub particles: FastSet<String>,
    /// Particles that join a name only glued by a hyphen.
    pub hyphen_only_particles: FastSet<String>,
    /// Words before a name that make it a place ("near", "the town of"), longest first.
    pub locative_cues: PhraseList,
    pub person_particles: FastSet<String>,
    pub subject_verbs: FastSet<String>,
    pub articles: FastSet<String>,
    pub titles: PhraseList,
    pub title_words: FastSet<String>,
    /// Titles that stay in the name when one name follows ("Qari Fateh", "Mullah Omar").
    pub name_honorifics: FastSet<String>,
    pub role_words: FastSet<String>,
    pub speech_verbs: FastSet<String>,
    /// (phrase, institution id), longest first.
    pub institutions: Vec<(Phrase, String)>,
    /// The first words of the institutions.
    pub institution_first: FastSet<String>,
    pub institution_vague: FastSet<String>,
    pub militia_nouns: PhraseList,
    pub hyphen_suffixes: FastSet<String>,
    /// Upper case, without periods.
    pub non_entity_acronyms: FastSet<String>,
    pub defined_only_acronyms: FastSet<String>,
    pub given_names: FastSet<String>,
    pub given_name_prefixes: Vec<String>,
    pub given_name_suffixes: Vec<String>,
    pub peoples: FastSet<String>,
    pub not_names: FastSet<String>,
    /// Words that never name a town of the gazetteer (months, languages, movements).
    pub not_places: FastSet<String>,
    pub ezafe: Vec<String>,
    pub directions: PhraseList,
    pub direction_nouns: FastMap<String, String>,
    pub capital_words: PhraseList,
    pub country_titles: FastSet<String>,
    pub mission_nouns: Vec<Phrase>,
    pub alias_phrases: Vec<Phrase>,
    pub group_nouns: FastSet<String>,
    pub org_context_before: Vec<Phrase>,
    pub org_context_strong: Vec<Phrase>,
    pub org_context_after: Vec<Phrase>,
    pub branch_nouns: FastSet<String>,
    /// Folded key → the name as written in the data file.
    pub macro_regions: FastMap<String, String>,
    pub diplomatic_posts: PhraseList,
    pub org_generic_words: FastSet<String>,
    /// Folded key → (country ISO code, institution id).
    pub metonyms: FastMap<String, (String, String)>,
    /// What the metonyms' keys start with, up to the first space.
    pub metonym_first: FastSet<String>,
    /// The longest macro region or metonym, in words.
    pub max_phrase_words: usize,
}

/// Folds a phrase the way text is folded: its words, punctuation dropped.
pub(crate) fn phrase(s: &str) -> Phrase {
    let toks = tokenize(s, Span::new(0, s.len()));
    (0..toks.len())
        .map(|i| toks.fold(i).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

fn set(list: &[String]) -> FastSet<String> {
    list.iter().map(|w| phrase(w).join(" ")).collect()
}

fn phrases(list: &[String]) -> Vec<Phrase> {
    let mut v: Vec<Phrase> = list
        .iter()
        .map(|w| phrase(w))
        .filter(|p| !p.is_empty())
        .collect();
    v.sort_by_key(|p| std::cmp::Reverse(p.len()));
    v
}

pub(crate) fn lexicon() -> &'static Lexicon {
    static CELL: OnceLock<Lexicon> = OnceLock::new();
    CELL.get_or_init(|| {
        let raw: Raw = dossier_text::lexicon::embedded(
            "data/extract/mentions.toml",
            include_str!("../../../../data/extract/mentions.toml"),
        );
        build(raw)
    })
}

fn build(raw: Raw) -> Lexicon {
    let titles = phrases(&raw.titles);
    let roles = phrases(&raw.roles);
    let title_words = titles.iter().flatten().cloned().collect();
    let role_words = roles.iter().flatten().cloned().collect();
    let mut institutions = Vec::new();
    for (id, list) in &raw.institutions {
        for p in phrases(list) {
            institutions.push((p, id.clone()));
        }
    }
    institutions.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
    let mut macro_regions = FastMap::default();
    let mut max_phrase_words = 1;
    for name in &raw.macro_regions {
        let p = phrase(name);
        max_phrase_words = max_phrase_words.max(p.len());
        macro_regions.insert(p.join(" "), name.clone());
    }
    let mut metonyms = FastMap::default();
    let mut metonym_first = FastSet::default();
    for (name, m) in &raw.metonyms {
        let p = phrase(name);
        let key = p.join(" ");
        metonym_first.insert(key.split(' ').next().unwrap_or("").to_string());
        max_phrase_words = max_phrase_words.max(p.len());
        metonyms.insert(
            p.join(" "),
            (m.country.to_ascii_uppercase(), m.institution.clone()),
        );
    }
    let acr = |list: &[String]| -> FastSet<String> {
        list.iter()
            .map(|a| a.replace('.', "").to_uppercase())
            .collect()
    };
    let institution_first = institutions
        .iter()
        .filter_map(|(p, _)| p.first().cloned())
        .collect();
    Lexicon {
        org_cues: set(&raw.org_cues),
        org_initial_cues: set(&raw.org_initial_cues),
        place_cues: set(&raw.place_cues),
        connectors: set(&raw.connectors),
        particles: set(&raw.particles),
        hyphen_only_particles: set(&raw.hyphen_only_particles),
        locative_cues: PhraseList::new(phrases(&raw.locative_cues)),
        person_particles: set(&raw.person_particles),
        subject_verbs: set(&raw.subject_verbs),
        articles: set(&raw.articles),
        titles: PhraseList::new(titles),
        title_words,
        name_honorifics: set(&raw.name_honorifics),
        role_words,
        speech_verbs: set(&raw.speech_verbs),
        institutions,
        institution_first,
        institution_vague: set(&raw.institution_vague),
        militia_nouns: PhraseList::new(phrases(&raw.militia_nouns)),
        hyphen_suffixes: set(&raw.hyphen_suffixes),
        non_entity_acronyms: acr(&raw.non_entity_acronyms),
        defined_only_acronyms: acr(&raw.defined_only_acronyms),
        given_names: set(&raw.given_names),
        given_name_prefixes: raw
            .given_name_prefixes
            .iter()
            .map(|w| w.to_lowercase())
            .collect(),
        given_name_suffixes: raw
            .given_name_suffixes
            .iter()
            .map(|w| w.to_lowercase())
            .collect(),
        peoples: set(&raw.peoples),
        not_names: set(&raw.not_names),
        not_places: set(&raw.not_places),
        ezafe: raw.ezafe.iter().map(|w| w.to_lowercase()).collect(),
        directions: PhraseList::new(phrases(&raw.directions)),
        direction_nouns: raw
            .direction_nouns
            .iter()
            .map(|(k, v)| (k.to_lowercase(), v.to_lowercase()))
            .collect(),
        capital_words: PhraseList::new(phrases(&raw.capital_words)),
        country_titles: set(&raw.country_titles),
        mission_nouns: phrases(&raw.mission_nouns),
        alias_phrases: phrases(&raw.alias_phrases),
        group_nouns: set(&raw.group_nouns),
        org_context_before: phrases(&raw.org_context_before),
        org_context_strong: phrases(&raw.org_context_strong),
        org_context_after: phrases(&raw.org_context_after),
        branch_nouns: set(&raw.branch_nouns),
        macro_regions,
        diplomatic_posts: PhraseList::new(phrases(&raw.diplomatic_posts)),
        org_generic_words: set(&raw.org_generic_words),
        metonyms,
        metonym_first,
        max_phrase_words,
    }
}

impl Lexicon {
    /// A given name, or a word built like one ("Abdelmalek", "Hibatullah").
    pub fn is_given_name(&self, folded: &str) -> bool {
        if self.given_names.contains(folded) {
            return true;
        }
        let n = folded.len();
        self.given_name_prefixes
            .iter()
            .any(|p| n >= p.len() + 3 && folded.starts_with(p.as_str()))
            || self
                .given_name_suffixes
                .iter()
                .any(|s| n >= s.len() + 3 && folded.ends_with(s.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_around_an_unknown_name_can_make_it_an_organisation() {
        let l = lexicon();
        assert!(org_context("In 2002 Mohammed Yusuf led ", " until", l));
        assert!(org_context("the senior members of ", "", l));
        assert!(org_context("", " fighters attacked", l));
        assert!(!org_context("a meeting with ", " in", l));
        assert!(!org_context("", "'s brother", l));
    }

    #[test]
    fn the_data_file_loads_and_is_folded() {
        let l = lexicon();
        assert!(l.org_cues.contains("front"));
        assert!(l.org_initial_cues.contains("jamaat"));
        assert!(l.particles.contains("ag"));
        assert!(l.titles.iter().any(|t| t == &["foreign", "minister"]));
        assert!(l.is_given_name("abdelmalek"));
        assert!(l.is_given_name("hibatullah"));
        assert!(!l.is_given_name("abd"));
        assert_eq!(
            l.direction_nouns.get("north").map(String::as_str),
            Some("northern")
        );
        assert_eq!(
            l.metonyms.get("kremlin"),
            Some(&("RU".to_string(), "government".to_string()))
        );
        assert!(l.macro_regions.contains_key("gulf of guinea"));
        assert!(l.non_entity_acronyms.contains("VBIED"));
        // Institutions are tried longest first.
        assert!(l.institutions.first().is_some_and(|(p, _)| p.len() >= 2));
    }

    #[test]
    fn lists_hold_single_folded_words_where_words_are_expected() {
        let l = lexicon();
        for set in [
            &l.org_cues,
            &l.particles,
            &l.connectors,
            &l.speech_verbs,
            &l.peoples,
        ] {
            for w in set {
                assert!(!w.contains(' '), "{w:?} should be one word");
                assert_eq!(w, &w.to_lowercase());
            }
        }
    }
}
