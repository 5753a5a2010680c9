//! The router, the security headers every response carries, the static assets, and serving.
//!
//! ```text
//! pages  /  /search  /entities[/ID]  /sources[/ID]  /timeline  /map  /graph/ID  /review  /login
//! API    /api/...  (see api.rs; described at /api/openapi.json)
//! assets /assets/style.css  /assets/app.js   (the only script; no inline script anywhere)
//! ```
//!
//! **Invariant: no page makes the browser fetch anything from another host.** The
//! Content-Security-Policy allows only this origin's own stylesheet and script, no inline script
//! and no inline style; images are inline SVG or this origin's.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;

use anyhow::Context;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::future::RouteFuture;
use axum::routing::{get, post};
use axum::{Router, ServiceExt};

use super::state::App;
use super::{api, auth, graph, map, pages, profile, review, source_view};

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                       connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Largest request body accepted (uploads of reports).
pub const MAX_BODY: usize = 8 << 20;

/// Every route of the app.
pub fn router(app: Arc<App>) -> Router {
    let pages = Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/entities", get(pages::entities))
        .route("/entities/{id}", get(profile::entity))
        .route("/sources", get(pages::sources))
        .route("/sources/{id}", get(source_view::source))
        .route("/timeline", get(pages::timeline))
        .route("/map", get(map::page_handler))
        .route("/map.svg", get(map::svg))
        .route("/graph/{id}", get(graph::page_handler))
        .route("/review", get(review::page_handler))
        .route("/review/judge", post(review::judge_form))
        .route("/review/assessment", post(review::resolve_assessment_form))
        .route("/upload", get(review::upload_form).post(review::upload))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/assets/style.css", get(style))
        .route("/assets/app.js", get(script));
    pages
        .merge(api::router())
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(app)
}

async fn security_headers(mut resp: Response) -> Response {
    security_headers_into(resp.headers_mut());
    resp
}

/// Sets the security headers every response carries (cached answers hold them already).
pub fn security_headers_into(h: &mut HeaderMap) {
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

async fn not_found() -> super::state::Failure {
    super::state::Failure::not_found("there is no such page")
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("assets/style.css"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("assets/app.js"),
    )
        .into_response()
}

/// Serves `app` on `addr` until Ctrl-C (or `stop` resolves).
pub fn serve(app: App, addr: &str) -> anyhow::Result<()> {
    let addr: SocketAddr = addr
        .parse()
        .with_context(|| format!("`{addr}` is not an address like 127.0.0.1:8080"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr().unwrap_or(addr);
        eprintln!(
            "dossier: serving {} on http://{local}/ (Ctrl-C to stop)",
            app.db.display()
        );
        let app = Arc::new(app);
        let front = Front {
            router: router(Arc::clone(&app)),
            app,
        };
        axum::serve(
            axum::serve::ListenerExt::tap_io(listener, |tcp| {
                // Answers are written whole: send them at once.
                let _ = tcp.set_nodelay(true);
            }),
            front.into_make_service(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("the server stopped")
    })
}

/// The server's front: a GET of a cached answer, sent without a cookie or a token (so the
/// same for every visitor), is answered from the cache directly; everything else goes through
/// the router.
///
/// Only a path exactly equal to a cache key is answered here, and each key is the canonical
/// path of the handler that made it (`/entities/12`, `/api/entities/12`, `/`), so the answer
/// is the one that handler gives: same status, headers (security headers included) and body,
/// and the same freshness (see `App::answer`).
#[derive(Clone)]
pub struct Front {
    app: Arc<App>,
    router: Router,
}

impl Front {
    /// The answer from the cache, when the request may have one.
    fn cached(&self, req: &Request) -> Option<Response> {
        if req.method() != Method::GET || req.uri().query().is_some() {
            return None;
        }
        let h = req.headers();
        if h.contains_key(header::AUTHORIZATION) || h.contains_key(header::COOKIE) {
            return None;
        }
        self.app.answer(req.uri().path()).ok().flatten()
    }
}

/// What [`Front`] answers with: a cached answer at once, or the router's future; with the
/// request's If-None-Match, when a GET or HEAD sent one.
pub enum FrontFuture {
    Ready(Option<Response>),
    Routed(Pin<Box<RouteFuture<Infallible>>>, Option<HeaderValue>),
}

impl Future for FrontFuture {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            FrontFuture::Ready(r) => Poll::Ready(Ok(r.take().unwrap_or_else(|| {
                super::state::Failure::new(
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    "a response was polled twice",
                )
                .into_response()
            }))),
            FrontFuture::Routed(f, if_none_match) => match f.as_mut().poll(cx) {
                Poll::Ready(Ok(r)) => Poll::Ready(Ok(conditional(if_none_match.as_ref(), r))),
                other => other,
            },
        }
    }
}

impl tower_service::Service<Request> for Front {
    type Response = Response;
    type Error = Infallible;
    type Future = FrontFuture;

    fn poll_ready(&mut self, _: &mut std::task::Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request) -> FrontFuture {
        let if_none_match = match *req.method() {
            Method::GET | Method::HEAD => req.headers().get(header::IF_NONE_MATCH).cloned(),
            _ => None,
        };
        match self.cached(&req) {
            Some(answer) => FrontFuture::Ready(Some(conditional(if_none_match.as_ref(), answer))),
            None => FrontFuture::Routed(
                Box::pin(tower_service::Service::<Request>::call(
                    &mut self.router,
                    req,
                )),
                if_none_match,
            ),
        }
    }
}

/// `304 Not Modified` (the headers without the body's) when the request's If-None-Match
/// names the entity tag of a 200 answer; the answer itself otherwise.
fn conditional(if_none_match: Option<&HeaderValue>, answer: Response) -> Response {
    let (Some(wanted), Some(tag)) = (if_none_match, answer.headers().get(header::ETAG)) else {
        return answer;
    };
    if answer.status() != axum::http::StatusCode::OK || !etag_matches(wanted, tag) {
        return answer;
    }
    let (mut parts, _) = answer.into_parts();
    parts.status = axum::http::StatusCode::NOT_MODIFIED;
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::empty())
}

