//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-task-lifetimes --example check-task-lifetimes`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_task_lifetimes::checks::run_checks;
use exercise_task_lifetimes::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        run_checks::<starter::Background>,
        run_checks::<solution::Background>,
    )
}
