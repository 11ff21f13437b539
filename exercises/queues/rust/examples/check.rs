//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-queues --example check-queues`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_queues::checks::run_checks;
use exercise_queues::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::crawl),
        || run_checks(solution::crawl),
    )
}
