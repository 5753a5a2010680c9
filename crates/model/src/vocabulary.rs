//! The vocabulary: entity types, predicates, event types and kinds, ICD 203 bands.
//!
//! Loaded from TOML (the built-in copy is `data/vocabulary.toml`, compiled in) and checked:
//! every parent, domain, range, inverse and event mapping must name something defined, the type
//! hierarchy must have no cycle, and the ICD 203 bands must be ordered. A file that fails is
//! refused with its origin and the reason, and with the line for syntax errors.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

const BUILTIN: &str = include_str!("../../../data/vocabulary.toml");

/// Literal ranges a predicate may take instead of entity types.
const LITERALS: [&str; 2] = ["string", "date"];

#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    #[error("{origin}: {source}")]
    Syntax {
        origin: String,
        #[source]
        source: Box<toml::de::Error>,
    },
    #[error("{origin}: {what}")]
    Inconsistent { origin: String, what: String },
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityType {
    pub label: String,
    #[serde(default)]
    pub parent: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Predicate {
    pub label: String,
    pub domain: Vec<String>,
    pub range: Vec<String>,
    #[serde(default)]
    pub inverse: Option<String>,
    #[serde(default)]
    pub functional: bool,
    #[serde(default)]
    pub inverse_functional: bool,
    #[serde(default)]
    pub symmetric: bool,
}

impl Predicate {
    /// True when the object is a literal (string or date) rather than an entity.
    pub fn is_literal(&self) -> bool {
        self.range.iter().all(|r| LITERALS.contains(&r.as_str()))
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSubtype {
    pub id: String,
    pub label: String,
    pub cameo: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventType {
    pub label: String,
    pub cameo: String,
    pub subtypes: Vec<EventSubtype>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventKind {
    #[serde(rename = "type")]
    pub event_type: String,
    pub subtype: String,
    pub cameo: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IcdBand {
    pub id: String,
    pub label: String,
    pub min: u8,
    pub max: u8,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    pub version: u32,
    pub entity_types: BTreeMap<String, EntityType>,
    pub predicates: BTreeMap<String, Predicate>,
    pub event_types: BTreeMap<String, EventType>,
    pub event_kinds: BTreeMap<String, EventKind>,
    pub icd203: Vec<IcdBand>,
}

impl Vocabulary {
    /// The vocabulary compiled into the binary from `data/vocabulary.toml`.
    pub fn builtin() -> Result<Vocabulary, VocabularyError> {
        Vocabulary::from_toml(BUILTIN, "data/vocabulary.toml (built in)")
    }

    /// Parses and checks a vocabulary. `origin` names the file in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Vocabulary, VocabularyError> {
        let vocab: Vocabulary = toml::from_str(text).map_err(|e| VocabularyError::Syntax {
            origin: origin.to_string(),
            source: Box::new(e),
        })?;
        vocab
            .check()
            .map_err(|what| VocabularyError::Inconsistent {
                origin: origin.to_string(),
                what,
            })?;
        Ok(vocab)
    }

    fn check(&self) -> Result<(), String> {
        if self.version != 1 {
            return Err(format!(
                "version {} is not supported (expected 1)",
                self.version
            ));
        }
        for (name, t) in &self.entity_types {
            // Walking up must end at a root without revisiting a type.
            let mut seen = BTreeSet::from([name.as_str()]);
            let mut cur = t;
            while let Some(parent) = &cur.parent {
                cur = self
                    .entity_types
                    .get(parent)
                    .ok_or_else(|| format!("entity type `{name}` has unknown parent `{parent}`"))?;
                if !seen.insert(parent.as_str()) {
                    return Err(format!("entity type `{name}` is its own ancestor"));
                }
            }
        }
        let mut inverses = BTreeSet::new();
        for (name, p) in &self.predicates {
            if p.domain.is_empty() || p.range.is_empty() {
                return Err(format!("predicate `{name}` needs a domain and a range"));
            }
            for t in &p.domain {
                if !self.entity_types.contains_key(t) {
                    return Err(format!("predicate `{name}` has unknown domain type `{t}`"));
                }
            }
            for t in &p.range {
                if !self.entity_types.contains_key(t) && !LITERALS.contains(&t.as_str()) {
                    return Err(format!("predicate `{name}` has unknown range type `{t}`"));
                }
            }
            if let Some(inv) = &p.inverse {
                if p.symmetric {
                    return Err(format!(
                        "symmetric predicate `{name}` cannot have an inverse"
                    ));
                }
                if self.predicates.contains_key(inv) || !inverses.insert(inv.as_str()) {
                    return Err(format!(
                        "inverse `{inv}` of predicate `{name}` is already a predicate or inverse"
                    ));
                }
            }
            if p.is_literal() && (p.inverse.is_some() || p.symmetric) {
                return Err(format!(
                    "literal predicate `{name}` cannot be symmetric or have an inverse"
                ));
            }
        }
        for (name, kind) in &self.event_kinds {
            let t = self.event_types.get(&kind.event_type).ok_or_else(|| {
                format!("event kind `{name}` has unknown type `{}`", kind.event_type)
            })?;
            if !t.subtypes.iter().any(|s| s.id == kind.subtype) {
                return Err(format!(
                    "event kind `{name}`: `{}` is not a sub-type of `{}`",
                    kind.subtype, kind.event_type
                ));
            }
        }
        for (name, t) in &self.event_types {
            let mut ids = BTreeSet::new();
            for s in &t.subtypes {
                if !ids.insert(&s.id) {
                    return Err(format!("event type `{name}` repeats sub-type `{}`", s.id));
                }
            }
        }
        if self.icd203.is_empty() {
            return Err("no ICD 203 bands".to_string());
        }
        for w in self.icd203.windows(2) {
            if w[0].max != w[1].min {
                return Err(format!(
                    "ICD 203 bands `{}` and `{}` do not meet ({} != {})",
                    w[0].id, w[1].id, w[0].max, w[1].min
                ));
            }
        }
        for b in &self.icd203 {
            if b.min >= b.max || b.max > 100 {
                return Err(format!(
                    "ICD 203 band `{}` has bounds {}..{}",
                    b.id, b.min, b.max
                ));
            }
        }
        Ok(())
    }

    /// True when `ty` is `ancestor` or one of its sub-types.
    pub fn is_a(&self, ty: &str, ancestor: &str) -> bool {
        let mut cur = Some(ty);
        // The hierarchy is acyclic (checked at load), so this ends.
        while let Some(t) = cur {
            if t == ancestor {
                return true;
            }
            cur = self.entity_types.get(t).and_then(|e| e.parent.as_deref());
        }
        false
    }

    /// The top-level type of `ty`: `person`, `organization`, `location` or `event`.
    pub fn root_type<'a>(&'a self, ty: &'a str) -> &'a str {
        let mut cur = ty;
        while let Some(parent) = self.entity_types.get(cur).and_then(|e| e.parent.as_deref()) {
            cur = parent;
        }
        cur
    }

    pub fn predicate(&self, name: &str) -> Option<&Predicate> {
        self.predicates.get(name)
    }

    /// Looks a predicate up by its name or its inverse's. Returns the predicate's name and
    /// whether subject and object must be swapped.
    pub fn resolve_predicate<'a>(&'a self, name: &str) -> Option<(&'a str, bool)> {
        if let Some((k, _)) = self.predicates.get_key_value(name) {
            return Some((k.as_str(), false));
        }
        self.predicates
            .iter()
            .find(|(_, p)| p.inverse.as_deref() == Some(name))
            .map(|(k, _)| (k.as_str(), true))
    }

    /// True when an entity of type `ty` may be the subject of `predicate`.
    pub fn allows_subject(&self, predicate: &str, ty: &str) -> bool {
        self.predicates
            .get(predicate)
            .is_some_and(|p| p.domain.iter().any(|d| self.is_a(ty, d)))
    }

    /// True when an entity of type `ty` may be the object of `predicate`.
    pub fn allows_object(&self, predicate: &str, ty: &str) -> bool {
        self.predicates
            .get(predicate)
            .is_some_and(|p| p.range.iter().any(|d| self.is_a(ty, d)))
    }

    /// The ICD 203 band with this id or label (`very_likely` or `very likely`).
    pub fn band(&self, name: &str) -> Option<&IcdBand> {
        let key = name.trim().to_ascii_lowercase().replace(' ', "_");
        self.icd203.iter().find(|b| b.id == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_vocabulary_loads_and_is_consistent() {
        let v = Vocabulary::builtin().unwrap();
        for p in [
            "leader_of",
            "member_of",
            "subgroup_of",
            "founded",
            "merged_into",
            "pledged_allegiance_to",
            "affiliated_with",
            "allied_with",
            "partner_of",
            "hostile_to",
            "designated_by",
            "operates_in",
            "located_in",
            "successor_of",
            "killed_by",
            "position",
            "alias",
            "type",
            "ideology",
        ] {
            assert!(v.predicate(p).is_some(), "missing predicate {p}");
        }
        assert_eq!(v.event_types.len(), 6);
        assert_eq!(v.icd203.len(), 7);
        assert!(v.is_a("armed_group", "organization"));
        assert!(!v.is_a("town", "organization"));
        assert_eq!(v.root_type("town"), "location");
        assert_eq!(v.resolve_predicate("led_by"), Some(("leader_of", true)));
        assert!(v.allows_subject("leader_of", "person"));
        assert!(v.allows_object("operates_in", "town"));
        assert!(v.predicate("position").unwrap().is_literal());
        assert_eq!(v.band("very likely").unwrap().min, 80);
    }

    #[test]
    fn syntax_errors_name_the_origin_and_line() {
        let err = Vocabulary::from_toml("version = 1\n[entity_types\n", "bad.toml").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("bad.toml: "), "{msg}");
        assert!(msg.contains("line 2"), "{msg}");
    }

    #[test]
    fn inconsistencies_are_refused() {
        let base = BUILTIN.to_string();
        let cases = [
            (
                base.replace(
                    "parent = \"organization\"\nlabel = \"Armed group\"",
                    "parent = \"nope\"\nlabel = \"Armed group\"",
                ),
                "unknown parent `nope`",
            ),
            (
                base.replace(
                    "range = [\"location\"]\ninverse = \"area_of_operation_of\"",
                    "range = [\"planet\"]\ninverse = \"area_of_operation_of\"",
                ),
                "unknown range type `planet`",
            ),
            (base.replace("max = 20", "max = 21"), "do not meet"),
            (
                base.replace("label = \"Person\"", "label = \"Person\"\ncolour = 3"),
                "unknown field",
            ),
        ];
        for (text, expected) in cases {
            assert_ne!(text, base, "test case did not change the file");
            let msg = Vocabulary::from_toml(&text, "x.toml")
                .unwrap_err()
                .to_string();
            assert!(msg.contains(expected), "{msg} does not mention {expected}");
        }
    }
}
