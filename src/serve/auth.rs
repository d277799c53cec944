//! Who may do what. Every API route has a [`Role`] it needs and says
//! whether it changes the memory ([`Policy`], in `api::ROUTES`).
//!
//! - On loopback (the default), a request without credentials acts as
//!   the local user, with every role, as the command line does. So that a
//!   web page elsewhere cannot use that through the browser, the `Host`
//!   must be a loopback name (no DNS rebinding), and every request that
//!   changes the memory must pass the CSRF check below.
//! - Off loopback, every API request needs a token: `Authorization:
//!   Bearer TOKEN`, or the session cookie the login route
//!   (`POST /api/v1/session`) gives for a token. No credentials: 401; a
//!   role too low: 403.
//! - CSRF: a request that changes the memory and does not carry a bearer
//!   token (which a browser never adds by itself) must send the header
//!   `X-CSRF-Token` equal to the `dragoman_csrf` cookie (double submit;
//!   `GET /api/v1/session` sets the cookie and returns the value), and
//!   equal to its session's token when it has a session; and an `Origin`
//!   header, when present, must be this server's own or one given with
//!   `--cors-origin`. Otherwise: 403.
//!
//! Tokens are 32 random bytes (from the operating system, `getrandom`),
//! shown once as 64 hex digits after `dm_`; the memory keeps only their
//! SHA-256 (`sha2`), see `dragoman::memory::tokens`.

use super::AppState;
use super::error::ApiError;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a caller may do; each role may do all that the ones before it may.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Look up: suggest, search, segment, align, stats, export, names check.
    Reader,
    /// And add and correct units, fix names in a text.
    Translator,
    /// And import, delete units, change the house style.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Translator => "translator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        [Role::Reader, Role::Translator, Role::Admin].into_iter().find(|r| r.as_str() == text)
    }
}

/// What a route needs.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub role: Role,
    /// True when the route changes the memory (or the session): the CSRF
    /// check applies.
    pub writes: bool,
}

/// Who is calling, as the handlers see it.
#[derive(Debug, Clone)]
pub struct Caller {
    pub role: Role,
    /// The token's name, stored as who made a change; `None` for the
    /// local user on loopback.
    pub name: Option<String>,
}

/// How long a web session lasts: a working day.
const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// The cookies' names.
pub const SESSION_COOKIE: &str = "dragoman_session";
pub const CSRF_COOKIE: &str = "dragoman_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The web sessions, in the server's memory only (a restart logs
/// everyone out), by the SHA-256 of the session cookie.
#[derive(Default)]
pub struct Sessions {
    by_hash: Mutex<HashMap<String, Session>>,
}

#[derive(Clone)]
struct Session {
    caller: Caller,
    csrf: String,
    expires: Instant,
}

impl Sessions {
    /// Starts a session for `caller`: the session cookie's value and the
    /// CSRF token.
    pub fn start(&self, caller: Caller) -> (String, String) {
        let (id, csrf) = (new_secret(), new_secret());
        let mut sessions = self.by_hash.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        sessions.retain(|_, s| s.expires > now);
        sessions.insert(hash_hex(&id), Session { caller, csrf: csrf.clone(), expires: now + SESSION_LIFETIME });
        (id, csrf)
    }

    fn find(&self, id: &str) -> Option<Session> {
        let sessions = self.by_hash.lock().unwrap_or_else(|e| e.into_inner());
        sessions.get(&hash_hex(id)).filter(|s| s.expires > Instant::now()).cloned()
    }

    pub fn end(&self, id: &str) {
        self.by_hash.lock().unwrap_or_else(|e| e.into_inner()).remove(&hash_hex(id));
    }
}

/// A new secret: 32 random bytes as 64 hex digits.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system gives random bytes");
    hex(&bytes)
}

/// A new API token: `dm_` and a secret.
pub fn new_token() -> String {
    format!("dm_{}", new_secret())
}

/// The hex SHA-256 of a token or session id, as stored.
pub fn hash_hex(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The bearer token of the request, if any.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The caller a token names, or 401.
pub async fn caller_of_token(state: &AppState, token: &str) -> Result<Caller, ApiError> {
    let hash = hash_hex(token);
    let found = state.inner.readers[0].read(move |memory| Ok(memory.token_by_hash(&hash)?)).await?;
    let row = found.ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "bad_token", "the token is not known or was revoked"))?;
    let role =
        Role::parse(&row.role).ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "bad_token", "the token's role is not known"))?;
    Ok(Caller { role, name: Some(row.name) })
}

/// True when the `Host` header names a loopback address (or none is
/// given): on loopback, any other name is a page elsewhere reaching the
/// server through DNS rebinding.
fn host_is_loopback(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return true };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// True when the `Origin` header, if any, is this server (same host as
/// `Host`) or an allowed cross origin.
fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else { return true };
    if state.inner.cors_origins.iter().any(|allowed| allowed == origin) {
        return true;
    }
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
    origin == format!("http://{host}") || origin == format!("https://{host}")
}

fn forbidden(code: &'static str, message: &str) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, code, message)
}

