//! Async is for waiting: the tokio twin of the Python chapter.
//!
//! Three wrong/correct pairs. The first shows that joining futures overlaps
//! their waits but not their computing: three pages arrive together, and then
//! three parses take turns on the runtime's thread until they move to the
//! blocking pool (where, with no GIL, Rust threads really do compute in
//! parallel). The second is an `async fn` with nothing to wait for, which
//! completes on its first poll and only makes its callers' lives harder. The
//! third spends a thread per wait against spending a timer per wait: twelve
//! 0.5 s calls take 1.50 s on four blocking threads and 0.50 s as plain
//! `tokio::time::sleep`s.
//!
//! Run its tests with `cargo test -p tokio-twins async_is_for_waiting`.

use std::ops::RangeInclusive;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::time::Instant;

/// How long the simulated web server takes to send a page.
pub const FETCH_TIME: Duration = Duration::from_millis(300);
/// How long parsing one page keeps a core busy.
pub const PARSE_TIME: Duration = Duration::from_millis(200);
/// How long the simulated basket service takes to answer.
pub const BASKET_TIME: Duration = Duration::from_millis(100);
/// How long the simulated profile API takes to answer one call.
pub const API_LATENCY: Duration = Duration::from_millis(500);
/// How many threads the blocking pool gets in the last pair.
pub const POOL_THREADS: usize = 4;

// ANCHOR: crunch
/// Stands in for real number crunching: keeps one core busy for `how_long`.
pub fn crunch(how_long: Duration) {
    let deadline = std::time::Instant::now() + how_long;
    let mut state = 1_u64;
    while std::time::Instant::now() < deadline {
        state = std::hint::black_box(
            state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1),
        );
    }
}
// ANCHOR_END: crunch

/// Counts calls in progress and remembers the most there ever were at once.
#[derive(Debug, Default)]
struct Gauge {
    now: AtomicUsize,
    peak: AtomicUsize,
}

struct GaugeGuard<'a>(&'a Gauge);

impl Gauge {
    fn enter(&self) -> GaugeGuard<'_> {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        GaugeGuard(self)
    }

    fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

impl Drop for GaugeGuard<'_> {
    fn drop(&mut self) {
        self.0.now.fetch_sub(1, Ordering::SeqCst);
    }
}

// ANCHOR: fetch_and_parse
/// A simulated web server (no network): every page takes 0.3 s to arrive.
pub async fn fetch(page: &str) -> String {
    tokio::time::sleep(FETCH_TIME).await;
    format!("<html>{page}</html>")
}

/// Parses pages: pure CPU work, 0.2 s per page, with nothing to wait for.
#[derive(Debug, Default)]
pub struct Parser {
    busy: Gauge,
}

impl Parser {
    pub fn parse(&self, html: &str) -> usize {
        let _busy = self.busy.enter();
        crunch(PARSE_TIME);
        html.len()
    }

    /// The most parses that were ever running at the same time.
    pub fn peak_parallel(&self) -> usize {
        self.busy.peak()
    }
}
// ANCHOR_END: fetch_and_parse

// ANCHOR: fetch_and_parse_wrong
async fn handle_inline(page: &str, parser: &Parser) -> usize {
    let html = fetch(page).await;
    parser.parse(&html) // computes on the runtime's thread, so one page at a time
}

pub async fn handle_pages_inline(parser: &Parser) -> [usize; 3] {
    let (home, about, blog) = tokio::join!(
        handle_inline("home", parser),
        handle_inline("about", parser),
        handle_inline("blog", parser),
    );
    [home, about, blog]
}
// ANCHOR_END: fetch_and_parse_wrong

// ANCHOR: fetch_and_parse_correct
async fn handle_offloaded(page: &str, parser: Arc<Parser>) -> usize {
    let html = fetch(page).await;
    // A blocking-pool thread computes; with no GIL, such threads run in parallel.
    tokio::task::spawn_blocking(move || parser.parse(&html))
        .await
        .expect("parse panicked")
}

pub async fn handle_pages_offloaded(parser: Arc<Parser>) -> [usize; 3] {
    let (home, about, blog) = tokio::join!(
        handle_offloaded("home", Arc::clone(&parser)),
        handle_offloaded("about", Arc::clone(&parser)),
        handle_offloaded("blog", parser),
    );
    [home, about, blog]
}
// ANCHOR_END: fetch_and_parse_correct

// ANCHOR: load_basket
/// A simulated basket service (no network): loading a basket waits 0.1 s.
pub async fn load_basket() -> Vec<&'static str> {
    tokio::time::sleep(BASKET_TIME).await;
    vec!["lamp", "book", "mug"]
}

fn price(item: &str) -> f64 {
    match item {
        "lamp" => 30.0,
        "book" => 12.0,
        "mug" => 8.0,
        _ => 0.0,
    }
}
// ANCHOR_END: load_basket

// ANCHOR: no_await_wrong
// Async, yet nothing in it waits (clippy's pedantic `unused_async` lint says so).
pub async fn price_with_tax_async(item: &str) -> f64 {
    (price(item) * 120.0).round() / 100.0
}

