//! The JSON API under `/api/v1/`: [`ROUTES`] lists every route with the
//! role it needs and whether it writes; the router, the access gate
//! ([`super::auth::gate`]) and the OpenAPI description are all made
//! from it, so a route cannot be served without a policy or left out of
//! the description.

mod lookup;
mod names;
mod session;
mod tokens;
mod transfer;
mod units;

use super::AppState;
use super::auth::{Policy, Role};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Method;
use axum::routing::{MethodRouter, delete, get, post, put};

/// One API route.
pub struct Route {
    pub method: Method,
    /// The path as axum writes it (`{id}` for a parameter).
    pub path: &'static str,
    pub role: Role,
    pub writes: bool,
    pub summary: &'static str,
}

const fn route(method: Method, path: &'static str, role: Role, writes: bool, summary: &'static str) -> Route {
    Route { method, path, role, writes, summary }
}

/// Every API route. Session routes need no role beyond reader: logging
/// in is how a reader gets one.
pub const ROUTES: &[Route] = &[
    route(Method::GET, "/api/v1/session", Role::Reader, false, "Who the caller is; sets the CSRF cookie"),
    route(Method::POST, "/api/v1/session", Role::Reader, true, "Log in: exchange a token for a session cookie"),
    route(Method::DELETE, "/api/v1/session", Role::Reader, true, "Log out"),
    route(Method::POST, "/api/v1/suggest", Role::Reader, false, "Stored translations of similar sentences (one text or a batch)"),
    route(Method::GET, "/api/v1/search", Role::Reader, false, "Concordance: stored pairs holding a word or phrase"),
    route(Method::POST, "/api/v1/segment", Role::Reader, false, "Split a text into sentences"),
    route(Method::POST, "/api/v1/align", Role::Reader, false, "Align a text with its translation: beads with confidence"),
    route(Method::GET, "/api/v1/stats", Role::Reader, false, "What the memory holds"),
    route(Method::GET, "/api/v1/export", Role::Reader, false, "The memory's pairs as CSV, TSV or TMX"),
    route(Method::POST, "/api/v1/import", Role::Admin, true, "Import a CSV, TSV or TMX file (the body), in one transaction"),
    route(Method::POST, "/api/v1/units", Role::Translator, true, "Store a pair"),
    route(Method::GET, "/api/v1/units/{id}", Role::Reader, false, "One unit"),
    route(Method::PUT, "/api/v1/units/{id}", Role::Translator, true, "Correct a unit's target (and source)"),
    route(Method::DELETE, "/api/v1/units/{id}", Role::Admin, true, "Delete a unit (restore brings it back)"),
    route(Method::POST, "/api/v1/units/{id}/restore", Role::Admin, true, "Restore a deleted unit"),
    route(Method::GET, "/api/v1/units/{id}/history", Role::Reader, false, "What was done to a unit by hand"),
    route(Method::POST, "/api/v1/names/check", Role::Reader, false, "Names in a text spelled against the house style"),
    route(Method::POST, "/api/v1/names/fix", Role::Translator, false, "A text with its names rewritten to the house style"),
    route(Method::GET, "/api/v1/names/style", Role::Reader, false, "The house style: preferred spellings and variants"),
    route(Method::POST, "/api/v1/names/style/prefer", Role::Admin, true, "Make a spelling the house style for its name"),
    route(Method::POST, "/api/v1/names/style/variant", Role::Admin, true, "Add a variant to a house-style name"),
    route(Method::GET, "/api/v1/tokens", Role::Admin, false, "The API tokens (without their secrets)"),
    route(Method::POST, "/api/v1/tokens", Role::Admin, true, "Make an API token (shown once)"),
    route(Method::DELETE, "/api/v1/tokens/{name}", Role::Admin, true, "Revoke an API token"),
];

/// The policy of the route `method path` (`path` as matched: with `{id}`).
pub fn policy(method: &Method, path: &str) -> Option<Policy> {
    ROUTES.iter().find(|r| r.method == *method && r.path == path).map(|r| Policy { role: r.role, writes: r.writes })
}

/// The handler of a route of [`ROUTES`].
fn handler(route: &Route) -> MethodRouter<AppState> {
    match (route.method.as_str(), route.path) {
        ("GET", "/api/v1/session") => get(session::show),
        ("POST", "/api/v1/session") => post(session::login),
        ("DELETE", "/api/v1/session") => delete(session::logout),
        ("POST", "/api/v1/suggest") => post(lookup::suggest),
        ("GET", "/api/v1/search") => get(lookup::search),
        ("POST", "/api/v1/segment") => post(lookup::segment),
        ("POST", "/api/v1/align") => post(lookup::align),
        ("GET", "/api/v1/stats") => get(lookup::stats),
        ("GET", "/api/v1/export") => get(transfer::export),
        ("POST", "/api/v1/import") => post(transfer::import),
        ("POST", "/api/v1/units") => post(units::add),
        ("GET", "/api/v1/units/{id}") => get(units::show),
        ("PUT", "/api/v1/units/{id}") => put(units::edit),
        ("DELETE", "/api/v1/units/{id}") => delete(units::delete),
        ("POST", "/api/v1/units/{id}/restore") => post(units::restore),
        ("GET", "/api/v1/units/{id}/history") => get(units::history),
        ("POST", "/api/v1/names/check") => post(names::check),
        ("POST", "/api/v1/names/fix") => post(names::fix),
        ("GET", "/api/v1/names/style") => get(names::list),
        ("POST", "/api/v1/names/style/prefer") => post(names::prefer),
        ("POST", "/api/v1/names/style/variant") => post(names::add_variant),
        ("GET", "/api/v1/tokens") => get(tokens::list),
        ("POST", "/api/v1/tokens") => post(tokens::add),
        ("DELETE", "/api/v1/tokens/{name}") => delete(tokens::revoke),
        _ => unreachable!("{} {} is in ROUTES without a handler", route.method, route.path),
    }
}

