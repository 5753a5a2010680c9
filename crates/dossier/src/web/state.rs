//! What every request shares: the knowledge base (a small pool of SQLite connections), the
//! vocabulary, and how failures become responses.
//!
//! Reads run on the request's own thread with a pooled connection: SQLite reads in WAL mode
//! never wait for a writer, and a pooled connection keeps its prepared statements.

use std::path::PathBuf;
use std::sync::Mutex;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use dossier_model::Vocabulary;
use dossier_store::{Store, StoreError};

use super::html::Html;

/// How many idle connections the pool keeps.
const POOL: usize = 16;

/// The state of a running server.
pub struct App {
    pub db: PathBuf,
    pub vocabulary: Vocabulary,
    pool: Mutex<Vec<Store>>,
}

impl App {
    /// Opens the knowledge base (creating or migrating it) and checks it can be read.
    pub fn new(db: PathBuf, vocabulary: Vocabulary) -> anyhow::Result<App> {
        let store = crate::kb::open(&db)?;
        Ok(App {
            db,
            vocabulary,
            pool: Mutex::new(vec![store]),
        })
    }

    /// Runs `f` with a connection from the pool.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, Failure>) -> Result<T, Failure> {
        let taken = self.pool.lock().map(|mut p| p.pop()).unwrap_or(None);
        let mut store = match taken {
            Some(store) => store,
            None => Store::open(&self.db)?,
        };
        let result = f(&mut store);
        if let Ok(mut pool) = self.pool.lock()
            && pool.len() < POOL
        {
            pool.push(store);
        }
        result
    }
}

/// A request that could not be answered: the status and a message for the person.
#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub message: String,
}

impl Failure {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
        }
    }
    pub fn not_found(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::NOT_FOUND, message)
    }
    pub fn bad_request(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Failure {
        Failure::new(StatusCode::FORBIDDEN, message)
    }
    pub fn unauthorized() -> Failure {
        Failure::new(
            StatusCode::UNAUTHORIZED,
            "this needs a login or a bearer token (dossier user add / dossier user token)",
        )
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        let status = match &e {
            StoreError::NoSuchSource { .. } | StoreError::NoSuchAssessment { .. } => {
                StatusCode::NOT_FOUND
            }
            StoreError::BadPrefix { .. }
            | StoreError::Ambiguous { .. }
            | StoreError::EmptyQuery
            | StoreError::QueryTooLong { .. }
            | StoreError::BadStatus { .. }
            | StoreError::Invalid { .. } => StatusCode::BAD_REQUEST,
            StoreError::Locked { .. } => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Failure::new(status, e.to_string())
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        Failure::new(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}"))
    }
}

/// Failures of pages are pages.
impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let mut h = Html::new();
        h.raw("<h1>").num(self.status.as_u16()).raw(" ");
        h.text(self.status.canonical_reason().unwrap_or("error"));
        h.raw("</h1><p class=\"error\">")
            .text(&self.message)
            .raw("</p>");
        let title = self.status.canonical_reason().unwrap_or("error");
        let body = super::pages::layout(title, None, &h);
        (
            self.status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response()
    }
}

/// Failures of the JSON API are JSON: `{"error": "...", "status": 404}`.
#[derive(Debug)]
pub struct ApiFailure(pub Failure);

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": self.0.message,
            "status": self.0.status.as_u16(),
        });
        (self.0.status, axum::Json(body)).into_response()
    }
}

impl From<Failure> for ApiFailure {
    fn from(f: Failure) -> ApiFailure {
        ApiFailure(f)
    }
}
impl From<StoreError> for ApiFailure {
    fn from(e: StoreError) -> ApiFailure {
        ApiFailure(e.into())
    }
}
impl From<anyhow::Error> for ApiFailure {
    fn from(e: anyhow::Error) -> ApiFailure {
        ApiFailure(e.into())
    }
}
