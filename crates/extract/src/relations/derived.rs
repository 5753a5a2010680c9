//! Relations that events imply.
//!
//! ```text
//! event  attack by JNIM against Malian army, in Boni, 2023-02-14
//!   ─► JNIM operates_in Boni        (event-actor-operates-in)
//!      JNIM hostile_to Malian army  (event-actor-hostile-to-target)
//! event  death by Taliban against Qari Fateh, 2023-02
//!   ─► Qari Fateh killed_by Taliban, from 2023-02
//! ```
//!
//! Analysts read "X attacked Y in Z" as evidence that X is active in Z and at war with Y; the
//! rules saying which events imply which relations are `[[derived]]` in
//! `data/extract/relations.toml`. A derived statement keeps the event's sentence, citations,
//! hedges and a confidence lower than the event's; it is not added when a rule over the text
//! already states the same relation.

use std::collections::HashSet;

use super::lexicon::{DerivedRule, EventPart, Lexicon};
use super::pattern::entity_is_a;
use super::triple_key;
use crate::{Context, DocEntity, Event, Object, Relation};

/// Adds to `relations` what the `[[derived]]` rules read off `events`.
pub fn from_events(
    relations: &mut Vec<Relation>,
    events: &[Event],
    entities: &[DocEntity],
    ctx: &Context<'_>,
) {
    let rules = &Lexicon::builtin().derived;
    if rules.is_empty() || events.is_empty() {
        return;
    }
    let vocab = ctx.vocabulary;
    let mut seen: HashSet<_> = relations.iter().map(|r| triple_key(r, vocab)).collect();
    for event in events {
        for rule in rules.iter().filter(|r| reads(r, event)) {
            for (s, o) in pairs(rule.from, event) {
                if s == o || !fits(rule, entities, s, o, vocab) {
                    continue;
                }
                let r = Relation {
                    subject: s,
                    predicate: rule.predicate.clone(),
                    object: Object::Entity(o),
                    start: rule.dated.then_some(event.date),
                    end: None,
                    sentence: event.sentence,
                    span: event.span,
                    evidence: event.trigger,
                    citations: event.citations.clone(),
                    rule: rule.id.clone(),
                    confidence: (event.confidence * rule.confidence).clamp(0.0, 1.0),
                    hedges: event.hedges.clone(),
                    detail: None,
                };
                if seen.insert(triple_key(&r, vocab)) {
                    relations.push(r);
                }
            }
        }
    }
}

/// Whether `rule` reads events like `event`.
fn reads(rule: &DerivedRule, event: &Event) -> bool {
    (rule.event_kinds.is_empty() || rule.event_kinds.contains(&event.kind))
        && (rule.event_types.is_empty() || rule.event_types.contains(&event.event_type))
}

/// The (subject, object) entity pairs a rule joins in an event.
fn pairs(from: EventPart, event: &Event) -> Vec<(usize, usize)> {
    match from {
        EventPart::ActorLocation => match &event.location {
            Some(place) => event.actors.iter().map(|&a| (a, place.entity)).collect(),
            None => Vec::new(),
        },
        EventPart::ActorTarget => event
            .actors
            .iter()
            .flat_map(|&a| event.targets.iter().map(move |&t| (a, t)))
            .collect(),
        EventPart::TargetActor => event
            .targets
            .iter()
            .flat_map(|&t| event.actors.iter().map(move |&a| (t, a)))
            .collect(),
    }
}

/// Whether the entities fit the rule's types, or else the predicate's domain and range.
fn fits(
    rule: &DerivedRule,
    entities: &[DocEntity],
    s: usize,
    o: usize,
    vocab: &dossier_model::Vocabulary,
) -> bool {
    let (Some(se), Some(oe)) = (entities.get(s), entities.get(o)) else {
        return false;
    };
    let typed = |e: &DocEntity, types: &[String], allowed: &dyn Fn(&str) -> bool| {
        if types.is_empty() {
            allowed(e.kind.as_str()) || e.subtype.as_deref().is_some_and(allowed)
        } else {
            types.iter().any(|t| entity_is_a(vocab, e, t))
        }
    };
    typed(se, &rule.subject_types, &|t| {
        vocab.allows_subject(&rule.predicate, t)
    }) && typed(oe, &rule.object_types, &|t| {
        vocab.allows_object(&rule.predicate, t)
    })
}
