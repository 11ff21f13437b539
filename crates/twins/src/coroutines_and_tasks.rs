//! Coroutines, tasks, futures and the loop: the tokio twin of the Python chapter.
//!
//! Five wrong/correct pairs. Rust futures are lazy exactly like Python
//! coroutines: calling an `async fn` builds a value and runs none of its body.
//! `tokio::spawn` plays `asyncio.create_task`, a `oneshot` channel plays a
//! low-level `asyncio.Future` resolved from a callback, and `sleep` against
//! `sleep_until` plays `call_later` against `call_at`. The tests pin the same
//! numbers the Python pairs print: 2.10 s against 1.00 s, a query before the
//! handshake against two orders at 0.30 s, no price looked up against a total
//! of 10 at 0.20 s, no reading yet against 21.5 at 0.50 s, and ticks that slip
//! by 0.05 s each against ticks on the second.
//!
//! Run its tests with `cargo test -p tokio-twins coroutines_and_tasks`.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::Instant;

/// How long download "a" takes in the first pair.
pub const DOWNLOAD_A: Duration = Duration::from_millis(1000);
/// How long download "b" takes in the first pair.
pub const DOWNLOAD_B: Duration = Duration::from_millis(600);
/// The other work `main` does while the downloads should be running.
pub const OTHER_WORK: Duration = Duration::from_millis(500);
/// The simulated database's handshake.
pub const HANDSHAKE: Duration = Duration::from_millis(200);
/// The simulated database's query.
pub const QUERY: Duration = Duration::from_millis(100);
/// One lookup at the simulated price service.
pub const PRICE_LOOKUP: Duration = Duration::from_millis(200);
/// How long the simulated thermometer takes to answer.
pub const READING_DELAY: Duration = Duration::from_millis(500);
/// The period the ticker is meant to keep.
pub const PERIOD: Duration = Duration::from_millis(1000);
/// The work each tick does before the next one is scheduled.
pub const TICK_WORK: Duration = Duration::from_millis(50);

/// Lines stamped with the time since `start`, formatted like the Python output.
#[derive(Debug)]
pub struct Timeline {
    start: Instant,
    lines: Mutex<Vec<String>>,
}

impl Timeline {
    pub fn new() -> Arc<Self> {
        Arc::new(Self {
            start: Instant::now(),
            lines: Mutex::new(Vec::new()),
        })
    }

    /// Records `what` as `"0.50s  what"`.
    pub fn note(&self, what: &str) {
        let at = self.start.elapsed().as_secs_f64();
        self.push(format!("{at:.2}s  {what}"));
    }

    fn push(&self, line: String) {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(line);
    }

    pub fn lines(&self) -> Vec<String> {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

// ANCHOR: download
/// A simulated download (no network): it just waits for `took`.
pub async fn download(name: &'static str, took: Duration, timeline: Arc<Timeline>) {
    timeline.note(&format!("{name} starts"));
    tokio::time::sleep(took).await;
    timeline.note(&format!("{name} done"));
}
// ANCHOR_END: download

// ANCHOR: lazy_call_wrong
pub async fn download_two_lazily(timeline: Arc<Timeline>) {
    // Calling an async fn only builds a future: neither body has started.
    let a = download("a", DOWNLOAD_A, Arc::clone(&timeline));
    let b = download("b", DOWNLOAD_B, Arc::clone(&timeline));
    timeline.note("main: both downloads created");
    tokio::time::sleep(OTHER_WORK).await;
    timeline.note("main: other work done");
    a.await; // a starts only now, and b only after a is done
    b.await;
}
// ANCHOR_END: lazy_call_wrong

// ANCHOR: lazy_call_correct
pub async fn download_two_spawned(timeline: Arc<Timeline>) {
    // spawn hands each future to the runtime, which polls it once main yields.
    let a = tokio::spawn(download("a", DOWNLOAD_A, Arc::clone(&timeline)));
    let b = tokio::spawn(download("b", DOWNLOAD_B, Arc::clone(&timeline)));
    timeline.note("main: both downloads created");
    tokio::time::sleep(OTHER_WORK).await;
    timeline.note("main: other work done");
    a.await.expect("download a panicked");
    b.await.expect("download b panicked");
}
// ANCHOR_END: lazy_call_correct

/// The error the simulated database returns for a query sent too early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotConnected;

// ANCHOR: database
/// A simulated database client (no network): each call waits a little.
#[derive(Debug, Default)]
pub struct Database {
    connected: AtomicBool,
}

impl Database {
    pub async fn connect(&self) {
        tokio::time::sleep(HANDSHAKE).await;
        self.connected.store(true, Ordering::SeqCst);
    }

    pub async fn fetch_orders(&self) -> Result<Vec<&'static str>, NotConnected> {
        if !self.connected.load(Ordering::SeqCst) {
            return Err(NotConnected);
        }
        tokio::time::sleep(QUERY).await;
        Ok(vec!["order-1", "order-2"])
    }
}
// ANCHOR_END: database

// ANCHOR: forgotten_await_wrong
// Both rustc (`unused_must_use`) and clippy (`let_underscore_future`) reject
// this by default; the lint is switched off here only to show the bug.
#[allow(clippy::let_underscore_future)]
pub async fn count_orders_forgetting_await(db: &Database) -> Result<usize, NotConnected> {
    let _ = db.connect(); // builds the handshake future and drops it unpolled
    Ok(db.fetch_orders().await?.len())
}
// ANCHOR_END: forgotten_await_wrong

// ANCHOR: forgotten_await_correct
pub async fn count_orders(db: &Database) -> Result<usize, NotConnected> {
    db.connect().await; // runs the handshake and waits for it to finish
    Ok(db.fetch_orders().await?.len())
}
// ANCHOR_END: forgotten_await_correct

// ANCHOR: price_service
/// A simulated price service (no network): each lookup waits 0.2 s.
#[derive(Debug, Default)]
pub struct PriceService {
    lookups: AtomicUsize,
}

impl PriceService {
    pub async fn get_price(&self, item: &str) -> u32 {
        self.lookups.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(PRICE_LOOKUP).await;
        match item {
            "apple" => 3,
            "bread" => 5,
            "milk" => 2,
            _ => 0,
        }
    }

