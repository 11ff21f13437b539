//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-resilience --example check-resilience`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_resilience::checks::run_checks;
use exercise_resilience::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::call_with_retry),
        || run_checks(solution::call_with_retry),
    )
}
