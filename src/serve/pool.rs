//! Read connections to one memory, kept open between requests: opening
//! a SQLite memory reads its header and schema version and a PostgreSQL
//! one connects over the network, both far slower than a look-up's
//! index reads. A request takes an idle connection (or opens one) on a
//! blocking thread and gives it back after; at most [`MAX_IDLE`] wait.

use super::error::ApiError;
use dragoman::memory::Memory;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Idle connections kept per memory: one per thread of tokio's blocking
/// pool that is likely busy at once (more are opened under load and
/// closed after).
const MAX_IDLE: usize = 64;

/// The read connections to one memory.
#[derive(Clone)]
pub struct Readers {
    location: PathBuf,
    idle: Arc<Mutex<Vec<Memory>>>,
}

impl Readers {
    pub fn new(location: PathBuf) -> Readers {
        Readers { location, idle: Arc::new(Mutex::new(Vec::new())) }
    }

    /// Runs `f` on a read connection, on a blocking thread.
    pub async fn read<T: Send + 'static>(&self, f: impl FnOnce(&Memory) -> anyhow::Result<T> + Send + 'static) -> Result<T, ApiError> {
        let readers = self.clone();
        blocking(move || {
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
        if idle.len() < MAX_IDLE {
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
