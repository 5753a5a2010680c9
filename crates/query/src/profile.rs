//! `profile ENTITY`: the page an extremism database publishes about a person or group.
//!
//! ```text
//! Jama'at Nusrat al Islam wa al Muslimeen (Armed group, id 4)
//! Names: JNIM [1][2] · Al Qaeda's Sahel branch [1] · …
//! Leaders:   Iyad ag Ghali, since 2017-03-02 (2 sources) [3][4][5]
//! Founders and founding groups: Ansar al Din (formed from, 2017-03-02) [6] · …
//! Areas of operation: Ménaka [7] · Bamako [8] · …
//! Timeline · Rhetoric · Assessments · Footnotes [1] Critical Threats, "Africa File …", s. 15 …
//! ```
//!
//! A statement shows on both its entities' profiles: as its predicate on the subject's, as the
//! vocabulary's inverse (`leader_of` → `led_by`) on the object's; symmetric predicates read the
//! same both ways. Lines group the statements with the same relation and other end;
//! `corroboration` counts their distinct sources.

use std::collections::{BTreeMap, BTreeSet};

use dossier_model::FuzzyDate;
use dossier_store::{EventRow, FactObject, FactRow, Node};
use serde::Serialize;

use crate::notes::{Footnote, Notes, Renumbering};
use crate::time::{Bound, Interval, Lives};
use crate::timeline::{TimelineEntry, TimelineFilter};
use crate::{QueryError, Questions};

/// A profile, ready to print or render.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Profile {
    pub entity: Node,
    pub type_label: String,
    pub names: Vec<NameLine>,
    /// Reference numbers and other identifiers (sanctions lists, passports).
    pub identifiers: Vec<IdentifierLine>,
    /// Non-empty sections, in the order of `data/questions.toml`.
    pub sections: Vec<ProfileSection>,
    pub timeline: Vec<TimelineEntry>,
    pub rhetoric: Vec<Quote>,
    pub assessments: Vec<AssessmentLine>,
    pub footnotes: Vec<Footnote>,
}

/// A name and the sources that use it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NameLine {
    pub name: String,
    /// True for names too ambiguous to identify the entity alone.
    pub weak: bool,
    pub preferred: bool,
    /// Ids of the sources that use it.
    pub sources: Vec<String>,
    pub notes: Vec<usize>,
}

/// An identifier with the source that gave it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IdentifierLine {
    pub scheme: String,
    pub value: String,
    pub notes: Vec<usize>,
}

/// One section of a profile.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProfileSection {
    pub id: String,
    pub title: String,
    pub lines: Vec<Line>,
}

/// One fact as the profile's entity sees it, with the statements behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    /// The predicate, or its inverse when the profile's entity is the object.
    pub relation: String,
    pub label: String,
    /// The other entity, for relations.
    pub other: Option<Node>,
    /// The value, for literals (positions, types, ideologies).
    pub value: Option<String>,
    pub since: Option<Bound>,
    pub until: Option<Bound>,
    /// Bounds from the lives of the linked entities, when no date is stated.
    pub not_before: Option<Bound>,
    pub not_after: Option<Bound>,
    /// Dates of events told in the same sentences.
    pub seen: Vec<FuzzyDate>,
    /// Hedging words of the texts ("reportedly"), when some statements hedge.
    pub hedges: Vec<String>,
    /// For designations: the program named in the sentence, and a listing reference.
    pub program: Option<String>,
    pub reference: Option<String>,
    /// Distinct sources behind the line.
    pub corroboration: usize,
    pub statements: Vec<i64>,
    pub notes: Vec<usize>,
}

/// A statement the entity made, as events of a rhetoric kind record it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quote {
    pub date: Option<FuzzyDate>,
    /// Words the text puts in quotation marks, when it does.
    pub quoted: Vec<String>,
    /// What the text says was said.
    pub text: String,
    pub notes: Vec<usize>,
}

