//! Grades a `scan_with_progress` with the four checks of the Python exercise.

use std::time::Duration;

use exercise_support::{fail, pass, run_within};
use tokio::runtime::Runtime;
use tokio::sync::mpsc::{self, Sender, error::TryRecvError};
use tokio::time::Instant;

use crate::{CHUNK, Progress};

pub use exercise_support::CheckResult;

/// The log chunks the checks scan: four ERRORs in all.
const LOGS: [&str; 4] = ["ERROR a\nok", "ok\nok", "ERROR b\nERROR c", "ERROR d"];

/// Real threads are a little late now and then.
const SLACK: Duration = Duration::from_millis(100);

/// What one call of the reader's `scan_with_progress` did.
struct Run {
    found: usize,
    /// Each report, with when it reached the runtime, from the start.
    arrivals: Vec<(Progress, Duration)>,
    /// How many reports had reached the runtime when the call returned.
    at_return: usize,
    /// Whether something still held the sender after the call returned.
    sender_alive: bool,
}

/// Runs every check against `scan_with_progress` and reports each one.
///
/// It builds its own single-threaded runtime, like asyncio's one event loop,
/// on the real clock: `scan` blocks a real thread for real time.
pub fn run_checks<F, Fut>(scan_with_progress: F) -> Vec<CheckResult>
where
    F: Fn(Vec<String>, Sender<Progress>) -> Fut,
    Fut: Future<Output = usize>,
{
    let runtime = exercise_support::runtime();
    vec![
        returns_the_count(&runtime, &scan_with_progress),
        reports_as_it_goes(&runtime, &scan_with_progress),
        runtime_stays_free(&runtime, &scan_with_progress),
        every_report_sent_once(&runtime, &scan_with_progress),
    ]
}

/// Calls `scan_with_progress` on the first `count` chunks and receives its
/// reports while it runs, noting when each one arrives.
fn scan<F, Fut>(runtime: &Runtime, scan_with_progress: &F, count: usize) -> Result<Run, String>
where
    F: Fn(Vec<String>, Sender<Progress>) -> Fut,
    Fut: Future<Output = usize>,
{
    let chunks: Vec<String> = LOGS[..count]
        .iter()
        .map(|chunk| chunk.to_string())
        .collect();
    let (sender, mut receiver) = mpsc::channel(16);
    let future = async move {
        let start = Instant::now();
        let mut call = std::pin::pin!(scan_with_progress(chunks, sender));
        let mut arrivals = Vec::new();
        let found = loop {
            tokio::select! {
                // Reports first: one that is waiting arrived before the call returned.
                biased;
                Some(report) = receiver.recv() => arrivals.push((report, start.elapsed())),
                found = &mut call => break found,
            }
        };
        let mut at_return = arrivals.len();
        let sender_alive = loop {
            match receiver.try_recv() {
                Ok(report) => {
                    arrivals.push((report, start.elapsed()));
                    at_return += 1;
                }
                Err(TryRecvError::Empty) => break true,
                Err(TryRecvError::Disconnected) => break false,
            }
        };
        if sender_alive {
            // Whatever still holds the sender may send more: give it a scan's length.
            let deadline = start.elapsed() + CHUNK * count as u32;
            while let Ok(Some(report)) =
                tokio::time::timeout_at(start + deadline, receiver.recv()).await
            {
                arrivals.push((report, start.elapsed()));
            }
        }
        Run {
            found,
            arrivals,
            at_return,
            sender_alive,
        }
    };
    let limit = CHUNK * 10 * count as u32;
    run_within(runtime, "scan_with_progress", limit, future, || {
        format!(
            "scan_with_progress had not returned after {:.1} s, for {count} chunks of 0.5 s \
             each",
            limit.as_secs_f64()
        )
    })
    .map_err(|why| {
        if why.contains("Cannot block the current thread from within a runtime") {
            format!(
                "{why} Blocking calls such as blocking_send belong on a thread outside the \
                 runtime: run scan with tokio::task::spawn_blocking"
            )
        } else {
            why
        }
    })
}

fn returns_the_count<F, Fut>(runtime: &Runtime, scan_with_progress: &F) -> CheckResult
where
    F: Fn(Vec<String>, Sender<Progress>) -> Fut,
    Fut: Future<Output = usize>,
{
    let name = "returns the number of errors scan found";
    let run = match scan(runtime, scan_with_progress, 2) {
        Ok(run) => run,
        Err(why) => return fail(name, why),
    };
    let expected = LOGS[..2]
        .iter()
        .map(|chunk| chunk.matches("ERROR").count())
        .sum::<usize>();
    if run.found == expected {
        pass(name, format!("it returned {expected}, as scan did"))
    } else {
        fail(
            name,
            format!(
                "scan_with_progress returned {} for chunks that hold {expected} ERRORs; \
                 expected {expected}, the value scan returns",
                run.found
            ),
        )
    }
}

