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

use std::time::Duration;

use exercise_support::Gauge;

/// How long the simulated API takes to answer one request.
pub const FETCH_TIME: Duration = Duration::from_millis(100);
/// How long it takes to answer a URL that ends in `/slow`.
pub const SLOW_FETCH_TIME: Duration = Duration::from_millis(500);

// The checks read this to count the fetches and see how many overlapped; an
// answer never needs it.
static IN_FLIGHT: Gauge = Gauge::new();

/// The simulated API client: 100 ms per request (500 ms for a URL ending in
/// `/slow`), then the body, such as `"<https://api.example.com/items/1>"`.
///
/// Treat it as a library you cannot change.
pub async fn fetch(url: String) -> String {
    let _in_flight = IN_FLIGHT.enter();
    let time = if url.ends_with("/slow") {
        SLOW_FETCH_TIME
    } else {
        FETCH_TIME
    };
    tokio::time::sleep(time).await;
    format!("<{url}>")
}
