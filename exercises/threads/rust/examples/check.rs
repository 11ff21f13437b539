//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-threads --example check-threads`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_threads::checks::run_checks;
use exercise_threads::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::scan_with_progress),
        || run_checks(solution::scan_with_progress),
    )
}
