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
mod auth;
mod error;
mod openapi;
pub mod pages;
mod pool;
mod token;

use crate::cli::settings::MemoryChoice;
use anyhow::Context;
use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

/// The default address: loopback, a port not in common use.
const DEFAULT_LISTEN: &str = "127.0.0.1:8765";

/// Default largest request body: 1 MiB, plenty for a batch of sentences
/// or two documents to align (a dispatch is a few KiB).
const DEFAULT_MAX_BODY: usize = 1 << 20;

/// Default largest upload (import): 64 MiB, a large TMX; bigger files
/// are imported with the command line.
const DEFAULT_MAX_UPLOAD: usize = 64 << 20;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    /// Address and port to listen on. Any address other than loopback
    /// needs API tokens (`dragoman serve token add`).
    #[arg(long, default_value = DEFAULT_LISTEN)]
    listen: SocketAddr,
    /// Largest request body in bytes (larger: 413).
    #[arg(long, default_value_t = DEFAULT_MAX_BODY)]
    max_body: usize,
    /// Largest import upload in bytes (larger: 413).
    #[arg(long, default_value_t = DEFAULT_MAX_UPLOAD)]
    max_upload: usize,
    /// Allow cross-origin requests from this origin (e.g.
    /// https://cat.example.org); without it CORS is off.
    #[arg(long, value_name = "ORIGIN")]
    cors_origin: Vec<String>,
    #[command(subcommand)]
    command: Option<token::Command>,
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
}

/// Runs `dragoman serve` (or its `token` subcommands) on `memories`.
pub fn run(args: Args, memories: &[MemoryChoice]) -> anyhow::Result<ExitCode> {
    if let Some(command) = args.command {
        return token::run(command, &memories[0]);
    }
    let auth_required = !args.listen.ip().is_loopback();
    // the first memory takes writes: create it if there is none yet
    drop(crate::cli::open_memory(&memories[0].location)?);
    let mut readers = Vec::new();
    let lookups = Arc::new(tokio::sync::Semaphore::new(pool::lookups_at_once()));
    for choice in memories {
        drop(crate::cli::open_memory_for_queries(&choice.location)?);
        readers.push(pool::Readers::new(choice.location.clone(), Arc::clone(&lookups)));
    }
    if auth_required {
        let memory = crate::cli::open_memory_for_reading(&memories[0].location)?;
        if memory.tokens()?.iter().all(|t| t.revoked_at.is_some()) {
            anyhow::bail!(
                "{}: listening on {} (not loopback) needs API tokens and the memory has none; add one with `dragoman serve token add NAME --role reader`",
                crate::cli::shown_memory(&memories[0].location),
                args.listen
            );
        }
    }
    let state = AppState {
        inner: Arc::new(Inner {
            memories: memories.to_vec(),
            readers,
            auth_required,
            max_body: args.max_body,
            max_upload: args.max_upload,
            cors_origins: args.cors_origin,
            sessions: auth::Sessions::default(),
        }),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the server's threads")?;
    runtime.block_on(serve(state, args.listen))?;
    Ok(ExitCode::SUCCESS)
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
    memories.iter().map(|m| crate::cli::terminal::printable(&m.label).into_owned()).collect::<Vec<_>>().join(", ")
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
