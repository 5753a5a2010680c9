//! Relations: statements linking two document entities, found by rules over the sentences.
//!
//! ```text
//! "Ansar al Din, which Iyad ag Ghali founded in December 2011, …"
//!   ─► Iyad ag Ghali founded Ansar al Din (start 2011-12)
//! "JNIM's emir, Iyad ag Ghali, …"
//!   ─► Iyad ag Ghali leader_of JNIM · Iyad ag Ghali position "emir"
//! "In 1991, media sources claimed Ghaly served as secretary-general of the Popular Movement."
//!   ─► Ghaly leader_of Popular Movement (start 1991, hedges ["media sources claimed"])
//! "ISGS has not yet attacked there."   ─► nothing: negated
//! entity "al Qaeda in the Islamic Maghreb"   ─► subgroup_of al Qaeda (implied by the name)
//! ```
//!
//! Each sentence becomes a frame of units (entities, dates, words; pronouns resolved against
//! the narrative); the rules of `data/extract/relations.toml` (patterns with entity slots, see
//! [`Pattern`]) are matched around their trigger words; a rule without a subject slot takes the
//! clause's subject; the vocabulary's domain and range keep the pairs that make sense; negation
//! or intent between the subject and the trigger drops a statement. Every statement keeps its
//! sentence, the words that gave it, the citations of the sentence, its rule, a confidence that
//! hedges lower and the hedges as written. Statements are then completed: repeats within a
//! sentence merge, a `member_of` is dropped where the document makes the person the leader, and
//! a leader's or member's tie ends at the person's death ([`end_at_deaths`] with the events).
//!
//! The statements are evidence: one per sentence that tells a fact. [`distinct`] gives one per
//! fact (the evaluation's view); [`explain`] and [`matched_rules`] show how a document was read.

mod cues;
mod derived;
pub(crate) mod frame;
mod implied;
mod lexicon;
mod pattern;
mod rules;

use std::collections::HashMap;

use dossier_text::{Analysis, Document};

pub(crate) use cues::{clause_subject, hedges as cues_hedges, intended, negated, phrase_at};
pub use derived::from_events;
pub use implied::RULE as NAME_RULE;
pub(crate) use lexicon::Anchors;
pub(crate) use lexicon::Cues;
pub use lexicon::{
    DateUse, DerivedRule, EventPart, Lexicon, LexiconError, RelationRule, RelationTest,
};
use pattern::Governments;
pub(crate) use pattern::{Hit, Match, Matcher, Phrases, Role, Sets, Tm, compile_set, entity_is_a};

/// Whether a word of the data files matches a unit of a frame.
pub(crate) fn tm_matches_unit(tm: &Tm, u: &frame::Unit) -> bool {
    tm.matches(u)
}
pub use pattern::{Pattern, PatternError};
pub(crate) use rules::CUE_WINDOW;

use crate::{Context, DateMention, DocEntity, Mention, Object, Relation};
use frame::{Frame, Index, Inputs, Topics};

/// Finds the relations the sentences state and the names imply.
pub fn extract(
    doc: &Document,
    analysis: &Analysis,
    mentions: &[Mention],
    entities: &[DocEntity],
    dates: &[DateMention],
    ctx: &Context<'_>,
) -> Vec<Relation> {
    extract_with_frames(doc, analysis, mentions, entities, dates, ctx).0
}

/// The citations supporting each sentence.
pub(crate) fn citations_by_sentence(analysis: &Analysis) -> Vec<Vec<usize>> {
    let mut by = vec![Vec::new(); analysis.sentences.len()];
    for (ci, c) in analysis.citations.iter().enumerate() {
        for &s in &c.sentences {
            if let Some(list) = by.get_mut(s)
                && !list.contains(&ci)
            {
                list.push(ci);
            }
        }
    }
    by
}

/// Relations, and the sentence frames they were read from (events read the same frames).
pub(crate) fn extract_with_frames(
    doc: &Document,
    analysis: &Analysis,
    mentions: &[Mention],
    entities: &[DocEntity],
    dates: &[DateMention],
    ctx: &Context<'_>,
) -> (Vec<Relation>, Vec<Frame>) {
    run(doc, analysis, mentions, entities, dates, ctx, None)
}

