//! Waiting strategies: the tokio twin of the `wait` and `as_completed` chapter.
//!
//! `tokio::select!` is `asyncio.wait(..., return_when=FIRST_COMPLETED)` for
//! a fixed handful of futures, and `JoinSet::join_next` is `as_completed`:
//! it hands out results in the order the tasks finish. One difference runs
//! through the whole chapter. A future that `select!` did not pick is
//! dropped, which cancels it; a task spawned with `tokio::spawn` is not
//! cancelled when its `JoinHandle` is dropped, only detached, so it runs on
//! just like a pending asyncio task nobody cancelled.
//!
//! The numbers match the Python pairs: losers that answer at 0.50 s and
//! 0.90 s against losers cancelled at 0.20 s; a failed upload noticed at
//! 0.90 s against 0.10 s; quotes arriving at 0.10 s, 0.20 s and 0.30 s,
//! mislabelled by position or labelled by the tasks themselves.
//!
//! Run its tests with `cargo test -p tokio-twins waiting_strategies`.

use std::collections::HashMap;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}

pub use crate::event_log::Log;

/// Logs "NAME cancelled" if dropped while still armed, that is, if the
/// future that holds it is dropped before it finished.
struct OnCancel(Option<(Log, String)>);

impl OnCancel {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for OnCancel {
    fn drop(&mut self) {
        if let Some((log, name)) = self.0.take() {
            log.say(format!("{name} cancelled"));
        }
    }
}

// ANCHOR: query
/// A simulated replica: answers the same query after its own delay.
pub async fn query(replica: &'static str, millis: u64, log: Log) -> String {
    let cancelled = OnCancel(Some((log.clone(), replica.to_string())));
    sleep(ms(millis)).await;
    cancelled.disarm();
    log.say(format!("{replica} answered"));
    format!("42 rows from {replica}")
}
// ANCHOR_END: query

// ANCHOR: first_completed_wrong
pub async fn fastest_replica_detached(log: &Log) -> String {
    let mut a = tokio::spawn(query("replica-a", 500, log.clone()));
    let mut b = tokio::spawn(query("replica-b", 200, log.clone()));
    let mut c = tokio::spawn(query("replica-c", 900, log.clone()));
    let rows = tokio::select! {
        rows = &mut a => rows,
        rows = &mut b => rows,
        rows = &mut c => rows,
    };
    // The handles are dropped here, which detaches the two losing tasks
    // instead of cancelling them: they run on, like pending asyncio tasks.
    rows.expect("a replica panicked")
}
// ANCHOR_END: first_completed_wrong

// ANCHOR: first_completed_correct
pub async fn fastest_replica(log: &Log) -> String {
    // No spawn: select! polls the three futures itself and drops the two
    // losers as soon as one finishes, which cancels them.
    tokio::select! {
        rows = query("replica-a", 500, log.clone()) => rows,
        rows = query("replica-b", 200, log.clone()) => rows,
        rows = query("replica-c", 900, log.clone()) => rows,
    }
}
// ANCHOR_END: first_completed_correct

// ANCHOR: upload
/// The parts of the file and how long each (simulated) upload takes.
pub const PARTS: [(&str, u64); 3] = [("part-1", 600), ("part-2", 100), ("part-3", 900)];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadError(pub String);

pub async fn upload(part: &'static str, millis: u64) -> Result<&'static str, UploadError> {
    sleep(ms(millis)).await;
    if part == "part-2" {
        return Err(UploadError(format!("{part}: connection reset")));
    }
    Ok(part)
}

fn start_uploads() -> JoinSet<Result<&'static str, UploadError>> {
    let mut uploads = JoinSet::new();
    for (part, millis) in PARTS {
        uploads.spawn(upload(part, millis));
    }
    uploads
}
// ANCHOR_END: upload

// ANCHOR: first_exception_wrong
pub async fn upload_all_then_look() -> Result<(), UploadError> {
    // Like ALL_COMPLETED: every upload runs to its end before anyone looks.
    let results = start_uploads().join_all().await;
    results.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(())
}
// ANCHOR_END: first_exception_wrong

// ANCHOR: first_exception_correct
pub async fn upload_until_first_error() -> Result<(), UploadError> {
    let mut uploads = start_uploads();
    while let Some(joined) = uploads.join_next().await {
        // Like FIRST_EXCEPTION: look at each result as it arrives. `?`
        // returns at the first error, and dropping the set aborts the rest.
        joined.expect("an upload panicked")?;
    }
    Ok(())
}
// ANCHOR_END: first_exception_correct

// ANCHOR: quote
/// The shops, how long each takes to answer, and the price it quotes.
pub const SHOPS: [(&str, u64, u32); 3] = [("north", 300, 12), ("south", 100, 15), ("east", 200, 9)];

/// One quote as it was received: from whom, how much, and when it arrived.
pub type Quote = (&'static str, u32, Duration);

fn cheapest(quotes: &[Quote]) -> &'static str {
    let (shop, _, _) = quotes
        .iter()
        .min_by_key(|&&(_, price, _)| price)
        .expect("at least one quote");
    shop
}
// ANCHOR_END: quote

// ANCHOR: as_completed_wrong
pub async fn quotes_by_position() -> (Vec<Quote>, &'static str) {
    let start = Instant::now();
    let mut quotes = JoinSet::new();
    for (_, millis, price) in SHOPS {
        quotes.spawn(async move {
            sleep(ms(millis)).await;
            price
        });
    }
    let mut received = Vec::new();
    for (shop, _, _) in SHOPS {
        // join_next hands out results as they finish, not in spawn order:
        // naming them by position gives each price the wrong shop.
        let price = quotes
            .join_next()
            .await
            .expect("a quote")
            .expect("no panic");
        received.push((shop, price, start.elapsed()));
    }
    let best = cheapest(&received);
    (received, best)
}
// ANCHOR_END: as_completed_wrong

// ANCHOR: as_completed_correct
pub async fn quotes_labelled() -> (Vec<Quote>, &'static str) {
    let start = Instant::now();
    let mut quotes = JoinSet::new();
    for (shop, millis, price) in SHOPS {
        quotes.spawn(async move {
            sleep(ms(millis)).await;
            (shop, price) // the result says which shop it came from
        });
    }
    let mut received = Vec::new();
    while let Some(joined) = quotes.join_next().await {
        let (shop, price) = joined.expect("no panic");
        received.push((shop, price, start.elapsed()));
    }
    let best = cheapest(&received);
    (received, best)
}
// ANCHOR_END: as_completed_correct

// ANCHOR: not_the_task
pub async fn quotes_by_task_id() -> Vec<Quote> {
    let start = Instant::now();
    let mut quotes = JoinSet::new();
    let mut shop_of = HashMap::new();
    for (shop, millis, price) in SHOPS {
        let handle = quotes.spawn(async move {
            sleep(ms(millis)).await;
            price
        });
        shop_of.insert(handle.id(), shop);
    }
    let mut received = Vec::new();
    // join_next_with_id says which task finished, as asyncio.wait does by
    // handing back the tasks themselves.
    while let Some(joined) = quotes.join_next_with_id().await {
        let (id, price) = joined.expect("no panic");
        received.push((shop_of[&id], price, start.elapsed()));
    }
    received
}
// ANCHOR_END: not_the_task

#[cfg(test)]
mod tests {
    use super::*;

