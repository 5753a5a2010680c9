//! Cross-document entity resolution: the entities documents name become knowledge-base
//! entities, with analysts' judgements always winning.
//!
//! ```text
//! store (origins: one entity row per document entity)
//!   ─► profile (names, type, sources, neighbours, countries, dates, identifiers)
//!   ─► block (shared word skeletons, name keys, acronyms)
//!   ─► score (names, then types and context, with reasons)
//!   ─► cluster (judgements first, then pairs ≥ auto_merge; pairs ≥ review → queue)
//!   ─► apply (re-point rows to each group's oldest origin; nothing deleted)
//! ```
//!
//! - [`Resolver::resolve_new`] runs at ingest: a new source's entities join the knowledge base's
//!   entities they match; nothing else moves.
//! - [`Resolver::resolve_all`] (`dossier resolve`) re-resolves everything from scratch,
//!   replaying every judgement.
//! - [`review_queue`], [`judge`], [`merge`], [`split`]: what the analysts do (CLI and web app).
//!
//! **Invariant:** the machine never undoes an analyst: a "different" judgement keeps two groups
//! apart in every later resolution, a "same" keeps them together.
//!
//! **Invariant:** resolution deletes nothing: a merge or split re-points names, mentions,
//! statements, events, event actors and identifiers, each keeping the entity it came from
//! (see `dossier_store::Store::apply_clusters`).
//!
//! Thresholds and weights are data: `data/resolve.toml` ([`Config`]).

mod block;
mod cluster;
mod config;
mod error;
mod profile;
mod resolver;
mod score;
#[cfg(test)]
mod tests;

pub use config::{BUILTIN, Config};
pub use dossier_store::{IdentityJudgement, Judgement};
pub use error::ResolveError;
pub use resolver::{
    Candidate, EntityEvidence, Part, Report, Resolver, ReviewItem, Selection, SourceLabel, judge,
    judgements, merge, review_queue, split,
};
pub use score::PairScore;
