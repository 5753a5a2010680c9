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
//! relations (pronouns resolved). A match becomes an event when it has a date: its own ("a 2015
//! peace deal"), else the nearest date of its clause, preferring one after the trigger and before
//! the next trigger, never one inside a relative clause or a reported "that" clause without the
//! trigger, nor another trigger's own date when the narrative gives one; every date coordinated
//! with it counts ("in 2008, 2010, and 2011" gives three events). A sentence without a date that
//! follows, in the same paragraph, a sentence with a day-precise date takes that date (the
//! narrative goes on: "On March 2, 2017, … formed JNIM. Ghaly … affirmed his allegiance to …").
//! Actors are the `{A}` slot, a demonym before the trigger ("the French withdrawal": the
//! document's French forces), or the subject of the clause; a country acting by arms acts
//! through its armed forces when the document names them. The place is the `{L}` slot or the
//! nearest location a locative word introduces ("in", "near", "around"), with its gazetteer
//! coordinates and precision; deaths stated go to the nearest violent event. The event kind gives
//! the ACLED type and sub-type and the CAMEO root code (`data/vocabulary.toml`). Within a
//! sentence, events sharing a date merge when their triggers are close or of one family (the
//! higher priority's kind wins; a death or a rebellion takes in its violence); across the
//! document, repeats of one event merge, keeping the most precise date. Quoted words and
//! definite nouns without a date of their own ("the statement") give no new event.

mod lexicon;

use std::collections::HashMap;

use dossier_model::{FuzzyDate, Precision, Vocabulary};
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
    gold_kind_of(&event.kind)
}

/// The gold-style type of an event kind (a stored event's kind, say): see [`gold_kind`].
pub fn gold_kind_of(kind: &str) -> &str {
    match kind {
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
    from_frames(doc, analysis, &frames, mentions, entities, dates, ctx)
}

/// A match becoming an event, before merging.
struct Cand {
    event: Event,
    priority: i32,
    anchor: (usize, usize),
    date_unit: usize,
    /// Rule and anchor: candidates of one match never merge with each other.
    origin: (usize, usize),
    /// The event takes in violent events of its date told in the sentence (a death and the
    /// strike that caused it, a rebellion and its fighting).
    absorbs_violence: bool,
}

/// Where an event's date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pick {
    /// A date unit of the sentence.
    Unit(usize),
    /// The narrative's date (index into the dates), from the sentence before.
    Narrative(usize),
}

struct Env<'a> {
    text: &'a str,
    entities: &'a [DocEntity],
    dates: &'a [DateMention],
    vocab: &'a Vocabulary,
    lex: &'a EventLexicon,
    cues: &'a Cues,
    gazetteer: &'a dossier_geo::Gazetteer<'a>,
    institutions: Institutions,
}

/// Events from frames already built (by the relation stage).
pub(crate) fn from_frames(
    doc: &Document,
    analysis: &Analysis,
    frames: &[Frame],
    mentions: &[Mention],
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
        gazetteer: ctx.gazetteer,
        institutions: institutions(mentions, entities),
    };
    let citations = relations::citations_by_sentence(analysis);
    let mut out: Vec<Event> = Vec::new();
    // The day-precise date the sentence before told, for a sentence that goes on with the same
    // moment without a date of its own ("On March 2, 2017, … formed JNIM. Ghaly was announced
    // as the leader, and he affirmed his allegiance to …").
    let mut narrative: Option<(usize, usize)> = None;
    for frame in frames {
        let own = frame
            .units
            .iter()
            .rev()
            .filter_map(|u| match u.kind {
                UnitKind::Date(d) => Some(d),
                _ => None,
            })
            .find(|&d| {
                dates
                    .get(d)
                    .is_some_and(|dm| dm.date.precision() == Precision::Day && dm.end.is_none())
            });
        let has_date = frame
            .units
            .iter()
            .any(|u| matches!(u.kind, UnitKind::Date(_)));
        let inherited = narrative
            .filter(|(block, _)| *block == frame.block)
            .map(|(_, d)| d);
        if has_date || inherited.is_some() {
            let cites = citations.get(frame.sentence).map_or(&[][..], |c| c);
            for (e, narrative) in sentence_events(&env, frame, cites, inherited) {
                if claims(&env, &e) {
                    give_claim(env.vocab, &mut out, &e);
                }
                merge_into(&mut out, e, narrative);
            }
        }
        narrative = own.map(|d| (frame.block, d));
    }
    out
}

