//! The lint over every program the book and its exercises show: correct
//! programs and exercise solutions are clean, and the wrong programs give
//! exactly the findings listed here (the lesson's own mistake, where the
//! lint can see it statically).
//!
//! Run with `--nocapture` to see the report of which wrong programs give
//! which findings.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use workbook_lint::lint;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every `.py` file under `dir`, as paths relative to the repository.
fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("a readable folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "py") {
                files.push(
                    path.strip_prefix(repo())
                        .expect("inside the repo")
                        .to_path_buf(),
                );
            }
        }
    }
    files.sort();
    files
}

fn named(files: &[PathBuf], prefix: &str) -> Vec<PathBuf> {
    let matches = |path: &&PathBuf| {
        path.file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with(prefix))
    };
    files.iter().filter(matches).cloned().collect()
}

fn read(path: &Path) -> String {
    fs::read_to_string(repo().join(path)).expect("a readable program")
}

/// `(rule, the code on the finding's line)` for each finding.
fn findings_of(path: &Path) -> Vec<(String, String)> {
    let source = read(path);
    let findings = lint(&source).unwrap_or_else(|problem| {
        panic!("{}: syntax error {problem:?}", path.display());
    });
    let lines: Vec<&str> = source.lines().collect();
    findings
        .into_iter()
        .map(|finding| (finding.rule, lines[finding.line - 1].trim().to_string()))
        .collect()
}

/// Wrong programs whose mistake the lint sees, with the rule and a piece of
/// the flagged line. Every other wrong program must lint clean.
const WRONG_PROGRAMS: &[(&str, &str, &str)] = &[
    (
        "src/async-context-managers/blocking-enter/wrong.py",
        "blocking-call",
        "with Connection() as conn:",
    ),
    (
        "src/blocking-the-loop/client/wrong.py",
        "blocking-call",
        "body = get(url)",
    ),
    (
        "src/blocking-the-loop/executor/wrong.py",
        "blocking-call",
        "path = render_report(month)",
    ),
    (
        "src/blocking-the-loop/sleep/wrong.py",
        "blocking-call",
        "time.sleep(1)",
    ),
    (
        "src/bounded-concurrency/fanout/wrong.py",
        "unbounded-gather",
        "asyncio.gather(*(server.handle() for _ in range(100)))",
    ),
    (
        "src/coroutines-and-tasks/forgotten-await/wrong.py",
        "missing-await",
        "db.connect()",
    ),
    (
        "src/debugging-and-testing/never-awaited/wrong.py",
        "missing-await",
        "save(record)",
    ),
    (
        "src/ecosystem/files/wrong.py",
        "blocking-call",
        "data = f.read()",
    ),
    (
        "src/gather/swallowed/wrong.py",
        "unexamined-exceptions",
        "results = await asyncio.gather(",
    ),
    (
        "src/production/ctrl-c/wrong.py",
        "swallowed-cancellation",
        "except BaseException as error:",
    ),
    (
        "src/running-the-loop/nested/wrong.py",
        "run-inside-coroutine",
        "price = get_price(symbol)",
    ),
    (
        "src/task-lifetimes/vanishing-task/wrong.py",
        "dropped-task",
        "asyncio.create_task(audit(bus, start))",
    ),
    (
        "src/timeouts-and-cancellation/reraise/wrong.py",
        "swallowed-cancellation",
        "except asyncio.CancelledError:",
    ),
];

/// CPython refuses to compile this one; the lint must say what CPython says.
const SYNTAX_PAIR: &str = "src/running-the-loop/syntax/wrong.py";

#[test]
fn correct_programs_lint_clean() {
    let correct = named(&python_files(&repo().join("src")), "correct");
    assert!(
        correct.len() >= 80,
        "found only {} correct programs",
        correct.len()
    );
    for path in correct {
        assert_eq!(findings_of(&path), [], "{}", path.display());
    }
}

