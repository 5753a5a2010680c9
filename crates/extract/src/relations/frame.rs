//! Sentence frames: a sentence as a row of units (words, punctuation, entities, dates) that the
//! relation and event patterns read.
//!
//! ```text
//! "Ghaly founded Ansar al-Dine (AAD) in December 2011. He was named its leader."
//!   ─► [Ghaly] · founded · [Ansar al-Dine (AAD)] · in · <December 2011> · .
//!      [He → Ghaly] · was · named · [its → Ansar al-Dine]'s · leader · .
//! ```
//!
//! Each mention of a document entity becomes one entity unit (an acronym in brackets right after
//! its own name joins it), each date phrase one date unit; quotation marks are dropped. Pronouns
//! and anaphoric nouns of `data/extract/relations.toml` ("he", "its", "the group") become entity
//! units when the sentence or the narrative before names someone they can stand for: earlier in
//! the sentence, the latest person or the first organization not governed by a preposition
//! ("the group" never a government or an army); else the most salient of the last two sentences
//! (mentions so far, the first name of a sentence weighing more). "The new group" stands for the
//! organization whose founding was told last.

use std::collections::HashMap;

use dossier_model::Span;

use dossier_model::Vocabulary;

use super::lexicon::Anaphor;
use super::pattern::Tm;
use crate::mentions::tokens::{Kind, Shape, tokenize};
use crate::{DateMention, DocEntity, EntityKind, Mention};

/// What a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Word,
    Punct(char),
    /// A mention of (or a pronoun standing for) a document entity.
    Ent {
        entity: usize,
        anaphor: bool,
    },
    /// Index into the extraction's dates.
    Date(usize),
}

#[derive(Clone, Debug)]
pub(crate) struct Unit {
    pub span: Span,
    pub kind: UnitKind,
    /// A possessive `'s` followed the unit ("JNIM's", "its").
    pub possessive: bool,
    /// The folded word (words only).
    pub fold: Box<str>,
    /// Starts with a capital letter (words only).
    pub cap: bool,
    /// Inside double quotation marks: someone's words, not the report's.
    pub quoted: bool,
}

impl Unit {
    pub fn entity(&self) -> Option<usize> {
        match self.kind {
            UnitKind::Ent { entity, .. } => Some(entity),
            _ => None,
        }
    }

    pub fn is_word(&self) -> bool {
        self.kind == UnitKind::Word
    }

    pub fn is_punct(&self, c: char) -> bool {
        match self.kind {
            UnitKind::Punct(p) => p == c || is_dash(p) && is_dash(c),
            _ => false,
        }
    }

    /// Ends a clause: `. ; : ! ?`.
    pub fn is_boundary(&self) -> bool {
        matches!(self.kind, UnitKind::Punct('.' | ';' | ':' | '!' | '?'))
    }
}

pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}'
            | '\u{201D}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201E}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '`'
            | '\''
    )
}

/// One sentence as units.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    pub sentence: usize,
    /// The block (paragraph) of the sentence.
    pub block: usize,
    pub span: Span,
    pub units: Vec<Unit>,
}

impl Frame {
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// The first unit of the clause holding unit `i`.
    pub fn clause_start(&self, i: usize) -> usize {
        let mut k = i.min(self.units.len());
        while k > 0 && !self.units[k - 1].is_boundary() {
            k -= 1;
        }
        k
    }

    /// One past the last unit of the clause holding unit `i`.
    pub fn clause_end(&self, i: usize) -> usize {
        let mut k = i;
        while k < self.units.len() && !self.units[k].is_boundary() {
            k += 1;
        }
        k
    }

    /// The span of units `from..to` in the document text.
    pub fn span_of(&self, from: usize, to: usize) -> Span {
        let to = to.min(self.units.len());
        if from >= to {
            return Span::new(self.span.start, self.span.start);
        }
        Span::new(self.units[from].span.start, self.units[to - 1].span.end)
    }
}

/// The narrative so far: whom pronouns can stand for.
#[derive(Clone, Debug, Default)]
pub(crate) struct Topics {
    /// Mentions of each entity so far (pronouns included): how salient it is.
    counts: HashMap<usize, u32>,
    /// The persons and organizations of the last sentences that named any, oldest first, with
    /// the block (paragraph) of each sentence.
    recent: Vec<(Vec<usize>, usize)>,
    /// The block of the sentence being read.
    block: usize,
    /// The organization whose founding was told last ("the new group").
    pub founded: Option<usize>,
}

/// How many sentences back a pronoun may look for what it stands for.
const RECENT: usize = 2;
/// What being the first name of its sentence adds to an entity's salience.
const SUBJECT_WEIGHT: u32 = 2;

/// What frame building reads.
pub(crate) struct Inputs<'a> {
    pub text: &'a str,
    pub mentions: &'a [Mention],
    pub entities: &'a [DocEntity],
    pub dates: &'a [DateMention],
    pub anaphora: &'a [Anaphor],
    /// Anaphora by their first word, longest first.
    pub anaphora_index: &'a HashMap<Box<str>, Vec<usize>>,
    /// Prepositions and other function words: an entity right after one is not what a pronoun
    /// of its sentence stands for ("pledged allegiance to the X, and the group …").
    pub function_words: &'a [Vec<Tm>],
    /// Sub-types "the group" never stands for (a government, an army).
    pub not_groups: &'a [String],
    pub vocab: &'a Vocabulary,
}

/// Mentions and dates of each sentence, found once per document.
pub(crate) struct Index {
    mentions: Vec<Vec<usize>>,
    dates: Vec<Vec<usize>>,
}

impl Index {
    pub fn new(sentences: usize, inputs: &Inputs<'_>) -> Index {
        let mut mentions = vec![Vec::new(); sentences];
        for (i, m) in inputs.mentions.iter().enumerate() {
            if m.citation.is_some() || m.entity.is_none_or(|e| e >= inputs.entities.len()) {
                continue;
            }
            if let Some(list) = mentions.get_mut(m.sentence) {
                list.push(i);
            }
        }
        for list in &mut mentions {
            list.sort_by_key(|&i| {
                let s = inputs.mentions[i].span;
                (s.start, std::cmp::Reverse(s.end))
            });
        }
        let mut dates = vec![Vec::new(); sentences];
        for (i, d) in inputs.dates.iter().enumerate() {
            if let Some(list) = dates.get_mut(d.sentence) {
                list.push(i);
            }
        }
        for list in &mut dates {
            list.sort_by_key(|&i| inputs.dates[i].span.start);
        }
        Index { mentions, dates }
    }
}

/// A stretch of the sentence claimed by a mention or a date.
#[derive(Clone, Copy)]
struct Claim {
    span: Span,
    kind: UnitKind,
}

/// Builds the frame of sentence `sentence` (its span `span`), resolving pronouns against
/// `topics`, then updates `topics` with what the sentence names.
pub(crate) fn build(
    inputs: &Inputs<'_>,
    index: &Index,
    sentence: usize,
    s: &dossier_text::Sentence,
    topics: &mut Topics,
) -> Frame {
    let span = s.span;
    let claims = claims(inputs, index, sentence);
    let toks = tokenize(inputs.text, span);
    let mut units: Vec<Unit> = Vec::with_capacity(toks.len());
    let mut ci = 0;
    let mut i = 0;
    let mut quoted = false;
    while i < toks.len() {
        let t = toks.toks[i];
        while ci < claims.len() && claims[ci].span.end <= t.span.start {
            ci += 1;
        }
        if let Some(c) = claims.get(ci)
            && c.span.start <= t.span.start
        {
            // Every token inside the claim belongs to one unit.
            let mut possessive = t.possessive;
            let mut j = i + 1;
            while j < toks.len() && toks.toks[j].span.start < c.span.end {
                possessive = toks.toks[j].possessive;
                j += 1;
            }
            units.push(Unit {
                span: c.span,
                kind: c.kind,
                possessive,
                fold: "".into(),
                cap: false,
                quoted,
            });
            ci += 1;
            i = j;
            continue;
        }
        match t.kind {
            Kind::Punct('\u{201C}') => quoted = true,
            Kind::Punct('\u{201D}') => quoted = false,
            Kind::Punct('"') => quoted = !quoted,
            Kind::Punct(c) if is_quote(c) => {}
            Kind::Punct(c) => units.push(Unit {
                span: t.span,
                kind: UnitKind::Punct(c),
                possessive: false,
                fold: "".into(),
                cap: false,
                quoted,
            }),
            Kind::Word(shape) => units.push(Unit {
                span: t.span,
                kind: UnitKind::Word,
                possessive: t.possessive,
                fold: toks.fold(i).into(),
                cap: matches!(shape, Shape::Upper | Shape::AllCaps),
                quoted,
            }),
        }
        i += 1;
    }
    join_acronyms(&mut units);
    topics.block = s.block;
    resolve_anaphora(inputs, &mut units, topics);
    update_topics(inputs, &units, topics);
    Frame {
        sentence,
        block: s.block,
        span,
        units,
    }
}

fn claims(inputs: &Inputs<'_>, index: &Index, sentence: usize) -> Vec<Claim> {
    let mut claims: Vec<Claim> = Vec::new();
    let mut last_end = 0;
    let dates = index.dates.get(sentence).map_or(&[][..], |v| v);
    for &mi in index.mentions.get(sentence).map_or(&[][..], |v| v) {
        let m = &inputs.mentions[mi];
        let Some(entity) = m.entity else { continue };
        if m.span.start < last_end || m.span.is_empty() {
            continue;
        }
        // A place inside a date phrase is the date's month ("in May 2021").
        if m.kind == EntityKind::Location
            && dates
                .iter()
                .any(|&d| inputs.dates[d].span.contains(m.span) && inputs.dates[d].span != m.span)
        {
            continue;
        }
        last_end = m.span.end;
        claims.push(Claim {
            span: m.span,
            kind: UnitKind::Ent {
                entity,
                anaphor: false,
            },
        });
    }
    for &di in dates {
        let d = &inputs.dates[di];
        if d.span.is_empty() || claims.iter().any(|c| c.span.overlaps(d.span)) {
            continue;
        }
        claims.push(Claim {
            span: d.span,
            kind: UnitKind::Date(di),
        });
    }
    claims.sort_by_key(|c| c.span.start);
    claims
}

/// `Ent(e) ( Ent(e) )` → one unit: "Macina Liberation Front (MLF)".
fn join_acronyms(units: &mut Vec<Unit>) {
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        if let Some(e) = units[i].entity()
            && i + 3 < units.len()
            && units[i + 1].is_punct('(')
            && units[i + 2].entity() == Some(e)
            && units[i + 3].is_punct(')')
        {
            let mut u = units[i].clone();
            u.span = Span::new(u.span.start, units[i + 3].span.end);
            u.possessive = units[i + 2].possessive;
            out.push(u);
            i += 4;
            continue;
        }
        out.push(units[i].clone());
        i += 1;
    }
    *units = out;
}

fn entity_kind(inputs: &Inputs<'_>, entity: usize) -> Option<EntityKind> {
    inputs.entities.get(entity).map(|e| e.kind)
}

/// Whether unit `i` follows a function word (skipping a determiner): "to the X".
fn after_function_word(inputs: &Inputs<'_>, units: &[Unit], i: usize) -> bool {
    let mut k = i;
    while k > 0 {
        let u = &units[k - 1];
        if u.is_word() && matches!(&*u.fold, "the" | "a" | "an") {
            k -= 1;
            continue;
        }
        return u.is_word()
            && inputs
                .function_words
                .iter()
                .any(|f| f.len() == 1 && matches!(&f[0], Tm::Exact(w) if **w == *u.fold));
    }
    false
}

fn resolve_anaphora(inputs: &Inputs<'_>, units: &mut Vec<Unit>, topics: &Topics) {
    if inputs.anaphora.is_empty() {
        return;
    }
    let excluded = |entity: usize| {
        inputs.entities.get(entity).is_some_and(|e| {
            e.subtype
                .as_deref()
                .is_some_and(|s| inputs.not_groups.iter().any(|g| inputs.vocab.is_a(s, g)))
        })
    };
    // What a pronoun of the sentence may stand for: the latest person named, the first
    // organization, the first organization "the group" may name.
    let mut first_person: Option<usize> = None;
    let mut first_org: Option<usize> = None;
    let mut first_group: Option<usize> = None;
    let old = std::mem::take(units);
    let mut out: Vec<Unit> = Vec::with_capacity(old.len());
    let mut i = 0;
    while i < old.len() {
        let u = &old[i];
        if let UnitKind::Ent { entity, .. } = u.kind {
            if u.possessive || !after_function_word(inputs, &old, i) {
                match entity_kind(inputs, entity) {
                    // "X pledged …, but Y rejected the pledge and reaffirmed his loyalty": a
                    // person's pronoun stands for the latest person named.
                    Some(EntityKind::Person) => first_person = Some(entity),
                    Some(EntityKind::Organization) => {
                        first_org.get_or_insert(entity);
                        if !excluded(entity) {
                            first_group.get_or_insert(entity);
                        }
                    }
                    _ => {}
                }
            }
            out.push(u.clone());
            i += 1;
            continue;
        }
        let hit = u
            .is_word()
            .then(|| inputs.anaphora_index.get(&*u.fold))
            .flatten()
            .and_then(|list| {
                list.iter().map(|&k| &inputs.anaphora[k]).find(|a| {
                    a.words.len() <= old.len() - i
                        && a.words
                            .iter()
                            .enumerate()
                            .all(|(k, w)| old[i + k].is_word() && *old[i + k].fold == **w)
                })
            });
        let Some(a) = hit else {
            out.push(u.clone());
            i += 1;
            continue;
        };
        let n = a.words.len();
        // "the group Ansar Dine": an apposition, not an anaphor.
        if old.get(i + n).is_some_and(|u| u.entity().is_some()) {
            out.extend(old[i..i + n].iter().cloned());
            i += n;
            continue;
        }
        let fits = |entity: usize| {
            inputs
                .entities
                .get(entity)
                .is_some_and(|e| e.kind == a.kind && !(a.armed && excluded(entity)))
        };
        let earlier = match (a.kind, a.armed) {
            (EntityKind::Person, _) => first_person,
            (EntityKind::Organization, false) => first_org,
            (EntityKind::Organization, true) => first_group,
            (EntityKind::Location, _) => None,
        };
        let target = if a.new {
            topics.founded
        } else {
            earlier.or_else(|| topics.salient(&fits))
        };
        let Some(entity) = target else {
            out.extend(old[i..i + n].iter().cloned());
            i += n;
            continue;
        };
        // What a pronoun stood for counts as named here, for the pronouns after it.
        match a.kind {
            EntityKind::Person => first_person = Some(entity),
            EntityKind::Organization => {
                first_org.get_or_insert(entity);
                if !excluded(entity) {
                    first_group.get_or_insert(entity);
                }
            }
            EntityKind::Location => {}
        }
        out.push(Unit {
            span: Span::new(old[i].span.start, old[i + n - 1].span.end),
            kind: UnitKind::Ent {
                entity,
                anaphor: true,
            },
            possessive: a.possessive || old[i + n - 1].possessive,
            fold: "".into(),
            cap: false,
            quoted: old[i].quoted,
        });
        i += n;
    }
    *units = out;
}

/// Frames longer than this are cut into pieces (at a comma when there is one), so that no
/// pattern ever looks through more: work per sentence stays linear in its length.
pub(crate) const MAX_UNITS: usize = 400;

/// Cuts a frame longer than [`MAX_UNITS`] into pieces of at most that many units.
pub(crate) fn split(frame: Frame) -> Vec<Frame> {
    if frame.units.len() <= MAX_UNITS {
        return vec![frame];
    }
    let mut out = Vec::new();
    let mut rest = frame.units;
    while !rest.is_empty() {
        let cut = if rest.len() <= MAX_UNITS {
            rest.len()
        } else {
            (MAX_UNITS / 2..MAX_UNITS)
                .rev()
                .find(|&k| rest[k - 1].is_punct(',') || rest[k - 1].is_boundary())
                .unwrap_or(MAX_UNITS)
        };
        let tail = rest.split_off(cut);
        let span = Span::new(
            rest.first().map_or(frame.span.start, |u| u.span.start),
            rest.last().map_or(frame.span.start, |u| u.span.end),
        );
        out.push(Frame {
            sentence: frame.sentence,
            block: frame.block,
            span,
            units: rest,
        });
        rest = tail;
    }
    out
}

impl Topics {
    /// The most mentioned entity `fits` accepts among those of the last sentences (the later
    /// one on a tie), those of the paragraph being read first: a new paragraph about AQAP
    /// does not hand its "its" to the group the paragraph before was about.
    fn salient(&self, fits: &dyn Fn(usize) -> bool) -> Option<usize> {
        self.salient_in(fits, Some(self.block))
            .or_else(|| self.salient_in(fits, None))
    }

    fn salient_in(&self, fits: &dyn Fn(usize) -> bool, block: Option<usize>) -> Option<usize> {
        let mut best: Option<(u32, usize, usize)> = None;
        for (age, (list, b)) in self.recent.iter().enumerate() {
            if block.is_some_and(|x| x != *b) {
                continue;
            }
            for (k, &e) in list.iter().enumerate() {
                if !fits(e) {
                    continue;
                }
                // The first name of a sentence is usually its subject.
                let subject = if k == 0 { SUBJECT_WEIGHT } else { 0 };
                let count = self.counts.get(&e).copied().unwrap_or(0) + subject;
                if best.is_none_or(|(c, a, _)| (count, age) >= (c, a)) {
                    best = Some((count, age, e));
                }
            }
        }
        best.map(|(_, _, e)| e)
    }
}

fn update_topics(inputs: &Inputs<'_>, units: &[Unit], topics: &mut Topics) {
    let mut named = Vec::new();
    for u in units {
        if let UnitKind::Ent { entity, .. } = u.kind {
            *topics.counts.entry(entity).or_insert(0) += 1;
            let kind = entity_kind(inputs, entity);
            if matches!(kind, Some(EntityKind::Person | EntityKind::Organization))
                && !named.contains(&entity)
            {
                named.push(entity);
            }
        }
    }
    if !named.is_empty() {
        topics.recent.push((named, topics.block));
        if topics.recent.len() > RECENT {
            topics.recent.remove(0);
        }
    }
}
