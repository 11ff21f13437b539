//! The workbook's Python sandbox: RustPython running CPython's own asyncio on a
//! deterministic virtual clock.
//!
//! One call runs one program in a fresh interpreter and returns what it printed,
//! its exit status, a timeline of what every task did, in virtual seconds, and
//! feedback on the asyncio mistakes it ran into (a coroutine never awaited, a
//! blocked loop...), each linked to the chapter that explains it:
//!
//! ```no_run
//! let report = workbook_sandbox::run("print('hi')", "hi.py", &workbook_sandbox::Limits::default());
//! assert_eq!(report.stdout, "hi\n");
//! ```
//!
//! The same code runs natively (the CLI and the tests) and compiled to
//! `wasm32-unknown-unknown` (the browser), so the tests check what readers see.

mod interpreter;
mod report;
pub mod timeline_text;
#[cfg(not(target_arch = "wasm32"))]
mod watchdog;

pub use report::{CheckOutcome, CheckReport, RunReport, TimelineEvent};
pub use workbook_lint::Finding;

use std::time::Duration;

/// How much a program may take before the sandbox stops it.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Real (wall-clock) time; enforced natively. In the browser the page
    /// enforces it by ending the worker.
    pub real_time: Duration,
    /// Characters written to stdout and stderr together.
    pub output_chars: usize,
    /// Virtual seconds a program may wait in total.
    pub virtual_seconds: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            real_time: Duration::from_secs(10),
            output_chars: 1_000_000,
            virtual_seconds: 3600.0,
        }
    }
}

/// Runs `source` as the program `filename` and reports what happened.
pub fn run(source: &str, filename: &str, limits: &Limits) -> RunReport {
    let json = run_json(source, filename, limits);
    RunReport::from_json(&json)
}

/// Grades a learner's exercise code against the exercise's hidden checks.
pub fn grade(learner_source: &str, checks_source: &str, limits: &Limits) -> CheckReport {
    let json = grade_json(learner_source, checks_source, limits);
    CheckReport::from_json(&json)
}

/// [`run`], with the report as the JSON the browser receives.
pub fn run_json(source: &str, filename: &str, limits: &Limits) -> String {
    let job = interpreter::Job::Run {
        source: source.to_owned(),
        filename: filename.to_owned(),
        output_chars: limits.output_chars,
        virtual_seconds: limits.virtual_seconds,
    };
    report::link_feedback_to_chapters(execute(job, limits))
}

/// [`grade`], with the report as the JSON the browser receives.
pub fn grade_json(learner_source: &str, checks_source: &str, limits: &Limits) -> String {
    let job = interpreter::Job::Grade {
        learner_source: learner_source.to_owned(),
        checks_source: checks_source.to_owned(),
        output_chars: limits.output_chars,
    };
    report::link_feedback_to_chapters(execute(job, limits))
}

/// How long each stage of one native run takes, for the benchmark.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Clone, Copy, Debug)]
pub struct StageTimes {
    /// Building a bare interpreter.
    pub interpreter: Duration,
    /// Loading the workbook runtime, which imports asyncio.
    pub runtime: Duration,
    /// Running the program on the prepared interpreter.
    pub program: Duration,
}

/// Runs `source` like [`run`], on the calling thread and without a real-time
/// budget, and times each stage. Only for measuring: a runaway program never
/// returns.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_timed(source: &str, filename: &str, limits: &Limits) -> (RunReport, StageTimes) {
    let (prepared, interpreter, runtime) = interpreter::PreparedInterpreter::new_timed();
    let job = interpreter::Job::Run {
        source: source.to_owned(),
        filename: filename.to_owned(),
        output_chars: limits.output_chars,
        virtual_seconds: limits.virtual_seconds,
    };
    let started = std::time::Instant::now();
    let finished = prepared.run(&job, || {});
    let program = started.elapsed();
    let json = report::link_feedback_to_chapters(finished.finalized_report());
    let times = StageTimes {
        interpreter,
        runtime,
        program,
    };
    (RunReport::from_json(&json), times)
}

#[cfg(not(target_arch = "wasm32"))]
fn execute(job: interpreter::Job, limits: &Limits) -> String {
    watchdog::run_with_budget(job, limits.real_time)
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    /// The interpreter the next run or grading will use, built ahead of time.
    static NEXT_INTERPRETER: std::cell::RefCell<Option<interpreter::PreparedInterpreter>> =
        const { std::cell::RefCell::new(None) };
    /// The last run's interpreter, finalized when the worker is next idle.
    static LAST_RUN: std::cell::RefCell<Option<interpreter::FinishedRun>> =
        const { std::cell::RefCell::new(None) };
}

/// Cleans up after the last run and builds the interpreter the next run will
/// use, so that run starts at once. The browser calls it while the reader is
/// reading; natively each run gets its own thread and interpreter.
#[cfg(target_arch = "wasm32")]
pub fn prepare_next_run() {
    if let Some(finished) = LAST_RUN.with(|last| last.borrow_mut().take()) {
        finished.finalize();
    }
    NEXT_INTERPRETER.with(|next| {
        if next.borrow().is_none() {
            let prepared = interpreter::PreparedInterpreter::new(None);
            *next.borrow_mut() = Some(prepared);
        }
    });
}

#[cfg(target_arch = "wasm32")]
fn execute(job: interpreter::Job, _limits: &Limits) -> String {
    if let Some(finished) = LAST_RUN.with(|last| last.borrow_mut().take()) {
        finished.finalize();
    }
    let prepared = NEXT_INTERPRETER
        .with(|next| next.borrow_mut().take())
        .unwrap_or_else(|| interpreter::PreparedInterpreter::new(None));
    let finished = prepared.run(&job, || {});
    let report = finished.report.clone();
    LAST_RUN.with(|last| *last.borrow_mut() = Some(finished));
    report
}
