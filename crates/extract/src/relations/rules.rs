//! Applying the relation rules to one sentence frame.
//!
//! ```text
//! rule  "{O:organization}'s $leader ,? {S:person}"  leader_of, position $leader
//! frame [JNIM]'s · emir · , · [Iyad ag Ghali] · , · traveled · …
//!   ─► Iyad ag Ghali leader_of JNIM · Iyad ag Ghali position "emir"
//! ```
//!
//! A rule without a subject slot takes the subject of the clause ("Ghaly went on to lead …");
//! where a rule with a subject slot matched at the same trigger, that one wins. Subjects and
//! objects that are coordinated lists give one statement per pair (or per position with
//! `respectively`, or among the subjects with `among`). The vocabulary's domain and range keep
//! the pairs that make sense; negation and intent between the subject and the trigger drop the
//! statement; hedges of the sentence lower its confidence and are recorded.

use dossier_model::{FuzzyDate, Vocabulary};

use super::cues::{self, DateRole, Hedges};
use super::frame::{Frame, Topics, UnitKind};
use super::lexicon::{DateUse, Lexicon, RelationRule};
use super::pattern::{Governments, Hit, Match, Matcher, Role, entity_is_a};
use crate::{DateMention, DocEntity, Object, Relation};

/// Confidence kept when an end of the statement is a pronoun resolved from the narrative.
const ANAPHOR_FACTOR: f32 = 0.85;
/// Confidence kept when the subject is the clause's, not next to the trigger.
const CLAUSE_FACTOR: f32 = 0.9;
/// Negation and intent are looked for from the subject, and at least this many units before
/// the trigger (within the clause).
pub(crate) const CUE_WINDOW: usize = 5;

/// What applying rules reads besides the frame.
pub(crate) struct Env<'a> {
    pub text: &'a str,
    pub entities: &'a [DocEntity],
    pub dates: &'a [DateMention],
    pub vocab: &'a Vocabulary,
    pub lex: &'a Lexicon,
    pub govs: &'a Governments<'a>,
    pub citations: &'a [usize],
}

/// Whether an entity may be the subject (or the object) of a predicate.
pub(crate) fn fits(vocab: &Vocabulary, e: &DocEntity, predicate: &str, subject: bool) -> bool {
    let check = |ty: &str| {
        if subject {
            vocab.allows_subject(predicate, ty)
        } else {
            vocab.allows_object(predicate, ty)
        }
    };
    match e.subtype.as_deref() {
        Some(s) if vocab.entity_types.contains_key(s) => check(s),
        _ => check(e.kind.as_str()),
    }
}

