//! What happened, and when on tokio's clock: the twins' version of the
//! timestamps the Python pairs print. Clones share one record.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

#[derive(Debug, Clone)]
pub struct Log {
    start: Instant,
    events: Arc<Mutex<Vec<(Duration, String)>>>,
}

impl Log {
    pub fn start() -> Self {
        Self {
            start: Instant::now(),
            events: Arc::default(),
        }
    }

    pub fn say(&self, what: impl Into<String>) {
        let at = self.start.elapsed();
        self.lock().push((at, what.into()));
    }

    /// Time since the log was started.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// Every event so far, in the order they were said.
    pub fn events(&self) -> Vec<(Duration, String)> {
        self.lock().clone()
    }

    /// Every event so far, in time order and by text within one instant:
    /// the order of tasks woken at the same instant is the scheduler's
    /// choice, in tokio as in asyncio, so tests must not depend on it.
    pub fn events_by_time(&self) -> Vec<(Duration, String)> {
        let mut events = self.events();
        events.sort();
        events
    }

    // A task that panicked while holding the lock left a complete record.
    fn lock(&self) -> MutexGuard<'_, Vec<(Duration, String)>> {
        self.events.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
