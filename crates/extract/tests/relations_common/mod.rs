//! What the rule tests of relations and events share: running the whole extractor on a test
//! text with a small knowledge base of names (`tests/fixtures/rel_known.txt`), and how the
//! rules read it.
//!
//! ```text
//! run("Boko Haram pledged allegiance to the Islamic State in 2015.", None)
//!   ─► Run { x: Extraction { relations: [Boko Haram pledged_allegiance_to Islamic State], .. },
//!            frames: "   0: [Boko Haram] pledged allegiance to the [Islamic State] in <2015> .",
//!            matched: ["pledge"] }
//! ```

// Each test binary that includes this module uses a part of it.
#![allow(dead_code)]

use std::str::FromStr;

use dossier_eval::{PredictedEntity, PredictedEvent, PredictedRelation, Prediction};
use dossier_extract::{
    Context, EntityKind, Extraction, KnownName, KnownNames, Object, events, extract, relations,
};
use dossier_model::{FuzzyDate, Vocabulary};
use dossier_text::{Format, analyze, load};

/// The knowledge base of the rule tests.
pub fn known() -> KnownNames {
    let text = include_str!("../fixtures/rel_known.txt");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (ty, name) = l.split_once('|').unwrap();
            KnownName {
                name: name.to_string(),
                entity_type: match ty {
                    "person" => EntityKind::Person,
                    "location" => EntityKind::Location,
                    _ => EntityKind::Organization,
                },
                entity: None,
            }
        })
        .collect()
}

/// What the rule tests look at.
pub struct Run {
    pub x: Extraction,
    /// How the rules read the sentences ([`relations::explain`]).
    pub frames: String,
    /// The relation rules that matched ([`relations::matched_rules`]).
    pub matched: Vec<String>,
}

/// The extraction of `text`, how the rules read its sentences and which matched.
pub fn run(text: &str, published: Option<&str>) -> Run {
    let vocabulary = Vocabulary::builtin().unwrap();
    let known = known();
    let ctx = Context::new(&vocabulary, dossier_geo::Gazetteer::builtin(), &known)
        .with_published(published.map(|p| FuzzyDate::from_str(p).unwrap()));
    let doc = load(text.as_bytes(), Format::Text).unwrap();
    let analysis = analyze(&doc);
    let x = extract(&doc, &analysis, &ctx);
    let frames = relations::explain(&doc, &analysis, &x, &ctx).join("\n");
    let matched = relations::matched_rules(&doc, &analysis, &x, &ctx)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    Run { x, frames, matched }
}

/// Every name of entity `e`: its aliases and its name.
pub fn names(x: &Extraction, e: usize) -> Vec<String> {
    let ent = &x.entities[e];
    let mut v = ent.aliases.clone();
    v.push(ent.name.clone());
    v
}

/// The prediction of one document in the gold's terms: entities with their aliases, one
/// relation per (subject, predicate, object) without the literal ones, events with their
/// gold-style type.
pub fn prediction(key: &str, x: &Extraction, ctx: &Context<'_>) -> Prediction {
    let name = |i: usize| x.entities[i].name.clone();
    Prediction {
        file: Some(key.to_string()),
        entities: x
            .entities
            .iter()
            .map(|e| PredictedEntity {
                name: e.name.clone(),
                entity_type: e.kind.as_str().to_string(),
                aliases: e.aliases.clone(),
            })
            .collect(),
        relations: relations::distinct(&x.relations, ctx)
            .into_iter()
            .filter_map(|r| match r.object {
                Object::Entity(o) => Some(PredictedRelation {
                    subject: name(r.subject),
                    predicate: r.predicate.clone(),
                    object: name(o),
                    start: r.start,
                    end: r.end,
                }),
                Object::Literal(_) => None,
            })
            .collect(),
        events: x
            .events
            .iter()
            .map(|e| PredictedEvent {
                event_type: events::gold_kind(e).to_string(),
                date: Some(e.date),
                actors: e.actors.iter().map(|&a| name(a)).collect(),
                targets: e.targets.iter().map(|&t| name(t)).collect(),
                location: e.location.as_ref().map(|l| l.name.clone()),
            })
            .collect(),
        ..Prediction::default()
    }
}
