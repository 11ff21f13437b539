//! Timeouts and cancellation: the tokio twin of the Python chapter.
//!
//! Five wrong/correct pairs. In tokio, cancelling a future means dropping it:
//! `tokio::time::timeout` drops the future it wraps when time runs out, and
//! the future stops at the `.await` where it was waiting. A spawned task is
//! different: the runtime owns it, so a timeout on its `JoinHandle` only stops
//! the waiting, like `asyncio.wait`, and the task runs on, like a shielded one.
//! The numbers match the Python pairs: a card charged at 1.5 s after giving up
//! at 1.0 s; an export that ends at 2.2 s instead of timing out at 1.2 s; an
//! order recorded at 0.8 s despite a 0.5 s timeout; a crash that shutdown
//! hides or reports; and a dashboard that fails at 1.0 s or shows three
//! widgets out of four.
//!
//! Run its tests with `cargo test -p tokio-twins timeouts_and_cancellation`.

use std::time::Duration;

use tokio::time::{Instant, sleep, sleep_until, timeout};

/// How long the simulated gateway takes to charge a card.
pub const CHARGE_TIME: Duration = Duration::from_millis(1500);
/// How long sending an invoice instead takes.
pub const INVOICE_TIME: Duration = Duration::from_secs(2);
/// How long checkout waits for the card before switching to an invoice.
pub const PAYMENT_TIMEOUT: Duration = Duration::from_secs(1);
/// How long writing one batch to the simulated warehouse takes.
pub const BATCH_TIME: Duration = Duration::from_millis(500);
/// The deadline for the whole export.
pub const EXPORT_TIMEOUT: Duration = Duration::from_millis(1200);
/// How long each of the two steps of placing an order takes.
pub const ORDER_STEP: Duration = Duration::from_millis(400);
/// How long a request may take before the client is answered anyway.
pub const REQUEST_TIMEOUT: Duration = Duration::from_millis(500);
/// How often the log flusher writes a chunk.
pub const FLUSH_EVERY: Duration = Duration::from_millis(300);
/// How long the application works before it shuts down.
pub const WORK_TIME: Duration = Duration::from_millis(1500);
/// The dashboard's widgets and how long each one takes to load.
pub const WIDGETS: [(&str, Duration); 4] = [
    ("profile", Duration::from_millis(200)),
    ("orders", Duration::from_millis(300)),
    ("messages", Duration::from_millis(400)),
    ("recommendations", Duration::from_secs(5)),
];

pub use crate::event_log::Log;

// ANCHOR: gateway
/// A simulated payment gateway: charging a card takes 1.5 s.
pub async fn charge_card(order: u32, log: Log) {
    sleep(CHARGE_TIME).await;
    log.say(format!("card charged for order {order}"));
}

pub async fn send_invoice(order: u32, log: &Log) {
    sleep(INVOICE_TIME).await;
    log.say(format!("invoice sent for order {order}"));
}
// ANCHOR_END: gateway

// ANCHOR: wait_for_wrong
pub async fn checkout_by_waiting(order: u32, log: &Log) {
    let payment = tokio::spawn(charge_card(order, log.clone()));
    // Like asyncio.wait: the timeout drops only the handle, and the task charges on.
    if timeout(PAYMENT_TIMEOUT, payment).await.is_err() {
        log.say("card too slow, billing by invoice");
        send_invoice(order, log).await;
    }
}
// ANCHOR_END: wait_for_wrong

// ANCHOR: wait_for_correct
pub async fn checkout(order: u32, log: &Log) {
    // Like asyncio.wait_for: when time is up, timeout drops the charge itself.
    if timeout(PAYMENT_TIMEOUT, charge_card(order, log.clone()))
        .await
        .is_err()
    {
        log.say("card too slow, billing by invoice");
        send_invoice(order, log).await;
    }
}
// ANCHOR_END: wait_for_correct

/// A simulated warehouse write: one batch takes 0.5 s.
async fn write_batch() {
    sleep(BATCH_TIME).await;
}

// ANCHOR: reraise_wrong
pub async fn export_past_the_deadline(batches: u32, deadline: Instant, log: &Log) -> u32 {
    let mut written = 0;
    let mut deadline_passed = false;
    for batch in 1..=batches {
        tokio::select! {
            () = write_batch() => written += 1,
            () = sleep_until(deadline), if !deadline_passed => {
                log.say(format!("rolled back batch {batch}"));
                // Notes the deadline and moves on, like a swallowed CancelledError.
                deadline_passed = true;
            }
        }
    }
    written
}

pub async fn run_export_past_the_deadline(log: &Log) {
    let deadline = Instant::now() + EXPORT_TIMEOUT;
    let written = export_past_the_deadline(5, deadline, log).await;
    log.say(format!("exported {written} batches"));
}
// ANCHOR_END: reraise_wrong

