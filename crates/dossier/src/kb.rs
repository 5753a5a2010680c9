//! The adapter between the pipeline and the store: prepared sources become store rows, and
//! stored names become the dictionary extraction recognizes.
//!
//! ```text
//! Prepared { id, doc, analysis, meta, extraction }
//!   ─►  NewSource { sentences, citations, figures,
//!                   entities: [{ existing: Some(4), name: "JNIM", names: [..] },   // stored
//!                              { existing: None, name: "Ansar Dine", names: [..] }], // new
//!                   mentions, statements, events, assessments }
//! store with "Ansar Dine" (armed_group)  ─known_names─►  [KnownName { "Ansar Dine", organization }]
//! ```
//!
//! Every document entity is stored as an entity row of its own (an origin, so a merge can be
//! undone), then cross-document resolution (`dossier_resolve`, issue 6) joins the new rows to
//! the knowledge base's entities they match, in a second transaction right after the source's.
//! A failure there leaves the source stored and its entities unresolved, which the next
//! `dossier resolve` repairs.

use std::collections::HashSet;
use std::path::Path;

use anyhow::Context;
use dossier_extract::{DocEntity, EntityKind, Extraction, KnownName, KnownNames, Object};
use dossier_model::Vocabulary;
use dossier_store::{
    CitationStyle, Inserted, NewAssessment, NewCitation, NewEntity, NewEvent, NewFigure,
    NewMention, NewName, NewObject, NewSentence, NewSource, NewStatement, Role, SentenceKind,
    SourceFormat, SourceKind, Store, ValueType,
};
use dossier_text as text;

use crate::pipeline::Prepared;

/// Opens (creating or migrating) the knowledge base at `path`.
pub fn open(path: &Path) -> anyhow::Result<Store> {
    Store::open(path).with_context(|| format!("cannot open the knowledge base {}", path.display()))
}

/// Opens an existing knowledge base for reading.
pub fn open_existing(path: &Path) -> anyhow::Result<Store> {
    if !path.exists() {
        anyhow::bail!(
            "no knowledge base at {} (run `dossier ingest` first, or pass --db)",
            path.display()
        );
    }
    Store::open_readonly(path)
        .with_context(|| format!("cannot open the knowledge base {}", path.display()))
}

/// Opens an existing knowledge base for reading and writing (migrating it when older).
pub fn open_existing_writable(path: &Path) -> anyhow::Result<Store> {
    if !path.exists() {
        anyhow::bail!(
            "no knowledge base at {} (run `dossier ingest` first, or pass --db)",
            path.display()
        );
    }
    open(path)
}

/// The names the knowledge base knows, for recognizing them in new text: every stored name of
/// a person, organization or location, with its entity's id. Weak names (acronyms, surnames)
/// are left out: alone they do not identify an entity.
pub fn known_names(store: &Store, vocabulary: &Vocabulary) -> anyhow::Result<KnownNames> {
    let rows = store.known_names()?;
    Ok(rows
        .into_iter()
        .filter(|r| !r.weak)
        .filter_map(|r| {
            Some(KnownName {
                entity_type: entity_kind(vocabulary.root_type(&r.entity_type))?,
                entity: Some(r.entity.to_string()),
                name: r.name,
            })
        })
        .collect())
}

/// Stores a prepared source, with everything extraction found in it, in one transaction,
/// reading entity types with the built-in vocabulary. Returns false when it was already there.
pub fn store_prepared(store: &mut Store, prepared: &Prepared, path: &Path) -> anyhow::Result<bool> {
    static BUILTIN: std::sync::OnceLock<Result<Vocabulary, String>> = std::sync::OnceLock::new();
    let vocabulary = BUILTIN
        .get_or_init(|| Vocabulary::builtin().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| anyhow::anyhow!("the built-in vocabulary: {e}"))?;
    store_prepared_with(store, prepared, path, vocabulary)
}

