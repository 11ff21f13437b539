//! Benchmark (not a test): the sandbox's figures natively.
//!
//! `cargo run --release -p workbook-sandbox --example native-figures [ROUNDS]`
//!
//! For every program in the book: the time to build a bare interpreter, to
//! load the runtime (which imports asyncio), and to run the program, medians
//! over ROUNDS runs (default 3); and how much faster than the wall clock the
//! virtual clock ran the program that waits longest.

use std::path::{Path, PathBuf};
use std::time::Duration;

use workbook_sandbox::{Limits, StageTimes, run_timed};

fn book_programs(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("src/ is readable");
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            book_programs(&path, found);
        } else if matches!(
            path.file_name().and_then(|name| name.to_str()),
            Some("wrong.py" | "correct.py")
        ) {
            found.push(path);
        }
    }
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .map(|arg| arg.parse().expect("ROUNDS is a number"))
        .unwrap_or(3);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    let mut programs = Vec::new();
    book_programs(&src, &mut programs);
    programs.sort();
    let limits = Limits::default();
    let mut stages: Vec<StageTimes> = Vec::new();
    let mut longest_wait = (0.0_f64, Duration::ZERO, String::new());
    for program in &programs {
        let source = std::fs::read_to_string(program).expect("a UTF-8 program");
        let name = program
            .strip_prefix(&src)
            .unwrap_or(program)
            .display()
            .to_string();
        let mut runs = Vec::new();
        for _ in 0..rounds {
            let (report, times) = run_timed(&source, "main.py", &limits);
            if report.virtual_time > longest_wait.0 {
                longest_wait = (report.virtual_time, times.program, name.clone());
            }
            runs.push(times);
        }
        stages.push(StageTimes {
            interpreter: median(runs.iter().map(|t| t.interpreter).collect()),
            runtime: median(runs.iter().map(|t| t.runtime).collect()),
            program: median(runs.iter().map(|t| t.program).collect()),
        });
    }
    let programs_run = median(stages.iter().map(|t| t.program).collect());
    let slowest = stages.iter().map(|t| t.program).max().unwrap_or_default();
    println!(
        "native, {} programs, median of {rounds} runs each:",
        stages.len()
    );
    println!(
        "  bare interpreter start-up        {}",
        ms(median(stages.iter().map(|t| t.interpreter).collect()))
    );
    println!(
        "  runtime load (imports asyncio)   {}",
        ms(median(stages.iter().map(|t| t.runtime).collect()))
    );
    println!("  a program's run, median          {}", ms(programs_run));
    println!("  a program's run, slowest         {}", ms(slowest));
    let (virtual_seconds, real, name) = longest_wait;
    println!(
        "longest virtual wait: {name}, {virtual_seconds:.2} s virtual in {} real: {:.0}× faster than real time",
        ms(real),
        virtual_seconds / real.as_secs_f64()
    );
}