/// The document's armed forces and governments by country code, from the mention finder's
/// institution groups (`inst:FR:military` for "French forces").
fn institutions(mentions: &[Mention], entities: &[DocEntity]) -> Institutions {
    let mut out = Institutions::default();
    for m in mentions {
        let (Some(e), Some(g)) = (m.entity, m.group.as_deref()) else {
            continue;
        };
        if e >= entities.len() {
            continue;
        }
        let Some(rest) = g.strip_prefix("inst:") else {
            continue;
        };
        if let Some(cc) = rest.strip_suffix(":military") {
            out.military.entry(cc.to_string()).or_insert(e);
        } else if let Some(cc) = rest.strip_suffix(":government") {
            out.government.entry(cc.to_string()).or_insert(e);
        }
    }
    for (i, e) in entities.iter().enumerate() {
        if let Some(p) = e.place.as_ref().filter(|p| p.kind == "country") {
            out.country.entry(p.country.clone()).or_insert(i);
        }
    }
    out
}

#[derive(Default)]
struct Institutions {
    military: HashMap<String, usize>,
    government: HashMap<String, usize>,
    country: HashMap<String, usize>,
}

fn matcher<'a>(env: &'a Env<'_>, frame: &'a Frame) -> Matcher<'a> {
    Matcher {
        frame,
        entities: env.entities,
        vocab: env.vocab,
        lists: &env.cues.lists,
        govs: None,
    }
}

