//! `GET /api/openapi.json`: an OpenAPI 3.0 description of the API, made
//! from the route list (`api::ROUTES`, so every route served is
//! described) and from the very serde types the handlers read and write
//! (`api::shapes`): each route's query parameters, request body and
//! answer are JSON Schemas derived from those types by `schemars`, so
//! the description cannot drift from what the server does, and a client
//! can be generated from it. `schemars` was picked over `utoipa`: it
//! derives a schema from the serde attributes alone (renames, flatten,
//! untagged enums, `skip_serializing_if`), on library types as well as
//! the server's, without a second set of annotations per handler; the
//! paths, methods and roles come from the route list already.

use super::api::{Answer, ROUTES, RequestBody, SchemaOf, shapes};
use super::error::ErrorBody;
use axum::response::IntoResponse;
use schemars::generate::{SchemaGenerator, SchemaSettings};
use serde_json::{Map, Value, json};

/// The error statuses every route may answer (each with the JSON error).
const ERROR_STATUSES: &[(&str, &str)] = &[
    ("400", "A malformed request or a value that is not valid"),
    ("401", "No valid token or session (off loopback)"),
    ("403", "The role does not allow this, or the CSRF token is missing or wrong"),
    ("404", "No such unit, token or name"),
    ("409", "A conflict with what is stored"),
    ("413", "The body is larger than the server's limit"),
    ("422", "Well-formed, but the memory cannot answer it"),
    ("503", "The memory is busy or missing"),
];

/// The generators: requests are read (serde's deserialize contract:
/// fields with defaults are optional), answers are written (serialize
/// contract: skipped fields are optional); both put their definitions
/// under `#/components/schemas`.
fn generators() -> (SchemaGenerator, SchemaGenerator) {
    (SchemaSettings::openapi3().for_deserialize().into_generator(), SchemaSettings::openapi3().for_serialize().into_generator())
}

/// The schema of a type of plain fields (a query string, a form),
/// itself rather than a reference to it, with OpenAPI's transforms
/// applied (they are applied when definitions are taken, hence a
/// generator of its own).
fn fields_of(of: SchemaOf) -> Value {
    let mut generator = generators().0;
    let reference = of(&mut generator).to_value();
    let definitions = generator.take_definitions(true);
    let name = reference["$ref"].as_str().and_then(|r| r.rsplit('/').next()).unwrap_or_default();
    definitions.get(name).cloned().unwrap_or(reference)
}

/// The query parameters of a query-string type: one per property.
fn query_parameters(of: SchemaOf) -> Vec<Value> {
    let schema = fields_of(of);
    let required: Vec<&str> = schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let Some(properties) = schema["properties"].as_object() else { return Vec::new() };
    properties
        .iter()
        .map(|(name, property)| {
            let mut parameter = json!({ "name": name, "in": "query", "required": required.contains(&name.as_str()), "schema": property });
            if let Some(description) = property.get("description") {
                parameter["description"] = description.clone();
            }
            parameter
        })
        .collect()
}

