//! The JSON API under `/api/`, and its OpenAPI document built from the same table that builds
//! the routes.
//!
//! ```text
//! GET /api/entities/12            ──► {"entity": {...}, "statements": [{"source": "9f2c…",
//!                                       "sentence": 3, "text": "…", "item": {...}}], "events": [...]}
//! GET /api/openapi.json           ──► {"openapi": "3.1.0", "paths": {"/api/entities/{id}": …}}
//! ```
//!
//! **Invariant: the OpenAPI document lists exactly the routes served.** Each endpoint is one
//! [`Endpoint`] holding its method, path, parameters, description *and* handler; the router
//! and the document are both made from [`endpoints`], so neither can miss one.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::gather::{self, Sourced};
use super::pages::{EventQuery, matching_entities, matching_sentences};
use super::profile::query_failure;
use super::state::{ApiFailure, App, Failure};
use dossier_query::Questions;

type Handler = MethodRouter<Arc<App>>;

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum In {
    Path,
    Query,
}

/// A parameter of an endpoint.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub name: &'static str,
    pub place: In,
    pub required: bool,
    /// `string` or `integer`.
    pub kind: &'static str,
    pub about: &'static str,
}

pub const fn path(name: &'static str, kind: &'static str, about: &'static str) -> Param {
    Param {
        name,
        place: In::Path,
        required: true,
        kind,
        about,
    }
}

pub const fn query(name: &'static str, kind: &'static str, about: &'static str) -> Param {
    Param {
        name,
        place: In::Query,
        required: false,
        kind,
        about,
    }
}

/// One endpoint of the API: what the document says and the handler that answers.
pub struct Endpoint {
    pub method: &'static str,
    pub path: &'static str,
    pub summary: &'static str,
    pub params: Vec<Param>,
    /// Whether it writes (and so needs an analyst's token or session).
    pub writes: bool,
    /// What a successful answer holds.
    pub returns: &'static str,
    /// The request body, when it takes one.
    pub body: Option<&'static str>,
    pub handler: Handler,
}

