//! Grades a `make_thumbnails` with the four checks of the Python exercise.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use exercise_support::{fail, pass, run};
use tokio::runtime::Runtime;
use tokio::time::Instant;

use crate::{DOWNLOAD_TIME, DOWNLOADING, RESIZE_TIME, RESIZING, reset_peaks};

pub use exercise_support::CheckResult;

/// How often the heartbeat in the blocking check ticks.
const HEARTBEAT: Duration = Duration::from_millis(50);
/// The longest the heartbeat may go without a tick before the runtime counts as blocked.
const LONGEST_GAP: Duration = Duration::from_millis(150);
/// The images every check asks for.
const NAMES: [&str; 4] = ["cat", "dog", "owl", "fox"];

/// Runs every check against `make_thumbnails` and reports each one.
///
/// It builds its own single-threaded runtime, like asyncio's one event loop:
/// on a multi-threaded runtime a blocked thread could hide behind the others.
pub fn run_checks<F, Fut>(make_thumbnails: F) -> Vec<CheckResult>
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    // Every run shares the library's counters, so two at once would blur each other's peaks.
    let _only_run = exercise_support::one_run_at_a_time();
    let runtime = exercise_support::runtime();
    vec![
        keeps_input_order(&runtime, &make_thumbnails),
        downloads_wait_together(&runtime, &make_thumbnails),
        does_not_block_the_runtime(&runtime, &make_thumbnails),
        resizes_run_side_by_side(&runtime, &make_thumbnails),
    ]
}

fn keeps_input_order<F, Fut>(runtime: &Runtime, make_thumbnails: &F) -> CheckResult
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    let name = "keeps input order";
    let names: Vec<String> = ["owl", "cat", "fox", "dog"].map(String::from).to_vec();
    let expected: Vec<String> = names.iter().map(|name| format!("{name}.thumb")).collect();
    let thumbnails = match run(runtime, "make_thumbnails", make_thumbnails(names)) {
        Ok(thumbnails) => thumbnails,
        Err(why) => return fail(name, why),
    };
    if thumbnails == expected {
        pass(
            name,
            "every thumbnail came back, in the order of the names".into(),
        )
    } else {
        fail(
            name,
            format!(
                "expected {expected:?}, got {thumbnails:?}. make_thumbnails must return one \
                 thumbnail per name, in the same order as `names`"
            ),
        )
    }
}

fn downloads_wait_together<F, Fut>(runtime: &Runtime, make_thumbnails: &F) -> CheckResult
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    let name = "downloads wait together";
    reset_peaks();
    if let Err(why) = run(runtime, "make_thumbnails", make_thumbnails(some_names())) {
        return fail(name, why);
    }
    let peak = DOWNLOADING.peak();
    if peak == NAMES.len() {
        pass(
            name,
            format!("all {} downloads waited at once", NAMES.len()),
        )
    } else {
        fail(
            name,
            format!(
                "at most {peak} of the {} downloads {} waiting at the same time; all of them \
                 should wait together, since waiting is what a runtime overlaps. Start every \
                 download before awaiting any of them",
                NAMES.len(),
                if peak == 1 { "was" } else { "were" },
            ),
        )
    }
}

fn does_not_block_the_runtime<F, Fut>(runtime: &Runtime, make_thumbnails: &F) -> CheckResult
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    let name = "does not block the runtime";
    let outcome = run(runtime, "make_thumbnails", async {
        let ticks = Arc::new(Mutex::new(Vec::new()));
        let heartbeat = tokio::spawn(beat(Arc::clone(&ticks)));
        // Let the heartbeat take its first tick before the work can get in its way.
        tokio::task::yield_now().await;
        make_thumbnails(some_names()).await;
        // Read the clock before yielding again, so a blocked stretch can't hide.
        let end = Instant::now();
        heartbeat.abort();
        let mut ticks = ticks.lock().unwrap_or_else(PoisonError::into_inner).clone();
        ticks.push(end);
        ticks
            .windows(2)
            .map(|pair| pair[1] - pair[0])
            .max()
            .unwrap_or_default()
    });
    let worst = match outcome {
        Ok(worst) => worst,
        Err(why) => return fail(name, why),
    };
    let summary = format!(
        "a heartbeat that should tick every {:.2} s went {:.2} s without a tick",
        HEARTBEAT.as_secs_f64(),
        worst.as_secs_f64(),
    );
    if worst < LONGEST_GAP {
        pass(name, format!("{summary}; the runtime stayed free"))
    } else {
        fail(
            name,
            format!(
                "{summary}: resize computed on the runtime's thread and froze every other \
                 task. Hand each resize to tokio::task::spawn_blocking and await it"
            ),
        )
    }
}

fn resizes_run_side_by_side<F, Fut>(runtime: &Runtime, make_thumbnails: &F) -> CheckResult
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    let name = "resizes run side by side";
    reset_peaks();
    let elapsed = match run(runtime, "make_thumbnails", async {
        let start = Instant::now();
        make_thumbnails(some_names()).await;
        start.elapsed()
    }) {
        Ok(elapsed) => elapsed,
        Err(why) => return fail(name, why),
    };
    let peak = RESIZING.peak();
    let took = format!(
        "{} images took {:.2} s; with everything side by side they take about {:.2} s",
        NAMES.len(),
        elapsed.as_secs_f64(),
        (DOWNLOAD_TIME + RESIZE_TIME).as_secs_f64(),
    );
    if peak >= 2 {
        pass(name, format!("{peak} resizes ran at once; {took}"))
    } else {
        fail(
            name,
            format!(
                "the resizes ran one at a time; {took}. Run them on the blocking pool, \
                 several at once"
            ),
        )
    }
}

async fn beat(ticks: Arc<Mutex<Vec<Instant>>>) {
    loop {
        ticks
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(Instant::now());
        tokio::time::sleep(HEARTBEAT).await;
    }
}

fn some_names() -> Vec<String> {
    NAMES.map(String::from).to_vec()
}
