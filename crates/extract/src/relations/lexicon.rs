//! The relation lexicon: `data/extract/relations.toml`, read and compiled once.
//!
//! ```text
//! [[rule]]  id = "founded"  pattern = "{S} founded {O:organization}"  predicate = "founded"
//!   ─► RelationRule { id: "founded", pattern: Pattern[{S} founded {O}], predicate: "founded", .. }
//! ```
//!
//! Besides the rules, the file holds the word sets patterns refer to (`$leader`), the cues of
//! negation, intent and hedging, the list separators and the anaphora. Every rule carries test
//! sentences (`tests/relations_rules.rs` runs them all). [`Lexicon::parse`] checks the file
//! (unknown sets, predicates or types, bad patterns, duplicate ids, rules without tests) and
//! returns a typed error; the embedded file is checked by the tests, so [`Lexicon::builtin`]
//! failing is a defect of the build.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use dossier_model::Vocabulary;
use serde::Deserialize;

use super::frame::{Unit, UnitKind};
use super::pattern::{Lists, Pattern, PatternError, Phrases, Sets, Tm, compile_set, phrase};
use crate::EntityKind;

/// Why a lexicon (of relations or of events) could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexiconError {
    /// The file is not TOML of the expected shape.
    Syntax(String),
    Pattern {
        rule: String,
        error: PatternError,
    },
    DuplicateId(String),
    NoTests(String),
    /// A rule names a predicate, event kind or set that does not exist.
    Unknown {
        rule: String,
        what: String,
    },
    /// A list the code relies on is missing or empty.
    Missing(&'static str),
}

impl std::fmt::Display for LexiconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LexiconError::Syntax(e) => write!(f, "{e}"),
            LexiconError::Pattern { rule, error } => write!(f, "rule `{rule}`: {error}"),
            LexiconError::DuplicateId(id) => write!(f, "rule id `{id}` is used twice"),
            LexiconError::NoTests(id) => write!(f, "rule `{id}` has no test sentence"),
            LexiconError::Unknown { rule, what } => write!(f, "rule `{rule}`: unknown {what}"),
            LexiconError::Missing(what) => write!(f, "the lexicon lacks `{what}`"),
        }
    }
}

impl std::error::Error for LexiconError {}

/// A test sentence of a relation rule. `expect` lists `subject | predicate | object` (names or
/// aliases of the document entities) and must be exactly what the rule finds in `text`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RelationTest {
    pub text: String,
    #[serde(default)]
    pub expect: Vec<String>,
    /// The start of the first expected relation (`YYYY[-MM[-DD]]`, `""` for none).
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    /// The first expected relation is hedged.
    #[serde(default)]
    pub hedged: Option<bool>,
    /// The publication date to extract with.
    #[serde(default)]
    pub published: Option<String>,
}

/// Which date of the clause a rule's relation takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateUse {
    /// A state the sentence describes: no valid time from the sentence.
    #[default]
    None,
    /// The act begins the relation ("founded in 2011", "from 2008 until 2010").
    Start,
    /// The act ends the relation ("withdrew in March 2022").
    End,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    pattern: String,
    predicate: String,
    #[serde(default = "default_confidence")]
    confidence: f32,
    #[serde(default)]
    date: DateUse,
    #[serde(default)]
    position: Option<String>,
    #[serde(default)]
    among: bool,
    #[serde(default)]
    respectively: bool,
    #[serde(default)]
    detail: bool,
    #[serde(default)]
    object: Option<String>,
    #[serde(default)]
    tests: Vec<RelationTest>,
}

fn default_confidence() -> f32 {
    0.7
}

