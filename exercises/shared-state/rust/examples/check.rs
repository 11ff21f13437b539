//! Grades your `src/starter.rs`:
//! `cargo run -p exercise-shared-state --example check-shared-state`.
//! Pass `solution` after `--` to grade the reference answer instead.

use std::process::ExitCode;

use exercise_shared_state::checks::run_checks;
use exercise_shared_state::{solution, starter};

fn main() -> ExitCode {
    let (graded, results) = match std::env::args().nth(1).as_deref() {
        None | Some("starter") => ("src/starter.rs", run_checks::<starter::MyShop>()),
        Some("solution") => ("src/solution.rs", run_checks::<solution::MyShop>()),
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
