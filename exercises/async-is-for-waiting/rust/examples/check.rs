//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-async-is-for-waiting --example check-async-is-for-waiting`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_async_is_for_waiting::checks::run_checks;
use exercise_async_is_for_waiting::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::make_thumbnails),
        || run_checks(solution::make_thumbnails),
    )
}
