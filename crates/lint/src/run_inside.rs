//! `run-inside-coroutine`: starting an event loop from code that already
//! runs on one. `asyncio.run` raises "asyncio.run() cannot be called from a
//! running event loop" (and `run_until_complete` "This event loop is already
//! running"), so the coroutine passed in never runs.
//!
//! Found directly inside `async def`, and through the program's plain
//! functions: a sync wrapper such as `def get_price(s): return
//! asyncio.run(...)` called from a coroutine. A wrapper handed to a thread
//! (`await asyncio.to_thread(get_price, s)`) is fine: the thread has no loop.

use ruff_python_ast::{Expr, ExprCall};

use crate::Finding;
use crate::program::Program;
use crate::reach::Reach;
use crate::resolve::Callee;
use crate::rules::Rule;
use crate::scope::{Check, Scope, walk};

fn starts_loop(program: &Program, call: &ExprCall, scope: &Scope) -> bool {
    if let Expr::Attribute(attribute) = call.func.as_ref()
        && attribute.attr.as_str() == "run_until_complete"
    {
        return true;
    }
    matches!(program.index.callee(&call.func, scope), Callee::Qualified(path) if path == "asyncio.run")
}

pub(crate) fn check(program: &Program) -> Vec<Finding> {
    let reach = Reach::new(
        program.index,
        program.source,
        |call: &ExprCall, scope: &Scope| starts_loop(program, call, scope),
    );
    let mut calls = NestedLoops {
        program,
        reach,
        findings: Vec::new(),
    };
    walk(program.body, Scope::default(), &mut calls);
    calls.findings
}

struct NestedLoops<'p, 'a, F> {
    program: &'p Program<'p, 'a>,
    reach: Reach<'p, 'a, F>,
    findings: Vec<Finding>,
}

impl<'a, F> Check<'a> for NestedLoops<'_, 'a, F>
where
    F: Fn(&ExprCall, &Scope<'a>) -> bool,
{
    fn expr(&mut self, expr: &'a Expr, scope: &Scope<'a>) {
        let Expr::Call(call) = expr else { return };
        if !scope.in_coroutine() {
            return;
        }
        let code = self.program.source.quote(call, call.func.as_ref());
        let message = if starts_loop(self.program, call, scope) {
            format!(
                "`{code}` inside `async def`: a loop is already running here, so it raises \
                 RuntimeError. Await the coroutine instead."
            )
        } else if let Callee::Function(def) = self.program.index.callee(&call.func, scope)
            && let Some(evidence) = self.reach.evidence(def)
        {
            format!(
                "`{code}` starts a second event loop with `{}` (line {}) while this one is \
                 running, so it raises RuntimeError. Await the coroutine instead.",
                evidence.code, evidence.line
            )
        } else {
            return;
        };
        let finding = self
            .program
            .finding(Rule::RunInsideCoroutine, call, message);
        self.findings.push(finding);
    }
}
