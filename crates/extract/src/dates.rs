//! Dates in context (being written).
use crate::{Context, DateMention};
use dossier_text::{Analysis, Document};

pub fn extract(_doc: &Document, _analysis: &Analysis, _ctx: &Context<'_>) -> Vec<DateMention> {
    Vec::new()
}
