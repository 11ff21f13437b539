//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-ecosystem --example check-ecosystem`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_ecosystem::checks::run_checks;
use exercise_ecosystem::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        run_checks::<starter::ProfileStore>,
        run_checks::<solution::ProfileStore>,
    )
}
