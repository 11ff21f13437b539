//! One answer. Try the starter before reading it.

use crate::fetch_price;

/// For async callers: the prices of `symbols`, in the same order.
pub async fn fetch_all(symbols: Vec<String>) -> Vec<u32> {
    // Inside a runtime there is nothing to start: spawn every quote, then
    // await the handles in the order they were spawned.
    let quotes: Vec<_> = symbols
        .into_iter()
        .map(|symbol| tokio::spawn(fetch_price(symbol)))
        .collect();
    let mut prices = Vec::with_capacity(quotes.len());
    for quote in quotes {
        prices.push(quote.await.expect("fetch_price panicked"));
    }
    prices
}

/// For sync callers (no runtime running): the prices of `symbols`, in order.
pub fn get_prices(symbols: Vec<String>) -> Vec<u32> {
    // One runtime, built here at the edge, for the whole batch.
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("could not build a tokio runtime")
        .block_on(fetch_all(symbols))
}
