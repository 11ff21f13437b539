//! Grades a `get_prices` and a `fetch_all` with the four checks of the
//! Python exercise.

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::runtime::Runtime;

use crate::{QUOTE_TIME, peak_in_flight, reset_peak_in_flight};

/// The symbols every check asks for, and the prices they should come back with.
const SYMBOLS: [&str; 4] = ["GOOG", "AAPL", "AMZN", "MSFT"];
const EXPECTED: [u32; 4] = [141, 189, 178, 410];

/// The outcome of one check, with a message written for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub name: &'static str,
    pub passed: bool,
    pub message: String,
}

// Every run shares the API's counters, so two at once would blur each other's peak.
static ONE_RUN_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs every check against `get_prices` (called with no runtime running)
/// and `fetch_all` (awaited inside a single-threaded runtime, like asyncio's
/// one event loop), and reports each one.
pub fn run_checks<G, F, Fut>(get_prices: G, fetch_all: F) -> Vec<CheckResult>
where
    G: Fn(Vec<String>) -> Vec<u32>,
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<u32>>,
{
    let _only_run = ONE_RUN_AT_A_TIME
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
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
    reset_peak_in_flight();
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
    match catch(|| new_runtime().block_on(fetch_all(symbols()))) {
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
    reset_peak_in_flight();
    let start = Instant::now();
    match catch(|| new_runtime().block_on(fetch_all(symbols()))) {
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
    let peak = peak_in_flight();
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

fn new_runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("could not build a tokio runtime")
}

/// Runs a reader's code, turning a panic into a failure message instead of a crash.
fn catch<T>(run: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(run)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("no message")
            // The message goes mid-sentence, so its own full stop would double up.
            .trim_end_matches('.')
            .to_string()
    })
}

fn symbols() -> Vec<String> {
    SYMBOLS.iter().map(|symbol| symbol.to_string()).collect()
}

fn pass(name: &'static str, message: String) -> CheckResult {
    CheckResult {
        name,
        passed: true,
        message,
    }
}

fn fail(name: &'static str, message: String) -> CheckResult {
    CheckResult {
        name,
        passed: false,
        message,
    }
}
