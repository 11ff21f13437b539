//! Exercise "Coroutines, tasks, futures and the loop", the Rust side.
//!
//! `read(sensor)` must turn the sensor's callback API into something to
//! await: return the reading the moment it arrives, return the sensor's
//! error as an `Err`, and cope with a caller that gives up early.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-coroutines-and-tasks --example check-coroutines-and-tasks`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::task::JoinHandle;

/// How long the sensor takes to answer a request.
pub const READING_DELAY: Duration = Duration::from_millis(250);

/// What a sensor reports when it cannot take a reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SensorError(pub String);

/// A simulated sensor with a callback API (no hardware).
///
/// Treat it as a library you cannot change.
#[derive(Debug)]
pub struct Sensor {
    outcome: Result<f64, SensorError>,
    requests: AtomicUsize,
    callbacks: Mutex<Vec<JoinHandle<()>>>,
}

impl Sensor {
    /// A sensor that answers every request with `value`.
    pub fn reading(value: f64) -> Self {
        Self::answering(Ok(value))
    }

    /// A sensor that answers every request with `error`.
    pub fn failing(error: SensorError) -> Self {
        Self::answering(Err(error))
    }

    fn answering(outcome: Result<f64, SensorError>) -> Self {
        Self {
            outcome,
            requests: AtomicUsize::new(0),
            callbacks: Mutex::new(Vec::new()),
        }
    }

    /// Asks for one reading and returns at once. About 250 ms later the
    /// sensor calls exactly one of the two: `on_reading(value)` or
    /// `on_error(error)`, from a task of its own.
    pub fn request(
        &self,
        on_reading: impl FnOnce(f64) + Send + 'static,
        on_error: impl FnOnce(SensorError) + Send + 'static,
    ) {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let outcome = self.outcome.clone();
        let callback = tokio::spawn(async move {
            tokio::time::sleep(READING_DELAY).await;
            match outcome {
                Ok(value) => on_reading(value),
                Err(error) => on_error(error),
            }
        });
        self.callbacks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(callback);
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Waits for every callback so far and counts the ones that panicked.
    async fn callback_panics(&self) -> usize {
        let callbacks: Vec<_> = self
            .callbacks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .drain(..)
            .collect();
        let mut panics = 0;
        for callback in callbacks {
            if callback.await.is_err() {
                panics += 1;
            }
        }
        panics
    }
}