const EVENT_FILTERS: &[Param] = &[
    query("actor", "string", "An entity id, or a name to look up"),
    query(
        "from",
        "string",
        "Earliest date: YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    query("to", "string", "Latest date: YYYY, YYYY-MM or YYYY-MM-DD"),
    query("type", "string", "An ACLED event type id (battles, ...)"),
];

/// Every endpoint of the API, in the order the document lists them.
pub fn endpoints() -> Vec<Endpoint> {
    let mut list = vec![
        Endpoint {
            method: "get",
            path: "/api/search",
            summary: "Entities whose names match and sentences that match (full text), with highlights",
            params: vec![
                query(
                    "q",
                    "string",
                    "Words to search; a trailing * matches word starts",
                ),
                query(
                    "limit",
                    "integer",
                    "Most sentences to return (default 50, at most 500)",
                ),
            ],
            writes: false,
            returns: "{entities: [EntitySummary], sentences: [SearchHit]}",
            body: None,
            handler: get(search),
        },
        Endpoint {
            method: "get",
            path: "/api/match",
            summary: "Screen a name against every stored name: ranked candidates with scores and the reasons (in the shape of yente's /match)",
            params: vec![
                Param {
                    required: true,
                    ..query("name", "string", "The name to screen")
                },
                query("type", "string", "person, organization or other"),
                query(
                    "limit",
                    "integer",
                    "Most candidates (default 10, at most 100)",
                ),
            ],
            writes: false,
            returns: "{responses: {match: {query, results: [{id, caption, schema, score, match, matched_name, explanation, ...}], total}}, matcher, limit}",
            body: None,
            handler: get(screen),
        },
        Endpoint {
            method: "get",
            path: "/api/entities",
            summary: "Every entity with its type, names and number of sources",
            params: vec![query(
                "type",
                "string",
                "Only entities of this vocabulary type (or a subtype)",
            )],
            writes: false,
            returns: "[EntitySummary]",
            body: None,
            handler: get(entities),
        },
        Endpoint {
            method: "get",
            path: "/api/entities/{id}",
            summary: "An entity's profile (dossier-query): names, identifiers, sections of facts, timeline, rhetoric, judgements; every line with footnotes to its source sentences. A merged entity redirects to the one it became",
            params: vec![path("id", "integer", "Entity id")],
            writes: false,
            returns: "Profile {entity, names, identifiers, sections, timeline, rhetoric, assessments, footnotes}",
            body: None,
            handler: get(profile),
        },
        Endpoint {
            method: "get",
            path: "/api/entities/{id}/timeline",
            summary: "An entity's timeline (dossier-query): its events and the dated beginnings and ends of its relations, with footnotes",
            params: vec![path("id", "integer", "Entity id")],
            writes: false,
            returns: "Timeline {entries, footnotes}",
            body: None,
            handler: get(entity_timeline),
        },
        Endpoint {
            method: "get",
            path: "/api/entities/{id}/graph",
            summary: "The link graph around an entity as of a date, with a server-side layout",
            params: vec![
                path("id", "integer", "Entity id"),
                query(
                    "asof",
                    "string",
                    "Only links valid at this date (YYYY, YYYY-MM or YYYY-MM-DD)",
                ),
            ],
            writes: false,
            returns: "{nodes: [{id, name, type, x, y}], edges: [{from, to, predicate, source, sentence}]}",
            body: None,
            handler: get(super::graph::api),
        },
        Endpoint {
            method: "get",
            path: "/api/asof",
            summary: "What held for an entity at a date: statements whose valid time contains it",
            params: vec![
                Param {
                    required: true,
                    ..query("entity", "integer", "Entity id")
                },
                Param {
                    required: true,
                    ..query("date", "string", "YYYY, YYYY-MM or YYYY-MM-DD")
                },
            ],
            writes: false,
            returns: "AsOf {date, entity, held: [line with basis], undated, footnotes}",
            body: None,
            handler: get(asof),
        },
        Endpoint {
            method: "get",
            path: "/api/timeline",
            summary: "Events across the knowledge base, filtered by actor, dates and type",
            params: EVENT_FILTERS.to_vec(),
            writes: false,
            returns: "[Sourced<Event>]",
            body: None,
            handler: get(timeline),
        },
        Endpoint {
            method: "get",
            path: "/api/map/features",
            summary: "Located events as a GeoJSON FeatureCollection, filtered like the timeline",
            params: EVENT_FILTERS.to_vec(),
            writes: false,
            returns: "GeoJSON FeatureCollection of Point features",
            body: None,
            handler: get(map_features),
        },
        Endpoint {
            method: "get",
            path: "/api/sources",
            summary: "Every source, newest first",
            params: vec![],
            writes: false,
            returns: "[SourceSummary]",
            body: None,
            handler: get(sources),
        },
        Endpoint {
            method: "get",
            path: "/api/sources/{id}",
            summary: "A source: metadata, sentences with their citations, mentions, statements, events, judgements",
            params: vec![path(
                "id",
                "string",
                "Source id or a unique prefix (6+ hex digits)",
            )],
            writes: false,
            returns: "{source, sentences, citations, mentions, statements, events, assessments}",
            body: None,
            handler: get(source),
        },
        Endpoint {
            method: "get",
            path: "/api/sources/{id}/citations",
            summary: "A source's bibliography, each work with the sentences it supports",
            params: vec![path(
                "id",
                "string",
                "Source id or a unique prefix (6+ hex digits)",
            )],
            writes: false,
            returns: "[StoredCitation]",
            body: None,
            handler: get(citations),
        },
        Endpoint {
            method: "post",
            path: "/api/sources",
            summary: "Ingest a report sent as the request body (analyst)",
            params: vec![
                Param {
                    required: true,
                    ..query(
                        "name",
                        "string",
                        "File name; its extension (.txt, .md, .html) gives the format",
                    )
                },
                query("title", "string", "Title, when the file does not give one"),
                query("publisher", "string", "Publisher"),
                query("published", "string", "Publication date"),
                query("url", "string", "Address of the report"),
            ],
            writes: true,
            returns: "{id, status: ingested|unchanged, sentences, citations}",
            body: Some("The report's bytes (text/plain, text/markdown or text/html)"),
            handler: axum::routing::post(super::review::upload_api),
        },
        Endpoint {
            method: "get",
            path: "/api/audit",
            summary: "The latest writes: who, when, what (admin)",
            params: vec![query("limit", "integer", "How many lines (default 100)")],
            writes: false,
            returns: "[AuditRow]",
            body: None,
            handler: get(audit),
        },
    ];
    list.extend(super::review::endpoints());
    list
}

/// The API routes, and the document that describes them.
pub fn router() -> Router<Arc<App>> {
    let mut router = Router::new().route("/api/openapi.json", get(openapi));
    for e in endpoints() {
        router = router.route(e.path, e.handler);
    }
    router
}

/// The OpenAPI 3.1 document of [`endpoints`].
pub fn document() -> Value {
    let mut paths = serde_json::Map::new();
    for e in endpoints() {
        let params: Vec<Value> = e
            .params
            .iter()
            .map(|p| {
                json!({
                    "name": p.name,
                    "in": if p.place == In::Path { "path" } else { "query" },
                    "required": p.required,
                    "description": p.about,
                    "schema": {"type": p.kind},
                })
            })
            .collect();
        let mut op = json!({
            "summary": e.summary,
            "operationId": operation_id(e.method, e.path),
            "parameters": params,
            "responses": {
                "200": {"description": e.returns, "content": {"application/json": {"schema": {}}}},
                "400": {"description": "Bad request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "404": {"description": "Not found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        });
        if e.writes {
            op["security"] = json!([{"bearer": []}, {"session": []}]);
            op["responses"]["401"] = json!({"description": "No token or session"});
            op["responses"]["403"] =
                json!({"description": "The role is too weak, or the CSRF token is wrong"});
        }
        if let Some(body) = e.body {
            op["requestBody"] = json!({"required": true, "description": body,
                "content": {"application/json": {"schema": {}}, "text/plain": {"schema": {"type": "string"}}}});
        }
        let entry = paths.entry(e.path.to_string()).or_insert_with(|| json!({}));
        entry[e.method] = op;
    }
    paths.insert(
        "/api/openapi.json".into(),
        json!({"get": {"summary": "This document", "operationId": "openapi",
                        "responses": {"200": {"description": "OpenAPI 3.1 document"}}}}),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "dossier",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "A sourced knowledge base of conflict reports. Reads need nothing; writes need an analyst's bearer token (`dossier user token NAME`) or session with its CSRF token (X-CSRF-Token).",
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": super::auth::SESSION_COOKIE},
            },
            "schemas": {"Error": {"type": "object", "properties": {
                "error": {"type": "string"}, "status": {"type": "integer"}}}},
        },
    })
}

