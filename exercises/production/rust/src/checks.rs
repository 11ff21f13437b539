//! Grades a `run` with the four checks of the Python exercise.

use std::time::Duration;

use exercise_support::{fail, pass};
use tokio::runtime::Handle;
use tokio::time::{Instant, sleep, timeout};
use tokio_util::sync::CancellationToken;

use crate::{Done, Jobs, Submitter, job_queue};

pub use exercise_support::CheckResult;

/// How many jobs are queued before `run` starts.
const JOBS: usize = 10;
/// When the orchestrator's SIGTERM arrives, cancelling `shutdown`.
const SIGTERM_AT: Duration = Duration::from_millis(1200);
/// When a client submits one more job, after the signal.
const LATE_AT: Duration = Duration::from_millis(1500);
/// How long after the signal `run` may take before the checks call it stuck.
const PATIENCE: Duration = Duration::from_secs(10);
/// 10 jobs of 500 ms on 2 workers: the accepted work ends at 2.5 s.
const WORK_ENDS_AT: Duration = Duration::from_millis(2500);
/// How far the return may stray from the end of the work.
const SLACK: Duration = Duration::from_millis(50);

/// What one run of the service did.
struct Outcome {
    /// The jobs `submit` accepted before the signal.
    accepted: Vec<String>,
    /// What `submit("job-11")` at 1.5 s returned.
    late_accepted: bool,
    started: Vec<String>,
    finished: Vec<(String, Duration)>,
    /// When `run` returned; `None` if it had not, PATIENCE after the signal.
    returned_at: Option<Duration>,
    /// Tasks the service left alive once `run` had returned.
    alive_after: usize,
}

/// Runs every check against `run` and reports each one.
///
/// Each check gets its own single-threaded runtime with a paused clock, like
/// the fresh event loop each Python check gets: waiting costs no real time,
/// and the times measured are exact.
pub fn run_checks<F, Fut>(run: F) -> Vec<CheckResult>
where
    F: Fn(Submitter, Jobs, Done, CancellationToken) -> Fut,
    Fut: Future<Output = ()>,
{
    vec![
        nothing_lost(&run),
        refuses_late_jobs(&run),
        workers_finish(&run),
        prompt_exit(&run),
    ]
}

fn serve<F, Fut>(run: &F) -> Result<Outcome, String>
where
    F: Fn(Submitter, Jobs, Done, CancellationToken) -> Fut,
    Fut: Future<Output = ()>,
{
    let runtime = exercise_support::paused_runtime();
    exercise_support::run(&runtime, "run", async {
        let start = Instant::now();
        let done = Done::new();
        let (submitter, jobs) = job_queue();
        let accepted = (1..=JOBS)
            .map(|n| format!("job-{n}"))
            .filter(|job| submitter.submit(job.clone()))
            .collect();
        let shutdown = CancellationToken::new();
        // Plays the service's SIGTERM handler.
        let signal = tokio::spawn({
            let shutdown = shutdown.clone();
            async move {
                sleep(SIGTERM_AT).await;
                shutdown.cancel();
            }
        });
        let late = tokio::spawn({
            let submitter = submitter.clone();
            async move {
                sleep(LATE_AT).await;
                submitter.submit("job-11")
            }
        });
        let serving = run(submitter, jobs, done.clone(), shutdown);
        let returned_at = timeout(SIGTERM_AT + PATIENCE, serving)
            .await
            .ok()
            .map(|()| start.elapsed());
        tokio::task::yield_now().await; // let tasks stopped on the way out end
        let ours = usize::from(!signal.is_finished()) + usize::from(!late.is_finished());
        let alive_after = Handle::current()
            .metrics()
            .num_alive_tasks()
            .saturating_sub(ours);
        // A run that returned early still meets the client's late job.
        let late_accepted = late.await.unwrap_or(false);
        Outcome {
            accepted,
            late_accepted,
            started: done.started(),
            finished: done.finished(),
            returned_at,
            alive_after,
        }
    })
}

