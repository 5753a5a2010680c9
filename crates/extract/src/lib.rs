//! Extraction: what the sentences of an analysed document name and say.
//!
//! ```text
//! "JNIM's emir, Iyad ag Ghali, traveled throughout northern Mali in 2023."
//!   mentions:  JNIM (organization) · Iyad ag Ghali (person) · Mali (location, country ML) · 2023
//!   entities:  JNIM {JNIM, Jama'at Nusrat al-Islam wal-Muslimin} · Iyad ag Ghali {Iyad ag Ghali, ag Ghali}
//! ```
//!
//! Stages, each a pure function of the previous stage's output plus read-only data (the
//! gazetteer, the names the knowledge base already knows, the word lists in `data/extract/`):
//! - [`mentions`]: spans that name persons, organizations and locations;
//! - [`entities`]: mentions clustered into document entities, with every surface form (aliases,
//!   acronyms, short forms of person names);
//! - [`dates`]: date phrases as fuzzy dates, relative ones resolved against the narrative;
//! - [`relations`]: statements linking entities (leader_of, founded, hostile_to, …), with
//!   valid time, hedges and provenance;
//! - [`events`]: dated happenings with ACLED type, actors, targets, place and fatalities;
//! - [`assess`]: the analysts' estimative judgements (ICD 203).
//!
//! **Invariant:** extraction never fails and does no I/O: it returns results and diagnostics.

pub mod assess;
pub mod dates;
pub mod entities;
pub mod events;
pub mod mentions;
pub mod relations;

mod types;

pub use types::*;

use dossier_text::{Analysis, Document};

/// Runs every extraction stage on an analysed document.
pub fn extract(doc: &Document, analysis: &Analysis, ctx: &Context<'_>) -> Extraction {
    let dates = dates::extract(doc, analysis, ctx);
    let mentions = mentions::extract(doc, analysis, ctx);
    let (mentions, entities) = entities::cluster(doc, analysis, mentions, ctx);
    let assessments = assess::extract(doc, analysis, &dates, ctx);
    let (mut relations, frames) =
        relations::extract_with_frames(doc, analysis, &mentions, &entities, &dates, ctx);
    let events = events::from_frames(doc, analysis, &frames, &mentions, &entities, &dates, ctx);
    relations::end_at_deaths(&mut relations, &events);
    relations::from_events(&mut relations, &events, &entities, ctx);
    Extraction {
        mentions,
        entities,
        dates,
        relations,
        events,
        assessments,
        diagnostics: Vec::new(),
    }
}
