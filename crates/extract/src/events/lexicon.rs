//! The event lexicon: `data/extract/events.toml`, read and compiled once.
//!
//! ```text
//! [[rule]]  id = "vbied"  kind = "bombing"  pattern = "vbied|vbieds"  priority = 3
//!   ─► EventRule { id: "vbied", kind: "bombing", pattern: Pattern[vbied|vbieds], .. }
//! ```
//!
//! Patterns use the syntax of relation patterns ([`crate::relations::Pattern`]) with the slots
//! `{A}` (actors), `{T}` (targets) and `{L}` (location), and may refer to the word sets of
//! `data/extract/relations.toml` as well as their own. Each rule names an event kind of the
//! vocabulary (which gives the ACLED type, sub-type and CAMEO code) and may narrow the
//! sub-type. Fatality patterns (`[[fatalities]]`) use `{N}` for the number.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use dossier_model::Vocabulary;
use serde::Deserialize;

use crate::relations::{self, Anchors, LexiconError, Pattern, Sets, compile_set};

/// One expected event of a rule test. Fields left out are not checked.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ExpectedEvent {
    pub kind: String,
    pub date: String,
    #[serde(default)]
    pub actors: Option<Vec<String>>,
    #[serde(default)]
    pub targets: Option<Vec<String>>,
    /// The location's name (`""` for none).
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub fatalities: Option<u32>,
    #[serde(default)]
    pub subtype: Option<String>,
}

/// A test sentence of an event rule: `expect` is every event extraction finds in `text`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EventTest {
    pub text: String,
    #[serde(default)]
    pub expect: Vec<ExpectedEvent>,
    #[serde(default)]
    pub published: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    pattern: String,
    kind: String,
    #[serde(default)]
    subtype: Option<String>,
    #[serde(default)]
    priority: i32,
    #[serde(default = "default_confidence")]
    confidence: f32,
    /// Take the clause subject as the actor when the pattern has no `{A}`.
    #[serde(default = "yes")]
    clause_actor: bool,
    /// One event per location of the `{L}` list ("captured Tessalit and Timbuktu").
    #[serde(default)]
    per_location: bool,
    /// Keep the event only when it names an actor, a target or a place.
    #[serde(default = "yes")]
    needs_participant: bool,
    /// The clause subject is the target, not the actor ("X was arrested").
    #[serde(default)]
    clause_target: bool,
    /// Look for negation and intent only inside the match ("have yet to sign a 2015 peace
    /// deal": the deal happened).
    #[serde(default)]
    local_cues: bool,
    /// Take in violent events of the same date told in the sentence.
    #[serde(default)]
    absorbs_violence: bool,
    /// A claim of responsibility: its actors become the actors of the violent event of its
    /// date told in the sentence or the one before ("militants killed 30 villagers … The ADF
    /// claimed the raid"), and it is no event of its own then.
    #[serde(default)]
    claims: bool,
    #[serde(default)]
    tests: Vec<EventTest>,
}