#[test]
fn wrong_programs_give_their_lessons_findings() {
    let wrong = named(&python_files(&repo().join("src")), "wrong");
    assert!(
        wrong.len() >= 80,
        "found only {} wrong programs",
        wrong.len()
    );
    let mut report = Vec::new();
    for path in &wrong {
        let shown = path.to_str().expect("a UTF-8 path");
        if shown == SYNTAX_PAIR {
            continue;
        }
        let findings = findings_of(path);
        let expected: Vec<(String, String)> = WRONG_PROGRAMS
            .iter()
            .filter(|(program, _, _)| *program == shown)
            .map(|(_, rule, code)| (rule.to_string(), code.to_string()))
            .collect();
        assert_eq!(findings.len(), expected.len(), "{shown}: {findings:?}");
        for ((rule, line), (expected_rule, fragment)) in findings.iter().zip(&expected) {
            assert_eq!(rule, expected_rule, "{shown}");
            assert!(
                line.contains(fragment.as_str()),
                "{shown}: flagged `{line}`, not `{fragment}`"
            );
        }
        let rules: Vec<&str> = findings.iter().map(|(rule, _)| rule.as_str()).collect();
        report.push(format!(
            "{shown}: {}",
            if rules.is_empty() {
                "-".to_string()
            } else {
                rules.join(", ")
            }
        ));
    }
    println!("{}", report.join("\n"));
}

#[test]
fn the_syntax_pair_reports_cpythons_error() {
    let source = read(Path::new(SYNTAX_PAIR));
    let problem = lint(&source).expect_err("CPython refuses to compile it");
    let cpython = Command::new("python3")
        .args(["-c", "import sys\ntry:\n    compile(sys.stdin.read(), 'wrong.py', 'exec')\nexcept SyntaxError as e:\n    print(e.lineno, e.offset, e.msg, sep='|')"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(source.as_bytes())?;
            child.wait_with_output()
        })
        .expect("python3 (CPython 3.11) runs");
    let expected = String::from_utf8(cpython.stdout).expect("UTF-8");
    let actual = format!("{}|{}|{}", problem.line, problem.column, problem.message);
    assert_eq!(actual, expected.trim_end());
}

#[test]
fn exercise_solutions_lint_clean_and_starters_show_the_task() {
    let exercises = python_files(&repo().join("exercises"));
    let solutions = named(&exercises, "solution");
    assert!(
        solutions.len() >= 15,
        "found only {} solutions",
        solutions.len()
    );
    for path in &solutions {
        assert_eq!(findings_of(path), [], "{}", path.display());
    }
    let mut flagged = Vec::new();
    for path in named(&exercises, "starter") {
        for (rule, _) in findings_of(&path) {
            flagged.push((path.to_str().expect("a UTF-8 path").to_string(), rule));
        }
    }
    let expected = [
        (
            "exercises/blocking-the-loop/python/starter.py",
            "blocking-call",
        ),
        (
            "exercises/running-the-loop/python/starter.py",
            "run-inside-coroutine",
        ),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(path, rule)| (path.to_string(), rule.to_string()))
        .collect();
    assert_eq!(flagged, expected);
}

/// An editor hands the lint every half-typed state of a program: none may
/// make it panic.
#[test]
fn every_prefix_of_every_program_lints_without_panicking() {
    let mut programs = python_files(&repo().join("src"));
    programs.extend(python_files(&repo().join("exercises")));
    let mut prefixes = 0;
    for path in programs {
        let source = read(&path);
        let cuts = source.char_indices().map(|(at, _)| at).filter(|at| {
            source[..*at].ends_with('\n') || (source[*at..].starts_with(' ') && at % 7 == 0)
        });
        for cut in cuts {
            let _ = lint(&source[..cut]);
            prefixes += 1;
        }
    }
    assert!(prefixes > 5_000, "only {prefixes} prefixes tried");
}
