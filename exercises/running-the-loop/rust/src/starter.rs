//! Your starting point. It compiles and `get_prices` returns the right
//! prices, but the checks fail: run
//! `cargo run -p exercise-running-the-loop --example check-running-the-loop`.

use crate::fetch_price;

/// For async callers: the prices of `symbols`, in the same order.
pub async fn fetch_all(symbols: Vec<String>) -> Vec<u32> {
    // TODO: this calls the sync wrapper from inside a running runtime, and
    // the wrapper builds one runtime per symbol. Make fetch_all fetch every
    // quote at once, and make get_prices run it once, at the edge.
    get_prices(symbols)
}

/// For sync callers (no runtime running): the prices of `symbols`, in order.
pub fn get_prices(symbols: Vec<String>) -> Vec<u32> {
    symbols
        .into_iter()
        .map(|symbol| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .expect("could not build a tokio runtime");
            runtime.block_on(fetch_price(symbol))
        })
        .collect()
}
