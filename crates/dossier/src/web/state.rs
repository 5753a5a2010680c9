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
//! at once (and an answer begun before such a write is not kept).
//!
//! A cached answer is kept ready to write: status, headers (security headers, content type,
//! ETag) and body made once, shared by every response. The server's front (`server::Front`)
//! answers a GET of a cached path without a cookie or token from here, before the router:
//!
//! ```text
//! GET /api/entities/12 ──► Front: key "/api/entities/12" in the cache? ──► yes: write it
//!                                                                    └──► no: router → handler
//!                          handler: App::cached_many(key, maker) ──► profile::answers makes the
//!                          JSON and the page of entity 12 from one reading, both kept
//! ```

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, TryLockError};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
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

/// How much of the file the pooled connections read through a memory map: pages read after
/// another program's commit (which empties each connection's own page cache) cost no copy.
const MMAP: i64 = 1 << 30;

/// Most answers cached; the cache is emptied when it is full.
const CACHE_ENTRIES: usize = 20_000;

/// An answer as a handler makes it, to be cached: a body, or a redirect.
#[derive(Clone)]
pub struct Cached {
    pub content_type: &'static str,
    pub body: Bytes,
    /// Where a redirect (303: a split may undo a merge, so never permanent) sends.
    pub location: Option<String>,
}

impl Cached {
    /// A body of this type.
    pub fn body(content_type: &'static str, body: Vec<u8>) -> Cached {
        Cached {
            content_type,
            body: body.into(),
            location: None,
        }
    }

    /// A redirect.
    pub fn redirect(location: String) -> Cached {
        Cached {
            location: Some(location),
            ..Cached::body("text/plain; charset=utf-8", Vec::new())
        }
    }

    /// The status and every header of this answer, built once when it is cached: the
    /// content type (or the redirect's location) and the security headers of every response.
    fn head(&self) -> (StatusCode, HeaderMap) {
        let mut h = HeaderMap::with_capacity(8);
        super::server::security_headers_into(&mut h);
        let status = match self
            .location
            .as_deref()
            .and_then(|to| HeaderValue::try_from(to).ok())
        {
            Some(to) => {
                h.insert(header::LOCATION, to);
                StatusCode::SEE_OTHER
            }
            None => {
                h.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(self.content_type),
                );
                StatusCode::OK
            }
        };
        (status, h)
    }
}

/// What makes the answers of a cache entry again: every (path, answer) it yields is kept
/// (one profile makes both its JSON and its page), the path asked for among them.
pub type Maker = Arc<dyn Fn(&App) -> Result<Vec<(String, Cached)>, Failure> + Send + Sync>;

/// A cached answer, ready to be written: status, headers and body built once, shared by
/// every response (cloning the body is a reference count).
struct Entry {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    /// The knowledge base's version it was made at, and when.
    version: i64,
    made: Instant,
    /// How to make it again.
    maker: Maker,
}

impl Entry {
    fn response(&self) -> Response {
        let mut r = Response::new(Body::from(self.body.clone()));
        *r.status_mut() = self.status;
        *r.headers_mut() = self.headers.clone();
        r
    }
}

/// The state of a running server.
pub struct App {
    pub db: PathBuf,
    pub vocabulary: Vocabulary,
    pool: Mutex<Vec<Store>>,
    /// The connection whose `data_version` tells when anyone committed.
    watch: Mutex<Store>,
    cache: RwLock<HashMap<String, Arc<Entry>>>,
    /// Moves on every [`App::forget`]: an answer made before a write of this server is not
    /// kept after it.
    generation: AtomicU64,
    /// True while a background thread remakes a cached answer.
    refreshing: AtomicBool,
    /// The version last read, and when (nanoseconds since `epoch`).
    seen_version: AtomicI64,
    seen_at: AtomicU64,
    epoch: Instant,
    /// The name index of `/api/match`, with the version it was built at.
    screener: Mutex<Option<(i64, Arc<crate::screen::Screener>)>>,
}

impl App {
    /// Opens the knowledge base (creating or migrating it) and checks it can be read.
    pub fn new(db: PathBuf, vocabulary: Vocabulary) -> anyhow::Result<App> {
        let store = crate::kb::open(&db)?;
        store.map_for_reading(MMAP)?;
        let watch = crate::kb::open(&db)?;
        let version = watch.data_version()?;
        let epoch = Instant::now();
        Ok(App {
            db,
            vocabulary,
            pool: Mutex::new(vec![store]),
            watch: Mutex::new(watch),
            cache: RwLock::new(HashMap::new()),
            generation: AtomicU64::new(0),
            refreshing: AtomicBool::new(false),
            seen_version: AtomicI64::new(version),
            seen_at: AtomicU64::new(0),
            epoch,
            screener: Mutex::new(None),
        })
    }

