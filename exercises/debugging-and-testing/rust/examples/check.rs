//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-debugging-and-testing --example check-debugging-and-testing`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_debugging_and_testing::checks::run_checks;
use exercise_debugging_and_testing::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::test_save_all),
        || run_checks(solution::test_save_all),
    )
}