/// "job-1", "job-1 and job-2", "job-1, job-2 and job-3".
fn names(jobs: &[String]) -> String {
    match jobs {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn seconds(at: Duration) -> String {
    format!("{:.2} s", at.as_secs_f64())
}

fn not_returned(outcome: &Outcome) -> String {
    format!(
        "run had not returned {} after the shutdown token was cancelled at {}; {} of {} \
         accepted jobs had been handled by then. Once the queue is empty, a worker waits \
         in recv() until the queue is closed: close it with submitter.stop_accepting(), \
         and wait for the workers",
        seconds(PATIENCE),
        seconds(SIGTERM_AT),
        outcome
            .accepted
            .iter()
            .filter(|job| outcome.finished.iter().any(|(done, _)| done == *job))
            .count(),
        outcome.accepted.len(),
    )
}

fn nothing_lost<F, Fut>(run: &F) -> CheckResult
where
    F: Fn(Submitter, Jobs, Done, CancellationToken) -> Fut,
    Fut: Future<Output = ()>,
{
    let name = "every accepted job is handled exactly once";
    let outcome = match serve(run) {
        Ok(outcome) => outcome,
        Err(why) => return fail(name, why),
    };
    if outcome.returned_at.is_none() {
        return fail(name, not_returned(&outcome));
    }
    let finished: Vec<String> = outcome
        .finished
        .iter()
        .map(|(job, _)| job.clone())
        .collect();
    let mut twice: Vec<String> = finished
        .iter()
        .filter(|job| finished.iter().filter(|other| other == job).count() > 1)
        .cloned()
        .collect();
    twice.dedup();
    if !twice.is_empty() {
        return fail(
            name,
            format!(
                "{} handled more than once: each accepted job should run exactly one time",
                names(&twice)
            ),
        );
    }
    let lost: Vec<String> = outcome
        .accepted
        .iter()
        .filter(|job| !finished.contains(job))
        .cloned()
        .collect();
    if lost.is_empty() {
        return pass(
            name,
            format!(
                "all {} accepted jobs were handled, once each",
                outcome.accepted.len()
            ),
        );
    }
    let (cut_off, queued): (Vec<String>, Vec<String>) = lost
        .iter()
        .cloned()
        .partition(|job| outcome.started.contains(job));
    let mut details = Vec::new();
    if !cut_off.is_empty() {
        details.push(format!(
            "{} started but never finished: dropped halfway, when the workers were stopped \
             or the program ended",
            names(&cut_off)
        ));
    }
    if !queued.is_empty() {
        details.push(format!(
            "{} never even started: still in the queue",
            names(&queued)
        ));
    }
    let advice = if queued.is_empty() {
        "An empty queue does not mean the work is done: the jobs taken from it may still \
         be running. Let the workers return by themselves, and wait for them"
    } else {
        "A graceful shutdown finishes the work it has already said yes to: stop the \
         workers only once every accepted job is done"
    };
    fail(
        name,
        format!(
            "{} of {} accepted jobs were never handled: {}. {}. {advice}",
            lost.len(),
            outcome.accepted.len(),
            names(&lost),
            details.join("; "),
        ),
    )
}

fn refuses_late_jobs<F, Fut>(run: &F) -> CheckResult
where
    F: Fn(Submitter, Jobs, Done, CancellationToken) -> Fut,
    Fut: Future<Output = ()>,
{
    let name = "no job is accepted once shutdown has begun";
    let outcome = match serve(run) {
        Ok(outcome) => outcome,
        Err(why) => return fail(name, why),
    };
    if outcome.accepted.len() < JOBS {
        return fail(
            name,
            format!(
                "submit accepted only {} of the {JOBS} jobs sent before any signal; the \
                 service should accept jobs until shutdown",
                outcome.accepted.len()
            ),
        );
    }
    if !outcome.late_accepted {
        return pass(
            name,
            format!(
                "submit(\"job-11\") at {}, after the signal at {}, returned false",
                seconds(LATE_AT),
                seconds(SIGTERM_AT)
            ),
        );
    }
    let handled = outcome.finished.iter().any(|(job, _)| job == "job-11");
    let fate = if handled {
        "and it was handled, but only by luck"
    } else {
        "and then nobody ever ran it"
    };
    fail(
        name,
        format!(
            "submit(\"job-11\") at {}, after the shutdown token was cancelled at {}, \
             returned true, {fate}. Once shutdown has begun, say no: call \
             submitter.stop_accepting() as soon as the token fires, so that the client \
             can send the job elsewhere",
            seconds(LATE_AT),
            seconds(SIGTERM_AT)
        ),
    )
}

fn workers_finish<F, Fut>(run: &F) -> CheckResult
where
    F: Fn(Submitter, Jobs, Done, CancellationToken) -> Fut,
    Fut: Future<Output = ()>,
{
    let name = "run returns with no worker left running";
    let outcome = match serve(run) {
        Ok(outcome) => outcome,
        Err(why) => return fail(name, why),
    };
    let Some(returned_at) = outcome.returned_at else {
        return fail(name, not_returned(&outcome));
    };
    match outcome.alive_after {
        0 => pass(name, "no task was left running".into()),
        left => fail(
            name,
            format!(
                "when run returned at {}, {left} {} still running (the workers?). Wait \
                 for the workers before returning: TaskTracker::wait after close",
                seconds(returned_at),
                if left == 1 { "task was" } else { "tasks were" },
            ),
        ),
    }
}

fn prompt_exit<F, Fut>(run: &F) -> CheckResult
where
    F: Fn(Submitter, Jobs, Done, CancellationToken) -> Fut,
    Fut: Future<Output = ()>,
{
    let name = "shutdown takes as long as the accepted work, and no longer";
    let outcome = match serve(run) {
        Ok(outcome) => outcome,
        Err(why) => return fail(name, why),
    };
    let Some(ended) = outcome.returned_at else {
        return fail(name, not_returned(&outcome));
    };
    if ended + SLACK < WORK_ENDS_AT {
        return fail(
            name,
            format!(
                "run returned at {}, but the {JOBS} jobs accepted before the signal, 500 ms \
                 each, need {} on 2 workers: it gave up on work it had accepted instead of \
                 finishing it",
                seconds(ended),
                seconds(WORK_ENDS_AT)
            ),
        );
    }
    let last = outcome
        .finished
        .iter()
        .map(|&(_, at)| at)
        .max()
        .unwrap_or_default()
        .max(WORK_ENDS_AT);
    if ended > last + SLACK {
        return fail(
            name,
            format!(
                "run returned at {}, {} after the last job finished at {}. Once the queue \
                 is drained there is nothing left to wait for: return straight away",
                seconds(ended),
                seconds(ended - last),
                seconds(last)
            ),
        );
    }
    pass(
        name,
        format!(
            "run returned at {}, as the last job finished",
            seconds(ended)
        ),
    )
}
