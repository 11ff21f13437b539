//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-blocking-the-loop --example check-blocking-the-loop`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_blocking_the_loop::checks::run_checks;
use exercise_blocking_the_loop::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::fetch_all),
        || run_checks(solution::fetch_all),
    )
}
