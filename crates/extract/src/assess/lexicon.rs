//! The estimative lexicon: `data/extract/estimative.toml`, read and compiled once.
//!
//! ```text
//! [[term]]  id = "will-likely"  pattern = "likely"  band = "likely"  attach = true
//!   ─► Rule { id: "will-likely", pattern: Pattern[likely], band: Some("likely"), attach, .. }
//! ```
//!
//! Every rule carries its test sentences (`[[term.tests]]`); `tests/assess_rules.rs` runs them
//! all. [`Lexicon::parse`] checks the file (unknown sets, bad patterns, duplicate ids, rules
//! without tests) and returns a typed error; the embedded file is checked by the tests, so
//! [`Lexicon::builtin`] failing is a defect of the build.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::mentions::fasthash::FastMap;

use super::pattern::{Elem, Pattern, PatternError, Sets};
use super::tokens::{Token, ascii_pieces, lower, pieces};

/// Why the lexicon could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexiconError {
    /// The file is not TOML of the expected shape.
    Syntax(String),
    /// A rule's pattern or condition is malformed.
    Pattern {
        rule: String,
        field: &'static str,
        error: PatternError,
    },
    DuplicateId(String),
    NoTests(String),
    /// A set the code relies on is missing.
    MissingSet(&'static str),
}

impl std::fmt::Display for LexiconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LexiconError::Syntax(e) => write!(f, "estimative lexicon: {e}"),
            LexiconError::Pattern { rule, field, error } => {
                write!(f, "estimative rule `{rule}`, field `{field}`: {error}")
            }
            LexiconError::DuplicateId(id) => write!(f, "estimative rule id `{id}` is used twice"),
            LexiconError::NoTests(id) => write!(f, "estimative rule `{id}` has no test sentence"),
            LexiconError::MissingSet(s) => write!(f, "estimative lexicon lacks the set `{s}`"),
        }
    }
}

impl std::error::Error for LexiconError {}

/// One expected assessment of a rule test.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    pub phrase: String,
    #[serde(default)]
    pub band: Option<String>,
    #[serde(default)]
    pub negated: bool,
}

/// A test sentence of a rule and what extraction must find in it. Fields left out are not
/// checked; `expect` is the full list of (phrase, band, negated) in order.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RuleTest {
    pub text: String,
    #[serde(default)]
    pub expect: Option<Vec<Expected>>,
    /// The claim of the first assessment.
    #[serde(default)]
    pub claim: Option<String>,
    /// The horizon of the first assessment (`""` for none).
    #[serde(default)]
    pub horizon: Option<String>,
    /// The horizon date of the first assessment (`""` for none).
    #[serde(default)]
    pub horizon_date: Option<String>,
    #[serde(default)]
    pub scenario: Option<String>,
    #[serde(default)]
    pub confidence: Option<String>,
    /// The publication date to extract with (`YYYY[-MM[-DD]]`).
    #[serde(default)]
    pub published: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    pattern: String,
    #[serde(default)]
    band: Option<String>,
    #[serde(default)]
    attach: bool,
    #[serde(default)]
    skip: bool,
    #[serde(default)]
    negated: bool,
    #[serde(default)]
    lowercase: bool,
    #[serde(default)]
    after: Option<String>,
    #[serde(default)]
    after_not: Option<String>,
    #[serde(default)]
    before: Option<String>,
    #[serde(default)]
    before_not: Option<String>,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    future_only: bool,
    #[serde(default)]
    needs_published: bool,
    #[serde(default)]
    year_offset: Option<i32>,
    #[serde(default)]
    tests: Vec<RuleTest>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClause {
    hard: Vec<String>,
    comma_openers: Vec<String>,
    comma_exceptions: Vec<String>,
    relatives: String,
    participle_keep: Vec<String>,
    strip_words: String,
    scenario_intro: String,
    figure_refs: String,
    #[serde(default)]
    tests: Vec<RuleTest>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhrase {
    lead_in: String,
    copulas: String,
    before: String,
    modals_after: String,
    auxiliaries_after: String,
    negations: String,
    not_negation_before: String,
    negated_auxiliaries: String,
    tail: String,
    bridge: String,
    #[serde(default)]
    tests: Vec<RuleTest>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    version: u32,
    sets: Sets,
    phrase: RawPhrase,
    clause: RawClause,
    #[serde(default)]
    term: Vec<RawRule>,
    #[serde(default)]
    frame: Vec<RawRule>,
    #[serde(default)]
    attribution: Vec<RawRule>,
    #[serde(default)]
    confidence: Vec<RawRule>,
    #[serde(default)]
    horizon: Vec<RawRule>,
    #[serde(default)]
    scenario: Vec<RawRule>,
}

/// A compiled rule of any section.
#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub pattern: Pattern,
    /// ICD 203 band id (terms); `None` for hedges and comparatives.
    pub band: Option<String>,
    /// Join neighbouring auxiliaries into the phrase ("will likely", "is unlikely to").
    pub attach: bool,
    /// A match of this rule means: no judgement here.
    pub skip: bool,
    /// Frames: the frame denies the claim ("we do not expect").
    pub negated: bool,
    /// The first word must be written in lower case ("may", not the month "May").
    pub lowercase: bool,
    pub after: Option<Elem>,
    pub after_not: Option<Elem>,
    pub before: Option<Elem>,
    pub before_not: Option<Elem>,
    /// Confidence level (confidence rules).
    pub level: Option<String>,
    /// Horizons: the date must not be before the publication date (when it is known).
    pub future_only: bool,
    /// Horizons: kept only when the publication date is known.
    pub needs_published: bool,
    /// Horizons: the date is the publication year plus this.
    pub year_offset: Option<i32>,
}

