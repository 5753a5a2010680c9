//! Citations: numbered footnotes, inline references, foreign-domain markers and body links.
//!
//! ```text
//! "…ISIS-K *claimed the bombing.[2] Its emir spoke in May.Amaq, \"Statement,\" 12 May 2022, https://a.example/s.
//!  [2] Hasht-e Subh, \"Kabul blast,\" August 27, 2021; BBC News, \"Airport attack,\" August 26, 2021."
//!   ─► [2] Hasht-e Subh … (Footnote)   [2] BBC News … (Footnote)
//!      "claimed" (ForeignLink, if the document has the asterisk legend)
//!      Amaq, "Statement" … (Inline, kept out of the sentences)
//! ```
//!
//! [`find`] returns the citations (footnote works first, in the order of their entries, then
//! the citations in the body in reading order), the spans that are citations rather than prose
//! (footnote entries, inline groups), and anchors: the places in the body that point at
//! citations (a `[n]` marker, the start of an inline group, a marked word, a link), which
//! [`crate::analyze`] turns into links to sentences. Problems (a marker without an entry, an
//! entry never cited) are diagnostics, never errors.
//!
//! One file per family: `footnotes`, `inline`, `foreign`, `links`; `work` reads one
//! cited work into author, title, publisher, date and URL.

mod footnotes;
mod foreign;
mod inline;
mod links;
mod words;
mod work;

use std::collections::{BTreeMap, BTreeSet};

use dossier_model::Span;

use crate::document::{Citation, CitationStyle, Diagnostic, Document};
use crate::lexicon::Lower;
use crate::segment::Role;

pub use work::{Work, parse_work};

/// A place in the body that points at citations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// Byte offset in the document text.
    pub at: usize,
    /// Indices into [`Found::citations`].
    pub citations: Vec<usize>,
}

