//! Debugging and testing async code: the tokio twin of the Python chapter.
//!
//! Three wrong/correct pairs and one piece that needs no pair. A future that
//! is created and dropped never runs (Python's "never awaited"; rustc and
//! clippy flag it at compile time). A hand-rolled poll timer plays asyncio's
//! debug mode and names the one step that held the thread for 300 ms. An
//! async test needs a runtime to run on: `#[tokio::test]` is
//! `IsolatedAsyncioTestCase`. And tokio's channels, unlike asyncio's queues,
//! are not bound to the runtime that first used them.
//!
//! Run its tests with `cargo test -p tokio-twins debugging_and_testing`.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

/// How long the simulated database takes to store one record.
pub const SAVE_TIME: Duration = Duration::from_millis(100);
/// A poll longer than this is reported, like asyncio's `slow_callback_duration`.
pub const SLOW_POLL: Duration = Duration::from_millis(100);

// ANCHOR: never_awaited_wrong
async fn save(saved: Arc<Mutex<Vec<&'static str>>>, record: &'static str) {
    tokio::time::sleep(SAVE_TIME).await; // a simulated database write
    saved.lock().unwrap().push(record);
}

#[allow(clippy::let_underscore_future)] // clippy flags this line; the allow hides the bug
pub async fn save_all_dropped(saved: Arc<Mutex<Vec<&'static str>>>) {
    for record in ["alice", "bob"] {
        // Mistake: builds the future and drops it; futures do nothing until awaited.
        let _ = save(Arc::clone(&saved), record);
    }
}
// ANCHOR_END: never_awaited_wrong

// ANCHOR: never_awaited_correct
pub async fn save_all(saved: Arc<Mutex<Vec<&'static str>>>) {
    for record in ["alice", "bob"] {
        save(Arc::clone(&saved), record).await;
    }
}
// ANCHOR_END: never_awaited_correct

// ANCHOR: crunch
/// Stands in for real number crunching: keeps the thread busy for `time`.
pub fn crunch(time: Duration) {
    let deadline = std::time::Instant::now() + time;
    while std::time::Instant::now() < deadline {
        std::hint::spin_loop();
    }
}
// ANCHOR_END: crunch

// ANCHOR: slow_wrong
async fn handle(work: Duration) {
    tokio::time::sleep(Duration::from_millis(100)).await; // a simulated request arrives
    crunch(work);
}

/// Runs the three handlers with nothing watching: a slow poll goes unnoticed.
pub async fn serve_unwatched() -> Vec<&'static str> {
    tokio::join!(
        handle(Duration::from_millis(50)),
        handle(Duration::from_millis(300)),
        handle(Duration::from_millis(50)),
    );
    Vec::new() // nobody measured anything, so there is nothing to report
}
// ANCHOR_END: slow_wrong

// ANCHOR: slow_correct
/// Wraps a future and records its name whenever one poll takes too long,
/// which is what asyncio's debug mode does for every step of every task.
pub struct Watched<F> {
    name: &'static str,
    slow: Arc<Mutex<Vec<&'static str>>>,
    inner: Pin<Box<F>>,
}

impl<F: Future> Future for Watched<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let started = std::time::Instant::now(); // real time: a busy thread stops tokio's clock
        let outcome = self.inner.as_mut().poll(cx);
        if started.elapsed() >= SLOW_POLL {
            let name = self.name;
            self.slow.lock().unwrap().push(name);
        }
        outcome
    }
}

pub async fn serve_watched() -> Vec<&'static str> {
    let slow = Arc::new(Mutex::new(Vec::new()));
    let watch = |name, work| Watched {
        name,
        slow: Arc::clone(&slow),
        inner: Box::pin(handle(work)),
    };
    tokio::join!(
        watch("A", Duration::from_millis(50)),
        watch("B", Duration::from_millis(300)),
        watch("C", Duration::from_millis(50)),
    );
    slow.lock().unwrap().clone()
}
// ANCHOR_END: slow_correct

// ANCHOR: fetch_total
/// The code under test, bug included: it drops the last price.
pub async fn fetch_total(prices: &[u32]) -> u32 {
    tokio::time::sleep(Duration::from_millis(100)).await; // a simulated price service
    prices[..prices.len() - 1].iter().sum()
}
// ANCHOR_END: fetch_total

/// Sends a job through `jobs` 500 ms after it starts waiting and returns when it arrived.
pub async fn one_batch(
    jobs_tx: tokio::sync::mpsc::UnboundedSender<&'static str>,
    jobs_rx: &mut tokio::sync::mpsc::UnboundedReceiver<&'static str>,
) -> (Duration, &'static str) {
    let start = tokio::time::Instant::now();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        jobs_tx.send("job").unwrap();
    });
    let job = jobs_rx.recv().await.unwrap();
    (start.elapsed(), job)
}

#[cfg(test)]
mod tests {
    use super::*;

    use tokio::time::Instant;

    #[tokio::test(start_paused = true)]
    async fn never_awaited_wrong_saves_nothing_and_takes_no_time() {
        let saved = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        save_all_dropped(Arc::clone(&saved)).await;
        assert_eq!(start.elapsed(), Duration::ZERO);
        assert!(saved.lock().unwrap().is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn never_awaited_correct_saves_both_in_200_ms() {
        let saved = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        save_all(Arc::clone(&saved)).await;
        assert_eq!(start.elapsed(), Duration::from_millis(200));
        assert_eq!(*saved.lock().unwrap(), ["alice", "bob"]);
    }

    #[tokio::test(start_paused = true)]
    async fn slow_wrong_reports_nothing() {
        assert!(serve_unwatched().await.is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn slow_correct_names_the_one_slow_handler() {
        assert_eq!(serve_watched().await, ["B"]);
    }

    // #[tokio::test] gives each test its own fresh runtime, as
    // IsolatedAsyncioTestCase gives each test its own event loop. This test
    // catches the bug: it expects 6 and fetch_total answers 3.
    // ANCHOR: tokio_test
    #[tokio::test(start_paused = true)]
    #[should_panic(expected = "left: 3\n right: 6")]
    async fn total_of_three_prices() {
        assert_eq!(fetch_total(&[1, 2, 3]).await, 6);
    }
    // ANCHOR_END: tokio_test

    // The Python pair's wrong program fails here; tokio's channels carry no
    // runtime inside them, so one channel can serve two runtimes in turn.
    #[test]
    fn a_channel_outlives_its_first_runtime() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        for _ in ["first", "second"] {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .start_paused(true)
                .build()
                .unwrap();
            let (waited, job) = runtime.block_on(one_batch(tx.clone(), &mut rx));
            assert_eq!(waited, Duration::from_millis(500));
            assert_eq!(job, "job");
        }
    }
}
