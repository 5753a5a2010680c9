//! The entity page: the profile `dossier-query` builds (names, identifiers, sections of facts,
//! timeline, rhetoric, judgements), every line footnoted to the sentence it was read from.
//!
//! ```text
//! GET /entities/12
//! Iyad ag Ghali  Person                       names: Iyad ag Ghali¹ · Iyad Ag Ghaly²
//! Leadership   leader of Ansar Dine, since 2017-03 (2 sources) ¹ ²
//! Timeline     2013-01-10  battles at Konna … ³
//! Sources      1. "… ag Ghali, who leads JNIM, …" — Sahel Brief ↩   (links to /sources/…#s7)
//! ```
//! An entity merged into another answers with a redirect to the one it became. The page seen
//! without logging in is cached (see `state.rs`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use dossier_query::{Footnote, Line, Profile, QueryError, Questions, TimelineEntry};

use super::auth::Viewer;
use super::html::{Html, safe_href};
use super::pages::{entity_link, layout, source_link};
use super::state::{App, Cached, Failure};

/// A query failure as an HTTP failure.
pub fn query_failure(e: QueryError) -> Failure {
    match e {
        QueryError::Store(e) => e.into(),
        QueryError::NotFound(what) => Failure::not_found(format!("there is no entity {what}")),
        e @ (QueryError::Ambiguous { .. } | QueryError::Argument(_)) => {
            Failure::bad_request(e.to_string())
        }
        e => Failure::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// The profile of entity `id`, or where it went when it was merged.
pub enum Found {
    Profile(Box<Profile>),
    MergedInto(i64),
}

/// Looks up the profile of `id` through `dossier-query`.
pub fn profile_of(app: &App, store: &dossier_store::Store, id: i64) -> Result<Found, Failure> {
    match store.live_entity(id)? {
        None => return Err(Failure::not_found(format!("there is no entity {id}"))),
        Some(live) if live != id => return Ok(Found::MergedInto(live)),
        Some(_) => {}
    }
    let q = Questions::new(store, &app.vocabulary).map_err(query_failure)?;
    let node = q.find(&id.to_string()).map_err(query_failure)?;
    let p = q.profile(&node).map_err(query_failure)?;
    Ok(Found::Profile(Box::new(p)))
}

/// The profile page of `id` for `viewer`, or the redirect to the entity it was merged into.
fn profile_page(
    app: &App,
    id: i64,
    viewer: Option<&dossier_store::SessionRow>,
) -> Result<Cached, Failure> {
    let found = app.with(|store| profile_of(app, store, id))?;
    Ok(match found {
        Found::MergedInto(live) => Cached::redirect(format!("/entities/{live}")),
        Found::Profile(p) => page_of(&p, viewer),
    })
}

fn page_of(p: &Profile, viewer: Option<&dossier_store::SessionRow>) -> Cached {
    let mut h = Html::new();
    render(&mut h, p);
    Cached::body(
        "text/html; charset=utf-8",
        layout(&p.entity.name, viewer, &h).into_bytes(),
    )
}

/// The cached answers about entity `id`, made from one reading of its profile: the JSON of
/// `/api/entities/{id}` and the page of `/entities/{id}` as a visitor without a login sees it
/// (or the redirects of both to the entity it was merged into).
pub fn answers(app: &App, id: i64) -> Result<Vec<(String, Cached)>, Failure> {
    let found = app.with(|store| profile_of(app, store, id))?;
    let (api, page) = (format!("/api/entities/{id}"), format!("/entities/{id}"));
    Ok(match found {
        Found::MergedInto(live) => vec![
            (api, Cached::redirect(format!("/api/entities/{live}"))),
            (page, Cached::redirect(format!("/entities/{live}"))),
        ],
        Found::Profile(p) => {
            let json = serde_json::to_vec(&p).map_err(|e| Failure::from(anyhow::Error::from(e)))?;
            vec![
                (api, Cached::body("application/json", json)),
                (page, page_of(&p, None)),
            ]
        }
    })
}

pub async fn entity(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, Failure> {
    // The page without a user (the same for every visitor) is cached, with the JSON.
    Ok(match &viewer.0 {
        Some(v) => profile_page(&app, id, Some(v))?.into_response(),
        None => app.cached_many(
            &format!("/entities/{id}"),
            Arc::new(move |app: &App| answers(app, id)),
        )?,
    })
}

/// `<sup>` links to the footnotes.
fn marks(h: &mut Html, notes: &[usize]) {
    for n in notes {
        h.raw("<sup class=\"fn\"><a href=\"#fn")
            .num(*n)
            .raw("\">")
            .num(*n)
            .raw("</a></sup>");
    }
}

fn render(h: &mut Html, p: &Profile) {
    let id = p.entity.id;
    h.raw("<article class=\"profile\"><h1>")
        .text(&p.entity.name)
        .raw(" <span class=\"type\">")
        .text(&p.type_label)
        .raw("</span></h1>");
    h.raw("<p class=\"links\"><a href=\"/graph/")
        .num(id)
        .raw("\">Link graph</a> · <a href=\"/timeline?actor=")
        .num(id)
        .raw("\">Timeline</a> · <a href=\"/map?actor=")
        .num(id)
        .raw("\">Map</a> · <a href=\"/api/entities/")
        .num(id)
        .raw("\">JSON</a></p>");
    if !p.names.is_empty() {
        h.raw("<section><h2>Names</h2><ul class=\"names\">");
        for n in &p.names {
            h.raw("<li>");
            if n.preferred {
                h.raw("<b>").text(&n.name).raw("</b>");
            } else {
                h.text(&n.name);
            }
            if n.weak {
                h.raw(" <span class=\"meta\">(ambiguous alone)</span>");
            }
            marks(h, &n.notes);
            h.raw("</li>");
        }
        h.raw("</ul></section>");
    }
    if !p.identifiers.is_empty() {
        h.raw("<section><h2>Identifiers</h2><ul>");
        for i in &p.identifiers {
            h.raw("<li>")
                .text(&i.scheme)
                .raw(": <code>")
                .text(&i.value)
                .raw("</code>");
            marks(h, &i.notes);
            h.raw("</li>");
        }
        h.raw("</ul></section>");
    }
    for s in &p.sections {
        h.raw("<section><h2>")
            .text(&s.title)
            .raw("</h2><ul class=\"facts\">");
        for l in &s.lines {
            h.raw("<li>");
            line(h, l);
            h.raw("</li>");
        }
        h.raw("</ul></section>");
    }
    if !p.timeline.is_empty() {
        h.raw("<section><h2>Timeline</h2><ol class=\"timeline\">");
        for e in &p.timeline {
            entry(h, e);
        }
        h.raw("</ol></section>");
    }
    if !p.rhetoric.is_empty() {
        h.raw("<section><h2>In their own words</h2>");
        for q in &p.rhetoric {
            h.raw("<figure class=\"quote\"><blockquote>");
            if q.quoted.is_empty() {
                h.text(&q.text);
            } else {
                h.raw("“").text(&q.quoted.join(" … ")).raw("”");
            }
            h.raw("</blockquote><figcaption>");
            if let Some(d) = q.date {
                h.text(&d.to_string());
            }
            marks(h, &q.notes);
            h.raw("</figcaption></figure>");
        }
        h.raw("</section>");
    }
    if !p.assessments.is_empty() {
        h.raw("<section><h2>Judgements about it</h2><ul>");
        for a in &p.assessments {
            h.raw("<li><span class=\"band\">")
                .text(&a.band_label)
                .raw("</span> <q>")
                .text(&a.phrase)
                .raw("</q> ")
                .text(&a.claim);
            if let Some(hz) = &a.horizon {
                h.raw(" <span class=\"meta\">(").text(hz).raw(")</span>");
            }
            h.raw(" <span class=\"meta\">")
                .text(&a.status.replace('_', " "))
                .raw("</span>");
            marks(h, &a.notes);
            h.raw("</li>");
        }
        h.raw("</ul></section>");
    }
    if p.sections.is_empty() && p.timeline.is_empty() {
        h.raw("<p class=\"none\">No fact about this entity yet beyond its names.</p>");
    }
    footnotes(h, &p.footnotes);
    h.raw("</article>");
}

/// One profile line: the relation, the other entity (linked) or the value, its interval,
/// hedges, corroboration and footnotes.
fn line(h: &mut Html, l: &Line) {
    let literal = matches!(l.relation.as_str(), "position" | "type" | "ideology");
    if !literal {
        h.raw("<span class=\"pred\">")
            .text(&l.label)
            .raw("</span> ");
    }
    match (&l.other, &l.value) {
        (Some(o), _) => entity_link(h, o.id, &o.name),
        (None, Some(v)) => {
            h.raw("<span class=\"value\">").text(v).raw("</span>");
        }
        (None, None) => {}
    }
    h.raw("<span class=\"when\">");
    if let Some(s) = &l.since {
        h.raw(", since ").text(&s.date.to_string());
        marks(h, &s.notes);
    } else if let Some(s) = &l.not_before {
        h.raw(", not before ").text(&s.date.to_string());
        marks(h, &s.notes);
    }
    if let Some(u) = &l.until {
        h.raw(", until ").text(&u.date.to_string());
        marks(h, &u.notes);
    } else if let Some(u) = &l.not_after {
        h.raw(", not after ").text(&u.date.to_string());
        marks(h, &u.notes);
    }
    h.raw("</span>");
    if let Some(prog) = &l.program {
        h.raw(", program: ").text(prog);
    }
    if let Some(r) = &l.reference {
        h.raw(", reference <code>").text(r).raw("</code>");
    }
    if !l.hedges.is_empty() {
        h.raw(" <span class=\"hedge\">(hedged: ")
            .text(&l.hedges.join("; "))
            .raw(")</span>");
    }
    h.raw(" <span class=\"meta\">(").num(l.corroboration);
    h.raw(if l.corroboration == 1 {
        " source)"
    } else {
        " sources)"
    });
    h.raw("</span>");
    marks(h, &l.notes);
}

/// One timeline entry.
pub fn entry(h: &mut Html, e: &TimelineEntry) {
    h.raw("<li class=\"event\"><time>")
        .text(
            &e.date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into()),
        )
        .raw("</time> ")
        .text(&dossier_query::entry_text(e));
    for part in &e.participants {
        h.raw(" <span class=\"role\">")
            .text(part.role.as_str())
            .raw(":</span> ");
        entity_link(h, part.entity.id, &part.entity.name);
    }
    if let Some(place) = &e.place {
        h.raw(" <span class=\"role\">at</span> ");
        entity_link(h, place.id, &place.name);
    }
    if let Some(f) = e.fatalities {
        h.raw(" <span class=\"fatalities\">");
        h.text(&f.to_string()).raw(" killed</span>");
    }
    marks(h, &e.notes);
    h.raw("</li>");
}

/// The numbered sources: the sentence quoted, a link to it in its source, the works it cites.
pub fn footnotes(h: &mut Html, notes: &[Footnote]) {
    if notes.is_empty() {
        return;
    }
    h.raw("<section class=\"notes\"><h2>Sources</h2><ol>");
    for f in notes {
        h.raw("<li id=\"fn").num(f.number).raw("\">");
        if let Some(s) = &f.sentence {
            h.raw("<q>").text(&s.text).raw("</q> — ");
        }
        source_link(
            h,
            &f.source.id,
            f.source.title.as_deref(),
            f.sentence.as_ref().map(|s| s.idx),
        );
        if let Some(p) = &f.source.publisher {
            h.raw(", ").text(p);
        }
        if let Some(d) = f.source.published {
            h.raw(", ").text(&d.to_string());
        }
        for c in &f.citations {
            h.raw(" <span class=\"cites\">cites ");
            h.text(
                c.title
                    .as_deref()
                    .or(c.publisher.as_deref())
                    .unwrap_or(&c.raw),
            );
            if let Some(url) = c.url.as_deref().and_then(safe_href) {
                h.raw(" <a class=\"out");
                if c.foreign_domain {
                    h.raw(" foreign");
                }
                h.raw("\" rel=\"noopener noreferrer nofollow\"")
                    .attr("href", url)
                    .raw(">link</a>");
            }
            if c.foreign_domain {
                h.raw(" <span class=\"foreign-mark\">foreign domain</span>");
            }
            h.raw("</span>");
        }
        h.raw("</li>");
    }
    h.raw("</ol></section>");
}