/// `get /api/entities/{id}` → `get_entities_id`.
fn operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_string();
    for part in path.trim_start_matches("/api/").split('/') {
        id.push('_');
        id.extend(
            part.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase()),
        );
    }
    id
}

async fn openapi() -> Json<Value> {
    Json(document())
}

/// A JSON answer.
pub fn ok<T: Serialize>(value: &T) -> Response {
    Json(value).into_response()
}

#[derive(Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
    limit: Option<usize>,
}

async fn search(
    State(app): State<Arc<App>>,
    Query(p): Query<SearchParams>,
) -> Result<Response, ApiFailure> {
    let q = p.q.trim();
    if q.is_empty() {
        return Err(Failure::bad_request("give words to search with ?q=").into());
    }
    let limit = p.limit.unwrap_or(50).clamp(1, 500);
    Ok(app.with(|store| {
        let entities = matching_entities(store, q)?;
        let sentences = matching_sentences(store, q, &entities, limit)?;
        Ok(ok(&json!({"entities": entities, "sentences": sentences})))
    })?)
}

#[derive(Deserialize)]
struct MatchParams {
    #[serde(default)]
    name: String,
    #[serde(default, rename = "type")]
    kind: String,
    limit: Option<usize>,
}

async fn screen(
    State(app): State<Arc<App>>,
    Query(p): Query<MatchParams>,
) -> Result<Response, ApiFailure> {
    let name = p.name.trim();
    if name.is_empty() {
        return Err(Failure::bad_request("give the name to screen with ?name=").into());
    }
    use dossier_names::index::NameType;
    let kind = match p.kind.trim() {
        "" => None,
        "person" => Some(NameType::Person),
        "organization" => Some(NameType::Organization),
        "other" => Some(NameType::Other),
        other => {
            return Err(Failure::bad_request(format!(
                "`{other}` is not a name type (person, organization or other)"
            ))
            .into());
        }
    };
    let limit = p.limit.unwrap_or(10).clamp(1, 100);
    let screener = app.screener()?;
    Ok(ok(&screener.query(name, kind, limit)))
}

