//! Grades a `fetch_all` with the three checks of the Python exercise.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use exercise_support::{fail, pass, run};
use tokio::runtime::Runtime;
use tokio::time::{Instant, MissedTickBehavior};

use crate::{FETCH_TIME, IN_FLIGHT};

pub use exercise_support::CheckResult;

/// How often the heartbeat in the blocking check ticks.
const HEARTBEAT: Duration = Duration::from_millis(50);
/// How many URLs each check fetches.
const URL_COUNT: usize = 4;

/// Runs every check against `fetch_all` and reports each one.
///
/// It builds its own single-threaded runtime, like asyncio's one event loop:
/// on a multi-threaded runtime a blocked thread could hide behind the others.
pub fn run_checks<F, Fut>(fetch_all: F) -> Vec<CheckResult>
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    // Every run shares the legacy client's counters, so two at once would blur each other's peak.
    let _only_run = exercise_support::one_run_at_a_time();
    let runtime = exercise_support::runtime();
    vec![
        keeps_input_order(&runtime, &fetch_all),
        does_not_block_the_runtime(&runtime, &fetch_all),
        runs_fetches_concurrently(&runtime, &fetch_all),
    ]
}

fn keeps_input_order<F, Fut>(runtime: &Runtime, fetch_all: &F) -> CheckResult
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    let name = "keeps input order";
    let urls = some_urls();
    let expected: Vec<String> = urls.iter().map(|url| format!("<{url}>")).collect();
    let bodies = match run(runtime, "fetch_all", fetch_all(urls)) {
        Ok(bodies) => bodies,
        Err(why) => return fail(name, why),
    };
    if bodies == expected {
        pass(
            name,
            "every body came back, in the order of the URLs".into(),
        )
    } else {
        fail(
            name,
            format!(
                "expected {expected:?}, got {bodies:?}. fetch_all must return one body per URL, \
                 in the same order as `urls`, whatever order the fetches finish in"
            ),
        )
    }
}

fn does_not_block_the_runtime<F, Fut>(runtime: &Runtime, fetch_all: &F) -> CheckResult
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    let name = "does not block the runtime";
    let outcome = run(runtime, "fetch_all", async {
        let ticks = Arc::new(AtomicUsize::new(0));
        let heartbeat = tokio::spawn(count_ticks(Arc::clone(&ticks)));
        let start = Instant::now();
        fetch_all(some_urls()).await;
        let elapsed = start.elapsed();
        // Read before yielding again, so ticks that were due while the
        // runtime was blocked cannot sneak in afterwards.
        let ticked = ticks.load(Ordering::SeqCst);
        heartbeat.abort();
        (ticked, elapsed)
    });
    let (ticked, elapsed) = match outcome {
        Ok(outcome) => outcome,
        Err(why) => return fail(name, why),
    };
    let due = due_ticks(elapsed);
    let summary = format!(
        "the heartbeat ticked {ticked} {} in {:.2} s (about {due} were due)",
        plural(ticked, "time", "times"),
        elapsed.as_secs_f64(),
    );
    // Half the due ticks allows for a busy machine; a runtime blocked for
    // most of the run cannot reach it.
    if ticked * 2 >= due {
        pass(name, format!("{summary}; the runtime stayed free"))
    } else {
        fail(
            name,
            format!(
                "{summary}; the runtime was blocked. legacy_fetch holds whatever thread \
                 calls it, so calling it inside the async fn freezes the runtime: hand \
                 each call to tokio::task::spawn_blocking"
            ),
        )
    }
}

fn runs_fetches_concurrently<F, Fut>(runtime: &Runtime, fetch_all: &F) -> CheckResult
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    let name = "runs fetches concurrently";
    IN_FLIGHT.reset();
    let elapsed = match run(runtime, "fetch_all", async {
        let start = Instant::now();
        fetch_all(some_urls()).await;
        start.elapsed()
    }) {
        Ok(elapsed) => elapsed,
        Err(why) => return fail(name, why),
    };
    let peak = IN_FLIGHT.peak();
    let took = format!(
        "{URL_COUNT} fetches of {:.1} s each took {:.2} s",
        FETCH_TIME.as_secs_f64(),
        elapsed.as_secs_f64(),
    );
    if peak >= URL_COUNT {
        pass(name, format!("all {URL_COUNT} fetches ran at once; {took}"))
    } else {
        fail(
            name,
            format!(
                "at most {peak} {} at a time; expected {URL_COUNT}. {took}. Start every \
                 fetch before awaiting any of them",
                plural(peak, "fetch ran", "fetches ran"),
            ),
        )
    }
}

async fn count_ticks(ticks: Arc<AtomicUsize>) {
    let mut interval = tokio::time::interval(HEARTBEAT);
    // Skip rather than catch up, so a blocked stretch cannot be repaid with a burst of ticks.
    interval.set_missed_tick_behavior(MissedTickBehavior::Skip);
    // The first tick fires at once; only the ones after it show the runtime was free.
    interval.tick().await;
    loop {
        interval.tick().await;
        ticks.fetch_add(1, Ordering::SeqCst);
    }
}

fn due_ticks(elapsed: Duration) -> usize {
    (elapsed.as_millis() / HEARTBEAT.as_millis()) as usize
}

fn some_urls() -> Vec<String> {
    (1..=URL_COUNT)
        .map(|n| format!("https://legacy.example/page/{n}"))
        .collect()
}

fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}