/// Stores a prepared source, with everything extraction found in it, in one transaction, then
/// resolves its entities against the knowledge base. Returns false when it was already there.
pub fn store_prepared_with(
    store: &mut Store,
    prepared: &Prepared,
    path: &Path,
    vocabulary: &Vocabulary,
) -> anyhow::Result<bool> {
    let run = ResolutionRun::start(store)?;
    let added = store_source(store, prepared, path)?;
    if added {
        run.finish(store, vocabulary).with_context(|| {
            format!(
                "{}: stored, but resolving its entities failed (run `dossier resolve`)",
                path.display()
            )
        })?;
    }
    Ok(added)
}

/// Stores a prepared source, with everything extraction found in it, in one transaction,
/// without resolving its entities (see [`ResolutionRun`]). Returns false when it was already
/// there.
pub fn store_source(store: &mut Store, prepared: &Prepared, path: &Path) -> anyhow::Result<bool> {
    let mut new = to_new_source(prepared, path);
    add_facts(&mut new, &prepared.extraction);
    Ok(store.insert_source(&new)? == Inserted::Added)
}

/// Resolution of everything a run of ingests stored, once at the end: the entities created
/// since [`ResolutionRun::start`] join the knowledge base's. One pass for a whole run costs
/// what one pass per file would cost for each file.
#[derive(Clone, Copy, Debug)]
pub struct ResolutionRun {
    since: i64,
}

impl ResolutionRun {
    pub fn start(store: &Store) -> anyhow::Result<ResolutionRun> {
        Ok(ResolutionRun {
            since: store.max_entity_id()?,
        })
    }

    pub fn finish(
        self,
        store: &mut Store,
        vocabulary: &Vocabulary,
    ) -> anyhow::Result<dossier_resolve::Report> {
        let resolver = dossier_resolve::Resolver::builtin(vocabulary)?;
        Ok(resolver.resolve_new(store, self.since)?)
    }
}

/// Re-resolves the whole knowledge base (`dossier resolve`), replaying every judgement.
pub fn resolve_all(
    store: &mut Store,
    vocabulary: &Vocabulary,
) -> anyhow::Result<dossier_resolve::Report> {
    Ok(dossier_resolve::Resolver::builtin(vocabulary)?.resolve_all(store)?)
}

/// The top-level kind of a vocabulary root type.
fn entity_kind(root: &str) -> Option<EntityKind> {
    match root {
        "person" => Some(EntityKind::Person),
        "organization" => Some(EntityKind::Organization),
        "location" => Some(EntityKind::Location),
        _ => None,
    }
}

/// The vocabulary type a document entity is stored with: its sub-type when known.
fn entity_type(e: &DocEntity) -> &str {
    e.subtype
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or(e.kind.as_str())
}

/// True for a name that looks like an acronym: one word, mostly capitals ("JNIM", "ISWAP").
fn is_acronym(name: &str) -> bool {
    let name = name.trim();
    let upper = name.chars().filter(|c| c.is_uppercase()).count();
    let lower = name.chars().filter(|c| c.is_lowercase()).count();
    !name.contains(char::is_whitespace) && upper >= 2 && upper > lower
}

/// True for a name too ambiguous to identify its entity alone: an acronym, or a person's
/// single-word name (a surname).
fn is_weak(name: &str, kind: EntityKind) -> bool {
    is_acronym(name) || (kind == EntityKind::Person && name.split_whitespace().count() < 2)
}

