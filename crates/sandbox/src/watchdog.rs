//! Native runs: a big-stack thread per job and a real-time budget.
//!
//! Deep recursion needs more stack than a test thread's default, and a program
//! stuck in `while True: pass` must still end. When the budget is spent the
//! watchdog raises `BudgetSpent` inside the program through the VM's signal
//! channel. The signal re-arms itself, so it fires again at the very next
//! instruction, for as long as the program's own code is on the stack: a
//! program that catches it is interrupted again inside its handler.
//!
//! A loop inside a built-in function (`sum(itertools.count())`) runs no
//! instruction of its own and never sees the signal, nor does a `__del__`
//! method that loops once the program's module is cleared at exit. After
//! `GIVE_UP_AFTER` the run is reported as stopped and its thread is handed to
//! a reaper. So is an interpreter still finalizing (atexit functions, freeing
//! what the program built) when the budget ends, after `FINALIZE_PATIENCE` to
//! finish on its own. The reaper raises SystemExit at every instruction,
//! wherever the code is, until the thread ends: only a loop inside a built-in
//! survives it, running until the process ends (only a separate process could
//! be taken down). Without the reaper, a thread left running Python code
//! would also take the "signal pending" flag that all the interpreters share,
//! and keep later runs from being stopped.

use std::{
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use rustpython_vm::{
    PyResult, VirtualMachine,
    builtins::PyBaseException,
    signal::{UserSignalSender, user_signal_channel},
};

use crate::interpreter::{self, Job};

const STACK_BYTES: usize = 256 * 1024 * 1024;
const RESEND_EVERY: Duration = Duration::from_millis(50);
/// How long a program may ignore the stop before its thread is left behind.
const GIVE_UP_AFTER: Duration = Duration::from_secs(2);
/// How long an interpreter still finalizing after the budget may go on before
/// the reaper steps in: freeing a runaway program's heap can take seconds.
const FINALIZE_PATIENCE: Duration = Duration::from_secs(5);
/// How often the reaper raises the flag for a thread it waits for.
const REAP_EVERY: Duration = Duration::from_millis(250);

pub fn run_with_budget(job: Job, budget: Duration) -> String {
    let (signal_sender, signal_receiver) = user_signal_channel();
    let (ready_sender, ready) = mpsc::channel();
    let (done_sender, done) = mpsc::channel();
    let (finalized_sender, finalized) = mpsc::channel();
    let worker = thread::Builder::new()
        .name("workbook-sandbox".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            let prepared = interpreter::PreparedInterpreter::new(Some(signal_receiver));
            let finished = prepared.run(&job, move || {
                let _ = ready_sender.send(());
            });
            let _ = done_sender.send(finished.report.clone());
            finished.finalized_report();
            let _ = finalized_sender.send(());
        })
        .expect("the OS can start a sandbox thread");
    // The budget is the program's: loading the interpreter does not count.
    // A sandbox that fails to load drops the sender and the wait ends at once.
    let _ = ready.recv();
    let started = Instant::now();
    let report = match done.recv_timeout(budget) {
        Ok(report) => report,
        Err(_) => match keep_interrupting(&signal_sender, &done, budget) {
            Waited::Got(report) => report,
            Waited::Ended => return panic_report(),
            Waited::Ignored => {
                reap(worker, signal_sender, Duration::ZERO);
                return ignored_stop_report(budget);
            }
        },
    };
    // Finalizing runs the program's atexit functions and last __del__ methods,
    // and frees what it built. Past the budget it goes on without the caller.
    let left = budget.saturating_sub(started.elapsed());
    match finalized.recv_timeout(left) {
        Err(mpsc::RecvTimeoutError::Timeout) => reap(worker, signal_sender, FINALIZE_PATIENCE),
        _ => {
            let _ = worker.join();
        }
    }
    report
}

/// Ends what Python code still runs on `worker` after `patience`, on a thread
/// of its own. (Finalizing usually ends within it, with no exceptions to
/// report on the process's stderr.)
fn reap(worker: thread::JoinHandle<()>, sender: UserSignalSender, patience: Duration) {
    let reaper = thread::Builder::new()
        .name("workbook-sandbox-reaper".into())
        .spawn(move || {
            let until = Instant::now() + patience;
            while !worker.is_finished() && Instant::now() < until {
                thread::sleep(RESEND_EVERY);
            }
            while !worker.is_finished() {
                let rearm = sender.clone();
                let _ = sender.send(Box::new(move |vm| raise_system_exit(vm, rearm)));
                thread::sleep(REAP_EVERY);
            }
            let _ = worker.join();
        });
    // If no reaper could start, the thread is only detached.
    drop(reaper);
}

/// Raises SystemExit, and again at the next instruction: code that catches it
/// is interrupted again inside its handler.
fn raise_system_exit(vm: &VirtualMachine, sender: UserSignalSender) -> PyResult<()> {
    let rearm = sender.clone();
    let _ = sender.send(Box::new(move |vm| raise_system_exit(vm, rearm)));
    Err(vm.new_exception_msg(
        vm.ctx.exceptions.system_exit.to_owned(),
        "the sandbox gave up on this program".into(),
    ))
}

enum Waited {
    Got(String),
    /// The thread ended without sending (a panic).
    Ended,
    /// The program ignored the stop for `GIVE_UP_AFTER`.
    Ignored,
}

fn keep_interrupting(
    sender: &UserSignalSender,
    done: &mpsc::Receiver<String>,
    budget: Duration,
) -> Waited {
    let seconds = budget.as_secs_f64();
    let give_up = Instant::now() + GIVE_UP_AFTER;
    while Instant::now() < give_up {
        // Resent now and then as well: every interpreter in the process shares
        // one "signal pending" flag, and another may clear it first.
        let rearm = sender.clone();
        let _ = sender.send(Box::new(move |vm| raise_budget_spent(vm, seconds, rearm)));
        match done.recv_timeout(RESEND_EVERY) {
            Ok(report) => return Waited::Got(report),
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => return Waited::Ended,
        }
    }
    Waited::Ignored
}

fn raise_budget_spent(vm: &VirtualMachine, seconds: f64, sender: UserSignalSender) -> PyResult<()> {
    let runner = vm.import("workbook_runner", 0)?;
    let error = runner.get_attr("budget_spent", vm)?.call((seconds,), vm)?;
    if vm.is_none(&error) {
        return Ok(());
    }
    let rearm = sender.clone();
    let _ = sender.send(Box::new(move |vm| raise_budget_spent(vm, seconds, rearm)));
    match error.downcast::<PyBaseException>() {
        Ok(error) => Err(error),
        Err(_) => Err(vm.new_runtime_error("BudgetSpent is not an exception")),
    }
}

fn ignored_stop_report(budget: Duration) -> String {
    let stderr = format!(
        "Stopped: the program ran for {} s of real time without finishing (an endless \
         loop?). It did not respond to the stop (a loop inside a built-in function or a __del__ \
         method), so what it printed is lost.\n",
        budget.as_secs_f64()
    );
    serde_json::json!({
        "stdout": "",
        "stderr": stderr,
        "exit_code": 1,
        "timeline": [],
        "virtual_time": 0.0,
    })
    .to_string()
}

fn panic_report() -> String {
    serde_json::json!({
        "stdout": "",
        "stderr": "The sandbox crashed (a panic in the interpreter). Run again to start a fresh one.\n",
        "exit_code": 1,
        "timeline": [],
        "virtual_time": 0.0,
    })
    .to_string()
}
