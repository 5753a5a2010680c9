//! Gold facts in the schema of `corpus/README.md`, read from JSON lines and checked.
//!
//! ```text
//! {"file": "a.txt", "entities": [{"name": "JNIM", "type": "organization", "aliases": ["JNIM"]}],
//!  "relations": [], "events": [], "citations": {"count": 0, "items": []}, "assessments": []}
//!   ─►  GoldDocument { file: Some("a.txt"), entities: [GoldEntity { name: "JNIM", .. }], .. }
//! ```
//!
//! A document is named by `file` (its file name in the documents folder) or by `id` (its text is
//! then `ID.txt`). Fields the scorer does not read are allowed; the values it reads are checked,
//! and a line that fails is an error naming the file, the line and the reason:
//! - entity types, predicates, event types and ICD 203 bands must be in the vocabulary
//!   (`data/vocabulary.toml`), so a typo never silently lowers a score;
//! - relation ends, event actors, targets and locations must be entity names of the document;
//! - `citations.count` must equal the number of items;
//! - a document name is a plain file name (no folder, no `..`), and names are unique.
//!
//! Relations written with an inverse predicate (`led_by`) are turned round (`leader_of`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use dossier_model::{FuzzyDate, Vocabulary};
use serde::{Deserialize, Serialize};

use crate::EvalError;
use crate::jsonl::{parse_lines, read_text};
use crate::score::event_family;

