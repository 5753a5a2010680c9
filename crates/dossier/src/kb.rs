//! The adapter between the pipeline and the store: prepared sources become store rows.
//!
//! ```text
//! Prepared { id, doc, analysis, meta }  ─►  NewSource { sentences, citations, figures, … }
//! ```

use std::path::Path;

use anyhow::Context;
use dossier_store::{
    CitationStyle, Inserted, NewCitation, NewFigure, NewSentence, NewSource, SentenceKind,
    SourceFormat, SourceKind, Store,
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

/// The names the knowledge base knows, for recognizing them in new text.
pub fn known_names(_store: &Store) -> anyhow::Result<dossier_extract::KnownNames> {
    // Entities and their names are stored by the resolution stage (issue 6); until then the
    // dictionary is empty and extraction relies on the gazetteer and its patterns.
    Ok(dossier_extract::KnownNames::default())
}

/// Stores a prepared source in one transaction. Returns false when it was already there.
pub fn store_prepared(store: &mut Store, prepared: &Prepared, path: &Path) -> anyhow::Result<bool> {
    let new = to_new_source(prepared, path);
    Ok(store.insert_source(&new)? == Inserted::Added)
}

/// The store rows of a prepared source.
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