// ANCHOR: reraise_correct
/// Rolls back the batch in flight if the export is dropped before it is written.
struct Rollback<'a> {
    batch: u32,
    log: &'a Log,
    written: bool,
}

impl Drop for Rollback<'_> {
    fn drop(&mut self) {
        if !self.written {
            self.log.say(format!("rolled back batch {}", self.batch));
        }
    }
}

pub async fn export(batches: u32, log: &Log) -> u32 {
    let mut written = 0;
    for batch in 1..=batches {
        let mut rollback = Rollback {
            batch,
            log,
            written: false,
        };
        write_batch().await;
        rollback.written = true;
        written += 1;
    }
    written
}

pub async fn run_export(log: &Log) {
    // A dropped future cannot refuse: the export ends at its await, cleanup runs in Drop.
    match timeout(EXPORT_TIMEOUT, export(5, log)).await {
        Ok(written) => log.say(format!("exported {written} batches")),
        Err(_) => log.say("export timed out"),
    }
}
// ANCHOR_END: reraise_correct

/// A simulated shop backend: charge the card, then record the order.
async fn place_order(order: u32, log: Log) {
    sleep(ORDER_STEP).await;
    log.say(format!("card charged for order {order}"));
    sleep(ORDER_STEP).await;
    log.say(format!("order {order} recorded"));
}

// ANCHOR: shield_wrong
pub async fn handle_order_unshielded(order: u32, log: &Log) {
    // The timeout drops place_order wherever it is, even between its two steps.
    match timeout(REQUEST_TIMEOUT, place_order(order, log.clone())).await {
        Ok(()) => log.say(format!("order {order} confirmed")),
        Err(_) => log.say("timed out; confirmation by email"),
    }
}
// ANCHOR_END: shield_wrong

// ANCHOR: shield_correct
pub async fn handle_order(order: u32, log: &Log) {
    // A spawned task belongs to the runtime: the timeout drops our handle, not the order.
    let saving = tokio::spawn(place_order(order, log.clone()));
    match timeout(REQUEST_TIMEOUT, saving).await {
        Ok(_) => log.say(format!("order {order} confirmed")),
        Err(_) => log.say("timed out; confirmation by email"),
    }
}
// ANCHOR_END: shield_correct

/// Both versions of the server: handle one order, then keep serving for 1 s.
pub async fn serve<F: Future<Output = ()>>(handle: F) {
    handle.await;
    sleep(Duration::from_secs(1)).await;
}

// ANCHOR: flusher
/// A simulated log shipper: flushes a chunk every 0.3 s; the third finds the disk full.
async fn flush_logs(log: Log) -> std::io::Result<()> {
    for chunk in 1..10 {
        sleep(FLUSH_EVERY).await;
        if chunk == 3 {
            return Err(std::io::Error::other("disk full"));
        }
        log.say(format!("flushed chunk {chunk}"));
    }
    Ok(())
}
// ANCHOR_END: flusher

// ANCHOR: suppress_wrong
pub async fn shut_down_ignoring_everything(log: &Log) {
    let flusher = tokio::spawn(flush_logs(log.clone()));
    sleep(WORK_TIME).await;
    flusher.abort(); // does nothing if the task already ended
    // Throws away every outcome: the abort we asked for, a panic, the flusher's error.
    let _ = flusher.await;
    log.say("shut down");
}
// ANCHOR_END: suppress_wrong

// ANCHOR: suppress_correct
pub async fn shut_down(log: &Log) {
    let flusher = tokio::spawn(flush_logs(log.clone()));
    sleep(WORK_TIME).await;
    flusher.abort(); // does nothing if the task already ended
    match flusher.await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => log.say(format!("the flusher had crashed: {error}")),
        // Only the cancellation we asked for is expected; a panic goes on up.
        Err(stopped) if stopped.is_cancelled() => {}
        Err(stopped) => std::panic::resume_unwind(stopped.into_panic()),
    }
    log.say("shut down");
}
// ANCHOR_END: suppress_correct

/// Loads one dashboard widget from its simulated backend.
async fn load(widget: &'static str, took: Duration, log: &Log) -> String {
    sleep(took).await;
    log.say(format!("{widget} loaded"));
    widget.to_string()
}

// ANCHOR: group_timeout_wrong
pub async fn dashboard_with_one_deadline(log: &Log) {
    let [a, b, c, d] = WIDGETS.map(|(widget, took)| load(widget, took, log));
    // One deadline for all four: the slowest widget sinks the whole page.
    let page = match timeout(Duration::from_secs(1), async { tokio::join!(a, b, c, d) }).await {
        Ok((a, b, c, d)) => [a, b, c, d].join(", "),
        Err(_) => "an error: the dashboard took too long".to_string(),
    };
    log.say(format!("page shows {page}"));
}
// ANCHOR_END: group_timeout_wrong

