//! Events: dated happenings with a type, actors, targets, a place and the deaths stated.
//!
//! ```text
//! (published 2023-02) "The group carried out near-simultaneous VBIED attacks targeting three
//! bases across southern Mali in April 2022, attacked the main Malian army base in southern Mali
//! with another VBIED in June 2022, and began escalating attacks around the capital in January
//! 2023."            (the group: JNIM, from the sentence before)
//!   ─► bombing 2022-04 by JNIM in southern Mali · bombing 2022-06 by JNIM against Malian army
//!      in southern Mali · attack 2023-01 by JNIM in Bamako ("the capital")
//! "Ghaly later released statements on November 1, 2015 and again in 2016 where he threatened
//! France and MINUSMA."
//!   ─► statement 2015-11-01 by Ghaly against France, MINUSMA · statement 2016 (the same)
//! "ISGS has not yet attacked there."   ─► nothing: negated (and undated)
//! ```
//!
//! The rules of `data/extract/events.toml` are patterns over the same sentence frames as the
//! relations (pronouns resolved). A match becomes an event when its clause gives a date: the
//! nearest date of the clause, preferring one after the trigger and before the next trigger,
//! and every date coordinated with it ("in 2008, 2010, and 2011" gives three events). Actors
//! are the `{A}` slot or the subject of the clause; the place is the `{L}` slot or the nearest
//! location introduced by a locative word ("in", "near", "around"), with its gazetteer
//! coordinates and precision. The event kind gives the ACLED type and sub-type and the CAMEO
//! root code (`data/vocabulary.toml`). Within a sentence, events sharing a date merge when their
//! triggers are close or of the same family; across the document, repeats of one event merge.

mod lexicon;

use dossier_model::Vocabulary;
use dossier_text::{Analysis, Document};

pub use lexicon::{EventLexicon, EventRule, EventTest, ExpectedEvent};

use crate::relations::frame::{Frame, UnitKind};
use crate::relations::{self, Cues, Hit, Match, Matcher, Role, entity_is_a};
use crate::{Context, DateMention, DocEntity, Event, EventPlace, Fatalities, Mention};

/// Triggers at most this many units apart that share a date are one event.
const CLOSE: usize = 6;

/// The event types of the evaluation gold (`corpus/README.md`).
const GOLD_KINDS: [&str; 14] = [
    "attack",
    "battle",
    "bombing",
    "kidnapping",
    "massacre",
    "founding",
    "designation",
    "death",
    "agreement",
    "statement",
    "meeting",
    "withdrawal",
    "deployment",
    "other",
];

/// The gold-style type of an event: its kind, with `merger` counted as a `founding` (a merger
/// founds the new group) and kinds the gold does not know as `other`.
pub fn gold_kind(event: &Event) -> &str {
    match event.kind.as_str() {
        "merger" => "founding",
        k if GOLD_KINDS.contains(&k) => k,
        _ => "other",
    }
}

/// Finds the events of a document.
pub fn extract(
    doc: &Document,
    analysis: &Analysis,
    mentions: &[Mention],
    entities: &[DocEntity],
    dates: &[DateMention],
    ctx: &Context<'_>,
) -> Vec<Event> {
    let (_, frames) = relations::extract_with_frames(doc, analysis, mentions, entities, dates, ctx);
    from_frames(doc, analysis, &frames, entities, dates, ctx)
}

/// A match becoming an event, before merging.
struct Cand {
    event: Event,
    priority: i32,
    anchor: (usize, usize),
    date_unit: usize,
    /// Rule and anchor: candidates of one match never merge with each other.
    origin: (usize, usize),
}

struct Env<'a> {
    text: &'a str,
    entities: &'a [DocEntity],
    dates: &'a [DateMention],
    vocab: &'a Vocabulary,
    lex: &'a EventLexicon,
    cues: &'a Cues,
}

