//! What a reader can throw at the sandbox without breaking it: a list too big
//! to build, ten megabytes of output, and source that once crashed
//! RustPython's compiler. Each test names the protection it checks; without
//! it the test fails. (Many runs in one process: tests/runs_in_one_process.rs.)

use std::time::{Duration, Instant};

use workbook_sandbox::{Limits, RunReport, grade, run};

/// Loading an interpreter is outside the budget, and the machine may be busy.
const GRACE: Duration = Duration::from_secs(2);

fn limits(real_time: Duration) -> Limits {
    Limits {
        real_time,
        ..Limits::default()
    }
}

fn assert_not_broken(source: &str, report: &RunReport) {
    assert!(
        matches!(report.exit_code, 0 | 1),
        "exit status {} for:\n{source}",
        report.exit_code
    );
    for broken in [
        "The sandbox crashed",
        "The sandbox failed",
        "unreadable report",
    ] {
        assert!(
            !report.stderr.contains(broken),
            "the sandbox broke on:\n{source}\nstderr: {}",
            report.stderr
        );
    }
}

/// Protection: RustPython's allocations fail with MemoryError instead of
/// aborting the process, and the real-time budget ends a list that grows in a
/// loop (without it the loop runs for about 15 s and takes 5 GB natively).
#[test]
fn a_hundred_million_element_list_ends_in_memory_error_or_the_budget() {
    let budget = Duration::from_secs(2);
    for (source, may_finish) in [
        ("x = [0] * 10**8\nprint(len(x))\n", true),
        ("x = [0] * 10**12\nprint(len(x))\n", false),
        (
            "x = []\nfor i in range(10**8):\n    x.append(i)\nprint(len(x))\n",
            false,
        ),
    ] {
        let started = Instant::now();
        let report = run(source, "big.py", &limits(budget));
        let took = started.elapsed();
        assert_not_broken(source, &report);
        let ended = if report.exit_code == 0 {
            assert!(may_finish, "{source} finished: {report:?}");
            assert_eq!(report.stdout, "100000000\n");
            "finished"
        } else if report.stderr.trim_end().ends_with("MemoryError") {
            "MemoryError"
        } else {
            assert!(
                report
                    .stderr
                    .contains("Stopped: the program ran for 2 s of real time"),
                "{source}: {}",
                report.stderr
            );
            "the budget"
        };
        println!(
            "{:?} ended with {ended} in {took:.1?}",
            source.lines().next()
        );
        assert!(
            took < budget + GRACE,
            "{source} took {took:?} with a {budget:?} budget"
        );
    }
}

/// Protection: the output limit, shared by stdout and stderr, which stops the
/// program with a message at 1,000,000 characters however they are written.
#[test]
fn ten_megabytes_of_printing_is_cut_at_the_limit_promptly() {
    const LIMIT: usize = 1_000_000;
    let notice = "Stopped: the program printed more than 1,000,000 characters.\n";
    for source in [
        "print('x' * 10**7)\n",
        "for line in range(10**4):\n    print('y' * 999)\n",
        "import sys\nsys.stdout.write('z' * 10**7)\n",
        "import sys\nprint('e' * 10**7, file=sys.stderr)\n",
        "import asyncio\nasync def spam(tag):\n    for _ in range(10**4):\n        print(tag * 999)\n        await asyncio.sleep(0)\n\
         async def main():\n    await asyncio.gather(spam('a'), spam('b'))\nasyncio.run(main())\n",
    ] {
        let started = Instant::now();
        let report = run(source, "flood.py", &Limits::default());
        let took = started.elapsed();
        assert_not_broken(source, &report);
        assert_eq!(report.exit_code, 1, "{source}");
        let stderr = report.stderr.strip_suffix(notice).unwrap_or_else(|| {
            panic!(
                "{source}: stderr does not end with the notice: {:?}",
                &report.stderr[report.stderr.len().saturating_sub(200)..]
            )
        });
        let kept = report.stdout.chars().count() + stderr.chars().count();
        assert!(
            (LIMIT - 1000..=LIMIT).contains(&kept),
            "{source}: kept {kept} characters"
        );
        println!(
            "{:?} cut at {kept} characters in {took:.1?}",
            source.lines().next()
        );
        // Well inside the 10 s budget: the limit stopped it, not the clock.
        assert!(took < Duration::from_secs(3), "{source} took {took:?}");
    }
}

/// Protection: the sandbox pads such a source's end with spaces before
/// compiling it. RustPython 0.6.0's compile() panicked (found by tests/fuzz.rs)
/// when a string literal left open ran to the end of the source and one of
/// the last bytes belonged to a non-ASCII character: natively the run came
/// back as "The sandbox crashed", in the browser the worker died.
#[test]
fn an_unclosed_string_ending_in_a_non_ascii_character_is_a_syntax_error() {
    for (source, error) in [
        (
            "print(\"café",
            "unterminated string literal (detected at line 1)",
        ),
        (
            "print('naïve €",
            "unterminated string literal (detected at line 1)",
        ),
        (
            "x = 1\nprint(\"😀",
            "unterminated string literal (detected at line 2)",
        ),
        (
            "x = b\"é",
            "unterminated string literal (detected at line 1)",
        ),
        (
            "x = \"\\é",
            "unterminated string literal (detected at line 1)",
        ),
        ("s = \"\"\"€\n", "unterminated triple-quoted string literal"),
        ("s = '''ü\n\n", "unterminated triple-quoted string literal"),
        ("x = f\"{f'{é", "SyntaxError"),
    ] {
        let report = run(source, "main.py", &Limits::default());
        assert_not_broken(source, &report);
        assert_eq!(report.exit_code, 1, "{source:?}");
        let last = report.stderr.trim_end().lines().last().unwrap_or("");
        assert!(
            last.starts_with("SyntaxError") && last.contains(error),
            "{source:?}: {}",
            report.stderr
        );
        assert!(
            report.stderr.contains("  File \"main.py\", line "),
            "{source:?}: {}",
            report.stderr
        );
    }
    let checks = "from workbook_checks import check\n@check('runs')\ndef _(learner):\n    pass\n";
    let graded = grade("print(\"café", checks, &Limits::default());
    assert!(!graded.all_passed(), "{graded:?}");
    assert!(
        graded.results[0].message.contains("SyntaxError"),
        "{graded:?}"
    );
}

/// The padding changes nothing a program that parses can see.
#[test]
fn a_program_ending_in_a_non_ascii_character_runs_as_written() {
    let report = run(
        "word = \"café\"\nprint(word, len(word))  # déjà vu",
        "main.py",
        &Limits::default(),
    );
    assert_eq!(
        (
            report.stdout.as_str(),
            report.stderr.as_str(),
            report.exit_code
        ),
        ("café 4\n", "", 0)
    );
    let report = run(
        "raise ValueError(\"née\")  # né",
        "main.py",
        &Limits::default(),
    );
    assert!(
        report
            .stderr
            .contains("\n    raise ValueError(\"née\")  # né\n"),
        "{}",
        report.stderr
    );
    assert!(
        report.stderr.ends_with("ValueError: née\n"),
        "{}",
        report.stderr
    );
}