/// Applies every rule whose anchor occurs in the frame.
pub(crate) fn apply(
    env: &Env<'_>,
    frame: &Frame,
    topics: &mut Topics,
    out: &mut Vec<Relation>,
    trace: Option<&mut Vec<(usize, String)>>,
) {
    let lex = env.lex;
    let matcher = Matcher {
        frame,
        entities: env.entities,
        vocab: env.vocab,
        lists: &lex.cues.lists,
        govs: Some(env.govs),
    };
    let mut found: Vec<(usize, Match)> = Vec::new();
    let mut candidates: Vec<usize> = Vec::new();
    for (i, u) in frame.units.iter().enumerate() {
        lex.anchors.candidates(u, &mut candidates);
        for &ri in &candidates {
            let rule = &lex.rules[ri];
            if let Some(m) = rule.pattern.match_at(&matcher, i) {
                found.push((ri, m));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    if let Some(t) = trace {
        t.extend(
            found
                .iter()
                .map(|(ri, _)| (frame.sentence, lex.rules[*ri].id.clone())),
        );
    }
    // A rule naming its subject that gave a statement beats a clause-subject rule of the same
    // predicate whose trigger lies inside its match.
    let hedges = cues::hedges(frame, env.text, &lex.cues);
    let mut explicit: Vec<(usize, usize, &str)> = Vec::new();
    for (ri, m) in &found {
        let rule = &lex.rules[*ri];
        if rule.pattern.has(Role::S) && emit(env, &matcher, rule, m, &hedges, topics, out) {
            explicit.push((m.start, m.end, rule.predicate.as_str()));
        }
    }
    for (ri, m) in &found {
        let rule = &lex.rules[*ri];
        if rule.pattern.has(Role::S)
            || explicit
                .iter()
                .any(|&(from, to, p)| p == rule.predicate && from <= m.anchor.0 && m.anchor.0 < to)
        {
            continue;
        }
        emit(env, &matcher, rule, m, &hedges, topics, out);
    }
}

fn hit_of(frame: &Frame, unit: usize) -> Option<Hit> {
    match frame.units.get(unit)?.kind {
        UnitKind::Ent { entity, anaphor } => Some(Hit {
            unit,
            entity,
            anaphor,
        }),
        _ => None,
    }
}

fn emit(
    env: &Env<'_>,
    matcher: &Matcher<'_>,
    rule: &RelationRule,
    m: &Match,
    hedges: &Hedges,
    topics: &mut Topics,
    out: &mut Vec<Relation>,
) -> bool {
    let lex = env.lex;
    let frame = matcher.frame;
    let pred = rule.predicate.as_str();
    let fits_subject = |e: usize| {
        env.entities
            .get(e)
            .is_some_and(|d| fits(env.vocab, d, pred, true))
    };
    let mut factor = 1.0;
    let clause = |ok: &dyn Fn(usize) -> bool| -> Vec<Hit> {
        cues::clause_subject(matcher, &lex.cues, m.start, ok)
            .into_iter()
            .filter_map(|u| hit_of(frame, u))
            .collect()
    };
    let mut subjects: Vec<Hit> = if rule.pattern.has(Role::S) {
        m.slot(Role::S).to_vec()
    } else {
        factor = CLAUSE_FACTOR;
        clause(&fits_subject)
    };
    // `{A}` in a relation pattern adds subjects: "X merged with {A} to form Y".
    subjects.extend(m.slot(Role::A).iter().copied());
    let mut objects: Vec<Hit> = m.slot(Role::O).to_vec();
    if objects.is_empty() && rule.object_clause {
        let fits_object = |e: usize| {
            env.entities
                .get(e)
                .is_some_and(|d| fits(env.vocab, d, pred, false))
        };
        factor = CLAUSE_FACTOR;
        objects = clause(&fits_object);
    }
    if matches!(pred, "founded" | "merged_into")
        && let Some(o) = objects.last()
    {
        topics.founded = Some(o.entity);
    }
    if subjects.is_empty() {
        return false;
    }
    if objects.is_empty()
        && rule.object_founded
        && let Some(o) = topics.founded
    {
        objects.push(Hit {
            unit: m.anchor.0,
            entity: o,
            anaphor: true,
        });
    }
    let first = subjects
        .iter()
        .chain(m.slot(Role::O))
        .map(|h| h.unit)
        .min()
        .unwrap_or(m.start)
        .min(m.start);
    let near = m
        .anchor
        .0
        .saturating_sub(CUE_WINDOW)
        .max(frame.clause_start(m.anchor.0));
    let check_from = first.min(near);
    if cues::negated(frame, &lex.cues, check_from, m.anchor.0)
        || cues::intended(frame, &lex.cues, check_from, m.anchor.0)
    {
        return false;
    }
    let (start, end) = dates(env, frame, rule.date, m);
    let mut pairs: Vec<(Hit, Hit)> = Vec::new();
    if rule.among {
        for (a, x) in subjects.iter().enumerate() {
            for y in &subjects[a + 1..] {
                pairs.push((*x, *y));
            }
        }
    } else if rule.respectively {
        if subjects.len() == objects.len() {
            pairs.extend(subjects.iter().copied().zip(objects.iter().copied()));
        }
    } else {
        for s in &subjects {
            for o in &objects {
                pairs.push((*s, *o));
            }
        }
    }
    let base = Relation {
        subject: 0,
        predicate: pred.to_string(),
        object: Object::Entity(0),
        start,
        end,
        sentence: frame.sentence,
        span: frame.span,
        evidence: frame.span_of(first, m.end),
        citations: env.citations.to_vec(),
        rule: rule.id.clone(),
        confidence: rule.confidence * hedges.factor * factor,
        hedges: hedges.phrases.clone(),
        detail: if rule.detail {
            detail(env.text, frame, m.anchor.1)
        } else {
            None
        },
    };
    let mut emitted: Vec<usize> = Vec::new();
    let mut any = false;
    for (s, o) in pairs {
        if s.entity == o.entity {
            continue;
        }
        let (Some(se), Some(oe)) = (env.entities.get(s.entity), env.entities.get(o.entity)) else {
            continue;
        };
        if !fits(env.vocab, se, pred, true) || !fits(env.vocab, oe, pred, false) {
            continue;
        }
        let mut r = base.clone();
        r.subject = s.entity;
        r.object = Object::Entity(o.entity);
        if s.anaphor || o.anaphor {
            r.confidence *= ANAPHOR_FACTOR;
        }
        out.push(r);
        any = true;
        if !emitted.contains(&s.entity) {
            emitted.push(s.entity);
        }
    }
    // The position the words name ("emir", "secretary-general").
    if let Some(set) = &rule.position
        && let Some(&(_, from, to)) = m.marks.iter().find(|(name, _, _)| name == set)
    {
        let title = frame.span_of(from, to).slice(env.text).to_lowercase();
        for s in emitted {
            let person = env
                .entities
                .get(s)
                .is_some_and(|e| entity_is_a(env.vocab, e, "person"));
            if !person || title.is_empty() {
                continue;
            }
            let mut r = base.clone();
            r.subject = s;
            r.predicate = "position".to_string();
            r.object = Object::Literal(title.clone());
            r.detail = None;
            out.push(r);
        }
    }
    any
}

/// The capitalized name after "as a|an" following the trigger: "listed … as a Specially
/// Designated Global Terrorist".
fn detail(text: &str, frame: &Frame, from: usize) -> Option<String> {
    let end = frame.clause_end(from);
    let mut i = from;
    while i + 1 < end {
        let u = &frame.units[i];
        if u.is_word() && &*u.fold == "as" {
            let mut k = i + 1;
            if frame.units[k].is_word() && matches!(&*frame.units[k].fold, "a" | "an" | "the") {
                k += 1;
            }
            let first = k;
            while k < end {
                let w = &frame.units[k];
                let joins = w.is_word() && matches!(&*w.fold, "of" | "and" | "for");
                if w.is_word() && (w.cap || joins) {
                    k += 1;
                } else {
                    break;
                }
            }
            while k > first && !frame.units[k - 1].cap {
                k -= 1;
            }
            if k > first {
                return Some(frame.span_of(first, k).slice(text).to_string());
            }
            return None;
        }
        i += 1;
    }
    None
}

/// The valid time a rule gives its statement from the clause's nearest date.
fn dates(
    env: &Env<'_>,
    frame: &Frame,
    use_: DateUse,
    m: &Match,
) -> (Option<FuzzyDate>, Option<FuzzyDate>) {
    if use_ == DateUse::None {
        return (None, None);
    }
    let Some((d, role)) = cues::nearest_date(frame, &env.lex.cues, m.start, m.end) else {
        return (None, None);
    };
    let Some(dm) = env.dates.get(d) else {
        return (None, None);
    };
    if dm.text.to_lowercase().starts_with("as of") {
        return (None, None);
    }
    match (use_, role, dm.end) {
        (_, _, Some(end)) => (Some(dm.date), Some(end)),
        (DateUse::End, _, None) | (_, DateRole::End, None) => (None, Some(dm.date)),
        // "from 1992 until … on September 27, 2024": the end told further on.
        (_, DateRole::Start, None) => {
            let unit = frame
                .units
                .iter()
                .position(|u| matches!(u.kind, UnitKind::Date(x) if x == d));
            let end = unit
                .and_then(|u| cues::end_after(frame, &env.lex.cues, u))
                .and_then(|e| env.dates.get(e))
                .map(|e| e.date);
            (Some(dm.date), end)
        }
        _ => (Some(dm.date), None),
    }
}