    /// The knowledge base's current version (changes on every commit of another connection),
    /// asked of SQLite at most every [`VERSION_CHECK`]; while one thread asks, the others take
    /// the version last read.
    fn version(&self) -> Result<i64, Failure> {
        let now = self.epoch.elapsed().as_nanos() as u64;
        let at = self.seen_at.load(Ordering::Acquire);
        if at != 0 && now.saturating_sub(at) < VERSION_CHECK.as_nanos() as u64 {
            return Ok(self.seen_version.load(Ordering::Acquire));
        }
        let watch = match self.watch.try_lock() {
            Ok(w) => w,
            Err(TryLockError::WouldBlock) => return Ok(self.seen_version.load(Ordering::Acquire)),
            Err(TryLockError::Poisoned(_)) => {
                return Err(Failure::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "a lock is poisoned",
                ));
            }
        };
        let version = watch.data_version()?;
        self.seen_version.store(version, Ordering::Release);
        self.seen_at.store(now.max(1), Ordering::Release);
        Ok(version)
    }

    /// The answer for `key`: from the cache when it was made at the current version of the
    /// knowledge base; made by `make` and kept when there is none. An answer made before a
    /// commit by another program is still served while one background thread makes it again
    /// (at most one such refresh runs at a time), so a busy writer never makes readers wait.
    pub fn cached<F>(self: &Arc<Self>, key: &str, make: F) -> Result<Response, Failure>
    where
        F: Fn(&App) -> Result<Cached, Failure> + Send + Sync + 'static,
    {
        let key_owned = key.to_string();
        self.cached_many(
            key,
            Arc::new(move |app: &App| Ok(vec![(key_owned.clone(), make(app)?)])),
        )
    }

    /// Like [`App::cached`], with a maker that yields several answers at once (kept under
    /// their own paths, each remade with the same maker): `key` must be one of them.
    pub fn cached_many(self: &Arc<Self>, key: &str, maker: Maker) -> Result<Response, Failure> {
        if let Some(hit) = self.answer(key)? {
            return Ok(hit);
        }
        let version = self.version()?;
        let generation = self.generation.load(Ordering::Acquire);
        let made = maker(self)?;
        self.keep(version, generation, made, &maker)
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, e)| e.response())
            .ok_or_else(|| {
                Failure::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("no answer was made for {key}"),
                )
            })
    }

    /// The cached answer for `key` (a request's path), if there is one: a route match, a
    /// lookup and a write of bytes made earlier. When the knowledge base has moved on for
    /// longer than [`STALE`], one background thread makes it again meanwhile.
    pub fn answer(self: &Arc<Self>, key: &str) -> Result<Option<Response>, Failure> {
        let Some(hit) = self
            .cache
            .read()
            .ok()
            .and_then(|c| c.get(key).map(Arc::clone))
        else {
            return Ok(None);
        };
        let version = self.version()?;
        if hit.version != version
            && hit.made.elapsed() >= STALE
            && !self.refreshing.swap(true, Ordering::AcqRel)
        {
            let app = Arc::clone(self);
            let key = key.to_string();
            let maker = Arc::clone(&hit.maker);
            let generation = self.generation.load(Ordering::Acquire);
            tokio::task::spawn_blocking(move || {
                match maker(&app) {
                    Ok(fresh) => {
                        app.keep(version, generation, fresh, &maker);
                    }
                    // Made again on the next request, which then gets the failure itself.
                    Err(_) => {
                        if let Ok(mut cache) = app.cache.write() {
                            cache.remove(&key);
                        }
                    }
                }
                app.refreshing.store(false, Ordering::Release);
            });
        }
        Ok(Some(hit.response()))
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

    /// Keeps answers made at `version` by `maker` (unless this server wrote since they were
    /// begun: then they are returned but not kept).
    fn keep(
        &self,
        version: i64,
        generation: u64,
        made: Vec<(String, Cached)>,
        maker: &Maker,
    ) -> Vec<(String, Arc<Entry>)> {
        let now = Instant::now();
        let entries: Vec<(String, Arc<Entry>)> = made
            .into_iter()
            .map(|(key, answer)| {
                let (status, mut headers) = answer.head();
                if status == StatusCode::OK {
                    // A browser keeps the answer and asks again with If-None-Match.
                    headers.insert(header::ETAG, etag_of(&answer.body));
                    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
                }
                let entry = Entry {
                    status,
                    headers,
                    body: answer.body,
                    version,
                    made: now,
                    maker: Arc::clone(maker),
                };
                (key, Arc::new(entry))
            })
            .collect();
        if let Ok(mut cache) = self.cache.write()
            && self.generation.load(Ordering::Acquire) == generation
        {
            if cache.len() + entries.len() > CACHE_ENTRIES {
                cache.clear();
            }
            for (key, entry) in &entries {
                cache.insert(key.clone(), Arc::clone(entry));
            }
        }
        entries
    }

    /// Forgets every cached answer (after a write of this server).
    pub fn forget(&self) {
        if let Ok(mut cache) = self.cache.write() {
            self.generation.fetch_add(1, Ordering::AcqRel);
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
            None => {
                let store = Store::open(&self.db)?;
                store.map_for_reading(MMAP)?;
                store
            }
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

/// The entity tag of a body: the start of its SHA-256, quoted (the same body, made again,
/// has the same tag).
fn etag_of(body: &[u8]) -> HeaderValue {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(body);
    let mut tag = String::with_capacity(34);
    tag.push('"');
    for b in &digest[..16] {
        tag.push_str(&format!("{b:02x}"));
    }
    tag.push('"');
    HeaderValue::try_from(tag).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
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

/// An answer made for one request only (a page for a logged-in user).
impl IntoResponse for Cached {
    fn into_response(self) -> Response {
        let (status, headers) = self.head();
        let mut r = Response::new(Body::from(self.body));
        *r.status_mut() = status;
        *r.headers_mut() = headers;
        r
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn app() -> (tempfile::TempDir, Arc<App>) {
        let dir = tempfile::tempdir().unwrap();
        let vocabulary = Vocabulary::builtin().unwrap();
        let app = App::new(dir.path().join("kb.db"), vocabulary).unwrap();
        (dir, Arc::new(app))
    }

    fn body(r: Response) -> (StatusCode, HeaderMap, Bytes) {
        let (parts, body) = r.into_parts();
        let bytes = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(axum::body::to_bytes(body, usize::MAX))
            .unwrap();
        (parts.status, parts.headers, bytes)
    }

    #[test]
    fn one_making_keeps_every_answer_until_the_server_writes() {
        let (_dir, app) = app();
        let made = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&made);
        let maker: Maker = Arc::new(move |_: &App| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            Ok(vec![
                (
                    "/api/x".to_string(),
                    Cached::body("application/json", format!("{{\"n\":{n}}}").into_bytes()),
                ),
                ("/x".to_string(), Cached::redirect("/y".to_string())),
            ])
        });
        let (status, headers, first) = body(app.cached_many("/api/x", Arc::clone(&maker)).unwrap());
        assert_eq!(status, StatusCode::OK);
        assert_eq!(&first[..], b"{\"n\":0}");
        assert!(headers.get(header::ETAG).is_some());
        assert_eq!(
            headers.get(header::CONTENT_SECURITY_POLICY).unwrap(),
            super::super::server::CSP
        );
        // The other answer was kept by the same making, and both come from the cache.
        let (status, headers, _) = body(app.answer("/x").unwrap().expect("kept"));
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers.get(header::LOCATION).unwrap(), "/y");
        assert!(headers.get(header::ETAG).is_none(), "no tag on a redirect");
        let (_, _, again) = body(app.cached_many("/api/x", Arc::clone(&maker)).unwrap());
        assert_eq!(again, first);
        assert_eq!(made.load(Ordering::SeqCst), 1);
        assert!(app.answer("/nothing").unwrap().is_none());
        // A write of the server empties the cache: made again.
        app.forget();
        assert!(app.answer("/x").unwrap().is_none());
        let (_, _, fresh) = body(app.cached_many("/api/x", maker).unwrap());
        assert_eq!(&fresh[..], b"{\"n\":1}");
    }

    #[test]
    fn an_answer_begun_before_a_write_is_served_but_not_kept() {
        let (_dir, app) = app();
        let inner = Arc::clone(&app);
        let maker: Maker = Arc::new(move |_: &App| {
            // The server writes while this answer is being made.
            inner.forget();
            Ok(vec![(
                "/k".to_string(),
                Cached::body("text/plain", b"old".to_vec()),
            )])
        });
        let (status, _, b) = body(app.cached_many("/k", maker).unwrap());
        assert_eq!((status, &b[..]), (StatusCode::OK, &b"old"[..]));
        assert!(app.answer("/k").unwrap().is_none());
    }

    #[test]
    fn a_maker_that_misses_its_own_key_is_a_failure() {
        let (_dir, app) = app();
        let maker: Maker = Arc::new(|_: &App| Ok(vec![]));
        let err = app.cached_many("/k", maker).unwrap_err();
        assert_eq!(err.status, StatusCode::INTERNAL_SERVER_ERROR);
    }
}