/// The API's gate: finds the route's policy, the caller, checks the
/// role and, for writes, CSRF; the handler then finds the [`Caller`] in
/// the request's extensions.
pub async fn gate(State(state): State<AppState>, mut request: Request, next: Next) -> Result<Response, ApiError> {
    let path = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_default();
    let policy = super::api::policy(request.method(), &path)
        .ok_or_else(|| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "no_policy", "this route has no access policy"))?;
    let headers = request.headers();
    if !state.inner.auth_required && !host_is_loopback(headers) {
        return Err(forbidden("bad_host", "the server listens on loopback and answers only to a loopback host name"));
    }
    let (caller, csrf_of_session) = if let Some(token) = bearer(headers) {
        (Some(caller_of_token(&state, token).await?), None)
    } else if let Some(session) = cookie(headers, SESSION_COOKIE).and_then(|id| state.inner.sessions.find(id)) {
        (Some(session.caller), Some(session.csrf))
    } else if !state.inner.auth_required {
        (Some(Caller { role: Role::Admin, name: None }), None)
    } else {
        (None, None)
    };
    let is_login = path == "/api/v1/session" && request.method() == Method::POST;
    let Some(caller) = caller else {
        if !is_login {
            return Err(ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "this server needs a token: Authorization: Bearer TOKEN"));
        }
        check_write(&state, headers, None, true)?;
        return Ok(next.run(request).await);
    };
    if policy.writes && bearer(headers).is_none() {
        check_write(&state, headers, csrf_of_session.as_deref(), is_login)?;
    }
    if caller.role < policy.role {
        return Err(forbidden(
            "forbidden",
            &format!("this needs the {} role; the caller has {}", policy.role.as_str(), caller.role.as_str()),
        ));
    }
    request.extensions_mut().insert(caller);
    Ok(next.run(request).await)
}

/// The CSRF check of a request that changes something and carries no
/// bearer token: the origin, and (except at login, when there is no
/// session yet) the double-submitted token.
fn check_write(state: &AppState, headers: &HeaderMap, csrf_of_session: Option<&str>, is_login: bool) -> Result<(), ApiError> {
    if !origin_allowed(state, headers) {
        return Err(forbidden("bad_origin", "the request comes from a page of another origin"));
    }
    if is_login {
        return Ok(());
    }
    let sent = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
    let cookie = cookie(headers, CSRF_COOKIE).unwrap_or("");
    let matches = !sent.is_empty() && same_secret(sent, cookie) && csrf_of_session.is_none_or(|s| same_secret(sent, s));
    if !matches {
        return Err(forbidden(
            "bad_csrf_token",
            "a request that changes the memory needs the X-CSRF-Token header equal to the dragoman_csrf cookie (GET /api/v1/session gives both)",
        ));
    }
    Ok(())
}

/// CORS, only for the origins given with `--cors-origin` (none by
/// default: a browser then lets no other site read an answer). A
/// preflight from such an origin is answered here; every answer to it
/// names it. Credentials (cookies) are not shared across origins: a
/// program on another origin sends a bearer token.
pub async fn cors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()).map(str::to_string);
    let allowed = origin.filter(|o| state.inner.cors_origins.iter().any(|allowed| allowed == o));
    let Some(origin) = allowed else { return next.run(request).await };
    let preflight = request.method() == Method::OPTIONS && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if preflight {
        let mut response = Response::new(axum::body::Body::empty());
        *response.status_mut() = StatusCode::NO_CONTENT;
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, header::HeaderValue::from_static("GET, POST, PUT, DELETE"));
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, header::HeaderValue::from_static("authorization, content-type, x-csrf-token"));
        // ten minutes: browsers cap it about there anyway (Chromium: 2 hours, Firefox: 1 day)
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, header::HeaderValue::from_static("600"));
        response
    } else {
        next.run(request).await
    };
    if let Ok(value) = header::HeaderValue::from_str(&origin) {
        response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        response.headers_mut().append(header::VARY, header::HeaderValue::from_static("Origin"));
    }
    response
}

/// The `Set-Cookie` value for a cookie of this server: `Secure` when
/// served off loopback (behind TLS), `SameSite=Strict` always, and
/// `HttpOnly` unless the page's script must read it (the CSRF token).
pub fn set_cookie(state: &AppState, name: &str, value: &str, http_only: bool, max_age: Option<u64>) -> String {
    let mut cookie = format!("{name}={value}; Path=/; SameSite=Strict");
    if http_only {
        cookie.push_str("; HttpOnly");
    }
    if state.inner.auth_required {
        cookie.push_str("; Secure");
    }
    if let Some(seconds) = max_age {
        cookie.push_str(&format!("; Max-Age={seconds}"));
    }
    cookie
}

pub fn session_lifetime() -> Duration {
    SESSION_LIFETIME
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_name_other_than_loopback_is_told_apart() {
        let with = |host: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::HOST, host.parse().unwrap());
            host_is_loopback(&headers)
        };
        assert!(with("127.0.0.1:8765"));
        assert!(with("localhost:8765"));
        assert!(with("[::1]:8765"));
        assert!(!with("evil.example:8765"));
        assert!(!with("127.0.0.1.evil.example"));
    }

    #[test]
    fn a_cookie_is_found_among_several() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=1; dragoman_csrf=xyz; b=2".parse().unwrap());
        assert_eq!(cookie(&headers, CSRF_COOKIE), Some("xyz"));
        assert_eq!(cookie(&headers, SESSION_COOKIE), None);
    }

    #[test]
    fn a_token_hash_is_sha256_hex() {
        assert_eq!(hash_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(new_token().len(), 3 + 64);
    }
}
