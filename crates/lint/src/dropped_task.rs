//! `dropped-task`: a task created and thrown away in the same statement.
//! The event loop keeps only a weak reference to a task, so one nobody
//! holds can be garbage-collected before it finishes, and nobody will see
//! its result or its error.
//!
//! `tg.create_task(...)` on an `asyncio.TaskGroup` is the right way to fire
//! and forget inside a group (the group holds every task and waits for
//! them), so only `asyncio.create_task`, `asyncio.ensure_future` and an
//! event loop's `create_task` count.

use ruff_python_ast::{Expr, Stmt};

use crate::Finding;
use crate::program::Program;
use crate::resolve::Callee;
use crate::rules::Rule;
use crate::scope::{Check, Scope, walk};

pub(crate) fn check(program: &Program) -> Vec<Finding> {
    let mut statements = DroppedTasks {
        program,
        findings: Vec::new(),
    };
    walk(program.body, Scope::default(), &mut statements);
    statements.findings
}

struct DroppedTasks<'p, 'a> {
    program: &'p Program<'p, 'a>,
    findings: Vec<Finding>,
}

impl<'a> Check<'a> for DroppedTasks<'_, 'a> {
    fn stmt(&mut self, stmt: &'a Stmt, scope: &Scope<'a>) {
        let Stmt::Expr(statement) = stmt else { return };
        let Expr::Call(call) = statement.value.as_ref() else {
            return;
        };
        let makes_task = match self.program.index.callee(&call.func, scope) {
            Callee::Qualified(path) => {
                matches!(
                    path.as_str(),
                    "asyncio.create_task" | "asyncio.ensure_future"
                )
            }
            Callee::Method(kind, method) => kind == "asyncio.EventLoop" && method == "create_task",
            _ => false,
        };
        if !makes_task {
            return;
        }
        let code = self.program.source.quote(call, call.func.as_ref());
        let message = format!(
            "`{code}` throws the task away: the loop holds it only weakly, so it can vanish \
             before it finishes, and nobody sees its error. Keep a reference (e.g. in a set) \
             or use `asyncio.TaskGroup`."
        );
        self.findings
            .push(self.program.finding(Rule::DroppedTask, call, message));
    }
}
