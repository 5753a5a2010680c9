//! The analysts' questions over a knowledge base: profile, timeline, as-of, link graph,
//! contradictions, briefings.
//!
//! ```text
//! let q = Questions::new(&store, &vocabulary)?;
//! let jnim = q.find("JNIM")?;                       // by id, name or any alias
//! q.profile(&jnim)?          ──►  Profile { names, sections: [leaders: "Iyad ag Ghali since
//!                                 2017-03-02 [1][2]", ..], timeline, rhetoric, footnotes }
//! q.timeline(&filter)?       ──►  events and dated statements in date order
//! q.as_of(date, &ghaly, None)? ─►  what held that day, with the interval behind each line
//! q.graph(&jnim, &GraphOptions { depth: 2, .. })? ──►  nodes and edges (json, dot, graphml)
//! q.conflicts()?             ──►  two values of a functional predicate at once; two dates
//!                                 for the same once-only event
//! q.brief(&subject)?         ──►  key facts, timeline, assessments, places, footnotes
//! ```
//!
//! **Architecture invariant: every line of an answer carries footnotes.** A line is built from
//! stored statements or events, and each of them adds a numbered [`Footnote`] (source, sentence,
//! citations); a line's `corroboration` counts the distinct sources behind it.
//!
//! **Architecture invariant: meaning is data.** Inverses, functional predicates and labels come
//! from the vocabulary; profile sections, lifecycle facts (what begins or ends an entity),
//! rhetoric and once-only event kinds, and designation programs from `data/questions.toml`.
//! Only the store knows SQL: every read is a `dossier_store::Store` method.

mod asof;
mod brief;
mod conflicts;
mod find;
mod graph;
mod notes;
mod profile;
mod render;
mod rules;
mod time;
mod timeline;

use dossier_model::Vocabulary;
use dossier_store::{Store, StoreError};

pub use asof::{AsOf, AsOfLine};
pub use brief::{Brief, BriefPlace, BriefSubject};
pub use conflicts::ConflictReport;
pub use conflicts::{Conflict, ConflictKind, ConflictSide};
pub use find::Candidate;
pub use graph::{Graph, GraphEdge, GraphFormat, GraphNode, GraphOptions};
pub use notes::{Footnote, Notes, Renumbering};
pub use profile::{AssessmentLine, IdentifierLine, Line, NameLine, Profile, ProfileSection, Quote};
pub use render::{MapHook, entry_text, escape_html, escape_xml, footnote_text, line_text};
pub use rules::{Effect, Rules};
pub use time::Bound;
pub use timeline::{Timeline, TimelineEntry, TimelineFilter};

/// Why a question could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no entity is named `{0}` (try `dossier entities` for the list)")]
    NotFound(String),
    #[error("`{query}` names {} entities: {}; give the id instead", .candidates.len(), list(.candidates))]
    Ambiguous {
        query: String,
        candidates: Vec<Candidate>,
    },
    #[error("{0}")]
    Argument(String),
    #[error("rules: {0}")]
    Rules(String),
}

fn list(candidates: &[Candidate]) -> String {
    candidates
        .iter()
        .map(|c| format!("{} ({}, id {})", c.node.name, c.node.entity_type, c.node.id))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The questions, over one store, vocabulary and rules file.
pub struct Questions<'a> {
    pub(crate) store: &'a Store,
    pub(crate) vocabulary: &'a Vocabulary,
    pub(crate) rules: Rules,
}

impl<'a> Questions<'a> {
    /// Questions with the built-in rules (`data/questions.toml`).
    pub fn new(store: &'a Store, vocabulary: &'a Vocabulary) -> Result<Self, QueryError> {
        Ok(Questions {
            store,
            vocabulary,
            rules: Rules::builtin(vocabulary)?,
        })
    }

    /// Questions with rules read elsewhere.
    pub fn with_rules(store: &'a Store, vocabulary: &'a Vocabulary, rules: Rules) -> Self {
        Questions {
            store,
            vocabulary,
            rules,
        }
    }

    /// The label of an entity type (`Armed group`), or the type itself.
    pub(crate) fn type_label(&self, ty: &str) -> String {
        self.vocabulary
            .entity_types
            .get(ty)
            .map_or_else(|| ty.to_string(), |t| t.label.clone())
    }
}
