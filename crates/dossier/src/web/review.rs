//! Writes: ingest by upload (a form or the API), and the analysts' review queue.
//!
//! ```text
//! GET  /upload                    form: file name + text (analyst)
//! POST /upload   name, text, csrf                  ──► ingested, audited, redirected to the source
//! POST /api/sources?name=r.md   (Bearer TOKEN)     ──► {"id": "…", "status": "ingested", …}
//! GET  /review                    merge candidates (dossier-resolve) with Same / Different /
//!                                 Unsure buttons, a merge form, low-confidence statements (analyst)
//! POST /review/judge  left, right, judgement, csrf ──► judgement recorded, re-resolved, audited
//! POST /api/review/merge {"a": 4, "b": 9}          ──► {"entity": 4, "report": {...}}
//! ```
//!
//! Every write is audited (who, when, what) in the same store.

use std::path::Path as FsPath;
use std::sync::Arc;

use axum::Json;
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
use dossier_resolve::{Judgement, Report, ResolveError, Resolver};

/// Statements below this confidence are listed for review.
pub const LOW_CONFIDENCE: f64 = 0.6;

/// The review endpoints of the API.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint {
            method: "get",
            path: "/api/review",
            summary: "The review queue: merge candidates with their evidence (dossier-resolve) and low-confidence statements",
            params: vec![super::api::query(
                "limit",
                "integer",
                "Most candidates (default 50)",
            )],
            writes: false,
            returns: "{candidates: [ReviewItem], low_confidence: [{source, title, statement}]}",
            body: None,
            handler: get(queue_api),
        },
        Endpoint {
            method: "post",
            path: "/api/review/judge",
            summary: "Record an analyst's judgement on two entities (same, different, unsure) and re-resolve (analyst)",
            params: Vec::new(),
            writes: true,
            returns: "{entity: live id of left, report: resolution Report}",
            body: Some(
                "JSON {\"left\": id, \"right\": id, \"judgement\": \"same|different|unsure\", \"note\": optional}",
            ),
            handler: axum::routing::post(judge_api),
        },
        Endpoint {
            method: "get",
            path: "/api/assessments",
            summary: "The estimative judgements read from the reports, with their resolution",
            params: vec![super::api::query(
                "status",
                "string",
                "open, came_true or did_not",
            )],
            writes: false,
            returns: "[AssessmentRow]",
            body: None,
            handler: get(assessments_api),
        },
        Endpoint {
            method: "post",
            path: "/api/assessments/{id}",
            summary: "Record whether a judgement came true (analyst)",
            params: vec![super::api::path("id", "integer", "Judgement id")],
            writes: true,
            returns: "AssessmentRow",
            body: Some("JSON {\"status\": \"came_true|did_not|open\", \"note\": optional}"),
            handler: axum::routing::post(resolve_assessment_api),
        },
        Endpoint {
            method: "post",
            path: "/api/review/merge",
            summary: "Merge two entities: the judgement `same` (analyst)",
            params: Vec::new(),
            writes: true,
            returns: "{entity: the merged entity's id, report: resolution Report}",
            body: Some("JSON {\"a\": id, \"b\": id}"),
            handler: axum::routing::post(merge_api),
        },
    ]
}

