//! `/api/v1/import` and `/api/v1/export`: files in and out of the first
//! memory, through the command line's own import (by the
//! [`Desk`](crate::serve::desk::Desk) it gives: the same readers, the
//! same one transaction per import, the same report) and the library's
//! export.

use crate::serve::AppState;
use crate::serve::auth::Caller;
use crate::serve::desk::Upload;
use crate::serve::error::{ApiError, Body, Json, Query};
use crate::serve::pool::blocking;
use axum::extract::{Extension, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use dragoman::formats::export::{ExportFormat, ExportOptions, export_to};
use dragoman::lang::Lang;
use serde::Deserialize;

fn lang(tag: Option<&str>, field: &str) -> Result<Option<Lang>, ApiError> {
    tag.map(|t| Lang::parse(t).map_err(|e| ApiError::bad_request(format!("{field}: {e}")))).transpose()
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportIn {
    /// csv, tsv, tmx, xliff or po: what the body is (it is told by its
    /// content too, and a body of another kind is refused).
    format: String,
    /// The file's name, kept as the units' document (default `upload.FORMAT`).
    name: Option<String>,
    src_lang: Option<String>,
    tgt_lang: Option<String>,
    /// Skip bad CSV records instead of failing.
    #[serde(default)]
    skip_bad: bool,
}

/// `POST /api/v1/import?format=…`: the body is the file. Answers the
/// import's report as `import --format json` prints it; a file that
/// fails adds nothing.
pub async fn import(
    State(state): State<AppState>,
    Extension(_caller): Extension<Caller>,
    Query(input): Query<ImportIn>,
    Body(body): Body,
) -> Result<Json<serde_json::Value>, ApiError> {
    if !matches!(input.format.as_str(), "csv" | "tsv" | "tmx" | "xliff" | "po") {
        return Err(ApiError::bad_request(format!("format: '{}' is not csv, tsv, tmx, xliff or po", input.format)));
    }
    let name = input.name.clone().unwrap_or_else(|| format!("upload.{}", input.format));
    if name.chars().any(char::is_control) || name.len() > 255 {
        return Err(ApiError::bad_request("name: at most 255 bytes, no control characters"));
    }
    let (src_lang, tgt_lang) = (lang(input.src_lang.as_deref(), "src_lang")?, lang(input.tgt_lang.as_deref(), "tgt_lang")?);
    let location = state.inner.memories[0].location.clone();
    let format = input.format;
    let desk = state.inner.desk.clone();
    blocking(move || {
        let kind = dragoman::formats::detect::detect(&body[..body.len().min(dragoman::formats::detect::SNIFF_BYTES)], &name);
        use dragoman::formats::detect::FileKind;
        let told = match kind {
            FileKind::Tmx => Some("tmx"),
            FileKind::Xliff => Some("xliff"),
            FileKind::Po => Some("po"),
            _ => None,
        };
        // a TMX, XLIFF or PO body must be named as such; anything else is read as CSV/TSV
        if told.map_or(!matches!(format.as_str(), "csv" | "tsv"), |t| t != format) {
            anyhow::bail!("{name}: the body is {}, not {format}", told.unwrap_or("not TMX, XLIFF or PO"));
        }
        let report = desk.import(Upload { name, body, src_lang, tgt_lang, skip_bad: input.skip_bad }, &location)?;
        Ok(Json(report))
    })
    .await
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportIn {
    /// csv (default), tsv, tmx, xliff (1.2), xliff2 (2.1) or po.
    format: Option<String>,
    src_lang: Option<String>,
    tgt_lang: Option<String>,
    #[serde(default)]
    bom: bool,
    /// TMX: one `tu` with every language of a source.
    #[serde(default)]
    multilingual: bool,
    /// Superseded units too.
    #[serde(default)]
    all: bool,
}

/// The content types an export answers with (each with `; charset=utf-8`).
pub const EXPORT_TYPES: &[&str] =
    &["text/csv", "text/tab-separated-values", "application/x-tmx+xml", "application/xliff+xml", "text/x-gettext-translation"];

/// `GET /api/v1/export?format=…`: the first memory's pairs as a file
/// (as `export` writes it).
pub async fn export(State(state): State<AppState>, Query(input): Query<ExportIn>) -> Result<Response, ApiError> {
    let format = input.format.unwrap_or_else(|| "csv".to_string());
    let (src_lang, tgt_lang) = (lang(input.src_lang.as_deref(), "src_lang")?, lang(input.tgt_lang.as_deref(), "tgt_lang")?);
    let format_wanted = match format.as_str() {
        "csv" => ExportFormat::Csv,
        "tsv" => ExportFormat::Tsv,
        "tmx" => ExportFormat::Tmx,
        "xliff" => ExportFormat::Xliff,
        "xliff2" => ExportFormat::Xliff2,
        "po" => ExportFormat::Po,
        _ => return Err(ApiError::bad_request(format!("format: '{format}' is not csv, tsv, tmx, xliff, xliff2 or po"))),
    };
    let options = ExportOptions {
        format: format_wanted,
        src_lang,
        tgt_lang,
        bom: input.bom,
        multilingual: input.multilingual,
        superseded: input.all,
    };
    let bytes = state.inner.readers[0]
        .read(move |memory| {
            let mut bytes = Vec::new();
            export_to(memory, &options, &mut bytes)?;
            Ok(bytes)
        })
        .await?;
    let content_type = match format.as_str() {
        "tmx" => "application/x-tmx+xml; charset=utf-8",
        "xliff" | "xliff2" => "application/xliff+xml; charset=utf-8",
        "po" => "text/x-gettext-translation; charset=utf-8",
        "tsv" => "text/tab-separated-values; charset=utf-8",
        _ => "text/csv; charset=utf-8",
    };
    let disposition = format!("attachment; filename=\"memory.{format}\"");
    Ok(([(header::CONTENT_TYPE, content_type.to_string()), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response())
}
