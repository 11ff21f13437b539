//! `workbook`: run a snippet or grade an exercise in the sandbox, from a terminal.
//!
//! ```text
//! cargo run --release --bin workbook -- run FILE.py [--timeline]
//! cargo run --release --bin workbook -- grade exercises/NAME [FILE.py]
//! ```

mod source_file;

use std::{path::Path, process::ExitCode};

use workbook_sandbox::{Limits, timeline_text};

const USAGE: &str = "\
usage:
  workbook run FILE.py [--timeline]     run a program as python3 would, in virtual time
  workbook grade EXERCISE_DIR [FILE.py] grade FILE.py (default: the exercise's starter)
                                        against the exercise's hidden checks";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match words.as_slice() {
        ["run", rest @ ..] => run(rest),
        ["grade", rest @ ..] => grade(rest),
        ["--help" | "-h" | "help"] => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(format!("expected a command\n{USAGE}")),
    };
    outcome.unwrap_or_else(|message| {
        eprintln!("workbook: {message}");
        ExitCode::from(2)
    })
}

fn run(args: &[&str]) -> Result<ExitCode, String> {
    let (timeline, files): (Vec<&str>, Vec<&str>) =
        args.iter().partition(|arg| **arg == "--timeline");
    let [file] = files.as_slice() else {
        return Err(format!("`run` takes one FILE.py\n{USAGE}"));
    };
    let source = source_file::read(Path::new(file))?;
    let report = workbook_sandbox::run(&source, file, &Limits::default());
    print!("{}", report.stdout);
    eprint!("{}", report.stderr);
    if !timeline.is_empty() {
        print!("\n{}", timeline_text::render(&report.timeline));
    }
    Ok(ExitCode::from(report.exit_code.clamp(0, 255) as u8))
}

fn grade(args: &[&str]) -> Result<ExitCode, String> {
    let (exercise, attempt) = match args {
        [exercise] => (Path::new(exercise), None),
        [exercise, attempt] => (Path::new(exercise), Some(Path::new(attempt))),
        _ => return Err(format!("`grade` takes an exercise directory\n{USAGE}")),
    };
    let python = exercise.join("python");
    let checks = source_file::read(&python.join("checks.py"))?;
    let attempt = attempt.map_or_else(|| python.join("starter.py"), Path::to_path_buf);
    let learner = source_file::read(&attempt)?;
    let report = workbook_sandbox::grade(&learner, &checks, &Limits::default());
    for outcome in &report.results {
        let mark = if outcome.passed { "PASS" } else { "FAIL" };
        println!("{mark}  {}", outcome.name);
        if !outcome.message.is_empty() {
            println!("      {}", outcome.message);
        }
    }
    eprint!("{}", report.stderr);
    Ok(if report.all_passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
