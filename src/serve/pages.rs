//! The web pages (lookup, concordance, alignment review, units, house
//! style): HTML, CSS and JavaScript embedded in the binary, calling the
//! JSON API. A placeholder until the pages land: a page saying so.

use super::AppState;
use axum::Router;
use axum::response::Html;
use axum::routing::get;

/// The pages' routes, merged into the server's router.
pub fn routes() -> Router<AppState> {
    Router::new().route("/", get(index))
}

async fn index() -> Html<&'static str> {
    Html(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>dragoman</title></head>\
         <body><h1>dragoman</h1><p>The web pages are not here yet; the API is at <a href=\"/api/openapi.json\">/api/openapi.json</a>.</p></body></html>",
    )
}
