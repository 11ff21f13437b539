//! Grades a `fastest` with the four checks of the Python exercise.

use std::time::Duration;

use exercise_support::{fail, pass, run};
use tokio::time::{Instant, sleep};

use crate::{DownloadError, Mirror, take_finished};

pub use exercise_support::CheckResult;

const fn mirror(name: &'static str, millis: u64, broken: bool) -> Mirror {
    Mirror {
        name,
        millis,
        broken,
    }
}

const ALL_WORK: [Mirror; 3] = [
    mirror("eu", 300, false),
    mirror("us", 100, false),
    mirror("asia", 500, false),
];
const FASTEST_BROKEN: [Mirror; 3] = [
    mirror("us", 100, true),
    mirror("eu", 300, false),
    mirror("asia", 500, false),
];
const ALL_BROKEN: [Mirror; 3] = [
    mirror("eu", 300, true),
    mirror("us", 100, true),
    mirror("asia", 500, true),
];

/// What one call to `fastest` gave back, how long it took, and which
/// downloads ran to their end after it had returned.
struct Race {
    outcome: Result<String, DownloadError>,
    took: Duration,
    finished_late: Vec<(&'static str, Duration)>,
}

/// Runs every check against `fastest` and reports each one.
///
/// Each check gets its own single-threaded runtime on tokio's paused clock,
/// so the timings are exact and a download left running by one check dies
/// with its runtime instead of showing up in the next.
pub fn run_checks<F, Fut>(fastest: F) -> Vec<CheckResult>
where
    F: Fn(Vec<Mirror>) -> Fut,
    Fut: Future<Output = Result<String, DownloadError>>,
{
    // Every run shares the record of finished downloads.
    let _only_run = exercise_support::one_run_at_a_time();
    vec![
        fastest_answer(&fastest),
        skips_failures(&fastest),
        no_leftovers(&fastest),
        all_broken(&fastest),
    ]
}

fn fastest_answer<F, Fut>(fastest: &F) -> CheckResult
where
    F: Fn(Vec<Mirror>) -> Fut,
    Fut: Future<Output = Result<String, DownloadError>>,
{
    let name = "returns the fastest answer as soon as it arrives";
    let race = match run_race(fastest, &ALL_WORK) {
        Ok(race) => race,
        Err(why) => return fail(name, why),
    };
    match race.outcome {
        Err(error) => fail(
            name,
            format!(
                "fastest returned Err({error:?}) although every mirror works; expected Ok(\"file from us\")"
            ),
        ),
        Ok(body) if body != "file from us" => fail(
            name,
            format!(
                "fastest returned Ok({body:?}); the us mirror answers first, after 0.1 s, \
                 so expected Ok(\"file from us\")"
            ),
        ),
        Ok(_) if race.took > Duration::from_millis(150) => fail(
            name,
            format!(
                "fastest returned at {:.2} s; the us mirror had answered at 0.10 s. Take \
                 results in the order they finish (JoinSet::join_next), not in list order",
                secs(race.took)
            ),
        ),
        Ok(_) => pass(name, format!("'file from us' at {:.2} s", secs(race.took))),
    }
}

fn skips_failures<F, Fut>(fastest: &F) -> CheckResult
where
    F: Fn(Vec<Mirror>) -> Fut,
    Fut: Future<Output = Result<String, DownloadError>>,
{
    let name = "skips a mirror that fails and waits for the next one";
    let race = match run_race(fastest, &FASTEST_BROKEN) {
        Ok(race) => race,
        Err(why) => return fail(name, why),
    };
    match race.outcome {
        Err(error) => fail(
            name,
            format!(
                "fastest returned Err({error:?}) at {:.2} s, but only the us mirror is \
                 broken, and eu succeeded at 0.30 s. An Err from one download is not the \
                 end: keep calling join_next until one succeeds",
                secs(race.took)
            ),
        ),
        Ok(body) if body != "file from eu" => fail(
            name,
            format!(
                "fastest returned Ok({body:?}); us fails at 0.1 s and eu succeeds at 0.3 s, \
                 so expected Ok(\"file from eu\")"
            ),
        ),
        Ok(_) if race.took > Duration::from_millis(350) => fail(
            name,
            format!(
                "fastest returned at {:.2} s; eu had succeeded at 0.30 s",
                secs(race.took)
            ),
        ),
        Ok(_) => pass(name, format!("'file from eu' at {:.2} s", secs(race.took))),
    }
}

fn no_leftovers<F, Fut>(fastest: &F) -> CheckResult
where
    F: Fn(Vec<Mirror>) -> Fut,
    Fut: Future<Output = Result<String, DownloadError>>,
{
    let name = "leaves no download running";
    let race = match run_race(fastest, &ALL_WORK) {
        Ok(race) => race,
        Err(why) => return fail(name, why),
    };
    if race.finished_late.is_empty() {
        return pass(
            name,
            format!(
                "nothing ran on after fastest returned at {:.2} s",
                secs(race.took)
            ),
        );
    }
    let late: Vec<String> = race
        .finished_late
        .iter()
        .map(|(mirror, at)| format!("{mirror} at {:.2} s", secs(*at)))
        .collect();
    fail(
        name,
        format!(
            "fastest returned at {:.2} s, but {} {} on and finished later ({}), fetching \
             files nobody wanted. Dropping a JoinHandle detaches its task instead of \
             stopping it: keep the downloads in a JoinSet, which aborts them when it is \
             dropped or shut down",
            secs(race.took),
            late.len(),
            if late.len() == 1 {
                "download ran"
            } else {
                "downloads ran"
            },
            late.join(", ")
        ),
    )
}

fn all_broken<F, Fut>(fastest: &F) -> CheckResult
where
    F: Fn(Vec<Mirror>) -> Fut,
    Fut: Future<Output = Result<String, DownloadError>>,
{
    let name = "fails when every mirror fails";
    let race = match run_race(fastest, &ALL_BROKEN) {
        Ok(race) => race,
        Err(why) => return fail(name, why),
    };
    match race.outcome {
        Ok(body) => fail(
            name,
            format!("every mirror fails, but fastest returned Ok({body:?}); expected an Err"),
        ),
        Err(error) => pass(name, format!("returned Err({error:?})")),
    }
}

/// Runs one race on a fresh paused runtime, then lets 1 s pass so that any
/// download still running can show itself.
fn run_race<F, Fut>(fastest: &F, mirrors: &[Mirror]) -> Result<Race, String>
where
    F: Fn(Vec<Mirror>) -> Fut,
    Fut: Future<Output = Result<String, DownloadError>>,
{
    let runtime = exercise_support::paused_runtime();
    take_finished();
    let race = run(&runtime, "fastest", async {
        let start = Instant::now();
        let outcome = fastest(mirrors.to_vec()).await;
        let took = start.elapsed();
        sleep(Duration::from_secs(1)).await;
        let finished_late = take_finished()
            .into_iter()
            .map(|(mirror, when)| (mirror, when - start))
            .filter(|&(_, at)| at > took)
            .collect();
        Race {
            outcome,
            took,
            finished_late,
        }
    });
    // Dropping the runtime drops whatever the answer left running.
    drop(runtime);
    take_finished();
    race
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}
