//! Writes: ingest by upload (a form or the API), and the analysts' review queue.
//!
//! ```text
//! GET  /upload                    form: file name + text (analyst)
//! POST /upload   name, text, csrf                  ──► ingested, audited, redirected to the source
//! POST /api/sources?name=r.md   (Bearer TOKEN)     ──► {"id": "…", "status": "ingested", …}
//! GET  /review                    low-confidence statements to check (analyst)
//! ```
//!
//! Every write is audited (who, when, what) in the same store.

use std::path::Path as FsPath;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Form, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;

use super::api::{Endpoint, ok};
use super::auth::Viewer;
use super::html::Html;
use super::pages::{entity_link, page, source_link};
use super::state::{ApiFailure, App, Failure};
use crate::pipeline::{self, MetaOverrides, Resources};

/// Statements below this confidence are listed for review.
pub const LOW_CONFIDENCE: f64 = 0.6;

/// The review endpoints of the API.
pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint {
        method: "get",
        path: "/api/review",
        summary: "The review queue: low-confidence statements to confirm or reject",
        params: Vec::new(),
        writes: false,
        returns: "{low_confidence: [Sourced<Statement>]}",
        body: None,
        handler: get(queue_api),
    }]
}

/// What an ingest by upload did.
pub struct Uploaded {
    pub id: String,
    pub inserted: bool,
    pub sentences: usize,
    pub citations: usize,
}

/// Runs the ingest pipeline on uploaded bytes and stores the result (one transaction), then
/// indexes it for search and audits the write.
pub fn ingest_bytes(
    app: &App,
    user: &str,
    name: &str,
    bytes: &[u8],
    overrides: MetaOverrides,
) -> Result<Uploaded, Failure> {
    let path = FsPath::new(name);
    let format = pipeline::format_of(path).ok_or_else(|| {
        Failure::bad_request(format!(
            "{name}: unsupported file type (expected .txt, .md or .html)"
        ))
    })?;
    if bytes.is_empty() {
        return Err(Failure::bad_request(format!("{name}: the report is empty")));
    }
    app.with(|store| {
        let known = crate::kb::known_names(store, &app.vocabulary)?;
        let resources = Resources::new(app.vocabulary.clone(), known);
        let prepared = pipeline::prepare(bytes, format, &overrides, crate::today(), &resources)
            .map_err(|e| Failure::bad_request(format!("{name}: {e}")))?;
        let inserted = crate::kb::store_prepared_with(store, &prepared, path, &app.vocabulary)
            .map_err(|e| Failure::bad_request(format!("{name}: nothing was stored: {e:#}")))?;
        store.index_pending()?;
        let detail = json!({"name": name, "bytes": bytes.len(), "inserted": inserted}).to_string();
        store.audit(user, "ingest", Some(&prepared.id), Some(&detail))?;
        Ok(Uploaded {
            id: prepared.id.clone(),
            inserted,
            sentences: prepared.analysis.sentences.len(),
            citations: prepared.analysis.citations.len(),
        })
    })
}

pub async fn upload_form(viewer: Viewer) -> Result<Response, Failure> {
    let Some(user) = &viewer.0 else {
        return Ok(Redirect::to("/login?next=/upload").into_response());
    };
    let mut h = Html::new();
    h.raw("<h1>Add a report</h1><form class=\"login\" method=\"post\" action=\"/upload\">")
        .raw("<input type=\"hidden\" name=\"csrf\"")
        .attr("value", &user.csrf)
        .raw("><label>File name (.txt, .md or .html) <input name=\"name\" required placeholder=\"report.md\"></label>")
        .raw("<label>Title <input name=\"title\"></label><label>Publisher <input name=\"publisher\"></label>")
        .raw("<label>Text <textarea name=\"text\" required></textarea></label><button>Ingest</button></form>");
    Ok(page("Add a report", viewer.0.as_ref(), &h))
}

#[derive(Deserialize)]
pub struct UploadForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    publisher: String,
    #[serde(default)]
    text: String,
}