    fn event(millis: u64, what: &str) -> (Duration, String) {
        (ms(millis), what.to_string())
    }

    #[tokio::test(start_paused = true)]
    async fn first_completed_wrong_leaves_the_losers_running() {
        let log = Log::start();

        assert_eq!(
            fastest_replica_detached(&log).await,
            "42 rows from replica-b"
        );

        assert_eq!(log.elapsed(), ms(200));
        // The program carries on with other work, and the losers finish.
        sleep(Duration::from_secs(1)).await;
        assert_eq!(
            log.events_by_time(),
            [
                event(200, "replica-b answered"),
                event(500, "replica-a answered"),
                event(900, "replica-c answered"),
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn first_completed_correct_cancels_the_losers() {
        let log = Log::start();

        assert_eq!(fastest_replica(&log).await, "42 rows from replica-b");

        assert_eq!(log.elapsed(), ms(200));
        sleep(Duration::from_secs(1)).await;
        assert_eq!(
            log.events_by_time(),
            [
                event(200, "replica-a cancelled"),
                event(200, "replica-b answered"),
                event(200, "replica-c cancelled"),
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn first_exception_wrong_notices_the_failure_at_the_end() {
        let start = Instant::now();

        let outcome = upload_all_then_look().await;

        assert_eq!(outcome, Err(UploadError("part-2: connection reset".into())));
        assert_eq!(start.elapsed(), ms(900));
    }

    #[tokio::test(start_paused = true)]
    async fn first_exception_correct_stops_at_the_failure() {
        let start = Instant::now();

        let outcome = upload_until_first_error().await;

        assert_eq!(outcome, Err(UploadError("part-2: connection reset".into())));
        assert_eq!(start.elapsed(), ms(100));
    }

    #[tokio::test(start_paused = true)]
    async fn as_completed_wrong_gives_prices_the_wrong_shops() {
        let (received, best) = quotes_by_position().await;

        assert_eq!(
            received,
            [
                ("north", 15, ms(100)),
                ("south", 9, ms(200)),
                ("east", 12, ms(300)),
            ]
        );
        assert_eq!(best, "south");
    }

    #[tokio::test(start_paused = true)]
    async fn as_completed_correct_keeps_each_price_with_its_shop() {
        let (received, best) = quotes_labelled().await;

        assert_eq!(
            received,
            [
                ("south", 15, ms(100)),
                ("east", 9, ms(200)),
                ("north", 12, ms(300)),
            ]
        );
        assert_eq!(best, "east");
    }

    #[tokio::test(start_paused = true)]
    async fn not_the_task_ids_name_the_task_that_finished() {
        assert_eq!(
            quotes_by_task_id().await,
            [
                ("south", 15, ms(100)),
                ("east", 9, ms(200)),
                ("north", 12, ms(300)),
            ]
        );
    }
}
