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

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

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
    let h = resp.headers_mut();
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
    resp
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
        let router = router(Arc::new(app));
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("the server stopped")
    })
}
