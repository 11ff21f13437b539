//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-task-groups --example check-task-groups`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_task_groups::checks::run_checks;
use exercise_task_groups::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::place_order),
        || run_checks(solution::place_order),
    )
}
