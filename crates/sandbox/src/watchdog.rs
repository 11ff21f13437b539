//! Native runs: a big-stack thread per job and a real-time budget.
//!
//! Deep recursion needs more stack than a test thread's default, and a program
//! stuck in `while True: pass` must still end. When the budget is spent the
//! watchdog raises `BudgetSpent` inside the program through the VM's signal
//! channel. The signal re-arms itself, so it fires again at the very next
//! instruction, for as long as the program's own code is on the stack: a
//! program that catches it is interrupted again inside its handler.

use std::{sync::mpsc, thread, time::Duration};

use rustpython_vm::{
    PyResult, VirtualMachine,
    builtins::PyBaseException,
    signal::{UserSignalSender, user_signal_channel},
};

use crate::interpreter::{self, Job};

const STACK_BYTES: usize = 256 * 1024 * 1024;
const RESEND_EVERY: Duration = Duration::from_millis(50);

pub fn run_with_budget(job: Job, budget: Duration) -> String {
    let (signal_sender, signal_receiver) = user_signal_channel();
    let (ready_sender, ready) = mpsc::channel();
    let (done_sender, done) = mpsc::channel();
    let worker = thread::Builder::new()
        .name("workbook-sandbox".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            let prepared = interpreter::PreparedInterpreter::new(Some(signal_receiver));
            let report = prepared
                .run(&job, move || {
                    let _ = ready_sender.send(());
                })
                .finalized_report();
            let _ = done_sender.send(report);
        })
        .expect("the OS can start a sandbox thread");
    // The budget is the program's: loading the interpreter does not count.
    // A sandbox that fails to load drops the sender and the wait ends at once.
    let _ = ready.recv();
    let report = match done.recv_timeout(budget) {
        Ok(report) => report,
        Err(_) => keep_interrupting(&signal_sender, &done, budget),
    };
    let _ = worker.join();
    report
}

fn keep_interrupting(
    sender: &UserSignalSender,
    done: &mpsc::Receiver<String>,
    budget: Duration,
) -> String {
    let seconds = budget.as_secs_f64();
    loop {
        // Resent now and then as well: every interpreter in the process shares
        // one "signal pending" flag, and another may clear it first.
        let rearm = sender.clone();
        let _ = sender.send(Box::new(move |vm| raise_budget_spent(vm, seconds, rearm)));
        match done.recv_timeout(RESEND_EVERY) {
            Ok(report) => return report,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return panic_report();
            }
        }
    }
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
