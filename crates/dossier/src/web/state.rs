//! What every request shares: the knowledge base (a small pool of SQLite connections), the
//! vocabulary, and how failures become responses.
//!
//! Reads run on the request's own thread with a pooled connection: SQLite reads in WAL mode
//! never wait for a writer, and a pooled connection keeps its prepared statements.
//!
//! Answers that take many reads (profiles, the home page) are cached by path. A cached answer
//! is current while the knowledge base has not changed since it was made (one watching
//! connection's `PRAGMA data_version` moves on every commit by anyone). After a commit by
//! another program (an ingest from the command line), it is served for [`STALE`], then still
//! served while a background thread makes it again; the web app's own writes empty the cache
//! at once.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use dossier_model::Vocabulary;
use dossier_store::{Store, StoreError};

use super::html::Html;

/// How many idle connections the pool keeps.
const POOL: usize = 16;

/// How long a cached answer is served after a commit by another program before it is made
/// again (in the background).
pub const STALE: Duration = Duration::from_secs(1);

/// How often the knowledge base's version is read (a commit by another program is noticed
/// within this).
const VERSION_CHECK: Duration = Duration::from_millis(5);

/// Most answers cached; the cache is emptied when it is full.
const CACHE_ENTRIES: usize = 20_000;

/// A cached answer: a body, or a redirect.
#[derive(Clone)]
pub struct Cached {
    pub content_type: &'static str,
    pub body: axum::body::Bytes,
    /// Where a redirect (303: a split may undo a merge, so never permanent) sends.
    pub location: Option<String>,
    version: i64,
    made: Instant,
}

impl Cached {
    /// A body of this type.
    pub fn body(content_type: &'static str, body: Vec<u8>) -> Cached {
        Cached {
            content_type,
            body: body.into(),
            location: None,
            version: 0,
            made: Instant::now(),
        }
    }

    /// A redirect.
    pub fn redirect(location: String) -> Cached {
        Cached {
            location: Some(location),
            ..Cached::body("text/plain; charset=utf-8", Vec::new())
        }
    }
}

/// The state of a running server.
pub struct App {
    pub db: PathBuf,
    pub vocabulary: Vocabulary,
    pool: Mutex<Vec<Store>>,
    /// The connection whose `data_version` tells when anyone committed.
    watch: Mutex<Store>,
    cache: Mutex<HashMap<String, Cached>>,
    /// True while a background thread remakes a cached answer.
    refreshing: AtomicBool,
    /// The version last read and when.
    seen: Mutex<Option<(Instant, i64)>>,
    /// The name index of `/api/match`, with the version it was built at.
    screener: Mutex<Option<(i64, Arc<crate::screen::Screener>)>>,
}

impl App {
    /// Opens the knowledge base (creating or migrating it) and checks it can be read.
    pub fn new(db: PathBuf, vocabulary: Vocabulary) -> anyhow::Result<App> {
        let store = crate::kb::open(&db)?;
        let watch = crate::kb::open(&db)?;
        Ok(App {
            db,
            vocabulary,
            pool: Mutex::new(vec![store]),
            watch: Mutex::new(watch),
            cache: Mutex::new(HashMap::new()),
            refreshing: AtomicBool::new(false),
            seen: Mutex::new(None),
            screener: Mutex::new(None),
        })
    }

    /// The knowledge base's current version (changes on every commit of another connection),
    /// asked of SQLite at most every [`VERSION_CHECK`].
    fn version(&self) -> Result<i64, Failure> {
        let poisoned = || Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "a lock is poisoned");
        let mut seen = self.seen.lock().map_err(|_| poisoned())?;
        if let Some((at, version)) = *seen
            && at.elapsed() < VERSION_CHECK
        {
            return Ok(version);
        }
        let version = self.watch.lock().map_err(|_| poisoned())?.data_version()?;
        *seen = Some((Instant::now(), version));
        Ok(version)
    }

    /// The answer for `key`: from the cache when it was made at the current version of the
    /// knowledge base; made by `make` and kept when there is none. An answer made before a
    /// commit by another program is still served while one background thread makes it again
    /// (at most one such refresh runs at a time), so a busy writer never makes readers wait.
    pub fn cached<F>(self: &Arc<Self>, key: &str, make: F) -> Result<Cached, Failure>
    where
        F: Fn(&App) -> Result<Cached, Failure> + Send + 'static,
    {
        let version = self.version()?;
        let hit = self.cache.lock().ok().and_then(|c| c.get(key).cloned());
        if let Some(hit) = hit {
            if hit.version != version
                && hit.made.elapsed() >= STALE
                && !self.refreshing.swap(true, Ordering::AcqRel)
            {
                let app = Arc::clone(self);
                let key = key.to_string();
                tokio::task::spawn_blocking(move || {
                    if let Ok(fresh) = make(&app) {
                        app.keep(&key, version, fresh);
                    }
                    app.refreshing.store(false, Ordering::Release);
                });
            }
            return Ok(hit);
        }
        let made = make(self)?;
        Ok(self.keep(key, version, made))
    }

    /// The name index over every stored name, rebuilt when the knowledge base has changed.
    pub fn screener(&self) -> Result<Arc<crate::screen::Screener>, Failure> {
        let version = self.version()?;
        if let Ok(held) = self.screener.lock()
            && let Some((v, s)) = held.as_ref()
            && *v == version
        {
            return Ok(Arc::clone(s));
        }
        let built = Arc::new(self.with(|store| {
            Ok(crate::screen::Screener::from_store(
                store,
                &self.vocabulary,
            )?)
        })?);
        if let Ok(mut held) = self.screener.lock() {
            *held = Some((version, Arc::clone(&built)));
        }
        Ok(built)
    }

    /// Keeps an answer made at `version`.
    fn keep(&self, key: &str, version: i64, made: Cached) -> Cached {
        let entry = Cached {
            version,
            made: Instant::now(),
            ..made
        };
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_ENTRIES {
                cache.clear();
            }
            cache.insert(key.to_string(), entry.clone());
        }
        entry
    }

    /// Forgets every cached answer (after a write of this server).
    pub fn forget(&self) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.clear();
        }
    }

    /// Runs `f` with a connection from the pool.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, Failure>) -> Result<T, Failure> {
        // On a server thread, say that this blocks, so that other requests move to other
        // threads while a long read runs.
        match tokio::runtime::Handle::try_current() {
            Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
                tokio::task::block_in_place(|| self.with_store(f))
            }
            _ => self.with_store(f),
        }
    }

    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
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
impl IntoResponse for Cached {
    fn into_response(self) -> Response {
        match &self.location {
            Some(to) => axum::response::Redirect::to(to).into_response(),
            None => ([(header::CONTENT_TYPE, self.content_type)], self.body).into_response(),
        }
    }
}

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
