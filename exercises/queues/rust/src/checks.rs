//! Grades a `crawl` with the five checks of the Python exercise.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::time::Duration;

use exercise_support::{fail, pass, run};
use tokio::runtime::Handle;
use tokio::time::{Instant, timeout};

use crate::{FETCHES, READ_AT_FIRST_DONE, Urls, counted_urls, reset_stats};

pub use exercise_support::CheckResult;

/// How long a run may take before the checks call `crawl` stuck.
const PATIENCE: Duration = Duration::from_secs(5);

/// What one run of `crawl` did.
struct Run {
    /// `None` when crawl had not returned after PATIENCE.
    bodies: Option<HashMap<String, String>>,
    elapsed: Duration,
    peak: usize,
    fetches: usize,
    /// How many URLs had been read when the first fetch finished.
    read_at_first_done: Option<usize>,
    /// Tasks still alive in the runtime once crawl had returned.
    alive_after: usize,
}

/// Runs every check against `crawl` and reports each one.
///
/// Each run gets its own single-threaded runtime with a paused clock, so
/// waiting costs no real time and nothing a run leaves behind leaks into the next.
pub fn run_checks<F, Fut>(crawl: F) -> Vec<CheckResult>
where
    F: Fn(Urls, usize) -> Fut,
    Fut: Future<Output = HashMap<String, String>>,
{
    // Every run shares the fetch counters, so two at once would blur each other's numbers.
    let _only_run = exercise_support::one_run_at_a_time();
    vec![
        returns(&crawl),
        every_body(&crawl),
        side_by_side(&crawl),
        back_pressure(&crawl),
        no_leftovers(&crawl),
    ]
}

fn run_crawl<F, Fut>(crawl: &F, count: usize, workers: usize) -> Result<Run, String>
where
    F: Fn(Urls, usize) -> Fut,
    Fut: Future<Output = HashMap<String, String>>,
{
    reset_stats();
    let runtime = exercise_support::paused_runtime();
    run(&runtime, "crawl", async {
        let start = Instant::now();
        let bodies = timeout(PATIENCE, crawl(counted_urls(count), workers))
            .await
            .ok();
        let elapsed = start.elapsed();
        // One turn of the scheduler, so tasks aborted on the way out are gone.
        tokio::task::yield_now().await;
        let read = READ_AT_FIRST_DONE.load(Ordering::SeqCst);
        Run {
            bodies,
            elapsed,
            peak: FETCHES.peak(),
            fetches: FETCHES.started(),
            read_at_first_done: read.checked_sub(1),
            alive_after: Handle::current().metrics().num_alive_tasks(),
        }
    })
}

fn stuck(run: &Run, count: usize, first: bool) -> String {
    if !first {
        return format!(
            "crawl did not return within {} s (see the first check)",
            PATIENCE.as_secs()
        );
    }
    format!(
        "crawl did not return within {} s, though it had fetched {} of {count} pages: \
         the workers were still waiting in recv(). recv() returns None only when the \
         channel is empty and every Sender has been dropped. Is one still alive?",
        PATIENCE.as_secs(),
        run.fetches,
    )
}

fn returns<F, Fut>(crawl: &F) -> CheckResult
where
    F: Fn(Urls, usize) -> Fut,
    Fut: Future<Output = HashMap<String, String>>,
{
    let name = "crawl returns once every URL is fetched";
    match run_crawl(crawl, 6, 3) {
        Err(why) => fail(name, why),
        Ok(run) if run.bodies.is_none() => fail(name, stuck(&run, 6, true)),
        Ok(run) => pass(
            name,
            format!("returned after {:.2} s", run.elapsed.as_secs_f64()),
        ),
    }
}

