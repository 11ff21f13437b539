//! Exercise "Producer/consumer with Queue", the Rust side.
//!
//! `crawl(urls, workers)` must fetch every URL with `workers` worker tasks
//! that share one bounded channel, return `{url: body}`, and stop as soon as
//! the URLs run out.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-queues --example check-queues`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use exercise_support::Gauge;

/// How long the simulated fetch takes for one page.
pub const FETCH_TIME: Duration = Duration::from_millis(200);

/// The URLs to crawl. It may be long: read it only as fast as the workers go.
pub type Urls = Box<dyn Iterator<Item = String> + Send>;

// The checks read these; an answer never needs them.
static FETCHES: Gauge = Gauge::new();
static URLS_READ: AtomicUsize = AtomicUsize::new(0);
/// URLs read when the first fetch finished, plus one; 0 until then.
static READ_AT_FIRST_DONE: AtomicUsize = AtomicUsize::new(0);

/// The simulated fetch (no network): every page takes 200 ms.
///
/// Treat it as a library you cannot change.
pub async fn fetch(url: &str) -> String {
    let _in_flight = FETCHES.enter();
    tokio::time::sleep(FETCH_TIME).await;
    let read = URLS_READ.load(Ordering::SeqCst);
    let _ = READ_AT_FIRST_DONE.compare_exchange(0, read + 1, Ordering::SeqCst, Ordering::SeqCst);
    format!("<{url}>")
}

/// Fresh counters for one run of `crawl`.
fn reset_stats() {
    FETCHES.reset();
    for counter in [&URLS_READ, &READ_AT_FIRST_DONE] {
        counter.store(0, Ordering::SeqCst);
    }
}

/// `count` URLs that count how many of them have been read.
fn counted_urls(count: usize) -> Urls {
    Box::new((0..count).map(|n| {
        URLS_READ.fetch_add(1, Ordering::SeqCst);
        format!("https://example.com/{n}")
    }))
}
