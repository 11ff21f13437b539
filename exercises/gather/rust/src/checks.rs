//! Grades a `load_dashboard` with the three checks of the Python exercise.

use std::time::Instant;

use exercise_support::{fail, pass, run};
use tokio::runtime::Runtime;

use crate::{Dashboard, IN_FLIGHT, WidgetError, service};

pub use exercise_support::CheckResult;

/// Every check loads these widgets; weather and ads are down.
const NAMES: [&str; 5] = ["news", "weather", "stocks", "ads", "calendar"];

/// Runs every check against `load_dashboard` and reports each one.
///
/// It builds its own single-threaded runtime, like asyncio's one event loop.
pub fn run_checks<F, Fut>(load_dashboard: F) -> Vec<CheckResult>
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Dashboard>,
{
    // Every run shares the services' counters, so two at once would blur each other's peak.
    let _only_run = exercise_support::one_run_at_a_time();
    let runtime = exercise_support::runtime();
    vec![
        loads_concurrently(&runtime, &load_dashboard),
        keeps_loaded_widgets(&runtime, &load_dashboard),
        reports_failures(&runtime, &load_dashboard),
    ]
}

fn loads_concurrently<F, Fut>(runtime: &Runtime, load_dashboard: &F) -> CheckResult
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Dashboard>,
{
    let name = "loads the widgets at the same time";
    IN_FLIGHT.reset();
    let start = Instant::now();
    if let Err(why) = run(runtime, "load_dashboard", load_dashboard(names())) {
        return fail(name, why);
    }
    let elapsed = start.elapsed();
    let peak = IN_FLIGHT.peak();
    let count = NAMES.len();
    let slowest = NAMES
        .iter()
        .map(|name| service(name).0)
        .max()
        .unwrap_or_default();
    let took = format!(
        "{count} widgets took {:.2} s; loaded together they take {:.2} s, as long as the slowest",
        elapsed.as_secs_f64(),
        slowest.as_secs_f64(),
    );
    if peak >= count {
        pass(name, format!("all {count} widgets loaded at once; {took}"))
    } else {
        fail(
            name,
            format!(
                "at most {peak} of {count} widgets loaded at a time. {took}. Start \
                 every load_widget call before awaiting any of them"
            ),
        )
    }
}

fn keeps_loaded_widgets<F, Fut>(runtime: &Runtime, load_dashboard: &F) -> CheckResult
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Dashboard>,
{
    let name = "keeps every widget that loaded, in input order";
    let dashboard = match run(runtime, "load_dashboard", load_dashboard(names())) {
        Ok(dashboard) => dashboard,
        Err(why) => return fail(name, why),
    };
    let expected: Vec<(String, String)> = NAMES
        .iter()
        .filter(|name| service(name).1.is_none())
        .map(|name| (name.to_string(), format!("<{name} widget>")))
        .collect();
    if dashboard.loaded == expected {
        pass(name, "every widget that loaded is there, in order".into())
    } else {
        fail(
            name,
            format!(
                "with weather and ads failing, `loaded` was {:?}; expected {expected:?}: \
                 every widget that loaded, as (name, widget), in the order of `names`",
                dashboard.loaded
            ),
        )
    }
}

fn reports_failures<F, Fut>(runtime: &Runtime, load_dashboard: &F) -> CheckResult
where
    F: Fn(Vec<String>) -> Fut,
    Fut: Future<Output = Dashboard>,
{
    let name = "reports every failure with its error";
    let dashboard = match run(runtime, "load_dashboard", load_dashboard(names())) {
        Ok(dashboard) => dashboard,
        Err(why) => return fail(name, why),
    };
    let expected: Vec<(String, WidgetError)> = NAMES
        .iter()
        .filter_map(|name| {
            let reason = service(name).1?;
            Some((name.to_string(), WidgetError(reason.to_string())))
        })
        .collect();
    if dashboard.failed == expected {
        pass(name, "both failures are reported, with their errors".into())
    } else if dashboard.failed.is_empty() {
        fail(
            name,
            format!(
                "weather and ads failed ({:?} and {:?}), but `failed` is empty: the errors \
                 were swallowed. Keep each Err and put (name, error) in `failed`",
                expected[0].1.0, expected[1].1.0
            ),
        )
    } else {
        fail(
            name,
            format!(
                "`failed` was {:?}; expected {expected:?}: every widget that failed, as \
                 (name, error), in the order of `names`",
                dashboard.failed
            ),
        )
    }
}

fn names() -> Vec<String> {
    NAMES.iter().map(|name| name.to_string()).collect()
}
