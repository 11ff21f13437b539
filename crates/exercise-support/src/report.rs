use std::process::ExitCode;

use crate::CheckResult;

/// The whole `main` of an exercise's `examples/check.rs`.
///
/// Grades the starter, or the solution when the first argument is
/// `solution`, and prints the report the book shows: `checking FILE`, a
/// `PASS name: message` or `FAIL name: message` line per check, and a
/// summary. Exits 0 when every check passes, 1 when one fails, and 2 on an
/// unknown argument, so scripts can tell a failing answer from a typo.
pub fn grade(
    starter: impl FnOnce() -> Vec<CheckResult>,
    solution: impl FnOnce() -> Vec<CheckResult>,
) -> ExitCode {
    let (graded, results) = match std::env::args().nth(1).as_deref() {
        None | Some("starter") => ("src/starter.rs", starter()),
        Some("solution") => ("src/solution.rs", solution()),
        Some(other) => {
            eprintln!("unknown argument {other:?}: expected `starter` or `solution`");
            return ExitCode::from(2);
        }
    };
    println!("checking {graded}");
    for result in &results {
        let verdict = if result.passed { "PASS" } else { "FAIL" };
        println!("{verdict} {}: {}", result.name, result.message);
    }
    let failed = failures(&results).len();
    if failed == 0 {
        println!("every check passes: well done");
        ExitCode::SUCCESS
    } else {
        println!("{failed} of {} checks failing", results.len());
        ExitCode::FAILURE
    }
}

/// For an exercise's `tests/checks.rs`: the untouched starter must fail a
/// check, or the exercise has nothing left for the reader to do.
///
/// A reader who fixes the starter sees this fail too; that means done.
#[track_caller]
pub fn assert_starter_fails(results: &[CheckResult]) {
    assert!(
        !failures(results).is_empty(),
        "the starter passes every check, so there is nothing left to do: {results:#?}"
    );
}

/// For an exercise's `tests/checks.rs`: the solution must pass every check,
/// or the checks ask for something the book's own answer does not do.
#[track_caller]
pub fn assert_solution_passes(results: &[CheckResult]) {
    let failed = failures(results);
    assert!(failed.is_empty(), "the solution failed: {failed:#?}");
}

fn failures(results: &[CheckResult]) -> Vec<&CheckResult> {
    results.iter().filter(|result| !result.passed).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{fail, pass};

    #[test]
    fn a_failing_check_is_what_a_starter_needs() {
        assert_starter_fails(&[pass("a", "ok".into()), fail("b", "no".into())]);
        assert_solution_passes(&[pass("a", "ok".into())]);
    }

    #[test]
    #[should_panic(expected = "the starter passes every check")]
    fn a_starter_that_passes_leaves_nothing_to_do() {
        assert_starter_fails(&[pass("a", "ok".into())]);
    }

    #[test]
    #[should_panic(expected = "the solution failed")]
    fn a_solution_that_fails_a_check_is_wrong() {
        assert_solution_passes(&[fail("a", "no".into())]);
    }
}
