//! `GET /api/openapi.json`: an OpenAPI 3.0 description of the API, made
//! from the route list (`api::ROUTES`), so that every route served is
//! described; written by hand with `serde_json` rather than derived with
//! a crate (the routes are few, and their JSON shapes are the command
//! line's own types).

use super::api::ROUTES;
use axum::response::IntoResponse;
use serde_json::{Value, json};

/// The description as JSON.
pub fn description() -> Value {
    let mut paths = serde_json::Map::new();
    for route in ROUTES {
        let entry = paths.entry(route.path.to_string()).or_insert_with(|| json!({}));
        let parameters: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|part| part.strip_prefix('{').and_then(|p| p.strip_suffix('}')))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
            .collect();
        let mut operation = json!({
            "summary": route.summary,
            "operationId": format!("{}_{}", route.method.as_str().to_lowercase(), route.path.trim_start_matches("/api/v1/").replace(['/', '{', '}'], "_")),
            "x-dragoman-role": route.role.as_str(),
            "responses": {
                "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "object" } } } },
                "400": { "$ref": "#/components/responses/Error" },
                "401": { "$ref": "#/components/responses/Error" },
                "403": { "$ref": "#/components/responses/Error" },
            },
        });
        if !parameters.is_empty() {
            operation["parameters"] = Value::Array(parameters);
        }
        if matches!(route.method.as_str(), "POST" | "PUT") {
            operation["requestBody"] = json!({ "content": { "application/json": { "schema": { "type": "object" } } } });
        }
        entry[route.method.as_str().to_lowercase()] = operation;
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "dragoman",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Translation memory and sentence aligner. Off loopback every request needs a token (Authorization: Bearer) or a session cookie; requests that change the memory without a bearer token need X-CSRF-Token equal to the dragoman_csrf cookie.",
        },
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "responses": {
                "Error": {
                    "description": "An error: a stable code and a message",
                    "content": { "application/json": { "schema": {
                        "type": "object",
                        "properties": { "error": { "type": "object", "properties": {
                            "code": { "type": "string" }, "message": { "type": "string" } } } },
                    } } },
                },
            },
        },
        "security": [ {}, { "bearer": [] } ],
    })
}

pub async fn serve() -> impl IntoResponse {
    axum::Json(description())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_described_with_its_method() {
        let described = description();
        for route in ROUTES {
            let method = route.method.as_str().to_lowercase();
            assert!(described["paths"][route.path][&method].is_object(), "{} {} is not in the description", route.method, route.path);
        }
    }
}
