//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-bounded-concurrency --example check-bounded-concurrency`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_bounded_concurrency::checks::run_checks;
use exercise_bounded_concurrency::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::fetch_all),
        || run_checks(solution::fetch_all),
    )
}