// ANCHOR: group_timeout_correct
async fn load_or_give_up(widget: &'static str, took: Duration, log: &Log) -> String {
    // Each widget gets its own deadline and a fallback.
    timeout(Duration::from_secs(1), load(widget, took, log))
        .await
        .unwrap_or_else(|_| format!("{widget} (unavailable)"))
}

pub async fn dashboard(log: &Log) {
    let [a, b, c, d] = WIDGETS.map(|(widget, took)| load_or_give_up(widget, took, log));
    // The page deadline is now a backstop, longer than any widget's own.
    let page = match timeout(Duration::from_secs(2), async { tokio::join!(a, b, c, d) }).await {
        Ok((a, b, c, d)) => [a, b, c, d].join(", "),
        Err(_) => "an error: the dashboard took too long".to_string(),
    };
    log.say(format!("page shows {page}"));
}
// ANCHOR_END: group_timeout_correct

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(millis: u64) -> Duration {
        Duration::from_millis(millis)
    }

    fn events(expected: &[(u64, &str)]) -> Vec<(Duration, String)> {
        expected
            .iter()
            .map(|&(at, what)| (ms(at), what.to_string()))
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn wait_for_wrong_charges_the_card_after_giving_up() {
        let log = Log::start();

        checkout_by_waiting(42, &log).await;

        assert_eq!(
            log.events(),
            events(&[
                (1000, "card too slow, billing by invoice"),
                (1500, "card charged for order 42"),
                (3000, "invoice sent for order 42"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn wait_for_correct_cancels_the_charge() {
        let log = Log::start();

        checkout(42, &log).await;
        // Give a charge that survived every chance to show up.
        sleep(ms(1000)).await;

        assert_eq!(
            log.events(),
            events(&[
                (1000, "card too slow, billing by invoice"),
                (3000, "invoice sent for order 42"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn reraise_wrong_exports_past_the_deadline() {
        let log = Log::start();

        run_export_past_the_deadline(&log).await;

        assert_eq!(
            log.events(),
            events(&[(1200, "rolled back batch 3"), (2200, "exported 4 batches")])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn reraise_correct_stops_at_the_deadline() {
        let log = Log::start();

        run_export(&log).await;

        assert_eq!(
            log.events(),
            events(&[(1200, "rolled back batch 3"), (1200, "export timed out")])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn shield_wrong_cuts_the_order_in_half() {
        let log = Log::start();

        serve(handle_order_unshielded(42, &log)).await;

        assert_eq!(
            log.events(),
            events(&[
                (400, "card charged for order 42"),
                (500, "timed out; confirmation by email"),
            ])
        );
        assert_eq!(log.elapsed(), ms(1500));
    }

    #[tokio::test(start_paused = true)]
    async fn shield_correct_lets_the_order_finish() {
        let log = Log::start();

        serve(handle_order(42, &log)).await;

        assert_eq!(
            log.events(),
            events(&[
                (400, "card charged for order 42"),
                (500, "timed out; confirmation by email"),
                (800, "order 42 recorded"),
            ])
        );
        assert_eq!(log.elapsed(), ms(1500));
    }

    #[tokio::test(start_paused = true)]
    async fn suppress_wrong_hides_the_crash() {
        let log = Log::start();

        shut_down_ignoring_everything(&log).await;

        assert_eq!(
            log.events(),
            events(&[
                (300, "flushed chunk 1"),
                (600, "flushed chunk 2"),
                (1500, "shut down"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn suppress_correct_reports_the_crash() {
        let log = Log::start();

        shut_down(&log).await;

        assert_eq!(
            log.events(),
            events(&[
                (300, "flushed chunk 1"),
                (600, "flushed chunk 2"),
                (1500, "the flusher had crashed: disk full"),
                (1500, "shut down"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn group_timeout_wrong_loses_every_widget() {
        let log = Log::start();

        dashboard_with_one_deadline(&log).await;

        assert_eq!(
            log.events(),
            events(&[
                (200, "profile loaded"),
                (300, "orders loaded"),
                (400, "messages loaded"),
                (1000, "page shows an error: the dashboard took too long"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn group_timeout_correct_shows_what_loaded() {
        let log = Log::start();

        dashboard(&log).await;

        assert_eq!(
            log.events(),
            events(&[
                (200, "profile loaded"),
                (300, "orders loaded"),
                (400, "messages loaded"),
                (
                    1000,
                    "page shows profile, orders, messages, recommendations (unavailable)"
                ),
            ])
        );
    }
}
