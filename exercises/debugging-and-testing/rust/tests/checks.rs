//! Keeps the exercise honest in CI: the starter must fail and the solution
//! must pass. Once you fix `src/starter.rs`, `starter_fails_a_check` fails
//! too; that means you are done, not that something broke.

use exercise_debugging_and_testing::checks::{CheckResult, run_checks};
use exercise_debugging_and_testing::{solution, starter};

fn failures(results: Vec<CheckResult>) -> Vec<CheckResult> {
    results
        .into_iter()
        .filter(|result| !result.passed)
        .collect()
}

#[test]
fn solution_passes_every_check() {
    let failed = failures(run_checks(solution::test_save_all));
    assert!(failed.is_empty(), "the solution failed: {failed:#?}");
}

#[test]
fn starter_fails_a_check() {
    let results = run_checks(starter::test_save_all);
    assert!(
        !failures(results.clone()).is_empty(),
        "the starter passes every check, so there is nothing left to do: {results:#?}"
    );
}
