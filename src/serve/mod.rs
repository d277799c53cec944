//! `dragoman serve`: the memory behind an HTTP server (issue 13): a JSON
//! API under `/api/v1/` described by `/api/openapi.json`, the web pages
//! ([`pages`]), and `/health`. Built on axum and tokio (a well-kept async
//! HTTP stack, as the issue asks; hand-written HTTP would be neither
//! safe nor small). The library is blocking (SQLite, the synchronous
//! PostgreSQL client, the aligner), so every call into it runs in
//! `tokio::task::spawn_blocking`; read connections are pooled
//! ([`pool`]), writes open their own.
//!
//! Loopback only by default; any other address needs API tokens
//! ([`auth`]). One JSON line per request goes to standard error
//! (method, path, status, duration: no bodies, no query strings, no
//! tokens). SIGTERM or ctrl-c stops accepting connections and lets the
//! requests under way finish; every write is one transaction, so a stop
//! leaves nothing half-written.

mod api;
pub mod auth;
pub mod desk;
mod error;
mod openapi;
pub mod pages;
mod pool;

use anyhow::Context;
use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use dragoman::config::MemoryChoice;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

/// The default address: loopback, a port not in common use.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8765";

/// Default largest request body: 1 MiB, plenty for a batch of sentences
/// or two documents to align (a dispatch is a few KiB).
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// Default largest upload (import): 64 MiB, a large TMX; bigger files
/// are imported with the command line.
pub const DEFAULT_MAX_UPLOAD: usize = 64 << 20;

/// How the server runs: what the command line gives (see `dragoman
/// serve`'s arguments in the command line's `serve` module).
pub struct Options {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// Largest request body in bytes.
    pub max_body: usize,
    /// Largest import upload in bytes.
    pub max_upload: usize,
    /// Origins allowed cross-origin requests (none: CORS off).
    pub cors_origins: Vec<String>,
}

/// True when listening on `listen` needs API tokens: any address other
/// than loopback.
pub fn needs_tokens(listen: &SocketAddr) -> bool {
    !listen.ip().is_loopback()
}

/// What every handler sees: the memories served and the server's settings.
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// The memories, highest priority first; writes go to the first.
    pub memories: Vec<MemoryChoice>,
    /// A pool of read connections per memory, in the same order.
    pub readers: Vec<pool::Readers>,
    /// True when listening off loopback: every API request needs a token.
    pub auth_required: bool,
    pub max_body: usize,
    pub max_upload: usize,
    pub cors_origins: Vec<String>,
    pub sessions: auth::Sessions,
    /// The first memory's house style and glossary, kept loaded.
    pub references: desk::ReferenceCache,
}

/// Serves `memories` (opened and checked by the caller: the first
/// exists) until SIGTERM or ctrl-c.
pub fn run(options: Options, memories: &[MemoryChoice]) -> anyhow::Result<()> {
    // look-ups at once, over every memory: each holds a pooled connection
    let lookups = Arc::new(tokio::sync::Semaphore::new(pool::lookups_at_once()));
    let readers = memories.iter().map(|choice| pool::Readers::new(choice.location.clone(), Arc::clone(&lookups))).collect();
    let state = AppState {
        inner: Arc::new(Inner {
            memories: memories.to_vec(),
            readers,
            auth_required: needs_tokens(&options.listen),
            max_body: options.max_body,
            max_upload: options.max_upload,
            cors_origins: options.cors_origins,
            sessions: auth::Sessions::default(),
            references: desk::ReferenceCache::default(),
        }),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the server's threads")?;
    runtime.block_on(serve(state, options.listen))
}

async fn serve(state: AppState, listen: SocketAddr) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("{listen}: cannot listen"))?;
    let local = listener.local_addr()?;
    let auth = if state.inner.auth_required { "API tokens required" } else { "loopback, no token needed" };
    eprintln!("dragoman: serving {} on http://{local}/ ({auth})", memory_names(&state.inner.memories));
    let app = router(state);
    axum::serve(listener, app.into_make_service()).with_graceful_shutdown(stop_signal()).await.context("the server failed")?;
    eprintln!("dragoman: stopped");
    Ok(())
}

fn memory_names(memories: &[MemoryChoice]) -> String {
    memories.iter().map(|m| dragoman::text::printable(&m.label).into_owned()).collect::<Vec<_>>().join(", ")
}

/// The whole application: the API, the OpenAPI description, the pages,
/// `/health`, with request logging around everything.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::routes(&state))
        .route("/api/openapi.json", axum::routing::get(openapi::serve))
        .route("/health", axum::routing::get(health))
        .merge(pages::routes())
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::cors))
        .layer(axum::middleware::from_fn(log_request))
        .with_state(state)
}

/// `GET /health`: the server is up and its first memory can be read.
async fn health(State(state): State<AppState>) -> Result<axum::Json<serde_json::Value>, error::ApiError> {
    let units = state.inner.readers[0].read(|memory| Ok(memory.stats()?.units)).await?;
    Ok(axum::Json(serde_json::json!({ "status": "ok", "units": units })))
}

/// Waits for SIGTERM or ctrl-c.
async fn stop_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("dragoman: stopping: finishing the requests under way");
}

/// One JSON line per request on standard error: method, route path,
/// status, milliseconds. No query string (it may hold text), no body,
/// no header (tokens).
async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let line = serde_json::json!({
        "method": method.as_str(),
        "path": path,
        "status": response.status().as_u16(),
        "ms": (started.elapsed().as_secs_f64() * 1000.0 * 10.0).round() / 10.0,
    });
    eprintln!("{line}");
    response
}
