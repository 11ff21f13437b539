//! Exercise "Waiting strategies", the Rust side.
//!
//! `fastest(mirrors)` must download from every mirror at once and return the
//! first successful body, skipping mirrors that fail, leaving no download
//! running, and failing only if every mirror fails.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-waiting-strategies --example check-waiting-strategies`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// One mirror of the file: its name, how long it takes, and whether it is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mirror {
    pub name: &'static str,
    pub millis: u64,
    pub broken: bool,
}

/// Why a download failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadError(pub String);

// The checks read this to see which downloads ran to their end, and when;
// an answer never needs it.
static FINISHED: Mutex<Vec<(&str, Instant)>> = Mutex::new(Vec::new());

/// Fetches the file from one (simulated) mirror.
pub async fn download(mirror: Mirror) -> Result<String, DownloadError> {
    sleep(Duration::from_millis(mirror.millis)).await;
    FINISHED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push((mirror.name, Instant::now()));
    if mirror.broken {
        return Err(DownloadError(format!("{}: connection reset", mirror.name)));
    }
    Ok(format!("file from {}", mirror.name))
}

fn take_finished() -> Vec<(&'static str, Instant)> {
    std::mem::take(&mut *FINISHED.lock().unwrap_or_else(PoisonError::into_inner))
}
