//! Runtime feedback: the asyncio mistakes a program runs into, reported next
//! to its output, each at the line that matters and linked to its chapter.
//!
//! The probes in `tests/feedback/` come in pairs: a program that makes one
//! mistake, and the nearest correct program, which must report nothing. Each
//! probe must also print exactly what plain CPython 3.11 prints, so watching
//! for mistakes cannot have changed the output.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use workbook_lint::Rule;
use workbook_sandbox::{Limits, RunReport, grade, run, run_json};

/// Each probe and the findings, as (rule, line), it must report.
const PROBES: &[(&str, &[(&str, usize)])] = &[
    ("never_awaited.py", &[("never-awaited", 11)]),
    ("never_awaited_at_exit.py", &[("never-awaited", 4)]),
    ("never_awaited_fixed.py", &[]),
    (
        "exception_never_retrieved.py",
        &[("exception-never-retrieved", 18)],
    ),
    ("exception_retrieved.py", &[]),
    ("destroyed_by_closed_loop.py", &[("destroyed-pending", 11)]),
    ("cancelled_before_closing.py", &[]),
    ("destroyed_by_collector.py", &[("destroyed-pending", 18)]),
    ("task_kept_and_awaited.py", &[]),
    ("blocked_by_sleep.py", &[("loop-blocked", 6)]),
    ("blocked_by_cpu.py", &[("loop-blocked", 7)]),
    ("blocked_in_callback.py", &[("loop-blocked", 6)]),
    ("asyncio_sleep.py", &[]),
    ("sleep_of_a_tenth.py", &[]),
];

fn probes_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/feedback")
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run_probe(name: &str) -> RunReport {
    let source = std::fs::read_to_string(probes_dir().join(name)).expect("a probe");
    run(&source, name, &Limits::default())
}

fn run_source(source: &str) -> RunReport {
    run(source, "main.py", &Limits::default())
}