/// Adds what extraction found to the rows of a source: entities (each a new row),
/// mentions, statements, events and banded assessments.
fn add_facts(new: &mut NewSource, x: &Extraction) {
    let sentences = new.sentences.len();
    let citations = new.citations.len();
    let in_sentences = |i: usize| (i < sentences).then_some(i);

    // Entities: an entity without a usable name is left out, and so is everything about it.
    let mut index: Vec<Option<usize>> = Vec::with_capacity(x.entities.len());
    for e in &x.entities {
        let name = e.name.trim();
        if name.is_empty() {
            index.push(None);
            continue;
        }
        let mut names: Vec<NewName> = Vec::new();
        let mut seen = HashSet::new();
        for n in e.aliases.iter().chain(std::iter::once(&e.name)) {
            if !n.trim().is_empty() && seen.insert(n.as_str()) {
                names.push(NewName {
                    name: n.clone(),
                    folded: dossier_names::key(n),
                    weak: is_weak(n, e.kind),
                });
            }
        }
        index.push(Some(new.entities.len()));
        new.entities.push(NewEntity {
            existing: None,
            entity_type: entity_type(e).to_string(),
            name: e.name.clone(),
            names,
        });
    }
    let ent = |i: usize| index.get(i).copied().flatten();

    new.mentions = x
        .mentions
        .iter()
        .filter(|m| m.span.end <= new.text.len())
        .map(|m| NewMention {
            // A name found in a citation's title is not in a sentence of the body.
            sentence: if m.citation.is_some() {
                None
            } else {
                in_sentences(m.sentence)
            },
            span: m.span,
            text: m.text.clone(),
            kind: m
                .subtype
                .clone()
                .unwrap_or_else(|| m.kind.as_str().to_string()),
            entity: m.entity.and_then(ent),
        })
        .filter(|m| new.text.get(m.span.start..m.span.end).is_some())
        .collect();

    new.statements = x
        .relations
        .iter()
        .filter_map(|r| {
            let object = match &r.object {
                Object::Entity(o) => NewObject::Entity(ent(*o)?),
                Object::Literal(v) => NewObject::Value {
                    value: v.clone(),
                    value_type: ValueType::Text,
                },
            };
            let hedge = (!r.hedges.is_empty()).then(|| r.hedges.join("; "));
            Some(NewStatement {
                subject: ent(r.subject)?,
                predicate: r.predicate.clone(),
                object,
                valid_from: r.start,
                valid_to: r.end,
                sentence: in_sentences(r.sentence),
                span: Some(r.evidence).filter(|s| new.text.get(s.start..s.end).is_some()),
                rule: r.rule.clone(),
                confidence: confidence(r.confidence),
                hedge,
                citations: r
                    .citations
                    .iter()
                    .copied()
                    .filter(|&c| c < citations)
                    .collect(),
            })
        })
        .filter(|s| !s.predicate.trim().is_empty() && !s.rule.trim().is_empty())
        .collect();

    new.events = x
        .events
        .iter()
        .map(|e| {
            let place = e.location.as_ref();
            let participants = e
                .actors
                .iter()
                .filter_map(|&a| Some((ent(a)?, Role::Actor)))
                .chain(
                    e.targets
                        .iter()
                        .filter_map(|&t| Some((ent(t)?, Role::Target))),
                )
                .collect();
            NewEvent {
                kind: Some(e.kind.clone()).filter(|k| !k.trim().is_empty()),
                date: Some(e.date),
                event_type: if e.event_type.trim().is_empty() {
                    "other".to_string()
                } else {
                    e.event_type.clone()
                },
                subtype: Some(e.subtype.clone()).filter(|s| !s.trim().is_empty()),
                cameo: Some(e.cameo.clone()).filter(|c| {
                    (2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit())
                }),
                location: place.and_then(|p| ent(p.entity)),
                coordinates: place
                    .and_then(|p| p.lat.zip(p.lon))
                    .filter(|(lat, lon)| lat.abs() <= 90.0 && lon.abs() <= 180.0),
                geo_precision: place.and_then(|p| geo_precision(p.precision.as_deref()?)),
                fatalities: e.fatalities.map(|f| f.count),
                description: Some(e.description.clone()).filter(|d| !d.trim().is_empty()),
                sentence: in_sentences(e.sentence),
                span: Some(e.span).filter(|s| new.text.get(s.start..s.end).is_some()),
                participants,
            }
        })
        .collect();

    // Bare hedges ("may", "could") carry no ICD 203 band: they are not judgements to track.
    new.assessments = x
        .assessments
        .iter()
        .filter_map(|a| {
            Some(NewAssessment {
                sentence: in_sentences(a.sentence),
                claim: a.claim.clone(),
                phrase: a.phrase.clone(),
                band: a.band.clone().filter(|b| !b.trim().is_empty())?,
                horizon: a.horizon.clone(),
                scenario: a.scenario.clone(),
            })
        })
        .collect();
}

