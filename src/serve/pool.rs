//! Read connections to one memory, kept open between requests: opening
//! a SQLite memory reads its header and schema version and a PostgreSQL
//! one connects over the network, both far slower than a look-up's
//! index reads. A request takes an idle connection (or opens one) on a
//! blocking thread and gives it back after; at most [`lookups_at_once`]
//! run (and stay open) at once.

use super::error::ApiError;
use dragoman::memory::Memory;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Look-ups run at once, per core: more only queue for the cores, and
/// each read connection holds its own page cache (64 MiB at most, see
/// `Memory::prepare_for_queries`), so 64 clients at once had the server
/// at 12 GB (BENCHMARKS.md, Server). Two per core keeps a core busy
/// while the other look-up waits for a page.
const LOOKUPS_PER_CORE: usize = 2;

/// How many look-ups may run at once: [`LOOKUPS_PER_CORE`] per core, at least 4.
pub fn lookups_at_once() -> usize {
    (std::thread::available_parallelism().map_or(2, |n| n.get()) * LOOKUPS_PER_CORE).max(4)
}

/// The read connections to one memory; at most as many stay open as
/// look-ups may run at once.
#[derive(Clone)]
pub struct Readers {
    location: PathBuf,
    idle: Arc<Mutex<Vec<Memory>>>,
    /// Shared by the readers of every memory: the look-ups in flight.
    lookups: Arc<tokio::sync::Semaphore>,
}

impl Readers {
    pub fn new(location: PathBuf, lookups: Arc<tokio::sync::Semaphore>) -> Readers {
        Readers { location, idle: Arc::new(Mutex::new(Vec::new())), lookups }
    }

    /// Waits until a look-up may run; hold the permit while it does.
    pub async fn permit(&self) -> tokio::sync::OwnedSemaphorePermit {
        Arc::clone(&self.lookups).acquire_owned().await.expect("the look-up semaphore is never closed")
    }

    /// Runs `f` on a read connection, on a blocking thread, once a
    /// look-up may run.
    pub async fn read<T: Send + 'static>(&self, f: impl FnOnce(&Memory) -> anyhow::Result<T> + Send + 'static) -> Result<T, ApiError> {
        let readers = self.clone();
        let permit = self.permit().await;
        blocking(move || {
            let _permit = permit;
            let memory = readers.take()?;
            let result = f(&memory);
            readers.give_back(memory);
            result
        })
        .await
    }

    /// An idle connection, or a new one.
    pub fn take(&self) -> anyhow::Result<Memory> {
        if let Some(memory) = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop() {
            return Ok(memory);
        }
        Ok(Memory::open_for_reading(&self.location, dragoman::fuzzy::index_keys())?)
    }

    pub fn give_back(&self, memory: Memory) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < lookups_at_once() {
            idle.push(memory);
        }
    }
}

/// Runs blocking library work off the async threads.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> anyhow::Result<T> + Send + 'static) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result.map_err(ApiError::from),
        Err(panicked) => {
            Err(ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "internal", format!("the request's work failed: {panicked}")))
        }
    }
}
