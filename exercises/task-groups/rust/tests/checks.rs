//! Keeps the exercise honest in CI: the starter must fail and the solution
//! must pass. Once you fix `src/starter.rs`, `starter_fails_a_check` fails
//! too; that means you are done, not that something broke.

use exercise_task_groups::checks::{CheckResult, run_checks};
use exercise_task_groups::{solution, starter};

fn failures(results: Vec<CheckResult>) -> Vec<CheckResult> {
    results
        .into_iter()
        .filter(|result| !result.passed)
        .collect()
}

#[test]
fn solution_passes_every_check() {
    let failed = failures(run_checks(solution::place_order));
    assert!(failed.is_empty(), "the solution failed: {failed:#?}");
}

#[test]
fn starter_fails_a_check() {
    let results = run_checks(starter::place_order);
    assert!(
        !failures(results.clone()).is_empty(),
        "the starter passes every check, so there is nothing left to do: {results:#?}"
    );
}
