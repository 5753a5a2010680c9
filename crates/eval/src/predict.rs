//! What a system produced for one document, in the gold's own field names.
//!
//! ```text
//! {"file": "a.txt", "entities": [{"name": "JNIM", "type": "armed_group",
//!                                 "aliases": ["Jama'at Nusrat al-Islam wal Muslimeen"]}]}
//!   ─►  Prediction { file: Some("a.txt"), entities: [PredictedEntity { name: "JNIM", .. }], .. }
//! ```
//!
//! The pipeline adapter fills these structs; an external system writes them as JSON lines
//! (`dossier eval --predictions FILE`). Every section may be left out (a system that only finds
//! entities writes only `entities`). Entity types may be any type of the vocabulary
//! (`armed_group` counts as `organization`). Predicates may be inverses (`led_by`). Event types
//! are event kinds, ACLED types or ACLED sub-types. Citations are a list of items, or the gold's
//! `{"count": N, "items": [...]}`, so a gold file read as predictions scores perfectly.

use std::path::Path;

use dossier_model::FuzzyDate;
use serde::{Deserialize, Deserializer, Serialize};

use crate::EvalError;
use crate::gold::CitationItem;
use crate::jsonl::{parse_lines, read_text};

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Prediction {
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub entities: Vec<PredictedEntity>,
    #[serde(default)]
    pub relations: Vec<PredictedRelation>,
    #[serde(default)]
    pub events: Vec<PredictedEvent>,
    #[serde(default, deserialize_with = "citation_list")]
    pub citations: Vec<CitationItem>,
    #[serde(default)]
    pub assessments: Vec<PredictedAssessment>,
}

/// An entity: its preferred name, its type and every other name the system attached to it.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct PredictedEntity {
    pub name: String,
    #[serde(rename = "type")]
    pub entity_type: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A relation between two entities named by any of their names.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct PredictedRelation {
    pub subject: String,
    pub predicate: String,
    pub object: String,
    #[serde(default)]
    pub start: Option<FuzzyDate>,
    #[serde(default)]
    pub end: Option<FuzzyDate>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct PredictedEvent {
    #[serde(rename = "type")]
    pub event_type: String,
    #[serde(default)]
    pub date: Option<FuzzyDate>,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub targets: Vec<String>,
    #[serde(default)]
    pub location: Option<String>,
}

/// An estimative judgement: the words used and the ICD 203 band (id or label) if known.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct PredictedAssessment {
    pub phrase: String,
    #[serde(default)]
    pub icd203: Option<String>,
    #[serde(default)]
    pub about: Option<String>,
}

impl Prediction {
    /// The document's name: its `file`, or else its `id` (empty when it has neither).
    pub fn key(&self) -> &str {
        self.file.as_deref().or(self.id.as_deref()).unwrap_or("")
    }

    /// An empty prediction for the named document.
    pub fn empty(file: &str) -> Prediction {
        Prediction {
            file: Some(file.to_string()),
            ..Prediction::default()
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Citations {
    List(Vec<CitationItem>),
    Gold { items: Vec<CitationItem> },
}

fn citation_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<CitationItem>, D::Error> {
    Ok(match Citations::deserialize(d)? {
        Citations::List(items) | Citations::Gold { items } => items,
    })
}

/// Reads a predictions file: one [`Prediction`] per line, each naming its document.
pub fn read_predictions(path: &Path) -> Result<Vec<Prediction>, EvalError> {
    parse_predictions(&read_text(path)?, path)
}

/// Parses prediction JSON lines; `origin` names the file in errors.
pub fn parse_predictions(text: &str, origin: &Path) -> Result<Vec<Prediction>, EvalError> {
    let mut out = Vec::new();
    for (line, p) in parse_lines::<Prediction>(text, origin)? {
        if p.key().is_empty() {
            return Err(EvalError::Invalid {
                path: origin.to_path_buf(),
                line,
                reason: "the prediction names no document (`file` or `id`)".to_string(),
            });
        }
        out.push(p);
    }
    Ok(out)
}