pub async fn cheapest_first_async(basket: &[&'static str]) -> Vec<&'static str> {
    // sort_by can't call an async fn, so every key has to be awaited up front.
    let mut keyed = Vec::with_capacity(basket.len());
    for &item in basket {
        keyed.push((price_with_tax_async(item).await, item));
    }
    keyed.sort_by(|(a, _), (b, _)| a.total_cmp(b));
    keyed.into_iter().map(|(_, item)| item).collect()
}
// ANCHOR_END: no_await_wrong

// ANCHOR: no_await_correct
pub fn price_with_tax(item: &str) -> f64 {
    (price(item) * 120.0).round() / 100.0
}

pub fn cheapest_first(basket: &[&'static str]) -> Vec<&'static str> {
    let mut sorted = basket.to_vec();
    sorted.sort_by(|a, b| price_with_tax(a).total_cmp(&price_with_tax(b)));
    sorted
}
// ANCHOR_END: no_await_correct

// ANCHOR: many_waits_wrong
/// Blocking client, like `requests.get`: the calling thread waits 0.5 s.
pub fn get_profile_blocking(user: u32) -> String {
    std::thread::sleep(API_LATENCY);
    format!("profile-{user}")
}

/// A runtime whose blocking pool has four threads, like the Python pool.
pub fn runtime_with_small_blocking_pool() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .max_blocking_threads(POOL_THREADS)
        .build()
        .expect("could not build a tokio runtime")
}

pub async fn load_profiles_in_threads(users: RangeInclusive<u32>) -> Vec<Duration> {
    let start = std::time::Instant::now();
    // Every wait holds one of the pool's threads for its whole 0.5 s.
    let calls: Vec<_> = users
        .map(|user| {
            tokio::task::spawn_blocking(move || {
                get_profile_blocking(user);
                start.elapsed()
            })
        })
        .collect();
    let mut answered = Vec::with_capacity(calls.len());
    for call in calls {
        answered.push(call.await.expect("call panicked"));
    }
    answered
}
// ANCHOR_END: many_waits_wrong

// ANCHOR: many_waits_correct
/// Async client, like an `httpx.AsyncClient` call: only the task waits.
pub async fn get_profile(user: u32) -> String {
    tokio::time::sleep(API_LATENCY).await;
    format!("profile-{user}")
}

pub async fn load_profiles(users: RangeInclusive<u32>) -> Vec<Duration> {
    let start = Instant::now();
    // Every wait is one timer on the runtime: all twelve can wait at once.
    let calls: Vec<_> = users
        .map(|user| {
            tokio::spawn(async move {
                get_profile(user).await;
                start.elapsed()
            })
        })
        .collect();
    let mut answered = Vec::with_capacity(calls.len());
    for call in calls {
        answered.push(call.await.expect("call panicked"));
    }
    answered
}
// ANCHOR_END: many_waits_correct

#[cfg(test)]
mod tests {
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use super::*;

    const SIZES: [usize; 3] = [17, 18, 17];
    const CHEAPEST_FIRST: [&str; 3] = ["mug", "book", "lamp"];

    /// Polls `future` once, as a runtime would the first time.
    fn first_poll<F: Future>(future: F) -> Poll<F::Output> {
        let mut context = Context::from_waker(Waker::noop());
        pin!(future).poll(&mut context)
    }

    /// Which 0.5 s round of calls each answer came in: 1, 2, 3...
    fn rounds(answered: &[Duration]) -> Vec<u128> {
        answered
            .iter()
            .map(|elapsed| (elapsed.as_millis() + 250) / API_LATENCY.as_millis())
            .collect()
    }

    // The paused clock cannot see a blocking crunch, so both fetch-and-parse
    // tests run on the real clock and count the parses running at once.
    #[tokio::test]
    async fn fetch_and_parse_wrong_overlaps_the_waits_but_not_the_parses() {
        let parser = Parser::default();
        let start = std::time::Instant::now();

        assert_eq!(handle_pages_inline(&parser).await, SIZES);

        assert_eq!(parser.peak_parallel(), 1);
        // One shared 0.3 s wait, then three 0.2 s parses in a row: 0.90 s.
        let wall = start.elapsed();
        assert!(wall >= FETCH_TIME + PARSE_TIME * 3, "took {wall:?}");
    }

    #[tokio::test]
    async fn fetch_and_parse_correct_parses_the_pages_side_by_side() {
        let parser = Arc::new(Parser::default());
        let start = std::time::Instant::now();

        assert_eq!(handle_pages_offloaded(Arc::clone(&parser)).await, SIZES);

        assert_eq!(parser.peak_parallel(), 3);
        let wall = start.elapsed();
        assert!(wall >= FETCH_TIME + PARSE_TIME, "took {wall:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn no_await_wrong_finishes_on_its_first_poll() {
        // Nothing inside it waits, so it never gives the runtime a turn.
        assert_eq!(first_poll(price_with_tax_async("mug")), Poll::Ready(9.6));
        // A function that really waits is still pending after one poll.
        assert!(first_poll(load_basket()).is_pending());

        let start = Instant::now();
        let basket = load_basket().await;
        assert_eq!(cheapest_first_async(&basket).await, CHEAPEST_FIRST);
        assert_eq!(start.elapsed(), BASKET_TIME);
    }

    #[tokio::test(start_paused = true)]
    async fn no_await_correct_sorts_with_a_plain_key() {
        let start = Instant::now();

        let basket = load_basket().await;

        assert_eq!(cheapest_first(&basket), CHEAPEST_FIRST);
        assert_eq!(start.elapsed(), BASKET_TIME);
    }

    // Real threads really sleep, so this one runs on the real clock.
    #[test]
    fn many_waits_wrong_answers_four_calls_per_round() {
        let runtime = runtime_with_small_blocking_pool();

        let answered = runtime.block_on(load_profiles_in_threads(1..=12));

        assert_eq!(rounds(&answered), [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    }

    #[tokio::test(start_paused = true)]
    async fn many_waits_correct_answers_every_call_at_once() {
        let start = Instant::now();

        let answered = load_profiles(1..=12).await;

        assert_eq!(answered, [API_LATENCY; 12]);
        assert_eq!(start.elapsed(), API_LATENCY);
    }
}
