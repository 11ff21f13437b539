//! Every program the book shows, run through the `workbook` CLI:
//!
//! - its output matches the committed `.stdout` / `.stderr` files the chapter
//!   includes (regenerate them with `WORKBOOK_BLESS=1 cargo test -p workbook`);
//! - CPython 3.11 running the same file on the same virtual-time loop prints
//!   the same stdout and exits with the same status;
//! - every exercise's starter fails its checks and its solution passes them.
//!
//! A pair whose folder holds `needs-real-threads.txt` needs OS threads that
//! talk to the loop, which the sandbox lacks. Its committed output is what
//! plain CPython prints with real threads and real time, checked afresh on
//! every run; the sandbox must print that same output or stop with its
//! "needs real threads" message, never anything else.

use std::{
    fs,
    path::{Path, PathBuf},
    process::{Command, Output},
};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn workbook(args: &[&str]) -> Output {
    workbook_in(&repo_root(), args)
}

fn workbook_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workbook"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the workbook binary runs")
}

/// A book program's folder and file name. Programs run from their own folder,
/// as a reader would run them, so tracebacks name `wrong.py` as the page does.
fn split(program: &str) -> (PathBuf, String) {
    let path = repo_root().join(program);
    let name = path
        .file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned();
    (path.parent().expect("a folder").to_path_buf(), name)
}

fn run_in_sandbox(program: &str) -> Output {
    let (dir, name) = split(program);
    workbook_in(&dir, &["run", &name])
}

