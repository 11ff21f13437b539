//! Programs that probe a corner of the sandbox (signals, threads handing work
//! to the loop) must print exactly what CPython prints running them on the same
//! virtual-time loop. CPython's output is produced afresh on every run.

use std::path::{Path, PathBuf};
use std::process::Command;

use workbook_sandbox::{Limits, run};

fn programs() -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/matches_cpython");
    let mut programs: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("the programs folder exists")
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
        .collect();
    programs.sort();
    programs
}

#[test]
fn every_probe_prints_what_cpython_prints() {
    let runner = Path::new(env!("CARGO_MANIFEST_DIR")).join("python/workbook_runner.py");
    let programs = programs();
    assert!(programs.len() >= 5, "the probes are missing: {programs:?}");
    let mut differences = Vec::new();
    for program in &programs {
        let source = std::fs::read_to_string(program).expect("a UTF-8 program");
        let name = program.file_name().unwrap().to_string_lossy().into_owned();
        let cpython = Command::new("python3")
            .arg(&runner)
            .arg(&name)
            .current_dir(program.parent().unwrap())
            .output()
            .expect("python3 (CPython 3.11) runs");
        let sandbox = run(&source, &name, &Limits::default());
        let expected = (
            String::from_utf8_lossy(&cpython.stdout).into_owned(),
            String::from_utf8_lossy(&cpython.stderr).into_owned(),
            cpython.status.code(),
        );
        let actual = (sandbox.stdout, sandbox.stderr, Some(sandbox.exit_code));
        if expected != actual {
            differences.push(format!(
                "{name}\n  CPython: {expected:?}\n  sandbox: {actual:?}"
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
