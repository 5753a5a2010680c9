//! Who is asking: sessions (a cookie after logging in), API tokens (`Authorization: Bearer`),
//! roles, CSRF tokens on forms, password hashes.
//!
//! ```text
//! GET  /login                  form with a CSRF token (also in a short-lived cookie)
//! POST /login  name, password  argon2 check ──► Set-Cookie: dossier_session=<random>; HttpOnly; SameSite=Strict
//! POST /logout csrf            session ended
//! ```
//!
//! Reading needs nothing. Every write needs an analyst (or admin) by session or token; a write
//! through a form or by a session must carry the session's CSRF token (`csrf` field or
//! `X-CSRF-Token` header), a write by bearer token needs none (browsers never send it by
//! themselves). Only hashes are stored: argon2id for passwords, SHA-256 for secrets.

use std::sync::Arc;

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{Form, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use dossier_store::SessionRow;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::html::Html;
use super::pages::page;
use super::state::{App, Failure};

pub const SESSION_COOKIE: &str = "dossier_session";
const LOGIN_COOKIE: &str = "dossier_login";
/// How long a browser session lasts.
const SESSION_HOURS: i64 = 12;

/// The person behind a request, if any.
#[derive(Clone, Debug, Default)]
pub struct Viewer(pub Option<SessionRow>, pub bool);

impl Viewer {
    /// The user, when it is an analyst or admin allowed to write with this CSRF token.
    pub fn writer(&self, csrf: Option<&str>) -> Result<&SessionRow, Failure> {
        self.with_role("analyst", csrf)
    }

    /// The user, when their role is at least `role` and the CSRF token is right.
    pub fn with_role(&self, role: &str, csrf: Option<&str>) -> Result<&SessionRow, Failure> {
        let Some(user) = &self.0 else {
            return Err(Failure::unauthorized());
        };
        if rank(&user.role) < rank(role) {
            return Err(Failure::forbidden(format!(
                "this needs the {role} role; {} is {}",
                user.user, user.role
            )));
        }
        let by_token = self.1;
        if !by_token && !csrf.is_some_and(|c| constant_eq(c, &user.csrf)) {
            return Err(Failure::forbidden(
                "the form's CSRF token is missing or stale: reload the page and try again",
            ));
        }
        Ok(user)
    }
}

/// viewer < analyst < admin.
fn rank(role: &str) -> usize {
    dossier_store::ROLES
        .iter()
        .position(|r| *r == role)
        .unwrap_or(0)
}

impl FromRequestParts<Arc<App>> for Viewer {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Viewer, Failure> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let (secret, by_token) = match bearer {
            Some(t) => (Some(t.to_string()), true),
            None => (cookie(&parts.headers, SESSION_COOKIE), false),
        };
        let Some(secret) = secret else {
            return Ok(Viewer(None, false));
        };
        let hash = sha256_hex(&secret);
        let now = now_iso(0);
        let session = app.with(|store| Ok(store.session(&hash, &now)?))?;
        if by_token && session.is_none() {
            return Err(Failure::new(
                StatusCode::UNAUTHORIZED,
                "the bearer token is unknown or expired",
            ));
        }
        Ok(Viewer(session, by_token))
    }
}

/// The value of a cookie.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// 32 random bytes as hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

pub fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Compares secrets without stopping at the first difference.
fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// An argon2id PHC string for a password.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

/// True when `password` matches the stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// UTC now plus `hours`, ISO 8601 with milliseconds (the store's time format).
pub fn now_iso(hours: i64) -> String {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = d.as_secs() as i64 + hours * 3600;
    let (y, m, day) = crate::civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        d.subsec_millis()
    )
}

/// Starts a session for a user; returns the cookie's secret.
pub fn start_session(
    app: &App,
    user_id: i64,
    kind: &str,
    hours: Option<i64>,
) -> Result<String, Failure> {
    let secret = random_token();
    let csrf = if kind == "session" {
        random_token()
    } else {
        String::new()
    };
    let expires = hours.map(now_iso);
    app.with(|store| {
        store.add_session(
            user_id,
            &sha256_hex(&secret),
            kind,
            &csrf,
            expires.as_deref(),
        )?;
        Ok(())
    })?;
    Ok(secret)
}

#[derive(Deserialize, Default)]
pub struct Next {
    #[serde(default)]
    pub next: String,
}

/// Only paths of this app are followed after logging in.
fn local_path(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/"
    }
}

pub async fn login_form(viewer: Viewer, Query(next): Query<Next>) -> Response {
    let token = random_token();
    let mut h = Html::new();
    h.raw("<h1>Log in</h1><form class=\"login\" method=\"post\" action=\"/login\">")
        .raw("<input type=\"hidden\" name=\"csrf\"")
        .attr("value", &token)
        .raw("><input type=\"hidden\" name=\"next\"")
        .attr("value", local_path(&next.next))
        .raw("><label>Name <input name=\"name\" autocomplete=\"username\" required></label>")
        .raw("<label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>")
        .raw("<button>Log in</button></form><p class=\"hint\">Accounts are made with <code>dossier user add NAME --role analyst</code>.</p>");
    let mut resp = page("Log in", viewer.0.as_ref(), &h);
    set_cookie(
        &mut resp,
        &format!("{LOGIN_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict; Max-Age=3600"),
    );
    resp
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, Failure> {
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_eq(&expected, &form.csrf) {
        return Err(Failure::forbidden(
            "the login form is stale: open /login again",
        ));
    }
    let found = app.with(|store| Ok(store.user_password(&form.name)?))?;
    let user = match found {
        Some((id, _, phc)) if verify_password(&form.password, &phc) => id,
        _ => {
            return Err(Failure::new(
                StatusCode::UNAUTHORIZED,
                "unknown name or wrong password",
            ));
        }
    };
    let secret = start_session(&app, user, "session", Some(SESSION_HOURS))?;
    app.with(|store| {
        store.audit(&form.name, "login", None, None)?;
        Ok(())
    })?;
    let mut resp = Redirect::to(local_path(&form.next)).into_response();
    set_cookie(
        &mut resp,
        &format!(
            "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
            SESSION_HOURS * 3600
        ),
    );
    Ok(resp)
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(app): State<Arc<App>>,
    viewer: Viewer,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, Failure> {
    let user = viewer.with_role("viewer", Some(&form.csrf))?;
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        let name = user.user.clone();
        app.with(|store| {
            store.end_session(&sha256_hex(&secret))?;
            store.audit(&name, "logout", None, None)?;
            Ok(())
        })?;
    }
    let mut resp = Redirect::to("/").into_response();
    set_cookie(
        &mut resp,
        &format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    Ok(resp)
}

fn set_cookie(resp: &mut Response, value: &str) {
    if let Ok(v) = header::HeaderValue::from_str(value) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_secrets() {
        let phc = hash_password("correct horse").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &phc));
        assert!(!verify_password("wrong", &phc));
        assert!(!verify_password("x", "not a hash"));
        assert_eq!(random_token().len(), 64);
        assert_ne!(random_token(), random_token());
        assert!(constant_eq("abc", "abc") && !constant_eq("abc", "abd") && !constant_eq("a", "ab"));
    }

    #[test]
    fn only_local_redirects() {
        assert_eq!(local_path("/entities/3"), "/entities/3");
        assert_eq!(local_path("//evil.example/"), "/");
        assert_eq!(local_path("https://evil.example/"), "/");
        assert_eq!(local_path("/\\evil"), "/");
    }

    #[test]
    fn times() {
        let t = now_iso(0);
        assert_eq!(t.len(), 24);
        assert!(now_iso(1) > t);
    }
}
