//! `workbook run FILE.py --feedback`: the program's output as usual, then the
//! asyncio mistakes it ran into, one a line as `LINE: RULE-ID message (see
//! CHAPTER)`. Without the flag, nothing changes.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

use workbook_sandbox::{Limits, RunReport};

fn probes() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sandbox/tests/feedback")
}

fn workbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workbook"))
        .args(args)
        .current_dir(probes())
        .output()
        .expect("the workbook binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

fn sandbox_report(name: &str) -> RunReport {
    let source = std::fs::read_to_string(probes().join(name)).expect("a probe");
    workbook_sandbox::run(&source, name, &Limits::default())
}

#[test]
fn the_flag_lists_each_finding_after_the_output() {
    let name = "blocked_by_sleep.py";
    let report = sandbox_report(name);
    assert_eq!(report.feedback.len(), 1, "{:?}", report.feedback);
    let finding = &report.feedback[0];
    assert!(!finding.chapter.is_empty());

    let output = workbook(&["run", name, "--feedback"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stderr), report.stderr);
    let expected = format!(
        "{}\nFeedback\n6: loop-blocked {} (see {})\n",
        report.stdout, finding.message, finding.chapter
    );
    assert_eq!(text(&output.stdout), expected);
}

#[test]
fn without_the_flag_the_output_is_the_programs_alone() {
    for name in [
        "blocked_by_sleep.py",
        "never_awaited.py",
        "destroyed_by_closed_loop.py",
    ] {
        let report = sandbox_report(name);
        assert!(!report.feedback.is_empty(), "{name}");
        let output = workbook(&["run", name]);
        assert_eq!(text(&output.stdout), report.stdout, "{name}");
        assert_eq!(text(&output.stderr), report.stderr, "{name}");
        assert_eq!(output.status.code(), Some(report.exit_code), "{name}");
    }
}

#[test]
fn a_clean_run_says_so() {
    let output = workbook(&["run", "asyncio_sleep.py", "--feedback"]);
    let stdout = text(&output.stdout);
    assert!(
        stdout.ends_with(
            "took 0.5s\n\nFeedback: no asyncio mistakes showed up while the program ran\n"
        ),
        "{stdout}"
    );
}

#[test]
fn the_feedback_follows_the_timeline_when_both_are_asked_for() {
    let output = workbook(&["run", "never_awaited.py", "--feedback", "--timeline"]);
    let stdout = text(&output.stdout);
    let timeline = stdout
        .find("\nTimeline (virtual seconds)\n")
        .expect("a timeline");
    let feedback = stdout
        .find("\nFeedback\n11: never-awaited ")
        .expect("the feedback");
    assert!(timeline < feedback, "{stdout}");
}
