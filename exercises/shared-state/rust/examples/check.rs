//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-shared-state --example check-shared-state`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_shared_state::checks::run_checks;
use exercise_shared_state::{solution, starter};

fn main() -> ExitCode {
    exercise_support::grade(
        run_checks::<starter::MyShop>,
        run_checks::<solution::MyShop>,
    )
}