/// A resolution failure as an HTTP failure.
fn resolve_failure(e: ResolveError) -> Failure {
    match e {
        ResolveError::Store(e) => e.into(),
        e @ ResolveError::NoSuchEntity { .. } => Failure::not_found(e.to_string()),
        e @ (ResolveError::SameEntity { .. }
        | ResolveError::AlreadyMerged { .. }
        | ResolveError::NoAnalyst) => Failure::bad_request(e.to_string()),
        e => Failure::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// Records a judgement as `user`, re-resolves, audits. Returns the live entity of `left` and
/// the resolution report.
pub fn judge(
    app: &App,
    user: &str,
    left: i64,
    right: i64,
    judgement: Judgement,
    note: Option<&str>,
) -> Result<(i64, Report), Failure> {
    let resolver = Resolver::builtin(&app.vocabulary).map_err(resolve_failure)?;
    app.with(|store| {
        let report = resolver
            .judge(store, left, right, judgement, user, note)
            .map_err(resolve_failure)?;
        let live = store.live_entity(left)?.unwrap_or(left);
        let detail = json!({"left": left, "right": right, "judgement": judgement.as_str(),
            "note": note, "live": live, "joined": report.joined, "left_entities": report.left});
        store.audit(
            user,
            "judge",
            Some(&format!("entities {left} {right}")),
            Some(&detail.to_string()),
        )?;
        app.forget();
        Ok((live, report))
    })
}

#[derive(Deserialize)]
pub struct JudgeBody {
    left: i64,
    right: i64,
    judgement: String,
    note: Option<String>,
}

async fn judge_api(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    headers: HeaderMap,
    Json(body): Json<JudgeBody>,
) -> Result<Response, ApiFailure> {
    let csrf = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    let user = viewer.writer(csrf)?.user.clone();
    let judgement: Judgement = body.judgement.parse().map_err(|_| {
        Failure::bad_request(format!(
            "`{}` is not a judgement (same, different or unsure)",
            body.judgement
        ))
    })?;
    let (live, report) = judge(
        &app,
        &user,
        body.left,
        body.right,
        judgement,
        body.note.as_deref(),
    )?;
    Ok(ok(&json!({"entity": live, "report": report})))
}

#[derive(Deserialize)]
pub struct MergeBody {
    a: i64,
    b: i64,
}

async fn merge_api(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    headers: HeaderMap,
    Json(body): Json<MergeBody>,
) -> Result<Response, ApiFailure> {
    let csrf = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    let user = viewer.writer(csrf)?.user.clone();
    let (live, report) = judge(&app, &user, body.a, body.b, Judgement::Same, None)?;
    Ok(ok(&json!({"entity": live, "report": report})))
}

#[derive(Deserialize)]
struct StatusParam {
    status: Option<String>,
}

async fn assessments_api(
    State(app): State<Arc<App>>,
    Query(p): Query<StatusParam>,
) -> Result<Response, ApiFailure> {
    Ok(app.with(|store| {
        Ok(ok(&store.assessments(
            p.status.as_deref().filter(|s| !s.is_empty()),
        )?))
    })?)
}

/// Records an analyst's decision on a judgement, audited.
fn resolve_assessment(
    app: &App,
    user: &str,
    id: i64,
    status: &str,
    note: Option<&str>,
) -> Result<dossier_store::AssessmentRow, Failure> {
    app.with(|store| {
        let row = store.resolve_assessment(id, status, note)?;
        let detail = json!({"status": status, "note": note}).to_string();
        store.audit(
            user,
            "resolve judgement",
            Some(&format!("judgement {id}")),
            Some(&detail),
        )?;
        app.forget();
        Ok(row)
    })
}

#[derive(Deserialize)]
pub struct ResolveBody {
    status: String,
    note: Option<String>,
}

async fn resolve_assessment_api(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<i64>,
    Json(body): Json<ResolveBody>,
) -> Result<Response, ApiFailure> {
    let csrf = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    let user = viewer.writer(csrf)?.user.clone();
    Ok(ok(&resolve_assessment(
        &app,
        &user,
        id,
        &body.status,
        body.note.as_deref(),
    )?))
}

#[derive(Deserialize)]
pub struct ResolveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
}

/// `POST /review/assessment` (the buttons beside open judgements).
pub async fn resolve_assessment_form(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    Form(form): Form<ResolveForm>,
) -> Result<Response, Failure> {
    let user = viewer.writer(Some(&form.csrf))?.user.clone();
    let id: i64 = form
        .id
        .trim()
        .parse()
        .map_err(|_| Failure::bad_request(format!("`{}` is not a judgement id", form.id)))?;
    resolve_assessment(
        &app,
        &user,
        id,
        form.status.trim(),
        nonempty(&form.note).as_deref(),
    )?;
    Ok(Redirect::to("/review#judgements").into_response())
}

#[derive(Deserialize)]
pub struct JudgeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    left: String,
    #[serde(default)]
    right: String,
    #[serde(default)]
    judgement: String,
    #[serde(default)]
    note: String,
}

