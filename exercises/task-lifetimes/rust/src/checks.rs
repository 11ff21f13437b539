//! Grades a `Background` with the checks of the Python exercise that have a
//! tokio counterpart. (The garbage-collection check has none: the runtime
//! owns a spawned task until it ends, so it cannot vanish.)

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use exercise_support::{fail, pass, run};
use tokio::runtime::Runtime;
use tokio::time::{Instant, sleep};

use crate::{BackgroundTasks, Job};

pub use exercise_support::CheckResult;

/// Slack for a busy machine: these checks run on the real clock.
const SLACK: Duration = Duration::from_millis(40);

/// Runs every check against the `Background` type `B` and reports each one.
///
/// It builds its own single-threaded runtime, like asyncio's one event loop.
pub fn run_checks<B: BackgroundTasks>() -> Vec<CheckResult> {
    let runtime = exercise_support::runtime();
    vec![
        reports_failures_at_once::<B>(&runtime),
        abort_is_not_a_failure::<B>(&runtime),
        drain_waits_for_every_job::<B>(&runtime),
    ]
}

/// Records on_error calls with the time each one came.
#[derive(Clone)]
struct Errors {
    start: Instant,
    calls: Arc<Mutex<Vec<(Duration, String)>>>,
}

impl Errors {
    fn new() -> Self {
        Self {
            start: Instant::now(),
            calls: Arc::default(),
        }
    }

    fn background<B: BackgroundTasks>(&self) -> B {
        let errors = self.clone();
        B::new(Arc::new(move |error| {
            let at = errors.start.elapsed();
            errors.lock().push((at, error));
        }))
    }

    fn calls(&self) -> Vec<(Duration, String)> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(Duration, String)>> {
        self.calls.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn job(took: Duration, outcome: Result<(), String>, finished: Option<Arc<Mutex<Vec<u64>>>>) -> Job {
    Box::pin(async move {
        sleep(took).await;
        if let (Ok(()), Some(finished)) = (&outcome, finished) {
            let millis = took.as_millis() as u64;
            finished
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(millis);
        }
        outcome
    })
}

fn reports_failures_at_once<B: BackgroundTasks>(runtime: &Runtime) -> CheckResult {
    let name = "a failure reaches on_error as soon as it happens";
    let outcome = run(runtime, "the code", async {
        let errors = Errors::new();
        let mut background: B = errors.background();
        background.spawn(job(ms(50), Err("mail server down".into()), None));
        sleep(ms(100)).await;
        errors.calls()
    });
    let calls = match outcome {
        Ok(calls) => calls,
        Err(why) => return fail(name, why),
    };
    match calls.as_slice() {
        [] => fail(
            name,
            "a job failed with \"mail server down\" at 50 ms, and on_error had not been \
             called by 100 ms: the Err went nowhere. Report it to on_error from inside \
             the task, the moment the job returns"
                .into(),
        ),
        [(at, error)] if error == "mail server down" && *at <= ms(50) + SLACK => {
            pass(name, format!("on_error heard at {} ms", at.as_millis()))
        }
        [(at, error)] if error == "mail server down" => fail(
            name,
            format!(
                "the job failed at 50 ms but on_error only heard at {} ms: report a \
                 failure when the job ends, not later",
                at.as_millis()
            ),
        ),
        other => fail(
            name,
            format!(
                "on_error got {:?}; expected a single call with \"mail server down\"",
                other.iter().map(|(_, error)| error).collect::<Vec<_>>()
            ),
        ),
    }
}

fn abort_is_not_a_failure<B: BackgroundTasks>(runtime: &Runtime) -> CheckResult {
    let name = "aborting a background job is not a failure";
    let outcome = run(runtime, "the code", async {
        let errors = Errors::new();
        let mut background: B = errors.background();
        let handle = background.spawn(job(ms(500), Ok(()), None));
        sleep(ms(20)).await;
        handle.abort();
        background.drain().await;
        errors.calls()
    });
    match outcome {
        Ok(calls) if calls.is_empty() => pass(name, "nothing was reported".into()),
        Ok(calls) => fail(
            name,
            format!(
                "a job was aborted and on_error got {:?}: an abort is somebody's \
                 decision, not a failure",
                calls[0].1
            ),
        ),
        Err(why) => fail(
            name,
            format!("after a job was aborted, {why}. An aborted job is not an error"),
        ),
    }
}

fn drain_waits_for_every_job<B: BackgroundTasks>(runtime: &Runtime) -> CheckResult {
    let name = "drain() waits for every job, even after a failure";
    let outcome = run(runtime, "the code", async {
        let errors = Errors::new();
        let finished = Arc::new(Mutex::new(Vec::new()));
        let mut background: B = errors.background();
        background.spawn(job(ms(60), Ok(()), Some(Arc::clone(&finished))));
        background.spawn(job(ms(20), Err("b failed".into()), None));
        background.spawn(job(ms(100), Ok(()), Some(Arc::clone(&finished))));
        let start = Instant::now();
        background.drain().await;
        let elapsed = start.elapsed();
        let mut done = finished
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        done.sort_unstable();
        (elapsed, done)
    });
    match outcome {
        Ok((_, done)) if done == [60, 100] => pass(name, "both jobs finished first".into()),
        Ok((elapsed, done)) => fail(
            name,
            format!(
                "drain() returned after {} ms, when {} of the 2 jobs that succeed had \
                 finished; expected it to wait for both, the 60 ms and the 100 ms job",
                elapsed.as_millis(),
                done.len()
            ),
        ),
        Err(why) => fail(name, why),
    }
}

fn ms(millis: u64) -> Duration {
    Duration::from_millis(millis)
}
