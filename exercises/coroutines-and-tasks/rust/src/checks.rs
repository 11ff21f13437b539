//! Grades a `read` with the four checks of the Python exercise.

use std::time::Duration;

use exercise_support::{fail, pass, run};
use tokio::runtime::Runtime;
use tokio::time::{Instant, timeout};

use crate::{READING_DELAY, Sensor, SensorError};

pub use exercise_support::CheckResult;

/// How long a check waits for `read` before calling it stuck.
const PATIENCE: Duration = Duration::from_secs(1);
/// How late `read` may return after the reading arrived (on the paused clock, none).
const SLACK: Duration = Duration::from_millis(1);
/// How long the impatient caller in the last check waits.
const GIVE_UP_AFTER: Duration = Duration::from_millis(100);

/// Runs every check against `read` and reports each one.
///
/// It builds its own single-threaded runtime, like asyncio's one event loop,
/// with tokio's clock paused: when every task waits, time jumps to the next
/// timer, so the checks measure exact delays, as the book's sandbox does.
pub fn run_checks<F>(read: F) -> Vec<CheckResult>
where
    F: AsyncFn(&Sensor) -> Result<f64, SensorError>,
{
    let runtime = exercise_support::paused_runtime();
    vec![
        returns_the_reading(&runtime, &read),
        returns_promptly(&runtime, &read),
        returns_the_error(&runtime, &read),
        gives_up_cleanly(&runtime, &read),
    ]
}

fn returns_the_reading<F>(runtime: &Runtime, read: &F) -> CheckResult
where
    F: AsyncFn(&Sensor) -> Result<f64, SensorError>,
{
    let name = "returns the reading";
    let sensor = Sensor::reading(18.25);
    let outcome = match run(runtime, "read", async {
        timeout(PATIENCE, read(&sensor)).await
    }) {
        Ok(outcome) => outcome,
        Err(why) => return fail(name, why),
    };
    match outcome {
        Err(_) => fail(
            name,
            format!(
                "read was still waiting {PATIENCE:?} after the sensor sent 18.25 (it answers \
                 after {READING_DELAY:?}): send the value from the on_reading callback"
            ),
        ),
        Ok(Ok(value)) if value.to_bits() == 18.25_f64.to_bits() && sensor.requests() == 1 => {
            pass(name, "one request, and the reading came back".into())
        }
        Ok(Ok(value)) if value.to_bits() == 18.25_f64.to_bits() => fail(
            name,
            format!(
                "read sent {} requests to the sensor; one reading needs one request",
                sensor.requests()
            ),
        ),
        Ok(other) => fail(
            name,
            format!("the sensor sent 18.25 but read returned {other:?}"),
        ),
    }
}

fn returns_promptly<F>(runtime: &Runtime, read: &F) -> CheckResult
where
    F: AsyncFn(&Sensor) -> Result<f64, SensorError>,
{
    let name = "returns as soon as the reading arrives";
    let sensor = Sensor::reading(21.5);
    let elapsed = match run(runtime, "read", async {
        let start = Instant::now();
        let outcome = timeout(PATIENCE, read(&sensor)).await;
        (outcome.is_ok(), start.elapsed())
    }) {
        Ok((true, elapsed)) => elapsed,
        Ok((false, _)) => {
            return fail(name, format!("read was still waiting after {PATIENCE:?}"));
        }
        Err(why) => return fail(name, why),
    };
    let late = elapsed.saturating_sub(READING_DELAY);
    if late < SLACK {
        pass(
            name,
            format!(
                "returned {:.3} s after the reading arrived",
                late.as_secs_f64()
            ),
        )
    } else {
        fail(
            name,
            format!(
                "the reading arrived after {:.2} s, but read returned {:.2} s later, at the \
                 next time it polled. A channel's receiver wakes the awaiting task the moment \
                 the sender sends: no polling, no delay",
                READING_DELAY.as_secs_f64(),
                late.as_secs_f64(),
            ),
        )
    }
}

fn returns_the_error<F>(runtime: &Runtime, read: &F) -> CheckResult
where
    F: AsyncFn(&Sensor) -> Result<f64, SensorError>,
{
    let name = "returns the error the sensor reports";
    let error = SensorError("sensor unplugged".into());
    let sensor = Sensor::failing(error.clone());
    let outcome = match run(runtime, "read", async {
        timeout(PATIENCE, read(&sensor)).await
    }) {
        Ok(outcome) => outcome,
        Err(why) => return fail(name, why),
    };
    match outcome {
        Ok(Err(got)) if got == error => pass(name, format!("read returned Err({got:?})")),
        Ok(other) => fail(
            name,
            format!("the sensor reported {error:?}, but read returned {other:?}"),
        ),
        Err(_) => fail(
            name,
            format!(
                "the sensor reported {error:?} after {READING_DELAY:?}, but read was still \
                 waiting {PATIENCE:?} later. Send Err(error) from the on_error callback too"
            ),
        ),
    }
}

fn gives_up_cleanly<F>(runtime: &Runtime, read: &F) -> CheckResult
where
    F: AsyncFn(&Sensor) -> Result<f64, SensorError>,
{
    let name = "a read that gives up leaves nothing behind";
    let sensor = Sensor::reading(21.5);
    let outcome = run(runtime, "read", async {
        let gave_up = timeout(GIVE_UP_AFTER, read(&sensor)).await.is_err();
        // The sensor answers now, to a reader that has gone.
        (gave_up, sensor.callback_panics().await)
    });
    match outcome {
        Ok((false, _)) => fail(
            name,
            format!("read returned before the sensor answered after {READING_DELAY:?}"),
        ),
        Ok((true, 0)) => pass(
            name,
            "the late callback found nobody waiting and did no harm".into(),
        ),
        Ok((true, _)) => fail(
            name,
            format!(
                "a read given up after {GIVE_UP_AFTER:?} still got its callback, and the \
                 callback panicked. The receiver was dropped with the read, so send returns \
                 Err: ignore it instead of unwrapping"
            ),
        ),
        Err(why) => fail(name, why),
    }
}
