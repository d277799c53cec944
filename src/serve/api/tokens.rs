//! `/api/v1/tokens`: the API tokens, for admins (as `dragoman serve
//! token`): list, add (the token is in the answer, once), revoke.

use crate::serve::AppState;
use crate::serve::auth::{Role, hash_hex, new_token};
use crate::serve::error::{ApiError, Json};
use crate::serve::pool::blocking;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use dragoman::memory::tokens::TokenError;
use dragoman::memory::tokens::TokenRow;
use serde::{Deserialize, Serialize};

/// The tokens, without their secrets.
#[derive(Serialize, schemars::JsonSchema)]
pub struct TokensOut {
    tokens: Vec<TokenRow>,
}

/// A token made: the secret, shown this once.
#[derive(Serialize, schemars::JsonSchema)]
pub struct NewTokenOut {
    token: String,
    name: String,
    role: String,
    created_at: String,
}

/// A token revoked.
#[derive(Serialize, schemars::JsonSchema)]
pub struct RevokedOut {
    name: String,
    revoked: bool,
}

/// `GET /api/v1/tokens`: `{"tokens": [{name, role, created_at, revoked_at}]}`.
pub async fn list(State(state): State<AppState>) -> Result<Json<TokensOut>, ApiError> {
    let tokens = state.inner.readers[0].read(|memory| Ok(memory.tokens()?)).await?;
    Ok(Json(TokensOut { tokens }))
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenIn {
    name: String,
    role: Role,
}

/// `POST /api/v1/tokens`: `{"token": "dm_…", "name": …, "role": …}`.
pub async fn add(State(state): State<AppState>, Json(input): Json<TokenIn>) -> Result<Json<NewTokenOut>, ApiError> {
    let name = input.name.trim().to_string();
    if name.is_empty() || name.len() > 100 || name.chars().any(char::is_control) {
        return Err(ApiError::bad_request("name: 1 to 100 bytes, no control characters"));
    }
    let location = state.inner.memories[0].location.clone();
    let role = input.role;
    let added = blocking(move || {
        let mut memory = dragoman::memory::Memory::open_existing(&location, dragoman::fuzzy::index_keys())?;
        let token = new_token();
        Ok(match memory.add_token(&name, role.as_str(), &hash_hex(&token)) {
            Ok(row) => Ok(NewTokenOut { token, name: row.name, role: row.role, created_at: row.created_at }),
            Err(TokenError::NameTaken { .. }) => {
                Err(ApiError::new(StatusCode::CONFLICT, "token_name_taken", format!("there is already a token named '{name}'")))
            }
            Err(TokenError::Memory(e)) => Err(ApiError::from(e)),
        })
    })
    .await??;
    Ok(Json(added))
}

/// `DELETE /api/v1/tokens/{name}`.
pub async fn revoke(State(state): State<AppState>, Path(name): Path<String>) -> Result<Json<RevokedOut>, ApiError> {
    let location = state.inner.memories[0].location.clone();
    let shown = name.clone();
    let revoked =
        blocking(move || Ok(dragoman::memory::Memory::open_existing(&location, dragoman::fuzzy::index_keys())?.revoke_token(&name)?))
            .await?;
    if !revoked {
        return Err(ApiError::not_found("no_such_token", format!("no token named '{shown}' that is not already revoked")));
    }
    Ok(Json(RevokedOut { name: shown, revoked: true }))
}