/// A compiled relation rule.
#[derive(Clone, Debug)]
pub struct RelationRule {
    pub id: String,
    pub pattern: Pattern,
    pub predicate: String,
    pub confidence: f32,
    pub date: DateUse,
    /// The set whose matched words are the subject's position ("emir").
    pub position: Option<String>,
    /// The subject list's members relate to each other ("A and B are closely linked").
    pub among: bool,
    /// Subjects and objects pair in order ("A, B and C, the leaders of X, Y and Z,
    /// respectively").
    pub respectively: bool,
    /// Record the capitalized name after "as a" as the statement's detail (the sanctions
    /// programme of a designation: "as a Specially Designated Global Terrorist").
    pub detail: bool,
    /// Without an object in the sentence, take the organization founded last ("Ghaly was
    /// announced as the leader" after the founding of the group): `object = "founded"`.
    pub object_founded: bool,
    /// The clause subject is the object ("X, the … branch, was established by Y"):
    /// `object = "clause"`.
    pub object_clause: bool,
}

/// A hedge: words that make a statement less certain.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHedge {
    pub phrase: String,
    pub factor: f32,
    /// A verb of attribution: the words before it (who claims) are recorded with it.
    #[serde(default)]
    pub attribution: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Hedge {
    pub words: Vec<Tm>,
    pub factor: f32,
    pub attribution: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCues {
    negation: Vec<String>,
    not_negation: Vec<String>,
    intent: Vec<String>,
    hedges: Vec<RawHedge>,
    separators: Vec<String>,
    openers: Vec<String>,
    at_least: Vec<String>,
    numbers: BTreeMap<String, u32>,
    start_words: Vec<String>,
    end_words: Vec<String>,
    hyphen_modifiers: Vec<String>,
    not_intent: Vec<String>,
    gap_stops: Vec<String>,
    clause_breaks: Vec<String>,
    item_intros: Vec<String>,
    auxiliaries: Vec<String>,
    complementizers: Vec<String>,
}

/// Cues every pattern stage shares: negation, intent, hedges, list separators.
#[derive(Clone, Debug)]
pub(crate) struct Cues {
    pub negation: Phrases,
    pub not_negation: Phrases,
    pub intent: Phrases,
    pub not_intent: Phrases,
    pub hedges: Vec<Hedge>,
    /// Hedges by the first word of their phrase.
    pub hedge_index: HashMap<Box<str>, Vec<usize>>,
    /// Words opening a leading adverbial ("In 2012, …"): the clause subject comes after its
    /// comma.
    pub openers: Phrases,
    /// Words after a comma that open a clause with its own subject.
    pub clause_breaks: Phrases,
    /// Words opening a reported clause with its own subject ("revealed that X …").
    pub complementizers: Phrases,
    /// Words before a date that make it the start or the end of a relation.
    pub start_words: Phrases,
    pub end_words: Phrases,
    pub lists: Lists,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnaphora {
    person: Vec<String>,
    person_possessive: Vec<String>,
    organization: Vec<String>,
    organization_possessive: Vec<String>,
    armed_group: Vec<String>,
    not_groups: Vec<String>,
    new_organization: Vec<String>,
}

/// A pronoun or anaphoric noun phrase.
#[derive(Clone, Debug)]
pub(crate) struct Anaphor {
    pub words: Vec<Box<str>>,
    pub kind: EntityKind,
    pub possessive: bool,
    /// Stands for the organization founded last.
    pub new: bool,
    /// Names an armed group ("the group", "the militants"): never a government or an army.
    pub armed: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    version: u32,
    sets: BTreeMap<String, Vec<String>>,
    cues: RawCues,
    anaphora: RawAnaphora,
    #[serde(default)]
    rule: Vec<RawRule>,
    #[serde(default)]
    derived: Vec<DerivedRule>,
}

/// Which parts of an event a derived relation joins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventPart {
    /// Each actor → the event's place.
    ActorLocation,
    /// Each actor → each target.
    ActorTarget,
    /// Each target → each actor.
    TargetActor,
}

/// A relation that an extracted event implies ("JNIM attacked a base in Boni" → JNIM
/// operates_in Boni), from `[[derived]]` in data/extract/relations.toml.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerivedRule {
    pub id: String,
    pub predicate: String,
    pub from: EventPart,
    /// Event kinds of the vocabulary (`attack`, `death`, …) the rule reads; empty: any kind of
    /// the listed event types.
    #[serde(default)]
    pub event_kinds: Vec<String>,
    /// ACLED event types of the vocabulary the rule reads; empty: any type of the listed kinds.
    #[serde(default)]
    pub event_types: Vec<String>,
    /// Multiplies the event's confidence.
    pub confidence: f32,
    /// Whether the relation takes the event's date as its start.
    #[serde(default)]
    pub dated: bool,
    /// Subject types the rule accepts (vocabulary types; empty: the predicate's domain).
    #[serde(default)]
    pub subject_types: Vec<String>,
    /// Object types the rule accepts (vocabulary types; empty: the predicate's range).
    #[serde(default)]
    pub object_types: Vec<String>,
}

