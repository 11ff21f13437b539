//! One answer. Try the starter before reading it.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::{Done, Jobs, Submitter, WORKERS, worker};

/// Serves `jobs` until `shutdown` is cancelled, then shuts down and returns.
pub async fn run(submitter: Submitter, jobs: Jobs, done: Done, shutdown: CancellationToken) {
    let workers = TaskTracker::new();
    for _ in 0..WORKERS {
        // No way to stop a worker from outside: it stops when the queue runs dry.
        workers.spawn(worker(Arc::clone(&jobs), done.clone()));
    }
    workers.close();
    shutdown.cancelled().await;
    // Refuse new jobs: dropping the only sender closes the queue, and the
    // workers' `recv` returns `None` once they have taken every job in it.
    submitter.stop_accepting();
    // Returns when both workers have drained the queue and finished their jobs.
    workers.wait().await;
}
