//! `brief ENTITY | --place P --from D --to D`: a briefing ready to publish — key facts, timeline,
//! assessments, a table of places (or a map from a [`MapHook`]) and numbered footnotes.
//!
//! ```text
//! q.brief(&BriefSubject::Entity(jnim))?.to_markdown()
//!   # Jama'at Nusrat al Islam wa al Muslimeen
//!   ## Key facts … ## Timeline … ## Assessments … ## Places … ## Notes
//!   1. Critical Threats Project, "Africa File …", 2023-02. Sentence 15: "JNIM's emir, …"
//! ```

use std::collections::BTreeMap;

use dossier_model::FuzzyDate;
use dossier_store::Node;
use serde::Serialize;

use crate::notes::{Footnote, Notes, Renumbering};
use crate::profile::{AssessmentLine, ProfileSection};
use crate::timeline::{TimelineEntry, TimelineFilter};
use crate::{QueryError, Questions};

/// What a briefing is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BriefSubject {
    Entity(Node),
    Place {
        place: Node,
        from: Option<FuzzyDate>,
        to: Option<FuzzyDate>,
    },
}

/// A place events happened at, for the places table and the map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BriefPlace {
    pub place: Node,
    pub coordinates: Option<(f64, f64)>,
    pub events: usize,
    pub first: Option<FuzzyDate>,
    pub last: Option<FuzzyDate>,
    pub notes: Vec<usize>,
}

/// A briefing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Brief {
    pub title: String,
    pub subject: BriefSubject,
    pub key_facts: Vec<ProfileSection>,
    pub timeline: Vec<TimelineEntry>,
    pub assessments: Vec<AssessmentLine>,
    pub places: Vec<BriefPlace>,
    pub footnotes: Vec<Footnote>,
}

impl Questions<'_> {
    /// The briefing on an entity or on a place and period.
    pub fn brief(&self, subject: &BriefSubject) -> Result<Brief, QueryError> {
        match subject {
            BriefSubject::Entity(entity) => {
                let p = self.profile(entity)?;
                let places = places_of(&p.timeline);
                Ok(Brief {
                    title: p.entity.name.clone(),
                    subject: subject.clone(),
                    key_facts: p.sections,
                    timeline: p.timeline,
                    assessments: p.assessments,
                    places,
                    footnotes: p.footnotes,
                })
            }
            BriefSubject::Place { place, from, to } => {
                let mut notes = Notes::default();
                let filter = TimelineFilter {
                    place: Some(place.clone()),
                    from: *from,
                    to: *to,
                    ..TimelineFilter::default()
                };
                let timeline = self.timeline_entries(&filter, &mut notes)?;
                let mut lives = crate::time::Lives::default();
                let facts = self.store.facts_about(place.id)?;
                let lines = self.lines(place, &facts, &mut notes, &mut lives)?;
                let key_facts = if lines.is_empty() {
                    Vec::new()
                } else {
                    vec![ProfileSection {
                        id: "place".into(),
                        title: format!("Known about {}", place.name),
                        lines,
                    }]
                };
                let assessments = self.assessments_about(place, &mut notes)?;
                let period = match (from, to) {
                    (Some(f), Some(t)) => format!(", {f} to {t}"),
                    (Some(f), None) => format!(", from {f}"),
                    (None, Some(t)) => format!(", until {t}"),
                    (None, None) => String::new(),
                };
                let mut brief = Brief {
                    title: format!("{}{period}", place.name),
                    subject: subject.clone(),
                    key_facts,
                    timeline,
                    assessments,
                    places: Vec::new(),
                    footnotes: Vec::new(),
                };
                let mut r = Renumbering::default();
                for l in brief.key_facts.iter_mut().flat_map(|s| s.lines.iter_mut()) {
                    l.renumber(&mut r);
                }
                for e in &mut brief.timeline {
                    r.all(&mut e.notes);
                }
                for a in &mut brief.assessments {
                    r.all(&mut a.notes);
                }
                brief.places = places_of(&brief.timeline);
                brief.footnotes = notes.finish(self.store, &r)?;
                Ok(brief)
            }
        }
    }
}

/// The places of a timeline's events, most events first.
fn places_of(timeline: &[TimelineEntry]) -> Vec<BriefPlace> {
    let mut by_place: BTreeMap<i64, BriefPlace> = BTreeMap::new();
    for e in timeline {
        let Some(place) = &e.place else { continue };
        let p = by_place.entry(place.id).or_insert_with(|| BriefPlace {
            place: place.clone(),
            coordinates: e.coordinates,
            events: 0,
            first: None,
            last: None,
            notes: Vec::new(),
        });
        p.events += 1;
        p.coordinates = p.coordinates.or(e.coordinates);
        if let Some(d) = e.date {
            if p.first.is_none_or(|f| d.sort_key() < f.sort_key()) {
                p.first = Some(d);
            }
            if p.last.is_none_or(|l| d.sort_key() > l.sort_key()) {
                p.last = Some(d);
            }
        }
        for n in &e.notes {
            if !p.notes.contains(n) {
                p.notes.push(*n);
            }
        }
    }
    let mut out: Vec<BriefPlace> = by_place.into_values().collect();
    out.sort_by(|a, b| {
        b.events
            .cmp(&a.events)
            .then(a.place.name.cmp(&b.place.name))
    });
    out
}
