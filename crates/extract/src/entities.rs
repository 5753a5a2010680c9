//! Document entities (being written).
use crate::{Context, DocEntity, Mention};
use dossier_text::{Analysis, Document};

pub fn cluster(
    _doc: &Document,
    _analysis: &Analysis,
    mentions: Vec<Mention>,
    _ctx: &Context<'_>,
) -> (Vec<Mention>, Vec<DocEntity>) {
    (mentions, Vec::new())
}
