//! Keeps the exercise honest in CI: the starter must fail and the solution
//! must pass. Once you fix `src/starter.rs`, `starter_fails_a_check` fails
//! too; that means you are done, not that something broke.

use exercise_threads::checks::run_checks;
use exercise_threads::{solution, starter};

#[test]
fn solution_passes_every_check() {
    exercise_support::assert_solution_passes(&run_checks(solution::scan_with_progress));
}

#[test]
fn starter_fails_a_check() {
    exercise_support::assert_starter_fails(&run_checks(starter::scan_with_progress));
}
