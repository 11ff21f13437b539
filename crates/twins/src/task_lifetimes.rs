//! Task lifetimes: the tokio twin of the Python chapter.
//!
//! Three wrong/correct pairs about who keeps a background task alive and who
//! hears about its failure. Tokio's rules differ from asyncio's in one place
//! that matters: the runtime owns every spawned task until it ends, so
//! dropping a `JoinHandle` *detaches* the task instead of losing or cancelling
//! it, while dropping a `JoinSet` aborts every task still in it. Two rules are
//! the same: shutting the runtime down drops every task still pending, like
//! `asyncio.run` cancelling them at exit; and an error nobody awaits is lost,
//! in tokio without even asyncio's "never retrieved" log line.
//!
//! Run its tests with `cargo test -p tokio-twins task_lifetimes`.

use std::time::Duration;

use tokio::task::{JoinHandle, JoinSet};
use tokio::time::sleep;

/// When the message the audit task waits for arrives.
pub const MESSAGE_AFTER: Duration = Duration::from_millis(500);
/// How long storing a new account takes.
pub const SIGN_UP_TIME: Duration = Duration::from_millis(100);
/// How long the simulated mail server takes per email.
pub const EMAIL_TIME: Duration = Duration::from_millis(500);
/// How long the simulated mail server takes per receipt.
pub const RECEIPT_TIME: Duration = Duration::from_millis(200);

pub use crate::event_log::Log;

/// Waits for the next message (it arrives after 0.5 s) and writes it to the audit log.
async fn audit(log: Log) {
    sleep(MESSAGE_AFTER).await;
    log.say("audit log: user 7 signed in");
}

// ANCHOR: vanishing_wrong
pub fn start_audit_in_a_local_set(log: &Log) {
    let mut audits = JoinSet::new();
    audits.spawn(audit(log.clone()));
    // `audits` is dropped here, and dropping a JoinSet aborts every task in it.
}
// ANCHOR_END: vanishing_wrong

// ANCHOR: vanishing_correct
pub fn start_audit(log: &Log) {
    // The runtime owns a spawned task until it ends: dropping the handle only detaches it.
    let _detached: JoinHandle<()> = tokio::spawn(audit(log.clone()));
}
// ANCHOR_END: vanishing_correct

/// Marks an email as cancelled if its future is dropped before it is sent.
struct Unsent {
    user: &'static str,
    log: Log,
    sent: bool,
}

impl Drop for Unsent {
    fn drop(&mut self) {
        if !self.sent {
            self.log
                .say(format!("welcome email to {} cancelled", self.user));
        }
    }
}

/// A simulated mail server: sending the welcome email takes 0.5 s.
fn send_welcome(user: &'static str, log: Log) -> impl Future<Output = ()> {
    // Made before the future first runs, so dropping it unstarted counts as cancelling too.
    let email = Unsent {
        user,
        log,
        sent: false,
    };
    async move {
        let mut email = email; // moves the whole guard in, not just the fields used below
        sleep(EMAIL_TIME).await;
        email.sent = true;
        email.log.say(format!("welcome email sent to {user}"));
    }
}

/// Stores the account, then sends the email in the background.
async fn sign_up(user: &'static str, log: &Log) -> JoinHandle<()> {
    sleep(SIGN_UP_TIME).await;
    log.say(format!("account {user} created"));
    tokio::spawn(send_welcome(user, log.clone()))
}

// ANCHOR: exit_wrong
pub async fn main_returns_at_once(log: Log) {
    sign_up("ada", &log).await;
    log.say("main returns");
    // Returns with the email still pending: shutting the runtime down drops it.
}
// ANCHOR_END: exit_wrong

// ANCHOR: exit_correct
pub async fn main_drains_first(log: Log) {
    let email = sign_up("ada", &log).await;
    email.await.expect("the email task panicked"); // finish background work before leaving
    log.say("main returns");
}
// ANCHOR_END: exit_correct