/// The rules that matched, by sentence, before the vocabulary and the cues sorted the matches:
/// (sentence, rule id), in document order. An explanation aid ("which rules saw this?").
pub fn matched_rules(
    doc: &Document,
    analysis: &Analysis,
    x: &crate::Extraction,
    ctx: &Context<'_>,
) -> Vec<(usize, String)> {
    let mut trace = Vec::new();
    run(
        doc,
        analysis,
        &x.mentions,
        &x.entities,
        &x.dates,
        ctx,
        Some(&mut trace),
    );
    trace
}

fn run(
    doc: &Document,
    analysis: &Analysis,
    mentions: &[Mention],
    entities: &[DocEntity],
    dates: &[DateMention],
    ctx: &Context<'_>,
    mut trace: Option<&mut Vec<(usize, String)>>,
) -> (Vec<Relation>, Vec<Frame>) {
    let lex = Lexicon::builtin();
    let inputs = Inputs {
        text: &doc.text,
        mentions,
        entities,
        dates,
        anaphora: &lex.anaphora,
        anaphora_index: &lex.anaphora_index,
        function_words: &lex.cues.lists.function_words,
        not_groups: &lex.not_groups,
        vocab: ctx.vocabulary,
    };
    let index = Index::new(analysis.sentences.len(), &inputs);
    let citations = citations_by_sentence(analysis);
    let govs = governments(mentions, ctx);
    let mut topics = Topics::default();
    let mut out = Vec::new();
    let mut frames = Vec::with_capacity(analysis.sentences.len());
    for (si, s) in analysis.sentences.iter().enumerate() {
        let env = rules::Env {
            text: &doc.text,
            entities,
            dates,
            vocab: ctx.vocabulary,
            lex,
            govs: &govs,
            citations: citations.get(si).map_or(&[][..], |c| c),
        };
        for frame in frame::split(frame::build(&inputs, &index, si, s, &mut topics)) {
            if frame.units.iter().any(|u| u.entity().is_some()) {
                rules::apply(&env, &frame, &mut topics, &mut out, trace.as_deref_mut());
            }
            frames.push(frame);
        }
    }
    let cites = |s: usize| citations.get(s).cloned().unwrap_or_default();
    implied::by_name(entities, mentions, ctx.vocabulary, lex, &cites, &mut out);
    complete(&mut out, ctx.vocabulary);
    (out, frames)
}

/// The document's government entities by country code: the entities of mentions grouped as
/// `inst:<CC>:government` by the mention finder ("Malian junta", "Malian government").
fn governments<'a>(mentions: &[Mention], ctx: &Context<'a>) -> Governments<'a> {
    let mut by_country = HashMap::new();
    for m in mentions {
        let Some(e) = m.entity else { continue };
        let Some(g) = m.group.as_deref() else {
            continue;
        };
        if let Some(cc) = g
            .strip_prefix("inst:")
            .and_then(|r| r.strip_suffix(":government"))
        {
            by_country.entry(cc.to_string()).or_insert(e);
        }
    }
    Governments {
        by_country,
        gazetteer: ctx.gazetteer,
    }
}

/// Removes repeats within a sentence, drops a `member_of` where the same sentence makes the
/// subject the leader, and ends a person's ties at the death the text tells.
fn complete(out: &mut Vec<Relation>, vocab: &dossier_model::Vocabulary) {
    // One statement per (sentence, subject, predicate, object): the best dated, then the most
    // confident. Symmetric predicates count once in either direction.
    let mut best: HashMap<(usize, usize, String, Object), usize> = HashMap::new();
    let mut keep = vec![true; out.len()];
    for (i, r) in out.iter().enumerate() {
        let key = (r.sentence, triple_key(r, vocab));
        let key = (key.0, key.1.0, key.1.1, key.1.2);
        match best.get(&key) {
            Some(&j) => {
                let dated = |x: &Relation| u8::from(x.start.is_some()) + u8::from(x.end.is_some());
                let better = (dated(r), r.confidence) > (dated(&out[j]), out[j].confidence);
                if better {
                    keep[j] = false;
                    best.insert(key, i);
                } else {
                    keep[i] = false;
                }
            }
            None => {
                best.insert(key, i);
            }
        }
    }
    for (i, r) in out.iter().enumerate() {
        if r.predicate == "member_of"
            && out.iter().any(|l| {
                l.predicate == "leader_of" && l.subject == r.subject && l.object == r.object
            })
        {
            keep[i] = false;
        }
    }
    let mut k = keep.into_iter();
    out.retain(|_| k.next().unwrap_or(false));
    // Deaths end ties: "X was killed in June 2020" ends X's leader_of and member_of.
    let deaths: Vec<(usize, dossier_model::FuzzyDate)> = out
        .iter()
        .filter(|r| r.predicate == "killed_by")
        .filter_map(|r| r.start.map(|d| (r.subject, d)))
        .collect();
    for r in out.iter_mut() {
        if !matches!(r.predicate.as_str(), "leader_of" | "member_of") || r.end.is_some() {
            continue;
        }
        if let Some((_, d)) = deaths.iter().find(|(p, _)| *p == r.subject)
            && r.start.is_none_or(|s| s.sort_key() <= d.sort_key())
        {
            r.end = Some(*d);
        }
    }
}

