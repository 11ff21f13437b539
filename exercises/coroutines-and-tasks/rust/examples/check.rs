//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-coroutines-and-tasks --example check-coroutines-and-tasks`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_coroutines_and_tasks::checks::run_checks;
use exercise_coroutines_and_tasks::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(|| run_checks(starter::read), || run_checks(solution::read))
}
