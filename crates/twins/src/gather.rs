//! gather: the tokio twin of the Python chapter.
//!
//! `asyncio.gather` has no single tokio equivalent, so each pair uses the
//! piece that behaves the way the Python program does. `tokio::join!` waits
//! for a fixed set of futures and returns their outputs in argument order;
//! spawned tasks awaited through their `JoinHandle`s, in order, do the same
//! for a list. The numbers match the Python pairs: 1.80 s against 1.00 s;
//! prices that come back in completion order (and get the wrong labels)
//! against argument order; a card charged at 0.30 s after the order failed
//! at 0.10 s against a charge cancelled at 0.10 s; a dashboard lost at 0.20 s
//! against three widgets and one error at 0.50 s; and "saved 5 of 5" against
//! "saved 3 of 5" with both failures listed.
//!
//! Run its tests with `cargo test -p tokio-twins gather`.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::{JoinHandle, JoinSet};
use tokio::time::Instant;

// ANCHOR: fetch
/// A simulated backend (no network): answers `what` after `latency`, and
/// says when, counted from `start`.
pub async fn fetch(
    what: &'static str,
    latency: Duration,
    start: Instant,
) -> (&'static str, Duration) {
    tokio::time::sleep(latency).await;
    (what, start.elapsed())
}
// ANCHOR_END: fetch

const PROFILE: Duration = Duration::from_millis(500);
const ORDERS: Duration = Duration::from_millis(1000);
const PICKS: Duration = Duration::from_millis(300);

