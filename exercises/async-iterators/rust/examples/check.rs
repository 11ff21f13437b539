//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-async-iterators --example check-async-iterators`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_async_iterators::checks::run_checks;
use exercise_async_iterators::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::AllItems::new),
        || run_checks(solution::AllItems::new),
    )
}