/// One document's gold facts.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldDocument {
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    pub entities: Vec<GoldEntity>,
    pub relations: Vec<GoldRelation>,
    pub events: Vec<GoldEvent>,
    pub citations: GoldCitations,
    pub assessments: Vec<GoldAssessment>,
    /// The 1-based line of the gold file this document came from (0 when built in code).
    #[serde(skip)]
    pub line: usize,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldEntity {
    pub name: String,
    #[serde(rename = "type")]
    pub entity_type: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldRelation {
    pub subject: String,
    pub predicate: String,
    pub object: String,
    #[serde(default)]
    pub start: Option<FuzzyDate>,
    #[serde(default)]
    pub end: Option<FuzzyDate>,
    #[serde(default)]
    pub evidence: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldEvent {
    pub date: FuzzyDate,
    #[serde(default)]
    pub date_text: Option<String>,
    #[serde(rename = "type")]
    pub event_type: String,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub targets: Vec<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct GoldCitations {
    pub count: usize,
    pub items: Vec<CitationItem>,
}

/// A citation, in gold and in predictions alike.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct CitationItem {
    #[serde(default)]
    pub marker: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub date: Option<FuzzyDate>,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct GoldAssessment {
    pub phrase: String,
    #[serde(default)]
    pub about: Option<String>,
    pub icd203: String,
}

impl GoldDocument {
    /// The document's name: its `file`, or else its `id`.
    pub fn key(&self) -> &str {
        self.file.as_deref().or(self.id.as_deref()).unwrap_or("")
    }

    /// Where the document's text is: `DIR/FILE`, or `DIR/ID.txt`.
    pub fn text_path(&self, docs_dir: &Path) -> PathBuf {
        match (&self.file, &self.id) {
            (Some(f), _) => docs_dir.join(f),
            (None, Some(id)) => docs_dir.join(format!("{id}.txt")),
            (None, None) => docs_dir.to_path_buf(),
        }
    }
}

/// Optional metadata of a document (`meta.jsonl` beside the gold file).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct DocMeta {
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub published: Option<FuzzyDate>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
}

/// Reads and checks a gold file.
pub fn read_gold(path: &Path, vocab: &Vocabulary) -> Result<Vec<GoldDocument>, EvalError> {
    parse_gold(&read_text(path)?, path, vocab)
}

/// Parses and checks gold JSON lines; `origin` names the file in errors.
pub fn parse_gold(
    text: &str,
    origin: &Path,
    vocab: &Vocabulary,
) -> Result<Vec<GoldDocument>, EvalError> {
    let mut docs = Vec::new();
    let mut seen = BTreeSet::new();
    for (line, mut doc) in parse_lines::<GoldDocument>(text, origin)? {
        let invalid = |reason: String| EvalError::Invalid {
            path: origin.to_path_buf(),
            line,
            reason,
        };
        doc.line = line;
        check_document(&mut doc, vocab).map_err(invalid)?;
        if !seen.insert(doc.key().to_string()) {
            return Err(invalid(format!(
                "document `{}` appears twice in the gold",
                doc.key()
            )));
        }
        docs.push(doc);
    }
    Ok(docs)
}

/// Reads `meta.jsonl`: metadata by document name.
pub fn read_meta(path: &Path) -> Result<BTreeMap<String, DocMeta>, EvalError> {
    let text = read_text(path)?;
    let mut out = BTreeMap::new();
    for (line, meta) in parse_lines::<DocMeta>(&text, path)? {
        let key = match (&meta.file, &meta.id) {
            (Some(f), _) => f.clone(),
            (None, Some(id)) => id.clone(),
            (None, None) => {
                return Err(EvalError::Invalid {
                    path: path.to_path_buf(),
                    line,
                    reason: "the line names no document (`file` or `id`)".to_string(),
                });
            }
        };
        out.insert(key, meta);
    }
    Ok(out)
}

/// Reads `meta.jsonl` from the gold file's folder; an empty map when there is none.
pub fn read_meta_beside(gold_path: &Path) -> Result<BTreeMap<String, DocMeta>, EvalError> {
    let path = gold_path
        .parent()
        .unwrap_or(Path::new("."))
        .join("meta.jsonl");
    if path.is_file() {
        read_meta(&path)
    } else {
        Ok(BTreeMap::new())
    }
}

/// True when `name` is a plain file name: no folder part, not `.` or `..`, not empty.
pub(crate) fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && !name.contains(':')
}

fn check_document(doc: &mut GoldDocument, vocab: &Vocabulary) -> Result<(), String> {
    let key = match (&doc.file, &doc.id) {
        (Some(f), _) => f,
        (None, Some(id)) => id,
        (None, None) => return Err("the document has neither `file` nor `id`".to_string()),
    };
    if !is_plain_name(key) {
        return Err(format!(
            "document name `{key}` must be a plain file name inside the documents folder"
        ));
    }
    let mut names = BTreeSet::new();
    for e in &doc.entities {
        if !names.insert(e.name.as_str()) {
            return Err(format!("entity `{}` is listed twice", e.name));
        }
        if !vocab.entity_types.contains_key(&e.entity_type) {
            return Err(format!(
                "entity `{}` has unknown type `{}`",
                e.name, e.entity_type
            ));
        }
    }
    let entity = |what: &str, name: &str| -> Result<(), String> {
        if names.contains(name) {
            Ok(())
        } else {
            Err(format!("{what} `{name}` is not an entity of this document"))
        }
    };
    for r in &mut doc.relations {
        let Some((predicate, swap)) = vocab.resolve_predicate(&r.predicate) else {
            return Err(format!(
                "relation `{}` {} `{}`: unknown predicate `{}`",
                r.subject, r.predicate, r.object, r.predicate
            ));
        };
        let literal = vocab.predicate(predicate).is_some_and(|p| p.is_literal());
        r.predicate = predicate.to_string();
        if swap {
            std::mem::swap(&mut r.subject, &mut r.object);
        }
        entity("relation subject", &r.subject)?;
        if !literal {
            entity("relation object", &r.object)?;
        }
    }
    for ev in &doc.events {
        if event_family(vocab, &ev.event_type).is_none() {
            return Err(format!(
                "event `{}` on {} has unknown type `{}`",
                ev.summary.as_deref().unwrap_or(""),
                ev.date,
                ev.event_type
            ));
        }
        for a in &ev.actors {
            entity("event actor", a)?;
        }
        for t in &ev.targets {
            entity("event target", t)?;
        }
        if let Some(l) = &ev.location {
            entity("event location", l)?;
        }
    }
    if doc.citations.count != doc.citations.items.len() {
        return Err(format!(
            "citations.count is {} but there are {} items",
            doc.citations.count,
            doc.citations.items.len()
        ));
    }
    for a in &doc.assessments {
        if vocab.band(&a.icd203).is_none() {
            return Err(format!(
                "assessment `{}` has unknown ICD 203 band `{}`",
                a.phrase, a.icd203
            ));
        }
    }
    Ok(())
}