/// The compiled relation lexicon.
#[derive(Debug)]
pub struct Lexicon {
    pub version: u32,
    pub rules: Vec<RelationRule>,
    pub(crate) sets: Sets,
    pub(crate) cues: Cues,
    pub(crate) anaphora: Vec<Anaphor>,
    /// Anaphora by their first word (longest first).
    pub(crate) anaphora_index: HashMap<Box<str>, Vec<usize>>,
    /// Sub-types an armed-group anaphor never stands for.
    pub(crate) not_groups: Vec<String>,
    /// Rules by the first token of their anchor.
    pub(crate) anchors: Anchors,
    tests: Vec<(String, RelationTest)>,
    /// Relations events imply, applied after event extraction.
    pub derived: Vec<DerivedRule>,
}

pub(crate) fn phrases(list: &[String]) -> Vec<Vec<Tm>> {
    compile_set(list)
}

/// Rules by the first token of their anchor: a word, a punctuation mark, or a word prefix.
#[derive(Debug, Default)]
pub(crate) struct Anchors {
    words: HashMap<Box<str>, Vec<usize>>,
    puncts: Vec<(char, Vec<usize>)>,
    prefixes: Vec<(Box<str>, usize)>,
}

impl Anchors {
    /// Indexes patterns (their position in the iterator is the rule index).
    pub(crate) fn new<'a>(patterns: impl Iterator<Item = &'a Pattern>) -> Anchors {
        let mut out = Anchors::default();
        for (i, p) in patterns.enumerate() {
            let mut seen: HashSet<Tm> = HashSet::new();
            for head in p.anchor_heads() {
                if !seen.insert(head.clone()) {
                    continue;
                }
                match head {
                    Tm::Exact(w) => out.words.entry(w).or_default().push(i),
                    Tm::Punct(c) => match out.puncts.iter_mut().find(|(p, _)| *p == c) {
                        Some((_, list)) => list.push(i),
                        None => out.puncts.push((c, vec![i])),
                    },
                    Tm::Prefix(w) => out.prefixes.push((w, i)),
                }
            }
        }
        out
    }

    /// The rules whose anchor may start at `u`, each once.
    pub(crate) fn candidates(&self, u: &Unit, out: &mut Vec<usize>) {
        out.clear();
        match u.kind {
            UnitKind::Word => {
                if let Some(list) = self.words.get(&*u.fold) {
                    out.extend(list);
                }
                for (p, i) in &self.prefixes {
                    if u.fold.starts_with(&**p) {
                        out.push(*i);
                    }
                }
            }
            UnitKind::Punct(_) => {
                for (c, list) in &self.puncts {
                    if u.is_punct(*c) {
                        out.extend(list);
                    }
                }
            }
            UnitKind::Ent { .. } | UnitKind::Date(_) => {}
        }
        if out.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
    }
}