/// Runs `main` the way `#[tokio::main]` does: a runtime that is dropped,
/// with every task still in it, as soon as `main` returns.
pub fn run<F: Future<Output = ()>>(runtime: tokio::runtime::Runtime, main: F) {
    runtime.block_on(main);
    drop(runtime);
}

/// A simulated mail server: it takes 0.2 s and refuses odd orders.
async fn send_receipt(order: u32, log: Log) -> Result<(), String> {
    sleep(RECEIPT_TIME).await;
    if order % 2 == 1 {
        return Err(format!("mail server refused the receipt for order {order}"));
    }
    log.say(format!("receipt sent for order {order}"));
    Ok(())
}

// ANCHOR: never_retrieved_wrong
pub fn send_receipts_and_forget(orders: &[u32], log: &Log) {
    for &order in orders {
        // The task's Err is dropped with its output: no log, no warning, nothing.
        tokio::spawn(send_receipt(order, log.clone()));
    }
}
// ANCHOR_END: never_retrieved_wrong

// ANCHOR: never_retrieved_correct
/// Spawns `job` and reports its error when it fails, like a done callback.
fn spawn_reported<F>(job: F, log: Log) -> JoinHandle<()>
where
    F: Future<Output = Result<(), String>> + Send + 'static,
{
    tokio::spawn(async move {
        if let Err(error) = job.await {
            log.say(format!("background task failed: {error}"));
        }
    })
}

pub fn send_receipts(orders: &[u32], log: &Log) {
    for &order in orders {
        spawn_reported(send_receipt(order, log.clone()), log.clone());
    }
}
// ANCHOR_END: never_retrieved_correct

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

    fn paused_runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a tokio runtime")
    }

    /// Tasks that wake at the same instant may log in either order; times decide.
    fn sorted(mut events: Vec<(Duration, String)>) -> Vec<(Duration, String)> {
        events.sort();
        events
    }

    #[tokio::test(start_paused = true)]
    async fn vanishing_task_wrong_aborts_the_audit() {
        let log = Log::start();

        start_audit_in_a_local_set(&log);
        sleep(ms(600)).await;

        assert_eq!(log.events(), events(&[]));
    }

    #[tokio::test(start_paused = true)]
    async fn vanishing_task_correct_keeps_the_audit_running() {
        let log = Log::start();

        start_audit(&log);
        sleep(ms(600)).await;

        assert_eq!(
            log.events(),
            events(&[(500, "audit log: user 7 signed in")])
        );
    }

    #[test]
    fn exit_wrong_cancels_the_email_at_shutdown() {
        let runtime = paused_runtime();
        let log = runtime.block_on(async { Log::start() });

        run(runtime, main_returns_at_once(log.clone()));

        assert_eq!(
            log.events(),
            events(&[
                (100, "account ada created"),
                (100, "main returns"),
                (100, "welcome email to ada cancelled"),
            ])
        );
    }

    #[test]
    fn exit_correct_sends_the_email_first() {
        let runtime = paused_runtime();
        let log = runtime.block_on(async { Log::start() });

        run(runtime, main_drains_first(log.clone()));

        assert_eq!(
            log.events(),
            events(&[
                (100, "account ada created"),
                (600, "welcome email sent to ada"),
                (600, "main returns"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn never_retrieved_wrong_loses_the_error() {
        let log = Log::start();

        send_receipts_and_forget(&[6, 7, 8], &log);
        sleep(ms(500)).await;

        assert_eq!(
            sorted(log.events()),
            events(&[
                (200, "receipt sent for order 6"),
                (200, "receipt sent for order 8"),
            ])
        );
    }

    #[tokio::test(start_paused = true)]
    async fn never_retrieved_correct_reports_the_error() {
        let log = Log::start();

        send_receipts(&[6, 7, 8], &log);
        sleep(ms(500)).await;

        assert_eq!(
            sorted(log.events()),
            events(&[
                (
                    200,
                    "background task failed: mail server refused the receipt for order 7"
                ),
                (200, "receipt sent for order 6"),
                (200, "receipt sent for order 8"),
            ])
        );
    }
}
