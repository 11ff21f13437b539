use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::runtime::{Builder, Runtime};

static ONE_RUN_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Holds off every other grading in this process until the guard drops.
///
/// The simulated services count their calls in statics, and `cargo test`
/// grades the starter and the solution on two threads at once: two gradings
/// at a time would blur each other's counts. A grading that panicked leaves
/// nothing half-done behind the lock, so a poisoned lock is taken all the same.
pub fn one_run_at_a_time() -> MutexGuard<'static, ()> {
    ONE_RUN_AT_A_TIME
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

/// A single-threaded runtime on the real clock.
///
/// One thread, like asyncio's one event loop: on a multi-threaded runtime a
/// call that blocks its thread could hide behind the other threads.
pub fn runtime() -> Runtime {
    build(Builder::new_current_thread().enable_time())
}

/// A single-threaded runtime on tokio's paused clock.
///
/// When every task waits, time jumps to the next timer, as virtual time does
/// in the book's sandbox: sleeps cost no real time, and the times a check
/// measures are exact.
pub fn paused_runtime() -> Runtime {
    build(
        Builder::new_current_thread()
            .enable_time()
            .start_paused(true),
    )
}

fn build(builder: &mut Builder) -> Runtime {
    builder.build().expect("could not build a tokio runtime")
}

/// Runs the reader's code, turning a panic into its message.
///
/// A panic in one check would otherwise end the grading, and the reader
/// would not see how the other checks went.
pub fn catch<T>(code: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(code)).map_err(|payload| panic_message(&*payload))
}

/// Runs a future of the reader's to its end on `runtime`; a panic becomes
/// the message `"{who} panicked: {why}"`, `who` naming what the reader wrote.
pub fn run<T>(runtime: &Runtime, who: &str, future: impl Future<Output = T>) -> Result<T, String> {
    catch(|| runtime.block_on(future)).map_err(|why| format!("{who} panicked: {why}"))
}

/// Like [`run`], but gives up after `limit` of the runtime's time, with the
/// message `still_waiting()` returns.
///
/// An answer that never finishes (a retry loop that never stops, a stream
/// that never ends) would otherwise hang the grading; on a paused clock the
/// limit costs no real time. `still_waiting` is called only then, so it can
/// say what the reader's code had done by that point.
pub fn run_within<T>(
    runtime: &Runtime,
    who: &str,
    limit: Duration,
    future: impl Future<Output = T>,
    still_waiting: impl FnOnce() -> String,
) -> Result<T, String> {
    // Inside an async block: `timeout` reads the clock when it is made, and
    // only the runtime has one.
    let limited = async { tokio::time::timeout(limit, future).await };
    run(runtime, who, limited)?.map_err(|_| still_waiting())
}

/// What a panic said: `panic!` carries a `&str` or a `String`.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_message_naming_the_code() {
        let outcome: Result<(), String> = run(&runtime(), "fetch_all", async {
            panic!("no URL given");
        });
        assert_eq!(outcome, Err("fetch_all panicked: no URL given".into()));
        let formatted: Result<(), String> = catch(|| panic!("{} URLs", 3));
        assert_eq!(formatted, Err("3 URLs".into()));
    }

    #[test]
    fn a_future_that_never_ends_is_given_up_on() {
        let outcome: Result<(), String> = run_within(
            &paused_runtime(),
            "next()",
            Duration::from_secs(60),
            std::future::pending(),
            || "still waiting".into(),
        );
        assert_eq!(outcome, Err("still waiting".into()));
        let finished = run_within(
            &paused_runtime(),
            "next()",
            Duration::from_secs(60),
            async { 7 },
            || unreachable!("it finished"),
        );
        assert_eq!(finished, Ok(7));
    }

    #[test]
    fn the_paused_clock_jumps_and_the_real_one_does_not() {
        let sleep = |runtime: Runtime, length: Duration| {
            runtime.block_on(async {
                let start = tokio::time::Instant::now();
                tokio::time::sleep(length).await;
                start.elapsed()
            })
        };
        let real_start = std::time::Instant::now();
        let minute = Duration::from_secs(60);
        assert_eq!(sleep(paused_runtime(), minute), minute);
        assert!(real_start.elapsed() < minute);
        let blink = Duration::from_millis(20);
        assert!(sleep(runtime(), blink) >= blink);
    }
}