impl Rule {
    /// True when the rule's neighbour conditions hold for a match `start..end`.
    pub fn fits(&self, tokens: &[Token<'_>], start: usize, end: usize) -> bool {
        let prev = start.checked_sub(1).and_then(|i| tokens.get(i));
        let next = tokens.get(end);
        let ok = |cond: &Option<Elem>, tok: Option<&Token<'_>>, want: bool| match cond {
            None => true,
            Some(e) => tok.is_some_and(|t| e.accepts(t)) == want,
        };
        if self.lowercase && !tokens.get(start).is_some_and(Token::is_lowercase) {
            return false;
        }
        ok(&self.after, prev, true)
            && ok(&self.after_not, prev, false)
            && ok(&self.before, next, true)
            && ok(&self.before_not, next, false)
    }
}

/// How a found term grows into the phrase as written.
#[derive(Clone, Debug)]
pub struct PhraseRules {
    /// Joined before a copula: "it" in "it is likely".
    pub lead_in: Elem,
    pub copulas: Elem,
    /// Auxiliaries joined before a term: "will likely", "is likely".
    pub before: Elem,
    pub modals_after: Elem,
    pub auxiliaries_after: Elem,
    pub negations: Elem,
    /// A negation followed by one of these is not one ("not only").
    pub not_negation_before: Elem,
    pub negated_auxiliaries: Elem,
    pub tail: Elem,
    /// Words that may stand between a bare hedge and a banded term of the same verb ("would
    /// also most likely"): the hedge is then dropped.
    pub bridge: Elem,
}

/// Where clauses begin and end.
#[derive(Clone, Debug)]
pub struct ClauseRules {
    pub hard: BTreeSet<String>,
    pub comma_openers: Vec<Pattern>,
    pub comma_exceptions: Vec<Pattern>,
    pub relatives: Elem,
    pub participle_keep: BTreeSet<String>,
    pub strip_words: Elem,
    /// Words that open a scenario intro cut from claims ("In a worst-case scenario,").
    pub scenario_intro: Elem,
    pub figure_refs: Elem,
}

