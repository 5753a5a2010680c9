//! The errors of resolution: each says what was wrong and, where it can, what to do instead.

use dossier_store::StoreError;

/// Everything that can go wrong in resolution, judgements, merges and splits.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error(transparent)]
    Store(#[from] StoreError),

    #[error("{file}: {reason}")]
    Config { file: String, reason: String },

    #[error("there is no entity {id} (see `dossier entities`)")]
    NoSuchEntity { id: i64 },

    #[error("entity {id} cannot be judged against itself")]
    SameEntity { id: i64 },

    #[error("entities {left} and {right} are already one entity ({live})")]
    AlreadyMerged { left: i64, right: i64, live: i64 },

    #[error("entity {entity} came from one document entity only: there is nothing to split")]
    NothingToSplit { entity: i64 },

    #[error("{what} selects nothing of entity {entity}; its parts are: {parts}")]
    EmptySelection {
        entity: i64,
        what: String,
        parts: String,
    },

    #[error(
        "{what} selects every part of entity {entity}: a split must leave something on each side; its parts are: {parts}"
    )]
    WholeSelection {
        entity: i64,
        what: String,
        parts: String,
    },

    #[error("the analyst's name must not be empty")]
    NoAnalyst,
}
