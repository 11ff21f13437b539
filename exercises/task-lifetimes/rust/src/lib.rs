//! Exercise "Task lifetimes", the Rust side.
//!
//! A `Background` runs jobs that nobody awaits directly. It must report each
//! job's error to `on_error` the moment the job fails, must not treat an
//! aborted job as a failure, and `drain()` must wait for every job.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-task-lifetimes --example check-task-lifetimes`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::pin::Pin;
use std::sync::Arc;

use tokio::task::AbortHandle;

/// A background job: it succeeds, or fails with a message.
pub type Job = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'static>>;

/// Called with the message of every job that fails.
pub type OnError = Arc<dyn Fn(String) + Send + Sync>;

/// What the checks need from a `Background`; both `starter::Background` and
/// `solution::Background` implement it.
pub trait BackgroundTasks {
    /// An empty set of background jobs that reports failures to `on_error`.
    fn new(on_error: OnError) -> Self;

    /// Starts `job` in the background; the handle lets its owner abort it.
    fn spawn(&mut self, job: Job) -> AbortHandle;

    /// Waits until every job has finished.
    fn drain(&mut self) -> impl Future<Output = ()>;
}
