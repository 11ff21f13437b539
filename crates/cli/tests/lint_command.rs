//! `workbook lint`: its output lines, its JSON, and its exit status
//! (0 clean, 1 findings, 2 could not lint), on the book's own programs.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Output,
};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn workbook(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_workbook"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("the workbook binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

/// The lines `lint` must print for `file`, from the library's findings.
fn expected_lines(file: &str) -> Vec<String> {
    let source = fs::read_to_string(repo_root().join(file)).expect("a readable program");
    let findings = workbook_lint::lint(&source).expect("it parses");
    findings
        .iter()
        .map(|finding| {
            let column = finding.column.expect("static findings have a column");
            format!(
                "{file}:{}:{column}: {} {} (see {})",
                finding.line, finding.rule, finding.message, finding.chapter
            )
        })
        .collect()
}

const WRONG: &str = "src/blocking-the-loop/sleep/wrong.py";
const CORRECT: &str = "src/blocking-the-loop/sleep/correct.py";
const SYNTAX: &str = "src/running-the-loop/syntax/wrong.py";

#[test]
fn a_clean_program_exits_0_and_prints_nothing() {
    let output = workbook(&["lint", CORRECT]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), "");
    assert_eq!(text(&output.stderr), "");
}

#[test]
fn findings_print_one_line_each_and_exit_1() {
    let output = workbook(&["lint", CORRECT, WRONG]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = text(&output.stdout).lines().map(str::to_string).collect();
    assert_eq!(lines, expected_lines(WRONG));
    assert!(
        lines[0].starts_with(&format!("{WRONG}:7:5: blocking-call `time.sleep(1)` ")),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].ends_with("(see blocking-the-loop/index.html#a-sleep-that-stops-the-world)"),
        "{}",
        lines[0]
    );
}

#[test]
fn json_lists_every_finding_with_its_file() {
    let fanout = "src/bounded-concurrency/fanout/wrong.py";
    let output = workbook(&["lint", "--format", "json", WRONG, fanout]);
    assert_eq!(output.status.code(), Some(1));
    let rows: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).expect("stdout is a JSON array");
    let mut expected = Vec::new();
    for file in [WRONG, fanout] {
        let source = fs::read_to_string(repo_root().join(file)).expect("readable");
        for finding in workbook_lint::lint(&source).expect("it parses") {
            let mut row = serde_json::to_value(&finding).expect("a finding serializes");
            row["file"] = file.into();
            expected.push(row);
        }
    }
    assert_eq!(rows, expected);
    assert_eq!(rows[1]["rule"], "unbounded-gather");
    let same = workbook(&["lint", "--format=json", WRONG]);
    assert_eq!(same.status.code(), Some(1));
}

#[test]
fn a_syntax_error_exits_2_with_cpythons_message() {
    let output = workbook(&["lint", SYNTAX, WRONG]);
    assert_eq!(output.status.code(), Some(2));
    let stdout = text(&output.stdout);
    let mut lines = stdout.lines();
    let source = fs::read_to_string(repo_root().join(SYNTAX)).expect("readable");
    let problem = workbook_lint::lint(&source).expect_err("CPython refuses it");
    assert_eq!(problem.message, "'await' outside async function");
    let expected = format!(
        "{SYNTAX}:{}:{}: syntax error: {}",
        problem.line, problem.column, problem.message
    );
    assert_eq!(lines.next(), Some(expected.as_str()));
    let rest: Vec<String> = lines.map(str::to_string).collect();
    assert_eq!(
        rest,
        expected_lines(WRONG),
        "the other file is still linted"
    );

    let json = workbook(&["lint", "--format", "json", SYNTAX]);
    assert_eq!(json.status.code(), Some(2));
    let rows: Vec<serde_json::Value> =
        serde_json::from_slice(&json.stdout).expect("stdout stays a JSON array");
    assert!(rows.is_empty(), "{rows:?}");
    assert!(text(&json.stderr).contains("syntax error: 'await' outside async function"));
}

#[test]
fn a_file_that_cannot_be_read_exits_2() {
    let missing = workbook(&["lint", "no/such/file.py", WRONG]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot read no/such/file.py"));
    assert_eq!(
        text(&missing.stdout)
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>(),
        expected_lines(WRONG)
    );

    let dir = std::env::temp_dir().join(format!("workbook-lint-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("a temporary folder");
    let empty = dir.join("empty.py");
    fs::write(&empty, "\n").expect("written");
    let output = workbook(&["lint", empty.to_str().expect("UTF-8 path")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("is empty"),
        "{}",
        text(&output.stderr)
    );
    fs::remove_dir_all(&dir).expect("removed");
}

#[test]
fn bad_arguments_exit_2_with_the_usage() {
    for args in [
        &["lint"][..],
        &["lint", "--format", "xml", WRONG][..],
        &["lint", "--format"][..],
    ] {
        let output = workbook(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            text(&output.stderr).contains("workbook lint FILE.py..."),
            "{args:?}"
        );
    }
}
