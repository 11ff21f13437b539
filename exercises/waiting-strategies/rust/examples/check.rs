//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-waiting-strategies --example check-waiting-strategies`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_waiting_strategies::checks::run_checks;
use exercise_waiting_strategies::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::fastest),
        || run_checks(solution::fastest),
    )
}