/// Ends the ties of persons whose death the events tell (`death` events name the dead as
/// targets): "Droukdel was killed in June 2020" ends Droukdel's `leader_of` and `member_of`
/// statements that have no end, when they did not start after it.
pub fn end_at_deaths(relations: &mut [Relation], events: &[crate::Event]) {
    for e in events.iter().filter(|e| e.kind == "death") {
        for r in relations.iter_mut() {
            if matches!(r.predicate.as_str(), "leader_of" | "member_of")
                && r.end.is_none()
                && e.targets.contains(&r.subject)
                && r.start.is_none_or(|s| s.sort_key() <= e.date.sort_key())
            {
                r.end = Some(e.date);
            }
        }
    }
}

/// (subject, predicate, object), with a symmetric predicate's ends in a fixed order.
pub(crate) fn triple_key(
    r: &Relation,
    vocab: &dossier_model::Vocabulary,
) -> (usize, String, Object) {
    let symmetric = vocab.predicate(&r.predicate).is_some_and(|p| p.symmetric);
    match (&r.object, symmetric) {
        (Object::Entity(o), true) if *o < r.subject => {
            (*o, r.predicate.clone(), Object::Entity(r.subject))
        }
        _ => (r.subject, r.predicate.clone(), r.object.clone()),
    }
}

/// One statement per (subject, predicate, object), for callers that count facts rather than
/// evidence (evaluation, profiles): the best-dated, most confident one. Symmetric predicates
/// count once in either direction.
pub fn distinct<'a>(relations: &'a [Relation], ctx: &Context<'_>) -> Vec<&'a Relation> {
    let mut best: HashMap<(usize, String, Object), usize> = HashMap::new();
    let mut order = Vec::new();
    for (i, r) in relations.iter().enumerate() {
        let key = triple_key(r, ctx.vocabulary);
        match best.get(&key) {
            Some(&j) => {
                let cur = &relations[j];
                let score = |x: &Relation| {
                    (
                        u8::from(x.start.is_some()) + u8::from(x.end.is_some()),
                        (x.confidence * 1000.0) as i64,
                    )
                };
                if score(r) > score(cur) {
                    best.insert(key, i);
                }
            }
            None => {
                best.insert(key.clone(), i);
                order.push(key);
            }
        }
    }
    order
        .iter()
        .filter_map(|k| best.get(k).map(|&i| &relations[i]))
        .collect()
}

/// How the rules read each sentence, one line per sentence: entities in brackets (a pronoun
/// with the name it stands for), dates in angle brackets, a possessive as `'s`. A debugging and
/// explanation aid ("why was this not found?").
pub fn explain(
    doc: &Document,
    analysis: &Analysis,
    x: &crate::Extraction,
    ctx: &Context<'_>,
) -> Vec<String> {
    let (_, frames) = extract_with_frames(doc, analysis, &x.mentions, &x.entities, &x.dates, ctx);
    frames
        .iter()
        .map(|f| {
            let mut line = format!("{:>4}:", f.sentence);
            for u in &f.units {
                line.push(' ');
                match u.kind {
                    frame::UnitKind::Ent { entity, anaphor } => {
                        let name = x.entities.get(entity).map_or("?", |e| e.name.as_str());
                        if anaphor {
                            line.push_str(&format!("[{}→{name}]", u.span.slice(&doc.text)));
                        } else {
                            line.push_str(&format!("[{name}]"));
                        }
                    }
                    frame::UnitKind::Date(d) => {
                        let date = x
                            .dates
                            .get(d)
                            .map(|d| d.date.to_string())
                            .unwrap_or_default();
                        line.push_str(&format!("<{date}>"));
                    }
                    _ => line.push_str(u.span.slice(&doc.text)),
                }
                if u.possessive {
                    line.push_str("'s");
                }
            }
            line
        })
        .collect()
}
