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

use std::time::Duration;

use exercise_support::Gauge;

/// How long the market-data API takes to answer one quote.
pub const QUOTE_TIME: Duration = Duration::from_millis(500);

// The checks read this to see how many quotes overlapped; an answer never needs it.
static IN_FLIGHT: Gauge = Gauge::new();

/// The market-data API (simulated, no network): every quote takes 500 ms.
///
/// Treat it as a library you cannot change.
pub async fn fetch_price(symbol: String) -> u32 {
    let _quote = IN_FLIGHT.enter();
    tokio::time::sleep(QUOTE_TIME).await;
    match symbol.as_str() {
        "AAPL" => 189,
        "MSFT" => 410,
        "GOOG" => 141,
        "AMZN" => 178,
        other => panic!("no price for {other:?}"),
    }
}