fn reports_as_it_goes<F, Fut>(runtime: &Runtime, scan_with_progress: &F) -> CheckResult
where
    F: Fn(Vec<String>, Sender<Progress>) -> Fut,
    Fut: Future<Output = usize>,
{
    let name = "each report reaches the runtime as its chunk finishes";
    let total = 3;
    let run = match scan(runtime, scan_with_progress, total) {
        Ok(run) => run,
        Err(why) => return fail(name, why),
    };
    let expected: Vec<Progress> = (1..=total).map(|done| Progress { done, total }).collect();
    let got: Vec<Progress> = run.arrivals.iter().map(|&(report, _)| report).collect();
    if got != expected {
        return fail(
            name,
            format!("the reports were {got:?}; expected {expected:?}, one per chunk, in order"),
        );
    }
    let due: Vec<Duration> = (1..=total as u32).map(|done| CHUNK * done).collect();
    let arrived: Vec<Duration> = run.arrivals.iter().map(|&(_, at)| at).collect();
    let on_time = arrived
        .iter()
        .zip(&due)
        .all(|(&at, &want)| at.abs_diff(want) <= SLACK);
    if on_time {
        return pass(
            name,
            format!("the reports arrived at {}", seconds(&arrived)),
        );
    }
    let last = due[due.len() - 1];
    let why = if arrived.iter().all(|&at| at + SLACK >= last) {
        "They all arrive once the whole scan is over: send each report while scan is \
         still running, from the thread it runs on"
    } else {
        "Send each report the moment scan makes it"
    };
    fail(
        name,
        format!(
            "the reports reached the runtime at {} after the start; each should arrive as \
             its chunk finishes: at {}. {why}",
            seconds(&arrived),
            seconds(&due)
        ),
    )
}

fn runtime_stays_free<F, Fut>(runtime: &Runtime, scan_with_progress: &F) -> CheckResult
where
    F: Fn(Vec<String>, Sender<Progress>) -> Fut,
    Fut: Future<Output = usize>,
{
    let name = "the runtime keeps running during the scan";
    let tick = Duration::from_millis(100);
    // The first beat is the start: a scan that holds the thread from its
    // first poll keeps the heartbeat from ever beating.
    let beats = std::sync::Arc::new(std::sync::Mutex::new(vec![Instant::now()]));
    let heartbeat = {
        let beats = std::sync::Arc::clone(&beats);
        runtime.spawn(async move {
            loop {
                beats.lock().expect("not poisoned").push(Instant::now());
                tokio::time::sleep(tick).await;
            }
        })
    };
    let outcome = scan(runtime, scan_with_progress, 2);
    heartbeat.abort();
    if let Err(why) = outcome {
        return fail(name, why);
    }
    let mut beats = beats.lock().expect("not poisoned").clone();
    beats.push(Instant::now());
    let worst = beats
        .windows(2)
        .map(|pair| pair[1] - pair[0])
        .max()
        .unwrap_or_default();
    if worst < Duration::from_millis(300) {
        pass(
            name,
            format!(
                "a heartbeat every 0.10 s never waited more than {:.2} s",
                worst.as_secs_f64()
            ),
        )
    } else {
        fail(
            name,
            format!(
                "a heartbeat task that should beat every 0.10 s went {:.2} s without a \
                 beat: the runtime's thread was blocked while scan ran. Run scan on \
                 another thread (tokio::task::spawn_blocking) and await it",
                worst.as_secs_f64()
            ),
        )
    }
}

fn every_report_sent_once<F, Fut>(runtime: &Runtime, scan_with_progress: &F) -> CheckResult
where
    F: Fn(Vec<String>, Sender<Progress>) -> Fut,
    Fut: Future<Output = usize>,
{
    let name = "every report is sent, once, by the time it returns";
    let total = LOGS.len();
    let run = match scan(runtime, scan_with_progress, total) {
        Ok(run) => run,
        Err(why) => return fail(name, why),
    };
    if run.at_return != total {
        return fail(
            name,
            format!(
                "when scan_with_progress returned, {} of the {total} reports had been sent; \
                 all {total} should be sent before it returns",
                run.at_return
            ),
        );
    }
    if run.arrivals.len() != total {
        return fail(
            name,
            format!(
                "{} reports arrived for {total} chunks; expected exactly one per chunk",
                run.arrivals.len()
            ),
        );
    }
    if run.sender_alive {
        return fail(
            name,
            "after scan_with_progress returned, something still held the progress sender: \
             it should leave nothing running behind it"
                .into(),
        );
    }
    pass(
        name,
        format!("all {total} reports were in when it returned"),
    )
}

fn seconds(times: &[Duration]) -> String {
    if times.is_empty() {
        return "never".into();
    }
    times
        .iter()
        .map(|time| format!("{:.2} s", time.as_secs_f64()))
        .collect::<Vec<_>>()
        .join(", ")
}