/// The compiled lexicon.
#[derive(Clone, Debug)]
pub struct Lexicon {
    pub version: u32,
    pub sets: Sets,
    pub phrase: PhraseRules,
    pub clause: ClauseRules,
    pub terms: Vec<Rule>,
    pub frames: Vec<Rule>,
    pub attributions: Vec<Rule>,
    pub confidence: Vec<Rule>,
    pub horizons: Vec<Rule>,
    pub scenarios: Vec<Rule>,
    /// Each section's rules by the words their matches can start with.
    pub(crate) index: Indexes,
    tests: Vec<(String, RuleTest)>,
}

/// The rules of one section by the lower-case word a match can start with, so a token is
/// tried only against the rules that can match there.
#[derive(Clone, Debug, Default)]
pub(crate) struct RuleIndex {
    by_word: FastMap<String, Vec<usize>>,
    /// Rules whose first token is not a closed list of words: tried everywhere.
    anywhere: Vec<usize>,
}

impl RuleIndex {
    fn new(rules: &[Rule]) -> RuleIndex {
        let mut index = RuleIndex::default();
        for (i, r) in rules.iter().enumerate() {
            match r.pattern.first_words() {
                Some(words) => {
                    for w in words {
                        let list = index.by_word.entry(w.to_string()).or_default();
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                }
                None => index.anywhere.push(i),
            }
        }
        index
    }

    /// Calls `f` with every rule that may match at a token written `low` (in lower case), in
    /// the order of the file.
    pub(crate) fn each(&self, low: &str, mut f: impl FnMut(usize)) {
        let words = self.by_word.get(low).map_or(&[][..], Vec::as_slice);
        let (mut a, mut b) = (words.iter().peekable(), self.anywhere.iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(&&x), Some(&&y)) if x < y => a.next(),
                (Some(_), Some(_)) | (None, Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, None) => return,
            };
            if let Some(&r) = next {
                f(r);
            }
        }
    }
}

/// The index of every section.
#[derive(Clone, Debug, Default)]
pub(crate) struct Indexes {
    pub terms: RuleIndex,
    pub frames: RuleIndex,
    pub attributions: RuleIndex,
    pub confidence: RuleIndex,
    pub horizons: RuleIndex,
    pub scenarios: RuleIndex,
    /// What a sentence needs for a term, a frame or a scenario to match.
    pub needs: Needs,
}

/// What a sentence must hold for a term, a frame or a scenario to match in it: one word of
/// each required element of the rule. Checked on the sentence's text before it is tokenized:
/// most sentences hold no judgement, and are passed over after one look-up per word.
#[derive(Clone, Debug, Default)]
pub(crate) struct Needs {
    /// Lower-case word (its bytes) → the required elements it satisfies.
    by_word: FastMap<Box<[u8]>, Vec<usize>>,
    /// The rule of each required element.
    rule_of: Vec<usize>,
    /// The required elements of each rule.
    rules: Vec<Vec<usize>>,
    /// Some rule has no required element of listed words: it may match anywhere.
    always: bool,
    /// The longest word of `by_word`, in bytes.
    longest: usize,
    /// One bit per (length, first byte, last byte) of the words of `by_word`: most words of a
    /// sentence are turned away before hashing.
    shapes: Vec<u64>,
}

/// The bit of a word's (length, first byte, last byte) in [`Needs::shapes`].
fn shape_bit(w: &[u8]) -> Option<usize> {
    let (&first, &last) = (w.first()?, w.last()?);
    Some(((w.len().min(63) << 14) | (usize::from(first & 0x7f) << 7)) | usize::from(last & 0x7f))
}