fn default_confidence() -> f32 {
    0.7
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFatality {
    id: String,
    pattern: String,
    #[serde(default)]
    tests: Vec<EventTest>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    version: u32,
    #[serde(default)]
    sets: BTreeMap<String, Vec<String>>,
    /// Words before a location that make it the place of the event ("in", "near").
    locatives: Vec<String>,
    /// Kinds a country does through its armed forces.
    military_kinds: Vec<String>,
    /// Prepositions that make the trigger after them the setting of the clause ("proposed a
    /// pact in meetings with …"): the setting happened whatever the clause's verb intends.
    #[serde(default)]
    settings: Vec<String>,
    /// Look like settings, are complements of a verb ("take part in talks").
    #[serde(default)]
    not_settings: Vec<String>,
    #[serde(default)]
    rule: Vec<RawRule>,
    #[serde(default)]
    fatalities: Vec<RawFatality>,
}

/// A compiled event rule.
#[derive(Clone, Debug)]
pub struct EventRule {
    pub id: String,
    pub pattern: Pattern,
    pub kind: String,
    pub subtype: Option<String>,
    /// When two events of one sentence share a date and their triggers are close, the higher
    /// priority wins ("a VBIED attack" is a bombing, "killed in a drone strike" a death).
    pub priority: i32,
    pub confidence: f32,
    pub clause_actor: bool,
    pub per_location: bool,
    pub needs_participant: bool,
    pub clause_target: bool,
    pub local_cues: bool,
    /// Takes in the violent events of its date told in the same sentence (a death and its
    /// strike, a rebellion and its fighting).
    pub absorbs_violence: bool,
    /// Gives its actors to the violent event it claims.
    pub claims: bool,
}

/// The compiled event lexicon.
#[derive(Debug)]
pub struct EventLexicon {
    pub version: u32,
    pub rules: Vec<EventRule>,
    pub fatalities: Vec<(String, Pattern)>,
    pub(crate) locatives: relations::Phrases,
    pub(crate) military_kinds: Vec<String>,
    pub(crate) settings: relations::Phrases,
    pub(crate) not_settings: relations::Phrases,
    pub(crate) anchors: Anchors,
    pub(crate) fatality_anchors: Anchors,
    tests: Vec<(String, EventTest)>,
}

impl EventLexicon {
    /// The lexicon embedded from `data/extract/events.toml`.
    pub fn builtin() -> &'static EventLexicon {
        static CELL: OnceLock<EventLexicon> = OnceLock::new();
        CELL.get_or_init(|| {
            let vocab = Vocabulary::builtin().ok();
            match EventLexicon::parse(
                include_str!("../../../../data/extract/events.toml"),
                vocab.as_ref(),
                relations::Lexicon::builtin(),
            ) {
                Ok(l) => l,
                Err(e) => panic!("embedded data file data/extract/events.toml: {e}"),
            }
        })
    }

    /// Reads and checks an event lexicon; `relations` lends its word sets. With a vocabulary,
    /// kinds, sub-types and slot types are checked against it.
    pub fn parse(
        text: &str,
        vocab: Option<&Vocabulary>,
        relations: &relations::Lexicon,
    ) -> Result<EventLexicon, LexiconError> {
        let raw: RawLexicon = toml::from_str(text)
            .map_err(|e| LexiconError::Syntax(format!("event lexicon: {e}")))?;
        let mut sets: Sets = relations.sets.clone();
        for (k, v) in &raw.sets {
            sets.insert(k.clone(), compile_set(v));
        }
        let mut ids = HashSet::new();
        let mut tests = Vec::new();
        let mut rules = Vec::new();
        for r in raw.rule {
            if !ids.insert(r.id.clone()) {
                return Err(LexiconError::DuplicateId(r.id));
            }
            if r.tests.is_empty() {
                return Err(LexiconError::NoTests(r.id));
            }
            if let Some(v) = vocab {
                let Some(kind) = v.event_kinds.get(&r.kind) else {
                    return Err(LexiconError::Unknown {
                        rule: r.id,
                        what: format!("event kind `{}`", r.kind),
                    });
                };
                if let Some(st) = &r.subtype {
                    let ok = v
                        .event_types
                        .get(&kind.event_type)
                        .is_some_and(|t| t.subtypes.iter().any(|s| s.id == *st));
                    if !ok {
                        return Err(LexiconError::Unknown {
                            rule: r.id,
                            what: format!("sub-type `{st}` of `{}`", kind.event_type),
                        });
                    }
                }
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
            rules.push(EventRule {
                id: r.id,
                pattern,
                kind: r.kind,
                subtype: r.subtype,
                priority: r.priority,
                confidence: r.confidence.clamp(0.0, 1.0),
                clause_actor: r.clause_actor,
                per_location: r.per_location,
                needs_participant: r.needs_participant,
                clause_target: r.clause_target,
                local_cues: r.local_cues,
                absorbs_violence: r.absorbs_violence,
                claims: r.claims,
            });
        }
        let mut fatalities = Vec::new();
        for f in raw.fatalities {
            if !ids.insert(f.id.clone()) {
                return Err(LexiconError::DuplicateId(f.id));
            }
            if f.tests.is_empty() {
                return Err(LexiconError::NoTests(f.id));
            }
            let pattern = Pattern::parse(&f.pattern, &sets, vocab).map_err(|error| {
                LexiconError::Pattern {
                    rule: f.id.clone(),
                    error,
                }
            })?;
            for t in f.tests {
                tests.push((f.id.clone(), t));
            }
            fatalities.push((f.id, pattern));
        }
        if raw.locatives.is_empty() {
            return Err(LexiconError::Missing("locatives"));
        }
        let anchors = Anchors::new(rules.iter().map(|r| &r.pattern));
        let fatality_anchors = Anchors::new(fatalities.iter().map(|f| &f.1));
        Ok(EventLexicon {
            version: raw.version,
            rules,
            fatalities,
            locatives: relations::Phrases::new(compile_set(&raw.locatives)),
            military_kinds: raw.military_kinds,
            settings: relations::Phrases::new(compile_set(&raw.settings)),
            not_settings: relations::Phrases::new(compile_set(&raw.not_settings)),
            anchors,
            fatality_anchors,
            tests,
        })
    }

    /// Every rule's test sentences, with the rule id.
    pub fn tests(&self) -> &[(String, EventTest)] {
        &self.tests
    }
}
