//! Exercise "Blocking the event loop", the Rust side.
//!
//! `fetch_all(urls)` must fetch every URL from a slow, blocking legacy client
//! without blocking the runtime, fetching concurrently and returning the
//! bodies in the order of `urls`.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-blocking-the-loop --example check-blocking-the-loop`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How long the legacy client takes to answer one request.
pub const FETCH_TIME: Duration = Duration::from_millis(200);

// The checks read these to see how many fetches overlapped; an answer never needs them.
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static PEAK_IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

/// The slow legacy client: holds the calling thread for 200 ms per URL.
///
/// It has no async version. Treat it as a library you cannot change.
pub fn legacy_fetch(url: &str) -> String {
    let now = IN_FLIGHT.fetch_add(1, Ordering::SeqCst) + 1;
    PEAK_IN_FLIGHT.fetch_max(now, Ordering::SeqCst);
    std::thread::sleep(FETCH_TIME);
    IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
    format!("<{url}>")
}

fn reset_peak_in_flight() {
    PEAK_IN_FLIGHT.store(IN_FLIGHT.load(Ordering::SeqCst), Ordering::SeqCst);
}

fn peak_in_flight() -> usize {
    PEAK_IN_FLIGHT.load(Ordering::SeqCst)
}