/// A confidence as the store keeps it: between 0 and 1 (an unusable value is 0).
fn confidence(c: f32) -> f64 {
    if c.is_finite() {
        f64::from(c.clamp(0.0, 1.0))
    } else {
        0.0
    }
}

/// ACLED geo-precision from the kind of place: 1 the place itself, 2 a region, 3 a country.
fn geo_precision(kind: &str) -> Option<u8> {
    match kind {
        "town" | "site" => Some(1),
        "region" => Some(2),
        "country" => Some(3),
        _ => None,
    }
}

/// The store rows of a prepared source's text: metadata, sentences, figures and citations
/// (what extraction found is added by [`store_prepared`]).
pub fn to_new_source(prepared: &Prepared, path: &Path) -> NewSource {
    let doc = &prepared.doc;
    let a = &prepared.analysis;
    NewSource {
        id: prepared.id.clone(),
        // Without a title in the flags, the file or the text, the file's name stands in.
        title: prepared
            .meta
            .title
            .clone()
            .or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned())),
        publisher: prepared.meta.publisher.clone(),
        author: prepared.meta.author.clone(),
        kind: prepared.meta.kind.as_deref().map(source_kind),
        published: prepared.meta.published,
        published_inferred: prepared.meta.published_inferred,
        url: prepared.meta.url.clone(),
        retrieved: None,
        reliability: None,
        path: Some(path.display().to_string()),
        format: match doc.format {
            text::Format::Text => SourceFormat::Text,
            text::Format::Markdown => SourceFormat::Markdown,
            text::Format::Html => SourceFormat::Html,
        },
        encoding: doc.encoding.as_str().to_string(),
        bytes: prepared.bytes,
        text: doc.text.clone(),
        sentences: a
            .sentences
            .iter()
            .map(|s| NewSentence {
                span: s.span,
                file_span: doc.original_span(s.span),
                block: s.block,
                kind: sentence_kind(s.kind),
            })
            .collect(),
        figures: a
            .figures
            .iter()
            .map(|f| NewFigure {
                span: f.span,
                caption: f.caption.clone(),
                credit: f.credit.clone(),
            })
            .collect(),
        citations: a
            .citations
            .iter()
            .map(|c| NewCitation {
                marker: c.marker.clone(),
                style: c.style.map(citation_style),
                author: c.author.clone(),
                title: c.title.clone(),
                publisher: c.publisher.clone(),
                date: c.date,
                url: c.url.clone(),
                foreign_domain: c.foreign_domain,
                raw: c.raw.clone(),
                span: c.span,
                sentences: c.sentences.clone(),
            })
            .collect(),
        ..NewSource::default()
    }
}

/// A source kind from free text ("Analysis", "news"); unknown words are `other`.
pub fn source_kind(s: &str) -> SourceKind {
    s.trim()
        .to_ascii_lowercase()
        .parse()
        .unwrap_or(SourceKind::Other)
}

fn sentence_kind(k: text::SentenceKind) -> SentenceKind {
    match k {
        text::SentenceKind::Body => SentenceKind::Body,
        text::SentenceKind::Title => SentenceKind::Title,
        text::SentenceKind::Heading => SentenceKind::Heading,
        text::SentenceKind::ListItem => SentenceKind::ListItem,
        text::SentenceKind::Quote => SentenceKind::Quote,
    }
}

fn citation_style(s: text::CitationStyle) -> CitationStyle {
    match s {
        text::CitationStyle::Footnote => CitationStyle::Footnote,
        text::CitationStyle::Inline => CitationStyle::Inline,
        text::CitationStyle::ForeignLink => CitationStyle::ForeignLink,
        text::CitationStyle::Link => CitationStyle::Link,
    }
}