/// What a page needs, each with the moment it was ready.
pub type Page = [(&'static str, Duration); 3];

// ANCHOR: sequential_wrong
pub async fn load_page_one_by_one(start: Instant) -> Page {
    // Each .await finishes before the next call even starts.
    let profile = fetch("profile", PROFILE, start).await;
    let orders = fetch("orders", ORDERS, start).await;
    let picks = fetch("picks", PICKS, start).await;
    [profile, orders, picks]
}
// ANCHOR_END: sequential_wrong

// ANCHOR: sequential_correct
pub async fn load_page(start: Instant) -> Page {
    // join! polls all three at once and hands back the outputs in argument order.
    let (profile, orders, picks) = tokio::join!(
        fetch("profile", PROFILE, start),
        fetch("orders", ORDERS, start),
        fetch("picks", PICKS, start),
    );
    [profile, orders, picks]
}
// ANCHOR_END: sequential_correct

/// The simulated market: each quote has its own latency and price.
pub fn quote(symbol: &str) -> (Duration, u32) {
    match symbol {
        "AAPL" => (Duration::from_millis(300), 189),
        "MSFT" => (Duration::from_millis(100), 410),
        "GOOG" => (Duration::from_millis(200), 141),
        other => panic!("no quote for {other}"),
    }
}

pub async fn fetch_price(symbol: &'static str) -> u32 {
    let (latency, price) = quote(symbol);
    tokio::time::sleep(latency).await;
    price
}

// ANCHOR: order_wrong
pub async fn prices_as_they_arrive(symbols: &[&'static str]) -> Vec<(&'static str, u32)> {
    let mut quotes = JoinSet::new();
    for &symbol in symbols {
        quotes.spawn(fetch_price(symbol));
    }
    // join_all returns the prices in the order the tasks finished...
    let prices = quotes.join_all().await;
    // ...and this zip assumes they follow `symbols`.
    symbols.iter().copied().zip(prices).collect()
}
// ANCHOR_END: order_wrong

// ANCHOR: order_correct
pub async fn prices_in_order(symbols: &[&'static str]) -> Vec<(&'static str, u32)> {
    let quotes: Vec<JoinHandle<u32>> = symbols
        .iter()
        .map(|&symbol| tokio::spawn(fetch_price(symbol)))
        .collect();
    // Awaiting the handles in the order they were spawned keeps gather's order.
    let mut prices = Vec::with_capacity(quotes.len());
    for (&symbol, quote) in symbols.iter().zip(quotes) {
        prices.push((symbol, quote.await.expect("a quote panicked")));
    }
    prices
}
// ANCHOR_END: order_correct

/// What the simulated shop did, and when, counted from its start.
#[derive(Debug)]
pub struct Shop {
    start: Instant,
    log: Mutex<Vec<(Duration, String)>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfStock(pub String);

impl fmt::Display for OutOfStock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no {} left", self.0)
    }
}

impl Shop {
    pub fn open() -> Arc<Shop> {
        Arc::new(Shop {
            start: Instant::now(),
            log: Mutex::new(Vec::new()),
        })
    }

    fn record(&self, event: String) {
        let at = self.start.elapsed();
        self.log.lock().expect("log poisoned").push((at, event));
    }

    pub fn log(&self) -> Vec<(Duration, String)> {
        self.log.lock().expect("log poisoned").clone()
    }

    /// Fails after 0.1 s: the shop has run out.
    pub async fn reserve_stock(&self, item: &str) -> Result<(), OutOfStock> {
        tokio::time::sleep(Duration::from_millis(100)).await;
        Err(OutOfStock(item.to_string()))
    }

    /// Takes the money after 0.3 s.
    pub async fn charge_card(&self, amount: u32) -> Result<(), OutOfStock> {
        let mut unfinished = CancelNote {
            shop: self,
            armed: true,
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        unfinished.armed = false;
        self.record(format!("card charged {amount} EUR"));
        Ok(())
    }

    fn order_failed(&self, error: &OutOfStock) {
        self.record(format!("order failed: {error}"));
    }
}

/// Logs "charge cancelled" if the charge is dropped before it finishes,
/// like the Python version's `except asyncio.CancelledError`.
struct CancelNote<'a> {
    shop: &'a Shop,
    armed: bool,
}

impl Drop for CancelNote<'_> {
    fn drop(&mut self) {
        if self.armed {
            self.shop.record("charge cancelled".to_string());
        }
    }
}

// ANCHOR: partial_wrong
pub async fn place_order_detached(shop: Arc<Shop>) {
    let reserve = tokio::spawn({
        let shop = Arc::clone(&shop);
        async move { shop.reserve_stock("lamp").await }
    });
    let charge = tokio::spawn({
        let shop = Arc::clone(&shop);
        async move { shop.charge_card(49).await }
    });
    let outcome = match reserve.await.expect("reserve panicked") {
        Ok(()) => charge.await.expect("charge panicked"),
        // Returning drops the `charge` handle, which detaches the task: it runs on.
        Err(error) => Err(error),
    };
    if let Err(error) = outcome {
        shop.order_failed(&error);
    }
}
// ANCHOR_END: partial_wrong

// ANCHOR: partial_correct
pub async fn place_order(shop: Arc<Shop>) {
    let reserve = tokio::spawn({
        let shop = Arc::clone(&shop);
        async move { shop.reserve_stock("lamp").await }
    });
    let charge = tokio::spawn({
        let shop = Arc::clone(&shop);
        async move { shop.charge_card(49).await }
    });
    let outcome = match reserve.await.expect("reserve panicked") {
        Ok(()) => charge.await.expect("charge panicked"),
        Err(error) => {
            // Nothing stops the charge for us: abort it, and wait until it has stopped.
            charge.abort();
            let _stopped = charge.await;
            Err(error)
        }
    };
    if let Err(error) = outcome {
        shop.order_failed(&error);
    }
}
// ANCHOR_END: partial_correct

/// A simulated widget service (no network); the weather service is down.
pub async fn load_widget(name: &'static str) -> Result<String, String> {
    let latency = match name {
        "news" => 300,
        "weather" => 200,
        "stocks" => 500,
        "calendar" => 100,
        other => panic!("no widget {other}"),
    };
    tokio::time::sleep(Duration::from_millis(latency)).await;
    if name == "weather" {
        return Err("weather service unreachable".to_string());
    }
    Ok(format!("<{name} widget>"))
}

// ANCHOR: return_exceptions_wrong
pub async fn dashboard_all_or_nothing() -> Result<[String; 4], String> {
    // The first Err ends the wait, and the three good widgets go with it.
    let (news, weather, stocks, calendar) = tokio::try_join!(
        load_widget("news"),
        load_widget("weather"),
        load_widget("stocks"),
        load_widget("calendar"),
    )?;
    Ok([news, weather, stocks, calendar])
}
// ANCHOR_END: return_exceptions_wrong

// ANCHOR: return_exceptions_correct
pub async fn dashboard() -> [Result<String, String>; 4] {
    // join! waits for every future; each Result is a widget or its error,
    // which is what return_exceptions=True gives you in Python.
    let (news, weather, stocks, calendar) = tokio::join!(
        load_widget("news"),
        load_widget("weather"),
        load_widget("stocks"),
        load_widget("calendar"),
    );
    [news, weather, stocks, calendar]
}
// ANCHOR_END: return_exceptions_correct

/// A simulated database (no network): a write takes 0.2 s, bad names are refused.
pub async fn save(record: &'static str) -> Result<&'static str, String> {
    tokio::time::sleep(Duration::from_millis(200)).await;
    if record.is_empty() || !record.chars().all(char::is_alphabetic) {
        return Err(format!("bad name {record:?}"));
    }
    Ok(record)
}

/// How many records were saved, and why the others were not.
#[derive(Debug, PartialEq, Eq)]
pub struct SaveReport {
    pub saved: usize,
    pub errors: Vec<String>,
}

async fn save_all(records: &[&'static str]) -> Vec<Result<&'static str, String>> {
    let writes: Vec<_> = records
        .iter()
        .map(|&record| tokio::spawn(save(record)))
        .collect();
    let mut results = Vec::with_capacity(writes.len());
    for write in writes {
        results.push(write.await.expect("a write panicked"));
    }
    results
}

// ANCHOR: swallowed_wrong
pub async fn save_and_count_everything(records: &[&'static str]) -> SaveReport {
    let results = save_all(records).await;
    // No compiler warning here: a Vec of Results is "used" by counting it.
    SaveReport {
        saved: results.len(),
        errors: Vec::new(),
    }
}
// ANCHOR_END: swallowed_wrong

// ANCHOR: swallowed_correct
pub async fn save_and_report(records: &[&'static str]) -> SaveReport {
    let results = save_all(records).await;
    // Look at every result: the failures are in the Vec, not returned early.
    let errors: Vec<String> = results.into_iter().filter_map(Result::err).collect();
    SaveReport {
        saved: records.len() - errors.len(),
        errors,
    }
}
// ANCHOR_END: swallowed_correct

#[cfg(test)]
mod tests {
    use super::*;

    const SYMBOLS: [&str; 3] = ["AAPL", "MSFT", "GOOG"];
    const RECORDS: [&str; 5] = ["alice", "bob", "", "dave", "eve?"];

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    #[tokio::test(start_paused = true)]
    async fn sequential_wrong_adds_up_the_waits() {
        let start = Instant::now();

        let page = load_page_one_by_one(start).await;

        assert_eq!(
            page,
            [
                ("profile", ms(500)),
                ("orders", ms(1500)),
                ("picks", ms(1800))
            ]
        );
        assert_eq!(start.elapsed(), ms(1800));
    }

    #[tokio::test(start_paused = true)]
    async fn sequential_correct_waits_as_long_as_the_slowest() {
        let start = Instant::now();

        let page = load_page(start).await;

        // Argument order, although picks finished first and orders last.
        assert_eq!(
            page,
            [
                ("profile", ms(500)),
                ("orders", ms(1000)),
                ("picks", ms(300))
            ]
        );
        assert_eq!(start.elapsed(), ms(1000));
    }

    #[tokio::test(start_paused = true)]
    async fn order_wrong_labels_prices_in_completion_order() {
        let start = Instant::now();

        let prices = prices_as_they_arrive(&SYMBOLS).await;

        // MSFT answered first, then GOOG, then AAPL: every label is wrong.
        assert_eq!(prices, [("AAPL", 410), ("MSFT", 141), ("GOOG", 189)]);
        assert_eq!(start.elapsed(), ms(300));
    }

    #[tokio::test(start_paused = true)]
    async fn order_correct_keeps_argument_order() {
        let start = Instant::now();

        let prices = prices_in_order(&SYMBOLS).await;

        assert_eq!(prices, [("AAPL", 189), ("MSFT", 410), ("GOOG", 141)]);
        assert_eq!(start.elapsed(), ms(300));
    }

    #[tokio::test(start_paused = true)]
    async fn partial_wrong_charges_the_card_after_the_order_failed() {
        let shop = Shop::open();

        place_order_detached(Arc::clone(&shop)).await;
        // The shop goes on serving other customers.
        tokio::time::sleep(ms(1000)).await;

        assert_eq!(
            shop.log(),
            [
                (ms(100), "order failed: no lamp left".to_string()),
                (ms(300), "card charged 49 EUR".to_string()),
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn partial_correct_cancels_the_charge() {
        let shop = Shop::open();

        place_order(Arc::clone(&shop)).await;
        tokio::time::sleep(ms(1000)).await;

        // The charge was stopped before the failure was reported, as in Python.
        assert_eq!(
            shop.log(),
            [
                (ms(100), "charge cancelled".to_string()),
                (ms(100), "order failed: no lamp left".to_string()),
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn return_exceptions_wrong_loses_the_whole_dashboard() {
        let start = Instant::now();

        let outcome = dashboard_all_or_nothing().await;

        assert_eq!(outcome, Err("weather service unreachable".to_string()));
        assert_eq!(start.elapsed(), ms(200));
    }

    #[tokio::test(start_paused = true)]
    async fn return_exceptions_correct_keeps_every_result() {
        let start = Instant::now();

        let widgets = dashboard().await;

        assert_eq!(
            widgets,
            [
                Ok("<news widget>".to_string()),
                Err("weather service unreachable".to_string()),
                Ok("<stocks widget>".to_string()),
                Ok("<calendar widget>".to_string()),
            ]
        );
        assert_eq!(start.elapsed(), ms(500));
    }

    #[tokio::test(start_paused = true)]
    async fn swallowed_wrong_counts_failures_as_saved() {
        let start = Instant::now();

        let report = save_and_count_everything(&RECORDS).await;

        assert_eq!(
            report,
            SaveReport {
                saved: 5,
                errors: vec![]
            }
        );
        assert_eq!(start.elapsed(), ms(200));
    }

    #[tokio::test(start_paused = true)]
    async fn swallowed_correct_reports_each_failure() {
        let start = Instant::now();

        let report = save_and_report(&RECORDS).await;

        assert_eq!(
            report,
            SaveReport {
                saved: 3,
                errors: vec![
                    r#"bad name """#.to_string(),
                    r#"bad name "eve?""#.to_string()
                ],
            }
        );
        assert_eq!(start.elapsed(), ms(200));
    }
}