impl Needs {
    fn new<'r>(rules: impl Iterator<Item = &'r Rule>) -> Needs {
        let mut needs = Needs::default();
        for (r, rule) in rules.enumerate() {
            let mut ids = Vec::new();
            for words in rule.pattern.required_words() {
                let id = needs.rule_of.len();
                needs.rule_of.push(r);
                for w in words {
                    needs.longest = needs.longest.max(w.len());
                    if let Some(bit) = shape_bit(w.as_bytes()) {
                        if needs.shapes.len() <= bit / 64 {
                            needs.shapes.resize(bit / 64 + 1, 0);
                        }
                        needs.shapes[bit / 64] |= 1 << (bit % 64);
                    }
                    let key: Box<[u8]> = w.as_bytes().into();
                    needs.by_word.entry(key).or_default().push(id);
                }
                ids.push(id);
            }
            needs.always |= ids.is_empty();
            needs.rules.push(ids);
        }
        needs
    }

    /// False when `sentence` lacks, for every rule, a word one of its required elements needs.
    /// `seen` is scratch space, reused from sentence to sentence.
    pub(crate) fn may_match(&self, sentence: &str, seen: &mut Vec<bool>) -> bool {
        if self.always {
            return true;
        }
        seen.resize(self.rule_of.len(), false);
        let mut touched: Vec<usize> = Vec::new();
        let mut buf = [0u8; 32];
        let mut visit = |piece: &str| {
            let ascii = piece.is_ascii();
            if ascii && piece.len() > self.longest {
                return;
            }
            // What `tokens::lower` gives, on the stack for a short ASCII word.
            let owned;
            let low: &[u8] = if ascii && piece.len() <= buf.len() {
                let out = &mut buf[..piece.len()];
                out.copy_from_slice(piece.as_bytes());
                out.make_ascii_lowercase();
                let known = shape_bit(out).is_some_and(|bit| {
                    self.shapes
                        .get(bit / 64)
                        .is_some_and(|w| w >> (bit % 64) & 1 == 1)
                });
                if !known {
                    return;
                }
                out
            } else {
                owned = lower(piece);
                owned.as_bytes()
            };
            if let Some(ids) = self.by_word.get(low) {
                for &id in ids {
                    if !seen[id] {
                        seen[id] = true;
                        touched.push(id);
                    }
                }
            }
        };
        if sentence.is_ascii() {
            ascii_pieces(sentence, |a, b| visit(&sentence[a..b]));
        } else {
            for (a, b, _) in pieces(sentence) {
                visit(&sentence[a..b]);
            }
        }
        let found = touched
            .iter()
            .any(|&id| self.rules[self.rule_of[id]].iter().all(|&e| seen[e]));
        for id in touched {
            seen[id] = false;
        }
        found
    }
}

