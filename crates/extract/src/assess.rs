//! Estimative judgements (being written).
use crate::{Assessment, Context, DateMention};
use dossier_text::{Analysis, Document};

pub fn extract(
    _doc: &Document,
    _analysis: &Analysis,
    _dates: &[DateMention],
    _ctx: &Context<'_>,
) -> Vec<Assessment> {
    Vec::new()
}