/// Events from frames already built (by the relation stage).
pub(crate) fn from_frames(
    doc: &Document,
    analysis: &Analysis,
    frames: &[Frame],
    entities: &[DocEntity],
    dates: &[DateMention],
    ctx: &Context<'_>,
) -> Vec<Event> {
    let env = Env {
        text: &doc.text,
        entities,
        dates,
        vocab: ctx.vocabulary,
        lex: EventLexicon::builtin(),
        cues: &relations::Lexicon::builtin().cues,
    };
    let citations = relations::citations_by_sentence(analysis);
    let mut out: Vec<Event> = Vec::new();
    for frame in frames {
        if !frame
            .units
            .iter()
            .any(|u| matches!(u.kind, UnitKind::Date(_)))
        {
            continue;
        }
        let cites = citations.get(frame.sentence).map_or(&[][..], |c| c);
        for e in sentence_events(&env, frame, cites) {
            merge_into(&mut out, e);
        }
    }
    out
}

fn matches(env: &Env<'_>, frame: &Frame) -> Vec<(usize, Match)> {
    let matcher = Matcher {
        frame,
        entities: env.entities,
        vocab: env.vocab,
        lists: &env.cues.lists,
        govs: None,
    };
    let mut found = Vec::new();
    for (i, u) in frame.units.iter().enumerate() {
        let mut candidates: Vec<usize> = Vec::new();
        if u.is_word()
            && let Some(list) = env.lex.by_word.get(&*u.fold)
        {
            candidates.extend(list);
        }
        if !matches!(u.kind, UnitKind::Ent { .. } | UnitKind::Date(_)) {
            candidates.extend(&env.lex.other);
        }
        for ri in candidates {
            if let Some(m) = env.lex.rules[ri].pattern.match_at(&matcher, i) {
                found.push((ri, m));
            }
        }
    }
    // One match per rule and anchor; a longer anchor hides a shorter one inside it.
    found.sort_by_key(|(ri, m)| (m.anchor.0, *ri));
    found.dedup_by_key(|(ri, m)| (m.anchor.0, *ri));
    found
}

fn ent(frame: &Frame, unit: usize) -> Option<usize> {
    frame.units.get(unit).and_then(|u| u.entity())
}

