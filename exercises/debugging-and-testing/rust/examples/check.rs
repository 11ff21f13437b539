//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-debugging-and-testing --example check-debugging-and-testing`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_debugging_and_testing::checks::run_checks;
use exercise_debugging_and_testing::{solution, starter};

fn main() -> ExitCode {
    let (graded, results) = match std::env::args().nth(1).as_deref() {
        None | Some("starter") => ("src/starter.rs", run_checks(starter::test_save_all)),
        Some("solution") => ("src/solution.rs", run_checks(solution::test_save_all)),
        Some(other) => {
            eprintln!("unknown argument {other:?}: expected `starter` or `solution`");
            return ExitCode::from(2);
        }
    };
    println!("checking {graded}");
    for result in &results {
        let verdict = if result.passed { "PASS" } else { "FAIL" };
        println!("{verdict} {}: {}", result.name, result.message);
    }
    let failed = results.iter().filter(|result| !result.passed).count();
    if failed == 0 {
        println!("every check passes: well done");
        ExitCode::SUCCESS
    } else {
        println!("{failed} of {} checks failing", results.len());
        ExitCode::FAILURE
    }
}