/// Every `wrong.py` / `correct.py` under `src/`, as paths relative to the repo.
fn book_programs() -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![repo_root().join("src")];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("src/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if matches!(
                path.file_name().and_then(|name| name.to_str()),
                Some("wrong.py" | "correct.py")
            ) {
                let relative = path.strip_prefix(repo_root()).expect("under the repo");
                found.push(relative.to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    assert!(
        found.len() >= 6,
        "expected the book's pairs, found {found:?}"
    );
    found
}

/// The marker file of a pair that needs real threads.
const REAL_THREADS_MARKER: &str = "needs-real-threads.txt";

/// The sandbox's first words when a program needs real threads.
const REAL_THREADS_STOP: &str = "This program needs real threads";

fn needs_real_threads(program: &str) -> bool {
    let (dir, _) = split(program);
    dir.join(REAL_THREADS_MARKER).is_file()
}

/// The program run by plain CPython, with real threads and real time.
fn cpython_with_real_threads(program: &str) -> Output {
    let (dir, name) = split(program);
    Command::new("python3")
        .arg(name)
        .current_dir(dir)
        .output()
        .expect("python3 (CPython 3.11) is installed")
}

/// What the page shows for a program: the sandbox's output, or CPython's for
/// a program that needs real threads.
fn shown_output(program: &str) -> Output {
    if needs_real_threads(program) {
        cpython_with_real_threads(program)
    } else {
        run_in_sandbox(program)
    }
}

fn golden_path(program: &str, stream: &str) -> PathBuf {
    repo_root().join(program.replace(".py", &format!(".{stream}")))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

#[test]
fn every_program_prints_its_committed_output() {
    let bless = std::env::var_os("WORKBOOK_BLESS").is_some();
    let mut drifted = Vec::new();
    for program in book_programs() {
        let output = shown_output(&program);
        let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
        let stdout_path = golden_path(&program, "stdout");
        let stderr_path = golden_path(&program, "stderr");
        if bless {
            fs::write(&stdout_path, &stdout).expect("write .stdout");
            if stderr.is_empty() {
                let _ = fs::remove_file(&stderr_path);
            } else {
                fs::write(&stderr_path, &stderr).expect("write .stderr");
            }
            continue;
        }
        let committed_stdout = fs::read_to_string(&stdout_path).unwrap_or_default();
        let committed_stderr = fs::read_to_string(&stderr_path).unwrap_or_default();
        if stdout != committed_stdout || stderr != committed_stderr {
            drifted.push(format!(
                "{program}\n--- committed stdout\n{committed_stdout}--- sandbox stdout\n{stdout}\
                 --- committed stderr\n{committed_stderr}--- sandbox stderr\n{stderr}"
            ));
        }
    }
    assert!(
        drifted.is_empty(),
        "outputs drifted (rerun with WORKBOOK_BLESS=1 if the change is intended):\n{}",
        drifted.join("\n")
    );
}

fn cpython(program: &str) -> Output {
    let (dir, name) = split(program);
    Command::new("python3")
        .arg(repo_root().join("crates/sandbox/python/workbook_runner.py"))
        .arg(name)
        .current_dir(dir)
        .output()
        .expect("python3 (CPython 3.11) is installed")
}

/// The exception line a traceback ends with, or the whole message otherwise.
fn last_line(stderr: &str) -> &str {
    stderr.trim_end().lines().last().unwrap_or("")
}

#[test]
fn cpython_prints_what_the_sandbox_prints() {
    let version = Command::new("python3")
        .arg("--version")
        .output()
        .expect("python3");
    assert!(
        text(&version.stdout).starts_with("Python 3.11"),
        "the reference interpreter must be CPython 3.11, found {}",
        text(&version.stdout)
    );
    let mut differences = Vec::new();
    for program in book_programs() {
        let ours = run_in_sandbox(&program);
        let threaded = needs_real_threads(&program);
        let theirs = if threaded {
            cpython_with_real_threads(&program)
        } else {
            cpython(&program)
        };
        // Stopping honestly, after printing only what CPython prints first, is
        // the sandbox's other allowed answer for a threaded program.
        if threaded
            && ours.status.code() == Some(1)
            && last_line(&text(&ours.stderr)).starts_with(REAL_THREADS_STOP)
            && theirs.stdout.starts_with(&ours.stdout)
        {
            continue;
        }
        let (our_err, their_err) = (text(&ours.stderr), text(&theirs.stderr));
        if ours.stdout != theirs.stdout
            || ours.status.code() != theirs.status.code()
            || last_line(&our_err) != last_line(&their_err)
        {
            differences.push(format!(
                "{program}\n--- CPython ({:?})\n{}{their_err}--- sandbox ({:?})\n{}{our_err}",
                theirs.status.code(),
                text(&theirs.stdout),
                ours.status.code(),
                text(&ours.stdout),
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "CPython and the sandbox disagree:\n{}",
        differences.join("\n")
    );
}

fn exercises() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(repo_root().join("exercises"))
        .expect("exercises/ is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.join("python/checks.py").is_file())
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no exercises found");
    found
}

#[test]
fn every_python_starter_fails_and_every_solution_passes() {
    for exercise in exercises() {
        let dir = exercise.to_string_lossy().into_owned();
        let starter = workbook(&["grade", &dir]);
        assert_eq!(
            starter.status.code(),
            Some(1),
            "{dir}: the starter must fail a check\n{}",
            text(&starter.stdout)
        );
        assert!(
            text(&starter.stdout).contains("FAIL"),
            "{}",
            text(&starter.stdout)
        );
        let solution_path = exercise.join("python/solution.py");
        let solution = workbook(&["grade", &dir, &solution_path.to_string_lossy()]);
        assert_eq!(
            solution.status.code(),
            Some(0),
            "{dir}: the solution must pass every check\n{}{}",
            text(&solution.stdout),
            text(&solution.stderr)
        );
        assert!(!text(&solution.stdout).contains("FAIL"));
    }
}

#[test]
fn the_cli_explains_bad_input_and_exits_2() {
    let missing = workbook(&["run", "no/such/file.py"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot read no/such/file.py"));
    let usage = workbook(&["frobnicate"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(text(&usage.stderr).contains("usage:"));
    let not_python = workbook(&["run", "src"]);
    assert_eq!(not_python.status.code(), Some(2));
    assert!(text(&not_python.stderr).contains("is a directory"));

    let scratch = std::env::temp_dir().join(format!("workbook-cli-{}", std::process::id()));
    fs::create_dir_all(&scratch).expect("a scratch folder");
    let bad_files: [(&str, Vec<u8>, &str); 3] = [
        (
            "empty.py",
            b"  \n\n".to_vec(),
            "empty.py is empty: there is no program in it to run",
        ),
        (
            "huge.py",
            vec![b'#'; 50 * 1024 * 1024],
            "huge.py is 52428800 bytes; the sandbox takes programs up to 1000000 bytes",
        ),
        (
            "latin1.py",
            b"print('caf\xe9')\n".to_vec(),
            "latin1.py is not valid UTF-8 (the byte at offset 10 is not): save it as UTF-8",
        ),
    ];
    for (name, bytes, message) in bad_files {
        fs::write(scratch.join(name), bytes).expect("write a bad file");
        let output = workbook_in(&scratch, &["run", name]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert_eq!(
            text(&output.stderr).trim_end(),
            format!("workbook: {message}")
        );
    }
    // NUL bytes are the program's error, as CPython reports it, not the CLI's.
    fs::write(scratch.join("nul.py"), b"print('a')\x00\n").expect("write nul.py");
    let nul = workbook_in(&scratch, &["run", "nul.py"]);
    assert_eq!(nul.status.code(), Some(1));
    assert!(
        text(&nul.stderr).contains("SyntaxError: source code string cannot contain null bytes"),
        "{}",
        text(&nul.stderr)
    );
    fs::remove_dir_all(&scratch).expect("remove the scratch folder");
}

#[test]
fn the_timeline_flag_prints_each_task_after_the_output() {
    let output = workbook(&["run", "src/blocking-the-loop/sleep/wrong.py", "--timeline"]);
    let stdout = text(&output.stdout);
    let (program_output, timeline) = stdout
        .split_once("\nTimeline (virtual seconds)\n")
        .expect("a timeline after the output");
    assert!(program_output.contains("total: 3.00s"), "{stdout}");
    assert!(timeline.contains("Task-2  handle()"), "{timeline}");
    assert!(timeline.contains("blocked in time.sleep"), "{timeline}");
}
