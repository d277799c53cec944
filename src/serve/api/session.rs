//! `/api/v1/session`: who the caller is, and web sessions: a token
//! exchanged for a session cookie (login), ended by logout.

use crate::serve::AppState;
use crate::serve::auth::{self, CSRF_COOKIE, Caller, SESSION_COOKIE};
use crate::serve::error::{ApiError, Json};
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, header};
use axum::response::{AppendHeaders, IntoResponse, Response};
use serde::{Deserialize, Serialize};

#[derive(Serialize, schemars::JsonSchema)]
pub struct SessionOut<'a> {
    /// The caller's role.
    pub role: &'a str,
    /// The token's name (none for the local user on loopback).
    pub name: Option<&'a str>,
    /// Whether this server needs tokens (it listens off loopback).
    pub auth_required: bool,
    /// The value to send as `X-CSRF-Token` with requests that change the memory.
    pub csrf_token: &'a str,
}

/// `GET /api/v1/session`: the caller, and the CSRF token (set as a
/// cookie too, if the request had none).
pub async fn show(State(state): State<AppState>, Extension(caller): Extension<Caller>, headers: HeaderMap) -> Response {
    let (csrf, new) = match auth::cookie(&headers, CSRF_COOKIE) {
        Some(token) if !token.is_empty() => (token.to_string(), false),
        _ => (auth::new_secret(), true),
    };
    let body = Json(SessionOut {
        role: caller.role.as_str(),
        name: caller.name.as_deref(),
        auth_required: state.inner.auth_required,
        csrf_token: &csrf,
    });
    if new {
        ([(header::SET_COOKIE, auth::set_cookie(&state, CSRF_COOKIE, &csrf, false, None))], body).into_response()
    } else {
        body.into_response()
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    pub token: String,
}

/// `POST /api/v1/session`: a token for a session cookie (HttpOnly,
/// SameSite=Strict, Secure off loopback) and a new CSRF token.
pub async fn login(State(state): State<AppState>, Json(login): Json<Login>) -> Result<Response, ApiError> {
    let caller = auth::caller_of_token(&state, login.token.trim()).await?;
    let (role, name) = (caller.role, caller.name.clone());
    let (session, csrf) = state.inner.sessions.start(caller);
    let lifetime = auth::session_lifetime().as_secs();
    // appended: an array of pairs would keep only the last cookie
    let cookies = AppendHeaders([
        (header::SET_COOKIE, auth::set_cookie(&state, SESSION_COOKIE, &session, true, Some(lifetime))),
        (header::SET_COOKIE, auth::set_cookie(&state, CSRF_COOKIE, &csrf, false, Some(lifetime))),
    ]);
    let body = Json(SessionOut { role: role.as_str(), name: name.as_deref(), auth_required: state.inner.auth_required, csrf_token: &csrf });
    Ok((cookies, body).into_response())
}

/// What logging out answers.
#[derive(Serialize, schemars::JsonSchema)]
pub struct LoggedOut {
    logged_out: bool,
}

/// `DELETE /api/v1/session`: ends the session and clears its cookies.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(id) = auth::cookie(&headers, SESSION_COOKIE) {
        state.inner.sessions.end(id);
    }
    // appended: an array of pairs would keep only the last cookie
    let cookies = AppendHeaders([
        (header::SET_COOKIE, auth::set_cookie(&state, SESSION_COOKIE, "", true, Some(0))),
        (header::SET_COOKIE, auth::set_cookie(&state, CSRF_COOKIE, "", false, Some(0))),
    ]);
    (cookies, Json(LoggedOut { logged_out: true })).into_response()
}
