//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-async-context-managers --example check-async-context-managers`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_async_context_managers::checks::run_checks;
use exercise_async_context_managers::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::connection),
        || run_checks(solution::connection),
    )
}
