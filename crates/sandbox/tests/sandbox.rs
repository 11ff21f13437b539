//! The sandbox's promises, each checked on a small program: virtual time,
//! simulated pools, deadlock and runaway detection, errors CPython-style.

use std::time::{Duration, Instant};

use workbook_sandbox::{Limits, RunReport, grade, run};

fn run_program(source: &str) -> RunReport {
    run(source, "main.py", &Limits::default())
}

fn states_of<'a>(report: &'a RunReport, task: &str) -> Vec<&'a str> {
    report
        .timeline
        .iter()
        .filter(|event| event.task == task)
        .map(|event| event.state.as_str())
        .collect()
}

#[test]
fn asyncio_sleep_takes_virtual_time_not_real_time() {
    let started = Instant::now();
    let report = run_program(
        "import asyncio, time\n\
         async def main():\n    start = time.monotonic()\n    await asyncio.sleep(10)\n    print(round(time.monotonic() - start, 1))\n\
         asyncio.run(main())\n",
    );
    assert_eq!(report.stdout, "10.0\n", "stderr: {}", report.stderr);
    assert_eq!(report.exit_code, 0);
    assert!(report.virtual_time >= 10.0);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the sleep was real"
    );
}

#[test]
fn every_clock_follows_virtual_time() {
    let report = run_program(
        "import asyncio, time\n\
         async def main():\n    loop = asyncio.get_running_loop()\n    marks = [time.time(), time.monotonic(), time.perf_counter(), loop.time()]\n    await asyncio.sleep(2.5)\n    later = [time.time(), time.monotonic(), time.perf_counter(), loop.time()]\n    print([round(b - a, 2) for a, b in zip(marks, later)])\n\
         asyncio.run(main())\n",
    );
    assert_eq!(
        report.stdout, "[2.5, 2.5, 2.5, 2.5]\n",
        "stderr: {}",
        report.stderr
    );
}

#[test]
fn time_sleep_blocks_the_loop_and_shows_as_blocked() {
    let report = run_program(
        "import asyncio, time\n\
         async def handler():\n    time.sleep(1)\n\
         async def main():\n    start = time.perf_counter()\n    await asyncio.gather(handler(), handler(), handler())\n    print(f'{time.perf_counter() - start:.2f}')\n\
         asyncio.run(main())\n",
    );
    assert_eq!(report.stdout, "3.00\n", "stderr: {}", report.stderr);
    assert_eq!(
        states_of(&report, "Task-2"),
        ["created", "running", "blocked", "running", "done"]
    );
    let blocked = report
        .timeline
        .iter()
        .find(|event| event.state == "blocked")
        .expect("a blocked event");
    assert_eq!(blocked.call.as_deref(), Some("time.sleep"));
}

#[test]
fn a_pool_of_four_runs_four_blocking_calls_at_once() {
    let report = run_program(
        "import asyncio, time\nfrom concurrent.futures import ThreadPoolExecutor\n\
         def legacy(i):\n    time.sleep(0.2)\n    return i\n\
         async def main():\n    loop = asyncio.get_running_loop()\n    start = time.perf_counter()\n    with ThreadPoolExecutor(max_workers=4) as pool:\n        got = await asyncio.gather(*(loop.run_in_executor(pool, legacy, i) for i in range(4)))\n    print(got, f'{time.perf_counter() - start:.2f}')\n    start = time.perf_counter()\n    await asyncio.gather(*(asyncio.to_thread(legacy, i) for i in range(8)))\n    print(f'{time.perf_counter() - start:.2f}')\n\
         asyncio.run(main())\n",
    );
    // Eight to_thread calls share the default pool of min(32, cpu_count + 4) = 8 workers.
    assert_eq!(
        report.stdout, "[0, 1, 2, 3] 0.20\n0.20\n",
        "stderr: {}",
        report.stderr
    );
    assert!(
        report
            .timeline
            .iter()
            .any(|event| event.task == "ThreadPoolExecutor-0_3"
                && event.kind.as_deref() == Some("thread"))
    );
}

