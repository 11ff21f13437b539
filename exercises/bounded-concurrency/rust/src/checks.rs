//! Grades a `fetch_all` with the three checks of the Python exercise.

use std::time::Duration;

use exercise_support::{fail, pass, run};
use tokio::runtime::Runtime;
use tokio::time::Instant;

use crate::{FETCH_TIME, IN_FLIGHT, SLOW_FETCH_TIME};

pub use exercise_support::CheckResult;

/// Runs every check against `fetch_all` and reports each one.
///
/// It builds its own single-threaded runtime, like asyncio's one event loop,
/// on tokio's paused clock: sleeps finish as soon as every task waits, so the
/// timings are exact and the checks run in a blink.
pub fn run_checks<F, Fut>(fetch_all: F) -> Vec<CheckResult>
where
    F: Fn(Vec<String>, usize) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    // Every run shares the API's counters, so two at once would blur each other's peak.
    let _only_run = exercise_support::one_run_at_a_time();
    let runtime = exercise_support::paused_runtime();
    vec![
        keeps_input_order(&runtime, &fetch_all),
        respects_the_limit(&runtime, &fetch_all),
        keeps_every_slot_busy(&runtime, &fetch_all),
    ]
}

/// What one call of `fetch_all` did.
struct Run {
    bodies: Vec<String>,
    elapsed: Duration,
    calls: usize,
    peak: usize,
}

fn fetch_all_once<F, Fut>(
    runtime: &Runtime,
    fetch_all: &F,
    urls: Vec<String>,
    limit: usize,
) -> Result<Run, String>
where
    F: Fn(Vec<String>, usize) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    IN_FLIGHT.reset();
    let (bodies, elapsed) = run(runtime, "fetch_all", async {
        let start = Instant::now();
        let bodies = fetch_all(urls, limit).await;
        (bodies, start.elapsed())
    })?;
    Ok(Run {
        bodies,
        elapsed,
        calls: IN_FLIGHT.started(),
        peak: IN_FLIGHT.peak(),
    })
}

fn one_call_per_url(run: &Run, urls: usize) -> Result<(), String> {
    if run.calls == urls {
        Ok(())
    } else {
        Err(format!(
            "fetch_all called fetch {} times for {urls} URLs; expected exactly one call per URL",
            run.calls
        ))
    }
}

fn keeps_input_order<F, Fut>(runtime: &Runtime, fetch_all: &F) -> CheckResult
where
    F: Fn(Vec<String>, usize) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    let name = "returns every body, in input order";
    let mut urls = some_urls(12);
    urls.rotate_left(5);
    let expected: Vec<String> = urls.iter().map(|url| format!("<{url}>")).collect();
    let run = match fetch_all_once(runtime, fetch_all, urls.clone(), 4) {
        Ok(run) => run,
        Err(why) => return fail(name, why),
    };
    if let Err(why) = one_call_per_url(&run, urls.len()) {
        return fail(name, why);
    }
    if run.bodies == expected {
        pass(
            name,
            "every body came back, in the order of the URLs".into(),
        )
    } else {
        fail(
            name,
            format!(
                "for the URLs {urls:?} fetch_all returned {:?}; expected {expected:?} (one body \
                 per URL, in the same order as the input)",
                run.bodies
            ),
        )
    }
}

fn respects_the_limit<F, Fut>(runtime: &Runtime, fetch_all: &F) -> CheckResult
where
    F: Fn(Vec<String>, usize) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    let name = "never more than `limit` fetches in flight";
    let urls = some_urls(20);
    for limit in [5, 3] {
        let run = match fetch_all_once(runtime, fetch_all, urls.clone(), limit) {
            Ok(run) => run,
            Err(why) => return fail(name, why),
        };
        if let Err(why) = one_call_per_url(&run, urls.len()) {
            return fail(name, why);
        }
        if run.peak <= limit {
            continue;
        }
        let why = if run.peak == urls.len() {
            format!(
                "All {} fetches were in flight together: nothing made the ones after the \
                 first {limit} wait for a free slot.",
                urls.len()
            )
        } else {
            format!(
                "Is the limit written into the code instead of taken from the `limit` \
                 argument? This call passed limit={limit}."
            )
        };
        return fail(
            name,
            format!(
                "peak concurrency was {}; the limit is {limit}. {why}",
                run.peak
            ),
        );
    }
    pass(
        name,
        "with limit=5 and limit=3, the peak never went over the limit".into(),
    )
}

fn keeps_every_slot_busy<F, Fut>(runtime: &Runtime, fetch_all: &F) -> CheckResult
where
    F: Fn(Vec<String>, usize) -> Fut,
    Fut: Future<Output = Vec<String>>,
{
    let name = "keeps every slot busy";
    let limit = 5;
    // One slow URL: refilling each slot at once, the other nine fit into the
    // four remaining slots while it runs, so the whole call takes 0.5 s.
    let mut urls = some_urls(10);
    urls[0] = "https://api.example.com/items/slow".into();
    let run = match fetch_all_once(runtime, fetch_all, urls.clone(), limit) {
        Ok(run) => run,
        Err(why) => return fail(name, why),
    };
    if let Err(why) = one_call_per_url(&run, urls.len()) {
        return fail(name, why);
    }
    let took = format!(
        "{} fetches (one of them slow, {:.1} s) took {:.2} s with limit={limit}; keeping all \
         {limit} slots busy, they take {:.2} s.",
        urls.len(),
        SLOW_FETCH_TIME.as_secs_f64(),
        run.elapsed.as_secs_f64(),
        SLOW_FETCH_TIME.as_secs_f64(),
    );
    if run.peak < limit {
        fail(
            name,
            format!(
                "peak concurrency was {}; the limit is {limit}, so {} of the slots were never \
                 used. {took} Start up to `limit` fetches at once",
                run.peak,
                limit - run.peak,
            ),
        )
    } else if run.elapsed > SLOW_FETCH_TIME + FETCH_TIME / 2 {
        fail(
            name,
            format!(
                "{took} The slow fetch held up the others: it looks like fetch_all waits for a \
                 whole group to finish before it starts the next group. Start the next fetch \
                 as soon as any one finishes"
            ),
        )
    } else {
        pass(name, took)
    }
}

fn some_urls(count: usize) -> Vec<String> {
    (1..=count)
        .map(|n| format!("https://api.example.com/items/{n}"))
        .collect()
}