/// An estimative judgement made in a sentence that names the entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssessmentLine {
    pub claim: String,
    pub phrase: String,
    pub band: String,
    pub band_label: String,
    pub horizon: Option<String>,
    pub status: String,
    /// The publication date of its source.
    pub made: Option<FuzzyDate>,
    pub notes: Vec<usize>,
}

impl Profile {
    /// Footnote numbers in page order.
    fn renumber(&mut self, r: &mut Renumbering) {
        for n in &mut self.names {
            r.all(&mut n.notes);
        }
        for i in &mut self.identifiers {
            r.all(&mut i.notes);
        }
        for s in &mut self.sections {
            for l in &mut s.lines {
                l.renumber(r);
            }
        }
        for e in &mut self.timeline {
            r.all(&mut e.notes);
        }
        for q in &mut self.rhetoric {
            r.all(&mut q.notes);
        }
        for a in &mut self.assessments {
            r.all(&mut a.notes);
        }
    }
}

impl Line {
    /// Footnote numbers in page order, the bounds' included.
    pub(crate) fn renumber(&mut self, r: &mut Renumbering) {
        r.all(&mut self.notes);
        for b in [
            &mut self.since,
            &mut self.until,
            &mut self.not_before,
            &mut self.not_after,
        ]
        .into_iter()
        .flatten()
        {
            r.all(&mut b.notes);
        }
    }
}