#[test]
fn a_deadlock_stops_at_once_and_names_the_waiting_tasks() {
    let report = run_program(
        "import asyncio\n\
         async def main():\n    never = asyncio.Event()\n    waiter = asyncio.create_task(never.wait(), name='waiter')\n    await waiter\n\
         asyncio.run(main())\n",
    );
    assert_eq!(report.exit_code, 1);
    assert!(report.stderr.starts_with("Deadlock:"), "{}", report.stderr);
    assert!(
        report
            .stderr
            .contains("Task-1 (main) is waiting in main() at line 5: await waiter"),
        "{}",
        report.stderr
    );
    assert!(
        report.stderr.contains("waiter (Event.wait)"),
        "{}",
        report.stderr
    );
}

#[test]
fn an_endless_loop_ends_when_its_budget_is_spent() {
    let limits = Limits {
        real_time: Duration::from_millis(500),
        ..Limits::default()
    };
    let started = Instant::now();
    let report = run(
        "print('before')\nwhile True:\n    pass\n",
        "loop.py",
        &limits,
    );
    assert_eq!(report.stdout, "before\n");
    assert_eq!(report.exit_code, 1);
    assert!(
        report.stderr.contains("Stopped: the program ran for 0.5 s"),
        "{}",
        report.stderr
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_program_that_catches_the_stop_is_stopped_again() {
    let limits = Limits {
        real_time: Duration::from_millis(300),
        ..Limits::default()
    };
    let report = run(
        "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n",
        "stubborn.py",
        &limits,
    );
    assert_eq!(report.exit_code, 1);
    assert!(report.stderr.contains("Stopped:"), "{}", report.stderr);
}

#[test]
fn waiting_forever_in_virtual_time_hits_the_virtual_limit() {
    let report = run_program(
        "import asyncio\nasync def main():\n    while True:\n        await asyncio.sleep(60)\nasyncio.run(main())\n",
    );
    assert_eq!(report.exit_code, 1);
    assert!(
        report
            .stderr
            .contains("waited more than 3600 s of virtual time"),
        "{}",
        report.stderr
    );
}

#[test]
fn deep_recursion_raises_recursion_error() {
    let report = run_program("def f(n):\n    return f(n + 1)\nf(0)\n");
    assert_eq!(report.exit_code, 1);
    assert!(
        report
            .stderr
            .trim_end()
            .ends_with("maximum recursion depth exceeded"),
        "{}",
        report.stderr
    );
}

#[test]
fn huge_output_is_cut_at_the_limit_with_a_message() {
    let report = run_program("while True:\n    print('x' * 1000)\n");
    assert_eq!(report.exit_code, 1);
    assert!(report.stdout.len() <= 1_000_000);
    assert!(report.stdout.len() > 900_000);
    assert!(
        report
            .stderr
            .contains("printed more than 1,000,000 characters"),
        "{}",
        report.stderr
    );
}

#[test]
fn a_syntax_error_is_reported_as_cpython_does() {
    let report = run_program("print('ok')\ndef broken(:\n    pass\n");
    assert_eq!(report.exit_code, 1);
    assert_eq!(report.stdout, "");
    assert!(
        report.stderr.contains("File \"main.py\", line 2"),
        "{}",
        report.stderr
    );
    assert!(report.stderr.contains("SyntaxError"), "{}", report.stderr);
}

#[test]
fn an_uncaught_exception_prints_a_traceback_and_exits_1() {
    let report = run_program("def fail():\n    raise ValueError('bad value')\nfail()\n");
    assert_eq!(report.exit_code, 1);
    assert!(
        report
            .stderr
            .starts_with("Traceback (most recent call last):\n")
    );
    assert!(
        report
            .stderr
            .contains("  File \"main.py\", line 3, in <module>\n    fail()\n")
    );
    assert!(
        report.stderr.ends_with("ValueError: bad value\n"),
        "{}",
        report.stderr
    );
}

#[test]
fn sys_exit_sets_the_exit_status() {
    let report = run_program("import sys\nprint('bye')\nsys.exit(3)\n");
    assert_eq!((report.stdout.as_str(), report.exit_code), ("bye\n", 3));
}

#[test]
fn nothing_leaks_from_one_run_into_the_next() {
    let first = run_program("import sys\nleaked = 1\nsys.modules['planted'] = sys\nprint('set')\n");
    assert_eq!(first.stdout, "set\n");
    let second =
        run_program("import sys\nprint('leaked' in globals(), 'planted' in sys.modules)\n");
    assert_eq!(second.stdout, "False False\n", "stderr: {}", second.stderr);
}

#[test]
fn taskgroup_timeout_and_except_star_work_on_virtual_time() {
    let report = run_program(
        "import asyncio\n\
         async def boom():\n    await asyncio.sleep(0.3)\n    raise ValueError('x')\n\
         async def main():\n    start = asyncio.get_running_loop().time()\n    try:\n        async with asyncio.timeout(5):\n            async with asyncio.TaskGroup() as group:\n                group.create_task(asyncio.sleep(1))\n                group.create_task(boom())\n    except* ValueError as errors:\n        print('caught', errors.exceptions, round(asyncio.get_running_loop().time() - start, 1))\n\
         asyncio.run(main())\n",
    );
    assert_eq!(
        report.stdout, "caught (ValueError('x'),) 0.3\n",
        "stderr: {}",
        report.stderr
    );
    assert_eq!(states_of(&report, "Task-2").last(), Some(&"cancelled"));
    assert_eq!(states_of(&report, "Task-3").last(), Some(&"failed"));
}

#[test]
fn grading_reports_each_check() {
    let checks = "from workbook_checks import check\n\
         @check('doubles')\ndef _(learner):\n    assert learner.double(2) == 4, f'double(2) gave {learner.double(2)}'\n\
         @check('is async')\nasync def _(learner):\n    assert await learner.later() == 1, 'later() should return 1'\n";
    let wrong = grade(
        "def double(x):\n    return x + 1\nasync def later():\n    return 1\n",
        checks,
        &Limits::default(),
    );
    assert_eq!(wrong.results.len(), 2);
    assert!(!wrong.results[0].passed);
    assert_eq!(wrong.results[0].message, "double(2) gave 3");
    assert!(wrong.results[1].passed);
    assert!(!wrong.all_passed());
    let right = grade(
        "def double(x):\n    return x * 2\nasync def later():\n    return 1\n",
        checks,
        &Limits::default(),
    );
    assert!(right.all_passed(), "{right:?}");
    let broken = grade("def double(x:\n", checks, &Limits::default());
    assert!(!broken.all_passed());
    assert!(
        broken.results[0].message.contains("SyntaxError"),
        "{broken:?}"
    );
}

#[test]
fn a_loop_made_by_hand_runs_on_virtual_time_too() {
    let report = run_program(
        "import asyncio, time\n\
         loop = asyncio.new_event_loop()\n\
         start = time.monotonic()\n\
         loop.call_later(5, lambda: print('later', round(loop.time() - start, 3)))\n\
         loop.run_until_complete(asyncio.sleep(7))\n\
         loop.close()\n\
         print(round(time.monotonic() - start, 1), type(loop).__name__)\n",
    );
    assert_eq!(
        report.stdout, "later 5.0\n7.0 VirtualEventLoop\n",
        "stderr: {}",
        report.stderr
    );
}

#[test]
fn a_thread_waiting_on_the_loop_is_reported_not_faked() {
    let report = run_program(
        "import asyncio\n\
         async def price():\n    await asyncio.sleep(0.5)\n    return 189\n\
         def worker(loop):\n    return asyncio.run_coroutine_threadsafe(price(), loop).result()\n\
         async def main():\n    print(await asyncio.to_thread(worker, asyncio.get_running_loop()))\n\
         asyncio.run(main())\n",
    );
    assert_eq!(report.exit_code, 1);
    assert_eq!(report.stdout, "", "no made-up result");
    assert!(
        report.stderr.starts_with("This program needs real threads"),
        "{}",
        report.stderr
    );
    assert!(!report.stderr.contains("TimeoutError"), "{}", report.stderr);
}

#[test]
fn starting_an_os_thread_is_reported_not_run_inline() {
    let report = run_program(
        "import threading\n\
         def work():\n    print('in the thread')\n\
         threading.Thread(target=work, name='reporter').start()\n\
         print('after start')\n",
    );
    assert_eq!(report.exit_code, 1);
    assert_eq!(report.stdout, "", "the thread must not run inside start()");
    assert!(
        report
            .stderr
            .starts_with("This program needs real threads, which the sandbox does not have: it starts an OS thread (reporter)"),
        "{}",
        report.stderr
    );
}

#[test]
fn a_worker_thread_calling_call_soon_is_reported_not_faked() {
    let report = run_program(
        "import asyncio\n\
         def worker(loop, queue):\n    queue.put_nowait('job')\n\
         async def main():\n    queue = asyncio.Queue()\n    getter = asyncio.create_task(queue.get())\n    await asyncio.sleep(0)\n    await asyncio.to_thread(worker, asyncio.get_running_loop(), queue)\n    print(await getter)\n\
         asyncio.run(main())\n",
    );
    assert_eq!(report.exit_code, 1);
    assert_eq!(report.stdout, "");
    assert!(
        report
            .stderr
            .contains("calls a loop method such as call_soon()"),
        "{}",
        report.stderr
    );
}

#[test]
fn sigterm_without_a_handler_ends_the_program_and_its_output() {
    let report = run_program(
        "import os, signal\n\
         print('before')\n\
         try:\n    os.kill(os.getpid(), signal.SIGTERM)\nfinally:\n    print('a killed process never gets here')\n",
    );
    assert_eq!(report.exit_code, 1);
    assert_eq!(report.stdout, "before\n");
    assert!(
        report.stderr.starts_with("Terminated by SIGTERM"),
        "{}",
        report.stderr
    );
}

#[test]
fn a_signal_to_another_process_is_refused() {
    let report = run_program(
        "import os, signal\n\
         try:\n    os.kill(4242, signal.SIGTERM)\nexcept ProcessLookupError as error:\n    print(type(error).__name__, error.errno)\n",
    );
    assert_eq!(report.stdout, "ProcessLookupError 3\n", "{}", report.stderr);
}

#[test]
fn a_standard_module_left_out_says_so_and_an_unknown_one_reads_as_in_cpython() {
    let left_out = run_program("import csv\n");
    assert_eq!(left_out.exit_code, 1);
    assert!(
        left_out.stderr.trim_end().ends_with(
            "ModuleNotFoundError: No module named 'csv': the sandbox ships only part of the \
             standard library, and this module is not in it. Run the program with CPython to use it."
        ),
        "{}",
        left_out.stderr
    );
    let unknown = run_program("import aiohttp\n");
    assert!(
        unknown
            .stderr
            .trim_end()
            .ends_with("ModuleNotFoundError: No module named 'aiohttp'"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn the_modules_a_reader_reaches_for_are_shipped() {
    let report = run_program(
        "import asyncio, json, random, dataclasses, typing, logging, unittest.mock, decimal, \
         datetime, statistics, fractions, queue, contextlib, functools, itertools, collections, \
         concurrent.futures, uuid, base64, textwrap\n\
         print('ok')\n",
    );
    assert_eq!(report.stdout, "ok\n", "{}", report.stderr);
}

#[test]
fn nothing_printed_after_a_stop_reaches_the_output() {
    // After the stop, asyncio.run cancels the waiting task, whose handler
    // prints: a line CPython (blocked or hung at that point) would never show.
    let report = run_program(
        "import asyncio\n\
         def worker(loop, done):\n    loop.call_soon(done.set_result, 'ok')\n\
         async def main():\n    loop = asyncio.get_running_loop()\n    done = loop.create_future()\n    try:\n        await asyncio.gather(asyncio.to_thread(worker, loop, done), done)\n    except asyncio.CancelledError:\n        print('cleanup that never happens in CPython')\n        raise\n\
         asyncio.run(main())\n",
    );
    assert_eq!(report.exit_code, 1);
    assert_eq!(report.stdout, "", "{}", report.stderr);
    assert!(
        report.stderr.starts_with("This program needs real threads"),
        "{}",
        report.stderr
    );
}
