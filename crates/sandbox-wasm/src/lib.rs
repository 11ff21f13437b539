//! The sandbox's browser entry points, for a Web Worker.
//!
//! ```js
//! import init, { run, check, lint } from "./pkg/workbook_sandbox_wasm.js";
//! await init();
//! const report = JSON.parse(run("print('hi')", "hi.py"));
//! // report: { stdout, stderr, exit_code, timeline: [{ t, task, state }], virtual_time }
//! const lints = JSON.parse(lint(source));
//! // lints: { findings: [{ rule, line, column, message, chapter }] }
//! //     or { syntax_error: { line, column, message } }
//! ```
//!
//! `lint` reads the program without running it and needs no interpreter.
//! `run` and `check` are synchronous, and each uses a fresh interpreter: the one
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

/// The static asyncio checks, without running the program; returns
/// `{"findings": [...]}` or `{"syntax_error": {...}}` as JSON.
#[wasm_bindgen]
pub fn lint(source: &str) -> String {
    let outcome = workbook_lint::Outcome::from(workbook_lint::lint(source));
    serde_json::to_string(&outcome).expect("an outcome is plain data")
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    #[test]
    fn lint_returns_findings_or_the_syntax_error_as_json() {
        let wrong = "import asyncio, time\n\nasync def main():\n    time.sleep(1)\n";
        let report: Value = serde_json::from_str(&super::lint(wrong)).unwrap();
        assert_eq!(report["findings"][0]["rule"], "blocking-call");
        assert_eq!(report["findings"][0]["line"], 4);
        let clean: Value = serde_json::from_str(&super::lint("print(1)\n")).unwrap();
        assert_eq!(clean, serde_json::json!({"findings": []}));
        let broken: Value = serde_json::from_str(&super::lint("return 1\n")).unwrap();
        assert_eq!(
            broken["syntax_error"]["message"],
            "'return' outside function"
        );
        assert_eq!(broken["syntax_error"]["line"], 1);
    }
}
