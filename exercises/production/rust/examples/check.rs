//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-production --example check-production`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_production::checks::run_checks;
use exercise_production::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(|| run_checks(starter::run), || run_checks(solution::run))
}
