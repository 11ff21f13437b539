//! Your starting point. It compiles and runs, but the checks fail:
//! run `cargo run -p exercise-production --example check-production`.

use std::sync::Arc;

use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::{Done, Jobs, Submitter, WORKERS, worker};

/// Serves `jobs` until `shutdown` is cancelled, then shuts down and returns.
pub async fn run(submitter: Submitter, jobs: Jobs, done: Done, shutdown: CancellationToken) {
    let stop = CancellationToken::new();
    let workers = TaskTracker::new();
    for _ in 0..WORKERS {
        let (jobs, done, stop) = (Arc::clone(&jobs), done.clone(), stop.clone());
        // Runs a worker until `stop` is cancelled, then drops it wherever it is.
        workers.spawn(async move {
            tokio::select! {
                () = stop.cancelled() => {}
                () = worker(jobs, done) => {}
            }
        });
    }
    workers.close();
    shutdown.cancelled().await;
    // TODO: this shutdown loses work. Cancelling `stop` drops each worker
    // where it is, cutting its job off halfway, and every job still queued
    // is dropped with the queue. Refuse new jobs first, let the workers
    // finish every accepted job, and only then return.
    stop.cancel();
    workers.wait().await;
    submitter.stop_accepting();
}