/// What [`find`] returns.
#[derive(Clone, Debug, Default)]
pub struct Found {
    pub citations: Vec<Citation>,
    /// Spans of the text that are citations, not prose (kept out of sentences).
    pub excluded: Vec<Span>,
    pub anchors: Vec<Anchor>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Citations written in the body, found before they are numbered.
struct BodyGroup {
    anchor: usize,
    citations: Vec<Citation>,
    /// The span of each work, to attach a link inside it.
    works: Vec<Span>,
}

/// Finds the citations of a document whose blocks have the given roles.
pub fn find(doc: &Document, roles: &[Role]) -> Found {
    let text = doc.text.as_str();
    let w = words::words();
    let mut found = Found::default();
    let all_blocks: Vec<Span> = doc.blocks.iter().map(|b| b.span).collect();
    let body_blocks: Vec<Span> = doc
        .blocks
        .iter()
        .zip(roles)
        .filter(|(b, r)| r.sentence_kind(b.kind).is_some())
        .map(|(b, _)| b.span)
        .collect();

    // Footnote entries: each work is a citation; the entry is not prose.
    let entries = footnotes::entries(text, &all_blocks);
    let mut by_number: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    let mut note_works: Vec<Span> = Vec::new();
    for entry in &entries {
        found.excluded.push(entry.span);
        let label = format!("[{}]", entry.number);
        if by_number.contains_key(&entry.number) {
            found.diagnostics.push(diagnostic(
                entry.span,
                format!("footnote {label} is defined more than once; markers use the first"),
            ));
        }
        let mut indices = Vec::new();
        for ws in work::split_works(entry.body.slice(text)) {
            let span = Span::new(entry.body.start + ws.start, entry.body.start + ws.end);
            let raw = span.slice(text);
            indices.push(found.citations.len());
            note_works.push(span);
            let mut c = citation(
                raw,
                Some(label.clone()),
                CitationStyle::Footnote,
                entry.span,
            );
            if same_as_previous(raw, w)
                && let Some(prev) = found.citations.last()
            {
                c = Citation {
                    marker: c.marker,
                    raw: c.raw,
                    span: c.span,
                    ..prev.clone()
                };
            }
            if c.title.is_none() && c.publisher.is_none() && c.url.is_none() && c.date.is_none() {
                found.diagnostics.push(diagnostic(
                    span,
                    format!("footnote {label}: no title, publisher, date or URL found"),
                ));
            }
            found.citations.push(c);
        }
        if indices.is_empty() {
            found
                .diagnostics
                .push(diagnostic(entry.span, format!("footnote {label} is empty")));
        }
        by_number.entry(entry.number).or_insert(indices);
    }

    // Inline citation groups in the body.
    let mut groups: Vec<BodyGroup> = Vec::new();
    for g in inline::find(text, &body_blocks, &found.excluded, w) {
        found.excluded.push(g.span);
        let citations = g
            .works
            .iter()
            .map(|&ws| citation(ws.slice(text), None, CitationStyle::Inline, ws))
            .collect();
        groups.push(BodyGroup {
            anchor: g.span.start,
            citations,
            works: g.works,
        });
    }
    let excluded = found.excluded.clone();
    let outside = |sp: Span| !excluded.iter().any(|x| x.overlaps(sp));

    // Footnote markers in the body.
    let mut used = BTreeSet::new();
    let mut missing = BTreeSet::new();
    for (block, role) in doc.blocks.iter().zip(roles) {
        if *role == Role::Boilerplate {
            continue;
        }
        for (n, span) in footnotes::markers(text, block.span) {
            if !outside(span) {
                continue;
            }
            match by_number.get(&n) {
                Some(indices) => {
                    used.insert(n);
                    found.anchors.push(Anchor {
                        at: span.start,
                        citations: indices.clone(),
                    });
                }
                None => {
                    if missing.insert(n) {
                        found.diagnostics.push(diagnostic(
                            span,
                            format!("footnote marker [{n}] has no entry"),
                        ));
                    }
                }
            }
        }
    }
    for entry in &entries {
        if !used.contains(&entry.number) {
            found.diagnostics.push(diagnostic(
                entry.span,
                format!("footnote [{}] is never cited in the text", entry.number),
            ));
        }
    }

    // Foreign-domain markers, when the document has the publisher's legend.
    let legends: Vec<Span> = all_blocks
        .iter()
        .copied()
        .filter(|b| foreign::is_legend(b.slice(text), w))
        .collect();
    let mut used_links = vec![false; doc.links.len()];
    if !legends.is_empty() {
        for &block in body_blocks.iter().filter(|b| !legends.contains(b)) {
            for word in foreign::marked_words(text, block) {
                if !outside(word) {
                    continue;
                }
                let mut c = Citation {
                    marker: Some("*".to_string()),
                    style: Some(CitationStyle::ForeignLink),
                    foreign_domain: true,
                    raw: word.slice(text).to_string(),
                    span: word,
                    ..Citation::default()
                };
                if let Some(k) = doc.links.iter().position(|l| l.span.overlaps(word)) {
                    used_links[k] = true;
                    if links::is_document_link(&doc.links[k].href) {
                        c.url = Some(doc.links[k].href.clone());
                    }
                }
                groups.push(BodyGroup {
                    anchor: word.start,
                    citations: vec![c],
                    works: Vec::new(),
                });
            }
        }
    }

    // Body links: inside a citation they give its URL; elsewhere they are citations.
    for (k, link) in doc.links.iter().enumerate() {
        if used_links[k] || !links::is_document_link(&link.href) {
            continue;
        }
        if let Some(i) = note_works.iter().position(|ws| ws.overlaps(link.span)) {
            let c = &mut found.citations[i];
            c.url = c.url.take().or_else(|| Some(link.href.clone()));
            continue;
        }
        if let Some((g, i)) = groups.iter().enumerate().find_map(|(g, group)| {
            group
                .works
                .iter()
                .position(|ws| ws.overlaps(link.span))
                .map(|i| (g, i))
        }) {
            let c = &mut groups[g].citations[i];
            c.url = c.url.take().or_else(|| Some(link.href.clone()));
            continue;
        }
        let anchor_text = link.span.slice(text);
        let in_body = body_blocks.iter().any(|b| b.contains(link.span));
        if !outside(link.span) || !in_body || links::is_reference_text(anchor_text) {
            continue;
        }
        let title = anchor_text.split_whitespace().collect::<Vec<_>>().join(" ");
        groups.push(BodyGroup {
            anchor: link.span.start,
            citations: vec![Citation {
                style: Some(CitationStyle::Link),
                title: (!title.is_empty()).then_some(title),
                url: Some(link.href.clone()),
                raw: anchor_text.to_string(),
                span: link.span,
                ..Citation::default()
            }],
            works: Vec::new(),
        });
    }

    // Body citations in reading order, after the footnotes.
    groups.sort_by_key(|g| g.anchor);
    for g in groups {
        let first = found.citations.len();
        found.citations.extend(g.citations);
        found.anchors.push(Anchor {
            at: g.anchor,
            citations: (first..found.citations.len()).collect(),
        });
    }
    found.anchors.sort_by_key(|a| a.at);
    found
}

/// A citation of one work, read from `raw`.
fn citation(raw: &str, marker: Option<String>, style: CitationStyle, span: Span) -> Citation {
    let w = parse_work(raw);
    Citation {
        marker,
        style: Some(style),
        author: w.author,
        title: w.title,
        publisher: w.publisher,
        date: w.date,
        url: w.url,
        foreign_domain: false,
        raw: raw.to_string(),
        span,
        sentences: Vec::new(),
    }
}

/// "Ibid., 45": the work is the one cited just before.
fn same_as_previous(raw: &str, w: &words::Words) -> bool {
    let first = raw.split_whitespace().next().unwrap_or("");
    let first = Lower::new(first.trim_end_matches(['.', ',', ';']));
    w.same_as_previous.contains(&*first)
}

fn diagnostic(span: Span, message: String) -> Diagnostic {
    Diagnostic {
        span: Some(span),
        message,
    }
}