fn rules_and_lines(report: &RunReport) -> Vec<(&str, usize)> {
    report
        .feedback
        .iter()
        .map(|finding| (finding.rule.as_str(), finding.line))
        .collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_probe_is_in_the_table() {
    let mut on_disk: Vec<String> = std::fs::read_dir(probes_dir())
        .expect("the probes folder")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".py"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = PROBES.iter().map(|(name, _)| name.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn each_probe_reports_its_mistake_at_its_line_and_its_twin_reports_nothing() {
    let mut wrong = Vec::new();
    for (name, expected) in PROBES {
        let report = run_probe(name);
        let found = rules_and_lines(&report);
        if found != *expected {
            wrong.push(format!(
                "{name}: expected {expected:?}, found {found:?}\n{:#?}",
                report.feedback
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_rule_of_the_runtime_has_a_probe_that_reports_it() {
    for rule in Rule::ALL.into_iter().filter(|rule| rule.is_runtime()) {
        assert!(
            PROBES
                .iter()
                .any(|(_, found)| found.iter().any(|(id, _)| *id == rule.id())),
            "no probe reports {}",
            rule.id()
        );
    }
}

#[test]
fn findings_link_to_the_chapter_of_their_rule() {
    for name in [
        "never_awaited.py",
        "destroyed_by_closed_loop.py",
        "blocked_by_sleep.py",
    ] {
        for finding in run_probe(name).feedback {
            let rule = Rule::from_id(&finding.rule).expect("a rule of the table");
            assert!(rule.is_runtime(), "{}", finding.rule);
            assert_eq!(finding.chapter, rule.chapter(), "{name}");
        }
    }
}

#[test]
fn the_browser_json_carries_the_chapter_links() {
    let source = std::fs::read_to_string(probes_dir().join("blocked_by_sleep.py")).unwrap();
    let json: Value = serde_json::from_str(&run_json(
        &source,
        "blocked_by_sleep.py",
        &Limits::default(),
    ))
    .expect("JSON");
    let findings = json["feedback"].as_array().expect("a feedback list");
    assert_eq!(findings.len(), 1, "{json}");
    assert_eq!(findings[0]["rule"], "loop-blocked");
    assert_eq!(findings[0]["line"], 6);
    assert_eq!(findings[0]["chapter"], Rule::LoopBlocked.chapter());
    assert_eq!(json["stdout"], "['handled 1', 'handled 2']\ntook 1.0s\n");

    let clean = std::fs::read_to_string(probes_dir().join("asyncio_sleep.py")).unwrap();
    let json: Value =
        serde_json::from_str(&run_json(&clean, "asyncio_sleep.py", &Limits::default())).unwrap();
    assert_eq!(json["feedback"], Value::Array(Vec::new()));
}

#[test]
fn messages_give_the_numbers_in_the_readers_terms() {
    let message = |name: &str| {
        let report = run_probe(name);
        assert_eq!(report.feedback.len(), 1, "{name}: {:?}", report.feedback);
        report.feedback[0].message.clone()
    };
    let blocked = message("blocked_by_sleep.py");
    for part in ["2 times", "0.5 s", "`time.sleep`", "line 6"] {
        assert!(blocked.contains(part), "{part:?} not in {blocked:?}");
    }
    let cpu = message("blocked_by_cpu.py");
    for part in ["0.3 s", "line 7", "without awaiting"] {
        assert!(cpu.contains(part), "{part:?} not in {cpu:?}");
    }
    let unawaited = message("never_awaited.py");
    for part in ["`save()`", "2 coroutines"] {
        assert!(unawaited.contains(part), "{part:?} not in {unawaited:?}");
    }
    let at_exit = message("never_awaited_at_exit.py");
    assert!(at_exit.contains("defined on this line"), "{at_exit:?}");
    let unretrieved = message("exception_never_retrieved.py");
    for part in ["2 tasks", "`send_receipt()`", "ConnectionError"] {
        assert!(
            unretrieved.contains(part),
            "{part:?} not in {unretrieved:?}"
        );
    }
    assert!(message("destroyed_by_closed_loop.py").contains("event loop was closed"));
    assert!(message("destroyed_by_collector.py").contains("nothing else referred to it"));
}

/// Plain CPython's output, with the probe folder's path taken out: `python3
/// FILE.py` names the script by its absolute path, the sandbox as given.
fn plain_cpython(name: &str) -> (String, String, Option<i32>) {
    let output = Command::new("python3")
        .arg(name)
        .current_dir(probes_dir())
        .output()
        .expect("python3 (CPython 3.11) runs");
    let folder = format!("{}/", probes_dir().canonicalize().unwrap().display());
    (
        text(&output.stdout).replace(&folder, ""),
        text(&output.stderr).replace(&folder, ""),
        output.status.code(),
    )
}

#[test]
fn every_probe_prints_what_plain_cpython_prints() {
    let mut differences = Vec::new();
    for (name, _) in PROBES {
        let expected = plain_cpython(name);
        let report = run_probe(name);
        let actual = (report.stdout, report.stderr, Some(report.exit_code));
        if expected != actual {
            differences.push(format!(
                "{name}\n  CPython: {expected:?}\n  sandbox: {actual:?}"
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// The findings CPython reports running the probe on the same virtual-time loop.
fn cpython_runner_findings(name: &str) -> Vec<(String, usize, String)> {
    let out = std::env::temp_dir().join(format!(
        "workbook-feedback-{}-{name}.json",
        std::process::id()
    ));
    let status = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("python/workbook_runner.py"))
        .arg("--feedback")
        .arg(&out)
        .arg(name)
        .current_dir(probes_dir())
        .output()
        .expect("python3 runs the runner")
        .status;
    assert!(status.code().is_some(), "{name}: the runner was killed");
    let json = std::fs::read_to_string(&out).expect("the runner wrote its feedback");
    std::fs::remove_file(&out).expect("remove the feedback file");
    let findings: Vec<Value> = serde_json::from_str(&json).expect("a JSON list");
    findings
        .iter()
        .map(|finding| {
            (
                finding["rule"].as_str().unwrap().to_owned(),
                finding["line"].as_u64().unwrap() as usize,
                finding["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn cpython_on_the_virtual_loop_reports_the_same_feedback() {
    let mut differences = Vec::new();
    for (name, _) in PROBES {
        let theirs = cpython_runner_findings(name);
        let ours: Vec<(String, usize, String)> = run_probe(name)
            .feedback
            .into_iter()
            .map(|finding| (finding.rule, finding.line, finding.message))
            .collect();
        if theirs != ours {
            differences.push(format!(
                "{name}\n  CPython: {theirs:?}\n  sandbox: {ours:?}"
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn a_step_counts_as_blocking_only_beyond_a_tenth_of_a_second() {
    let step = |body: &str| {
        run_source(&format!(
            "import asyncio, time\n\
             async def main():\n{body}\n\
             asyncio.run(main())\n"
        ))
    };
    // 0.1 s of sleep and some clock reads (10 µs each) in one step.
    let tenth = step("    for _ in range(30):\n        time.perf_counter()\n    time.sleep(0.1)");
    assert_eq!(rules_and_lines(&tenth), [], "{:?}", tenth.feedback);
    let over = step("    time.sleep(0.05)\n    time.sleep(0.052)");
    assert_eq!(rules_and_lines(&over), [("loop-blocked", 4)]);
    // Waiting between steps is not blocking, however long.
    let waits =
        step("    for _ in range(3):\n        time.sleep(0.1)\n        await asyncio.sleep(5)");
    assert_eq!(rules_and_lines(&waits), []);
}

#[test]
fn blocking_outside_any_loop_or_in_a_pool_thread_is_not_the_loops() {
    let report = run_source(
        "import asyncio, time\n\
         time.sleep(1)\n\
         async def main():\n    await asyncio.to_thread(time.sleep, 1)\n\
         asyncio.run(main())\n\
         time.sleep(1)\n",
    );
    assert_eq!(report.exit_code, 0, "{}", report.stderr);
    assert_eq!(rules_and_lines(&report), []);
}

#[test]
fn waiting_for_a_pool_inside_a_coroutine_blocks_the_loop() {
    let report = run_source(
        "import asyncio, time\nfrom concurrent.futures import ThreadPoolExecutor\n\
         async def main():\n    with ThreadPoolExecutor() as pool:\n        pool.submit(time.sleep, 0.5)\n\
         asyncio.run(main())\n",
    );
    assert_eq!(rules_and_lines(&report), [("loop-blocked", 4)]);
    assert!(
        report.feedback[0]
            .message
            .contains("ThreadPoolExecutor.shutdown"),
        "{}",
        report.feedback[0].message
    );
}

#[test]
fn a_run_the_sandbox_stops_reports_only_what_happened_before() {
    // The deadlock stops the run; asyncio's clean-up afterwards drops the
    // coroutine below unawaited, which CPython, hung, would never get to.
    let report = run_source(
        "import asyncio\n\
         async def later():\n    pass\n\
         async def main():\n    coro = later()\n    await asyncio.get_running_loop().create_future()\n\
         asyncio.run(main())\n",
    );
    assert!(report.stderr.contains("Deadlock"), "{}", report.stderr);
    assert_eq!(rules_and_lines(&report), []);
}

/// Every `correct.py` of the book's pairs, relative to the repository.
fn correct_programs() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![repo_root().join("src")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("correct"))
                && path.extension().is_some_and(|ext| ext == "py")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    assert!(found.len() >= 40, "expected the book's pairs: {found:?}");
    found
}

fn run_book_program(relative: &str) -> RunReport {
    let path = repo_root().join(relative);
    let source = std::fs::read_to_string(&path).expect("a book program");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    run(&source, &name, &Limits::default())
}

/// The correct programs that block the loop on purpose: each shows how a
/// blocked loop is noticed (a lag monitor, debug mode's slow-step report).
const CORRECT_AND_BLOCKING_ON_PURPOSE: &[(&str, &[(&str, usize)])] = &[
    (
        "src/blocking-the-loop/lag-monitor/correct.py",
        &[("loop-blocked", 8)],
    ),
    (
        "src/debugging-and-testing/slow-callback/correct.py",
        &[("loop-blocked", 8)],
    ),
];

#[test]
fn the_books_correct_programs_report_nothing_but_their_demonstrations() {
    let root = repo_root().canonicalize().unwrap();
    let mut unexpected = Vec::new();
    for path in correct_programs() {
        let relative = path
            .canonicalize()
            .unwrap()
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let report = run_book_program(&relative);
        let expected = CORRECT_AND_BLOCKING_ON_PURPOSE
            .iter()
            .find(|(program, _)| *program == relative)
            .map_or(&[][..], |(_, findings)| *findings);
        if rules_and_lines(&report) != expected {
            unexpected.push(format!("{relative}: {:#?}", report.feedback));
        }
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}

#[test]
fn each_runtime_rules_chapter_example_reports_its_rule() {
    let examples = [
        (
            "src/debugging-and-testing/never-awaited/wrong.py",
            "never-awaited",
            23,
        ),
        (
            "src/task-lifetimes/never-retrieved/wrong.py",
            "exception-never-retrieved",
            8,
        ),
        (
            "src/task-lifetimes/vanishing-task/wrong.py",
            "destroyed-pending",
            33,
        ),
        ("src/blocking-the-loop/sleep/wrong.py", "loop-blocked", 7),
    ];
    for (program, rule, line) in examples {
        let report = run_book_program(program);
        assert_eq!(rules_and_lines(&report), [(rule, line)], "{program}");
    }
}

#[test]
fn grading_reports_what_the_learners_code_ran_into() {
    let exercise = repo_root().join("exercises/blocking-the-loop/python");
    let checks = std::fs::read_to_string(exercise.join("checks.py")).unwrap();
    let starter = std::fs::read_to_string(exercise.join("starter.py")).unwrap();
    let report = grade(&starter, &checks, &Limits::default());
    assert!(!report.all_passed());
    let found: Vec<(&str, usize)> = report
        .feedback
        .iter()
        .map(|finding| (finding.rule.as_str(), finding.line))
        .collect();
    // legacy_fetch's time.sleep, in exercise.py, called straight from the coroutine.
    assert_eq!(found, [("loop-blocked", 8)], "{:#?}", report.feedback);
    assert_eq!(report.feedback[0].chapter, Rule::LoopBlocked.chapter());

    let solution = std::fs::read_to_string(exercise.join("solution.py")).unwrap();
    let report = grade(&solution, &checks, &Limits::default());
    assert!(report.all_passed(), "{:#?}", report.results);
    assert_eq!(report.feedback, []);
}