/// `POST /review/judge` (the buttons of the queue and the merge form).
pub async fn judge_form(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    Form(form): Form<JudgeForm>,
) -> Result<Response, Failure> {
    let user = viewer.writer(Some(&form.csrf))?.user.clone();
    let id = |s: &str, what: &str| -> Result<i64, Failure> {
        s.trim()
            .parse()
            .map_err(|_| Failure::bad_request(format!("{what}: `{s}` is not an entity id")))
    };
    let (left, right) = (id(&form.left, "left")?, id(&form.right, "right")?);
    let judgement: Judgement = form
        .judgement
        .parse()
        .map_err(|_| Failure::bad_request(format!("`{}` is not a judgement", form.judgement)))?;
    let (live, _) = judge(
        &app,
        &user,
        left,
        right,
        judgement,
        nonempty(&form.note).as_deref(),
    )?;
    let to = if judgement == Judgement::Same {
        format!("/entities/{live}")
    } else {
        "/review".to_string()
    };
    Ok(Redirect::to(&to).into_response())
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
        app.forget();
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

#[derive(Deserialize)]
struct LimitParam {
    limit: Option<usize>,
}

async fn queue_api(
    State(app): State<Arc<App>>,
    Query(p): Query<LimitParam>,
) -> Result<Response, ApiFailure> {
    let limit = p.limit.unwrap_or(50).clamp(1, 1000);
    let resolver = Resolver::builtin(&app.vocabulary).map_err(resolve_failure)?;
    Ok(app.with(|store| {
        let candidates = resolver
            .review_queue(store, limit)
            .map_err(resolve_failure)?;
        let low = low_confidence(store)?;
        Ok(ok(&json!({
            "candidates": candidates,
            "low_confidence": low.iter().map(|s| json!({
                "source": s.source, "title": s.title, "statement": s.item,
            })).collect::<Vec<_>>(),
        })))
    })?)
}

/// One side of a candidate pair.
fn evidence(h: &mut Html, e: &dossier_resolve::EntityEvidence) {
    h.raw("<td>");
    entity_link(h, e.id, &e.name);
    h.raw(" <span class=\"type\">")
        .text(&e.entity_type)
        .raw("</span><br><span class=\"aka\">");
    h.text(&e.names.join("; "))
        .raw("</span><br><span class=\"meta\">");
    for (i, s) in e.sources.iter().enumerate() {
        if i > 0 {
            h.raw("; ");
        }
        source_link(h, &s.id, s.title.as_deref(), None);
    }
    h.raw("</span></td>");
}

/// The hidden fields and the three buttons of a judgement form.
fn judge_buttons(h: &mut Html, csrf: &str, left: i64, right: i64) {
    h.raw("<form method=\"post\" action=\"/review/judge\" class=\"judge\"><input type=\"hidden\" name=\"csrf\"")
        .attr("value", csrf)
        .raw("><input type=\"hidden\" name=\"left\"")
        .attr("value", &left.to_string())
        .raw("><input type=\"hidden\" name=\"right\"")
        .attr("value", &right.to_string())
        .raw("><button name=\"judgement\" value=\"same\">Same</button> <button name=\"judgement\" value=\"different\">Different</button> <button name=\"judgement\" value=\"unsure\">Unsure</button></form>");
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
    let csrf = user.csrf.clone();
    let resolver = Resolver::builtin(&app.vocabulary).map_err(resolve_failure)?;
    let body = app.with(|store| {
        let mut h = Html::new();
        h.raw("<h1>Review</h1><p><a href=\"/upload\">Add a report</a></p>");
        h.raw("<section><h2>Merge two entities</h2><form method=\"post\" action=\"/review/judge\" class=\"filters merge\"><input type=\"hidden\" name=\"csrf\"")
            .attr("value", &csrf)
            .raw("><input type=\"hidden\" name=\"judgement\" value=\"same\"><label>Entity id <input name=\"left\" id=\"merge-left\" inputmode=\"numeric\" required></label><label>and entity id <input name=\"right\" id=\"merge-right\" inputmode=\"numeric\" required></label><label>Note <input name=\"note\"></label><button id=\"merge-submit\">Merge</button></form></section>");
        let queue = resolver.review_queue(store, 50).map_err(resolve_failure)?;
        h.raw("<section class=\"review\"><h2>Possible duplicates</h2>");
        if queue.is_empty() {
            h.raw("<p class=\"none\">No pair is waiting for a decision.</p>");
        } else {
            h.raw("<table class=\"list\"><thead><tr><th>Entity</th><th>Entity</th><th>Why</th><th>Decision</th></tr></thead><tbody>");
            for item in &queue {
                h.raw("<tr>");
                evidence(&mut h, &item.left);
                evidence(&mut h, &item.right);
                h.raw("<td>score ").float(item.candidate.score, 2).raw("<ul>");
                for r in &item.candidate.reasons {
                    h.raw("<li>").text(r).raw("</li>");
                }
                h.raw("</ul></td><td>");
                judge_buttons(&mut h, &csrf, item.candidate.left, item.candidate.right);
                h.raw("</td></tr>");
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section>");
        let open = store.assessments(Some("open"))?;
        h.raw("<section class=\"review\" id=\"judgements\"><h2>Open judgements</h2>");
        if open.is_empty() {
            h.raw("<p class=\"none\">No open judgement.</p>");
        } else {
            h.raw("<table class=\"list\"><thead><tr><th>Judgement</th><th>Source</th><th>Came true?</th></tr></thead><tbody>");
            for a in open.iter().take(100) {
                h.raw("<tr><td><span class=\"band\">").text(&a.band.replace('_', " ")).raw("</span> <q>").text(&a.phrase).raw("</q> ").text(&a.claim).raw("</td><td>");
                let sentence = a.sentence.and_then(|i| usize::try_from(i).ok());
                source_link(&mut h, &a.source, a.source_title.as_deref(), sentence);
                h.raw("</td><td><form method=\"post\" action=\"/review/assessment\" class=\"judge\"><input type=\"hidden\" name=\"csrf\"")
                    .attr("value", &csrf)
                    .raw("><input type=\"hidden\" name=\"id\"")
                    .attr("value", &a.id.to_string())
                    .raw("><input name=\"note\" placeholder=\"note\" aria-label=\"note\"> <button name=\"status\" value=\"came_true\">Came true</button> <button name=\"status\" value=\"did_not\">Did not</button></form></td></tr>");
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section>");
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