#[derive(Deserialize)]
struct TypeParam {
    #[serde(default, rename = "type")]
    entity_type: String,
}

async fn entities(
    State(app): State<Arc<App>>,
    Query(p): Query<TypeParam>,
) -> Result<Response, ApiFailure> {
    Ok(app.with(|store| {
        let list: Vec<_> = store
            .entities()?
            .into_iter()
            .filter(|e| {
                p.entity_type.is_empty() || app.vocabulary.is_a(&e.entity_type, &p.entity_type)
            })
            .collect();
        Ok(ok(&list))
    })?)
}

/// A statement or event with its source and the sentence it was read from.
#[derive(Serialize)]
struct WithSentence<'a, T: Serialize> {
    source: &'a str,
    title: Option<&'a str>,
    sentence: Option<usize>,
    text: Option<String>,
    #[serde(flatten)]
    item: &'a T,
}

/// Facts with the text of their sentences.
fn with_sentences<'a, T: Serialize>(
    store: &dossier_store::Store,
    list: &'a [Sourced<T>],
    sentence_of: impl Fn(&T) -> Option<usize>,
) -> Result<Vec<WithSentence<'a, T>>, Failure> {
    let mut cache: std::collections::HashMap<&str, Vec<dossier_store::StoredSentence>> =
        Default::default();
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        if !cache.contains_key(s.source.as_str()) {
            cache.insert(&s.source, store.sentences(&s.source)?);
        }
        let sentence = sentence_of(&s.item);
        let text = sentence.and_then(|i| {
            cache
                .get(s.source.as_str())
                .and_then(|v| v.get(i))
                .map(|x| x.text.clone())
        });
        out.push(WithSentence {
            source: &s.source,
            title: s.title.as_deref(),
            sentence,
            text,
            item: &s.item,
        });
    }
    Ok(out)
}

async fn profile(State(app): State<Arc<App>>, Path(id): Path<i64>) -> Result<Response, ApiFailure> {
    // Made with the page of the same profile (see profile::answers).
    Ok(app.cached_many(
        &format!("/api/entities/{id}"),
        Arc::new(move |app: &App| super::profile::answers(app, id)),
    )?)
}

async fn entity_timeline(
    State(app): State<Arc<App>>,
    Path(id): Path<i64>,
) -> Result<Response, ApiFailure> {
    Ok(app.with(|store| {
        let q = Questions::new(store, &app.vocabulary).map_err(query_failure)?;
        let node = q.find(&id.to_string()).map_err(query_failure)?;
        let filter = dossier_query::TimelineFilter {
            entity: Some(node),
            ..Default::default()
        };
        Ok(ok(&q.timeline(&filter).map_err(query_failure)?))
    })?)
}

#[derive(Deserialize)]
struct AsOfParams {
    entity: String,
    date: String,
    predicate: Option<String>,
}

async fn asof(
    State(app): State<Arc<App>>,
    Query(p): Query<AsOfParams>,
) -> Result<Response, ApiFailure> {
    let date: dossier_model::FuzzyDate = p
        .date
        .trim()
        .parse()
        .map_err(|e| Failure::bad_request(format!("`{}` is not a date: {e}", p.date)))?;
    Ok(app.with(|store| {
        let q = Questions::new(store, &app.vocabulary).map_err(query_failure)?;
        let node = q.find(&p.entity).map_err(query_failure)?;
        let answer = q
            .as_of(date, &node, p.predicate.as_deref())
            .map_err(query_failure)?;
        Ok(ok(&answer))
    })?)
}

