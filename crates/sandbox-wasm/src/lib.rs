//! The sandbox's browser entry points, for a Web Worker.
//!
//! ```js
//! import init, { run, check } from "./pkg/workbook_sandbox_wasm.js";
//! await init();
//! const report = JSON.parse(run("print('hi')", "hi.py"));
//! // report: { stdout, stderr, exit_code, timeline: [{ t, task, state }], virtual_time }
//! ```
//!
//! Both calls are synchronous, and each uses a fresh interpreter: the one
//! `prepare()` built ahead of time, or a new one. Call `prepare()` after each
//! call, when the worker is idle, so the next run skips loading asyncio. A
//! runaway program never returns: the page stops it by terminating the worker.

use wasm_bindgen::prelude::wasm_bindgen;
use workbook_sandbox::Limits;

/// Builds the interpreter the next `run` or `check` will use.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn prepare() {
    workbook_sandbox::prepare_next_run();
}

/// Runs a program; returns the run report as JSON.
#[wasm_bindgen]
pub fn run(source: &str, filename: &str) -> String {
    workbook_sandbox::run_json(source, filename, &Limits::default())
}

/// Grades an exercise attempt against its checks; returns the check report as JSON.
#[wasm_bindgen]
pub fn check(learner_source: &str, checks_source: &str) -> String {
    workbook_sandbox::grade_json(learner_source, checks_source, &Limits::default())
}