fn every_body<F, Fut>(crawl: &F) -> CheckResult
where
    F: Fn(Urls, usize) -> Fut,
    Fut: Future<Output = HashMap<String, String>>,
{
    let name = "returns every body, keyed by URL";
    let run = match run_crawl(crawl, 6, 3) {
        Err(why) => return fail(name, why),
        Ok(run) => run,
    };
    let Some(bodies) = &run.bodies else {
        return fail(name, stuck(&run, 6, false));
    };
    let expected: HashMap<String, String> = (0..6)
        .map(|n| format!("https://example.com/{n}"))
        .map(|url| (url.clone(), format!("<{url}>")))
        .collect();
    let mut missing: Vec<&String> = expected
        .keys()
        .filter(|url| !bodies.contains_key(*url))
        .collect();
    missing.sort();
    if !missing.is_empty() {
        fail(
            name,
            format!(
                "crawl returned {} bodies for 6 URLs; missing: {missing:?}",
                bodies.len()
            ),
        )
    } else if *bodies != expected {
        fail(
            name,
            format!("crawl returned {bodies:?}; expected {expected:?}"),
        )
    } else {
        pass(name, "all 6 bodies came back".into())
    }
}

fn side_by_side<F, Fut>(crawl: &F) -> CheckResult
where
    F: Fn(Urls, usize) -> Fut,
    Fut: Future<Output = HashMap<String, String>>,
{
    let name = "exactly `workers` fetches run at once";
    let run = match run_crawl(crawl, 6, 2) {
        Err(why) => return fail(name, why),
        Ok(run) => run,
    };
    if run.bodies.is_none() {
        return fail(name, stuck(&run, 6, false));
    }
    let took = format!(
        "six pages of 0.2 s took {:.2} s; with two workers they take 0.60 s",
        run.elapsed.as_secs_f64()
    );
    if run.peak == 2 {
        pass(name, format!("two fetches at a time; {took}"))
    } else {
        fail(
            name,
            format!(
                "with workers = 2, at most {} {} at once; expected exactly 2. {took}",
                run.peak,
                if run.peak == 1 {
                    "fetch ran"
                } else {
                    "fetches ran"
                },
            ),
        )
    }
}

fn back_pressure<F, Fut>(crawl: &F) -> CheckResult
where
    F: Fn(Urls, usize) -> Fut,
    Fut: Future<Output = HashMap<String, String>>,
{
    let name = "never reads far ahead of the workers";
    let run = match run_crawl(crawl, 20, 3) {
        Err(why) => return fail(name, why),
        Ok(run) => run,
    };
    if run.bodies.is_none() {
        return fail(name, stuck(&run, 20, false));
    }
    match run.read_at_first_done {
        Some(read) if read <= 8 => pass(
            name,
            format!("{read} of 20 URLs read when the first page was in"),
        ),
        Some(read) => fail(
            name,
            format!(
                "when the first page had been fetched, crawl had already read {read} of \
                 the 20 URLs, {} ahead of the 3 workers; expected at most 8. Use a \
                 bounded channel, mpsc::channel(workers), so send().await holds the \
                 feeder back",
                read.saturating_sub(3),
            ),
        ),
        None => fail(name, "no page was fetched at all".into()),
    }
}

fn no_leftovers<F, Fut>(crawl: &F) -> CheckResult
where
    F: Fn(Urls, usize) -> Fut,
    Fut: Future<Output = HashMap<String, String>>,
{
    let name = "leaves no worker task behind";
    let run = match run_crawl(crawl, 6, 3) {
        Err(why) => return fail(name, why),
        Ok(run) => run,
    };
    if run.bodies.is_none() {
        return fail(name, stuck(&run, 6, false));
    }
    if run.alive_after == 0 {
        pass(name, "every task had finished when crawl returned".into())
    } else {
        fail(
            name,
            format!(
                "after crawl returned, {} {} still alive; expected none. Await (or \
                 abort) every task crawl spawns before it returns",
                run.alive_after,
                if run.alive_after == 1 {
                    "task was"
                } else {
                    "tasks were"
                },
            ),
        )
    }
}
