//! The web pages (issue 13): lookup, concordance, alignment review,
//! units, house style. Plain HTML, one style sheet and one script, all
//! embedded in the binary (`assets/web/`, `include_str!`): no CDN, works
//! offline. The pages hold no data: the script fills them from the JSON
//! API (`/api/v1/…`), inserting every text from data with `textContent`
//! (never as HTML), and sends the CSRF token (`X-CSRF-Token`, from
//! `GET /api/v1/session`) with every request that changes the memory.
//!
//! Every page is served with a Content-Security-Policy that allows
//! scripts, styles and requests from this server only and no inline
//! script, so a stored text that holds markup cannot run even if it
//! were ever inserted as HTML.
//!
//! The review page can also open a document pair handed over by
//! `dragoman align A B --review` ([`launch`]): the command posts the two
//! texts to `POST /review/pairs` and opens `/review?pair=ID`. Those
//! pairs live in the server's memory only (not in the translation
//! memory), a bounded number of them, and only a loopback server takes
//! them (off loopback the page's own upload form is the way in).

pub mod launch;

use super::AppState;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The pages' routes, merged into the server's router.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for page in PAGES {
        router = router.route(page.path, get(move |query: Query<PageQuery>| async move { page_response(page, &query.0) }));
    }
    router
        .route("/assets/app.css", get(|| async { asset("text/css; charset=utf-8", APP_CSS) }))
        .route("/assets/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/review/pairs", axum::routing::post(add_pair))
        .route("/review/pairs/{id}", get(show_pair))
}

/// One page: its path, title, the key that reaches it (Alt+key in most
/// browsers, `accesskey`) and its body.
struct Page {
    id: &'static str,
    path: &'static str,
    title: &'static str,
    key: char,
    body: &'static str,
}

const PAGES: &[Page] = &[
    Page { id: "lookup", path: "/", title: "Lookup", key: 'l', body: include_str!("../../assets/web/lookup.html") },
    Page {
        id: "concordance",
        path: "/concordance",
        title: "Concordance",
        key: 'c',
        body: include_str!("../../assets/web/concordance.html"),
    },
    Page { id: "review", path: "/review", title: "Alignment review", key: 'r', body: include_str!("../../assets/web/review.html") },
    Page { id: "units", path: "/units", title: "Units", key: 'u', body: include_str!("../../assets/web/units.html") },
    Page { id: "style", path: "/style", title: "House style", key: 'h', body: include_str!("../../assets/web/style.html") },
];

const APP_CSS: &str = include_str!("../../assets/web/app.css");
const APP_JS: &str = include_str!("../../assets/web/app.js");

/// The policy of every page: scripts, styles, images and requests from
/// this server only; no inline script or style attribute from markup;
/// no framing (clickjacking); no `<base>`; forms post here only.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

#[derive(Deserialize)]
struct PageQuery {
    /// The page's language (BCP 47): sets `lang`, and `dir="rtl"` for a
    /// right-to-left script; the labels stay English.
    lang: Option<String>,
}

/// Languages written right to left (their primary subtag): Arabic,
/// Persian, Urdu, Hebrew, and the others of the Arabic and Hebrew
/// scripts in ISO 639-1 (Pashto, Sindhi, Uyghur, Kurdish Sorani as
/// `ckb`, Yiddish, Divehi). The script repeats the list (`RTL` in app.js).
const RIGHT_TO_LEFT: &[&str] = &["ar", "fa", "ur", "he", "iw", "ps", "sd", "ug", "ckb", "yi", "dv"];

/// `dir` of a language tag.
pub fn direction(lang: &str) -> &'static str {
    let primary = lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    if RIGHT_TO_LEFT.contains(&primary.as_str()) { "rtl" } else { "ltr" }
}

/// A language tag fit for an attribute: letters, digits and hyphens,
/// at most 35 characters (BCP 47's longest useful tag); else English.
fn page_lang(given: Option<&str>) -> &str {
    match given {
        Some(tag) if !tag.is_empty() && tag.len() <= 35 && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => tag,
        _ => "en",
    }
}

fn page_response(page: &Page, query: &PageQuery) -> Response {
    let lang = page_lang(query.lang.as_deref());
    let nav: String = PAGES
        .iter()
        .map(|p| {
            let current = if p.id == page.id { " aria-current=\"page\"" } else { "" };
            format!("<a href=\"{}\" accesskey=\"{}\"{current}>{}</a>", p.path, p.key, p.title)
        })
        .collect();
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · dragoman</title><link rel=\"stylesheet\" href=\"/assets/app.css\">\
         <script src=\"/assets/app.js\" defer></script></head>\
         <body data-page=\"{id}\"><header><span class=\"brand\">dragoman</span><nav>{nav}</nav>\
         <span id=\"who\"></span></header><div id=\"status\" role=\"status\" aria-live=\"polite\"></div>\
         <main>{body}</main></body></html>\n",
        dir = direction(lang),
        title = page.title,
        id = page.id,
        body = page.body,
    );
    with_headers(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    with_headers(response)
}

