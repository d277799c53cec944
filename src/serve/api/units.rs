//! `/api/v1/units`: one stored unit shown, added, corrected, deleted,
//! restored, and its history (the library's corrections, as `dragoman
//! unit` uses them; the unit is the JSON `unit show --format json`
//! prints). Changes are recorded as made by the token's name, or by the
//! server's user on loopback.

use crate::serve::AppState;
use crate::serve::auth::Caller;
use crate::serve::error::{ApiError, Json};
use crate::serve::pool::blocking;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use dragoman::lang::Lang;
use dragoman::memory::corrections::CorrectionError;
use dragoman::memory::{Added, NewUnit};
use serde::{Deserialize, Serialize};

/// Who a change is recorded as made by.
pub fn who(caller: &Caller) -> Option<String> {
    caller.name.clone().or_else(dragoman::config::author)
}

/// A correction's error with its HTTP status.
fn correction_error(error: CorrectionError) -> ApiError {
    let message = error.to_string();
    match error {
        CorrectionError::NoSuchUnit { .. } => ApiError::not_found("no_such_unit", message),
        CorrectionError::Deleted { .. } => ApiError::new(StatusCode::CONFLICT, "unit_deleted", message),
        CorrectionError::NotDeleted { .. } => ApiError::new(StatusCode::CONFLICT, "unit_not_deleted", message),
        CorrectionError::SamePairStored { .. } => ApiError::new(StatusCode::CONFLICT, "same_pair_stored", message),
        CorrectionError::Memory(e) => ApiError::from(e),
        _ => ApiError::unprocessable(message),
    }
}

/// Runs a correction on the first memory, on a blocking thread.
async fn correcting<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut dragoman::memory::Memory) -> Result<T, CorrectionError> + Send + 'static,
) -> Result<T, ApiError> {
    let location = state.inner.memories[0].location.clone();
    let result = blocking(move || {
        let mut memory = dragoman::memory::Memory::open_existing(&location, dragoman::fuzzy::index_keys())?;
        Ok(f(&mut memory))
    })
    .await?;
    result.map_err(correction_error)
}

/// `GET /api/v1/units/{id}`.
pub async fn show(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<dragoman::memory::Unit>, ApiError> {
    let (unit, deleted) = state.inner.readers[0]
        .read(move |memory| {
            let unit = memory.unit(id)?;
            let deleted = unit.is_none() && memory.unit_was_deleted(id)?;
            Ok((unit, deleted))
        })
        .await?;
    match unit {
        Some(unit) => Ok(Json(unit)),
        None if deleted => Err(ApiError::new(StatusCode::GONE, "unit_deleted", format!("unit {id}: deleted (restore brings it back)"))),
        None => Err(ApiError::not_found("no_such_unit", format!("unit {id}: no such unit"))),
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUnitIn {
    src_lang: String,
    tgt_lang: String,
    source: String,
    target: String,
    /// Where the pair came from (default: "api").
    document: Option<String>,
}

/// How a pair was stored (as `import` counts them).
#[derive(Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AddedKind {
    New,
    Duplicate,
    Updated,
}

/// What storing a pair answers: how, and the unit stored.
#[derive(Serialize, schemars::JsonSchema)]
pub struct AddedOut {
    added: AddedKind,
    unit: Option<dragoman::memory::Unit>,
}

/// `POST /api/v1/units`: stores a pair: `{"added": "new"|"duplicate"|"updated", "unit": …}`.
pub async fn add(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Json(input): Json<NewUnitIn>,
) -> Result<Json<AddedOut>, ApiError> {
    let parse = |tag: &str, field: &str| Lang::parse(tag).map_err(|e| ApiError::bad_request(format!("{field}: {e}")));
    let (src, tgt) = (parse(&input.src_lang, "src_lang")?, parse(&input.tgt_lang, "tgt_lang")?);
    let mut unit = NewUnit::without_creator(src, tgt, &input.source, &input.target, input.document.as_deref().unwrap_or("api"));
    if unit.source.is_empty() || unit.target.is_empty() {
        return Err(ApiError::bad_request("source and target must not be empty"));
    }
    unit.created_by = who(&caller);
    let location = state.inner.memories[0].location.clone();
    blocking(move || {
        let mut memory = dragoman::memory::Memory::open(&location, dragoman::fuzzy::index_keys())?;
        let mut writer = memory.writer()?;
        let (added, id) = writer.add_with_id(&unit)?;
        writer.commit()?;
        let stored = match id {
            Some(id) => memory.unit(id)?,
            None => None,
        };
        let added = match added {
            Added::New => AddedKind::New,
            Added::Duplicate => AddedKind::Duplicate,
            Added::Updated => AddedKind::Updated,
        };
        Ok(Json(AddedOut { added, unit: stored }))
    })
    .await
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditIn {
    target: String,
    source: Option<String>,
}

/// `PUT /api/v1/units/{id}`: corrects the target (and source); the old
/// text goes to the unit's history.
pub async fn edit(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
    Json(input): Json<EditIn>,
) -> Result<Json<dragoman::memory::Unit>, ApiError> {
    let who = who(&caller);
    let unit = correcting(&state, move |memory| memory.edit_unit(id, input.source.as_deref(), &input.target, who.as_deref())).await?;
    Ok(Json(unit))
}

/// What deleting a unit answers, as `unit delete --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DeletedOut {
    id: i64,
    deleted: bool,
}

/// `DELETE /api/v1/units/{id}`: `{"id": …, "deleted": true}` as `unit delete --format json`.
pub async fn delete(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
) -> Result<Json<DeletedOut>, ApiError> {
    let who = who(&caller);
    correcting(&state, move |memory| memory.delete_unit(id, who.as_deref())).await?;
    Ok(Json(DeletedOut { id, deleted: true }))
}

/// `POST /api/v1/units/{id}/restore`.
pub async fn restore(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
) -> Result<Json<dragoman::memory::Unit>, ApiError> {
    let who = who(&caller);
    Ok(Json(correcting(&state, move |memory| memory.restore_unit(id, who.as_deref())).await?))
}

/// A unit's history, as `unit history --format json`.
#[derive(Serialize, schemars::JsonSchema)]
pub struct HistoryOut {
    id: i64,
    history: Vec<dragoman::memory::corrections::HistoryEntry>,
}

/// `GET /api/v1/units/{id}/history`: `{"id": …, "history": [...]}` as `unit history --format json`.
pub async fn history(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<HistoryOut>, ApiError> {
    let (history, exists) = state.inner.readers[0]
        .read(move |memory| {
            let history = memory.unit_history(id)?;
            let exists = !history.is_empty() || memory.unit(id)?.is_some();
            Ok((history, exists))
        })
        .await?;
    if !exists {
        return Err(ApiError::not_found("no_such_unit", format!("unit {id}: no such unit")));
    }
    Ok(Json(HistoryOut { id, history }))
}