impl Lexicon {
    /// The lexicon embedded from `data/extract/relations.toml`.
    pub fn builtin() -> &'static Lexicon {
        static CELL: OnceLock<Lexicon> = OnceLock::new();
        CELL.get_or_init(|| {
            let vocab = Vocabulary::builtin().ok();
            match Lexicon::parse(
                include_str!("../../../../data/extract/relations.toml"),
                vocab.as_ref(),
            ) {
                Ok(l) => l,
                Err(e) => panic!("embedded data file data/extract/relations.toml: {e}"),
            }
        })
    }

    /// Reads and checks a lexicon file. With a vocabulary, predicates and slot types are
    /// checked against it.
    pub fn parse(text: &str, vocab: Option<&Vocabulary>) -> Result<Lexicon, LexiconError> {
        let raw: RawLexicon = toml::from_str(text)
            .map_err(|e| LexiconError::Syntax(format!("relation lexicon: {e}")))?;
        let sets: Sets = raw
            .sets
            .iter()
            .map(|(k, v)| (k.clone(), compile_set(v)))
            .collect();
        let cues = compile_cues(&raw.cues, &sets)?;
        let anaphora = compile_anaphora(&raw.anaphora);
        let not_groups = raw.anaphora.not_groups.clone();
        let mut anaphora_index: HashMap<Box<str>, Vec<usize>> = HashMap::new();
        for (i, a) in anaphora.iter().enumerate() {
            if let Some(w) = a.words.first() {
                anaphora_index.entry(w.clone()).or_default().push(i);
            }
        }
        let mut rules = Vec::new();
        let mut tests = Vec::new();
        let mut ids = HashSet::new();
        for r in raw.rule {
            if !ids.insert(r.id.clone()) {
                return Err(LexiconError::DuplicateId(r.id));
            }
            if r.tests.is_empty() {
                return Err(LexiconError::NoTests(r.id));
            }
            if let Some(v) = vocab
                && v.predicate(&r.predicate).is_none()
            {
                return Err(LexiconError::Unknown {
                    rule: r.id,
                    what: format!("predicate `{}`", r.predicate),
                });
            }
            if let Some(o) = &r.object
                && o != "founded"
                && o != "clause"
            {
                return Err(LexiconError::Unknown {
                    rule: r.id,
                    what: format!("object fallback `{o}` (`founded` or `clause`)"),
                });
            }
            if let Some(p) = &r.position
                && !sets.contains_key(p)
            {
                return Err(LexiconError::Unknown {
                    rule: r.id,
                    what: format!("position set `{p}`"),
                });
            }
            let pattern = Pattern::parse(&r.pattern, &sets, vocab).map_err(|error| {
                LexiconError::Pattern {
                    rule: r.id.clone(),
                    error,
                }
            })?;
            for t in r.tests {
                tests.push((r.id.clone(), t));
            }
            rules.push(RelationRule {
                id: r.id,
                pattern,
                predicate: r.predicate,
                confidence: r.confidence.clamp(0.0, 1.0),
                date: r.date,
                position: r.position,
                among: r.among,
                respectively: r.respectively,
                detail: r.detail,
                object_founded: r.object.as_deref() == Some("founded"),
                object_clause: r.object.as_deref() == Some("clause"),
            });
        }
        for d in &raw.derived {
            if !ids.insert(d.id.clone()) {
                return Err(LexiconError::DuplicateId(d.id.clone()));
            }
            if let Some(v) = vocab {
                let unknown = |what: String| LexiconError::Unknown {
                    rule: d.id.clone(),
                    what,
                };
                if v.predicate(&d.predicate).is_none() {
                    return Err(unknown(format!("predicate `{}`", d.predicate)));
                }
                if let Some(k) = d
                    .event_kinds
                    .iter()
                    .find(|k| !v.event_kinds.contains_key(*k))
                {
                    return Err(unknown(format!("event kind `{k}`")));
                }
                if let Some(t) = d
                    .event_types
                    .iter()
                    .find(|t| !v.event_types.contains_key(*t))
                {
                    return Err(unknown(format!("event type `{t}`")));
                }
                if let Some(t) = d
                    .subject_types
                    .iter()
                    .chain(&d.object_types)
                    .find(|t| !v.entity_types.contains_key(*t))
                {
                    return Err(unknown(format!("entity type `{t}`")));
                }
            }
            if d.event_kinds.is_empty() && d.event_types.is_empty() {
                return Err(LexiconError::Unknown {
                    rule: d.id.clone(),
                    what: "event kinds or types (one list must be given)".to_string(),
                });
            }
        }
        let anchors = Anchors::new(rules.iter().map(|r| &r.pattern));
        Ok(Lexicon {
            version: raw.version,
            rules,
            sets,
            cues,
            anaphora,
            anaphora_index,
            not_groups,
            anchors,
            tests,
            derived: raw.derived,
        })
    }

    /// Every rule's test sentences, with the rule id.
    pub fn tests(&self) -> &[(String, RelationTest)] {
        &self.tests
    }
}

