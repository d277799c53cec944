//! `/api/v1/names`: the house style of the first memory: check a text,
//! fix it, list the style, prefer a spelling, add a variant.

use crate::serve::AppState;
use crate::serve::error::{ApiError, Json};
use crate::serve::pool::blocking;
use axum::extract::State;
use dragoman::formats::values::{TextKind, check_value};
use dragoman::names::HouseStyle;
use dragoman::names::style::{FindingOut, StyleEntry};
use serde::{Deserialize, Serialize};

/// What names check answers: each finding as `names check --format json` prints it.
#[derive(Serialize, schemars::JsonSchema)]
pub struct FindingsOut<'a> {
    findings: Vec<FindingOut<'a>>,
}

/// What names fix answers: the text rewritten, and the findings.
#[derive(Serialize, schemars::JsonSchema)]
pub struct FixOut<'a> {
    text: &'a str,
    findings: Vec<FindingOut<'a>>,
}

/// The house style's entries (each as `names list --format json` prints it).
#[derive(Serialize, schemars::JsonSchema)]
pub struct StyleOut<'a> {
    entries: &'a [StyleEntry],
}

/// The entry a change to the house style made or changed.
#[derive(Serialize, schemars::JsonSchema)]
pub struct EntryOut {
    entry: Option<StyleEntry>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TextIn {
    text: String,
}

/// The house style of the first memory (kept loaded while unchanged);
/// an error if it has none.
async fn style(state: &AppState) -> Result<std::sync::Arc<HouseStyle>, ApiError> {
    let inner = state.inner.clone();
    let style = state.inner.readers[0].read(move |memory| Ok(inner.references.get(memory)?.style)).await?;
    if style.is_empty() {
        return Err(ApiError::new(axum::http::StatusCode::CONFLICT, "no_house_style", "the memory has no house style"));
    }
    Ok(style)
}

/// `POST /api/v1/names/check`: `{"findings": [...]}`, each as `names
/// check --format json` prints it (file `<request>`).
pub async fn check(State(state): State<AppState>, Json(input): Json<TextIn>) -> Result<Json<serde_json::Value>, ApiError> {
    let style = style(&state).await?;
    blocking(move || {
        let rewrite = style.rewrite(&dragoman::text::nfc(&input.text));
        Ok(Json(serde_json::to_value(FindingsOut { findings: dragoman::names::style::findings("<request>", &rewrite) })?))
    })
    .await
}

/// `POST /api/v1/names/fix`: the text with names in the house style,
/// and the findings: `{"text": …, "findings": [...]}`.
pub async fn fix(State(state): State<AppState>, Json(input): Json<TextIn>) -> Result<Json<serde_json::Value>, ApiError> {
    let style = style(&state).await?;
    blocking(move || {
        let rewrite = style.rewrite(&dragoman::text::nfc(&input.text));
        let findings = dragoman::names::style::findings("<request>", &rewrite);
        Ok(Json(serde_json::to_value(FixOut { text: &rewrite.text, findings })?))
    })
    .await
}

/// `GET /api/v1/names/style`: `{"entries": [{preferred, variants}]}`
/// (each as `names list --format json` prints it).
pub async fn list(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let style = state.inner.readers[0].read(|memory| Ok(HouseStyle::load(memory)?)).await?;
    Ok(Json(serde_json::to_value(StyleOut { entries: style.entries() }).map_err(anyhow::Error::from)?))
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferIn {
    /// The preferred spelling.
    name: String,
    #[serde(default)]
    variants: Vec<String>,
}

/// `POST /api/v1/names/style/prefer`: makes a spelling the house style
/// (as `names prefer`); answers its entry.
pub async fn prefer(State(state): State<AppState>, Json(input): Json<PreferIn>) -> Result<Json<EntryOut>, ApiError> {
    change_style(&state, input.name, input.variants, false).await
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VariantIn {
    /// The preferred spelling of the entry.
    preferred: String,
    variant: String,
}

/// `POST /api/v1/names/style/variant`: adds a variant to an entry.
pub async fn add_variant(State(state): State<AppState>, Json(input): Json<VariantIn>) -> Result<Json<EntryOut>, ApiError> {
    change_style(&state, input.preferred, vec![input.variant], true).await
}

/// Prefers `name` with `variants`; with `existing`, `name` must be the
/// preferred spelling of an entry already (adding a variant).
async fn change_style(state: &AppState, name: String, variants: Vec<String>, existing: bool) -> Result<Json<EntryOut>, ApiError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(ApiError::bad_request("the name is empty"));
    }
    check_value(&name, "the name", TextKind::Line).map_err(ApiError::bad_request)?;
    for (k, variant) in variants.iter().enumerate() {
        check_value(variant, format_args!("variant {}", k + 1), TextKind::Line).map_err(ApiError::bad_request)?;
    }
    let location = state.inner.memories[0].location.clone();
    blocking(move || {
        let mut memory = dragoman::memory::Memory::open(&location, dragoman::fuzzy::index_keys())?;
        let mut style = HouseStyle::load(&memory)?;
        if existing && !style.entries().iter().any(|e| e.preferred == name) {
            return Ok(Err(ApiError::not_found("no_such_name", format!("'{name}' is not a preferred spelling of the house style"))));
        }
        let variants: Vec<&str> = variants.iter().map(String::as_str).collect();
        style.prefer(&name, &variants);
        style.save(&mut memory)?;
        let entry = style.entries().iter().find(|e| e.preferred == name).cloned();
        Ok(Ok(Json(EntryOut { entry })))
    })
    .await?
}