/// A route's request and answer, for the OpenAPI description: each a
/// function giving the JSON Schema of the serde type the handler reads
/// or writes (see [`super::openapi`]).
pub struct Shapes {
    /// The query string's fields.
    pub query: Option<SchemaOf>,
    pub body: RequestBody,
    pub answer: Answer,
}

/// A function that adds a type's schema to a generator and gives a
/// reference to it.
pub type SchemaOf = fn(&mut schemars::SchemaGenerator) -> schemars::Schema;

/// The reference to `T`'s schema (added to the generator's definitions).
fn of<T: schemars::JsonSchema>(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    generator.subschema_for::<T>()
}

/// What a request's body is.
pub enum RequestBody {
    None,
    Json(SchemaOf),
    /// A file: the raw body, or a `multipart/form-data` form with it as
    /// the part `file` and these fields.
    File(SchemaOf),
}

/// What a successful answer is.
pub enum Answer {
    Json(SchemaOf),
    /// A file (export), of the content types listed.
    File(&'static [&'static str]),
}

/// The shapes of a route of [`ROUTES`].
pub fn shapes(route: &Route) -> Shapes {
    use Answer::Json as Out;
    use RequestBody::Json as In;
    let (query, body, answer): (Option<SchemaOf>, RequestBody, Answer) = match (route.method.as_str(), route.path) {
        ("GET", "/api/v1/session") => (None, RequestBody::None, Out(of::<session::SessionOut>)),
        ("POST", "/api/v1/session") => (None, In(of::<session::Login>), Out(of::<session::SessionOut>)),
        ("DELETE", "/api/v1/session") => (None, RequestBody::None, Out(of::<session::LoggedOut>)),
        ("POST", "/api/v1/suggest") => (None, In(of::<lookup::SuggestIn>), Out(of::<lookup::SuggestOut>)),
        ("GET", "/api/v1/search") => (Some(of::<lookup::SearchIn>), RequestBody::None, Out(of::<dragoman::fuzzy::concordance::Report>)),
        ("POST", "/api/v1/segment") => (None, In(of::<lookup::SegmentIn>), Out(of::<lookup::SegmentOut>)),
        ("POST", "/api/v1/align") => (None, In(of::<lookup::AlignIn>), Out(of::<lookup::AlignOut>)),
        ("GET", "/api/v1/stats") => (None, RequestBody::None, Out(of::<dragoman::memory::breakdown::Shown>)),
        ("GET", "/api/v1/export") => (Some(of::<transfer::ExportIn>), RequestBody::None, Answer::File(transfer::EXPORT_TYPES)),
        ("POST", "/api/v1/import") => (
            Some(of::<transfer::ImportIn>),
            RequestBody::File(of::<transfer::ImportIn>),
            Out(of::<dragoman::formats::report::ImportReport>),
        ),
        ("POST", "/api/v1/units") => (None, In(of::<units::NewUnitIn>), Out(of::<units::AddedOut>)),
        ("GET", "/api/v1/units/{id}") => (None, RequestBody::None, Out(of::<dragoman::memory::Unit>)),
        ("PUT", "/api/v1/units/{id}") => (None, In(of::<units::EditIn>), Out(of::<dragoman::memory::Unit>)),
        ("DELETE", "/api/v1/units/{id}") => (None, RequestBody::None, Out(of::<units::DeletedOut>)),
        ("POST", "/api/v1/units/{id}/restore") => (None, RequestBody::None, Out(of::<dragoman::memory::Unit>)),
        ("GET", "/api/v1/units/{id}/history") => (None, RequestBody::None, Out(of::<units::HistoryOut>)),
        ("POST", "/api/v1/names/check") => (None, In(of::<names::TextIn>), Out(of::<names::FindingsOut>)),
        ("POST", "/api/v1/names/fix") => (None, In(of::<names::TextIn>), Out(of::<names::FixOut>)),
        ("GET", "/api/v1/names/style") => (None, RequestBody::None, Out(of::<names::StyleOut>)),
        ("POST", "/api/v1/names/style/prefer") => (None, In(of::<names::PreferIn>), Out(of::<names::EntryOut>)),
        ("POST", "/api/v1/names/style/variant") => (None, In(of::<names::VariantIn>), Out(of::<names::EntryOut>)),
        ("GET", "/api/v1/tokens") => (None, RequestBody::None, Out(of::<tokens::TokensOut>)),
        ("POST", "/api/v1/tokens") => (None, In(of::<tokens::TokenIn>), Out(of::<tokens::NewTokenOut>)),
        ("DELETE", "/api/v1/tokens/{name}") => (None, RequestBody::None, Out(of::<tokens::RevokedOut>)),
        _ => unreachable!("{} {} is in ROUTES without its shapes", route.method, route.path),
    };
    Shapes { query, body, answer }
}

/// The API's router: every route of [`ROUTES`] behind the gate, with the
/// body limit (the import route's is the upload limit).
pub fn routes(state: &AppState) -> Router<AppState> {
    let mut router = Router::new();
    for route in ROUTES {
        let limit = if route.path == "/api/v1/import" { state.inner.max_upload } else { state.inner.max_body };
        router = router.route(route.path, handler(route).layer(DefaultBodyLimit::max(limit)));
    }
    router.route_layer(axum::middleware::from_fn_with_state(state.clone(), super::auth::gate))
}