fn sentence_events(env: &Env<'_>, frame: &Frame, cites: &[usize]) -> Vec<Event> {
    let found = matches(env, frame);
    if found.is_empty() {
        return Vec::new();
    }
    let anchors: Vec<(usize, usize)> = found.iter().map(|(_, m)| m.anchor).collect();
    let hedges = relations::cues_hedges(frame, env.text, env.cues);
    let mut cands: Vec<Cand> = Vec::new();
    for (ri, m) in &found {
        let rule = &env.lex.rules[*ri];
        let actor_ok = |e: usize| {
            env.entities.get(e).is_some_and(|d| {
                entity_is_a(env.vocab, d, "person")
                    || entity_is_a(env.vocab, d, "organization")
                    || entity_is_a(env.vocab, d, "country")
            })
        };
        let mut actor_hits: Vec<Hit> = m.slot(Role::A).to_vec();
        if actor_hits.is_empty() && rule.clause_actor {
            actor_hits = relations::clause_subject(frame, env.cues, m.start, &actor_ok)
                .into_iter()
                .filter_map(|u| {
                    let UnitKind::Ent { entity, anaphor } = frame.units.get(u)?.kind else {
                        return None;
                    };
                    Some(Hit {
                        unit: u,
                        entity,
                        anaphor,
                    })
                })
                .collect();
        }
        let first = actor_hits.first().map_or(m.start, |h| h.unit).min(m.start);
        let check_from = first.min(
            m.anchor
                .0
                .saturating_sub(relations::CUE_WINDOW)
                .max(frame.clause_start(m.anchor.0)),
        );
        if relations::negated(frame, env.cues, check_from, m.anchor.0)
            || relations::intended(frame, env.cues, check_from, m.anchor.0)
        {
            continue;
        }
        let Some(date_unit) = choose_date(env, frame, &anchors, m.anchor) else {
            continue;
        };
        let date_units = date_group(frame, date_unit);
        let mut actors: Vec<usize> = Vec::new();
        for h in &actor_hits {
            if actor_ok(h.entity) && !actors.contains(&h.entity) {
                actors.push(h.entity);
            }
        }
        let mut targets: Vec<usize> = Vec::new();
        for h in m.slot(Role::T) {
            if !targets.contains(&h.entity) && !actors.contains(&h.entity) {
                targets.push(h.entity);
            }
        }
        let mut places: Vec<usize> = m
            .slot(Role::L)
            .iter()
            .map(|h| h.entity)
            .filter(|&e| {
                env.entities
                    .get(e)
                    .is_some_and(|d| entity_is_a(env.vocab, d, "location"))
            })
            .collect();
        if places.is_empty()
            && let Some(p) = choose_location(env, frame, m, &actors, &targets)
        {
            places.push(p);
        }
        if !rule.per_location {
            places.truncate(1);
        }
        if rule.needs_participant && actors.is_empty() && targets.is_empty() && places.is_empty() {
            continue;
        }
        let Some(kind) = env.vocab.event_kinds.get(&rule.kind) else {
            continue;
        };
        let subtype = rule.subtype.clone().unwrap_or_else(|| kind.subtype.clone());
        let cameo = match &rule.subtype {
            Some(st) => env
                .vocab
                .event_types
                .get(&kind.event_type)
                .and_then(|t| t.subtypes.iter().find(|s| s.id == *st))
                .map_or_else(|| kind.cameo.clone(), |s| s.cameo.clone()),
            None => kind.cameo.clone(),
        };
        let mut confidence = rule.confidence * hedges.factor;
        if actor_hits.iter().chain(m.slot(Role::T)).any(|h| h.anaphor) {
            confidence *= 0.85;
        }
        let description = describe(env.text, frame, m.anchor.0);
        let place_list: Vec<Option<usize>> = if places.is_empty() {
            vec![None]
        } else {
            places.iter().copied().map(Some).collect()
        };
        for &du in &date_units {
            let UnitKind::Date(di) = frame.units[du].kind else {
                continue;
            };
            let Some(dm) = env.dates.get(di) else {
                continue;
            };
            for place in &place_list {
                cands.push(Cand {
                    event: Event {
                        kind: rule.kind.clone(),
                        event_type: kind.event_type.clone(),
                        subtype: subtype.clone(),
                        cameo: cameo.clone(),
                        date: dm.date,
                        end: dm.end,
                        actors: actors.clone(),
                        targets: targets.clone(),
                        location: place.and_then(|p| event_place(env, p)),
                        fatalities: None,
                        description: description.clone(),
                        sentence: frame.sentence,
                        span: frame.span,
                        trigger: frame.span_of(m.anchor.0, m.anchor.1),
                        citations: cites.to_vec(),
                        rule: rule.id.clone(),
                        confidence,
                        hedges: hedges.phrases.clone(),
                    },
                    priority: rule.priority,
                    anchor: m.anchor,
                    date_unit: du,
                    origin: (*ri, m.anchor.0),
                });
            }
        }
    }
    let mut events = merge_sentence(env.vocab, cands);
    fatalities(env, frame, &mut events);
    events.into_iter().map(|(e, _)| e).collect()
}

/// The date unit an event takes: the nearest in the clause, after the trigger rather than
/// before, not beyond another trigger, not a date that modifies another trigger ("a 2015 peace
/// deal"), never an "as of" date.
fn choose_date(
    env: &Env<'_>,
    frame: &Frame,
    anchors: &[(usize, usize)],
    anchor: (usize, usize),
) -> Option<usize> {
    let cs = frame.clause_start(anchor.0);
    let ce = frame.clause_end(anchor.0);
    let mut best: Option<(usize, usize)> = None;
    for i in cs..ce {
        let UnitKind::Date(d) = frame.units[i].kind else {
            continue;
        };
        if env
            .dates
            .get(d)
            .is_none_or(|dm| dm.text.to_lowercase().starts_with("as of"))
        {
            continue;
        }
        let (mut score, lo, hi) = if i >= anchor.1 {
            (i - anchor.1, anchor.1, i)
        } else if i < anchor.0 {
            (anchor.0 - i + 1, i + 1, anchor.0)
        } else {
            (0, i, i)
        };
        if anchors
            .iter()
            .any(|a| *a != anchor && a.0 >= lo && a.0 < hi)
        {
            score += 20;
        }
        // A date right before another trigger belongs to it.
        let owned = anchors.iter().any(|a| {
            *a != anchor
                && a.0 > i
                && a.0 - i <= 3
                && (i + 1..a.0).all(|k| frame.units[k].is_word())
        });
        if owned {
            score += 8;
        }
        if best.is_none_or(|(s, _)| score < s) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| i)
}

