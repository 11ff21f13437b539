//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-running-the-loop --example check-running-the-loop`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_running_the_loop::checks::run_checks;
use exercise_running_the_loop::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        || run_checks(starter::get_prices, starter::fetch_all),
        || run_checks(solution::get_prices, solution::fetch_all),
    )
}