fn nonempty(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

pub async fn upload(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    Form(form): Form<UploadForm>,
) -> Result<Response, Failure> {
    let user = viewer.writer(Some(&form.csrf))?.user.clone();
    let overrides = MetaOverrides {
        title: nonempty(&form.title),
        publisher: nonempty(&form.publisher),
        ..MetaOverrides::default()
    };
    let up = ingest_bytes(
        &app,
        &user,
        form.name.trim(),
        form.text.as_bytes(),
        overrides,
    )?;
    Ok(Redirect::to(&format!("/sources/{}", up.id)).into_response())
}

#[derive(Deserialize)]
pub struct UploadParams {
    #[serde(default)]
    name: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    publisher: String,
    #[serde(default)]
    published: String,
    #[serde(default)]
    url: String,
}

pub async fn upload_api(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    headers: HeaderMap,
    Query(p): Query<UploadParams>,
    body: Bytes,
) -> Result<Response, ApiFailure> {
    let csrf = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    let user = viewer.writer(csrf)?.user.clone();
    let published = match nonempty(&p.published) {
        Some(s) => Some(
            s.parse()
                .map_err(|e| Failure::bad_request(format!("published: `{s}`: {e}")))?,
        ),
        None => None,
    };
    let overrides = MetaOverrides {
        title: nonempty(&p.title),
        publisher: nonempty(&p.publisher),
        published,
        url: nonempty(&p.url),
        kind: None,
    };
    let up = ingest_bytes(&app, &user, p.name.trim(), &body, overrides)?;
    Ok(ok(&json!({
        "id": up.id,
        "status": if up.inserted { "ingested" } else { "unchanged" },
        "sentences": up.sentences,
        "citations": up.citations,
    })))
}

/// Statements below [`LOW_CONFIDENCE`], lowest first.
fn low_confidence(
    store: &dossier_store::Store,
) -> Result<Vec<super::gather::Sourced<dossier_store::StoredStatement>>, Failure> {
    let mut out = Vec::new();
    for s in store.sources()? {
        for st in store.source_statements(&s.id)? {
            if st.confidence < LOW_CONFIDENCE && st.status == "extracted" {
                out.push(super::gather::Sourced {
                    source: s.id.clone(),
                    title: s.title.clone(),
                    item: st,
                });
            }
        }
    }
    out.sort_by(|a, b| a.item.confidence.total_cmp(&b.item.confidence));
    Ok(out)
}

async fn queue_api(State(app): State<Arc<App>>) -> Result<Response, ApiFailure> {
    Ok(app.with(|store| {
        let low = low_confidence(store)?;
        Ok(ok(&json!({"low_confidence": low.iter().map(|s| json!({
            "source": s.source, "title": s.title, "statement": s.item,
        })).collect::<Vec<_>>()})))
    })?)
}

pub async fn page_handler(
    State(app): State<Arc<App>>,
    viewer: Viewer,
) -> Result<Response, Failure> {
    let Some(user) = &viewer.0 else {
        return Ok(Redirect::to("/login?next=/review").into_response());
    };
    if user.role == "viewer" {
        return Err(Failure::forbidden("the review queue is for analysts"));
    }
    let body = app.with(|store| {
        let mut h = Html::new();
        h.raw("<h1>Review</h1><p><a href=\"/upload\">Add a report</a></p>");
        let low = low_confidence(store)?;
        h.raw("<section class=\"review\"><h2>Low-confidence facts</h2>");
        if low.is_empty() {
            h.raw("<p class=\"none\">Nothing below the threshold.</p>");
        }
        h.raw("<table class=\"list\"><thead><tr><th>Fact</th><th>Confidence</th><th>Source</th></tr></thead><tbody>");
        for s in low.iter().take(200) {
            let st = &s.item;
            h.raw("<tr><td>");
            entity_link(&mut h, st.subject.id, &st.subject.name);
            h.raw(" <span class=\"pred\">").text(&st.predicate.replace('_', " ")).raw("</span> ");
            match &st.object {
                dossier_store::StoredObject::Entity(r) => entity_link(&mut h, r.id, &r.name),
                dossier_store::StoredObject::Value { value, .. } => {
                    h.text(value);
                }
            }
            h.raw("</td><td>").float(st.confidence, 2).raw("</td><td>");
            source_link(&mut h, &s.source, s.title.as_deref(), st.sentence);
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table></section>");
        Ok(h)
    })?;
    Ok(page("Review", viewer.0.as_ref(), &body))
}