    /// How many lookups have started.
    pub fn lookups(&self) -> usize {
        self.lookups.load(Ordering::SeqCst)
    }
}
// ANCHOR_END: price_service

// ANCHOR: unrun_list_wrong
pub fn collect_lookups(service: &PriceService, cart: &[&str]) -> usize {
    // A Vec of futures: summing it would not even compile, and none has run.
    let lookups: Vec<_> = cart.iter().map(|item| service.get_price(item)).collect();
    lookups.len()
}
// ANCHOR_END: unrun_list_wrong

// ANCHOR: unrun_list_correct
pub async fn total_price(service: Arc<PriceService>, cart: &[&'static str]) -> u32 {
    // Spawn every lookup before awaiting any, so all three wait at once.
    let lookups: Vec<_> = cart
        .iter()
        .map(|&item| {
            let service = Arc::clone(&service);
            tokio::spawn(async move { service.get_price(item).await })
        })
        .collect();
    let mut total = 0;
    for lookup in lookups {
        total += lookup.await.expect("lookup panicked");
    }
    total
}
// ANCHOR_END: unrun_list_correct

// ANCHOR: thermometer
/// A simulated device with a callback API: it answers 0.5 s after a request.
pub fn request_reading(on_reading: impl FnOnce(f64) + Send + 'static) {
    tokio::spawn(async move {
        tokio::time::sleep(READING_DELAY).await;
        on_reading(21.5);
    });
}
// ANCHOR_END: thermometer

// ANCHOR: future_wrong
pub fn read_without_waiting() -> Result<f64, oneshot::error::TryRecvError> {
    let (reading, mut answer) = oneshot::channel();
    request_reading(move |celsius| {
        let _ = reading.send(celsius);
    });
    answer.try_recv() // like fut.result(): asks now, and there is nothing yet
}
// ANCHOR_END: future_wrong

// ANCHOR: future_correct
pub async fn read() -> Result<f64, oneshot::error::RecvError> {
    let (reading, answer) = oneshot::channel();
    request_reading(move |celsius| {
        // The callback side: like fut.set_result, and ignored if nobody waits any more.
        let _ = reading.send(celsius);
    });
    answer.await // like await fut: suspends until the callback sends
}
// ANCHOR_END: future_correct

// ANCHOR: timers_wrong
pub async fn tick_with_delays(timeline: Arc<Timeline>) {
    for n in 0..=4 {
        timeline.note(&format!("tick {n}"));
        tokio::time::sleep(TICK_WORK).await; // the tick's own work
        if n < 4 {
            // Like call_later: the delay counts from now, after the work, so ticks slip.
            tokio::time::sleep(PERIOD).await;
        }
    }
}
// ANCHOR_END: timers_wrong

// ANCHOR: timers_correct
pub async fn tick_on_a_timetable(timeline: Arc<Timeline>) {
    let start = Instant::now();
    for n in 0..=4 {
        timeline.note(&format!("tick {n}"));
        tokio::time::sleep(TICK_WORK).await; // the tick's own work
        if n < 4 {
            // Like call_at: a fixed timetable that the work can't push back.
            tokio::time::sleep_until(start + PERIOD * (n + 1)).await;
        }
    }
}
// ANCHOR_END: timers_correct

#[cfg(test)]
mod tests {
    use super::*;

    const CART: [&str; 3] = ["apple", "bread", "milk"];

    fn lines(expected: &[&str]) -> Vec<String> {
        expected.iter().map(|line| (*line).to_owned()).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn lazy_call_wrong_starts_each_download_only_when_awaited() {
        let timeline = Timeline::new();

        download_two_lazily(Arc::clone(&timeline)).await;

        assert_eq!(
            timeline.lines(),
            lines(&[
                "0.00s  main: both downloads created",
                "0.50s  main: other work done",
                "0.50s  a starts",
                "1.50s  a done",
                "1.50s  b starts",
                "2.10s  b done",
            ])
        );
        assert_eq!(timeline.start.elapsed(), Duration::from_millis(2100));
    }

    #[tokio::test(start_paused = true)]
    async fn lazy_call_correct_runs_both_downloads_beside_main() {
        let timeline = Timeline::new();

        download_two_spawned(Arc::clone(&timeline)).await;

        assert_eq!(
            timeline.lines(),
            lines(&[
                "0.00s  main: both downloads created",
                "0.00s  a starts",
                "0.00s  b starts",
                "0.50s  main: other work done",
                "0.60s  b done",
                "1.00s  a done",
            ])
        );
        assert_eq!(timeline.start.elapsed(), Duration::from_millis(1000));
    }

    #[tokio::test(start_paused = true)]
    async fn forgotten_await_wrong_queries_before_the_handshake() {
        let db = Database::default();
        let start = Instant::now();

        assert_eq!(count_orders_forgetting_await(&db).await, Err(NotConnected));

        assert_eq!(start.elapsed(), Duration::ZERO);
        // Even later, nothing ever polled the handshake.
        tokio::time::sleep(HANDSHAKE * 2).await;
        assert!(!db.connected.load(Ordering::SeqCst));
    }

    #[tokio::test(start_paused = true)]
    async fn forgotten_await_correct_connects_then_queries() {
        let db = Database::default();
        let start = Instant::now();

        assert_eq!(count_orders(&db).await, Ok(2));

        assert_eq!(start.elapsed(), Duration::from_millis(300));
    }

    #[tokio::test(start_paused = true)]
    async fn unrun_list_wrong_looks_up_nothing() {
        let service = PriceService::default();
        let start = Instant::now();

        assert_eq!(collect_lookups(&service, &CART), 3);

        assert_eq!(service.lookups(), 0);
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn unrun_list_correct_looks_up_every_price_at_once() {
        let service = Arc::new(PriceService::default());
        let start = Instant::now();

        assert_eq!(total_price(Arc::clone(&service), &CART).await, 10);

        assert_eq!(service.lookups(), 3);
        assert_eq!(start.elapsed(), Duration::from_millis(200));
    }

    #[tokio::test(start_paused = true)]
    async fn future_wrong_finds_no_reading_yet() {
        let start = Instant::now();

        assert_eq!(
            read_without_waiting(),
            Err(oneshot::error::TryRecvError::Empty)
        );

        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn future_correct_waits_for_the_callback() {
        let start = Instant::now();

        assert_eq!(read().await, Ok(21.5));

        assert_eq!(start.elapsed(), Duration::from_millis(500));
    }

    #[tokio::test(start_paused = true)]
    async fn timers_wrong_slip_by_the_work_every_period() {
        let timeline = Timeline::new();

        tick_with_delays(Arc::clone(&timeline)).await;

        assert_eq!(
            timeline.lines(),
            lines(&[
                "0.00s  tick 0",
                "1.05s  tick 1",
                "2.10s  tick 2",
                "3.15s  tick 3",
                "4.20s  tick 4",
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn timers_correct_keep_the_timetable() {
        let timeline = Timeline::new();

        tick_on_a_timetable(Arc::clone(&timeline)).await;

        assert_eq!(
            timeline.lines(),
            lines(&[
                "0.00s  tick 0",
                "1.00s  tick 1",
                "2.00s  tick 2",
                "3.00s  tick 3",
                "4.00s  tick 4",
            ])
        );
    }
}
