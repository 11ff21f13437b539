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

use std::time::Duration;

use exercise_support::Gauge;

/// How long the legacy client takes to answer one request.
pub const FETCH_TIME: Duration = Duration::from_millis(200);

// The checks read this to see how many fetches overlapped; an answer never needs it.
static IN_FLIGHT: Gauge = Gauge::new();

/// The slow legacy client: holds the calling thread for 200 ms per URL.
///
/// It has no async version. Treat it as a library you cannot change.
pub fn legacy_fetch(url: &str) -> String {
    let _in_flight = IN_FLIGHT.enter();
    std::thread::sleep(FETCH_TIME);
    format!("<{url}>")
}
