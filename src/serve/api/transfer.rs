//! `/api/v1/import` and `/api/v1/export`: files in and out of the first
//! memory, through the library's import (`formats::import`, as the
//! command line's: the same readers, the same one transaction per
//! import, the same report) and the library's export.

use crate::serve::AppState;
use crate::serve::auth::Caller;
use crate::serve::error::{ApiError, Body, Json, Query, rejected};
use crate::serve::pool::blocking;
use axum::extract::{Extension, FromRequest, Multipart, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use dragoman::formats::export::{ExportFormat, ExportOptions, export_to};
use dragoman::formats::import::ImportOptions;
use dragoman::lang::Lang;
use serde::Deserialize;

fn lang(tag: Option<&str>, field: &str) -> Result<Option<Lang>, ApiError> {
    tag.map(|t| Lang::parse(t).map_err(|e| ApiError::bad_request(format!("{field}: {e}")))).transpose()
}

#[derive(Deserialize, schemars::JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ImportIn {
    /// csv, tsv, tmx, xliff or po: what the file is. Without it the file's
    /// content (and name) tell, as `import` tells; with it, a file of
    /// another kind is refused.
    format: Option<String>,
    /// The file's name, kept as the units' document (default: the
    /// uploaded file's name, or `upload.FORMAT`).
    name: Option<String>,
    src_lang: Option<String>,
    tgt_lang: Option<String>,
    /// Skip bad CSV records instead of failing.
    #[serde(default)]
    skip_bad: bool,
}

/// `POST /api/v1/import`: the file is the body (options in the query
/// string), or the part `file` of a `multipart/form-data` form as
/// browsers and CAT tools send it (options as its other fields, or in
/// the query string). Both are held to the upload limit (413). Answers
/// the import's report as `import --format json` prints it; a file that
/// fails adds nothing.
pub async fn import(
    State(state): State<AppState>,
    Extension(_caller): Extension<Caller>,
    Query(input): Query<ImportIn>,
    request: Request,
) -> Result<Json<serde_json::Value>, ApiError> {
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    let (input, body, file_name) = if is_form {
        let form = Multipart::from_request(request, &state).await.map_err(|e| rejected(e.status(), e.body_text()))?;
        read_form(form, input).await?
    } else {
        let Body(body) = Body::from_request(request, &state).await?;
        (input, body, None)
    };
    if let Some(format) = &input.format
        && !matches!(format.as_str(), "csv" | "tsv" | "tmx" | "xliff" | "po")
    {
        return Err(ApiError::bad_request(format!("format: '{format}' is not csv, tsv, tmx, xliff or po")));
    }
    let name = input.name.clone().or(file_name).unwrap_or_else(|| format!("upload.{}", input.format.as_deref().unwrap_or("csv")));
    if name.is_empty() || name.chars().any(char::is_control) || name.len() > 255 {
        return Err(ApiError::bad_request("name: 1 to 255 bytes, no control characters"));
    }
    let (src_lang, tgt_lang) = (lang(input.src_lang.as_deref(), "src_lang")?, lang(input.tgt_lang.as_deref(), "tgt_lang")?);
    let location = state.inner.memories[0].location.clone();
    let format = input.format;
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
        if let Some(format) = format
            && told.map_or(!matches!(format.as_str(), "csv" | "tsv"), |t| t != format)
        {
            anyhow::bail!("{name}: the body is {}, not {format}", told.unwrap_or("not TMX, XLIFF or PO"));
        }
        let options = ImportOptions {
            src_lang,
            tgt_lang,
            all_targets: false,
            source_column: None,
            target_column: None,
            no_header: false,
            no_quotes: false,
            skip_bad: input.skip_bad,
            include_unfinished: false,
            // as long as `dragoman import` waits for another writer by default
            wait: std::time::Duration::from_secs(600),
            names: crate::serve::desk::import_field,
        };
        let body = Box::new(std::io::Cursor::new(body));
        let progress = std::sync::Arc::new(dragoman::formats::import::NoProgress);
        let report = dragoman::formats::import::import(&options, name, body, &location, dragoman::fuzzy::index_keys(), progress)
            .map_err(crate::serve::desk::import_error)?;
        Ok(Json(serde_json::to_value(report)?))
    })
    .await
}

/// Reads an import form: the part `file` (its file name is the default
/// document name) and the fields of [`ImportIn`], which take the place
/// of the same fields of the query string.
async fn read_form(mut form: Multipart, mut input: ImportIn) -> Result<(ImportIn, axum::body::Bytes, Option<String>), ApiError> {
    let broken = |e: axum::extract::multipart::MultipartError| rejected(e.status(), e.body_text());
    let mut file = None;
    while let Some(field) = form.next_field().await.map_err(broken)? {
        let part = field.name().unwrap_or_default().to_string();
        if part == "file" {
            let file_name = field.file_name().map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_string()).filter(|n| !n.is_empty());
            file = Some((field.bytes().await.map_err(broken)?, file_name));
            continue;
        }
        let value = field.text().await.map_err(broken)?;
        let value = value.trim();
        let given = (!value.is_empty()).then(|| value.to_string());
        match part.as_str() {
            "format" => input.format = given.or(input.format),
            "name" => input.name = given.or(input.name),
            "src_lang" => input.src_lang = given.or(input.src_lang),
            "tgt_lang" => input.tgt_lang = given.or(input.tgt_lang),
            // a checkbox sends its value (`on` by default) only when checked
            "skip_bad" => input.skip_bad = !matches!(value, "" | "false" | "0" | "off"),
            other => return Err(ApiError::bad_request(format!("the form has a field '{other}' that import does not take"))),
        }
    }
    let (body, file_name) = file.ok_or_else(|| ApiError::bad_request("the form has no part 'file'"))?;
    Ok((input, body, file_name))
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
