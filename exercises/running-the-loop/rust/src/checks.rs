//! Grades a `get_prices` and a `fetch_all` with the four checks of the
//! Python exercise.

use std::time::{Duration, Instant};

use exercise_support::{fail, pass};

use crate::{IN_FLIGHT, QUOTE_TIME};

pub use exercise_support::CheckResult;

/// The symbols every check asks for, and the prices they should come back with.
const SYMBOLS: [&str; 4] = ["GOOG", "AAPL", "AMZN", "MSFT"];
const EXPECTED: [u32; 4] = [141, 189, 178, 410];

/// Runs every check against `get_prices` (called with no runtime running)
/// and `fetch_all` (awaited inside a single-threaded runtime, like asyncio's
/// one event loop), and reports each one.
pub fn run_checks<G, F, Fut>(get_prices: G, fetch_all: F) -> Vec<CheckResult>
where
    G: Fn(Vec<String>) -> Vec<u32>,
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<u32>>,
{
    // Every run shares the API's counters, so two at once would blur each other's peak.
    let _only_run = exercise_support::one_run_at_a_time();
    vec![
        sync_prices_in_order(&get_prices),
        sync_prices_concurrent(&get_prices),
        async_prices_in_order(&fetch_all),
        async_prices_concurrent(&fetch_all),
    ]
}

fn sync_prices_in_order<G>(get_prices: &G) -> CheckResult
where
    G: Fn(Vec<String>) -> Vec<u32>,
{
    let name = "get_prices returns every price, in order";
    match catch(|| get_prices(symbols())) {
        Ok(prices) => compare(name, "get_prices", &prices),
        Err(why) => fail(
            name,
            format!(
                "get_prices panicked: {why}. Called from ordinary sync code, with no \
                 runtime running, it should return the prices"
            ),
        ),
    }
}

fn sync_prices_concurrent<G>(get_prices: &G) -> CheckResult
where
    G: Fn(Vec<String>) -> Vec<u32>,
{
    let name = "get_prices fetches the quotes together";
    IN_FLIGHT.reset();
    let start = Instant::now();
    match catch(|| get_prices(symbols())) {
        Ok(_) => overlap(
            name,
            "get_prices",
            start.elapsed(),
            "Use one runtime for the whole batch (a single block_on) and start every \
             quote before awaiting any",
        ),
        Err(why) => fail(
            name,
            format!("get_prices panicked: {why}, so it fetched nothing"),
        ),
    }
}

fn async_prices_in_order<F, Fut>(fetch_all: &F) -> CheckResult
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<u32>>,
{
    let name = "fetch_all works inside a running runtime";
    match catch(|| exercise_support::runtime().block_on(fetch_all(symbols()))) {
        Ok(prices) => compare(name, "fetch_all", &prices),
        Err(why) => fail(
            name,
            format!(
                "awaiting fetch_all inside a runtime panicked: {why}. The caller's runtime \
                 is already running, so nothing inside fetch_all may call block_on (not even \
                 through get_prices): await the futures instead"
            ),
        ),
    }
}

fn async_prices_concurrent<F, Fut>(fetch_all: &F) -> CheckResult
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<u32>>,
{
    let name = "fetch_all fetches the quotes together";
    IN_FLIGHT.reset();
    let start = Instant::now();
    match catch(|| exercise_support::runtime().block_on(fetch_all(symbols()))) {
        Ok(_) => overlap(
            name,
            "fetch_all",
            start.elapsed(),
            "Spawn every quote before awaiting any of them",
        ),
        Err(why) => fail(
            name,
            format!("fetch_all panicked: {why}, so it fetched nothing; fix the check above first"),
        ),
    }
}

fn compare(name: &'static str, function: &str, prices: &[u32]) -> CheckResult {
    if prices == EXPECTED {
        pass(
            name,
            "every price came back, in the order of the symbols".into(),
        )
    } else {
        fail(
            name,
            format!(
                "{function}({SYMBOLS:?}) returned {prices:?}; expected {EXPECTED:?} \
                 (one price per symbol, in the same order)"
            ),
        )
    }
}

fn overlap(name: &'static str, function: &str, elapsed: Duration, advice: &str) -> CheckResult {
    let peak = IN_FLIGHT.peak();
    let count = SYMBOLS.len();
    let took = format!(
        "{count} quotes of {:.1} s each took {:.2} s",
        QUOTE_TIME.as_secs_f64(),
        elapsed.as_secs_f64(),
    );
    if peak >= count {
        pass(
            name,
            format!("all {count} quotes were in flight at once; {took}"),
        )
    } else {
        fail(
            name,
            format!(
                "{function} had at most {peak} of {count} quotes in flight at a time; \
                 expected all {count}. {took}. {advice}"
            ),
        )
    }
}

/// Runs a reader's code, turning a panic into its message.
fn catch<T>(code: impl FnOnce() -> T) -> Result<T, String> {
    // The message goes mid-sentence, so its own full stop would double up.
    exercise_support::catch(code).map_err(|why| why.trim_end_matches('.').to_string())
}

fn symbols() -> Vec<String> {
    SYMBOLS.iter().map(|symbol| symbol.to_string()).collect()
}
