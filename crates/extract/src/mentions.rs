//! Mentions (being written).
use crate::{Context, Mention};
use dossier_text::{Analysis, Document};

pub fn extract(_doc: &Document, _analysis: &Analysis, _ctx: &Context<'_>) -> Vec<Mention> {
    Vec::new()
}
