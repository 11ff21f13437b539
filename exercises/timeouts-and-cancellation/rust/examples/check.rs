//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-timeouts-and-cancellation --example check-timeouts-and-cancellation`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_timeouts_and_cancellation::checks::run_checks;
use exercise_timeouts_and_cancellation::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::load_dashboard),
        || run_checks(solution::load_dashboard),
    )
}
