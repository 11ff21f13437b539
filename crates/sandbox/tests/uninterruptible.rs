//! Programs that never see the budget's interruption still get a report in
//! time. Natively the watchdog stops a program by raising inside its Python
//! code, and some loops run none of it: one inside a built-in function, or in
//! a `__del__` method run after the program's module is cleared. Without the
//! watchdog giving up on them, `run` never returned.
//!
//! One test, in a file of its own, in order: the threads it leaves behind
//! (a loop inside a built-in runs until the process ends) slow no other test
//! and are counted before that.

use std::{
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use workbook_sandbox::{Limits, RunReport, run};

const BUDGET: Duration = Duration::from_secs(1);
/// The watchdog's wait for a stopped program, then loading and a busy machine.
const GIVE_UP_AND_GRACE: Duration = Duration::from_secs(4);
const STOPPED: &str = "Stopped: the program ran for 1 s of real time without finishing";

/// `run`, on a thread of its own so that a hang fails the test instead.
fn run_or_hang(source: &'static str) -> (RunReport, Duration) {
    let (sender, receiver) = mpsc::channel();
    let started = Instant::now();
    thread::spawn(move || {
        let limits = Limits {
            real_time: BUDGET,
            ..Limits::default()
        };
        let _ = sender.send(run(source, "stuck.py", &limits));
    });
    let report = receiver
        .recv_timeout(BUDGET + GIVE_UP_AND_GRACE + Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("run() did not return for:\n{source}"));
    (report, started.elapsed())
}

/// Threads running an interpreter (or its reaper) in this process.
fn sandbox_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|tasks| {
            tasks
                .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
                .filter(|name| name.starts_with("workbook-sandbo"))
                .count()
        })
        .unwrap_or(0)
}

/// The watchdog's patience with an interpreter still finalizing, and more.
const FINALIZING: Duration = Duration::from_secs(8);

fn wait_for_no_sandbox_threads(after: &str) {
    let until = Instant::now() + FINALIZING;
    while sandbox_threads() > 0 {
        assert!(
            Instant::now() < until,
            "{} sandbox threads still run {FINALIZING:?} after:\n{after}",
            sandbox_threads()
        );
        thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn programs_that_ignore_the_stop_still_end_in_time() {
    // Python code the stop cannot tell from the sandbox's own: reported in
    // time, then ended in the background.
    let del_loop = "class Stubborn:\n    def __del__(self):\n        while True:\n            pass\nkept = Stubborn()\nprint('made')\n";
    let (report, took) = run_or_hang(del_loop);
    assert_eq!(report.exit_code, 1, "{report:?}");
    assert!(
        report.stderr.starts_with(STOPPED) && report.stderr.contains("did not respond"),
        "{}",
        report.stderr
    );
    assert!(took < BUDGET + GIVE_UP_AND_GRACE, "took {took:?}");
    wait_for_no_sandbox_threads(del_loop);

    // An atexit function runs as the interpreter is finalized, after the
    // program's report is made.
    let atexit_loop = "import atexit\ndef spin():\n    while True:\n        pass\natexit.register(spin)\nprint('registered')\n";
    let (report, took) = run_or_hang(atexit_loop);
    assert_eq!(
        (report.stdout.as_str(), report.exit_code),
        ("registered\n", 0)
    );
    assert!(took < BUDGET + GIVE_UP_AND_GRACE, "took {took:?}");
    wait_for_no_sandbox_threads(atexit_loop);

    // Nothing left behind takes the flag the next stop needs.
    for _ in 0..3 {
        let (report, took) = run_or_hang("print('looping')\nwhile True:\n    pass\n");
        assert_eq!(
            (report.stdout.as_str(), report.stderr.as_str()),
            ("looping\n", &*format!("{STOPPED} (an endless loop?).\n"))
        );
        assert!(took < BUDGET + Duration::from_secs(2), "took {took:?}");
    }

    // Loops inside built-in functions: reported in time, left running.
    for source in [
        "import itertools\nprint('before')\nprint(sum(itertools.count()))\n",
        "import itertools\nprint(any(itertools.repeat(0)))\n",
    ] {
        let (report, took) = run_or_hang(source);
        assert_eq!(report.exit_code, 1, "{source}\n{report:?}");
        assert!(
            report.stderr.starts_with(STOPPED),
            "{source}\n{}",
            report.stderr
        );
        assert!(took < BUDGET + GIVE_UP_AND_GRACE, "{source} took {took:?}");
    }
}
