//! Two hundred runs in one process, each as if it were the first: the native
//! side of "no state leaks" (tests/sandbox.rs checks two runs, the browser's
//! endurance test a thousand in one page).
//!
//! Protection: every run gets a fresh interpreter. In a file of its own
//! because each run leaves about 7 MB behind in the process (RustPython does
//! not free all of an interpreter: PEP 683 immortal objects, leaked method
//! definitions), over a gigabyte by the end, which no other test should share.
//! A thousand runs (7 GB) is more than a test machine should give one test.

use std::time::Instant;

use workbook_sandbox::{Limits, run};

const RUNS: usize = 200;

/// Leaves a global, a sys.modules entry, an attribute on builtins and a
/// class behind, and reports any it finds.
const PROBE: &str = "import builtins, sys
print(globals().get('left_by_the_last_run', 'clean'), 'left_module' in sys.modules,
      hasattr(builtins, 'left_builtin'),
      [kind.__name__ for kind in object.__subclasses__() if kind.__name__ == 'LeftClass'])
left_by_the_last_run = 'leaked'
sys.modules['left_module'] = sys
builtins.left_builtin = True
class LeftClass:
    pass
";

#[test]
fn two_hundred_runs_in_one_process_see_nothing_of_each_other() {
    let started = Instant::now();
    let mut resident = Vec::new();
    for run_number in 1..=RUNS {
        let report = run(PROBE, "probe.py", &Limits::default());
        assert_eq!(
            report.stdout, "clean False False []\n",
            "run {run_number} saw an earlier run's state; stderr: {}",
            report.stderr
        );
        if run_number % 50 == 0 {
            resident.push(resident_megabytes());
        }
    }
    println!(
        "{RUNS} runs in {:.1?}; resident memory after every 50 runs: {resident:?} MB",
        started.elapsed()
    );
}

/// The process's resident set, from /proc (0 where there is none).
fn resident_megabytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|field| field.parse().ok())
        .unwrap_or(0);
    pages * 4096 / 1_000_000
}