/// The date units coordinated with `unit`: "in 2008, 2010, and 2011", "on November 1, 2015 and
/// again in 2016".
fn date_group(frame: &Frame, unit: usize) -> Vec<usize> {
    let joins = |u: &crate::relations::frame::Unit| {
        u.is_punct(',')
            || u.is_word() && matches!(&*u.fold, "and" | "or" | "again" | "in" | "on" | "then")
    };
    let mut lo = unit;
    loop {
        let mut k = lo;
        let mut n = 0;
        while k > 0 && n < 3 && joins(&frame.units[k - 1]) {
            k -= 1;
            n += 1;
        }
        if n > 0 && k > 0 && matches!(frame.units[k - 1].kind, UnitKind::Date(_)) {
            lo = k - 1;
        } else {
            break;
        }
    }
    let mut hi = unit;
    loop {
        let mut k = hi + 1;
        let mut n = 0;
        while k < frame.len() && n < 3 && joins(&frame.units[k]) {
            k += 1;
            n += 1;
        }
        if n > 0 && k < frame.len() && matches!(frame.units[k].kind, UnitKind::Date(_)) {
            hi = k;
        } else {
            break;
        }
    }
    (lo..=hi)
        .filter(|&i| matches!(frame.units[i].kind, UnitKind::Date(_)))
        .collect()
}

/// The nearest location of the clause that a locative word introduces, not an actor or target.
fn choose_location(
    env: &Env<'_>,
    frame: &Frame,
    m: &Match,
    actors: &[usize],
    targets: &[usize],
) -> Option<usize> {
    let cs = frame.clause_start(m.anchor.0);
    let ce = frame.clause_end(m.anchor.0);
    let mut best: Option<(usize, usize)> = None;
    for i in cs..ce {
        let Some(e) = ent(frame, i) else { continue };
        if actors.contains(&e) || targets.contains(&e) {
            continue;
        }
        if !env
            .entities
            .get(e)
            .is_some_and(|d| entity_is_a(env.vocab, d, "location"))
        {
            continue;
        }
        // A locative word up to four units before, with no entity between.
        let mut introduced = false;
        let mut k = i;
        let mut n = 0;
        while k > cs && n < 4 {
            k -= 1;
            n += 1;
            let u = &frame.units[k];
            if u.entity().is_some() || u.is_boundary() {
                break;
            }
            if relations::phrase_at(frame, &env.lex.locatives, k).is_some() {
                introduced = true;
                break;
            }
        }
        if !introduced {
            continue;
        }
        let dist = i.abs_diff(m.anchor.0);
        if best.is_none_or(|(d, _)| dist < d) {
            best = Some((dist, e));
        }
    }
    best.map(|(_, e)| e)
}

fn event_place(env: &Env<'_>, entity: usize) -> Option<EventPlace> {
    let e = env.entities.get(entity)?;
    let precision = match &e.place {
        Some(p) => Some(p.kind.clone()),
        None => e
            .subtype
            .clone()
            .filter(|s| matches!(s.as_str(), "country" | "region" | "town" | "site")),
    };
    Some(EventPlace {
        entity,
        name: e.name.clone(),
        precision,
        lat: e.place.as_ref().map(|p| p.lat),
        lon: e.place.as_ref().map(|p| p.lon),
    })
}

/// The clause of the trigger, whitespace collapsed, cut at about 200 bytes.
fn describe(text: &str, frame: &Frame, anchor: usize) -> String {
    let cs = frame.clause_start(anchor);
    let ce = frame.clause_end(anchor);
    let raw = frame.span_of(cs, ce).slice(text);
    let mut out = String::new();
    for w in raw.split_whitespace() {
        if out.len() + w.len() > 200 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn violent(vocab: &Vocabulary, event_type: &str) -> bool {
    vocab
        .event_types
        .get(event_type)
        .is_some_and(|t| matches!(t.cameo.as_str(), "18" | "19" | "20"))
}

/// The family events merge by: `violent`, or the kind itself.
fn family<'a>(vocab: &Vocabulary, e: &'a Event) -> &'a str {
    if violent(vocab, &e.event_type) {
        "violent"
    } else {
        &e.kind
    }
}

