//! Grades a `call_with_retry` with the three checks of the Python exercise.

use std::sync::Arc;
use std::time::Duration;

use exercise_support::{fail, pass, run_within};
use tokio::time::Instant;

use crate::{ATTEMPTS, FlakyService, Jitter, Unavailable, ceiling};

pub use exercise_support::CheckResult;

/// The random numbers the checks hand out, one per wait.
const DRAWS: [f64; 4] = [0.64, 0.03, 0.28, 0.22];
/// How far a measured wait may stray: tokio's timers tick in whole milliseconds.
const SLACK: Duration = Duration::from_millis(2);
/// How much simulated time a check waits before calling a retry loop stuck.
const GIVE_UP_AFTER: Duration = Duration::from_secs(60);

/// Runs every check against `call_with_retry` and reports each one.
///
/// Each check runs on its own single-threaded runtime with a paused clock:
/// waiting costs no real time, and the waits the checks measure are exact.
pub fn run_checks<F, Fut>(call_with_retry: F) -> Vec<CheckResult>
where
    F: Fn(Arc<FlakyService>, Jitter) -> Fut,
    Fut: Future<Output = Result<String, Unavailable>>,
{
    vec![
        returns_after_recovery(&call_with_retry),
        waits_between_attempts(&call_with_retry),
        gives_up_at_once(&call_with_retry),
    ]
}

/// What one run of the reader's retry loop did.
struct Run {
    result: Result<String, Unavailable>,
    calls: Vec<(Instant, Instant)>,
    returned: Instant,
}

impl Run {
    /// The waits between one call's end and the next call's start.
    fn waits(&self) -> Vec<Duration> {
        self.calls
            .windows(2)
            .map(|pair| pair[1].0 - pair[0].1)
            .collect()
    }
}

fn retry<F, Fut>(call_with_retry: &F, failures: u32) -> Result<Run, String>
where
    F: Fn(Arc<FlakyService>, Jitter) -> Fut,
    Fut: Future<Output = Result<String, Unavailable>>,
{
    let service = Arc::new(FlakyService::new(failures));
    let jitter = Jitter::scripted(DRAWS.to_vec());
    let retrying = async {
        let result = call_with_retry(Arc::clone(&service), jitter).await;
        (result, Instant::now())
    };
    // A loop that never stops would otherwise run forever.
    let (result, returned) = run_within(
        &exercise_support::paused_runtime(),
        "call_with_retry",
        GIVE_UP_AFTER,
        retrying,
        || {
            format!(
                "call_with_retry was still going after {} s of simulated time and {} calls: \
                 does it stop after {ATTEMPTS} attempts?",
                GIVE_UP_AFTER.as_secs(),
                service.calls().len()
            )
        },
    )?;
    Ok(Run {
        result,
        calls: service.calls(),
        returned,
    })
}

fn returns_after_recovery<F, Fut>(call_with_retry: &F) -> CheckResult
where
    F: Fn(Arc<FlakyService>, Jitter) -> Fut,
    Fut: Future<Output = Result<String, Unavailable>>,
{
    let name = "returns the answer once an attempt succeeds";
    let run = match retry(call_with_retry, 2) {
        Ok(run) => run,
        Err(why) => return fail(name, why),
    };
    let calls = run.calls.len();
    match run.result {
        Ok(answer) if answer == "200 OK" && calls == 3 => pass(
            name,
            "the third call answered, and that answer came back".into(),
        ),
        Ok(answer) if answer == "200 OK" => fail(
            name,
            format!(
                "the service was called {calls} times; it answers on the 3rd call, so expected 3 calls"
            ),
        ),
        Ok(answer) => fail(
            name,
            format!("call_with_retry returned {answer:?}; expected \"200 OK\""),
        ),
        Err(error) => fail(
            name,
            format!(
                "call_with_retry gave up with {error:?} after {calls} calls, but the 3rd call \
                 would have answered: with {ATTEMPTS} attempts it should keep trying"
            ),
        ),
    }
}

fn waits_between_attempts<F, Fut>(call_with_retry: &F) -> CheckResult
where
    F: Fn(Arc<FlakyService>, Jitter) -> Fut,
    Fut: Future<Output = Result<String, Unavailable>>,
{
    let name = "waits with an exponential ceiling and full jitter";
    let run = match retry(call_with_retry, u32::MAX) {
        Ok(run) => run,
        Err(why) => return fail(name, why),
    };
    let waited = run.waits();
    let expected: Vec<Duration> = (1..ATTEMPTS)
        .map(|n| ceiling(n).mul_f64(DRAWS[n as usize - 1]))
        .collect();
    if waited.len() != expected.len() {
        return fail(
            name,
            format!(
                "with {ATTEMPTS} attempts the service should be called {ATTEMPTS} times; \
                 it was called {} times",
                run.calls.len()
            ),
        );
    }
    if waited.iter().all(|wait| *wait < SLACK) {
        return fail(
            name,
            format!(
                "the waits between attempts were {}: it retried at once, hammering the \
                 service. With these draws they should be {}",
                millis(&waited),
                millis(&expected)
            ),
        );
    }
    let close = |got: Duration, want: Duration| got.abs_diff(want) <= SLACK;
    if waited
        .iter()
        .zip(&expected)
        .all(|(&got, &want)| close(got, want))
    {
        pass(name, format!("waited {} between attempts", millis(&waited)))
    } else {
        fail(
            name,
            format!(
                "the waits between attempts were {}; with the draws {DRAWS:?} they should be \
                 {}. After failure n, wait ceiling(n) scaled by one jitter.draw(), and draw \
                 nothing else",
                millis(&waited),
                millis(&expected)
            ),
        )
    }
}

fn gives_up_at_once<F, Fut>(call_with_retry: &F) -> CheckResult
where
    F: Fn(Arc<FlakyService>, Jitter) -> Fut,
    Fut: Future<Output = Result<String, Unavailable>>,
{
    let name = "gives up after the last attempt, at once";
    let run = match retry(call_with_retry, u32::MAX) {
        Ok(run) => run,
        Err(why) => return fail(name, why),
    };
    let calls = run.calls.len() as u32;
    if calls != ATTEMPTS {
        return fail(
            name,
            format!("the service was called {calls} times; expected {ATTEMPTS}, one per attempt"),
        );
    }
    let last = Unavailable { call: ATTEMPTS };
    if run.result != Err(last) {
        return fail(
            name,
            format!(
                "call_with_retry returned {:?}; expected the last failure, Err({last:?})",
                run.result
            ),
        );
    }
    let lingered = run.returned - run.calls[run.calls.len() - 1].1;
    if lingered > SLACK {
        return fail(
            name,
            format!(
                "after the last attempt failed, call_with_retry waited another {} ms before \
                 returning. Nobody gains from that wait: return the error at once",
                lingered.as_millis()
            ),
        );
    }
    pass(
        name,
        format!("returned Err({last:?}) as soon as the last attempt failed"),
    )
}

fn millis(waits: &[Duration]) -> String {
    let each: Vec<String> = waits
        .iter()
        .map(|wait| format!("{} ms", wait.as_millis()))
        .collect();
    each.join(", ")
}
