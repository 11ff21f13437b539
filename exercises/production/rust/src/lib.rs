//! Exercise "Running in production", the Rust side.
//!
//! `run(submitter, jobs, done, shutdown)` must, once `shutdown` is cancelled,
//! refuse new jobs, finish every job it already accepted, and return with no
//! worker left running.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-production --example check-production`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::sync::{Arc, PoisonError};
use std::time::Duration;

use tokio::sync::{Mutex, mpsc};
use tokio::time::Instant;

/// How long every job takes.
pub const JOB_TIME: Duration = Duration::from_millis(500);
/// How many worker tasks serve the queue.
pub const WORKERS: usize = 2;

/// The receiving end of the job queue, shared by the workers.
pub type Jobs = Arc<Mutex<mpsc::UnboundedReceiver<String>>>;

/// What clients hold to queue jobs. Clones share one queue.
#[derive(Debug, Clone)]
pub struct Submitter(Arc<std::sync::Mutex<Option<mpsc::UnboundedSender<String>>>>);

impl Submitter {
    /// Queues `job` and returns `true`, or returns `false` if the service
    /// refuses it: after `stop_accepting`, or once nobody reads the queue.
    pub fn submit(&self, job: impl Into<String>) -> bool {
        let sender = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        sender
            .as_ref()
            .is_some_and(|sender| sender.send(job.into()).is_ok())
    }

    /// Refuses every job from now on. The jobs already queued stay in the
    /// queue, and once they have been taken, `recv` on it returns `None`.
    pub fn stop_accepting(&self) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take();
    }
}

/// A new, empty job queue: the clients' end and the workers' end.
pub fn job_queue() -> (Submitter, Jobs) {
    let (sender, receiver) = mpsc::unbounded_channel();
    (
        Submitter(Arc::new(std::sync::Mutex::new(Some(sender)))),
        Arc::new(Mutex::new(receiver)),
    )
}

/// The record of the jobs: which started, and which finished and when.
/// Clones share one record.
#[derive(Debug, Clone)]
pub struct Done(Arc<std::sync::Mutex<Record>>);

#[derive(Debug)]
struct Record {
    start: Instant,
    started: Vec<String>,
    finished: Vec<(String, Duration)>,
}

impl Done {
    /// An empty record; the times it keeps count from now.
    pub fn new() -> Self {
        Self(Arc::new(std::sync::Mutex::new(Record {
            start: Instant::now(),
            started: Vec::new(),
            finished: Vec::new(),
        })))
    }

    /// The jobs that started, in the order they started.
    pub fn started(&self) -> Vec<String> {
        self.lock().started.clone()
    }

    /// The jobs that finished, in the order they finished, with when.
    pub fn finished(&self) -> Vec<(String, Duration)> {
        self.lock().finished.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Record> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Default for Done {
    fn default() -> Self {
        Self::new()
    }
}

/// One job (simulated, nothing real happens): 500 ms of work.
///
/// Treat it as a library you cannot change.
pub async fn handle(job: String, done: &Done) {
    done.lock().started.push(job.clone());
    tokio::time::sleep(JOB_TIME).await;
    let mut record = done.lock();
    let at = record.start.elapsed();
    record.finished.push((job, at));
}

/// A worker: takes jobs off the queue one at a time and handles each, and
/// returns once the queue is closed and empty. Leave it as it is.
pub async fn worker(jobs: Jobs, done: Done) {
    loop {
        // The lock is held while waiting for the next job, not while handling it.
        let next = jobs.lock().await.recv().await;
        let Some(job) = next else { return };
        handle(job, &done).await;
    }
}
