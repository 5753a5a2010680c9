//! The rules of folding and comparison, read from a TOML file (`data/names.toml` is embedded).
//!
//! ```text
//! [[skeleton.rules]]                           Variant { label: "gh/g",
//! label = "gh/g"                          ─►             from: b"gh", to: b"g",
//! from = "gh"                                            at: None, .. }
//! to = "g"
//! ```
//!
//! Reading checks that every list is in folded form and every value is in range, so the code
//! that applies the rules never meets a surprise. The embedded file is checked by the tests.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::RulesError;

/// The compiled rules. [`Rules::standard`] is the embedded `data/names.toml`; [`Rules::from_toml`]
/// reads another file of the same shape.
#[derive(Debug, Clone)]
pub struct Rules {
    pub(crate) ascii: [Ascii; 128],
    pub(crate) marks: Vec<char>,
    pub(crate) possessive: Vec<char>,
    pub(crate) elisions: Vec<u8>,
    pub(crate) ignorable: Vec<char>,
    pub(crate) arabic: HashMap<char, String>,
    /// Longest first.
    pub(crate) arabic_prefixes: Vec<(String, String)>,
    pub(crate) prefix_min_rest: usize,
    pub(crate) optional_final_consonants: Vec<u8>,
    pub(crate) articles: Vec<String>,
    pub(crate) assimilation_vowels: Vec<String>,
    /// Longest first, so "sh" is tried before "s".
    pub(crate) sun_letters: Vec<String>,
    pub(crate) glued_vowels: Vec<String>,
    pub(crate) glued_min_rest: usize,
    /// Skeletons of the particles.
    pub(crate) particles: HashSet<String>,
    pub(crate) stop_words: HashSet<String>,
    /// Skeletons of the titles.
    pub(crate) titles: HashSet<String>,
    pub(crate) vowels: [bool; 128],
    pub(crate) variants: Vec<Variant>,
    pub(crate) letter_articles: Vec<String>,
    pub(crate) max_acronym_letters: usize,
    pub(crate) weights: Weights,
    pub(crate) scores: Scores,
    pub(crate) limits: Limits,
    pub(crate) index: IndexRules,
}

/// A letter-variant rule as the rules file states it; see [`Rules::variant_rules`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VariantRule<'r> {
    pub label: &'r str,
    /// Letters replaced (empty for the doubled-letters rule).
    pub from: &'r str,
    /// Their replacement (may be empty).
    pub to: &'r str,
    pub at_start: bool,
    pub at_end: bool,
    /// Some(true): only after a vowel; Some(false): only after a consonant.
    pub after_vowel: Option<bool>,
    /// Letters that must not follow.
    pub not_before: &'r str,
    /// The rule that reduces doubled letters.
    pub double: bool,
}

/// How the folding treats an ASCII character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ascii {
    /// A letter or digit, kept (lowercased).
    Keep,
    /// Deleted without splitting the word (a mark listed in the rules).
    Mark,
    /// A mark that may open a possessive `'s`.
    Possessive,
    /// A dot: joins initials ("U.S."), splits otherwise.
    Dot,
    /// Everything else: splits words.
    Split,
}

/// One letter-variant rewrite of the skeleton.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    pub(crate) label: String,
    pub(crate) from: Vec<u8>,
    pub(crate) to: Vec<u8>,
    pub(crate) at: Option<At>,
    pub(crate) after: Option<Class>,
    pub(crate) not_before: Vec<u8>,
    pub(crate) double: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum At {
    Start,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Class {
    Vowel,
    Consonant,
}

/// How much each kind of word counts in a comparison.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Weights {
    pub(crate) content: f64,
    pub(crate) particle: f64,
    pub(crate) stop_word: f64,
}

/// The similarity given to each kind of inexact word match.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Scores {
    pub(crate) near_miss_min: f64,
    pub(crate) vowel_cost: f64,
    pub(crate) consonants: f64,
    pub(crate) initial: f64,
    pub(crate) acronym: f64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Limits {
    pub(crate) max_tokens: usize,
    pub(crate) max_edit_len: usize,
}