/// Whether an If-None-Match value (`*` or a list of tags, weak or strong) names `tag`
/// (the weak comparison of RFC 9110).
fn etag_matches(wanted: &HeaderValue, tag: &HeaderValue) -> bool {
    let (Ok(wanted), Ok(tag)) = (wanted.to_str(), tag.to_str()) else {
        return false;
    };
    let tag = tag.trim_start_matches("W/");
    wanted
        .split(',')
        .map(str::trim)
        .any(|w| w == "*" || w.trim_start_matches("W/") == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> HeaderValue {
        HeaderValue::from_str(s).unwrap()
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists() {
        let tag = v("\"abc\"");
        assert!(etag_matches(&v("\"abc\""), &tag));
        assert!(etag_matches(&v("W/\"abc\""), &tag));
        assert!(etag_matches(&v("\"x\", \"abc\""), &tag));
        assert!(etag_matches(&v("*"), &tag));
        assert!(!etag_matches(&v("\"abd\""), &tag));
        assert!(!etag_matches(&v("abc"), &tag));
        assert!(!etag_matches(&v(""), &tag));
    }

    #[test]
    fn only_a_matching_ok_answer_becomes_not_modified() {
        let answer = |status: u16| {
            let mut r = Response::new(axum::body::Body::from("body"));
            *r.status_mut() = axum::http::StatusCode::from_u16(status).unwrap();
            r.headers_mut().insert(header::ETAG, v("\"abc\""));
            r.headers_mut()
                .insert(header::CONTENT_TYPE, v("application/json"));
            security_headers_into(r.headers_mut());
            r
        };
        let r = conditional(Some(&v("\"abc\"")), answer(200));
        assert_eq!(r.status(), 304);
        assert_eq!(r.headers().get(header::ETAG), Some(&v("\"abc\"")));
        assert!(r.headers().get(header::CONTENT_TYPE).is_none());
        assert!(r.headers().get(header::CONTENT_SECURITY_POLICY).is_some());
        assert_eq!(conditional(Some(&v("\"abd\"")), answer(200)).status(), 200);
        assert_eq!(conditional(None, answer(200)).status(), 200);
        assert_eq!(conditional(Some(&v("\"abc\"")), answer(404)).status(), 404);
    }
}
