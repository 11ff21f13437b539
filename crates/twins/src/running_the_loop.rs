//! Running the loop: the tokio twin of the Python chapter.
//!
//! In Python, `asyncio.run` builds an event loop, runs one coroutine on it
//! and closes it. In Rust, a `tokio::runtime::Runtime` plays the loop and
//! `Runtime::block_on` plays `asyncio.run`. The pairs match the Python ones:
//! a runtime per call (3.00 s) against one at the edge (1.00 s); `block_on`
//! inside a runtime (a panic) against a plain `.await`; `.await` in a plain
//! `fn` (a compile error, see [`portfolio_value`]) against an `async fn`
//! (3940 after 2.00 s); a client outliving its runtime (its calls are
//! cancelled) against one runtime for the client's whole life (prices at
//! 0.70 s and 1.20 s); and `Handle::current()` outside any runtime (a panic)
//! against a runtime of our own.
//!
//! Run its tests with `cargo test -p tokio-twins running_the_loop`.

use std::time::Duration;

use tokio::runtime::{Handle, Runtime};
use tokio::task::JoinError;

/// How long the simulated market-data API takes to answer one quote.
pub const QUOTE_TIME: Duration = Duration::from_secs(1);
/// How long the simulated health check takes.
pub const PING_TIME: Duration = Duration::from_millis(100);
/// How long the simulated client's handshake takes.
pub const HANDSHAKE_TIME: Duration = Duration::from_millis(200);
/// How long the simulated client waits for each reply.
pub const REPLY_TIME: Duration = Duration::from_millis(500);

/// The simulated market's prices, the same as in the Python programs.
pub fn price_of(symbol: &str) -> u32 {
    match symbol {
        "AAPL" => 189,
        "MSFT" => 410,
        "GOOG" => 141,
        other => panic!("no price for {other}"),
    }
}

/// A simulated market-data API (no network): every quote takes 1 s.
pub async fn fetch_price(symbol: &'static str) -> u32 {
    tokio::time::sleep(QUOTE_TIME).await;
    price_of(symbol)
}

/// A fresh single-threaded runtime with timers: tokio's `new_event_loop()`.
pub fn new_runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("could not build a tokio runtime")
}

// ANCHOR: wrapper_wrong
/// Sync wrapper, so sync code can ask for a price.
pub fn get_price(symbol: &'static str) -> u32 {
    // A whole runtime per quote: built, used for one call, dropped.
    new_runtime().block_on(fetch_price(symbol))
}