/// The security headers of every page and asset.
fn with_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// A document pair handed to the review page by `align --review`.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewPair {
    pub source: String,
    pub target: String,
    /// The documents' names, stored as the accepted pairs' provenance.
    pub source_name: String,
    pub target_name: String,
    pub src_lang: Option<String>,
    pub tgt_lang: Option<String>,
}

/// How many handed-over pairs the server keeps (the oldest goes first):
/// a morning's reviews, bounded so that posting cannot fill the memory.
const KEPT_PAIRS: usize = 64;

/// The pairs handed over, by id, and their ids in the order they came in.
#[derive(Default)]
struct KeptPairs {
    by_id: HashMap<String, ReviewPair>,
    order: std::collections::VecDeque<String>,
}

fn pairs() -> &'static Mutex<KeptPairs> {
    static PAIRS: OnceLock<Mutex<KeptPairs>> = OnceLock::new();
    PAIRS.get_or_init(Default::default)
}

fn refusal(status: StatusCode, code: &str, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": { "code": code, "message": message } }))).into_response()
}

/// True when the request may hand over a pair: a loopback server, a
/// loopback host name, a JSON body (a cross-origin page cannot send one
/// without a preflight, which this server does not answer) and no
/// foreign `Origin`.
fn may_hand_over(state: &AppState, headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let name =
        host.strip_prefix('[').map_or_else(|| host.rsplit_once(':').map_or(host, |(n, _)| n), |v6| v6.split(']').next().unwrap_or(""));
    let loopback_host = name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let json = headers.get(header::CONTENT_TYPE).and_then(|c| c.to_str().ok()).is_some_and(|c| c.starts_with("application/json"));
    let origin_ok = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()).is_none_or(|origin| origin == format!("http://{host}"));
    !state.inner.auth_required && loopback_host && json && origin_ok
}

/// `POST /review/pairs`: keeps a pair for the review page: `{"id": …}`.
async fn add_pair(State(state): State<AppState>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    if !may_hand_over(&state, &headers) {
        return refusal(StatusCode::FORBIDDEN, "forbidden", "only a loopback server takes document pairs from the command line");
    }
    if body.len() > state.inner.max_body {
        return refusal(StatusCode::PAYLOAD_TOO_LARGE, "too_large", "the pair is larger than the server's body limit");
    }
    let pair: ReviewPair = match serde_json::from_slice(&body) {
        Ok(pair) => pair,
        Err(e) => return refusal(StatusCode::BAD_REQUEST, "bad_json", &format!("the pair: {e}")),
    };
    let id = super::auth::new_secret()[..16].to_string();
    let mut kept = pairs().lock().unwrap_or_else(|e| e.into_inner());
    if kept.order.len() >= KEPT_PAIRS
        && let Some(oldest) = kept.order.pop_front()
    {
        kept.by_id.remove(&oldest);
    }
    kept.by_id.insert(id.clone(), pair);
    kept.order.push_back(id.clone());
    axum::Json(serde_json::json!({ "id": id })).into_response()
}

/// `GET /review/pairs/{id}`: a pair handed over.
async fn show_pair(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    if state.inner.auth_required {
        return refusal(StatusCode::FORBIDDEN, "forbidden", "only a loopback server keeps document pairs");
    }
    let kept = pairs().lock().unwrap_or_else(|e| e.into_inner());
    match kept.by_id.get(&id) {
        Some(pair) => axum::Json(pair.clone()).into_response(),
        None => refusal(StatusCode::NOT_FOUND, "no_such_pair", "no such document pair (the server was restarted, or it was long ago)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_persian_urdu_and_hebrew_pages_run_right_to_left() {
        for lang in ["ar", "fa", "ur", "he", "ar-EG", "fa_IR"] {
            assert_eq!(direction(lang), "rtl", "{lang}");
        }
        for lang in ["en", "zh", "zh-Hans", "fr", "ja", "arn"] {
            assert_eq!(direction(lang), "ltr", "{lang}");
        }
    }

    #[test]
    fn a_page_language_with_markup_falls_back_to_english() {
        assert_eq!(page_lang(Some("fa")), "fa");
        assert_eq!(page_lang(Some("\"><script>")), "en");
        assert_eq!(page_lang(Some("")), "en");
        assert_eq!(page_lang(None), "en");
    }
}