fn matches(env: &Env<'_>, matcher: &Matcher<'_>) -> Vec<(usize, Match)> {
    let frame = matcher.frame;
    let mut found = Vec::new();
    let mut candidates: Vec<usize> = Vec::new();
    for (i, u) in frame.units.iter().enumerate() {
        env.lex.anchors.candidates(u, &mut candidates);
        for &ri in &candidates {
            if let Some(m) = env.lex.rules[ri].pattern.match_at(matcher, i) {
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

fn sentence_events(
    env: &Env<'_>,
    frame: &Frame,
    cites: &[usize],
    inherited: Option<usize>,
) -> Vec<(Event, bool)> {
    let dated = frame
        .units
        .iter()
        .any(|u| matches!(u.kind, UnitKind::Date(_)));
    let matcher = matcher(env, frame);
    let found = matches(env, &matcher);
    if found.is_empty() {
        return Vec::new();
    }
    let anchors: Vec<(usize, usize)> = found.iter().map(|(_, m)| m.anchor).collect();
    let hedges = relations::cues_hedges(frame, env.text, env.cues);
    let mut cands: Vec<Cand> = Vec::new();
    for (ri, m) in &found {
        let rule = &env.lex.rules[*ri];
        // Someone's words: "… agents who occupy our lands, attack our religion".
        if frame.units.get(m.anchor.0).is_some_and(|u| u.quoted) {
            continue;
        }
        let actor_ok = |e: usize| {
            env.entities.get(e).is_some_and(|d| {
                entity_is_a(env.vocab, d, "person")
                    || entity_is_a(env.vocab, d, "organization")
                    || entity_is_a(env.vocab, d, "country")
            })
        };
        let mut actor_hits: Vec<Hit> = m.slot(Role::A).to_vec();
        let mut subject_hits: Vec<Hit> = Vec::new();
        let demonym = if actor_hits.is_empty() {
            demonym_actor(env, frame, m.start)
        } else {
            None
        };
        if let Some(e) = demonym {
            actor_hits.push(Hit {
                unit: m.start,
                entity: e,
                anaphor: false,
            });
        }
        if rule.clause_target || actor_hits.is_empty() && rule.clause_actor {
            let hits: Vec<Hit> = relations::clause_subject(&matcher, env.cues, m.start, &actor_ok)
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
            if rule.clause_target {
                subject_hits = hits;
            } else {
                actor_hits = hits;
            }
        }
        let first = actor_hits.first().map_or(m.start, |h| h.unit).min(m.start);
        let check_from = if rule.local_cues {
            m.start
        } else {
            first.min(
                m.anchor
                    .0
                    .saturating_sub(relations::CUE_WINDOW)
                    .max(frame.clause_start(m.anchor.0)),
            )
        };
        // A trigger told as the setting of its clause ("in meetings with …") is presupposed:
        // what the clause denies or intends comes before its preposition.
        let check_from =
            setting_start(env, frame, m.start).map_or(check_from, |p| p.max(check_from));
        if relations::negated(frame, env.cues, check_from, m.anchor.0)
            || relations::intended(frame, env.cues, check_from, m.anchor.0)
        {
            continue;
        }
        let picks: Vec<Pick> = match m.date {
            Some(u) => vec![Pick::Unit(u)],
            None => match (choose_date(env, frame, &anchors, m), inherited) {
                (Some(c), Some(n)) if c.owned => vec![Pick::Narrative(n)],
                (Some(c), _) => date_group(env, frame, c.unit)
                    .into_iter()
                    .map(Pick::Unit)
                    .collect(),
                // A sentence with a date phrase of its own (even an "as of") does not take the
                // narrative's.
                (None, Some(n)) if !dated => vec![Pick::Narrative(n)],
                (None, _) => Vec::new(),
            },
        };
        // "The statement came after …": a definite noun told without a date of its own is the
        // event told before, not a new one.
        let definite = m.start > 0
            && frame.units[m.start - 1].is_word()
            && matches!(
                &*frame.units[m.start - 1].fold,
                "the" | "this" | "that" | "these"
            );
        if definite && picks.iter().all(|p| matches!(p, Pick::Narrative(_))) {
            continue;
        }
        if picks.is_empty() {
            continue;
        }
        let mut actors: Vec<usize> = Vec::new();
        for h in &actor_hits {
            let e = armed_forces(env, &rule.kind, h.entity, m);
            if actor_ok(e) && !actors.contains(&e) {
                actors.push(e);
            }
        }
        let mut targets: Vec<usize> = Vec::new();
        for h in subject_hits.iter().chain(m.slot(Role::T)) {
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
            && let Some(p) = choose_location(env, frame, m, &anchors, &actors, &targets)
        {
            places.push(p);
        }
        // "struck Kabul airport in Afghanistan": a country that holds another place of the
        // list is where that place is, not a second place of the event.
        if places.len() > 1 {
            let all = places.clone();
            places.retain(|&p| !all.iter().any(|&q| q != p && inside(env.entities, q, p)));
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
        for &pick in &picks {
            let (di, du) = match pick {
                Pick::Unit(u) => match frame.units[u].kind {
                    UnitKind::Date(d) => (d, u),
                    _ => continue,
                },
                Pick::Narrative(d) => (d, usize::MAX),
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
                    absorbs_violence: rule.absorbs_violence,
                    origin: (*ri, m.anchor.0),
                });
            }
        }
    }
    let mut events = merge_sentence(env.vocab, env.entities, cands);
    fatalities(env, frame, &mut events);
    events
        .into_iter()
        .map(|(e, _, narrative)| (e, narrative))
        .collect()
}

/// The date unit an event takes: its own date right before it ("a 2015 peace deal"), else the
/// nearest of the clause, after the trigger rather than before, not beyond another trigger, not
/// a date that modifies another trigger or sits in a relative clause without this trigger, never
/// an "as of" date.
fn choose_date(
    env: &Env<'_>,
    frame: &Frame,
    anchors: &[(usize, usize)],
    m: &Match,
) -> Option<DateChoice> {
    let anchor = m.anchor;
    // Triggers of other matches: not this match's own words.
    let others: Vec<(usize, usize)> = anchors
        .iter()
        .copied()
        .filter(|a| *a != anchor && !(m.start <= a.0 && a.0 < m.end))
        .collect();
    let cs = frame.clause_start(anchor.0);
    let ce = frame.clause_end(anchor.0);
    // "a 2015 peace deal": only content words between the date and the noun.
    let content = |k: usize| {
        let u = &frame.units[k];
        u.is_word()
            && !env
                .cues
                .lists
                .function_words
                .iter()
                .any(|f| f.len() == 1 && relations::tm_matches_unit(&f[0], u))
    };
    let attributive = |i: usize, to: usize| to > i && to - i <= 3 && (i + 1..to).all(content);
    let mut best: Option<(usize, usize, bool)> = None;
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
        if attributive(i, anchor.0) {
            return Some(DateChoice {
                unit: i,
                owned: false,
            });
        }
        // "a 2015 peace deal" is the deal's date, unless it says when ("following January 2023
        // meetings", "in the 2012 rebellion").
        let temporal = {
            let mut k = i;
            while k > 0
                && frame.units[k - 1].is_word()
                && matches!(&*frame.units[k - 1].fold, "the" | "a" | "an")
            {
                k -= 1;
            }
            k > 0 && {
                let u = &frame.units[k - 1];
                u.is_word()
                    && matches!(
                        &*u.fold,
                        "following"
                            | "after"
                            | "before"
                            | "since"
                            | "during"
                            | "until"
                            | "amid"
                            | "in"
                            | "throughout"
                    )
            }
        };
        let owned = !temporal && others.iter().any(|a| attributive(i, a.0));
        // "revealed that X held a meeting in February 2020": the date is the reported event's.
        if i >= m.end
            && (m.end..i).any(|k| frame.units[k].is_word() && &*frame.units[k].fold == "that")
        {
            continue;
        }
        // A date inside a relative clause without this trigger belongs to that clause ("X,
        // who was elected in May 2022, declared …").
        let parenthetical =
            relative_clause(frame, i).is_some_and(|(a, b)| !(a <= anchor.0 && anchor.0 < b));
        let (mut score, lo, hi) = if i >= m.end {
            (i - m.end, m.end, i)
        } else if i < m.start {
            // A date before the trigger, across "and" or a comma, belongs to the verb before
            // it ("attacked X in April 2021, abducted Y in June 2021").
            let joined = (i + 1..m.start).any(|k| {
                let u = &frame.units[k];
                u.is_punct(',')
                    || u.is_word()
                        && matches!(&*u.fold, "and" | "but" | "then" | "before" | "after")
            });
            (m.start - i + 1 + 2 * usize::from(joined), i + 1, m.start)
        } else {
            (0, i, i)
        };
        if parenthetical {
            continue;
        }
        if others.iter().any(|a| a.0 >= lo && a.0 < hi) {
            score += 20;
        }
        if owned {
            score += 8;
        }
        // On a tie the later date wins: "and was arrested in Baidoa in December 2018".
        if best.is_none_or(|(s, _, _)| score <= s) {
            best = Some((score, i, owned));
        }
    }
    best.map(|(_, unit, owned)| DateChoice { unit, owned })
}

/// The date unit chosen for a trigger; `owned` when it is another trigger's own date ("a 2015
/// peace deal"), which the narrative's date beats.
#[derive(Clone, Copy, Debug)]
struct DateChoice {
    unit: usize,
    owned: bool,
}

/// The relative clause holding unit `i`, if any: from ", who|which|where|whose" to the next
/// comma or the end of the clause.
fn relative_clause(frame: &Frame, i: usize) -> Option<(usize, usize)> {
    let cs = frame.clause_start(i);
    let mut k = i;
    while k > cs {
        k -= 1;
        let u = &frame.units[k];
        if u.is_punct(',') {
            let rel = frame.units.get(k + 1).is_some_and(|w| {
                w.is_word() && matches!(&*w.fold, "who" | "which" | "where" | "whose" | "when")
            });
            if !rel {
                return None;
            }
            let end = (i..frame.clause_end(i))
                .find(|&j| frame.units[j].is_punct(','))
                .unwrap_or_else(|| frame.clause_end(i));
            return Some((k, end));
        }
    }
    None
}

/// The date units coordinated with `unit`: "in 2008, 2010, and 2011", "on November 1, 2015 and
/// again in 2016"; of a date and its restatement ("A month later, on March 22, 2013"), the more
/// precise.
fn date_group(env: &Env<'_>, frame: &Frame, unit: usize) -> Vec<usize> {
    let joins = |u: &crate::relations::frame::Unit| {
        u.is_punct(',')
            || u.is_word() && matches!(&*u.fold, "and" | "or" | "again" | "in" | "on" | "then")
    };
    let is_date = |k: usize| matches!(frame.units[k].kind, UnitKind::Date(_));
    let mut lo = unit;
    loop {
        let mut k = lo;
        let mut n = 0;
        while k > 0 && n < 3 && joins(&frame.units[k - 1]) {
            k -= 1;
            n += 1;
        }
        if n > 0 && k > 0 && is_date(k - 1) {
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
        if n > 0 && k < frame.len() && is_date(k) {
            hi = k;
        } else {
            break;
        }
    }
    let date_of = |k: usize| match frame.units[k].kind {
        UnitKind::Date(d) => env.dates.get(d).map(|dm| dm.date),
        _ => None,
    };
    let group: Vec<usize> = (lo..=hi).filter(|&k| is_date(k)).collect();
    group
        .iter()
        .copied()
        .filter(|&k| {
            let Some(d) = date_of(k) else { return false };
            // Dropped when another date of the group restates it more precisely.
            !group.iter().any(|&o| {
                o != k
                    && date_of(o).is_some_and(|od| d.covers(&od) && od.precision() > d.precision())
            })
        })
        .collect()
}

/// The country an adjective before the trigger names ("the French withdrawal", "a French-led
/// airstrike", "Russian aircraft struck"): its armed forces, government or the country itself,
/// as the document names them.
fn demonym_actor(env: &Env<'_>, frame: &Frame, start: usize) -> Option<usize> {
    let word_at = |k: usize| frame.units.get(k).filter(|u| u.is_word());
    let mut k = start;
    // Skip "-led", "-backed" and up to two lower-case words ("French counterterrorism").
    if k >= 2
        && word_at(k - 1).is_some_and(|u| matches!(&*u.fold, "led" | "backed" | "sponsored"))
        && frame.units[k - 2].is_punct('-')
    {
        k -= 2;
    }
    for _ in 0..3 {
        let u = word_at(k.checked_sub(1)?)?;
        if u.cap {
            let cc = env.gazetteer.country_by_demonym(&u.fold)?.iso2;
            let inst = &env.institutions;
            return inst
                .military
                .get(cc)
                .or_else(|| inst.government.get(cc))
                .or_else(|| inst.country.get(cc))
                .copied();
        }
        if !matches!(
            &*u.fold,
            "military" | "counterterrorism" | "ongoing" | "army" | "air"
        ) {
            return None;
        }
        k -= 1;
    }
    None
}

/// A country acting by arms acts through its armed forces when the document names them
/// ("France's military withdrawal" by French forces); a country leaving an organization, or
/// one without named forces, stays itself.
fn armed_forces(env: &Env<'_>, kind: &str, entity: usize, m: &Match) -> usize {
    if !env.lex.military_kinds.iter().any(|k| k == kind) || !m.slot(Role::T).is_empty() {
        return entity;
    }
    let Some(p) = env
        .entities
        .get(entity)
        .and_then(|e| e.place.as_ref())
        .filter(|p| p.kind == "country")
    else {
        return entity;
    };
    env.institutions
        .military
        .get(&p.country)
        .copied()
        .unwrap_or(entity)
}

/// The nearest location of the clause that a locative word introduces, not an actor or target.
fn choose_location(
    env: &Env<'_>,
    frame: &Frame,
    m: &Match,
    anchors: &[(usize, usize)],
    actors: &[usize],
    targets: &[usize],
) -> Option<usize> {
    // Another event's trigger between the place and this one: the place is that event's.
    let beyond = |i: usize| {
        let (lo, hi) = if i < m.start {
            (i, m.start)
        } else {
            (m.end, i)
        };
        anchors
            .iter()
            .any(|a| *a != m.anchor && !(m.start <= a.0 && a.0 < m.end) && lo < a.0 && a.0 < hi)
    };
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
        if !introduced || beyond(i) {
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
fn merge_sentence(
    vocab: &Vocabulary,
    entities: &[DocEntity],
    mut cands: Vec<Cand>,
) -> Vec<(Event, (usize, usize), bool)> {
    cands.sort_by_key(|c| (std::cmp::Reverse(c.priority), c.anchor.0));
    let mut kept: Vec<Cand> = Vec::new();
    for c in cands {
        let target = kept.iter_mut().find(|k| {
            // A death told with the strike that caused it is one event.
            let death_by = k.absorbs_violence && family(vocab, &c.event) == "violent";
            k.origin != c.origin
                && k.date_unit == c.date_unit
                && (k.anchor.0.abs_diff(c.anchor.0) <= CLOSE
                    || family(vocab, &k.event) == family(vocab, &c.event)
                    || death_by)
                && places_fit(entities, &k.event.location, &c.event.location)
                // Nested places make one event only for the same actors ("France's withdrawal
                // from Mali" and "Mali's withdrawal from the G5" stay two).
                && (k.event.location == c.event.location
                    || k.event.location.is_none()
                    || c.event.location.is_none()
                    || k.event.actors.is_empty()
                    || c.event.actors.is_empty()
                    || k.event.actors.iter().any(|a| c.event.actors.contains(a)))
        });
        match target {
            Some(k) => {
                // The more precise of two nested places ("Kabul" over "Afghanistan").
                if let (Some(a), Some(b)) = (&k.event.location, &c.event.location)
                    && inside(entities, b.entity, a.entity)
                {
                    k.event.location = c.event.location.clone();
                }
                absorb(&mut k.event, &c.event)
            }
            None => kept.push(c),
        }
    }
    kept.sort_by_key(|c| (c.anchor.0, c.date_unit));
    kept.into_iter()
        .map(|c| (c.event, c.anchor, c.date_unit == usize::MAX))
        .collect()
}

/// The position of a setting preposition ("in", "during") at most two words before a trigger
/// at `start`, with nothing but words between (no entity, no punctuation).
fn setting_start(env: &Env<'_>, frame: &Frame, start: usize) -> Option<usize> {
    (start.saturating_sub(3)..start).rev().find(|&i| {
        relations::phrase_at(frame, &env.lex.settings, i).is_some_and(|n| i + n <= start)
            && frame.units[i..start].iter().all(|u| u.is_word())
            && !(i.saturating_sub(3)..=i).any(|j| {
                relations::phrase_at(frame, &env.lex.not_settings, j).is_some_and(|n| j + n > i)
            })
    })
}

/// Whether place entity `inner` lies in `outer`: a town of a country the document names. (A
/// region such as "northern Mali" is a description of an area, kept apart from the country.)
fn inside(entities: &[DocEntity], inner: usize, outer: usize) -> bool {
    let (Some(i), Some(o)) = (
        entities.get(inner).and_then(|e| e.place.as_ref()),
        entities.get(outer).and_then(|e| e.place.as_ref()),
    ) else {
        return false;
    };
    inner != outer && o.kind == "country" && i.kind == "town" && i.country == o.country
}

/// Two events' places can be one: the same, one unknown, or one inside the other.
fn places_fit(entities: &[DocEntity], a: &Option<EventPlace>, b: &Option<EventPlace>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.entity == b.entity
                || inside(entities, a.entity, b.entity)
                || inside(entities, b.entity, a.entity)
        }
        _ => true,
    }
}

/// Whether `e` comes from a rule that claims responsibility.
fn claims(env: &Env<'_>, e: &Event) -> bool {
    env.lex.rules.iter().any(|r| r.id == e.rule && r.claims)
}

/// Gives the claimers of `claim` to the violent event of its time told in its sentence or the
/// one before (the claim itself stays a statement: the group's own communiqué).
fn give_claim(vocab: &Vocabulary, out: &mut [Event], claim: &Event) {
    let Some(target) = out.iter_mut().rev().find(|o| {
        violent(vocab, &o.event_type)
            && o.sentence + 1 >= claim.sentence
            && o.sentence <= claim.sentence
            && same_time(&o.date, &claim.date)
    }) else {
        return;
    };
    for &a in &claim.actors {
        if !target.actors.contains(&a) {
            target.actors.push(a);
        }
        target.targets.retain(|&t| t != a);
    }
    for c in &claim.citations {
        if !target.citations.contains(c) {
            target.citations.push(*c);
        }
    }
}

/// Whether two dates name the same time, one possibly more precisely ("2015" and
/// "2015-11-01").
fn same_time(a: &FuzzyDate, b: &FuzzyDate) -> bool {
    a == b || a.covers(b) || b.covers(a)
}

/// Adds to `out`, or merges with the same event told earlier in the document (the same kind,
/// the same time, a shared participant or place, or one of them naming nobody); the merged
/// event keeps the more precise date. An event dated by the narrative (`continuation`) goes on
/// with the last event of its kind on that date.
fn merge_into(out: &mut Vec<Event>, e: Event, continuation: bool) {
    if continuation
        && let Some(o) = out
            .iter_mut()
            .rev()
            .find(|o| o.kind == e.kind && o.date == e.date)
    {
        absorb(o, &e);
        return;
    }
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
        o.kind == e.kind && same_time(&o.date, &e.date) && places_agree(o) && {
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
        Some(o) => {
            // The telling with the more precise date, or the only place, is the one to cite:
            // the event's sentence follows it ("following January 2023 meetings" and "in
            // meetings … in Kidal on January 26": the Kidal sentence).
            let better = e.date.precision() > o.date.precision()
                || (o.location.is_none() && e.location.is_some());
            if e.date.precision() > o.date.precision() {
                o.date = e.date;
            }
            if better {
                o.sentence = e.sentence;
                o.span = e.span;
                o.trigger = e.trigger;
                o.description = e.description.clone();
            }
            absorb(o, &e);
        }
        None => out.push(e),
    }
}

/// Deaths stated in the sentence go to the nearest violent event.
fn fatalities(env: &Env<'_>, frame: &Frame, events: &mut [(Event, (usize, usize), bool)]) {
    if !events
        .iter()
        .any(|(e, _, _)| violent(env.vocab, &e.event_type))
    {
        return;
    }
    let matcher = matcher(env, frame);
    let mut candidates: Vec<usize> = Vec::new();
    for (i, u) in frame.units.iter().enumerate() {
        env.lex.fatality_anchors.candidates(u, &mut candidates);
        for &fi in &candidates {
            let Some((_, pattern)) = env.lex.fatalities.get(fi) else {
                continue;
            };
            let Some(m) = pattern.match_at(&matcher, i) else {
                continue;
            };
            let Some((count, at_least)) = m.number else {
                continue;
            };
            // "X attacked Y, killing N": the event told before the deaths, else after.
            let nearest = events
                .iter_mut()
                .filter(|(e, _, _)| violent(env.vocab, &e.event_type) && e.fatalities.is_none())
                .min_by_key(|(_, a, _)| {
                    if a.0 <= i {
                        i - a.0
                    } else {
                        a.0 - i + frame.len()
                    }
                });
            if let Some((e, _, _)) = nearest {
                e.fatalities = Some(Fatalities { count, at_least });
            }
        }
    }
}