impl Questions<'_> {
    /// The profile of an entity, read from one snapshot of the store.
    pub fn profile(&self, entity: &Node) -> Result<Profile, QueryError> {
        self.store.read_snapshot(|| self.profile_now(entity))
    }

    fn profile_now(&self, entity: &Node) -> Result<Profile, QueryError> {
        let mut notes = Notes::default();
        let mut lives = Lives::default();
        let facts = self.store.facts_about(entity.id)?;
        let mut lines = self.lines(entity, &facts, &mut notes, &mut lives)?;
        let events = self.store.events_of(entity.id)?;
        let areas = self.areas_from_events(entity, &lines, &events, &mut notes)?;
        lines.extend(areas);
        let mut by_section: BTreeMap<usize, Vec<Line>> = BTreeMap::new();
        let other = self.rules.sections.len();
        for line in lines {
            let i = self
                .rules
                .sections
                .iter()
                .position(|s| s.relations.contains(&line.relation))
                .unwrap_or(other);
            by_section.entry(i).or_default().push(line);
        }
        let sections = by_section
            .into_iter()
            .map(|(i, lines)| match self.rules.sections.get(i) {
                Some(s) => ProfileSection {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    lines,
                },
                None => ProfileSection {
                    id: "other".into(),
                    title: "Other relations".into(),
                    lines,
                },
            })
            .collect();
        let names = self.names(entity, &mut notes)?;
        let identifiers = self
            .store
            .identifiers_of(entity.id)?
            .into_iter()
            .map(|i| IdentifierLine {
                notes: i
                    .source
                    .map(|s| notes.add(s, None, &[]))
                    .into_iter()
                    .collect(),
                scheme: i.scheme,
                value: i.value,
            })
            .collect();
        let filter = TimelineFilter {
            entity: Some(entity.clone()),
            ..TimelineFilter::default()
        };
        let rhetoric = self.rhetoric(entity, &events, &mut notes)?;
        let timeline = self.timeline_of(&filter, &mut notes, events, Some(&facts))?;
        let assessments = self.assessments_about(entity, &mut notes)?;
        let mut p = Profile {
            entity: entity.clone(),
            type_label: self.type_label(&entity.entity_type),
            names,
            identifiers,
            sections,
            timeline,
            rhetoric,
            assessments,
            footnotes: Vec::new(),
        };
        let mut r = Renumbering::default();
        p.renumber(&mut r);
        p.footnotes = notes.finish(self.store, &r)?;
        Ok(p)
    }

    fn names(&self, entity: &Node, notes: &mut Notes) -> Result<Vec<NameLine>, QueryError> {
        let mut out = Vec::new();
        for n in self.store.name_uses(entity.id)? {
            let mut ids = Vec::new();
            let mut numbers = Vec::new();
            for &sid in &n.sources {
                if let Some(s) = notes.source(self.store, sid)? {
                    ids.push(s.id);
                    numbers.push(notes.add(sid, None, &[]));
                }
            }
            out.push(NameLine {
                preferred: n.name == entity.name,
                name: n.name,
                weak: n.weak,
                sources: ids,
                notes: numbers,
            });
        }
        // The preferred name first, then by the number of sources using it.
        out.sort_by(|a, b| {
            b.preferred
                .cmp(&a.preferred)
                .then(b.sources.len().cmp(&a.sources.len()))
        });
        Ok(out)
    }

    /// The facts about `entity` grouped into lines, each with its interval and footnotes.
    pub(crate) fn lines(
        &self,
        entity: &Node,
        facts: &[FactRow],
        notes: &mut Notes,
        lives: &mut Lives,
    ) -> Result<Vec<Line>, QueryError> {
        let mut groups: BTreeMap<(String, String), Vec<&FactRow>> = BTreeMap::new();
        for f in facts.iter().filter(|f| f.status != "rejected") {
            let (relation, other) = self.relation(entity, f);
            groups.entry((relation, other)).or_default().push(f);
        }
        let sentences: Vec<(i64, usize)> = facts
            .iter()
            .filter_map(|f| f.sentence.map(|s| (f.source, s)))
            .collect();
        let events = self.store.sentence_events(&sentences)?;
        // The lives of every entity a line links, read at once.
        let mut ends = Vec::new();
        for group in groups.values() {
            if let Some(f) = group.first() {
                ends.push(f.subject.id);
                if let FactObject::Entity(o) = &f.object {
                    ends.push(o.id);
                }
            }
        }
        self.read_lives(&ends, lives)?;
        let mut out = Vec::new();
        for ((relation, _), group) in groups {
            out.push(self.line(entity, relation, &group, notes, lives, &events)?);
        }
        out.sort_by(|a, b| {
            let key = |l: &Line| {
                l.since
                    .as_ref()
                    .or(l.not_before.as_ref())
                    .map(|b| b.date.sort_key())
                    .unwrap_or((i64::MAX, i64::MAX))
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| b.corroboration.cmp(&a.corroboration))
        });
        Ok(out)
    }

    /// The relation as `entity` sees it, and a key for the other end.
    pub(crate) fn relation(&self, entity: &Node, f: &FactRow) -> (String, String) {
        let other = match &f.object {
            FactObject::Entity(o) if f.subject.id == entity.id => format!("e{}", o.id),
            FactObject::Entity(_) => format!("e{}", f.subject.id),
            FactObject::Value { value, .. } => format!("v{}", value.to_lowercase()),
        };
        if f.subject.id == entity.id {
            return (f.predicate.clone(), other);
        }
        let p = self.vocabulary.predicate(&f.predicate);
        let relation = match p {
            Some(p) if p.symmetric => f.predicate.clone(),
            Some(p) => p
                .inverse
                .clone()
                .unwrap_or_else(|| format!("inverse of {}", f.predicate)),
            None => format!("inverse of {}", f.predicate),
        };
        (relation, other)
    }

    fn line(
        &self,
        entity: &Node,
        relation: String,
        facts: &[&FactRow],
        notes: &mut Notes,
        lives: &mut Lives,
        events: &[EventRow],
    ) -> Result<Line, QueryError> {
        let Some(first) = facts.first() else {
            return Err(QueryError::Argument("a line needs a statement".into()));
        };
        let (other, value) = match &first.object {
            FactObject::Entity(o) if first.subject.id == entity.id => (Some(o.clone()), None),
            FactObject::Entity(_) => (Some(first.subject.clone()), None),
            FactObject::Value { value, .. } => (None, Some(value.clone())),
        };
        let mut iv = self.interval(facts, lives, notes, events)?;
        self.close(first, &mut iv, notes, lives)?;
        let mut numbers = Vec::new();
        let mut sources = BTreeSet::new();
        let mut hedges = BTreeSet::new();
        let (mut program, mut reference) = (None, None);
        for f in facts {
            let n = notes.add(f.source, f.sentence, &f.citations);
            if !numbers.contains(&n) {
                numbers.push(n);
            }
            sources.insert(f.source);
            if let Some(h) = &f.hedge {
                hedges.insert(h.clone());
            }
            if self.is_designation(&f.predicate)
                && let Some(s) = f.sentence
                && let Some(text) = notes.sentence_text(self.store, f.source, s)?
            {
                program = program.or_else(|| self.program_in(&text));
                reference = reference.or_else(|| self.reference_in(&text));
            }
        }
        // The notes a date rests on are behind the line too.
        for b in [&iv.since, &iv.until, &iv.not_before, &iv.not_after]
            .into_iter()
            .flatten()
        {
            for n in &b.notes {
                if !numbers.contains(n) {
                    numbers.push(*n);
                }
            }
        }
        if reference.is_none() && self.is_designation(&first.predicate) {
            // A listing's reference number, stored by the import that gave the designation.
            reference = self
                .store
                .identifiers_of(first.subject.id)?
                .into_iter()
                .find(|i| i.source.is_some_and(|s| sources.contains(&s)))
                .map(|i| i.value);
        }
        numbers.sort_unstable();
        Ok(Line {
            label: self.relation_label(&relation),
            relation,
            other,
            value,
            since: iv.since,
            until: iv.until,
            not_before: iv.not_before,
            not_after: iv.not_after,
            seen: iv.seen,
            hedges: hedges.into_iter().collect(),
            program,
            reference,
            corroboration: sources.len(),
            statements: facts.iter().map(|f| f.id).collect(),
            notes: numbers,
        })
    }

    /// Places where the entity's own events happened, and where its leaders acted while they
    /// led it, that no statement names as an area of operation ("Ag Ghali proposed a pact in
    /// meetings with Tuareg leaders in Kidal", told of JNIM's emir): lines of the areas
    /// section, footnoted to the events' sentences, without statements of their own.
    fn areas_from_events(
        &self,
        entity: &Node,
        lines: &[Line],
        events: &[EventRow],
        notes: &mut Notes,
    ) -> Result<Vec<Line>, QueryError> {
        const AREA: &str = "operates_in";
        let stated: BTreeSet<i64> = lines
            .iter()
            .filter(|l| l.relation == AREA)
            .filter_map(|l| l.other.as_ref().map(|o| o.id))
            .collect();
        let acted = |e: &EventRow, who: i64| {
            e.participants
                .iter()
                .any(|p| p.entity.id == who && p.role == dossier_store::Role::Actor)
        };
        let mut chosen: Vec<&EventRow> = events.iter().filter(|e| acted(e, entity.id)).collect();
        // The leaders' events inside their stated time at the head.
        let mut leader_events = Vec::new();
        for l in lines.iter().filter(|l| l.relation == "led_by") {
            let (Some(leader), Some(since)) = (&l.other, &l.since) else {
                continue;
            };
            let lo = since.date.interval().0;
            let hi = l.until.as_ref().map_or(i64::MAX, |u| u.date.interval().1);
            for e in self.store.placed_events_acted_by(leader.id, lo, hi)? {
                // Begun inside the time at the head.
                if e.date.as_ref().is_some_and(|d| d.interval().0 >= lo) {
                    leader_events.push(e);
                }
            }
        }
        chosen.extend(leader_events.iter());
        let mut by_place: BTreeMap<i64, (Node, Vec<&EventRow>)> = BTreeMap::new();
        for e in chosen {
            let Some(place) = &e.location else { continue };
            if place.id == entity.id || stated.contains(&place.id) {
                continue;
            }
            let slot = by_place
                .entry(place.id)
                .or_insert_with(|| (place.clone(), Vec::new()));
            if !slot.1.iter().any(|x| x.id == e.id) {
                slot.1.push(e);
            }
        }
        let mut out = Vec::new();
        for (_, (place, evs)) in by_place {
            let mut numbers = Vec::new();
            let mut sources = BTreeSet::new();
            let mut seen: Vec<FuzzyDate> = Vec::new();
            for e in &evs {
                let n = notes.add(e.source, e.sentence, &[]);
                if !numbers.contains(&n) {
                    numbers.push(n);
                }
                sources.insert(e.source);
                if let Some(d) = &e.date
                    && !seen.contains(d)
                {
                    seen.push(*d);
                }
            }
            seen.sort_by_key(FuzzyDate::sort_key);
            out.push(Line {
                relation: AREA.to_string(),
                label: format!("{} (where its events happened)", self.relation_label(AREA)),
                other: Some(place),
                value: None,
                since: None,
                until: None,
                not_before: None,
                not_after: None,
                seen,
                hedges: Vec::new(),
                program: None,
                reference: None,
                corroboration: sources.len(),
                statements: Vec::new(),
                notes: numbers,
            });
        }
        Ok(out)
    }

    /// The label of a predicate or an inverse ("led by").
    pub(crate) fn relation_label(&self, relation: &str) -> String {
        match self.vocabulary.predicate(relation) {
            Some(p) => p.label.clone(),
            None => relation.replace('_', " "),
        }
    }

    fn is_designation(&self, predicate: &str) -> bool {
        self.rules
            .section_of(predicate)
            .is_some_and(|s| s.id == "designations")
    }

    /// The first program whose name the sentence contains as whole words.
    fn program_in(&self, text: &str) -> Option<String> {
        let lower = text.to_lowercase();
        self.rules.programs.iter().find_map(|p| {
            p.names
                .iter()
                .any(|n| contains_word(&lower, &n.to_lowercase()))
                .then(|| p.label.clone())
        })
    }

    /// A listing reference (a known prefix and digits) in the sentence.
    fn reference_in(&self, text: &str) -> Option<String> {
        for prefix in &self.rules.designations.reference_prefixes {
            let mut from = 0;
            while let Some(i) = text[from..].find(prefix.as_str()) {
                let start = from + i;
                let rest = &text[start + prefix.len()..];
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                if digits > 0 {
                    return Some(text[start..start + prefix.len() + digits].to_string());
                }
                from = start + prefix.len();
            }
        }
        None
    }

    /// Closes an open interval at the start of the next value of a functional predicate
    /// (`functional`: one object per subject at a time; `inverse_functional`: one subject per
    /// object).
    fn close(
        &self,
        f: &FactRow,
        iv: &mut Interval,
        notes: &mut Notes,
        lives: &mut Lives,
    ) -> Result<(), QueryError> {
        if iv.until.is_some() {
            return Ok(());
        }
        let Some(p) = self.vocabulary.predicate(&f.predicate) else {
            return Ok(());
        };
        let FactObject::Entity(object) = &f.object else {
            return Ok(());
        };
        let Some(start) = iv.since.as_ref().or(iv.not_before.as_ref()) else {
            return Ok(());
        };
        let start = start.date.interval().0;
        let (key, functional) = if p.functional {
            (f.subject.id, true)
        } else if p.inverse_functional {
            (object.id, false)
        } else {
            return Ok(());
        };
        // The next start of another value: the earliest later start, the first stated on
        // that day.
        let k = (key, f.predicate.clone(), functional);
        if !lives.links.contains_key(&k) {
            let links = self.store.dated_links(key, &f.predicate, functional)?;
            lives.links.insert(k.clone(), links);
        }
        let next = lives.links[&k]
            .iter()
            .filter(|&&(_, subject, o, day)| {
                let other_end = if functional {
                    o != object.id
                } else {
                    subject != f.subject.id
                };
                other_end && day > start
            })
            .min_by_key(|&&(id, _, _, day)| (day, id))
            .map(|&(id, ..)| id);
        let Some(id) = next else {
            return Ok(());
        };
        if let Some(s) = self.store.facts_by_ids(&[id])?.first()
            && let Some(date) = s.valid_from
        {
            let n = notes.add(s.source, s.sentence, &s.citations);
            iv.until = Some(Bound {
                date,
                basis: format!("closed by {} ({date})", self.sentence_of(s)),
                notes: vec![n],
            });
        }
        Ok(())
    }

    fn rhetoric(
        &self,
        entity: &Node,
        events: &[EventRow],
        notes: &mut Notes,
    ) -> Result<Vec<Quote>, QueryError> {
        let mut out = Vec::new();
        for e in events {
            let speaks = e
                .kind
                .as_ref()
                .is_some_and(|k| self.rules.events.rhetoric.contains(k))
                && e.participants
                    .iter()
                    .any(|p| p.entity.id == entity.id && p.role.as_str() == "actor");
            if !speaks {
                continue;
            }
            let n = notes.add(e.source, e.sentence, &[]);
            let text = match e.sentence {
                Some(s) => notes.sentence_text(self.store, e.source, s)?,
                None => None,
            }
            .or(e.description.clone())
            .unwrap_or_default();
            out.push(Quote {
                date: e.date,
                quoted: quoted(&text),
                text,
                notes: vec![n],
            });
        }
        out.sort_by_key(|q| q.date.map_or((i64::MAX, i64::MAX), |d| d.sort_key()));
        out.dedup_by(|a, b| a.text == b.text && a.date == b.date);
        Ok(out)
    }

    pub(crate) fn assessments_about(
        &self,
        entity: &Node,
        notes: &mut Notes,
    ) -> Result<Vec<AssessmentLine>, QueryError> {
        let mut out = Vec::new();
        for a in self.store.judgements_mentioning(entity.id)? {
            let n = notes.add(a.source, a.sentence, &[]);
            let made = notes
                .source(self.store, a.source)?
                .and_then(|s| s.published);
            out.push(AssessmentLine {
                band_label: self
                    .vocabulary
                    .band(&a.band)
                    .map_or_else(|| a.band.clone(), |b| b.label.clone()),
                claim: a.claim,
                phrase: a.phrase,
                band: a.band,
                horizon: a.horizon,
                status: a.status,
                made,
                notes: vec![n],
            });
        }
        Ok(out)
    }
}

/// The runs of text between straight or typographic double quotes.
fn quoted(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c, open) {
            ('"' | '\u{201C}', None) => open = Some(i + c.len_utf8()),
            ('"' | '\u{201D}', Some(start)) => {
                let q = text[start..i].trim();
                if !q.is_empty() {
                    out.push(q.to_string());
                }
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// True when `needle` occurs in `hay` with no letter or digit on either side.
fn contains_word(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let start = from + i;
        let end = start + needle.len();
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = start + needle.len().max(1);
        if from >= hay.len() {
            break;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_the_runs_between_double_quotes() {
        assert_eq!(
            quoted(r#"He called France his "historic enemy" and "a thief"."#),
            vec!["historic enemy", "a thief"]
        );
        assert_eq!(quoted("\u{201C}unite\u{201D} them"), vec!["unite"]);
        assert!(quoted(r#"an "unclosed quote"#).is_empty());
    }

    #[test]
    fn words_match_whole() {
        assert!(contains_word("listed as sdgt.", "sdgt"));
        assert!(!contains_word("xsdgt", "sdgt"));
        assert!(contains_word("resolution 1267 list", "1267"));
        assert!(!contains_word("12670", "1267"));
    }
}
