//! `workbook`: run a snippet or grade an exercise in the sandbox, from a terminal.
//!
//! ```text
//! cargo run --release --bin workbook -- run FILE.py [--timeline] [--feedback]
//! cargo run --release --bin workbook -- grade exercises/NAME [FILE.py]
//! cargo run --release --bin workbook -- lint FILE.py... [--format json]
//! ```

mod lint_command;
mod source_file;

use std::{path::Path, process::ExitCode};

use workbook_sandbox::{Finding, Limits, timeline_text};

const USAGE: &str = "\
usage:
  workbook run FILE.py [--timeline] [--feedback]
                                        run a program as python3 would, in virtual time;
                                        --feedback lists the asyncio mistakes it ran into
  workbook grade EXERCISE_DIR [FILE.py] grade FILE.py (default: the exercise's starter)
                                        against the exercise's hidden checks
  workbook lint FILE.py... [--format text|json]
                                        report asyncio mistakes found without running
                                        the program, as FILE:LINE:COL: RULE message;
                                        exit 0: none, 1: some, 2: could not lint";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let outcome = match words.as_slice() {
        ["run", rest @ ..] => run(rest),
        ["grade", rest @ ..] => grade(rest),
        ["lint", rest @ ..] => lint_command::lint(rest, USAGE),
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
    let (flags, files): (Vec<&str>, Vec<&str>) = args
        .iter()
        .partition(|arg| matches!(**arg, "--timeline" | "--feedback"));
    let [file] = files.as_slice() else {
        return Err(format!("`run` takes one FILE.py\n{USAGE}"));
    };
    let source = source_file::read(Path::new(file))?;
    let report = workbook_sandbox::run(&source, file, &Limits::default());
    print!("{}", report.stdout);
    eprint!("{}", report.stderr);
    if flags.contains(&"--timeline") {
        print!("\n{}", timeline_text::render(&report.timeline));
    }
    if flags.contains(&"--feedback") {
        print!("\n{}", feedback_text(&report.feedback));
    }
    Ok(ExitCode::from(report.exit_code.clamp(0, 255) as u8))
}

/// One finding a line, `LINE: RULE-ID message (see CHAPTER)`, under a heading.
fn feedback_text(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "Feedback: no asyncio mistakes showed up while the program ran\n".to_owned();
    }
    let mut text = String::from("Feedback\n");
    for finding in findings {
        text.push_str(&format!(
            "{}: {} {} (see {})\n",
            finding.line, finding.rule, finding.message, finding.chapter
        ));
    }
    text
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
