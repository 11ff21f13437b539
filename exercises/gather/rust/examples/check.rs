//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-gather --example check-gather`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_gather::checks::run_checks;
use exercise_gather::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::load_dashboard),
        || run_checks(solution::load_dashboard),
    )
}