fn compile_cues(raw: &RawCues, sets: &Sets) -> Result<Cues, LexiconError> {
    let det = sets
        .get("det")
        .cloned()
        .ok_or(LexiconError::Missing("det"))?;
    if raw.separators.is_empty() {
        return Err(LexiconError::Missing("separators"));
    }
    let mut numbers: Vec<(Vec<Tm>, u32)> = raw
        .numbers
        .iter()
        .map(|(k, v)| (phrase(k), *v))
        .filter(|(p, _)| !p.is_empty())
        .collect();
    numbers.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let hedges: Vec<Hedge> = raw
        .hedges
        .iter()
        .map(|h| Hedge {
            words: phrase(&h.phrase),
            factor: h.factor.clamp(0.0, 1.0),
            attribution: h.attribution,
        })
        .filter(|h| !h.words.is_empty())
        .collect();
    let mut hedge_index: HashMap<Box<str>, Vec<usize>> = HashMap::new();
    for (i, h) in hedges.iter().enumerate() {
        if let Some(Tm::Exact(w)) = h.words.first() {
            hedge_index.entry(w.clone()).or_default().push(i);
        }
    }
    Ok(Cues {
        negation: Phrases::new(phrases(&raw.negation)),
        not_negation: Phrases::new(phrases(&raw.not_negation)),
        intent: Phrases::new(phrases(&raw.intent)),
        not_intent: Phrases::new(phrases(&raw.not_intent)),
        hedges,
        hedge_index,
        openers: Phrases::new(phrases(&raw.openers)),
        clause_breaks: Phrases::new(phrases(&raw.clause_breaks)),
        complementizers: Phrases::new(phrases(&raw.complementizers)),
        start_words: Phrases::new(phrases(&raw.start_words)),
        end_words: Phrases::new(phrases(&raw.end_words)),
        lists: Lists {
            det,
            separators: phrases(&raw.separators),
            numbers,
            at_least: phrases(&raw.at_least),
            hyphen_modifiers: phrases(&raw.hyphen_modifiers),
            gap_stops: raw
                .gap_stops
                .iter()
                .map(|w| w.to_lowercase().into())
                .collect(),
            function_words: sets.get("function_words").cloned().unwrap_or_default(),
            prepositions: Phrases::new(sets.get("prepositions").cloned().unwrap_or_default()),
            item_intros: phrases(&raw.item_intros),
            auxiliaries: raw
                .auxiliaries
                .iter()
                .map(|w| w.to_lowercase().into())
                .collect(),
        },
    })
}

fn compile_anaphora(raw: &RawAnaphora) -> Vec<Anaphor> {
    let mut out = Vec::new();
    // (list, kind, possessive, new, armed)
    let groups: [(&[String], EntityKind, bool, bool, bool); 6] = [
        (
            &raw.new_organization,
            EntityKind::Organization,
            false,
            true,
            false,
        ),
        (&raw.person, EntityKind::Person, false, false, false),
        (
            &raw.person_possessive,
            EntityKind::Person,
            true,
            false,
            false,
        ),
        (
            &raw.organization,
            EntityKind::Organization,
            false,
            false,
            false,
        ),
        (
            &raw.organization_possessive,
            EntityKind::Organization,
            true,
            false,
            false,
        ),
        (
            &raw.armed_group,
            EntityKind::Organization,
            false,
            false,
            true,
        ),
    ];
    for (list, kind, possessive, new, armed) in groups {
        for p in list {
            let words: Vec<Box<str>> = phrase(p)
                .into_iter()
                .filter_map(|t| match t {
                    Tm::Exact(w) => Some(w),
                    _ => None,
                })
                .collect();
            if !words.is_empty() {
                out.push(Anaphor {
                    words,
                    kind,
                    possessive,
                    new,
                    armed,
                });
            }
        }
    }
    // Longest first, so "the new group" wins over "the group".
    out.sort_by_key(|a| std::cmp::Reverse(a.words.len()));
    out
}
