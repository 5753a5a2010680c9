//! The entity page: names, type, what the sources say about it (grouped by predicate), its
//! events in order; every line footnoted to the sentence it was read from.
//!
//! ```text
//! GET /entities/12
//! Iyad Ag Ghaly  person   also: Iyad ag Ghali; Ghaly
//! Leader of   Jama'at Nusrat al-Islam wal-Muslimin (2017–)  ¹ ²
//! Events      2013-01-10 battles: actor ...  ³
//! Sources     1. "… Ghaly, who leads JNIM, …" — Sahel wire, 2024
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use dossier_store::{StoredObject, StoredStatement};

use super::auth::Viewer;
use super::gather::{self, Footnotes, Sourced};
use super::html::Html;
use super::pages::{entity_link, event_line, footnote_list, footnote_ref, page, source_link};
use super::state::{App, Failure};

pub async fn entity(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, Failure> {
    let (title, body) = app.with(|store| {
        let facts = gather::entity_facts(store, id)?;
        let e = &facts.entity;
        let mut notes = Footnotes::default();
        let mut h = Html::new();
        h.raw("<article class=\"profile\"><h1>")
            .text(&e.name)
            .raw(" <span class=\"type\">")
            .text(&e.entity_type.replace('_', " "))
            .raw("</span></h1>");
        let others: Vec<&String> = e.names.iter().filter(|n| **n != e.name).collect();
        if !others.is_empty() {
            h.raw("<p class=\"aka\">Also known as: ");
            for (i, n) in others.iter().enumerate() {
                if i > 0 {
                    h.raw("; ");
                }
                h.raw("<span class=\"name\">").text(n).raw("</span>");
            }
            h.raw("</p>");
        }
        h.raw("<p class=\"links\"><a href=\"/graph/")
            .num(id)
            .raw("\">Link graph</a> · <a href=\"/timeline?actor=")
            .num(id)
            .raw("\">Timeline</a> · <a href=\"/map?actor=")
            .num(id)
            .raw("\">Map</a> · <a href=\"/api/entities/")
            .num(id)
            .raw("\">JSON</a></p>");

        // Statements grouped by predicate, as the subject sees them.
        let mut groups: BTreeMap<String, Vec<&Sourced<StoredStatement>>> = BTreeMap::new();
        for st in &facts.statements {
            let label = if st.item.subject.id == id {
                st.item.predicate.clone()
            } else {
                inverse_label(&app, &st.item.predicate)
            };
            groups.entry(label).or_default().push(st);
        }
        if groups.is_empty() && facts.events.is_empty() {
            h.raw("<p class=\"none\">No statement about this entity yet; it is named in ")
                .num(e.sources)
                .raw(" source(s).</p>");
        }
        if !groups.is_empty() {
            h.raw("<section><h2>What the sources say</h2><dl class=\"facts\">");
            for (label, list) in &groups {
                h.raw("<dt>").text(&label.replace('_', " ")).raw("</dt>");
                for st in list {
                    h.raw("<dd>");
                    let s = &st.item;
                    let other = if s.subject.id == id {
                        &s.object
                    } else {
                        // The statement's subject is the other end.
                        &StoredObject::Entity(s.subject.clone())
                    };
                    match other {
                        StoredObject::Entity(r) if r.id == id => {
                            h.text(&e.name);
                        }
                        StoredObject::Entity(r) => entity_link(&mut h, r.id, &r.name),
                        StoredObject::Value { value, .. } => {
                            h.raw("<span class=\"value\">").text(value).raw("</span>");
                        }
                    }
                    interval(&mut h, s);
                    if let Some(hedge) = &s.hedge {
                        h.raw(" <span class=\"hedge\">(")
                            .text(hedge)
                            .raw(")</span>");
                    }
                    if s.status == "confirmed" {
                        h.raw(" <span class=\"confirmed\">confirmed</span>");
                    }
                    let n = notes.cite(&st.source, s.sentence);
                    footnote_ref(&mut h, n);
                    h.raw("</dd>");
                }
            }
            h.raw("</dl></section>");
        }
        if !facts.events.is_empty() {
            h.raw("<section><h2>Events</h2><ol class=\"timeline\">");
            for ev in &facts.events {
                event_line(&mut h, ev, &mut notes);
            }
            h.raw("</ol></section>");
        }
        let sources = store.entity_source_ids(id)?;
        if !sources.is_empty() {
            h.raw("<section><h2>Named in</h2><ul class=\"sources\">");
            for s in &sources {
                let meta = store.source(s)?;
                h.raw("<li>");
                source_link(&mut h, s, meta.title.as_deref(), None);
                h.raw("</li>");
            }
            h.raw("</ul></section>");
        }
        footnote_list(&mut h, &notes.notes(store)?);
        h.raw("</article>");
        Ok((e.name.clone(), h))
    })?;
    Ok(page(&title, viewer.0.as_ref(), &body))
}

/// ` (from – to)` when the statement has a valid time.
fn interval(h: &mut Html, s: &StoredStatement) {
    match (s.valid_from, s.valid_to) {
        (None, None) => {}
        (Some(f), None) => {
            h.raw(" <span class=\"when\">(since ")
                .text(&f.to_string())
                .raw(")</span>");
        }
        (None, Some(t)) => {
            h.raw(" <span class=\"when\">(until ")
                .text(&t.to_string())
                .raw(")</span>");
        }
        (Some(f), Some(t)) => {
            h.raw(" <span class=\"when\">(")
                .text(&f.to_string())
                .raw(" – ")
                .text(&t.to_string())
                .raw(")</span>");
        }
    }
}

/// The label of a predicate read from its object's side: its inverse when the vocabulary names
/// one, else "predicate (of)".
fn inverse_label(app: &App, predicate: &str) -> String {
    match app
        .vocabulary
        .predicate(predicate)
        .and_then(|p| p.inverse.clone())
    {
        Some(inv) => inv,
        None => format!("{predicate} (by)"),
    }
}