async fn timeline(
    State(app): State<Arc<App>>,
    Query(q): Query<EventQuery>,
) -> Result<Response, ApiFailure> {
    Ok(app.with(|store| {
        let filter = q.filter(store)?;
        let events = gather::events(store, &filter)?;
        Ok(ok(&with_sentences(store, &events, |e| e.sentence)?))
    })?)
}

async fn map_features(
    State(app): State<Arc<App>>,
    Query(q): Query<EventQuery>,
) -> Result<Response, ApiFailure> {
    Ok(app.with(|store| {
        let filter = q.filter(store)?;
        let features: Vec<Value> = gather::events(store, &filter)?
            .into_iter()
            .filter_map(|e| {
                let (lat, lon) = e.item.coordinates?;
                Some(json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {
                        "source": e.source, "sentence": e.item.sentence, "event_type": e.item.event_type,
                        "subtype": e.item.subtype, "date": e.item.date, "fatalities": e.item.fatalities,
                        "location": e.item.location, "participants": e.item.participants,
                        "description": e.item.description,
                    },
                }))
            })
            .collect();
        Ok(ok(&json!({"type": "FeatureCollection", "features": features})))
    })?)
}

async fn sources(State(app): State<Arc<App>>) -> Result<Response, ApiFailure> {
    Ok(app.with(|store| Ok(ok(&store.sources()?)))?)
}

async fn source(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    Ok(app.with(|store| {
        let src = store.source(&id)?;
        let mut meta = serde_json::to_value(&src).map_err(|e| Failure::from(anyhow::Error::from(e)))?;
        if let Some(obj) = meta.as_object_mut() {
            obj.remove("text");
        }
        let citations = store.citations(&src.id)?;
        let sentences: Vec<Value> = store
            .sentences(&src.id)?
            .into_iter()
            .map(|s| {
                let cites: Vec<usize> = citations.iter().filter(|c| c.sentences.contains(&s.idx)).map(|c| c.idx).collect();
                json!({"idx": s.idx, "kind": s.kind, "span": s.span, "text": s.text, "citations": cites})
            })
            .collect();
        Ok(ok(&json!({
            "source": meta,
            "sentences": sentences,
            "citations": citations,
            "mentions": store.source_mentions(&src.id)?,
            "statements": store.source_statements(&src.id)?,
            "events": store.source_events(&src.id)?,
            "assessments": store.source_assessments(&src.id)?,
        })))
    })?)
}

async fn citations(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Response, ApiFailure> {
    Ok(app.with(|store| Ok(ok(&store.citations(&id)?)))?)
}

#[derive(Deserialize)]
struct LimitParam {
    limit: Option<usize>,
}

async fn audit(
    State(app): State<Arc<App>>,
    viewer: super::auth::Viewer,
    Query(p): Query<LimitParam>,
) -> Result<Response, ApiFailure> {
    // Reading the log is not a write: no CSRF token needed, but only admins see it.
    let Some(user) = &viewer.0 else {
        return Err(Failure::unauthorized().into());
    };
    if user.role != "admin" {
        return Err(Failure::forbidden("the audit log is for admins").into());
    }
    let limit = p.limit.unwrap_or(100).clamp(1, 10_000);
    Ok(app.with(|store| Ok(ok(&store.audit_log(limit)?)))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_lists_every_endpoint_once_with_its_parameters() {
        let doc = document();
        let paths = doc["paths"].as_object().unwrap();
        for e in endpoints() {
            let op = &paths[e.path][e.method];
            assert!(op.is_object(), "{} {} missing", e.method, e.path);
            for p in &e.params {
                assert!(
                    op["parameters"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|q| q["name"] == p.name),
                    "{} lacks {}",
                    e.path,
                    p.name
                );
            }
            // Every {placeholder} of the path is a path parameter.
            for part in e.path.split('/').filter(|p| p.starts_with('{')) {
                let name = part.trim_matches(|c| c == '{' || c == '}');
                assert!(
                    e.params
                        .iter()
                        .any(|p| p.name == name && p.place == In::Path),
                    "{}",
                    e.path
                );
            }
        }
        let ids: std::collections::HashSet<String> = endpoints()
            .iter()
            .map(|e| operation_id(e.method, e.path))
            .collect();
        assert_eq!(ids.len(), endpoints().len(), "operation ids are unique");
    }
}