impl Lexicon {
    /// The lexicon embedded from `data/extract/estimative.toml`.
    pub fn builtin() -> &'static Lexicon {
        static CELL: OnceLock<Lexicon> = OnceLock::new();
        CELL.get_or_init(|| {
            match Lexicon::parse(include_str!("../../../../data/extract/estimative.toml")) {
                Ok(l) => l,
                Err(e) => panic!("embedded data file data/extract/estimative.toml: {e}"),
            }
        })
    }

    /// Reads and checks a lexicon file.
    pub fn parse(text: &str) -> Result<Lexicon, LexiconError> {
        let raw: RawLexicon =
            toml::from_str(text).map_err(|e| LexiconError::Syntax(e.to_string()))?;
        let mut sets = raw.sets;
        for words in sets.values_mut() {
            for w in words.iter_mut() {
                *w = w.to_lowercase();
            }
        }
        for needed in ["numbers", "months", "qualifiers"] {
            if !sets.contains_key(needed) {
                return Err(LexiconError::MissingSet(needed));
            }
        }
        let mut tests = Vec::new();
        let elem = |rule: &str, field: &'static str, s: &str| {
            Elem::parse(s, &sets).map_err(|error| LexiconError::Pattern {
                rule: rule.to_string(),
                field,
                error,
            })
        };
        let pattern = |rule: &str, field: &'static str, s: &str| {
            Pattern::parse(s, &sets).map_err(|error| LexiconError::Pattern {
                rule: rule.to_string(),
                field,
                error,
            })
        };
        let p = &raw.phrase;
        let phrase = PhraseRules {
            lead_in: elem("phrase", "lead_in", &p.lead_in)?,
            copulas: elem("phrase", "copulas", &p.copulas)?,
            before: elem("phrase", "before", &p.before)?,
            modals_after: elem("phrase", "modals_after", &p.modals_after)?,
            auxiliaries_after: elem("phrase", "auxiliaries_after", &p.auxiliaries_after)?,
            negations: elem("phrase", "negations", &p.negations)?,
            not_negation_before: elem("phrase", "not_negation_before", &p.not_negation_before)?,
            negated_auxiliaries: elem("phrase", "negated_auxiliaries", &p.negated_auxiliaries)?,
            tail: elem("phrase", "tail", &p.tail)?,
            bridge: elem("phrase", "bridge", &p.bridge)?,
        };
        tests.extend(p.tests.iter().map(|t| ("phrase".to_string(), t.clone())));
        let c = &raw.clause;
        let clause = ClauseRules {
            hard: c.hard.iter().map(|h| h.to_lowercase()).collect(),
            comma_openers: c
                .comma_openers
                .iter()
                .map(|s| pattern("clause", "comma_openers", s))
                .collect::<Result<_, _>>()?,
            comma_exceptions: c
                .comma_exceptions
                .iter()
                .map(|s| pattern("clause", "comma_exceptions", s))
                .collect::<Result<_, _>>()?,
            relatives: elem("clause", "relatives", &c.relatives)?,
            participle_keep: c.participle_keep.iter().map(|w| w.to_lowercase()).collect(),
            strip_words: elem("clause", "strip_words", &c.strip_words)?,
            scenario_intro: elem("clause", "scenario_intro", &c.scenario_intro)?,
            figure_refs: elem("clause", "figure_refs", &c.figure_refs)?,
        };
        tests.extend(c.tests.iter().map(|t| ("clause".to_string(), t.clone())));

        let mut ids = BTreeSet::new();
        let mut compile = |raws: Vec<RawRule>| -> Result<Vec<Rule>, LexiconError> {
            let mut out = Vec::new();
            for r in raws {
                if !ids.insert(r.id.clone()) {
                    return Err(LexiconError::DuplicateId(r.id));
                }
                if r.tests.is_empty() {
                    return Err(LexiconError::NoTests(r.id));
                }
                let cond = |field, s: &Option<String>| {
                    s.as_deref().map(|s| elem(&r.id, field, s)).transpose()
                };
                out.push(Rule {
                    pattern: pattern(&r.id, "pattern", &r.pattern)?,
                    band: r.band.clone(),
                    attach: r.attach,
                    skip: r.skip,
                    negated: r.negated,
                    lowercase: r.lowercase,
                    after: cond("after", &r.after)?,
                    after_not: cond("after_not", &r.after_not)?,
                    before: cond("before", &r.before)?,
                    before_not: cond("before_not", &r.before_not)?,
                    level: r.level.clone(),
                    future_only: r.future_only,
                    needs_published: r.needs_published,
                    year_offset: r.year_offset,
                    id: r.id.clone(),
                });
                tests.extend(r.tests.into_iter().map(|t| (r.id.clone(), t)));
            }
            Ok(out)
        };
        let terms = compile(raw.term)?;
        let frames = compile(raw.frame)?;
        let attributions = compile(raw.attribution)?;
        let confidence = compile(raw.confidence)?;
        let horizons = compile(raw.horizon)?;
        let scenarios = compile(raw.scenario)?;
        let index = Indexes {
            terms: RuleIndex::new(&terms),
            frames: RuleIndex::new(&frames),
            attributions: RuleIndex::new(&attributions),
            confidence: RuleIndex::new(&confidence),
            horizons: RuleIndex::new(&horizons),
            scenarios: RuleIndex::new(&scenarios),
            needs: Needs::new(terms.iter().chain(&frames).chain(&scenarios)),
        };
        Ok(Lexicon {
            version: raw.version,
            sets,
            phrase,
            clause,
            terms,
            frames,
            attributions,
            confidence,
            horizons,
            scenarios,
            index,
            tests,
        })
    }

    /// Every rule's test sentences, with the rule id (`phrase` and `clause` for those sections).
    pub fn tests(&self) -> &[(String, RuleTest)] {
        &self.tests
    }

    /// Every band id the terms use.
    pub fn bands(&self) -> BTreeSet<&str> {
        self.terms
            .iter()
            .filter_map(|t| t.band.as_deref())
            .collect()
    }
}