pub fn report_one_by_one(symbols: &[&'static str]) -> Vec<u32> {
    symbols.iter().map(|&symbol| get_price(symbol)).collect()
}
// ANCHOR_END: wrapper_wrong

// ANCHOR: wrapper_correct
pub async fn fetch_prices(symbols: &[&'static str]) -> Vec<u32> {
    // Spawn every quote first, then await them in order: asyncio.gather.
    let quotes: Vec<_> = symbols
        .iter()
        .map(|&symbol| tokio::spawn(fetch_price(symbol)))
        .collect();
    let mut prices = Vec::with_capacity(quotes.len());
    for quote in quotes {
        prices.push(quote.await.expect("a quote panicked"));
    }
    prices
}

/// Sync wrapper: one runtime, started at the edge, for the whole batch.
pub fn get_prices(symbols: &[&'static str]) -> Vec<u32> {
    new_runtime().block_on(fetch_prices(symbols))
}
// ANCHOR_END: wrapper_correct

// ANCHOR: nested_wrong
pub async fn handle_quote_via_wrapper(symbol: &'static str) -> u32 {
    // get_price calls block_on, and this task is already inside a runtime:
    // tokio panics rather than block the thread that drives the tasks.
    get_price(symbol)
}
// ANCHOR_END: nested_wrong

// ANCHOR: nested_correct
pub async fn handle_quote(symbol: &'static str) -> u32 {
    // Already inside the runtime: just await.
    fetch_price(symbol).await
}
// ANCHOR_END: nested_correct

// ANCHOR: syntax_correct
/// The total value of `holdings`, one quote after another.
///
/// It awaits, so it has to be `async` itself. Written as a plain `fn`, it
/// doesn't compile, just as the Python version is a `SyntaxError`:
///
/// ```compile_fail,E0728
/// async fn fetch_price(_symbol: &str) -> u32 {
///     189
/// }
///
/// fn portfolio_value() -> u32 {
///     10 * fetch_price("AAPL").await
/// }
/// ```
pub async fn portfolio_value(holdings: &[(&'static str, u32)]) -> u32 {
    let mut total = 0;
    for &(symbol, shares) in holdings {
        total += shares * fetch_price(symbol).await;
    }
    total
}
// ANCHOR_END: syntax_correct

// ANCHOR: client
/// A simulated API client (no network). Like real async clients, it belongs
/// to the runtime that was running when it was created.
pub struct QuoteClient {
    runtime: Handle,
}

impl QuoteClient {
    pub async fn connect() -> QuoteClient {
        tokio::time::sleep(HANDSHAKE_TIME).await;
        QuoteClient {
            runtime: Handle::current(),
        }
    }

    /// The reply is delivered by a task on the client's own runtime.
    pub async fn price(&self, symbol: &'static str) -> Result<u32, JoinError> {
        let reply = self.runtime.spawn(async move {
            tokio::time::sleep(REPLY_TIME).await;
            price_of(symbol)
        });
        reply.await
    }
}
// ANCHOR_END: client

// ANCHOR: closed_wrong
pub fn prices_across_runtimes(symbols: &[&'static str]) -> Vec<Result<u32, JoinError>> {
    // This runtime is dropped at the end of the statement; the client isn't.
    let client = new_runtime().block_on(QuoteClient::connect());
    symbols
        .iter()
        .map(|&symbol| new_runtime().block_on(client.price(symbol)))
        .collect()
}
// ANCHOR_END: closed_wrong

// ANCHOR: closed_correct
pub async fn prices_with_one_client(symbols: &[&'static str]) -> Vec<Result<u32, JoinError>> {
    let client = QuoteClient::connect().await;
    let mut prices = Vec::with_capacity(symbols.len());
    for &symbol in symbols {
        // The same runtime the client was made on.
        prices.push(client.price(symbol).await);
    }
    prices
}
// ANCHOR_END: closed_correct

/// A simulated health check: answers "pong" after 0.1 s.
pub async fn ping() -> &'static str {
    tokio::time::sleep(PING_TIME).await;
    "pong"
}

// ANCHOR: manual_wrong
pub fn quotes_after_health_check_wrong(symbols: &[&'static str]) -> Vec<u32> {
    // A one-off call: block_on on a throwaway runtime is the right tool.
    let _status = new_runtime().block_on(ping());
    // A lookup, and there is nothing to find: outside block_on this thread
    // is in no runtime, so Handle::current() panics.
    let runtime = Handle::current();
    symbols
        .iter()
        .map(|&symbol| runtime.block_on(fetch_price(symbol)))
        .collect()
}
// ANCHOR_END: manual_wrong

// ANCHOR: manual_correct
pub fn quotes_after_health_check(symbols: &[&'static str]) -> Vec<u32> {
    let _status = new_runtime().block_on(ping());
    // A runtime of our own, used for every call below and dropped at the end.
    let runtime = new_runtime();
    symbols
        .iter()
        .map(|&symbol| runtime.block_on(fetch_price(symbol)))
        .collect()
}
// ANCHOR_END: manual_correct

#[cfg(test)]
mod tests {
    use std::any::Any;

    use tokio::time::Instant;

    use super::*;

    const SYMBOLS: [&str; 3] = ["AAPL", "MSFT", "GOOG"];

    fn panic_message(payload: Box<dyn Any + Send>) -> String {
        payload
            .downcast_ref::<&str>()
            .map(|message| message.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    }

    // Each call builds its own runtime, and a paused clock belongs to one
    // runtime, so this test times the whole report on the real clock.
    #[test]
    fn wrapper_wrong_waits_for_each_quote_in_turn() {
        let start = std::time::Instant::now();

        assert_eq!(report_one_by_one(&SYMBOLS), [189, 410, 141]);

        // Three 1 s quotes can only take 3 s in all if none overlapped.
        let wall = start.elapsed();
        assert!(wall >= 3 * QUOTE_TIME, "took {wall:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn wrapper_correct_fetches_the_batch_together() {
        let start = Instant::now();

        assert_eq!(fetch_prices(&SYMBOLS).await, [189, 410, 141]);

        assert_eq!(start.elapsed(), Duration::from_millis(1000));
    }

    #[test]
    fn wrapper_correct_is_callable_from_sync_code() {
        let start = std::time::Instant::now();

        assert_eq!(get_prices(&SYMBOLS), [189, 410, 141]);

        let wall = start.elapsed();
        assert!(wall >= QUOTE_TIME && wall < 2 * QUOTE_TIME, "took {wall:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn nested_wrong_panics_inside_the_runtime() {
        let outcome = tokio::spawn(handle_quote_via_wrapper("AAPL")).await;

        let error = outcome.expect_err("block_on inside a runtime should panic");
        let message = panic_message(error.into_panic());
        assert!(
            message.contains("Cannot start a runtime from within a runtime"),
            "{message}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn nested_correct_awaits_the_quote() {
        let start = Instant::now();

        assert_eq!(handle_quote("AAPL").await, 189);

        assert_eq!(start.elapsed(), Duration::from_millis(1000));
    }

    #[tokio::test(start_paused = true)]
    async fn syntax_correct_adds_up_the_portfolio() {
        let start = Instant::now();

        assert_eq!(portfolio_value(&[("AAPL", 10), ("MSFT", 5)]).await, 3940);

        assert_eq!(start.elapsed(), Duration::from_millis(2000));
    }

    #[test]
    fn closed_wrong_loses_every_call_with_the_first_runtime() {
        let prices = prices_across_runtimes(&["AAPL", "MSFT"]);

        assert_eq!(prices.len(), 2);
        for price in prices {
            let error = price.expect_err("the client's runtime is gone");
            assert!(error.is_cancelled(), "{error}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn closed_correct_keeps_client_and_runtime_together() {
        let start = Instant::now();

        let prices = prices_with_one_client(&["AAPL", "MSFT"]).await;

        let prices: Vec<u32> = prices.into_iter().map(Result::unwrap).collect();
        assert_eq!(prices, [189, 410]);
        // 0.2 s handshake, then two 0.5 s replies: 0.70 s and 1.20 s.
        assert_eq!(start.elapsed(), Duration::from_millis(1200));
    }

    #[test]
    fn manual_wrong_finds_no_current_runtime() {
        let outcome = std::panic::catch_unwind(|| quotes_after_health_check_wrong(&["AAPL"]));

        let message = panic_message(outcome.expect_err("Handle::current() should panic"));
        assert!(
            message.contains("must be called from the context of a Tokio 1.x runtime"),
            "{message}"
        );
    }

    #[test]
    fn manual_correct_runs_every_quote_on_one_runtime() {
        let start = std::time::Instant::now();

        assert_eq!(quotes_after_health_check(&["AAPL", "MSFT"]), [189, 410]);

        let wall = start.elapsed();
        assert!(wall >= PING_TIME + 2 * QUOTE_TIME, "took {wall:?}");
    }
}
