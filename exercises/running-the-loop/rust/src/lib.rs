//! Exercise "Running the loop", the Rust side.
//!
//! `fetch_all(symbols)` is for async callers, already inside a runtime;
//! `get_prices(symbols)` is for sync callers, outside any runtime. Both must
//! return the prices in the order of `symbols`, fetching every quote at once.
//!
//! Edit `src/starter.rs`, then grade it with
//! `cargo run -p exercise-running-the-loop --example check-running-the-loop`.

pub mod checks;
pub mod solution;
pub mod starter;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How long the market-data API takes to answer one quote.
pub const QUOTE_TIME: Duration = Duration::from_millis(500);

// The checks read these to see how many quotes overlapped; an answer never needs them.
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static PEAK_IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

/// Counts a quote as in flight until it is dropped, finished or not.
struct InFlight;

impl InFlight {
    fn enter() -> InFlight {
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

/// The market-data API (simulated, no network): every quote takes 500 ms.
///
/// Treat it as a library you cannot change.
pub async fn fetch_price(symbol: String) -> u32 {
    let _quote = InFlight::enter();
    tokio::time::sleep(QUOTE_TIME).await;
    match symbol.as_str() {
        "AAPL" => 189,
        "MSFT" => 410,
        "GOOG" => 141,
        "AMZN" => 178,
        other => panic!("no price for {other:?}"),
    }
}

fn reset_peak_in_flight() {
    PEAK_IN_FLIGHT.store(IN_FLIGHT.load(Ordering::SeqCst), Ordering::SeqCst);
}

fn peak_in_flight() -> usize {
    PEAK_IN_FLIGHT.load(Ordering::SeqCst)
}