/// The description as JSON, and the definitions both generators made
/// (for the check that they agree where they share a name).
fn described() -> (Value, Map<String, Value>, Map<String, Value>) {
    let (mut requests, mut answers) = generators();
    let error = answers.subschema_for::<ErrorBody>().to_value();
    let mut paths = Map::new();
    for route in ROUTES {
        let shapes = shapes(route);
        let entry = paths.entry(route.path.to_string()).or_insert_with(|| json!({}));
        let mut parameters: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|part| part.strip_prefix('{').and_then(|p| p.strip_suffix('}')))
            .map(|name| {
                let schema = if name == "id" { json!({ "type": "integer", "format": "int64" }) } else { json!({ "type": "string" }) };
                json!({ "name": name, "in": "path", "required": true, "schema": schema })
            })
            .collect();
        if let Some(query) = shapes.query {
            parameters.extend(query_parameters(query));
        }
        let ok = match shapes.answer {
            Answer::Json(of) => {
                json!({ "description": "OK", "content": { "application/json": { "schema": of(&mut answers).to_value() } } })
            }
            Answer::File(types) => {
                let content: Map<String, Value> =
                    types.iter().map(|t| (t.to_string(), json!({ "schema": { "type": "string", "format": "binary" } }))).collect();
                json!({ "description": "The file", "content": content })
            }
        };
        let mut responses = Map::new();
        responses.insert("200".into(), ok);
        for (status, _) in ERROR_STATUSES {
            responses.insert(status.to_string(), json!({ "$ref": format!("#/components/responses/Error{status}") }));
        }
        let mut operation = json!({
            "summary": route.summary,
            "operationId": format!("{}_{}", route.method.as_str().to_lowercase(), route.path.trim_start_matches("/api/v1/").replace(['/', '{', '}'], "_")),
            "x-dragoman-role": route.role.as_str(),
            "responses": responses,
        });
        if !parameters.is_empty() {
            operation["parameters"] = Value::Array(parameters);
        }
        match shapes.body {
            RequestBody::None => {}
            RequestBody::Json(of) => {
                operation["requestBody"] =
                    json!({ "required": true, "content": { "application/json": { "schema": of(&mut requests).to_value() } } });
            }
            RequestBody::File(fields) => {
                // the form: the file as the part `file`, and the options as fields
                let mut form = fields_of(fields);
                form["properties"]["file"] = json!({ "type": "string", "format": "binary", "description": "The file to import" });
                form["required"] = json!(["file"]);
                form.as_object_mut().map(|f| f.remove("description"));
                operation["requestBody"] = json!({ "required": true, "content": {
                    "application/octet-stream": { "schema": { "type": "string", "format": "binary" } },
                    "multipart/form-data": { "schema": form },
                } });
            }
        }
        entry[route.method.as_str().to_lowercase()] = operation;
    }
    let error_responses: Map<String, Value> = ERROR_STATUSES
        .iter()
        .map(|(status, description)| {
            (format!("Error{status}"), json!({ "description": description, "content": { "application/json": { "schema": error } } }))
        })
        .collect();
    let (request_definitions, answer_definitions) = (requests.take_definitions(true), answers.take_definitions(true));
    let mut schemas = request_definitions.clone();
    schemas.extend(answer_definitions.clone());
    let description = json!({
        "openapi": "3.0.3",
        "info": {
            "title": "dragoman",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Translation memory and sentence aligner. Off loopback every request needs a token (Authorization: Bearer) or a session cookie; requests that change the memory without a bearer token need X-CSRF-Token equal to the dragoman_csrf cookie. x-dragoman-role is the least role a route needs (reader < translator < admin).",
        },
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "responses": error_responses,
            "schemas": schemas,
        },
        "security": [ {}, { "bearer": [] } ],
    });
    (description, request_definitions, answer_definitions)
}

/// The description as JSON.
pub fn description() -> Value {
    described().0
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

    /// Every `$ref` in `value`.
    fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref") {
                    found.push(target);
                }
                map.values().for_each(|v| refs(v, found));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_of_the_description_resolves() {
        let described = description();
        let mut found = Vec::new();
        refs(&described, &mut found);
        assert!(found.len() > 20, "{found:?}");
        for target in found {
            let pointer = target.strip_prefix('#').unwrap_or_else(|| panic!("{target} is not local"));
            assert!(described.pointer(pointer).is_some(), "{target} does not resolve");
        }
    }

    #[test]
    fn a_type_read_and_a_type_written_never_share_a_schema_name_with_different_shapes() {
        let (_, requests, answers) = described();
        for (name, schema) in &requests {
            if let Some(other) = answers.get(name) {
                assert_eq!(schema, other, "{name} is described twice, differently");
            }
        }
    }

    #[test]
    fn query_parameters_and_bodies_have_their_fields() {
        let described = description();
        let search = &described["paths"]["/api/v1/search"]["get"]["parameters"];
        let names: Vec<&str> = search.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        for wanted in ["term", "side", "limit", "src_lang", "tgt_lang", "document", "author", "from", "to"] {
            assert!(names.contains(&wanted), "search has no query parameter {wanted}: {names:?}");
        }
        let term = search.as_array().unwrap().iter().find(|p| p["name"] == "term").unwrap();
        assert_eq!(term["required"], true);
        assert_eq!(term["schema"]["type"], "string");
        let suggest =
            described["paths"]["/api/v1/suggest"]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str().unwrap();
        let suggest = described.pointer(suggest.trim_start_matches('#')).unwrap();
        assert_eq!(suggest["properties"]["min_score"]["type"], "integer", "{suggest}");
        assert_eq!(suggest["additionalProperties"], false, "unknown fields are refused: {suggest}");
    }
}