fn absorb(into: &mut Event, from: &Event) {
    for a in &from.actors {
        if !into.actors.contains(a) && !into.targets.contains(a) {
            into.actors.push(*a);
        }
    }
    for t in &from.targets {
        if !into.targets.contains(t) && !into.actors.contains(t) {
            into.targets.push(*t);
        }
    }
    if into.location.is_none() {
        into.location = from.location.clone();
    }
    if into.fatalities.is_none() {
        into.fatalities = from.fatalities;
    }
    into.confidence = into.confidence.max(from.confidence);
    for c in &from.citations {
        if !into.citations.contains(c) {
            into.citations.push(*c);
        }
    }
}

/// Merges the candidates of one sentence: sharing a date unit, close triggers or one family
/// make one event (the higher priority's kind).
fn merge_sentence(vocab: &Vocabulary, mut cands: Vec<Cand>) -> Vec<(Event, (usize, usize))> {
    cands.sort_by_key(|c| (std::cmp::Reverse(c.priority), c.anchor.0));
    let mut kept: Vec<Cand> = Vec::new();
    for c in cands {
        let target = kept.iter_mut().find(|k| {
            k.origin != c.origin
                && k.date_unit == c.date_unit
                && (k.anchor.0.abs_diff(c.anchor.0) <= CLOSE
                    || family(vocab, &k.event) == family(vocab, &c.event))
                && (k.event.location == c.event.location
                    || k.event.location.is_none()
                    || c.event.location.is_none())
        });
        match target {
            Some(k) => absorb(&mut k.event, &c.event),
            None => kept.push(c),
        }
    }
    kept.sort_by_key(|c| (c.anchor.0, c.date_unit));
    kept.into_iter().map(|c| (c.event, c.anchor)).collect()
}

/// Adds to `out`, or merges with the same event told earlier in the document.
fn merge_into(out: &mut Vec<Event>, e: Event) {
    let participants = |x: &Event| {
        x.actors
            .iter()
            .chain(&x.targets)
            .copied()
            .collect::<Vec<_>>()
    };
    let places_agree = |o: &Event| match (&o.location, &e.location) {
        (Some(p), Some(q)) => p.entity == q.entity,
        _ => true,
    };
    let same = out.iter_mut().find(|o| {
        o.kind == e.kind && o.date == e.date && places_agree(o) && {
            let (a, b) = (participants(o), participants(&e));
            let shared = a.iter().any(|x| b.contains(x));
            let same_place = match (&o.location, &e.location) {
                (Some(p), Some(q)) => p.entity == q.entity,
                _ => false,
            };
            let bare = |x: &Event, p: &[usize]| p.is_empty() && x.location.is_none();
            shared || same_place || bare(o, &a) || bare(&e, &b)
        }
    });
    match same {
        Some(o) => absorb(o, &e),
        None => out.push(e),
    }
}

/// Deaths stated in the sentence go to the nearest violent event.
fn fatalities(env: &Env<'_>, frame: &Frame, events: &mut [(Event, (usize, usize))]) {
    if !events
        .iter()
        .any(|(e, _)| violent(env.vocab, &e.event_type))
    {
        return;
    }
    let matcher = Matcher {
        frame,
        entities: env.entities,
        vocab: env.vocab,
        lists: &env.cues.lists,
        govs: None,
    };
    for (i, u) in frame.units.iter().enumerate() {
        let mut candidates: Vec<usize> = Vec::new();
        if u.is_word()
            && let Some(list) = env.lex.fatality_by_word.get(&*u.fold)
        {
            candidates.extend(list);
        }
        candidates.extend(&env.lex.fatality_other);
        for fi in candidates {
            let Some((_, pattern)) = env.lex.fatalities.get(fi) else {
                continue;
            };
            let Some(m) = pattern.match_at(&matcher, i) else {
                continue;
            };
            let Some((count, at_least)) = m.number else {
                continue;
            };
            let nearest = events
                .iter_mut()
                .filter(|(e, _)| violent(env.vocab, &e.event_type) && e.fatalities.is_none())
                .min_by_key(|(_, a)| a.0.abs_diff(i));
            if let Some((e, _)) = nearest {
                e.fatalities = Some(Fatalities { count, at_least });
            }
        }
    }
}
