//! Exercise "Bounded concurrency", the Rust side.
//!
//! `fetch_all(urls, limit)` must fetch every URL with at most `limit`
//! fetches in flight, start the next fetch as soon as any one finishes, and
//! return the bodies in the order of `urls`.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-bounded-concurrency --example check-bounded-concurrency`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How long the simulated API takes to answer one request.
pub const FETCH_TIME: Duration = Duration::from_millis(100);
/// How long it takes to answer a URL that ends in `/slow`.
pub const SLOW_FETCH_TIME: Duration = Duration::from_millis(500);

// The checks read these to see how many fetches overlapped; an answer never needs them.
static CALLS: AtomicUsize = AtomicUsize::new(0);
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static PEAK_IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

/// Counts a fetch as in flight until it is dropped, finished or not.
struct InFlight;

impl InFlight {
    fn enter() -> InFlight {
        CALLS.fetch_add(1, Ordering::SeqCst);
        let now = IN_FLIGHT.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK_IN_FLIGHT.fetch_max(now, Ordering::SeqCst);
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The simulated API client: 100 ms per request (500 ms for a URL ending in
/// `/slow`), then the body, such as `"<https://api.example.com/items/1>"`.
///
/// Treat it as a library you cannot change.
pub async fn fetch(url: String) -> String {
    let _in_flight = InFlight::enter();
    let time = if url.ends_with("/slow") {
        SLOW_FETCH_TIME
    } else {
        FETCH_TIME
    };
    tokio::time::sleep(time).await;
    format!("<{url}>")
}

fn reset_counters() {
    CALLS.store(0, Ordering::SeqCst);
    PEAK_IN_FLIGHT.store(IN_FLIGHT.load(Ordering::SeqCst), Ordering::SeqCst);
}

fn calls() -> usize {
    CALLS.load(Ordering::SeqCst)
}

fn peak_in_flight() -> usize {
    PEAK_IN_FLIGHT.load(Ordering::SeqCst)
}