/// The screening index's settings (`[index]`).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IndexRules {
    pub(crate) match_threshold: f64,
    pub(crate) min_score: f64,
    pub(crate) candidate_budget: usize,
    pub(crate) rescore_factor: usize,
    pub(crate) rescore_min: usize,
    pub(crate) near_min_len: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    fold: RawFold,
    arabic: RawArabic,
    tokens: RawTokens,
    skeleton: RawSkeleton,
    acronyms: RawAcronyms,
    weights: Weights,
    scores: Scores,
    limits: Limits,
    index: IndexRules,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFold {
    marks: Vec<String>,
    possessive: Vec<String>,
    elisions: Vec<String>,
    ignorable: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArabic {
    prefixes: BTreeMap<String, String>,
    prefix_min_rest: usize,
    optional_final_consonants: Vec<String>,
    letters: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTokens {
    articles: Vec<String>,
    assimilation_vowels: Vec<String>,
    sun_letters: Vec<String>,
    glued_vowels: Vec<String>,
    glued_min_rest: usize,
    particles: Vec<String>,
    stop_words: Vec<String>,
    titles: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSkeleton {
    vowels: String,
    rules: Vec<RawVariant>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    label: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    at: Option<At>,
    after: Option<Class>,
    #[serde(default)]
    not_before: String,
    #[serde(default)]
    double: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAcronyms {
    letter_articles: Vec<String>,
    max_letters: usize,
}

/// The skeleton rules are tracked in a 64-bit mask (which rules changed a word).
const MAX_VARIANTS: usize = 64;

fn invalid(section: &str, reason: impl Into<String>) -> RulesError {
    RulesError::Invalid {
        section: section.to_string(),
        reason: reason.into(),
    }
}

fn single_char(section: &str, s: &str) -> Result<char, RulesError> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(invalid(
            section,
            format!("{s:?} must be exactly one character"),
        )),
    }
}

fn chars(section: &str, list: &[String]) -> Result<Vec<char>, RulesError> {
    let mut out = list
        .iter()
        .map(|s| single_char(section, s))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Lower-case ASCII letters and digits only (`allow_empty` for replacements).
fn is_folded_word(s: &str, allow_empty: bool) -> bool {
    (allow_empty || !s.is_empty())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

fn words(section: &str, list: &[String]) -> Result<Vec<String>, RulesError> {
    for w in list {
        if !is_folded_word(w, false) {
            return Err(invalid(
                section,
                format!("{w:?} must be folded: lower-case ASCII letters or digits"),
            ));
        }
    }
    Ok(list.to_vec())
}

fn unit(section: &str, value: f64) -> Result<f64, RulesError> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(invalid(section, format!("{value} is not between 0 and 1")))
    }
}

impl Rules {
    /// The rules of `data/names.toml`, embedded in the binary and compiled on first use.
    ///
    /// # Panics
    /// If the embedded file is malformed: a defect of the build, which this crate's tests catch.
    pub fn standard() -> &'static Rules {
        static CELL: OnceLock<Rules> = OnceLock::new();
        CELL.get_or_init(
            || match Rules::from_toml(include_str!("../../../data/names.toml")) {
                Ok(rules) => rules,
                Err(e) => panic!("embedded data/names.toml is malformed: {e}"),
            },
        )
    }

    /// Reads and checks a rules file in the format of `data/names.toml`.
    pub fn from_toml(text: &str) -> Result<Rules, RulesError> {
        let raw: Raw = toml::from_str(text)?;
        Self::compile(raw)
    }

    fn compile(raw: Raw) -> Result<Rules, RulesError> {
        let marks = chars("fold.marks", &raw.fold.marks)?;
        let possessive = chars("fold.possessive", &raw.fold.possessive)?;
        if let Some(c) = possessive.iter().find(|c| !marks.contains(c)) {
            return Err(invalid(
                "fold.possessive",
                format!("{c:?} must also be listed in fold.marks"),
            ));
        }
        let ignorable = chars("fold.ignorable", &raw.fold.ignorable)?;
        let mut elisions = Vec::new();
        for e in &raw.fold.elisions {
            match e.as_bytes() {
                [b] if b.is_ascii_lowercase() => elisions.push(*b),
                _ => {
                    return Err(invalid(
                        "fold.elisions",
                        format!("{e:?} must be one lower-case ASCII letter"),
                    ));
                }
            }
        }
        let mut ascii = [Ascii::Split; 128];
        for (b, class) in ascii.iter_mut().enumerate() {
            let c = char::from(b as u8);
            *class = if c.is_ascii_alphanumeric() {
                Ascii::Keep
            } else if possessive.contains(&c) {
                Ascii::Possessive
            } else if marks.contains(&c) {
                Ascii::Mark
            } else if c == '.' {
                Ascii::Dot
            } else {
                Ascii::Split
            };
        }
        if let Some(c) = marks
            .iter()
            .chain(&ignorable)
            .find(|c| c.is_ascii_alphanumeric() || c.is_whitespace())
        {
            return Err(invalid(
                "fold",
                format!("{c:?} is an ASCII letter, digit or a space and cannot be a mark"),
            ));
        }

        let mut arabic = HashMap::new();
        for (k, v) in &raw.arabic.letters {
            let c = single_char("arabic.letters", k)?;
            if !is_folded_word(v, true) {
                return Err(invalid(
                    "arabic.letters",
                    format!("{k} = {v:?}: the Latin side must be lower-case ASCII"),
                ));
            }
            arabic.insert(c, v.clone());
        }
        let mut arabic_prefixes = Vec::new();
        for (prefix, latin) in &raw.arabic.prefixes {
            if prefix.chars().count() < 2 || !prefix.chars().all(|c| arabic.contains_key(&c)) {
                return Err(invalid(
                    "arabic.prefixes",
                    format!("{prefix:?} must be two or more letters of the table"),
                ));
            }
            if !is_folded_word(latin, false) {
                return Err(invalid(
                    "arabic.prefixes",
                    format!("{prefix} = {latin:?}: the Latin side must be lower-case ASCII"),
                ));
            }
            arabic_prefixes.push((prefix.clone(), latin.clone()));
        }
        arabic_prefixes.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        if raw.arabic.prefix_min_rest == 0 {
            return Err(invalid("arabic.prefix_min_rest", "must be at least 1"));
        }
        let mut optional_final_consonants = Vec::new();
        for c in &raw.arabic.optional_final_consonants {
            match c.as_bytes() {
                [b] if b.is_ascii_lowercase() => optional_final_consonants.push(*b),
                _ => {
                    return Err(invalid(
                        "arabic.optional_final_consonants",
                        format!("{c:?} must be one lower-case ASCII letter"),
                    ));
                }
            }
        }

        let t = &raw.tokens;
        let articles = words("tokens.articles", &t.articles)?;
        let assimilation_vowels = words("tokens.assimilation_vowels", &t.assimilation_vowels)?;
        let mut sun_letters = words("tokens.sun_letters", &t.sun_letters)?;
        sun_letters.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let glued_vowels = words("tokens.glued_vowels", &t.glued_vowels)?;
        if t.glued_min_rest == 0 {
            return Err(invalid("tokens.glued_min_rest", "must be at least 1"));
        }
        let stop_words = words("tokens.stop_words", &t.stop_words)?
            .into_iter()
            .collect();
        let particle_list = words("tokens.particles", &t.particles)?;
        let title_list = words("tokens.titles", &t.titles)?;

        let vowel_str = &raw.skeleton.vowels;
        if !is_folded_word(vowel_str, false) {
            return Err(invalid(
                "skeleton.vowels",
                "must be lower-case ASCII letters",
            ));
        }
        let mut vowels = [false; 128];
        for b in vowel_str.bytes() {
            vowels[usize::from(b)] = true;
        }
        if raw.skeleton.rules.len() > MAX_VARIANTS {
            return Err(invalid(
                "skeleton.rules",
                format!("at most {MAX_VARIANTS} rules"),
            ));
        }
        let mut variants = Vec::with_capacity(raw.skeleton.rules.len());
        for (i, r) in raw.skeleton.rules.into_iter().enumerate() {
            let section = format!("skeleton rule {} ({})", i + 1, r.label);
            if r.label.trim().is_empty() {
                return Err(invalid(&section, "needs a label"));
            }
            if r.double {
                if !r.from.is_empty() || !r.to.is_empty() || r.at.is_some() || r.after.is_some() {
                    return Err(invalid(&section, "a `double` rule takes no other field"));
                }
            } else {
                if !r.from.bytes().all(|b| b.is_ascii_lowercase()) || r.from.is_empty() {
                    return Err(invalid(&section, "`from` must be lower-case ASCII letters"));
                }
                if !r.to.bytes().all(|b| b.is_ascii_lowercase()) {
                    return Err(invalid(&section, "`to` must be lower-case ASCII letters"));
                }
                if r.to.len() > r.from.len() {
                    // Keeps the skeleton no longer than the word: cost stays linear.
                    return Err(invalid(&section, "`to` may not be longer than `from`"));
                }
            }
            if !r.not_before.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(invalid(
                    &section,
                    "`not_before` must be lower-case ASCII letters",
                ));
            }
            variants.push(Variant {
                label: r.label,
                from: r.from.into_bytes(),
                to: r.to.into_bytes(),
                at: r.at,
                after: r.after,
                not_before: r.not_before.into_bytes(),
                double: r.double,
            });
        }

        let letter_articles = words("acronyms.letter_articles", &raw.acronyms.letter_articles)?;
        if !(2..=64).contains(&raw.acronyms.max_letters) {
            return Err(invalid("acronyms.max_letters", "must be between 2 and 64"));
        }
        let w = raw.weights;
        for (name, v) in [
            ("weights.content", w.content),
            ("weights.particle", w.particle),
            ("weights.stop_word", w.stop_word),
        ] {
            unit(name, v)?;
        }
        if w.content <= 0.0 {
            return Err(invalid("weights.content", "must be above 0"));
        }
        let s = raw.scores;
        for (name, v) in [
            ("scores.near_miss_min", s.near_miss_min),
            ("scores.vowel_cost", s.vowel_cost),
            ("scores.consonants", s.consonants),
            ("scores.initial", s.initial),
            ("scores.acronym", s.acronym),
        ] {
            unit(name, v)?;
        }
        if s.near_miss_min <= 0.0 {
            return Err(invalid("scores.near_miss_min", "must be above 0"));
        }
        let l = raw.limits;
        if !(1..=4096).contains(&l.max_tokens) {
            return Err(invalid("limits.max_tokens", "must be between 1 and 4096"));
        }
        if !(1..=1024).contains(&l.max_edit_len) {
            return Err(invalid("limits.max_edit_len", "must be between 1 and 1024"));
        }
        let ix = raw.index;
        unit("index.match_threshold", ix.match_threshold)?;
        unit("index.min_score", ix.min_score)?;
        if ix.candidate_budget == 0 || ix.rescore_factor == 0 || ix.rescore_min == 0 {
            return Err(invalid(
                "index",
                "candidate_budget, rescore_factor and rescore_min must be at least 1",
            ));
        }
        if ix.near_min_len < 2 {
            return Err(invalid("index.near_min_len", "must be at least 2"));
        }

        let mut rules = Rules {
            ascii,
            marks,
            possessive,
            elisions,
            ignorable,
            arabic,
            arabic_prefixes,
            prefix_min_rest: raw.arabic.prefix_min_rest,
            optional_final_consonants,
            articles,
            assimilation_vowels,
            sun_letters,
            glued_vowels,
            glued_min_rest: t.glued_min_rest,
            particles: HashSet::new(),
            stop_words,
            titles: HashSet::new(),
            vowels,
            variants,
            letter_articles,
            max_acronym_letters: raw.acronyms.max_letters,
            weights: w,
            scores: s,
            limits: l,
            index: ix,
        };
        // Particles and titles are matched by skeleton, so their spellings need not be listed.
        rules.particles = particle_list.iter().map(|p| rules.skeleton(p).0).collect();
        rules.titles = title_list.iter().map(|p| rules.skeleton(p).0).collect();
        Ok(rules)
    }

    pub(crate) fn is_vowel(&self, b: u8) -> bool {
        self.vowels.get(usize::from(b)).copied().unwrap_or(false)
    }

    /// The letter-variant rules in order, as the rules file states them (for tools that
    /// generate spellings, such as the screening tests and benchmark).
    pub fn variant_rules(&self) -> Vec<VariantRule<'_>> {
        self.variants
            .iter()
            .map(|v| VariantRule {
                label: &v.label,
                from: std::str::from_utf8(&v.from).unwrap_or_default(),
                to: std::str::from_utf8(&v.to).unwrap_or_default(),
                at_start: v.at == Some(At::Start),
                at_end: v.at == Some(At::End),
                after_vowel: v.after.map(|c| c == Class::Vowel),
                not_before: std::str::from_utf8(&v.not_before).unwrap_or_default(),
                double: v.double,
            })
            .collect()
    }

    /// The Arabic-script letters and their Latin spellings, by letter.
    pub fn arabic_letters(&self) -> Vec<(char, &str)> {
        let mut out: Vec<(char, &str)> =
            self.arabic.iter().map(|(c, l)| (*c, l.as_str())).collect();
        out.sort_unstable();
        out
    }

    /// The unassimilated spellings of the article (`al`, `el`…).
    pub fn articles(&self) -> &[String] {
        &self.articles
    }

    /// Whether a folded letter is a vowel of the rules.
    pub fn is_vowel_letter(&self, b: u8) -> bool {
        self.is_vowel(b)
    }

    /// The labels of the skeleton rules in `mask` (bit i = rule i), in rule order.
    pub fn variant_labels(&self, mask: u64) -> Vec<&str> {
        self.variants
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1u64 << i) != 0)
            .map(|(_, v)| v.label.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMBEDDED: &str = include_str!("../../../data/names.toml");

    #[test]
    fn embedded_rules_load_and_are_consistent() {
        let r = Rules::standard();
        assert!(r.variants.len() >= 10);
        let mut labels: Vec<&str> = r.variants.iter().map(|v| v.label.as_str()).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), r.variants.len(), "variant labels are unique");
        // A word list entry must not belong to two roles.
        for a in &r.articles {
            assert!(
                !r.stop_words.contains(a),
                "{a} is both an article and a stop word"
            );
        }
        for s in &r.stop_words {
            assert!(
                !r.particles.contains(&r.skeleton(s).0),
                "{s} is a stop word and a particle"
            );
        }
        // Every Arabic prefix ends in the article's lam, and the article spelled in Latin ends
        // in "l", so the split words read as they are written.
        for (prefix, latin) in &r.arabic_prefixes {
            assert!(prefix.ends_with('ل'), "{prefix}");
            assert!(latin.ends_with('l'), "{latin}");
        }
        // The folded forms of the word lists are themselves (they are written folded).
        for w in r.stop_words.iter().chain(&r.articles) {
            assert_eq!(&r.fold(w).into_string(), w);
        }
    }

    fn with(from: &str, to: &str) -> Result<Rules, RulesError> {
        assert!(EMBEDDED.contains(from), "{from}");
        Rules::from_toml(&EMBEDDED.replacen(from, to, 1))
    }

    #[track_caller]
    fn refused(from: &str, to: &str, section: &str) {
        match with(from, to) {
            Err(RulesError::Invalid { section: s, .. }) => assert!(s.contains(section), "{s}"),
            Err(e) => panic!("expected an Invalid error for {section}, got {e}"),
            Ok(_) => panic!("rules with {to:?} were accepted"),
        }
    }

    #[test]
    fn bad_rules_are_refused_with_the_section() {
        refused(
            "elisions = [\"d\", \"l\"]",
            "elisions = [\"de\"]",
            "fold.elisions",
        );
        refused(
            "possessive = [\"'\",",
            "possessive = [\"x'\",",
            "fold.possessive",
        );
        refused("\"ب\" = \"b\"", "\"ب\" = \"B\"", "arabic.letters");
        refused(
            "prefix_min_rest = 2",
            "prefix_min_rest = 0",
            "arabic.prefix_min_rest",
        );
        refused(
            "articles = [\"al\",",
            "articles = [\"Al\",",
            "tokens.articles",
        );
        refused("from = \"gh\"", "from = \"GH\"", "skeleton rule 4");
        refused(
            "from = \"dj\"\nto = \"j\"",
            "from = \"j\"\nto = \"dj\"",
            "skeleton rule 1",
        );
        refused(
            "near_miss_min = 0.82",
            "near_miss_min = 1.5",
            "scores.near_miss_min",
        );
        refused("content = 1.0", "content = 0.0", "weights.content");
        refused("max_tokens = 48", "max_tokens = 0", "limits.max_tokens");
        refused(
            "match_threshold = 0.75",
            "match_threshold = 2",
            "index.match_threshold",
        );
        refused("near_min_len = 3", "near_min_len = 1", "index.near_min_len");
        refused(
            "max_letters = 12",
            "max_letters = 1",
            "acronyms.max_letters",
        );
        refused(
            "label = \"double letters\"\ndouble = true",
            "label = \"double letters\"\ndouble = true\nfrom = \"a\"",
            "skeleton rule",
        );
    }

    #[test]
    fn malformed_toml_is_a_toml_error() {
        assert!(matches!(
            Rules::from_toml("not = [toml"),
            Err(RulesError::Toml(_))
        ));
        assert!(matches!(Rules::from_toml(""), Err(RulesError::Toml(_))));
        assert!(matches!(
            with("[limits]", "[limits]\nunknown_field = 1"),
            Err(RulesError::Toml(_))
        ));
    }

    #[test]
    fn a_custom_file_changes_behaviour() {
        // Without the gh/g rule, Ghali and Gali no longer share a skeleton.
        let rules = with("from = \"gh\"\nto = \"g\"", "from = \"gh\"\nto = \"gh\"").unwrap();
        assert_eq!(rules.key("Ghali"), "ghali");
        assert_eq!(Rules::standard().key("Ghali"), "gali");
    }
}
