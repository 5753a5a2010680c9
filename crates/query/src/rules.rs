//! The rules file `data/questions.toml`: profile sections, lifecycle facts, rhetoric and
//! once-only event kinds, designation programs. Loaded and checked against the vocabulary.
//!
//! ```text
//! Rules::builtin(&vocabulary)   ──►  Ok(Rules { sections: [types, ideologies, positions, ..] })
//! a section naming "leads"      ──►  Err(Rules("section positions: `leads` is neither a
//!                                     predicate nor an inverse of the vocabulary"))
//! ```

use std::collections::BTreeSet;

use dossier_model::Vocabulary;
use serde::Deserialize;

use crate::QueryError;

const BUILTIN: &str = include_str!("../../../data/questions.toml");

/// One profile section.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    /// Relations as seen from the profile's entity: predicates and inverses.
    pub relations: Vec<String>,
}

/// Which participants an event kind begins or ends.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventEffect {
    pub kind: String,
    pub role: String,
    pub effect: Effect,
}

/// Whether a fact begins or ends an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    Begins,
    Ends,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    pub ends_subject: Vec<String>,
    pub ends_object: Vec<String>,
    pub begins_object: Vec<String>,
    pub begins_subject: Vec<String>,
    pub events: Vec<EventEffect>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventRules {
    pub rhetoric: Vec<String>,
    pub once: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Designations {
    pub reference_prefixes: Vec<String>,
}

/// A designation program and the names texts give it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    pub id: String,
    pub label: String,
    pub names: Vec<String>,
}

/// The whole file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub version: u32,
    pub sections: Vec<Section>,
    pub lifecycle: Lifecycle,
    pub events: EventRules,
    pub designations: Designations,
    pub programs: Vec<Program>,
}

impl Rules {
    /// The rules compiled in from `data/questions.toml`, checked against `vocabulary`.
    pub fn builtin(vocabulary: &Vocabulary) -> Result<Rules, QueryError> {
        Rules::from_toml(BUILTIN, "data/questions.toml (built in)", vocabulary)
    }

    /// Parses and checks a rules file; `origin` names it in errors.
    pub fn from_toml(
        text: &str,
        origin: &str,
        vocabulary: &Vocabulary,
    ) -> Result<Rules, QueryError> {
        let rules: Rules =
            toml::from_str(text).map_err(|e| QueryError::Rules(format!("{origin}: {e}")))?;
        rules
            .check(vocabulary)
            .map_err(|e| QueryError::Rules(format!("{origin}: {e}")))?;
        Ok(rules)
    }

    fn check(&self, v: &Vocabulary) -> Result<(), String> {
        let known = relation_names(v);
        let mut placed = BTreeSet::new();
        for s in &self.sections {
            for r in &s.relations {
                if !known.contains(r.as_str()) {
                    return Err(format!(
                        "section {}: `{r}` is neither a predicate nor an inverse of the vocabulary",
                        s.id
                    ));
                }
                if !placed.insert(r.as_str()) {
                    return Err(format!("`{r}` is in two sections"));
                }
            }
        }
        if let Some(missing) = known.iter().find(|k| !placed.contains(*k)) {
            return Err(format!("the relation `{missing}` is in no section"));
        }
        let l = &self.lifecycle;
        for p in l
            .ends_subject
            .iter()
            .chain(&l.ends_object)
            .chain(&l.begins_object)
            .chain(&l.begins_subject)
        {
            if v.predicate(p).is_none() {
                return Err(format!("lifecycle: `{p}` is not a predicate"));
            }
        }
        let kinds = l
            .events
            .iter()
            .map(|e| &e.kind)
            .chain(&self.events.rhetoric)
            .chain(&self.events.once);
        for k in kinds {
            if !v.event_kinds.contains_key(k) {
                return Err(format!("`{k}` is not an event kind of the vocabulary"));
            }
        }
        if let Some(e) = l
            .events
            .iter()
            .find(|e| !["actor", "associate", "target"].contains(&e.role.as_str()))
        {
            return Err(format!(
                "lifecycle event {}: role `{}` is not actor, associate or target",
                e.kind, e.role
            ));
        }
        if let Some(p) = self.programs.iter().find(|p| p.names.is_empty()) {
            return Err(format!("program {} has no names", p.id));
        }
        Ok(())
    }

    /// The section a relation (a predicate or an inverse) belongs to.
    pub fn section_of(&self, relation: &str) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.relations.iter().any(|r| r == relation))
    }
}

/// Every predicate name and inverse name of the vocabulary.
fn relation_names(v: &Vocabulary) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    for (name, p) in &v.predicates {
        out.insert(name.as_str());
        if let Some(inv) = &p.inverse {
            out.insert(inv.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load_and_cover_the_vocabulary() {
        let v = Vocabulary::builtin().unwrap();
        let r = Rules::builtin(&v).unwrap();
        assert_eq!(r.section_of("led_by").unwrap().id, "leaders");
        assert_eq!(r.section_of("formed_from").unwrap().id, "founders");
        assert!(r.programs.iter().any(|p| p.id == "SDGT"));
    }

    #[test]
    fn unknown_relations_and_gaps_are_refused_with_the_reason() {
        let v = Vocabulary::builtin().unwrap();
        let bad = BUILTIN.replace("\"led_by\"", "\"leads\"");
        let e = Rules::from_toml(&bad, "test.toml", &v)
            .unwrap_err()
            .to_string();
        assert!(e.contains("test.toml") && e.contains("`leads`"), "{e}");
        let gap = BUILTIN.replace("relations = [\"led_by\"]", "relations = []");
        let e = Rules::from_toml(&gap, "t", &v).unwrap_err().to_string();
        assert!(e.contains("`led_by` is in no section"), "{e}");
        let e = Rules::from_toml("version = [", "t", &v)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("rules: t:"), "{e}");
    }
}
